"""Meeting Guide export, and round trips: feed → ours → feed → ours, ours → feed → ours."""

from __future__ import annotations

import json
import re
from datetime import date, time
from pathlib import Path

from generator.build.context import SiteContext
from generator.feeds.meeting_guide import ImportOptions, export_feed, feed_entries, import_feed
from generator.format.model import Contact, Dataset, Location, Online, Resource, ScheduleSlot
from generator.format.vocab import TAGS
from generator.synth import generate

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
TODAY = date(2026, 1, 1)
SITE = "https://meetings.example.org/"


def _reimport(ctx: SiteContext, timezone: str = "") -> dict[str, Resource]:
    result = import_feed(export_feed(ctx), "out.json",
                         ImportOptions(timezone=timezone, today=TODAY))
    assert not result.report.errors, [d.format() for d in result.report.errors]
    return result.dataset.by_id()


def _essentials(r: Resource, *, with_approximate: bool = True) -> dict[str, object]:
    loc = r.location
    return {
        "name": r.name,
        "schedule": [(s.days, s.start, s.end) for s in r.schedule if s.every == "week"],
        "timezone": r.timezone,
        "address": None if loc is None else (
            loc.place, loc.address, loc.city, loc.region, loc.postal_code, loc.country,
            loc.directions, loc.approximate if with_approximate else None),
        "coordinates": None if loc is None else (loc.lat, loc.lon),
        "tags": sorted(t for t in r.tags if TAGS[t].meeting_guide),
        "online": None if r.online is None or not r.is_online else (
            r.online.url, r.online.phone),
        "attendance": r.attendance,
        "status": r.status,
    }


def test_feed_to_ours_to_feed_to_ours_keeps_what_matters() -> None:
    text = (FIXTURES / "messy.json").read_text(encoding="utf-8")
    first = import_feed(text, "messy.json",
                        ImportOptions(timezone="America/Chicago", today=TODAY)).dataset
    ctx = SiteContext(first, site_url=SITE, build_date=TODAY)
    again = _reimport(ctx)
    assert set(again) == {r.id for r in first.resources}
    for r in first.resources:
        # an online-only entry's address is exported as approximate (its origin, not a door)
        loose = r.attendance == "online"
        assert _essentials(again[r.id], with_approximate=not loose) == \
            _essentials(r, with_approximate=not loose), r.id
        assert again[r.id].verified == r.verified
        if "<" not in r.description:
            assert again[r.id].description == r.description


def test_ours_to_feed_to_ours_with_synthetic_data() -> None:
    dataset = generate(400, seed=7)
    ctx = SiteContext(dataset, site_url=SITE, build_date=TODAY)
    again = _reimport(ctx)
    compared = 0
    for r in dataset.resources:
        exported = r.kind == "meeting" and r.status != "inactive" and any(
            s.every == "week" for s in r.schedule) and not (
            r.status == "temporarily-closed" and not r.is_in_person)
        assert (r.id in again) == exported, r.id
        if not exported:
            continue
        got = again[r.id]
        want = _essentials(r, with_approximate=False)
        have = _essentials(got, with_approximate=False)
        if r.status == "temporarily-closed":  # exported without its links (see module doc)
            want["online"], want["attendance"] = None, "in-person"
        assert have == want, r.id
        # The country comes back through the file's defaults when it is the usual one.
        assert got.location is None or got.location.country in ("", "US")
        compared += 1
    assert compared > 300


def test_entries_with_several_slots_and_days() -> None:
    r = Resource(
        id="many-times", name="Many Times", kind="meeting", program="na",
        attendance="hybrid", timezone="America/Chicago",
        schedule=(ScheduleSlot(("mon", "wed"), time(7, 0), time(8, 0)),
                  ScheduleSlot(("sat",), time(10, 0), None, "month", (1,)),
                  ScheduleSlot(("sun",), time(19, 30), time(21, 0))),
        location=Location(place="Hall", address="1 Main St", city="Springfield", region="IL",
                          postal_code="62701", country="US", lat=39.8, lon=-89.6),
        online=Online(url="https://zoom.us/j/9", phone="+1 555 0100", notes="Code 42"),
        tags=("open", "speaker", "trauma-informed"), verified=date(2025, 6, 1),
        contact=Contact(website="https://example.org/", email="a@example.org"))
    ctx = SiteContext(Dataset("x", [r]), site_url=SITE, build_date=TODAY)
    entries = list(feed_entries(ctx))
    assert [(e["slug"], e["day"], e["time"], e.get("end_time")) for e in entries] == [
        ("many-times", [1, 3], "07:00", "08:00"), ("many-times--3", 0, "19:30", "21:00")]
    e = entries[0]
    assert e["types"] == ["O", "SP"]  # trauma-informed has no code
    assert (e["conference_url"], e["conference_phone"], e["conference_url_notes"]) == (
        "https://zoom.us/j/9", "+1 555 0100", "Code 42")
    assert (e["attendance_option"], e["approximate"]) == ("hybrid", "no")
    assert e["formatted_address"] == "1 Main St, Springfield, IL 62701, US"
    assert (e["latitude"], e["longitude"]) == (39.8, -89.6)
    assert e["updated"] == "2025-06-01 00:00:00"
    assert e["url"] == SITE + "r/many-times/"
    assert (e["website"], e["email"]) == ("https://example.org/", "a@example.org")
    again = import_feed(export_feed(ctx), "f.json", ImportOptions(today=TODAY)).dataset
    (back,) = again.resources
    assert back.id == "many-times"
    assert [(s.days, s.start, s.end) for s in back.schedule] == [
        (("mon", "wed"), time(7, 0), time(8, 0)), (("sun",), time(19, 30), time(21, 0))]
    assert back.program == "aa"  # the feed has no program; --program decides


def test_what_the_feed_leaves_out() -> None:
    def meeting(ident: str, **kw: object) -> Resource:
        base: dict[str, object] = dict(
            id=ident, name=ident, kind="meeting", program="aa", attendance="online",
            timezone="America/Chicago", online=Online(url="https://zoom.us/j/1"),
            schedule=(ScheduleSlot(("mon",), time(19, 0)),))
        base.update(kw)
        return Resource(**base)  # type: ignore[arg-type]

    dataset = Dataset("x", [
        meeting("weekly"),
        meeting("inactive", status="inactive"),
        meeting("closed-online", status="temporarily-closed"),
        meeting("monthly", schedule=(ScheduleSlot(("mon",), time(19, 0), None, "month", (2,)),)),
        meeting("fortnightly", schedule=(ScheduleSlot(("mon",), time(19, 0), None, "2 weeks"),)),
        # Knowing its weeks does not make it weekly: the apps would still list every Monday.
        meeting("anchored", schedule=(ScheduleSlot(("mon",), time(19, 0), None, "2 weeks",
                                                   from_=date(2026, 11, 2)),)),
        meeting("helpline", kind="helpline", schedule=()),
    ])
    slugs = [e["slug"] for e in feed_entries(SiteContext(dataset))]
    assert slugs == ["weekly"]


def test_feed_json_is_inert_in_html_and_keeps_hostile_text() -> None:
    hostile = '</script><script>alert("x")</script> & \u2028 \'"'
    r = Resource(id="h", name=hostile, kind="meeting", program="aa", attendance="online",
                 timezone="America/Chicago", online=Online(url="https://zoom.us/j/1"),
                 schedule=(ScheduleSlot(("mon",), time(19, 0)),), description=hostile)
    text = export_feed(SiteContext(Dataset("x", [r])))
    assert not re.search(r"[<>&\u2028]", text)
    (entry,) = json.loads(text)
    assert entry["name"] == hostile and entry["notes"] == hostile
    assert "url" not in entry  # no site_url: no relative links in a feed apps fetch


def test_slugs_are_unique_across_the_whole_feed() -> None:
    ctx = SiteContext(generate(500, seed=2), site_url=SITE)
    slugs = [e["slug"] for e in feed_entries(ctx)]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"\d\d:\d\d", e["time"]) for e in feed_entries(ctx))

