"""The benchmark runs end to end at a tiny size, so it cannot rot unnoticed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_runs_and_records_every_figure(tmp_path: Path) -> None:
    # In its own process, as `make bench` runs it (and away from this worker's browser).
    out = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "40,80", "--out",
         str(out), "--work", str(tmp_path / "work"), "--runs", "1", "--changes", "5",
         "--feed", "30"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "build_s" in proc.stdout
    [result] = list(out.glob("*.json"))
    data = json.loads(result.read_text())
    assert [row["entries"] for row in data["sizes"]] == [40, 80]
    for row in data["sizes"]:
        for key in ("build_s", "build_peak_rss_mb", "build_main_rss_mb", "validate_s", "output_mb",
                    "entry_page_median_kb", "finder_index_gzip_bytes_per_entry",
                    "nearby_cpu_s", "finder_filter_ms_median", "finder_postal_code_first_results_ms",
                    "map_on_open_gzip_kb", "map_open_drawn_ms", "map_update_ms_median",
                    "build_two_languages_s", "build_two_languages_ratio"):
            assert isinstance(row[key], (int, float)) and row[key] > 0, key
        assert row["validate_errors"] == 0
        # measured in the build process itself: a small site is far from the 100 MB+
        # a copy of the benchmark's own memory would add (and below the whole machine)
        assert 30 < row["build_main_rss_mb"] < 600, row["build_main_rss_mb"]
    [step] = data["growth"]
    assert (step["from"], step["to"], step["entries_ratio"]) == (40, 80, 2)
    assert step["build_time_ratio"] > 0
    assert not list((tmp_path / "work").glob("site-*"))  # built sites cleaned up at the end
    assert data["feed"]["feed_meetings"] >= 30 and data["feed"]["feed_build_s"] > 0
