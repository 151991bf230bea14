"""One issue body applied to the data file's text, checked before anything is written.

The result is loaded again and compared with what was meant: every other entry must be
exactly as it was, the new or changed entry exactly the draft, and validation must find
no error in it. Running the same issue again changes nothing: an "Add" whose issue is
already recorded in an entry's `source:` is reported as done, and a change whose values
are already there edits no line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from generator.format import yaml_writer as writer
from generator.format.diagnostics import DataError, Report
from generator.format.loader import load
from generator.format.model import Dataset, Location, Online, Resource
from generator.format.validate import validate
from generator.format.yamledit import EditError
from generator.intake.change import changed_entry, find_entry
from generator.intake.entry import Draft, new_entry
from generator.intake.issue_body import Answers, FormError, read_form
from generator.intake.quote import q
from generator.intake.textedit import append_entry, key_block, replace_keys

# Validation messages speak YAML; the issue's author sees the form's words first.
# (words in the message, the form element it is about, what to do)
FOR_AUTHOR = (
    ("needs a schedule", "schedule",
     "no meeting time could be read: write each time on its own line, like "
     "“Tuesdays 7–8 pm”"),
    ("street address", "address", "in-person groups need the street address and the town "
     "or ZIP code"),
    ("need a `location:`", "address", "in-person groups need the street address and the "
     "town or ZIP code"),
    ("need a way to join", "online_url", "online groups need a link to join or a phone "
     "number"),
    ("https", "online_url", "links must start with https://"),
    ("phone number", "online_phone", "write the phone number like +1 555 010 0100"),
    ("email address", "contact", "write the email address like name@example.org"),
    ("needs a time zone", "timezone", "write the time zone, like America/Chicago"),
    ("invisible character", "online_url", "retype the link or number by hand"),
)
CHANGEABLE = ("status", "attendance", "schedule", "location", "online", "verified", "source")


class IntakeError(Exception):
    """The issue cannot become an edit: `problems` say what to fix (for the issue's
    author when `author` is true, else for a maintainer)."""

    def __init__(self, problems: list[str], author: bool = True,
                 review: list[str] | None = None):
        super().__init__("; ".join(problems))
        self.problems = problems
        self.author = author
        self.review = review or []


@dataclass(slots=True)
class Result:
    form: str
    title: str
    entry_id: str
    text: str
    changed: bool
    applied: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    details: str = ""


def apply_issue(body: str, data_path: str, data_text: str, today: date,
                issue: int | None = None, form: str | None = None) -> Result:
    try:
        answers = read_form(body, form)
    except FormError as exc:
        where = f"“{exc.label}”: " if exc.label and exc.label not in str(exc) else ""
        raise IntakeError([where + str(exc)]) from None
    try:
        dataset, report = load(data_path, data_text)
    except DataError:
        report = None
    if report is None or report.errors:
        raise IntakeError([f"{data_path} has errors already; run `python -m generator "
                           "validate` and fix them first"], author=False)
    if answers.form == "add-group.yml":
        result = _add(answers, dataset, data_path, data_text, today, issue)
    else:
        result = _change(answers, dataset, data_path, data_text, today, issue)
    result.review[:0] = answers.notes
    return result


def _add(a: Answers, dataset: Dataset, path: str, text: str, today: date,
         issue: int | None) -> Result:
    if issue:
        mark = f"(issue #{issue})"
        done = next((r for r in dataset.resources if r.source.endswith(mark)), None)
        if done is not None:
            return Result(a.form, f"Add: {done.name}", done.id, text, False,
                          [f"issue #{issue} is already in the list as `{done.id}`"])
    draft = new_entry(a, dataset, today, issue)
    r = draft.resource
    same = next((o for o in dataset.resources if _bare(replace(r, id=o.id)) == _bare(o)), None)
    if same is not None:
        return Result(a.form, f"Add: {r.name}", same.id, text, False,
                      [f"the list already has this entry as `{same.id}`"])
    try:
        new_text = append_entry(text, writer.resource_lines(r, dataset))
    except EditError as exc:
        raise IntakeError([f"{path}: {exc}"], author=False) from None
    _check(path, new_text, dataset, r, draft, today, a.labels)
    return Result(a.form, f"Add: {r.name}", r.id, new_text, True, draft.applied, draft.review)


def _change(a: Answers, dataset: Dataset, path: str, text: str, today: date,
            issue: int | None) -> Result:
    try:
        old = find_entry(dataset, a.values["resource-id"], a)
    except FormError as exc:
        raise IntakeError([str(exc)]) from None
    draft = changed_entry(a, old, dataset, today, issue)
    new = draft.resource
    keys = [k for k in CHANGEABLE if getattr(old, k) != getattr(new, k)]
    rendered = writer.resource_lines(new, dataset)
    try:
        new_text = replace_keys(text, old, {k: key_block(rendered, k) for k in keys})
    except EditError as exc:
        raise IntakeError([f"{path}: {exc}"], author=False) from None
    if keys:
        _check(path, new_text, dataset, new, draft, today, a.labels)
    applied = [f"`{old.id}`: {k} {_shown(getattr(old, k))} → {_shown(getattr(new, k))}"
               for k in keys]
    if old.id != a.values["resource-id"].strip():
        draft.review.append(f"the form named {q(a.values['resource-id'])}; the listing is "
                            f"`{old.id}`")
    return Result(a.form, f"Change: {old.id}", old.id, new_text, bool(keys), applied,
                  draft.review, draft.details)


def _shown(value: object) -> str:
    if value is None or value == () or value == "":
        return "(none)"
    if isinstance(value, tuple):
        from generator.format.schedule import describe

        return "; ".join(describe(s, with_zone=False) for s in value)
    if isinstance(value, (str, date)):
        return q(str(value), 120)
    if isinstance(value, Location):
        return q(", ".join(p for p in (value.place, value.one_line()) if p), 160)
    if isinstance(value, Online):
        return q(" ".join(p for p in (value.url, value.phone) if p), 160)
    return "(changed)"


def _bare(r: Resource) -> Resource:
    return replace(r, line=0)


def _check(path: str, new_text: str, before: Dataset, meant: Resource, draft: Draft,
           today: date, labels: dict[str, str]) -> None:
    after, report = load(path, new_text)
    if report.errors:
        raise IntakeError([f"{path}: the edit would not load ({report.errors[0].message}); "
                           "please report this"], author=False)
    old = {r.id: _bare(r) for r in before.resources}
    new = {r.id: _bare(r) for r in after.resources}
    if set(new) - set(old) - {meant.id} or set(old) - set(new):
        raise IntakeError([f"{path}: the edit changed other entries; please report this"],
                          author=False)
    others = [i for i in old if i != meant.id and old[i] != new[i]]
    if others or new.get(meant.id) != _bare(meant):
        raise IntakeError([f"{path}: the edit did not read back as meant; please report "
                           "this"], author=False)
    checked = Report(path)
    validate(after, checked, today=today)
    mine = f"{meant.id}: "
    errors = [d for d in checked.errors if d.message.startswith(mine)]
    if errors:
        raise IntakeError([_for_author(d.message[len(mine):], d.hint, labels)
                           for d in errors], review=draft.review)
    draft.review.extend(_message(d.message[len(mine):], d.hint) for d in checked.warnings
                        if d.message.startswith(mine))


def _for_author(message: str, hint: str, labels: dict[str, str]) -> str:
    for words, id, advice in FOR_AUTHOR:
        label = labels.get(id) or labels.get(f"new_{id}")
        if words in message and label:
            return f"“{label}”: {advice} ({_message(message, hint)})"
    return _message(message, hint)


def _message(message: str, hint: str) -> str:
    # Messages quote values from the form between backticks; quoted whole, a backtick in
    # an answer cannot end the code span early and turn the rest into Markdown.
    return q(f"{message} — {hint}" if hint else message, 600)
