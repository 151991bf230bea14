"""`import meeting-guide` and `export meeting-guide|ics|csv` through generator.cli.main,
and the site files the feeds package publishes."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import icalendar
import pytest

from generator.build.context import SiteContext
from generator.build.outputs import PRODUCERS, site_files, whole
from generator.cli import main
from generator.feeds import site_feeds
from generator.format.validate import load_valid
from generator.format.yaml_writer import dump
from generator.synth import generate

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
MESSY = str(FIXTURES / "messy.json")


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "resources.yaml"
    path.write_text(dump(generate(80, seed=4)), encoding="utf-8")
    return path


def test_import_writes_valid_yaml_and_reports_every_skipped_meeting(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "resources.yaml"
    code = main(["import", "meeting-guide", MESSY, "-o", str(out), "--timezone",
                 "America/Chicago", "--program", "na"])
    err = capsys.readouterr().err
    assert code == 0
    assert f"{MESSY}: 17 of 22 meetings imported as 17 entries (0 merged into groups); " \
        "5 not imported" in err
    for slug in ("nowhere", "bad-time", "by-appointment", "no-name"):
        assert f"error: meeting `{slug}` not imported" in err
    assert f"{MESSY}:166:3: error: meeting #20 not imported" in err
    dataset = load_valid(out)
    assert len(dataset.resources) == 17
    assert {r.program for r in dataset.resources} == {"na"}
    assert main(["validate", str(out)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["resources.yaml"]  # no temp files left


def test_import_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "meeting-guide", MESSY, "--timezone", "America/Chicago"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# yaml-language-server")
    assert "  - id: twelve-hour-clock-springfield\n" in captured.out
    assert "not imported" not in captured.out  # the report goes to standard error


@pytest.mark.parametrize("feed", [
    '[{"name": "x", "slug": "x", "day": 9, "time": "19:00"}]',
    '[{"name": "x",',
    "[]",
    '{"not": "a feed"}',
])
def test_a_failed_import_leaves_the_output_untouched(
        tmp_path: Path, feed: str, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "feed.json"
    source.write_text(feed, encoding="utf-8")
    out = tmp_path / "resources.yaml"
    out.write_text("precious: true\n", encoding="utf-8")
    assert main(["import", "meeting-guide", str(source), "-o", str(out),
                 "--timezone", "America/Chicago"]) == 1
    assert out.read_text(encoding="utf-8") == "precious: true\n"
    assert "nothing to import; no file written" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.json", "resources.yaml"]


def test_import_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "meeting-guide", str(tmp_path / "missing.json")]) == 2
    assert main(["import", "meeting-guide", MESSY, "--timezone", "Mars/Olympus"]) == 2
    assert "unknown time zone" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["import", "meeting-guide", MESSY, "--program", "nope"])
    assert info.value.code == 2
    with pytest.raises(SystemExit):
        main(["import", "nope", MESSY])
    assert main(["import", "meeting-guide", MESSY, "--formats", MESSY]) == 2
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('[{"name": "Caf\u00e9"}]'.encode("latin-1"))
    assert main(["import", "meeting-guide", str(latin1)]) == 1
    assert "not UTF-8" in capsys.readouterr().err


def test_export_meeting_guide_to_standard_output(
        data_file: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", "meeting-guide", str(data_file), "--site-url",
                 "https://example.org"]) == 0
    feed = json.loads(capsysbinary.readouterr().out)
    assert feed and all(e["url"].startswith("https://example.org/r/") for e in feed)
    assert {"name", "slug", "day", "time", "timezone", "types"} <= set(feed[0])


def test_export_ics_and_csv_to_files(data_file: Path, tmp_path: Path) -> None:
    ics = tmp_path / "all.ics"
    assert main(["export", "ics", str(data_file), "-o", str(ics), "--date", "2026-03-01",
                 "--site-url", "https://example.org/"]) == 0
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    dataset = load_valid(data_file)
    active = [r for r in dataset.resources if r.kind == "meeting" and r.status == "active"]
    assert len(cal.walk("VEVENT")) == sum(len(r.schedule) for r in active)
    assert all(str(e["UID"]).endswith("@example.org") for e in cal.walk("VEVENT"))
    again = tmp_path / "again.ics"
    main(["export", "ics", str(data_file), "-o", str(again), "--date", "2026-03-01",
          "--site-url", "https://example.org/"])
    assert again.read_bytes() == ics.read_bytes()

    na = tmp_path / "na.ics"
    assert main(["export", "ics", str(data_file), "-o", str(na), "--program", "na",
                 "--date", "2026-03-01"]) == 0
    events = icalendar.Calendar.from_ical(na.read_bytes()).walk("VEVENT")
    ids = {str(e["UID"]).split("@")[0].rsplit("-", 1)[0] for e in events}  # "<id>-<slot>@"
    assert ids == {r.id for r in active if r.program == "na"}

    sheet = tmp_path / "all.csv"
    assert main(["export", "csv", str(data_file), "-o", str(sheet)]) == 0
    rows = list(csv.DictReader(io.StringIO(sheet.read_bytes().decode("utf-8-sig"))))
    assert {row["id"] for row in rows} == {r.id for r in dataset.resources}


def test_export_refuses_invalid_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("resources:\n  - id: x\n    name: X\n    kind: meeting\n    program: aa\n"
                   "    attendance: teleport\n", encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["export", "meeting-guide", str(bad), "-o", str(out)]) == 1
    assert f"{bad}:6:17: error:" in capsys.readouterr().err
    assert not out.exists()
    assert main(["export", "csv", str(tmp_path / "missing.yaml")]) == 2
    assert main(["export", "csv", str(bad), "--program", "aa"]) == 2


def test_site_files_are_registered_and_complete(data_file: Path) -> None:
    assert site_feeds.site_files in PRODUCERS
    dataset = load_valid(data_file)
    ctx = SiteContext(dataset, site_url="https://example.org/", build_date=date(2026, 3, 1))
    files = {path: whole(body)
             for path, body in site_files(ctx, (site_feeds.site_files,))}
    active = [r for r in dataset.resources if r.kind == "meeting" and r.status == "active"]
    expected = {"meetings.json", "resources.ics", "resources.csv"}
    expected |= {f"r/{r.id}.ics" for r in active}
    expected |= {f"programs/{p}.ics" for p in {r.program for r in active}}
    assert set(files) == expected
    assert json.loads(files["meetings.json"])[0]["slug"]
    one = active[0]
    cal = icalendar.Calendar.from_ical(files[f"r/{one.id}.ics"])
    assert {str(e["UID"]) for e in cal.walk("VEVENT")} == {
        f"{one.id}-{i}@example.org" for i in range(len(one.schedule))}
    everything = icalendar.Calendar.from_ical(files["resources.ics"])
    assert len(everything.walk("VEVENT")) == sum(len(r.schedule) for r in active)


def test_an_internal_failure_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import generator.feeds.meeting_guide as meeting_guide

    def broken(*args: object, **kw: object) -> None:
        raise RuntimeError("imported data does not validate: boom")

    monkeypatch.setattr(meeting_guide, "checked_yaml", broken)
    out = tmp_path / "resources.yaml"
    out.write_text("precious: true\n", encoding="utf-8")
    assert main(["import", "meeting-guide", MESSY, "-o", str(out),
                 "--timezone", "America/Chicago"]) == 1
    assert out.read_text(encoding="utf-8") == "precious: true\n"
    assert "boom; nothing written" in capsys.readouterr().err
