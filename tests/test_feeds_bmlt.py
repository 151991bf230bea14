"""BMLT GetSearchResults exports (NA): formats, unpublished, virtual and hybrid meetings."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from generator.cli import main
from generator.feeds.bmlt import BmltOptions, convert, import_bmlt
from generator.feeds.meeting_guide import ImportResult, checked_yaml
from generator.format.model import Resource
from generator.format.validate import check, load_valid

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
SEARCH = FIXTURES / "bmlt_search_results.json"
TODAY = date(2026, 1, 1)


@pytest.fixture(scope="module")
def bmlt() -> ImportResult:
    return import_bmlt(SEARCH.read_text(encoding="utf-8"), "na.json", BmltOptions(today=TODAY))


def _by_source(result: ImportResult) -> dict[str, Resource]:
    return {sid: r for r in result.dataset.resources for sid in r.source_ids}


def test_weekdays_times_durations_and_one_entry_per_group(bmlt: ImportResult) -> None:
    by = _by_source(bmlt)
    jft = by["1201"]
    assert jft is by["1202"] and jft.source_ids == ("1201", "1202")
    assert (jft.id, jft.program, jft.attendance) == ("just-for-today-wilmington", "na", "in-person")
    # weekday_tinyint 2 = Monday, 4 = Wednesday; 19:00 + 1:30
    assert [(s.days, s.start, s.end, s.tags) for s in jft.schedule] == [
        (("mon",), time(19), time(20, 30), ("literature",)),
        (("wed",), time(19), time(20, 30), ("step-study",))]
    assert jft.tags == ("open", "wheelchair")
    assert jft.description == "Newcomers welcome & coffee"
    loc = jft.location
    assert loc is not None
    assert (loc.place, loc.address, loc.city, loc.region, loc.postal_code, loc.country) == (
        "St. Paul's Church", "1000 N Broad St", "Wilmington", "DE", "19801", "US")
    assert (loc.directions, loc.neighborhood) == ("Basement, side door", "Trolley Square")
    assert by["1203"].schedule[0].days == ("sun",)  # 1 = Sunday
    late = by["1204"].schedule[0]
    assert (late.days, late.start, late.end) == (("sat",), time(23), time(1))  # past midnight


def test_venue_types_and_virtual_links(bmlt: ImportResult) -> None:
    by = _by_source(bmlt)
    online = by["1203"]
    assert (online.attendance, online.location) == ("online", None)
    assert online.online is not None
    assert online.online.url == "https://zoom.us/j/7771234?pwd=abc&region=de"
    assert (online.online.phone, online.online.notes) == ("+1 929 555 0100", "Meeting ID 777 1234")
    assert online.timezone == "America/New_York"  # its own time_zone
    hybrid = by["1204"]
    assert hybrid.attendance == "hybrid" and hybrid.location is not None
    assert hybrid.location.region == "DE"  # "Delaware"
    assert hybrid.tags == ("open", "speaker")
    assert by["1206"].status == "temporarily-closed"  # format TC


def test_unpublished_skipped_unknown_formats_reported_zones_inferred(bmlt: ImportResult) -> None:
    assert bmlt.outcome[4] is None and bmlt.outcome[6] is None
    messages = [d.format() for d in bmlt.report.errors]
    assert messages == [
        "na.json:6:1: error: meeting `1205` not imported: unpublished (published = 0)",
        'na.json:8:1: error: meeting `1207` not imported: weekday_tinyint "9" is not 1 '
        "(Sunday) to 7"]
    summary = bmlt.summary
    assert summary is not None
    assert dict(summary.unknown_codes) == {"ZZ9": 1}
    assert (summary.total, summary.imported, summary.entries, summary.unpublished) == (7, 5, 4, 1)
    assert summary.zone_from["coordinates"] == 3 and summary.zone_from["feed"] == 1
    assert {r.timezone for r in bmlt.dataset.resources} == {"America/New_York"}
    lines = "\n".join(summary.summary_lines())
    assert "1 unpublished meetings skipped" in lines and "ZZ9 (1)" in lines


def test_a_separate_formats_file_and_a_bare_list() -> None:
    entries, report = convert((FIXTURES / "bmlt_meetings_only.json").read_text("utf-8"),
                              "bare.json", BmltOptions(today=TODAY),
                              (FIXTURES / "bmlt_formats.json").read_text("utf-8"))
    assert not report.diagnostics.errors
    jft = next(r for r in entries if "1201" in r.source_ids)
    assert jft.all_tags == ("open", "wheelchair", "literature", "step-study")
    assert report.unknown_codes["ZZ9"] == 1


def test_the_import_validates(bmlt: ImportResult) -> None:
    text, _ = checked_yaml(bmlt, today=TODAY)
    dataset, report = check("na.yaml", text=text, today=TODAY)
    assert not report.errors and not report.warnings, [d.format() for d in report.items]
    assert [r.source_ids for r in dataset.resources] == [
        r.source_ids for r in bmlt.dataset.resources]


def test_import_bmlt_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "na.yaml"
    assert main(["import", "bmlt", str(SEARCH), "-o", str(out), "--dry-run"]) == 0
    err = capsys.readouterr().err
    assert "5 of 7 meetings imported as 4 entries (1 merged into groups)" in err
    assert "dry run; nothing written" in err and not out.exists()
    assert main(["import", "bmlt", str(FIXTURES / "bmlt_meetings_only.json"), "-o", str(out),
                 "--formats", str(FIXTURES / "bmlt_formats.json"), "--program", "ca"]) == 0
    assert {r.program for r in load_valid(out).resources} == {"ca"}
