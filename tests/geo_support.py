"""Test support for geo: a geopy Geocoder that answers from a table, a clock whose sleep
only moves time forward, and the byte-for-byte check of geocoded YAML. Nothing here opens
a socket."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from generator.format.yamledit import split_lines


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def nominatim_raw(kind: str = "house", rank: int = 30) -> dict[str, Any]:
    """The fields of a Nominatim answer that matter here (format=json)."""
    cls = "place" if kind in ("house", "city", "town", "village") else "building"
    return {"place_id": 1, "class": cls, "type": kind, "place_rank": rank,
            "addresstype": "building" if kind == "house" else kind}


class FakeGeocoder(Geocoder):
    """Answers are (lat, lon) or (lat, lon, raw), None for "nothing found", an exception
    instance to raise, or a list of those consumed one per call. Unknown queries find
    nothing. `took` is how long each request lasts on the fake clock."""

    answers: dict[str, Any] = {}
    time: FakeTime | None = None
    took: float = 0.2

    def __init__(self, answers: dict[str, Any] | None = None, *, time: FakeTime | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.answers = dict(answers if answers is not None else type(self).answers)
        self.time = time or type(self).time
        self.calls: list[tuple[str, float]] = []
        self.init_kwargs = kwargs

    def geocode(self, query: str, *, exactly_one: bool = True,  # type: ignore[override]
                timeout: Any = DEFAULT_SENTINEL) -> Location | None:
        now = self.time.now if self.time else 0.0
        self.calls.append((query, now))
        if self.time:
            self.time.now += self.took
        answer = self.answers.get(query)
        if isinstance(answer, list):
            answer = answer.pop(0) if answer else None
        if isinstance(answer, BaseException):
            raise answer
        if answer is None:
            return None
        lat, lon, *rest = answer
        raw = rest[0] if rest else nominatim_raw()
        return Location(f"{query} (matched)", Point(lat, lon), raw)


def fake_service(answers: dict[str, Any], time: FakeTime) -> tuple[type[FakeGeocoder],
                                                                   Callable[[], list[Any]]]:
    """A FakeGeocoder subclass preloaded for the CLI (which builds geocoders by class),
    and a function returning every call made by its instances."""
    made: list[FakeGeocoder] = []

    class Service(FakeGeocoder):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(answers, time=time, **kwargs)
            made.append(self)

    return Service, lambda: [c for g in made for c in g.calls]


COORD_LINE = re.compile(r"""^ +["']?(lat|lon|approximate)["']?: """)


FLOW_ADDED = re.compile(r", lat: [-\d.]+, lon: [-\d.]+(?:, approximate: true)?")


def assert_only_coordinate_lines_changed(before: str, after: str) -> None:
    """Every old line is in the new text, in order, with the same bytes, except: old
    lat/lon/approximate lines (replaced by the same key), a one-line `location: {...}`
    that gained exactly `, lat: .., lon: ..`, and a last line that gained the newline it
    lacked. New lines may be inserted only if they are lat/lon/approximate lines. Linear,
    so it also checks files of 100k entries."""
    old, new = split_lines(before), split_lines(after)
    i = j = 0
    while i < len(old) or j < len(new):
        o = old[i] if i < len(old) else None
        n = new[j] if j < len(new) else None
        assert n is not None, f"old line {i + 1} is gone: {o!r}"
        if o == n:
            i, j = i + 1, j + 1
            continue
        new_key = COORD_LINE.match(n)
        if new_key:
            old_key = COORD_LINE.match(o) if o is not None else None
            if old_key and old_key.group(1) == new_key.group(1):
                i += 1  # the old value of this key, replaced
            j += 1
        elif o is not None and "location: {" in o and FLOW_ADDED.sub("", n, count=1) == o:
            i, j = i + 1, j + 1
        elif i == len(old) - 1 and o is not None and n.rstrip("\r\n") == o and n != o:
            i, j = i + 1, j + 1  # the old last line, now with a line ending
        else:
            raise AssertionError(f"old line {i + 1} {o!r} became {n!r}")
