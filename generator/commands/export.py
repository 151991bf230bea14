"""`export meeting-guide|ics|csv|hsds [FILE] [-o OUT]`: the exports the site publishes.

FILE defaults to resources.yaml and must validate; OUT defaults to standard output and
is written atomically. `hsds` is a folder of files (datapackage.json and a CSV a
table): OUT is that folder, required, created when missing; every file is made before
the first is written. Exit 0 ok, 1 when FILE has errors, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date

from generator.build.context import SiteContext
from generator.format.diagnostics import DataError
from generator.format.vocab import PROGRAMS

from ..files import write_atomic


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="write the Meeting Guide feed, calendar, CSV or HSDS",
                       description="Write the Meeting Guide feed (meetings.json), the "
                                   "calendar (resources.ics), the spreadsheet "
                                   "(resources.csv) or the Open Referral HSDS 3.0 data "
                                   "package (hsds/) the site publishes.")
    p.add_argument("format", choices=("meeting-guide", "ics", "csv", "hsds"),
                   help="what to write")
    p.add_argument("file", nargs="?", default="resources.yaml", metavar="FILE",
                   help="the data file (default: resources.yaml)")
    p.add_argument("-o", "--output", default=None, metavar="OUT",
                   help="output file (default: standard output); for hsds, the folder "
                        "to write the data package into (required)")
    p.add_argument("--site-url", default="", metavar="URL",
                   help="the site's address, for links in the exports, e.g. "
                        "https://example.org/")
    p.add_argument("--date", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="build date: calendar events start on or after it (default: today)")
    p.add_argument("--program", choices=tuple(PROGRAMS), default=None,
                   help="ics only: the calendar of one program")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.format.validate import load_valid

    if not os.path.lexists(args.file):  # FIFO, link, folder: the reader says why
        print(f"{args.file}: error: no such file", file=sys.stderr)
        return 2
    usage = _usage_error(args)
    if usage:
        print(f"export: error: {usage}", file=sys.stderr)
        return 2
    try:
        dataset = load_valid(args.file)
    except DataError as exc:
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        return 1
    site_url = args.site_url.rstrip("/") + "/" if args.site_url else ""
    ctx = SiteContext(dataset, site_url=site_url, build_date=args.date or date.today())
    if args.format == "hsds":
        return _write_hsds(ctx, args.output)
    content = _CONTENT[args.format](ctx, args)
    if args.output in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        write_atomic(args.output, content)
    return 0


def _usage_error(args: argparse.Namespace) -> str:
    """What is wrong with the options, or ""."""
    if args.program and args.format != "ics":
        return "--program applies to ics only"
    if args.format == "hsds" and args.output in (None, "-"):
        return "hsds writes a folder of files: give it with -o DIR"
    return ""


def _meeting_guide(ctx: SiteContext, args: argparse.Namespace) -> bytes:
    from ..feeds.meeting_guide_export import export_feed, exported

    left = sum(1 for r in ctx.dataset.resources if r.kind == "meeting" and not exported(r))
    content = export_feed(ctx).encode("utf-8")
    if left:
        print(f"{left} meeting(s) not in the feed: inactive, closed and online-only, "
              "or meeting only monthly or fortnightly (the format is weekly)",
              file=sys.stderr)
    return content


def _ics(ctx: SiteContext, args: argparse.Namespace) -> bytes:
    from ..feeds.calendar import Calendars, has_calendar

    chosen = [r for r in ctx.dataset.resources
              if has_calendar(r) and (args.program in (None, r.program))]
    label = PROGRAMS[args.program].label if args.program else "all meetings"
    return Calendars(ctx).collection(f"{ctx.site_name}: {label}", chosen)


def _csv(ctx: SiteContext, args: argparse.Namespace) -> bytes:
    from ..feeds.spreadsheet import export_csv

    return export_csv(ctx)


# The single-file exports: each makes its bytes (and says on standard error what it left out).
_CONTENT: dict[str, Callable[[SiteContext, argparse.Namespace], bytes]] = {
    "meeting-guide": _meeting_guide, "ics": _ics, "csv": _csv}


def _write_hsds(ctx: SiteContext, folder: str) -> int:
    from generator.build.outputs import whole

    from ..feeds.hsds import package_files

    # All made first: a failure writes nothing.
    files = [(name, whole(content)) for name, content in package_files(ctx)]
    os.makedirs(folder, exist_ok=True)
    for name, data in files:
        write_atomic(os.path.join(folder, name), data)
    print(f"{folder}: HSDS data package, {len(files) - 1} tables", file=sys.stderr)
    return 0
