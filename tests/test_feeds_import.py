"""Importing hand-written messy Meeting Guide feeds (tests/fixtures/feeds/)."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest

from generator.feeds.meeting_guide import ImportOptions, ImportResult, checked_yaml, import_feed
from generator.format.model import Resource
from generator.format.validate import check

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
TODAY = date(2026, 1, 1)
OPTIONS = ImportOptions(timezone="America/Chicago", today=TODAY)


def _import(text: str, options: ImportOptions = OPTIONS) -> ImportResult:
    return import_feed(text, "feed.json", options)


def _one(meeting: dict[str, object], options: ImportOptions = OPTIONS) -> Resource:
    result = _import(json.dumps([meeting]), options)
    assert len(result.dataset.resources) == 1, [d.format() for d in result.report.items]
    return result.dataset.resources[0]


@pytest.fixture(scope="module")
def messy() -> ImportResult:
    return _import((FIXTURES / "messy.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_id(messy: ImportResult) -> dict[str, Resource]:
    """Entries by the feed's slugs (ids are made from name and town; slugs are kept in
    `source_ids`)."""
    return {sid: r for r in messy.dataset.resources for sid in r.source_ids}


def _messages(result: ImportResult) -> list[str]:
    return [d.format() for d in result.report.sorted()]


def test_every_meeting_is_imported_or_reported_with_a_reason(messy: ImportResult) -> None:
    raw = json.loads((FIXTURES / "messy.json").read_text().replace("},\n]", "}\n]"))
    assert messy.total == len(raw) == 22
    skipped = messy.skipped
    assert [raw[i].get("slug") if isinstance(raw[i], dict) else raw[i] for i in skipped] == [
        "nowhere", "bad-time", "by-appointment", "no-name", "not an object"]
    errors = [d for d in messy.report.items if d.is_error]
    assert len(errors) == len(skipped)  # one line with the reason for each
    reasons = " ".join(d.message for d in errors)
    for reason in ("no street address", '"25:99" is not a time', "by-appointment",
                   "no name", "not a JSON object"):
        assert reason in reasons
    imported = {ident for ident in messy.outcome if ident}
    assert imported == {r.id for r in messy.dataset.resources}
    assert len(imported) == 17


def test_report_lines_point_at_the_meeting_in_the_feed(messy: ImportResult) -> None:
    text = (FIXTURES / "messy.json").read_text().splitlines()
    bad_time = next(d for d in messy.report.items if "bad-time" in d.message)
    assert text[bad_time.line - 1][bad_time.col - 1] == "{"
    assert '"bad-time"' in "\n".join(text[bad_time.line - 1:bad_time.line + 3])


def test_twelve_hour_times_and_everything_else_of_a_full_entry(by_id: dict[str, Resource]) -> None:
    r = by_id["twelve-hour"]
    slot = r.schedule[0]
    assert (slot.days, slot.start, slot.end) == (("tue",), time(19, 0), time(20, 30))
    assert (r.kind, r.program, r.attendance, r.status) == ("meeting", "aa", "in-person", "active")
    assert r.timezone == "America/Chicago"
    assert r.tags == ("open", "discussion", "wheelchair")
    loc = r.location
    assert loc is not None
    assert (loc.place, loc.address, loc.city, loc.region, loc.postal_code, loc.country) == (
        "St. Mark's Church Hall", "123 Main St", "Springfield", "IL", "62701", "US")
    assert (loc.lat, loc.lon, loc.approximate) == (39.8017, -89.6436, False)
    assert loc.directions == "Side door, downstairs"
    assert r.verified == date(2024, 1, 1)
    assert r.online is None


def test_am_times_and_zero_coordinates(by_id: dict[str, Resource]) -> None:
    r = by_id["morning-hope"]
    assert r.schedule[0].start == time(11, 0)
    assert r.schedule[0].days == ("sat",)
    assert r.location is not None
    assert (r.location.lat, r.location.lon) == (None, None)
    assert (r.location.address, r.location.city, r.location.postal_code) == (
        "4953 W Addison St", "Chicago", "60641")


def test_missing_coordinates(by_id: dict[str, Resource]) -> None:
    loc = by_id["no-coords"].location
    assert loc is not None and loc.lat is None and loc.lon is None
    assert by_id["no-coords"].schedule[0].days == ("wed",)  # day "3" as a string


def test_ids_are_short_from_name_and_town_and_keep_the_slugs(messy: ImportResult) -> None:
    ids = {r.name: r.id for r in messy.dataset.resources}
    assert ids["Same Slug Sunday"] == "same-slug-sunday-springfield"
    assert ids["Twelve-Hour Clock Group"] == "twelve-hour-clock-springfield"  # no "group"
    sources = sorted(sid for r in messy.dataset.resources for sid in r.source_ids)
    assert sources.count("serenity") == 2  # two meetings shared a slug; both kept
    lengths = sorted(len(r.id) for r in messy.dataset.resources)
    assert lengths[len(lengths) // 2] <= 40


def test_ids_do_not_depend_on_feed_order() -> None:
    raw = json.loads((FIXTURES / "messy.json").read_text().replace("},\n]", "}\n]"))
    forward = _import(json.dumps(raw)).dataset.resources
    backward = _import(json.dumps(raw[::-1])).dataset.resources
    assert {r.id: r.name for r in forward} == {r.id: r.name for r in backward}


def test_html_in_notes_becomes_plain_text(by_id: dict[str, Resource]) -> None:
    r = by_id["html-notes"]
    assert r.name == "HTML & Notes"
    assert r.description == "Ring the buzzer.\n\n2nd floor\nRoom 4\n<not a tag> &amp;"
    assert "alert" not in r.description and "p{}" not in r.description
    assert r.location is not None and r.location.directions == "Parking in back"


def test_unknown_type_codes_are_reported_and_known_ones_kept(
        messy: ImportResult, by_id: dict[str, Resource]) -> None:
    assert by_id["unknown-codes"].tags == ("open", "eleventh-step", "steps-and-traditions")
    messages = _messages(messy)
    assert any("type code `ZZZ` has no tag" in m for m in messages)
    assert any("type code `custom-thing` has no tag" in m for m in messages)
    assert any("type ONL (online) but no usable conference_url" in m for m in messages)
    assert by_id["unknown-codes"].attendance == "in-person"


def test_arrays_of_days_and_days_as_names(messy: ImportResult,
                                          by_id: dict[str, Resource]) -> None:
    assert by_id["every-weekday"].schedule[0].days == ("mon", "tue", "wed", "thu", "fri")
    assert len(by_id["every-weekday"].schedule) == 1
    assert by_id["days-as-names"].schedule[0].days == ("mon", "wed", "fri")
    assert any("days-as-names`: day values 9 are not days" in m for m in _messages(messy))


def test_null_fields_are_absent_fields(by_id: dict[str, Resource]) -> None:
    r = by_id["null-fields"]
    assert r.schedule[0].end is None
    assert r.timezone == "America/Chicago"  # from --timezone
    assert (r.tags, r.description, r.online, r.verified) == ((), "", None, None)
    assert r.location is not None and r.location.place == ""


def test_attendance_is_derived_as_the_apps_do(by_id: dict[str, Resource]) -> None:
    zoom = by_id["zoom-only"]
    assert (zoom.attendance, zoom.timezone) == ("online", "America/New_York")
    assert zoom.online is not None and zoom.online.url == "https://zoom.us/j/123456789"
    assert zoom.online.notes == "Passcode: serenity"
    assert zoom.location is not None and zoom.location.approximate  # "Chicago, IL, USA"
    hybrid = by_id["hybrid-group"]
    assert hybrid.attendance == "hybrid"
    assert hybrid.online is not None and hybrid.online.phone == "+1 312 555 0100,,123456#"
    closed = by_id["temp-closed"]
    assert (closed.attendance, closed.status) == ("in-person", "temporarily-closed")
    assert closed.tags == ("open",)
    moved_online = by_id["closed-but-online"]  # TC: the room is closed, the meeting is not
    assert (moved_online.attendance, moved_online.status) == ("online", "active")
    assert moved_online.online is not None
    assert moved_online.online.url == "https://meet.example.org/abc"  # upgraded from http


def test_bad_links_emails_and_future_dates_are_left_out(messy: ImportResult,
                                                        by_id: dict[str, Resource]) -> None:
    r = by_id["4711"]  # a numeric slug
    assert r.schedule[0].start == time(7, 30) and r.schedule[0].days == ("mon",)
    assert r.verified is None and r.contact is None
    assert r.location is not None and r.location.postal_code == "02134"
    messages = "\n".join(_messages(messy))
    assert "updated 2999-01-01 is in the future" in messages
    assert "`javascript:alert(1)` is not an https link" in messages
    assert "`not-an-email` is not an email address" in messages


def test_no_slug_and_unmapped_fields(messy: ImportResult, by_id: dict[str, Resource]) -> None:
    (r,) = [r for r in messy.dataset.resources if r.schedule[0].start == time(12, 15)]
    assert r.source_ids == ()  # no slug and no id
    assert r.location is not None and (r.location.lat, r.location.lon) == (39.79, -89.65)
    messages = "\n".join(_messages(messy))
    assert "field `venmo`" not in messages  # a 7th Tradition link now
    assert r.tradition is not None and r.tradition.venmo == "@group"


def test_the_output_validates(messy: ImportResult) -> None:
    text, report = checked_yaml(messy, today=TODAY)
    dataset, again = check("out.yaml", text=text, today=TODAY)
    assert not again.errors
    assert [r.id for r in dataset.resources] == [r.id for r in messy.dataset.resources]
    assert dataset.resources[0].positions  # really loaded from the text, positions kept


def test_validator_rejections_drop_the_entry_with_a_reason() -> None:
    result = _import(json.dumps([
        {"name": "Good", "slug": "good", "day": 1, "time": "19:00",
         "formatted_address": "1 Main St, Springfield, IL 62701"},
        {"name": "Bad", "slug": "bad", "day": 1, "time": "19:00",
         "formatted_address": "2 Main St, Springfield, IL 62701"},
    ]))
    result.dataset.resources[1].contact = None
    result.dataset.resources[1].online = None
    result.dataset.resources[1].attendance = "online"  # invalid: no way to join
    text, _ = checked_yaml(result, today=TODAY)
    assert "id: good-springfield" in text and "id: bad-springfield" not in text
    assert result.outcome == ["good-springfield", None]
    assert any("meeting `bad-springfield` not imported" in m and "need a way to join" in m
               for m in _messages(result))


def test_zones_are_inferred_from_coordinates_then_state_else_reported() -> None:
    result = _import(json.dumps([
        {"name": "Zoned", "slug": "zoned", "day": 1, "time": "19:00",
         "timezone": "America/Denver", "formatted_address": "1 Main St, Denver, CO 80202"},
        {"name": "By state", "slug": "by-state", "day": 1, "time": "19:00",
         "formatted_address": "1 Main St, Denver, CO 80202"},
        {"name": "Bad zone", "slug": "bad-zone", "day": 1, "time": "19:00",
         "timezone": "Mars/Olympus", "formatted_address": "1 Main St, Boise, ID 83702"},
        {"name": "By point", "slug": "by-point", "day": 1, "time": "19:00",
         "address": "1 Main St", "city": "Somewhere", "latitude": 38.25, "longitude": -85.76},
        {"name": "Nowhere", "slug": "nowhere", "day": 1, "time": "19:00",
         "address": "1 Main St", "city": "Somewhere"},
    ]), ImportOptions(today=TODAY))
    zones = {r.name: r.timezone for r in result.dataset.resources}
    assert zones == {"Zoned": "America/Denver", "By state": "America/Denver",
                     "Bad zone": "America/Boise", "By point": "America/Kentucky/Louisville"}
    assert result.outcome[-1] is None
    messages = "\n".join(_messages(result))
    assert "`nowhere` not imported: no `timezone`, and none can be inferred" in messages
    assert "unknown time zone `Mars/Olympus`; inferred instead" in messages
    assert result.summary is not None
    assert (result.summary.zone_from["coordinates"], result.summary.zone_from["region"]) == (1, 2)
    assert "time zones inferred for 3 meetings (1 from coordinates, 2 from state" in \
        result.summary.summary_lines()[1]
    assert result.dataset.defaults.timezone == "America/Denver"


def test_program_and_source_options() -> None:
    r = _one({"name": "N", "slug": "n", "day": 1, "time": "19:00", "entity": "Area 51",
              "formatted_address": "1 Main St, Springfield, IL 62701"},
             ImportOptions(program="na", timezone="America/Chicago", today=TODAY))
    assert (r.program, r.source) == ("na", "Area 51")
    r = _one({"name": "N", "slug": "n", "day": 1, "time": "19:00",
              "formatted_address": "1 Main St, Springfield, IL 62701"},
             ImportOptions(timezone="America/Chicago", source="District 9", today=TODAY))
    assert r.source == "District 9"


@pytest.mark.parametrize(("extra", "attendance", "status"), [
    ({}, "in-person", "active"),
    ({"approximate": "yes"}, "in-person", "inactive"),  # the apps: inactive
    ({"approximate": True, "conference_url": "https://zoom.us/j/1"}, "online", "active"),
    ({"conference_url": "https://zoom.us/j/1"}, "hybrid", "active"),
    ({"types": ["TC"], "conference_phone": "+1 555 0100"}, "online", "active"),
    ({"attendance_option": "inactive"}, "in-person", "inactive"),
    ({"attendance_option": "inactive", "types": ["TC"]}, "in-person", "temporarily-closed"),
])
def test_attendance_table(extra: dict[str, object], attendance: str, status: str) -> None:
    meeting = {"name": "N", "slug": "n", "day": 1, "time": "19:00",
               "formatted_address": "1 Main St, Springfield, IL 62701", **extra}
    r = _one(meeting)
    assert (r.attendance, r.status) == (attendance, status)


def test_an_unusable_conference_link_is_reported_and_the_meeting_kept() -> None:
    result = _import(json.dumps([{
        "name": "N", "slug": "n", "day": 1, "time": "19:00",
        "formatted_address": "1 Main St, Springfield, IL 62701",
        "conference_url": "javascript:alert(1)", "conference_phone": "call us"}]))
    r = result.dataset.resources[0]
    assert (r.attendance, r.online) == ("in-person", None)
    messages = "\n".join(_messages(result))
    assert "conference_url `javascript:alert(1)` is not an https link" in messages
    assert "conference_phone `call us` is not a phone number" in messages


def test_our_split_slots_fold_back_but_foreign_lookalikes_do_not() -> None:
    base = {"name": "Daily", "day": 1, "time": "07:00",
            "formatted_address": "1 Main St, Springfield, IL 62701"}
    result = _import(json.dumps([
        {**base, "slug": "daily"},
        {**base, "slug": "daily--3", "day": [2, 4], "time": "19:00"},
        {**base, "slug": "other--2", "name": "Other"},  # no `other` in the feed
        {**base, "slug": "daily--4", "name": "Someone Else"},  # another name
    ]))
    ids = [r.id for r in result.dataset.resources]
    assert ids == ["daily", "other-springfield", "someone-else-springfield"]
    daily = result.dataset.resources[0]
    assert [(s.days, s.start) for s in daily.schedule] == [
        (("mon",), time(7, 0)), (("tue", "thu"), time(19, 0))]
    assert result.outcome == ["daily", "daily", "other-springfield", "someone-else-springfield"]


def test_broken_json_is_one_error_with_its_position() -> None:
    result = _import('[\n  {"name": "x",}\n]')
    assert result.dataset.resources == []
    (d,) = result.report.items
    assert (d.line, d.col, d.is_error) == (2, 16, True)  # at the `}`
    assert "invalid JSON" in d.message


def test_repeated_problems_are_summarised() -> None:
    meetings = [{"name": f"M{i}", "slug": f"m{i}", "day": 1, "time": "19:00",
                 "types": ["ZZZ"], "formatted_address": "1 Main St, Springfield, IL 62701"}
                for i in range(40)]
    result = _import(json.dumps(meetings))
    zzz = [m for m in _messages(result) if "ZZZ" in m]
    assert len(zzz) == 1
    assert "40 meetings (m0, m1, m2, m3, m4 and 35 more)" in zzz[0]


def test_a_feed_as_the_12_step_meeting_list_plugin_writes_it() -> None:
    text = (FIXTURES / "tsml_plugin.json").read_text(encoding="utf-8")
    result = import_feed(text, "tsml.json", ImportOptions(today=TODAY))
    by_id = {r.source_ids[0]: r for r in result.dataset.resources}
    assert result.outcome == ["came-to-believe-springfield", "noon-online",
                              "saturday-sunrise-springfield", "spanish-speakers-springfield",
                              None]
    hybrid = by_id["came-to-believe-2"]
    assert (hybrid.attendance, hybrid.source) == ("hybrid", "Springfield Intergroup")
    assert hybrid.online is not None
    assert hybrid.online.url == "https://us02web.zoom.us/j/811111111?pwd=abc"
    assert hybrid.online.phone == "+16465588656,,811111111#"
    assert hybrid.online.notes == "Password: hope"
    assert hybrid.description == "Meets in the basement.\nBring a friend!"
    assert hybrid.location is not None and hybrid.location.neighborhood == "Downtown"
    assert hybrid.contact is not None
    assert hybrid.contact.website == "https://aa-springfield.example/meetings/came-to-believe-2/"
    assert hybrid.location is not None and hybrid.location.lat == 39.7925
    online = by_id["noon-online"]
    assert online.attendance == "online"
    assert online.schedule[0].days == ("mon", "tue", "wed", "thu", "fri")
    assert by_id["saturday-sunrise"].status == "temporarily-closed"
    spanish = by_id["spanish-speakers"]
    assert spanish.description == "Reunión en español."
    assert spanish.tags == ("open", "newcomer", "spanish")  # vocabulary order, not the feed's
    assert spanish.location is not None and spanish.location.lat is None  # "0", "0"
    messages = "\n".join(_messages(result))
    assert "`sponsorship` not imported: no day and time" in messages
    # fields with no place in our format are named once each, with a count
    assert "has no place in resources.yaml" not in messages  # every TSML field is known
    text_out, _ = checked_yaml(result, today=TODAY)
    assert "id: came-to-believe-springfield" in text_out


def test_hostile_values_load_back_exactly_from_the_yaml() -> None:
    hostile = 'x: y # z\n- id: injected\n  "quoted" \'single\' {flow} [list] *alias &anchor !tag %'
    result = _import(json.dumps([{
        "name": hostile, "slug": "hostile", "day": 1, "time": "19:00", "notes": hostile,
        "location": hostile, "location_notes": hostile,
        "formatted_address": "1 Main St, Springfield, IL 62701",
        "conference_url": "https://zoom.us/j/1?a=b#c", "conference_url_notes": hostile}]))
    text, _ = checked_yaml(result, today=TODAY)
    dataset, report = check("out.yaml", text=text, today=TODAY)
    assert not report.errors
    (r,) = dataset.resources
    lines = [line.strip() for line in hostile.split("\n")]  # spaces are tidied, no more
    one_line = " ".join(lines)
    assert (r.source_ids, r.name) == (("hostile",), one_line)
    assert r.description == "\n".join(lines)  # notes keep their line breaks
    assert r.location is not None
    assert (r.location.place, r.location.directions) == (one_line, one_line)
    assert r.online is not None and r.online.notes == one_line


def test_coordinates_the_validator_rejects_are_dropped_not_the_meeting() -> None:
    result = _import(json.dumps([{
        "name": "Swapped", "slug": "swapped", "day": 1, "time": "19:00",
        "formatted_address": "123 Main St, Springfield, IL 62701, USA",
        "latitude": -89.6436, "longitude": 39.8017}]))
    text, _ = checked_yaml(result, today=TODAY)
    dataset, report = check("out.yaml", text=text, today=TODAY)
    assert not report.errors
    (r,) = dataset.resources
    assert r.id == "swapped-springfield" and r.location is not None and r.location.lat is None
    assert result.outcome == ["swapped-springfield"]
    assert any("meeting `swapped-springfield`: coordinates left out: lat and lon look "
               "swapped" in m for m in _messages(result))
