"""A source's feed text -> Resources, through the importer of its format.

The importer's own public entry point does the conversion (`import_feed` of
generator/feeds/meeting_guide.py, `import_bmlt` of bmlt.py), and its validator safety net
(`checked_yaml`) drops what would not validate, so sync follows exactly the import
rules. Sync then stamps each entry with `source: <source name>` and `source_ids`: the
feed's own id of every record merged into it (Meeting Guide `slug`, else `id`; BMLT
`id_bigint`), unless the importer set them already.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.feeds import bmlt, meeting_guide
from generator.feeds.json_items import FeedSyntaxError, read_items
from generator.feeds.meeting_guide import ImportResult
from generator.format.loader import load
from generator.format.model import Resource, Source

from .sources import SourceError

# The record fields holding the feed's own id, in order of preference.
ID_KEYS: dict[str, tuple[str, ...]] = {
    "meeting-guide": ("slug", "id"),
    "bmlt": ("id_bigint",),
}


@dataclass(slots=True)
class Imported:
    resources: list[Resource]
    # Feed ids of records the importer could not convert this time: entries holding
    # them are kept as they are, never treated as gone.
    unreadable: set[str] = field(default_factory=set)
    messages: list[str] = field(default_factory=list)  # the importer's report, formatted


@dataclass(frozen=True, slots=True)
class _Importer:
    """One format's public entry points: its options, its import and its feed's records
    in the order the import's `outcome` follows."""

    options: Callable[..., Any]
    run: Callable[[str, str, Any], ImportResult]
    records: Callable[[str], list[Any]]


def _importer(source: Source) -> _Importer:
    if source.format == "meeting-guide":
        return _Importer(meeting_guide.ImportOptions, meeting_guide.import_feed,
                         lambda text: [item.value for item in read_items(text)])
    if source.format == "bmlt":
        return _Importer(bmlt.BmltOptions, bmlt.import_bmlt, bmlt.feed_records)
    raise SourceError(f"source `{source.name}`: this version cannot read "
                      f"{source.format} feeds")


def feed_id(record: Any, keys: tuple[str, ...]) -> str:
    if not isinstance(record, dict):
        return ""
    for key in keys:
        value = record.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return ""


def import_source(source: Source, text: str, name: str, today: date) -> Imported:
    importer = _importer(source)
    options = importer.options(program=source.program, timezone=source.timezone,
                               source=source.name, today=today)
    try:
        result = importer.run(text, name, options)
    except ValueError as exc:
        raise SourceError(f"source `{source.name}`: {exc}") from None
    if result.total == 0:
        first = result.report.errors[0].format() if result.report.errors else ""
        why = f": {first}" if first else "; it lists no meetings"
        raise SourceError(f"source `{source.name}` is not a usable {source.format} feed{why}"
                          " (a feed that empties overnight is more likely broken than true)")
    resources: list[Resource] = []
    if result.dataset.resources:
        try:
            yaml_text, _ = meeting_guide.checked_yaml(result, today=today)
        except RuntimeError as exc:
            raise SourceError(f"source `{source.name}`: {exc}") from None
        # As the loader reads them back (text normalised, bidi balanced): what the file
        # will hold, so an unchanged feed compares equal to what the last sync wrote.
        resources = load(name, yaml_text)[0].resources
    try:
        records = importer.records(text)
    except FeedSyntaxError:  # pragma: no cover - the import read it a moment ago
        records = []
    keys = ID_KEYS.get(source.format, ("id",))
    ids_of: dict[str, list[str]] = {}
    unreadable: set[str] = set()
    for index, ident in enumerate(result.outcome):
        fid = feed_id(records[index], keys) if index < len(records) else ""
        if not fid:
            continue
        if ident is None:
            unreadable.add(fid)
        else:
            ids_of.setdefault(ident, []).append(fid)
    for r in resources:
        if not r.source_ids:
            r.source_ids = tuple(dict.fromkeys(ids_of.get(r.id, ())))
        r.source = source.name
        r.positions = {}  # of the importer's text, not of the data file
    messages = [d.format() for d in result.report.sorted()]
    return Imported(resources, unreadable, messages)
