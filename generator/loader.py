"""Strict loading of resources.yaml: YAML nodes (with positions) → typed objects.

Every scalar is read as the text the volunteer wrote and parsed by the field it belongs
to, so YAML 1.1's guesses (`19:00` as a number, `no` as false, `01234` as octal) never
happen. Shape problems are collected with file, line and column, never raised one by one.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .bidi import balanced
from .diagnostics import Report
from .gcpause import gc_paused
from .model import (
    FILE,
    ID_PATTERN,
    RESOURCE,
    TIME_PATTERN,
    Contact,
    Dataset,
    Defaults,
    Field,
    Location,
    Online,
    Position,
    Positions,
    Resource,
    ScheduleSlot,
    Source,
)

try:  # libyaml is ~4x faster; the pure-Python loader is a fallback, not the plan
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment,unused-ignore]

_TAG_OF = {ScalarNode: "tag:yaml.org,2002:str", SequenceNode: "tag:yaml.org,2002:seq",
           MappingNode: "tag:yaml.org,2002:map"}


class _Loader(_BaseLoader):
    """Skips YAML 1.1 implicit typing: every scalar is text until its field parses it.
    (Pure speed too: the regex resolver was half of all load time.)"""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return _TAG_OF[kind]


MAX_BYTES = 64 * 1024 * 1024  # far above 100k entries; refuses a file that is not a list
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
BOOLS = {"true": True, "false": False}
STANDARD_TAG = "tag:yaml.org,2002:"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_INT = re.compile(r"^[+-]?\d+$")


def load(path: str | os.PathLike[str], text: str | None = None) -> tuple[Dataset, Report]:
    """Read and shape-check a data file. Returns what could be read plus every problem."""
    with gc_paused():
        return _load(path, text)


def _load(path: str | os.PathLike[str], text: str | None) -> tuple[Dataset, Report]:
    name = str(path)
    report = Report(name)
    if text is None:
        text = _read_text(Path(path), report)
    dataset = Dataset(path=name, resources=[])
    if text is None:
        return dataset, report
    text = _check_tabs(text, report)
    split = _split_items(text)
    if split is not None:
        header, chunks = split
        try:
            # A copy, so a failed attempt leaves no half of its diagnostics behind.
            return _read(header, chunks, dataset, Report(name, list(report.items)))
        except _ChunkFailed:
            dataset = Dataset(path=name, resources=[])  # re-read whole for exact errors
    return _read(text, [], dataset, report)


class _ChunkFailed(Exception):
    """A batch of items did not parse on its own; the whole file is read instead."""


def _read(text: str, chunks: list[tuple[str, int]], dataset: Dataset,
          report: Report) -> tuple[Dataset, Report]:
    root = _compose(text, report)
    if root is None:
        return dataset, report
    reader = _Reader(report)
    top = reader.read(root, FILE, "", {}, skip=("resources",))
    if isinstance(top, dict):
        dataset.defaults = Defaults(**{k: v for k, v in (top.get("defaults") or {}).items()})
        dataset.sources = _sources(root, top.get("sources") or [])
        resources = _child(root, "resources")
        if chunks:
            for chunk, offset in chunks:
                # One batch's nodes at a time: freed before the next is composed.
                node = _compose(chunk, Report(report.file))
                if not isinstance(node, SequenceNode):
                    raise _ChunkFailed
                reader.seen.clear()  # an alias cannot cross separately composed chunks
                reader.offset = offset
                reader.items(node, dataset)
        elif resources is None:
            if "resources" not in top:
                report.error(1, 1, "the file has no `resources:` list",
                             "start the file with `resources:` followed by `  - id: ...` entries")
        elif isinstance(resources, SequenceNode):
            reader.items(resources, dataset)
        elif not _is_null(resources):
            line, col = _pos(resources)
            report.error(line, col, "`resources` must be a list of entries",
                         "write each entry on its own line starting with `  - id: ...`")
    if reader.alias_found:  # only on the whole-file path: _split_items refuses anchors
        reader.report_aliases(text)
    return dataset, report


_RESOURCES_KEY = re.compile(r"^resources:[ ]*(#.*)?$")
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,])[&*][^\s,\[\]{}]")
BATCH = 1000  # list items composed at a time: bounded memory, and the GC pause stays short


def _split_items(text: str) -> tuple[str, list[tuple[str, int]]] | None:
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
    items: list[int] = []
    indent = -1
    end = len(lines)
    for i in range(start + 1, len(lines)):
        line = lines[i]
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        col = len(line) - len(stripped)
        if indent < 0:
            if not (stripped.startswith("- ") or stripped == "-"):
                return None
            indent = col
        if col == indent and (stripped.startswith("- ") or stripped == "-"):
            items.append(i)
        elif col <= indent:
            if col == 0:
                end = i
                break
            return None
    if len(items) < 2:
        return None
    chunks = []
    for k in range(0, len(items), BATCH):
        first = items[k]
        last = items[k + BATCH] if k + BATCH < len(items) else end
        chunks.append(("\n".join(lines[first:last]), first))
    header = "\n".join(lines[: start + 1] + [""] * (end - start - 1) + lines[end:])
    return header, chunks


def _read_text(path: Path, report: Report) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            limit = MAX_BYTES // 1_000_000
            report.error(1, 1, f"file is {size // 1_000_000} MB, over the {limit} MB limit",
                         "split the file or check that it is the right one")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        report.error(1, 1, f"cannot read the file: {exc.strerror or exc}",
                     "check the path and permissions")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        report.error(line, col, "the file is not valid UTF-8 text",
                     "save the file as UTF-8 in your editor")
        return None


def _check_tabs(text: str, report: Report) -> str:
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


def _compose(text: str, report: Report) -> Node | None:
    try:
        node = yaml.compose(text, Loader=_Loader)  # noqa: S506 - safe loader, nodes only
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


# What a YAML reader refuses (YAML 1.1 "printable", as PyYAML's reader): C0 controls but
# tab and line breaks, DEL, C1 controls but NEL, surrogates, U+FFFE and U+FFFF.
_UNREADABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_REPORTED = 100  # a binary file pasted in would otherwise give one line per byte


def _line_col(text: str, index: int) -> Position:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _report_unreadable(text: str, exc: yaml.reader.ReaderError, report: Report) -> None:
    """Where the characters a YAML reader refuses are: every one, not only the first the
    reader stopped at (whose offset libyaml counts in UTF-8 bytes, not characters)."""
    found = 0
    for m in _UNREADABLE.finditer(text):
        line, col = _line_col(text, m.start())
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
        line, col = _line_col(text, where)
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


def _pos(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style is None and node.value in NULLS


def _child(mapping: Node, key: str) -> Node | None:
    if isinstance(mapping, MappingNode):
        for k, v in mapping.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v
    return None


class _Reader:
    """Walks nodes against the FIELDS spec. One per file; holds the report, the set of
    visited nodes (an alias makes a node appear twice) and the entries' shared shapes."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.seen: set[int] = set()
        self.alias_found = False
        self.offset = 0  # line offset of the chunk being read
        self.shapes: dict[tuple[str, ...], tuple[str, ...]] = {}  # for Positions

    def pos(self, node: Node) -> Position:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def items(self, seq: SequenceNode, dataset: Dataset) -> None:
        self.mark(seq)
        for item in seq.value:
            res = self.resource(item, dataset.defaults)
            if res is not None:
                dataset.resources.append(res)

    def mark(self, node: Node) -> bool:
        """False when a node is reached a second time: an alias. Its subtree is not read
        again, so an alias bomb costs nothing; `report_aliases` says where they are."""
        key = id(node)
        if key in self.seen:
            self.alias_found = True
            return False
        self.seen.add(key)
        return True

    def report_aliases(self, text: str) -> None:
        # Nodes do not remember where an alias was written; the parser's events do.
        for event in yaml.parse(text, Loader=_Loader):
            anchor = getattr(event, "anchor", None)
            if anchor and event.start_mark is not None:
                what = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
                mark = event.start_mark
                self.report.error(mark.line + 1, mark.column + 1,
                                  f"YAML {what} `{anchor}` is not allowed",
                                  "anchors (&name) and aliases (*name) are not allowed; "
                                  "write the values out in full for each entry")

    def error(self, node: Node, message: str, hint: str = "") -> None:
        line, col = self.pos(node)
        self.report.error(line, col, message, hint)

    def read(self, node: Node, spec: Field, path: str, positions: dict[str, Position],
             skip: tuple[str, ...] = ()) -> Any:
        """The value of `node` as plain Python (dict/list/str/...), or None when absent or
        wrong. Positions of every value are recorded under their dotted path."""
        if not self.mark(node):
            return None
        if path:
            positions[path] = self.pos(node)
        if node.tag and not node.tag.startswith(STANDARD_TAG) and node.tag != "!":
            self.error(node, f"YAML tags like `{node.tag}` are not allowed",
                       "remove the tag; write the plain value")
            return None
        if _is_null(node):
            return None
        label = path or "the file"
        if spec.type == "map":
            if not isinstance(node, MappingNode):
                self.error(node, f"`{label}` must be a mapping of `key: value` lines",
                           _shape_hint(spec))
                return None
            return self._map(node, spec, path, positions, skip)
        if spec.type == "list":
            if not isinstance(node, SequenceNode):
                example = f"[{node.value}]" if isinstance(node, ScalarNode) else "[...]"
                self.error(node, f"`{label}` must be a list",
                           f"write it as a list, e.g. `{spec.name}: {example}`")
                return None
            assert spec.items is not None
            out = []
            for i, item in enumerate(node.value):
                value = self.read(item, spec.items, sys.intern(f"{path}.{i}"), positions)
                if value is not None:
                    out.append(value)
            return out
        if not isinstance(node, ScalarNode):
            self.error(node, f"`{label}` must be a single value, not a list or mapping",
                       f"write `{spec.name}: value` on one line")
            return None
        return self.scalar(node, spec, label)

    def _map(self, node: MappingNode, spec: Field, path: str,
             positions: dict[str, Position], skip: tuple[str, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen_keys: dict[str, Node] = {}
        names = [f.name for f in spec.fields]
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, "keys must be plain words", "write `key: value`")
                continue
            key = key_node.value
            if key in seen_keys:
                first = self.pos(seen_keys[key])[0]
                self.error(key_node, f"duplicate key `{key}` (first set on line {first})",
                           "keep one of them and delete the other")
                continue
            seen_keys[key] = key_node
            child = spec.child(key)
            if child is None:
                close = difflib.get_close_matches(key, names, n=1)
                hint = (f"did you mean `{close[0]}`?" if close
                        else "allowed keys: " + ", ".join(names))
                where = f" in `{path}`" if path else ""
                self.error(key_node, f"unknown key `{key}`{where}", hint)
                continue
            if key in skip:
                continue
            # Interned: 100k entries share one copy of each key path ("location.lat").
            child_path = sys.intern(f"{path}.{key}" if path else key)
            value = self.read(value_node, child, child_path, positions)
            if value is not None:
                out[key] = value
        for f in spec.fields:
            if f.required and f.name not in out and f.name not in skip and f.name not in seen_keys:
                where = f"`{path}`" if path else "the file"
                if spec is RESOURCE:
                    where = f"entry `{out['id']}`" if "id" in out else "this entry"
                self.error(node, f"{where} is missing `{f.name}`",
                           f"add `{f.name}:` — {f.help}")
        return out

    def scalar(self, node: ScalarNode, spec: Field, label: str) -> Any:
        text: str = node.value
        kind = spec.type
        if kind == "text":
            return balanced(text)  # an override left open must not leak: see bidi.py
        if kind == "id":
            if ID_PATTERN.match(text):
                return text
            suggestion = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
            self.error(node, f"`{label}` must use only lowercase letters, digits and hyphens",
                       f"for example `{suggestion or 'my-group-name'}`")
            return None
        if kind == "enum":
            if text in spec.choices:
                return text
            close = difflib.get_close_matches(text.lower(), spec.choices, n=1)
            hint = f"did you mean `{close[0]}`? " if close else ""
            self.error(node, f"`{label}`: `{text}` is not one of the allowed values",
                       hint + "allowed: " + ", ".join(spec.choices))
            return None
        if kind == "time":
            m = TIME_PATTERN.match(text.strip())
            if m:
                return f"{int(m.group(1)):02d}:{m.group(2)}"
            self.error(node, f"`{label}`: `{text}` is not a time",
                       'use 24-hour HH:MM in quotes, e.g. "19:00" for 7 pm')
            return None
        if kind == "date":
            if _DATE.match(text):
                try:
                    return date.fromisoformat(text)
                except ValueError:
                    pass
            self.error(node, f"`{label}`: `{text}` is not a date",
                       "use YYYY-MM-DD, e.g. 2026-10-01")
            return None
        if kind == "number":
            if _NUMBER.match(text.strip()):
                value = float(text)
                return int(value) if _INT.match(text.strip()) else value
            self.error(node, f"`{label}`: `{text}` is not a number",
                       "write a plain decimal number, e.g. 39.8017")
            return None
        if kind == "bool":
            if text.lower() in BOOLS:
                return BOOLS[text.lower()]
            self.error(node, f"`{label}`: `{text}` must be true or false", "write true or false")
            return None
        raise AssertionError(f"unknown field type {kind}")  # a bug in FIELDS, not in data

    def resource(self, node: Node, defaults: Defaults) -> Resource | None:
        positions: dict[str, Position] = {}
        raw = self.read(node, RESOURCE, "", positions)
        if not isinstance(raw, dict):
            if isinstance(node, ScalarNode) and not _is_null(node):
                self.error(node, "each entry must be a mapping starting with `- id: ...`",
                           "see the example at the top of the file")
            return None
        if not all(k in raw for k in ("id", "name", "kind", "program", "attendance")):
            return None  # missing required keys were reported; nothing useful to model
        return build_resource(raw, defaults, self.pos(node)[0],
                              Positions.pack(positions, self.shapes))


def _shape_hint(spec: Field) -> str:
    if spec.fields:
        return "indent its keys under it, e.g. `" + spec.fields[0].name + ": ...`"
    return "check the indentation"


def build_resource(raw: dict[str, Any], defaults: Defaults, line: int = 0,
                   positions: Mapping[str, Position] | None = None) -> Resource:
    """A Resource from checked plain values; the file's defaults fill what is unset."""
    location = None
    if "location" in raw:
        loc = dict(raw["location"])
        loc.setdefault("country", defaults.country)
        loc.setdefault("region", defaults.region)
        for coord in ("lat", "lon"):
            if coord in loc:
                loc[coord] = float(loc[coord])
        location = Location(**loc)
    return Resource(
        id=raw["id"],
        name=raw["name"],
        kind=raw["kind"],
        program=raw["program"],
        attendance=raw["attendance"],
        status=raw.get("status", "active"),
        schedule=tuple(_slots(raw.get("schedule", ()))),
        timezone=raw.get("timezone") or defaults.timezone,
        location=location,
        online=Online(**raw["online"]) if "online" in raw else None,
        tags=tuple(raw.get("tags", ())),
        description=raw.get("description", ""),
        contact=Contact(**raw["contact"]) if "contact" in raw else None,
        verified=raw.get("verified"),
        source=raw.get("source", ""),
        source_ids=tuple(raw.get("source_ids", ())),
        curated=tuple(raw.get("curated", ())),
        aliases=tuple(raw.get("aliases", ())),
        line=line,
        positions=positions or {},
    )


def _slots(items: list[dict[str, Any]]) -> Iterator[ScheduleSlot]:
    from datetime import time

    for item in items:
        if "days" not in item or "start" not in item:
            continue  # reported as missing already
        yield ScheduleSlot(
            days=tuple(item["days"]),
            start=time.fromisoformat(item["start"]),
            end=time.fromisoformat(item["end"]) if "end" in item else None,
            every=item.get("every", "week"),
            weeks=tuple(int(w) for w in item.get("weeks", ())),
            from_=item.get("from"),
        )


def _sources(root: Node, raw: list[dict[str, Any]]) -> list[Source]:
    """The `sources:` list; items missing a required key were reported and are left out.
    Each keeps the line it starts on, for sync's messages."""
    node = _child(root, "sources")
    nodes = list(node.value) if isinstance(node, SequenceNode) else []
    if len(nodes) != len(raw):  # an empty item was dropped: they would not line up
        nodes = []
    out = []
    for i, item in enumerate(raw):
        if not all(k in item for k in ("name", "format", "program")):
            continue
        at = nodes[i] if i < len(nodes) else None
        keys = {k.value: _pos(v) for k, v in at.value} if isinstance(at, MappingNode) else {}
        out.append(Source(**item, line=_pos(at)[0] if at is not None else 0, positions=keys))
    return out
