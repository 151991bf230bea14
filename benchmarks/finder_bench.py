"""The finder in Chromium: what it costs to open /find/ and to change a filter.

`bench_finder(site_dir)` serves a built site on loopback, opens /find/ in headless Chromium
several times (a fresh browser context each, so nothing is cached) and reads the timings
finder.js records in `window.__finderTimings` with performance.now():

- index_loaded_ms / first_results_ms: since navigation start, the index fetched and
  decoded, and the first result rows in the page (medians over the runs), without a
  place and with a typed postal code (which also loads the gazetteer);
- filter_ms: per filter change, the synchronous time from the change event to the
  results filtered, rendered and laid out (median, p95, max over many changes of day,
  time, program, attendance, tags, "now", closed and typed words);
- frame_ms: the same changes measured to the next animation frame;
- bytes: the finder's files, raw and gzipped, and the sizes of the gazetteer shards (a
  typed place fetches one of them);
- fetched_before_first_result: what the browser actually asked for before the first
  result row, without a place (the whole index) and for a postal code (its gazetteer
  shard and finder tiles), gzipped as a CDN serves it, by kind (page, scripts, styles,
  data);
- entry_page_view: the same for one group's page, fully loaded (cold cache).
- on a 390x844 phone viewport, where the first result lands: its top edge (px from the
  top of the viewport) when /find/ opens with a postal code in the address
  (postal_code_first_result_top_px), and when the postal code is typed and Enter
  pressed (typed_first_result_top_px), with the time from the key press to the results
  shown (typed_first_result_ms); in_viewport says whether it was inside the first screen.

    python benchmarks/finder_bench.py SITE_DIR [--runs 5] [--changes 120]

benchmarks/run.py calls `bench_finder` for each size it builds.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
FIRST_RESULTS = "() => window.__finderTimings && window.__finderTimings.firstResults"
# Files /find/ needs before its first result row (the theme's own files aside).
FINDER_FILES = ("resources.json", "assets/directory/finder.js", "assets/directory/finder-filter.js",
                "assets/directory/finder-tiles.js",
                "assets/directory/finder-when.js", "assets/directory/finder-facets.js",
                "assets/directory/finder-mine.js", "assets/directory/finder-page.js",
                "assets/directory/finder-data.js", "assets/directory/finder-rows.js",
                "assets/directory/finder-words.js", "assets/directory/finder-places.js",
                "assets/directory/finder-index.js", "assets/directory/schedule.js",
                "assets/directory/finder.css")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def busiest_postal_code(site: Path) -> str | None:
    """A postal code of the town with the most listed entries, read from the gazetteer."""
    best: tuple[int, str] = (0, "")
    for path in (site / "gazetteer").glob("towns-*.json"):
        x = json.loads(path.read_text(encoding="utf-8"))
        for i, name in enumerate(x["n"]):
            if x["k"][i] > best[0] and x["co"][x["o"][i]] == x["home"]:
                best = (x["k"][i], f"{name}, {x['rg'][x['g'][i]]}")
    for path in sorted((site / "gazetteer").glob("zip-*.json")):
        x = json.loads(path.read_text(encoding="utf-8"))
        code = t = 0
        for dc, dt in zip(x["c"], x["t"], strict=True):
            code, t = code + dc, t + dt
            if x["tn"][t] == best[1]:
                return f"{code:05d}"
    return None


def file_sizes(site: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in (*FINDER_FILES, "resources-notes.json"):
        path = site / name
        if path.exists():
            raw = path.read_bytes()
            out[name] = {"raw": len(raw), "gzip": len(gzip.compress(raw, 6))}
    first = [out[n] for n in FINDER_FILES if n in out]
    out["before_first_result"] = {"raw": sum(f["raw"] for f in first),
                                  "gzip": sum(f["gzip"] for f in first)}
    shard_sizes = [len(gzip.compress(p.read_bytes(), 6))
                   for p in (site / "gazetteer").glob("*.json")]
    if shard_sizes:
        out["gazetteer_shards"] = {"count": len(shard_sizes), "gzip_total": sum(shard_sizes),
                                   "gzip_largest": max(shard_sizes)}
    return out


THEME = ("assets/javascripts/", "assets/stylesheets/", "search/", "assets/images/")
# Read in the page: every file asked for before the first result row was on screen.
FETCHED_BEFORE_FIRST = """() => [location.href].concat(performance.getEntriesByType('resource')
    .filter((e) => e.startTime < window.__finderTimings.firstResults).map((e) => e.name))"""


def _kind(path: str) -> str:
    if path.startswith(THEME):
        return "theme"  # Material's own, the same on every page and cached after the first
    if path.endswith(".html"):
        return "page"
    if path.endswith(".js"):
        return "scripts"
    if path.endswith(".css"):
        return "styles"
    return "data" if path.endswith(".json") else "other"


def fetched_bytes(site: Path, base: str, urls: list[str]) -> dict[str, int]:
    """Gzipped bytes (level 6, as a CDN serves them) of the site's files at `urls`, by
    kind, and in total. Each file counts once; an address of a directory is its
    index.html."""
    out = {"page": 0, "theme": 0, "scripts": 0, "styles": 0, "data": 0, "other": 0,
           "requests": 0}
    seen = set()
    for url in urls:
        if not url.startswith(base):
            continue
        path = url.removeprefix(base).split("?")[0].split("#")[0]
        if path == "" or path.endswith("/"):
            path += "index.html"
        file = site / path
        if path in seen or not file.is_file():
            continue
        seen.add(path)
        out[_kind(path)] += len(gzip.compress(file.read_bytes(), 6))
        out["requests"] += 1
    out["total"] = sum(v for k, v in out.items() if k != "requests")
    # the measure: the finder's scripts, styles and data (page and theme aside)
    out["own"] = out["scripts"] + out["styles"] + out["data"]
    return out


def entry_page_view(browser: Any, base: str, site: Path) -> dict[str, int]:
    """What one group's page costs a first-time visitor: every file it loads."""
    entry = json.loads((site / "resources.json").read_text(encoding="utf-8"))["id"][0]
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    urls: list[str] = []
    ctx.on("request", lambda r: urls.append(r.url))
    try:
        page = ctx.new_page()
        page.goto(f"{base}r/{entry}/", wait_until="networkidle")
    finally:
        ctx.close()
    return fetched_bytes(site, base, urls)


def _changes(page: Any, count: int) -> None:
    """`count` filter changes through the controls, as a person makes them."""
    steps: list[tuple[str, str, str]] = [
        ("select", "#fd-day", "mon"), ("select", "#fd-time", "evening"),
        ("select", "#fd-program", "aa"), ("select", "#fd-day", "sat"),
        ("select", "#fd-attendance", "in-person"), ("select", "#fd-program", ""),
        ("check", "#fd-closed", ""), ("select", "#fd-time", ""),
        ("select", "#fd-radius", "25"), ("check", "#fd-now", ""), ("check", "#fd-now", ""),
        ("select", "#fd-day", "any"), ("select", "#fd-attendance", ""),
        ("select", "#fd-radius", "100"), ("tag", "open", ""), ("tag", "open", ""),
        ("type", "#fd-q", "s"), ("type", "#fd-q", "se"), ("type", "#fd-q", "ser"),
        ("type", "#fd-q", ""), ("select", "#fd-radius", "10"), ("check", "#fd-closed", ""),
    ]
    if page.get_attribute("#fd-change", "aria-expanded") == "false":  # folded: a place is set
        page.click("#fd-change")
    page.click("#fd-more")
    for k in range(count):
        kind, target, value = steps[k % len(steps)]
        if kind == "select":
            page.select_option(target, value)
        elif kind == "check":
            page.click(target)
        elif kind == "tag":
            page.click(f"input[name=tag][value={target}]")
        else:
            page.fill(target, value)


TYPED_SHOWN = "() => window.__finderTimings.shown.length > 0"
FIRST_TOP = ("() => { const r = document.querySelector('#fd-results li[data-id]');"
             " return r ? r.getBoundingClientRect().top : null; }")


def _typed(page: Any, postal: str) -> dict[str, float]:
    """Types the postal code into a fresh /find/ and presses Enter, as a person would."""
    page.evaluate("addEventListener('keydown', e => {"
                  " if (e.key === 'Enter') window.__enterAt = performance.now(); }, true)")
    page.fill("#fd-near", postal)
    page.keyboard.press("Enter")
    page.wait_for_function(TYPED_SHOWN, timeout=60_000)
    shown = page.evaluate("window.__finderTimings.shown[0]")
    return {"ms": shown["at"] - page.evaluate("window.__enterAt"), "top": shown["top"]}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    return {"median": round(statistics.median(values), 2),
            "p95": round(_percentile(values, 0.95), 2),
            "max": round(max(values), 2), "n": len(values)}


def bench_finder(site: Path, *, runs: int = 5, changes: int = 120) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    site = Path(site)
    postal = busiest_postal_code(site)
    loads: dict[str, list[dict[str, float]]] = {"no_place": [], "postal_code": []}
    fetched: dict[str, dict[str, int]] = {}
    typed: list[dict[str, float]] = []
    filters: list[float] = []
    frames: list[float] = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for run in range(runs):
                for key, query in (("no_place", "?day=any"), ("postal_code", f"?near={postal}")):
                    if key == "postal_code" and not postal:
                        continue
                    ctx = browser.new_context(timezone_id="America/Chicago", locale="en-US",
                                              viewport={"width": 390, "height": 844})
                    page = ctx.new_page()
                    page.goto(base + "find/" + query)
                    page.wait_for_function(FIRST_RESULTS, timeout=60_000)
                    if run == 0:
                        urls = page.evaluate(FETCHED_BEFORE_FIRST)
                        fetched[key] = fetched_bytes(site, base, urls)
                    t = page.evaluate("window.__finderTimings")
                    loads[key].append({"index": t["indexLoaded"], "first": t["firstResults"],
                                       "top": page.evaluate(FIRST_TOP)})
                    if key == "no_place" and postal:
                        typed.append(_typed(page, postal))
                    if key == "postal_code" and run == 0:
                        _changes(page, changes)
                        page.wait_for_timeout(100)  # the last change's frame
                        t = page.evaluate("window.__finderTimings")
                        filters, frames = t["filters"], t["frames"]
                    ctx.close()
            fetched["entry_page_view"] = entry_page_view(browser, base, site)
        finally:
            browser.close()
    index = json.loads((site / "resources.json").read_text(encoding="utf-8"))
    result: dict[str, Any] = {"entries": index["n"], "postal_code": postal,
                              **_load_figures(loads, typed)}
    result["filter_ms"] = _summary(filters)
    result["frame_ms"] = _summary(frames)
    result["bytes"] = file_sizes(site)
    result["fetched_gzip"] = fetched
    return result


def _load_figures(loads: dict[str, list[dict[str, float]]], typed: list[dict[str, float]]
                  ) -> dict[str, Any]:
    """Medians of the page loads' and the typed searches' timings and positions."""
    result: dict[str, Any] = {}
    for key, rows in loads.items():
        if rows:
            first_ms = statistics.median(r["first"] for r in rows)
            result[f"{key}_index_loaded_ms"] = round(statistics.median(r["index"] for r in rows), 1)
            result[f"{key}_first_results_ms"] = round(first_ms, 1)
    tops = [r["top"] for r in loads["postal_code"] if r["top"] is not None]
    if tops:
        result["postal_code_first_result_top_px"] = round(statistics.median(tops), 1)
    if typed:
        result["typed_first_result_ms"] = round(statistics.median(r["ms"] for r in typed), 1)
        result["typed_first_result_top_px"] = round(statistics.median(r["top"] for r in typed), 1)
        result["viewport"] = {"width": 390, "height": 844}
        result["in_viewport"] = all(0 <= r["top"] < 844 for r in typed)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a built site directory")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--changes", type=int, default=120)
    args = parser.parse_args(argv)
    print(json.dumps(bench_finder(args.site, runs=args.runs, changes=args.changes), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
