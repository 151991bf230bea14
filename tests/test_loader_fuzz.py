"""Fuzzing the loader: whatever bytes a volunteer's editor produces, the answer is a list
of diagnostics, never a traceback."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.format.validate import check

VALID = """resources:
  - id: hope
    name: Hope
    kind: meeting
    program: aa
    attendance: online
    timezone: America/Chicago
    schedule:
      - days: [tue]
        start: "19:00"
    online: {url: "https://example.org"}
"""

yaml_chars = st.sampled_from(list("abc:-[]{}#&*!|>'\"%@`,?\n\t 019.~"))


def _run(text: str) -> None:
    dataset, report = check("fuzz.yaml", text=text)
    for d in report.items:
        assert d.line >= 1 and d.col >= 1
        assert d.format().startswith("fuzz.yaml:")
    assert all(r.id for r in dataset.resources)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=yaml_chars, max_size=200))
def test_random_yaml_like_text_never_crashes(text: str) -> None:
    _run(text)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(VALID)), st.integers(0, 20), st.text(max_size=20))
def test_mutated_valid_file_never_crashes(pos: int, cut: int, insert: str) -> None:
    _run(VALID[:pos] + insert + VALID[pos + cut:])


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    _run(text)
