"""Dial-in that dials, directions that open the phone's maps app, nearby alternatives
with each group once, day links on long browse pages and the handout's order: the parts
of group and browse pages checked without a browser (tests/test_pages_browser.py has
the rest)."""

from __future__ import annotations

import html
import json
import re
from datetime import date, time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import icalendar
import pytest

from generator.build.context import SiteContext
from generator.feeds.calendar import Calendars
from generator.format import dial
from generator.format.model import Dataset, Location, Online, Resource, ScheduleSlot
from generator.geo.nearby import nearest_groups
from generator.render import browse, handout
from generator.render.resource import resource_page

ZOOM = "+19292056099,,93532840544#,,#,,102030#"
ZOOM_TEL = "tel:+19292056099,,93532840544%23,,%23,,102030%23"
SITE = "https://meetings.example.org/"


def _entry(ident: str, **kw: object) -> Resource:
    base: dict[str, object] = dict(
        id=ident, name=f"Group {ident}", kind="meeting", program="aa", attendance="in-person",
        timezone="America/Chicago",
        schedule=(ScheduleSlot(days=("tue",), start=time(19), end=time(20)),),
        location=Location(place="Hall", address="1 Main St", city="Springfield", region="IL",
                          postal_code="62701", country="US", lat=39.8017, lon=-89.6436))
    base.update(kw)
    return Resource(**base)  # type: ignore[arg-type]


def _online(ident: str = "zoom", phone: str = ZOOM) -> Resource:
    return _entry(ident, attendance="online", location=None,
                  online=Online(url="https://zoom.us/j/93532840544", phone=phone))


def _ctx(*resources: Resource) -> SiteContext:
    return SiteContext(Dataset("resources.yaml", list(resources)), site_url=SITE,
                       build_date=date(2026, 12, 3))


def _page(r: Resource, *others: Resource, nearby: dict | None = None) -> str:
    ctx = _ctx(r, *others)
    return resource_page(r, ctx, by_id=ctx.dataset.by_id(), nearby=nearby).body


# ------------------------------------------------------------------ dialling


@pytest.mark.parametrize(("phone", "uri", "words"), [
    (ZOOM, ZOOM_TEL, "+1 929-205-6099, meeting ID 935 3284 0544, passcode 102030"),
    ("+16465588656,,89012345678#,,,,*123456#", "tel:+16465588656,,89012345678%23,,,,*123456%23",
     "+1 646-558-8656, meeting ID 890 1234 5678, passcode 123456"),
    ("+1 (646) 558-8656,,123456789#", "tel:+16465588656,,123456789%23",
     "+1 (646) 558-8656, meeting ID 123 456 789"),
    ("+1 555 0100", "tel:+15550100", "+1 555 0100"),
    ("212-555-0100 ext. 42", "tel:2125550100,42", "212-555-0100, then dial 42"),
    ("+44 20 7946 0000 p 1234#", "tel:+442079460000,1234%23", "+44 20 7946 0000, then dial 1234"),
    ("+1 267 555 0100;;4455#", "tel:+12675550100;;4455%23", "+1 267 555 0100, then dial 4455"),
    ("1-800-GET-HELP", "tel:18004384357", "1-800-GET-HELP"),
])
def test_phone_values_dial_their_codes_and_read_as_words(phone: str, uri: str, words: str) -> None:
    assert dial.tel_uri(phone) == uri
    assert dial.readable(phone) == words
    # RFC 3966: "#" would start a fragment and cut the codes off
    assert "#" not in dial.tel_uri(phone)


def test_the_group_page_links_the_whole_dial_string() -> None:
    body = _page(_online())
    links = re.findall(r'<a href="(tel:[^"]+)"[^>]*>([^<]+)</a>', body)
    assert (ZOOM_TEL, "+1 929-205-6099") in links
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    assert "meeting ID 935 3284 0544, passcode 102030" in " ".join(text.split())


def test_the_calendar_conference_line_dials_the_codes() -> None:
    r = _online()
    cal = icalendar.Calendar.from_ical(Calendars(_ctx(r)).for_resource(r))
    event = next(iter(cal.walk("VEVENT")))
    conferences = event.get("CONFERENCE")
    conferences = conferences if isinstance(conferences, list) else [conferences]
    assert ZOOM_TEL in [str(c) for c in conferences]
    assert "Join by phone: +1 929-205-6099, meeting ID 935 3284 0544, passcode 102030" in str(
        event["DESCRIPTION"])


def test_json_ld_carries_the_dialling_link() -> None:
    body = _page(_online())
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', body, re.S).group(1))
    urls = [loc["url"] for loc in data["location"]]
    assert ZOOM_TEL in urls and "https://zoom.us/j/93532840544" in urls
    helpline = _entry("line", kind="helpline", schedule=(), attendance="online", location=None,
                      online=Online(phone="+18005550100,,1#"))
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>',
                                _page(helpline), re.S).group(1))
    assert data["contactPoint"]["url"] == "tel:+18005550100,,1%23"


# ------------------------------------------------------------------ directions


def test_directions_link_says_where_it_goes_and_carries_the_phone_apps_links() -> None:
    body = _page(_entry("a"))
    m = re.search(r'<a href="([^"]+)" class="dir-directions"[^>]*data-geo="([^"]+)" '
                  r'data-apple="([^"]+)">([^<]+)</a>', body)
    assert m, body
    osm, geo, apple, words = (html.unescape(g) for g in m.groups())
    assert words == "Get directions on OpenStreetMap"
    assert urlsplit(osm).hostname == "www.openstreetmap.org"
    assert parse_qs(urlsplit(osm).query)["query"] == ["1 Main St, Springfield, IL 62701, US"]
    assert geo.startswith("geo:39.801700,-89.643600?q=")
    assert unquote(geo.split("?q=")[1]) == "1 Main St, Springfield, IL 62701, US"
    assert urlsplit(apple).hostname == "maps.apple.com"
    assert parse_qs(urlsplit(apple).query)["daddr"] == ["1 Main St, Springfield, IL 62701, US"]


def test_an_approximate_position_sends_the_address_not_the_centroid() -> None:
    loc = Location(address="1 Main St", city="Springfield", region="IL", postal_code="62701",
                   lat=39.8, lon=-89.6, approximate=True)
    body = _page(_entry("a", location=loc))
    assert 'data-geo="geo:0,0?q=1%20Main%20St' in body


# ------------------------------------------------------------------ nearby


def test_nearby_lists_each_group_once_and_never_the_pages_own_group() -> None:
    here = Location(place="Hall", address="1 Main St", city="Springfield", region="IL",
                    lat=39.80, lon=-89.64)
    there = Location(place="Church", address="9 Oak St", city="Springfield", region="IL",
                     lat=39.81, lon=-89.65)
    far = Location(place="Barn", address="5 Farm Rd", city="Chatham", region="IL",
                   lat=39.70, lon=-89.70)
    resources = [
        _entry("hope-tue", name="Hope Group", location=here),
        _entry("hope-thu", name="Hope  group", location=here),  # same group, other day
        _entry("oak-mon", name="Oak Group", location=there),
        _entry("oak-wed", name="Oak Group", location=there),
        _entry("oak-fri", name="Oak Group", location=there),
        _entry("barn", name="Barn Group", location=far),
        _entry("other-at-hall", name="Step Study", location=here),
    ]
    found = nearest_groups(resources, k=3, max_miles=25)
    ids = [cid for cid, _ in found["hope-tue"]]
    assert ids == ["other-at-hall", "oak-fri", "barn"], found["hope-tue"]
    names = [next(r.name for r in resources if r.id == i) for i in ids]
    assert len(set(names)) == len(names)
    body = _page(resources[0], *resources[1:], nearby=found)
    assert body.count(">Oak Group</a>") == 1 and ">Hope group</a>" not in body


# ------------------------------------------------------------------ browse and handout


def test_long_browse_lists_start_with_links_to_each_day() -> None:
    days = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
    many = [_entry(f"g{i}", schedule=(ScheduleSlot(days=(days[i % 3 * 2],), start=time(9 + i)),))
            for i in range(12)]
    body = browse.by_day(many, "../")
    nav = re.search(r'<nav class="dir-days" aria-label="Jump to a day"><ul>(.*?)</ul></nav>', body)
    assert nav and body.startswith("<nav")
    targets = re.findall(r'href="#(day-[a-z]+)"', nav.group(1))
    assert targets == ["day-sun", "day-tue", "day-thu"]
    for target in targets:
        assert f'id="{target}"' in body
    short = browse.by_day(many[:3], "../")
    assert "dir-days" not in short  # three rows need no shortcuts


def test_handout_cards_carry_the_day_and_time_order() -> None:
    sunday_night = _entry("s", schedule=(ScheduleSlot(days=("sun",), start=time(21)),))
    monday = _entry("m", schedule=(ScheduleSlot(days=("mon", "sat"), start=time(7)),))
    midnight = _entry("z", schedule=(ScheduleSlot(days=("sun",), start=time(0)),))
    line = _entry("h", kind="helpline", schedule=(), attendance="online", location=None,
                  online=Online(phone="+18005550100,,1#"))
    ctx = _ctx(sunday_night, monday, midnight, line)
    orders = {r.id: handout.card(r, ctx).get("order") for r in ctx.dataset.resources}
    assert orders == {"s": 21 * 60, "m": 1440 + 7 * 60, "z": 0, "h": None}
    assert handout.card(line, ctx)["join"]["phone"] == "+1 800-555-0100, then dial 1"


def test_search_index_entries_are_escaped_and_small(tmp_path: Path) -> None:
    from generator.render import places, search_index

    hostile = Location(place="Hall", address="1 Main St", city='<img src=x onerror=alert(1)>',
                       country="US",
                       region="IL", lat=39.8, lon=-89.6)
    resources = [_entry("a"), _entry("b", location=hostile)]
    ctx = _ctx(*resources)
    docs = list(search_index.entries(places.tree(ctx.dataset), {"aa": resources}))
    assert {d["location"] for d in docs} == {
        "programs/aa/", "places/us/il/", "places/us/il/springfield/",
        f"places/us/il/{places.slug(hostile.city)}/"}
    assert not [d for d in docs if "<img" in d["title"] + d["text"]]
    assert any("&lt;img src=x" in d["title"] for d in docs)
    # added to the index Material wrote, once, atomically
    index = tmp_path / "search" / "search_index.json"
    index.parent.mkdir()
    index.write_text(json.dumps({"config": {}, "docs": [{"location": "guides/", "title": "G",
                                                         "text": ""}]}), "utf-8")
    size = search_index.extend(tmp_path, docs)
    again = search_index.extend(tmp_path, docs)
    written = json.loads(index.read_text("utf-8"))["docs"]
    assert len(written) == 1 + len(docs) and size == again == index.stat().st_size
    assert search_index.extend(tmp_path / "none", docs) == 0
