"""`make bench`: how fast and how small the directory is, at 1k, 10k (and 100k) entries.

For each size: synthesise a list (`generator.synth`), time `validate`, time a full
`mkdocs build` in a fresh process (with its peak RSS from wait4), measure the output
(total, per entry page, finder index raw and gzipped), then open the built finder in
Chromium and time the index load, the first results and many filter changes, then the
map's weight and the cost of opening it (benchmarks/map_bench.py), and last the same list
built in English and Spanish (`languages: [en, es]`: build_two_languages_s, and its ratio
to the English-only build, which the target keeps within 2.2). Writes
`benchmarks/results/<date>.json` and prints a table. Figures in the README come from here.

    python benchmarks/run.py --sizes 1000,10000 [--out DIR] [--no-browser]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.format.validate import check  # noqa: E402
from generator.format.yaml_writer import dump  # noqa: E402
from generator.synth import generate  # noqa: E402

SITE_URL = "https://directory.example.org/"


def build(data: Path, out: Path, languages: tuple[str, ...] = ()) -> dict[str, float]:
    """A real `mkdocs build` of the repository's site over `data`, in its own process,
    configured as published (with a site_url, so QR codes and absolute links are made),
    in English only unless `languages` are given."""
    config = out.parent / f"mkdocs.bench-{len(languages)}.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_url: {SITE_URL}\n"
                      f"docs_dir: {ROOT / 'content'}\n"
                      "plugins:\n  - search\n  - peer-directory:\n"
                      "      resources: !ENV [DIRECTORY_RESOURCES, resources.yaml]\n"
                      f"      languages: [{', '.join(languages)}]\n")
    env = dict(os.environ, DIRECTORY_RESOURCES=str(data), DIRECTORY_BUILD_DATE="2026-11-23",
               NO_MKDOCS_2_WARNING="1")
    memory = out.parent / f"rss-{out.name}.json"
    cmd = [sys.executable, str(ROOT / "benchmarks" / "measured_build.py"), str(memory),
           "build", "-q", "-f", str(config), "-d", str(out)]
    log = out.parent / f"log-{out.name}.txt"
    start = time.perf_counter()
    with log.open("w") as stderr:
        code = subprocess.call(cmd, cwd=ROOT, env=env, stderr=stderr)
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"build of {data} failed:\n{log.read_text()[-3000:]}")
    peaks = json.loads(memory.read_text())
    return {"build_s": round(seconds, 2),
            # the largest process: the build itself or one of its forked shards
            "build_peak_rss_mb": max(peaks["main_mb"], peaks["forked_mb"]),
            "build_main_rss_mb": peaks["main_mb"], "build_shard_rss_mb": peaks["forked_mb"]}


def sizes(site: Path, count: int) -> dict[str, Any]:
    total = files = 0
    for path in site.rglob("*"):
        if path.is_file():
            files += 1
            total += path.stat().st_size
    pages = sorted(p.stat().st_size for p in (site / "r").glob("*/index.html"))
    # An entry's own files: its page, QR code and calendar (#21: at most 10 KB together)
    own = sum(pages) + sum(p.stat().st_size for p in (site / "r").glob("*/qr.png")) \
        + sum(p.stat().st_size for p in (site / "r").glob("*.ics"))
    index = site / "resources.json"
    raw = index.read_bytes() if index.exists() else b""
    gz = len(gzip.compress(raw, 6))
    search = site / "search" / "search_index.json"
    return {
        "output_mb": round(total / 1e6, 1),
        "output_files": files,
        "published_kb_per_entry": round(total / count / 1024, 1) if count else None,
        "published_files_per_entry": round(files / count, 2) if count else None,
        "entry_page_median_kb": round(statistics.median(pages) / 1024, 1) if pages else None,
        "entry_own_files_kb_per_entry": round(own / count / 1024, 2) if count else None,
        "finder_index_kb": round(len(raw) / 1024, 1),
        "finder_index_gzip_kb": round(gz / 1024, 1),
        "finder_index_gzip_bytes_per_entry": round(gz / count, 1) if count else None,
        "search_index_kb": round(search.stat().st_size / 1024, 1) if search.exists() else None,
    }


def browser(site: Path, runs: int, changes: int) -> dict[str, Any]:
    from benchmarks.finder_bench import bench_finder

    result = bench_finder(site, runs=runs, changes=changes)
    result.pop("entries", None)
    return {f"finder_{k}": v for k, v in flatten(result).items()}


def flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in d.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}_"))
        else:
            out[prefix + key] = value
    return out


def nearby(count: int) -> dict[str, Any]:
    from benchmarks.geo_bench import bench_nearest

    r = bench_nearest(count, data="synth")
    return {"nearby_cpu_s": r["cpu_seconds"], "nearby_us_per_entry": r["us_per_query"]}


def feed_import(count: int, work: Path) -> dict[str, Any]:
    """A Meeting Guide feed of about `count` meetings (exported from synthetic data) turned
    into our YAML by `import meeting-guide`, then built into a site."""
    from generator.cli import main as cli

    data, feed, out = work / "feed-src.yaml", work / "feed.json", work / "feed.yaml"
    data.write_text(dump(generate(count, seed=2)))
    if cli(["export", "meeting-guide", str(data), "-o", str(feed)]) != 0:
        raise SystemExit("export of the feed failed")
    meetings = len(json.loads(feed.read_text()))
    start = time.perf_counter()
    code = cli(["import", "meeting-guide", str(feed), "-o", str(out), "--timezone",
                "America/Chicago"])
    seconds = time.perf_counter() - start
    if code not in (0, 1) or not out.exists():
        raise SystemExit("import of the feed failed")
    site = work / "site-feed"
    result = {"feed_meetings": meetings, "feed_import_s": round(seconds, 2)}
    result.update({f"feed_{k}": v for k, v in build(out, site).items()})
    return result


def run_size(count: int, work: Path, with_browser: bool, runs: int = 5,
             changes: int = 120) -> dict[str, Any]:
    data = work / f"synth-{count}.yaml"
    start = time.perf_counter()
    data.write_text(dump(generate(count, seed=1)))
    row: dict[str, Any] = {"entries": count, "synth_s": round(time.perf_counter() - start, 2)}
    start = time.perf_counter()
    _, report = check(data)
    row["validate_s"] = round(time.perf_counter() - start, 2)
    row["validate_errors"] = len(report.errors)
    site = work / f"site-{count}"
    shutil.rmtree(site, ignore_errors=True)
    row.update(build(data, site))
    row["build_ms_per_entry"] = round(row["build_s"] / count * 1000, 2)
    row.update(sizes(site, count))
    row.update(nearby(count))
    if with_browser:
        row.update(browser(site, runs, changes))
    row.update(map_figures(site, with_browser, runs, changes))
    row.update(two_languages(data, work, count, row["build_s"]))
    return row


def two_languages(data: Path, work: Path, count: int, one_s: float) -> dict[str, Any]:
    """The same list built in English and Spanish (/es/: a second MkDocs build of every
    page and per-entry file, generator/build/languages.py)."""
    site = work / f"site-{count}-en-es"
    shutil.rmtree(site, ignore_errors=True)
    both = build(data, site, ("en", "es"))
    return {"build_two_languages_s": both["build_s"],
            "build_two_languages_peak_rss_mb": both["build_peak_rss_mb"],
            "build_two_languages_ratio": round(both["build_s"] / one_s, 2) if one_s else None}


def map_figures(site: Path, with_browser: bool, runs: int, changes: int) -> dict[str, Any]:
    """The map's code sizes; with the browser, opening it on the finder (after the finder's
    own figures: it adds the map to the built site)."""
    from benchmarks.map_bench import bench_map, code_sizes

    row = code_sizes()
    if with_browser:
        row.update(bench_map(site, runs=min(runs, 3), changes=min(changes, 40)))
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--runs", type=int, default=5, help="finder page loads per case")
    parser.add_argument("--changes", type=int, default=120, help="finder filter changes")
    parser.add_argument("--feed", type=int, default=1650,
                        help="synthetic entries exported as a feed to time `import` "
                             "(1,650 entries make ~2,000 meetings; 0 skips it)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    # Built sites are deleted only at the end: on this VM's disk (ext4 with discard),
    # deleting tens of thousands of files slows every file created for a minute after,
    # which would be charged to the next build.
    for old in args.work.glob("site-*"):
        shutil.rmtree(old, ignore_errors=True)
    try:
        rows = [run_size(int(n), args.work, not args.no_browser, args.runs, args.changes)
                for n in args.sizes.split(",")]
        feed = feed_import(args.feed, args.work) if args.feed else {}
    finally:
        for site in args.work.glob("site-*"):
            shutil.rmtree(site, ignore_errors=True)
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "sizes": rows,
        "growth": growth(rows),
        "feed": feed,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"{date.today().isoformat()}.json"
    target.write_text(json.dumps(result, indent=2) + "\n")
    print_table(rows)
    for key, value in result["feed"].items():
        print(f"{key:44}{value!s:>14}")
    print(f"\nwritten to {target}")
    return 0


def growth(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Build time between consecutive sizes: linear means the time ratio stays within
    the entries ratio (the target allows 11x time for 10x entries)."""
    steps = []
    for small, big in zip(rows, rows[1:], strict=False):
        if small["build_s"]:
            steps.append({"from": small["entries"], "to": big["entries"],
                          "entries_ratio": round(big["entries"] / small["entries"], 2),
                          "build_time_ratio": round(big["build_s"] / small["build_s"], 2)})
    return steps


def print_table(rows: list[dict[str, Any]]) -> None:
    keys = [k for k in rows[0] if k != "entries"]
    print(f"{'entries':44}" + "".join(f"{r['entries']:>14,}" for r in rows))
    for key in keys:
        print(f"{key:44}" + "".join(f"{str(r.get(key)):>14}" for r in rows))


if __name__ == "__main__":
    sys.exit(main())
