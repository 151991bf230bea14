"""One Meeting Guide feed meeting → one Record (a one-slot Resource and what grouping
needs), or a reported reason why not.

The field-by-field rules of the importer, one function per job (when, types, where,
online, attendance, the rest); grouping records into entries is meeting_guide_groups.py,
the feed-level rules meeting_guide.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.feeds.addresses import (
    AddressParts,
    postal_text,
    region_code,
    split_formatted,
    trailing_postal,
)
from generator.feeds.groups import Member
from generator.feeds.json_items import Item
from generator.feeds.meeting_guide_contact import contact, phone_text, tradition
from generator.feeds.values import (
    clean_text,
    https_link,
    parse_bool,
    parse_days,
    parse_number,
    parse_time,
    parse_updated,
    text,
)
from generator.format.diagnostics import Report
from generator.format.model import Location, Online, Resource, ScheduleSlot
from generator.format.vocab import TAG_BY_MEETING_GUIDE, TAGS
from generator.geo.placenames import country_code
from generator.geo.zones import infer_zone

Note = Callable[[Item, str, str], None]

# Fields this importer reads; any other non-empty field is reported as not imported.
KNOWN_FIELDS = frozenset({
    "name", "slug", "day", "time", "end_time", "timezone", "types", "notes", "updated",
    "url", "website", "email", "phone", "contact_1_email", "contact_1_phone", "group",
    "location", "location_notes", "formatted_address", "address", "city", "state",
    "postal_code", "country", "latitude", "longitude", "approximate", "conference_url",
    "conference_url_notes", "conference_phone", "conference_phone_notes",
    "attendance_option", "entity", "id", "region", "sub_region", "regions", "district",
    "group_notes", "venmo", "paypal", "square", "cashapp", "cash_app", "feedback_url",
    "feedback_emails", "group_id", "location_id", "region_id", "district_id", "edit_url",
    "time_formatted", "location_url", "sub_district", "entity_email", "entity_location",
    "entity_logo", "entity_phone", "entity_url", "website_2", "contact_1_name",
    "last_contact", "mailing_address",
})
# Codes that describe attendance, which we derive from the data instead.
ATTENDANCE_CODES = frozenset({"ONL", "HY", "HYB", "TC"})
TAG_ORDER = {name: i for i, name in enumerate(TAGS)}
_OPTION = {"in_person": "in-person", "in-person": "in-person", "online": "online",
           "hybrid": "hybrid"}


@dataclass(frozen=True, slots=True)
class Context:
    program: str
    default_zone: str
    source: str
    today: date
    zones: frozenset[str]
    report: Report
    note: Note
    unknown_codes: Counter[str]


class Reader:
    """One meeting's raw values, and how to report about it."""

    def __init__(self, item: Item, raw: dict[str, Any], index: int, ctx: Context) -> None:
        self.item, self.raw, self.ctx = item, raw, ctx
        self.slug = (text(raw.get("slug")) or "").strip()
        self.label = f"`{self.slug}`" if self.slug else f"#{index + 1}"

    def skip(self, message: str, hint: str = "") -> None:
        self.ctx.report.error(self.item.line, self.item.col,
                              f"meeting {self.label} not imported: {message}", hint)

    def warn(self, message: str) -> None:
        self.ctx.report.warning(self.item.line, self.item.col, f"meeting {self.label}: {message}")

    def note(self, message: str) -> None:
        self.ctx.note(self.item, self.slug or self.label, message)

    def text(self, key: str, multiline: bool = False) -> str:
        as_text = text(self.raw.get(key))
        if as_text is None:
            self.warn(f"`{key}` is not text; left out")
            return ""
        return clean_text(as_text, multiline=multiline)

    def link(self, key: str) -> str:
        """A URL exactly as written: entities are not decoded (`&region=` stays)."""
        return (text(self.raw.get(key)) or "").strip()


def convert_item(item: Item, index: int, ctx: Context) -> tuple[Member, str] | None:
    """(the record as a one-slot entry, where its time zone came from), or None after
    reporting why it is not imported."""
    raw = item.value
    if not isinstance(raw, dict):
        ctx.report.error(item.line, item.col, f"meeting #{index + 1} not imported: it is not "
                         "a JSON object", "each meeting is an object like {\"name\": ...}")
        return None
    r = Reader(item, raw, index, ctx)
    for key, value in raw.items():
        if key not in KNOWN_FIELDS and value not in (None, "", [], {}):
            r.note(f"field `{key}` has no place in resources.yaml; not imported")
    name = _name(r)
    if not name:
        r.skip("it has no name", "add a `name`")
        return None
    slot = _when(r)
    if slot is None:
        return None
    tags, present = _types(r)
    location, has_street = _where(r)
    zone, zone_from = _zone(r, location)
    if not zone:
        return None
    online = _online(r, present)
    decided = _attendance(r, present, location, has_street, online)
    if decided is None:
        return None
    attendance, status = decided
    resource = Resource(
        id="", name=name, kind="meeting", program=ctx.program, attendance=attendance,
        status=status, schedule=(slot,), timezone=zone, location=location,
        online=online, tags=tuple(sorted(tags, key=TAG_ORDER.__getitem__)),
        description=_description(r), contact=contact(r), verified=_verified(r),
        source=r.text("entity") or ctx.source, tradition=tradition(r))
    source_id = r.slug or (text(raw.get("id")) or "").strip()
    ours = bool(r.slug) and r.link("url").endswith(f"/r/{r.slug}/")
    return Member(index, item.line, item.col, source_id, r.text("group"), resource, r.slug,
                  ours), zone_from


def _name(r: Reader) -> str:
    raw = text(r.raw.get("name")) or ""
    name = r.text("name")
    if "<" in raw and name != raw.strip():
        r.note("HTML tags removed from the name")
    return name or r.text("group") or r.text("location")


def _when(r: Reader) -> ScheduleSlot | None:
    day_value, time_value = r.raw.get("day"), r.raw.get("time")
    if day_value in (None, "", []) and time_value in (None, ""):
        r.skip("no day and time (a by-appointment meeting)",
               "resources.yaml needs a schedule for meetings; add it by hand as another kind")
        return None
    days, rejected = parse_days(day_value)
    if not days:
        r.skip(f"day {show(day_value)} is not a day of the week",
               "use 0 (Sunday) to 6 (Saturday)")
        return None
    if rejected:
        r.warn(f"day values {', '.join(rejected)} are not days of the week; left out")
    start = parse_time(time_value)
    if start is None:
        r.skip(f"time {show(time_value)} is not a time of day", 'write it like "19:00"')
        return None
    end = None
    if r.raw.get("end_time") not in (None, ""):
        end = parse_time(r.raw.get("end_time"))
        if end is None:
            r.warn(f"end_time {show(r.raw.get('end_time'))} is not a time of day; left out")
        elif end == start:
            r.warn("end_time equals time; left out")
            end = None
    return ScheduleSlot(days=tuple(days), start=start, end=end)


def _types(r: Reader) -> tuple[set[str], set[str]]:
    """(our tags, the attendance codes present)."""
    tags: set[str] = set()
    present: set[str] = set()
    codes = r.raw.get("types") or []
    if isinstance(codes, str):
        codes = codes.replace(";", ",").split(",")
    if not isinstance(codes, list):
        r.warn("`types` is not a list; left out")
        codes = []
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
            r.note(f"type code `{code[:20]}` has no tag; not imported")
            r.ctx.unknown_codes[code[:20]] += 1
    return tags, present


def _where(r: Reader) -> tuple[Location | None, bool]:
    """(location, whether it has a street address people can go to)."""
    parts = _address(r)
    has_street = bool(parts.address and (parts.city or parts.postal_code))
    lat, lon = _coordinates(r)
    explicit = parse_bool(r.raw.get("approximate"))
    if explicit is None and r.raw.get("approximate") not in (None, ""):
        r.warn(f"approximate {show(r.raw.get('approximate'))} is not yes or no; ignored")
    approximate = explicit if explicit is not None else not parts.address
    place = r.text("location")
    if not any((place, parts.address, parts.city, parts.region, parts.postal_code,
                lat is not None)):
        return None, has_street
    return Location(place=place, address=parts.address, city=parts.city, region=parts.region,
                    postal_code=parts.postal_code, country=parts.country, lat=lat, lon=lon,
                    approximate=approximate, directions=r.text("location_notes"),
                    neighborhood=_neighborhood(r)), has_street


def _neighborhood(r: Reader) -> str:
    """The most specific region the feed names: TSML writes `regions` from the widest to
    the narrowest, and `sub_region` under `region`."""
    regions = r.raw.get("regions")
    if isinstance(regions, list):
        named = [clean_text(t) for t in (text(v) for v in regions) if t]
        named = [n for n in named if n and n.lower() != "online"]
        if named:
            return named[-1]
    for key in ("sub_region", "region", "district"):
        value = r.text(key)
        if value and value.lower() != "online":
            return value
    return ""


def _address(r: Reader) -> AddressParts:
    formatted = r.text("formatted_address")
    address = r.text("address")
    if not formatted and "," in address and not (r.text("city") or r.text("postal_code")):
        formatted, address = address, ""  # the whole address in one field
    parts = split_formatted(formatted) if formatted else AddressParts()
    if not formatted and address and not (r.text("city") or r.text("postal_code")):
        parts, address = trailing_postal(address), ""
    country_raw = r.text("country")
    country = country_code(country_raw) if country_raw else parts.country
    if country_raw and not country:
        r.warn(f"country `{country_raw[:40]}` is not a country code; left out")
    state = r.text("state")
    explicit = AddressParts(
        address=address, city=r.text("city"), region=region_code(state) or state,
        postal_code=clean_text(postal_text(r.raw.get("postal_code"), country)),
        country=country)
    # Parts written out win; the formatted address fills what they leave empty.
    for key in ("address", "city", "region", "postal_code", "country"):
        if getattr(explicit, key):
            setattr(parts, key, getattr(explicit, key))
    return parts


def _coordinates(r: Reader) -> tuple[float | None, float | None]:
    lat, lon = parse_number(r.raw.get("latitude")), parse_number(r.raw.get("longitude"))
    for key, value in (("latitude", lat), ("longitude", lon)):
        if value is None and r.raw.get(key) not in (None, ""):
            r.warn(f"{key} {show(r.raw.get(key))} is not a number; coordinates left out")
    if lat is None or lon is None or lat == 0 or lon == 0:
        return None, None  # zero is how many feeds write "unknown"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        r.warn(f"coordinates {lat}, {lon} are out of range; left out")
        return None, None
    return round(lat, 6), round(lon, 6)


def _zone(r: Reader, location: Location | None) -> tuple[str, str]:
    """(zone, where it came from); ("", "") after reporting when there is none."""
    ctx = r.ctx
    zone = (text(r.raw.get("timezone")) or "").strip()
    if zone and zone in ctx.zones:
        return zone, "feed"
    if zone:
        r.note(f"unknown time zone `{zone[:40]}`; inferred instead")
    if ctx.default_zone:
        return ctx.default_zone, "option"
    inferred, how = infer_zone(location)
    if inferred:
        return inferred, how
    r.skip("no `timezone`, and none can be inferred (no coordinates, state or province)",
           "pass --timezone ZONE (e.g. America/Chicago) for such meetings")
    return "", ""


def _online(r: Reader, present: set[str]) -> Online | None:
    url, problem = https_link(r.link("conference_url"))
    if problem and url:
        r.note(f"conference_url {problem}")
    elif problem:
        r.warn(f"conference_url {problem}; left out")
    phone = phone_text(r.text("conference_phone"), "conference_phone", r.warn)
    notes = [n for n in (r.text("conference_url_notes") if url else "",
                         r.text("conference_phone_notes") if phone else "") if n]
    if "ONL" in present and not (url or phone):
        r.note("type ONL (online) but no usable conference_url or conference_phone; not "
               "marked online")
    return Online(url=url, phone=phone, notes="\n".join(notes)) if url or phone else None


def _attendance(r: Reader, present: set[str], location: Location | None, has_street: bool,
                online: Online | None) -> tuple[str, str] | None:
    """(attendance, status) as the apps derive them; None after reporting a skip."""
    closed = "TC" in present
    approximate = location.approximate if location else True
    option = r.text("attendance_option").lower()
    in_person = has_street and not closed and not approximate
    status = "active"
    if online is not None:
        attendance = "hybrid" if in_person else "online"
    elif in_person:
        attendance = "in-person"
    elif has_street and (closed or approximate or option == "inactive"):
        attendance, status = "in-person", "temporarily-closed" if closed else "inactive"
        if not closed:
            r.note("imported as inactive: approximate address and no conference link or "
                   "phone (the apps list such meetings as inactive)")
    else:
        _skip_unattendable(r, closed, location)
        return None
    if status != "active":
        return attendance, status
    if option == "inactive":
        status = "temporarily-closed" if closed else "inactive"
    elif option in _OPTION and _OPTION[option] != attendance:
        r.note("attendance_option disagrees with the conference and address fields; "
               "derived from the fields as the apps do")
    return attendance, status


def _skip_unattendable(r: Reader, closed: bool, location: Location | None) -> None:
    address = location.address if location else ""
    why = "the location is temporarily closed (TC)" if closed else (
        "the address has no city or postal code" if address else
        "there is no street address")
    r.skip(f"no way to attend: no conference link or phone, and {why}",
           "add a conference_url/conference_phone or a full street address")


def _description(r: Reader) -> str:
    description = r.text("notes", multiline=True)
    group_notes = r.text("group_notes", multiline=True)
    if group_notes and group_notes not in description:
        description = f"{description}\n\n{group_notes}" if description else group_notes
    return description


def _verified(r: Reader) -> date | None:
    verified = parse_updated(r.raw.get("updated"))
    if verified is None and r.raw.get("updated") not in (None, ""):
        r.warn(f"updated {show(r.raw.get('updated'))} is not a date; left out")
    elif verified is not None and verified > r.ctx.today:
        r.warn(f"updated {verified} is in the future; left out")
        return None
    return verified


def show(value: Any) -> str:
    shown = repr(value) if not isinstance(value, str) else f'"{value}"'
    return shown if len(shown) <= 40 else shown[:37] + "..."
