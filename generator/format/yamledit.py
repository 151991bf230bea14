"""Writing coordinates into resources.yaml without reformatting it.

Only the `lat:`, `lon:` and `approximate:` lines of an entry's `location:` block are
replaced or inserted; every other line keeps its bytes (indentation, comments, quoting,
line endings). The block is found from the position the loader records for the
location mapping (`Resource.pos("location")`: line and column of its first key), and
read line by line: keys at that column, values that continue on deeper lines, quoted
values that span lines, comments and blank lines. Anything this reader is unsure of is
refused for that entry (`EditError`), never guessed. The caller re-loads the result and
compares it with what it meant to write before anything reaches the disk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.format.model import Position

# Line breaks as PyYAML counts them, so line numbers agree with the loader's.
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_KEY = re.compile(
    r"""^(?P<indent> *)(?P<q>["']?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?P=q)[ ]*:(?=[ \t]|$)""")
_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#")
# Where lat/lon/approximate go when absent: after the last of these keys that is present.
_BEFORE = {"lat": ("country", "postal_code", "region", "city", "address", "place"),
           "lon": ("lat",), "approximate": ("lon", "lat")}


@dataclass(frozen=True, slots=True)
class CoordinateEdit:
    entry_id: str
    location: Position  # (line, col) of the location mapping's first key, 1-based
    lat: float
    lon: float
    approximate: bool


class EditError(Exception):
    """This entry's location block cannot be edited line by line; the text is unchanged."""


def format_coordinate(value: float) -> str:
    """At most 6 decimals (about 10 cm), no trailing zeros, always a decimal point."""
    text = f"{round(value, 6):.6f}".rstrip("0")
    text = text + "0" if text.endswith(".") else text
    return "0.0" if text in ("-0.0", "0.0") else text


def split_lines(text: str) -> list[str]:
    """Lines with their own line endings; "".join(...) gives the text back exactly."""
    lines, start = [], 0
    for m in _BREAK.finditer(text):
        lines.append(text[start:m.end()])
        start = m.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


class _Plan:
    """Changes to the original lines, by original index: whole-line replacements and
    lines to insert after a line. Applied in one pass at the end, so many edits cost
    O(lines), and a refused edit never leaves half of itself behind."""

    def __init__(self) -> None:
        self.replace: dict[int, str] = {}
        self.insert: dict[int, list[str]] = {}

    def merge(self, other: _Plan) -> None:
        self.replace.update(other.replace)
        for at, added in other.insert.items():
            self.insert.setdefault(at, []).extend(added)

    def render(self, lines: list[str]) -> str:
        out: list[str] = []
        for i, line in enumerate(lines):
            out.append(self.replace.get(i, line))
            if i in self.insert:
                out += self.insert[i]
        return "".join(out)


def edit_coordinates(text: str, edits: Sequence[CoordinateEdit]
                     ) -> tuple[str, dict[str, str]]:
    """The text with each edit applied, and {entry_id: reason} for the edits refused
    (those leave their lines exactly as they were)."""
    lines = split_lines(text)
    refused: dict[str, str] = {}
    plan = _Plan()
    for edit in edits:
        try:
            plan.merge(_plan(lines, edit))
        except EditError as exc:
            refused[edit.entry_id] = str(exc)
    return plan.render(lines), refused


def _body(line: str) -> str:
    m = _BREAK.search(line)
    return line[:m.start()] if m else line


def _ending(lines: list[str], at: int) -> str:
    m = _BREAK.search(lines[at])
    if m:
        return m.group()
    for line in reversed(lines):  # the last line has none: use the file's
        m = _BREAK.search(line)
        if m:
            return m.group()
    return "\n"


def _closing_quote(s: str, start: int, quote: str) -> int:
    """Index of the quote closing a scalar that opens before `start`, or -1."""
    i = start
    while i < len(s):
        ch = s[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and s[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return -1


def _scan(lines: list[str], first: int, indent: int) -> dict[str, tuple[int, int]]:
    """{key: (key line, last line of its value)} for the block mapping whose keys start
    at column `indent` (0-based) from line index `first`."""
    keys: dict[str, tuple[int, int]] = {}
    current: str | None = None
    value_started = False
    quote = ""  # inside a quoted scalar spanning lines
    i = first
    while i < len(lines):
        body = _body(lines[i])
        if quote:
            end = _closing_quote(body, 0, quote)
            keys[current] = (keys[current][0], i)  # type: ignore[index]
            quote = "" if end >= 0 else quote
            i += 1
            continue
        stripped = body.strip(" ")
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        depth = len(body) - len(body.lstrip(" "))
        if depth < indent:
            break
        if depth == indent:
            m = _KEY.match(body)
            if not m:
                raise EditError(f"line {i + 1} is not a `key: value` line of the location")
            current = m.group("key")
            if current in keys:
                raise EditError(f"`{current}` appears twice in the location")
            keys[current] = (i, i)
            rest = body[m.end():].lstrip(" \t")
            value_started = bool(rest) and not rest.startswith("#")
            if value_started:
                quote = _opens_quote(rest)
        elif current is None:
            raise EditError(f"line {i + 1} is indented deeper than the location's keys")
        else:
            keys[current] = (keys[current][0], i)
            if not value_started:  # the value starts on the line after its key
                value_started = True
                quote = _opens_quote(stripped)
        i += 1
    if quote:
        raise EditError("a quoted value in the location is not closed")
    return keys


def _opens_quote(value: str) -> str:
    """The quote character when `value` starts a quoted scalar that does not close on
    this line, else ""."""
    if value[:1] in ("'", '"') and _closing_quote(value, 1, value[0]) < 0:
        return value[0]
    return ""


def _replace_value(line: str, new: str) -> str:
    """`key: old  # comment` -> `key: new  # comment`, keeping everything else."""
    body = _body(line)
    ending = line[len(body):]
    m = _KEY.match(body)
    assert m is not None  # _scan matched this line already
    rest = body[m.end():]
    lead = rest[:len(rest) - len(rest.lstrip(" \t"))] or " "
    value = rest.lstrip(" \t")
    if value[:1] in ("'", '"'):
        end = _closing_quote(value, 1, value[0])
        if end < 0:
            raise EditError("the old value spans lines; fix it by hand")
        tail = value[end + 1:]
    else:
        comment = _COMMENT.search(value)
        scalar = value[:comment.start() if comment else len(value)].rstrip(" \t")
        if scalar.startswith(("[", "{", "|", ">", "&", "*", "!")):
            raise EditError("the old value is not a plain number or word; fix it by hand")
        tail = value[len(scalar):]
        if not scalar and tail:  # `lat:  # comment`: keep a space before the comment
            tail = " " + tail
    return body[:m.end()] + lead + new + tail + ending


def _plan(lines: list[str], edit: CoordinateEdit) -> _Plan:
    line_no, col = edit.location
    first, indent = line_no - 1, col - 1
    if not (0 <= first < len(lines)) or indent < 1:
        raise EditError("the location's position does not match the file")
    values = {"lat": format_coordinate(edit.lat), "lon": format_coordinate(edit.lon)}
    plan = _Plan()
    if _body(lines[first])[indent:indent + 1] == "{":
        if edit.approximate:
            values["approximate"] = "true"
        plan.replace[first] = _flow_with(lines[first], indent, values)
        return plan
    m = _KEY.match(_body(lines[first]))
    if not m or len(m.group("indent")) != indent:
        raise EditError("the location's position does not match the file")
    keys = _scan(lines, first, indent)
    if edit.approximate or "approximate" in keys:
        values["approximate"] = "true" if edit.approximate else "false"
    for key, value in values.items():
        if key in keys:
            start, end = keys[key]
            if start != end:
                raise EditError(f"the old `{key}` value spans lines; fix it by hand")
            plan.replace[start] = _replace_value(lines[start], value)
    _insert_missing(lines, plan, keys, values, indent)
    return plan


def _insert_missing(lines: list[str], plan: _Plan, keys: dict[str, tuple[int, int]],
                    values: dict[str, str], indent: int) -> None:
    """Missing keys go after the last present key that precedes them in the format's
    order; a key inserted here counts as present at its anchor (lat, then lon...)."""
    anchor_of = {k: end for k, (_, end) in keys.items()}
    last = max(anchor_of.values())
    for key, value in values.items():
        if key in keys:
            continue
        anchors = [anchor_of[k] for k in _BEFORE[key] if k in anchor_of]
        after = max(anchors) if anchors else last
        ending = _ending(lines, after)
        current = plan.replace.get(after, lines[after])
        if not _BREAK.search(current):  # the file ended without a final newline
            plan.replace[after] = current + ending
        plan.insert.setdefault(after, []).append(" " * indent + f"{key}: {value}" + ending)
        anchor_of[key] = after


def _flow_with(line: str, start: int, values: dict[str, str]) -> str:
    """`location: {city: X, postal_code: "1"}` on one line: the line with the new keys
    added before the closing brace."""
    body = _body(line)
    depth, i = 0, start
    while i < len(body):
        ch = body[i]
        if ch in "'\"":
            i = _closing_quote(body, i + 1, ch)
            if i < 0:
                break
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                break
        i += 1
    if i < 0 or i >= len(body) or depth:
        raise EditError("`location: {...}` spans lines; write it as an indented block, "
                        "or add lat/lon by hand")
    inner = body[start + 1:i]
    if re.search(r"""(?:^|[,{\s])["']?(?:lat|lon|approximate)["']?\s*:""", inner):
        raise EditError("`location: {...}` already has some of lat/lon/approximate; "
                        "complete it by hand")
    end = start + 1 + len(inner.rstrip(" \t"))
    sep = ", " if inner.strip(" \t") else ""
    added = ", ".join(f"{key}: {value}" for key, value in values.items())
    return body[:end] + sep + added + body[end:] + line[len(body):]
