"""A data file as YAML nodes with positions: reading the bytes safely, composing them
without YAML 1.1's type guesses, and saying where (line, column) anything went wrong.

The first of the loader's three jobs (see loader.py); scalars.py parses the values and
entries.py assembles them into entries.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.files import InputError, read_input
from generator.format.diagnostics import Report
from generator.format.model import Position

try:  # libyaml is ~4x faster; the pure-Python loader is a fallback, not the plan
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment,unused-ignore]

_TAG_OF = {ScalarNode: "tag:yaml.org,2002:str", SequenceNode: "tag:yaml.org,2002:seq",
           MappingNode: "tag:yaml.org,2002:map"}


class YamlLoader(_BaseLoader):
    """Skips YAML 1.1 implicit typing: every scalar is text until its field parses it.
    (Pure speed too: the regex resolver was half of all load time.)"""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return _TAG_OF[kind]


MAX_BYTES = 64 * 1024 * 1024  # far above 100k entries; refuses a file that is not a list
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
STANDARD_TAG = "tag:yaml.org,2002:"
# The YAML 1.1 types a value may be marked with; each field's own parser still decides
# what the text means. Others (!!binary, !!set, !!python/...) are refused, not read as text.
ALLOWED_TAGS = frozenset(STANDARD_TAG + t for t in (
    "str", "seq", "map", "null", "bool", "int", "float", "timestamp")) | {"!"}
# Deeper than any entry needs (a file is 5 levels deep): refused before composing, so
# neither libyaml nor the reader recurses without bound.
MAX_DEPTH = 64


def read_text(path: Path, report: Report) -> str | None:
    try:
        raw = read_input(path, MAX_BYTES)
    except InputError as exc:
        report.error(1, 1, exc.message, exc.hint)
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        report.error(line, col, "the file is not valid UTF-8 text",
                     "save the file as UTF-8 in your editor")
        return None


def check_tabs(text: str, report: Report) -> str:
    """Report every tab, then read on with spaces in their place (same columns), so the
    rest of the file is still checked."""
    if "\t" not in text:
        return text
    for lineno, line in enumerate(text.splitlines(), 1):
        col = line.find("\t")
        if col >= 0:
            report.error(lineno, col + 1, "tab character",
                         "YAML indentation must use spaces; replace the tab with spaces")
    return text.replace("\t", " ")


def compose(text: str, report: Report) -> Node | None:
    if _too_deep(text, report):
        return None
    try:
        node = yaml.compose(text, Loader=YamlLoader)  # noqa: S506 - safe loader, nodes only
    except yaml.reader.ReaderError as exc:
        _report_unreadable(text, exc, report)
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        report.error(line, col, f"YAML syntax: {problem}", _syntax_hint(problem))
        return None
    except yaml.YAMLError as exc:
        report.error(1, 1, f"YAML syntax: {exc}", "check the file's indentation and quoting")
        return None
    if node is None:
        report.error(1, 1, "the file is empty", "start with `resources:` and a list of entries")
    return node


_BLOCK_PREFIX = re.compile(rf"^[ ?-]{{{MAX_DEPTH // 2}}}", re.M)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _too_deep(text: str, report: Report) -> bool:
    """Values nested past MAX_DEPTH, reported at the first one too deep. libyaml's
    composer recurses in C (a file of 100,000 `[` crashes the process), so depth is
    measured on the parser's events, which are not recursive; and only when a cheap upper
    bound says it could be deep: block depth is at most the run of spaces, `-` and `?`
    opening a line, flow depth at most the count of unclosed brackets, quotes ignored."""
    if not _BLOCK_PREFIX.search(text):
        flow = 0
        for ch in _NOT_BRACKET.sub("", text):
            flow = flow + 1 if ch in "[{" else max(0, flow - 1)
            if flow > MAX_DEPTH // 2:
                break
        else:
            return False
    depth = 0
    try:
        for event in yaml.parse(text, Loader=YamlLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line, col = pos(event)
                    report.error(line, col, f"values nested more than {MAX_DEPTH} levels "
                                 "deep", "an entry needs at most five levels; check the "
                                 "brackets and the indentation here")
                    return True
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return False  # composing reports the syntax error where it is
    return False


# What a YAML reader refuses (YAML 1.1 "printable", as PyYAML's reader): C0 controls but
# tab and line breaks, DEL, C1 controls but NEL, surrogates, U+FFFE and U+FFFF.
_UNREADABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_REPORTED = 100  # a binary file pasted in would otherwise give one line per byte


def line_col(text: str, index: int) -> Position:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _report_unreadable(text: str, exc: yaml.reader.ReaderError, report: Report) -> None:
    """Where the characters a YAML reader refuses are: every one, not only the first the
    reader stopped at (whose offset libyaml counts in UTF-8 bytes, not characters)."""
    found = 0
    for m in _UNREADABLE.finditer(text):
        line, col = line_col(text, m.start())
        code = ord(m.group())
        what = ("control character" if code < 0x20 or 0x7f <= code <= 0x9f
                else "character")
        report.error(line, col, f"invisible {what} U+{code:04X} is not allowed in YAML",
                     "delete it (most editors do not show it; it often comes with text "
                     "copied from a PDF or a web page); spaces and line breaks are fine")
        found += 1
        if found == MAX_REPORTED:
            break
    if not found:  # the reader and this pattern disagree: say where the reader stopped
        data = text.encode("utf-8", "surrogatepass")
        where = len(data[:exc.position].decode("utf-8", "ignore")) if (
            isinstance(exc.position, int) and 0 <= exc.position <= len(data)) else 0
        line, col = line_col(text, where)
        report.error(line, col, f"YAML cannot read character {exc.character!r} here "
                     f"({exc.reason})", "delete the character; spaces and line breaks are fine")


def _syntax_hint(problem: str) -> str:
    if "alias" in problem or "anchor" in problem:
        return "anchors (&) and aliases (*) are not allowed; write the values out"
    if "mapping values are not allowed" in problem:
        return "a value contains ': '; put the whole value in double quotes"
    if "could not find expected ':'" in problem:
        return "a key is missing its colon, or the line above is indented wrongly"
    if "expected <block end>" in problem:
        return "check the indentation: keys of one entry must line up"
    return "check the indentation and quoting on this line and the one above"


def pos(node: Node | yaml.Event) -> Position:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def is_null(node: Node) -> bool:
    """A plain (unquoted) null word or nothing at all. libyaml marks plain scalars with
    style "" where the pure-Python parser uses None: both are plain."""
    return isinstance(node, ScalarNode) and not node.style and (
        node.value in NULLS or node.tag == STANDARD_TAG + "null")


def child(mapping: Node, key: str) -> Node | None:
    if isinstance(mapping, MappingNode):
        for k, v in mapping.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v
    return None


_RESOURCES_KEY = re.compile(r"^resources:[ ]*(#.*)?$")
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,])[&*][^\s,\[\]{}]")
BATCH = 1000  # list items composed at a time: bounded memory, and the GC pause stays short


def split_items(text: str) -> tuple[str, list[tuple[str, int]]] | None:
    """Cut the `resources:` block list into batches of items, each composed on its own so
    no tree of 100k entries is ever held at once. Returns the rest of the file (the list's
    lines blanked, so line numbers hold) and (chunk text, line offset) pairs; None when the
    file is not laid out as a plain block list, and the whole file is composed instead."""
    if _ANCHOR_OR_ALIAS.search(text):
        return None  # the whole-file path reports them where they were written
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if _RESOURCES_KEY.match(line)), None)
    if start is None or len(lines) < 2 * BATCH:
        return None
    found = _item_starts(lines, start)
    if found is None or len(found[0]) < 2:
        return None
    items, end = found
    chunks = []
    for k in range(0, len(items), BATCH):
        first = items[k]
        last = items[k + BATCH] if k + BATCH < len(items) else end
        chunks.append(("\n".join(lines[first:last]), first))
    header = "\n".join(lines[: start + 1] + [""] * (end - start - 1) + lines[end:])
    return header, chunks


def _item_starts(lines: list[str], start: int) -> tuple[list[int], int] | None:
    """The lines where the block list after line `start` has an item, and the line
    after the list; None when the list is not a plain block list."""
    items: list[int] = []
    indent = -1
    for i in range(start + 1, len(lines)):
        line = lines[i]
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        col = len(line) - len(stripped)
        item = stripped.startswith("- ") or stripped == "-"
        if indent < 0:
            if not item:
                return None
            indent = col
        if col == indent and item:
            items.append(i)
        elif col <= indent:
            return (items, i) if col == 0 else None
    return items, len(lines)
