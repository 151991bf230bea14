"""What a person on a phone finds on the built site, in Chromium, with JavaScript on and
off: the crisis line, the find box, a group's schedule and directions, a town's list, a
guide. Screenshots go to the artifacts directory."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site-build")]

PHONE = {"width": 390, "height": 844}
TUESDAY = "r/sample-springfield-tuesday-hope/"


@pytest.fixture(scope="module")
def base_url(example_site: Path, serve_dir: Callable[[Path], str]) -> str:
    return serve_dir(example_site)


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def phone(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[Any]:
    """A phone-sized page that records every request and every console error."""
    js = request.param
    context = browser.new_context(viewport=PHONE, java_script_enabled=js,
                                  color_scheme="dark" if js else "light", device_scale_factor=1)
    page = context.new_page()
    page.requests = []
    page.problems = []
    page.js = js
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    off_site = [u for u in page.requests if not u.startswith(base_url)
                and not u.startswith(("data:", "about:"))]
    assert off_site == [], off_site
    # A CSP that missed an inline script shows up here as "Refused to execute".
    assert not [p for p in page.problems if "Content Security Policy" in p or "Refused" in p], \
        page.problems
    context.close()


def open_page(page: Any, base_url: str, path: str) -> None:
    response = page.goto(base_url + path)
    assert response is not None and response.ok, path
    page.wait_for_load_state("load")


def shot(page: Any, artifacts: Path, name: str) -> None:
    suffix = "js" if page.js else "nojs"
    page.screenshot(path=str(artifacts / f"site-{name}-{suffix}.png"), full_page=True)


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth") if page.js else None
    if width is not None:
        assert width <= PHONE["width"], width


def crisis_line(page: Any) -> None:
    call = page.locator(".md-banner a[href='tel:988']")
    assert call.is_visible()
    assert page.locator(".md-banner a[href='tel:+18006624357']").is_visible()
    assert "Need to talk to someone now?" in page.locator(".md-banner").inner_text()


def test_home(phone: Any, base_url: str, artifacts: Path) -> None:
    open_page(phone, base_url, "")
    crisis_line(phone)
    assert phone.get_by_role("heading", name="Find a peer-support group", level=1).is_visible()
    box = phone.get_by_label("Town, city or ZIP code")
    assert box.is_visible()
    assert phone.get_by_role("link", name="Groups near me").is_visible()
    assert phone.get_by_role("link", name="Online and phone groups").first.is_visible()
    assert phone.get_by_role("link", name="Alcoholics Anonymous").is_visible()
    assert phone.get_by_role("link", name="Going to your first meeting").is_visible()
    no_sideways_scroll(phone)
    shot(phone, artifacts, "home")
    box.fill("62701")
    phone.get_by_role("button", name="Find groups").click()
    phone.wait_for_url(re.compile(r"/find/\?near=62701$"))


def test_resource_page(phone: Any, base_url: str, artifacts: Path) -> None:
    open_page(phone, base_url, TUESDAY)
    crisis_line(phone)
    assert phone.get_by_role("heading", name="Tuesday Night Hope Group (sample)",
                             level=1).is_visible()
    assert phone.get_by_text("Tuesdays 7:00–8:00 pm, Central time").is_visible()
    directions = phone.get_by_role("link", name="Get directions")
    assert directions.is_visible()
    href = directions.get_attribute("href") or ""
    assert href.startswith("https://www.openstreetmap.org/search?query=100+Example+St")
    assert phone.get_by_text("Sample Church Hall").is_visible()
    assert phone.get_by_role("link", name="Add to my calendar").is_visible()
    assert phone.get_by_text("Last verified 1 October 2026").is_visible()
    assert phone.get_by_role("link", name="Report a problem with this listing").is_visible()
    assert phone.get_by_role("heading", name="Nearby alternatives").is_visible()
    no_sideways_scroll(phone)
    shot(phone, artifacts, "resource")


def test_place_page_leads_to_a_group(phone: Any, base_url: str, artifacts: Path) -> None:
    open_page(phone, base_url, "places/")
    phone.get_by_role("link", name="Springfield").click()
    phone.wait_for_url(re.compile(r"/places/us/il/springfield/$"))
    crisis_line(phone)
    assert phone.get_by_role("heading", name="Springfield, IL", level=1).is_visible()
    tuesday = phone.locator("section[aria-labelledby='day-tue']")
    assert tuesday.get_by_role("heading", name="Tuesday").is_visible()
    assert "7:00–8:00 pm" in tuesday.inner_text()
    no_sideways_scroll(phone)
    shot(phone, artifacts, "place")
    tuesday.get_by_role("link", name="Tuesday Night Hope Group (sample)").click()
    phone.wait_for_url(re.compile(re.escape(TUESDAY) + "$"))
    assert phone.get_by_text("Tuesdays 7:00–8:00 pm, Central time").is_visible()


def test_guide_page(phone: Any, base_url: str, artifacts: Path) -> None:
    open_page(phone, base_url, "guides/first-meeting/")
    crisis_line(phone)
    heading = phone.locator("article h1")
    assert heading.is_visible() and heading.inner_text().strip()
    assert phone.locator("footer").get_by_text("Built").count() == 1
    no_sideways_scroll(phone)
    shot(phone, artifacts, "guide")


@pytest.mark.parametrize(("zone", "expected"), [
    ("America/New_York", "8:00 pm your time"),  # 7 pm Central is 8 pm Eastern
    ("Europe/London", "1:00 am your time"),  # ...and 1 am the next day in London
    ("America/Chicago", None),  # the group's own zone: nothing to add
])
def test_schedule_in_the_visitors_zone(browser: Any, base_url: str, zone: str,
                                       expected: str | None) -> None:
    context = browser.new_context(viewport=PHONE, timezone_id=zone)
    page = context.new_page()
    open_page(page, base_url, TUESDAY)
    line = page.locator(".dir-schedule li").first
    assert "Tuesdays 7:00–8:00 pm, Central time" in line.inner_text()
    note = line.locator(".dir-yourtime")
    if expected is None:
        assert note.count() == 0
    else:
        assert note.inner_text().startswith("Next: ")
        assert note.inner_text().endswith(expected)
        weekday = "Tuesday" if zone == "America/New_York" else "Wednesday"
        assert weekday in note.inner_text()
    context.close()


def test_print_view_keeps_what_matters_on_paper(browser: Any, base_url: str,
                                                artifacts: Path) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 1100})
    page = context.new_page()
    open_page(page, base_url, TUESDAY)
    page.emulate_media(media="print")
    assert page.locator(".md-banner a[href='tel:988']").is_visible()  # crisis line on paper
    assert page.get_by_text("Tuesdays 7:00–8:00 pm, Central time").is_visible()
    assert page.get_by_text("100 Example St").is_visible()
    assert page.get_by_role("img", name=re.compile("QR code")).is_visible()
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".dir-fix",
                   ".dir-nearby", ".dir-calendar"):
        assert not page.locator(hidden).first.is_visible(), hidden
    page.screenshot(path=str(artifacts / "site-resource-print.png"), full_page=True)
    context.close()


def test_old_links_redirect(phone: Any, base_url: str) -> None:
    phone.goto(base_url + "r/sample-tuesday-hope/")
    phone.wait_for_url(re.compile(re.escape(TUESDAY) + "$"))
    assert phone.get_by_text("Tuesdays 7:00–8:00 pm, Central time").is_visible()


def test_not_found_page_helps(phone: Any, base_url: str, artifacts: Path) -> None:
    open_page(phone, base_url, "404.html")
    assert phone.get_by_role("heading", name="We could not find that page").is_visible()
    assert phone.get_by_label("Search for a group, town or program").is_visible()
    assert phone.locator("article a[href='tel:988']").is_visible()
    shot(phone, artifacts, "404")
