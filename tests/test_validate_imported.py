"""The fields imports bring (source_ids, slot tags and notes, neighborhood, feedback, 7th
Tradition) through loader, validator, writer and schema; and the checks that catch what
imports get wrong (a zone that is not the one at the coordinates, a 14-hour meeting)."""

from __future__ import annotations

from datetime import date, time

from generator.format.diagnostics import Diagnostic
from generator.format.schema import json_schema
from generator.format.validate import check
from generator.format.yaml_writer import dump

TODAY = date(2026, 1, 1)
BASE = """resources:
  - id: hope-wilmington
    name: Hope Group
    kind: meeting
    program: na
    attendance: in-person
    schedule:
      - days: [mon, wed]
        start: "19:00"
        end: "20:00"
        tags: [speaker]
        notes: Speaker on the first Monday
      - days: [fri]
        start: "19:00"
    timezone: America/New_York
    location:
      address: 1000 N Broad St
      city: Wilmington
      region: DE
      postal_code: "19801"
      lat: 39.7459
      lon: -75.5466
      neighborhood: Trolley Square
    contact:
      feedback: https://intergroup.example/feedback/?m=1&region=2
    tradition:
      venmo: "@HopeGroup"
      cashapp: $HopeGroup
      paypal: https://paypal.me/hope
    tags: [open]
    source: Delaware NA
    source_ids: ["1201", "1202"]
"""


def _check(text: str) -> list[Diagnostic]:
    _, report = check("r.yaml", text=text, today=TODAY)
    return report.items


def test_the_new_fields_load_validate_and_write_back_identically() -> None:
    dataset, report = check("r.yaml", text=BASE, today=TODAY)
    assert not report.items, [d.format() for d in report.items]
    (r,) = dataset.resources
    assert r.source_ids == ("1201", "1202")
    first, friday = r.schedule
    assert (first.tags, first.notes, friday.tags, friday.notes) == (
        ("speaker",), "Speaker on the first Monday", (), "")
    assert r.all_tags == ("open", "speaker")
    assert r.location is not None and r.location.neighborhood == "Trolley Square"
    assert r.contact is not None
    assert r.contact.feedback == "https://intergroup.example/feedback/?m=1&region=2"
    assert r.tradition is not None
    assert [href for _, _, href in r.tradition.links()] == [
        "https://venmo.com/u/HopeGroup", "https://paypal.me/hope", "https://cash.app/$HopeGroup"]
    again, report = check("w.yaml", text=dump(dataset), today=TODAY)
    assert not report.items
    (back,) = again.resources
    assert (back.schedule, back.location, back.contact, back.tradition, back.source_ids) == (
        r.schedule, r.location, r.contact, r.tradition, r.source_ids)


def test_the_schema_knows_the_new_fields() -> None:
    resource = json_schema()["properties"]["resources"]["items"]["properties"]
    assert resource["source_ids"]["type"] == "array"
    assert set(resource["tradition"]["properties"]) == {"venmo", "paypal", "cashapp", "square"}
    slot = resource["schedule"]["items"]["properties"]
    assert "speaker" in slot["tags"]["items"]["enum"] and "notes" in slot
    assert "neighborhood" in resource["location"]["properties"]
    assert "feedback" in resource["contact"]["properties"]


def test_a_zone_that_is_not_the_one_at_the_coordinates_is_a_warning() -> None:
    (d,) = _check(BASE.replace("timezone: America/New_York", "timezone: Europe/London"))
    assert d.severity == "warning" and (d.line, d.col) == (15, 15)
    assert "time zone Europe/London is not the one at the coordinates (America/New_York)" \
        in d.message
    assert "set `timezone: America/New_York`" in d.hint
    # a zone that keeps the same clock is not a disagreement
    assert _check(BASE.replace("timezone: America/New_York", "timezone: America/Detroit")) == []


def test_a_meeting_longer_than_four_hours_is_a_warning_with_its_line() -> None:
    (d,) = _check(BASE.replace('end: "20:00"', 'end: "07:00"'))  # 7 pm to 7 am
    assert (d.severity, d.line) == ("warning", 10)
    assert "lasts 12 h 00 min (it crosses midnight)" in d.message
    assert _check(BASE.replace('end: "20:00"', 'end: "23:00"')) == []  # exactly 4 h is fine
    (d,) = _check(BASE.replace('end: "20:00"', 'end: "23:01"'))
    assert "lasts 4 h 01 min" in d.message


def test_bad_source_ids_slot_tags_and_giving_links() -> None:
    text = (BASE.replace('source_ids: ["1201", "1202"]', 'source_ids: ["1201", "1201"]')
            .replace("tags: [speaker]", "tags: [open]")
            .replace('venmo: "@HopeGroup"', 'venmo: "pay me at the door"')
            .replace("feedback: https://", "feedback: http://"))
    found = {(d.severity, d.line): d.message for d in _check(text)}
    assert "source id `1201` is listed twice" in found["error", 32]
    assert "`open` is already one of the entry's tags" in found["warning", 11]
    assert "`pay me at the door` is not a venmo name or https link" in found["error", 27]
    assert "is not an https link or email address" in found["error", 25]


def test_slot_tags_must_be_known_tags() -> None:
    (d,) = _check(BASE.replace("tags: [speaker]", "tags: [speakr]"))
    assert d.severity == "error" and d.line == 11


def test_times_past_midnight_read_as_such() -> None:
    from generator.format import schedule
    from generator.format.model import ScheduleSlot

    slot = ScheduleSlot(("sat",), time(23, 30), time(0, 30))
    assert schedule.describe(slot, "America/New_York") == \
        "Saturdays 11:30 pm–12:30 am (next day), Eastern time"
