"""Schedules in words and in dates: "Tuesdays 7:00–8:00 pm, Central time", "1st and 3rd
Monday", "every other Wednesday", and the next time a slot meets.

Pages, handouts and exports all call these, so a schedule reads the same everywhere.

Fortnightly slots: `from:` (ScheduleSlot.from_) is one date the slot meets. Weeks run
Monday to Sunday (as WKST=MO in the calendars); the slot meets in the weeks an even
number of weeks away from the week of `from`, on each of its days. `fortnight_week`
numbers weeks the same way the finder's JavaScript does (finder-filter.js weekOf).

    >>> slot = ScheduleSlot(days=("tue",), start=time(19), end=time(20))
    >>> describe(slot, "America/Chicago")
    'Tuesdays 7:00–8:00 pm, Central time'
"""

from __future__ import annotations

import calendar
import zoneinfo
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from generator.format.model import ScheduleSlot
from generator.format.vocab import DAY_NAMES, DAYS, WEEKDAY_INDEX
from generator.i18n import ENGLISH, Translator

EN_DASH = "\u2013"
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last"}
# Standard-time abbreviations of the North American zones, as people say them.
ZONE_NAMES = {
    "EST": "Eastern", "CST": "Central", "MST": "Mountain", "PST": "Pacific",
    "AKST": "Alaska", "HST": "Hawaii", "AST": "Atlantic", "NST": "Newfoundland",
}
ZONE_TIMES = {abbreviation: f"{name} time" for abbreviation, name in ZONE_NAMES.items()}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
PLURAL_DAYS = {day: name + "s" for day, name in DAY_NAMES.items()}  # "Tuesdays"

# --------------------------------------------------------------------------- words


def clock(t: time) -> str:
    """`19:00` -> "7:00 pm"; noon and midnight stay unambiguous as "12:00 pm"/"12:00 am"."""
    hour = t.hour % 12 or 12
    return f"{hour}:{t.minute:02d} {'am' if t.hour < 12 else 'pm'}"


def time_range(start: time, end: time | None = None, t: Translator = ENGLISH) -> str:
    """"7:00–8:00 pm", or "11:30 am–1:00 pm" when the halves of the day differ; in other
    languages their own clock ("19:00–20:00")."""
    if not t.is_source:
        first = t.format_time(start)
        if end is None:
            return first
        last = t.format_time(end)
        if end < start:
            return f"{first}{EN_DASH}{last} " + t.gettext("(next day)")
        return f"{first}{EN_DASH}{last}"
    if end is None:
        return clock(start)
    first, last = clock(start), clock(end)
    if end < start:  # it crosses midnight: say so, or 11 pm-1 am reads as backwards
        return f"{first}{EN_DASH}{last} " + t.gettext("(next day)")
    if first[-2:] == last[-2:]:
        first = first[:-3]
    return f"{first}{EN_DASH}{last}"


@lru_cache(maxsize=512)
def zone_label(zone: str, t: Translator = ENGLISH) -> str:
    """A zone as a person says it: "Central time", or "Berlin time" outside North America.
    Empty when no zone is known."""
    if not zone:
        return ""
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zone
    # January is standard time in the northern hemisphere, where these names live.
    abbreviation = datetime(2025, 1, 15, 12, tzinfo=tz).tzname() or ""
    if abbreviation in ZONE_NAMES:
        return t.gettext(ZONE_TIMES[abbreviation])  # "Central time"
    if abbreviation in ("UTC", "GMT") and "/" not in zone:
        return "UTC"
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    return t.gettext("{city} time").format(city=city)


def _join(words: list[str], t: Translator = ENGLISH) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " " + t.gettext("and") + " " + words[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ordered_days(days: Iterable[str]) -> list[str]:
    wanted = set(days)
    return [d for d in DAYS if d in wanted]


def days_phrase(slot: ScheduleSlot, t: Translator = ENGLISH) -> str:
    """"Tuesdays", "Weekdays", "Every other Wednesday", "1st and 3rd Monday"."""
    days = _ordered_days(slot.days)
    names = [t.gettext(DAY_NAMES[d]) for d in days]
    if slot.every == "2 weeks":
        return _capital(t.gettext("Every other {days}").format(days=_join(names, t)))
    if slot.every == "month":
        weeks = sorted(slot.weeks, key=lambda w: 99 if w < 0 else w)
        if not weeks:
            return _capital(t.gettext("Monthly on {days}").format(days=_join(names, t)))
        ordinals = [t.gettext(ORDINALS.get(w, f"{w}th")) for w in weeks]
        text = t.gettext("{weeks} {days}").format(weeks=_join(ordinals, t),
                                                  days=_join(names, t))
        return _capital(text)
    if len(days) == 7:
        return t.gettext("Every day")
    if days == [d for d in DAYS if d in WEEKDAYS]:
        return t.gettext("Weekdays")
    if days == ["sun", "sat"]:
        return t.gettext("Weekends")
    return _capital(_join([t.gettext(PLURAL_DAYS[d]) for d in days], t))


def describe(slot: ScheduleSlot, zone: str = "", *, with_zone: bool = True,
             today: date | None = None, t: Translator = ENGLISH) -> str:
    """One slot in words: "Tuesdays 7:00–8:00 pm, Central time". A fortnightly slot with
    `from:` names one of its dates, "(including 1 December 2026)": the first on or after
    `today` (a build date), else `from` itself. "Including" stays true after the date has
    passed, where "next" would not on a site that is not rebuilt every day."""
    text = t.gettext("{days} {times}").format(days=days_phrase(slot, t),
                                              times=time_range(slot.start, slot.end, t))
    label = zone_label(zone, t) if with_zone else ""
    text = f"{text}, {label}" if label else text
    example = fortnight_example(slot, today)
    return (f"{text} " + t.gettext("(including {date})").format(date=long_date(example, t))
            if example else text)


def describe_all(slots: Iterable[ScheduleSlot], zone: str = "", *,
                 today: date | None = None, t: Translator = ENGLISH) -> list[str]:
    return [describe(s, zone, today=today, t=t) for s in slots]


def long_date(d: date, t: Translator = ENGLISH) -> str:
    """"1 December 2026", as the pages write dates ("1 de diciembre de 2026")."""
    return t.format_date(d)


def fortnight_example(slot: ScheduleSlot, today: date | None = None) -> date | None:
    """A date a fortnightly slot meets: the first on or after `today`, else its `from`.
    None for other slots and for fortnightly ones without `from`."""
    if slot.every != "2 weeks" or slot.from_ is None:
        return None
    if today is None:
        return slot.from_
    for offset in range(14):
        d = today + timedelta(days=offset)
        if may_meet_on(slot, d):
            return d
    return None  # only when no day of the slot is a weekday, which the loader refuses


# --------------------------------------------------------------------------- sorting


def minutes(t: time) -> int:
    return t.hour * 60 + t.minute


@lru_cache(maxsize=512)
def standard_offset(zone: str) -> int:
    """Minutes east of UTC in January, to order meetings from different zones by instant."""
    if not zone:
        return 0
    try:
        offset = datetime(2025, 1, 15, 12, tzinfo=zoneinfo.ZoneInfo(zone)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds() // 60) if offset else 0


def day_index(day: str) -> int:
    """Position in the week as listed on the site (Sunday first)."""
    return DAYS.index(day)


# --------------------------------------------------------------------------- dates


def week_of_month(d: date) -> tuple[int, bool]:
    """(n, is_last): `d` is the n-th such weekday of its month, and maybe the last one."""
    n = (d.day - 1) // 7 + 1
    last = d.day + 7 > calendar.monthrange(d.year, d.month)[1]
    return n, last


_UNIX_DAY_ZERO = date(1970, 1, 1)  # a Thursday: + 3 days makes weeks start on Monday


def fortnight_week(d: date) -> int:
    """Monday-to-Sunday weeks counted from Monday 29 December 1969; a fortnightly slot
    meets in the weeks whose number has the parity of its `from` date's week."""
    return ((d - _UNIX_DAY_ZERO).days + 3) // 7


def in_fortnight(slot: ScheduleSlot, d: date) -> bool:
    """Whether `d` is in one of the slot's weeks (True when the slot has no `from`)."""
    return slot.from_ is None or (fortnight_week(d) - fortnight_week(slot.from_)) % 2 == 0


def may_meet_on(slot: ScheduleSlot, d: date) -> bool:
    """Whether the slot can fall on `d`. A fortnightly slot without `from:` has no known
    week, so every matching weekday counts: callers say "every other" rather than guess."""
    weekday = d.weekday()
    if not any(WEEKDAY_INDEX[day] == weekday for day in slot.days):
        return False
    if slot.every == "month" and slot.weeks:
        n, last = week_of_month(d)
        return n in slot.weeks or (last and -1 in slot.weeks)
    if slot.every == "2 weeks":
        return in_fortnight(slot, d)
    return True


def occurrences(slot: ScheduleSlot, zone: str, after: datetime, *,
                limit_days: int = 62) -> Iterator[datetime]:
    """Start times (aware, in the slot's zone) at or after `after`, within `limit_days`."""
    tz = zoneinfo.ZoneInfo(zone) if zone else None
    local = after.astimezone(tz) if tz and after.tzinfo else after
    day = local.date()
    for offset in range(limit_days + 1):
        d = day + timedelta(days=offset)
        if not may_meet_on(slot, d):
            continue
        start = datetime.combine(d, slot.start, tzinfo=tz)
        if start >= local:
            yield start


def next_start(slot: ScheduleSlot, zone: str, after: datetime) -> datetime | None:
    """The next start of one slot, or None when it has no day in the next two months."""
    return next(occurrences(slot, zone, after), None)


def next_meeting(slots: Iterable[ScheduleSlot], zone: str, after: datetime) -> datetime | None:
    """The soonest start over all of a resource's slots."""
    starts = [s for s in (next_start(slot, zone, after) for slot in slots) if s is not None]
    return min(starts) if starts else None


# --------------------------------------------------------------------------- now
# What the finder says of a group at an instant (generator/assets/finder-when.js timing,
# localtime.js): checked in both languages on tests/fixtures/schedule_cases.json.

DEFAULT_LENGTH = timedelta(hours=1)  # a slot without an end lasts an hour, as most do


def length(slot: ScheduleSlot) -> timedelta:
    """How long one meeting lasts: to its end (the next day when the end is earlier
    than the start), else an hour."""
    if slot.end is None:
        return DEFAULT_LENGTH
    span = (minutes(slot.end) - minutes(slot.start)) % 1440
    return timedelta(minutes=span) if span else DEFAULT_LENGTH


def _start_on(slot: ScheduleSlot, d: date, tz: zoneinfo.ZoneInfo) -> datetime:
    """The instant (in UTC) the slot starts on date `d` of its zone."""
    return datetime.combine(d, slot.start, tzinfo=tz).astimezone(UTC)


def running(slot: ScheduleSlot, zone: str, at: datetime) -> tuple[datetime, datetime] | None:
    """The meeting of `slot` in progress at `at` (aware), as UTC (start, end): started at
    or before `at` and ending after it; yesterday's when it runs past midnight."""
    tz = zoneinfo.ZoneInfo(zone)
    today = at.astimezone(tz).date()
    for d in (today, today - timedelta(days=1)):
        if may_meet_on(slot, d):
            start = _start_on(slot, d, tz)
            if start <= at < start + length(slot):
                return start, start + length(slot)
    return None


def status_at(slots: Iterable[ScheduleSlot], zone: str, at: datetime,
              viewer_zone: str) -> tuple[str, datetime | None, datetime | None]:
    """(status, start, end) of a group at `at` (aware), on the viewer's date:
    "in-progress" (start and end of the meeting now running); "upcoming" (its next start
    is later on the viewer's today); "ended" (it met earlier on the viewer's today and
    not again today: the next start, and when today's last one ended); "other-day" (the
    next start). Starts are None when no meeting falls in the next two months."""
    slots = list(slots)
    runs = [r for r in (running(s, zone, at) for s in slots) if r is not None]
    if runs:
        return ("in-progress", *max(runs, key=lambda r: r[1]))
    viewer = zoneinfo.ZoneInfo(viewer_zone)
    today = at.astimezone(viewer).date()
    midnight = datetime.combine(today, time(0), tzinfo=viewer)
    ended = [start.astimezone(UTC) + length(slot) for slot in slots
             for start in occurrences(slot, zone, midnight - timedelta(days=1), limit_days=2)
             if start.astimezone(viewer).date() == today and start < at]
    nexts = [s for s in (next_start(slot, zone, at) for slot in slots) if s is not None]
    start = min(nexts).astimezone(UTC) if nexts else None
    if start is not None and start.astimezone(viewer).date() == today:
        return "upcoming", start, None
    if ended:
        return "ended", start, max(ended)
    return "other-day", start, None
