"""One BMLT meeting → a one-slot Member, or a reported reason why not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from generator.feeds.addresses import region_code
from generator.feeds.groups import Member
from generator.feeds.import_report import ImportReport
from generator.feeds.json_items import Item
from generator.feeds.meeting_guide_fields import TAG_ORDER, show
from generator.feeds.values import (
    clean_text,
    https_link,
    parse_bool,
    parse_duration,
    parse_number,
    parse_time,
    text,
)
from generator.format.diagnostics import Report
from generator.format.model import Contact, Location, Online, Resource, ScheduleSlot
from generator.format.validate import EMAIL, PHONE
from generator.format.vocab import DAYS
from generator.geo.placenames import country_code
from generator.geo.zones import infer_zone

# NAWS world ids (the shared vocabulary BMLT servers map their keys to) -> our tags.
WORLD_TAGS = {
    "OPEN": "open", "CLOSED": "closed", "WCHR": "wheelchair", "BEG": "newcomer",
    "SPK": "speaker", "DISC": "discussion", "STEP": "step-study", "TRAD": "tradition-study",
    "LIT": "literature", "IP": "literature", "JFT": "literature", "BT": "literature",
    "IW": "literature", "LC": "literature", "SG": "literature", "GL": "lgbtq", "M": "men",
    "W": "women", "Y": "young-people", "YP": "young-people", "CAN": "candlelight",
    "SMOK": "smoking", "CW": "child-friendly", "CH": "child-friendly", "QA": "discussion",
    "MED": "meditation", "TOP": "discussion",
}
# Keys most servers use, for formats without a world id (or exports without formats).
KEY_TAGS = {
    "O": "open", "C": "closed", "WC": "wheelchair", "B": "newcomer", "BEG": "newcomer",
    "BT": "literature", "JT": "literature", "IW": "literature", "LC": "literature",
    "IP": "literature", "SG": "literature", "St": "step-study", "Tr": "tradition-study",
    "D": "discussion", "M": "men", "W": "women", "GL": "lgbtq", "YP": "young-people",
    "Y": "young-people", "CW": "child-friendly", "SM": "smoking", "Ag": "secular",
    "CAN": "candlelight", "ES": "spanish", "EN": "english", "FR": "french", "ASL": "asl",
    "Med": "meditation", "Sp": "speaker", "SPK": "speaker",
}
# Keys and world ids about attendance, which venue_type and the links decide.
ATTENDANCE_KEYS = frozenset({"VM", "HY", "HYBR", "TC", "VIRTUAL", "VA", "BK", "NS"})
_VENUE = {"1": "in-person", "2": "online", "3": "hybrid"}


@dataclass(frozen=True, slots=True)
class BmltContext:
    program: str
    default_zone: str
    source: str
    today: date
    zones: frozenset[str]
    report: Report
    formats: dict[str, str]  # key_string -> world_id
    summary: ImportReport


def format_table(formats: list[object]) -> dict[str, str]:
    table: dict[str, str] = {}
    for f in formats:
        if isinstance(f, dict) and isinstance(f.get("key_string"), str):
            table[f["key_string"].strip()] = str(f.get("world_id") or "").strip().upper()
    return table


def convert_meeting(item: Item, index: int, ctx: BmltContext) -> Member | None:
    raw = item.value
    if not isinstance(raw, dict):
        ctx.report.error(item.line, item.col, f"meeting #{index + 1} not imported: it is not "
                         "a JSON object")
        return None
    ident = (text(raw.get("id_bigint")) or "").strip()
    label = f"`{ident}`" if ident else f"#{index + 1}"

    def skip(message: str, hint: str = "") -> None:
        ctx.report.error(item.line, item.col, f"meeting {label} not imported: {message}", hint)

    def value(key: str, multiline: bool = False) -> str:
        return clean_text(text(raw.get(key)) or "", multiline=multiline)

    if parse_bool(raw.get("published")) is False:
        ctx.summary.unpublished += 1
        skip("unpublished (published = 0)")
        return None
    name = value("meeting_name")
    if not name:
        skip("it has no meeting_name")
        return None
    slot = _slot(raw, skip)
    if slot is None:
        return None
    tags, codes = _tags(raw, ctx)
    location = _location(raw, value)
    online = _online(raw, value)
    zone = _zone(raw, location, ctx)
    if not zone:
        skip("no `time_zone`, and none can be inferred (no coordinates or state)",
             "pass --timezone ZONE (e.g. America/New_York)")
        return None
    decided = _attendance(raw, location, online, codes)
    if decided is None:
        skip("no way to attend: no street address with a town, and no virtual link or phone")
        return None
    attendance, status = decided
    email = value("contact_email_1")
    phone = value("contact_phone_1")
    contact = Contact(email=email if EMAIL.match(email) else "",
                      phone=phone if phone and PHONE.match(phone) else "")
    resource = Resource(
        id="", name=name, kind="meeting", program=ctx.program, attendance=attendance,
        status=status, schedule=(slot,), timezone=zone, location=location, online=online,
        tags=tuple(sorted(tags, key=TAG_ORDER.__getitem__)),
        description=value("comments", multiline=True),
        contact=contact if contact.email or contact.phone else None, source=ctx.source)
    return Member(index, item.line, item.col, ident, "", resource)


def _slot(raw: dict[str, Any], skip: Any) -> ScheduleSlot | None:
    day = (text(raw.get("weekday_tinyint")) or "").strip()
    if not day.isdigit() or not 1 <= int(day) <= 7:
        skip(f"weekday_tinyint {show(raw.get('weekday_tinyint'))} is not 1 (Sunday) to 7")
        return None
    start = parse_time(raw.get("start_time"))
    if start is None:
        skip(f"start_time {show(raw.get('start_time'))} is not a time of day")
        return None
    minutes = parse_duration(raw.get("duration_time"))
    end: time | None = None
    if minutes:
        end = (datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)).time()
    return ScheduleSlot(days=(DAYS[int(day) - 1],), start=start, end=end)


def _tags(raw: dict[str, Any], ctx: BmltContext) -> tuple[set[str], set[str]]:
    """(our tags, the attendance keys and world ids present)."""
    tags: set[str] = set()
    codes: set[str] = set()
    for key in (text(raw.get("formats")) or "").split(","):
        key = key.strip()
        if not key:
            continue
        world = ctx.formats.get(key, "")
        tag = WORLD_TAGS.get(world) or KEY_TAGS.get(key)
        if tag:
            tags.add(tag)
        elif key.upper() in ATTENDANCE_KEYS or world in ATTENDANCE_KEYS:
            codes.add(world or key.upper())
        elif world != "LANG" or key not in KEY_TAGS:
            ctx.summary.unknown_codes[key[:20]] += 1
    return tags, codes


def _location(raw: dict[str, Any], value: Any) -> Location | None:
    lat, lon = parse_number(raw.get("latitude")), parse_number(raw.get("longitude"))
    if lat is None or lon is None or lat == 0 or lon == 0 \
            or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        lat = lon = None
    province = value("location_province")
    loc = Location(
        place=value("location_text"), address=value("location_street"),
        city=value("location_municipality") or value("location_city_subsection"),
        region=region_code(province) or province,
        postal_code=value("location_postal_code_1"),
        country=country_code(value("location_nation")),
        lat=None if lat is None else round(lat, 6), lon=None if lon is None else round(lon, 6),
        directions=value("location_info"),
        neighborhood=value("location_neighborhood") or (
            value("location_city_subsection") if value("location_municipality") else ""))
    if not (loc.place or loc.address or loc.city or loc.postal_code or lat is not None):
        return None
    loc.approximate = not loc.address
    return loc


def _online(raw: dict[str, Any], value: Any) -> Online | None:
    url, _ = https_link((text(raw.get("virtual_meeting_link")) or "").strip())
    phone = value("phone_meeting_number")
    if phone and not PHONE.match(phone):
        phone = ""
    if not (url or phone):
        return None
    return Online(url=url, phone=phone, notes=value("virtual_meeting_additional_info"))


def _attendance(raw: dict[str, Any], location: Location | None, online: Online | None,
                codes: set[str]) -> tuple[str, str] | None:
    has_street = bool(location and location.address and (location.city or location.postal_code))
    venue = _VENUE.get((text(raw.get("venue_type")) or "").strip(), "")
    closed = "TC" in codes
    if venue == "online" or (not venue and online and not has_street):
        return ("online", "active") if online else None
    if venue == "hybrid" and online and has_street:
        return "hybrid", "temporarily-closed" if closed else "active"
    if has_street:
        attendance = "hybrid" if online and not venue else "in-person"
        return attendance, "temporarily-closed" if closed else "active"
    return ("online", "active") if online else None


def _zone(raw: dict[str, Any], location: Location | None, ctx: BmltContext) -> str:
    zone = (text(raw.get("time_zone")) or "").strip()
    if zone in ctx.zones:
        ctx.summary.zone_from["feed"] += 1
        return zone
    if ctx.default_zone:
        ctx.summary.zone_from["option"] += 1
        return ctx.default_zone
    zone, how = infer_zone(location)
    if zone:
        ctx.summary.zone_from[how] += 1
        ctx.summary.zones[zone] += 1
    return zone
