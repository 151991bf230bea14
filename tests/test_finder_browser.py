"""The finder in Chromium, against a site built from `finder_dataset()`.

Every list the page shows is compared with `expected()` (test_finder_data.py), which
applies the filters in Python and measures distances with geopy's great-circle formula.
The clock and the time zone are fixed per test, so "today" and "starting soon" are known.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from test_finder_data import HOME, SPRINGFIELD_MO, View, expected, finder_dataset, miles

from generator.format.model import Resource
from generator.format.yaml_writer import dump
from generator.geo.gazetteer import postal_centroid, town_centroid

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("finder-site")]

ZONE = "America/Chicago"
# A Tuesday evening in Springfield: several meetings start within the hour.
AT = datetime(2026, 11, 17, 18, 40, tzinfo=ZoneInfo(ZONE))


@pytest.fixture(scope="module")
def resources() -> list[Resource]:
    return finder_dataset().resources


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.helpers import build_site

    work = tmp_path_factory.mktemp("finder")
    data = work / "resources.yaml"
    data.write_text(dump(finder_dataset()), encoding="utf-8")
    return build_site(data, work / "site", build_date="2026-11-10")


@pytest.fixture(scope="module")
def site(site_dir: Path, serve_dir: Any) -> str:
    return str(serve_dir(site_dir))


@pytest.fixture()
def context(browser: Any, site: str) -> Iterator[Any]:
    ctx = browser.new_context(timezone_id=ZONE, locale="en-US",
                              viewport={"width": 1000, "height": 900})
    yield ctx
    ctx.close()


def open_finder(ctx: Any, site: str, query: str = "", *, at: datetime = AT) -> Any:
    page = ctx.new_page()
    page.clock.set_fixed_time(at)
    page.goto(site + "find/" + query)
    wait_ready(page)
    return page


def wait_ready(page: Any) -> None:
    page.wait_for_function("() => window.__finderTimings && window.__finderTimings.firstResults"
                           " && window.__finderTimings.dataLoaded")


def ids(page: Any, section: str) -> list[tuple[str, float | None]]:
    """Every row of a section as (id, data-distance), pressing "Show more" until all show,
    then those of its folded "Earlier today" list (opened as a person would)."""
    more = page.locator(f"#fd-{section}-more")
    while more.is_visible():
        more.click()
    earlier = page.locator(f"#fd-{section}-earlier")
    if earlier.is_visible() and not earlier.evaluate("e => e.open"):
        earlier.locator("summary").click()
        page.wait_for_selector(f"#fd-{section}-earlier-list li[data-id]")  # built on opening
    rows = page.eval_on_selector_all(
        f"#fd-{section}-list li[data-id], #fd-{section}-earlier-list li[data-id]",
        "els => els.map(e => [e.dataset.id, e.dataset.distance === undefined ? null : +e.dataset.distance])")
    return [(i, d) for i, d in rows]


def open_form(page: Any) -> None:
    """With a place set the form is folded into a summary line: open it, as a person would."""
    if page.get_attribute("#fd-change", "aria-expanded") == "false":
        page.evaluate("scrollTo(0, 0)")  # it sits above the results, as a person scrolls back
        page.click("#fd-change")


def more_filters(page: Any) -> None:
    """Opens the folded "More filters" part of the form, as a person would."""
    open_form(page)
    if page.get_attribute("#fd-more", "aria-expanded") != "true":
        page.click("#fd-more")


def by_time(view: View) -> bool:
    """Today's view and "starting soon" list by start time, not by distance."""
    return view.now or not view.day


def section_visible(page: Any, section: str) -> bool:
    return bool(page.locator(f"#fd-{section}-section").is_visible())


def check_view(page: Any, resources: list[Resource], view: View) -> None:
    near, online = expected(resources, view, viewer_zone=ZONE, at=AT)
    shown_near = ids(page, "near") if section_visible(page, "near") else []
    shown_online = ids(page, "online") if section_visible(page, "online") else []
    if view.origin is not None and by_time(view):
        assert sorted(i for i, _ in shown_near) == sorted(i for i, _ in near)
        want = dict(near)
        for i, got in shown_near:
            assert got == pytest.approx(want[i], abs=0.001)
    elif view.origin is not None:
        assert [i for i, _ in shown_near] == [i for i, _ in near]
        for (_, got), (_, want) in zip(shown_near, near, strict=True):
            assert got == pytest.approx(want, abs=0.001)
    else:
        assert sorted(i for i, _ in shown_near) == sorted(i for i, _ in near)
        assert all(d is None for _, d in shown_near)
    assert {i for i, _ in shown_online} == online


def shipped(lat: float, lon: float) -> tuple[float, float]:
    """A centroid as the gazetteer ships it: 4 decimals, about 11 m."""
    return round(lat, 4), round(lon, 4)


def params(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# --------------------------------------------------------------------------- where


def test_postal_code_lists_exactly_the_entries_within_the_radius(context: Any, site: str,
                                                                  resources: list[Resource]) -> None:
    centroid = postal_centroid("62701")
    assert centroid is not None and (centroid.lat, centroid.lon) == HOME
    page = open_finder(context, site, "?near=62701&radius=25&day=any")
    view = View(origin=HOME, radius=25, day="any")
    near, _ = expected(resources, view, viewer_zone=ZONE, at=AT)
    assert len(near) > 50  # more than one page: "Show more" is part of the check
    check_view(page, resources, view)
    count = page.inner_text("#fd-count")
    assert count.startswith(f"{len(near)} groups in person within 25 miles")
    assert "62701 (Springfield, IL)" in page.inner_text("#fd-near-title")
    # each row says its distance, and links to its page
    first = page.locator("#fd-near-list li[data-id]").first
    assert re.search(r"\d+(\.\d)? miles", first.inner_text())
    href = first.locator(".fd-item-head a").get_attribute("href")
    assert href.endswith(f"/r/{near[0][0]}/")


@pytest.mark.parametrize("radius", [1, 5, 10, 50, 100])
def test_each_radius_matches_great_circle_distances(context: Any, site: str, radius: int,
                                                    resources: list[Resource]) -> None:
    page = open_finder(context, site, f"?near=62701&radius={radius}&day=any")
    check_view(page, resources, View(origin=HOME, radius=radius, day="any"))


def test_town_name_resolves_on_the_device(context: Any, site: str,
                                          resources: list[Resource]) -> None:
    page = open_finder(context, site, "?day=any")
    page.fill("#fd-near", "chatham")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#fd-near-title').textContent.includes('Chatham')")
    town = town_centroid("Chatham", "IL")
    assert town is not None
    check_view(page, resources, View(origin=shipped(town.lat, town.lon), radius=10, day="any"))
    assert params(page)["near"] == ["chatham"]


def test_ambiguous_town_offers_a_choice(context: Any, site: str,
                                        resources: list[Resource]) -> None:
    page = open_finder(context, site, "?near=Springfield&day=any")
    choices = page.locator(".fd-choices button")
    labels = choices.all_inner_texts()
    assert set(labels) == {"Springfield, IL", "Springfield, MO"}
    assert "More than one place" in page.inner_text("#fd-place")
    assert page.locator("#fd-near-list li[data-id]").first.get_attribute("data-distance") is None
    page.get_by_role("button", name="Springfield, MO").click()
    page.wait_for_function("() => document.querySelector('#fd-near-title').textContent.includes('MO')")
    assert params(page)["near"] == ["Springfield, MO"]
    town = town_centroid("Springfield", "MO")
    assert town is not None and miles((town.lat, town.lon), SPRINGFIELD_MO) < 10
    check_view(page, resources, View(origin=shipped(town.lat, town.lon), radius=10, day="any"))
    assert [i for i, _ in ids(page, "near")] == ["springfield-mo-group"]


@pytest.mark.parametrize(("typed", "message", "suggestion"), [
    ("Sprngfield", "is not a town or postal code near any group", "Springfield, IL"),
    ("Chathm", "is not a town or postal code near any group", "Chatham, IL"),
    ("62799", "Postal code 62799 is not near any group", "62794"),  # the next code in use
    ("Xyzzyville", "Check the spelling", None),
])
def test_unknown_place_says_so_and_suggests(context: Any, site: str, typed: str,
                                            message: str, suggestion: str | None) -> None:
    page = open_finder(context, site, "?day=any")
    page.fill("#fd-near", typed)
    page.keyboard.press("Enter")
    page.wait_for_function("""() => {
        const p = document.querySelector('#fd-place p');
        return p && !p.textContent.startsWith('Looking up');
    }""")
    assert message in page.inner_text("#fd-place")
    buttons = page.locator("#fd-place button").all_inner_texts()
    if suggestion is None:
        assert buttons == []
    else:
        assert suggestion in buttons
        page.get_by_role("button", name=suggestion).click()
        page.wait_for_function("() => !document.querySelector('#fd-place p')")
        assert page.locator("#fd-near-list li[data-id]").first.get_attribute("data-distance")


def test_town_abroad_and_its_postal_code(context: Any, site: str) -> None:
    for query in ("?near=Toronto&day=any", "?near=m5c%201g9&day=any"):
        page = open_finder(context, site, query)
        assert [i for i, _ in ids(page, "near")] == ["toronto-group"]
        page.close()


def test_near_me_uses_geolocation_only_on_click(browser: Any, site: str,
                                                resources: list[Resource]) -> None:
    spot = (39.7817, -89.6501)
    ctx = browser.new_context(timezone_id=ZONE, locale="en-US", permissions=["geolocation"],
                              geolocation={"latitude": spot[0], "longitude": spot[1]})
    ctx.add_init_script("""
        window.__geoCalls = 0;
        const real = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
        navigator.geolocation.getCurrentPosition = (...a) => { window.__geoCalls++; return real(...a); };
    """)
    try:
        page = open_finder(ctx, site, "?day=any&radius=5#fd-locate")  # the home page's link
        assert page.evaluate("document.activeElement.id") == "fd-locate"
        assert page.evaluate("window.__geoCalls") == 0
        page.click("#fd-locate")
        page.wait_for_function("() => location.search.includes('lat=')")
        page.wait_for_function("() => document.querySelector('#fd-near-list li[data-distance]')")
        assert page.evaluate("window.__geoCalls") == 1
        p = params(page)
        origin = (float(p["lat"][0]), float(p["lon"][0]))
        assert origin == (round(spot[0], 3), round(spot[1], 3))
        assert "near" not in p
        check_view(page, resources, View(origin=origin, radius=5, day="any"))
        assert page.get_attribute("#fd-near", "placeholder") == "Using your location"
    finally:
        ctx.close()


def test_lat_lon_in_the_url(context: Any, site: str, resources: list[Resource]) -> None:
    page = open_finder(context, site, "?lat=39.9&lon=-89.5&radius=15&day=any")
    check_view(page, resources, View(origin=(39.9, -89.5), radius=15, day="any"))


# --------------------------------------------------------------------------- filters

FILTERS: list[tuple[str, View]] = [
    ("day=tue", View(origin=HOME, radius=25, day="tue")),
    ("day=sun&time=morning", View(origin=HOME, radius=25, day="sun", time="morning")),
    ("day=any&time=night", View(origin=HOME, radius=25, day="any", time="night")),
    ("day=any&program=na", View(origin=HOME, radius=25, day="any", program="na")),
    ("day=any&attendance=in-person", View(origin=HOME, radius=25, day="any", attendance="in-person")),
    ("day=any&attendance=online", View(origin=HOME, radius=25, day="any", attendance="online")),
    ("day=any&attendance=hybrid", View(origin=HOME, radius=25, day="any", attendance="hybrid")),
    ("day=any&tag=women", View(origin=HOME, radius=25, day="any", tags=("women",))),
    ("day=any&tag=open&tag=speaker", View(origin=HOME, radius=25, day="any", tags=("open", "speaker"))),
    ("day=any&tag=ukrainian", View(origin=HOME, radius=25, day="any", tags=("ukrainian",))),
    ("day=any&q=ULTIMO", View(origin=HOME, radius=25, day="any", q="ULTIMO")),
    ("day=any&q=zebra", View(origin=HOME, radius=25, day="any", q="zebra")),
    ("day=any&q=grace+hall", View(origin=HOME, radius=25, day="any", q="grace hall")),
    ("day=any&q=chatham", View(origin=HOME, radius=25, day="any", q="chatham")),
    ("now=1", View(origin=HOME, radius=25, now=True)),
    ("day=any&closed=1", View(origin=HOME, radius=25, day="any", closed=True)),
    ("", View(origin=HOME, radius=25)),  # today, in the viewer's zone: Tuesday
]


@pytest.mark.parametrize(("query", "view"), FILTERS, ids=[q or "default" for q, _ in FILTERS])
def test_each_filter_from_the_url(context: Any, site: str, resources: list[Resource],
                                  query: str, view: View) -> None:
    page = open_finder(context, site, "?near=62701&radius=25&" + query)
    if view.q:
        page.wait_for_function("() => window.__finderTimings.notesLoaded")
    check_view(page, resources, view)
    base_near, base_online = expected(resources, View(origin=HOME, radius=25, day="any",
                                                      closed=view.closed),
                                      viewer_zone=ZONE, at=AT)
    near, online = expected(resources, view, viewer_zone=ZONE, at=AT)
    assert near or online, "a filter that keeps nothing proves little"
    if not view.closed:
        assert len(near) + len(online) < len(base_near) + len(base_online)


FORTNIGHTS = {"fortnight-this-week", "fortnight-london-this-week",
              "fortnight-next-week", "fortnight-london-next-week"}


@pytest.mark.parametrize(("week", "query", "listed"), [
    (0, "", {"fortnight-this-week", "fortnight-london-this-week"}),
    (0, "now=1", {"fortnight-this-week", "fortnight-london-this-week"}),
    (0, "day=tue", FORTNIGHTS),  # a chosen day is that weekday in any week
    (1, "", {"fortnight-next-week", "fortnight-london-next-week"}),
    (1, "now=1", {"fortnight-next-week", "fortnight-london-next-week"}),
], ids=["today", "now", "tuesdays", "today-a-week-later", "now-a-week-later"])
def test_fortnightly_groups_are_on_today_only_in_their_weeks(
        context: Any, site: str, week: int, query: str, listed: set[str]) -> None:
    """`from:` says which weeks: on the tests' Tuesday one of each pair meets (the London
    one on Wednesday 00:30 its time, still Tuesday evening here), a week later the other."""
    page = open_finder(context, site, "?" + query, at=AT + timedelta(weeks=week))
    shown = {i for i, _ in ids(page, "near") + ids(page, "online")}
    assert shown & FORTNIGHTS == listed
    if query != "day=tue":
        row = page.locator(f"li[data-id={sorted(listed)[-1]}]")
        assert "every other week" in (row.text_content() or "")


def test_filters_set_with_the_controls_narrow_and_reach_the_url(context: Any, site: str,
                                                                resources: list[Resource]) -> None:
    page = open_finder(context, site, "?near=62701&radius=25&day=any")
    open_form(page)
    page.select_option("#fd-day", "wed")
    check_view(page, resources, View(origin=HOME, radius=25, day="wed"))
    more_filters(page)
    assert page.inner_text("#fd-active") == ""
    page.select_option("#fd-time", "evening")
    page.select_option("#fd-program", "aa")
    view = View(origin=HOME, radius=25, day="wed", time="evening", program="aa")
    check_view(page, resources, view)
    more_filters(page)
    page.check("input[name=tag][value=open]")
    view.tags = ("open",)
    check_view(page, resources, view)
    assert page.inner_text("#fd-active") == " (3 on)"
    page.fill("#fd-q", "hope")
    view.q = "hope"
    page.wait_for_function("() => window.__finderTimings.notesLoaded")
    check_view(page, resources, view)
    assert params(page) == {"near": ["62701"], "radius": ["25"], "day": ["wed"],
                            "time": ["evening"], "program": ["aa"], "tag": ["open"], "q": ["hope"]}


def test_online_times_in_the_viewers_zone_and_their_own(browser: Any, site: str) -> None:
    # group-002 meets Tuesdays 22:00 in Los Angeles: Wednesday 1:00 AM in New York.
    ctx = browser.new_context(timezone_id="America/New_York", locale="en-US")
    try:
        page = open_finder(ctx, site, "?day=wed&attendance=online")
        row = page.locator("#fd-online-list li[data-id=group-002]")
        text = row.inner_text()
        assert "Wed 1:00 AM–2:00 AM your time" in text
        assert "Tue 10:00 PM–11:00 PM PST" in text
        page.select_option("#fd-day", "tue")
        assert page.locator("#fd-online-list li[data-id=group-002]").count() == 0
    finally:
        ctx.close()


def test_kilometre_locale(browser: Any, site: str, resources: list[Resource]) -> None:
    ctx = browser.new_context(timezone_id="Europe/Berlin", locale="de-DE")
    try:
        page = open_finder(ctx, site, "?near=62701&day=any&radius=31.07")
        labels = page.locator("#fd-radius option").all_inner_texts()
        assert labels[0] == "2 km" and "50 km" in labels and "160 km" in labels
        assert page.input_value("#fd-radius") == "31.07"
        first = page.locator("#fd-near-list li[data-id]").first
        assert re.search(r"\d+(,\d)? km", first.inner_text())
        check_view(page, resources, View(origin=HOME, radius=31.07, day="any"))
        open_form(page)
        page.select_option("#fd-radius", label="10 km")
        assert params(page)["radius"] == ["6.21"]
    finally:
        ctx.close()


# --------------------------------------------------------------------------- URL state


def test_a_copied_url_reopens_the_same_view(context: Any, site: str) -> None:
    page = open_finder(context, site, "")
    page.fill("#fd-near", "62701")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#fd-near-list li[data-distance]')")
    open_form(page)
    page.select_option("#fd-radius", "25")
    page.select_option("#fd-day", "thu")
    more_filters(page)
    page.select_option("#fd-attendance", "in-person")
    page.check("#fd-closed")
    page.fill("#fd-q", "group")
    page.wait_for_function("() => window.__finderTimings.notesLoaded")
    before = ids(page, "near")
    assert before
    copied = page.url
    fresh = open_finder(context, site, "?" + urlsplit(copied).query)
    fresh.wait_for_function("() => window.__finderTimings.notesLoaded")
    assert ids(fresh, "near") == before
    open_form(fresh)
    assert not section_visible(fresh, "online")
    for sel, value in (("#fd-near", "62701"), ("#fd-radius", "25"), ("#fd-day", "thu"),
                       ("#fd-attendance", "in-person"), ("#fd-q", "group")):
        assert fresh.input_value(sel) == value
    assert fresh.is_checked("#fd-closed")


def test_back_and_forward_restore_views(context: Any, site: str, resources: list[Resource]) -> None:
    page = open_finder(context, site, "?near=62701&radius=25&day=any")
    first = ids(page, "near")
    open_form(page)
    page.select_option("#fd-day", "mon")
    monday = ids(page, "near")
    more_filters(page)
    page.select_option("#fd-program", "na")
    both = ids(page, "near")
    assert len(both) < len(monday) < len(first)
    page.go_back()
    page.wait_for_function("() => !location.search.includes('program')")
    assert page.input_value("#fd-program") == "" and page.input_value("#fd-day") == "mon"
    assert ids(page, "near") == monday
    page.go_back()
    page.wait_for_function("() => location.search.includes('day=any')")
    assert ids(page, "near") == first
    page.go_forward()
    page.go_forward()
    page.wait_for_function("() => location.search.includes('program=na')")
    assert ids(page, "near") == both
    check_view(page, resources, View(origin=HOME, radius=25, day="mon", program="na"))


# --------------------------------------------------------------------------- trust


def test_no_request_leaves_the_origin(context: Any, site: str) -> None:
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = open_finder(context, site, "")
    page.fill("#fd-near", "Springfield")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Springfield, IL").click()
    open_form(page)
    page.select_option("#fd-day", "any")
    page.fill("#fd-q", "group")
    page.wait_for_function("() => window.__finderTimings.notesLoaded")
    more_filters(page)
    page.check("input[name=tag][value=open]")
    page.click("#fd-near-list li[data-id] a")
    page.wait_for_url(re.compile(r"/r/[a-z0-9-]+/$"))
    page.go_back()
    wait_ready(page)
    origin = site.rstrip("/")
    assert requests, "no request recorded"
    outside = [u for u in requests if not (u.startswith(origin + "/") or u.startswith("data:"))]
    assert outside == []
    # and the typed place never appears in any request
    assert not any("Springfield" in u and "near=" not in u for u in requests)
    # the place was looked up in the one gazetteer shard it needs, fetched whole
    shards = [u for u in requests if "/gazetteer/" in u]
    assert shards and set(shards) == {origin + "/gazetteer/towns-s.json"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(browser: Any, site: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    ctx = browser.new_context(timezone_id=ZONE, locale="en-US", color_scheme=scheme,
                              viewport={"width": 390, "height": 844})
    try:
        page = open_finder(ctx, site, "?near=Springfield&day=any")  # with a choice shown
        more_filters(page)
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        page.get_by_role("button", name="Springfield, IL").click()
        page.wait_for_function("() => document.querySelector('#fd-near-list li[data-distance]')")
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        ctx.close()


def test_keyboard_only(context: Any, site: str) -> None:
    page = open_finder(context, site, "?day=any")
    page.focus("#fd-near")
    page.keyboard.type("62701")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#fd-near-list li[data-distance]')")
    # the search moved the focus to the results' count (read out), the form folded away
    page.wait_for_function("() => document.activeElement.id === 'fd-count'")
    page.focus("#fd-near")  # the place box stays
    page.keyboard.press("Tab")  # to "Near me"
    assert page.evaluate("document.activeElement.id") == "fd-locate"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.focus("#fd-change")
    page.keyboard.press("Enter")  # opens the rest of the form, at its first control
    assert page.evaluate("document.activeElement.id") == "fd-radius"
    assert page.get_attribute("#fd-change", "aria-expanded") == "true"
    page.focus("#fd-day")
    page.keyboard.press("ArrowDown")  # Chromium changes a closed select with arrow keys
    page.wait_for_function("() => location.search.includes('day=')")
    before = len(ids(page, "near"))
    page.focus("#fd-more")
    page.keyboard.press("Enter")  # opens the folded filters
    assert page.get_attribute("#fd-more", "aria-expanded") == "true"
    page.focus("#fd-closed")
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search.includes('closed=1')")
    assert len(ids(page, "near")) >= before
    # "Show more" moves focus to the first new row
    page.goto(site + "find/?near=62701&radius=100&day=any")
    wait_ready(page)
    page.wait_for_selector("#fd-near-more", state="visible")
    page.focus("#fd-near-more")
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.closest('li') && document.activeElement.closest('li').dataset.id")
    assert focused == page.locator("#fd-near-list li[data-id]").nth(50).get_attribute("data-id")


def test_live_region_and_labels(context: Any, site: str) -> None:
    page = open_finder(context, site, "?near=62701&day=any")
    count = page.locator("#fd-count")
    assert count.get_attribute("role") == "status" and count.get_attribute("aria-live") == "polite"
    for control in page.locator("#fd-form select, #fd-form input:not([type=hidden])").all():
        assert control.evaluate("e => e.labels.length > 0"), control.evaluate("e => e.outerHTML")


def test_without_javascript_the_page_points_to_the_browse_pages(browser: Any, site: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site + "find/")
        text = page.inner_text("main")
        assert "needs JavaScript" in text
        hrefs = page.eval_on_selector_all(".fd-nojs a", "els => els.map(e => e.href)")
        assert hrefs == [site + "places/", site + "programs/", site + "online/"]
        assert not page.locator("#fd-near-section").is_visible()
        for href in hrefs:
            assert page.goto(href).status == 200
    finally:
        ctx.close()


def test_no_layout_shift_on_a_phone(browser: Any, site: str) -> None:
    ctx = browser.new_context(timezone_id=ZONE, locale="en-US", viewport={"width": 390, "height": 844},
                              is_mobile=True, has_touch=True)
    ctx.add_init_script("""
        window.__cls = 0;
        new PerformanceObserver(list => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
        }).observe({type: 'layout-shift', buffered: true});
    """)
    try:
        page = open_finder(ctx, site, "?near=62701&day=any")
        page.evaluate("window.scrollTo(0, document.querySelector('#fd-count').offsetTop - 200)")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__cls") < 0.01
    finally:
        ctx.close()


def test_timings_are_exposed_for_the_benchmark(context: Any, site: str) -> None:
    page = open_finder(context, site, "?near=62701&day=any")
    open_form(page)
    page.select_option("#fd-day", "fri")
    page.select_option("#fd-day", "sat")
    t = page.evaluate("window.__finderTimings")
    assert 0 < t["indexLoaded"] <= t["firstResults"]
    assert len(t["filters"]) == 2 and all(v >= 0 for v in t["filters"])
    assert json.dumps(t)


def test_postal_code_radius_on_a_site_built_from_synth(browser: Any, serve_dir: Any,
                                                      tmp_path: Path) -> None:
    from collections import Counter

    from generator.synth import generate
    from tests.helpers import build_site

    dataset = generate(400, seed=4)
    data = tmp_path / "resources.yaml"
    data.write_text(dump(dataset), encoding="utf-8")
    base = serve_dir(build_site(data, tmp_path / "site", build_date="2026-11-10"))
    code = Counter(r.location.postal_code for r in dataset.resources if r.location).most_common(1)[0][0]
    centroid = postal_centroid(code)
    assert centroid is not None
    ctx = browser.new_context(timezone_id=ZONE, locale="en-US")
    try:
        page = open_finder(ctx, base, f"?near={code}&radius=50&day=any&closed=1")
        view = View(origin=(centroid.lat, centroid.lon), radius=50, day="any", closed=True)
        near, online = expected(dataset.resources, view, viewer_zone=ZONE, at=AT)
        assert len(near) >= 10
        check_view(page, dataset.resources, view)
    finally:
        ctx.close()


@pytest.mark.parametrize("query", ["near=62701&radius=25&day=tue&program=aa",
                                   "day=any&q=hope&attendance=online", "now=1",
                                   "near=Springfield%2C+MO&day=any"])
def test_the_shared_filter_module_lists_what_the_page_lists(context: Any, site: str,
                                                            query: str) -> None:
    """finder-filter.js is what the handout builder imports for a finder address."""
    page = open_finder(context, site, "?" + query)
    if "q=" in query:
        page.wait_for_function("() => window.__finderTimings.notesLoaded")
    near = [i for i, _ in ids(page, "near")] if section_visible(page, "near") else []
    online = [i for i, _ in ids(page, "online")] if section_visible(page, "online") else []
    got = page.evaluate("""async () => {
        const m = await import('../assets/directory/finder-filter.js');
        return m.matchingIds(new URLSearchParams(location.search), {root: new URL('../', location.href)});
    }""")
    assert got and sorted(got) == sorted(near + online)
    if "near=" in query:  # in person by distance, as the page lists them (online by time)
        assert got[:len(near)] == near


def test_the_benchmark_runs(site_dir: Path) -> None:
    """benchmarks/finder_bench.py at a tiny size, so it cannot rot (in its own process:
    it drives its own Chromium)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, str(root / "benchmarks" / "finder_bench.py"),
                          str(site_dir), "--runs", "1", "--changes", "8"],
                         capture_output=True, text=True, timeout=300, check=True)
    result = json.loads(out.stdout)
    assert result["entries"] == json.loads((site_dir / "resources.json").read_text())["n"]
    assert result["postal_code"] and result["postal_code_first_results_ms"] > 0
    assert result["filter_ms"]["n"] >= 8 and result["filter_ms"]["median"] > 0
    assert result["bytes"]["before_first_result"]["gzip"] > 0
    # where the first result lands on a phone, and how fast after Enter
    assert 0 < result["typed_first_result_top_px"] < 844 and result["in_viewport"] is True
    assert 0 < result["postal_code_first_result_top_px"] < 844
    assert 0 < result["typed_first_result_ms"] < 5000


def test_starting_soon_sets_day_and_time_aside(context: Any, site: str,
                                               resources: list[Resource]) -> None:
    page = open_finder(context, site, "?near=62701&radius=25&day=sat")
    open_form(page)
    assert page.is_enabled("#fd-day")
    page.check("#fd-now")
    assert page.is_disabled("#fd-day") and page.is_disabled("#fd-time")
    check_view(page, resources, View(origin=HOME, radius=25, day="sat", now=True))
    assert "starting within an hour or in progress" in page.inner_text("#fd-count")
    page.uncheck("#fd-now")
    assert page.is_enabled("#fd-day")
    check_view(page, resources, View(origin=HOME, radius=25, day="sat"))
