"""Form text is data, never code: whatever anyone types (YAML syntax, line breaks,
Markdown, `${{ }}`, control characters, 10,000 characters) ends up as text in one field
of one entry, the file stays valid, and messages show it only as code."""

from __future__ import annotations

import re

import pytest
from intake_support import DATA, DAY, add_body

from generator.format.loader import load
from generator.format.validate import check
from generator.intake.apply import apply_issue
from generator.intake.report import comment, pull_request

YAML_INJECTION = ('Evil" \n  - id: injected\n    name: x\nkind: helpline #\n'
                  "- {id: x} &a *a !!python/object/apply:os.system ['id'] ---")
MARKDOWN = ("![t](https://evil.example/t.png) <script>alert(1)</script> @maintainer "
            "[x](javascript:alert(1)) <!-- hidden --> ``` | a | b |")
WORKFLOW = "${{ github.token }} $(touch /tmp/pwned) `id` ${HOME} %0A::error::x"
CONTROLS = "Hope\x00\x07\x1b[31m Group\x7f\x85\u0090 \u202eevil"
LONG = ("Hope " * 2000).strip()

CASES = {
    "yaml": (YAML_INJECTION, 'Evil" - id: injected name: x kind: helpline # - {id: x} &a *a '
             "!!python/object/apply:os.system ['id'] ---"),
    "markdown": (MARKDOWN, MARKDOWN),
    "workflow": (WORKFLOW, WORKFLOW),
    "controls": (CONTROLS, "Hope[31m Group \u202eevil\u202c"),
    "long": (LONG, LONG),
}


def new_entries(text: str) -> list[object]:
    dataset, report = load("resources.yaml", text)
    assert report.errors == [], [d.format() for d in report.errors]
    return dataset.resources[2:]


def outside_code(markdown: str) -> str:
    """The Markdown with code spans and fenced blocks removed: what GitHub renders."""
    markdown = re.sub(r"^(`{3,})text\n.*?\n\1$", "", markdown, flags=re.S | re.M)
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", markdown)


@pytest.mark.parametrize("case", sorted(CASES))
def test_any_answer_lands_as_text_in_its_field(case: str) -> None:
    typed, stored = CASES[case]
    body = add_body(name=typed, place=typed, directions=typed, description=typed + "\n" + typed,
                    source=typed, online_notes=typed, attendance="In person and online (hybrid)",
                    online_url="https://example.org/join")
    result = apply_issue(body, "resources.yaml", DATA, DAY, 24)
    assert result.text.startswith(DATA)
    (entry,) = new_entries(result.text)
    assert entry.name == stored  # type: ignore[attr-defined]
    assert entry.location.place == stored  # type: ignore[attr-defined]
    assert entry.location.directions == stored  # type: ignore[attr-defined]
    assert entry.online.notes == stored  # type: ignore[attr-defined]
    assert entry.source == f"{stored} (issue #24)"  # type: ignore[attr-defined]
    assert stored.split(" ")[0] in entry.description  # type: ignore[attr-defined]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry.id)  # type: ignore[attr-defined]
    assert len(entry.id) <= 60  # type: ignore[attr-defined]
    _, report = check("resources.yaml", text=result.text, today=DAY)
    assert report.errors == []
    again = apply_issue(body, "resources.yaml", result.text, DAY, 24)
    assert again.changed is False and again.text == result.text
    shown = outside_code(pull_request(result, 24))
    for danger in ("![", "<script", "@maintainer", "${{", "javascript:"):
        assert danger not in shown, danger


def test_controls_removed_are_reported_to_the_reviewer() -> None:
    result = apply_issue(add_body(name=CONTROLS), "resources.yaml", DATA, DAY, 24)
    assert any("control character(s) removed from “Name”" in r for r in result.review)


def test_hostile_schedule_and_change_text_reach_people_only_as_code() -> None:
    from intake_support import change_body

    from generator.intake.apply import IntakeError

    with pytest.raises(IntakeError) as caught:
        apply_issue(add_body(schedule=MARKDOWN + "\n" + WORKFLOW), "resources.yaml", DATA,
                    DAY, 24)
    text = comment(caught.value)
    assert "a meeting needs a schedule" in text
    shown = outside_code(text)
    for danger in ("![", "<script", "@maintainer", "${{", "javascript:"):
        assert danger not in shown, danger
    result = apply_issue(change_body(details=MARKDOWN + "\n" + "`" * 5 + "\n" + WORKFLOW,
                                     new_schedule=MARKDOWN),
                         "resources.yaml", DATA, DAY, 24)
    shown = outside_code(pull_request(result, 24))
    for danger in ("![", "<script", "@maintainer", "${{", "javascript:"):
        assert danger not in shown, danger
    assert "`" * 6 + "text\n" in pull_request(result, 24)  # the fence outlasts the answer's


def test_a_link_with_a_backtick_cannot_break_out_of_the_message() -> None:
    from generator.intake.apply import IntakeError

    with pytest.raises(IntakeError) as caught:
        apply_issue(add_body(attendance="Online (online)",
                             online_url="x`![t](https://evil.example/t.png)"),
                    "resources.yaml", DATA, DAY, 24)
    assert "![" not in outside_code(comment(caught.value))
