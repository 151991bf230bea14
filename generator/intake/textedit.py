"""Writing an issue's entry or change into resources.yaml's text, keeping other bytes.

A new entry goes after the last entry of the `resources:` list, in the file's own
indentation and spacing. A change replaces only the keys it changes in one entry (a key
and the lines of its value), each rendered by writer.py, so quoting is the writer's and
comments elsewhere in the entry stay. Anything unusual (flow-style entries, a list not
laid out as a block) is refused with EditError; the caller re-loads every result and
compares it with what it meant to write before anything reaches the disk.
"""

from __future__ import annotations

import re

from generator.format.model import RESOURCE_FIELDS, Resource
from generator.format.yamledit import EditError, _replace_value, _scan, split_lines

_RESOURCES = re.compile(r"^resources:[ \t]*(?P<empty>\[\][ \t]*)?(?:#.*)?$")
_KEY_ORDER = [f.name for f in RESOURCE_FIELDS]
WRITER_INDENT = 4  # writer.resource_lines puts an entry's keys at column 4


def _body(line: str) -> str:
    return line.rstrip("\r\n")


def _ending(lines: list[str]) -> str:
    for line in lines:
        if line.endswith("\r\n"):
            return "\r\n"
        if line.endswith("\n"):
            return "\n"
    return "\n"


def _reindent(block: list[str], indent: int) -> list[str]:
    """Writer lines (keys at column 4, items `  - `) moved to keys at `indent`."""
    shift = indent - WRITER_INDENT
    if shift >= 0:
        return [" " * shift + line for line in block]
    return [line[-shift:] for line in block]


def append_entry(text: str, entry: list[str]) -> str:
    """`text` with `entry` (writer.resource_lines output) added to the end of the
    `resources:` list."""
    lines = split_lines(text)
    nl = _ending(lines)
    start = next((i for i, line in enumerate(lines) if _RESOURCES.match(_body(line))), None)
    if start is None:
        raise EditError("no `resources:` line at the start of a line")
    if _RESOURCES.match(_body(lines[start])).group("empty"):  # type: ignore[union-attr]
        lines[start] = "resources:" + nl
        return "".join(lines[:start + 1] + [line + nl for line in entry] + lines[start + 1:])
    item_indent, last, gap = _list_layout(lines, start)
    if not lines[last].endswith(("\n", "\r")):
        lines[last] += nl
    added = _reindent(entry, item_indent + 2)
    block = ([nl] if gap and last > start else []) + [line + nl for line in added]
    return "".join(lines[:last + 1] + block + lines[last + 1:])


def _list_layout(lines: list[str], start: int) -> tuple[int, int, bool]:
    """The `resources:` list starting at line `start`: the column of its items' `-`
    (2 when it has none), its last line, and whether blank lines part its items."""
    item_indent, last, gap = -1, start, False
    for i in range(start + 1, len(lines)):
        body = _body(lines[i])
        stripped = body.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        col = len(body) - len(stripped)
        if col == 0 and not stripped.startswith("- "):  # the next top-level key
            break
        if item_indent < 0:
            if not stripped.startswith("-"):
                raise EditError("`resources:` is not followed by a list of entries")
            item_indent = col
        if col == item_indent and stripped.startswith("-"):
            gap = gap or not _body(lines[i - 1]).strip()
        last = i
    return (item_indent if item_indent >= 0 else 2), last, gap


def replace_keys(text: str, old: Resource, blocks: dict[str, list[str] | None]) -> str:
    """`text` with each key of `blocks` in entry `old` replaced by its lines (writer
    output, keys at column 4), inserted where the key is missing, or removed (None)."""
    lines = split_lines(text)
    nl = _ending(lines)
    id_line = old.pos("id")[0] - 1
    if not 0 <= id_line < len(lines):
        raise EditError(f"`{old.id}`: its position does not match the file")
    body = _body(lines[id_line])
    m = re.match(r"^(?P<lead> *(?:- +)?)id[ \t]*:", body)
    if not m:
        raise EditError(f"`{old.id}`: write `id:` as the first key of the entry to edit "
                        "it automatically")
    indent = len(m.group("lead"))
    keys = {"id": (id_line, id_line), **_scan(lines, id_line + 1, indent)}
    replace: dict[int, list[str]] = {}
    drop: set[int] = set()
    for key, block in blocks.items():
        new = [line + nl for line in _reindent(block, indent)] if block else []
        if key in keys:
            first, end = keys[key]
            replace[first] = _keep_comment(lines[first], new) if first == end else new
            drop.update(range(first + 1, end + 1))
        elif new:
            anchor = _anchor(key, keys)
            first, end = keys[anchor]
            at = first if anchor in blocks else end  # a replaced key's lines start at first
            replace.setdefault(at, [lines[at]])
            replace[at] = replace[at] + new
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in drop:
            continue
        out.extend(replace.get(i, [line]))
    return "".join(out)


def _keep_comment(old: str, new: list[str]) -> list[str]:
    """`verified: 2026-01-10  # by phone` -> `verified: 2026-12-03  # by phone`: a
    one-line value replaced by a one-line value keeps the line's comment."""
    if len(new) != 1 or "#" not in old:
        return new
    value = _body(new[0]).split(":", 1)[1].strip()
    try:
        return [_replace_value(old, value)]
    except EditError:
        return new


def _anchor(key: str, keys: dict[str, tuple[int, int]]) -> str:
    """The present key written last of those that come before `key` in the format's
    order, so a new key lands where a volunteer would put it."""
    before = [k for k in _KEY_ORDER[:_KEY_ORDER.index(key)] if k in keys]
    return max(before, key=lambda k: keys[k][1]) if before else "id"


def key_block(rendered: list[str], key: str) -> list[str] | None:
    """The lines of `key` in writer.resource_lines output, or None when it is absent."""
    head = " " * WRITER_INDENT + key + ":"
    for i, line in enumerate(rendered):
        if line == head or line.startswith(head + " "):
            end = i + 1
            while end < len(rendered) and rendered[end].startswith(" " * (WRITER_INDENT + 1)):
                end += 1
            return rendered[i:end]
    return None
