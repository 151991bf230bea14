"""Meeting Guide JSON feeds (the format of the Meeting Guide app and TSML UI) → Dataset.

    dataset, report = import_feed(text, "feed.json", ImportOptions(program="aa"))

Rules, decided where the spec is silent:

- Every input meeting ends in the dataset or in the report as an error naming why it
  was not imported (`ImportResult.outcome` maps each input to its id or None).
- Attendance as the apps derive it: online when a usable conference URL or phone exists;
  in person unless the address is approximate or the type TC (location temporarily
  closed) is set; both = hybrid. Neither: TC with a street address becomes
  status temporarily-closed; an `attendance_option` of "inactive" or an approximate
  street address becomes status inactive; anything else cannot be attended and is
  reported.
- Rows are not merged: a feed that lists one group on seven days with seven slugs keeps
  seven entries (slugs are the apps' bookmarks, and rows often differ in types or
  notes). A `day` array becomes one entry meeting on several days. The one exception is
  our own export: rows with slug `<id>--<n>` and the same name as `<id>` are the extra
  time slots of `<id>` and are folded back into it.
- Ids come from slugs (else names); duplicates keep the bare id for the earliest
  meeting of the week and get -2, -3... in (day, time, name, feed order), so re-importing
  a reordered feed gives the same ids.
- `verified` is the date of `updated`; a date in the future is dropped.
"""

from __future__ import annotations

import re
import zoneinfo
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from generator.format.diagnostics import Diagnostic, Report
from generator.format.model import Dataset, Defaults, Resource
from generator.format.vocab import DAYS, PROGRAMS

from .json_items import FeedSyntaxError, Item, read_items
from .meeting_guide_export import export_feed, feed_entries
from .meeting_guide_fields import Converted, convert

__all__ = ["ImportOptions", "ImportResult", "checked_yaml", "export_feed", "feed_entries",
           "import_feed"]

_OUR_SLOT_SLUG = re.compile(r"^(?P<base>.+?)--(?P<n>\d+)$")


@dataclass(frozen=True, slots=True)
class ImportOptions:
    program: str = "aa"
    timezone: str = ""  # for meetings without a `timezone`
    source: str = ""  # default: each meeting's `entity`, else "Meeting Guide feed <file>"
    today: date | None = None  # `updated` after this is ignored (default: today)


@dataclass(slots=True)
class ImportResult:
    dataset: Dataset
    report: Report
    total: int = 0
    outcome: list[str | None] = field(default_factory=list)  # per input: id or None
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> feed line, col

    @property
    def skipped(self) -> list[int]:
        return [i for i, ident in enumerate(self.outcome) if ident is None]


def import_feed(text: str, name: str, options: ImportOptions | None = None) -> ImportResult:
    options = options or ImportOptions()
    if options.program not in PROGRAMS:
        raise ValueError(f"unknown program {options.program!r}")
    report = Report(name)
    result = ImportResult(Dataset(path=name, resources=[]), report)
    try:
        items = read_items(text)
    except FeedSyntaxError as exc:
        report.error(exc.line, exc.col, exc.message, exc.hint)
        return result
    result.total = len(items)
    result.outcome = [None] * len(items)
    notes = _Notes()
    zones = frozenset(zoneinfo.available_timezones())
    if options.timezone and options.timezone not in zones:
        raise ValueError(f"unknown time zone {options.timezone!r}")
    source = options.source or f"Meeting Guide feed {name.rsplit('/', 1)[-1]}"
    today = options.today or date.today()
    converted: list[Converted] = []
    for index, item in enumerate(items):
        done = convert(item, index, options.program, options.timezone, source, today, zones,
                       report, notes.add)
        if done is not None:
            converted.append(done)
    converted = _fold_our_slots(converted)
    _assign_ids(converted, report)
    resources = []
    for c in converted:
        resources.append(c.resource)
        result.positions[c.resource.id] = (c.line, c.col)
        for index in c.inputs:
            result.outcome[index] = c.resource.id
    result.dataset = Dataset(path=name, resources=resources,
                             defaults=_defaults(resources, options.timezone))
    notes.emit(report)
    return result


def _fold_our_slots(converted: list[Converted]) -> list[Converted]:
    """Rows `x--2`, `x--3` that our exporter split from entry `x` go back into it."""
    by_slug: dict[str, list[Converted]] = {}
    for c in converted:
        by_slug.setdefault(c.slug, []).append(c)
    kept: list[Converted] = []
    for c in converted:
        m = _OUR_SLOT_SLUG.match(c.slug)
        bases = by_slug.get(m["base"], []) if m else []
        base = bases[0] if len(bases) == 1 else None
        if base is None or base is c or base.resource.name != c.resource.name \
                or base.resource.timezone != c.resource.timezone:
            kept.append(c)
            continue
        base.resource.schedule = base.resource.schedule + c.resource.schedule
        base.inputs.extend(c.inputs)
    return kept


def _assign_ids(converted: list[Converted], report: Report) -> None:
    groups: dict[str, list[Converted]] = {}
    for c in converted:
        groups.setdefault(c.base_id, []).append(c)
    taken = set(groups)
    for base in sorted(groups):
        members = groups[base]
        if len(members) == 1:
            members[0].resource.id = base
            continue
        members.sort(key=_week_order)
        members[0].resource.id = base
        n = 2
        for c in members[1:]:
            while f"{base}-{n}" in taken:
                n += 1
            c.resource.id = f"{base}-{n}"
            taken.add(c.resource.id)
        first = min(members, key=lambda c: c.index)
        ids = ", ".join(c.resource.id for c in members)
        report.warning(first.line, first.col,
                       f"{len(members)} meetings share the slug `{first.slug}`; "
                       f"their ids are {ids}",
                       "ids must be unique; rename them in resources.yaml if you like")


def _week_order(c: Converted) -> tuple[int, str, str, int]:
    slot = c.resource.schedule[0]
    return (DAYS.index(slot.days[0]), slot.start.isoformat(), c.resource.name, c.index)


def _defaults(resources: list[Resource], timezone: str) -> Defaults:
    zones = Counter(r.timezone for r in resources if r.timezone)
    countries = Counter(r.location.country for r in resources
                        if r.location and r.location.country)
    zone = timezone or (min(zones, key=lambda z: (-zones[z], z)) if zones else "")
    country = min(countries, key=lambda c: (-countries[c], c)) if countries else ""
    return Defaults(timezone=zone, country=country)


class _Notes:
    """Problems that repeat across meetings (an unknown type code, a field we have no
    place for) become one warning naming the count, not one line per meeting."""

    def __init__(self) -> None:
        self.seen: dict[str, list[tuple[int, int, str]]] = {}

    def add(self, item: Item, slug: str, message: str) -> None:
        self.seen.setdefault(message, []).append((item.line, item.col, slug))

    def emit(self, report: Report) -> None:
        for message, where in self.seen.items():
            line, col, _ = where[0]
            slugs = [s for _, _, s in where[:5]]
            more = f" and {len(where) - 5} more" if len(where) > 5 else ""
            count = f"{len(where)} meeting{'s' if len(where) != 1 else ''}"
            report.warning(line, col, f"{message}: {count} ({', '.join(slugs)}{more})")




def checked_yaml(result: ImportResult, output_name: str = "resources.yaml",
                 today: date | None = None) -> tuple[str, Report]:
    """The dataset as YAML that passes the project's validator, and the validator's
    report on it (then warnings only).

    The converter aims to produce only valid entries; this is the safety net that keeps
    one surprise in a feed from costing the whole import. An entry the validator rejects
    is dropped and reported against its meeting in the feed; coordinates it rejects are
    dropped and the entry kept."""
    from generator.format.validate import check
    from generator.format.yaml_writer import dump

    for _ in range(3):
        text = dump(result.dataset)
        checked, vreport = check(output_name, text=text, today=today)
        if not vreport.errors:
            return text, vreport
        loaded = checked.resources  # in file order, so their lines are increasing
        lines = [r.line for r in loaded]
        own = result.dataset.by_id()
        drop: dict[str, str] = {}
        for d in vreport.errors:
            i = bisect_right(lines, d.line) - 1
            if i < 0 or loaded[i].id not in own:
                raise RuntimeError(f"imported data does not validate: {d.format()}")
            r = own[loaded[i].id]
            message = d.message.removeprefix(f"{r.id}: ")
            line, col = result.positions.get(r.id, (1, 1))
            if _about_coordinates(loaded[i], d) and r.location is not None:
                r.location.lat = r.location.lon = None
                result.report.warning(line, col,
                                      f"meeting `{r.id}`: coordinates left out: {message}")
            else:
                drop.setdefault(r.id, message)
        for ident, message in drop.items():
            line, col = result.positions.get(ident, (1, 1))
            result.report.error(line, col, f"meeting `{ident}` not imported: {message}")
        if drop:
            result.dataset.resources = [r for r in result.dataset.resources
                                        if r.id not in drop]
            result.outcome = [None if o in drop else o for o in result.outcome]
    raise RuntimeError("imported data still does not validate after dropping entries")


def _about_coordinates(r: Resource, d: Diagnostic) -> bool:
    at = (d.line, d.col)
    return at in (r.positions.get("location.lat"), r.positions.get("location.lon"))
