"""`diff BASE_FILE [FILE]`: entries added, changed (field by field), renamed and removed.

In a pull request: `git show origin/main:resources.yaml > base.yaml`, then
`python -m generator diff base.yaml resources.yaml --format markdown >> $GITHUB_STEP_SUMMARY`.
Exit 0 when both files could be read, 1 when either has errors, 2 when one is missing.
"""

from __future__ import annotations

import argparse
import os
import sys

from generator.format.diagnostics import DataError, Diagnostic
from generator.format.loader import load
from generator.format.model import Dataset
from generator.review.diff import compare
from generator.review.diff_report import render_markdown, render_text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("diff", help="what changed between two data files",
                       description="Compare two data files entry by entry: added, changed "
                                   "(field by field), renamed (matched by aliases) and removed, "
                                   "with warnings a reviewer should look at.")
    p.add_argument("base", metavar="BASE_FILE", help="the file before the change")
    p.add_argument("file", nargs="?", default="resources.yaml", metavar="FILE",
                   help="the file after the change (default: resources.yaml)")
    p.add_argument("--format", choices=("text", "markdown"), default="text",
                   help="markdown: tables for a pull request's step summary")
    p.set_defaults(func=run)


def _load(path: str) -> tuple[Dataset | None, list[Diagnostic]]:
    try:
        dataset, report = load(path)
    except DataError as exc:
        return None, exc.diagnostics
    return dataset, report.errors


def run(args: argparse.Namespace) -> int:
    for path in (args.base, args.file):
        if not os.path.lexists(path):
            print(f"{path}: error: no such file", file=sys.stderr)
            return 2
    base, base_errors = _load(args.base)
    head, head_errors = _load(args.file)
    if base is None or head is None or base_errors or head_errors:
        # A half-read file would show its unreadable entries as "removed": say why instead.
        for d in base_errors + head_errors:
            print(d.format(), file=sys.stderr)
        broken = [p for p, errs, ds in ((args.base, base_errors, base),
                                        (args.file, head_errors, head)) if errs or ds is None]
        note = (f"Could not compare: {' and '.join(broken)} "
                f"{'has' if len(broken) == 1 else 'have'} errors. Fix them first; "
                "`python -m generator validate` lists them with line numbers.")
        print(f"## Changes\n\n❌ {note}" if args.format == "markdown" else note)
        return 1
    result = compare(base, head)
    print(render_markdown(result) if args.format == "markdown" else render_text(result), end="")
    return 0
