"""The finder index (/resources.json) and its notes file: decoded back in Python, every
entry must come out as it went in, the tables must hold each repeated value once, and
the size must stay within the budget of 100 bytes per entry gzipped."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from test_finder_data import finder_dataset

from generator.build.context import SiteContext
from generator.build.outputs import PRODUCERS
from generator.finder import form, index, site_files
from generator.finder.text import fold, town_label
from generator.format import vocab
from generator.format.model import Dataset, Defaults, Location, Online, Resource, ScheduleSlot
from generator.synth import generate

ROOT = Path(__file__).resolve().parent.parent


def decode(x: dict[str, Any]) -> list[dict[str, Any]]:
    """The index as one dict per entry, the way finder.js reads it."""
    out = []
    lat = lon = 0
    coords = iter(zip(x["la"], x["lo"], strict=True))
    for i in range(x["n"]):
        f = x["f"][i]
        entry: dict[str, Any] = {
            "id": x["id"][i], "name": x["nm"][i], "program": x["progs"][x["p"][i]][0],
            "attendance": x["att"][f & 3], "kind": x["kinds"][(f >> 2) & 7],
            "closed": bool(f & 32), "approximate": bool(f & 64),
            "zone": x["zones"][x["z"][i]], "town": x["towns"][x["tw"][i]],
            "place": x["places"][x["pl"][i]],
            "tags": [x["tags"][t][0] for t in x["tagsets"][x["t"][i]]],
            "slots": x["sched"][x["s"][i]], "lat": None, "lon": None,
        }
        if f & 128:
            dlat, dlon = next(coords)
            lat, lon = lat + dlat, lon + dlon
            entry["lat"], entry["lon"] = lat / x["cs"], lon / x["cs"]
        out.append(entry)
    assert next(coords, None) is None
    return out


def _resources() -> list[Resource]:
    hall = dict(place="St. Mark's  Hall", city="Springfield", region="IL", country="US")
    return [
        Resource(id="b-tuesday", name="Tuesday <Hope>", kind="meeting", program="aa",
                 attendance="hybrid", timezone="America/Chicago",
                 schedule=(ScheduleSlot(days=("tue", "thu"), start=time(19), end=time(20)),
                           ScheduleSlot(days=("sat",), start=time(23, 30), end=time(0, 30),
                                        every="month", weeks=(1, -1))),
                 location=Location(**hall, address="1 Main St", lat=39.80123, lon=-89.64321),
                 online=Online(url="https://example.org/j", notes="Código: Ñandú"),
                 tags=("women", "spanish", "ukrainian"), description="Café after"),
        Resource(id="a-closed", name="Closed Group", kind="meeting", program="na",
                 attendance="in-person", status="temporarily-closed", timezone="America/Chicago",
                 schedule=(ScheduleSlot(days=("tue", "thu"), start=time(19), end=time(20)),),
                 location=Location(**hall, lat=39.80123, lon=-89.64321, approximate=True),
                 tags=("ukrainian", "women", "spanish")),
        Resource(id="c-gone", name="Gone", kind="meeting", program="aa", attendance="online",
                 status="inactive", timezone="America/Chicago", online=Online(phone="1")),
        Resource(id="d-line", name="Warmline", kind="helpline", program="other",
                 attendance="online", timezone="America/New_York", online=Online(phone="1")),
        Resource(id="e-abroad", name="Queen St", kind="meeting", program="aa",
                 attendance="in-person", timezone="America/Toronto",
                 schedule=(ScheduleSlot(days=("wed",), start=time(7)),),
                 location=Location(place="Hall", city="Toronto", region="ON", country="CA",
                                   lat=43.65, lon=-79.37)),
    ]


def _dataset() -> Dataset:
    return Dataset("r.yaml", _resources(), Defaults(timezone="America/Chicago", country="US"))


def test_entries_round_trip() -> None:
    data = index.build(_dataset())
    entries = {e["id"]: e for e in decode(data.index)}
    assert set(entries) == {"a-closed", "b-tuesday", "d-line", "e-abroad"}  # inactive left out
    b = entries["b-tuesday"]
    assert b["name"] == "Tuesday <Hope>" and b["program"] == "aa" and b["kind"] == "meeting"
    assert b["attendance"] == "hybrid" and not b["closed"] and not b["approximate"]
    assert (b["lat"], b["lon"]) == pytest.approx((39.80123, -89.64321), abs=1e-9)
    assert b["town"] == "Springfield, IL" and b["place"] == "St. Mark's Hall"
    assert b["zone"] == "America/Chicago"
    assert sorted(b["tags"]) == ["spanish", "ukrainian", "women"]
    tue_thu = (1 << 2) | (1 << 4)  # Sunday is bit 0
    assert sorted(b["slots"]) == sorted([[1 << 6, 23 * 60 + 30, 60, 2, 1 | 16],
                                         [tue_thu, 19 * 60, 60]])
    a = entries["a-closed"]
    assert a["closed"] and a["approximate"] and a["program"] == "na"
    d = entries["d-line"]
    assert d["slots"] == [] and d["lat"] is None and d["kind"] == "helpline"
    assert d["attendance"] == "online" and d["zone"] == "America/New_York"
    assert entries["e-abroad"]["town"] == "Toronto, ON, CA"
    assert entries["e-abroad"]["slots"] == [[1 << 3, 7 * 60]]  # no end: duration left out


def test_fortnightly_slots_carry_the_parity_of_their_weeks() -> None:
    """1 or 2 (the parity of the Monday-to-Sunday week of `from:`, plus one) after the
    every code 1; nothing when unknown, as in indexes built before `from:` existed."""
    def code(anchor: date | None, days: tuple[str, ...] = ("tue",)) -> list[int]:
        r = Resource(id="f", name="F", kind="meeting", program="aa", attendance="online",
                     timezone="America/Chicago", online=Online(phone="1"),
                     schedule=(ScheduleSlot(days=days, start=time(19), every="2 weeks",
                                            from_=anchor),))
        (entry,) = decode(index.build(Dataset("r.yaml", [r])).index)
        (slot,) = entry["slots"]
        return slot

    assert code(None) == [1 << 2, 19 * 60, 0, 1]
    this_week = code(date(2026, 11, 17))[4]
    assert this_week in (1, 2)
    # any date of the same Monday-to-Sunday week, or an even number of weeks away
    for same in (date(2026, 11, 16), date(2026, 11, 22), date(2026, 12, 1), date(2024, 1, 2)):
        assert code(same)[4] == this_week, same
    for other in (date(2026, 11, 15), date(2026, 11, 23), date(2026, 11, 10), date(2024, 1, 9)):
        assert code(other)[4] == 3 - this_week, other
    # 29 December 1969 (a Monday) starts week 0: the value finder-filter.js expects there
    assert code(date(1969, 12, 30))[4] == 1 and code(date(1970, 1, 6))[4] == 2


def test_repeated_values_are_stored_once() -> None:
    x = index.build(_dataset()).index
    assert x["places"].count("St. Mark's Hall") == 1 and x["places"][0] == ""
    assert x["towns"].count("Springfield, IL") == 1 and x["towns"][0] == ""
    assert len(x["tagsets"]) == len({tuple(t) for t in x["tagsets"]})
    ids = x["id"]
    a, b = ids.index("a-closed"), ids.index("b-tuesday")
    assert x["t"][a] == x["t"][b]  # the same tag set, in any order, is one row
    assert x["pl"][a] == x["pl"][b] and x["tw"][a] == x["tw"][b]
    assert len(x["sched"]) == len({json.dumps(s) for s in x["sched"]}) and x["sched"][0] == []


def test_vocabulary_tables_follow_vocab() -> None:
    x = index.build(_dataset()).index
    assert [p[0] for p in x["progs"]] == list(vocab.PROGRAMS)
    assert [t[0] for t in x["tags"]] == list(vocab.TAGS)
    assert x["tags"][0][1] == vocab.TAGS[x["tags"][0][0]].label
    assert x["att"] == list(vocab.ATTENDANCE) and x["kinds"] == list(vocab.KINDS)
    assert x["bands"] == [[k, *v] for k, v in vocab.TIME_BANDS.items()]


def test_notes_are_folded_and_tied_to_the_index() -> None:
    data = index.build(_dataset())
    assert data.notes["h"] == data.index["h"] and len(data.index["h"]) == 16
    notes = dict(zip(data.index["id"], data.notes["x"], strict=True))
    assert notes["b-tuesday"] == "cafe after 1 main st codigo: nandu"
    assert notes["d-line"] == ""
    other = index.build(Dataset("r.yaml", _resources()[:2], _dataset().defaults))
    assert other.index["h"] != data.index["h"]


def test_fold_matches_the_browser_rules() -> None:
    assert fold("  Último   TRAGO ") == "ultimo trago"
    assert fold("Ñandú Café") == "nandu cafe"
    assert fold("Straße") == "straße"  # lower case, like JavaScript's toLowerCase
    assert town_label("Springfield", "IL", "US", "US") == "Springfield, IL"
    assert town_label("Toronto", "ON", "ca", "US") == "Toronto, ON, CA"


def test_entries_are_in_name_order() -> None:
    names = index.build(generate(300, seed=5)).index["nm"]
    folded = [fold(n) for n in names]
    assert folded == sorted(folded)  # finder.js lists by name without sorting


def test_order_is_stable_and_json_is_compact() -> None:
    first = index.build(_dataset()).files()
    again = index.build(_dataset()).files()
    assert first == again
    path, text = first[0]
    assert path == "resources.json" and ": " not in text and ", " not in text.replace(
        "Springfield, IL", "").replace("Toronto, ON, CA", "")
    assert "Tuesday <Hope>" in json.loads(text)["nm"]  # text, never markup: finder.js uses textContent


@pytest.mark.parametrize("count", [1000, 2000])
def test_size_budget(count: int) -> None:
    data = index.build(generate(count, seed=3))
    raw = index.dumps(data.index).encode()
    assert len(gzip.compress(raw, 6)) / data.index["n"] <= 100


def test_site_files_is_registered_and_publishes_index_notes_and_gazetteer() -> None:
    assert site_files in PRODUCERS
    ctx = SiteContext(finder_dataset())
    files = dict(site_files(ctx))
    assert {"resources.json", "resources-notes.json", "gazetteer/zip-62.json",
            "gazetteer/towns-s.json", "gazetteer/other.json"} <= set(files)
    assert "finder-tiles/index.json" in files and "finder-tiles/online.json" in files
    assert all(p.startswith(("gazetteer/", "finder-tiles/"))
               for p in set(files) - {"resources.json", "resources-notes.json"})
    for text in files.values():
        json.loads(text)


# --------------------------------------------------------------------------- the page


def test_find_page_form_block_is_current() -> None:
    text = (ROOT / "content" / "find.md").read_text(encoding="utf-8")
    assert form.replace_block(text) == text, "run: python -m generator.finder.form content/find.md"


def test_form_fields_are_the_design_url_parameters() -> None:
    html = form.render()
    names = set(re.findall(r'name="([a-z]+)"', html))
    assert names == {"near", "radius", "day", "time", "program", "attendance", "tag", "q",
                     "now", "closed", "sort"}
    for key in vocab.PROGRAMS:
        assert f'<option value="{key}">' in html
    for key in vocab.TAGS:
        assert f'name="tag" value="{key}"' in html
    for key in vocab.TIME_BANDS:
        assert f'<option value="{key}">' in html
    for key in vocab.DAYS:
        assert f'<option value="{key}">' in html
    assert '<option value="10" selected>' in html
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for control in re.findall(r'<(?:select|input)[^>]*id="([^"]+)"', html):
        assert f'for="{control}"' in html, control


def test_form_rewrites_only_its_block(tmp_path: Path) -> None:
    page = tmp_path / "find.md"
    page.write_text("# Find\n\nbefore\n\n<!-- finder:form:start -->\nold\n"
                    "<!-- finder:form:end -->\n\nafter\n", encoding="utf-8")
    assert form.main([str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Find\n\nbefore\n\n" + form.START) and text.endswith(
        form.END + "\n\nafter\n")
    assert "old" not in text
    with pytest.raises(ValueError, match="markers are missing"):
        form.replace_block("no markers")
