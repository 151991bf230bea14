"""Coordinate sanity checks, on real loaded text so the reported lines are the loader's."""

from __future__ import annotations

import pytest

from generator.format.diagnostics import Report
from generator.format.loader import load
from generator.format.model import Dataset
from generator.geo.centroids import with_centroids
from generator.geo.checks import check_coordinates, in_country

ENTRY = """\
  - id: {id}
    name: Group {id}
    kind: community
    program: aa
    attendance: in-person
    location:
      address: 1 Main St
      city: {city}
      region: {region}
      postal_code: "{postal}"
      country: {country}
{coords}"""


def _file(*entries: dict[str, str]) -> str:
    parts = ["resources:\n"]
    for e in entries:
        e = {"city": "Springfield", "region": "IL", "postal": "62701", "country": "US", **e}
        coords = e.pop("coords", "")
        if coords:
            lat, lon = coords.split(",")
            coords = f"      lat: {lat.strip()}\n      lon: {lon.strip()}\n"
        parts.append(ENTRY.format(coords=coords, **e))
    return "".join(parts)


def _check(text: str) -> tuple[Dataset, Report]:
    dataset, report = load("resources.yaml", text)
    assert not report.errors, [d.format() for d in report.errors]
    check_coordinates(dataset, report)
    return dataset, report


def _lat_line(text: str, entry_id: str) -> int:
    lines = text.splitlines()
    start = lines.index(f"  - id: {entry_id}")
    return next(i for i in range(start, len(lines)) if "lat:" in lines[i]) + 1


@pytest.mark.parametrize(("coords", "severity", "words"), [
    ("39.8012, -89.6441", None, ""),
    ("-89.6441, 39.8012", "error", "swapped"),
    ("39.8012, 89.6441", "error", "minus sign"),
    ("-39.8012, -89.6441", "error", "minus sign"),
    ("51.5, -0.12", "error", "outside the stated country US"),
    ("41.88, -87.63", "warning", "miles from postal code 62701"),
])
def test_us_entry(coords: str, severity: str | None, words: str) -> None:
    text = _file({"id": "a", "coords": "39.80, -89.65"}, {"id": "b", "coords": coords})
    _, report = _check(text)
    if severity is None:
        assert report.items == []
        return
    [d] = report.items
    assert d.severity == severity
    assert words in d.message and d.message.startswith("b: ")
    assert (d.line, d.col) == (_lat_line(text, "b"), 12)
    assert d.hint


def test_far_from_town_when_postal_code_unknown() -> None:
    text = _file({"id": "a", "postal": "", "coords": "41.88, -87.63"})
    [d] = _check(text)[1].items
    assert d.severity == "warning" and "miles from Springfield, IL" in d.message


def test_canada_uses_boxes_and_the_datasets_own_towns() -> None:
    town = {"city": "Riverton", "region": "MB", "postal": "R0C 2R0", "country": "CA"}
    text = _file(
        {"id": "a", **town, "coords": "50.95, -97.00"},
        {"id": "b", **town, "coords": "50.96, -97.01"},
        {"id": "c", **town, "coords": "50.94, -96.99"},
        {"id": "far", **town, "coords": "49.90, -97.14"},  # Winnipeg: ~73 miles away
        {"id": "sign", **town, "coords": "50.95, 97.00"},
        {"id": "range", **town, "coords": "-97.00, 50.95"},  # validate.py's to report
        {"id": "abroad", **town, "coords": "48.85, 2.35"},
    )
    report = _check(text)[1]
    got = {d.message.split(":")[0]: (d.severity, d.line) for d in report.items}
    assert got == {"far": ("warning", _lat_line(text, "far")),
                   "sign": ("error", _lat_line(text, "sign")),
                   "abroad": ("error", _lat_line(text, "abroad"))}


def test_unknown_country_and_out_of_range_are_left_alone() -> None:
    text = _file({"id": "de", "country": "DE", "postal": "10115", "city": "Berlin",
                  "region": "BE", "coords": "52.53, 13.38"},
                 {"id": "range", "coords": "139.8, -89.6"})
    assert _check(text)[1].items == []  # the range error is validate.py's, reported once


def test_in_country_boxes() -> None:
    assert in_country(61.2, -149.9, "US")  # Anchorage
    assert in_country(21.3, -157.85, "usa")  # Honolulu
    assert in_country(18.4, -66.06, "United States")  # San Juan
    assert not in_country(19.43, -99.13, "US")  # Mexico City
    assert in_country(45.5, -73.57, "CA") and not in_country(35.0, -100.0, "CA")
    assert in_country(1.0, 1.0, "ZZ") is None and in_country(1.0, 1.0, "") is None


def test_with_centroids_fills_only_what_is_missing() -> None:
    text = _file({"id": "has", "coords": "39.80, -89.65"},
                 {"id": "zip", "postal": "62702"},
                 {"id": "town", "postal": "", "city": "Peoria"},
                 {"id": "nothing", "postal": "", "city": "Nowhere Special"})
    dataset, _ = load("resources.yaml", text)
    filled = with_centroids(dataset)
    by_id = filled.by_id()
    assert by_id["has"] is dataset.by_id()["has"]
    zip_loc = by_id["zip"].location
    assert zip_loc is not None and zip_loc.approximate and zip_loc.has_coordinates
    assert abs(zip_loc.lat - 39.82) < 0.1  # type: ignore[operator]
    town_loc = by_id["town"].location
    assert town_loc is not None and town_loc.approximate and abs(town_loc.lat - 40.7) < 0.2  # type: ignore[operator]
    assert by_id["nothing"].location.lat is None  # type: ignore[union-attr]
    assert dataset.by_id()["zip"].location.lat is None  # type: ignore[union-attr]
    assert by_id["zip"].positions == dataset.by_id()["zip"].positions
    assert with_centroids(filled) is filled
