"""Time zones without a network: from coordinates (tzfpy's bundled boundaries), else from
the state, province or country an address names.

Most Meeting Guide feeds carry no `timezone`; asking the volunteer for one zone per feed
works until a feed crosses a zone line (Indiana, Kentucky, the Florida panhandle, an
intergroup near a state border). The point decides where there is one.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from functools import lru_cache

from generator.format.model import Location

# The zone most of a state's or province's people live in. Where a state spans two zones
# the coordinates decide first; this is the fallback for an entry without them.
_REGION_ZONES: dict[str, dict[str, str]] = {
    "US": {
        "CT": "America/New_York", "DE": "America/New_York", "DC": "America/New_York",
        "FL": "America/New_York", "GA": "America/New_York", "IN": "America/Indiana/Indianapolis",
        "KY": "America/New_York", "ME": "America/New_York", "MD": "America/New_York",
        "MA": "America/New_York", "MI": "America/Detroit", "NH": "America/New_York",
        "NJ": "America/New_York", "NY": "America/New_York", "NC": "America/New_York",
        "OH": "America/New_York", "PA": "America/New_York", "RI": "America/New_York",
        "SC": "America/New_York", "VT": "America/New_York", "VA": "America/New_York",
        "WV": "America/New_York", "AL": "America/Chicago", "AR": "America/Chicago",
        "IL": "America/Chicago", "IA": "America/Chicago", "KS": "America/Chicago",
        "LA": "America/Chicago", "MN": "America/Chicago", "MS": "America/Chicago",
        "MO": "America/Chicago", "NE": "America/Chicago", "ND": "America/Chicago",
        "OK": "America/Chicago", "SD": "America/Chicago", "TN": "America/Chicago",
        "TX": "America/Chicago", "WI": "America/Chicago", "AZ": "America/Phoenix",
        "CO": "America/Denver", "ID": "America/Boise", "MT": "America/Denver",
        "NM": "America/Denver", "UT": "America/Denver", "WY": "America/Denver",
        "CA": "America/Los_Angeles", "NV": "America/Los_Angeles", "OR": "America/Los_Angeles",
        "WA": "America/Los_Angeles", "AK": "America/Anchorage", "HI": "Pacific/Honolulu",
        "PR": "America/Puerto_Rico", "VI": "America/St_Thomas", "GU": "Pacific/Guam",
    },
    "CA": {
        "BC": "America/Vancouver", "AB": "America/Edmonton", "SK": "America/Regina",
        "MB": "America/Winnipeg", "ON": "America/Toronto", "QC": "America/Toronto",
        "NB": "America/Moncton", "NS": "America/Halifax", "PE": "America/Halifax",
        "NL": "America/St_Johns", "YT": "America/Whitehorse", "NT": "America/Yellowknife",
        "NU": "America/Iqaluit",
    },
    "AU": {
        "NSW": "Australia/Sydney", "VIC": "Australia/Melbourne", "QLD": "Australia/Brisbane",
        "SA": "Australia/Adelaide", "WA": "Australia/Perth", "TAS": "Australia/Hobart",
        "ACT": "Australia/Sydney", "NT": "Australia/Darwin",
    },
}
# Countries with one zone (or one zone nearly everyone lives in).
_COUNTRY_ZONES = {
    "GB": "Europe/London", "IE": "Europe/Dublin", "NZ": "Pacific/Auckland",
    "PR": "America/Puerto_Rico", "DE": "Europe/Berlin", "FR": "Europe/Paris",
    "ES": "Europe/Madrid", "IT": "Europe/Rome", "NL": "Europe/Amsterdam",
    "BE": "Europe/Brussels", "CH": "Europe/Zurich", "AT": "Europe/Vienna",
    "SE": "Europe/Stockholm", "NO": "Europe/Oslo", "DK": "Europe/Copenhagen",
    "FI": "Europe/Helsinki", "PL": "Europe/Warsaw", "PT": "Europe/Lisbon",
    "IS": "Atlantic/Reykjavik", "IL": "Asia/Jerusalem", "IN": "Asia/Kolkata",
    "JP": "Asia/Tokyo", "ZA": "Africa/Johannesburg", "PH": "Asia/Manila",
}


@lru_cache(maxsize=65536)
def zone_at(lat: float, lon: float) -> str:
    """The IANA zone at a point, "" at sea or where no named zone applies."""
    from tzfpy import get_tz  # imported late: its boundary data loads on first use

    name = get_tz(lon, lat)
    return "" if not name or name.startswith("Etc/") else name


def zone_of_region(country: str, region: str) -> str:
    """The zone of a state or province code (US, CA, AU), else of a one-zone country."""
    country = (country or "").upper()
    region = (region or "").upper().strip()
    if region:
        for code in ((country,) if country else ("US", "CA")):
            if zone := _REGION_ZONES.get(code, {}).get(region, ""):
                return zone
    return _COUNTRY_ZONES.get(country, "")


def infer_zone(location: Location | None) -> tuple[str, str]:
    """(zone, "coordinates" or "region") for an entry without one; ("", "") if unknown."""
    if location is None:
        return "", ""
    if location.lat is not None and location.lon is not None \
            and (zone := zone_at(location.lat, location.lon)):
        return zone, "coordinates"
    zone = zone_of_region(location.country, location.region)
    return (zone, "region") if zone else ("", "")


@lru_cache(maxsize=4096)
def same_clock(a: str, b: str) -> bool:
    """Whether two zones keep the same time over the coming year (America/Detroit and
    America/New_York do; America/Phoenix and America/Denver do not in summer)."""
    if a == b:
        return True
    try:
        za, zb = zoneinfo.ZoneInfo(a), zoneinfo.ZoneInfo(b)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    year = datetime.now(UTC).year
    for month in (1, 4, 7, 10):
        at = datetime(year, month, 15, 12, tzinfo=UTC)
        if at.astimezone(za).utcoffset() != at.astimezone(zb).utcoffset():
            return False
    return True
