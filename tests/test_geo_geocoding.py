"""Geocoding service wrapper: rate limiting on a fake clock, the cache, precision,
and every kind of failure. A fake geopy Geocoder answers; no socket is opened."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from geopy import exc as geopy_exc

from generator.commands.geocode_cache import FORMAT, Answer, CacheError, GeocodeCache, cache_key
from generator.geo.geocoding import Geocoding, LookupFailed, is_approximate, make_geocoder
from tests.geo_support import FakeGeocoder, FakeTime, nominatim_raw

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a test tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


def _service(tmp_path: Path, answers: dict[str, object], **kw: object
             ) -> tuple[Geocoding, FakeGeocoder, FakeTime]:
    t = FakeTime()
    g = FakeGeocoder(answers, time=t)
    cache = GeocodeCache.load(tmp_path / "geocode-cache.json")
    svc = Geocoding(g, "fake", cache, clock=t.clock, sleep=t.sleep, today=TODAY,
                    **kw)  # type: ignore[arg-type]
    return svc, g, t


def test_at_most_one_request_per_second(tmp_path: Path) -> None:
    queries = [f"{n} Main St, Springfield, IL" for n in range(5)]
    svc, g, t = _service(tmp_path, {q: (39.8, -89.6) for q in queries})
    for q in queries:
        assert svc.lookup(q) is not None
    starts = [at for _, at in g.calls]
    assert len(starts) == 5
    assert all(b - a >= 1.0 - 1e-9 for a, b in zip(starts, starts[1:], strict=False))
    assert starts[-1] == pytest.approx(4.0)  # and no slower than needed
    assert t.sleeps == pytest.approx([0.8] * 4)  # each request took 0.2 s of the second


def test_delay_below_one_second_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least"):
        Geocoding(FakeGeocoder({}), "fake", GeocodeCache(tmp_path / "c.json"), delay=0.5)


def test_cache_means_nothing_is_asked_twice(tmp_path: Path) -> None:
    q = "100 Example St, Springfield, IL 62701, US"
    svc, g, _ = _service(tmp_path, {q: (39.8012, -89.6441), "nowhere": None})
    first = svc.lookup(q)
    assert first == Answer(39.8012, -89.6441, False, f"{q} (matched)", "2026-11-23")
    assert svc.lookup("  100 EXAMPLE st,  springfield, il 62701, us ") == first
    assert svc.lookup("nowhere") is None and svc.lookup("nowhere") is None
    assert [c for c, _ in g.calls] == [q, "nowhere"]
    assert svc.requests == 2
    svc.cache.save()

    again, g2, _ = _service(tmp_path, {})  # a new run reads the committed file
    assert again.lookup(q) == first and again.lookup("nowhere") is None
    assert g2.calls == []
    retry, g3, _ = _service(tmp_path, {"nowhere": (1.0, 2.0)}, retry_not_found=True)
    assert retry.lookup("nowhere") == Answer(1.0, 2.0, False, "nowhere (matched)", "2026-11-23")
    assert retry.lookup(q) == first and [c for c, _ in g3.calls] == ["nowhere"]


def test_cache_file_format_is_line_per_answer_and_sorted(tmp_path: Path) -> None:
    cache = GeocodeCache(tmp_path / "geocode-cache.json")
    cache.put("Nominatim", "B st", Answer(1.5, -2.25, True, "B \"street\"", "2026-01-02"))
    cache.put("nominatim", "a  ST", None)
    cache.save()
    text = (tmp_path / "geocode-cache.json").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[1] == f'"format": "{FORMAT}",'
    assert lines[3] == '"nominatim|a st": null,'
    assert lines[4].startswith('"nominatim|b st": {"lat": 1.5, "lon": -2.25, "approximate": true')
    assert json.loads(text)["answers"][cache_key("nominatim", "b st")]["address"] == 'B "street"'
    assert not (tmp_path / "geocode-cache.json.tmp").exists()
    assert GeocodeCache.load(tmp_path / "geocode-cache.json").answers == cache.answers


@pytest.mark.parametrize(("content", "words"), [
    ("{not json", "not valid JSON"),
    ('{"answers": {}}', "not a geocode cache"),
    (json.dumps({"format": FORMAT, "answers": {"x|y": {"lat": "n"}}}), "bad answer"),
    (json.dumps({"format": FORMAT, "answers": {"x|y": {"lat": 95, "lon": 1}}}), "range"),
])
def test_bad_cache_is_an_error_and_left_alone(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "geocode-cache.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CacheError, match=words):
        GeocodeCache.load(path)
    assert path.read_text(encoding="utf-8") == content


def test_transient_error_is_retried_then_answered(tmp_path: Path) -> None:
    q = "1 Main St"
    svc, g, t = _service(tmp_path, {q: [geopy_exc.GeocoderTimedOut("slow"), (40.0, -89.0)]})
    assert svc.lookup(q) == Answer(40.0, -89.0, False, f"{q} (matched)", "2026-11-23")
    assert len(g.calls) == 2
    assert 5.0 in t.sleeps  # geopy's RateLimiter waited error_wait before retrying


@pytest.mark.parametrize(("error", "words"), [
    (geopy_exc.GeocoderTimedOut("read timeout"), "timed out"),
    (geopy_exc.GeocoderUnavailable("502"), "unavailable"),
    (geopy_exc.GeocoderServiceError("boom"), "boom"),
    (geopy_exc.GeocoderQueryError("bad query"), "query rejected"),
])
def test_failures_are_reported_not_cached(tmp_path: Path, error: Exception, words: str) -> None:
    svc, g, _ = _service(tmp_path, {"q": [error] * 3 + [(1.0, 1.0)], "other": (2.0, 2.0)})
    with pytest.raises(LookupFailed, match=words) as info:
        svc.lookup("q")
    assert not info.value.refused
    assert len(g.calls) == 3  # one try and two retries
    assert svc.cache.get("fake", "q") == (False, None)
    assert svc.lookup("other") is not None  # later lookups still go ahead
    assert svc.lookup("q") == Answer(1.0, 1.0, False, "q (matched)", "2026-11-23")


@pytest.mark.parametrize("error", [
    geopy_exc.GeocoderQuotaExceeded("quota"),
    geopy_exc.GeocoderRateLimited("429", retry_after=60),
    geopy_exc.GeocoderAuthenticationFailure("key"),
    geopy_exc.GeocoderInsufficientPrivileges("403"),
])
def test_refusal_stops_further_requests(tmp_path: Path, error: Exception) -> None:
    svc, g, _ = _service(tmp_path, {"a": error, "b": (1.0, 1.0)}, max_retries=0)
    with pytest.raises(LookupFailed, match="refused") as first:
        svc.lookup("a")
    assert first.value.refused
    with pytest.raises(LookupFailed, match="refused earlier"):
        svc.lookup("b")
    assert [c for c, _ in g.calls] == ["a"]


def test_offline_service_only_reads_the_cache(tmp_path: Path) -> None:
    cache = GeocodeCache(tmp_path / "c.json")
    cache.put("fake", "known", Answer(1.0, 2.0, False))
    svc = Geocoding(None, "fake", cache)
    assert svc.lookup("known") == Answer(1.0, 2.0, False)
    with pytest.raises(LookupFailed, match="offline"):
        svc.lookup("unknown")


def test_low_precision_answers_are_approximate(tmp_path: Path) -> None:
    svc, _, _ = _service(tmp_path, {
        "town": (39.78, -89.65, nominatim_raw("city", 16)),
        "door": (39.8, -89.6, nominatim_raw("house", 30)),
    })
    assert svc.lookup("town").approximate  # type: ignore[union-attr]
    assert not svc.lookup("door").approximate  # type: ignore[union-attr]


@pytest.mark.parametrize(("raw", "approximate"), [
    ({"place_rank": 30, "class": "building", "type": "yes", "addresstype": "building"}, False),
    ({"place_rank": 26, "class": "highway", "type": "residential"}, False),
    ({"place_rank": 16, "class": "boundary", "type": "administrative"}, True),
    ({"class": "place", "type": "town"}, True),
    ({"addresstype": "postcode"}, True),
    ({"addresstype": "amenity"}, False),
    ({"properties": {"type": "house"}}, False),
    ({"properties": {"type": "city"}}, True),
    ({"properties": {"layer": "locality"}}, True),
    ({"geometry": {"location_type": "ROOFTOP"}}, False),
    ({"geometry": {"location_type": "APPROXIMATE"}}, True),
    ({"attributes": {"Addr_type": "PointAddress"}}, False),
    ({"attributes": {"Addr_type": "Locality"}}, True),
    ({}, False), (None, False), ([1, 2], False),
])
def test_is_approximate(raw: object, approximate: bool) -> None:
    assert is_approximate(raw) is approximate


def test_make_geocoder_selects_any_geopy_service() -> None:
    g = make_geocoder("nominatim", user_agent="tests/1.0", timeout=3)
    assert type(g).__name__ == "Nominatim" and g.headers["User-Agent"] == "tests/1.0"
    assert type(make_geocoder("photon")).__name__ == "Photon"
    assert type(make_geocoder("googlev3", options={"api_key": "k"})).__name__ == "GoogleV3"
    with pytest.raises(geopy_exc.GeocoderNotFound):
        make_geocoder("no-such-service")
