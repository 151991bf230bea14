"""Group pages, the header search and print, in Chromium on a built site: the sample
region plus a group meeting Thursdays 7:00-8:30 pm and an online group with a
conference dial-in. The clock is fixed at Thursday 3 December 2026, 7:40 pm in Chicago.

What a person does: opens a group's page while it meets, taps "Get directions" on an
Android phone, an iPhone and a laptop, types a group's name or a town in the header
search, prints a group's page and a ten-group handout on Letter and A4 paper."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date, time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pypdfium2 as pdfium
import pytest

from generator.format import yaml_writer as writer
from generator.format.loader import load
from generator.format.model import Location, Online, Resource, ScheduleSlot
from generator.render import handout
from tests.test_handout import pdf_qr_codes, pdf_text
from tests.test_trust_a11y import WCAG_22_AA

pytestmark = pytest.mark.browser

SITE = "https://directory.example.org/"
ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-12-03T19:40:00-06:00"  # a Thursday evening in Chicago
THURSDAY = "zz-thursday-lifeline"
ZOOM_ID = "zz-zoom-lifeline"
ZOOM_TEL = "tel:+19292056099,,93532840544%23,,%23,,102030%23"
ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/126.0 Mobile Safari/537.36")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.helpers import build_site

    dataset, report = load(ROOT / "examples" / "resources.yaml")
    assert not report.errors
    dataset.resources += [
        Resource(id=THURSDAY, name="Thursday Lifeline Group", kind="meeting", program="aa",
                 attendance="in-person", timezone="America/Chicago",
                 schedule=(ScheduleSlot(days=("thu",), start=time(19), end=time(20, 30)),),
                 location=Location(place="Lincoln Library", address="326 S 7th St",
                                   city="Springfield", region="IL", postal_code="62701",
                                   lat=39.7990, lon=-89.6470),
                 tags=("open",), verified=date(2026, 9, 14)),
        Resource(id=ZOOM_ID, name="Lifeline by Phone", kind="meeting", program="na",
                 attendance="online", timezone="America/Chicago",
                 schedule=(ScheduleSlot(days=("sun",), start=time(8)),),
                 online=Online(url="https://zoom.us/j/93532840544",
                               phone="+19292056099,,93532840544#,,#,,102030#"),
                 verified=date(2026, 11, 2)),
    ]
    tmp = tmp_path_factory.mktemp("pages")
    data = tmp / "resources.yaml"
    data.write_text(writer.dump(dataset), "utf-8")
    return build_site(data, tmp / "site", site_url=SITE, build_date="2026-12-01")


@pytest.fixture(scope="module")
def base(site: Path, serve_dir: Callable[[Path], str]) -> str:
    return serve_dir(site)


@pytest.fixture()
def open_page(browser: Any, base: str) -> Iterator[Callable[..., Any]]:
    """A page in a new context (viewport, zone, user agent), its clock fixed at NOW, with
    every request that leaves the test server recorded in `page.off_site`."""
    contexts: list[Any] = []

    def make(path: str, *, viewport: dict[str, int] = DESKTOP, zone: str = "America/Chicago",
             user_agent: str | None = None) -> Any:
        options: dict[str, Any] = {"viewport": viewport, "timezone_id": zone, "locale": "en-US"}
        if user_agent:
            options["user_agent"] = user_agent
        ctx = browser.new_context(**options)
        contexts.append(ctx)
        page = ctx.new_page()
        page.off_site, page.errors = [], []
        page.on("request", lambda r: None if r.url.startswith((base, "data:"))
                else page.off_site.append(r.url))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.clock.install(time=NOW)
        page.goto(base + path)
        page.wait_for_load_state("load")
        return page

    yield make
    for ctx in contexts:
        ctx.close()


def axe_count(page: Any) -> tuple[int, str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA},
                                       "resultTypes": ["violations"]})
    return results.violations_count, results.generate_report()


# ------------------------------------------------------------------ group pages


def test_a_group_meeting_now_says_so_until_when(open_page: Callable[..., Any]) -> None:
    page = open_page(f"r/{THURSDAY}/", viewport=PHONE)
    line = page.locator(".dir-schedule li").first
    now = line.locator(".dir-now")
    assert now.text_content() == "Now, until 8:30 pm"
    assert line.get_attribute("data-status") == "in-progress"
    assert "Next:" not in line.text_content()  # not "next week"
    assert now.is_visible()
    count, report = axe_count(page)
    assert count == 0, report
    assert page.off_site == [] and page.errors == []


def test_a_visitor_elsewhere_reads_the_end_in_their_own_time(
        open_page: Callable[..., Any]) -> None:
    page = open_page(f"r/{THURSDAY}/", zone="America/New_York")
    assert page.locator(".dir-now").text_content() == "Now, until 9:30 pm your time"


def test_a_group_that_is_not_meeting_says_nothing_of_now(open_page: Callable[..., Any]) -> None:
    page = open_page("r/sample-springfield-tuesday-hope/")
    page.wait_for_selector(".dir-schedule li")
    assert page.locator(".dir-now").count() == 0
    assert page.locator(".dir-schedule li[data-status]").count() == 0


def test_one_tap_dials_the_conference_codes(open_page: Callable[..., Any]) -> None:
    page = open_page(f"r/{ZOOM_ID}/", viewport=PHONE)
    dial = page.locator("a.dir-dial")
    assert dial.get_attribute("href") == ZOOM_TEL
    assert dial.text_content() == "+1 929-205-6099"
    assert "meeting ID 935 3284 0544, passcode 102030" in page.locator("ul.dir-join").text_content()
    count, report = axe_count(page)
    assert count == 0, report


@pytest.mark.parametrize(("agent", "host", "words"), [
    (ANDROID, None, "Get directions in your maps app"),
    (IPHONE, "maps.apple.com", "Get directions in Apple Maps"),
    (None, "www.openstreetmap.org", "Get directions on OpenStreetMap"),
], ids=["android", "iphone", "desktop"])
def test_directions_open_the_phones_own_maps_app(open_page: Callable[..., Any], agent: str | None,
                                                 host: str | None, words: str) -> None:
    page = open_page(f"r/{THURSDAY}/", viewport=PHONE if agent else DESKTOP, user_agent=agent)
    link = page.locator("a.dir-directions")
    href = link.get_attribute("href")
    assert link.text_content() == words
    if host is None:
        assert href.startswith("geo:39.799000,-89.647000?q=326%20S%207th%20St")
    else:
        parts = urlsplit(href)
        assert parts.hostname == host
        query = parse_qs(parts.query)
        assert "326 S 7th St, Springfield, IL 62701" in (query.get("daddr") or query["query"])[0]
    # nothing is asked of a map service before the tap
    assert page.off_site == [] and page.errors == []


# ------------------------------------------------------------------ header search


def test_header_search_finds_a_group_by_name(open_page: Callable[..., Any], base: str) -> None:
    page = open_page("")
    page.locator(".md-search__input").fill("Thursday Lifeline")
    link = page.locator("a.dir-search-groups")
    link.wait_for(state="visible")
    assert link.text_content().startswith("Search groups for “Thursday Lifeline”")
    link.click()
    page.wait_for_url(re.compile(r"/find/\?q=Thursday(%20|\+)Lifeline"))
    row = page.locator(f'li[data-id="{THURSDAY}"]')
    row.first.wait_for(state="attached")
    assert page.locator(f'li[data-id="{THURSDAY}"] a[href*="r/{THURSDAY}/"]').count() >= 1
    assert page.off_site == [] and page.errors == []


def test_header_search_finds_a_town_and_a_program(open_page: Callable[..., Any]) -> None:
    page = open_page("")
    search = page.locator(".md-search__input")
    for typed, path in (("Decatur", "places/us/il/decatur/"), ("SMART", "programs/smart/")):
        search.fill("")
        search.click()
        page.keyboard.type(typed, delay=30)  # Material searches on key presses
        result = page.locator(f'.md-search-result__list a[href*="/{path}"]')
        result.first.wait_for(state="attached", timeout=10_000)
    assert page.off_site == [] and page.errors == []


def test_the_search_index_stays_small(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert not [x for x in locations if x.startswith("r/")]  # groups: through the finder
    assert "places/us/il/springfield/" in locations and "programs/aa/" in locations


# ------------------------------------------------------------------ print


def _one_page_each(page: Any) -> list[pdfium.PdfDocument]:
    docs = []
    for size in ("Letter", "A4"):
        pdf = pdfium.PdfDocument(page.pdf(format=size, print_background=True))
        assert len(pdf) == 1, f"{size}: {len(pdf)} pages"
        docs.append(pdf)
    return docs


@pytest.mark.parametrize("group", [THURSDAY, ZOOM_ID, "sample-springfield-tuesday-hope"])
def test_a_group_page_prints_on_one_sheet_with_its_qr_code(
        open_page: Callable[..., Any], group: str, artifacts: Path) -> None:
    page = open_page(f"r/{group}/")
    for pdf in _one_page_each(page):
        assert pdf_qr_codes(pdf) == [f"{SITE}r/{group}/"]
        text = pdf_text(pdf)
        assert "988" in text and "Last verified" in text
        for screen_only in ("Get directions", "Add to handout", "Nearby alternatives",
                            "Suggest an edit", "Now, until", "Save to My groups"):
            assert screen_only not in text, screen_only
    (artifacts / f"group-{group}.pdf").write_bytes(page.pdf(format="Letter"))


def _card_orders(site: Path) -> dict[str, tuple[float, str, str | None, int]]:
    """id -> (order, name, verified, length of the card's text)."""
    meta = json.loads((site / handout.META_PATH).read_text("utf-8"))
    cards: dict[str, tuple[float, str, str | None, int]] = {}
    for k in range(meta["shards"]):
        for card_id, card in json.loads((site / handout.shard_path(k)).read_text("utf-8")).items():
            cards[card_id] = (card.get("order", float("inf")), card["name"], card.get("verified"),
                              len(json.dumps(card)))
    return cards


def test_ten_groups_print_on_one_page_by_day_and_time(
        open_page: Callable[..., Any], site: Path, artifacts: Path) -> None:
    cards = _card_orders(site)
    # the ten wordiest groups: the page must hold the worst the list has
    chosen = sorted(cards, key=lambda i: -cards[i][3])[:10]
    assert len(chosen) == 10
    title, note = "4 West: groups near home", "Ask for Dana at the side door; bring a friend."
    page = open_page("handout/?" + "&".join(f"id={i}" for i in chosen)
                     + f"&title={title}#note={note}")
    page.wait_for_selector("#handout-sheet[data-ready]")
    shown = page.eval_on_selector_all(".handout-entry", "els => els.map(e => e.dataset.id)")
    assert shown == sorted(chosen, key=lambda i: cards[i][:2])
    assert urlsplit(page.url).query.startswith("&".join(f"id={i}" for i in shown))
    dates = sorted(cards[i][2] for i in chosen if cards[i][2])
    as_of = page.text_content("#handout-asof")
    assert as_of.startswith("Information as of December 1, 2026; groups last verified between ")
    first, last = (date.fromisoformat(d) for d in (dates[0], dates[-1]))
    assert f"{first:%B} {first.day}, {first.year}" in as_of
    assert f"{last:%B} {last.day}, {last.year}" in as_of
    for pdf in _one_page_each(page):
        text = pdf_text(pdf)
        assert title in text and note in text and as_of in text
        assert sorted(pdf_qr_codes(pdf)) == sorted(f"{SITE}r/{i}/" for i in chosen)
    (artifacts / "handout-10.pdf").write_bytes(page.pdf(format="Letter"))
    count, report = axe_count(page)
    assert count == 0, report
    assert page.off_site == [] and page.errors == []


def test_long_browse_pages_jump_to_a_day(open_page: Callable[..., Any]) -> None:
    page = open_page("programs/aa/", viewport=PHONE)
    links = page.locator("nav.dir-days a")
    assert links.count() >= 2
    last = links.nth(links.count() - 1)
    target = last.get_attribute("href")
    last.click()
    assert page.evaluate("location.hash") == target
    heading = page.locator(target)
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE["height"]
    count, report = axe_count(page)
    assert count == 0, report
