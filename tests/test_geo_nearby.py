"""Nearby alternatives against brute force (all pairs, haversine, which is itself checked
against geopy's great_circle below), and the distance helpers."""

from __future__ import annotations

import random

import pytest
from geopy.distance import great_circle

from generator.format.model import Location, Resource
from generator.geo.distance import chord_to_miles, miles, miles_to_chord, unit_vector
from generator.geo.nearby import nearest


def _entry(i: int, lat: float | None, lon: float | None, *, status: str = "active",
           attendance: str = "in-person") -> Resource:
    return Resource(id=f"e{i:04d}", name=f"Group {i}", kind="meeting", program="aa",
                    attendance=attendance, status=status, location=Location(lat=lat, lon=lon))


def _brute(resources: list[Resource], k: int, max_miles: float
           ) -> dict[str, list[tuple[str, float]]]:
    def coords(r: Resource) -> tuple[float, float]:
        assert r.location and r.location.lat is not None and r.location.lon is not None
        return (r.location.lat, r.location.lon)

    placed = [r for r in resources if r.is_in_person and r.location
              and r.location.has_coordinates]
    active = [r for r in placed if r.status == "active"]
    out = {}
    for q in placed:
        ds = sorted((miles(*coords(q), *coords(c)), c.id)
                    for c in active if c.id != q.id)
        out[q.id] = [(cid, d) for d, cid in ds if d <= max_miles][:k]
    return out


def _clustered(n: int, seed: int) -> list[Resource]:
    """Clusters (some entries sharing one building), a thin spread, inactive and online
    entries, and points at the antimeridian and near a pole."""
    rng = random.Random(seed)
    centres = [(39.8, -89.6), (40.7, -74.0), (64.8, -147.7), (-16.5, 179.9), (51.0, 0.0),
               (85.0, 30.0)]
    out: list[Resource] = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.6:
            lat0, lon0 = rng.choice(centres)
            lat, lon = lat0 + rng.gauss(0, 0.15), lon0 + rng.gauss(0, 0.2)
            lon = (lon + 180) % 360 - 180
        elif roll < 0.75 and out:
            prev = rng.choice(out).location
            assert prev is not None
            lat, lon = prev.lat, prev.lon  # type: ignore[assignment]
        else:
            lat, lon = rng.uniform(25, 49), rng.uniform(-124, -67)
        status = rng.choice(["active"] * 8 + ["inactive", "temporarily-closed"])
        attendance = rng.choice(["in-person", "in-person", "hybrid", "online"])
        out.append(_entry(i, lat, lon, status=status, attendance=attendance))
    out.append(_entry(n, None, None))  # in person, not yet geocoded: no alternatives key
    return out


@pytest.mark.parametrize(("n", "k", "max_miles", "seed"), [
    (300, 5, 50, 1), (400, 3, 10, 2), (250, 8, 500, 3), (300, 1, 2, 4), (200, 5, 5000, 5),
])
def test_nearest_equals_brute_force(n: int, k: int, max_miles: float, seed: int) -> None:
    resources = _clustered(n, seed)
    got = nearest(resources, k=k, max_miles=max_miles)
    expected = _brute(resources, k, max_miles)
    assert got.keys() == expected.keys()
    for qid, want in expected.items():
        assert [cid for cid, _ in got[qid]] == [cid for cid, _ in want], qid
        assert [d for _, d in got[qid]] == pytest.approx([d for _, d in want], abs=1e-6)
    # The data really exercises the interesting cases.
    assert sum(1 for v in got.values() if len(v) == k) > n // 5
    assert any(v and v[0][1] == 0 for v in got.values())  # same building


def test_only_active_in_person_candidates_and_never_self() -> None:
    closed = _entry(1, 40.0, -89.0, status="temporarily-closed")
    online = _entry(2, 40.0, -89.001, attendance="online")
    near = _entry(3, 40.0, -89.01)
    hybrid = _entry(4, 40.0, -89.02, attendance="hybrid")
    far = _entry(5, 41.0, -89.0)  # ~69 miles: outside 50
    got = nearest([closed, online, near, hybrid, far], k=5, max_miles=50)
    assert "e0002" not in got  # online entries get no alternatives
    assert [cid for cid, _ in got["e0001"]] == ["e0003", "e0004"]  # closed one still asks
    assert [cid for cid, _ in got["e0003"]] == ["e0004"]  # the closed one is no alternative
    assert got["e0005"] == []


def test_degenerate_inputs() -> None:
    assert nearest([]) == {}
    one = [_entry(1, 10.0, 10.0)]
    assert nearest(one) == {"e0001": []}
    assert nearest(one + [_entry(2, 10.0, 10.0)], k=0) == {"e0001": [], "e0002": []}


def test_haversine_matches_geopy_great_circle() -> None:
    rng = random.Random(7)
    for _ in range(500):
        a = (rng.uniform(-90, 90), rng.uniform(-180, 180))
        b = (rng.uniform(-90, 90), rng.uniform(-180, 180))
        expected = great_circle(a, b).miles
        assert miles(*a, *b) == pytest.approx(expected, rel=1e-9, abs=1e-9)
        chord = sum((p - q) ** 2 for p, q in zip(unit_vector(*a), unit_vector(*b),
                                                strict=True)) ** 0.5
        assert chord_to_miles(chord) == pytest.approx(expected, rel=1e-9, abs=1e-6)
    assert chord_to_miles(miles_to_chord(50)) == pytest.approx(50)
