"""Meeting Guide JSON feeds (the format of the Meeting Guide app and TSML UI) → Dataset.

    entries, report = convert(text, "feed.json", ImportOptions(program="aa"))
    result = import_feed(text, "feed.json", options)   # the same, with per-record outcome

Rules, decided where the spec is silent:

- Every input meeting ends in the dataset or in the report as an error naming why it
  was not imported (`ImportResult.outcome` maps each input to its id or None).
- Attendance as the apps derive it: online when a usable conference URL or phone exists;
  in person unless the address is approximate or the type TC (location temporarily
  closed) is set; both = hybrid. Neither: TC with a street address becomes
  status temporarily-closed; an `attendance_option` of "inactive" or an approximate
  street address becomes status inactive; anything else cannot be attended and is
  reported.
- One entry per group (feeds/groups.py): the records of one group at one place with one
  attendance become one entry with a slot per meeting; each record's slug (else `id`)
  is kept in `source_ids`. Ids are short, from name and town.
- Time zones: the meeting's own `timezone`, else `--timezone`, else the zone at its
  coordinates, else its state's, province's or country's (geo/zones.py).
- `verified` is the date of `updated`; a date in the future is dropped.
"""

from __future__ import annotations

import zoneinfo
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from generator.feeds.groups import Group, Member, group
from generator.feeds.import_report import ImportReport
from generator.feeds.json_items import FeedSyntaxError, Item, read_items
from generator.feeds.meeting_guide_export import export_feed, feed_entries
from generator.feeds.meeting_guide_fields import Context, convert_item
from generator.format.diagnostics import Diagnostic, Report
from generator.format.model import Dataset, Defaults, Resource
from generator.format.vocab import PROGRAMS

__all__ = ["ImportOptions", "ImportResult", "checked_yaml", "convert", "export_feed",
           "feed_entries", "import_feed"]


@dataclass(frozen=True, slots=True)
class ImportOptions:
    program: str = "aa"
    timezone: str = ""  # for meetings without a `timezone` (before inferring one)
    source: str = ""  # default: each meeting's `entity`, else "Meeting Guide feed <file>"
    today: date | None = None  # `updated` after this is ignored (default: today)


@dataclass(slots=True)
class ImportResult:
    dataset: Dataset
    report: Report
    total: int = 0
    outcome: list[str | None] = field(default_factory=list)  # per input: id or None
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> feed line, col
    summary: ImportReport | None = None

    @property
    def skipped(self) -> list[int]:
        return [i for i, ident in enumerate(self.outcome) if ident is None]


def convert(text: str, name: str,
            options: ImportOptions | None = None) -> tuple[list[Resource], ImportReport]:
    """The feed's entries (one per group) and what the import did."""
    result = import_feed(text, name, options)
    assert result.summary is not None
    return result.dataset.resources, result.summary


def begin(name: str, program: str, timezone: str
          ) -> tuple[ImportResult, ImportReport, frozenset[str]]:
    """An empty result for the feed `name`, its summary, and the time zones Python
    knows, once the options every importer shares are checked (ValueError names the one
    that is not known: a caller's mistake, not the feed's)."""
    if program not in PROGRAMS:
        raise ValueError(f"unknown program {program!r}")
    zones = frozenset(zoneinfo.available_timezones())
    if timezone and timezone not in zones:
        raise ValueError(f"unknown time zone {timezone!r}")
    report = Report(name)
    summary = ImportReport(name, report)
    return ImportResult(Dataset(path=name, resources=[]), report, summary=summary), summary, zones


def import_feed(text: str, name: str, options: ImportOptions | None = None) -> ImportResult:
    options = options or ImportOptions()
    result, summary, zones = begin(name, options.program, options.timezone)
    report = result.report
    try:
        items = read_items(text)
    except FeedSyntaxError as exc:
        report.error(exc.line, exc.col, exc.message, exc.hint)
        return result
    notes = _Notes()
    ctx = Context(options.program, options.timezone,
                  options.source or f"Meeting Guide feed {name.rsplit('/', 1)[-1]}",
                  options.today or date.today(), zones, report, notes.add,
                  summary.unknown_codes)
    members: list[Member] = []
    for index, item in enumerate(items):
        done = convert_item(item, index, ctx)
        if done is not None:
            members.append(done[0])
            summary.zone_from[done[1]] += 1
            if done[1] in ("coordinates", "region"):
                summary.zones[done[0].resource.timezone] += 1
    finish(result, group(members), len(items), options.timezone)
    notes.emit(report)
    return result


def finish(result: ImportResult, groups: list[Group], total: int, timezone: str) -> None:
    """Fills the result from the groups: dataset, per-input outcome, positions, counts."""
    result.total = total
    result.outcome = [None] * total
    for g in groups:
        result.positions[g.resource.id] = g.line
        for index in g.inputs:
            result.outcome[index] = g.resource.id
    resources = [g.resource for g in groups]
    result.dataset = Dataset(path=result.dataset.path, resources=resources,
                             defaults=_defaults(resources, timezone))
    if result.summary is not None:
        result.summary.total = total
        result.summary.imported = sum(len(g.inputs) for g in groups)
        result.summary.entries = len(groups)


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
