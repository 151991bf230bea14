"""Bidi controls closed: `balanced` (generator/render/html.py) appends the closers a
string's open embeddings, overrides and isolates lack, and nothing else; `text_json`
does it for every string of the JSON the finder and the handout show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.render.html import balanced, balanced_strings, esc, link, text_json

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"

UNCHANGED = [
    "", "Tuesday Night Hope Group", "Peñasco · 7 pm", "קבוצת תקווה", "مجموعة الأمل",
    f"a{RLO}b{PDF}c", f"{LRE}{RLE}x{PDF}{PDF}", f"{RLI}x{PDI}", f"{FSI}{LRO}x{PDI}",
    f"{LRI}{RLO}x{PDF}{PDI}", f"{RLO}{LRI}x{PDI}{PDF}",
    f"{PDF}stray closers{PDI}",  # closers with nothing open are ignored by browsers
    f"x{RLO}y{PDF}{PDF}{PDI}",
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_balanced_text_is_returned_byte_for_byte(text: str) -> None:
    assert balanced(text).encode("utf-8") == text.encode("utf-8")


@pytest.mark.parametrize(("text", "closers"), [
    (f"Meets {RLO}unclosed", PDF),
    (f"{LRE}{RLE}{LRO}{RLO}x", PDF * 4),
    (f"{LRI}{RLI}{FSI}x", PDI * 3),
    (f"{RLO}a{LRI}b", PDI + PDF),  # innermost first
    (f"{LRI}a{RLO}b", PDF + PDI),
    # a PDI closes the latest isolate and the embeddings opened inside it...
    (f"{LRI}a{RLO}b{PDI}c", ""),
    (f"{RLO}{LRI}a{RLE}b{PDI}c", PDF),
    # ...but never an embedding: with no isolate open it is ignored
    (f"{RLO}a{PDI}b", PDF),
    # a PDF cannot close an embedding from outside an open isolate
    (f"{RLO}a{LRI}b{PDF}c", PDI + PDF),
    (f"{RLI}a{PDF}", PDI),
    # nested the other way round, partly closed
    (f"{RLO}{RLE}a{PDF}", PDF),
    (f"{RLO}x{PDF}{RLO}y", PDF),
    (f"Group {RLO}gnp.exe{PDF} and {RLI}שלום{PDI} then {RLO}unclosed", PDF),
])
def test_open_controls_get_their_closers_appended(text: str, closers: str) -> None:
    assert balanced(text) == text + closers
    assert balanced(balanced(text)) == balanced(text)  # and then it is balanced


def test_a_thousand_open_controls_are_closed_in_one_pass() -> None:
    text = (RLO + LRI + "x") * 1000
    assert balanced(text) == text + (PDI + PDF) * 1000


def test_esc_closes_text_and_attributes_but_link_targets_stay_as_written() -> None:
    assert esc(f"<b>{RLO}x") == f"&lt;b&gt;{RLO}x{PDF}"
    assert esc("plain & simple") == "plain &amp; simple"
    url = f"https://example.org/{RLO}x"
    assert link(url, url, title=f"{RLI}t") == (
        f'<a href="{url}" title="{RLI}t{PDI}">{url}{PDF}</a>')


def test_text_json_closes_every_string_and_nothing_else() -> None:
    data = {"nm": [f"a{RLO}", "b", f"c{RLI}"], "n": 3, f"k{RLO}": {"x": [f"{LRE}y", None]}}
    assert json.loads(text_json(data)) == {
        "nm": [f"a{RLO}{PDF}", "b", f"c{RLI}{PDI}"], "n": 3,
        f"k{RLO}": {"x": [f"{LRE}y{PDF}", None]}}
    assert balanced_strings(data) == json.loads(text_json(data))
    clean = {"nm": ["Hope", "קבוצת תקווה", f"{RLO}ok{PDF}"], "la": [1, -2]}
    assert text_json(clean) == json.dumps(clean, ensure_ascii=False, separators=(",", ":"))


def test_the_loader_closes_what_a_text_field_leaves_open(tmp_path: Path) -> None:
    from generator.format.loader import load

    data = tmp_path / "resources.yaml"
    data.write_text(
        "resources:\n"
        "  - id: a-group\n"
        '    name: "Hope \\u202eevil"\n'
        '    description: "closed \\u2067here\\u2069 already"\n'
        "    kind: helpline\n    program: other\n    attendance: online\n"
        "    online: {phone: \"988\"}\n", "utf-8")
    dataset, report = load(data)
    assert not report.errors, report.errors
    [group] = dataset.resources
    assert group.name == "Hope \u202eevil\u202c"
    assert group.description == "closed \u2067here\u2069 already"  # balanced: as written


def test_validate_refuses_invisible_characters_in_links_numbers_and_addresses(
        tmp_path: Path) -> None:
    from generator.format.validate import check

    data = tmp_path / "resources.yaml"
    data.write_text(
        "resources:\n"
        "  - id: a-group\n    name: A Group\n    kind: helpline\n    program: other\n"
        "    attendance: online\n"
        '    online: {url: "https://example.org/\\u202ejoin", phone: "98\\u200b8"}\n'
        '    contact: {email: "help\\u2066@example.org"}\n', "utf-8")
    _, report = check(data)
    invisible = [d for d in report.errors if "invisible character" in d.message]
    assert {(d.line, d.message.split("`")[1]) for d in invisible} == {
        (7, "online.url"), (7, "online.phone"), (8, "contact.email")}
    assert all("retype" in d.hint for d in invisible)
