"""Checks beyond shape, as a table: each rule, the line it points at, and its words."""

from __future__ import annotations

from datetime import date

import pytest

from generator.format.validate import check, stale

TODAY = date(2026, 11, 23)
BASE = """\
resources:
  - id: hope
    name: Hope Group
    kind: meeting
    program: aa
    attendance: hybrid
    timezone: America/Chicago
    schedule:
      - days: [tue]
        start: "19:00"
        end: "20:00"
    location:
      address: 123 Main St
      city: Springfield
      postal_code: "62701"
    online:
      url: https://example.org/join
    contact:
      website: https://example.org
      email: hope@example.org
      phone: "+1 555 0100"
    verified: 2026-10-01
"""
SECOND = """\
  - id: second
    name: Second Group
    kind: meeting
    program: aa
    attendance: in-person
    timezone: America/Chicago
    schedule:
      - days: [tue]
        start: "19:00"
    location:
      address: 123 Main St.
      city: Springfield
"""


def diagnostics(text: str, stale_days: int = 365):
    _, report = check("r.yaml", text=text, today=TODAY, stale_days=stale_days)
    return [(d.severity, d.line, f"{d.message} {d.hint}") for d in report.sorted()]


def test_base_is_valid() -> None:
    assert diagnostics(BASE) == []


RULES = [
    ("unknown zone", "timezone: America/Chicago", "timezone: America/Springfield", "error", 7, "unknown time zone"),
    ("end equals start", 'end: "20:00"', 'end: "19:00"', "error", 11, "end time equals start"),
    ("overnight is fine", 'start: "19:00"\n        end: "20:00"', 'start: "22:00"\n        end: "01:00"', None, 0, ""),
    ("over four hours", 'end: "20:00"', 'end: "01:00"', "warning", 11, "lasts 6 h 00 min (it crosses midnight)"),
    ("monthly needs weeks", 'end: "20:00"', 'end: "20:00"\n        every: month', "error", 12, "needs `weeks:`"),
    ("weeks need monthly", 'end: "20:00"', 'end: "20:00"\n        weeks: [1]', "error", 12, "only applies"),
    ("week out of range", 'end: "20:00"', 'end: "20:00"\n        every: month\n        weeks: [5]', "error", 13, "week 5"),
    ("day twice", "days: [tue]", "days: [tue, tue]", "error", 9, "listed twice"),
    ("in person without address", "      address: 123 Main St\n", "", "error", 13, "street address"),
    ("in person without location", "    location:\n      address: 123 Main St\n      city: Springfield\n      postal_code: \"62701\"\n", "", "error", 6, "need a `location:`"),
    ("online without url or phone", "    online:\n      url: https://example.org/join\n", "", "error", 6, "way to join"),
    ("http link", "url: https://example.org/join", "url: http://example.org/join", "error", 17, "must use https"),
    ("javascript link", "website: https://example.org", "website: javascript:alert(1)", "error", 19, "not an https link"),
    ("data link", "url: https://example.org/join", "url: data:text/html,hi", "error", 17, "not an https link"),
    ("bad phone", 'phone: "+1 555 0100"', "phone: call us", "error", 21, "phone number"),
    ("bad email", "email: hope@example.org", "email: hope at example", "error", 20, "email address"),
    ("lat out of range", "postal_code: \"62701\"", "postal_code: \"62701\"\n      lat: 139.8\n      lon: -89.6", "error", 16, "outside -90..90"),
    ("lat without lon", "postal_code: \"62701\"", "postal_code: \"62701\"\n      lat: 39.8", "error", 16, "both lat and lon"),
    ("future verified", "verified: 2026-10-01", "verified: 2027-01-01", "error", 22, "in the future"),
    ("stale verified", "verified: 2026-10-01", "verified: 2024-01-01", "warning", 22, "over 365 days ago"),
    ("html in description", "verified: 2026-10-01", "verified: 2026-10-01\n    description: <b>hi</b>", "warning", 23, "HTML"),
    ("meeting without schedule", "    schedule:\n      - days: [tue]\n        start: \"19:00\"\n        end: \"20:00\"\n", "", "error", 4, "needs a schedule"),
    ("schedule without zone", "    timezone: America/Chicago\n", "", "error", 8, "needs a time zone"),
    ("apostrophe in email", "email: hope@example.org", "email: o'brien@example.org", None, 0, ""),
    ("apostrophe in email domain", "email: hope@example.org", "email: hope@o'brien.org", "error", 20, "email address"),
    ("markup in email", "email: hope@example.org", "email: <b>hope</b>@example.org", "error", 20, "email address"),
    ("fortnight with from", 'end: "20:00"', 'end: "20:00"\n        every: 2 weeks\n        from: 2024-01-02', None, 0, ""),
    ("fortnight from in the future", 'end: "20:00"', 'end: "20:00"\n        every: 2 weeks\n        from: 2027-03-02', None, 0, ""),
    ("fortnight without from", 'end: "20:00"', 'end: "20:00"\n        every: 2 weeks', "warning", 12,
     "which weeks is unknown: calendars and the finder cannot tell people which Tuesday to come "
     "add `from:` with the date of one meeting under `every:`, e.g. `from: 2026-11-24` if the "
     "group meets on Tuesday 24 November 2026, else `from: 2026-12-01`"),
    ("from on another weekday", 'end: "20:00"', 'end: "20:00"\n        every: 2 weeks\n        from: 2026-11-05', "error", 13,
     "`from: 2026-11-05` is a Thursday, but the slot meets on Tuesday write the date of a "
     "meeting, e.g. `from: 2026-11-03` (Tuesday 3 November 2026)"),
        ("weekly with from", 'end: "20:00"', 'end: "20:00"\n        from: 2026-11-03', "error", 12, "`from:` only applies with `every: 2 weeks` remove `from:`"),
    ("monthly with from", 'end: "20:00"', 'end: "20:00"\n        every: month\n        weeks: [1]\n        from: 2026-11-03', "error", 14, "only applies with `every: 2 weeks`"),
]


@pytest.mark.parametrize("what, old, new, severity, line, words", RULES, ids=[r[0] for r in RULES])
def test_rules(what: str, old: str, new: str, severity: str | None, line: int, words: str) -> None:
    assert old in BASE
    found = diagnostics(BASE.replace(old, new, 1))
    if severity is None:
        assert found == []
    else:
        assert any(s == severity and ln == line and words in m for s, ln, m in found), found


def test_duplicate_ids_and_aliases() -> None:
    text = BASE + SECOND.replace("id: second", "id: hope")
    assert any(s == "error" and ln == 23 and "already used on line 2" in m
               for s, ln, m in diagnostics(text))
    text = BASE + SECOND + "    aliases: [hope]\n"
    assert any(s == "error" and ln == 35 and "`hope` is already used" in m
               for s, ln, m in diagnostics(text))


def test_likely_duplicate_is_a_warning_pointing_at_the_first() -> None:
    found = diagnostics(BASE + SECOND)
    assert any(s == "warning" and ln == 30 and "duplicate of `hope` (line 2)" in m
               for s, ln, m in found), found
    moved = diagnostics(BASE + SECOND.replace('start: "19:00"', 'start: "20:00"'))
    assert not any("duplicate" in m for *_, m in moved)


def test_stale_lists_unverified_and_old_entries_oldest_first() -> None:
    text = BASE + SECOND.replace("id: second", "id: never").replace("123 Main St.", "9 Elm St") + \
        BASE.replace("resources:\n", "").replace("id: hope", "id: old").replace(
            "2026-10-01", "2025-01-01").replace("123 Main St", "8 Oak St")
    dataset, _ = check("r.yaml", text=text, today=TODAY)
    assert [r.id for r in stale(dataset, today=TODAY, days=365)] == ["never", "old"]
    assert [r.id for r in stale(dataset, today=TODAY, days=1000)] == ["never"]


def test_from_errors_point_at_the_date() -> None:
    text = BASE.replace('end: "20:00"', 'end: "20:00"\n        every: 2 weeks\n        from: 2026-11-06')
    _, report = check("r.yaml", text=text, today=TODAY)
    (d,) = report.items
    assert (d.severity, d.line, d.col) == ("error", 13, 15)
    assert d.format().startswith("r.yaml:13:15: error: hope: `from: 2026-11-06` is a Friday")
    missing = BASE.replace('end: "20:00"', 'end: "20:00"\n        every: 2 weeks')
    _, report = check("r.yaml", text=missing, today=TODAY)
    (d,) = report.items
    assert (d.severity, d.line, d.col) == ("warning", 12, 16)


def test_a_from_date_for_several_days_may_be_any_of_them() -> None:
    text = BASE.replace("days: [tue]", "days: [tue, sun]").replace(
        'end: "20:00"', 'end: "20:00"\n        every: 2 weeks\n        from: 2026-11-08')
    assert diagnostics(text) == []
    wrong = text.replace("2026-11-08", "2026-11-07")
    assert [(s, ln) for s, ln, _ in diagnostics(wrong)] == [("error", 13)]
    # the Sunday of the Monday-to-Sunday week the volunteer wrote
    assert "e.g. `from: 2026-11-08` (Sunday 8 November 2026)" in diagnostics(wrong)[0][2]


def test_groups_sharing_a_room_on_alternate_weeks_are_not_duplicates() -> None:
    def fortnightly(text: str, anchor: str) -> str:
        return text.replace('start: "19:00"', f'start: "19:00"\n        every: 2 weeks\n'
                            f'        from: {anchor}', 1)

    second = SECOND.replace("123 Main St.", "123 Main St")
    other_weeks = BASE.replace('end: "20:00"', 'end: "20:00"\n        every: 2 weeks\n'
                               '        from: 2026-11-03') + fortnightly(second, "2026-11-10")
    assert not any("duplicate" in m for *_, m in diagnostics(other_weeks))
    same_weeks = other_weeks.replace("2026-11-10", "2026-11-17")
    assert any(s == "warning" and "duplicate of `hope`" in m
               for s, _, m in diagnostics(same_weeks))
    # a weekly group at that time overlaps both weeks, whichever comes first in the file
    weekly_first = BASE + fortnightly(second, "2026-11-10")
    assert any("duplicate of `hope`" in m for *_, m in diagnostics(weekly_first))
    weekly_last = fortnightly(BASE, "2026-11-10") + second
    assert any("duplicate of `hope`" in m for *_, m in diagnostics(weekly_last))
    # without `from:` nobody knows the weeks: still a likely duplicate
    unknown = BASE.replace('end: "20:00"', 'end: "20:00"\n        every: 2 weeks') + \
        second.replace('start: "19:00"', 'start: "19:00"\n        every: 2 weeks')
    assert any("duplicate of `hope`" in m for *_, m in diagnostics(unknown))
