"""Our data as an Open Referral HSDS 3.0 data package: /hsds/ and `export hsds -o DIR`.

Mapping, decided where HSDS leaves room:

- organization: one per program (Alcoholics Anonymous, SMART Recovery...): the body a
  211 directory files a meeting under. Groups are not legal organizations.
- service: one per entry; its `url` is the entry's page on this site when the site's
  address is known, else the group's website; `assured_date` is `verified`.
- location: a `physical` one for in-person and hybrid entries (name, coordinates,
  directions as `transportation`), a `virtual` one for online and hybrid entries;
  each linked to the service by a service_at_location row. An `address` row only when
  every part HSDS requires is known (street, city, region, postal code, country).
- schedule: one row per slot, RRULE-style (freq, interval, byday with 1TU/-1FR for
  monthly weeks, dtstart fixing the phase of fortnightly slots). HSDS's `timezone` is a
  UTC offset, not a zone: we give the offset in force on the build date (and in
  opens_at/closes_at), and the IANA zone in `description` and `notes`, so an importer
  that reads only the offset is an hour off for half the year.
- phone: the contact phone (voice) and the dial-in number (described as such).
- language and accessibility: from tags (spanish -> es, asl -> ase; wheelchair...).

Ids are UUIDs derived from the entry id and the row's role (uuid5), so they stay the
same from build to build and a 211 importer updates rows instead of duplicating them.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import tempfile
import uuid
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, time
from typing import Any

from generator.build.context import SiteContext
from generator.format import vocab
from generator.format.model import Resource, ScheduleSlot
from generator.format.schedule import describe
from generator.format.vocab import ATTENDANCE, PROGRAMS, TAGS

from .calendar import first_date, has_calendar, rrule
from .hsds_schema import HSDS_VERSION, TABLES, descriptor

FOLDER = "hsds"
# Fixed forever: changing it would change every id we have published.
NAMESPACE = uuid.UUID("6b4f3c1e-2f4e-5a8b-9c3d-7e1f2a3b4c5d")
_NAMESPACE_BYTES = NAMESPACE.bytes
STATUS = {"active": "active", "temporarily-closed": "temporarily closed",
          "inactive": "inactive"}
LANGUAGES = {
    "english": "en", "spanish": "es", "french": "fr", "asl": "ase", "amharic": "am",
    "croatian": "hr", "danish": "da", "german": "de", "greek": "el", "hebrew": "he",
    "hindi": "hi", "hungarian": "hu", "italian": "it", "japanese": "ja", "korean": "ko",
    "lithuanian": "lt", "malayalam": "ml", "norwegian": "no", "persian": "fa",
    "polish": "pl", "portuguese": "pt", "punjabi": "pa", "russian": "ru", "slovak": "sk",
    "swedish": "sv", "tagalog": "tl", "thai": "th", "ukrainian": "uk",
}
ACCESSIBILITY = {"wheelchair": "Wheelchair accessible",
                 "wheelchair-bathroom": "Wheelchair-accessible bathroom"}

Row = dict[str, str]
Body = bytes | Iterable[bytes]
SPOOL_BYTES = 4 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024


def row_id(*parts: str) -> str:
    """uuid.uuid5(NAMESPACE, "a:b:c"), without building UUID objects: ~10 ids an entry,
    a million at 100,000 entries, where uuid5 itself took a second per 10,000 ids."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + ":".join(parts).encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    x = digest.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


@functools.lru_cache(maxsize=512)  # one build date, a handful of zones
def _utc_offset(zone: str, when: datetime) -> tuple[str, str]:
    """(hours as a number, "+HH:MM") in force in `zone` at `when`."""
    if not zone:
        return "", ""
    offset = when.replace(tzinfo=zoneinfo.ZoneInfo(zone)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    hh, mm = divmod(abs(minutes), 60)
    number = f"{minutes / 60:g}"
    return number, f"{sign}{hh:02d}:{mm:02d}"


def _clock(t: time | None, suffix: str) -> str:
    return f"{t:%H:%M}{suffix}" if t is not None else ""


def _schedule(r: Resource, i: int, slot: ScheduleSlot, ctx: SiteContext) -> Row:
    rule = rrule(slot)
    noon = datetime.combine(ctx.build_date, time(12))
    hours, suffix = _utc_offset(r.timezone, noon)
    dtstart = first_date(slot, ctx.build_date).isoformat() if slot.every == "2 weeks" else ""
    byday = rule["byday"]
    return {
        "id": row_id("schedule", r.id, str(i)), "service_id": row_id("service", r.id),
        "dtstart": dtstart, "timezone": hours,
        "freq": str(rule["freq"]).upper(),
        "interval": str(rule.get("interval", "")),
        "byday": ",".join(byday) if isinstance(byday, list) else str(byday),
        "description": describe(slot, r.timezone, today=ctx.build_date),
        "opens_at": _clock(slot.start, suffix), "closes_at": _clock(slot.end, suffix),
        "schedule_link": ctx.absolute(f"r/{r.id}.ics") if ctx.site_url and has_calendar(r)
        else "",
        "attending_type": ATTENDANCE[r.attendance],
        "notes": f"Times are local to {r.timezone}." if r.timezone else "",
    }


class Tables:
    """Rows of every table, made in one pass over the entries and handed to `sink`
    (default: kept in `rows`, for tests and small lists)."""

    def __init__(self, ctx: SiteContext, sink: Callable[[str, Row], None] | None = None
                 ) -> None:
        self.ctx = ctx
        self.rows: dict[str, list[Row]] = {name: [] for name in TABLES}
        self.emit = sink or (lambda table, row: self.rows[table].append(row))
        for program in sorted({r.program for r in ctx.dataset.resources}):
            p = PROGRAMS[program]
            self.emit("organization", {
                "id": row_id("organization", program), "name": p.label,
                "description": p.about})
        for r in ctx.dataset.resources:
            self.add(r)

    def add(self, r: Resource) -> None:
        service = self._service(r)
        physical = self._physical(r) if r.location is not None else ""
        virtual = self._virtual(r) if r.online is not None and r.online.url else ""
        for location in (physical, virtual):
            if location:
                self.emit("service_at_location", {
                    "id": row_id("service_at_location", r.id, location),
                    "service_id": service, "location_id": location, "description": ""})
        if r.contact and r.contact.phone:
            self._phone(r, "contact", r.contact.phone, "", "")
        if r.online is not None and r.online.phone:
            self._phone(r, "dial-in", r.online.phone, virtual,
                        "Dial-in number" + (f": {r.online.notes}" if r.online.notes else ""))
        for i, slot in enumerate(r.schedule):
            self.emit("schedule", _schedule(r, i, slot, self.ctx))
        self._tags(r, service, physical)

    def _service(self, r: Resource) -> str:
        service = row_id("service", r.id)
        contact = r.contact
        page = self.ctx.absolute(f"r/{r.id}/") if self.ctx.site_url else ""
        self.emit("service", {
            "id": service, "organization_id": row_id("organization", r.program),
            "name": r.name, "description": r.description,
            "url": page or (contact.website if contact else ""),
            "email": contact.email if contact else "", "status": STATUS[r.status],
            "fees_description": "Free" if "free" in r.tags else "",
            "eligibility_description": "",
            "assured_date": r.verified.isoformat() if r.verified else "",
            "alert": vocab.STATUS[r.status] if r.status == "temporarily-closed" else "",
        })
        return service

    def _tags(self, r: Resource, service: str, physical: str) -> None:
        """The tags HSDS has tables for: languages, and accessibility (of a place)."""
        for tag in r.tags:
            if tag in LANGUAGES:
                self.emit("language", {
                    "id": row_id("language", r.id, tag), "service_id": service,
                    "location_id": "", "name": TAGS[tag].label,
                    "code": LANGUAGES[tag], "note": ""})
            if tag in ACCESSIBILITY and physical:
                self.emit("accessibility", {
                    "id": row_id("accessibility", r.id, tag), "location_id": physical,
                    "description": ACCESSIBILITY[tag], "details": ""})

    def _physical(self, r: Resource) -> str:
        loc = r.location
        assert loc is not None
        ident = row_id("location", r.id, "physical")
        self.emit("location", {
            "id": ident, "location_type": "physical", "url": "",
            "organization_id": row_id("organization", r.program),
            "name": loc.place or r.name,
            "description": loc.one_line() + (" (approximate)" if loc.approximate else ""),
            "transportation": loc.directions,
            "latitude": f"{loc.lat:.6f}" if loc.lat is not None else "",
            "longitude": f"{loc.lon:.6f}" if loc.lon is not None else "",
            "external_identifier": r.id, "external_identifier_type": "peer-directory id"})
        if all((loc.address, loc.city, loc.region, loc.postal_code, loc.country)):
            self.emit("address", {
                "id": row_id("address", r.id), "location_id": ident,
                "address_1": loc.address, "city": loc.city, "state_province": loc.region,
                "postal_code": loc.postal_code, "country": loc.country,
                "address_type": "physical"})
        return ident

    def _virtual(self, r: Resource) -> str:
        assert r.online is not None
        ident = row_id("location", r.id, "virtual")
        self.emit("location", {
            "id": ident, "location_type": "virtual", "url": r.online.url,
            "organization_id": row_id("organization", r.program), "name": f"{r.name} (online)",
            "description": r.online.notes, "transportation": "", "latitude": "",
            "longitude": "", "external_identifier": r.id,
            "external_identifier_type": "peer-directory id"})
        return ident

    def _phone(self, r: Resource, role: str, number: str, location: str, note: str) -> None:
        self.emit("phone", {
            "id": row_id("phone", r.id, role), "location_id": location,
            "service_id": row_id("service", r.id), "number": number, "type": "voice",
            "description": note})


class _CsvFiles:
    """One CSV writer a table, each into a temporary file that spills to disk past a few
    MB: a 100,000-entry package (~150 MB of CSV) is never held in memory."""

    def __init__(self) -> None:
        self.files: dict[str, tempfile.SpooledTemporaryFile[bytes]] = {}
        self.writers: dict[str, Any] = {}
        self.columns = {t: [c[0] for c in columns] for t, columns in TABLES.items()}
        for table, columns in self.columns.items():
            raw = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by chunks()
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True)
            self.files[table] = raw
            self.writers[table] = (text, csv.writer(text, lineterminator="\r\n"))
            self.writers[table][1].writerow(columns)

    def write(self, table: str, row: Row) -> None:
        self.writers[table][1].writerow([row.get(c, "") for c in self.columns[table]])

    def chunks(self, table: str) -> Iterator[bytes]:
        text, _ = self.writers[table]
        text.flush()
        raw = self.files[table]
        raw.seek(0)
        while chunk := raw.read(CHUNK_BYTES):
            yield chunk
        text.close()  # closes the temporary file too


def package_files(ctx: SiteContext) -> Iterator[tuple[str, Body]]:
    """(file name, content) of the data package: datapackage.json, then one CSV a table
    as RFC 4180 CSV in plain UTF-8 (no byte-order mark: importers read these, not
    spreadsheets), its columns in the order datapackage.json declares them."""
    meta = descriptor(f"{ctx.site_name} (HSDS {HSDS_VERSION})",
                      f"{ctx.build_date.isoformat()}T00:00:00Z", ctx.site_url)
    yield "datapackage.json", (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode()
    files = _CsvFiles()
    Tables(ctx, files.write)
    for table in TABLES:
        yield f"{table}.csv", files.chunks(table)


def site_files(ctx: SiteContext) -> Iterator[tuple[str, Body]]:
    """/hsds/datapackage.json and /hsds/<table>.csv (registered in generator/build/outputs.py)."""
    for name, content in package_files(ctx):
        yield f"{FOLDER}/{name}", content
