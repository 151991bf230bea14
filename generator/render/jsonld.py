"""schema.org JSON-LD for a resource page: an Event with an eventSchedule for meetings,
an Organization for everything else. Search engines and assistants read it; the page
itself never depends on it."""

from __future__ import annotations

from typing import Any

from generator.build.context import SiteContext
from generator.format.dial import readable, tel_uri
from generator.format.model import Location, Resource, ScheduleSlot
from generator.format.vocab import DAY_NAMES, PROGRAMS

from .html import script_json

SCHEMA = "https://schema.org/"
ATTENDANCE_MODE = {
    "in-person": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "hybrid": "MixedEventAttendanceMode",
}
EVENT_STATUS = {
    "active": "EventScheduled",
    "temporarily-closed": "EventPostponed",
    "inactive": "EventCancelled",
}
REPEAT = {"week": "P1W", "2 weeks": "P2W", "month": "P1M"}


def script(r: Resource, ctx: SiteContext, url: str) -> str:
    """The whole <script type="application/ld+json"> element, safe to paste into a page."""
    data = event(r, url) if r.kind == "meeting" and r.schedule else organization(r, url)
    return f'<script type="application/ld+json">{script_json(data)}</script>'


def _postal(loc: Location) -> dict[str, Any]:
    address = {
        "@type": "PostalAddress",
        "streetAddress": loc.address,
        "addressLocality": loc.city,
        "addressRegion": loc.region,
        "postalCode": loc.postal_code,
        "addressCountry": loc.country,
    }
    return {k: v for k, v in address.items() if v}


def _place(loc: Location) -> dict[str, Any]:
    place: dict[str, Any] = {"@type": "Place", "address": _postal(loc)}
    if loc.place:
        place["name"] = loc.place
    if loc.lat is not None and loc.lon is not None and not loc.approximate:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": loc.lat, "longitude": loc.lon}
    return place


def _schedule(slot: ScheduleSlot, zone: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@type": "Schedule",
        "repeatFrequency": REPEAT.get(slot.every, "P1W"),
        "byDay": [SCHEMA + DAY_NAMES[d] for d in slot.days],
        "startTime": slot.start.strftime("%H:%M:%S"),
    }
    if slot.end is not None:
        item["endTime"] = slot.end.strftime("%H:%M:%S")
    if slot.every == "month" and slot.weeks:
        item["byMonthWeek"] = list(slot.weeks)
    if zone:
        item["scheduleTimezone"] = zone
    return item


def event(r: Resource, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": r.name,
        "url": url,
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODE.get(r.attendance,
                                                            "OfflineEventAttendanceMode"),
        "eventSchedule": [_schedule(s, r.timezone) for s in r.schedule],
        "isAccessibleForFree": True,
    }
    if r.status != "active":  # schema.org reads an Event without it as scheduled
        data["eventStatus"] = SCHEMA + EVENT_STATUS.get(r.status, "EventScheduled")
    if r.description:
        data["description"] = r.description
    locations: list[dict[str, Any]] = []
    if r.location and r.is_in_person:
        locations.append(_place(r.location))
    if r.online and r.online.url and r.is_online:
        locations.append({"@type": "VirtualLocation", "url": r.online.url})
    if r.online and r.online.phone and r.is_online:  # one tap dials the codes too
        locations.append({"@type": "VirtualLocation", "url": tel_uri(r.online.phone),
                          "name": "By phone: " + readable(r.online.phone)})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    program = PROGRAMS.get(r.program)
    if program and r.program != "other":
        data["organizer"] = {"@type": "Organization", "name": program.label}
    return data


def organization(r: Resource, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": r.name,
        "url": r.contact.website if r.contact and r.contact.website else url,
    }
    if r.description:
        data["description"] = r.description
    if r.location and r.is_in_person:
        data["address"] = _postal(r.location)
    phone = (r.contact.phone if r.contact else "") or (r.online.phone if r.online else "")
    if phone:
        data["telephone"] = phone
    if r.online and r.online.phone:
        data["contactPoint"] = {"@type": "ContactPoint", "contactType": "dial-in",
                                "telephone": readable(r.online.phone),
                                "url": tel_uri(r.online.phone)}
    if r.contact and r.contact.email:
        data["email"] = r.contact.email
    return data
