"""The browser gazetteer under /gazetteer/: the places a visitor may type.

The finder resolves a typed postal code or town on the device against these files, so
no typed place is ever sent anywhere. They hold only places near listed resources: US
postal codes (centroids from generator.geo.gazetteer) within `radius` miles of some
entry with coordinates, the towns those codes belong to, and the entries' own towns and
non-US postal codes (at their entries' coordinates). "Near some entry" is found with a
grid of 1° cells, so the cost grows with codes × nearby points, never codes × entries.

The browser fetches only the shard a typed place needs, a few KB instead of the whole
table: US codes by their first two digits, towns by the first letter of their key (`place_key`, the
same folding as finder.js), other postal codes in one small file. Every shard exists,
empty or not, so the browser never asks for a missing file. Coordinates are degrees ×
`cs`, and "deltas" are differences from the previous row's value.

    zip-<00-99>.json  {v, cs, tn: town labels, c: code as an int (deltas), t: index into tn
                     (deltas), la, lo (deltas)}, ascending codes
    towns-<a-z|_>.json  {v, cs, home, rg, co: string tables, n: names, g: region index,
                     o: country index, la, lo (deltas), k: listed entries in the town},
                     ordered by key
    other.json      {v, cs, pc: [[code, country, lat, lon], ...]}
"""

from __future__ import annotations

import math
import statistics
import string
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.finder.index import deltas, dumps
from generator.finder.text import fold, town_label
from generator.format.model import Dataset
from generator.geo.distance import EARTH_RADIUS_MILES, miles
from generator.geo.gazetteer import (
    Centroid,
    dataset_town_centroids,
    is_us,
    town_centroid,
    town_key,
    us_centroids,
)

DIRECTORY = "gazetteer/"
VERSION = 1
COORD_SCALE = 10_000  # the ZIP table's own precision (4 decimals)
RADIUS_MILES = 100.0
MILES_PER_DEGREE = EARTH_RADIUS_MILES * math.pi / 180
TOWN_SHARDS = tuple(string.ascii_lowercase) + ("_",)
ZIP_SHARDS = tuple(f"{n:02d}" for n in range(100))  # ~400 codes, a few KB, at most
PLACE_WORDS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}


# Great-circle distance (haversine), the same formula and radius as finder.js.
miles_between = miles


def place_key(name: str) -> str:
    """Town names compare without case, accents or punctuation; "St. Louis" is "saint
    louis". finder.js `placeKey` is the same function."""
    spaced = "".join(ch if ch.isalnum() else " " for ch in fold(name))
    return " ".join(PLACE_WORDS.get(w, w) for w in spaced.split())


def town_shard(name: str) -> str:
    first = place_key(name)[:1]
    return first if first in TOWN_SHARDS else "_"


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


@dataclass(slots=True)
class Town:
    name: str
    region: str
    country: str
    lat: float
    lon: float
    count: int = 0  # listed entries in the town


@dataclass(slots=True)
class Places:
    """Everything a visitor may type, before it is split into shard files."""

    home: str
    towns: dict[tuple[str, str, str], Town] = field(default_factory=dict)  # by town_key
    zips: list[tuple[str, Town, float, float]] = field(default_factory=list)
    other: list[tuple[str, str, float, float]] = field(default_factory=list)

    def label(self, town: Town) -> str:
        return town_label(town.name, town.region, town.country, self.home)

    def town(self, key: tuple[str, str, str], c: Centroid) -> Town:
        """The town under `key`, added at `c` the first time it is named."""
        if key not in self.towns:
            self.towns[key] = Town(c.city, c.region, key[2], c.lat, c.lon)
        return self.towns[key]


def collect(dataset: Dataset, radius: float = RADIUS_MILES) -> Places:
    # Entries that no longer meet are not listed, so their towns are not "near" anything.
    dataset = Dataset(dataset.path, [r for r in dataset.resources if r.status != "inactive"],
                      dataset.defaults)
    places = Places(home=(dataset.defaults.country or "US").strip().upper())
    grid = PointGrid.of((r.location.lat, r.location.lon) for r in dataset.resources
                        if r.location is not None and r.location.lat is not None
                        and r.location.lon is not None)
    for c in nearby_us_centroids(grid, radius):
        home = places.town(town_key(c.city, c.region), town_centroid(c.city, c.region) or c)
        places.zips.append((c.postal_code, home, c.lat, c.lon))
    for key, c in sorted(dataset_town_centroids(dataset).items()):
        # A US town the ZIP table knows keeps the ZIP-derived centroid, so a town and its
        # codes agree; other towns take their entries' own coordinates.
        known = town_centroid(c.city, c.region) if is_us(c.country) else None
        places.town(key, known or c)
    places.other = _count_and_abroad(dataset, places.towns)
    return places


def _count_and_abroad(dataset: Dataset, towns: dict[tuple[str, str, str], Town]
                      ) -> list[tuple[str, str, float, float]]:
    """Counts each town's entries, and gives the postal codes abroad that entries name,
    each at the median of its entries, like the entries' own towns."""
    abroad: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for r in dataset.resources:
        loc = r.location
        if loc is None:
            continue
        country = loc.country or dataset.defaults.country
        if loc.city:
            key = town_key(loc.city, loc.region or dataset.defaults.region, country)
            if key in towns:
                towns[key].count += 1
        if loc.postal_code and loc.lat is not None and loc.lon is not None and not is_us(country):
            code = " ".join(loc.postal_code.upper().split())
            abroad[(code, country.strip().upper())].append((loc.lat, loc.lon))
    return [(code, country, statistics.median(p[0] for p in pts),
             statistics.median(p[1] for p in pts))
            for (code, country), pts in sorted(abroad.items())]


def shards(places: Places) -> dict[str, dict[str, Any]]:
    """File name (under DIRECTORY) -> content, for every shard."""
    out: dict[str, dict[str, Any]] = {}
    by_prefix: dict[str, list[tuple[str, Town, float, float]]] = defaultdict(list)
    for row in sorted(places.zips, key=lambda z: z[0]):
        by_prefix[row[0][:2]].append(row)
    for prefix in ZIP_SHARDS:
        rows = by_prefix.get(prefix, [])
        labels: dict[str, int] = {}
        town_ix = [labels.setdefault(places.label(t), len(labels)) for _, t, _, _ in rows]
        out[f"zip-{prefix}.json"] = {
            "v": VERSION, "cs": COORD_SCALE, "tn": list(labels),
            "c": deltas(int(code) for code, _, _, _ in rows), "t": deltas(town_ix),
            "la": deltas(_scale(r[2]) for r in rows), "lo": deltas(_scale(r[3]) for r in rows),
        }
    by_letter: dict[str, list[Town]] = defaultdict(list)
    for t in places.towns.values():
        by_letter[town_shard(t.name)].append(t)
    for letter in TOWN_SHARDS:
        towns = sorted(by_letter.get(letter, []),
                       key=lambda t: (place_key(t.name), t.country, t.region))
        regions: dict[str, int] = {}
        countries: dict[str, int] = {}
        out[f"towns-{letter}.json"] = {
            "v": VERSION, "cs": COORD_SCALE, "home": places.home,
            "n": [t.name for t in towns],
            "g": [regions.setdefault(t.region, len(regions)) for t in towns],
            "o": [countries.setdefault(t.country, len(countries)) for t in towns],
            "rg": list(regions), "co": list(countries),
            "la": deltas(_scale(t.lat) for t in towns),
            "lo": deltas(_scale(t.lon) for t in towns),
            "k": [t.count for t in towns],
        }
    out["other.json"] = {"v": VERSION, "cs": COORD_SCALE,
                         "pc": [[code, country, _scale(lat), _scale(lon)]
                                for code, country, lat, lon in places.other]}
    return out


def files(dataset: Dataset, radius: float = RADIUS_MILES) -> list[tuple[str, str]]:
    return [(DIRECTORY + name, dumps(data))
            for name, data in shards(collect(dataset, radius)).items()]


def _scale(degrees: float) -> int:
    return round(degrees * COORD_SCALE)

