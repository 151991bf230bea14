"""The browser gazetteer published at /gazetteer.json: the places a visitor may type.

The finder resolves a typed postal code or town on the device against this file, so no
typed place is ever sent anywhere. It holds only places near listed resources: US postal
codes (centroids from generator.geo.gazetteer) within `radius` miles of some entry with
coordinates, the towns those codes belong to, and the towns and non-US postal codes of
the entries themselves (their own coordinates). "Near some entry" is found with a grid of
1° cells, so the cost grows with codes × nearby points, never codes × entries.

Format version 1 (read by generator/assets/finder.js); coordinates are degrees × `cs`:

    v, cs, r        version, coordinate scale, radius in miles the file covers
    home            the directory's home country: town labels name other countries only
    rg, co          string tables of regions and countries
    towns           {"n": names, "rg": region index, "co": country index, "la", "lo":
                     each the difference from the previous town's, "k": listed entries
                     in the town}
    zip             US codes, ascending: {"c": code as an int and "t": its town's index,
                     each the difference from the previous one; "la", "lo": the offset
                     from the town's coordinates}
    pc              other postal codes: [[code, country index, lat, lon], ...]
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..geo.gazetteer import (
    Centroid,
    dataset_town_centroids,
    is_us,
    town_centroid,
    town_key,
    us_centroids,
)
from ..model import Dataset
from .index import dumps

GAZETTEER_PATH = "gazetteer.json"
VERSION = 1
COORD_SCALE = 10_000  # the ZIP table's own precision (4 decimals)
RADIUS_MILES = 100.0
EARTH_RADIUS_MILES = 6371.009 / 1.609344  # geopy's great_circle radius
MILES_PER_DEGREE = EARTH_RADIUS_MILES * math.pi / 180


def miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), the same formula and radius as finder.js."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


@dataclass(slots=True)
class PointGrid:
    """Points bucketed in 1° cells, answering "is any point within r miles of here?"."""

    cells: dict[tuple[int, int], list[tuple[float, float]]]

    @classmethod
    def of(cls, points: Iterable[tuple[float, float]]) -> PointGrid:
        cells: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
        # Points closer than ~1 km add nothing to "within 100 miles": keep one of each.
        for lat, lon in {(round(lat, 2), round(lon, 2)) for lat, lon in points}:
            cells[(math.floor(lat), math.floor(lon))].append((lat, lon))
        return cls(dict(cells))

    def any_within(self, lat: float, lon: float, radius: float) -> bool:
        dlat = radius / MILES_PER_DEGREE
        widest = max(abs(lat) + dlat, 0.0)
        dlon = 360.0 if widest >= 89 else dlat / math.cos(math.radians(widest))
        near: list[tuple[float, tuple[int, int]]] = []
        for cy in range(math.floor(lat - dlat), math.floor(lat + dlat) + 1):
            for cx in range(math.floor(lon - dlon), math.floor(lon + dlon) + 1):
                cell = (cy, (cx + 180) % 360 - 180)
                if cell in self.cells:
                    # Nearest cells first: most places near an entry stop at the first hit.
                    near.append((abs(cy + 0.5 - lat) + abs(cx + 0.5 - lon), cell))
        for _, cell in sorted(near):
            for plat, plon in self.cells[cell]:
                if miles_between(lat, lon, plat, plon) <= radius:
                    return True
        return False


def nearby_us_centroids(grid: PointGrid, radius: float) -> Iterator[Centroid]:
    for c in us_centroids():
        if grid.any_within(c.lat, c.lon, radius):
            yield c


def build(dataset: Dataset, radius: float = RADIUS_MILES) -> dict[str, Any]:
    # Entries that no longer meet are not listed, so their towns are not "near" anything.
    dataset = Dataset(dataset.path, [r for r in dataset.resources if r.status != "inactive"],
                      dataset.defaults)
    points = [(r.location.lat, r.location.lon) for r in dataset.resources
              if r.location is not None and r.location.lat is not None
              and r.location.lon is not None]
    grid = PointGrid.of(points)
    home = (dataset.defaults.country or "US").strip().upper()
    regions: dict[str, int] = {}
    countries: dict[str, int] = {}
    town_rows: list[list[Any]] = []  # [name, region index, country index, lat, lon, k]
    town_index: dict[tuple[str, str, str], int] = {}

    def town(key: tuple[str, str, str], c: Centroid) -> int:
        if key not in town_index:
            rg = regions.setdefault(c.region, len(regions))
            co = countries.setdefault(key[2], len(countries))
            town_index[key] = len(town_rows)
            town_rows.append([c.city, rg, co, c.lat, c.lon, 0])
        return town_index[key]

    zips: list[tuple[int, int, float, float]] = []
    for c in nearby_us_centroids(grid, radius):
        key = town_key(c.city, c.region)
        zips.append((int(c.postal_code), town(key, town_centroid(c.city, c.region) or c),
                     c.lat, c.lon))
    for key, c in sorted(dataset_town_centroids(dataset).items()):
        # A US town the ZIP table knows keeps the ZIP-derived centroid, so a town and its
        # codes agree; other towns take their entries' own coordinates.
        known = town_centroid(c.city, c.region) if is_us(c.country) else None
        town(key, known or c)
    for r in dataset.resources:
        loc = r.location
        if loc is not None and loc.city:
            key = town_key(loc.city, loc.region or dataset.defaults.region,
                           loc.country or dataset.defaults.country)
            if key in town_index:
                town_rows[town_index[key]][5] += 1
    other_codes = _other_postal_codes(dataset, countries)
    rows = town_rows
    return {
        "v": VERSION,
        "cs": COORD_SCALE,
        "r": radius,
        "home": home,
        "rg": list(regions),
        "co": list(countries),
        "towns": {
            "n": [t[0] for t in rows],
            "rg": [t[1] for t in rows],
            "co": [t[2] for t in rows],
            "la": _scaled(t[3] for t in rows),
            "lo": _scaled(t[4] for t in rows),
            "k": [t[5] for t in rows],
        },
        "zip": {
            "c": _deltas(z[0] for z in zips),
            "t": _deltas(z[1] for z in zips),
            # A code lies close to its town's centroid: the offset is a short number.
            "la": [_scale(z[2]) - _scale(rows[z[1]][3]) for z in zips],
            "lo": [_scale(z[3]) - _scale(rows[z[1]][4]) for z in zips],
        },
        "pc": other_codes,
    }


def _other_postal_codes(dataset: Dataset, countries: dict[str, int]) -> list[list[Any]]:
    """Postal codes outside the US, at the median of their entries' coordinates (like
    the entries' own towns in generator.geo.gazetteer)."""
    seen: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for r in dataset.resources:
        loc = r.location
        if loc is None or loc.lat is None or loc.lon is None or not loc.postal_code:
            continue
        country = (loc.country or dataset.defaults.country or "US").strip().upper()
        if is_us(country):
            continue
        seen[(" ".join(loc.postal_code.upper().split()), country)].append((loc.lat, loc.lon))
    out = []
    for (code, country), pts in sorted(seen.items()):
        co = countries.setdefault(country, len(countries))
        out.append([code, co, _scale(statistics.median(p[0] for p in pts)),
                    _scale(statistics.median(p[1] for p in pts))])
    return out


def _scale(degrees: float) -> int:
    return round(degrees * COORD_SCALE)


def _scaled(values: Iterable[float]) -> list[int]:
    return _deltas(_scale(v) for v in values)


def _deltas(values: Iterable[int]) -> list[int]:
    out, previous = [], 0
    for v in values:
        out.append(v - previous)
        previous = v
    return out


def dump(dataset: Dataset, radius: float = RADIUS_MILES) -> str:
    return dumps(build(dataset, radius))
