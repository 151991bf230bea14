"""The CLI through its entry point, the way a volunteer or CI calls it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_bundled_data_files_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("resources.yaml", "examples/resources.yaml"):
        assert main(["validate", str(ROOT / name), "--today", "2026-11-23"]) == 0
    assert "0 error(s)" in capsys.readouterr().err


def test_validate_exit_codes_and_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("resources:\n  - id: x\n    name: y\n    kind: meting\n    program: aa\n"
                   "    attendance: online\n")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:4:11: error: `kind`: `meting` is not one of the allowed values" in out
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--format", "xml"])
    assert exc.value.code == 2


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_text((ROOT / "examples/resources.yaml").read_text())
    assert main(["validate", str(f), "--today", "2026-11-23"]) == 0
    assert main(["validate", str(f), "--today", "2030-01-01"]) == 0  # stale = warnings
    assert main(["validate", str(f), "--today", "2030-01-01", "--strict"]) == 1


def test_stale_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stale", str(ROOT / "examples/resources.yaml"), "--days", "200",
                 "--today", "2026-11-23", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "| `sample-rochester-wfs` Women for Sobriety Rochester (sample) |" in out
    assert "never |" in out  # entries nobody verified are listed as such
    assert "sample-jacksonville-inactive" not in out  # inactive entries need no check


def test_synth_is_deterministic_and_valid(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert main(["synth", "--count", "300", "--seed", "7", "-o", str(a)]) == 0
    assert main(["synth", "--count", "300", "--seed", "7", "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert main(["validate", str(a), "--today", "2026-11-23"]) == 0


def test_schema_command_matches_committed_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == (ROOT / "resources.schema.json").read_text(), \
        "resources.schema.json is out of date: run `make schema`"


def test_module_entry_point_runs() -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0
    for command in ("validate", "stale", "synth", "schema"):
        assert command in proc.stdout
