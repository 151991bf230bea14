"""The Spanish site in Chromium: the finder end to end at /es/find/ (a postal code, a
filter ticked with the controls, the state in the URL, a copied URL reopened), the
language switch keeping that state both ways, and axe on the /es/ page types."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("i18n-browser")]

ROOT = Path(__file__).resolve().parent.parent
ZONE = "America/Chicago"
AT = datetime(2026, 11, 17, 18, 40, tzinfo=ZoneInfo(ZONE))  # a Tuesday evening
SPANISH_GROUP = "sample-springfield-grupo-nueva-vida"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve_dir: Callable[[Path], str]) -> str:
    from tests.conftest import SITE_BUILD_DATE
    from tests.helpers import build_site

    work = tmp_path_factory.mktemp("bilingual-browser")
    shutil.copy(ROOT / "examples" / "resources.yaml", work / "resources.yaml")
    out = build_site(work / "resources.yaml", work / "site", build_date=SITE_BUILD_DATE,
                     strict=True, languages=["en", "es"])
    return serve_dir(out)


@pytest.fixture()
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(timezone_id=ZONE, locale="es-US",
                              viewport={"width": 1000, "height": 900})
    yield ctx
    ctx.close()


def open_finder(ctx: Any, url: str) -> Any:
    page = ctx.new_page()
    page.clock.set_fixed_time(AT)
    page.goto(url)
    page.wait_for_function("() => window.__finderTimings && window.__finderTimings.firstResults"
                           " && window.__finderTimings.dataLoaded")
    return page


def near_ids(page: Any) -> list[str]:
    more = page.locator("#fd-near-more")
    while more.is_visible():
        more.click()
    return page.eval_on_selector_all("#fd-near-list > li[data-id]",
                                     "els => els.map(e => e.dataset.id)")


def test_spanish_finder_end_to_end(context: Any, site: str) -> None:
    page = open_finder(context, site + "es/find/?day=any")
    assert page.evaluate("document.documentElement.lang") == "es"
    # a postal code typed into the Spanish form
    page.fill("#fd-near", "62701")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#fd-near-list li[data-distance]')")
    everything = near_ids(page)
    assert SPANISH_GROUP in everything and len(everything) > 3
    count = page.inner_text("#fd-count")  # written by the script, in Spanish
    assert "grupos presenciales a menos de 10 millas" in count, count
    assert parse_qs(urlsplit(page.url).query)["near"] == ["62701"]
    # the filter for meetings held in Spanish, ticked with the controls
    if page.get_attribute("#fd-change", "aria-expanded") == "false":  # folded: a place is set
        page.evaluate("scrollTo(0, 0)")
        page.click("#fd-change")
    if page.get_attribute("#fd-more", "aria-expanded") != "true":
        page.click("#fd-more")
    assert page.inner_text("label:has(input[name=tag][value=spanish])").startswith("Español")
    page.check("input[name=tag][value=spanish]")
    page.wait_for_function("() => location.search.includes('tag=spanish')")
    assert near_ids(page) == [SPANISH_GROUP]
    # the URL holds the view: opened again, the same groups
    copied = page.url
    again = open_finder(context, copied)
    assert near_ids(again) == [SPANISH_GROUP]
    # results link to the Spanish pages
    href = again.eval_on_selector("#fd-near-list > li[data-id] a", "a => a.href")
    assert f"/es/r/{SPANISH_GROUP}/" in href


def test_language_switch_keeps_the_finder_state(context: Any, site: str) -> None:
    page = open_finder(context, site + "es/find/?near=62701&day=any&tag=spanish")
    assert near_ids(page) == [SPANISH_GROUP]
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == "/find/"
    assert parse_qs(urlsplit(page.url).query) == {"near": ["62701"], "day": ["any"],
                                                  "tag": ["spanish"]}
    page.wait_for_function("() => window.__finderTimings && window.__finderTimings.firstResults")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert near_ids(page) == [SPANISH_GROUP]
    # and back, hash included
    page.evaluate("location.hash = 'results'")
    page.get_by_role("link", name="Español").click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == "/es/find/" and urlsplit(page.url).fragment == "results"
    assert "tag=spanish" in urlsplit(page.url).query


# page type -> (path below /es/, selector that says the page has drawn itself)
PAGES: dict[str, tuple[str, str]] = {
    "home": ("", "form.dir-find"),
    "finder": ("find/?near=62701&day=any", "#fd-near-list li[data-distance]"),
    "resource": ("r/sample-springfield-tuesday-hope/", ".dir-schedule li"),
    "town": ("places/us/il/springfield/", "section[aria-labelledby='day-tue']"),
    "program": ("programs/aa/", ".dir-list"),
    "online": ("online/", ".dir-list"),
    "handout": ("handout/?id=sample-springfield-tuesday-hope", "#handout-sheet[data-ready]"),
    "guide": ("guides/first-meeting/", "article h1"),
    "not-found": ("404.html", "#dir-404-q"),
}


@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_no_violation_on_spanish_pages(browser: Any, site: str, kind: str) -> None:
    from tests.test_trust_a11y import axe_violations

    path, ready = PAGES[kind]
    ctx = browser.new_context(timezone_id=ZONE, locale="es-US",
                              viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        page.clock.set_fixed_time(AT)
        response = page.goto(site + "es/" + path)
        assert response is not None and response.ok, path
        page.wait_for_selector(ready, state="attached")
        page.wait_for_load_state("load")
        count, report = axe_violations(page)
        assert count == 0, f"/es/{path}:\n{report}"
    finally:
        ctx.close()


@pytest.mark.parametrize("path", ["find/?near=62701&day=any", "find/?near=Springfeld&day=any",
                                  "handout/?id=sample-springfield-tuesday-hope"])
def test_no_english_interface_text_once_the_scripts_ran(context: Any, site: str,
                                                        path: str) -> None:
    """What the finder's and handout's scripts write is in Spanish too (checked against
    the English catalog, the data's own text left aside)."""
    from tests.test_i18n import _data_strings, _english_phrases

    page = context.new_page()
    page.clock.set_fixed_time(AT)
    page.goto(site + "es/" + path)
    page.wait_for_load_state("load")
    page.wait_for_timeout(1500)
    text = " ".join(page.inner_text("article").split())
    for value in _data_strings(ROOT / "examples" / "resources.yaml"):
        text = text.replace(" ".join(value.split()), " ")
    found = [p for p in _english_phrases()
             if re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", text)]
    assert not found, f"English on /es/{path}: {found}"
