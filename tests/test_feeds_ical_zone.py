"""The short VTIMEZONE (yearly rules) against zoneinfo: a calendar program reading it
must find the same UTC offset as the zone database at every moment of the span."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from generator.feeds.ical_zone import changes, yearly_vtimezone

# North and south, half and quarter hours, "last Sunday" rules, negative daylight time
# (Dublin), a zone without changes, and zones whose changes follow no yearly rule.
RULED = ["America/Chicago", "Europe/London", "Australia/Sydney", "America/St_Johns",
         "Pacific/Chatham", "Europe/Dublin", "Australia/Lord_Howe", "America/Havana"]
FIXED = ["America/Phoenix", "Asia/Kolkata"]
UNRULY = ["Africa/Casablanca", "America/Santiago"]  # Ramadan; Saturday-midnight changes


def _reader_zone(vtimezone: bytes) -> object:
    calendar = Calendar.from_ical(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
                                  + vtimezone + b"END:VCALENDAR\r\n")
    return calendar.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)  # from the text only


def _moments(zone: ZoneInfo) -> list[datetime]:
    """Midday of every month, and a minute before and after each change, by zoneinfo."""
    moments = [datetime(y, m, 15, 12, tzinfo=UTC) for y in range(2026, 2033)
               for m in range(1, 13)]
    for wall, before, _ in changes(zone, 2026, 2032):
        at = (wall - before).replace(tzinfo=UTC)  # the change, in UTC
        moments += [at - timedelta(minutes=1), at + timedelta(minutes=1)]
    return moments


@pytest.mark.parametrize("name", RULED + FIXED)
def test_offsets_match_zoneinfo_around_every_change(name: str) -> None:
    text = yearly_vtimezone(name, 2026, 2032)
    assert text is not None
    read, zone = _reader_zone(text), ZoneInfo(name)
    moments = _moments(zone)
    assert len(moments) >= 84 + (0 if name in FIXED else 2 * 2 * 7)
    wrong = [m for m in moments
             if m.astimezone(read).utcoffset() != m.astimezone(zone).utcoffset()]
    assert wrong == [], f"{name}: {len(wrong)} moments differ, first {wrong[:3]}"


@pytest.mark.parametrize("name", RULED)
def test_ruled_zones_are_two_yearly_observances(name: str) -> None:
    text = (yearly_vtimezone(name, 2026, 2041) or b"").decode()
    assert text.count("RRULE:FREQ=YEARLY") == 2 and "RDATE" not in text
    assert len(text) < 400  # icalendar's dated form of the same span: ~900 bytes


def test_a_zone_without_changes_has_one_observance() -> None:
    text = (yearly_vtimezone("America/Phoenix", 2026, 2041) or b"").decode()
    assert text.count("BEGIN:STANDARD") == 1 and "RRULE" not in text and "DAYLIGHT" not in text
    assert "TZOFFSETTO:-0700" in text


@pytest.mark.parametrize("name", UNRULY)
def test_zones_without_yearly_rules_are_left_to_the_dated_form(name: str) -> None:
    assert yearly_vtimezone(name, 2026, 2041) is None
