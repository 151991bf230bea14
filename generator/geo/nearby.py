"""Nearby alternatives: for each in-person entry, the k nearest active in-person entries.

Index: a multi-level grid over 3D unit vectors. Level 0 cells are as wide as the search
radius (in straight-line "chord" distance); each finer level halves the cell. A query
looks at the 3x3x3 block of cells around its own cell; every point outside that block is
farther away than the query's distance to the block's nearest face. So when the k-th best
found is closer than that face, the answer is exact; otherwise the query moves to the
finest level whose block is wide enough for the k-th distance found. Each query starts at
the finest level whose own cell holds a few candidates, which keeps dense city blocks and
empty prairie alike to a few dozen distance computations per entry: the whole pass is
O(n), never all pairs.

Chord distances order points exactly as great-circle distances do (and have no trouble at
the poles or the antimeridian); only the k winners are converted to miles.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from itertools import product, repeat

from generator.format.model import Resource

from ..gcpause import gc_paused
from .distance import chord_to_miles, miles_to_chord, unit_vector

LEVELS = 12  # level 11 cells are radius / 2048 wide: ~130 ft for a 50-mile radius
_NEIGHBOURS = tuple(product((-1, 0, 1), repeat=3))
_SAFETY = 1 - 1e-9  # float noise at cell faces must never make an answer inexact

Cell = tuple[int, int, int]
Vec = tuple[float, float, float]


def _points(resources: Sequence[Resource], active_only: bool) -> list[tuple[str, Vec]]:
    out = []
    for r in resources:
        loc = r.location
        if not r.is_in_person or loc is None or loc.lat is None or loc.lon is None:
            continue
        if active_only and r.status != "active":
            continue
        out.append((r.id, unit_vector(loc.lat, loc.lon)))
    return out


class _Grid:
    """Candidates per cell, as parallel lists of vectors and ids, at each level.

    Level 0 holds every candidate. A finer level only re-bins the cells in and around a
    "dense" cell of the level above (one holding at least `dense` candidates): elsewhere
    no query starts that fine, since it starts where its own cell is dense, and queries
    only ever move coarser. So sparse areas cost a level or two, and the 3x3x3 block
    around any cell a query uses is complete: it lies inside the block of its dense
    parent, all of which was re-binned."""

    def __init__(self, points: list[tuple[str, Vec]], radius_chord: float, dense: int):
        self.sizes = [radius_chord / 2**level for level in range(LEVELS)]
        self.levels: list[dict[Cell, tuple[list[Vec], list[str]]]] = []
        # id -> the finest level (>= 1) where its own cell is dense: where it starts
        self.start: dict[str, int] = {}
        vecs = [v for _, v in points]
        ids = [pid for pid, _ in points]
        for level in range(LEVELS):
            cells = self._bin(level, vecs, ids)
            self.levels.append(cells)
            expand: set[Cell] = set()
            for (a, b, c), (_, members) in cells.items():
                if len(members) >= dense:
                    expand.update((a + da, b + db, c + dc) for da, db, dc in _NEIGHBOURS)
                    if level:
                        self.start.update(dict.fromkeys(members, level))
            vecs, ids = [], []
            for cell in expand & cells.keys():
                vecs += cells[cell][0]
                ids += cells[cell][1]
            if not ids:
                break

    def _bin(self, level: int, vecs: list[Vec], ids: list[str]
             ) -> dict[Cell, tuple[list[Vec], list[str]]]:
        # s is radius / 2**level, so v / s at the next level is exactly twice this one:
        # cells nest without rounding surprises.
        s, floor = self.sizes[level], math.floor
        cells: dict[Cell, tuple[list[Vec], list[str]]] = {}
        for v, pid in zip(vecs, ids, strict=True):
            cell = (floor(v[0] / s), floor(v[1] / s), floor(v[2] / s))
            found = cells.get(cell)
            if found is None:
                cells[cell] = ([v], [pid])
            else:
                found[0].append(v)
                found[1].append(pid)
        return cells

    def cell(self, level: int, v: Vec) -> Cell:
        s = self.sizes[level]
        return (math.floor(v[0] / s), math.floor(v[1] / s), math.floor(v[2] / s))

    def count(self, level: int, cell: Cell) -> int:
        found = self.levels[level].get(cell)
        return len(found[1]) if found else 0

    def around(self, level: int, cell: Cell) -> tuple[list[Vec], list[str]]:
        cells, (a, b, c) = self.levels[level], cell
        vecs: list[Vec] = []
        ids: list[str] = []
        for da, db, dc in _NEIGHBOURS:
            found = cells.get((a + da, b + db, c + dc))
            if found:
                vecs += found[0]
                ids += found[1]
        return vecs, ids

    def clearance(self, level: int, cell: Cell, v: Vec) -> float:
        """Distance from v (inside `cell`) to the nearest face of the 3x3x3 block around
        it: no point outside the block is closer than this."""
        s, (x, y, z), (a, b, c) = self.sizes[level], v, cell
        return min(x - (a - 1) * s, (a + 2) * s - x, y - (b - 1) * s, (b + 2) * s - y,
                   z - (c - 1) * s, (c + 2) * s - z)


def nearest(
    resources: Sequence[Resource], k: int = 5, max_miles: float = 50
) -> dict[str, list[tuple[str, float]]]:
    """For each in-person or hybrid entry with coordinates (any status), up to k other
    ACTIVE in-person/hybrid entries within `max_miles`, nearest first, as (id, miles).
    Ties (same building) are broken by id, so the answer is deterministic."""
    with gc_paused():
        return _nearest(resources, k, max_miles)


def _nearest(resources: Sequence[Resource], k: int, max_miles: float
             ) -> dict[str, list[tuple[str, float]]]:
    queries = _points(resources, active_only=False)
    result: dict[str, list[tuple[str, float]]] = {qid: [] for qid, _ in queries}
    cands = _points(resources, active_only=True)
    if k <= 0 or max_miles <= 0 or not cands:
        return result
    radius = miles_to_chord(max_miles)
    dense = max(2, (k + 1) // 2)
    grid = _Grid(cands, radius, dense)
    pending = _starts(queries, {cid for cid, _ in cands}, grid, dense)
    for level in range(LEVELS - 1, -1, -1):
        for cell, qis in pending[level].items():
            vecs, ids = grid.around(level, cell)
            if len(ids) <= k and level > 0:
                # Too few to prove anything here: try one level coarser.
                pending[level - 1][grid.cell(level - 1, queries[qis[0]][1])].extend(qis)
                continue
            for qi in qis:
                qid, qv = queries[qi]
                best = _k_nearest(qid, qv, vecs, ids, k)
                bound = best[-1][0] if len(best) == k else radius
                if level > 0 and bound >= grid.clearance(level, cell, qv) * _SAFETY:
                    up = _reaching(grid, level, qv, bound)
                    pending[up][grid.cell(up, qv)].append(qi)
                    continue
                result[qid] = [(cid, chord_to_miles(d)) for d, cid in best if d <= radius]
        pending[level].clear()
    return result


def _starts(queries: list[tuple[str, Vec]], indexed: set[str], grid: _Grid, dense: int
            ) -> list[dict[Cell, list[int]]]:
    """Each query (by index) in the cell of its starting level: the finest level whose
    own cell is dense (its block then usually holds k+1 candidates); queries sharing a
    cell are answered together."""
    pending: list[dict[Cell, list[int]]] = [defaultdict(list) for _ in range(LEVELS)]
    finest = len(grid.levels) - 1
    for qi, (qid, v) in enumerate(queries):
        level = grid.start.get(qid, 0)
        if qid not in indexed:  # not a candidate itself (closed): walk down to its start
            while level < finest and grid.count(level + 1, grid.cell(level + 1, v)) >= dense:
                level += 1
        pending[level][grid.cell(level, v)].append(qi)
    return pending


def _k_nearest(qid: str, qv: Vec, vecs: list[Vec], ids: list[str], k: int
               ) -> list[tuple[float, str]]:
    """The k nearest of `vecs` other than the query itself, as (distance, id)."""
    ds = list(map(math.dist, repeat(qv), vecs))
    # The k+1 nearest (self may be one), plus any tied with the last (one
    # building, several groups), then ordered by (distance, id).
    order = sorted(range(len(ds)), key=ds.__getitem__)
    end = k + 1
    while end < len(order) and ds[order[end]] == ds[order[k]]:
        end += 1
    best = sorted([(ds[i], ids[i]) for i in order[:end]])
    return [p for p in best if p[1] != qid][:k]


def _reaching(grid: _Grid, level: int, qv: Vec, bound: float) -> int:
    """An answer found at `level` is not provably complete: the finest coarser level
    whose block reaches the k-th distance found (an upper bound of the true one)."""
    up = level - 1
    while up > 0 and grid.clearance(up, grid.cell(up, qv), qv) * _SAFETY <= bound:
        up -= 1
    return up


def _group_key(r: Resource) -> tuple[str, str]:
    """Entries that are one group to a reader: the same name at the same address (a
    list imported meeting by meeting gives each of a group's meetings its own entry)."""
    loc = r.location
    where = loc.one_line() if loc else ""
    return " ".join(r.name.casefold().split()), " ".join(where.casefold().split())


def nearest_groups(
    resources: Sequence[Resource], k: int = 5, max_miles: float = 50, spare: int = 2
) -> dict[str, list[tuple[str, float]]]:
    """`nearest`, with each group listed once and never the page's own group: up to k
    entries of distinct groups, nearest first (of a group's entries, its nearest). Asks
    `nearest` for `spare` times k, so duplicates rarely leave a page short."""
    found = nearest(resources, k=k * spare + 1, max_miles=max_miles)
    keys = {r.id: _group_key(r) for r in resources if r.id in found}
    out: dict[str, list[tuple[str, float]]] = {}
    for qid, pairs in found.items():
        seen = {keys[qid]}
        kept: list[tuple[str, float]] = []
        for cid, miles in pairs:
            key = keys[cid]
            if key in seen:
                continue
            seen.add(key)
            kept.append((cid, miles))
            if len(kept) == k:
                break
        out[qid] = kept
    return out
