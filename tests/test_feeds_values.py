"""The readers of messy Meeting Guide values, table by table."""

from __future__ import annotations

from datetime import date, time

import pytest

from generator.feeds.addresses import AddressParts, postal_text, split_formatted
from generator.feeds.json_items import FeedSyntaxError, read_items
from generator.feeds.values import (
    clean_text,
    https_link,
    parse_bool,
    parse_days,
    parse_number,
    parse_time,
    parse_updated,
    plain,
    slugify,
)
from generator.geo.placenames import country_code


@pytest.mark.parametrize(("raw", "expected"), [
    ("19:00", time(19, 0)),
    ("7:00", time(7, 0)),
    ("07:30", time(7, 30)),
    ("7:00 pm", time(19, 0)),
    ("7:00 PM", time(19, 0)),
    ("11:00 AM", time(11, 0)),
    ("11:00AM", time(11, 0)),
    ("7pm", time(19, 0)),
    ("7 p.m.", time(19, 0)),
    ("12:00 am", time(0, 0)),
    ("12:00 pm", time(12, 0)),
    ("12:15 p.m.", time(12, 15)),
    ("19:00:00", time(19, 0)),
    ("0730", time(7, 30)),
    ("7.30", time(7, 30)),
    ("noon", time(12, 0)),
    ("Midnight", time(0, 0)),
    ("24:00", time(0, 0)),
    (" 18:45 ", time(18, 45)),
])
def test_times_in_every_spelling(raw: str, expected: time) -> None:
    assert parse_time(raw) == expected


@pytest.mark.parametrize("raw", ["25:00", "19:60", "13:00 pm", "0:30 am", "7", "19", "soon",
                                 "", None, True, [19], "7:00 PM CST"])
def test_times_that_are_not_times(raw: object) -> None:
    assert parse_time(raw) is None


@pytest.mark.parametrize(("raw", "days", "rejected"), [
    (0, ["sun"], []),
    (6, ["sat"], []),
    ("3", ["wed"], []),
    (1.0, ["mon"], []),
    ("Monday", ["mon"], []),
    ("tues", ["tue"], []),
    ("Thurs.", ["thu"], []),
    ("Sundays", ["sun"], []),
    ("Miércoles", ["wed"], []),
    ([5, 1, 3, 1], ["mon", "wed", "fri"], []),
    (["Monday", "wed", 9], ["mon", "wed"], ["9"]),
    ("Monday, Wednesday and Friday", ["mon", "wed", "fri"], []),
    ("1,3", ["mon", "wed"], []),
    (7, [], ["7"]),
    (-1, [], ["-1"]),
    (True, [], ["True"]),
    ("someday", [], ['"someday"']),
    (None, [], ["None"]),
])
def test_days(raw: object, days: list[str], rejected: list[str]) -> None:
    assert parse_days(raw) == (days, rejected)


@pytest.mark.parametrize(("raw", "expected"), [
    (39.8, 39.8), ("39.8", 39.8), (" -89.6 ", -89.6), (0, 0.0), ("", None), (None, None),
    ("north", None), (True, None), (float("nan"), None), ("inf", None), ([1], None),
])
def test_numbers(raw: object, expected: float | None) -> None:
    assert parse_number(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("yes", True), ("YES", True), ("no", False), (True, True), (False, False), (1, True),
    (0, False), ("1", True), ("0", False), ("maybe", None), (None, None), ("", None), (2, None),
])
def test_booleans(raw: object, expected: bool | None) -> None:
    assert parse_bool(raw) is expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("2024-01-01 12:00:00", date(2024, 1, 1)),
    ("2024-01-31T23:59:59Z", date(2024, 1, 31)),
    ("2024-02-29", date(2024, 2, 29)),
    ("2024-13-01 00:00:00", None),
    ("yesterday", None),
    (None, None),
])
def test_updated_dates(raw: object, expected: date | None) -> None:
    assert parse_updated(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("<p>Ring the <b>buzzer</b>.</p><p>2nd floor<br>Room 4</p>",
     "Ring the buzzer.\n\n2nd floor\nRoom 4"),
    ("before<script>alert('x')</script>after", "beforeafter"),
    ("<style>p { color: red }</style>text", "text"),
    ("Fish &amp; Chips &lt;3", "Fish & Chips <3"),
    ("&amp;lt;b&amp;gt;", "&lt;b&gt;"),  # decoded once, never twice
    ("a < b and c > d", "a < b and c > d"),
    ("tab\there\x00\x1b[31m", "tab here[31m"),
    ("line\r\nbreaks\rand\u2028more", "line\nbreaks\nandmore"),
    ('<a href="javascript:alert(1)" onclick="x()">link</a>', "link"),
    ("<img src=x onerror=alert(1)>", ""),
    ("  lots   of\u00a0 space  ", "lots of space"),
])
def test_html_is_stripped_to_plain_text(raw: str, expected: str) -> None:
    assert clean_text(raw, multiline=True) == expected


def test_single_line_text_joins_lines() -> None:
    assert clean_text("<p>one</p><p>two</p>") == "one two"


def test_plain_keeps_angle_brackets_of_our_own_text() -> None:
    assert plain("Men's <Stag> Group\r\nBEGIN:VEVENT") == "Men's <Stag> Group BEGIN:VEVENT"
    assert plain("a\r\nb", multiline=True) == "a\nb"


@pytest.mark.parametrize(("raw", "expected"), [
    ("Sunday Serenity", "sunday-serenity"),
    ("sunday_serenity--7", "sunday-serenity-7"),
    ("Último Trago", "ultimo-trago"),
    ("!!!", ""),
    ("4711", "4711"),
    ("a" * 100, "a" * 80),
    ("word " * 30, ("word-" * 16).rstrip("-")),
])
def test_slugify(raw: str, expected: str) -> None:
    assert slugify(raw) == expected


@pytest.mark.parametrize(("raw", "link", "noted"), [
    ("https://zoom.us/j/1", "https://zoom.us/j/1", False),
    ("http://zoom.us/j/1", "https://zoom.us/j/1", True),
    ("HTTP://Zoom.us/j/1", "https://Zoom.us/j/1", True),
    ("www.example.org", "https://www.example.org", True),
    ("javascript:alert(1)", "", True),
    ("data:text/html,hi", "", True),
    ("https://zoom.us/j/1 passcode 5", "", True),
    ("", "", False),
])
def test_links(raw: str, link: str, noted: bool) -> None:
    got, note = https_link(raw)
    assert got == link
    assert bool(note) is noted


@pytest.mark.parametrize(("raw", "parts"), [
    ("4953 W Addison St, Chicago, IL 60641, USA",
     AddressParts("4953 W Addison St", "Chicago", "IL", "60641", "US")),
    ("123 Main St, Suite 4, Springfield, IL 62701",
     AddressParts("123 Main St, Suite 4", "Springfield", "IL", "62701", "")),
    ("Chicago, IL, USA", AddressParts("", "Chicago", "IL", "", "US")),
    ("Chicago, IL", AddressParts("", "Chicago", "IL", "", "")),
    ("10 King St W, Toronto, ON M5H 1A1, Canada",
     AddressParts("10 King St W", "Toronto", "ON", "M5H 1A1", "CA")),
    ("5 Oak St, Springfield, IL, 62701, United States",
     AddressParts("5 Oak St", "Springfield", "IL", "62701", "US")),
    ("12 Elm St", AddressParts("12 Elm St", "", "", "", "")),
    ("Online", AddressParts("", "Online", "", "", "")),
])
def test_formatted_addresses(raw: str, parts: AddressParts) -> None:
    assert split_formatted(raw) == parts


def test_country_codes_and_postal_codes() -> None:
    assert country_code("United States") == "US"
    assert country_code("ca") == "CA"
    assert country_code("Narnia") == ""
    assert postal_text(2134, "US") == "02134"  # a JSON number lost the leading zero
    assert postal_text("02134", "US") == "02134"
    assert postal_text(True, "US") == ""


def test_json_items_keep_their_positions() -> None:
    items = read_items('[\n  {"a": 1},\n  {"b": 2}, {"c": 3},\n]\n')
    assert [(i.line, i.col, i.value) for i in items] == [
        (2, 3, {"a": 1}), (3, 3, {"b": 2}), (3, 13, {"c": 3})]


def test_json_wrapped_in_an_object() -> None:
    assert [i.value for i in read_items('{"meetings": [1, 2]}')] == [1, 2]


@pytest.mark.parametrize(("text", "line", "col", "words"), [
    ('[\n  {"a": 1},\n  {"b": }\n]', 3, 9, "invalid JSON"),
    ('[{"a": 1}', 1, 10, "closing"),
    ('[{"a": 1} {"b": 2}]', 1, 11, "expected"),
    ('{"name": "x"}', 1, 1, "not a JSON array"),
    ("", 1, 1, "empty"),
    ("[] trailing", 1, 4, "after the closing"),
])
def test_json_errors_name_line_and_column(text: str, line: int, col: int, words: str) -> None:
    with pytest.raises(FeedSyntaxError) as info:
        read_items(text)
    assert (info.value.line, info.value.col) == (line, col)
    assert words in info.value.message
