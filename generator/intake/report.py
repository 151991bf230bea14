"""What `from-issue` tells people: the terminal summary, the pull request's description
and, when the form cannot be used, the comment on the issue. Typed answers appear only
as code spans or a fenced block (quote.py), so nothing in them becomes Markdown."""

from __future__ import annotations

from generator.intake.apply import IntakeError, Result
from generator.intake.quote import fenced, markdown, plain

FORM_NAMES = {"add-group.yml": "Add a group or service",
              "report-change.yml": "Report a change or closure"}


def terminal(result: Result, path: str) -> str:
    if not result.changed:
        head = f"{result.title}: nothing to change in {path}"
    else:
        head = f"{result.title}: {path} updated"
    lines = [plain(head)] + [f"  {plain(a)}" for a in result.applied]
    lines += [f"  check: {plain(r)}" for r in result.review]
    if result.details:
        lines.append("  the reporter also wrote (not applied):")
        lines += [f"    {line}" for line in result.details.splitlines()]
    return "\n".join(lines) + "\n"


def pull_request(result: Result, issue: int | None) -> str:
    out = []
    if issue:
        out += [f"Closes #{issue}", ""]
    source = f"issue #{issue}" if issue else "an issue"
    out += [f"Written by `python -m generator from-issue` from {source} (the "
            f"“{FORM_NAMES[result.form]}” form), and checked with `validate` before it "
            "was opened. The summary below shows what it does to the list.", ""]
    out += [f"- {markdown(a)}" for a in result.applied]
    if result.review:
        out += ["", "### For the reviewer", ""]
        out += [f"- [ ] {markdown(r)}" for r in result.review]
    if result.details:
        out += ["", "### The reporter also wrote (not applied: make these by hand)", "",
                fenced(result.details)]
    return "\n".join(out) + "\n"


def title(result: Result) -> str:
    text = " ".join(plain(result.title).split())
    return text if len(text) <= 120 else text[:119] + "…"


def comment(error: IntakeError) -> str:
    if error.author:
        out = ["Thank you for filling in the form. It cannot be added to the list yet:", ""]
    else:
        out = ["Thank you for filling in the form. It could not be added automatically; a "
               "volunteer will add it by hand:", ""]
    out += [f"- {markdown(p)}" for p in error.problems]
    if error.review:
        out += ["", "Also:", ""] + [f"- {markdown(r)}" for r in error.review]
    if error.author:
        out += ["", "To fix it, edit the issue (the **···** menu at the top right of its first "
                "comment, then **Edit**) and save: it is read again. Or reply here and a "
                "volunteer will help."]
    return "\n".join(out) + "\n"

