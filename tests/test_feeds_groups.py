"""Meeting Guide feeds as intergroups publish them: one-string Canadian addresses, 12-hour
times, no time zones, one group on several days with different types, entities."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest

from generator.feeds.addresses import split_formatted
from generator.feeds.meeting_guide import (
    ImportOptions,
    ImportResult,
    checked_yaml,
    convert,
    import_feed,
)
from generator.feeds.values import parse_updated
from generator.format.model import Resource
from generator.format.validate import check

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
TODAY = date(2026, 1, 1)


@pytest.fixture(scope="module")
def edmonton() -> ImportResult:
    text = (FIXTURES / "edmonton_one_string.json").read_text(encoding="utf-8")
    return import_feed(text, "edmonton.json", ImportOptions(today=TODAY))


def _by_source(result: ImportResult) -> dict[str, Resource]:
    return {sid: r for r in result.dataset.resources for sid in r.source_ids}


@pytest.mark.parametrize(("line", "parts"), [
    ("8318 104 St, Edmonton, Alberta, T6E 4E8, Canada",
     ("8318 104 St", "Edmonton", "AB", "T6E 4E8", "CA")),
    ("1 Rue X, Montréal, Québec H2X 1Y4", ("1 Rue X", "Montréal", "QC", "H2X 1Y4", "CA")),
    ("123 Main, Toronto, ON M5V 2T6, Canada", ("123 Main", "Toronto", "ON", "M5V 2T6", "CA")),
    ("9 Elm, Dover, Delaware 19901", ("9 Elm", "Dover", "DE", "19901", "")),
    ("1 Main St, Springfield IL 62701", ("1 Main St", "Springfield", "IL", "62701", "")),
    ("4953 W Addison St, Chicago, IL, 60641", ("4953 W Addison St", "Chicago", "IL", "60641", "")),
    ("12 High St, Leeds, LS1 4AP, UK", ("12 High St", "Leeds", "", "LS1 4AP", "GB")),
    ("5 George St, Sydney NSW 2000, Australia", ("5 George St", "Sydney", "NSW", "2000", "AU")),
    ("Springfield, IL, USA", ("", "Springfield", "IL", "", "US")),
])
def test_addresses_in_the_orders_feeds_write_them(line: str, parts: tuple[str, ...]) -> None:
    got = split_formatted(line)
    assert (got.address, got.city, got.region, got.postal_code, got.country) == parts


@pytest.mark.parametrize(("raw", "day"), [
    ("8/25/2022 11:17:07 AM", date(2022, 8, 25)), ("12/1/2023", date(2023, 12, 1)),
    ("2024-01-01 12:00:00", date(2024, 1, 1)), ("13/45/2022", None), ("soon", None),
])
def test_updated_in_us_order(raw: str, day: date | None) -> None:
    assert parse_updated(raw) == day


def test_one_string_canadian_addresses_all_import(edmonton: ImportResult) -> None:
    by = _by_source(edmonton)
    r = by["sunrise-serenity-mon"]
    loc = r.location
    assert loc is not None
    assert (loc.address, loc.city, loc.region, loc.postal_code, loc.country) == (
        "8318 104 St", "Edmonton", "AB", "T6E 4E8", "CA")
    assert by["mens-stag"].location is not None
    assert by["mens-stag"].location.city == "Edmonton"
    # only the address with no town at all is left out, with its reason
    assert edmonton.outcome.count(None) == 1
    (error,) = edmonton.report.errors
    assert "`nowhere-near` not imported: no `timezone`" in error.message
    assert error.line == 9


def test_zones_inferred_offline_and_reported(edmonton: ImportResult) -> None:
    assert {r.timezone for r in edmonton.dataset.resources} == {"America/Edmonton"}
    assert edmonton.summary is not None
    assert edmonton.summary.zone_from["coordinates"] == 3  # the three with lat/lon
    assert edmonton.summary.zone_from["region"] == 4  # Alberta, from the address
    lines = "\n".join(edmonton.summary.summary_lines())
    assert "time zones inferred for 7 meetings" in lines and "America/Edmonton 7" in lines
    assert edmonton.dataset.defaults.timezone == "America/Edmonton"


def test_the_timezone_option_wins_over_inference() -> None:
    text = (FIXTURES / "edmonton_one_string.json").read_text(encoding="utf-8")
    result = import_feed(text, "e.json", ImportOptions(timezone="America/Regina", today=TODAY))
    assert {r.timezone for r in result.dataset.resources} == {"America/Regina"}
    (error,) = result.report.errors  # the meeting with no town now fails for that alone
    assert "no way to attend" in error.message and "no city or postal code" in error.message


def test_one_entry_per_group_with_what_differs_on_each_slot(edmonton: ImportResult) -> None:
    r = _by_source(edmonton)["sunrise-serenity-wed"]
    assert r.source_ids == ("sunrise-serenity-mon", "sunrise-serenity-wed",
                            "sunrise-serenity-fri")
    assert r.id == "sunrise-serenity-edmonton"
    assert r.tags == ("open", "wheelchair")  # common to all three days
    assert [(s.days, s.start, s.end, s.tags, s.notes) for s in r.schedule] == [
        (("mon", "wed"), time(7), time(8), ("discussion",), ""),
        (("fri",), time(7), time(8), ("big-book",), "Big Book study on Fridays")]
    assert r.all_tags == ("open", "wheelchair", "discussion", "big-book")
    assert r.verified == date(2022, 9, 1)  # the latest of the records
    assert r.location is not None and r.location.neighborhood == "Old Strathcona"
    assert edmonton.summary is not None
    assert (edmonton.summary.entries, edmonton.summary.merged) == (5, 2)


def test_twelve_hour_times_and_midnight(edmonton: ImportResult) -> None:
    by = _by_source(edmonton)
    assert (by["mens-stag"].schedule[0].start, by["mens-stag"].schedule[0].end) == (
        time(19), time(20, 30))  # "7pm", "8:30pm"
    late = by["late-night"].schedule[0]
    assert (late.start, late.end) == (time(23, 30), time(0, 30))  # crosses midnight


def test_entities_decoded_in_names_never_in_urls(edmonton: ImportResult) -> None:
    by = _by_source(edmonton)
    assert by["mens-stag"].name == "Men\u2019s Stag & Step"
    assert by["mens-stag"].id == "mens-stag-step-edmonton"
    women = by["women-solution"]
    assert women.name == "Women in the Solution"  # tags stripped...
    assert any("HTML tags removed from the name" in d.message
               for d in edmonton.report.warnings)  # ...and said so
    assert women.online is not None
    assert women.online.url == "https://zoom.us/j/5551234?pwd=x&region=ab&amp=1"
    sunrise = by["sunrise-serenity-mon"]
    assert sunrise.contact is not None
    assert sunrise.contact.feedback == \
        "https://aaedmonton.example/feedback/?meeting=9001&region=7"
    assert sunrise.tradition is not None and sunrise.tradition.venmo == "@SunriseSerenityYEG"


def test_the_import_validates_and_loads_back_the_same(edmonton: ImportResult) -> None:
    text, report = checked_yaml(edmonton, today=TODAY)
    dataset, again = check("out.yaml", text=text, today=TODAY)
    assert not again.errors, [d.format() for d in again.errors]
    assert [(r.id, r.schedule, r.tags, r.source_ids, r.tradition) for r in dataset.resources] \
        == [(r.id, r.schedule, r.tags, r.source_ids, r.tradition)
            for r in edmonton.dataset.resources]


def test_ids_are_stable_across_reimports_and_feed_order() -> None:
    raw = json.loads((FIXTURES / "philadelphia.json").read_text(encoding="utf-8"))
    forward, _ = convert(json.dumps(raw), "p.json", ImportOptions(today=TODAY))
    backward, _ = convert(json.dumps(raw[::-1]), "p.json", ImportOptions(today=TODAY))
    assert {r.id: sorted(r.source_ids) for r in forward} == \
        {r.id: sorted(r.source_ids) for r in backward}
    lengths = sorted(len(r.id) for r in forward)
    assert lengths[len(lengths) // 2] <= 40 and max(lengths) <= 48


def test_a_group_field_joins_meetings_with_different_names() -> None:
    base = {"day": 2, "time": "19:00", "group": "Tuesday Hope Group",
            "formatted_address": "1 Main St, Springfield, IL 62701", "timezone": "America/Chicago"}
    result = import_feed(json.dumps([
        {**base, "name": "Tuesday Hope Big Book", "slug": "a"},
        {**base, "name": "Tuesday Hope Speaker", "slug": "b", "day": 4, "types": ["SP"]},
        {**base, "name": "Tuesday Hope Online", "slug": "c", "conference_url": "https://zoom.us/j/1"},
    ]), "g.json", ImportOptions(today=TODAY))
    in_person, hybrid = result.dataset.resources  # another attendance: another entry
    assert in_person.name == "Tuesday Hope Group"
    assert [(s.days, s.notes, s.tags) for s in in_person.schedule] == [
        (("tue",), "Tuesday Hope Big Book", ()), (("thu",), "Tuesday Hope Speaker", ("speaker",))]
    assert hybrid.attendance == "hybrid" and hybrid.source_ids == ("c",)


def test_an_address_with_no_commas_keeps_its_text_and_imports_on_its_postal_code() -> None:
    result = import_feed(json.dumps([
        {"name": "Plain", "slug": "plain", "day": 1, "time": "19:00",
         "address": "123 Main St Springfield IL 62701"}]), "p.json", ImportOptions(today=TODAY))
    (r,) = result.dataset.resources
    assert r.location is not None
    assert (r.location.address, r.location.region, r.location.postal_code) == (
        "123 Main St Springfield IL 62701", "IL", "62701")
    assert r.timezone == "America/Chicago"  # from the state
