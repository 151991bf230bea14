"""Canonical YAML text of a Dataset, for `synth` and `import`.

Hand-written rather than yaml.dump: keys in the order of model.FIELDS, short lists in
flow style, and quotes only where a YAML reader could misread the value, so the output
looks like what a volunteer would write and loads back to the same objects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from generator.format.model import (
    FIELDS_HEADER,
    Dataset,
    Defaults,
    Location,
    Resource,
    ScheduleSlot,
)

_PLAIN = re.compile(r"^[A-Za-z0-9][\w .,'()&/+!?:@%=~#-]*$")
_NUMBERISH = re.compile(r"^[-+0-9.eE_:xXoObB]+$")  # numbers, times, hex: YAML 1.1 would retype
# Left raw by json.dumps but not YAML text: DEL and C1 controls are refused by a YAML
# reader, and NEL, LS and PS are line breaks it would fold away. Written as \u escapes.
_NOT_YAML_TEXT = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_AMBIGUOUS = frozenset({
    "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~",
})


def text(value: str) -> str:
    """A string scalar: plain when unambiguous, else a JSON string (valid YAML)."""
    if (_PLAIN.match(value) and value.lower() not in _AMBIGUOUS
            and not _NUMBERISH.match(value) and not value.endswith((" ", ":"))
            and ": " not in value and " #" not in value):
        return value
    return _NOT_YAML_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}",
                              json.dumps(value, ensure_ascii=False))


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def dump(dataset: Dataset, header: str = FIELDS_HEADER) -> str:
    out: list[str] = [header]
    d = dataset.defaults
    if d.timezone or d.country or d.region:
        out.append("defaults:")
        for key in ("timezone", "country", "region"):
            if getattr(d, key):
                out.append(f"  {key}: {text(getattr(d, key))}")
    out.append("resources:")
    for r in dataset.resources:
        out.extend(resource_lines(r, dataset))
    return "\n".join(out) + "\n"


def resource_lines(r: Resource, dataset: Dataset | None = None) -> list[str]:
    d = dataset.defaults if dataset else None
    lines = [f"  - id: {r.id}", f"    name: {text(r.name)}"]
    for key in ("kind", "program", "attendance"):
        lines.append(f"    {key}: {getattr(r, key)}")
    if r.status != "active":
        lines.append(f"    status: {r.status}")
    if r.schedule:
        lines.append("    schedule:")
        for slot in r.schedule:
            lines.extend(_slot_lines(slot))
    if r.timezone and not (d and d.timezone == r.timezone):
        lines.append(f"    timezone: {r.timezone}")
    if r.location:
        lines.extend(_location_lines(r.location, d))
    for section, keys in (("online", ("url", "phone", "notes")),
                          ("contact", ("website", "email", "phone", "feedback")),
                          ("tradition", ("venmo", "paypal", "cashapp", "square"))):
        obj = getattr(r, section)
        values = [(k, getattr(obj, k)) for k in keys if obj and getattr(obj, k)]
        if values:
            lines.append(f"    {section}:")
            lines.extend(f"      {k}: {text(v)}" for k, v in values)
    if r.tags:
        lines.append(f"    tags: {_flow(r.tags)}")
    if r.description:
        lines.append(f"    description: {text(r.description)}")
    if r.verified:
        lines.append(f"    verified: {r.verified.isoformat()}")
    if r.source:
        lines.append(f"    source: {text(r.source)}")
    if r.source_ids:
        lines.append(f"    source_ids: {_flow(_flow_text(i) for i in r.source_ids)}")
    if r.curated:
        lines.append(f"    curated: {_flow(r.curated)}")
    if r.aliases:
        lines.append(f"    aliases: {_flow(r.aliases)}")
    if r.translations:
        lines.append("    translations:")
        for tr in r.translations:
            lines.append(f"      - lang: {text(tr.lang)}")
            lines.extend(f"        {key}: {text(getattr(tr, key))}"
                         for key in ("description", "directions", "online_notes")
                         if getattr(tr, key))
    return lines


def _location_lines(loc: Location, d: Defaults | None) -> list[str]:
    lines: list[str] = []
    lines.append("    location:")
    for key in ("place", "address", "city", "region", "postal_code", "country"):
        value = getattr(loc, key)
        if value and not (d and key in ("country", "region") and getattr(d, key) == value):
            shown = json.dumps(value) if key == "postal_code" else text(value)
            lines.append(f"      {key}: {shown}")
    if loc.lat is not None and loc.lon is not None:
        lines.append(f"      lat: {_number(loc.lat)}")
        lines.append(f"      lon: {_number(loc.lon)}")
    if loc.approximate:
        lines.append("      approximate: true")
    if loc.directions:
        lines.append(f"      directions: {text(loc.directions)}")
    if loc.neighborhood:
        lines.append(f"      neighborhood: {text(loc.neighborhood)}")
    return lines


def _slot_lines(slot: ScheduleSlot) -> list[str]:
    lines = [f"      - days: {_flow(slot.days)}", f'        start: "{slot.start:%H:%M}"']
    if slot.end is not None:
        lines.append(f'        end: "{slot.end:%H:%M}"')
    if slot.every != "week":
        lines.append(f"        every: {slot.every}")
    if slot.weeks:
        lines.append(f"        weeks: [{', '.join(str(w) for w in slot.weeks)}]")
    if slot.from_ is not None:
        lines.append(f"        from: {slot.from_.isoformat()}")
    if slot.tags:
        lines.append(f"        tags: {_flow(slot.tags)}")
    if slot.notes:
        lines.append(f"        notes: {text(slot.notes)}")
    return lines


def _flow(items: Iterable[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _flow_text(value: str) -> str:
    """A string inside `[...]`, where a plain `,` `[` `]` `{` `}` would end it."""
    shown = text(value)
    plain = shown == value
    return json.dumps(value, ensure_ascii=False) if plain and any(c in value for c in ",[]{}") \
        else shown
