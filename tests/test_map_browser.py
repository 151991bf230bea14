"""The map in Chromium, on the sample site built with a small PMTiles basemap made at test
time from tests/fixtures/map/basemap.geojson (tippecanoe), served by a loopback server
that answers byte ranges as static hosts do:

- nothing of the map (scripts, config, tiles) loads until "Show map" is pressed;
- it shows one marker per in-person result (clusters count theirs) and follows filters;
- a marker's popup highlights its row, a row pointed at or focused rings its marker;
- every request stays on the site's origin;
- axe finds no WCAG 2.2 AA violation with the map open; Tab passes through the map and
  out again (no trap);
- group pages show the group's position; #map in the finder's address reopens it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SITE_BUILD_DATE
from tests.helpers import build_site
from tests.map_support import make_basemap, serve_ranges
from tests.test_finder_browser import open_form
from tests.test_trust_a11y import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("map-site")]

ROOT = Path(__file__).resolve().parent.parent
WAIT = 30_000  # ms: a shared two-core machine can be slow to paint the first tiles
MAP_FILES = ("/assets/directory/map/map.js", "/assets/directory/map/vendor/",
             "/map/config.json", "/map/basemap.pmtiles")
NEAR = "find/?near=62701&day=any&radius=50"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """(base URL, request paths the server saw) of the sample site with a basemap."""
    work = tmp_path_factory.mktemp("map-site")
    shutil.copy(ROOT / "examples" / "resources.yaml", work / "resources.yaml")
    tiles = make_basemap(work / "region.pmtiles", max_zoom=11)
    build_site(work / "resources.yaml", work / "site", build_date=SITE_BUILD_DATE,
               site_url="https://directory.example.org/", strict=True, map_tiles=str(tiles))
    assert (work / "site" / "map" / "basemap.pmtiles").read_bytes() == tiles.read_bytes()
    base, seen, stop = serve_ranges(work / "site")
    yield base, seen
    stop()


@pytest.fixture()
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US",
                              timezone_id="America/Chicago")
    ctx.requests = []
    ctx.problems = []
    ctx.on("request", lambda r: ctx.requests.append(r.url))
    ctx.on("page", lambda p: p.on("pageerror", lambda e: ctx.problems.append(str(e))))
    yield ctx
    ctx.close()


def open_map(page: Any) -> None:
    page.click("button.dm-open")
    page.wait_for_function("() => window.__mapTimings && window.__mapTimings.drawn",
                           timeout=WAIT)


def marker_total(page: Any) -> int:
    return page.evaluate("""() => [...document.querySelectorAll('.leaflet-marker-icon')]
        .reduce((n, m) => n + Number(m.dataset.count || 0), 0)""")


def wait_markers_match_rows(page: Any) -> int:
    """Waits until the markers count as many groups as the in-person list has rows."""
    page.wait_for_function("""() => {
        const rows = document.querySelectorAll('#fd-near-list li').length;
        const n = [...document.querySelectorAll('.leaflet-marker-icon')]
          .reduce((n, m) => n + Number(m.dataset.count || 0), 0);
        return rows > 0 && n === rows;
    }""", timeout=WAIT)
    return marker_total(page)


def test_map_loads_only_when_opened_and_counts_every_in_person_result(
        site: tuple[str, list[str]], context: Any) -> None:
    base, _ = site
    page = context.new_page()
    page.goto(base + NEAR)
    page.wait_for_selector("#fd-near-list li[data-distance]")
    button = page.locator("button.dm-open")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    page.wait_for_timeout(300)
    early = [u for u in context.requests if any(f in u for f in MAP_FILES)]
    assert early == [], early  # the loader and its small stylesheet only
    assert any(u.endswith("/assets/directory/map/map-loader.js") for u in context.requests)

    open_map(page)
    assert button.get_attribute("aria-expanded") == "true" and button.inner_text() == "Hide map"
    rows = page.locator("#fd-near-list li").count()
    assert rows == 19  # every in-person sample group within 50 miles of 62701
    assert wait_markers_match_rows(page) == rows
    assert page.locator(".dm-cluster").count() >= 1  # nearby groups drawn as one cluster
    assert page.locator("canvas").count() >= 1  # basemap tiles painted
    for f in MAP_FILES:
        assert any(f in u for u in context.requests), f
    assert all(u.startswith(base) for u in context.requests), \
        [u for u in context.requests if not u.startswith(base)]
    assert context.problems == []


def test_markers_follow_filter_changes(site: tuple[str, list[str]], context: Any) -> None:
    base, _ = site
    page = context.new_page()
    page.goto(base + NEAR)
    page.wait_for_selector("#fd-near-list li[data-distance]")
    open_map(page)
    before = wait_markers_match_rows(page)
    open_form(page)  # with a place set the form is folded to a summary line
    page.select_option("#fd-day", "tue")
    page.wait_for_function(f"""() => document.querySelectorAll('#fd-near-list li').length
        < {before}""", timeout=WAIT)
    after = wait_markers_match_rows(page)
    assert 0 < after < before
    page.select_option("#fd-radius", "5")  # a smaller circle: fewer again, and re-fitted
    page.wait_for_function(f"""() => document.querySelectorAll('#fd-near-list li').length
        < {after}""", timeout=WAIT)
    assert 0 < wait_markers_match_rows(page) < after
    assert page.locator("path.dm-radius").count() == 1  # the search circle is drawn
    assert all(u.startswith(base) for u in context.requests)


def test_marker_and_row_point_at_each_other(site: tuple[str, list[str]], context: Any) -> None:
    base, _ = site
    page = context.new_page()
    page.goto(base + "find/?lat=39.676&lon=-89.704&radius=1&day=any")  # Chatham: one group
    page.wait_for_selector('#fd-near-list li[data-id="sample-chatham-noon"]')
    open_map(page)
    pin = page.locator('.dm-pin[data-id="sample-chatham-noon"]')
    pin.wait_for(timeout=WAIT)
    pin.click()
    popup = page.locator(".dm-popup")
    popup.wait_for(timeout=WAIT)
    assert popup.locator("a").inner_text() == "Chatham Noon Sample Group"
    assert popup.locator("a").get_attribute("href").endswith("/r/sample-chatham-noon/")
    row = page.locator('#fd-near-list li[data-id="sample-chatham-noon"]')
    assert row.get_attribute("aria-current") == "true"
    assert "dm-selected" in (row.get_attribute("class") or "")
    page.click(".dm-to-list")
    assert page.evaluate("() => document.activeElement.closest('li').dataset.id") \
        == "sample-chatham-noon"
    # the other way: the focused row rings its marker
    page.locator(".dm-ring").wait_for(timeout=WAIT)

    page.goto(base + NEAR + "#map")  # the address reopens the map
    page.wait_for_function("() => window.__mapTimings && window.__mapTimings.drawn",
                           timeout=WAIT)
    wait_markers_match_rows(page)
    assert page.locator(".dm-ring").count() == 0
    page.locator("#fd-near-list li a").nth(3).hover()
    page.locator(".dm-ring").wait_for(timeout=WAIT)
    page.focus("button.dm-open")  # by keyboard: the sticky header may cover it now
    page.keyboard.press("Enter")  # closing takes #map out of the address
    assert page.locator("#fd-map").is_hidden()
    assert page.evaluate("() => location.hash") == ""


def _focused(page: Any) -> str:
    return page.evaluate("""() => {
        const a = document.activeElement;
        if (a.closest('#fd-near-list')) return 'list';
        if (a.closest('#fd-map')) return 'map';
        if (a.matches('button.dm-open')) return 'button';
        return a.tagName;
    }""")


def test_keyboard_passes_through_the_map_without_a_trap(site: tuple[str, list[str]],
                                                         context: Any) -> None:
    base, _ = site
    page = context.new_page()
    page.goto(base + NEAR)
    page.wait_for_selector("#fd-near-list li[data-distance]")
    page.focus("button.dm-open")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__mapTimings && window.__mapTimings.drawn",
                           timeout=WAIT)
    wait_markers_match_rows(page)
    seen = []
    for _ in range(8):
        page.keyboard.press("Tab")
        seen.append(_focused(page))
        if seen[-1] == "list":
            break
    assert "map" in seen, seen  # the map and its zoom buttons are reachable...
    assert seen[-1] == "list", seen  # ...and Tab leaves them for the list
    assert seen.count("map") <= 4, seen  # markers are not Tab stops: the list is the way
    back = []
    for _ in range(8):
        page.keyboard.press("Shift+Tab")
        back.append(_focused(page))
        if back[-1] == "button":
            break
    assert back[-1] == "button", back


@pytest.mark.parametrize(("scheme", "size"), [("light", {"width": 1280, "height": 900}),
                                              ("dark", {"width": 390, "height": 844})])
def test_axe_finds_no_violation_with_the_map_open(site: tuple[str, list[str]], browser: Any,
                                                  scheme: str, size: dict[str, int]) -> None:
    base, _ = site
    ctx = browser.new_context(viewport=size, color_scheme=scheme, locale="en-US")
    try:
        page = ctx.new_page()
        page.goto(base + NEAR)
        page.wait_for_selector("#fd-near-list li[data-distance]")
        open_map(page)
        wait_markers_match_rows(page)
        page.locator(".dm-cluster").first.click()  # zooms in: more markers, maybe a popup
        page.wait_for_timeout(500)
        count, report = axe_violations(page)
        assert count == 0, report
        page.goto(base + "r/sample-chatham-noon/")
        open_map(page)
        page.locator(".dm-pin").wait_for(timeout=WAIT)
        count, report = axe_violations(page)
        assert count == 0, report
    finally:
        ctx.close()


def test_group_page_shows_its_position_from_the_site_only(site: tuple[str, list[str]],
                                                          context: Any) -> None:
    base, _ = site
    page = context.new_page()
    page.goto(base + "r/sample-chatham-noon/")
    button = page.locator("button.dm-open")
    assert button.inner_text() == "Show on a map"
    assert not any(f in u for u in context.requests for f in MAP_FILES)
    open_map(page)
    assert page.locator("#dm-place .dm-pin").count() == 1
    assert page.locator("#dm-place canvas").count() >= 1
    assert all(u.startswith(base) for u in context.requests)
    page.click("button.dm-open")
    assert page.locator("#dm-place").is_hidden() and button.inner_text() == "Show on a map"
    page.goto(base + "r/sample-online-night-owls/")  # online only: nothing to map
    assert page.locator("button.dm-open").count() == 0
    # With its scripts cached, a finder link with #map opens the map before the first
    # results (inside their still hidden section): it still fits and shows them all.
    page.goto(base + NEAR + "#map")
    assert wait_markers_match_rows(page) == 19
    assert context.problems == []
