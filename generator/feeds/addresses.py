"""Addresses as Meeting Guide feeds write them, split into our location fields.

Feeds give either parts (address, city, state, postal_code, country) or one
`formatted_address` such as "4953 W Addison St, Chicago, IL 60641, USA". Splitting the
latter is a heuristic tuned to US and Canadian addresses; what it cannot place stays in
`address` so nothing is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.geo.placenames import CA_PROVINCES, COUNTRY_SPELLINGS, US_STATES

_POSTAL_TEXT = (r"\d{5}(?:-\d{4})?|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d"
                r"|[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}|\d{4}")
_POSTAL = re.compile(rf"^(?:{_POSTAL_TEXT})$")
_REGION_POSTAL = re.compile(
    rf"^(?P<region>[^\W\d_](?:[^\W\d_]|[ .])*?)\.?\s+(?P<postal>{_POSTAL_TEXT})$")
_CITY_REGION_POSTAL = re.compile(
    rf"^(?P<city>.+?)\s+(?P<region>[A-Z]{{2,3}})\.?\s+(?P<postal>{_POSTAL_TEXT})$")
_REGION_CODE = re.compile(r"^[A-Za-z]{2}$")
# State, province and territory names as people write them -> their postal codes: the
# names pages show (geo/placenames.py), and other spellings and Australia's states.
REGION_NAMES = {
    **{name.lower(): code for table in (US_STATES, CA_PROVINCES) for code, name in table.items()},
    "newfoundland": "NL", "québec": "QC",
    "new south wales": "NSW", "victoria": "VIC", "queensland": "QLD",
    "south australia": "SA", "western australia": "WA", "tasmania": "TAS",
}
_KNOWN_CODES = frozenset(REGION_NAMES.values()) | {"DC", "PR", "VI", "GU"}
_AU_STATES = frozenset({"NSW", "VIC", "QLD", "TAS", "ACT"})
_CA_PROVINCES = frozenset({"AB", "BC", "MB", "NB", "NL", "NS", "ON", "PE", "QC", "SK", "YT",
                           "NT", "NU"})


@dataclass(slots=True)
class AddressParts:
    address: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""


def region_code(raw: str) -> str:
    """"Alberta" -> "AB", "pa" -> "PA"; "" when it is neither a known name nor a code."""
    key = raw.strip().rstrip(".").lower()
    if key in REGION_NAMES:
        return REGION_NAMES[key]
    if key.upper() in _AU_STATES:
        return key.upper()
    return key.upper() if _REGION_CODE.match(key) and key not in COUNTRY_SPELLINGS else ""


def split_formatted(formatted: str) -> AddressParts:
    """Street, city, region, postal code and country from one line, in the orders feeds
    write: "4953 W Addison St, Chicago, IL 60641, USA", "8318 104 St, Edmonton, Alberta,
    T6E 4E8, Canada", "12 High St, Leeds, LS1 4AP, UK", "1 Main St, Springfield IL 62701"."""
    parts = [p.strip() for p in formatted.split(",") if p.strip()]
    out = AddressParts()
    # A two-letter last part is a state ("Chicago, IL"), not a country, except "US".
    if len(parts) >= 2 and parts[-1].lower() in COUNTRY_SPELLINGS:
        out.country = COUNTRY_SPELLINGS[parts.pop().lower()]
    _peel_region_postal(parts, out)
    if len(parts) >= 2:
        out.city = parts.pop()
        out.address = ", ".join(parts)
    elif parts:
        if parts[0][:1].isdigit():
            out.address = parts[0]
        else:
            out.city = parts[0]
    if not out.country and out.region in _CA_PROVINCES and " " in out.postal_code.strip():
        out.country = "CA"
    return out


def _peel_region_postal(parts: list[str], out: AddressParts) -> None:
    """Takes the region and postal code off the end of `parts`, in whichever of the
    usual orders they come: "IL 60641" / "60641" then "IL" / "Alberta" then "T6E 4E8"."""
    for _ in range(2):
        if len(parts) < 2 or (out.region and out.postal_code):
            return
        rest = _peel_last(parts[-1], out)
        if rest is None:
            return
        if rest:  # "Springfield IL 62701": the town stays for the caller
            parts[-1] = rest
            return
        parts.pop()


def _peel_last(last: str, out: AddressParts) -> str | None:
    """What of `last` is not region or postal code once those are in `out` ("" for
    nothing), or None when it holds neither."""
    neither = not out.postal_code and not out.region
    if neither and (m := _REGION_POSTAL.match(last)) and (code := region_code(m["region"])):
        out.region, out.postal_code = code, m["postal"].upper()
    elif neither and (m := _CITY_REGION_POSTAL.match(last)) and region_code(m["region"]):
        out.region, out.postal_code = region_code(m["region"]), m["postal"].upper()
        return m["city"]
    elif not out.postal_code and _POSTAL.match(last) and not last.isdigit() \
            or not out.postal_code and re.fullmatch(r"\d{5}(?:-\d{4})?", last):
        out.postal_code = last.upper()
    elif not out.region and (code := region_code(last)):
        out.region = code
    else:
        return None
    return ""


_TRAILING = re.compile(
    r"(?:[\s,]+(?P<region>[A-Za-z]{2})\.?)?[\s,]+(?P<postal>\d{5}(?:-\d{4})?"
    r"|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d)\s*$")


def trailing_postal(line: str) -> AddressParts:
    """An address written with no commas ("123 Main St Springfield IL 62701") cannot be
    split into street and town; its text is kept whole, and the postal code (and state)
    at its end are enough to place it."""
    out = AddressParts(address=line.strip())
    if m := _TRAILING.search(line):
        out.postal_code = m["postal"].upper()
        code = (m["region"] or "").upper()
        out.region = code if code in _KNOWN_CODES else ""
    return out


def postal_text(value: object, country: str) -> str:
    """Postal codes that JSON numbers lost the leading zero of ("2134" in MA) get it back."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        text = str(value)
        return text.zfill(5) if country in ("", "US") and 3 <= len(text) < 5 else text
    return str(value).strip() if isinstance(value, str | float) else ""
