"""Coordinates written into YAML text without reformatting it: every line other than
the lat/lon/approximate lines keeps its bytes, and the result reads back as intended."""

from __future__ import annotations

import pytest

from generator.format.loader import load
from generator.format.model import Dataset
from generator.format.yamledit import (
    CoordinateEdit,
    edit_coordinates,
    format_coordinate,
    split_lines,
)
from tests.geo_support import assert_only_coordinate_lines_changed

# Comments everywhere, odd quoting, a block scalar, a quoted value continued on a less
# indented line (valid YAML), deeper indentation, a flow mapping, no final newline.
NASTY = """\
# yaml-language-server: $schema=resources.schema.json
defaults: {timezone: America/Chicago, country: US, region: IL}   # defaults
resources:
  # --- Springfield ---
  - id: quoted-and-commented   # trailing comment
    name: 'It''s "quoted"'
    kind: community
    program: aa
    attendance: in-person
    location:
      place: "Hall: upstairs # not a comment"
      address: '100 Example St'    # single quotes
      city: Springfield


      postal_code: "62701"
      # a comment between keys
      directions: |
        Side door, then
          downstairs: room 2
    tags: [open]
  - id: already-there
    name: Already
    kind: community
    program: aa
    attendance: in-person
    location: {address: 2 Done St, city: Springfield, lat: 39.8, lon: -89.6}
  - id: deep-indent
    name: Deep
    kind: community
    program: aa
    attendance: hybrid
    online:
      url: "https://example.org/j"
    location:
            "address": "200 Demo Ave"
            city: Springfield
            postal_code: '62702'
            approximate: false   # keep this comment
  - id: long-quote
    name: Long
    kind: community
    program: aa
    attendance: in-person
    location:
      city: Springfield
      address: "12 Long
  Street"
      directions: 'Ring the bell, then
        wait'
  - id: flow
    name: Flow
    kind: community
    program: aa
    attendance: in-person
    location: {address: "1 Flow St, Unit {2}", city: Springfield, postal_code: "62703" }  # f
  - id: last-no-newline
    name: Last
    kind: community
    program: aa
    attendance: in-person
    location:
      address: 5 Fifth St
      postal_code: "62704\""""

def _edits(dataset: Dataset, approximate: bool = False) -> list[CoordinateEdit]:
    out = []
    for n, r in enumerate(dataset.resources):
        if r.location is not None and not r.location.has_coordinates:
            out.append(CoordinateEdit(r.id, r.pos("location"), 39.7 + n / 100,
                                      -89.61 - n / 1000, approximate or n % 2 == 0))
    return out


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_untouched_lines_keep_their_bytes(newline: str) -> None:
    text = NASTY.replace("\n", newline)
    dataset, report = load("resources.yaml", text)
    assert not report.errors, [d.format() for d in report.errors]
    edits = _edits(dataset)
    assert {e.entry_id for e in edits} == {"quoted-and-commented", "deep-indent", "long-quote",
                                           "flow", "last-no-newline"}
    new_text, refused = edit_coordinates(text, edits)
    assert refused == {}
    assert_only_coordinate_lines_changed(text, new_text)
    # 9 inserted lines and the old last line's new ending, all in the file's own style
    assert new_text.count(newline) == text.count(newline) + 10
    assert new_text.count("\n") == new_text.count(newline)

    after, report = load("resources.yaml", new_text)
    assert not report.errors, [d.format() for d in report.errors]
    by_id = after.by_id()
    for e in edits:
        loc = by_id[e.entry_id].location
        assert loc is not None
        assert (loc.lat, loc.lon, loc.approximate) == (round(e.lat, 6), round(e.lon, 6),
                                                       e.approximate)
    for old, new in zip(dataset.resources, after.resources, strict=True):
        assert (old.name, old.tags, old.online, old.location.address,  # type: ignore[union-attr]
                old.location.directions) == (  # type: ignore[union-attr]
                new.name, new.tags, new.online, new.location.address,  # type: ignore[union-attr]
                new.location.directions)  # type: ignore[union-attr]


def test_lines_go_in_the_block_in_field_order() -> None:
    dataset, _ = load("resources.yaml", NASTY)
    new_text, _ = edit_coordinates(NASTY, _edits(dataset, approximate=True))
    lines = new_text.splitlines()
    at = lines.index('      postal_code: "62701"')
    assert lines[at + 1:at + 4] == ["      lat: 39.7", "      lon: -89.61",
                                    "      approximate: true"]
    assert lines[at + 4] == "      # a comment between keys"  # stays with directions
    deep = lines.index("            postal_code: '62702'")
    assert lines[deep + 1:deep + 4] == ["            lat: 39.72", "            lon: -89.612",
                                        "            approximate: true   # keep this comment"]
    # after the continued quoted address, not inside it
    assert lines[lines.index('  Street"') + 1] == "      lat: 39.73"
    assert ('    location: {address: "1 Flow St, Unit {2}", city: Springfield, postal_code: '
            '"62703", lat: 39.74, lon: -89.614, approximate: true }  # f') in lines
    assert lines[-3:] == ["      lat: 39.75", "      lon: -89.615", "      approximate: true"]


def test_existing_values_are_replaced_in_place() -> None:
    text = ("resources:\n  - id: a\n    location:\n      lat: 1.0   # old\n"
            "      'lon': \"2.0\"\n      approximate: true\n      city: X\n")
    new, refused = edit_coordinates(text, [CoordinateEdit("a", (4, 7), 39.5, -89.25, False)])
    assert refused == {}
    assert new == ("resources:\n  - id: a\n    location:\n      lat: 39.5   # old\n"
                   "      'lon': -89.25\n      approximate: false\n      city: X\n")


@pytest.mark.parametrize(("text", "pos", "words"), [
    ("x:\n  location: {city: A,\n    postal_code: '1'}\n", (2, 13), "spans lines"),
    ("x:\n  location: {city: A, lat: 1}\n", (2, 13), "already has"),
    ("x:\n  location:\n    city: 'A\n", (3, 5), "not closed"),
    ("x:\n  location:\n    city: A\n", (9, 5), "does not match"),
    ("x:\n  location:\n    city: A\n", (2, 1), "does not match"),
])
def test_unsure_edits_are_refused_and_text_kept(text: str, pos: tuple[int, int],
                                                words: str) -> None:
    new, refused = edit_coordinates(text, [CoordinateEdit("a", pos, 1.0, 2.0, False)])
    assert new == text
    assert words in refused["a"]


def test_refused_edit_leaves_other_edits_applied() -> None:
    text = "r:\n  - location: {a: 1, lat: 2}\n  - location:\n      a: 1\n"
    new, refused = edit_coordinates(text, [CoordinateEdit("x", (2, 15), 1.0, 2.0, False),
                                           CoordinateEdit("y", (4, 7), 3.0, 4.0, False)])
    assert list(refused) == ["x"]
    assert new == "r:\n  - location: {a: 1, lat: 2}\n  - location:\n      a: 1\n" \
                  "      lat: 3.0\n      lon: 4.0\n"


@pytest.mark.parametrize(("value", "text"), [
    (39.8017, "39.8017"), (-89.0, "-89.0"), (1.23456789, "1.234568"), (-0.0000001, "0.0"),
    (180, "180.0"), (0.1 + 0.2, "0.3"),
])
def test_format_coordinate(value: float, text: str) -> None:
    assert format_coordinate(value) == text


def test_split_lines_matches_yaml_line_counting() -> None:
    text = "a\r\nb\rc\u2028d\ne"
    assert split_lines(text) == ["a\r\n", "b\r", "c\u2028", "d\n", "e"]
    assert "".join(split_lines(text)) == text
    assert split_lines("") == []


def test_the_byte_check_catches_other_changes() -> None:
    """The helper the geocode tests rely on fails on anything but coordinate lines."""
    ok = NASTY.replace('      postal_code: "62701"\n', '      postal_code: "62701"\n'
                       "      lat: 1.0\n")
    assert_only_coordinate_lines_changed(NASTY, ok)
    for bad in (ok.replace("Side door", "Side  door"),
                ok.replace("'100 Example St'", '"100 Example St"'),
                ok.replace("  # --- Springfield ---\n", ""),
                ok.replace("region: IL}   # defaults", "region: IL}  # defaults"),
                ok.replace("\n", "\r\n", 1),
                ok.replace("      lat: 1.0\n", "      lat: 1.0\n      city: X\n")):
        with pytest.raises(AssertionError):
            assert_only_coordinate_lines_changed(NASTY, bad)
