"""/resources.csv and `export csv`: one row per meeting time, for spreadsheets.

A slot meeting on Monday and Wednesday gives two rows, so sorting or filtering by day
works; entries without a schedule (helplines, directories...) get one row with the time
columns empty. UTF-8 with a byte-order mark, because Excel otherwise reads UTF-8 as a
legacy code page; CRLF line ends as RFC 4180 asks.

Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR, also
after leading spaces of any kind, line breaks or a byte-order mark) get a leading
apostrophe (OWASP's advice for CSV injection). Only text from the data file is
guarded; the numbers we format ourselves (lat/lon) stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from generator.build.context import SiteContext
from generator.format.model import Resource, ScheduleSlot
from generator.format.vocab import DAY_NAMES

COLUMNS = (
    "id", "name", "kind", "program", "attendance", "status", "day", "start", "end",
    "every", "weeks", "from", "timezone", "place", "address", "city", "region", "postal_code",
    "country", "lat", "lon", "online_url", "online_phone", "online_notes", "tags",
    "description", "website", "email", "phone", "verified", "page",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What a spreadsheet may trim before looking for a formula: whitespace of any kind (the
# no-break and ideographic spaces too), line breaks, a byte-order mark, invisible format
# characters. A cell whose first character after those starts a formula is guarded too.
_TRIMMED = re.compile("^[\\s\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]*")


def guard(cell: str) -> str:
    """A text cell a spreadsheet will show as text, never evaluate."""
    if cell.startswith(_FORMULA_START):
        return "'" + cell
    rest = cell[_TRIMMED.match(cell).end():]  # type: ignore[union-attr]  # * always matches
    return "'" + cell if rest != cell and rest.startswith(_FORMULA_START) else cell


def export_csv(ctx: SiteContext) -> bytes:
    return b"".join(csv_chunks(ctx))


def csv_chunks(ctx: SiteContext, per_chunk: int = 1000) -> Iterator[bytes]:
    """The CSV as UTF-8 (with its byte-order mark), `per_chunk` entries a piece: encoded
    as written, never held whole (a StringIO would hold 100,000 entries' text at up to
    four bytes a character, and copy it twice on the way out)."""
    out = io.BytesIO()
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for i, r in enumerate(ctx.dataset.resources, 1):
        writer.writerows(rows(r, ctx))
        if i % per_chunk == 0:
            text.flush()
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    text.flush()
    yield out.getvalue()


# The columns each part of an entry fills, in COLUMNS' order; a missing part leaves its
# columns empty.
_LOCATION = ("place", "address", "city", "region", "postal_code", "country", "lat", "lon")
_ONLINE = ("url", "phone", "notes")
_CONTACT = ("website", "email", "phone")
_NO_TIME = ["", "", "", "", "", ""]


def rows(r: Resource, ctx: SiteContext) -> Iterator[list[str]]:
    common_head = [r.id, r.name, r.kind, r.program, r.attendance, r.status]
    common_tail = [
        r.timezone, *_fields(r.location, _LOCATION), *_fields(r.online, _ONLINE),
        " ".join(r.all_tags), r.description, *_fields(r.contact, _CONTACT),
        r.verified.isoformat() if r.verified else "", ctx.absolute(f"r/{r.id}/"),
    ]
    slots: list[tuple[str, ScheduleSlot | None]] = [
        (day, slot) for slot in r.schedule for day in slot.days] or [("", None)]
    for day, slot in slots:
        when = _NO_TIME if slot is None else _when(day, slot)
        yield [_cell(v) for v in (*common_head, *when, *common_tail)]


def _fields(part: object | None, names: tuple[str, ...]) -> list[object]:
    return [None if part is None else getattr(part, name) for name in names]


def _when(day: str, slot: ScheduleSlot) -> list[object]:
    """The day, start, end, every, weeks and from columns of one day of a slot."""
    return [DAY_NAMES[day], f"{slot.start:%H:%M}",
            f"{slot.end:%H:%M}" if slot.end is not None else "", slot.every,
            " ".join(str(w) for w in slot.weeks),
            slot.from_.isoformat() if slot.from_ is not None else ""]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return guard(str(value))
