"""Data the handout builder (/handout/) loads: resource cards in shard files and a meta
file with the build date.

The finder index (generator/finder/index.py) carries what filtering needs, not what a
printed handout shows (street address, how to join, phone). Rather than grow that
index for every visitor, the builder fetches cards only for the entries a person
picked, beside each one's `r/<id>/qr.png`. Cards are grouped into shards,
`handout/cards/<k>.json` ({id: card}, about SHARD_SIZE cards, ~75 KB, ~15 KB gzipped):
one file per card meant tens of thousands of tiny files, and creating files is what a
large build spends its time on. The shard of an id is `shard_of(id, shards)`, a 32-bit
FNV-1a hash of the id's bytes modulo the shard count, which handout.js computes the same
way; every shard from 0 to shards - 1 is written, even when empty.

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
    tags         attribute labels ("Open meeting", "Wheelchair accessible")
    verified     YYYY-MM-DD of the last check by a person
    order        minutes from Sunday 00:00 to the first meeting of the week (0 is kept):
                 the sheet lists groups by day and time

`handout/meta.json`: {v, as_of (build date), site (absolute address or ""), name, qr
(whether r/<id>/qr.png exists), shards (how many card shards)}.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.build.context import SiteContext
from generator.format import schedule
from generator.format.dial import readable
from generator.format.model import Online, Resource
from generator.format.vocab import ATTENDANCE, KINDS, PROGRAMS, TAGS
from generator.i18n import N_, Translator
from generator.render.html import balanced, text_json
from generator.render.resource import STATUS_NOTE

VERSION = 1
META_PATH = "handout/meta.json"
SHARD_SIZE = 150  # cards per shard on average: a few picked groups cost a few shards
FNV_OFFSET, FNV_PRIME = 0x811C9DC5, 0x01000193

# A closed group's card says what its page says; an inactive group's page explains why
# the page stays, which means nothing on paper.
STATUS_NOTES = {
    "temporarily-closed": STATUS_NOTE["temporarily-closed"],  # translated where shown
    "inactive": N_("This group no longer meets."),
}


def shard_count(resources: int) -> int:
    return max(1, -(-resources // SHARD_SIZE))


def shard_of(resource_id: str, shards: int) -> int:
    """Which shard holds an id's card; handout.js's shardOf must agree."""
    h = FNV_OFFSET
    for byte in resource_id.encode("utf-8"):
        h = ((h ^ byte) * FNV_PRIME) & 0xFFFFFFFF
    return h % shards


def shard_path(k: int) -> str:
    return f"handout/cards/{k}.json"


def _where(r: Resource) -> list[str]:
    loc = r.location
    if loc is None or not r.is_in_person:
        return []
    # one line of several strings of the data: each closes its own bidi controls
    region_zip = " ".join(balanced(p) for p in (loc.region, loc.postal_code) if p)
    town_line = ", ".join(p for p in (balanced(loc.city), region_zip) if p)
    return [" ".join(line.split()) for line in (loc.place, loc.address, town_line) if line]


def _order(r: Resource) -> int | None:
    """Minutes from the start of the week (Sunday, as the site lists days) to the
    group's first meeting: the handout lists groups by day and time. None without a
    schedule (helplines and the like come last)."""
    starts = [schedule.day_index(day) * 1440 + schedule.minutes(slot.start)
              for slot in r.schedule for day in slot.days]
    return min(starts) if starts else None


def card(r: Resource, ctx: SiteContext) -> dict[str, Any]:
    """Everything a handout prints about one resource, as plain text values."""
    program = PROGRAMS.get(r.program)
    _ = ctx.t.gettext  # the handout's language: /es/handout/ loads /es/handout/cards/
    data: dict[str, Any] = {
        "v": VERSION,
        "id": r.id,
        "name": " ".join(r.name.split()),
        "path": f"r/{r.id}/",
        "url": ctx.absolute(f"r/{r.id}/") if ctx.site_url else "",
        "program": _(program.label) if program else r.program,
        "kind": _(KINDS[r.kind]) if r.kind in KINDS else r.kind,
        "attendance": _(ATTENDANCE[r.attendance]) if r.attendance in ATTENDANCE else r.attendance,
        "status": r.status,
        "note": _(STATUS_NOTES[r.status]) if r.status in STATUS_NOTES else "",
        "when": schedule.describe_all(r.schedule, r.timezone, t=ctx.t),
        "where": _where(r),
        "directions": r.text_in(ctx.t.lang, "directions") if r.is_in_person else "",
        "tags": [_(TAGS[t].label) for t in r.tags if t in TAGS],
        "verified": r.verified.isoformat() if r.verified else "",
        "order": _order(r),
    }
    if r.online and (r.online.url or r.online.phone or r.online.notes):
        data["join"] = _join(r.online, ctx.t, r.text_in(ctx.t.lang, "online_notes"))
    if r.contact:
        data["phone"] = r.contact.phone
        data["website"] = r.contact.website
    return {k: v for k, v in data.items() if v or _always(k, v)}


def _join(online: Online, t: Translator, notes: str) -> dict[str, str]:
    """`notes`: the online notes in the card's language (Resource.text_in)."""
    phone = readable(online.phone, t) if online.phone else ""  # number, meeting ID, passcode
    return {k: v for k, v in (("url", online.url), ("phone", phone), ("notes", notes)) if v}


def _always(key: str, value: object) -> bool:
    """The card's values kept even when empty (a first meeting at Sunday 00:00 is 0)."""
    return key in ("v", "id", "name", "path", "status") or (key == "order" and value == 0)


def meta(ctx: SiteContext) -> dict[str, Any]:
    return {
        "v": VERSION,
        "as_of": ctx.build_date.isoformat(),
        "site": ctx.absolute("") if ctx.site_url else "",
        "name": ctx.site_name,
        "qr": bool(ctx.site_url),
        "shards": shard_count(len(ctx.dataset.resources)),
    }


def _dumps(data: object) -> str:
    """handout.js shows the cards' strings as text: each one's bidi controls closed."""
    return text_json(data)


def site_files(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    info = meta(ctx)
    yield META_PATH, _dumps(info)
    shards: list[dict[str, Any]] = [{} for _ in range(info["shards"])]
    for r in sorted(ctx.dataset.resources, key=lambda r: r.id):  # stable file contents
        shards[shard_of(r.id, len(shards))][r.id] = card(r, ctx)
    for k, cards in enumerate(shards):
        yield shard_path(k), _dumps(cards)
