"""The bundled postal-code gazetteer and town centroids."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from generator.format.model import Dataset, Defaults, Location, Resource
from generator.geo.distance import miles
from generator.geo.gazetteer import (
    Centroid,
    dataset_town_centroids,
    postal_centroid,
    town_centroid,
    us_centroids,
)


def test_postal_centroid_known_codes() -> None:
    c = postal_centroid("62701")
    assert c is not None
    assert (c.city, c.region, c.country) == ("Springfield", "IL", "US")
    assert miles(c.lat, c.lon, 39.80, -89.65) < 5
    assert postal_centroid("62701-1234") == c
    assert postal_centroid(" 62701 ", "USA") == c
    boston = postal_centroid("02134")  # the leading zero matters
    assert boston is not None and boston.region == "MA"


@pytest.mark.parametrize(("code", "country"), [
    ("99999", "US"), ("6270", "US"), ("abcde", "US"), ("", "US"),
    ("62701", "CA"),  # no Canadian table bundled
    ("09015", "US"),  # military APO code: no place
])
def test_postal_centroid_unknown(code: str, country: str) -> None:
    assert postal_centroid(code, country) is None


def test_us_centroids_are_real_places() -> None:
    cs = us_centroids()
    assert len(cs) > 40_000
    assert all(isinstance(c, Centroid) and not (c.lat == 0 and c.lon == 0) for c in cs)
    assert [c.postal_code for c in cs[:3]] == sorted(c.postal_code for c in cs[:3])
    with pytest.raises(FrozenInstanceError):
        cs[0].lat = 1.0  # type: ignore[misc]


def test_town_centroid() -> None:
    c = town_centroid("springfield", "il")
    assert c is not None and c.region == "IL"
    assert miles(c.lat, c.lon, 39.78, -89.65) < 10
    assert town_centroid("Springfield", "MA") != c
    assert town_centroid("Nowhere At All", "IL") is None
    assert town_centroid("Toronto", "ON", "CA") is None


def test_dataset_town_centroids_use_median_and_defaults() -> None:
    def at(i: int, lat: float, lon: float, city: str = "Riverton") -> Resource:
        return Resource(id=f"r{i}", name="G", kind="meeting", program="aa",
                        attendance="in-person",
                        location=Location(city=city, lat=lat, lon=lon))
    ds = Dataset("x.yaml", [at(1, 50.0, -100.0), at(2, 50.1, -100.1), at(3, 10.0, 10.0),
                            at(4, 1.0, 1.0, city="")],
                 Defaults(country="CA", region="MB"))
    towns = dataset_town_centroids(ds)
    assert list(towns) == [("riverton", "MB", "CA")]
    c = towns[("riverton", "MB", "CA")]
    assert (c.lat, c.lon) == (50.0, -100.0)  # the outlier does not drag the median
    assert (c.city, c.region, c.country) == ("Riverton", "MB", "CA")
