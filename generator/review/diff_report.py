"""A `DatasetDiff` as Markdown (the pull request's step summary) or plain text (a
terminal). Every value from YAML goes through `md_cell`, so an entry's name cannot
inject HTML or break a table."""

from __future__ import annotations

from generator.format.diagnostics import printable
from generator.format.model import Resource
from generator.review.diff import Changed, DatasetDiff
from generator.review.github import md_cell, md_code

# The step summary is capped at 1 MiB; a pull request that rewrites the whole file gets
# the first rows of each table and a count of the rest.
MAX_ROWS = 300
MAX_CELL = 160


def _cell(text: str) -> str:
    text = text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"
    return md_cell(text)


def _code(text: str) -> str:
    # Ids are [a-z0-9-] once valid; an invalid id must still not escape the backticks.
    return md_code(text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…")


def _where(r: Resource) -> str:
    if r.location and (r.location.city or r.location.address):
        return ", ".join(p for p in (r.location.city, r.location.region) if p) or r.location.address
    return "online" if r.is_online else "—"


def _entry(c: Changed) -> str:
    was = f" (was {_code(c.base.id)})" if c.base.id != c.head.id else ""
    return f"{_code(c.head.id)}{was} {_cell(c.head.name)}"


def summary_line(d: DatasetDiff) -> str:
    parts = [
        f"{len(d.added)} added",
        f"{len(d.changed)} changed",
        f"{len(d.removed)} removed",
    ]
    if d.renamed:
        parts.append(f"{len(d.renamed)} renamed")
    return ", ".join(parts) + f" ({d.unchanged} unchanged)"


def _more(rows: int) -> list[str]:
    return ["", f"…and {rows - MAX_ROWS} more."] if rows > MAX_ROWS else []


def render_markdown(d: DatasetDiff) -> str:
    out = [f"## Changes to {_code(d.head_path)}", ""]
    if d.is_empty:
        out.append(f"No entries added, changed or removed ({d.unchanged} unchanged).")
        return "\n".join(out) + "\n"
    out.append(f"**{summary_line(d)}** compared with the base branch.")

    if d.warnings:
        out += ["", f"### ⚠️ Please check ({len(d.warnings)})", ""]
        out += [f"- {_code(w.id)}: {_cell(w.message)}" for w in d.warnings[:MAX_ROWS]]
        out += _more(len(d.warnings))

    if d.added:
        out += ["", f"### Added ({len(d.added)})", ""]
        out += ["| id | name | kind | program | attendance | where |", "|---|---|---|---|---|---|"]
        out += [
            f"| {_code(r.id)} | {_cell(r.name)} | {_cell(r.kind)} | {_cell(r.program)} "
            f"| {_cell(r.attendance)} | {_cell(_where(r))} |"
            for r in d.added[:MAX_ROWS]
        ]
        out += _more(len(d.added))

    if d.changed:
        out += ["", f"### Changed ({len(d.changed)})", ""]
        out += ["| entry | field | before | after |", "|---|---|---|---|"]
        rows = 0
        for c in d.changed:
            for i, f in enumerate(c.changes):
                rows += 1
                if rows > MAX_ROWS:
                    continue
                entry = _entry(c) if i == 0 else ""
                out.append(f"| {entry} | {_code(f.path)} | {_cell(f.before)} | {_cell(f.after)} |")
        out += _more(rows)

    if d.renamed:
        out += ["", f"### Renamed ({len(d.renamed)})", ""]
        out += ["Old links redirect to the new page.", ""]
        out += [f"- {_code(old)} → {_code(new)}" for old, new in d.renamed[:MAX_ROWS]]
        out += _more(len(d.renamed))

    if d.removed:
        out += ["", f"### Removed ({len(d.removed)})", ""]
        out += ["| id | name | old links |", "|---|---|---|"]
        for r in d.removed[:MAX_ROWS]:
            target = d.redirected.get(r.id)
            links = f"redirect to {_code(target)}" if target else "**break**"
            out.append(f"| {_code(r.id)} | {_cell(r.name)} | {links} |")
        out += _more(len(d.removed))
    return "\n".join(out) + "\n"


def _one(text: str) -> str:
    return " ".join(text.split())


def render_text(d: DatasetDiff) -> str:
    """Everything, uncut: for a terminal or a log."""
    out = [f"Changes from {d.base_path} to {d.head_path}: {summary_line(d)}"]
    if d.is_empty:
        return printable(out[0]) + "\n"
    if d.warnings:
        out += ["", "Please check:"] + [f"  ! {w.id}: {w.message}" for w in d.warnings]
    if d.added:
        out += ["", "Added:"]
        out += [f"  + {r.id}  {r.name} ({r.kind}, {r.program}, {r.attendance})" for r in d.added]
    if d.changed:
        out += ["", "Changed:"]
        for c in d.changed:
            was = f" (was {c.base.id})" if c.base.id != c.head.id else ""
            out.append(f"  ~ {c.head.id}{was}  {_one(c.head.name)}")
            out += [f"      {f.path}: {_one(f.before)} -> {_one(f.after)}" for f in c.changes]
    if d.renamed:
        out += ["", "Renamed (old links redirect):"]
        out += [f"  {old} -> {new}" for old, new in d.renamed]
    if d.removed:
        out += ["", "Removed:"]
        for r in d.removed:
            target = d.redirected.get(r.id)
            note = f" (redirects to {target})" if target else ""
            out.append(f"  - {r.id}  {r.name}{note}")
    return "\n".join(printable(line) for line in out) + "\n"  # no escape sequence runs
