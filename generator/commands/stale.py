"""`stale [FILE] [--days N]`: entries nobody has confirmed recently, oldest first."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from generator.format.validate import DEFAULT_STALE_DAYS, check, stale
from generator.review.github import md_cell


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    p = sub.add_parser("stale", help="list entries not verified recently")
    p.add_argument("file", nargs="?", default="resources.yaml")
    p.add_argument("--days", type=int, default=DEFAULT_STALE_DAYS, metavar="N",
                   help=f"older than N days counts as stale (default {DEFAULT_STALE_DAYS})")
    p.add_argument("--format", choices=("text", "markdown"), default="text")
    p.add_argument("--today", type=date.fromisoformat, default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    dataset, report = check(args.file, today=args.today, stale_days=args.days)
    if report.errors:
        for d in report.errors:
            print(d.format(), file=sys.stderr)
        return 1
    old = stale(dataset, today=args.today, days=args.days)
    if args.format == "markdown":
        print(f"{len(old)} entries not verified in the last {args.days} days.\n")
        if old:
            print("| entry | line | last verified |\n|---|---|---|")
        for r in old:
            print(f"| `{r.id}` {_md(r.name)} | {r.line} | {r.verified or 'never'} |")
    else:
        for r in old:
            print(f"{args.file}:{r.line}: {r.id}: last verified {r.verified or 'never'}")
        print(f"{len(old)} stale entries (not verified in {args.days} days)", file=sys.stderr)
    return 0


def _md(text: str) -> str:
    return md_cell(text)
