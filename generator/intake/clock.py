"""Times as people write them: "7 pm", "19:00", "7:30", "noon", "19 h", ranges like
"7-8 pm". A time is read only when it is certain which half of the day it is in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from generator.intake.quote import q


class Unreadable(ValueError):
    """This part of the schedule cannot be read with certainty; the message says why."""


@dataclass(slots=True)
class Clock:
    hour: int
    minute: int = 0
    written: str = ""
    meridiem: str = ""   # "am" / "pm" when written
    h24: bool = False    # certain to be the 24-hour clock (19:00, 07:30, 19 h, noon)

    def mark(self, kind: str, value: str) -> None:
        """"7 pm" or "19 h": what follows the number says which clock it is."""
        if self.meridiem or self.h24:
            raise Unreadable(f"{q(self.written + ' ' + value)} is not a time")
        if kind == "h24":
            self.h24 = True
            return
        if not 1 <= self.hour <= 12:
            raise Unreadable(f"{q(self.written + ' ' + value)} is not a time")
        self.meridiem = value


def parse_clock(hours: str, minutes: str | None, written: str) -> Clock:
    hour, minute = int(hours), int(minutes or 0)
    if hour > 23 or minute > 59:
        raise Unreadable(f"{q(written)} is not a time")
    # 19:00, 07:30 and 0:15 can only be the 24-hour clock; 7:30 could be either.
    h24 = minutes is not None and (hour >= 13 or hour == 0 or hours.startswith("0"))
    return Clock(hour, minute, written, h24=h24)


def times(clocks: list[Clock]) -> tuple[time, time | None]:
    first = clocks[0]
    last = clocks[1] if len(clocks) > 1 else None
    if last is not None and not first.meridiem and not first.h24 and last.meridiem:
        start = _inherit(first, last)
    else:
        start = _certain(first, last)
    if last is None:
        return start, None
    if not last.meridiem and not last.h24 and first.meridiem:
        return start, _after(last, start)
    return start, _certain(last, first)


def _certain(clock: Clock, other: Clock | None) -> time:
    if clock.meridiem:
        return time(clock.hour % 12 + (12 if clock.meridiem == "pm" else 0), clock.minute)
    if clock.h24 or (other is not None and other.h24 and other.written[-3:-2] in ":.h"
                     and clock.written[-3:-2] in ":.h"):
        return time(clock.hour, clock.minute)
    raise Unreadable(f"is {q(clock.written)} in the morning or the evening? Write "
                     f"{q(clock.written + ' am')}, {q(clock.written + ' pm')} or the 24-hour "
                     "time")


def _inherit(start: Clock, end: Clock) -> time:
    """"7-8 pm": the start takes the end's am/pm, unless that puts it after the end
    ("11-1 pm" is 11 am to 1 pm)."""
    if not 1 <= start.hour <= 12:
        raise Unreadable(f"{q(start.written)} is not a time")
    same = time(start.hour % 12 + (12 if end.meridiem == "pm" else 0), start.minute)
    stop = _certain(end, None)
    if (same.hour, same.minute) < (stop.hour, stop.minute):
        return same
    return time((same.hour + 12) % 24, same.minute)


def _after(clock: Clock, start: time) -> time:
    """"7 pm-8": the first time after the start that reads as `clock` on a 12-hour
    clock."""
    if not 1 <= clock.hour <= 12:
        raise Unreadable(f"{q(clock.written)} is not a time")
    base = clock.hour % 12
    for hour in (base, base + 12):
        if (hour, clock.minute) > (start.hour, start.minute):
            return time(hour, clock.minute)
    return time(base, clock.minute)  # after midnight
