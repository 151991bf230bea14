"""One Meeting Guide feed entry → one Resource, or a reported reason why not.

The field-by-field rules of the importer; the feed-level rules (ids, folding our own
split slots, defaults) are in meeting_guide.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.format.diagnostics import Report
from generator.format.model import Contact, Location, Online, Resource, ScheduleSlot
from generator.format.validate import EMAIL, PHONE
from generator.format.vocab import TAG_BY_MEETING_GUIDE, TAGS

from .addresses import AddressParts, country_code, postal_text, split_formatted
from .json_items import Item
from .values import (
    clean_text,
    https_link,
    parse_bool,
    parse_days,
    parse_number,
    parse_time,
    parse_updated,
    slugify,
    text,
)

Note = Callable[[Item, str, str], None]

# Fields this importer reads; any other non-empty field is reported as not imported.
KNOWN_FIELDS = frozenset({
    "name", "slug", "day", "time", "end_time", "timezone", "types", "notes", "updated",
    "url", "website", "email", "phone", "contact_1_email", "contact_1_phone", "group",
    "location", "location_notes", "formatted_address", "address", "city", "state",
    "postal_code", "country", "latitude", "longitude", "approximate", "conference_url",
    "conference_url_notes", "conference_phone", "conference_phone_notes",
    "attendance_option", "entity", "id",
})
# Codes that describe attendance, which we derive from the data instead.
ATTENDANCE_CODES = frozenset({"ONL", "HY", "HYB", "TC"})
_TAG_ORDER = {name: i for i, name in enumerate(TAGS)}
_OPTION = {"in_person": "in-person", "in-person": "in-person", "online": "online",
           "hybrid": "hybrid"}


@dataclass(slots=True)
class Converted:
    index: int
    line: int
    col: int
    slug: str  # the feed's slug as written (may be empty)
    base_id: str  # the id before duplicates get suffixes
    resource: Resource
    inputs: list[int] = field(default_factory=list)


def convert(item: Item, index: int, program: str, default_zone: str, source: str,
            today: date, zones: frozenset[str], report: Report, note: Note) -> Converted | None:
    raw = item.value
    if not isinstance(raw, dict):
        report.error(item.line, item.col, f"meeting #{index + 1} not imported: it is not a "
                     "JSON object", "each meeting is an object like {\"name\": ...}")
        return None
    slug = (text(raw.get("slug")) or "").strip()
    label = f"`{slug}`" if slug else f"#{index + 1}"

    def skip(message: str, hint: str = "") -> None:
        report.error(item.line, item.col, f"meeting {label} not imported: {message}", hint)

    def warn(message: str) -> None:
        report.warning(item.line, item.col, f"meeting {label}: {message}")

    def field_text(key: str, multiline: bool = False) -> str:
        value = raw.get(key)
        as_text = text(value)
        if as_text is None:
            warn(f"`{key}` is not text; left out")
            return ""
        return clean_text(as_text, multiline=multiline)

    for key, value in raw.items():
        if key not in KNOWN_FIELDS and value not in (None, "", [], {}):
            note(item, slug or label, f"field `{key}` has no place in resources.yaml; "
                 "not imported")

    name = field_text("name") or field_text("group") or field_text("location")
    if not name:
        skip("it has no name", "add a `name`")
        return None
    if not slug:
        note(item, label, "no `slug`; the id is made from the name")

    # ---- when
    day_value, time_value = raw.get("day"), raw.get("time")
    if day_value in (None, "", []) and time_value in (None, ""):
        skip("no day and time (a by-appointment meeting)",
             "resources.yaml needs a schedule for meetings; add it by hand as another kind")
        return None
    days, rejected = parse_days(day_value)
    if not days:
        skip(f"day {_show(day_value)} is not a day of the week", "use 0 (Sunday) to 6 (Saturday)")
        return None
    if rejected:
        warn(f"day values {', '.join(rejected)} are not days of the week; left out")
    start = parse_time(time_value)
    if start is None:
        skip(f"time {_show(time_value)} is not a time of day", 'write it like "19:00"')
        return None
    end = None
    if raw.get("end_time") not in (None, ""):
        end = parse_time(raw.get("end_time"))
        if end is None:
            warn(f"end_time {_show(raw.get('end_time'))} is not a time of day; left out")
        elif end == start:
            warn("end_time equals time; left out")
            end = None
    zone = (text(raw.get("timezone")) or "").strip()
    if zone and zone not in zones:
        if not default_zone:
            skip(f"unknown time zone `{zone[:40]}`", "pass --timezone with the feed's zone")
            return None
        warn(f"unknown time zone `{zone[:40]}`; used {default_zone}")
        zone = default_zone
    zone = zone or default_zone
    if not zone:
        skip("no `timezone`", "pass --timezone ZONE (e.g. America/Chicago) for such meetings")
        return None

    # ---- types
    tags: set[str] = set()
    codes = raw.get("types") or []
    if isinstance(codes, str):
        codes = [c for c in codes.replace(";", ",").split(",")]
    if not isinstance(codes, list):
        warn("`types` is not a list; left out")
        codes = []
    present: set[str] = set()
    for value in codes:
        code = (text(value) or "").strip()
        if not code:
            continue
        tag = TAG_BY_MEETING_GUIDE.get(code) or TAG_BY_MEETING_GUIDE.get(code.upper())
        if tag:
            tags.add(tag)
        elif code.upper() in ATTENDANCE_CODES:
            present.add(code.upper())
        else:
            note(item, slug or label, f"type code `{code[:20]}` has no tag; not imported")
    closed = "TC" in present

    # ---- where
    parts = _address(raw, field_text, warn)
    has_street = bool(parts.address and (parts.city or parts.postal_code))
    lat, lon = _coordinates(raw, warn)
    explicit = parse_bool(raw.get("approximate"))
    if explicit is None and raw.get("approximate") not in (None, ""):
        warn(f"approximate {_show(raw.get('approximate'))} is not yes or no; ignored")
    approximate = explicit if explicit is not None else not parts.address
    location = None
    place = field_text("location")
    if any((place, parts.address, parts.city, parts.region, parts.postal_code, lat is not None)):
        location = Location(place=place, address=parts.address,
                            city=parts.city, region=parts.region, postal_code=parts.postal_code,
                            country=parts.country, lat=lat, lon=lon,
                            approximate=approximate, directions=field_text("location_notes"))

    # ---- online
    url, problem = https_link(field_text("conference_url"))
    if problem and url:
        note(item, slug or label, f"conference_url {problem}")
    elif problem:
        warn(f"conference_url {problem}; left out")
    phone = _phone(field_text("conference_phone"), "conference_phone", warn)
    notes = [n for n in (field_text("conference_url_notes") if url else "",
                         field_text("conference_phone_notes") if phone else "") if n]
    is_online = bool(url or phone)
    if "ONL" in present and not is_online:
        note(item, slug or label, "type ONL (online) but no usable conference_url or "
             "conference_phone; not marked online")

    # ---- attendance and status, as the apps derive them
    option = field_text("attendance_option").lower()
    in_person = has_street and not closed and not approximate
    status = "active"
    if is_online:
        attendance = "hybrid" if in_person else "online"
    elif in_person:
        attendance = "in-person"
    elif has_street and (closed or approximate or option == "inactive"):
        attendance, status = "in-person", "temporarily-closed" if closed else "inactive"
        if not closed:
            note(item, slug or label, "imported as inactive: approximate address and no "
                 "conference link or phone (the apps list such meetings as inactive)")
    else:
        why = "the location is temporarily closed (TC)" if closed else (
            "the address has no city or postal code" if parts.address else
            "there is no street address")
        skip(f"no way to attend: no conference link or phone, and {why}",
             "add a conference_url/conference_phone or a full street address")
        return None
    if option == "inactive" and status == "active":
        status = "temporarily-closed" if closed else "inactive"
    elif option in _OPTION and _OPTION[option] != attendance and status == "active":
        note(item, slug or label, "attendance_option disagrees with the conference and "
             "address fields; derived from the fields as the apps do")

    # ---- the rest
    description = field_text("notes", multiline=True)
    group = field_text("group")
    if group and group.lower() != name.lower():
        description = f"{description}\nGroup: {group}" if description else f"Group: {group}"
    verified = parse_updated(raw.get("updated"))
    if verified is None and raw.get("updated") not in (None, ""):
        warn(f"updated {_show(raw.get('updated'))} is not a date; left out")
    elif verified is not None and verified > today:
        warn(f"updated {verified} is in the future; left out")
        verified = None
    resource = Resource(
        id="", name=name, kind="meeting", program=program, attendance=attendance,
        status=status, schedule=(ScheduleSlot(days=tuple(days), start=start, end=end),),
        timezone=zone, location=location,
        online=Online(url=url, phone=phone, notes="\n".join(notes)) if is_online else None,
        tags=tuple(sorted(tags, key=_TAG_ORDER.__getitem__)),
        description=description, contact=_contact(raw, field_text, warn, note, item, slug),
        verified=verified, source=field_text("entity") or source,
    )
    base_id = slugify(slug) or slugify(name) or "meeting"
    return Converted(index, item.line, item.col, slug, base_id, resource, [index])


def _address(raw: dict[str, Any], field_text: Callable[[str], str],
             warn: Callable[[str], None]) -> AddressParts:
    formatted = field_text("formatted_address")
    parts = split_formatted(formatted) if formatted else AddressParts()
    country_raw = field_text("country")
    country = country_code(country_raw) if country_raw else parts.country
    if country_raw and not country:
        warn(f"country `{country_raw[:40]}` is not a country code; left out")
    explicit = AddressParts(
        address=field_text("address"), city=field_text("city"), region=field_text("state"),
        postal_code=clean_text(postal_text(raw.get("postal_code"), country)), country=country)
    # Parts written out win; the formatted address fills what they leave empty.
    for key in ("address", "city", "region", "postal_code", "country"):
        if getattr(explicit, key):
            setattr(parts, key, getattr(explicit, key))
    return parts


def _coordinates(raw: dict[str, Any],
                 warn: Callable[[str], None]) -> tuple[float | None, float | None]:
    lat, lon = parse_number(raw.get("latitude")), parse_number(raw.get("longitude"))
    for key, value in (("latitude", lat), ("longitude", lon)):
        if value is None and raw.get(key) not in (None, ""):
            warn(f"{key} {_show(raw.get(key))} is not a number; coordinates left out")
    if lat is None or lon is None or lat == 0 or lon == 0:
        return None, None  # zero is how many feeds write "unknown"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        warn(f"coordinates {lat}, {lon} are out of range; left out")
        return None, None
    return round(lat, 6), round(lon, 6)


def _phone(value: str, key: str, warn: Callable[[str], None]) -> str:
    if value and (not PHONE.match(value) or sum(c.isdigit() for c in value) < 3):
        warn(f"{key} `{value[:40]}` is not a phone number; left out")
        return ""
    return value


def _contact(raw: dict[str, Any], field_text: Callable[[str], str],
             warn: Callable[[str], None], note: Note, item: Item, slug: str) -> Contact | None:
    website, problem = https_link(field_text("website") or field_text("url"))
    if problem and website:
        note(item, slug, f"website/url {problem}")
    elif problem:
        warn(f"url {problem}; left out")
    email = field_text("email") or field_text("contact_1_email")
    if email and not EMAIL.match(email):
        warn(f"email `{email[:40]}` is not an email address; left out")
        email = ""
    phone = _phone(field_text("phone") or field_text("contact_1_phone"), "phone", warn)
    if not (website or email or phone):
        return None
    return Contact(website=website, email=email, phone=phone)


def _show(value: Any) -> str:
    shown = repr(value) if not isinstance(value, str) else f'"{value}"'
    return shown if len(shown) <= 40 else shown[:37] + "..."
