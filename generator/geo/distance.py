"""Great-circle distances in miles, on geopy's sphere (geopy.distance.EARTH_RADIUS).

`miles()` is the haversine formula; tests check it against geopy.distance.great_circle,
which is ~20x slower per call because it builds Point and Distance objects. The 3D
unit-vector helpers let the spatial index compare straight-line (chord) distances, which
order points exactly like great-circle distances and have no trouble at the poles or the
antimeridian.
"""

from __future__ import annotations

import math

from geopy.distance import EARTH_RADIUS
from geopy.units import miles as km_to_miles

EARTH_RADIUS_MILES: float = km_to_miles(kilometers=EARTH_RADIUS)


def miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points in decimal degrees, in miles."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    """The point on the unit sphere for a latitude/longitude in degrees."""
    p, lam = math.radians(lat), math.radians(lon)
    c = math.cos(p)
    return (c * math.cos(lam), c * math.sin(lam), math.sin(p))


def chord_to_miles(chord: float) -> float:
    """Straight-line distance between two unit vectors -> great-circle miles."""
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, chord / 2))


def miles_to_chord(distance: float) -> float:
    """Great-circle miles -> straight-line distance between unit vectors (capped at 2)."""
    half_angle = min(math.pi / 2, distance / EARTH_RADIUS_MILES / 2)
    return 2 * math.sin(half_angle)
