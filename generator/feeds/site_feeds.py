"""The files the site publishes from this package (registered in generator/build/outputs.py):

/meetings.json                 Meeting Guide feed
/resources.ics                 every active meeting, to subscribe to
/programs/<program>.ics        the same, per program (only programs with meetings)
/r/<id>.ics                    one meeting (see calendar.has_calendar)
/resources.csv                 every entry, one row per meeting time
/hsds/datapackage.json, /hsds/<table>.csv   the HSDS 3.0 data package (hsds.py, its own
                               producer in generator/build/outputs.py)
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.build.context import SiteContext
from generator.feeds.calendar import Calendars, has_calendar
from generator.feeds.meeting_guide_export import feed_chunks
from generator.feeds.spreadsheet import csv_chunks
from generator.format.model import Resource
from generator.format.vocab import PROGRAMS


def site_files(ctx: SiteContext) -> Iterator[tuple[str, bytes | Iterator[bytes]]]:
    """The big files come as chunks (generator/build/outputs.py): written as they are made."""
    yield "meetings.json", feed_chunks(ctx)
    calendars = Calendars(ctx)
    meetings = [r for r in ctx.dataset.resources if has_calendar(r)]
    all_meetings = ctx.t.gettext("{site}: all meetings").format(site=ctx.site_name)
    yield "resources.ics", calendars.collection_chunks(all_meetings, meetings)
    by_program: dict[str, list[Resource]] = {}
    for r in meetings:
        by_program.setdefault(r.program, []).append(r)
    for program in sorted(by_program):
        name = f"{ctx.site_name}: {ctx.t.gettext(PROGRAMS[program].label)}"
        yield f"programs/{program}.ics", calendars.collection_chunks(name, by_program[program])
    for r in meetings:
        yield f"r/{r.id}.ics", calendars.for_resource(r)
    yield "resources.csv", csv_chunks(ctx)
