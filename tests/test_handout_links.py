"""Staff reach the handout from where they find groups: a finder result, the finder's
current filters, and a group's own page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest


@pytest.mark.xdist_group("browser")
def test_handout_from_finder_rows_filters_and_resource_pages(
        browser: object, serve_dir: object, example_site: Path) -> None:
    base = serve_dir(example_site)  # type: ignore[operator]
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.goto(base + "find/?near=62701&day=any&program=aa")
    first = page.locator("#fd-near-list li.fd-item").first
    first.wait_for()
    chosen = first.get_attribute("data-id")
    # The finder's filters carry over into a handout of the same results.
    href = page.locator("#fd-handout").get_attribute("href") or ""
    query = parse_qs(urlsplit(href).query)
    assert href.startswith("../handout/") and query["near"] == ["62701"]
    assert query["program"] == ["aa"] and query["day"] == ["any"]
    # One result goes onto the handout.
    first.locator(".fd-add a").click()
    entry = page.locator(f"#handout-sheet .handout-entry[data-id='{chosen}']")
    entry.wait_for()
    # A group's own page adds itself to the same draft.
    page.goto(base + "r/sample-online-night-owls/")
    page.get_by_role("link", name="Add to handout").click()
    page.locator("#handout-sheet .handout-entry[data-id='sample-online-night-owls']").wait_for()
    ids = page.locator("#handout-sheet .handout-entry").evaluate_all(
        "nodes => nodes.map(n => n.dataset.id)")
    assert chosen in ids and "sample-online-night-owls" in ids
    page.close()
