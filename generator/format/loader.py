"""Strict loading of resources.yaml: YAML nodes (with positions) → typed objects.

Every scalar is read as the text the volunteer wrote and parsed by the field it belongs
to, so YAML 1.1's guesses (`19:00` as a number, `no` as false, `01234` as octal) never
happen. Shape problems are collected with file, line and column, never raised one by one.

Three jobs, three modules: yaml_source.py reads the bytes and composes YAML nodes with
their positions, scalars.py parses each value as its field means it, entries.py walks
the nodes into entries. This module ties them together and is the public API.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, SequenceNode

from generator.format.diagnostics import Report
from generator.format.entries import Reader, build, build_resource, complete
from generator.format.model import DEFAULTS, FILE, SOURCE, Dataset, Source
from generator.format.yaml_source import (
    MAX_BYTES,
    check_tabs,
    child,
    compose,
    is_null,
    pos,
    read_text,
    split_items,
)
from generator.gcpause import gc_paused

__all__ = ["MAX_BYTES", "build_resource", "load"]


def load(path: str | os.PathLike[str], text: str | None = None) -> tuple[Dataset, Report]:
    """Read and shape-check a data file. Returns what could be read plus every problem."""
    with gc_paused():
        return _load(path, text)


def _load(path: str | os.PathLike[str], text: str | None) -> tuple[Dataset, Report]:
    name = str(path)
    report = Report(name)
    if text is None:
        text = read_text(Path(path), report)
    dataset = Dataset(path=name, resources=[])
    if text is None:
        return dataset, report
    text = check_tabs(text, report)
    split = split_items(text)
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
    root = compose(text, report)
    if root is None:
        return dataset, report
    reader = Reader(report)
    top = reader.read(root, FILE, "", {}, skip=("resources",))
    if isinstance(top, dict):
        dataset.defaults = build(DEFAULTS, top.get("defaults") or {})
        dataset.sources = _sources(root, top.get("sources") or [])
        resources = child(root, "resources")
        if chunks:
            for chunk, offset in chunks:
                # One batch's nodes at a time: freed before the next is composed.
                node = compose(chunk, Report(report.file))
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
        elif not is_null(resources):
            line, col = pos(resources)
            report.error(line, col, "`resources` must be a list of entries",
                         "write each entry on its own line starting with `  - id: ...`")
    if reader.alias_found:  # only on the whole-file path: split_items refuses anchors
        reader.report_aliases(text)
    return dataset, report


def _sources(root: Node, raw: list[dict[str, Any]]) -> list[Source]:
    """The `sources:` list; items missing a required key were reported and are left out.
    Each keeps the line it starts on, for sync's messages."""
    node = child(root, "sources")
    nodes = list(node.value) if isinstance(node, SequenceNode) else []
    if len(nodes) != len(raw):  # an empty item was dropped: they would not line up
        nodes = []
    out = []
    for i, item in enumerate(raw):
        if not complete(SOURCE, item):
            continue
        at = nodes[i] if i < len(nodes) else None
        keys = {k.value: pos(v) for k, v in at.value} if isinstance(at, MappingNode) else {}
        out.append(build(SOURCE, item, line=pos(at)[0] if at is not None else 0, positions=keys))
    return out
