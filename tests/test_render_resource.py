"""The resource page body, rendered without MkDocs from hand-built resources."""

from __future__ import annotations

import html
import json
import re
from datetime import date, time
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.build.context import SiteContext
from generator.format.model import (
    Contact,
    Dataset,
    Defaults,
    Location,
    Online,
    Resource,
    ScheduleSlot,
)
from generator.render import jsonld
from generator.render.resource import description, resource_page

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def meeting(**kw: object) -> Resource:
    base: dict[str, object] = dict(
        id="springfield-tuesday-hope", name="Tuesday Night Hope Group", kind="meeting",
        program="aa", attendance="in-person",
        schedule=(ScheduleSlot(days=("tue",), start=time(19), end=time(20)),),
        timezone="America/Chicago",
        location=Location(place="St. Mark's Church Hall", address="123 Main St",
                          city="Springfield", region="IL", postal_code="62701", country="US",
                          lat=39.8017, lon=-89.6436, directions="Side door, downstairs"),
        tags=("open", "wheelchair"), description="Speaker meeting.\n\nCoffee from 6:30.",
        verified=date(2026, 10, 1), source="Springfield Intergroup", line=12,
    )
    base.update(kw)
    return Resource(**base)  # type: ignore[arg-type]


def context(*resources: Resource, **kw: object) -> SiteContext:
    ds = Dataset(path="resources.yaml", resources=list(resources),
                 defaults=Defaults(timezone="America/Chicago", country="US"))
    opts: dict[str, object] = dict(repo_url="https://github.com/org/dir", edit_uri="edit/main/content/",
                                   data_path="resources.yaml")
    opts.update(kw)
    return SiteContext(dataset=ds, **opts)  # type: ignore[arg-type]


def render(r: Resource, *others: Resource, nearby: dict | None = None, **kw: object) -> str:
    ctx = context(r, *others, **kw)
    return resource_page(r, ctx, by_id=ctx.dataset.by_id(), nearby=nearby).body


def text_of(body: str) -> str:
    no_scripts = re.sub(r"<script.*?</script>", "", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", no_scripts)))


def ld(body: str) -> dict:
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert m, "no JSON-LD"
    return json.loads(m.group(1))


def test_everything_a_person_needs_is_on_the_page() -> None:
    page = resource_page(meeting(), context(meeting()), by_id={})
    assert page.path == "r/springfield-tuesday-hope/"
    assert page.title == "Tuesday Night Hope Group"
    assert page.description.startswith("Alcoholics Anonymous meeting in Springfield, IL")
    words = text_of(page.body)
    for expected in ("Alcoholics Anonymous · Meeting · In person",
                     "Tuesdays 7:00–8:00 pm, Central time",
                     "St. Mark's Church Hall", "123 Main St", "Springfield, IL 62701",
                     "Side door, downstairs", "Open meeting", "Wheelchair accessible",
                     "Speaker meeting.", "Coffee from 6:30.", "Last verified 1 October 2026",
                     "Source: Springfield Intergroup", "Get directions",
                     "Report a problem with this listing", "Suggest an edit",
                     "line 12", "More groups in Springfield"):
        assert expected in words, expected
    assert "None" not in words


def test_directions_is_a_plain_search_link_never_an_embed() -> None:
    body = render(meeting())
    m = re.search(r'<a href="([^"]+)" class="dir-directions"', body)
    assert m
    url = html.unescape(m.group(1))
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.openstreetmap.org", "/search")
    assert parse_qs(parts.query)["query"] == ["123 Main St, Springfield, IL 62701, US"]
    assert "<iframe" not in body and "<img" not in body


def test_repository_links_point_at_the_entry() -> None:
    body = html.unescape(render(meeting()))
    assert 'href="https://github.com/org/dir/blob/main/resources.yaml#L12"' in body
    assert 'href="https://github.com/org/dir/edit/main/resources.yaml"' in body
    report = re.search(r'href="(https://github.com/org/dir/issues/new\?[^"]+)"', body)
    assert report
    query = parse_qs(urlsplit(report.group(1)).query)
    assert query["template"] == ["report-change.yml"]
    assert query["resource-id"] == ["springfield-tuesday-hope"]
    assert "Tuesday Night Hope Group" in query["title"][0]


def test_without_repo_url_there_are_no_dead_repository_links() -> None:
    body = render(meeting(), repo_url="")
    assert "github.com" not in body and "Suggest an edit" not in body
    assert "Last verified" in body


def test_not_yet_verified_and_empty_fields_never_print_none() -> None:
    bare = Resource(id="bare", name="Bare Helpline", kind="helpline", program="other",
                    attendance="online", online=Online(phone="988"))
    body = render(bare)
    words = text_of(body)
    assert "Not yet verified" in words
    assert "None" not in words and "null" not in body.lower().replace("nullable", "")
    assert 'href="tel:988"' in body
    assert "When" not in words and "Where" not in words  # no empty sections


@pytest.mark.parametrize(("status", "shown"), [
    ("temporarily-closed", "Temporarily closed."),
    ("inactive", "No longer meets."),
])
def test_status_is_shown_plainly(status: str, shown: str) -> None:
    body = render(meeting(status=status))
    assert shown in text_of(body)
    assert text_of(body).count(shown) == 1  # named once, not again in its note
    assert "dir-status" in body


def test_online_and_phone_links() -> None:
    r = meeting(attendance="hybrid",
                online=Online(url="https://example.org/join?a=1&b=2", phone="+1 (555) 010-0100",
                              notes="Passcode on the website"),
                contact=Contact(website="https://example.org/", email="hope@example.org",
                                phone="555-0199"))
    body = render(r)
    assert 'href="https://example.org/join?a=1&amp;b=2"' in body
    assert 'href="tel:+15550100100"' in body
    assert 'href="tel:5550199"' in body
    assert 'href="mailto:hope@example.org"' in body
    assert "Passcode on the website" in body


@pytest.mark.parametrize("field", ["name", "description", "source", "place", "directions",
                                   "city", "notes"])
def test_hostile_text_is_shown_as_text(field: str) -> None:
    r = meeting(online=Online(url="https://example.org/j", notes="ok"), attendance="hybrid")
    if field in ("place", "directions", "city"):
        assert r.location is not None
        setattr(r.location, field, HOSTILE)
    elif field == "notes":
        assert r.online is not None
        r.online.notes = HOSTILE
    else:
        setattr(r, field, HOSTILE)
    page = resource_page(r, context(r), by_id={})
    # Title and description are plain text by contract; the shell escapes them (checked
    # in the site build tests). The body is HTML and must hold the text escaped.
    assert "<script>alert(1)" not in page.body
    assert "<img src=x" not in page.body
    if field == "name":  # the name is the page's title, which the shell places
        assert page.title == HOSTILE
    else:
        assert ("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
                in page.body)
        assert HOSTILE in text_of(page.body)
    assert ld(page.body)  # still valid JSON


def test_json_ld_event_with_schedule_parses_and_is_escaped() -> None:
    r = meeting(name=HOSTILE, description="</script><!-- & more",
                schedule=(ScheduleSlot(days=("mon",), start=time(19), end=time(20, 30),
                                       every="month", weeks=(1, 3)),
                          ScheduleSlot(days=("wed", "fri"), start=time(7))))
    body = render(r, site_url="https://dir.example.org/")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert script and "<" not in script.group(1) and ">" not in script.group(1)
    assert "&" not in script.group(1)
    data = ld(body)
    assert data["@type"] == "Event"
    assert data["name"] == HOSTILE and data["description"] == "</script><!-- & more"
    assert data["url"] == "https://dir.example.org/r/springfield-tuesday-hope/"
    first, second = data["eventSchedule"]
    assert first == {"@type": "Schedule", "repeatFrequency": "P1M",
                     "byDay": ["https://schema.org/Monday"], "startTime": "19:00:00",
                     "endTime": "20:30:00", "byMonthWeek": [1, 3],
                     "scheduleTimezone": "America/Chicago"}
    assert second["byDay"] == ["https://schema.org/Wednesday", "https://schema.org/Friday"]
    assert data["location"]["address"]["postalCode"] == "62701"
    assert data["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")


def test_json_ld_organization_for_services() -> None:
    r = Resource(id="warmline", name="Recovery Warmline", kind="helpline", program="other",
                 attendance="online", online=Online(phone="+1 555 0100"),
                 contact=Contact(website="https://warm.example.org/", email="hi@example.org"))
    data = jsonld.organization(r, "/r/warmline/")
    assert data["@type"] == "Organization"
    assert data["url"] == "https://warm.example.org/"
    assert data["telephone"] == "+1 555 0100" and data["email"] == "hi@example.org"
    assert ld(render(r))["@type"] == "Organization"


def test_nearby_alternatives_from_the_geo_mapping() -> None:
    here = meeting()
    near = meeting(id="decatur-noon", name="Decatur Noon <Group>",
                   schedule=(ScheduleSlot(days=("mon",), start=time(12)),),
                   location=Location(address="1 Elm", city="Decatur", region="IL"))
    same = meeting(id="same-building", name="Same Building Group")
    body = render(here, near, same, nearby={here.id: [("same-building", 0.01),
                                                      ("decatur-noon", 2.345),
                                                      ("gone-id", 3.0)]})
    section = body[body.index('id="nearby"'):]
    assert 'href="../decatur-noon/"' in section and "Decatur Noon &lt;Group&gt;" in section
    assert "2.3 miles" in section and "same place" in section
    assert "Mondays 12:00 pm" in section
    assert "gone-id" not in section
    assert section.index("same-building") < section.index("decatur-noon")
    assert "Nearby alternatives" not in render(here)


def test_description_sentence_for_online_groups() -> None:
    r = meeting(attendance="online", location=None, online=Online(url="https://x.example/"))
    assert description(r) == ("Alcoholics Anonymous meeting, online: "
                              "Tuesdays 7:00–8:00 pm, Central time.")
