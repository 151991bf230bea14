"""GitHub Actions output: annotation lines with the workflow-command escaping rules, the
step summary, and `validate --format github` on bad files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import main
from generator.format.diagnostics import Diagnostic, Report, printable
from generator.review.github import (
    ANNOTATIONS_SHOWN,
    annotation,
    escape_data,
    escape_property,
    step_summary,
    write_step_summary,
)

COMMAND = re.compile(r"^::(?P<cmd>error|warning) (?P<props>[^:]*)::(?P<msg>.*)$")


def unescape(text: str) -> str:
    """What the Actions runner does to a value before showing it."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Split a workflow command the way the runner does: properties end at `,`, the
    property list at `::`. Escaping is right exactly when this recovers every value."""
    m = COMMAND.match(line)
    assert m, line
    props = {}
    for pair in m["props"].split(","):
        key, _, value = pair.partition("=")
        props[key] = unescape(value)
    return m["cmd"], props, unescape(m["msg"])


def diag(message: str = "bad value", hint: str = "", file: str = "resources.yaml",
         severity: str = "error", line: int = 7, col: int = 5) -> Diagnostic:
    return Diagnostic(file, line, col, severity, message, hint)


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize(("raw", "data", "prop"), [
    ("100%", "100%25", "100%25"),
    ("a\nb", "a%0Ab", "a%0Ab"),
    ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("key: value", "key: value", "key%3A value"),
    ("one, two", "one, two", "one%2C two"),
    ("%0A literal", "%250A literal", "%250A literal"),  # escape % first, or this decodes to \n
    ("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"),
])
def test_escaping_rules(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_annotation_line_for_an_error_with_a_hint() -> None:
    line = annotation(diag("`kind`: `meting` is not allowed, 100% sure",
                           hint='use one of: meeting, community'))
    assert line == (
        "::error file=resources.yaml,line=7,col=5,title=resources.yaml error::"
        "`kind`: `meting` is not allowed, 100%25 sure%0AHow to fix: use one of: meeting, community"
    )


def test_annotation_properties_escape_colon_and_comma() -> None:
    line = annotation(diag(file="data/v1, draft: 50%.yaml", severity="warning"))
    assert line.startswith(
        "::warning file=data/v1%2C draft%3A 50%25.yaml,line=7,col=5,"
        "title=v1%2C draft%3A 50%25.yaml warning::bad value")
    cmd, props, msg = parse(line)
    assert (cmd, props["file"], props["line"], props["col"], msg) == (
        "warning", "data/v1, draft: 50%.yaml", "7", "5", "bad value")


def test_absolute_paths_become_relative_to_the_checkout(tmp_path: Path) -> None:
    line = annotation(diag(file=str(tmp_path / "sub" / "resources.yaml")), root=tmp_path)
    assert line.startswith("::error file=sub/resources.yaml,line=7,")
    elsewhere = annotation(diag(file="/elsewhere/resources.yaml"), root=tmp_path)
    assert "file=/elsewhere/resources.yaml," in elsewhere


def test_line_and_column_are_at_least_one() -> None:
    assert ",line=1,col=1," in annotation(diag(line=0, col=0))


@given(message=st.text(), hint=st.text(), file=st.text(min_size=1))
def test_any_text_survives_the_round_trip_on_one_line(message: str, hint: str, file: str) -> None:
    line = annotation(diag(message, hint, file=file), root=Path("/nonexistent-root"))
    assert "\n" not in line and "\r" not in line
    cmd, props, msg = parse(line)
    assert cmd == "error"
    assert set(props) == {"file", "line", "col", "title"}
    # Controls and escape sequences arrive escaped (printable), everything else as written.
    message, hint = printable(message), printable(hint)
    assert msg == (f"{message}\nHow to fix: {hint}" if hint else message)
    if not file.startswith("/"):
        assert props["file"] == Path(file).as_posix()


# --------------------------------------------------------------------------- summary


def test_summary_of_a_valid_file() -> None:
    out = step_summary(Report("resources.yaml"))
    assert "✅ `resources.yaml` is valid: no errors, no warnings." in out


def test_summary_lists_errors_before_warnings_and_escapes_cells() -> None:
    report = Report("resources.yaml")
    report.warning(3, 5, "entry not verified since 2024-01-01")
    report.error(9, 11, "name has <b>HTML</b> | and a pipe", "write plain text")
    out = step_summary(report)
    assert "❌ 1 error and 1 warning. Errors must be fixed before this can be merged." in out
    rows = [r for r in out.splitlines() if r.startswith("| ") and r[2].isdigit()]
    assert rows == [
        "| 9 | 11 | error | name has &lt;b&gt;HTML&lt;/b&gt; \\| and a pipe | write plain text |",
        "| 3 | 5 | warning | entry not verified since 2024-01-01 |  |",
    ]


def test_summary_explains_the_annotation_limit_and_caps_its_table() -> None:
    report = Report("resources.yaml")
    for i in range(ANNOTATIONS_SHOWN + 5):
        report.warning(i + 1, 1, f"warning {i}")
    out = step_summary(report, limit=8)
    assert "⚠️ 0 errors and 15 warnings." in out
    assert f"only the first {ANNOTATIONS_SHOWN} errors" in out
    assert sum(1 for r in out.splitlines() if r.startswith("| ") and r[2].isdigit()) == 8
    assert "…and 7 more. Run `python -m generator validate resources.yaml`" in out


def test_write_step_summary_appends_only_in_actions(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert write_step_summary("x") is False
    target = tmp_path / "summary.md"
    target.write_text("before\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    assert write_step_summary("after\n") is True
    assert target.read_text(encoding="utf-8") == "before\nafter\n"


# --------------------------------------------------------------------------- validate

BAD_FILE = """\
resources:
  - id: bad-entry
    name: Bad
    kind: meeting
    program: aa
    attendance: in-person
    "colour: 100%, really": blue
    schedule:
      - days: [tue]
        start: "25:00"
    location:
      address: 1 Main St
      city: Springfield
"""


def run_github_validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str], name: str,
                        text: str) -> tuple[int, list[str], str]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code = main(["validate", "--format", "github", "--today", "2026-06-01", name])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    return code, lines, summary.read_text(encoding="utf-8") if summary.exists() else ""


def test_validate_prints_escaped_annotations_for_a_bad_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    name = "list, v2: 100%.yaml"
    code, lines, summary = run_github_validate(tmp_path, monkeypatch, capsys, name, BAD_FILE)
    assert code == 1
    key = next(line for line in lines if ",line=7," in line)
    assert key.startswith(
        "::error file=list%2C v2%3A 100%25.yaml,line=7,col=5,"
        "title=list%2C v2%3A 100%25.yaml error::"
        "unknown key `colour: 100%25, really`%0AHow to fix: ")
    start = next(line for line in lines if ",line=10," in line)
    assert start.startswith("::error file=list%2C v2%3A 100%25.yaml,line=10,col=16,")
    assert "`25:00`" in start and "%0A" in start
    for line in lines:  # every line parses back: nothing escapes its field
        _, props, _ = parse(line)
        assert props["file"] == name
    assert "| 7 | 5 | error | unknown key `colour: 100%, really` |" in summary
    assert "| 10 | 16 | error |" in summary


def test_validate_warnings_are_warning_annotations(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    text = """\
resources:
  - id: old-online
    name: Old Online Group
    kind: meeting
    program: smart
    attendance: online
    timezone: America/Chicago
    schedule:
      - days: [mon]
        start: "19:00"
    online:
      url: https://example.org/join
    verified: 2020-01-01
"""
    code, lines, summary = run_github_validate(tmp_path, monkeypatch, capsys,
                                               "resources.yaml", text)
    assert code == 0
    assert lines and all(line.startswith("::warning file=resources.yaml,line=") for line in lines)
    assert any(",line=13,col=15," in line for line in lines), lines
    assert "⚠️ 0 errors and" in summary
