"""Golden files: the exports and one entry page of the sample region, byte for byte.

A change in what the site publishes shows as a diff of tests/golden/ in review. After an
intended change, rewrite them and read the diff before committing:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("site-build")

GOLDEN = Path(__file__).resolve().parent / "golden"
ENTRY = "sample-springfield-tuesday-hope"


def _article(page: str) -> str:
    # Only our part of the page: Material's chrome (asset hashes, its version) is not ours
    # to pin, so an upgrade of the theme does not fail this test.
    found = re.search(r'<article class="md-content__inner md-typeset">.*?</article>', page, re.S)
    assert found, "no article in the entry page"
    return found.group(0) + "\n"


CASES = {
    "meetings.json": lambda site: (site / "meetings.json").read_text("utf-8"),
    "resources.ics": lambda site: (site / "resources.ics").read_text("utf-8"),
    "resources.csv": lambda site: (site / "resources.csv").read_text("utf-8"),
    f"{ENTRY}.ics": lambda site: (site / "r" / f"{ENTRY}.ics").read_text("utf-8"),
    f"{ENTRY}.html": lambda site: _article(
        (site / "r" / ENTRY / "index.html").read_text("utf-8")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_its_golden_file(example_site: Path, name: str) -> None:
    made = CASES[name](example_site)
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(made.encode("utf-8"))
    assert golden.is_file(), f"no golden file {golden}; run with UPDATE_GOLDEN=1"
    want = golden.read_bytes().decode("utf-8")
    assert made == want, (f"{name} differs from tests/golden/{name}; if the change is "
                          "intended, rewrite with UPDATE_GOLDEN=1 and review the diff")
