"""The schedule rules on one table of cases (tests/fixtures/schedule_cases.json), here
against generator/format/schedule.py (and the finder index's encoding of a slot); the
same table runs in Node against the browser's copies (tests/js/schedule.test.mjs, run by
tests/test_js.py)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from generator.feeds.calendar import first_date
from generator.finder.index import slot_code
from generator.format import schedule
from generator.format.model import ScheduleSlot

TABLE = json.loads((Path(__file__).parent / "fixtures" / "schedule_cases.json")
                   .read_text(encoding="utf-8"))
CASES = TABLE["cases"]


def slot_of(d: dict[str, Any]) -> ScheduleSlot:
    def hm(text: str) -> time:
        hour, minute = text.split(":")
        return time(int(hour), int(minute))
    return ScheduleSlot(days=tuple(d["days"]), start=hm(d["start"]),
                        end=hm(d["end"]) if d.get("end") else None,
                        every=d.get("every", "week"), weeks=tuple(d.get("weeks", ())),
                        from_=date.fromisoformat(d["from"]) if d.get("from") else None)


def instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_the_table_covers_the_rules() -> None:
    slots = [c["slot"] for c in CASES]
    assert {"week", "2 weeks", "month"} == {s.get("every", "week") for s in slots}
    assert any(-1 in s.get("weeks", []) for s in slots)
    assert any(s.get("from") for s in slots) and any(
        s.get("every") == "2 weeks" and not s.get("from") for s in slots)
    assert any(s.get("end") and s["end"] < s["start"] for s in slots)  # past midnight
    assert {"in-progress", "upcoming", "ended", "other-day"} == {c["status"] for c in CASES}
    assert any(c["zone"] != c["viewer"] for c in CASES)
    months = {(c["zone"].split("/")[0], c["now"][5:7]) for c in CASES}
    assert {("America", "03"), ("America", "10"), ("Europe", "03"), ("Europe", "10")} <= months


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_schedule_rules(case: dict[str, Any]) -> None:
    slot, zone = slot_of(case["slot"]), case["zone"]
    at = instant(case["now"])
    assert at is not None
    assert list(slot_code(slot)) == case["code"]  # what the Node test reads
    for day, meets in case["meets"].items():
        assert schedule.may_meet_on(slot, date.fromisoformat(day)) is meets, day
    assert schedule.next_start(slot, zone, at) == instant(case["next"])
    run = schedule.running(slot, zone, at)
    expected = case["running"]
    assert run == (None if expected is None else (instant(expected["start"]), instant(expected["end"])))
    status, start, end = schedule.status_at([slot], zone, at, case["viewer"])
    assert status == case["status"]
    if status == "in-progress":
        assert (start, end) == run
    else:
        assert start == instant(case["next"])
        assert end == instant(case.get("ended"))
    # The calendars' first date (DTSTART) is the first date the slot meets
    if slot.every != "2 weeks" or slot.from_ is not None:
        first = first_date(slot, at.astimezone(UTC).date())
        assert schedule.may_meet_on(slot, first)
        assert all(not schedule.may_meet_on(slot, date.fromordinal(d))
                   for d in range(at.astimezone(UTC).date().toordinal(), first.toordinal()))
