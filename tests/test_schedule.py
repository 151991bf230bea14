"""Schedules in words and the next-occurrence helpers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from generator.format import schedule
from generator.format.model import ScheduleSlot

CHICAGO = "America/Chicago"


def slot(days: str, start: str, end: str | None = None, every: str = "week",
         weeks: tuple[int, ...] = ()) -> ScheduleSlot:
    def t(text: str) -> time:
        return time.fromisoformat(text)

    return ScheduleSlot(days=tuple(days.split()), start=t(start),
                        end=t(end) if end else None, every=every, weeks=weeks)


@pytest.mark.parametrize(("s", "zone", "words"), [
    (slot("tue", "19:00", "20:00"), CHICAGO, "Tuesdays 7:00–8:00 pm, Central time"),
    (slot("tue", "19:00"), CHICAGO, "Tuesdays 7:00 pm, Central time"),
    (slot("sat", "11:30", "13:00"), "America/New_York", "Saturdays 11:30 am–1:00 pm, Eastern time"),
    (slot("fri", "23:00", "00:30"), "America/Los_Angeles", "Fridays 11:00 pm–12:30 am (next day), Pacific time"),
    (slot("mon", "12:00", "13:00"), "America/Denver", "Mondays 12:00–1:00 pm, Mountain time"),
    (slot("mon", "00:00"), "America/Phoenix", "Mondays 12:00 am, Mountain time"),
    (slot("mon", "07:00", "08:00", "month", (1, 3)), CHICAGO,
     "1st and 3rd Monday 7:00–8:00 am, Central time"),
    (slot("fri", "18:00", every="month", weeks=(-1,)), CHICAGO, "Last Friday 6:00 pm, Central time"),
    (slot("sun", "18:00", every="month", weeks=(-1, 2)), CHICAGO,
     "2nd and last Sunday 6:00 pm, Central time"),
    (slot("wed", "19:00", "20:00", "2 weeks"), CHICAGO,
     "Every other Wednesday 7:00–8:00 pm, Central time"),
    (slot("mon tue wed thu fri", "07:00"), CHICAGO, "Weekdays 7:00 am, Central time"),
    (slot("sat sun", "09:00"), CHICAGO, "Weekends 9:00 am, Central time"),
    (slot("sun mon tue wed thu fri sat", "21:00"), CHICAGO, "Every day 9:00 pm, Central time"),
    (slot("fri mon wed", "12:00"), CHICAGO, "Mondays, Wednesdays and Fridays 12:00 pm, Central time"),
    (slot("tue", "19:00"), "Europe/Berlin", "Tuesdays 7:00 pm, Berlin time"),
    (slot("tue", "19:00"), "America/Anchorage", "Tuesdays 7:00 pm, Alaska time"),
    (slot("tue", "19:00"), "Pacific/Honolulu", "Tuesdays 7:00 pm, Hawaii time"),
    (slot("tue", "19:00"), "", "Tuesdays 7:00 pm"),
])
def test_describe(s: ScheduleSlot, zone: str, words: str) -> None:
    assert schedule.describe(s, zone) == words


def test_describe_without_zone_and_list() -> None:
    s = slot("tue", "19:00", "20:00")
    assert schedule.describe(s, CHICAGO, with_zone=False) == "Tuesdays 7:00–8:00 pm"
    assert schedule.describe_all([s, slot("thu", "06:30")], CHICAGO) == [
        "Tuesdays 7:00–8:00 pm, Central time", "Thursdays 6:30 am, Central time"]


def test_unknown_zone_is_named_not_hidden() -> None:
    assert schedule.zone_label("Mars/Olympus_Mons") == "Mars/Olympus_Mons"


@pytest.mark.parametrize(("d", "expected"), [
    (date(2026, 11, 2), (1, False)),  # first Monday of November 2026
    (date(2026, 11, 16), (3, False)),
    (date(2026, 11, 30), (5, True)),
    (date(2026, 11, 23), (4, False)),  # a 4th Monday that is not the last one
    (date(2026, 11, 27), (4, True)),  # the 4th Friday is also the last
])
def test_week_of_month(d: date, expected: tuple[int, bool]) -> None:
    assert schedule.week_of_month(d) == expected


def test_may_meet_on_monthly_and_weekly() -> None:
    first_third = slot("mon", "19:00", every="month", weeks=(1, 3))
    assert schedule.may_meet_on(first_third, date(2026, 11, 2))
    assert not schedule.may_meet_on(first_third, date(2026, 11, 9))
    assert schedule.may_meet_on(first_third, date(2026, 11, 16))
    last = slot("fri", "18:00", every="month", weeks=(-1,))
    assert schedule.may_meet_on(last, date(2026, 11, 27))
    assert not schedule.may_meet_on(last, date(2026, 11, 20))
    assert not schedule.may_meet_on(slot("tue", "19:00"), date(2026, 11, 2))


def test_next_start_same_day_and_rollover() -> None:
    tz = ZoneInfo(CHICAGO)
    s = slot("tue", "19:00", "20:00")
    tuesday_noon = datetime(2026, 11, 3, 12, 0, tzinfo=tz)
    assert schedule.next_start(s, CHICAGO, tuesday_noon) == datetime(2026, 11, 3, 19, 0, tzinfo=tz)
    tuesday_late = datetime(2026, 11, 3, 21, 0, tzinfo=tz)
    assert schedule.next_start(s, CHICAGO, tuesday_late) == datetime(2026, 11, 10, 19, 0, tzinfo=tz)


def test_next_start_converts_the_viewers_instant() -> None:
    # 00:30 UTC on Wednesday is 18:30 on Tuesday in Chicago: the 19:00 meeting is next.
    utc = datetime(2026, 11, 4, 0, 30, tzinfo=ZoneInfo("UTC"))
    start = schedule.next_start(slot("tue", "19:00"), CHICAGO, utc)
    assert start is not None and start.isoformat() == "2026-11-03T19:00:00-06:00"
    # 01:30 UTC is 19:30 in Chicago: that one has started, so next week's.
    later = datetime(2026, 11, 4, 1, 30, tzinfo=ZoneInfo("UTC"))
    got = schedule.next_start(slot("tue", "19:00"), CHICAGO, later)
    assert got is not None and got.isoformat() == "2026-11-10T19:00:00-06:00"


def test_next_start_keeps_wall_clock_across_dst() -> None:
    # US clocks go back on 1 November 2026; the meeting stays at 19:00 local.
    before = datetime(2026, 10, 27, 20, 0, tzinfo=ZoneInfo(CHICAGO))
    start = schedule.next_start(slot("tue", "19:00"), CHICAGO, before)
    assert start is not None
    assert (start.hour, start.minute) == (19, 0)
    assert start.utcoffset() != before.utcoffset()


def test_next_meeting_over_slots_and_monthly() -> None:
    tz = ZoneInfo(CHICAGO)
    after = datetime(2026, 11, 3, 12, 0, tzinfo=tz)  # Tuesday
    slots = [slot("mon", "19:00", every="month", weeks=(1, 3)), slot("thu", "07:00")]
    assert schedule.next_meeting(slots, CHICAGO, after) == datetime(2026, 11, 5, 7, 0, tzinfo=tz)
    monthly = [slot("mon", "19:00", every="month", weeks=(1, 3))]
    assert schedule.next_meeting(monthly, CHICAGO, after) == datetime(2026, 11, 16, 19, 0, tzinfo=tz)
    assert schedule.next_meeting([], CHICAGO, after) is None


def test_standard_offset_orders_zones() -> None:
    assert schedule.standard_offset("America/New_York") == -300
    assert schedule.standard_offset(CHICAGO) == -360
    assert schedule.standard_offset("") == 0


# --------------------------------------------------------------------------- `from:` dates


def fortnight(days: str, anchor: date | None) -> ScheduleSlot:
    return ScheduleSlot(days=tuple(days.split()), start=time(19), end=time(20),
                        every="2 weeks", from_=anchor)


def test_fortnight_weeks_run_monday_to_sunday() -> None:
    # Monday 29 December 1969 starts week 0; the JavaScript finder counts the same way.
    assert schedule.fortnight_week(date(1969, 12, 29)) == 0
    assert schedule.fortnight_week(date(1970, 1, 4)) == 0  # Sunday
    assert schedule.fortnight_week(date(1970, 1, 5)) == 1  # Monday
    monday = date(2026, 11, 2)
    assert {schedule.fortnight_week(date(2026, 11, d)) for d in range(2, 9)} == {
        schedule.fortnight_week(monday)}


def test_a_fortnight_meets_in_the_weeks_of_its_from_date_before_and_after_it() -> None:
    s = fortnight("tue sun", date(2026, 11, 3))  # a Tuesday
    meets = [d for d in (date(2026, 10, 1) + timedelta(days=k) for k in range(61))
             if schedule.may_meet_on(s, d)]
    assert meets == [date(2026, 10, 6), date(2026, 10, 11), date(2026, 10, 20),
                     date(2026, 10, 25), date(2026, 11, 3), date(2026, 11, 8),
                     date(2026, 11, 17), date(2026, 11, 22)]
    # without `from:` every Tuesday and Sunday may be one (callers say "every other")
    assert schedule.may_meet_on(fortnight("tue", None), date(2026, 11, 10))


def test_next_start_of_a_fortnight_skips_the_other_week() -> None:
    tz = ZoneInfo(CHICAGO)
    s = fortnight("tue", date(2024, 1, 9))
    after = datetime(2026, 11, 3, 12, 0, tzinfo=tz)  # a Tuesday of the other week
    assert schedule.next_start(s, CHICAGO, after) == datetime(2026, 11, 10, 19, 0, tzinfo=tz)
    other = fortnight("tue", date(2024, 1, 2))
    assert schedule.next_start(other, CHICAGO, after) == datetime(2026, 11, 3, 19, 0, tzinfo=tz)


@pytest.mark.parametrize(("anchor", "today", "words"), [
    (date(2026, 11, 3), None,
     "Every other Tuesday 7:00–8:00 pm, Central time (including 3 November 2026)"),
    # relative to a build date: the first meeting on or after it, whether `from` is
    # years before or after
    (date(2024, 1, 9), date(2026, 11, 23),
     "Every other Tuesday 7:00–8:00 pm, Central time (including 24 November 2026)"),
    (date(2024, 1, 2), date(2026, 11, 23),
     "Every other Tuesday 7:00–8:00 pm, Central time (including 1 December 2026)"),
    (date(2028, 1, 4), date(2026, 11, 24),
     "Every other Tuesday 7:00–8:00 pm, Central time (including 24 November 2026)"),
    (None, date(2026, 11, 23), "Every other Tuesday 7:00–8:00 pm, Central time"),
])
def test_describe_names_one_date_of_a_fortnight(anchor: date | None, today: date | None,
                                                words: str) -> None:
    s = fortnight("tue", anchor)
    assert schedule.describe(s, CHICAGO, today=today) == words
    assert schedule.describe_all([s], CHICAGO, today=today) == [words]


def test_describe_leaves_other_slots_alone_with_a_build_date() -> None:
    s = slot("tue", "19:00", "20:00")
    assert schedule.describe(s, CHICAGO, today=date(2026, 11, 23)) == (
        "Tuesdays 7:00–8:00 pm, Central time")
    assert schedule.describe(fortnight("tue", date(2026, 11, 3)), CHICAGO,
                             with_zone=False) == (
        "Every other Tuesday 7:00–8:00 pm (including 3 November 2026)")


def test_pull_request_summaries_name_from_as_volunteers_write_it() -> None:
    from generator.review.diff import display

    s = fortnight("tue", date(2026, 11, 3))
    assert display((s,)) == "days: tue, start: 19:00, end: 20:00, every: 2 weeks, from: 2026-11-03"
