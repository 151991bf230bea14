"""Where the fields imports bring end up: the group's page, the finder's index, the
Meeting Guide export, calendars; and a BMLT import exported as Meeting Guide."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, time
from pathlib import Path

from generator.build.context import SiteContext
from generator.feeds.bmlt import BmltOptions, import_bmlt
from generator.feeds.calendar import Calendars
from generator.feeds.meeting_guide import ImportOptions, export_feed, feed_entries, import_feed
from generator.finder.index import build
from generator.format.model import (
    Contact,
    Dataset,
    Defaults,
    Location,
    Resource,
    ScheduleSlot,
    Tradition,
)
from generator.render.resource import resource_page
from tests.test_render_resource import text_of

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
TODAY = date(2026, 1, 1)


def group() -> Resource:
    return Resource(
        id="sunrise-serenity-edmonton", name="Sunrise Serenity", kind="meeting", program="aa",
        attendance="in-person", timezone="America/Edmonton",
        schedule=(ScheduleSlot(("mon", "wed"), time(7), time(8), tags=("discussion",)),
                  ScheduleSlot(("fri",), time(7), time(8), tags=("big-book",),
                               notes="Big Book study on Fridays")),
        location=Location(place="Knox Church", address="8318 104 St", city="Edmonton",
                          region="AB", postal_code="T6E 4E8", country="CA", lat=53.5192,
                          lon=-113.4969, neighborhood="Old Strathcona"),
        contact=Contact(feedback="https://aa.example/feedback/?m=1&region=7"),
        tradition=Tradition(venmo="@Sunrise", cashapp="$Sunrise"),
        tags=("open", "wheelchair"), source_ids=("a", "b", "c"))


def _ctx(*resources: Resource) -> SiteContext:
    return SiteContext(Dataset("r.yaml", list(resources),
                               Defaults(timezone="America/Edmonton", country="CA")),
                       site_url="https://meetings.example.org/", build_date=TODAY)


def test_the_page_shows_each_slot_with_what_is_its_own() -> None:
    r = group()
    body = resource_page(r, _ctx(r), by_id={}).body
    words = text_of(body)
    assert "Mondays and Wednesdays 7:00–8:00 am" in words or "Mondays, Wednesdays" in words
    assert "(Discussion)" in words and "(Big Book)" in words
    assert "Big Book study on Fridays" in words
    assert "Old Strathcona" in words  # the neighborhood, with the address
    assert 'href="https://venmo.com/u/Sunrise"' in body and 'href="https://cash.app/$Sunrise"' in body
    assert "7th Tradition (Venmo): @Sunrise" in words
    assert 'href="https://aa.example/feedback/?m=1&amp;region=7"' in body
    assert "Open meeting" in words and "Open to all" not in words


def test_the_finder_finds_slot_tags_and_the_neighborhood() -> None:
    r = group()
    data = build(_ctx(r).dataset)
    index = data.index
    tags = [k for k, _ in index["tags"]]
    (tagset,) = [index["tagsets"][i] for i in index["t"]]
    assert {tags[i] for i in tagset} == {"open", "wheelchair", "discussion", "big-book"}
    assert "old strathcona" in data.notes["x"][0]
    assert "big book study on fridays" in data.notes["x"][0]


def test_the_meeting_guide_export_writes_each_slot_with_its_types_and_notes() -> None:
    r = group()
    rows = list(feed_entries(_ctx(r)))
    assert [(e["day"], e["types"], e.get("notes")) for e in rows] == [
        ([1, 3], ["O", "X", "D"], None), (5, ["O", "X", "B"], "Big Book study on Fridays")]
    first = rows[0]
    assert (first["regions"], first["feedback_url"], first["venmo"], first["square"]) == (
        ["Old Strathcona"], "https://aa.example/feedback/?m=1&region=7", "@Sunrise", "$Sunrise")
    # and back: the same slots, tags, neighborhood and links
    (back,) = import_feed(export_feed(_ctx(r)), "f.json", ImportOptions(today=TODAY)).dataset.resources
    assert back.id == r.id
    assert [(s.days, s.tags, s.notes) for s in back.schedule][0] == (("mon", "wed"), ("discussion",), "")
    assert back.all_tags == r.all_tags
    assert back.location is not None and back.location.neighborhood == "Old Strathcona"
    assert back.tradition == r.tradition and back.contact == r.contact


def test_calendars_carry_the_slot_notes() -> None:
    r = group()
    text = Calendars(_ctx(r)).for_resource(r).decode()
    unfolded = text.replace("\r\n ", "")
    assert "Big Book study on Fridays" in unfolded and "Big Book." in unfolded


def test_a_bmlt_import_exported_as_meeting_guide_keeps_every_name_day_and_time() -> None:
    text = (FIXTURES / "bmlt_search_results.json").read_text("utf-8")
    result = import_bmlt(text, "na.json", BmltOptions(today=TODAY))
    exported = json.loads(export_feed(_ctx(*result.dataset.resources)))
    got: Counter[tuple[str, int, str]] = Counter()
    for e in exported:
        for day in e["day"] if isinstance(e["day"], list) else [e["day"]]:
            got[e["name"], day, e["time"]] += 1
    raw = json.loads(text)["meetings"]
    want = Counter((m["meeting_name"], int(m["weekday_tinyint"]) - 1, m["start_time"][:5])
                   for m in raw if m["published"] == "1" and m["weekday_tinyint"] in "1234567")
    assert got == want
