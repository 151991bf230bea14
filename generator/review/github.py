"""GitHub Actions output: workflow-command annotations and the job's step summary.

`validate --format github` prints one `annotation()` line per diagnostic, which GitHub
turns into a note on the changed line of the pull request, and writes `step_summary()`
to $GITHUB_STEP_SUMMARY. GitHub shows at most 10 error and 10 warning annotations per
step, so the summary is where a volunteer sees the complete list.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable
from pathlib import Path

from generator.format.diagnostics import Diagnostic, Report, printable

# $GITHUB_STEP_SUMMARY is capped at 1 MiB per step; a long table is cut well below that.
SUMMARY_ROWS = 500
ANNOTATIONS_SHOWN = 10


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command (after `::`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (`file=`, `title=`): also `:` and `,`, which end a value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workspace_path(file: str, root: Path | None = None) -> str:
    """The path GitHub matches against the pull request's files: relative to the
    checkout, with forward slashes. Paths outside the checkout are left as given."""
    base = root or Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd())
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(base.resolve())
        except ValueError:
            return file
    return path.as_posix()


def annotation(d: Diagnostic, root: Path | None = None) -> str:
    """`::error file=F,line=L,col=C,title=T::message` for one diagnostic."""
    command = "error" if d.is_error else "warning"
    title = f"resources.yaml {d.severity}" if not d.file else f"{Path(d.file).name} {d.severity}"
    text, hint = printable(d.message), printable(d.hint)  # no escape sequence reaches the log
    message = f"{text}\nHow to fix: {hint}" if hint else text
    props = {
        "file": workspace_path(d.file, root),
        "line": str(max(d.line, 1)),
        "col": str(max(d.col, 1)),
        "title": title,
    }
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
    return f"::{command} {joined}::{escape_data(message)}"


def annotation_lines(report: Report, root: Path | None = None) -> Iterable[str]:
    for d in report.sorted():
        yield annotation(d, root)


# `(` and `!` make links and images only after `[`, escaped here.
_MD_PUNCT = re.compile(r"([\\`*_\[\]|~])")
# GitHub turns bare addresses, @names and #numbers into links, mentions and references
# after Markdown is rendered, so escaping cannot stop them; a zero-width space can.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=\bwww)(?=\.)|(?<=[@#])(?=\w)")


def md_text(text: str) -> str:
    """Data as inline Markdown text: shown as written, never a link, image, mention,
    reference, emphasis or HTML (a name cannot add live content to an issue)."""
    text = html.escape(text, quote=False)
    text = _MD_PUNCT.sub(r"\\\1", text)
    return _AUTOLINK.sub("\u200b", text)


def md_cell(text: str) -> str:
    """Text safe inside one Markdown table cell: no markup, no pipes, one line. Our
    messages mark code with backticks: each pair becomes a code span (inert whatever it
    holds), every other part escaped text, so a backtick in the data cannot open markup."""
    parts = text.split("`")
    out = []
    for i, part in enumerate(parts):
        if i % 2 and i < len(parts) - 1:
            out.append(md_code(part) if part.strip() else "\\`" + md_text(part) + "\\`")
        else:
            out.append(("\\`" if i % 2 else "") + md_text(part))
    return " ".join("".join(out).split())


def md_code(text: str) -> str:
    """`text` as a code span (never linked or formatted), safe in a table cell."""
    return "`" + " ".join(text.replace("`", "'").split()).replace("|", "\\|") + "`"


def step_summary(report: Report, limit: int = SUMMARY_ROWS) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: a verdict line and a table of every problem."""
    errors, warnings = len(report.errors), len(report.warnings)
    name = md_cell(report.file or "resources.yaml")
    lines = [f"## Checking `{name}`", ""]
    if not report.items:
        lines.append(f"✅ `{name}` is valid: no errors, no warnings.")
        return "\n".join(lines) + "\n"
    verdict = "❌" if errors else "⚠️"
    lines.append(
        f"{verdict} {_count(errors, 'error')} and {_count(warnings, 'warning')}."
        + (" Errors must be fixed before this can be merged." if errors else "")
    )
    if errors > ANNOTATIONS_SHOWN or warnings > ANNOTATIONS_SHOWN:
        lines.append("")
        lines.append(
            f"GitHub marks only the first {ANNOTATIONS_SHOWN} errors and "
            f"{ANNOTATIONS_SHOWN} warnings on the changed lines; all of them are listed here."
        )
    lines += ["", "| Line | Column | Kind | Problem | How to fix |", "|---:|---:|---|---|---|"]
    items = report.sorted()
    # Errors first: they block the merge, warnings do not.
    items.sort(key=lambda d: not d.is_error)
    for d in items[:limit]:
        kind = "error" if d.is_error else "warning"
        lines.append(
            f"| {d.line} | {d.col} | {kind} | {md_cell(d.message)} | {md_cell(d.hint)} |"
        )
    if len(items) > limit:
        lines.append("")
        lines.append(
            f"…and {len(items) - limit} more. Run `python -m generator validate {name}` "
            "to see them all."
        )
    return "\n".join(lines) + "\n"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def write_step_summary(text: str) -> bool:
    """Append to $GITHUB_STEP_SUMMARY when running in Actions; False when not set."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(text)
    return True
