"""`sync [FILE] [--source NAME]... [--dry-run] [--format text|markdown]`.

Re-imports the upstream feeds declared under `sources:` in FILE (default
resources.yaml) and merges them into it (rules in generator/sync/). Prints the change
summary `diff` prints; `--format markdown` is the weekly pull request's body. Exit 0
when synced (changed or not), 1 when a source or the file has a problem (the file is
then untouched), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sync", help="re-import declared upstream feeds into the data file",
                       description="Fetch each source declared under `sources:` in the data "
                                   "file, re-import it and merge it in: changed fields "
                                   "updated (but `curated:` ones), new meetings added, "
                                   "vanished ones handled as the source says. Every other "
                                   "byte of the file is kept.")
    p.add_argument("file", nargs="?", default="resources.yaml", metavar="FILE",
                   help="the data file (default: resources.yaml)")
    p.add_argument("--source", action="append", default=[], metavar="NAME",
                   help="sync only this source (repeatable; default: all)")
    p.add_argument("--dry-run", action="store_true",
                   help="print what would change; write nothing")
    p.add_argument("--format", choices=("text", "markdown"), default="text",
                   help="markdown: the summary as the weekly pull request's body")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="give up on a feed that does not answer within this (default: 60)")
    p.add_argument("--today", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="sync as of another day (feeds' future `updated` dates are dropped)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.review.diff_report import render_markdown, render_text
    from generator.review.github import md_cell

    from ..sync.run import SourceError, SyncError, sync_file

    if not os.path.isfile(args.file):
        print(f"{args.file}: error: no such file", file=sys.stderr)
        return 2
    if args.timeout <= 0:
        print("sync: error: --timeout must be positive", file=sys.stderr)
        return 2
    try:
        result = sync_file(args.file, args.source, today=args.today, timeout=args.timeout,
                           dry_run=args.dry_run)
    except (SourceError, SyncError) as exc:
        for d in getattr(exc, "diagnostics", []):
            print(d.format(), file=sys.stderr)
        print(f"sync: error: {exc}; {args.file} is unchanged", file=sys.stderr)
        return 1
    for message in result.messages:
        print(message, file=sys.stderr)
    if not result.sources:  # a list without upstream feeds: the weekly job has nothing to do
        print(f"{args.file}: no `sources:` declared; nothing to sync", file=sys.stderr)
        return 0
    names = ", ".join(result.sources)
    d = result.diff
    if args.format == "markdown":
        print(f"Synced from {names}.\n")
        print(render_markdown(d), end="")
        if d.is_empty and d.warnings:  # diff's summary lists them only beside changes
            print(f"\n### ⚠️ Please check ({len(d.warnings)})\n")
            print("".join(f"- `{w.id}`: {md_cell(w.message)}\n" for w in d.warnings), end="")
    else:
        print(f"Synced from {names}.")
        print(render_text(d), end="")
        if d.is_empty and d.warnings:
            print("\nPlease check:")
            print("".join(f"  ! {w.id}: {w.message}\n" for w in d.warnings), end="")
    if args.dry_run:
        print("(dry run: nothing written)", file=sys.stderr)
    return 0
