"""Reading the body of a submitted issue form, as GitHub renders it.

GitHub writes each answer under its label, in the form's order:

    ### Name

    Tuesday Night Hope Group

    ### Attributes

    Open meeting (open), Wheelchair accessible (wheelchair)

    ### Time zone

    _No response_

    ### Privacy

    - [X] This contains no private details of members ...

The labels come from generator/review/issue_forms.py (the forms are generated from it), so the
reader and the forms cannot drift apart. Answers are free text typed by anyone: a line
in an answer that looks like one of the form's own headings would make the body
ambiguous, so it is refused rather than split at a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from generator.format.bidi import balanced
from generator.intake.quote import q
from generator.review import issue_forms

NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^### (.*?)[ \t]*$", re.M)
_CHECKED = re.compile(r"^- \[([ xX])\] ", re.M)
# Controls (but tab and newline), lone surrogates and non-characters: never text anyone
# meant to type, and some cannot be written into YAML at all.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Fields whose line breaks are kept; every other answer becomes one line.
MULTILINE = frozenset({"description", "details", "schedule", "new_schedule", "contact"})


class FormError(ValueError):
    """The body cannot be read as the form; `line` (1-based) is where, when known."""

    def __init__(self, message: str, line: int = 0, label: str = ""):
        super().__init__(message)
        self.line = line
        self.label = label


@dataclass(slots=True)
class Answers:
    form: str                        # "add-group.yml" or "report-change.yml"
    values: dict[str, str]           # by the form element's id; "" = no response
    labels: dict[str, str]           # id -> label, for messages
    lines: dict[str, int]            # id -> line of its heading
    notes: list[str] = field(default_factory=list)  # what reading changed, for the reviewer

    def choice(self, id: str) -> str:
        """The key of a single-choice dropdown answer ("Meeting (meeting)" -> "meeting")."""
        keys = self.choices(id)
        return keys[0] if keys else ""

    def choices(self, id: str) -> list[str]:
        return [_key(o) for o in _split_options(self.values.get(id, ""), _options(
            self.form, id), self.labels.get(id, id), self.lines.get(id, 0))]


def elements(form: str) -> list[dict[str, Any]]:
    """The form's answerable elements (markdown blocks are not rendered in the body)."""
    return [e for e in issue_forms.FORMS[form]()["body"] if e["type"] != "markdown"]


def detect(text: str) -> str:
    """Which form a body was written with, from its first heading."""
    m = _HEADING.search(_newlines(text))
    first = m.group(1) if m else ""
    for form in issue_forms.FORMS:
        if elements(form)[0]["attributes"]["label"] == first:
            return form
    firsts = " or ".join(f"“### {elements(f)[0]['attributes']['label']}”"
                         for f in issue_forms.FORMS)
    raise FormError("this is not the body of an “Add a group” or “Report a change” form "
                    f"(it should start with {firsts})", 1)


def read_form(text: str, form: str | None = None) -> Answers:
    text = _newlines(text)
    form = form or detect(text)
    items = elements(form)
    labels = {e["id"]: e["attributes"]["label"] for e in items}
    wanted = [e["attributes"]["label"] for e in items]
    found = [(m.group(1), m) for m in _HEADING.finditer(text) if m.group(1) in wanted]
    names = [label for label, _ in found]
    for label in wanted:
        count = names.count(label)
        if count == 0:
            raise FormError(f"the form's “{label}” section is missing; was the issue's text "
                            "edited? Put the heading back, or open a new issue with the form",
                            label=label)
        if count > 1:
            line = _line(text, found[[i for i, n in enumerate(names) if n == label][1]][1])
            raise FormError(f"“### {label}” appears twice: an answer may not contain a line "
                            "that is one of the form's headings", line, label)
    if names != wanted:
        raise FormError("the form's sections are out of order; was the issue's text edited?")
    if text[:found[0][1].start()].strip():
        raise FormError("there is text before the form's first heading", 1)
    answers = Answers(form, {}, labels, {})
    for i, e in enumerate(items):
        m = found[i][1]
        end = found[i + 1][1].start() if i + 1 < len(found) else len(text)
        answers.lines[e["id"]] = _line(text, m)
        answers.values[e["id"]] = _clean(text[m.end():end], e["id"], labels[e["id"]], answers)
    _check_required(items, answers)
    return answers


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line(text: str, m: re.Match[str]) -> int:
    return text.count("\n", 0, m.start()) + 1


def _clean(raw: str, id: str, label: str, answers: Answers) -> str:
    value = raw.strip("\n").strip()
    if value == NO_RESPONSE:
        return ""
    value = unicodedata.normalize("NFC", value)
    removed = len(_CONTROL.findall(value))
    if removed:
        value = _CONTROL.sub("", value)
        answers.notes.append(f"{removed} control character(s) removed from “{label}”")
    value = value.replace("\t", " ")
    if id in MULTILINE:
        lines = [line.rstrip() for line in value.split("\n")]
        value = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    else:
        value = " ".join(value.split())
    # The loader closes direction overrides left open; closed here too, the entry reads
    # back exactly as written.
    return balanced(value)


def _check_required(items: list[dict[str, Any]], answers: Answers) -> None:
    for e in items:
        if e["type"] == "checkboxes":
            ticks = _CHECKED.findall(answers.values[e["id"]])
            options = e["attributes"]["options"]
            if len(ticks) != len(options) or any(t == " " for t in ticks):
                raise FormError(f"“{e['attributes']['label']}” must be checked",
                                answers.lines[e["id"]], e["attributes"]["label"])
        elif e["type"] == "dropdown":
            answers.choices(e["id"])  # raises on an answer that is not one of the options
        if (e.get("validations", {}).get("required") and e["type"] != "checkboxes"
                and not answers.values[e["id"]]):
            raise FormError(f"“{e['attributes']['label']}” needs an answer",
                            answers.lines[e["id"]], e["attributes"]["label"])


def _options(form: str, id: str) -> list[str]:
    for e in elements(form):
        if e["id"] == id:
            return list(e["attributes"].get("options", []))
    raise KeyError(id)


def _split_options(value: str, options: list[str], label: str, line: int) -> list[str]:
    """A dropdown answer: the chosen options joined by ", ". Options may contain ", "
    themselves, so the longest option that fits at each point is taken."""
    out: list[str] = []
    rest = value
    by_length = sorted(options, key=len, reverse=True)
    while rest:
        hit = next((o for o in by_length if rest == o or rest.startswith(o + ", ")), None)
        if hit is None:
            raise FormError(f"{q(rest, 80)} is not one of the choices of “{label}”", line,
                            label)
        out.append(hit)
        rest = rest[len(hit) + 2:]
    return out


def _key(option: str) -> str:
    """`Alcoholics Anonymous (aa)` -> `aa`; options without a key are themselves."""
    m = re.search(r"\(([a-z0-9-]+)\)$", option)
    return m.group(1) if m else option
