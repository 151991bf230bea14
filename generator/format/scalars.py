"""One value as its field means it: the loader's second job (see loader.py).

Every scalar arrives as the text the volunteer wrote; the field's type decides what it
is, so YAML 1.1's guesses (`19:00` as a number, `no` as false, `01234` as octal) never
happen, and a value that is not what the field needs is an error naming it.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from generator.format.bidi import balanced
from generator.format.model import ID_PATTERN, TIME_PATTERN, Field

BOOLS = {"true": True, "false": False}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_INT = re.compile(r"^[+-]?\d+$")
# Far beyond any coordinate's or week's digits, far below Python's 4,300-digit cap on
# int(): a longer "number" is a paste accident, refused before any conversion.
MAX_NUMBER_CHARS = 32
MAX_ID_CHARS = 100  # ids are folder and file names: well under any file system's 255 bytes

Say = Callable[[str, str], None]  # (message, hint) about the value being parsed


def parse(text: str, spec: Field, label: str, error: Say) -> Any:
    """The value of `text` for field `spec`, or None after reporting why it is not one."""
    kind = spec.type
    if kind == "text":
        return balanced(text)  # an override left open must not leak: see bidi.py
    parser = _PARSERS.get(kind)
    if parser is None:
        raise AssertionError(f"unknown field type {kind}")  # a bug in FIELDS, not in data
    return parser(text, spec, label, error)


def _id(text: str, spec: Field, label: str, error: Say) -> Any:
    if len(text) > MAX_ID_CHARS:
        error(f"`{label}` is {len(text)} characters long, over the limit of {MAX_ID_CHARS}",
              "shorten it: it becomes the page's address and a file name")
        return None
    if ID_PATTERN.match(text):
        return text
    suggestion = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_ID_CHARS]
    error(f"`{label}` must use only lowercase letters, digits and hyphens",
          f"for example `{suggestion or 'my-group-name'}`")
    return None


def _enum(text: str, spec: Field, label: str, error: Say) -> Any:
    if text in spec.choices:
        return text
    close = difflib.get_close_matches(text.lower()[:100], spec.choices, n=1)
    hint = f"did you mean `{close[0]}`? " if close else ""
    error(f"`{label}`: `{short(text)}` is not one of the allowed values",
          hint + "allowed: " + ", ".join(spec.choices))
    return None


def _time(text: str, spec: Field, label: str, error: Say) -> Any:
    m = TIME_PATTERN.match(text.strip())
    if m:
        return f"{int(m.group(1)):02d}:{m.group(2)}"
    error(f"`{label}`: `{short(text)}` is not a time",
          'use 24-hour HH:MM in quotes, e.g. "19:00" for 7 pm')
    return None


def _date(text: str, spec: Field, label: str, error: Say) -> Any:
    if _DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    error(f"`{label}`: `{short(text)}` is not a date", "use YYYY-MM-DD, e.g. 2026-10-01")
    return None


def _number(text: str, spec: Field, label: str, error: Say) -> Any:
    plain = text.strip()
    whole = spec.type == "integer"
    if len(plain) > MAX_NUMBER_CHARS:
        error(f"`{label}`: a number {len(plain)} characters long is out of range",
              "write the number with at most a few decimals, e.g. 39.8017")
        return None
    if whole and not _INT.match(plain):
        error(f"`{label}`: `{short(text)}` is not a whole number",
              f"write a whole number: {spec.help}")
        return None
    if _NUMBER.match(plain):
        value = float(plain)
        if math.isfinite(value):
            return int(plain) if _INT.match(plain) else value
    error(f"`{label}`: `{short(text)}` is not a number",
          "write a plain decimal number, e.g. 39.8017")
    return None


def _bool(text: str, spec: Field, label: str, error: Say) -> Any:
    if text.lower() in BOOLS:
        return BOOLS[text.lower()]
    error(f"`{label}`: `{short(text)}` must be true or false", "write true or false")
    return None


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


_PARSERS: dict[str, Callable[[str, Field, str, Say], Any]] = {
    "id": _id, "enum": _enum, "time": _time, "date": _date, "number": _number,
    "integer": _number, "bool": _bool,
}
