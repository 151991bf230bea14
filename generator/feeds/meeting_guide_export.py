"""Our data as a Meeting Guide feed: what /meetings.json serves and `export meeting-guide`
prints, readable by the Meeting Guide app and TSML UI.

What goes in, decided where the spec is silent:

- Meetings only (other kinds have no weekly time), and not `inactive` ones, nor
  online-only ones that are `temporarily-closed`.
- Weekly slots only: the spec is for weekly meetings, and an app would show a monthly or
  fortnightly meeting every week, sending people to an empty room. Such slots are left
  out of this feed, even a fortnightly one whose `from:` says which weeks (the spec has
  no field for it); the calendars and the CSV carry them.
- One feed entry per weekly slot; a slot on several days is one entry with a `day`
  array. The first slot's slug is the id (so app bookmarks match our URLs); later slots
  are `<id>--<n>`, which cannot clash with an id and which our importer folds back.
- `temporarily-closed` (in person or hybrid) gets the type TC and no conference links
  (the apps would otherwise list it as an active online meeting); `attendance_option`
  says inactive. Re-imported, it is an in-person entry that is temporarily closed.
- An online-only entry's location is its origin, so `approximate` is "yes" and the apps
  do not send anyone to the door; in-person and hybrid entries say "no".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from generator.build.context import SiteContext
from generator.format.model import Location, Online, Resource, ScheduleSlot
from generator.format.vocab import MEETING_GUIDE_DAY, TAGS

_ATTENDANCE_OPTION = {"in-person": "in_person", "online": "online", "hybrid": "hybrid"}


def exported(r: Resource) -> bool:
    """Whether an entry appears in the feed at all."""
    if r.status == "temporarily-closed" and not r.is_in_person:
        return False  # nothing to show: no door to put a notice on, no link to give
    return (r.kind == "meeting" and r.status != "inactive" and bool(r.timezone)
            and any(slot.every == "week" for slot in r.schedule))


def feed_entries(ctx: SiteContext) -> Iterator[dict[str, Any]]:
    for r in ctx.dataset.resources:
        if not exported(r):
            continue
        first = True
        for i, slot in enumerate(r.schedule):
            if slot.every != "week":
                continue
            yield _entry(r, slot, r.id if first else f"{r.id}--{i + 1}", ctx)
            first = False


# `<`, `>` and `&` as \u escapes keep the file inert even if a browser is tricked into
# reading it as HTML; U+2028/2029 end lines in older JavaScript parsers.
_INERT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                        "\u2028": "\\u2028", "\u2029": "\\u2029"})


def export_feed(ctx: SiteContext) -> str:
    """The feed as JSON text."""
    return "".join(_feed_text(ctx))


def feed_chunks(ctx: SiteContext) -> Iterator[bytes]:
    """The same feed as UTF-8, a thousand meetings a piece: the build writes it (73 MB
    at 100,000 entries) without holding it, or a list of its meetings, whole."""
    for text in _feed_text(ctx):
        yield text.encode("utf-8")


def _feed_text(ctx: SiteContext) -> Iterator[str]:
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    batch: list[str] = []
    yield "["
    for i, entry in enumerate(feed_entries(ctx)):
        batch.append(("," if i else "") + encode(entry).translate(_INERT))
        if len(batch) == 1000:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + "]\n"


def _entry(r: Resource, slot: ScheduleSlot, slug: str, ctx: SiteContext) -> dict[str, Any]:
    closed = r.status == "temporarily-closed"
    days = [MEETING_GUIDE_DAY[d] for d in slot.days]
    e: dict[str, Any] = {
        "name": r.name,
        "slug": slug,
        "day": days[0] if len(days) == 1 else days,
        "time": f"{slot.start:%H:%M}",
    }
    if slot.end is not None:
        e["end_time"] = f"{slot.end:%H:%M}"
    e["timezone"] = r.timezone
    types = [code for t in (*r.tags, *slot.tags) if (code := TAGS[t].meeting_guide)]
    if closed:
        types.append("TC")
    e["types"] = types
    notes = "\n\n".join(n for n in (slot.notes, r.description) if n)
    if notes:
        e["notes"] = notes
    if r.location is not None:
        _location(r, r.location, e)
    online = r.online if r.is_online and not closed else None
    if online is not None:
        _online(online, e)
    e["attendance_option"] = "inactive" if closed else _ATTENDANCE_OPTION[r.attendance]
    if r.verified is not None:
        e["updated"] = f"{r.verified.isoformat()} 00:00:00"
    if ctx.site_url:
        e["url"] = ctx.absolute(f"r/{r.id}/")
    _extras(r, e)
    return e


def _location(r: Resource, loc: Location, e: dict[str, Any]) -> None:
    for key, value in (("location", loc.place), ("location_notes", loc.directions),
                       ("address", loc.address), ("city", loc.city),
                       ("state", loc.region), ("postal_code", loc.postal_code),
                       ("country", loc.country)):
        if value:
            e[key] = value
    if loc.one_line():
        e["formatted_address"] = loc.one_line()
    if loc.lat is not None and loc.lon is not None:
        e["latitude"], e["longitude"] = loc.lat, loc.lon
    e["approximate"] = "no" if r.is_in_person else "yes"


def _online(online: Online, e: dict[str, Any]) -> None:
    if online.url:
        e["conference_url"] = online.url
    if online.phone:
        e["conference_phone"] = online.phone
    if online.notes:
        e["conference_url_notes" if online.url else "conference_phone_notes"] = online.notes


def _extras(r: Resource, e: dict[str, Any]) -> None:
    """Contact, region, feedback and 7th Tradition fields. The spec's `square` is a Cash
    App $cashtag (Square Cash was its name)."""
    if r.contact is not None:
        for key in ("website", "email", "phone"):
            if getattr(r.contact, key):
                e[key] = getattr(r.contact, key)
    if r.location is not None and r.location.neighborhood:
        e["regions"] = [r.location.neighborhood]
    if r.contact is not None and r.contact.feedback.startswith("https://"):
        e["feedback_url"] = r.contact.feedback
    t = r.tradition
    if t is None:
        return
    for key, value in (("venmo", t.venmo), ("paypal", t.paypal),
                       ("square", t.cashapp or t.square)):
        if value:
            e[key] = value
