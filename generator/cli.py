"""`python -m generator <command>`: each command lives in generator/commands/<name>.py
and exposes `register(subparsers)`, which adds its parser and sets `func(args) -> int`."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from . import __version__

# Order is the order of `--help`.
COMMANDS: tuple[str, ...] = (
    "validate",
    "stale",
    "diff",
    "synth",
    "schema",
    "import_feed",
    "sync",
    "export",
    "geocode",
    "from_issue",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Validate, convert and publish a directory of peer-support groups.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        import_module(f"generator.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # e.g. -o into a folder that does not exist: which file, why
        print(f"{exc.filename or 'error'}: error: {exc.strerror or exc}", file=sys.stderr)
        return 1
