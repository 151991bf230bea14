"""`from-issue`: issue bodies as GitHub renders them become exactly the YAML a volunteer
would write, the rest of the file keeps its bytes, the result validates, and a second
run on the same issue changes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from intake_support import DATA, DAY, FIXTURES, add_body, change_body

from generator.format.validate import check
from generator.intake.apply import IntakeError, Result, apply_issue
from generator.intake.issue_body import FormError, read_form
from generator.intake.quote import plain

NEW_HOPE = """
  - id: springfield-tuesday-night-hope-group
    name: Tuesday Night Hope Group
    kind: meeting
    program: aa
    attendance: in-person
    schedule:
      - days: [tue]
        start: "19:00"
        end: "20:00"
      - days: [sat]
        start: "10:00"
        every: month
        weeks: [1, 3]
    location:
      place: St. Mark's Church Hall
      address: 123 Main St
      city: Springfield
      region: IL
      postal_code: "62701"
      lat: 39.8
      lon: -89.6495
      approximate: true
      directions: Side door, downstairs
    contact:
      website: https://example.org/hope
      email: hope@example.org
    tags: [open, wheelchair]
    description: A friendly discussion meeting.
    verified: 2026-12-03
    source: "I attend (issue #24)"
"""


def run(body: str, text: str = DATA, issue: int | None = 24) -> Result:
    return apply_issue(body, "resources.yaml", text, DAY, issue)


def assert_valid(text: str) -> None:
    _, report = check("resources.yaml", text=text, today=DAY)
    assert report.errors == [], [d.format() for d in report.errors]


def assert_idempotent(body: str, result: Result, issue: int | None = 24) -> None:
    again = run(body, result.text, issue)
    assert again.changed is False
    assert again.text == result.text


# --------------------------------------------------------------------------- add


def test_full_in_person_meeting_is_appended_exactly() -> None:
    body = (FIXTURES / "add-in-person.md").read_text(encoding="utf-8")
    result = run(body)
    assert result.title == "Add: Tuesday Night Hope Group"
    assert result.text == DATA + NEW_HOPE
    assert result.review == []
    assert_valid(result.text)
    assert_idempotent(body, result)


def test_online_meeting() -> None:
    body = add_body(attendance="Online (online)", name="Sober Sisters Online",
                    schedule="daily at noon\nsábados 10 de la mañana", timezone="Eastern",
                    address="", city="", region="", postal_code="",
                    online_url="https://example.org/join", online_phone="+1 555 0100",
                    online_notes="Passcode on the website",
                    tags="Women (women), Spanish (spanish)")
    result = run(body, issue=31)
    assert result.text == DATA + """
  - id: sober-sisters-online
    name: Sober Sisters Online
    kind: meeting
    program: aa
    attendance: online
    schedule:
      - days: [sun, mon, tue, wed, thu, fri, sat]
        start: "12:00"
      - days: [sat]
        start: "10:00"
    timezone: America/New_York
    online:
      url: https://example.org/join
      phone: "+1 555 0100"
      notes: Passcode on the website
    tags: [women, spanish]
    verified: 2026-12-03
    source: "I attend (issue #31)"
"""
    assert_valid(result.text)
    assert_idempotent(body, result, 31)


def test_without_an_issue_number_a_second_run_adds_nothing_either() -> None:
    body = add_body()
    first = run(body, issue=None)
    assert "springfield-tuesday-night-hope-group" in first.text
    again = run(body, first.text, issue=None)
    assert again.changed is False and again.text == first.text


def test_a_taken_id_gets_a_number() -> None:
    result = run(add_body(name="Hope Group", city="Springfield"), issue=40)
    assert "  - id: springfield-hope-group\n" in result.text
    taken = DATA.replace("springfield-hope\n", "springfield-hope-group\n", 1)
    result = run(add_body(name="Hope Group"), taken, issue=40)
    assert "  - id: springfield-hope-group-2\n" in result.text
    assert_valid(result.text)


def test_appends_in_the_files_own_layout() -> None:
    head, items = DATA.split("resources:\n")
    items = items.replace("\n  ", "\n").replace("\n\n- id: online-calm", "\n- id: online-calm")
    flush = (head + "resources:\n" + items[2:]).replace("\n", "\r\n")
    result = run(add_body(), flush)
    assert result.text.startswith(flush)
    added = result.text[len(flush):]
    assert added.startswith("- id: springfield-tuesday-night-hope-group\r\n  name: ")
    assert "\n\n" not in added.replace("\r", "") and "\r\n  schedule:\r\n    - days: [tue]" in added
    assert_valid(result.text)
    empty = "resources: []  # nothing yet\n"
    result = run(add_body(timezone="America/Chicago"), empty)
    assert result.text.startswith("resources:\n  - id: springfield-tuesday-night-hope-group\n")


# --------------------------------------------------------------------------- change

CHANGED_TIME = DATA.replace('''        start: "19:00"
        end: "20:00"''', '''        start: "18:30"
        end: "19:30"''').replace('''    verified: 2026-01-10
    source: Intergroup list''', '''    verified: 2026-12-01
    source: "I attend (issue #24)"''')


def test_change_of_time_edits_only_those_lines() -> None:
    body = change_body(new_schedule="Tuesdays 6:30–7:30 pm", verified="2026-12-01")
    result = run(body)
    assert result.title == "Change: springfield-hope"
    assert result.text == CHANGED_TIME
    assert plain(result.applied[0]) == (
        "`springfield-hope`: schedule Tuesdays 7:00–8:00 pm → Tuesdays 6:30–7:30 pm")
    assert_valid(result.text)
    assert_idempotent(body, result)


def test_closure_marks_the_entry_inactive() -> None:
    body = change_body(change="It no longer meets", status="No longer meets (inactive)")
    result = run(body)
    assert result.text == DATA.replace(
        "    attendance: in-person\n", "    attendance: in-person\n    status: inactive\n",
        1).replace("    verified: 2026-01-10\n    source: Intergroup list", """\
    verified: 2026-12-03
    source: "I attend (issue #24)\"""")
    assert_valid(result.text)
    assert_idempotent(body, result)
    reopened = run(change_body(change="Something else", status="Active (active)"),
                   result.text, issue=25)
    assert "status:" not in reopened.text.split("online-calm")[0]


def test_temporarily_closed_from_the_change_list_alone() -> None:
    result = run(change_body(change="It is temporarily closed"))
    assert "    status: temporarily-closed\n" in result.text


def test_conflicting_status_is_left_to_the_reviewer() -> None:
    result = run(change_body(change="It no longer meets", status="Active (active)"))
    assert "status:" not in result.text
    assert any("the status was not changed" in r for r in result.review)


def test_a_move_rewrites_the_location_with_approximate_coordinates() -> None:
    body = change_body(change="It moved to a new place", new_place="Grace Church",
                       new_address="200 Oak Ave", new_postal_code="62702",
                       details="The room is upstairs now.")
    result = run(body)
    assert """\
    location:
      place: Grace Church
      address: 200 Oak Ave
      city: Springfield
      region: IL
      postal_code: "62702"
      lat: 39.8317
      lon: -89.6465
      approximate: true
    tags: [open]
""" in result.text
    assert result.details == "The room is upstairs now."
    assert_valid(result.text)
    assert_idempotent(body, result)


def test_new_times_are_not_applied_when_part_cannot_be_read() -> None:
    result = run(change_body(new_schedule="Tuesdays 6:30 pm\nThursdays at 7"))
    assert 'start: "19:00"' in result.text
    assert any("the times were not changed" in r for r in result.review)
    assert any("morning or the evening" in r for r in result.review)


def test_a_change_may_name_the_entry_by_an_old_id_or_its_address() -> None:
    aliased = DATA.replace("    source: Intergroup list\n",
                           "    source: Intergroup list\n    aliases: [old-hope]\n")
    for named in ("old-hope", "https://example.org/r/springfield-hope/"):
        result = run(change_body(**{"resource-id": named}), aliased)
        assert result.title == "Change: springfield-hope"


def test_an_unknown_id_is_explained_to_the_author() -> None:
    with pytest.raises(IntakeError) as caught:
        run(change_body(**{"resource-id": "no-such-group"}))
    assert caught.value.author
    assert "there is no listing with the id" in plain(caught.value.problems[0])


# --------------------------------------------------------------------------- problems


def test_problems_are_sent_back_with_what_to_fix() -> None:
    with pytest.raises(IntakeError) as caught:
        run(add_body(schedule="Tuesdays at 7"))
    problems = [plain(p) for p in caught.value.problems]
    assert any("a meeting needs a schedule" in p for p in problems)
    assert any("7 pm" in plain(r) for r in caught.value.review)
    with pytest.raises(IntakeError) as caught:
        run(add_body(attendance="Online (online)", online_url="http://example.org/join"))
    assert any("links must use https" in plain(p) for p in caught.value.problems)


@pytest.mark.parametrize("edit, message", [
    (lambda b: b.replace("### Town or city", "### Town"), "section is missing"),
    (lambda b: b.replace("- [X]", "- [ ]"), "must be checked"),
    (lambda b: b.replace("Meeting (meeting)", "Party (party)"), "is not one of the choices"),
    (lambda b: b.replace("Tuesday Night Hope Group", "_No response_"), "needs an answer"),
    (lambda b: "Hello\n\n" + b, "text before the form"),
    (lambda b: "just some text", "not the body of"),
])
def test_a_body_that_is_not_the_form_is_refused(edit: object, message: str) -> None:
    with pytest.raises(FormError, match=message):
        read_form(edit(add_body()))  # type: ignore[operator]


def test_an_answer_cannot_fake_the_next_heading() -> None:
    forged = "Springfield\n\n### ZIP or postal code\n\n99999"
    with pytest.raises(IntakeError) as caught:
        run(add_body(city=forged))
    assert "appears twice" in plain(caught.value.problems[0])


# --------------------------------------------------------------------------- command


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "from-issue", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def test_command_writes_once_and_reports(tmp_path: Path) -> None:
    data = tmp_path / "resources.yaml"
    data.write_text(DATA, encoding="utf-8")
    event = FIXTURES / "event-add.json"
    out = tmp_path / "out"
    done = cli("--event", str(event), "--report", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert data.read_text(encoding="utf-8") == DATA + NEW_HOPE
    assert (out / "title.txt").read_text(encoding="utf-8") == "Add: Tuesday Night Hope Group\n"
    assert (out / "pull-request.md").read_text(encoding="utf-8").startswith("Closes #24\n")
    again = cli("--event", str(event), cwd=tmp_path)
    assert again.returncode == 0
    assert "nothing to change" in again.stdout
    assert data.read_text(encoding="utf-8") == DATA + NEW_HOPE


def test_command_leaves_the_file_alone_when_the_form_is_unusable(tmp_path: Path) -> None:
    data = tmp_path / "resources.yaml"
    data.write_text(DATA, encoding="utf-8")
    body = tmp_path / "body.md"
    body.write_text(add_body(schedule="Tuesdays at 7"), encoding="utf-8")
    failed = cli(str(body), "--date", "2026-12-03", "--report", str(tmp_path / "out"),
                 cwd=tmp_path)
    assert failed.returncode == 1
    assert "body.md: error: " in failed.stderr and "Traceback" not in failed.stderr
    assert data.read_text(encoding="utf-8") == DATA
    comment = (tmp_path / "out" / "comment.md").read_text(encoding="utf-8")
    assert "a meeting needs a schedule" in comment and "edit the issue" in comment
    dry = cli(str(body.with_name("ok.md")), cwd=tmp_path)
    assert dry.returncode == 1 and "ok.md: error: cannot read it" in dry.stderr
    body.write_text(add_body(), encoding="utf-8")
    dry = cli(str(body), "--dry-run", "--date", "2026-12-03", cwd=tmp_path)
    assert dry.returncode == 0 and "+  - id: springfield-tuesday-night-hope-group" in dry.stdout
    assert data.read_text(encoding="utf-8") == DATA
    for usage in ((), (str(body), "--event", "x.json"), (str(body), "--date", "soon")):
        assert cli(*usage, cwd=tmp_path).returncode == 2


def test_a_replaced_one_line_value_keeps_its_comment() -> None:
    commented = DATA.replace("    verified: 2026-01-10\n    source: Intergroup list",
                             "    verified: 2026-01-10  # by phone\n"
                             "    source: Intergroup list # the 2025 edition")
    result = run(change_body(change="I checked it and everything is still right"), commented)
    assert "    verified: 2026-12-03  # by phone\n" in result.text
    assert '    source: "I attend (issue #24)" # the 2025 edition\n' in result.text
    assert_valid(result.text)


@pytest.mark.parametrize("broken", [b"resources:\n  - id: a\n    name: \"open\n", b"\xff\xfe\x00",
                                    b"- a list\n", None])
def test_command_names_a_data_file_it_cannot_use(tmp_path: Path, broken: bytes | None) -> None:
    data = tmp_path / "resources.yaml"
    if broken is None:
        data.mkdir()
    else:
        data.write_bytes(broken)
    body = tmp_path / "body.md"
    body.write_text(add_body(), encoding="utf-8")
    failed = cli(str(body), "--into", str(data), cwd=tmp_path)
    assert failed.returncode == 1
    assert f"{data}" in failed.stderr and "Traceback" not in failed.stderr
    if broken is not None:
        assert data.read_bytes() == broken
