"""Entries from YAML nodes: the loader's third job (see loader.py). Walks the nodes
against the FIELDS spec, records where every value was written, and assembles checked
plain values into typed Resources (the file's defaults filling what is unset).
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.format import scalars
from generator.format.diagnostics import Report
from generator.format.model import (
    RESOURCE,
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
    Tradition,
    Translation,
)
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
            blank = isinstance(value, str) and not value.strip()
            if value is not None and not (child.required and blank):
                out[key] = value
            elif child.required and (blank or is_null(value_node)):
                # Null means absent: a required value left empty is as missing as no key.
                self.error(value_node, f"`{child_path}` is empty",
                           f"write a value after `{key}:` — {child.help}")
        for f in spec.fields:
            if f.required and f.name not in out and f.name not in skip and f.name not in seen_keys:
                where = f"`{path}`" if path else "the file"
                if spec is RESOURCE:
                    where = f"entry `{out['id']}`" if "id" in out else "this entry"
                self.error(node, f"{where} is missing `{f.name}`",
                           f"add `{f.name}:` — {f.help}")
        return out

    def resource(self, node: Node, defaults: Defaults) -> Resource | None:
        positions: dict[str, Position] = {}
        raw = self.read(node, RESOURCE, "", positions)
        if not isinstance(raw, dict):
            if isinstance(node, ScalarNode) and not is_null(node):
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
        aliases=tuple(raw.get("aliases", ())),
        tradition=Tradition(**raw["tradition"]) if "tradition" in raw else None,
        source_ids=tuple(raw.get("source_ids", ())),
        curated=tuple(raw.get("curated", ())),
        translations=tuple(Translation(**item) for item in raw.get("translations", ())
                           if "lang" in item),
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
            tags=tuple(item.get("tags", ())),
            notes=item.get("notes", ""),
        )
