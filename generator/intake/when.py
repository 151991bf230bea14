"""Schedules as people write them, read into schedule slots, or left out and said why.

    read_schedule("Mon, Wed & Fri 12:00–13:00\\n1st and 3rd Monday at 7pm")

English and Spanish: "Tuesdays 7–8 pm", "1st and 3rd Monday at 7pm", "every other
Thursday 6:30 pm starting Dec 3", "daily at noon", "martes 19:00", "lunes a viernes de
7 a 8 de la noche". Each line (or part between semicolons) is read on its own; a part
with any word the reader does not know, a time that could be morning or evening ("at
7"), or a rule the data format cannot hold is left out whole and listed for the
reviewer with the reason. Nothing is guessed: a wrong time sends someone to a locked
door, a missing one only to the group's own listing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from generator.format import vocab
from generator.format.model import ScheduleSlot
from generator.intake.clock import Clock, Unreadable, parse_clock, times
from generator.intake.quote import q
from generator.intake.words import (
    DAY_OF,
    FILLER,
    H24_WORDS,
    MONTH_OF,
    ORDINAL_OF,
    PHRASES,
    RANGE_WORDS,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
_PARTS = re.compile(r"[\n;]+")
_TOKEN = re.compile(
    r"(?P<iso>\d{4}-\d{2}-\d{2})(?!\d)"
    r"|(?P<year>\d{4})(?!\d)"
    r"|(?P<word>\d(?:st|nd|rd|th|er|ro|do|to|º|°|o|a)(?!\w)|[^\W\d_][\w'º°]*)"
    r"|(?P<clock>\d{1,2})(?:[:.h](?P<min>\d{2}))?(?!\d)"
    r"|(?P<dash>-)"
    r"|(?P<space>[\s,./():]+)"
    r"|(?P<other>.)", re.UNICODE)


@dataclass(frozen=True, slots=True)
class LeftOut:
    text: str    # the part as written
    reason: str  # what the reviewer (or the person who wrote it) should know


@dataclass(slots=True)
class _Slot:
    days: list[str] = field(default_factory=list)
    weeks: list[int] = field(default_factory=list)
    clocks: list[Clock] = field(default_factory=list)
    biweekly: bool = False
    monthly: bool = False
    start_date: date | None = None
    range_open: bool = False
    from_open: bool = False


def read_schedule(text: str, today: date) -> tuple[list[ScheduleSlot], list[LeftOut]]:
    """Slots read with certainty, and the parts left out with the reason. `today` (the
    issue's date) picks the year of a date written without one."""
    slots: list[ScheduleSlot] = []
    left: list[LeftOut] = []
    for part in _PARTS.split(text):
        shown = " ".join(part.split())
        if not shown.strip(" .,"):
            continue
        try:
            found, notes = _read_part(shown, today)
        except Unreadable as exc:
            left.append(LeftOut(shown, str(exc)))
            continue
        for slot in found:
            if slot not in slots:
                slots.append(slot)
        left.extend(LeftOut(shown, note) for note in notes)
    return slots, left


def _normal(text: str) -> str:
    out = unicodedata.normalize("NFC", text).lower()
    for pattern, marker in PHRASES:
        out = pattern.sub(marker, out)
    return out


def _tokens(text: str, today: date) -> list[tuple[str, object]]:
    raw: list[tuple[str, object]] = []
    for m in _TOKEN.finditer(_normal(text)):
        kind = "clock" if m.lastgroup == "min" else m.lastgroup
        if kind == "space":
            continue
        if kind == "iso":
            try:
                raw.append(("date", date.fromisoformat(m.group())))
            except ValueError:
                raise Unreadable(f"{q(m.group())} is not a date") from None
        elif kind == "clock":
            raw.append(("clock", parse_clock(m.group("clock"), m.group("min"), m.group())))
        elif kind == "year":
            raw.append(("year", int(m.group())))
        elif kind == "dash":
            raw.append(("range", None))
        elif kind == "word":
            token = _word(m.group())
            if token[0] != "filler":
                raw.append(token)
        else:
            raise Unreadable(f"did not understand {q(m.group())}")
    return _dates(raw, today)


def _word(word: str) -> tuple[str, object]:
    if word in DAY_OF:
        return ("day", DAY_OF[word])
    if word in ORDINAL_OF:
        return ("ordinal", ORDINAL_OF[word])
    if word in MONTH_OF:
        return ("month", MONTH_OF[word])
    simple = {"am": "meridiem", "pm": "meridiem", "biweekly": "biweekly",
              "monthly": "monthly", "from": "from"}
    if word in simple:
        return (simple[word], word)
    if word == "noon":
        return ("clock", Clock(12, 0, "noon", h24=True))
    if word == "midnight":
        return ("clock", Clock(0, 0, "midnight", h24=True))
    if word in ("daily", "weekdays", "weekends"):
        days = {"daily": vocab.DAYS, "weekdays": WEEKDAYS, "weekends": ("sat", "sun")}
        return ("days", days[word])
    if word in RANGE_WORDS:
        return ("range", None)
    if word in H24_WORDS:
        return ("h24", None)
    if word in FILLER:
        return ("filler", None)
    raise Unreadable(f"did not understand {q(word)}")


def _dates(raw: list[tuple[str, object]], today: date) -> list[tuple[str, object]]:
    """Month names with a day number ("Dec 3", "3 de diciembre", "December 3rd, 2026")
    become dates; the year, when not written, is the one nearest the issue's date."""
    out: list[tuple[str, object]] = []
    i = 0
    while i < len(raw):
        kind, value = raw[i]
        if kind != "month":
            out.append(raw[i])
            i += 1
            continue
        before = out[-1] if out and out[-1][0] in ("clock", "ordinal") else None
        after = raw[i + 1] if i + 1 < len(raw) and raw[i + 1][0] in ("clock", "ordinal") else None
        number = after if after else before
        if number is None:
            raise Unreadable("a month needs a day, e.g. “Dec 3”")
        if number is before:
            out.pop()
        day = number[1].hour if isinstance(number[1], Clock) else number[1]
        i += 2 if number is after else 1
        year = None
        if i < len(raw) and raw[i][0] == "year":
            year = int(raw[i][1])  # type: ignore[call-overload]
            i += 1
        out.append(("date", _nearest(int(value), int(day), year, today)))  # type: ignore[call-overload]
    return out


def _nearest(month: int, day: int, year: int | None, today: date) -> date:
    try:
        if year is not None:
            return date(year, month, day)
        options = [date(today.year + k, month, day) for k in (-1, 0, 1)]
    except ValueError:
        raise Unreadable(f"{month}/{day} is not a date") from None
    return min(options, key=lambda d: abs((d - today).days))


def _read_part(text: str, today: date) -> tuple[list[ScheduleSlot], list[str]]:
    tokens = _tokens(text, today)
    slots = [_Slot()]
    for i, (kind, value) in enumerate(tokens):
        slot = slots[-1]
        starts_new = (kind in ("day", "days", "ordinal") and not slot.from_open) or (
            kind in ("biweekly", "monthly") and _days_follow(tokens, i))
        if starts_new and slot.clocks and slot.days:
            slot = _Slot()
            slots.append(slot)
        _take(slot, kind, value)
    out: list[ScheduleSlot] = []
    notes: list[str] = []
    for slot in slots:
        made, note = _finish(slot)
        out.append(made)
        if note:
            notes.append(note)
    return out, notes


def _days_follow(tokens: list[tuple[str, object]], i: int) -> bool:
    for kind, _ in tokens[i + 1:]:
        if kind in ("day", "days", "ordinal"):
            return True
        if kind not in ("filler", "biweekly", "monthly"):
            return False
    return False


def _take(slot: _Slot, kind: str, value: object) -> None:
    _TAKE.get(kind, _take_year)(slot, kind, value)


def _take_day(slot: _Slot, kind: str, value: object) -> None:
    if slot.range_open and slot.days and not slot.clocks:
        slot.days.extend(_day_range(slot.days.pop(), str(value)))
        slot.range_open = False
    elif slot.from_open:
        pass  # "starting Thursday, Dec 3": the date follows and is checked
    else:
        slot.days.append(str(value))


def _take_mark(slot: _Slot, kind: str, value: object) -> None:
    if not slot.clocks:
        raise Unreadable(f"{q(str(value or 'h'))} does not follow a time")
    slot.clocks[-1].mark(kind, str(value))


def _take_range(slot: _Slot, kind: str, value: object) -> None:
    if slot.range_open or not (slot.days or slot.clocks) or len(slot.clocks) > 1:
        raise Unreadable("a “-” or “to” without two days or two times around it")
    slot.range_open = True


def _take_date(slot: _Slot, kind: str, value: object) -> None:
    if slot.start_date is not None:
        raise Unreadable("two dates")
    slot.start_date = value  # type: ignore[assignment]
    slot.from_open = False


def _take_year(slot: _Slot, kind: str, value: object) -> None:
    # _dates joins every year that follows a month and day into its date.
    raise Unreadable("a year without a month and day")


def _set(name: str) -> Callable[[_Slot, str, object], None]:
    return lambda slot, kind, value: setattr(slot, name, True)


# What each kind of token does to the slot being read.
_TAKE: dict[str, Callable[[_Slot, str, object], None]] = {
    "day": _take_day,
    "days": lambda slot, kind, value: slot.days.extend(value),  # type: ignore[arg-type]
    "ordinal": lambda slot, kind, value: slot.weeks.append(int(value)),  # type: ignore[call-overload]
    "clock": lambda slot, kind, value: _take_clock(slot, value),  # type: ignore[arg-type]
    "meridiem": _take_mark, "h24": _take_mark,
    "range": _take_range,
    "biweekly": _set("biweekly"), "monthly": _set("monthly"), "from": _set("from_open"),
    "date": _take_date,
}


def _take_clock(slot: _Slot, clock: Clock) -> None:
    slot.from_open = False  # "from 7 to 8": a time, not a start date
    if not slot.clocks:
        slot.clocks.append(clock)
    elif slot.range_open and len(slot.clocks) == 1:
        slot.clocks.append(clock)
        slot.range_open = False
    else:
        raise Unreadable("more than one time for the same days; write one line per meeting")


def _day_range(first: str, last: str) -> list[str]:
    order = list(vocab.WEEKDAY_INDEX)
    a, b = order.index(first), order.index(last)
    return [order[(a + k) % 7] for k in range((b - a) % 7 + 1)]


def _finish(slot: _Slot) -> tuple[ScheduleSlot, str]:
    if slot.range_open:
        raise Unreadable("a range with nothing after “-” or “to”")
    if not slot.days:
        raise Unreadable("which day of the week?")
    if not slot.clocks:
        raise Unreadable("what time does it start?")
    start, end = times(slot.clocks)
    days = tuple(d for d in vocab.DAYS if d in slot.days)
    if len(days) != len(slot.days):
        days = tuple(dict.fromkeys(slot.days))
    if end is not None and end == start:
        raise Unreadable("the end time is the start time")
    note = ""
    every, weeks, from_ = "week", tuple(sorted(set(slot.weeks), key=lambda w: (w < 0, w))), None
    if weeks:
        if 5 in weeks:
            raise Unreadable("a 5th week of the month cannot be listed (only 1st-4th and "
                             "last)")
        if slot.biweekly:
            raise Unreadable("both “every other week” and weeks of the month")
        every = "month"
    elif slot.monthly:
        raise Unreadable("which week of the month (1st, 2nd, 3rd, 4th or last)?")
    elif slot.biweekly:
        every = "2 weeks"
    if slot.start_date is not None:
        if every != "2 weeks":
            note = (f"the date {slot.start_date:%Y-%m-%d} was left out: the list keeps a "
                    "date only for groups that meet every other week")
        elif slot.start_date.weekday() not in {vocab.WEEKDAY_INDEX[d] for d in days}:
            on = slot.start_date
            raise Unreadable(f"{on:%A %B} {on.day}, {on.year} is not a "
                             f"{' or '.join(vocab.DAY_NAMES[d] for d in days)}")
        else:
            from_ = slot.start_date
    return ScheduleSlot(days=days, start=start, end=end, every=every, weeks=weeks,
                        from_=from_), note
