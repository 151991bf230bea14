"""Data the handout builder (/handout/) loads: one small JSON card per resource and a
meta file with the build date.

The finder index (generator/finder/index.py) carries what filtering needs, not what a
printed handout shows (street address, how to join, phone). Rather than grow that
index for every visitor, each resource gets `r/<id>/handout.json` (~0.5 KB) that the
builder fetches only for the entries a person picked, beside `r/<id>/qr.svg`.

Card format, version 1 (read by generator/assets/handout.js); empty fields are left out:

    v            1
    id, name     the permanent id and the name
    path         the page's path from the site root, "r/<id>/"
    url          the page's absolute address when the site's URL is configured
    program, kind, attendance   labels in words
    status       "active" | "temporarily-closed" | "inactive"; note: what that means
    when         the schedule in words, one string per slot
    where        address lines: place, street, "Town, ST 12345"
    directions   how to find the room
    join         {url, phone, notes} for online and phone attendance
    phone, website               the group's contact phone and website
    tags         attribute labels ("Open to all", "Wheelchair accessible")
    verified     YYYY-MM-DD of the last check by a person

`handout/meta.json`: {v, as_of (build date), site (absolute address or ""), name, qr
(whether r/<id>/qr.svg exists)}.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from . import schedule
from .context import SiteContext
from .model import Resource
from .vocab import ATTENDANCE, KINDS, PROGRAMS, TAGS

VERSION = 1
META_PATH = "handout/meta.json"

STATUS_NOTES = {
    "temporarily-closed": "Temporarily closed. Check with the group before you go.",
    "inactive": "This group no longer meets.",
}


def card_path(resource_id: str) -> str:
    return f"r/{resource_id}/handout.json"


def _where(r: Resource) -> list[str]:
    loc = r.location
    if loc is None or not r.is_in_person:
        return []
    region_zip = " ".join(p for p in (loc.region, loc.postal_code) if p)
    town_line = ", ".join(p for p in (loc.city, region_zip) if p)
    return [" ".join(line.split()) for line in (loc.place, loc.address, town_line) if line]


def card(r: Resource, ctx: SiteContext) -> dict[str, Any]:
    """Everything a handout prints about one resource, as plain text values."""
    program = PROGRAMS.get(r.program)
    data: dict[str, Any] = {
        "v": VERSION,
        "id": r.id,
        "name": " ".join(r.name.split()),
        "path": f"r/{r.id}/",
        "url": ctx.absolute(f"r/{r.id}/") if ctx.site_url else "",
        "program": program.label if program else r.program,
        "kind": KINDS.get(r.kind, r.kind),
        "attendance": ATTENDANCE.get(r.attendance, r.attendance),
        "status": r.status,
        "note": STATUS_NOTES.get(r.status, ""),
        "when": schedule.describe_all(r.schedule, r.timezone),
        "where": _where(r),
        "directions": r.location.directions if r.location and r.is_in_person else "",
        "tags": [TAGS[t].label for t in r.tags if t in TAGS],
        "verified": r.verified.isoformat() if r.verified else "",
    }
    online = r.online
    if online and (online.url or online.phone or online.notes):
        data["join"] = {k: v for k, v in
                        (("url", online.url), ("phone", online.phone), ("notes", online.notes))
                        if v}
    if r.contact:
        data["phone"] = r.contact.phone
        data["website"] = r.contact.website
    return {k: v for k, v in data.items() if v or k in ("v", "id", "name", "path", "status")}


def meta(ctx: SiteContext) -> dict[str, Any]:
    return {
        "v": VERSION,
        "as_of": ctx.build_date.isoformat(),
        "site": ctx.absolute("") if ctx.site_url else "",
        "name": ctx.site_name,
        "qr": bool(ctx.site_url),
    }


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def site_files(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    yield META_PATH, _dumps(meta(ctx))
    for r in ctx.dataset.resources:
        yield card_path(r.id), _dumps(card(r, ctx))
