"""Issue bodies as GitHub renders a submitted form, and a small data file, for the
`from-issue` tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.intake.issue_body import NO_RESPONSE, elements

FIXTURES = Path(__file__).parent / "fixtures" / "intake"
DAY = date(2026, 12, 3)  # the issues' date (a Thursday)
PRIVACY = ("This contains no private details of members (full names, personal phone "
           "numbers or email addresses). Meetings are anonymous.")

DATA = """\
# Test list: comments and layout must survive every edit.
defaults:
  timezone: America/Chicago
  country: US
resources:
  # The first group.
  - id: springfield-hope
    name: Hope Group   # a trailing comment
    kind: meeting
    program: aa
    attendance: in-person
    schedule:
      - days: [tue]
        start: "19:00"
        end: "20:00"
    location:
      place: St. Mark's
      address: 1 Main St
      city: Springfield
      region: IL
      postal_code: "62701"
      lat: 39.8017
      lon: -89.6436
    tags: [open]
    verified: 2026-01-10
    source: Intergroup list

  - id: online-calm
    name: Calm Online
    kind: meeting
    program: na
    attendance: online
    schedule:
      - days: [wed]
        start: "20:00"
    online:
      url: https://example.org/calm
    verified: 2026-01-10
"""


def body(form: str, **answers: str) -> str:
    """The issue body GitHub writes for `answers` (by element id): every element's label
    as a heading, `_No response_` for empty answers, ticked boxes as `- [X]`."""
    parts = []
    for e in elements(form):
        label = e["attributes"]["label"]
        if e["type"] == "checkboxes":
            value = "\n".join(f"- [X] {o['label']}" for o in e["attributes"]["options"])
        else:
            value = answers.pop(e["id"], "") or NO_RESPONSE
        parts.append(f"### {label}\n\n{value}")
    assert not answers, f"not in the form: {sorted(answers)}"
    return "\n\n".join(parts) + "\n"


def add_body(**answers: str) -> str:
    base = {"name": "Tuesday Night Hope Group", "kind": "Meeting (meeting)",
            "program": "Alcoholics Anonymous (aa)", "attendance": "In person (in-person)",
            "schedule": "Tuesdays 7–8 pm", "address": "123 Main St", "city": "Springfield",
            "region": "IL", "postal_code": "62701", "source": "I attend"}
    return body("add-group.yml", **{**base, **answers})


def change_body(**answers: str) -> str:
    base = {"resource-id": "springfield-hope", "change": "The day or time changed",
            "source": "I attend"}
    return body("report-change.yml", **{**base, **answers})
