"""The answers of a form as data: a new entry ("Add a group") or an entry's new values
("Report a change"), with what the reviewer should look at."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from generator.feeds.values import slugify
from generator.format.model import Contact, Dataset, Location, Online, Resource, ScheduleSlot
from generator.geo.centroids import TownCentroids, centroid_for
from generator.intake.issue_body import Answers
from generator.intake.quote import q
from generator.intake.when import read_schedule

ID_LIMIT = 60
# Names people write for the US zones; anything else must be an IANA name.
ZONE_NAMES = {
    "eastern": "America/New_York", "et": "America/New_York", "est": "America/New_York",
    "edt": "America/New_York", "central": "America/Chicago", "ct": "America/Chicago",
    "cst": "America/Chicago", "cdt": "America/Chicago", "mountain": "America/Denver",
    "mt": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver",
    "arizona": "America/Phoenix", "pacific": "America/Los_Angeles",
    "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "alaska": "America/Anchorage", "hawaii": "Pacific/Honolulu",
}
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_PHONE = re.compile(r"^\+?[\d ().-]{3,}$")
_LINK = re.compile(r"^https?://\S+$", re.I)
_LABEL = re.compile(r"^(?:website|web|site|url|link|e-?mail|mail|correo|phone|tel|telephone|"
                    r"tel[eé]fono)\s*:\s*", re.I)
STATUS_OF_CHANGE = {"It is temporarily closed": "temporarily-closed",
                    "It no longer meets": "inactive"}


@dataclass(slots=True)
class Draft:
    resource: Resource
    applied: list[str] = field(default_factory=list)  # what the edit does, in words
    review: list[str] = field(default_factory=list)   # what a person must still check
    details: str = ""  # the reporter's own words, not applied: shown to the reviewer


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def source_text(answer: str, issue: int | None) -> str:
    """The entry's `source:`, which also records the issue it came from."""
    return f"{answer} (issue #{issue})" if issue else answer


def new_id(name: str, city: str, taken: set[str]) -> str:
    base = slugify(name, ID_LIMIT) or "group"
    town = slugify(city, 30)
    if town and not base.startswith(town):
        base = slugify(f"{town} {base}", ID_LIMIT)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _zone(answer: str, dataset: Dataset, draft: Draft, needed: bool) -> str:
    if answer:
        zone = ZONE_NAMES.get(answer.lower().replace(" time", "").strip(), answer)
        if zone in _zones():
            return zone
        draft.review.append(f"time zone {q(answer)} is not a known zone name and was left "
                            "out; write an IANA name such as America/Chicago")
    if needed and dataset.defaults.timezone:
        draft.review.append(f"no time zone given: the list's default "
                            f"{dataset.defaults.timezone} applies; check it is the group's")
    return dataset.defaults.timezone


def _schedule(text: str, today: date, draft: Draft, label: str) -> tuple[ScheduleSlot, ...]:
    slots, left = read_schedule(text, today)
    for part in left:
        draft.review.append(f"{label}: {q(part.text)} left out: {part.reason}")
    return tuple(slots)


def _contact(text: str, draft: Draft) -> Contact | None:
    found: dict[str, str] = {}
    for item in re.split(r"[\n,;]+", text):
        value = _LABEL.sub("", item.strip()).strip()
        if not value:
            continue
        kind = ("website" if _LINK.match(value) else "email" if _EMAIL.match(value)
                else "phone" if _PHONE.match(value) and sum(c.isdigit() for c in value) >= 3
                else "")
        if not kind or kind in found:
            why = "a second " + kind if kind else "not a link, an email or a phone number"
            draft.review.append(f"public contact: {q(value)} left out ({why})")
            continue
        found[kind] = value
    return Contact(**found) if found else None


def located(loc: Location, dataset: Dataset, draft: Draft) -> Location:
    """The location with the bundled centroid of its postal code or town (approximate),
    or without coordinates and a note when there is none."""
    found = centroid_for(replace(loc, country=loc.country or dataset.defaults.country),
                         TownCentroids(dataset))
    if found is None:
        draft.review.append("no coordinates: the postal code and town are not in the "
                            "bundled gazetteer; run `python -m generator geocode`")
        return replace(loc, lat=None, lon=None, approximate=False)
    return replace(loc, lat=round(found.lat, 6), lon=round(found.lon, 6), approximate=True)


def with_defaults(loc: Location | None, dataset: Dataset) -> Location | None:
    if loc is None:
        return None
    d = dataset.defaults
    return replace(loc, country=loc.country or d.country, region=loc.region or d.region)


def new_entry(a: Answers, dataset: Dataset, today: date, issue: int | None) -> Draft:
    v = a.values
    taken = {i for r in dataset.resources for i in (r.id, *r.aliases)}
    kind, attendance = a.choice("kind"), a.choice("attendance")
    draft = Draft(Resource(id=new_id(v["name"], v["city"], taken), name=v["name"], kind=kind,
                           program=a.choice("program"), attendance=attendance))
    slots: tuple[ScheduleSlot, ...] = ()
    if v["schedule"] and kind == "meeting":
        slots = _schedule(v["schedule"], today, draft, a.labels["schedule"])
    elif v["schedule"]:
        draft.review.append(f"“{a.labels['schedule']}” left out: only meetings have a schedule")
    location = None
    if attendance in ("in-person", "hybrid"):
        location = with_defaults(Location(
            place=v["place"], address=v["address"], city=v["city"], region=v["region"],
            postal_code=v["postal_code"], directions=v["directions"]), dataset)
        location = located(location, dataset, draft)  # type: ignore[arg-type]
    elif any(v[k] for k in ("place", "address", "postal_code", "directions")):
        draft.review.append("the address was left out: the group meets online only")
    online = None
    if any(v[k] for k in ("online_url", "online_phone", "online_notes")):
        online = Online(url=v["online_url"], phone=v["online_phone"], notes=v["online_notes"])
    draft.resource = replace(
        draft.resource, schedule=slots, location=location, online=online,
        timezone=_zone(v["timezone"], dataset, draft, bool(slots)),
        tags=tuple(a.choices("tags")), description=v["description"],
        contact=_contact(v["contact"], draft), verified=today,
        source=source_text(v["source"], issue))
    draft.applied.append(f"adds `{draft.resource.id}`")
    return draft
