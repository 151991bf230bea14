"""/resources.csv: one row per meeting time, readable by spreadsheets, never a formula."""

from __future__ import annotations

import csv
import io
from datetime import date, time

import pytest

from generator.build.context import SiteContext
from generator.feeds.spreadsheet import COLUMNS, export_csv, guard
from generator.format.model import Contact, Dataset, Location, Online, Resource, ScheduleSlot

SITE = "https://meetings.example.org/"


def _rows(resources: list[Resource]) -> list[dict[str, str]]:
    data = export_csv(SiteContext(Dataset("x", resources), site_url=SITE))
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8 as UTF-8
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_one_row_per_meeting_time() -> None:
    r = Resource(
        id="twice", name="Twice", kind="meeting", program="aa", attendance="hybrid",
        timezone="America/Chicago",
        schedule=(ScheduleSlot(("mon", "wed"), time(7, 0), time(8, 0)),
                  ScheduleSlot(("sat",), time(10, 0), None, "month", (1, -1)),
                  ScheduleSlot(("thu",), time(19, 0), None, "2 weeks", from_=date(2026, 1, 8))),
        location=Location(place="Hall", address="1 Main St", city="Springfield", region="IL",
                          postal_code="01234", country="US", lat=39.8017, lon=-89.6436),
        online=Online(url="https://zoom.us/j/1", phone="+1 555 0100"),
        tags=("open", "women"), verified=date(2026, 1, 2),
        contact=Contact(email="a@example.org"))
    line = Resource(id="line", name="Helpline", kind="helpline", program="other",
                    attendance="online", online=Online(phone="988"))
    rows = _rows([r, line])
    assert [(row["id"], row["day"], row["start"], row["end"], row["every"], row["weeks"],
             row["from"]) for row in rows] == [
        ("twice", "Monday", "07:00", "08:00", "week", "", ""),
        ("twice", "Wednesday", "07:00", "08:00", "week", "", ""),
        ("twice", "Saturday", "10:00", "", "month", "1 -1", ""),
        ("twice", "Thursday", "19:00", "", "2 weeks", "", "2026-01-08"),
        ("line", "", "", "", "", "", ""),
    ]
    first = rows[0]
    assert (first["postal_code"], first["lat"], first["lon"]) == ("01234", "39.8017", "-89.6436")
    assert first["online_phone"] == "'+1 555 0100"  # a leading + would start a formula
    assert (first["tags"], first["verified"], first["page"]) == (
        "open women", "2026-01-02", SITE + "r/twice/")
    assert rows[4]["online_phone"] == "988"


@pytest.mark.parametrize(("raw", "cell"), [
    ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Plain = fine", "Plain = fine"),
    ("", ""),
])
def test_formula_guard(raw: str, cell: str) -> None:
    assert guard(raw) == cell


def test_hostile_text_round_trips_through_a_csv_reader() -> None:
    hostile = '=cmd|\' /C calc\'!A0, "quoted", new\nline; <b>'
    r = Resource(id="h", name=hostile, kind="community", program="other",
                 attendance="online", online=Online(url="https://example.org/",
                                                    notes="@evil"),
                 description=hostile)
    (row,) = _rows([r])
    assert row["name"] == "'" + hostile
    assert row["description"] == "'" + hostile
    assert row["online_notes"] == "'@evil"
    assert row["online_url"] == "https://example.org/"
    assert (row["lat"], row["day"]) == ("", "")
