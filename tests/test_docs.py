"""Documentation tested: every command, every option and every plugin setting appears in
the README (or the volunteers' docs), so nothing the tool can do is a secret."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from generator.cli import COMMANDS, build_parser
from generator.plugin import DirectoryPluginConfig

ROOT = Path(__file__).resolve().parent.parent
DOCS = "\n".join(p.read_text() for p in [ROOT / "README.md", ROOT / "CONTRIBUTING.md",
                                         *sorted((ROOT / "content").rglob("*.md"))])


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _options() -> list[tuple[str, str]]:
    out = []
    for name, sub in _subparsers().items():
        for action in sub._actions:
            if action.option_strings and "--help" not in action.option_strings:
                out.append((name, " ".join(action.option_strings)))
    return out


def test_every_command_is_documented() -> None:
    assert len(_subparsers()) == len(COMMANDS) >= 8
    for name in _subparsers():
        assert re.search(rf"`{re.escape(name)}[ `]", DOCS), f"command `{name}` is not in the README"


@pytest.mark.parametrize("command, option", _options())
def test_every_option_is_documented(command: str, option: str) -> None:
    # `-o FILE` counts for `-o/--output`; either spelling in the docs is enough.
    spellings = option.split()
    assert any(re.search(rf"(?<![\w-]){re.escape(o)}\b", DOCS) for o in spellings), \
        f"`{command} {option}` is not documented in README.md"


def test_every_plugin_setting_is_documented() -> None:
    names = [n for n in DirectoryPluginConfig.__dict__ if not n.startswith("_")]
    assert "resources" in names
    for name in names:
        assert re.search(rf"^\s+{name}:", DOCS, re.M), f"plugin option `{name}` missing"


def test_readme_starts_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text().split("## ", 1)[0]
    assert head.index("make serve") < head.index("make test")
