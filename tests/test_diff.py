"""`diff`: entries matched by id and alias, changes field by field, reviewer warnings,
and the command on pairs of real files."""

from __future__ import annotations

import dataclasses
from datetime import date, time
from pathlib import Path

import pytest

from generator.cli import main
from generator.format.model import (
    Contact,
    Dataset,
    Location,
    Online,
    Resource,
    ScheduleSlot,
    Tradition,
    Translation,
)
from generator.review.diff import IGNORED_FIELDS, compare, field_changes
from generator.review.diff_report import MAX_ROWS, render_markdown, render_text


def meeting(id: str = "hope", **kw: object) -> Resource:
    fields: dict[str, object] = dict(
        id=id, name="Tuesday Night Hope", kind="meeting", program="aa",
        attendance="in-person",
        schedule=(ScheduleSlot(days=("tue",), start=time(19), end=time(20)),),
        timezone="America/Chicago",
        location=Location(place="St. Mark's", address="123 Main St", city="Springfield",
                          region="IL", postal_code="62701", country="US",
                          lat=39.8017, lon=-89.6436),
        tags=("open",), verified=date(2026, 1, 5),
    )
    fields.update(kw)
    return Resource(**fields)  # type: ignore[arg-type]


def ds(*resources: Resource, path: str = "resources.yaml") -> Dataset:
    return Dataset(path=path, resources=list(resources))


def messages(result: object) -> list[str]:
    return [f"{w.id}: {w.message}" for w in result.warnings]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- matching


def test_identical_files_are_empty_even_when_lines_move() -> None:
    base = ds(meeting("a", line=3), meeting("b", line=30))
    head = ds(meeting("a", line=10), meeting("b", line=40))
    result = compare(base, head)
    assert result.is_empty
    assert result.unchanged == 2
    assert "No entries added, changed or removed (2 unchanged)" in render_markdown(result)


def test_added_and_removed() -> None:
    result = compare(ds(meeting("a"), meeting("gone", name="Old Group")),
                     ds(meeting("a"), meeting("fresh", name="New Group")))
    assert [r.id for r in result.added] == ["fresh"]
    assert [r.id for r in result.removed] == ["gone"]
    found = messages(result)
    assert any(m.startswith("gone: removed: links to /r/gone/ will break") for m in found)


def test_rename_through_alias_is_not_add_plus_remove() -> None:
    base = ds(meeting("old-slug"))
    head = ds(meeting("new-slug", aliases=("old-slug",)))
    result = compare(base, head)
    assert result.renamed == [("old-slug", "new-slug")]
    assert not result.added and not result.removed
    # Adding the old id to aliases is how a rename is written, not a change to report.
    assert result.changed == []
    text = render_text(result)
    assert "old-slug -> new-slug" in text
    assert "1 renamed" in text


def test_rename_with_other_edits_lists_them_under_the_new_id() -> None:
    base = ds(meeting("old-slug"))
    head = ds(meeting("new-slug", aliases=("old-slug",), name="Hope Group"))
    result = compare(base, head)
    assert [(c.base.id, c.head.id) for c in result.changed] == [("old-slug", "new-slug")]
    assert [(f.path, f.before, f.after) for f in result.changed[0].changes] == [
        ("name", "Tuesday Night Hope", "Hope Group")]
    assert "`new-slug` (was `old-slug`)" in render_markdown(result)


def test_rename_back_to_a_former_id_matches_the_old_entry() -> None:
    base = ds(meeting("current", aliases=("original",)))
    head = ds(meeting("original"))
    result = compare(base, head)
    assert result.renamed == [("current", "original")]
    assert not result.added and not result.removed


def test_merge_redirects_the_removed_entry_without_a_broken_link_warning() -> None:
    base = ds(meeting("a"), meeting("b", name="Other"))
    head = ds(meeting("a", aliases=("b",)))
    result = compare(base, head)
    assert [r.id for r in result.removed] == ["b"]
    assert result.redirected == {"b": "a"}
    assert not any("will break" in m for m in messages(result))
    assert "redirect to `a`" in render_markdown(result)


def test_id_changed_without_alias_is_flagged_as_a_likely_rename() -> None:
    result = compare(ds(meeting("old-slug")), ds(meeting("new-slug")))
    assert [r.id for r in result.added] == ["new-slug"]
    assert [r.id for r in result.removed] == ["old-slug"]
    assert any("looks renamed to `new-slug`: add `old-slug` to that entry's `aliases`" in m
               for m in messages(result))


# --------------------------------------------------------------------------- fields

# One different value for every data field of Resource. A field added to the model and
# not to this table fails test_every_field_is_compared, which is the point: the diff is
# generic, and this proves it for each field.
CHANGED_VALUES: dict[str, object] = {
    "name": "Renamed Group",
    "kind": "community",
    "program": "na",
    "attendance": "hybrid",
    "status": "temporarily-closed",
    "schedule": (ScheduleSlot(days=("wed",), start=time(18, 30)),),
    "timezone": "America/New_York",
    "location": Location(place="Library", address="9 Elm St", city="Springfield"),
    "online": Online(url="https://example.org/join"),
    "tags": ("open", "wheelchair"),
    "description": "Now with coffee.",
    "contact": Contact(email="group@example.org"),
    "verified": date(2026, 9, 1),
    "source": "Intergroup",
    "source_ids": ("hope-group-2",),
    "curated": ("description",),
    "aliases": ("hope-old",),
    "tradition": Tradition(venmo="@HopeGroup"),
    "translations": (Translation(lang="es", description="Ahora con café."),),
}


def test_every_field_is_compared() -> None:
    data_fields = {f.name for f in dataclasses.fields(Resource)
                   if f.name not in IGNORED_FIELDS and f.compare}
    assert data_fields == set(CHANGED_VALUES), "update CHANGED_VALUES for the new field"
    base = meeting()
    for name, value in CHANGED_VALUES.items():
        head = dataclasses.replace(base, **{name: value})
        paths = [c.path for c in field_changes(base, head)]
        assert paths, f"a change to {name} was not noticed"
        assert all(p == name or p.startswith(name + ".") for p in paths), (name, paths)


def test_nested_blocks_are_compared_key_by_key() -> None:
    base = meeting()
    head = meeting(location=dataclasses.replace(base.location, address="125 Main St",  # type: ignore[arg-type]
                                                directions="Side door"),
                   online=Online(phone="+1 555 0100"))
    changes = {c.path: (c.before, c.after) for c in field_changes(base, head)}
    assert changes == {
        "location.address": ("123 Main St", "125 Main St"),
        "location.directions": ("—", "Side door"),
        "online.phone": ("—", "+1 555 0100"),  # a new block: compared against an empty one
    }


def test_values_are_shown_as_yaml_would_write_them() -> None:
    base = meeting()
    head = meeting(schedule=(ScheduleSlot(days=("tue", "thu"), start=time(7, 5)),),
                   verified=date(2026, 3, 1), tags=())
    changes = {c.path: (c.before, c.after) for c in field_changes(base, head)}
    assert changes["schedule"] == ("days: tue, start: 19:00, end: 20:00",
                                   "days: tue, thu, start: 07:05")
    assert changes["verified"] == ("2026-01-05", "2026-03-01")
    assert changes["tags"] == ("open", "—")


# --------------------------------------------------------------------------- warnings


def test_meeting_that_lost_its_address_and_coordinates() -> None:
    base = meeting()
    head = meeting(location=Location(place="St. Mark's", city="Springfield"),
                   verified=date(2026, 2, 1))
    found = messages(compare(ds(base), ds(head)))
    assert "hope: lost its street address: people can no longer find the door" in found
    assert "hope: lost its coordinates: it drops out of searches by distance" in found
    assert not any("`verified` was not updated" in m for m in found)


def test_online_meeting_without_address_is_not_a_loss() -> None:
    base = meeting(attendance="online", location=None, online=Online(url="https://a.example"))
    head = meeting(attendance="online", location=None, online=Online(url="https://b.example"))
    found = messages(compare(ds(base), ds(head)))
    assert not any("address" in m or "coordinates" in m for m in found)


@pytest.mark.parametrize("status", ["inactive", "temporarily-closed"])
def test_status_change_away_from_active(status: str) -> None:
    found = messages(compare(ds(meeting()), ds(meeting(status=status))))
    assert f"hope: status changed from active to {status}" in found


def test_swapped_coordinates_are_flagged_as_a_big_move() -> None:
    base = meeting()
    loc = dataclasses.replace(base.location, lat=39.9017)  # type: ignore[arg-type]
    assert not any("moved" in m for m in messages(compare(ds(base), ds(meeting(location=loc)))))
    far = dataclasses.replace(base.location, lat=41.8781, lon=-87.6298)  # type: ignore[arg-type]
    found = messages(compare(ds(base), ds(meeting(location=far))))
    assert any(m.startswith("hope: moved 1") and "miles on the map" in m for m in found), found


def test_edit_without_new_verified_date_is_pointed_out() -> None:
    found = messages(compare(ds(meeting()), ds(meeting(name="Hope"))))
    assert any("`verified` was not updated" in m for m in found)
    found = messages(compare(ds(meeting()), ds(meeting(name="Hope", verified=date(2026, 9, 9)))))
    assert not any("`verified` was not updated" in m for m in found)


# --------------------------------------------------------------------------- output


def test_markdown_escapes_yaml_strings() -> None:
    evil = meeting("x", name="A | B <script>alert(1)</script>\nnext")
    out = render_markdown(compare(ds(), ds(evil)))
    row = next(line for line in out.splitlines() if line.startswith("| `x`"))
    assert "<script>" not in out
    assert "A \\| B &lt;script&gt;alert(1)&lt;/script&gt; next" in row
    # The row still has exactly the table's six cells.
    assert row.replace("\\|", "").count("|") == 7


def test_markdown_tables_are_capped_for_the_step_summary() -> None:
    many = [meeting(f"m{i}") for i in range(MAX_ROWS + 25)]
    out = render_markdown(compare(ds(), ds(*many)))
    assert f"### Added ({MAX_ROWS + 25})" in out
    assert sum(1 for line in out.splitlines() if line.startswith("| `m")) == MAX_ROWS
    assert "…and 25 more." in out
    # The plain-text form is for a terminal: it lists everything.
    assert render_text(compare(ds(), ds(*many))).count("\n  + m") == MAX_ROWS + 25


# --------------------------------------------------------------------------- command

BASE_YAML = """\
defaults:
  timezone: America/Chicago
  country: US
resources:
  - id: springfield-tuesday-hope
    name: Tuesday Night Hope Group
    kind: meeting
    program: aa
    attendance: in-person
    schedule:
      - days: [tue]
        start: "19:00"
    location:
      address: 123 Main St
      city: Springfield
      region: IL
      lat: 39.8017
      lon: -89.6436
    verified: 2026-01-05
  - id: springfield-smart
    name: SMART Springfield
    kind: meeting
    program: smart
    attendance: online
    schedule:
      - days: [wed]
        start: "18:00"
    online:
      url: https://example.org/smart
    verified: 2026-01-05
  - id: closing-group
    name: Closing Group
    kind: meeting
    program: na
    attendance: online
    schedule:
      - days: [fri]
        start: "20:00"
    online:
      url: https://example.org/na
    verified: 2026-01-05
"""


def write_pair(tmp_path: Path, head: str) -> tuple[str, str]:
    base_file, head_file = tmp_path / "base.yaml", tmp_path / "resources.yaml"
    base_file.write_text(BASE_YAML, encoding="utf-8")
    head_file.write_text(head, encoding="utf-8")
    return str(base_file), str(head_file)


def test_command_on_a_pair_of_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = (BASE_YAML
            .replace("      address: 123 Main St\n", "")
            .replace("  - id: springfield-smart\n",
                     "  - id: springfield-smart-online\n    aliases: [springfield-smart]\n")
            .split("  - id: closing-group")[0]
            + "  - id: new-helpline\n    name: Warm Line\n    kind: helpline\n"
              "    program: other\n    attendance: online\n    online:\n"
              "      phone: \"+1 555 0100\"\n")
    base, new = write_pair(tmp_path, head)
    assert main(["diff", base, new, "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "**1 added, 1 changed, 1 removed, 1 renamed (0 unchanged)**" in out
    assert "| `springfield-tuesday-hope` Tuesday Night Hope Group | `location.address` " \
           "| 123 Main St | — |" in out
    assert "- `springfield-smart` → `springfield-smart-online`" in out
    assert "| `new-helpline` | Warm Line | helpline | other | online | online |" in out
    assert "| `closing-group` | Closing Group | **break** |" in out
    assert "`springfield-tuesday-hope`: lost its street address" in out

    assert main(["diff", base, new]) == 0
    text = capsys.readouterr().out
    assert "  ~ springfield-tuesday-hope  Tuesday Night Hope Group\n" \
           "      location.address: 123 Main St -> —\n" in text
    assert "  springfield-smart -> springfield-smart-online\n" in text


def test_command_with_no_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, new = write_pair(tmp_path, BASE_YAML.replace("# none", ""))
    assert main(["diff", base, new]) == 0
    assert "0 added, 0 changed, 0 removed (3 unchanged)" in capsys.readouterr().out


def test_command_refuses_to_guess_when_a_file_has_errors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, new = write_pair(tmp_path, BASE_YAML.replace("    kind: meeting\n    program: smart",
                                                        "    kind: meting\n    program: smart"))
    assert main(["diff", base, new, "--format", "markdown"]) == 1
    captured = capsys.readouterr()
    assert "Could not compare:" in captured.out and "resources.yaml has errors" in captured.out
    assert "removed" not in captured.out
    assert "resources.yaml:22:11: error: `kind`" in captured.err  # the bad value, located


def test_command_with_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, _ = write_pair(tmp_path, BASE_YAML)
    assert main(["diff", base, str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml: error: no such file" in capsys.readouterr().err
