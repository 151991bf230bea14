"""Small HTML builders shared by the page renderers. Every value from the data file
passes through `esc` (text and attribute values alike) or `script_json`; JSON whose
strings a page shows as text goes through `text_json`. Bidi controls are balanced here
again (generator/format/bidi.py; the loader already balances every text field), so text built
outside the data file cannot leak its direction either."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

from generator.format.bidi import BIDI_CONTROLS, balanced, balanced_strings
from generator.format.dial import tel_uri

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Far above any real place name (the longest, Taumata..., slugs to 85), far below the
# 255-byte limit file systems put on one path segment.
SLUG_MAX = 100

def text_json(data: Any) -> str:
    """Compact JSON for files whose strings the browser shows (textContent): every
    string `balanced`. One search of the whole text finds whether any string holds a
    bidi control; only then is the data walked and written again."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if BIDI_CONTROLS.search(text) is None:
        return text
    return json.dumps(balanced_strings(data), ensure_ascii=False, separators=(",", ":"))


def esc(value: object) -> str:
    """Text or attribute value, quotes included: safe in both places, and `balanced`."""
    return escape(balanced(str(value)), quote=True)


def link(href: str, text: str, **attrs: str) -> str:
    """The link's target is escaped exactly as written (a closer added to a URL would
    change where it leads); its text and other attributes go through `esc`."""
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return f'<a href="{escape(href, quote=True)}"{extra}>{esc(text)}</a>'


def tel_href(phone: str) -> str:
    """`tel:` link target that also dials a conference line's codes (generator/format/dial.py)."""
    return tel_uri(phone)


def tel_link(phone: str, text: str | None = None) -> str:
    return link(tel_href(phone), text or phone)


def mailto(email: str) -> str:
    return link("mailto:" + quote(email, safe="@.+-_"), email)


def directions_href(address: str) -> str:
    """A plain search link (opened by the visitor, never embedded); the address is all
    it carries."""
    return "https://www.openstreetmap.org/search?" + urlencode({"query": address})


def slug(text: str) -> str:
    """URL segment for a place name: "St. Louis" -> "st-louis", "Peñasco" -> "penasco".
    A name with no Latin letters or digits ("القدس", "Москва") gets a stable digest, so
    two such towns never share one page.

    Not feeds/values.slugify, which makes entry ids: a published address must exist for
    every name and never change, so this one never returns "", cuts at a fixed length and
    drops a letter with no ASCII form ("Straße" -> "strae"), where slugify leaves a
    hyphen ("stra-e") and cuts at a word; making either act as the other would move
    pages or rename imported entries."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    made = _NOT_SLUG.sub("-", ascii_text.lower())[:SLUG_MAX].strip("-")
    if made or not text.strip():
        return made or "other"
    folded = unicodedata.normalize("NFKC", text.strip()).casefold()
    return "x-" + hashlib.sha256(folded.encode("utf-8")).hexdigest()[:10]


def script_json(data: Any) -> str:
    """JSON for inside a <script> element: `<`, `>` and `&` become \\u escapes, so no
    string in the data can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def paragraphs(text: str) -> str:
    """Plain text with blank-line paragraphs; single newlines become <br>."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return "".join("<p>" + esc(b).replace("\n", "<br>\n") + "</p>" for b in blocks)


def relative(from_path: str, to_path: str) -> str:
    """Relative URL between two directory-style site paths ("r/a/" -> "places/us/")."""
    depth = from_path.strip("/").count("/") + 1 if from_path.strip("/") else 0
    return "../" * depth + to_path.lstrip("/") if (depth or to_path) else "./"
