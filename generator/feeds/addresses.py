"""Addresses as Meeting Guide feeds write them, split into our location fields.

Feeds give either parts (address, city, state, postal_code, country) or one
`formatted_address` such as "4953 W Addison St, Chicago, IL 60641, USA". Splitting the
latter is a heuristic tuned to US and Canadian addresses; what it cannot place stays in
`address` so nothing is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COUNTRIES = {
    "us": "US", "usa": "US", "u.s.": "US", "u.s.a.": "US", "united states": "US",
    "united states of america": "US", "canada": "CA", "mexico": "MX", "méxico": "MX",
    "united kingdom": "GB", "uk": "GB", "great britain": "GB", "england": "GB",
    "ireland": "IE", "australia": "AU", "new zealand": "NZ", "puerto rico": "PR",
}
_STATE_POSTAL = re.compile(
    r"^(?P<region>[A-Za-z]{2})\.?\s+(?P<postal>\d{5}(?:-\d{4})?|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d)$")
_POSTAL = re.compile(r"^(?:\d{5}(?:-\d{4})?|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d)$")
_REGION = re.compile(r"^[A-Za-z]{2}$")


@dataclass(slots=True)
class AddressParts:
    address: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""


def country_code(raw: str) -> str:
    """ISO code for a country written as a code or a common name; "" when unknown."""
    key = raw.strip().lower()
    if key in _COUNTRIES:
        return _COUNTRIES[key]
    if len(key) == 2 and key.isalpha():
        return key.upper()
    return ""


def split_formatted(formatted: str) -> AddressParts:
    parts = [p.strip() for p in formatted.split(",") if p.strip()]
    out = AddressParts()
    # A two-letter last part is a state ("Chicago, IL"), not a country, except "US".
    if len(parts) >= 2 and parts[-1].lower() in _COUNTRIES:
        out.country = _COUNTRIES[parts.pop().lower()]
    if parts and (m := _STATE_POSTAL.match(parts[-1])):
        out.region, out.postal_code = m["region"].upper(), m["postal"].upper()
        parts.pop()
    else:
        if len(parts) >= 2 and _POSTAL.match(parts[-1]):
            out.postal_code = parts.pop().upper()
        if len(parts) >= 2 and _REGION.match(parts[-1]):
            out.region = parts.pop().upper()
    if len(parts) >= 2:
        out.city = parts.pop()
        out.address = ", ".join(parts)
    elif parts:
        if parts[0][:1].isdigit():
            out.address = parts[0]
        else:
            out.city = parts[0]
    return out


def postal_text(value: object, country: str) -> str:
    """Postal codes that JSON numbers lost the leading zero of ("2134" in MA) get it back."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        text = str(value)
        return text.zfill(5) if country in ("", "US") and 3 <= len(text) < 5 else text
    return str(value).strip() if isinstance(value, str | float) else ""
