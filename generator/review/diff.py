"""What a change to `resources.yaml` does, entry by entry: for pull-request summaries.

Entries are matched by id, then by alias (an entry that lists the old id in `aliases`
was renamed, and its old page redirects). Fields are compared generically over the
dataclasses of `model.py`, so a field added to the format shows up here without edits.

    base, _ = loader.load("base.yaml"); head, _ = loader.load("resources.yaml")
    print(render_markdown(compare(base, head)))   # render_markdown is in diff_render.py
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from generator.format.model import Dataset, Resource
from generator.geo.distance import miles

# Bookkeeping, not data: `line` moves whenever an entry above it changes.
IGNORED_FIELDS = frozenset({"line", "positions", "id"})
# An in-person entry whose map point moves further than this probably has a typo.
MOVED_FAR_MILES = 25.0
EMPTY = "—"


@dataclass(frozen=True, slots=True)
class FieldChange:
    path: str  # dotted, e.g. "location.address"
    before: str
    after: str


@dataclass(slots=True)
class Changed:
    base: Resource
    head: Resource
    changes: list[FieldChange]


@dataclass(frozen=True, slots=True)
class Notice:
    id: str
    message: str


@dataclass(slots=True)
class DatasetDiff:
    base_path: str
    head_path: str
    added: list[Resource] = field(default_factory=list)
    removed: list[Resource] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id)
    redirected: dict[str, str] = field(default_factory=dict)  # removed id -> entry it joins
    warnings: list[Notice] = field(default_factory=list)
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.renamed)


# --------------------------------------------------------------------------- values


def display(value: object) -> str:
    """A value as a volunteer would write it in YAML, on one line."""
    if value is None or value == "" or value == ():
        return EMPTY
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return "; ".join(display(v) for v in value) if _has_dataclasses(value) else ", ".join(
            display(v) for v in value
        )
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = []
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if f.default is not dataclasses.MISSING and v == f.default:
                continue
            parts.append(f"{f.name.rstrip('_')}: {display(v)}")  # from_ is `from:`
        return ", ".join(parts) or EMPTY
    return str(value)


def _has_dataclasses(values: tuple[object, ...] | list[object]) -> bool:
    return any(dataclasses.is_dataclass(v) for v in values)


def _empty_like(value: object) -> object:
    """An instance with every default, to compare a missing block field by field."""
    try:
        return type(value)()
    except TypeError:
        return None


@functools.cache
def _compared(cls: type) -> tuple[str, ...]:
    """The data fields of a model class; looked up once per class, not once per entry."""
    return tuple(f.name for f in dataclasses.fields(cls)
                 if f.name not in IGNORED_FIELDS and f.compare)


def field_changes(before: Any, after: Any, prefix: str = "") -> Iterator[FieldChange]:
    """Differences between two dataclass instances, recursing into nested blocks
    (location, online, contact) so each changed key is reported on its own."""
    for name in _compared(before.__class__):
        old, new = getattr(before, name), getattr(after, name)
        if old == new:
            continue
        path = f"{prefix}{name}"
        nested = old if old is not None else new
        if dataclasses.is_dataclass(nested) and not isinstance(nested, type):
            old_block = old if old is not None else _empty_like(new)
            new_block = new if new is not None else _empty_like(old)
            if old_block is not None and new_block is not None:
                yield from field_changes(old_block, new_block, f"{path}.")
                continue
        yield FieldChange(path, display(old), display(new))


# --------------------------------------------------------------------------- checks


def _miles(a: Resource, b: Resource) -> float | None:
    la, lb = a.location, b.location
    if not (la and lb and la.has_coordinates and lb.has_coordinates):
        return None
    return miles(la.lat, la.lon, lb.lat, lb.lon)  # type: ignore[arg-type]


def change_warnings(base: Resource, head: Resource, changes: list[FieldChange]) -> Iterator[str]:
    """What a reviewer should look at twice in one changed entry."""
    yield from _place_warnings(base, head)
    if head.status != base.status and head.status != "active":
        yield f"status changed from {base.status} to {head.status}"
    if base.is_in_person and not head.is_in_person:
        yield f"no longer meets in person (attendance: {head.attendance})"
    substantive = [c for c in changes
                   if c.path not in ("verified", "source", "aliases", "source_ids")]
    if substantive and head.verified == base.verified:
        yield (
            "details changed but `verified` was not updated: set it to today's date "
            "if you confirmed the new details"
        )


def _place_warnings(base: Resource, head: Resource) -> Iterator[str]:
    """An in-person entry that can no longer be found, or whose point jumped."""
    had_address = bool(base.location and base.location.address)
    has_address = bool(head.location and head.location.address)
    if head.is_in_person and had_address and not has_address:
        yield "lost its street address: people can no longer find the door"
    had_point = bool(base.location and base.location.has_coordinates)
    has_point = bool(head.location and head.location.has_coordinates)
    if head.is_in_person and had_point and not has_point:
        yield "lost its coordinates: it drops out of searches by distance"
    moved = _miles(base, head)
    if moved is not None and moved > MOVED_FAR_MILES:
        yield f"moved {moved:.0f} miles on the map: check lat/lon (swapped or mistyped?)"


# --------------------------------------------------------------------------- compare


def compare(base: Dataset, head: Dataset) -> DatasetDiff:
    """Added, removed, renamed and changed entries from `base` to `head`, in one pass
    over each file (dictionaries, no pairwise search)."""
    result = DatasetDiff(base.path, head.path)
    base_ids = {r.id: r for r in base.resources}
    head_ids = {r.id: r for r in head.resources}
    base_aliases = {a: r for r in base.resources for a in r.aliases}
    matched_base: set[str] = set()

    for new in head.resources:
        old = _former(new, base_ids, base_aliases, head_ids)
        if old is None or old.id in matched_base:
            # Not in base, or a second new entry claiming one old id: the second is new.
            result.added.append(new)
            continue
        matched_base.add(old.id)
        _pair(result, old, new)
    _removed(result, base, head, matched_base)
    return result


def _former(new: Resource, base_ids: dict[str, Resource], base_aliases: dict[str, Resource],
            head_ids: dict[str, Resource]) -> Resource | None:
    """The base entry `new` continues: the same id, else one renamed back to a former id
    (the old entry listed it as an alias), else one whose id `new` lists as an alias."""
    old = base_ids.get(new.id)
    if old is not None:
        return old
    prior = base_aliases.get(new.id)
    if prior is not None and prior.id not in head_ids:
        return prior
    for alias in new.aliases:
        candidate = base_ids.get(alias)
        if candidate is not None and alias not in head_ids:
            return candidate
    return None


def _pair(result: DatasetDiff, old: Resource, new: Resource) -> None:
    """Records what became of one matched entry: renamed, changed, or unchanged."""
    if old.id != new.id:
        result.renamed.append((old.id, new.id))
    changes = list(field_changes(old, new))
    if old.id != new.id:
        # Listing the old id under `aliases` is how a rename is written, not an edit.
        changes = [c for c in changes
                   if not (c.path == "aliases" and set(new.aliases) - set(old.aliases)
                           == {old.id} and set(old.aliases) <= set(new.aliases))]
    if changes:
        result.changed.append(Changed(old, new, changes))
        result.warnings += [Notice(new.id, m) for m in change_warnings(old, new, changes)]
    elif old.id == new.id:
        result.unchanged += 1


def _removed(result: DatasetDiff, base: Dataset, head: Dataset, matched_base: set[str]
             ) -> None:
    """Base entries nothing in head continues: redirected when an entry lists them as
    aliases, else a warning (a likely rename when an added entry has the same name)."""
    head_aliases = {a: r for r in head.resources for a in r.aliases}
    added_by_name = {(r.name.casefold(), r.program): r for r in result.added}
    for old in base.resources:
        if old.id in matched_base:
            continue
        result.removed.append(old)
        target = head_aliases.get(old.id)
        if target is not None:
            result.redirected[old.id] = target.id
            continue
        twin = added_by_name.get((old.name.casefold(), old.program))
        if twin is not None:
            result.warnings.append(Notice(old.id, (
                f"looks renamed to `{twin.id}`: add `{old.id}` to that entry's `aliases` "
                "so existing links and printed handouts keep working"
            )))
        else:
            result.warnings.append(Notice(old.id, (
                f"removed: links to /r/{old.id}/ will break. If the group stopped meeting, "
                "keep it with `status: inactive` instead"
            )))
