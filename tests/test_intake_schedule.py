"""Schedules as people write them, in English and Spanish: each shape read exactly, and
what cannot be read with certainty left out with a reason, never guessed."""

from __future__ import annotations

from datetime import date, time

import pytest
from intake_support import DAY

from generator.format.model import ScheduleSlot
from generator.intake.quote import plain
from generator.intake.when import read_schedule


def slot(days: str, start: str, end: str | None = None, every: str = "week",
         weeks: tuple[int, ...] = (), from_: date | None = None) -> ScheduleSlot:
    return ScheduleSlot(tuple(days.split()), time.fromisoformat(start),
                        time.fromisoformat(end) if end else None, every, weeks, from_)


ALL = "sun mon tue wed thu fri sat"

READ = [
    ("Tuesdays 7–8 pm", [slot("tue", "19:00", "20:00")]),
    ("Mon, Wed & Fri 12:00–13:00", [slot("mon wed fri", "12:00", "13:00")]),
    ("1st and 3rd Monday at 7pm", [slot("mon", "19:00", every="month", weeks=(1, 3))]),
    ("every other Thursday 6:30 pm starting Dec 3",
     [slot("thu", "18:30", every="2 weeks", from_=date(2026, 12, 3))]),
    ("daily at noon", [slot(ALL, "12:00")]),
    ("martes 19:00", [slot("tue", "19:00")]),
    ("Tuesdays 19:00-20:00, every week", [slot("tue", "19:00", "20:00")]),
    ("lunes a viernes de 7 a 8 de la noche", [slot("mon tue wed thu fri", "19:00", "20:00")]),
    ("primer y tercer lunes a las 7 pm", [slot("mon", "19:00", every="month", weeks=(1, 3))]),
    ("último viernes del mes 18:30", [slot("fri", "18:30", every="month", weeks=(-1,))]),
    ("cada dos semanas, jueves 18:30, a partir del 3 de diciembre",
     [slot("thu", "18:30", every="2 weeks", from_=date(2026, 12, 3))]),
    ("sábados 10 de la mañana", [slot("sat", "10:00")]),
    ("martes y jueves 19 hs", [slot("tue thu", "19:00")]),
    ("todos los días al mediodía", [slot(ALL, "12:00")]),
    ("Mondays 7pm, Thursdays 8:30 p.m.", [slot("mon", "19:00"), slot("thu", "20:30")]),
    ("Fri 11pm-1", [slot("fri", "23:00", "01:00")]),
    ("11-1 pm Sunday", [slot("sun", "11:00", "13:00")]),
    ("Saturday 10:30am to noon", [slot("sat", "10:30", "12:00")]),
    ("weekends 7:00 am", [slot("sun sat", "07:00")]),
    ("last Friday of the month at 7 p.m.", [slot("fri", "19:00", every="month", weeks=(-1,))]),
    ("every Tuesday from 7 to 8:30pm", [slot("tue", "19:00", "20:30")]),
    ("Tuesday 7pm every other week", [slot("tue", "19:00", every="2 weeks")]),
    ("every other Thursday 6:30 pm starting Thursday, December 3rd, 2026",
     [slot("thu", "18:30", every="2 weeks", from_=date(2026, 12, 3))]),
    ("Mon 7pm\nWed 07:30; Fri 19h30",
     [slot("mon", "19:00"), slot("wed", "07:30"), slot("fri", "19:30")]),
]


@pytest.mark.parametrize("text, expected", READ, ids=[t for t, _ in READ])
def test_read(text: str, expected: list[ScheduleSlot]) -> None:
    slots, left = read_schedule(text, DAY)
    assert left == []
    assert slots == expected


LEFT_OUT = [
    ("Tuesdays at 7", "is “7” in the morning or the evening?"),
    ("Tuesdays 7:30", "is “7:30” in the morning or the evening?"),
    ("Saturday 10am (big book)", "did not understand “big”"),
    ("5th Sunday 7pm", "a 5th week of the month cannot be listed"),
    ("every other Thursday 6:30 pm starting Dec 4", "Friday December 4, 2026 is not a Thursday"),
    ("Monday evenings", "did not understand “evenings”"),
    ("7pm", "which day of the week?"),
    ("Tuesdays", "what time does it start?"),
    ("monthly on Tuesday 7pm", "which week of the month"),
    ("Mon 7pm 8pm", "more than one time for the same days"),
    ("martes a las 25:00", "“25:00” is not a time"),
    ("1st Monday every other week 7pm", "both “every other week” and weeks of the month"),
    ("Tuesday 7pm except holidays", "did not understand “except”"),
]


@pytest.mark.parametrize("text, reason", LEFT_OUT, ids=[t for t, _ in LEFT_OUT])
def test_left_out_with_the_reason(text: str, reason: str) -> None:
    slots, left = read_schedule(text, DAY)
    assert slots == []
    assert [p.text for p in left] == [text]
    assert reason in plain(left[0].reason)


def test_each_line_stands_alone() -> None:
    slots, left = read_schedule("Tuesdays 7–8 pm\nThursdays at 7\n\nsábados 18:00", DAY)
    assert slots == [slot("tue", "19:00", "20:00"), slot("sat", "18:00")]
    assert [p.text for p in left] == ["Thursdays at 7"]


def test_a_start_date_on_a_weekly_meeting_is_noted_not_kept() -> None:
    slots, left = read_schedule("Tuesdays 7pm starting Dec 8", DAY)
    assert slots == [slot("tue", "19:00")]
    assert "the date 2026-12-08 was left out" in left[0].reason


def test_a_date_without_a_year_is_the_nearest_one() -> None:
    late = date(2026, 12, 28)
    slots, _ = read_schedule("every other Sunday 6 pm from Jan 3", late)
    assert slots[0].from_ == date(2027, 1, 3)
