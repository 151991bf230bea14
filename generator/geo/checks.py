"""Coordinate sanity checks for `validate`: swapped lat/lon, a lost minus sign, points
outside the stated country, and points far from the entry's postal-code or town centroid.

Ranges (-90..90, -180..180) are checked by generator/format/validate.py; entries out of range
are skipped here so each mistake is reported once. Every message points at the line of
`location.lat`.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.format.diagnostics import Report
from generator.format.model import Dataset, Location, Resource

from .centroids import TownCentroids
from .distance import miles
from .gazetteer import (
    Centroid,
    postal_centroid,
    town_centroid,
    town_key,
)
from .placenames import country_code

FAR_MILES = 50.0  # farther than this from the postal/town centroid is likely a typo

# Coarse boxes (min_lat, max_lat, min_lon, max_lon), generous by a few miles: they catch
# a point on the wrong continent, not one on the wrong side of a border.
BOUNDS: dict[str, tuple[tuple[float, float, float, float], ...]] = {
    "US": (
        (24.0, 49.5, -125.0, -66.5),    # contiguous states
        (51.0, 71.6, -180.0, -129.5),   # Alaska
        (51.0, 53.5, 172.0, 180.0),     # the western Aleutians, across the antimeridian
        (18.5, 22.5, -161.0, -154.5),   # Hawaii
        (17.5, 18.8, -68.0, -64.5),     # Puerto Rico and the US Virgin Islands
        (13.0, 21.0, 144.0, 146.5),     # Guam and the Northern Mariana Islands
        (-14.8, -10.9, -171.2, -168.0),  # American Samoa
    ),
    "CA": ((41.5, 83.5, -141.5, -52.3),),
}


def in_country(lat: float, lon: float, country: str) -> bool | None:
    """True/False when the country's boxes are known, None when they are not."""
    boxes = BOUNDS.get(country_code(country))
    if boxes is None:
        return None
    return any(a <= lat <= b and c <= lon <= d for a, b, c, d in boxes)


def check_coordinates(dataset: Dataset, report: Report, far_miles: float = FAR_MILES) -> None:
    """Adds an error or warning at `location.lat` for each entry whose coordinates look
    wrong. O(n): one dictionary lookup per entry for its reference centroid."""
    own_towns = TownCentroids(dataset)  # built only if some entry needs it
    for r in dataset.resources:
        loc = r.location
        if loc is None or loc.lat is None or loc.lon is None:
            continue
        if not (-90 <= loc.lat <= 90 and -180 <= loc.lon <= 180):
            continue  # out of range: validate.py reports it
        _check_one(r, loc, loc.lat, loc.lon, dataset, report, far_miles, own_towns)


def reference(loc: Location, country: str,
              own_towns: Callable[[], dict[tuple[str, str, str], Centroid]]
              ) -> tuple[Centroid, str] | None:
    """The centroid an entry should be near, and how to name it in a message."""
    if loc.postal_code:
        c = postal_centroid(loc.postal_code, country)
        if c is not None:
            return c, f"postal code {loc.postal_code}"
    if loc.city:
        c = town_centroid(loc.city, loc.region, country)
        if c is None:
            c = own_towns().get(town_key(loc.city, loc.region, country))
        if c is not None:
            town = ", ".join(p for p in (loc.city, loc.region) if p)
            return c, town
    return None


def _check_one(r: Resource, loc: Location, lat: float, lon: float, dataset: Dataset,
               report: Report, far_miles: float,
               own_towns: Callable[[], dict[tuple[str, str, str], Centroid]]) -> None:
    country = loc.country or dataset.defaults.country
    inside = in_country(lat, lon, country)
    ref = reference(loc, country, own_towns)
    distance = miles(lat, lon, ref[0].lat, ref[0].lon) if ref else None
    if inside is not False and (distance is None or distance <= far_miles):
        return

    def plausible(a: float, b: float) -> bool:
        if not (-90 <= a <= 90):
            return False
        if ref is not None:
            return miles(a, b, ref[0].lat, ref[0].lon) <= far_miles
        return bool(in_country(a, b, country))

    line, col = r.pos("location.lat")
    if plausible(lon, lat):
        report.error(line, col, f"{r.id}: lat and lon look swapped ({lat}, {lon})",
                     f"write `lat: {lon}` and `lon: {lat}`")
    elif lon != 0 and plausible(lat, -lon):
        report.error(line, col, f"{r.id}: longitude {lon} looks like it lost or gained a "
                     "minus sign", f"write `lon: {-lon}`")
    elif lat != 0 and plausible(-lat, lon):
        report.error(line, col, f"{r.id}: latitude {lat} looks like it lost or gained a "
                     "minus sign", f"write `lat: {-lat}`")
    elif inside is False:
        report.error(line, col, f"{r.id}: coordinates ({lat}, {lon}) are outside the "
                     f"stated country {country_code(country)}",
                     "check the numbers and `country:`; or delete lat/lon and run "
                     "`python -m generator geocode`")
    elif ref is not None and distance is not None:
        report.warning(line, col, f"{r.id}: coordinates are {distance:.0f} miles from "
                       f"{ref[1]}", "check lat/lon and the address; or delete lat/lon "
                       "and run `python -m generator geocode`")
