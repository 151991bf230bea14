"""The README's map of the code matches the tree: every package it names exists, every
package in the tree is named, every module it names exists, and no two modules share a
name (a newcomer searching for `writer.py` finds one file)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"


def _map_section() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index("## How it is built")
    return text[start:text.index("\n## ", start + 1) if "\n## " in text[start + 1:] else None]


def _python_packages() -> set[str]:
    return {p.parent.relative_to(ROOT).as_posix() + "/" for p in PACKAGE.rglob("*.py")
            if "__pycache__" not in p.parts and p.parent != PACKAGE}


def test_every_package_is_on_the_map_and_exists() -> None:
    section = _map_section()
    named = set(re.findall(r"`(generator/[a-z0-9_/]+/)`", section))
    assert named, "the map names no package"
    missing = {p for p in named if not (ROOT / p).is_dir()}
    assert not missing, f"the README's map names packages that do not exist: {missing}"
    unnamed = {p for p in _python_packages() if p not in named
               and not any(p.startswith(n) for n in named)}
    assert not unnamed, f"packages missing from the README's map: {sorted(unnamed)}"


def test_every_module_on_the_map_exists() -> None:
    section = _map_section()
    for row in section.splitlines():
        found = re.match(r"\| `(generator/[a-z0-9_/]+/)`", row)
        if not found:
            continue
        for module in re.findall(r"`([a-z_]+\.py)`", row):
            assert (ROOT / found.group(1) / module).is_file(), f"{found.group(1)}{module}"


def test_no_two_modules_share_a_name() -> None:
    # A command's module is named after its command (commands/validate.py runs
    # format/validate.py), so commands/ is the one place a name may repeat.
    names = Counter(p.name for p in PACKAGE.rglob("*.py")
                    if "__pycache__" not in p.parts and "commands" not in p.parts
                    and p.name not in {"__init__.py", "__main__.py"})
    assert [n for n, c in names.items() if c > 1] == []
