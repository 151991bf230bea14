"""A real-shaped feed end to end: import → validate → export keeps every (name, day,
time); the site built from the import has one page per group with all its days."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.build.context import SiteContext
from generator.feeds.meeting_guide import ImportOptions, checked_yaml, feed_entries, import_feed
from generator.feeds.values import clean_text, parse_time
from generator.format.validate import check
from generator.format.vocab import DAY_NAMES, TAGS
from tests.conftest import SITE_BUILD_DATE
from tests.helpers import build_site

pytestmark = pytest.mark.xdist_group("site-build")

FEED = Path(__file__).parent / "fixtures" / "feeds" / "philadelphia.json"
TODAY = date(2026, 1, 1)


def _meetings(rows: list[dict[str, object]]) -> Counter[tuple[str, int, str]]:
    out: Counter[tuple[str, int, str]] = Counter()
    for row in rows:
        days = row["day"] if isinstance(row["day"], list) else [row["day"]]
        start = parse_time(row["time"])
        assert start is not None
        for day in days:
            assert isinstance(day, int)
            out[clean_text(str(row["name"])), day, f"{start:%H:%M}"] += 1
    return out


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = import_feed(FEED.read_text(encoding="utf-8"), str(FEED), ImportOptions(today=TODAY))
    assert not result.report.errors
    text, _ = checked_yaml(result, today=TODAY)
    path = tmp_path_factory.mktemp("phl") / "resources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_import_validates_with_no_errors(imported: Path) -> None:
    dataset, report = check(imported, today=TODAY)
    assert not report.errors, [d.format() for d in report.errors[:5]]
    # grouped: 354 meeting-days are 110 groups
    assert len(dataset.resources) == 110
    assert sum(len(r.source_ids) for r in dataset.resources) == 354


def test_import_then_export_keeps_every_name_day_and_time(imported: Path) -> None:
    dataset, _ = check(imported, today=TODAY)
    exported = list(feed_entries(SiteContext(dataset, build_date=TODAY)))
    original = json.loads(FEED.read_text(encoding="utf-8"))
    assert _meetings(exported) == _meetings(original)
    assert sum(_meetings(original).values()) == 354


@pytest.fixture(scope="module")
def site(imported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(imported, tmp_path_factory.mktemp("phl-site") / "site",
                      build_date=SITE_BUILD_DATE)


def test_the_site_has_one_page_per_group_with_all_its_days(imported: Path, site: Path) -> None:
    dataset, _ = check(imported, today=TODAY)
    pages = sorted(p.parent.name for p in (site / "r").glob("*/index.html"))
    assert pages == sorted(r.id for r in dataset.resources)
    for r in dataset.resources:
        page = html.unescape((site / "r" / r.id / "index.html").read_text("utf-8"))
        when = re.search(r'<ul class="dir-schedule">(.*?)</ul>', page, re.S)
        assert when, r.id
        listed = re.findall(r'<li data-days="([a-z ]+)"', when.group(1))
        assert len(listed) == len(r.schedule), r.id
        assert {d for days in listed for d in days.split()} == \
            {d for s in r.schedule for d in s.days}, r.id
        for slot in r.schedule:  # and in words a person reads
            assert f"{DAY_NAMES[slot.days[0]]}s" in when.group(1) or len(slot.days) > 1, r.id


@pytest.mark.browser
def test_a_group_page_in_chromium_reads_right_and_passes_axe(
        imported: Path, site: Path, browser: Any, serve_dir: Callable[[Path], str]) -> None:
    from tests.test_trust_a11y import axe_violations

    dataset, _ = check(imported, today=TODAY)
    r = next(r for r in dataset.resources
             if len(r.schedule) > 1 and any(s.tags for s in r.schedule) and r.tradition)
    base = serve_dir(site)
    for scheme, viewport in (("light", {"width": 390, "height": 844}),
                             ("dark", {"width": 1280, "height": 900})):
        ctx = browser.new_context(viewport=viewport, color_scheme=scheme, locale="en-US",
                                  timezone_id="America/New_York")
        page = ctx.new_page()
        try:
            page.goto(f"{base}r/{r.id}/")
            items = page.locator(".dir-schedule li")
            assert items.count() == len(r.schedule)
            shown = " ".join(items.all_inner_texts())
            for slot in r.schedule:
                for tag in slot.tags:
                    assert TAGS[tag].label in shown, (r.id, tag)
            assert page.get_by_role("link", name=r.tradition.links()[0][1]).is_visible()
            count, report = axe_violations(page)
            assert count == 0, report
        finally:
            ctx.close()


@pytest.mark.browser
def test_the_finder_finds_groups_by_neighborhood(
        imported: Path, site: Path, browser: Any, serve_dir: Callable[[Path], str]) -> None:
    dataset, _ = check(imported, today=TODAY)
    fishtown = {r.id for r in dataset.resources
                if r.location and r.location.neighborhood == "Fishtown" and r.is_in_person}
    assert fishtown
    ctx = browser.new_context(locale="en-US", timezone_id="America/New_York")
    page = ctx.new_page()
    try:
        page.goto(f"{serve_dir(site)}find/?near=19125&radius=10&day=any&q=fishtown")
        page.wait_for_selector("#fd-near-list a[href*='/r/']", timeout=20000)
        page.wait_for_function("!document.getElementById('fd-count').textContent"
                               ".includes('notes are loading')")
        hrefs = page.eval_on_selector_all("#fd-near-list a[href*='/r/']",
                                          "els => els.map(e => e.getAttribute('href'))")
        found = {h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs}
        assert found == fishtown, (fishtown ^ found)  # Fishtown's groups, and only those
    finally:
        ctx.close()
