"""`python -m generator geocode` end to end, with a fake geopy service registered under
the name "fake" and a fake clock. Every untouched line keeps its bytes; failed lookups
leave their entry alone and make the exit code 1; nothing is looked up twice."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from geopy import exc as geopy_exc
from geopy.geocoders import SERVICE_TO_GEOCODER

from generator.cli import main
from generator.commands import geocode as geocode_command
from generator.format.loader import load
from tests.geo_support import (
    FakeTime,
    assert_only_coordinate_lines_changed,
    fake_service,
    nominatim_raw,
)

DATA = """\
# Springfield sample  -- comments and quoting must survive
defaults:
  timezone: America/Chicago
  country: US
  region: IL
resources:
  - id: precise   # door-level answer
    name: 'Precise ''one'''
    kind: community
    program: aa
    attendance: in-person
    location:
      address: "100 Example St"
      city: Springfield
      postal_code: "62701"
      directions: >
        Side door
  - id: townish
    name: "Town level"
    kind: community
    program: na
    attendance: hybrid
    online: {url: "https://example.org/j"}
    location:
      address: 200 Demo Ave
      city: Springfield
      postal_code: '62702'
  - id: slow
    name: Slow
    kind: community
    program: aa
    attendance: in-person
    location:
      address: 300 Timeout Rd
      city: Springfield
      postal_code: "62703"
  - id: unknown
    name: Unknown
    kind: community
    program: aa
    attendance: in-person
    location:
      address: 400 Nowhere Ln
      city: Springfield
      postal_code: "62704"
  - id: far-off
    name: Far
    kind: community
    program: aa
    attendance: in-person
    location:
      address: 500 Elsewhere Blvd
      city: Springfield
      postal_code: "62701"
  - id: done
    name: Done
    kind: community
    program: aa
    attendance: in-person
    location:
      address: 600 Done St
      city: Springfield
      postal_code: "62701"
      lat: 39.8
      lon: -89.65
  - id: online-only
    name: Online
    kind: community
    program: aa
    attendance: online
    online:
      url: https://example.org/o
"""

Q = {k: f"{n}, Springfield, IL {z}, US" for k, n, z in [
    ("precise", "100 Example St", "62701"), ("townish", "200 Demo Ave", "62702"),
    ("slow", "300 Timeout Rd", "62703"), ("unknown", "400 Nowhere Ln", "62704"),
    ("far-off", "500 Elsewhere Blvd", "62701")]}
ANSWERS: dict[str, Any] = {
    Q["precise"]: (39.80123, -89.64412),
    Q["townish"]: (39.78, -89.65, nominatim_raw("city", 16)),
    Q["slow"]: geopy_exc.GeocoderTimedOut("timed out"),
    Q["unknown"]: None,
    Q["far-off"]: (41.8781, -87.6298),  # Chicago: 178 miles from 62701
}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a test tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Callable[[], list[Any]],
                                                               FakeTime]]:
    t = FakeTime()
    cls, calls = fake_service(ANSWERS, t)
    monkeypatch.setitem(SERVICE_TO_GEOCODER, "fake", cls)
    monkeypatch.setattr(geocode_command, "CLOCK", t.clock)
    monkeypatch.setattr(geocode_command, "SLEEP", t.sleep)
    yield calls, t


def _file(tmp_path: Path, text: str = DATA) -> Path:
    path = tmp_path / "resources.yaml"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_geocode_writes_only_coordinate_lines(
        tmp_path: Path, service: tuple[Callable[[], list[Any]], FakeTime],
        capsys: pytest.CaptureFixture[str]) -> None:
    calls, t = service
    path = _file(tmp_path)
    assert main(["geocode", str(path), "--geocoder", "fake"]) == 1  # some failed
    err = capsys.readouterr().err
    new = path.read_text(encoding="utf-8")
    assert_only_coordinate_lines_changed(DATA, new)

    by_id = load(path)[0].by_id()
    loc = by_id["precise"].location
    assert loc and (loc.lat, loc.lon, loc.approximate) == (39.80123, -89.64412, False)
    loc = by_id["townish"].location
    assert loc and (loc.lat, loc.lon, loc.approximate) == (39.78, -89.65, True)
    for entry in ("slow", "unknown", "far-off"):
        assert by_id[entry].location.lat is None  # type: ignore[union-attr]
    assert "      approximate: true\n  - id: slow" in new

    lines = DATA.splitlines()
    def line_of(entry: str) -> int:
        return lines.index(f"  - id: {entry}") + 7  # its location's first key
    assert f"{path}:{line_of('slow')}:7: error: slow: fake failed: timed out" in err
    assert f"{path}:{line_of('unknown')}:7: error: unknown: fake found nothing" in err
    assert f"{path}:{line_of('far-off')}:7: error: far-off: the answer" in err
    assert "178 miles from postal code 62701" in err
    assert "filled 2 entries (1 approximate), 3 not filled" in err

    asked = [q for q, _ in calls()]
    assert sorted(set(asked)) == sorted(Q.values())  # never the done or online entries
    assert asked.count(Q["slow"]) == 3  # geopy's RateLimiter retried twice
    starts = [at for _, at in calls()]
    assert all(b - a >= 1.0 - 1e-9 for a, b in zip(starts, starts[1:], strict=False))

    cache = json.loads((tmp_path / "geocode-cache.json").read_text(encoding="utf-8"))
    assert set(cache["answers"]) == {f"fake|{q.casefold()}" for k, q in Q.items()
                                     if k != "slow"}  # failures are not cached
    assert not list(tmp_path.glob("*.tmp"))


def test_second_run_asks_nothing_already_answered(
        tmp_path: Path, service: tuple[Callable[[], list[Any]], FakeTime]) -> None:
    calls, _ = service
    path = _file(tmp_path)
    main(["geocode", str(path), "--geocoder", "fake"])
    first_result, first_calls = path.read_bytes(), len(calls())
    path.write_bytes(DATA.encode("utf-8"))  # start over from the original file
    main(["geocode", str(path), "--geocoder", "fake"])
    assert path.read_bytes() == first_result
    assert [q for q, _ in calls()[first_calls:]] == [Q["slow"]] * 3  # only the failure


def test_dry_run_writes_nothing(tmp_path: Path, service: tuple[Callable[[], list[Any]],
                                                                FakeTime],
                                capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path)
    assert main(["geocode", str(path), "--geocoder", "fake", "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == DATA
    assert not (tmp_path / "geocode-cache.json").exists()
    assert "+      lat: 39.80123\n" in out and "+      approximate: true\n" in out
    assert out.startswith(f"--- {path}\n+++ {path} (geocoded)\n")


def test_offline_uses_postal_centroids_marked_approximate(
        tmp_path: Path, service: tuple[Callable[[], list[Any]], FakeTime],
        capsys: pytest.CaptureFixture[str]) -> None:
    calls, _ = service
    path = _file(tmp_path)
    assert main(["geocode", str(path), "--offline"]) == 0
    assert calls() == []
    new = path.read_text(encoding="utf-8")
    assert_only_coordinate_lines_changed(DATA, new)
    dataset, report = load(path)
    assert not report.errors
    for r in dataset.resources:
        if r.is_in_person and r.id != "done":
            assert r.location and r.location.has_coordinates and r.location.approximate
    assert "filled 5 entries (5 approximate), 0 not filled" in capsys.readouterr().err


def test_offline_prefers_cached_answers(tmp_path: Path,
                                        service: tuple[Callable[[], list[Any]], FakeTime]
                                        ) -> None:
    path = _file(tmp_path)
    main(["geocode", str(path), "--geocoder", "fake", "--dry-run"])
    (tmp_path / "geocode-cache.json").write_text(json.dumps({
        "format": "peer-directory-geocode-cache/1",
        "answers": {f"fake|{Q['precise'].casefold()}": {"lat": 39.801, "lon": -89.644,
                                                         "approximate": False}}}))
    assert main(["geocode", str(path), "--offline", "--geocoder", "fake"]) == 0
    loc = load(path)[0].by_id()["precise"].location
    assert loc and (loc.lat, loc.lon, loc.approximate) == (39.801, -89.644, False)


def test_file_with_errors_is_never_written(tmp_path: Path,
                                           service: tuple[Callable[[], list[Any]], FakeTime],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    calls, _ = service
    bad = DATA.replace("program: na", "program: nope")
    path = _file(tmp_path, bad)
    assert main(["geocode", str(path), "--geocoder", "fake"]) == 1
    assert path.read_text(encoding="utf-8") == bad and calls() == []
    err = capsys.readouterr().err
    assert "is not one of the allowed values" in err and "not changed" in err


def test_crlf_and_bom_survive(tmp_path: Path, service: tuple[Callable[[], list[Any]],
                                                              FakeTime]) -> None:
    text = DATA.replace("\n", "\r\n")
    path = tmp_path / "resources.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    main(["geocode", str(path), "--offline"])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    new = raw[3:].decode("utf-8")
    assert "\n" not in new.replace("\r\n", "")
    assert_only_coordinate_lines_changed(text, new)


def test_refusal_stops_asking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    t = FakeTime()
    cls, calls = fake_service({q: geopy_exc.GeocoderQuotaExceeded("over quota")
                               for q in Q.values()}, t)
    monkeypatch.setitem(SERVICE_TO_GEOCODER, "fake", cls)
    monkeypatch.setattr(geocode_command, "SLEEP", t.sleep)
    monkeypatch.setattr(geocode_command, "CLOCK", t.clock)
    path = _file(tmp_path)
    assert main(["geocode", str(path), "--geocoder", "fake"]) == 1
    assert path.read_text(encoding="utf-8") == DATA
    assert len({q for q, _ in calls()}) == 1  # the first address only (with its retries)
    err = capsys.readouterr().err
    assert "fake refused: quota exceeded" in err
    assert err.count("refused earlier") == 8  # 4 entries: progress line + error line


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--geocoder", "no-such-service"], 2, "not a geopy geocoder"),
    (["--delay", "0.2"], 2, "at least 1.0"),
    (["--option", "novalue"], 2, "KEY=VALUE"),
    (["--geocoder", "fake", "--option", "unexpected=1"], 2, "cannot set up fake"),
])
def test_usage_errors(tmp_path: Path, service: tuple[Callable[[], list[Any]], FakeTime],
                      capsys: pytest.CaptureFixture[str], args: list[str], code: int,
                      words: str) -> None:
    path = _file(tmp_path)
    assert main(["geocode", str(path), *args]) == code
    assert words in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == DATA


def test_missing_file_and_bad_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geocode", str(tmp_path / "nope.yaml"), "--offline"]) == 2
    path = _file(tmp_path)
    (tmp_path / "geocode-cache.json").write_text("{broken")
    assert main(["geocode", str(path), "--offline"]) == 1
    assert "not valid JSON" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == DATA
    assert (tmp_path / "geocode-cache.json").read_text() == "{broken"


def test_nothing_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path)
    main(["geocode", str(path), "--offline"])
    once = path.read_bytes()
    assert main(["geocode", str(path), "--offline"]) == 0
    assert path.read_bytes() == once
    assert "nothing to do" in capsys.readouterr().err


def test_offline_on_a_synthetic_list(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A few thousand generated entries with their coordinate lines removed: all filled
    from the gazetteer, every other line intact, and close to where they really were."""
    from generator.format.yaml_writer import dump
    from generator.synth import generate

    original = generate(2000, seed=5)
    text = "".join(line for line in dump(original).splitlines(keepends=True)
                   if not line.lstrip().startswith(("lat:", "lon:", "approximate:")))
    path = _file(tmp_path, text)
    assert main(["geocode", str(path), "--offline"]) == 0
    assert_only_coordinate_lines_changed(text, path.read_text(encoding="utf-8"))
    filled, report = load(path)
    assert not report.errors
    before = original.by_id()
    placed = 0
    for r in filled.resources:
        old = before[r.id].location
        if r.is_in_person and old is not None and old.lat is not None:
            loc = r.location
            assert loc and loc.approximate and loc.lat is not None and loc.lon is not None
            assert abs(loc.lat - old.lat) < 0.5 and abs(loc.lon - old.lon) < 0.5, r.id
            placed += 1
    assert placed > 1000
    assert f"filled {placed} entries ({placed} approximate)" in capsys.readouterr().err


def test_half_written_pair_is_completed(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """validate says "give both lat and lon... run geocode": geocode must then work."""
    text = DATA.replace('      postal_code: "62703"\n',
                        '      postal_code: "62703"\n      lat: 39.76   # lon missing\n')
    path = _file(tmp_path, text)
    assert main(["validate", str(path)]) == 1
    assert "give both lat and lon" in capsys.readouterr().out
    assert main(["geocode", str(path), "--offline"]) == 0
    new = path.read_text(encoding="utf-8")
    assert_only_coordinate_lines_changed(text, new)
    assert "      lat: 39.7622   # lon missing\n      lon: -89.6275\n      approximate: true\n" \
        in new
    assert main(["validate", str(path)]) == 0


def test_other_errors_still_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = DATA.replace('      postal_code: "62703"\n',
                        '      postal_code: "62703"\n      lat: 39.76\n')
    text = text.replace("timezone: America/Chicago", "timezone: Mars/Olympus")
    path = _file(tmp_path, text)
    assert main(["geocode", str(path), "--offline"]) == 1
    err = capsys.readouterr().err
    assert "unknown time zone" in err and "give both" not in err
    assert path.read_text(encoding="utf-8") == text
