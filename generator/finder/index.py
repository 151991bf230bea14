"""The finder index published at /resources.json, and the search text beside it.

Everything the finder needs to filter and list 10,000 entries in one small file, loaded
once: short keys, one column per field (a list of length `n`, entries in the same
order in every column), string tables for values that repeat, coordinates as scaled and
delta-coded integers, tags and schedules as indexes into tables of the distinct sets.
Descriptions would double its size, so the free-text notes go to a second file that the
browser fetches on the first text query (`NOTES_PATH`), tied to the index by a hash.

Format version 1 (read by generator/assets/finder.js):

    v, h, n                 version, content hash (also in the notes file), entry count;
                            entries are in name order (`listed`)
    progs  [[key, short]]   programs in vocabulary order; column p indexes it
    tags   [[key, label]]   tags in vocabulary order; bit i of a tag set is tags[i]
    bands  [[key, from, to]] time bands in minutes after midnight (vocab.TIME_BANDS)
    att, kinds              attendance and kind keys, indexed by bits of column f
    zones                   IANA zones; column z indexes it
    towns, places           display strings; columns tw, pl index them ([0] is "")
    sched                   distinct schedules; each a list of slots
                            [dayMask (bit 0 = sun), start minute, duration (0 = unknown),
                             every (0 week, 1 two weeks, 2 month), weeks]
                            with trailing zeros dropped; sched[0] is [] (no schedule).
                            weeks, monthly: a mask of 1st..4th, last (bits 0..4);
                            fortnightly: 1 or 2 when `from:` fixes its weeks, meeting in
                            the Monday-to-Sunday weeks w (counted from Monday 1969-12-29,
                            schedule.fortnight_week) with w % 2 + 1 equal to it; 0 when
                            unknown (read as every such weekday, as data before it did)
    tagsets                 distinct tag sets as lists of tag indexes; tagsets[0] is []
    id, nm                  id and name of each entry
    p, z, tw, pl, t, s      table indexes (program, zone, town, place, tag set, schedule)
    f                       attendance | kind << 2 | closed << 5 | approximate << 6
                            | has coordinates << 7
    la, lo                  for entries with coordinates only, in entry order: degrees ×
                            `cs`, each the difference from the previous one
    cs                      coordinate scale (100000: about a metre)
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from generator.format import vocab
from generator.format.model import Dataset, Resource, ScheduleSlot
from generator.format.schedule import fortnight_week

from ..render.html import balanced, text_json
from .text import fold, town_label

INDEX_PATH = "resources.json"
NOTES_PATH = "resources-notes.json"
VERSION = 1
COORD_SCALE = 100_000
EVERY_CODE = {"week": 0, "2 weeks": 1, "month": 2}
WEEK_BIT = {1: 1, 2: 2, 3: 4, 4: 8, -1: 16}
DAY_BIT = {d: 1 << i for i, d in enumerate(vocab.DAYS)}  # Sunday is bit 0, like JS getDay()
ATTENDANCE_KEYS = tuple(vocab.ATTENDANCE)
KIND_KEYS = tuple(vocab.KINDS)
TAG_KEYS = tuple(vocab.TAGS)
PROGRAM_KEYS = tuple(vocab.PROGRAMS)
FLAG_CLOSED, FLAG_APPROXIMATE, FLAG_COORDS = 1 << 5, 1 << 6, 1 << 7


class _Table:
    """Values numbered in order of first use; `first` (e.g. "") pre-fills slot 0."""

    def __init__(self, *first: Any, key: Hashable | None = None) -> None:
        self.values: list[Any] = []
        self._index: dict[Hashable, int] = {}
        for value in first:
            self.add(value, key)

    def add(self, value: Any, key: Hashable | None = None) -> int:
        key = value if key is None else key
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.values)
            self.values.append(value)
        return found


@dataclass(frozen=True, slots=True)
class FinderData:
    index: dict[str, Any]
    notes: dict[str, Any]

    def files(self) -> list[tuple[str, str]]:
        return [(INDEX_PATH, dumps(self.index)), (NOTES_PATH, dumps(self.notes))]


def dumps(data: object) -> str:
    """The finder shows these strings as text: each one's bidi controls are closed
    (`text_json`), for the index, the notes and the gazetteer alike."""
    return text_json(data)


def listed(dataset: Dataset) -> list[Resource]:
    """Entries the finder shows (inactive ones are gone), in the index's order: by folded
    name, so the browser lists by name without sorting (a sort of 10,000 names cost it
    ~40 ms at load; this order costs ~5% more bytes than a spatial one)."""
    return sorted((r for r in dataset.resources if r.status != "inactive"),
                  key=lambda r: (fold(r.name), r.id))


def slot_code(slot: ScheduleSlot) -> tuple[int, ...]:
    days = sum(DAY_BIT[d] for d in set(slot.days))
    start = slot.start.hour * 60 + slot.start.minute
    duration = 0
    if slot.end is not None:
        duration = (slot.end.hour * 60 + slot.end.minute - start) % 1440
    weeks = 0
    if slot.every == "month":
        weeks = sum(WEEK_BIT.get(w, 0) for w in set(slot.weeks))
    elif slot.every == "2 weeks" and slot.from_ is not None:
        weeks = fortnight_week(slot.from_) % 2 + 1
    code = [days, start, duration, EVERY_CODE.get(slot.every, 0), weeks]
    while len(code) > 2 and code[-1] == 0:
        code.pop()
    return tuple(code)


def notes_text(r: Resource) -> str:
    """The searchable text beyond name, place and town, folded."""
    parts = [r.description, *(s.notes for s in r.schedule)]
    if r.location:
        parts += [r.location.address, r.location.directions, r.location.neighborhood]
    if r.online:
        parts.append(r.online.notes)
    return fold(" ".join(p for p in parts if p))


def build(dataset: Dataset) -> FinderData:
    entries = listed(dataset)
    index = encode(entries, dataset)
    digest = hashlib.sha256(dumps(index).encode()).hexdigest()[:16]
    index["h"] = digest
    notes = {"v": VERSION, "h": digest, "x": [notes_text(r) for r in entries]}
    return FinderData(index, notes)


def encode(entries: list[Resource], dataset: Dataset) -> dict[str, Any]:
    """The index of `entries`, in their order, without its hash (the finder's tiles,
    generator/finder/tiles.py, are indexes of parts of the list in the same format)."""
    home = (dataset.defaults.country or "US").upper()
    zones, towns, places = _Table(), _Table(""), _Table("")
    scheds, tagsets = _Table([], key=()), _Table([], key=())
    cols: dict[str, list[Any]] = {k: [] for k in ("id", "nm", "p", "f", "z", "tw", "pl", "t", "s")}
    lats: list[int] = []
    lons: list[int] = []
    tag_bit = {t: i for i, t in enumerate(TAG_KEYS)}
    for r in entries:
        loc = r.location
        flags = ATTENDANCE_KEYS.index(r.attendance) | KIND_KEYS.index(r.kind) << 2
        if r.status == "temporarily-closed":
            flags |= FLAG_CLOSED
        town = place = 0
        if loc is not None:
            region = loc.region or dataset.defaults.region
            country = loc.country or dataset.defaults.country
            # "Town, ST" is two strings of the data: each closes its own bidi controls
            label = (town_label(balanced(loc.city), balanced(region), country, home)
                     if loc.city else "")
            town = towns.add(label)
            place = places.add(" ".join(loc.place.split()))
            if loc.lat is not None and loc.lon is not None:
                flags |= FLAG_COORDS | (FLAG_APPROXIMATE if loc.approximate else 0)
                lats.append(round(loc.lat * COORD_SCALE))
                lons.append(round(loc.lon * COORD_SCALE))
        slots = sorted(slot_code(s) for s in r.schedule)
        tags = sorted({tag_bit[t] for t in r.all_tags if t in tag_bit})
        cols["id"].append(r.id)
        cols["nm"].append(" ".join(r.name.split()))
        cols["p"].append(PROGRAM_KEYS.index(r.program))
        cols["f"].append(flags)
        cols["z"].append(zones.add(r.timezone))
        cols["tw"].append(town)
        cols["pl"].append(place)
        cols["t"].append(tagsets.add(tags, key=tuple(tags)))
        cols["s"].append(scheds.add([list(s) for s in slots], key=tuple(slots)))
    index: dict[str, Any] = {
        "v": VERSION,
        "h": "",
        "n": len(entries),
        "cs": COORD_SCALE,
        "progs": [[k, p.short] for k, p in vocab.PROGRAMS.items()],
        "tags": [[k, t.label] for k, t in vocab.TAGS.items()],
        "bands": [[k, start, end] for k, (start, end) in vocab.TIME_BANDS.items()],
        "att": list(ATTENDANCE_KEYS),
        "kinds": list(KIND_KEYS),
        "zones": zones.values,
        "towns": towns.values,
        "places": places.values,
        "sched": scheds.values,
        "tagsets": tagsets.values,
        **cols,
        "la": deltas(lats),
        "lo": deltas(lons),
    }
    return index


def deltas(values: Iterable[int]) -> list[int]:
    """Each value minus the one before: sorted columns become small numbers that
    compress well (the gazetteer shares this)."""
    out, previous = [], 0
    for v in values:
        out.append(v - previous)
        previous = v
    return out
