"""The finder's index in geographic tiles, under /finder-tiles/: a typed place or "Near
me" loads only the cells within the chosen distance, not the whole list.

The whole index (/resources.json, generator/finder/index.py) stays for views that are
about any place (no place chosen, online ones with hybrid groups everywhere). A view
around a point needs the in-person and hybrid entries near it, and the online ones
(which are everywhere):

    index.json          the manifest: {v, h: the whole index's hash (the search notes
                        belong to it), n, cs, progs, tags, bands, att, kinds (the fixed
                        tables every tile shares), z, y, x, c: one column each per
                        cell tile, on: entries in the online tile, ut: the tags some
                        listed entry has (the finder offers only those)}
    c<z>-<y>-<x>.json   the in-person and hybrid entries with coordinates in one cell:
                        latitude from y / 2^z - 90 and longitude from x / 2^z - 180,
                        2^-z degrees on a side
    online.json         the online entries (attendance: online)

A tile is an index of its own entries (same columns, in name order, its own string and
schedule tables) plus `r`: each entry's place in the whole index (deltas), which
finder.js uses to merge tiles back into name order and to find its search notes. Cells
start at 1° and split in four while they hold more than `MAX_ENTRIES` entries, so a
city and a county cost about the same to load; entries in person without coordinates are
only in the whole index (only listed when no place is chosen). The browser asks for
tiles with `?h=<hash>`, so a cached tile of another build is never mixed in.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from generator.finder.index import COORD_SCALE, VERSION, deltas, dumps, encode, listed
from generator.format.model import Dataset, Resource

DIRECTORY = "finder-tiles/"
MANIFEST = "index.json"
ONLINE = "online.json"
MAX_ENTRIES = 250  # about 5 KB gzipped a tile
MAX_LEVEL = 5  # 1/32° (about 2 miles): a finer cell would save little
SHARED = ("progs", "tags", "bands", "att", "kinds")  # the same in every tile: in the manifest
DROPPED = ("v", "h", "cs", *SHARED)

Cell = tuple[int, int, int]  # level, row (y), column (x)
Ranked = list[tuple[int, Resource]]  # entries with their place in the whole index


def cell_of(lat: float, lon: float, level: int) -> Cell:
    scale = 1 << level
    return (level, math.floor((lat + 90) * scale), math.floor((lon + 180) * scale))


def split(entries: Ranked, level: int = 0) -> Iterator[tuple[Cell, Ranked]]:
    """Cells of `level` holding `entries` (rank, resource), each split further while it
    is too full; entries stay in rank order within a cell."""
    cells: dict[Cell, Ranked] = defaultdict(list)
    for rank, r in entries:
        assert r.location is not None and r.location.lat is not None and r.location.lon is not None
        cells[cell_of(r.location.lat, r.location.lon, level)].append((rank, r))
    for cell in sorted(cells):
        members = cells[cell]
        if len(members) > MAX_ENTRIES and level < MAX_LEVEL:
            yield from split(members, level + 1)
        else:
            yield cell, members


def _tile(members: Ranked, dataset: Dataset) -> dict[str, Any]:
    full = encode([r for _, r in members], dataset)
    tile = {k: v for k, v in full.items() if k not in DROPPED}
    tile["r"] = deltas(rank for rank, _ in members)
    return tile


def files(dataset: Dataset, digest: str) -> list[tuple[str, str]]:
    """Every tile and the manifest; `digest` is the whole index's hash."""
    ranked = list(enumerate(listed(dataset)))
    online = [(i, r) for i, r in ranked if r.attendance == "online"]
    placed = [(i, r) for i, r in ranked if r.attendance != "online" and r.location is not None
              and r.location.lat is not None and r.location.lon is not None]
    out: list[tuple[str, str]] = []
    cols: dict[str, list[int]] = {"z": [], "y": [], "x": [], "c": []}
    for (level, y, x), members in split(placed):
        out.append((f"{DIRECTORY}c{level}-{y}-{x}.json", dumps(_tile(members, dataset))))
        for key, value in zip(("z", "y", "x", "c"), (level, y, x, len(members)), strict=True):
            cols[key].append(value)
    out.append((DIRECTORY + ONLINE, dumps(_tile(online, dataset))))
    shared = encode([], dataset)
    used = {t for _, r in ranked for t in r.tags}
    manifest = {"v": VERSION, "h": digest, "n": len(ranked), "cs": COORD_SCALE,
                **{k: shared[k] for k in SHARED}, **cols, "on": len(online),
                "ut": [key for key, _ in shared["tags"] if key in used]}
    out.append((DIRECTORY + MANIFEST, dumps(manifest)))
    return out
