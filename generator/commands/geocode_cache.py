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

FORMAT = "peer-directory-geocode-cache/1"
CACHE_NAME = "geocode-cache.json"


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

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> GeocodeCache:
        """The cache at `path`, empty when the file does not exist yet."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(p)
        except OSError as exc:
            raise CacheError(f"{p}: cannot read the geocode cache: {exc}") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CacheError(f"{p}:{exc.lineno}:{exc.colno}: the geocode cache is not valid "
                             f"JSON ({exc.msg}); fix that line or delete the file") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT \
                or not isinstance(data.get("answers"), dict):
            raise CacheError(f"{p}: not a geocode cache (expected \"format\": \"{FORMAT}\"); "
                             "move it away or pass another --cache path")
        cache = cls(p)
        for key, value in data["answers"].items():
            cache.answers[key] = _answer(p, key, value)
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
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(self.dumps(), encoding="utf-8")
        os.replace(tmp, self.path)
        self.dirty = False


def _answer(path: Path, key: str, value: Any) -> Answer | None:
    if value is None:
        return None
    try:
        lat, lon = float(value["lat"]), float(value["lon"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError("coordinates out of range")
        return Answer(lat, lon, bool(value.get("approximate", False)),
                      str(value.get("address", "")), str(value.get("date", "")))
    except (TypeError, KeyError, ValueError) as exc:
        raise CacheError(f"{path}: bad answer for {key!r} ({exc}); fix or delete that "
                         "line") from exc
