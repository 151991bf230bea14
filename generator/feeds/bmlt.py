"""BMLT (Basic Meeting List Toolbox, NA's meeting servers) → Dataset.

    entries, report = convert(text, "na.json", BmltOptions(), formats_text=None)

Reads `GetSearchResults` JSON: a list of meetings, or `{"meetings": [...], "formats":
[...]}` when asked with `get_used_formats=1`; the formats may also come from a separate
`GetFormats` file. Rules:

- `weekday_tinyint` 1 = Sunday ... 7 = Saturday; `start_time` + `duration_time` give
  the end (past midnight when it is); `time_zone` when set, else the zone inferred from
  the coordinates or the state, else `--timezone`.
- `venue_type` 1 in person, 2 virtual, 3 hybrid; without it, attendance follows from
  the address and the virtual link or phone.
- `formats` (keys such as `O,BT,WC`) become our tags through each format's NAWS
  `world_id`, else a table of the usual keys; unknown keys are counted in the report.
- `published` = 0 is skipped; the program is `na` unless `--program` says otherwise.
- Records of one group become one entry, as for Meeting Guide (feeds/groups.py); each
  keeps its `id_bigint` in `source_ids`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from generator.feeds.bmlt_fields import BmltContext, convert_meeting, format_table
from generator.feeds.groups import Member, group
from generator.feeds.import_report import ImportReport
from generator.feeds.json_items import FeedSyntaxError, Item, read_items
from generator.feeds.meeting_guide import ImportResult, begin, finish
from generator.format.model import Resource


@dataclass(frozen=True, slots=True)
class BmltOptions:
    program: str = "na"
    timezone: str = ""  # for meetings without a `time_zone` (before inferring one)
    source: str = ""  # default: "BMLT export <file>"
    today: date | None = None


def convert(text: str, name: str, options: BmltOptions | None = None,
            formats_text: str | None = None) -> tuple[list[Resource], ImportReport]:
    """The export's entries (one per group) and what the import did."""
    result = import_bmlt(text, name, options, formats_text)
    assert result.summary is not None
    return result.dataset.resources, result.summary


def import_bmlt(text: str, name: str, options: BmltOptions | None = None,
                formats_text: str | None = None) -> ImportResult:
    options = options or BmltOptions()
    result, summary, zones = begin(name, options.program, options.timezone)
    report = result.report
    try:
        items, formats = _read(text)
        if formats_text is not None:
            formats = _formats_file(formats_text)
    except FeedSyntaxError as exc:
        report.error(exc.line, exc.col, exc.message, exc.hint)
        return result
    ctx = BmltContext(options.program, options.timezone,
                      options.source or f"BMLT export {name.rsplit('/', 1)[-1]}",
                      options.today or date.today(), zones, report, format_table(formats),
                      summary)
    members: list[Member] = []
    for index, item in enumerate(items):
        member = convert_meeting(item, index, ctx)
        if member is not None:
            members.append(member)
    finish(result, group(members), len(items), options.timezone)
    return result


def feed_records(text: str) -> list[object]:
    """The export's meeting records, in the order an import's `outcome` follows."""
    return [item.value for item in _read(text)[0]]


def _read(text: str) -> tuple[list[Item], list[object]]:
    """The meetings with their positions, and the formats when the export has them."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped.startswith("{"):
        return read_items(text, ()), []
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise FeedSyntaxError(exc.lineno, exc.colno, f"invalid JSON: {exc.msg}") from None
    if not isinstance(value, dict) or not isinstance(value.get("meetings"), list):
        raise FeedSyntaxError(1, 1, "not a BMLT export: no `meetings` list",
                              "use GetSearchResults with data_field_key omitted, as JSON")
    formats = value.get("formats")
    return _positioned(text, value["meetings"]), formats if isinstance(formats, list) else []


def _positioned(text: str, meetings: list[object]) -> list[Item]:
    """Items of the `meetings` array with their own lines (read_items on that slice)."""
    m = re.search(r'"meetings"\s*:\s*\[', text)
    if m is None:
        return [Item(1, 1, v) for v in meetings]
    start = m.end() - 1
    _, end = json.JSONDecoder().raw_decode(text, start)
    before = text.count("\n", 0, start)
    line_start = text.rfind("\n", 0, start) + 1
    items = read_items(text[start:end], ())
    return [Item(i.line + before, i.col + (start - line_start if i.line == 1 else 0), i.value)
            for i in items]


def _formats_file(text: str) -> list[object]:
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise FeedSyntaxError(exc.lineno, exc.colno,
                              f"formats file: invalid JSON: {exc.msg}") from None
    if isinstance(value, dict):
        value = value.get("formats")
    if not isinstance(value, list):
        raise FeedSyntaxError(1, 1, "formats file: not a list of formats",
                              "use the output of switcher=GetFormats as JSON")
    return value
