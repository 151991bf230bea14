"""The volunteers' path: issue forms built from the vocabularies, the pull-request
template, and CONTRIBUTING.md, whose every example must pass the validator."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generator.build.context import SiteContext
from generator.format import vocab
from generator.format.model import RESOURCE, Dataset, Resource
from generator.format.validate import check
from generator.render.repo_links import REPORT_TEMPLATE, report_url
from generator.review import issue_forms

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
FORM_ID = re.compile(r"^[A-Za-z0-9_-]+$")
ELEMENT_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def form(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))
    return data


def element(data: dict[str, Any], id: str) -> dict[str, Any]:
    return next(e for e in data["body"] if e.get("id") == id)


def keys(options: list[str]) -> list[str]:
    """`Alcoholics Anonymous (aa)` -> `aa`."""
    out = []
    for option in options:
        m = re.search(r"\(([a-z0-9-]+)\)$", option)
        assert m, option
        out.append(m[1])
    return out


# --------------------------------------------------------------------------- issue forms


@pytest.mark.parametrize("name", sorted(issue_forms.FORMS))
def test_committed_forms_are_up_to_date(name: str) -> None:
    expected = issue_forms.render(issue_forms.FORMS[name]())
    assert (FORMS / name).read_text(encoding="utf-8") == expected, (
        "the issue forms are out of date: run `python -m generator.review.issue_forms`")


@pytest.mark.parametrize("name", sorted(issue_forms.FORMS))
def test_forms_follow_githubs_form_schema(name: str) -> None:
    data = form(name)
    assert {"name", "description", "body"} <= set(data)
    ids = [e["id"] for e in data["body"] if "id" in e]
    assert len(ids) == len(set(ids))
    for e in data["body"]:
        assert e["type"] in ELEMENT_TYPES
        attrs = e["attributes"]
        if e["type"] == "markdown":
            assert attrs["value"].strip()
            continue
        assert FORM_ID.match(e["id"]), e["id"]
        assert attrs["label"].strip()
        if e["type"] == "dropdown":
            options = attrs["options"]
            assert options and len(options) == len(set(options))
            assert all(isinstance(o, str) and o.strip() and o != "None" for o in options)
        if e["type"] == "checkboxes":
            assert all(o["label"].strip() for o in attrs["options"])


def test_add_group_choices_come_from_the_vocabularies() -> None:
    data = form("add-group.yml")
    assert keys(element(data, "kind")["attributes"]["options"]) == list(vocab.KINDS)
    assert keys(element(data, "program")["attributes"]["options"]) == list(vocab.PROGRAMS)
    assert keys(element(data, "attendance")["attributes"]["options"]) == list(vocab.ATTENDANCE)
    tags = element(data, "tags")["attributes"]
    assert tags["multiple"] is True
    assert keys(tags["options"]) == list(vocab.TAGS)
    for required in ("name", "kind", "program", "attendance", "source"):
        assert element(data, required)["validations"]["required"] is True


def test_report_change_form_takes_the_id_from_the_resource_page() -> None:
    data = form(REPORT_TEMPLATE)
    field = element(data, "resource-id")
    assert field["type"] == "input"
    assert field["validations"]["required"] is True
    assert keys(element(data, "status")["attributes"]["options"]) == list(vocab.STATUS)
    # The link on every resource page: its query fills inputs by id.
    r = Resource(id="springfield-tuesday-hope", name="Tuesday Night Hope", kind="meeting",
                 program="aa", attendance="in-person")
    ctx = SiteContext(Dataset("resources.yaml", [r]), repo_url="https://github.com/o/r")
    url = urlsplit(report_url(ctx, r))
    query = parse_qs(url.query)
    assert url.path == "/o/r/issues/new"
    assert query["template"] == [REPORT_TEMPLATE]
    assert (FORMS / query["template"][0]).exists()
    filled = set(query) - {"template", "title", "labels", "assignees"}
    assert filled == {"resource-id"}
    assert query["resource-id"] == ["springfield-tuesday-hope"]


def test_forms_ask_for_no_private_details() -> None:
    for name in issue_forms.FORMS:
        confirm = element(form(name), "confirm")["attributes"]["options"]
        assert any("no private details" in o["label"] and o["required"] for o in confirm)


def test_issue_chooser_points_people_in_crisis_to_help() -> None:
    config = yaml.safe_load((FORMS / "config.yml").read_text(encoding="utf-8"))
    links = config["contact_links"]
    assert links[0]["url"].startswith("https://") and "988" in links[0]["name"]
    assert all(set(link) == {"name", "url", "about"} for link in links)


def test_pull_request_template_is_a_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(items) >= 6
    for must in ("aliases", "verified:", "status: inactive", "private details"):
        assert any(must in i for i in items), must


# --------------------------------------------------------------------------- CONTRIBUTING


def examples() -> list[str]:
    section = CONTRIBUTING.split("## Examples of each kind", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


def validate_text(tmp_path: Path, text: str, name: str = "resources.yaml") -> tuple[
        Dataset, list[str]]:
    path = tmp_path / name
    path.write_text("resources:\n" + text, encoding="utf-8")
    dataset, report = check(path, today=date(2026, 10, 15))
    return dataset, [d.format() for d in report.sorted()]


def test_every_example_validates_on_its_own(tmp_path: Path) -> None:
    blocks = examples()
    assert len(blocks) == 7
    for i, block in enumerate(blocks):
        dataset, problems = validate_text(tmp_path, block, f"example{i}.yaml")
        assert problems == [], block
        assert len(dataset.resources) == 1


def test_examples_cover_every_kind_and_way_to_attend(tmp_path: Path) -> None:
    dataset, problems = validate_text(tmp_path, "".join(examples()))
    assert problems == []  # together too: distinct ids, no look-alike duplicates
    assert {r.kind for r in dataset.resources} == set(vocab.KINDS)
    meetings = {r.attendance for r in dataset.resources if r.kind == "meeting"}
    assert meetings == set(vocab.ATTENDANCE)
    slots = [s for r in dataset.resources for s in r.schedule]
    assert {s.every for s in slots} == set(vocab.EVERY)


def test_the_rename_snippet_uses_real_field_names() -> None:
    snippet = CONTRIBUTING.split("### Rename an entry", 1)[1].split("```yaml\n", 1)[1]
    snippet = snippet.split("```", 1)[0]
    entry = yaml.safe_load("resources:\n" + snippet)["resources"][0]
    assert set(entry) == {"id", "aliases"}


def test_every_field_of_the_format_is_explained() -> None:
    table = CONTRIBUTING.split("## The fields", 1)[1].split("\n## ", 1)[0]
    for spec in RESOURCE.fields:
        assert f"| `{spec.name}` |" in table, spec.name
        for child in spec.fields or (spec.items.fields if spec.items else ()):
            assert f"`{child.name}`" in table, f"{spec.name}.{child.name}"
    for program in vocab.PROGRAMS:
        assert f"`{program}`" in table, program


def test_contributing_walks_through_the_web_editor() -> None:
    steps = re.findall(r"^\d+\. \*\*(.+?)\*\*", CONTRIBUTING, re.M)
    assert len(steps) >= 8
    for must in ("Edit this file", "Commit changes", "Create pull request", "Files changed"):
        assert must in CONTRIBUTING, must
