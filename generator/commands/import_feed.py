"""`import meeting-guide FEED.json [-o FILE] [--program P] [--timezone ZONE]`.

Converts a Meeting Guide JSON feed to resources.yaml. Every meeting of the feed is
either in the output or listed on standard error with the reason it is not. The output
is checked by the validator before it is written, and written atomically: a failed
import never touches an existing file. Exit 0 when at least one meeting was imported,
1 when none could be (or the feed is not JSON), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
import zoneinfo

from generator.format.vocab import PROGRAMS

from ..files import InputError, read_input, write_output
from .limits import MAX_FEED_BYTES, fits_loader


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import", help="convert a Meeting Guide JSON feed to resources.yaml",
                       description="Convert a Meeting Guide JSON feed (the format of the "
                                   "12-step meeting apps) to resources.yaml, reporting "
                                   "every meeting or field that could not be converted.")
    p.add_argument("format", choices=("meeting-guide",), help="the feed's format")
    p.add_argument("feed", metavar="FEED.json", help="the feed file")
    p.add_argument("-o", "--output", default=None, metavar="FILE",
                   help="write the YAML here (default: standard output)")
    p.add_argument("--program", choices=tuple(PROGRAMS), default="aa",
                   help="program of the imported meetings (default: aa)")
    p.add_argument("--timezone", default="", metavar="ZONE",
                   help="IANA zone for meetings without one, e.g. America/Chicago")
    p.add_argument("--source", default="", metavar="TEXT",
                   help="`source:` of each entry (default: the feed's entity, else its file "
                        "name)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..feeds.meeting_guide import ImportOptions, checked_yaml, import_feed

    if args.timezone and args.timezone not in zoneinfo.available_timezones():
        print(f"import: error: unknown time zone `{args.timezone}` "
              "(use an IANA name such as America/Chicago)", file=sys.stderr)
        return 2
    if not os.path.lexists(args.feed):  # FIFO, link, folder: the reader says why
        print(f"{args.feed}: error: no such file", file=sys.stderr)
        return 2
    try:
        text = read_input(args.feed, MAX_FEED_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        print(f"{args.feed}: error: not UTF-8 text (byte {exc.start}); save the feed as "
              "UTF-8 and try again", file=sys.stderr)
        return 1
    except InputError as exc:
        print(f"{args.feed}:1:1: error: {exc.message} — {exc.hint}", file=sys.stderr)
        return 1
    options = ImportOptions(program=args.program, timezone=args.timezone, source=args.source)
    result = import_feed(text, args.feed, options)
    yaml_text, warnings = "", 0
    if result.dataset.resources:
        try:
            yaml_text, checked = checked_yaml(result, args.output or "resources.yaml")
        except RuntimeError as exc:  # a bug in the converter, not in the feed
            print(f"{args.feed}: error: {exc}; nothing written (please report this)",
                  file=sys.stderr)
            return 1
        warnings = len(checked.warnings)
    for d in result.report.sorted():
        print(d.format(), file=sys.stderr)
    imported = sum(1 for o in result.outcome if o is not None)
    entries = len(result.dataset.resources)
    print(f"{args.feed}: {imported} of {result.total} meetings imported as {entries} "
          f"entries; {result.total - imported} not imported", file=sys.stderr)
    if not result.dataset.resources:
        print(f"{args.feed}: error: nothing to import; "
              f"{'no file written' if args.output else 'no output'}", file=sys.stderr)
        return 1
    if warnings:
        print(f"the output has {warnings} validation warning(s); run "
              f"`python -m generator validate {args.output or 'FILE'}` to list them",
              file=sys.stderr)
    if not fits_loader(yaml_text, args.output or "the output"):
        return 1
    write_output(args.output, yaml_text)
    return 0
