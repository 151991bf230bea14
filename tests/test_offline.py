"""Offline after one visit, and installable (generator/render/offline.py, assets/sw.js,
assets/offline.js), in Chromium against the example site:

- the manifest and the service worker pass Chromium's installability check;
- after one visit to the finder for a postal code, the same search offline lists the
  same groups, and a page never visited offline says so with the site's 404 page, not
  the browser's error;
- a new build is a new cache version; the manifest names the icons the build draws.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.render import offline

pytestmark = pytest.mark.xdist_group("trust-example")

NEAR = "find/?near=62701&day=any"
READY = "() => window.__finderTimings && window.__finderTimings.dataLoaded"


@pytest.fixture(scope="module")
def base_url(example_site: Path, serve_dir: Callable[[Path], str]) -> str:
    return serve_dir(example_site)


@pytest.fixture()
def ctx(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-US", timezone_id="America/Chicago")
    yield context
    context.close()


def listed(page: Any) -> list[str]:
    return page.eval_on_selector_all("#fd-near-list li[data-id], #fd-online-list li[data-id]",
                                     "els => els.map(e => e.dataset.id)")


@pytest.mark.browser
def test_the_site_is_installable(browser: Any, base_url: str, tmp_path: Path) -> None:
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    # A profile on disk: Chromium never offers to install from an incognito context,
    # which is what a plain Playwright context is.
    ctx = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        page = ctx.new_page()
        page.goto(base_url)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        cdp = ctx.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == []
        manifest = cdp.send("Page.getAppManifest")
        assert not manifest.get("errors"), manifest
        assert json.loads(manifest["data"])["display"] == "standalone"
    finally:
        ctx.close()


@pytest.mark.browser
def test_the_finder_works_offline_for_a_place_looked_up_before(ctx: Any, base_url: str) -> None:
    page = ctx.new_page()
    page.goto(base_url + NEAR)
    page.wait_for_function(READY)
    online = listed(page)
    assert online
    page.wait_for_function("() => window.__offlineKept > 0", timeout=20_000)
    requested: list[str] = []
    ctx.on("request", lambda r: requested.append(r.url))
    ctx.set_offline(True)
    again = ctx.new_page()
    again.goto(base_url + NEAR)
    again.wait_for_function(READY)
    assert listed(again) == online
    # the finder read its tiles, not the whole index, from the cache
    assert not any(u.endswith("/resources.json") for u in requested)
    # a page never visited: the site's own "not found" page, from the cache
    other = ctx.new_page()
    other.goto(base_url + "guides/first-meeting/")
    assert other.locator("a[href='tel:988']").first.is_visible()


def test_each_build_is_a_new_cache_version_and_the_icons_are_pngs(
        example_site: Path) -> None:
    sw = (example_site / offline.SW_PATH).read_text("utf-8")
    assert "__VERSION__" not in sw and "__SHELL__" not in sw
    manifest = json.loads((example_site / offline.MANIFEST_PATH).read_text("utf-8"))
    for icon in manifest["icons"]:
        data = (example_site / icon["src"]).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", data[16:24])
        assert icon["sizes"] == f"{width}x{height}"
    for path in json.loads(sw.split("const SHELL = ")[1].split(";")[0]):
        assert (example_site / (path or "index.html")).is_file() or path.endswith("/"), path


def test_the_version_follows_the_list(tmp_path: Path) -> None:
    from generator.build.context import SiteContext
    from generator.synth import generate

    def version(count: int) -> str:
        sw = offline.service_worker(SiteContext(generate(count, seed=1)),
                                    offline._list_version(SiteContext(generate(count, seed=1))))
        return sw.split("const VERSION = ")[1].split(";")[0]

    assert version(3) == version(3) and version(3) != version(4)
