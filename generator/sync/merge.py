"""Imported entries + the file's entries from that source -> what sync changes.

Rules:

- An imported entry matches the file's entry of the same source that holds one of its
  `source_ids`; failing that, the one with the same id and no `source_ids` yet (a list
  imported before ids were kept). Nothing else is ever matched: not by name.
- A matched entry takes the feed's value of every field, except the fields it lists
  in `curated:`, and its own id, aliases and curated list. `verified` keeps the file's
  date when the feed gives none.
- A new meeting gets the importer's id, made unique against every id and alias in the
  file (-2, -3...).
- An entry whose records are all gone from the feed is handled as the source's
  `vanished:` says: report (kept, listed in the summary), mark-inactive
  (`status: inactive`, unless status is curated) or remove. An entry whose record is
  still in the feed but could not be converted this time is kept and listed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from generator.format.model import Dataset, Defaults, Resource, Source
from generator.review.diff import Notice, field_changes

from .importers import Imported

# Ours, never the feed's.
KEPT = ("id", "aliases", "curated", "translations")  # translations: people's, never a feed's


@dataclass(slots=True)
class Plan:
    updates: dict[str, Resource] = field(default_factory=dict)  # id -> the entry as it becomes
    added: list[Resource] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


def with_defaults(r: Resource, defaults: Defaults) -> Resource:
    """The entry as the loader would read it back from a file with these defaults."""
    if not r.timezone and defaults.timezone:
        r.timezone = defaults.timezone
    if r.location is not None:
        r.location.country = r.location.country or defaults.country
        r.location.region = r.location.region or defaults.region
    return r


def _copy_field(target: Resource, old: Resource, path: str) -> None:
    block, _, key = path.partition(".")
    if not key:
        setattr(target, block, getattr(old, block))
        return
    old_block, new_block = getattr(old, block), getattr(target, block)
    value = getattr(old_block, key) if old_block is not None else None
    if new_block is None:
        if old_block is None:
            return
        new_block = type(old_block)()
    new_block = dataclasses.replace(new_block)
    default = getattr(type(new_block)(), key)
    setattr(new_block, key, value if value is not None or default is None else default)
    setattr(target, block, new_block)


def merged(old: Resource, new: Resource) -> Resource:
    out = dataclasses.replace(new, line=old.line, positions=old.positions)
    for name in KEPT:
        setattr(out, name, getattr(old, name))
    if out.verified is None:
        out.verified = old.verified
    for path in old.curated:
        _copy_field(out, old, path)
    return out


def _unique(ident: str, taken: set[str]) -> str:
    if ident not in taken:
        return ident
    n = 2
    while f"{ident}-{n}" in taken:
        n += 1
    return f"{ident}-{n}"


def plan(dataset: Dataset, source: Source, imported: Imported) -> Plan:
    result = Plan()
    own = [r for r in dataset.resources if r.source == source.name]
    by_feed_id = {fid: r for r in own for fid in r.source_ids}
    by_id = {r.id: r for r in own if not r.source_ids}
    taken = {i for r in dataset.resources for i in (r.id, *r.aliases)}
    matched: set[str] = set()
    for new in imported.resources:
        new = with_defaults(new, dataset.defaults)
        old = _match(new, by_feed_id, by_id, matched)
        if old is None:
            new.id = _unique(new.id, taken)
            taken.add(new.id)
            result.added.append(new)
            continue
        matched.add(old.id)
        after = merged(old, new)
        if any(True for _ in field_changes(old, after)):
            result.updates[old.id] = after
    for old in own:
        if old.id not in matched:
            _vanished(old, source, imported, result)
    return result


def _match(new: Resource, by_feed_id: dict[str, Resource], by_id: dict[str, Resource],
           matched: set[str]) -> Resource | None:
    """The file's entry an imported one updates: by the feed's record ids, else (for
    entries without them) by id; the first in the file not matched already."""
    candidates = [by_feed_id[f] for f in new.source_ids if f in by_feed_id]
    if not candidates and new.id in by_id:
        candidates = [by_id[new.id]]
    return next((c for c in sorted(candidates, key=lambda c: c.line) if c.id not in matched),
                None)


def _vanished(old: Resource, source: Source, imported: Imported, result: Plan) -> None:
    name = f"`{source.name}`"
    if set(old.source_ids) & imported.unreadable:
        result.notices.append(Notice(old.id, f"kept as it was: its record in {name} could "
                                     "not be imported this time (see the importer's messages)"))
    elif source.vanished == "remove":
        result.removed.append(old.id)
        result.notices.append(Notice(old.id, f"no longer in {name}: removed"))
    elif source.vanished == "mark-inactive" and "status" not in old.curated:
        if old.status != "inactive":
            result.updates[old.id] = dataclasses.replace(old, status="inactive")
            result.notices.append(Notice(old.id, f"no longer in {name}: marked inactive"))
    else:
        result.notices.append(Notice(old.id, f"no longer in {name}: kept; check whether it "
                                     "still meets, then set `status: inactive` or delete it"))
