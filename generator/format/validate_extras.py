"""Checks of the fields imports brought in (source ids, per-slot tags and notes, 7th
Tradition links, feedback) and of what imports get wrong most: a time zone that is not
the one at the meeting's coordinates, and an end time that makes a meeting last all day.

Called by validate.py once per entry with its `err`/`warn` callbacks.
"""

from __future__ import annotations

import re
from typing import Protocol

from generator.format.model import Resource

LONG_MEETING_MINUTES = 4 * 60
_HANDLE = re.compile(r"^[@$]?[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_HTML_TAG = re.compile(r"<\s*[a-zA-Z/!]")


class _Say(Protocol):
    def __call__(self, path: str, message: str, hint: str = "") -> None: ...


def check_extras(r: Resource, err: _Say, warn: _Say) -> None:
    _check_source_ids(r, err)
    _check_slots(r, warn)
    _check_zone(r, warn)
    _check_giving(r, err)


def _check_source_ids(r: Resource, err: _Say) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(r.source_ids):
        if not ident.strip():
            err(f"source_ids.{i}", "a source id is empty", "remove it")
        elif ident in seen:
            err(f"source_ids.{i}", f"source id `{ident[:40]}` is listed twice",
                "list each of the source's ids once")
        seen.add(ident)


def _check_slots(r: Resource, warn: _Say) -> None:
    for i, slot in enumerate(r.schedule):
        if slot.end is not None:
            start = slot.start.hour * 60 + slot.start.minute
            minutes = (slot.end.hour * 60 + slot.end.minute - start) % 1440
            if minutes > LONG_MEETING_MINUTES:
                crosses = " (it crosses midnight)" if slot.end < slot.start else ""
                warn(f"schedule.{i}.end", f"the meeting lasts {minutes // 60} h "
                     f"{minutes % 60:02d} min{crosses}",
                     "check the end time: 12-hour times read wrongly (7:00 for 19:00) "
                     "often cause this; remove `end:` if it is not known")
        if slot.notes and _HTML_TAG.search(slot.notes):
            warn(f"schedule.{i}.notes", "HTML is shown as plain text on the site",
                 "remove the tags; write plain text")
        for j, tag in enumerate(slot.tags):
            if tag in r.tags:
                warn(f"schedule.{i}.tags.{j}", f"`{tag}` is already one of the entry's tags",
                     "remove it from the slot: the entry's tags apply to every slot")


def _check_zone(r: Resource, warn: _Say) -> None:
    loc = r.location
    if not r.timezone or loc is None or loc.lat is None or loc.lon is None:
        return
    if not (-90 <= loc.lat <= 90 and -180 <= loc.lon <= 180):
        return  # reported by validate.py
    from generator.geo.zones import same_clock, zone_at

    there = zone_at(loc.lat, loc.lon)
    if there and not same_clock(there, r.timezone):
        warn("timezone", f"time zone {r.timezone} is not the one at the coordinates "
             f"({there})", f"set `timezone: {there}`, or check `lat`/`lon`")


def _check_giving(r: Resource, err: _Say) -> None:
    t = r.tradition
    if t is not None:
        for name in ("venmo", "paypal", "cashapp", "square"):
            value: str = getattr(t, name)
            if not value or value.startswith("https://") and " " not in value:
                continue
            if name == "square" or not _HANDLE.match(value):
                err(f"tradition.{name}", f"`{value[:60]}` is not a {name} name or https link",
                    "write the name (like @GroupName or $GroupName) or a full https:// link")
    feedback = r.contact.feedback if r.contact else ""
    if feedback and not (feedback.startswith("https://") and " " not in feedback
                         or re.match(r"^[^@\s<>\"]+@[^@\s<>\"']+\.[^@\s<>\"']+$", feedback)):
        err("contact.feedback", f"`{feedback[:60]}` is not an https link or email address",
            "write the full address starting with https://, or an email address")
