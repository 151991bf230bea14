"""The strict loader: every error class with its exact line and column, and the tricky
input that must stay what the volunteer meant."""

from __future__ import annotations

import textwrap
from datetime import date, time
from pathlib import Path

import pytest

from generator.format.loader import MAX_BYTES, load

GOOD = """\
resources:
  - id: tuesday-hope
    name: No Name Group
    kind: meeting
    program: aa
    attendance: in-person
    timezone: America/Chicago
    schedule:
      - days: [tue]
        start: 19:00
        end: "20:00"
    location:
      address: 123 Main St
      city: Springfield
      postal_code: 01234
      lat: 39.8017
      lon: -89.6436
"""


def load_text(text: str, name: str = "resources.yaml"):
    return load(name, textwrap.dedent(text))


def errors(text: str) -> list[tuple[int, int, str]]:
    _, report = load_text(text)
    return [(d.line, d.col, f"{d.message} {d.hint}".strip()) for d in report.sorted() if d.is_error]


def test_tricky_values_stay_what_the_volunteer_meant() -> None:
    dataset, report = load_text(GOOD)
    assert report.items == []
    r = dataset.resources[0]
    assert r.name == "No Name Group"
    assert r.schedule[0].start == time(19, 0)  # unquoted 19:00 is not sexagesimal 1140
    assert r.location is not None and r.location.postal_code == "01234"  # leading zero kept
    assert r.location.lat == pytest.approx(39.8017)
    assert r.line == 2


@pytest.mark.parametrize("value", ["no", "on", "off", "yes", "1e3", "0x10", "~x", "null pointer"])
def test_yaml11_lookalikes_are_text(value: str) -> None:
    dataset, report = load_text(GOOD.replace("No Name Group", value))
    assert not report.errors
    assert dataset.resources[0].name == value


def test_positions_are_recorded_for_nested_values() -> None:
    dataset, _ = load_text(GOOD)
    r = dataset.resources[0]
    assert r.pos("location.lat") == (16, 12)
    assert r.pos("schedule.0.start") == (10, 16)
    assert r.pos("location.nonexistent") == r.pos("location") == (13, 7)


CASES = [
    # (description, replace this, with this, expected line, col, words in message)
    ("unknown key", "    kind: meeting\n", "    kind: meeting\n    colour: blue\n", 5, 5, "unknown key `colour`"),
    ("typo key suggests", "    timezone:", "    timezon:", 7, 5, "did you mean"),
    ("duplicate key", "    kind: meeting\n", "    kind: meeting\n    kind: community\n", 5, 5, "duplicate key `kind` (first set on line 4)"),
    ("bad enum", "program: aa", "program: AAA", 5, 14, "`AAA` is not one of the allowed values"),
    ("bad id", "id: tuesday-hope", "id: Tuesday Hope", 2, 9, "lowercase letters"),
    ("bad time", "start: 19:00", "start: 7pm", 10, 16, "is not a time"),
    ("bad hour", "start: 19:00", "start: 25:00", 10, 16, "is not a time"),
    ("bad number", "lat: 39.8017", "lat: north", 16, 12, "is not a number"),
    ("bad bool", "      lon: -89.6436\n", "      lon: -89.6436\n      approximate: maybe\n", 18, 20, "must be true or false"),
    ("list expected", "days: [tue]", "days: tue", 9, 15, "must be a list"),
    ("map expected", "    location:\n", "    location: Springfield\n    locationx:\n", 12, 15, "must be a mapping"),
    ("scalar expected", "name: No Name Group", "name: [a, b]", 3, 11, "single value"),
    ("missing required", "    name: No Name Group\n", "", 2, 5, "entry `tuesday-hope` is missing `name`"),
    ("custom tag", "name: No Name Group", "name: !python/object x", 3, 11, "tags like"),
    ("bad date", "    kind: meeting\n", "    kind: meeting\n    verified: 2026-13-01\n", 5, 15, "is not a date"),
    ("bad from date", '        end: "20:00"\n', '        end: "20:00"\n        from: 2026-11-31\n', 12, 15, "`schedule.0.from`: `2026-11-31` is not a date"),
    ("from not a date", '        end: "20:00"\n', '        end: "20:00"\n        from: next week\n', 12, 15, "use YYYY-MM-DD"),
    ("from is one date", '        end: "20:00"\n', '        end: "20:00"\n        from: [2026-11-03]\n', 12, 15, "single value"),
]


@pytest.mark.parametrize("what, old, new, line, col, words", CASES, ids=[c[0] for c in CASES])
def test_each_error_class_has_exact_position(what: str, old: str, new: str, line: int,
                                             col: int, words: str) -> None:
    assert old in GOOD
    found = errors(GOOD.replace(old, new, 1))
    assert any((ln, c) == (line, col) and words in msg for ln, c, msg in found), found


def test_tabs_are_reported_and_the_rest_still_checked() -> None:
    text = GOOD.replace("No Name", "No\tName").replace("program: aa", "program: zz")
    found = errors(text)
    assert any((ln, col) == (3, 13) and msg.startswith("tab character") for ln, col, msg in found)
    assert any(ln == 5 and "`zz`" in msg for ln, _, msg in found)
    found = errors(GOOD.replace("    kind: meeting", "\tkind: meeting"))
    assert any((ln, col) == (4, 1) and "replace the tab" in msg for ln, col, msg in found)


def test_aliases_are_reported_where_written_and_not_expanded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    text = "resources:\n  - id: &i x\n    name: *i\n    kind: meeting\n    program: aa\n    attendance: online\n"
    found = errors(text)
    assert any(f[:2] == (2, 9) and "anchor `i` is not allowed" in f[2] for f in found)
    assert any(f[:2] == (3, 11) and "alias `i` is not allowed" in f[2] for f in found)
    # An alias bomb at the top level is reported, not expanded.
    found = errors(bomb + "resources: []\n")
    assert any("unknown key" in m for _, _, m in found)


def test_all_errors_collected_in_one_pass() -> None:
    text = GOOD + GOOD.replace("resources:\n", "").replace("program: aa", "program: x").replace(
        "kind: meeting", "kind: y")
    found = errors(text)
    assert len([m for *_, m in found if "allowed values" in m]) == 2


@pytest.mark.parametrize("text, words", [
    ("", "empty"),
    ("resources: 5\n", "must be a list"),
    ("foo: 1\n", "no `resources:` list"),
    ("resources:\n  - id: a\n   name: b\n", "YAML syntax"),
    ("resources:\n  - just a string\n", "mapping"),
    ("- a\n- b\n", "must be a mapping"),
])
def test_wrong_shapes(text: str, words: str) -> None:
    assert any(words in msg for *_, msg in errors(text))


def test_unreadable_and_oversized_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"resources:\n  - id: caf\xe9\n")
    _, report = load(bad)
    assert [(d.line, d.col) for d in report.errors] == [(2, 12)]
    assert "UTF-8" in report.errors[0].message
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    _, report = load(big)
    assert "limit" in report.errors[0].message
    _, report = load(tmp_path / "missing.yaml")
    assert "cannot read" in report.errors[0].message


def test_error_format_names_file_line_col_and_hint() -> None:
    _, report = load_text(GOOD.replace("program: aa", "program: aaa"), "data/r.yaml")
    line = report.errors[0].format()
    assert line.startswith("data/r.yaml:5:14: error: ")
    assert "did you mean `aa`?" in line


def test_defaults_fill_zone_country_and_region() -> None:
    text = "defaults:\n  timezone: America/Denver\n  country: US\n  region: CO\n" + GOOD.replace(
        "    timezone: America/Chicago\n", "")
    dataset, report = load_text(text)
    assert not report.errors
    r = dataset.resources[0]
    assert r.timezone == "America/Denver"
    assert r.location is not None and (r.location.country, r.location.region) == ("US", "CO")


def test_verified_date_and_empty_values() -> None:
    dataset, _ = load_text(GOOD + "    verified: 2026-10-01\n    description:\n")
    r = dataset.resources[0]
    assert r.verified == date(2026, 10, 1)
    assert r.description == ""


def test_from_date_is_read_with_its_position_and_written_back() -> None:
    from generator.format.yaml_writer import dump

    text = GOOD.replace('        end: "20:00"\n',
                        '        end: "20:00"\n        every: 2 weeks\n        from: 2026-11-03\n')
    dataset, report = load_text(text)
    assert report.items == []
    (slot,) = dataset.resources[0].schedule
    assert (slot.every, slot.from_) == ("2 weeks", date(2026, 11, 3))
    assert dataset.resources[0].pos("schedule.0.from") == (13, 15)
    written = dump(dataset)
    assert "        every: 2 weeks\n        from: 2026-11-03\n" in written
    again, report = load("again.yaml", written)
    assert report.items == [] and again.resources[0].schedule == (slot,)
    # and a slot without one writes no `from:` line
    plain, _ = load_text(GOOD)
    assert "from:" not in dump(plain)


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x00", "\x7f", "\x9b", "\ufffe"])
def test_control_characters_are_reported_where_they_are(char: str) -> None:
    text = GOOD.replace("city: Springfield", f"city: Spring{char}field")
    found = errors(text)
    assert len(found) == 1, found
    line, col, message = found[0]
    assert (line, col) == (14, 19)
    assert f"U+{ord(char):04X}" in message and "delete it" in message


def test_every_control_character_is_reported_after_other_text() -> None:
    # After non-ASCII text (column counts characters, not bytes), in quotes, and
    # several in one file; tabs are reported as tabs, nothing at 1:1.
    text = GOOD.replace("No Name Group", '"Grüße \x07 Gruppe"').replace(
        "123 Main St", "123 Main\x1bSt").replace("city: Springfield", "city:\tSpringfield")
    found = [(ln, c, m.split(" — ")[0].split(" is ")[0]) for ln, c, m in errors(text)]
    assert found == [(3, 18, "invisible control character U+0007"),
                     (13, 24, "invisible control character U+001B"),
                     (14, 12, "tab character YAML indentation must use spaces; replace the tab "
                              "with spaces")], found


def test_control_character_in_a_large_file_is_found_in_its_batch() -> None:
    """Files of thousands of entries are composed in batches (yaml_source.split_items); the
    position must still be the line in the whole file."""
    entry = GOOD.split("resources:\n", 1)[1]
    items = [entry.replace("tuesday-hope", f"group-{i}") for i in range(300)]
    items[250] = items[250].replace("No Name Group", "No Name\x07Group")
    text = "resources:\n" + "".join(items)
    found = errors(text)
    line = 1 + 250 * entry.count("\n") + 2
    assert [(ln, c) for ln, c, _ in found] == [(line, 18)], found


def test_a_character_only_the_yaml_reader_refuses_is_still_placed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Should libyaml refuse a character the loader's own pattern lets through, the
    reader's offset (UTF-8 bytes) is turned into the line and column of characters."""
    import re

    from generator.format import yaml_source

    monkeypatch.setattr(yaml_source, "_UNREADABLE", re.compile("(?!)"))  # matches nothing
    found = errors(GOOD.replace("city: Springfield", "city: Grüß\x07field"))
    assert [(ln, c) for ln, c, _ in found] == [(14, 17)], found
    assert "delete the character" in found[0][2]
