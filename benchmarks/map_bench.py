"""The map: what it weighs and what opening it costs, on a built finder.

- code sizes (no browser): what every page with a map fetches up front (the loader and
  its small stylesheet) and what the first "Show map" press fetches (Leaflet,
  protomaps-leaflet, map.js, Leaflet's styles), raw and gzipped;
- in Chromium, on /find/ with the busiest postal code (phone viewport): the press to the
  scripts loaded and to the first basemap tile painted, the bytes fetched for it (as the
  loopback server sends them, uncompressed; tiles are byte ranges of the basemap), and,
  with the map open, per filter change the time map.js takes to regroup and redraw its
  markers, beside the finder's own filter time.

The benchmark's sites are built without a basemap; `enable_map` adds one afterwards
exactly as the plugin would (the same files, and the finder page passed through
generator.map.publish.finder_page), with the test fixture's small basemap: the tiles
are a stand-in, the code and the markers are the real ones.

    python benchmarks/map_bench.py SITE_DIR [--runs 3] [--changes 40]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.finder_bench import ARGS, CHROMIUM, _changes, _summary, busiest_postal_code  # noqa: E402
from generator.map import publish  # noqa: E402
from generator.map.basemap import read_basemap  # noqa: E402

UP_FRONT = ("map-loader.js", "map.css")
ON_OPEN = ("vendor/leaflet.js", "vendor/protomaps-leaflet.js", "map.js", "vendor/leaflet.css")


def code_sizes() -> dict[str, Any]:
    def size(names: tuple[str, ...]) -> tuple[int, int]:
        raw = [(publish.ASSETS / n).read_bytes() for n in names]
        return sum(map(len, raw)), sum(len(gzip.compress(b, 6)) for b in raw)

    front, opened = size(UP_FRONT), size(ON_OPEN)
    return {"map_up_front_kb": round(front[0] / 1024, 1),
            "map_up_front_gzip_kb": round(front[1] / 1024, 1),
            "map_on_open_kb": round(opened[0] / 1024, 1),
            "map_on_open_gzip_kb": round(opened[1] / 1024, 1)}


def enable_map(site: Path, tiles: Path) -> None:
    """What a build with `map_tiles: tiles` adds to the finder, added to a built site."""
    for url, src in publish.asset_files():
        (site / url).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, site / url)
    (site / publish.TILES_URL).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(tiles, site / publish.TILES_URL)
    config = publish.config_json(read_basemap(tiles), publish.DEFAULT_ATTRIBUTION)
    (site / publish.CONFIG_URL).write_text(config, "utf-8")
    page = site / "find" / "index.html"
    html = publish.finder_page(page.read_text("utf-8"))
    if html is None:
        raise SystemExit("the finder page has no in-person list to put the map beside")
    page.write_text(html, "utf-8")


def _count(fetched: list[int], response: Any) -> None:
    fetched.append(int(response.headers.get("content-length") or 0))


def bench_map(site: Path, *, runs: int = 3, changes: int = 40) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from tests.map_support import make_basemap, serve_ranges

    with tempfile.TemporaryDirectory() as tmp:
        enable_map(site, make_basemap(Path(tmp) / "fixture.pmtiles", max_zoom=11))
    postal = busiest_postal_code(site)
    base, _, stop = serve_ranges(site)
    opens: list[dict[str, float]] = []
    updates: list[float] = []
    filters: list[float] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for run in range(runs):
                ctx = browser.new_context(timezone_id="America/Chicago", locale="en-US",
                                          viewport={"width": 390, "height": 844})
                page = ctx.new_page()
                page.goto(base + f"find/?near={postal or ''}&day=any")
                page.wait_for_function("() => window.__finderTimings.firstResults",
                                       timeout=60_000)
                fetched: list[int] = []
                page.on("response", functools.partial(_count, fetched))
                page.click("button.dm-open")
                page.wait_for_function("() => window.__mapTimings.drawn", timeout=60_000)
                t = page.evaluate("() => window.__mapTimings")
                opens.append({"loaded": t["loaded"] - t["opened"],
                              "drawn": t["drawn"] - t["opened"], "bytes": sum(fetched)})
                if run == 0:
                    _changes(page, changes)
                    page.wait_for_timeout(200)
                    updates = page.evaluate("() => window.__mapTimings.updates")[1:]
                    filters = page.evaluate("() => window.__finderTimings.filters")
                ctx.close()
            browser.close()
    finally:
        stop()
    return {
        "map_open_loaded_ms": round(statistics.median(o["loaded"] for o in opens), 1),
        "map_open_drawn_ms": round(statistics.median(o["drawn"] for o in opens), 1),
        "map_open_fetched_kb": round(statistics.median(o["bytes"] for o in opens) / 1024, 1),
        **{f"map_update_ms_{k}": v for k, v in _summary(updates).items()},
        **{f"map_open_filter_ms_{k}": v for k, v in _summary(filters).items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--changes", type=int, default=40)
    args = parser.parse_args(argv)
    result = {**code_sizes(), **bench_map(args.site, runs=args.runs, changes=args.changes)}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
