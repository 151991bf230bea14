"""`validate [FILE]`: exit 0 when valid, 1 with errors, 2 on usage errors."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

from generator.format.validate import DEFAULT_STALE_DAYS, check


def add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="resources.yaml",
                        help="the data file (default: resources.yaml)")
    parser.add_argument("--stale-days", type=int, default=DEFAULT_STALE_DAYS, metavar="N",
                        help=f"warn when an entry was last verified over N days ago "
                             f"(default {DEFAULT_STALE_DAYS})")
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="check as if today were this date (YYYY-MM-DD)")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    p = sub.add_parser("validate", help="check a data file; errors as FILE:LINE:COL",
                       description="Check a data file and report every problem with its "
                                   "file, line and column.")
    add_data_options(p)
    p.add_argument("--format", choices=("text", "github"), default="text",
                   help="github: workflow annotations plus a summary in $GITHUB_STEP_SUMMARY")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not os.path.lexists(args.file):
        print(f"{args.file}: error: no such file", file=sys.stderr)
        return 2
    dataset, report = check(args.file, today=args.today, stale_days=args.stale_days)
    items = report.sorted()
    if args.format == "github":
        from generator.review.github import annotation, step_summary

        for d in items:
            print(annotation(d))
        summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            with open(summary_path, "a", encoding="utf-8") as fh:
                fh.write(step_summary(report))
    else:
        for d in items:
            print(d.format())
    n_err, n_warn = len(report.errors), len(report.warnings)
    print(f"{args.file}: {len(dataset.resources)} entries, {n_err} error(s), "
          f"{n_warn} warning(s)", file=sys.stderr)
    return 1 if n_err or (args.strict and n_warn) else 0
