"""The GitHub issue forms in .github/ISSUE_TEMPLATE/, written from the data format.

Choices come from `vocab.py` and help texts from `model.FIELDS`, so a program or tag
added there reaches the forms by running

    python -m generator.review.issue_forms        # rewrites the two forms

(`tests/test_workflows.py` fails while the committed forms are out of date). Resource
pages link to `issues/new?template=report-change.yml&resource-id=<id>&title=...`;
GitHub fills a form input from the query parameter named like its `id`.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from generator.files import write_atomic
from generator.format import vocab
from generator.format.model import RESOURCE, Field

FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"
NO_PRIVATE_DATA = (
    "This contains no private details of members (full names, personal phone numbers "
    "or email addresses). Meetings are anonymous."
)


def field_help(path: str) -> str:
    """Help text of a dotted field path of one entry, e.g. "location.address"."""
    spec: Field | None = RESOURCE
    for part in path.split("."):
        spec = spec.child(part) if spec else None
    if spec is None:
        raise KeyError(path)
    return spec.help


def choice(label: str, key: str) -> str:
    """`Alcoholics Anonymous (aa)`: readable, and the YAML value is right there."""
    return f"{label} ({key})"


def choices(table: Mapping[str, object]) -> list[str]:
    out = []
    for key, value in table.items():
        label = value if isinstance(value, str) else getattr(value, "label", key)
        out.append(choice(str(label), key))
    return out


def markdown(text: str) -> dict[str, Any]:
    return {"type": "markdown", "attributes": {"value": text}}


def text_input(id: str, label: str, description: str = "", *, required: bool = False,
               placeholder: str = "", area: bool = False) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": label}
    if description:
        attributes["description"] = description
    if placeholder:
        attributes["placeholder"] = placeholder
    return {"type": "textarea" if area else "input", "id": id, "attributes": attributes,
            "validations": {"required": required}}


def dropdown(id: str, label: str, options: list[str], description: str = "", *,
             multiple: bool = False, required: bool = False) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": label}
    if description:
        attributes["description"] = description
    attributes["multiple"] = multiple
    attributes["options"] = options
    return {"type": "dropdown", "id": id, "attributes": attributes,
            "validations": {"required": required}}


def checkboxes(id: str, label: str, required: list[str]) -> dict[str, Any]:
    return {"type": "checkboxes", "id": id, "attributes": {
        "label": label, "options": [{"label": o, "required": True} for o in required]}}


def add_group() -> dict[str, Any]:
    return {
        "name": "Add a group or service",
        "description": "Suggest a meeting, community, coaching service, helpline or directory "
                       "for the list. No YAML needed.",
        "title": "Add: ",
        "labels": ["new entry"],
        "body": [
            markdown("Thank you for helping people find support. Fill in what you know; a "
                     "volunteer will add it to the list. To add it yourself in the web "
                     "editor, see CONTRIBUTING.md in this repository."),
            text_input("name", "Name", field_help("name"), required=True,
                       placeholder="Tuesday Night Hope Group"),
            dropdown("kind", "What is it?", choices(vocab.KINDS), required=True),
            dropdown("program", "Program or fellowship", choices(vocab.PROGRAMS),
                     required=True),
            dropdown("attendance", "How do people attend?", choices(vocab.ATTENDANCE),
                     required=True),
            text_input("schedule", "When does it meet?", SCHEDULE_HELP + " Leave empty for "
                       "helplines and directories.", area=True,
                       placeholder="Tuesdays 19:00-20:00, every week"),
            text_input("timezone", "Time zone", field_help("timezone"),
                       placeholder="America/Chicago"),
            text_input("place", "Building or venue", field_help("location.place"),
                       placeholder="St. Mark's Church Hall"),
            text_input("address", "Street address", field_help("location.address") +
                       " Needed for in-person and hybrid groups.", placeholder="123 Main St"),
            text_input("city", "Town or city", field_help("location.city")),
            text_input("region", "State or region", field_help("location.region")),
            text_input("postal_code", "ZIP or postal code", field_help("location.postal_code")),
            text_input("directions", "How to find the room", field_help("location.directions"),
                       area=True, placeholder="Side door, downstairs"),
            text_input("online_url", "Link to join online", field_help("online.url") +
                       " Needed for online and hybrid groups (or a phone number).",
                       placeholder="https://"),
            text_input("online_phone", "Phone number to dial in", field_help("online.phone")),
            text_input("online_notes", "How to join", field_help("online.notes")),
            dropdown("tags", "Attributes", choices(vocab.TAGS),
                     "Choose any that apply.", multiple=True),
            text_input("description", "Description", field_help("description"), area=True),
            text_input("contact", "Public contact", "The group's website, email or phone, "
                       "as published by the group.", area=True),
            text_input("source", "How do you know?", "For example: the intergroup's meeting "
                       "list, the group's website, or you attend.", required=True, area=True),
            checkboxes("confirm", "Privacy", [NO_PRIVATE_DATA]),
        ],
    }


SCHEDULE_HELP = (
    "One line per meeting time: days, start and end, and how often if not every week. "
    "For example “Tuesdays 7–8 pm”, “Mon, Wed & Fri 12:00–13:00”, “1st and 3rd Monday "
    "at 7pm”, “every other Thursday 6:30 pm starting Dec 3”, “daily at noon” or "
    "“martes 19:00”.")

CHANGES = [
    "The day or time changed",
    "It moved to a new place",
    "The online link or phone number changed",
    "It is temporarily closed",
    "It no longer meets",
    "Other details are wrong (name, program, attributes...)",
    "I checked it and everything is still right",
    "Something else",
]


def report_change() -> dict[str, Any]:
    return {
        "name": "Report a change or closure",
        "description": "Tell us that a listing is wrong, has changed or has closed.",
        "title": "Listing problem: ",
        "labels": ["listing change"],
        "body": [
            markdown("Thank you: an accurate list is what makes it useful. If you came from "
                     "the listing's page, its id is already filled in."),
            text_input("resource-id", "Listing id",
                       "The part of the listing's web address after /r/, e.g. "
                       "springfield-tuesday-hope.", required=True,
                       placeholder="springfield-tuesday-hope"),
            dropdown("change", "What is wrong or changed?", CHANGES, multiple=True,
                     required=True),
            markdown("Fill in only what changed; leave the rest empty."),
            text_input("new_schedule", "New meeting times",
                       "Every time it meets now (this replaces the listed times). "
                       + SCHEDULE_HELP, area=True, placeholder="Tuesdays 7-8 pm"),
            text_input("new_place", "New building or venue", field_help("location.place")),
            text_input("new_address", "New street address", field_help("location.address")),
            text_input("new_city", "New town or city", field_help("location.city")),
            text_input("new_postal_code", "New ZIP or postal code",
                       field_help("location.postal_code")),
            text_input("new_online_url", "New link to join online", field_help("online.url"),
                       placeholder="https://"),
            text_input("new_online_phone", "New phone number to dial in",
                       field_help("online.phone")),
            dropdown("status", "Is it meeting?", choices(vocab.STATUS), field_help("status")),
            dropdown("attendance", "How do people attend now?", choices(vocab.ATTENDANCE)),
            text_input("details", "Anything else?",
                       "Other corrections, in your own words: a volunteer makes these by "
                       "hand.", area=True),
            text_input("verified", "When did you check?",
                       "The date you confirmed this (YYYY-MM-DD).", placeholder="2026-10-01"),
            text_input("source", "How do you know?", "For example: you attend, the group's "
                       "website, or the intergroup office.", required=True, area=True),
            checkboxes("confirm", "Privacy", [NO_PRIVATE_DATA]),
        ],
    }


FORMS = {"add-group.yml": add_group, "report-change.yml": report_change}
HEADER = ("# Written by `python -m generator.review.issue_forms` from "
          "generator/format/vocab.py; edit there.\n")


def render(form: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(form, sort_keys=False, allow_unicode=True, width=100)


def write(root: Path) -> list[Path]:
    written = []
    for name, build in FORMS.items():
        path = root / FORMS_DIR / name
        write_atomic(path, render(build()))
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()):
        print(p)
