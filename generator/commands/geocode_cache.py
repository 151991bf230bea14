"""The committed geocode cache: every answer a geocoder gave, so nothing is asked twice.

File: `geocode-cache.json` beside the data file (or `--cache PATH`). UTF-8 JSON, one
answer per line, keys sorted, so a pull request shows exactly which addresses were
looked up::

    {
    "format": "peer-directory-geocode-cache/1",
    "answers": {
    "nominatim|100 example st, springfield, il 62701, us": {"lat": 39.8012, ...},
    "nominatim|1 nowhere rd, springfield, il 62701, us": null
    }
    }

Each answer holds lat, lon, approximate, the address as the service wrote it and the
date it was asked. A key is `SERVICE|QUERY` with the query case-folded and its spaces
collapsed, so answers from different geocoders never mix. `null` means the service
found nothing (asked again only with `--retry-not-found`). Edit or delete lines freely;
a changed address is a new query anyway.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.files import Fingerprint, InputError, read_input, write_atomic

FORMAT = "peer-directory-geocode-cache/1"
CACHE_NAME = "geocode-cache.json"
MAX_BYTES = 256 * 1024 * 1024  # one line per address: far above any real cache


@dataclass(frozen=True, slots=True)
class Answer:
    """One geocoder answer: a point, whether it is only approximate, what it matched."""

    lat: float
    lon: float
    approximate: bool
    address: str = ""
    date: str = ""


class CacheError(Exception):
    """The cache file exists but cannot be used; it is left untouched."""


def default_cache_path(data_file: str | os.PathLike[str]) -> Path:
    return Path(data_file).with_name(CACHE_NAME)


def cache_key(service: str, query: str) -> str:
    return f"{service.strip().lower()}|{' '.join(query.split()).casefold()}"


@dataclass
class GeocodeCache:
    path: Path
    answers: dict[str, Answer | None] = field(default_factory=dict)
    dirty: bool = False
    read_as: Fingerprint | None = None  # the file as last read or written

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> GeocodeCache:
        """The cache at `path`, empty when the file does not exist yet."""
        p = Path(path)
        if not os.path.lexists(p):
            return cls(p)
        try:
            raw = read_input(p, MAX_BYTES)
        except InputError as exc:
            raise CacheError(f"{p}:1:1: the geocode cache: {exc.message} — {exc.hint}") from exc
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise CacheError(f"{p}:{line}:{col}: the geocode cache is not UTF-8 text; "
                             "fix that line or delete the file") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CacheError(f"{p}:{exc.lineno}:{exc.colno}: the geocode cache is not valid "
                             f"JSON ({exc.msg}); fix that line or delete the file") from exc
        except ValueError as exc:  # e.g. an integer of more than 4,300 digits
            raise CacheError(f"{p}:1:1: the geocode cache has a value out of range ({exc}); "
                             "fix that line or delete the file") from exc
        except RecursionError as exc:
            raise CacheError(f"{p}:1:1: the geocode cache is nested too deeply to be a "
                             "cache; move it away or delete it") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT \
                or not isinstance(data.get("answers"), dict):
            raise CacheError(f"{p}: not a geocode cache (expected \"format\": \"{FORMAT}\"); "
                             "move it away or pass another --cache path")
        cache = cls(p, read_as=Fingerprint.of(p))
        for key, value in data["answers"].items():
            cache.answers[key] = _answer(p, key, value, text)
        return cache

    def get(self, service: str, query: str) -> tuple[bool, Answer | None]:
        """(known, answer): known is False when this query was never asked."""
        key = cache_key(service, query)
        return (key in self.answers, self.answers.get(key))

    def put(self, service: str, query: str, answer: Answer | None) -> None:
        self.answers[cache_key(service, query)] = answer
        self.dirty = True

    def dumps(self) -> str:
        lines = ["{", f'"format": {json.dumps(FORMAT)},', '"answers": {']
        items = sorted(self.answers.items())
        for i, (key, answer) in enumerate(items):
            value = None if answer is None else {
                "lat": answer.lat, "lon": answer.lon, "approximate": answer.approximate,
                "address": answer.address, "date": answer.date}
            comma = "," if i < len(items) - 1 else ""
            lines.append(f"{json.dumps(key, ensure_ascii=False)}: "
                         f"{json.dumps(value, ensure_ascii=False)}{comma}")
        lines += ["}", "}", ""]
        return "\n".join(lines)

    def save(self) -> None:
        """Atomic: a crash mid-write leaves the previous cache, never half of one."""
        if not self.dirty:
            return
        now = Fingerprint.of(self.path)
        if now is not None and now != self.read_as:
            # Edited while geocode ran (a pull, a hand fix): keep its answers, add ours.
            try:
                theirs = GeocodeCache.load(self.path).answers
            except CacheError:
                theirs = {}  # broken meanwhile: ours replace it, as before the run
            self.answers = {**theirs, **self.answers}
        write_atomic(self.path, self.dumps())
        self.read_as = Fingerprint.of(self.path)
        self.dirty = False


def _answer(path: Path, key: str, value: Any, text: str) -> Answer | None:
    if value is None:
        return None
    try:
        lat, lon = float(value["lat"]), float(value["lon"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError("coordinates out of range")
        return Answer(lat, lon, bool(value.get("approximate", False)),
                      str(value.get("address", "")), str(value.get("date", "")))
    except (TypeError, KeyError, ValueError, OverflowError, AttributeError) as exc:
        at = max(0, text.find(json.dumps(key, ensure_ascii=False)))
        line = text.count("\n", 0, at) + 1
        raise CacheError(f"{path}:{line}:1: bad answer for {key!r} ({exc}); fix or delete "
                         "that line") from exc
