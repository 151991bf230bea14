"""Writing YAML and synthesising data: what is written loads back to the same objects."""

from __future__ import annotations

from pathlib import Path

from generator.format.loader import load
from generator.format.model import Dataset, Defaults, Location, Online, Resource
from generator.format.yaml_writer import dump, text
from generator.synth import generate


def _strip(r: Resource) -> Resource:
    r.line, r.positions = 0, {}
    return r


def test_round_trip_of_synthetic_data(tmp_path: Path) -> None:
    dataset = generate(500, seed=3)
    f = tmp_path / "r.yaml"
    f.write_text(dump(dataset))
    loaded, report = load(f)
    assert report.items == []
    assert [_strip(r) for r in loaded.resources] == dataset.resources


def test_awkward_strings_round_trip(tmp_path: Path) -> None:
    names = ["No", "yes", "19:00", "01234", "1e3", "a: b", "# not a comment", "x #y", "'quoted'",
             '"double"', "back\\slash", "tab\there", "line\nbreak", "emoji 🙂", "مرحبا", "&anchor",
             "*alias", "- dash", "[list]", "{map}", "trailing ", " leading", "%percent", "@at",
             "`tick`", "null", "~", "<script>alert(1)</script>"]
    resources = [Resource(id=f"r{i}", name=n, kind="helpline", program="other", attendance="online",
                          online=Online(phone="988", notes=n), timezone="America/Chicago")
                 for i, n in enumerate(names)]
    f = tmp_path / "r.yaml"
    f.write_text(dump(Dataset("x", resources, Defaults(timezone="America/Chicago"))))
    loaded, report = load(f)
    assert report.items == [] or all("tab" in d.message for d in report.items)
    assert [r.name for r in loaded.resources] == names


def test_plain_where_safe_quoted_where_not() -> None:
    assert text("Tuesday Night Hope Group") == "Tuesday Night Hope Group"
    assert text("St. Mark's Church Hall") == "St. Mark's Church Hall"
    for risky in ("no", "19:00", "62701", "a: b"):
        assert text(risky).startswith('"')


def test_synth_is_realistic() -> None:
    dataset = generate(2000, seed=1)
    rs = dataset.resources
    assert len({r.id for r in rs}) == 2000
    programs = {r.program for r in rs}
    assert {"aa", "na", "smart", "al-anon"} <= programs
    assert {r.attendance for r in rs} == {"in-person", "online", "hybrid"}
    assert any(s.every == "month" for r in rs for s in r.schedule)
    located = [r.location for r in rs if r.location]
    assert all(isinstance(loc, Location) and loc.postal_code.isdigit() and len(loc.postal_code) == 5
               for loc in located)
    assert all(36 < loc.lat < 50 and -98 < loc.lon < -80 for loc in located if loc.lat and loc.lon)
    assert len({loc.city for loc in located}) > 50


def test_ten_thousand_synthetic_entries_load_without_a_problem(tmp_path: Path) -> None:
    # The load time at this size is a benchmark figure (validate_s in make bench), not a
    # timed test; this proves the batched path reads every entry with its line right.
    dataset = generate(10_000, seed=5)
    f = tmp_path / "r.yaml"
    written = dump(dataset)
    f.write_text(written)
    loaded, report = load(f)
    assert report.items == []
    assert len(loaded.resources) == 10_000
    lines = written.split("\n")
    for r in loaded.resources[::997]:
        assert lines[r.line - 1] == f"  - id: {r.id}"
        assert lines[r.pos("name")[0] - 1].strip() == f"name: {text(r.name)}"
