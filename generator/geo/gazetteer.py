"""Offline place reference: US postal-code (ZIP) centroids from the `zipcodes` package,
town centroids derived from them, and town centroids taken from a Dataset's own entries.

The `zipcodes` table is read-only reference data shipped with the package, so it is loaded
once per process (functools.lru_cache) and never written to. It covers the United States
and its territories only; for other countries `postal_centroid` answers None and callers
fall back to the dataset's own town centroids.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import zipcodes

from generator.format.model import Dataset
from generator.geo.placenames import country_code

# ZIP+4 ("62701-1234") and ZIP with stray spaces both mean the 5-digit ZIP.
_US_ZIP = re.compile(r"^\s*(\d{5})(?:\s*-?\s*\d{4})?\s*$")


@dataclass(frozen=True, slots=True)
class Centroid:
    postal_code: str
    city: str
    region: str
    country: str
    lat: float
    lon: float


def is_us(country: str) -> bool:
    """True for the country spellings that mean the United States (empty counts as US,
    because the ZIP table is the only postal table bundled)."""
    return not country.strip() or country_code(country) == "US"


def normalize_us_zip(code: str) -> str | None:
    """"62701", "62701-1234" -> "62701"; anything else -> None."""
    m = _US_ZIP.match(code)
    return m.group(1) if m else None


@lru_cache(maxsize=1)
def _us_table() -> dict[str, Centroid]:
    table: dict[str, Centroid] = {}
    for z in zipcodes.list_all():
        # Military APO/FPO codes have no fixed place (their coordinates are 0,0 or abroad).
        if z["zip_code_type"] == "MILITARY":
            continue
        lat, lon = float(z["lat"] or 0), float(z["long"] or 0)
        if lat == 0 and lon == 0:
            continue
        table[z["zip_code"]] = Centroid(
            z["zip_code"], z["city"], z["state"], z["country"] or "US", lat, lon
        )
    return table


def postal_centroid(code: str, country: str = "US") -> Centroid | None:
    """The centroid of a postal code, or None when unknown (or the country has no table)."""
    if not is_us(country):
        return None
    zip5 = normalize_us_zip(code)
    return _us_table().get(zip5) if zip5 else None


def us_centroids() -> list[Centroid]:
    """Every US postal-code centroid with coordinates (about 41,000), ZIP order."""
    return sorted(_us_table().values(), key=lambda c: c.postal_code)


def town_key(city: str, region: str, country: str = "US") -> tuple[str, str, str]:
    """Case- and spacing-insensitive key for a town; "US"/"USA"/"" all mean US."""
    country_key = "US" if is_us(country) else country.strip().upper()
    return (" ".join(city.split()).casefold(), region.strip().upper(), country_key)


@lru_cache(maxsize=1)
def _us_towns() -> dict[tuple[str, str, str], Centroid]:
    # Mean of the town's ZIP centroids: good enough for "near Springfield, IL".
    points: dict[tuple[str, str, str], list[Centroid]] = defaultdict(list)
    for c in _us_table().values():
        points[town_key(c.city, c.region)].append(c)
    towns: dict[tuple[str, str, str], Centroid] = {}
    for key, cs in points.items():
        first = min(cs, key=lambda c: c.postal_code)
        towns[key] = Centroid(
            first.postal_code, first.city, first.region, "US",
            round(statistics.fmean(c.lat for c in cs), 5),
            round(statistics.fmean(c.lon for c in cs), 5),
        )
    return towns


def town_centroid(city: str, region: str, country: str = "US") -> Centroid | None:
    """Centroid of a US town (mean of its ZIP centroids), or None. `postal_code` is the
    town's lowest ZIP, for display only."""
    if not city or not region or not is_us(country):
        return None
    return _us_towns().get(town_key(city, region, country))


def dataset_town_centroids(dataset: Dataset) -> dict[tuple[str, str, str], Centroid]:
    """Town centroids from the entries' own coordinates, keyed by `town_key`.

    The median (not the mean) of each coordinate, so one mistyped entry does not drag its
    town's centroid away; entries marked approximate count too. Works for any country.
    """
    lats: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    lons: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    labels: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    default_country = dataset.defaults.country
    default_region = dataset.defaults.region
    for r in dataset.resources:
        loc = r.location
        if loc is None or loc.lat is None or loc.lon is None or not loc.city:
            continue
        if not (-90 <= loc.lat <= 90 and -180 <= loc.lon <= 180):
            continue  # a typo (reported by validate) must not move the town
        region = loc.region or default_region
        country = loc.country or default_country
        key = town_key(loc.city, region, country)
        lats[key].append(loc.lat)
        lons[key].append(loc.lon)
        labels.setdefault(key, (loc.city, region, key[2]))
    return {
        key: Centroid("", *labels[key], statistics.median(lats[key]),
                      statistics.median(lons[key]))
        for key in lats
    }
