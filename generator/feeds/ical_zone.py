"""A zone's VTIMEZONE in its short form: one observance per kind of change, repeated
yearly (RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU), as calendar programs write them.

icalendar's `Timezone.from_tzid` lists every change as a date (RDATE), ~900 bytes for
15 years of America/Chicago; the short form is ~330 bytes whatever the span, and a
per-meeting calendar is downloaded once per meeting page, 10,000 times over. It is used
only when every change in the span follows its yearly rule (checked against zoneinfo,
change by change); a zone whose rules change within the span (a country dropping
daylight time) gets icalendar's dated form instead (`calendar.py`).
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from . import ical_lines as ical

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def changes(zone: ZoneInfo, first_year: int, last_year: int
            ) -> Iterator[tuple[datetime, timedelta, timedelta]]:
    """(local wall time just before, offset before, offset after) of every change of UTC
    offset from `first_year` through `last_year`, found day by day, then to the minute."""
    day = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    offset = day.astimezone(zone).utcoffset()
    while day < end:
        following = day + timedelta(days=1)
        after = following.astimezone(zone).utcoffset()
        if after != offset:
            low, high = day, following  # offset(low) == before, offset(high) == after
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            assert offset is not None and after is not None
            wall = (high + offset).replace(tzinfo=None, second=0, microsecond=0)
            yield wall, offset, after
            offset = after
        day = following


def _rule(walls: list[datetime]) -> tuple[int, int, int, str] | None:
    """(month, weekday, week of the month: 1-4, or -1 for the last, time) that every
    change in `walls` (one a year) follows, or None."""
    first = walls[0]
    if any((w.month, w.weekday(), w.time()) != (first.month, first.weekday(), first.time())
           for w in walls):
        return None
    weeks = {(w.day - 1) // 7 + 1 for w in walls}
    if len(weeks) == 1:
        nth = weeks.pop()
    elif all(w.day + 7 > _cal.monthrange(w.year, w.month)[1] for w in walls):
        nth = -1  # "the last Sunday": the 25th to the 31st
    else:
        return None
    return first.month, first.weekday(), nth, first.strftime("%H%M%S")


def yearly_vtimezone(name: str, first_year: int, last_year: int) -> bytes | None:
    """The short VTIMEZONE of `name`, or None when its changes from `first_year` to
    `last_year` do not each repeat on one yearly rule."""
    zone = ZoneInfo(name)
    # From the year before: each observance then starts before the span does, so a
    # reader knows the offset on the span's first day too.
    first_year -= 1
    found = list(changes(zone, first_year, last_year))
    kinds: dict[tuple[timedelta, timedelta], list[datetime]] = {}
    for wall, before, after in found:
        kinds.setdefault((before, after), []).append(wall)
    if not found:
        moment = datetime(first_year, 1, 1, tzinfo=UTC).astimezone(zone)
        offset = moment.utcoffset()
        assert offset is not None
        return _zone(name, [("STANDARD", datetime(1970, 1, 1), offset, offset,
                             moment.tzname() or "", None)])
    observances: list[Observance] = []
    for (before, after), walls in kinds.items():
        rule = _rule(walls)
        if rule is None or len(walls) != last_year - first_year + 1:
            return None
        month, weekday, nth, _ = rule
        kind = "DAYLIGHT" if after > before else "STANDARD"
        # the zone's name for its time after the change: a minute past it
        moment = (walls[0] - before + timedelta(minutes=1)).replace(tzinfo=UTC)
        observances.append((kind, walls[0], before, after, moment.astimezone(zone).tzname() or "",
                            f"FREQ=YEARLY;BYMONTH={month};BYDAY={nth}{_DAYS[weekday]}"))
    return _zone(name, observances)


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{mins:02d}"


Observance = tuple[str, datetime, timedelta, timedelta, str, str | None]


def _zone(name: str, observances: list[Observance]) -> bytes:
    lines = [ical.raw("BEGIN", "VTIMEZONE"), ical.text("TZID", name)]
    for kind, start, before, after, tzname, rule in observances:
        lines += [ical.raw("BEGIN", kind), ical.raw("DTSTART", start.strftime("%Y%m%dT%H%M%S")),
                  ical.raw("TZOFFSETFROM", _offset(before)),
                  ical.raw("TZOFFSETTO", _offset(after))]
        if tzname:
            lines.append(ical.text("TZNAME", tzname))
        if rule:
            lines.append(ical.raw("RRULE", rule))
        lines.append(ical.raw("END", kind))
    lines.append(ical.raw("END", "VTIMEZONE"))
    return b"".join(lines)
