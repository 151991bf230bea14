"""The browser scripts' own unit tests, in Node (tests/js/*.test.mjs with node:test):
the schedule rules of generator/assets/ on the table tests/test_schedule_cases.py runs
in Python. Node is required: without it this fails (make test installs it when root)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_node_unit_tests_pass() -> None:
    node = shutil.which("node")
    assert node, "node is missing: install Node.js (Debian: apt-get install nodejs) to run tests/js/"
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert files
    out = subprocess.run([node, "--test", *files], cwd=ROOT, capture_output=True, text=True,
                         timeout=300, check=False)
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-2000:]
    assert "# fail 0" in out.stdout


def test_no_browser_script_above_400_lines() -> None:
    """Issue #19: modules split along their jobs (the vendored map libraries aside)."""
    long = {p.name: n for p in (ROOT / "generator" / "assets").glob("*.js")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, long
