"""Entries from YAML nodes: the loader's third job (see loader.py). Walks the nodes
against the FIELDS spec, records where every value was written, and builds checked plain
values into the dataclasses FIELDS names (`build`; the file's defaults filling what is
unset), so a new key needs no code here.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import time
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.format import scalars
from generator.format.diagnostics import Report
from generator.format.model import DEFAULTS, RESOURCE, Dataset, Defaults, Field, Resource
from generator.format.positions import Position, Positions
from generator.format.yaml_source import ALLOWED_TAGS, YamlLoader, is_null


class Reader:
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
        for event in yaml.parse(text, Loader=YamlLoader):
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
        if node.tag and node.tag not in ALLOWED_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.error(node, f"YAML tags like `{scalars.short(tag)}` are not allowed",
                       "remove the tag; write the plain value")
            return None
        if is_null(node):
            return None  # absent, position included: `schedule: ~` is no schedule at all
        if path:
            positions[path] = self.pos(node)
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
        return scalars.parse(node.value, spec, label,
                             lambda message, hint: self.error(node, message, hint))

    def _map(self, node: MappingNode, spec: Field, path: str,
             positions: dict[str, Position], skip: tuple[str, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen_keys: dict[str, Node] = {}
        for key_node, value_node in node.value:
            child = self._key(key_node, spec, path, seen_keys)
            if child is None or child.name in skip:
                continue
            # Interned: 100k entries share one copy of each key path ("location.lat").
            child_path = sys.intern(f"{path}.{child.name}" if path else child.name)
            value = self.read(value_node, child, child_path, positions)
            blank = isinstance(value, str) and not value.strip()
            if value is not None and not (child.required and blank):
                out[child.name] = value
            elif child.required and (blank or is_null(value_node)):
                # Null means absent: a required value left empty is as missing as no key.
                self.error(value_node, f"`{child_path}` is empty",
                           f"write a value after `{child.name}:` — {child.help}")
        self._missing(node, spec, path, out, (*seen_keys, *skip))
        return out

    def _missing(self, node: Node, spec: Field, path: str, out: dict[str, Any],
                 given: tuple[str, ...]) -> None:
        """Report each required key the map lacks (one given empty was reported)."""
        for f in spec.fields:
            if f.required and f.name not in out and f.name not in given:
                where = f"`{path}`" if path else "the file"
                if spec is RESOURCE:
                    where = f"entry `{out['id']}`" if "id" in out else "this entry"
                self.error(node, f"{where} is missing `{f.name}`",
                           f"add `{f.name}:` — {f.help}")

    def _key(self, key_node: Node, spec: Field, path: str,
             seen_keys: dict[str, Node]) -> Field | None:
        """The field a mapping's key names, or None after saying why it names none."""
        if not isinstance(key_node, ScalarNode):
            self.error(key_node, "keys must be plain words", "write `key: value`")
            return None
        key = key_node.value
        if key in seen_keys:
            first = self.pos(seen_keys[key])[0]
            self.error(key_node, f"duplicate key `{key}` (first set on line {first})",
                       "keep one of them and delete the other")
            return None
        seen_keys[key] = key_node
        child = spec.child(key)
        if child is None:
            names = [f.name for f in spec.fields]
            close = difflib.get_close_matches(key, names, n=1)
            hint = (f"did you mean `{close[0]}`?" if close
                    else "allowed keys: " + ", ".join(names))
            where = f" in `{path}`" if path else ""
            self.error(key_node, f"unknown key `{key}`{where}", hint)
        return child

    def resource(self, node: Node, defaults: Defaults) -> Resource | None:
        positions: dict[str, Position] = {}
        raw = self.read(node, RESOURCE, "", positions)
        if not isinstance(raw, dict):
            if isinstance(node, ScalarNode) and not is_null(node):
                self.error(node, "each entry must be a mapping starting with `- id: ...`",
                           "see the example at the top of the file")
            return None
        if not complete(RESOURCE, raw):
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
    resource: Resource = build(RESOURCE, raw, line=line, positions=positions or {})
    fill_defaults(resource, defaults)
    return resource


def build(spec: Field, raw: Mapping[str, Any], **extra: Any) -> Any:
    """An instance of `spec.model` from checked plain values (what `Reader.read` gives
    for a map), each key converted by its field's type."""
    assert spec.model is not None, f"FIELDS: `{spec.name}` names no dataclass"
    values = {f.attribute: _typed(f, raw[f.name]) for f in spec.fields if f.name in raw}
    return spec.model(**values, **extra)


def complete(spec: Field, raw: Mapping[str, Any]) -> bool:
    """Whether a map has every required key (a missing one was reported already)."""
    return all(f.name in raw for f in spec.fields if f.required)


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "time": time.fromisoformat, "number": float, "integer": int,
}


def _typed(spec: Field, value: Any) -> Any:
    if spec.type == "map":
        return build(spec, value)
    if spec.type == "list":
        item = spec.items
        assert item is not None
        return tuple(_typed(item, v) for v in value
                     if item.type != "map" or complete(item, v))  # incomplete: reported
    convert = _CONVERT.get(spec.type)
    return value if convert is None else convert(value)


def fill_defaults(resource: Resource, defaults: Defaults) -> None:
    """The file's `defaults:` fill each field of the same name that an entry leaves
    unset or empty, in the entry itself (timezone) or in one of its blocks (a location's
    country and region). The writer leaves out what they would fill (yaml_writer.py)."""
    for key in DEFAULTS.fields:
        value = getattr(defaults, key.attribute)
        if not value:
            continue
        for spec, obj in blocks(resource):
            if spec.child(key.name) is not None and not getattr(obj, key.attribute):
                setattr(obj, key.attribute, value)


def blocks(resource: Resource) -> Iterator[tuple[Field, Any]]:
    """The entry and each of its blocks (location, online...) that is set, with its spec."""
    yield RESOURCE, resource
    for spec in RESOURCE.fields:
        if spec.type == "map" and (obj := getattr(resource, spec.attribute)) is not None:
            yield spec, obj
