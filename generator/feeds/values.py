"""Readers for the messy values found in real Meeting Guide feeds.

Each reader takes whatever JSON gave us (str, int, float, bool, None, list, dict) and
returns the typed value or None; none of them raises on bad input, because one odd
meeting must never stop an import. Callers decide what to report.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time
from html.parser import HTMLParser
from typing import Any

from generator.format.vocab import DAYS

# "19:00", "7:00 pm", "11:00 AM", "7pm", "7.30 p.m.", "19:00:00", "0730"
_TIME = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.h]?(?P<m>\d{2}))?(?::\d{2})?\s*(?:(?P<ap>[ap])\.?\s*m?\.?)?$",
    re.IGNORECASE,
)
_DAY_NAMES: dict[str, str] = {}
for _i, _code in enumerate(DAYS):
    _full = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")[_i]
    _spanish = ("domingo", "lunes", "martes", "miercoles", "jueves", "viernes", "sabado")[_i]
    for _name in (_full, _full[:3], _full[:2], _spanish, str(_i)):
        _DAY_NAMES[_name] = _code
_DAY_NAMES.update({"tues": "tue", "wednes": "wed", "thur": "thu", "thurs": "thu"})
_DAY_SPLIT = re.compile(r"\s*(?:,|;|/|&|\band\b|\by\b)\s*", re.IGNORECASE)
_TRUE = frozenset({"yes", "y", "true", "1", "on"})
_FALSE = frozenset({"no", "n", "false", "0", "off", ""})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def text(value: Any) -> str | None:
    """A JSON scalar as text; None when it is not a scalar (a list, a map)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return None


def clean_text(raw: str, *, multiline: bool = False) -> str:
    """Plain text from a value that may hold HTML, entities and stray control bytes.

    Tags are dropped (script/style with their content), block tags and <br> become line
    breaks, entities are decoded once (never twice: `&amp;lt;` stays `&lt;`)."""
    if raw.isascii() and raw.isprintable() and "  " not in raw and "<" not in raw \
            and "&" not in raw:
        return raw.strip()  # the common case, ~20 times per meeting: nothing to clean
    if "<" in raw or "&" in raw:
        raw = _strip_html(raw)
    raw = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    raw = _CONTROL.sub("", raw)
    lines = [_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    if not multiline:
        return " ".join(line for line in lines if line)
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def plain(value: str, *, multiline: bool = False) -> str:
    """Our own (already plain) text made safe for a line-based format: control
    characters dropped, line breaks kept only when asked. No HTML parsing: a name like
    "Men's <Stag> Group" stays as written."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in value.split("\n")]
    if multiline:
        return "\n".join(lines).strip()
    return " ".join(line for line in lines if line)


class _TextOnly(HTMLParser):
    _SKIP = frozenset({"script", "style", "template", "noscript", "iframe", "object"})
    _BREAK = frozenset({"br", "p", "div", "li", "tr", "ul", "ol", "table", "h1", "h2",
                        "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "section"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BREAK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BREAK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _strip_html(raw: str) -> str:
    parser = _TextOnly()
    parser.feed(raw)
    parser.close()
    return "".join(parser.parts)


def parse_time(value: Any) -> time | None:
    """A wall-clock time from "19:00", "7:00 pm", "11:00 AM", "noon", "24:00"..."""
    raw = text(value)
    if not raw:
        return None
    raw = raw.strip().lower()
    if raw in ("noon", "12 noon"):
        return time(12, 0)
    if raw == "midnight":
        return time(0, 0)
    match = _TIME.match(raw)
    if not match:
        return None
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["ap"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ap"] == "p" else 0)
    elif match["m"] is None:
        return None  # "7" alone could be morning or evening
    if hour == 24 and minute == 0:
        return time(0, 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_day(value: Any) -> str | None:
    """One day code (sun..sat) from 0-6, "1", "Monday", "mon", "Lunes"..."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return DAYS[value] if 0 <= value <= 6 else None
    if not isinstance(value, str):
        return None
    key = unicodedata.normalize("NFKD", value.strip().lower().rstrip("."))
    key = "".join(ch for ch in key if not unicodedata.combining(ch))
    if key.endswith("s") and key[:-1] in _DAY_NAMES and not key[:-1].isdigit():
        key = key[:-1]  # "Mondays"
    return _DAY_NAMES.get(key)


def parse_days(value: Any) -> tuple[list[str], list[str]]:
    """Days from a number, a name, an array or "Monday, Wednesday": (days, rejected)."""
    items: list[Any]
    if isinstance(value, list):
        items = value
    elif isinstance(value, str) and _DAY_SPLIT.search(value.strip()):
        items = [part for part in _DAY_SPLIT.split(value.strip()) if part]
    else:
        items = [value]
    days: list[str] = []
    rejected: list[str] = []
    for item in items:
        day = parse_day(item)
        if day is None:
            rejected.append(repr(item) if not isinstance(item, str) else f'"{item}"')
        elif day not in days:
            days.append(day)
    days.sort(key=DAYS.index)
    return days, rejected


def parse_number(value: Any) -> float | None:
    """A finite number from a JSON number or numeric string; None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, int | float):
        number = float(value)
        return number if math.isfinite(number) else None
    return None


def parse_bool(value: Any) -> bool | None:
    """"yes"/"no", true/false, 1/0; None when absent or unreadable."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value) if value in (0, 1) else None
    if isinstance(value, str):
        key = value.strip().lower()
        if not key:
            return None
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    return None


_US_DATE = re.compile(r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})(?:[ T].*)?$")
_DURATION = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2})?$")


def parse_updated(value: Any) -> date | None:
    """The date of "2024-01-01 12:00:00", "2024-01-01T12:00:00Z", "2024-01-01", or the
    US order some feeds write, "8/25/2022 11:17:07 AM"."""
    raw = text(value)
    if not raw:
        return None
    raw = raw.strip()
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    if m := _US_DATE.match(raw):
        try:
            return date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        return None


def parse_duration(value: Any) -> int | None:
    """Minutes from "01:30:00", "1:30" or a number of minutes; None when unreadable or 0."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        minutes = int(value)
    else:
        m = _DURATION.match(str(value).strip())
        if not m:
            return None
        minutes = int(m["h"]) * 60 + int(m["m"])
    return minutes if 0 < minutes < 24 * 60 else None


def slugify(raw: str, limit: int = 80) -> str:
    """[a-z0-9-] only, accents folded, runs of anything else become one hyphen; cut at
    a word within `limit`. "" for a name with no Latin letter or digit: callers choose
    their fallback. Entry ids; the places pages' URL segments are render/html.slug,
    which differs on purpose (see there)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", raw.lower()):
        if unicodedata.combining(ch):
            continue
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    slug = "".join(out).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug


def https_link(raw: str) -> tuple[str, str]:
    """(link, note): http is upgraded to https (noted); other schemes are refused."""
    link = raw.strip()
    if not link:
        return "", ""
    lower = link.lower()
    if any(ch.isspace() for ch in link) or any(ord(ch) < 32 for ch in link):
        return "", f"`{link[:60]}` is not a link (it contains spaces)"
    if lower.startswith("https://") and len(link) > 8:
        return link, ""
    if lower.startswith("http://") and len(link) > 7:
        return "https://" + link[7:], "upgraded to https"
    if lower.startswith("www."):
        return "https://" + link, "https:// added"
    return "", f"`{link[:60]}` is not an https link"
