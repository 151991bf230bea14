"""The HSDS 3.0 data package (/hsds/, `export hsds`): what each table holds, ids that stay
put from build to build, and `frictionless validate` passing on a real export (and
failing on a broken one, so the check is known to bite)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import subprocess
import sys
import uuid
from datetime import date, time
from pathlib import Path

import pytest

from generator.build.context import SiteContext
from generator.build.outputs import site_files, whole
from generator.cli import main
from generator.feeds.hsds import Tables, package_files, row_id
from generator.feeds.hsds_schema import TABLES
from generator.format.model import Contact, Dataset, Location, Online, Resource, ScheduleSlot

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "resources.yaml"
SITE = "https://meetings.example.org/"

HYBRID = Resource(
    id="hope", name="Hope Group", kind="meeting", program="aa", attendance="hybrid",
    timezone="America/Chicago",
    schedule=(ScheduleSlot(("tue", "thu"), time(19, 0), time(20, 0)),
              ScheduleSlot(("sat",), time(10, 0), None, "month", (1, -1)),
              ScheduleSlot(("fri",), time(18, 30), None, "2 weeks", from_=date(2026, 7, 3))),
    location=Location(place="St. Mark's Hall", address="1 Main St", city="Springfield",
                      region="IL", postal_code="62701", country="US", lat=39.8017,
                      lon=-89.6436, directions="Side door"),
    online=Online(url="https://zoom.us/j/1", phone="+1 555 0100", notes="Passcode 1"),
    tags=("open", "spanish", "wheelchair"), description="Plain words.",
    contact=Contact(website="https://hope.example.org/", email="hope@example.org",
                    phone="+1 555 0199"),
    verified=date(2026, 6, 1), status="active")
LINE = Resource(id="line", name="Helpline", kind="helpline", program="other",
                attendance="online", online=Online(phone="988"), status="temporarily-closed")


def tables(resources: list[Resource], build: date = date(2026, 7, 1)) -> Tables:
    return Tables(SiteContext(Dataset("x", resources), site_url=SITE, build_date=build))


def test_one_service_per_entry_under_its_programs_organization() -> None:
    t = tables([HYBRID, LINE])
    assert [o["name"] for o in t.rows["organization"]] == ["Alcoholics Anonymous",
                                                           "Other peer support"]
    hope, line = t.rows["service"]
    assert hope["organization_id"] == row_id("organization", "aa")
    assert hope["url"] == "https://meetings.example.org/r/hope/"
    assert (hope["status"], hope["assured_date"], hope["email"]) == (
        "active", "2026-06-01", "hope@example.org")
    assert (line["status"], line["alert"]) == ("temporarily closed", "Temporarily closed")


def test_hybrid_entry_has_a_physical_and_a_virtual_location() -> None:
    t = tables([HYBRID])
    physical, virtual = t.rows["location"]
    assert (physical["location_type"], physical["name"], physical["latitude"],
            physical["transportation"]) == ("physical", "St. Mark's Hall", "39.801700",
                                            "Side door")
    assert (virtual["location_type"], virtual["url"]) == ("virtual", "https://zoom.us/j/1")
    assert {s["location_id"] for s in t.rows["service_at_location"]} == {physical["id"],
                                                                         virtual["id"]}
    (address,) = t.rows["address"]
    assert (address["address_1"], address["state_province"], address["postal_code"],
            address["location_id"]) == ("1 Main St", "IL", "62701", physical["id"])
    phones = {p["number"]: p for p in t.rows["phone"]}
    assert phones["+1 555 0100"]["location_id"] == virtual["id"]
    assert phones["+1 555 0100"]["description"] == "Dial-in number: Passcode 1"
    assert phones["+1 555 0199"]["location_id"] == ""
    assert [(x["name"], x["code"]) for x in t.rows["language"]] == [("Spanish", "es")]
    assert [a["description"] for a in t.rows["accessibility"]] == ["Wheelchair accessible"]


def test_address_row_only_when_every_required_part_is_known() -> None:
    loc = Location(address="1 Main St", city="Springfield", country="US")
    partial = Resource(id="p", name="P", kind="meeting", program="aa",
                       attendance="in-person", location=loc)
    t = tables([partial])
    assert t.rows["address"] == []
    assert t.rows["location"][0]["description"] == "1 Main St, Springfield, US"


def test_schedules_are_rrule_fields_with_the_offset_of_the_build_date() -> None:
    weekly, monthly, fortnightly = tables([HYBRID]).rows["schedule"]
    assert (weekly["freq"], weekly["interval"], weekly["byday"], weekly["opens_at"],
            weekly["closes_at"], weekly["timezone"]) == (
        "WEEKLY", "", "TU,TH", "19:00-05:00", "20:00-05:00", "-5")
    assert (monthly["freq"], monthly["byday"]) == ("MONTHLY", "1SA,-1SA")
    assert (fortnightly["interval"], fortnightly["dtstart"]) == ("2", "2026-07-03")
    assert "America/Chicago" in weekly["notes"]
    assert weekly["attending_type"] == "In person and online"
    assert weekly["schedule_link"] == "https://meetings.example.org/r/hope.ics"
    closed = dataclasses.replace(HYBRID, status="inactive")
    assert tables([closed]).rows["schedule"][0]["schedule_link"] == ""  # no calendar then
    winter = tables([HYBRID], date(2026, 12, 1)).rows["schedule"][0]
    assert (winter["timezone"], winter["opens_at"]) == ("-6", "19:00-06:00")
    # The phase of a fortnightly slot holds: the first date on or after the build date.
    assert tables([HYBRID], date(2026, 7, 4)).rows["schedule"][2]["dtstart"] == "2026-07-17"


def test_ids_are_uuids_stable_across_builds_and_unique() -> None:
    first = tables([HYBRID, LINE], date(2026, 7, 1))
    later = tables([LINE, HYBRID], date(2026, 12, 1))
    for table in TABLES:
        ids = [r["id"] for r in first.rows[table]]
        assert len(ids) == len(set(ids)), table
        assert all(uuid.UUID(i).version == 5 for i in ids)
        assert sorted(ids) == sorted(r["id"] for r in later.rows[table]), table


def test_csv_columns_match_the_descriptor() -> None:
    ctx = SiteContext(Dataset("x", [HYBRID, LINE]), site_url=SITE, build_date=date(2026, 7, 1))
    files = {name: whole(content) for name, content in package_files(ctx)}
    meta = json.loads(files["datapackage.json"])
    service = bytes(files["service.csv"]).decode("utf-8").split("\r\n")
    assert service[0].startswith("id,organization_id,name,")
    assert len([line for line in service if line]) == 3  # header + two entries
    assert [r["path"] for r in meta["resources"]] == [f"{t}.csv" for t in TABLES]
    for resource in meta["resources"]:
        text = bytes(files[resource["path"]]).decode("utf-8")
        assert not text.startswith("\ufeff")
        header = next(csv.reader(io.StringIO(text)))
        assert header == [f["name"] for f in resource["schema"]["fields"]]


def test_the_site_publishes_the_package_under_hsds() -> None:
    ctx = SiteContext(Dataset("x", [HYBRID]), site_url=SITE, build_date=date(2026, 7, 1))
    paths = [path for path, _ in site_files(ctx)]
    assert "hsds/datapackage.json" in paths
    assert {f"hsds/{t}.csv" for t in TABLES} <= set(paths)


def frictionless(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "frictionless"
    assert exe.exists(), "frictionless is in the test extra: `make test` installs it"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hsds") / "package"
    assert main(["export", "hsds", str(SAMPLE), "-o", str(out), "--site-url", SITE,
                 "--date", "2026-11-02"]) == 0
    return out


def test_export_passes_frictionless_validate(exported: Path) -> None:
    result = frictionless("validate", "--json", str(exported / "datapackage.json"))
    report = json.loads(result.stdout)
    assert report["valid"] is True, result.stdout[:4000]
    assert result.returncode == 0
    rows = {task["name"]: task["stats"]["rows"] for task in report["tasks"]}
    assert rows["service"] == 24 and rows["schedule"] >= 20 and rows["address"] > 0


@pytest.mark.parametrize(("table", "old", "new", "error"), [
    ("service", "active", "open", "constraint-error"),           # not in the enum
    ("schedule", "WEEKLY", "DAILY", "constraint-error"),
    ("address", "62701", "", "constraint-error"),                # required
])
def test_frictionless_rejects_a_broken_package(exported: Path, tmp_path: Path, table: str,
                                               old: str, new: str, error: str) -> None:
    copy = tmp_path / "broken"
    shutil.copytree(exported, copy)
    path = copy / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = frictionless("validate", "--json", str(copy / "datapackage.json"))
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert error in {e["type"] for t in report["tasks"] for e in t["errors"]}


def test_frictionless_checks_foreign_keys(exported: Path, tmp_path: Path) -> None:
    copy = tmp_path / "orphan"
    shutil.copytree(exported, copy)
    path = copy / "service_at_location.csv"
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    cells = lines[1].split(",")
    cells[2] = str(uuid.uuid4())  # a location that does not exist
    lines[1] = ",".join(cells)
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    report = json.loads(frictionless("validate", "--json", str(copy / "datapackage.json")).stdout)
    assert report["valid"] is False
    assert "foreign-key" in {e["type"] for t in report["tasks"] for e in t["errors"]}


def test_export_hsds_needs_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "hsds", str(SAMPLE)]) == 2
    assert "-o DIR" in capsys.readouterr().err


def test_row_ids_are_exactly_uuid5() -> None:
    from generator.feeds.hsds import NAMESPACE

    for parts in [("service", "hope"), ("schedule", "hope", "0"), ("x", "é", "")]:
        assert row_id(*parts) == str(uuid.uuid5(NAMESPACE, ":".join(parts)))
