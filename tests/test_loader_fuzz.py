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


# Numbers, nesting and tags (issue #18): values no sane file holds, in the places where
# the loader converts or recurses. The answer is still diagnostics, never a traceback.

numbers = st.one_of(
    st.integers(min_value=-10**4000, max_value=10**4000).map(str),
    st.integers(4000, 6000).map(lambda n: "9" * n),  # past Python's int() digit limit
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.from_regex(r"[+-]?[0-9]{0,600}(\.[0-9]{0,600})?([eE][+-]?[0-9]{1,5})?", fullmatch=True),
    st.sampled_from(["1e999", "-1e999", "nan", ".inf", "0x1F", "1_000", "١٢٣", "𝟙"]),
)
NUMBER_SLOTS = (("lat", "location:\n      address: 1 Main St\n      city: X\n      lat: {v}\n"
                 "      lon: {v}\n"),
                ("weeks", 'schedule:\n      - days: [tue]\n        start: "19:00"\n'
                 "        every: month\n        weeks: [{v}, {v}]\n"))


@settings(max_examples=150, deadline=None)
@given(numbers, st.sampled_from(NUMBER_SLOTS))
def test_any_number_in_a_number_field_never_crashes(value: str, slot: tuple[str, str]) -> None:
    body = slot[1].format(v=value)
    _run(VALID.replace("    online:", "    " + body + "    online:"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["[", "{", "- ", "a: ", "? ", "  "]), min_size=1,
                max_size=400), st.integers(1, 5000))
def test_nesting_of_any_depth_never_crashes(openers: list[str], repeat: int) -> None:
    opened = "".join(openers) * max(1, repeat // len(openers))
    closers = "".join({"[": "]", "{": "}"}.get(o, "") for o in reversed(opened))
    _run(VALID.replace("tags: []", "") + "    tags: " + opened + "x" + closers + "\n")


tags = st.one_of(
    st.sampled_from(["!!binary", "!!python/name:os.system", "!!python/object/apply:os.system",
                     "!!set", "!!omap", "!!timestamp", "!!int", "!!float", "!!null", "!!str",
                     "!!bool", "!!map", "!!seq", "!", "!local", "!<tag:example.com,2000:x>"]),
    st.from_regex(r"!![a-z/:.]{1,20}", fullmatch=True),
)


@settings(max_examples=150, deadline=None)
@given(tags, st.sampled_from(["name: {t} Hope", "kind: {t} meeting", "online: {t} {{url: "
                              '"https://example.org"}}', "schedule: {t}\n      - days: [tue]\n"
                              '        start: "19:00"', "tags: {t} [open]"]))
def test_any_tag_anywhere_never_crashes_and_only_standard_ones_read(tag: str, line: str) -> None:
    key = line.split(":", 1)[0]
    lines = [ln for ln in VALID.splitlines(keepends=True)
             if not ln.startswith(f"    {key}:")]
    if key == "schedule":
        lines = [ln for ln in lines if not ln.startswith(("      - days", '        start'))]
    text = "".join(lines) + "    " + line.format(t=tag) + "\n"
    _run(text)
    _, report = check("fuzz.yaml", text=text)
    standard = tag in ("!", "!!str", "!!map", "!!seq", "!!int", "!!float", "!!null",
                       "!!bool", "!!timestamp")
    refused = any("YAML tags like" in d.message for d in report.items)
    assert refused == (not standard), (tag, report.items)
