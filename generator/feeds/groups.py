"""Feed records → one entry per group, with short readable ids.

Feeds list one record per meeting-day: the Tuesday Hope Group at St. Mark's is five
records, Monday to Friday, often differing in types ("Big Book" on Friday). People look
for the group: records of the same group (same `group`, else the same name), at the same
place, with the same attendance, status and link, become one entry with several schedule
slots. What is common to all stays on the entry (tags, description); what differs goes
on its slot (slot `tags`, slot `notes`). Slots that then read the same are one slot on
several days.

Ids are made from the name and the town ("tuesday-hope-springfield"), without filler
words, at most ~44 characters, so they are short to text and make small QR codes; the
same feed gives the same ids on every import. Shared by the Meeting Guide and BMLT
importers.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.feeds.values import slugify
from generator.format.model import Resource, ScheduleSlot
from generator.format.vocab import DAYS, TAGS

_TAG_ORDER = {name: i for i, name in enumerate(TAGS)}
_FILLER = frozenset({"the", "a", "an", "of", "group", "meeting", "meetings", "aa", "na",
                     "and", "club"})
_OUR_SLOT_SLUG = re.compile(r"^(?P<base>.+?)--(?P<n>\d+)$")


@dataclass(slots=True)
class Member:
    """One record of a feed, converted to a one-slot Resource."""

    index: int  # position in the feed
    line: int
    col: int
    source_id: str
    group: str  # the feed's group name, "" when none
    resource: Resource
    slug: str = ""  # a Meeting Guide slug as written
    ours: bool = False  # the record's `url` is our page /r/<slug>/: the slug is our id


@dataclass(slots=True)
class Group:
    members: list[Member]
    resource: Resource
    inputs: list[int] = field(default_factory=list)

    @property
    def line(self) -> tuple[int, int]:
        first = min(self.members, key=lambda m: m.index)
        return first.line, first.col


def group(members: Sequence[Member]) -> list[Group]:
    """Members grouped and merged, in the feed order of each group's first record."""
    keyed: dict[tuple[str, ...], list[Member]] = {}
    for m in members:
        keyed.setdefault(_key(m), []).append(m)
    groups = [Group(ms, merge(ms, ours=bool(_our_id(ms))), [m.index for m in ms])
              for ms in keyed.values()]
    assign_ids(groups)
    return groups


def _key(m: Member) -> tuple[str, ...]:
    r, loc = m.resource, m.resource.location
    where = ""
    if loc is not None and r.attendance != "online":
        where = slugify(" ".join((loc.address, loc.city, loc.postal_code)), 200) \
            or (f"{loc.lat:.4f},{loc.lon:.4f}" if loc.lat is not None and loc.lon is not None
                else slugify(loc.place, 200))
    link = ""
    if r.online is not None:
        link = (r.online.url.split("?", 1)[0].rstrip("/").lower()
                or re.sub(r"\D", "", r.online.phone))
    return (slugify(m.group or r.name, 200), where, link, r.attendance, r.status,
            r.timezone, r.program, r.kind)


def _week_order(m: Member) -> tuple[int, str, int]:
    slot = m.resource.schedule[0]
    return (DAYS.index(slot.days[0]), slot.start.isoformat(), m.index)


def merge(members: Sequence[Member], ours: bool = False) -> Resource:
    """One entry from a group's records. Our own export's slots come back as they were
    written (feed order, days not joined), so export -> import changes nothing."""
    ordered = sorted(members, key=(lambda m: m.index) if ours else _week_order)
    first = ordered[0].resource
    names = {m.resource.name for m in ordered}
    group_name = next((m.group for m in ordered if m.group), "")
    name = first.name if len(names) == 1 else (group_name or first.name)
    common = set(first.tags).intersection(*(m.resource.tags for m in ordered))
    descriptions = {m.resource.description for m in ordered}
    shared_description = first.description if len(descriptions) == 1 else ""
    slots = _slots(ordered, name, common, shared_description)
    return dataclasses.replace(
        _with_kept(ordered), name=name, schedule=tuple(slots) if ours else _join_days(slots),
        tags=tuple(sorted(common, key=_TAG_ORDER.__getitem__)),
        description=shared_description)


def _slots(ordered: Sequence[Member], name: str, common: set[str],
           shared_description: str) -> list[ScheduleSlot]:
    """Each record's slots, carrying what sets the record apart from its group: its own
    name and description as notes, the tags the others lack as slot tags."""
    slots: list[ScheduleSlot] = []
    for m in ordered:
        r = m.resource
        notes = [r.name] if r.name != name else []
        if not shared_description and r.description:
            notes.append(r.description)
        own = tuple(sorted(set(r.tags) - common, key=_TAG_ORDER.__getitem__))
        for slot in r.schedule:
            slots.append(dataclasses.replace(slot, tags=own, notes="\n".join(notes)))
    return slots


def _with_kept(ordered: Sequence[Member]) -> Resource:
    """The first record with the fields where one record's value speaks for the group:
    the latest verification, the first place with coordinates, the first contact and
    tradition, and every source id."""
    first = ordered[0].resource
    verified = [m.resource.verified for m in ordered if m.resource.verified is not None]
    return dataclasses.replace(
        first, verified=max(verified) if verified else None,
        location=next((m.resource.location for m in ordered if m.resource.location
                       and m.resource.location.lat is not None), first.location),
        contact=next((m.resource.contact for m in ordered if m.resource.contact), None),
        tradition=next((m.resource.tradition for m in ordered if m.resource.tradition), None),
        source_ids=tuple(dict.fromkeys(m.source_id for m in ordered if m.source_id)))


def _join_days(slots: list[ScheduleSlot]) -> tuple[ScheduleSlot, ...]:
    """Slots that differ only in their days become one slot on all of them."""
    joined: dict[tuple[object, ...], ScheduleSlot] = {}
    for slot in slots:
        key = (slot.start, slot.end, slot.every, slot.weeks, slot.from_, slot.tags, slot.notes)
        if key in joined:
            days = set(joined[key].days) | set(slot.days)
            joined[key] = dataclasses.replace(joined[key],
                                              days=tuple(sorted(days, key=DAYS.index)))
        else:
            joined[key] = slot
    return tuple(sorted(joined.values(), key=lambda s: (DAYS.index(s.days[0]), s.start)))


def short_id(r: Resource) -> str:
    """"Tuesday Night Hope Group" in Springfield -> "tuesday-night-hope-springfield"."""
    words = slugify(re.sub(r"['\u2019]", "", r.name), 400).split("-")  # "men's" -> mens
    kept = [w for w in words if w and w not in _FILLER] or [w for w in words if w]
    name_part = _cut("-".join(kept), 30)
    loc = r.location
    town = ""
    if r.attendance == "online":
        town = "online"
    elif loc is not None:
        town = loc.city or loc.neighborhood or loc.postal_code
    town_part = _cut(slugify(town, 100), 14)
    if town_part and town_part not in name_part.split("-"):
        return f"{name_part}-{town_part}" if name_part else town_part
    return name_part or town_part or "meeting"


def _cut(slug: str, limit: int) -> str:
    if len(slug) <= limit:
        return slug
    return slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]


def assign_ids(groups: list[Group]) -> None:
    """Ids from name and town; groups sharing one get -2, -3... in the order of their
    first meeting in the week (then feed order), so a reordered feed keeps its ids. A
    group that is our own export (slugs `x`, `x--2`..., or a `url` ending /r/x/) keeps
    its id `x`."""
    by_base: dict[str, list[Group]] = {}
    taken: set[str] = set()
    for g in groups:
        own = _our_id(g.members)
        if own and own not in taken:
            g.resource.id = own
            taken.add(own)
        else:
            by_base.setdefault(short_id(g.resource), []).append(g)
    for base in sorted(by_base):
        ordered = sorted(by_base[base], key=_group_order)
        n = 1
        for g in ordered:
            ident = base if n == 1 else f"{base}-{n}"
            while ident in taken:
                n += 1
                ident = f"{base}-{n}"
            g.resource.id = ident
            taken.add(ident)
            n += 1


def _group_order(g: Group) -> tuple[object, ...]:
    """First meeting of the week, then what the group is (never feed order)."""
    r = g.resource
    first = min((DAYS.index(s.days[0]), s.start.isoformat()) for s in r.schedule)
    where = r.location.one_line() if r.location else ""
    return (first, r.name, where, sorted(r.source_ids), r.online.url if r.online else "")


def _our_id(members: Sequence[Member]) -> str:
    slugs = {m.slug for m in members}
    bases = {s for s in slugs if not _OUR_SLOT_SLUG.match(s)}
    if len(bases) != 1:
        return ""
    (base,) = bases
    rest = slugs - bases
    if not rest and not any(m.ours for m in members):
        return ""
    if not all((m := _OUR_SLOT_SLUG.match(s)) and m["base"] == base for s in rest):
        return ""
    return base if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", base) else ""
