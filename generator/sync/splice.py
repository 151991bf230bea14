"""A sync plan applied to the data file's text, keeping every byte it does not change.

Edits are made per top-level key of an entry: when only `schedule` changed, only the
lines of `schedule:` are rewritten (in the writer's canonical form); the entry's other
lines, its comments, the other entries and the rest of the file keep their bytes.
New keys go after the key that precedes them in the format's order; new entries go
after the last entry of the same source (else after the last entry), indented like
the file's entries; removed entries lose their own lines. The line ending is the
file's. Anything this reader is unsure of raises EditError; the caller re-reads the
result and compares it with the plan before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast, overload

from generator.format.model import Dataset, Resource
from generator.format.yaml_writer import resource_lines
from generator.format.yamledit import EditError, split_lines
from generator.format.yamledit import _scan as scan_mapping
from generator.review.diff import field_changes
from generator.sync.merge import Plan

_ITEM = re.compile(r"^(?P<indent> *)-(?P<gap> +)(?=\S)")
_KEY_LINE = re.compile(r"^    (?P<key>[a-z_]+):")  # the writer's entry keys, 4 spaces in


@dataclass(slots=True)
class _Edits:
    replace: dict[int, list[str]] = field(default_factory=dict)  # line index -> new lines
    after: dict[int, list[str]] = field(default_factory=dict)  # insert after line index

    def span(self, start: int, end: int, new: list[str]) -> None:
        self.replace[start] = new
        for i in range(start + 1, end + 1):
            self.replace[i] = []

    def render(self, lines: list[str]) -> str:
        out: list[str] = []
        for i, line in enumerate(lines):
            out.extend(self.replace.get(i, [line]))
            out.extend(self.after.get(i, []))
        return "".join(out)


class _Masked(Sequence[str]):
    """The file's lines with the entry's `- ` blanked, so the block-mapping reader sees
    the entry's keys in one column; without copying a 100,000-entry file per edit."""

    def __init__(self, lines: list[str], at: int, line: str) -> None:
        self.lines, self.at, self.line = lines, at, line

    def __len__(self) -> int:
        return len(self.lines)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...

    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            raise TypeError("not sliced by the reader")
        return self.line if i == self.at else self.lines[i]


@dataclass(frozen=True, slots=True)
class _Entry:
    first: int  # line index of `- id: ...`
    end: int  # last line index of its value
    dash: int  # column of the dash
    indent: int  # column of its keys
    keys: dict[str, tuple[int, int]]


def _entry(lines: list[str], r: Resource) -> _Entry:
    first = r.line - 1
    m = _ITEM.match(lines[first]) if 0 <= first < len(lines) else None
    if m is None:
        raise EditError(f"entry `{r.id}` does not start with `- ` on line {r.line}")
    indent = m.end()
    masked = _Masked(lines, first, " " * indent + lines[first][indent:])
    keys = scan_mapping(cast(list[str], masked), first, indent)  # it only indexes
    if not keys:
        raise EditError(f"entry `{r.id}` has no keys on line {r.line}")
    end = max(e for _, e in keys.values())
    return _Entry(first, end, len(m.group("indent")), indent, keys)


def _groups(r: Resource, dataset: Dataset, entry: _Entry, newline: str) -> dict[str, list[str]]:
    """The writer's lines of `r`, by top-level key, indented like `entry`."""
    groups: dict[str, list[str]] = {}
    current = ""
    for n, line in enumerate(resource_lines(r, dataset)):
        if n == 0:  # "  - id: x"
            line = "    " + line[4:]
        m = _KEY_LINE.match(line)
        if m:
            current = m.group("key")
            groups[current] = []
        body = " " * entry.indent + line[4:]
        groups[current].append(body + newline)
    first = groups["id"][0]
    groups["id"][0] = (" " * entry.dash + "-" + " " * (entry.indent - entry.dash - 1)
                       + first[entry.indent:])
    return groups


def _order(r: Resource, dataset: Dataset) -> list[str]:
    return [m.group("key") for line in resource_lines(r, dataset)
            if (m := _KEY_LINE.match("    " + line[4:] if line.startswith("  - ") else line))]


def _update(lines: list[str], old: Resource, new: Resource, dataset: Dataset,
            edits: _Edits, newline: str) -> None:
    entry = _entry(lines, old)
    changed = {c.path.split(".")[0] for c in field_changes(old, new)}
    groups = _groups(new, dataset, entry, newline)
    order = _order(new, dataset)
    for key in sorted(changed, key=lambda k: (order.index(k) if k in order else 99, k)):
        if key == "from_" or key == "id":
            raise EditError(f"entry `{old.id}`: `{key}` cannot change by sync")
        if key in entry.keys:
            start, end = entry.keys[key]
            replacement = list(groups.get(key, []))
            if start == entry.first:  # the entry's first key carries the `- `
                if not replacement:
                    raise EditError(f"entry `{old.id}`: its first key `{key}` would go")
                replacement[0] = lines[start][:entry.indent] + replacement[0][entry.indent:]
            edits.span(start, end, replacement)
            continue
        if key not in groups:
            continue
        before = order[:order.index(key)]
        anchors = [entry.keys[k][1] for k in before if k in entry.keys]
        at = max(anchors) if anchors else entry.end
        edits.after.setdefault(at, []).extend(groups[key])


def apply(text: str, dataset: Dataset, plan: Plan) -> str:
    """The new text. `dataset` is the file as loaded from `text`."""
    lines = split_lines(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    by_id = dataset.by_id()
    edits = _Edits()
    for ident, new in plan.updates.items():
        _update(lines, by_id[ident], new, dataset, edits, newline)
    for ident in plan.removed:
        entry = _entry(lines, by_id[ident])
        edits.span(entry.first, entry.end, [])
    if plan.added:
        _add(lines, dataset, plan, edits, newline)
    return edits.render(lines)


def _add(lines: list[str], dataset: Dataset, plan: Plan, edits: _Edits, newline: str) -> None:
    if not dataset.resources:
        raise EditError("the file has no entries yet to place new ones after; "
                        "add one entry by hand (or import the feed) first")
    source = plan.added[0].source
    same = [r for r in dataset.resources if r.source == source and r.id not in plan.removed]
    anchor = max(same or dataset.resources, key=lambda r: r.line)
    entry = _entry(lines, anchor)
    block: list[str] = []
    for r in plan.added:
        groups = _groups(r, dataset, entry, newline)
        for key in _order(r, dataset):
            block.extend(groups[key])
    edits.after.setdefault(entry.end, []).extend(block)
