"""The browser gazetteer (/gazetteer.json): decoded in Python, it must hold exactly the US
postal codes within the radius of some listed entry (checked against a brute-force scan
of every centroid), each at its own centroid and in its own town, plus the entries' own
towns and postal codes abroad; and the grid must agree with brute force."""

from __future__ import annotations

import gzip
import json
import random
from datetime import time
from typing import Any

import pytest
from geopy.distance import great_circle

from generator.finder import browser_gazetteer as gazetteer
from generator.finder.browser_gazetteer import PointGrid, miles_between
from generator.format.model import Dataset, Defaults, Location, Resource, ScheduleSlot
from generator.geo.gazetteer import postal_centroid, town_centroid, us_centroids


def decode(files: dict[str, str]) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]],
                                          dict[str, tuple[str, float, float]]]:
    """(zips by code, towns, other postal codes) from every shard, as finder.js reads them."""
    zips: dict[str, dict[str, Any]] = {}
    towns: list[dict[str, Any]] = []
    other: dict[str, tuple[str, float, float]] = {}
    for path, text in files.items():
        x = json.loads(text)
        name = path.removeprefix(gazetteer.DIRECTORY)
        if name.startswith("zip-"):
            code = t = la = lo = 0
            for i in range(len(x["c"])):
                code, t = code + x["c"][i], t + x["t"][i]
                la, lo = la + x["la"][i], lo + x["lo"][i]
                key = f"{code:05d}"
                assert key.startswith(name[4:6]), (key, name)
                zips[key] = {"lat": la / x["cs"], "lon": lo / x["cs"], "town": x["tn"][t]}
        elif name.startswith("towns-"):
            la = lo = 0
            for i, town in enumerate(x["n"]):
                la, lo = la + x["la"][i], lo + x["lo"][i]
                assert gazetteer.town_shard(town) == name[6:7], (town, name)
                towns.append({"name": town, "region": x["rg"][x["g"][i]],
                              "country": x["co"][x["o"][i]], "lat": la / x["cs"],
                              "lon": lo / x["cs"], "count": x["k"][i]})
        else:
            assert name == "other.json"
            other.update({row[0]: (row[1], row[2] / x["cs"], row[3] / x["cs"]) for row in x["pc"]})
    return zips, towns, other


def _entry(i: str, city: str, region: str, lat: float, lon: float, *, country: str = "US",
           postal: str = "", status: str = "active") -> Resource:
    return Resource(
        id=i, name=i, kind="meeting", program="aa", attendance="in-person", status=status,
        timezone="America/Chicago",
        schedule=(ScheduleSlot(days=("mon",), start=time(19)),),
        location=Location(city=city, region=region, country=country, postal_code=postal,
                          lat=lat, lon=lon))


def _dataset() -> Dataset:
    return Dataset("r.yaml", [
        _entry("springfield", "Springfield", "IL", 39.8017, -89.6436),
        _entry("springfield-2", "springfield", "IL", 39.78, -89.65),  # same town, other case
        _entry("duluth", "Duluth", "MN", 46.7867, -92.1005),
        _entry("far-gone", "Honolulu", "HI", 21.3069, -157.8583, status="inactive"),
        _entry("toronto", "Toronto", "ON", 43.6532, -79.3832, country="CA", postal="M5V 2T6"),
        _entry("toronto-2", "Toronto", "ON", 43.6500, -79.3800, country="CA", postal="m5v  2t6"),
    ], Defaults(timezone="America/Chicago", country="US"))


RADIUS = 30.0


@pytest.fixture(scope="module")
def built() -> dict[str, str]:
    return dict(gazetteer.files(_dataset(), radius=RADIUS))


def test_exactly_the_postal_codes_within_the_radius(built: dict[str, str]) -> None:
    zips, _, _ = decode(built)
    points = [(r.location.lat, r.location.lon) for r in _dataset().resources
              if r.location and r.status != "inactive" and r.location.lat is not None
              and r.location.lon is not None]
    nearest = {}
    for c in us_centroids():
        close = [p for p in points if abs(p[0] - c.lat) < 1]  # 1° of latitude > 69 miles
        if close:
            nearest[c.postal_code] = min(great_circle((c.lat, c.lon), p).miles for p in close)
    brute = {code for code, d in nearest.items() if d <= RADIUS - 0.7}
    maybe = {code for code, d in nearest.items() if d <= RADIUS + 0.7}
    # Entry points are pooled to 0.01° (under 0.7 mile), so only codes that close to the
    # edge may go either way.
    assert brute <= set(zips) <= maybe
    assert "62701" in zips and "55802" in zips and "96813" not in zips  # inactive: no codes
    assert len(brute) > 50


def test_each_code_at_its_centroid_in_its_town(built: dict[str, str]) -> None:
    zips, _, _ = decode(built)
    for code, z in zips.items():
        c = postal_centroid(code)
        assert c is not None
        assert (z["lat"], z["lon"]) == pytest.approx((c.lat, c.lon), abs=1e-9)
        assert z["town"] == f"{c.city}, {c.region}"


def test_towns_once_each_with_their_entry_counts(built: dict[str, str]) -> None:
    _, towns, _ = decode(built)
    keys = [(t["name"].casefold(), t["region"], t["country"]) for t in towns]
    assert len(keys) == len(set(keys))
    by = {k: t for k, t in zip(keys, towns, strict=True)}
    assert by[("springfield", "IL", "US")]["count"] == 2
    assert by[("duluth", "MN", "US")]["count"] == 1
    assert by[("chatham", "IL", "US")]["count"] == 0  # a neighbour, found through its codes
    toronto = by[("toronto", "ON", "CA")]
    assert toronto["count"] == 2  # the entries' own town, at their median
    assert (toronto["lat"], toronto["lon"]) == pytest.approx((43.6516, -79.3816), abs=1e-4)
    assert not any(t["region"] == "HI" for t in towns)


def test_postal_codes_abroad_come_from_the_entries(built: dict[str, str]) -> None:
    _, _, other = decode(built)
    assert set(other) == {"M5V 2T6"}
    country, lat, lon = other["M5V 2T6"]
    assert country == "CA" and (lat, lon) == pytest.approx((43.6516, -79.3816), abs=1e-4)
    assert all(json.loads(text)["v"] == 1 for text in built.values())


def test_grid_agrees_with_brute_force() -> None:
    rng = random.Random(11)
    points = [(rng.uniform(25, 70), rng.uniform(-170, -60)) for _ in range(300)]
    grid = PointGrid.of(points)
    pooled = {(round(a, 2), round(b, 2)) for a, b in points}
    for _ in range(400):
        lat, lon = rng.uniform(20, 75), rng.uniform(-179, -55)
        radius = rng.choice((10.0, 60.0, 150.0))
        want = any(miles_between(lat, lon, a, b) <= radius for a, b in pooled)
        assert grid.any_within(lat, lon, radius) == want


def test_grid_wraps_the_antimeridian() -> None:
    grid = PointGrid.of([(52.0, 179.9)])
    assert grid.any_within(52.0, -179.9, 20)
    assert not grid.any_within(52.0, -175.0, 20)


def test_haversine_matches_geopy() -> None:
    rng = random.Random(5)
    for _ in range(200):
        a = (rng.uniform(-80, 80), rng.uniform(-180, 180))
        b = (rng.uniform(-80, 80), rng.uniform(-180, 180))
        assert miles_between(*a, *b) == pytest.approx(great_circle(a, b).miles, rel=1e-9)


def test_empty_dataset_gives_every_shard_empty() -> None:
    files = dict(gazetteer.files(Dataset("r.yaml", [])))
    assert len(files) == 100 + 27 + 1  # every shard exists: the browser never gets a 404
    zips, towns, other = decode(files)
    assert zips == {} and towns == [] and other == {}


def test_shards_stay_small_and_are_chosen_like_finder_js() -> None:
    from generator.synth import generate

    files = gazetteer.files(generate(3000, seed=2))
    assert max(len(gzip.compress(text.encode(), 6)) for _, text in files) < 20_000
    assert gazetteer.place_key("St. Louis") == "saint louis"
    assert gazetteer.place_key("  Coeur d'Alène ") == "coeur d alene"
    assert gazetteer.town_shard("Mt. Vernon") == "m" and gazetteer.town_shard("Øster") == "_"


def test_towns_keep_their_zip_table_centroid(built: dict[str, str]) -> None:
    _, towns, _ = decode(built)
    for t in towns:
        if t["country"] == "US":
            c = town_centroid(t["name"], t["region"])
            assert c is not None
            assert (t["lat"], t["lon"]) == pytest.approx((c.lat, c.lon), abs=6e-5)
