"""Calendars: RRULEs expanded by recurring_ical_events and checked date by date, across
the 2026 daylight-saving changes in America/Chicago (8 March, 1 November)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import icalendar
import pytest
import recurring_ical_events

from generator.build.context import SiteContext
from generator.feeds.calendar import Calendars, first_date, has_calendar
from generator.format.model import Dataset, Location, Online, Resource, ScheduleSlot

SITE = "https://meetings.example.org/"
CHICAGO = "America/Chicago"


def meeting(ident: str = "m", *slots: ScheduleSlot, **kw: object) -> Resource:
    base: dict[str, object] = dict(
        id=ident, name=f"Meeting {ident}", kind="meeting", program="aa",
        attendance="in-person", timezone=CHICAGO,
        schedule=slots or (ScheduleSlot(("sun",), time(19, 0), time(20, 0)),),
        location=Location(place="Hall", address="1 Main St", city="Springfield",
                          region="IL", postal_code="62701", country="US",
                          lat=39.8017, lon=-89.6436))
    base.update(kw)
    return Resource(**base)  # type: ignore[arg-type]


def ics(r: Resource, built: date) -> bytes:
    ctx = SiteContext(Dataset("x", [r]), site_url=SITE, build_date=built)
    return Calendars(ctx).for_resource(r)


def occurrences(data: bytes, start: date, end: date) -> list[datetime]:
    cal = icalendar.Calendar.from_ical(data)
    return sorted(e["DTSTART"].dt for e in recurring_ical_events.of(cal).between(start, end))


def walls(starts: list[datetime]) -> list[tuple[date, time, float]]:
    """(date, wall-clock time, UTC offset in hours) of each occurrence."""
    return [(s.date(), s.time(), s.utcoffset().total_seconds() / 3600)  # type: ignore[union-attr]
            for s in starts]


def test_weekly_keeps_the_wall_clock_time_across_spring_forward() -> None:
    data = ics(meeting(), date(2026, 2, 20))
    got = walls(occurrences(data, date(2026, 2, 20), date(2026, 3, 20)))
    assert got == [(date(2026, 2, 22), time(19), -6), (date(2026, 3, 1), time(19), -6),
                   (date(2026, 3, 8), time(19), -5), (date(2026, 3, 15), time(19), -5)]


def test_weekly_keeps_the_wall_clock_time_across_fall_back() -> None:
    r = meeting("early", ScheduleSlot(("sun",), time(7, 30), time(8, 30)))
    got = walls(occurrences(ics(r, date(2026, 10, 20)), date(2026, 10, 20), date(2026, 11, 10)))
    assert got == [(date(2026, 10, 25), time(7, 30), -5), (date(2026, 11, 1), time(7, 30), -6),
                   (date(2026, 11, 8), time(7, 30), -6)]


def test_every_two_weeks_has_the_same_weeks_whatever_the_build_date() -> None:
    r = meeting("fortnight", ScheduleSlot(("mon", "thu"), time(18, 0), None, "2 weeks"))
    window = (date(2026, 4, 1), date(2026, 5, 15))
    a = occurrences(ics(r, date(2026, 3, 1)), *window)
    b = occurrences(ics(r, date(2026, 3, 10)), *window)
    c = occurrences(ics(r, date(2026, 3, 17)), *window)
    assert a == b == c
    assert [s.date() for s in a] == [date(2026, 4, 6), date(2026, 4, 9), date(2026, 4, 20),
                                     date(2026, 4, 23), date(2026, 5, 4), date(2026, 5, 7)]
    assert {s.time() for s in a} == {time(18, 0)}
    data = ics(r, date(2026, 3, 1)).decode()
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=MO" in data
    assert "confirm which weeks with the group" in data.replace("\r\n ", "")


def test_first_and_third_monday_across_spring_forward() -> None:
    r = meeting("monthly", ScheduleSlot(("mon",), time(19, 0), time(20, 0), "month", (1, 3)))
    data = ics(r, date(2026, 2, 25))
    assert "RRULE:FREQ=MONTHLY;BYDAY=1MO,3MO" in data.decode()
    got = walls(occurrences(data, date(2026, 2, 25), date(2026, 6, 1)))
    assert got == [(date(2026, 3, 2), time(19), -6), (date(2026, 3, 16), time(19), -5),
                   (date(2026, 4, 6), time(19), -5), (date(2026, 4, 20), time(19), -5),
                   (date(2026, 5, 4), time(19), -5), (date(2026, 5, 18), time(19), -5)]


def test_last_friday() -> None:
    r = meeting("last", ScheduleSlot(("fri",), time(20, 0), None, "month", (-1,)))
    data = ics(r, date(2026, 10, 1))
    assert "RRULE:FREQ=MONTHLY;BYDAY=-1FR" in data.decode()
    got = walls(occurrences(data, date(2026, 10, 1), date(2027, 2, 1)))
    assert got == [(date(2026, 10, 30), time(20), -5), (date(2026, 11, 27), time(20), -6),
                   (date(2026, 12, 25), time(20), -6), (date(2027, 1, 29), time(20), -6)]


def test_several_days_and_several_slots() -> None:
    r = meeting("multi", ScheduleSlot(("mon", "wed", "fri"), time(7, 0), time(8, 0)),
                ScheduleSlot(("sat",), time(10, 0), time(11, 30)))
    data = ics(r, date(2026, 3, 2))
    got = walls(occurrences(data, date(2026, 3, 2), date(2026, 3, 9)))
    assert got == [(date(2026, 3, 2), time(7), -6), (date(2026, 3, 4), time(7), -6),
                   (date(2026, 3, 6), time(7), -6), (date(2026, 3, 7), time(10), -6)]
    cal = icalendar.Calendar.from_ical(data)
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert uids == ["multi-0@meetings.example.org", "multi-1@meetings.example.org"]


def test_end_times_after_midnight_and_missing_ones() -> None:
    r = meeting("late", ScheduleSlot(("sat",), time(23, 30), time(0, 30)),
                ScheduleSlot(("sun",), time(9, 0)))
    cal = icalendar.Calendar.from_ical(ics(r, date(2026, 6, 1)))
    events = cal.walk("VEVENT")
    assert events[0]["DTEND"].dt - events[0]["DTSTART"].dt == timedelta(hours=1)
    assert events[0]["DTEND"].dt.date() == date(2026, 6, 7)
    assert events[1]["DTEND"].dt - events[1]["DTSTART"].dt == timedelta(hours=1)


def test_dtstart_is_the_first_occurrence_on_or_after_the_build_date() -> None:
    slot = ScheduleSlot(("fri",), time(20, 0), None, "month", (-1,))
    assert first_date(slot, date(2026, 10, 30)) == date(2026, 10, 30)
    assert first_date(slot, date(2026, 10, 31)) == date(2026, 11, 27)
    weekly = ScheduleSlot(("tue", "sat"), time(9, 0))
    assert first_date(weekly, date(2026, 3, 4)) == date(2026, 3, 7)
    event = icalendar.Calendar.from_ical(ics(meeting(), date(2026, 3, 2))).walk("VEVENT")[0]
    assert event["DTSTART"].dt.date() == date(2026, 3, 8)
    assert event["DTSTAMP"].dt == datetime(2026, 3, 2, tzinfo=event["DTSTAMP"].dt.tzinfo)


def test_same_build_date_same_bytes() -> None:
    r = meeting()
    assert ics(r, date(2026, 5, 5)) == ics(r, date(2026, 5, 5))
    assert ics(r, date(2026, 5, 5)) != ics(r, date(2026, 5, 12))


def test_timezone_component_and_tzid() -> None:
    ny = meeting("ny", timezone="America/New_York")
    ctx = SiteContext(Dataset("x", [meeting("a"), meeting("b"), ny]), site_url=SITE,
                      build_date=date(2026, 1, 5))
    data = Calendars(ctx).collection("All", ctx.dataset.resources)
    cal = icalendar.Calendar.from_ical(data)
    assert sorted(tz["TZID"] for tz in cal.walk("VTIMEZONE")) == [CHICAGO, "America/New_York"]
    assert cal.get_missing_tzids() == set()
    assert data.count(b"DTSTART;TZID=America/Chicago:") == 2
    assert len(cal.walk("VEVENT")) == 3
    # the VTIMEZONE itself gives the right offsets (clients that ignore zoneinfo use it)
    chicago = next(tz for tz in cal.walk("VTIMEZONE") if tz["TZID"] == CHICAGO).to_tz()
    assert datetime(2026, 7, 1, 12, tzinfo=chicago).utcoffset() == timedelta(hours=-5)
    assert datetime(2026, 12, 1, 12, tzinfo=chicago).utcoffset() == timedelta(hours=-6)


def test_location_geo_url_and_conference_links() -> None:
    r = meeting("hy", attendance="hybrid",
                online=Online(url="https://zoom.us/j/1?pwd=a,b", phone="+1 (312) 555-0100",
                              notes="Passcode 42"))
    event = icalendar.Calendar.from_ical(ics(r, date(2026, 1, 5))).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Hall, 1 Main St, Springfield, IL 62701, US"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (39.8017, -89.6436)
    assert str(event["URL"]) == SITE + "r/hy/"
    conference = [str(c) for c in event["CONFERENCE"]]
    assert conference == ["https://zoom.us/j/1?pwd=a,b", "tel:+13125550100"]
    description = str(event["DESCRIPTION"])
    assert "Join online: https://zoom.us/j/1?pwd=a,b" in description
    assert "Passcode 42" in description
    online = meeting("on", attendance="online", location=None,
                     online=Online(url="https://zoom.us/j/2"))
    event = icalendar.Calendar.from_ical(ics(online, date(2026, 1, 5))).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "https://zoom.us/j/2"
    assert "GEO" not in event


@pytest.mark.parametrize("r", [
    meeting("helpline", kind="helpline", schedule=()),
    meeting("community", kind="community"),
    meeting("inactive", status="inactive"),
    meeting("closed", status="temporarily-closed"),
])
def test_only_active_meetings_get_events(r: Resource) -> None:
    assert not has_calendar(r)
    ctx = SiteContext(Dataset("x", [r, meeting("ok")]), build_date=date(2026, 1, 5))
    cal = icalendar.Calendar.from_ical(Calendars(ctx).collection("All", ctx.dataset.resources))
    assert [str(e["UID"]).split("@")[0] for e in cal.walk("VEVENT")] == ["ok-0"]


HOSTILE = "Evil; Group, \\ \"quoted\"\r\nBEGIN:VEVENT\r\nUID:injected\nEND:VCALENDAR <b>&amp;"


def test_hostile_text_cannot_break_out_of_its_property() -> None:
    r = meeting("evil", name=HOSTILE, description=HOSTILE, attendance="hybrid",
                online=Online(url="https://zoom.us/j/1", notes=HOSTILE),
                location=Location(place=HOSTILE, address="1 Main St", city="Springfield",
                                  postal_code="62701", directions=HOSTILE))
    data = ics(r, date(2026, 1, 5))
    lines = data.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 1
    assert lines.count(b"END:VCALENDAR") == 1
    assert not any(line.startswith(b"UID:injected") for line in lines)
    assert b"\r" not in data.replace(b"\r\n", b"")  # no bare CR anywhere
    assert all(b"\n" not in line for line in lines)
    cal = icalendar.Calendar.from_ical(data)
    (event,) = cal.walk("VEVENT")
    flat = "Evil; Group, \\ \"quoted\" BEGIN:VEVENT UID:injected END:VCALENDAR <b>&amp;"
    assert str(event["SUMMARY"]) == flat
    # icalendar's parser does not know X-WR-CALNAME and leaves it escaped: check the line
    # of a calendar named after the group (a meeting's own calendar has no name)
    ctx = SiteContext(Dataset("x", [r]), site_url=SITE, build_date=date(2026, 1, 5))
    named = Calendars(ctx).collection(r.name, [r])
    unfolded = named.replace(b"\r\n ", b"").decode().split("\r\n")
    escaped = flat.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    assert f"X-WR-CALNAME:{escaped}" in unfolded
    assert f"NAME:{escaped}" in unfolded
    assert str(event["UID"]) == "evil-0@meetings.example.org"
    assert "BEGIN:VEVENT\nUID:injected" in str(event["DESCRIPTION"])  # kept, as text


# --------------------------------------------------------------------------- `from:` dates


def _fortnight(days: tuple[str, ...], anchor: date) -> ScheduleSlot:
    return ScheduleSlot(days, time(19, 0), time(20, 0), "2 weeks", from_=anchor)


@pytest.mark.parametrize(("anchor", "expected"), [
    # the same Tuesdays from a past `from:`, a nearby one and a future one
    (date(2024, 1, 9), [date(2026, 10, 27), date(2026, 11, 10), date(2026, 11, 24)]),
    (date(2026, 10, 27), [date(2026, 10, 27), date(2026, 11, 10), date(2026, 11, 24)]),
    (date(2027, 6, 8), [date(2026, 10, 27), date(2026, 11, 10), date(2026, 11, 24)]),
    # the other weeks
    (date(2024, 1, 2), [date(2026, 10, 20), date(2026, 11, 3), date(2026, 11, 17)]),
    (date(2026, 11, 3), [date(2026, 10, 20), date(2026, 11, 3), date(2026, 11, 17)]),
    (date(2027, 6, 1), [date(2026, 10, 20), date(2026, 11, 3), date(2026, 11, 17)]),
])
def test_every_two_weeks_meets_in_the_weeks_of_its_from_date_across_fall_back(
        anchor: date, expected: list[date]) -> None:
    r = meeting("fortnight", _fortnight(("tue",), anchor))
    data = ics(r, date(2026, 10, 20))
    got = walls(occurrences(data, date(2026, 10, 20), date(2026, 11, 30)))
    # Chicago falls back on 1 November: the wall clock stays 7 pm, the offset changes.
    assert got == [(d, time(19), -5 if d < date(2026, 11, 1) else -6) for d in expected]
    text = data.decode().replace("\r\n ", "")
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=MO" in text
    assert "confirm which weeks" not in text
    # DTSTART itself is a meeting (a first date off the rule would be an extra event).
    assert f"DTSTART;TZID=America/Chicago:{expected[0]:%Y%m%d}T190000" in text


def test_every_two_weeks_with_from_across_spring_forward_and_several_days() -> None:
    """Sunday belongs to the week of the Tuesday before it (weeks start on Monday, as
    WKST=MO says); every expanded date is one schedule.may_meet_on accepts and none is
    missing, whatever the build date."""
    from generator.format.schedule import may_meet_on

    slot = _fortnight(("tue", "sun"), date(2026, 3, 3))
    r = meeting("two-days", slot)
    window = (date(2026, 2, 20), date(2026, 4, 20))
    for built in (date(2026, 2, 20), date(2026, 2, 24), date(2026, 3, 2)):
        starts = occurrences(ics(r, built), max(window[0], built), window[1])
        got = [s.date() for s in starts]
        day = max(window[0], built)
        wanted = []
        while day < window[1]:
            if may_meet_on(slot, day):
                wanted.append(day)
            day += timedelta(days=1)
        assert got == wanted
        assert {s.time() for s in starts} == {time(19)}
    starts = occurrences(ics(r, date(2026, 2, 20)), *window)
    assert walls(starts)[:6] == [
        (date(2026, 2, 22), time(19), -6), (date(2026, 3, 3), time(19), -6),
        (date(2026, 3, 8), time(19), -5),  # spring forward that morning
        (date(2026, 3, 17), time(19), -5), (date(2026, 3, 22), time(19), -5),
        (date(2026, 3, 31), time(19), -5)]
