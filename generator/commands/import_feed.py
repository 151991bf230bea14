"""`import meeting-guide|bmlt FEED.json [-o FILE] [--program P] [--timezone ZONE]`.

Converts a Meeting Guide JSON feed or a BMLT `GetSearchResults` export to
resources.yaml, one entry per group. Every meeting of the feed is either in the output
or listed on standard error with the reason it is not; the summary says how many were
merged into groups and which time zones were inferred. The output is checked by the
validator before it is written, and written atomically: a failed import never touches an
existing file. Exit 0 when at least one meeting was imported, 1 when none could be (or
the feed is not JSON), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
import zoneinfo
from typing import TYPE_CHECKING

from generator.commands.limits import MAX_FEED_BYTES, fits_loader
from generator.files import InputError, read_input, write_output
from generator.format.vocab import PROGRAMS

if TYPE_CHECKING:
    from generator.feeds.meeting_guide import ImportResult


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import", help="convert a Meeting Guide feed or a BMLT export to "
                                      "resources.yaml",
                       description="Convert a Meeting Guide JSON feed (12 Step Meeting List, "
                                   "AA intergroups) or a BMLT GetSearchResults export (NA) "
                                   "to resources.yaml, one entry per group, reporting every "
                                   "meeting or field that could not be converted.")
    p.add_argument("format", choices=("meeting-guide", "bmlt"), help="the feed's format")
    p.add_argument("feed", metavar="FEED.json", help="the feed file")
    p.add_argument("-o", "--output", default=None, metavar="FILE",
                   help="write the YAML here (default: standard output)")
    p.add_argument("--program", choices=tuple(PROGRAMS), default=None,
                   help="program of the imported meetings (default: aa for meeting-guide, "
                        "na for bmlt)")
    p.add_argument("--timezone", default="", metavar="ZONE",
                   help="IANA zone for meetings without one, instead of inferring it from "
                        "coordinates or state, e.g. America/Chicago")
    p.add_argument("--source", default="", metavar="TEXT",
                   help="`source:` of each entry (default: the feed's entity, else its file "
                        "name)")
    p.add_argument("--formats", default=None, metavar="FORMATS.json",
                   help="bmlt: a GetFormats export, when the feed was fetched without "
                        "get_used_formats")
    p.add_argument("--dry-run", action="store_true",
                   help="print the summary and problems without writing anything")
    p.set_defaults(func=run)


def _read(path: str) -> str | int:
    """The file's text, or an exit code after saying why not."""
    if not os.path.lexists(path):  # FIFO, link, folder: the reader says why
        print(f"{path}: error: no such file", file=sys.stderr)
        return 2
    try:
        return read_input(path, MAX_FEED_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        print(f"{path}: error: not UTF-8 text (byte {exc.start}); save the feed as "
              "UTF-8 and try again", file=sys.stderr)
        return 1
    except InputError as exc:
        print(f"{path}:1:1: error: {exc.message} — {exc.hint}", file=sys.stderr)
        return 1


def run(args: argparse.Namespace) -> int:
    from generator.feeds.meeting_guide import checked_yaml

    usage = _usage_error(args)
    if usage:
        print(f"import: error: {usage}", file=sys.stderr)
        return 2
    text = _read(args.feed)
    formats = _read(args.formats) if args.formats else None
    for got in (text, formats):
        if isinstance(got, int):
            return got
    assert isinstance(text, str)
    result = _convert(args, text, formats if isinstance(formats, str) else None)
    yaml_text, warnings = "", 0
    if result.dataset.resources:
        try:
            yaml_text, checked = checked_yaml(result, args.output or "resources.yaml")
        except RuntimeError as exc:  # a bug in the converter, not in the feed
            print(f"{args.feed}: error: {exc}; nothing written (please report this)",
                  file=sys.stderr)
            return 1
        warnings = len(checked.warnings)
    _report(result)
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
    if args.dry_run:
        print(f"{args.feed}: dry run; nothing written", file=sys.stderr)
        return 0
    write_output(args.output, yaml_text)
    return 0


def _usage_error(args: argparse.Namespace) -> str:
    """What is wrong with the options before any file is read, or ""."""
    if args.timezone and args.timezone not in zoneinfo.available_timezones():
        return (f"unknown time zone `{args.timezone}` "
                "(use an IANA name such as America/Chicago)")
    if args.formats and args.format != "bmlt":
        return "--formats is for bmlt exports"
    return ""


def _convert(args: argparse.Namespace, text: str, formats: str | None) -> ImportResult:
    from generator.feeds.bmlt import BmltOptions, import_bmlt
    from generator.feeds.meeting_guide import ImportOptions, import_feed

    if args.format == "bmlt":
        return import_bmlt(text, args.feed, BmltOptions(
            program=args.program or "na", timezone=args.timezone, source=args.source),
            formats)
    return import_feed(text, args.feed, ImportOptions(
        program=args.program or "aa", timezone=args.timezone, source=args.source))


def _report(result: ImportResult) -> None:
    """The import's problems and its summary, on standard error."""
    for d in result.report.sorted():
        print(d.format(), file=sys.stderr)
    if result.summary is not None:
        result.summary.imported = sum(1 for o in result.outcome if o is not None)
        result.summary.entries = len(result.dataset.resources)
        for line in result.summary.summary_lines():
            print(line, file=sys.stderr)
