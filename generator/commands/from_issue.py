"""`from-issue BODY.md [--into resources.yaml]`: a submitted issue form as an edit.

"Add a group or service" appends one entry (readable id, offline approximate
coordinates, `verified:` the issue's date); "Report a change or closure" edits the
named entry's fields or marks it closed. Only the lines of that entry change; the file
is written atomically, and only after the result has been read back and validated.

    python -m generator from-issue body.md                       # issue body saved to a file
    python -m generator from-issue --event "$GITHUB_EVENT_PATH"  # in a workflow
    python -m generator from-issue body.md --issue 24 --date 2026-12-03 --dry-run

Exit 0 when the edit was made (or was already there), 1 when the form cannot be used
(each reason printed; `--report DIR` also writes comment.md for the issue), 2 on usage
errors.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from datetime import date
from pathlib import Path

from generator.files import write_atomic
from generator.format.diagnostics import DataError
from generator.intake import report
from generator.intake.apply import IntakeError, apply_issue
from generator.intake.event import EventError, read_event
from generator.intake.quote import plain

FORMS = {"add": "add-group.yml", "change": "report-change.yml"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    p = sub.add_parser(
        "from-issue", help="turn a submitted issue form into an edit of the data file",
        description="Read the body of an “Add a group” or “Report a change” issue, as "
                    "GitHub renders it, and add the entry or apply the change.")
    p.add_argument("body", nargs="?", metavar="BODY.md",
                   help="the issue's body as a file (- for standard input)")
    p.add_argument("--event", metavar="EVENT.json",
                   help="read the body, number and date from a GitHub Actions issue event "
                        "payload instead (e.g. $GITHUB_EVENT_PATH)")
    p.add_argument("--into", default="resources.yaml", metavar="FILE",
                   help="the data file to edit (default: resources.yaml)")
    p.add_argument("--issue", type=int, metavar="N",
                   help="the issue's number: recorded in `source:` so a second run adds "
                        "nothing, and linked from the pull request")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="the day the issue was opened, for `verified:` (default: today)")
    p.add_argument("--form", choices=tuple(FORMS),
                   help="which form the body is from (default: told by its first heading)")
    p.add_argument("--dry-run", action="store_true",
                   help="print the change as a diff; write nothing")
    p.add_argument("--report", metavar="DIR",
                   help="also write title.txt and pull-request.md (or comment.md when the "
                        "form cannot be used) into DIR, for the workflow")
    p.set_defaults(func=run)


def _inputs(args: argparse.Namespace) -> tuple[str, str, int | None, date] | int:
    """(body, name for messages, issue number, date), or an exit code."""
    if bool(args.body) == bool(args.event):
        print("from-issue: error: give BODY.md or --event EVENT.json (one of them)",
              file=sys.stderr)
        return 2
    try:
        when = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(f"from-issue: error: --date {args.date!r} is not YYYY-MM-DD", file=sys.stderr)
        return 2
    if args.event:
        try:
            issue = read_event(args.event)
        except EventError as exc:
            print(f"{args.event}: error: {exc}", file=sys.stderr)
            return 1
        return issue.body, args.event, args.issue or issue.number, when or issue.opened
    try:
        body = sys.stdin.read() if args.body == "-" else Path(args.body).read_text(
            encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.body}: error: cannot read it ({exc})", file=sys.stderr)
        return 1
    return body, args.body, args.issue, when or date.today()


def run(args: argparse.Namespace) -> int:
    got = _inputs(args)
    if isinstance(got, int):
        return got
    body, name, issue, today = got
    try:
        text = Path(args.into).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.into}: error: cannot read it ({exc})", file=sys.stderr)
        return 1
    out = Path(args.report) if args.report else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    try:
        result = apply_issue(body, args.into, text, today, issue,
                             FORMS[args.form] if args.form else None)
    except (IntakeError, DataError) as exc:
        error = exc if isinstance(exc, IntakeError) else IntakeError(
            [f"{args.into} cannot be read; run `python -m generator validate`"], author=False)
        for problem in error.problems:
            print(f"{name}: error: {plain(problem)}", file=sys.stderr)
        for note in error.review:
            print(f"{name}: note: {plain(note)}", file=sys.stderr)
        if out:
            write_atomic(out / "comment.md", report.comment(error))
        return 1
    if args.dry_run:
        sys.stdout.writelines(difflib.unified_diff(
            text.splitlines(True), result.text.splitlines(True), args.into, args.into))
    elif result.changed:
        write_atomic(args.into, result.text)
    print(report.terminal(result, args.into), end="")
    if out:
        write_atomic(out / "title.txt", report.title(result) + "\n")
        write_atomic(out / "pull-request.md", report.pull_request(result, issue))
    return 0
