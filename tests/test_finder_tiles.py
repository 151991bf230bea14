"""The finder's geographic tiles (/finder-tiles/) and what pages download.

- Every in-person or hybrid entry with coordinates is in exactly one cell tile, whose
  box holds it; online ones are in the online tile; decoded, each tile entry is the
  whole index's entry at its rank.
- In Chromium: the finder for a postal code loads tiles and never the whole index; a
  view about any place loads the whole index; a group's page asks for nothing that
  grows with the list (no sitemap.xml, no finder data).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_finder_index import decode

from generator.finder import index, tiles
from generator.format.model import Dataset
from generator.render import offline
from generator.synth import generate


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return generate(1500, seed=5)


def _files(dataset: Dataset) -> dict[str, Any]:
    whole = index.build(dataset).index
    return {"whole": whole, **{path.removeprefix(tiles.DIRECTORY): json.loads(text)
                               for path, text in tiles.files(dataset, whole["h"])}}


def _ranked(tile: dict[str, Any], manifest: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    full = {**tile, **{k: manifest[k] for k in tiles.SHARED}, "cs": manifest["cs"]}
    rank = 0
    for step, entry in zip(tile["r"], decode(full), strict=True):
        rank += step
        yield rank, entry


def test_each_entry_is_in_one_tile_that_holds_it(dataset: Dataset,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tiles, "MAX_ENTRIES", 40)  # force cells to split
    out = _files(dataset)
    whole, manifest = decode(out["whole"]), out["index.json"]
    assert manifest["h"] == out["whole"]["h"] and manifest["n"] == len(whole)
    seen: dict[int, str] = {}
    levels = set()
    for z, y, x, count in zip(manifest["z"], manifest["y"], manifest["x"], manifest["c"],
                              strict=True):
        name = f"c{z}-{y}-{x}.json"
        tile = out[name]
        assert tile["n"] == count and (count <= 40 or z == tiles.MAX_LEVEL)
        levels.add(z)
        size = 1 / (1 << z)
        for rank, entry in _ranked(tile, manifest):
            assert rank not in seen, (name, seen.get(rank))
            seen[rank] = name
            assert entry == whole[rank]  # the same entry as the whole index has there
            assert entry["attendance"] != "online"
            assert math.floor((entry["lat"] + 90) / size) == y
            assert math.floor((entry["lon"] + 180) / size) == x
    assert len(levels) > 1, "the cap should have split some cells"
    online = dict(_ranked(out["online.json"], manifest))
    assert len(online) == manifest["on"] > 0
    for rank, entry in online.items():
        assert entry == whole[rank] and entry["attendance"] == "online"
    # everything the finder can list around a place is in some tile
    placed = {i for i, e in enumerate(whole) if e["attendance"] != "online" and e["lat"] is not None}
    assert set(seen) == placed and not placed & set(online)
    assert set(manifest["ut"]) == {t for e in whole for t in e["tags"]}


def test_a_tile_is_a_small_part_of_the_whole(dataset: Dataset) -> None:
    out = _files(dataset)
    whole = len(json.dumps(out["whole"]))
    biggest = max(len(json.dumps(v)) for k, v in out.items() if k.startswith("c"))
    assert biggest < whole / 5
    assert max(out["index.json"]["c"]) <= tiles.MAX_ENTRIES


# --------------------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def site(synth_site: Path, serve_dir: Any) -> str:
    return str(serve_dir(synth_site))


def _requests(browser: Any, url: str, ready: str) -> list[str]:
    ctx = browser.new_context(locale="en-US", timezone_id="America/Chicago")
    seen: list[str] = []
    ctx.on("request", lambda r: seen.append(r.url))
    try:
        page = ctx.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.wait_for_function(ready)
        return seen
    finally:
        ctx.close()


@pytest.mark.browser
def test_a_group_page_asks_for_nothing_that_grows_with_the_list(browser: Any, site: str,
                                                                synth_site: Path) -> None:
    entry = sorted((synth_site / "r").iterdir())[0].name
    seen = _requests(browser, f"{site}r/{entry}/", "() => document.readyState === 'complete'")
    paths = [u.removeprefix(site) for u in seen]
    assert paths[0] == f"r/{entry}/"
    assert "sitemap.xml" not in paths
    for path in paths[1:]:  # the theme's scripts, styles and icon, and its own files
        if path == "search/search_index.json":  # site search: the guides, not the list
            continue
        # The service worker and what it keeps at install (the home, finder and handout
        # pages, the 404 page, the manifest and icons) are the same size for any list.
        if path == "sw.js" or path in offline.SHELL or path.startswith("icons/"):
            continue
        assert path.startswith(("assets/", f"r/{entry}/")), path  # fixed size, or its own
    searched = json.loads((synth_site / "search/search_index.json").read_text("utf-8"))
    # Town, region and program pages are in the site search (a few per town, so the
    # header search finds a place); group pages never are: the finder searches those.
    assert not any(d["location"].startswith("r/") for d in searched["docs"])


@pytest.mark.browser
def test_a_postal_code_loads_tiles_not_the_whole_index(browser: Any, site: str,
                                                       synth_site: Path) -> None:
    code = _some_postal_code(synth_site)
    done = "() => window.__finderTimings && window.__finderTimings.dataLoaded"
    seen = [u.removeprefix(site).split("?")[0] for u in
            _requests(browser, f"{site}find/?near={code}&day=any", done)]
    assert "resources.json" not in seen and "sitemap.xml" not in seen
    cells = [p for p in seen if p.startswith("finder-tiles/c")]
    assert cells and "finder-tiles/online.json" in seen
    assert len(cells) < len(json.loads((synth_site / "finder-tiles/index.json").read_text())["z"])
    anywhere = [u.removeprefix(site) for u in _requests(browser, f"{site}find/?day=any", done)]
    assert "resources.json" in anywhere and not any("finder-tiles/" in p for p in anywhere)


def _dataset_of(site: Path) -> Dataset:
    from generator.format.loader import load

    return load(site.parent / "resources.yaml")[0]


def _some_postal_code(site: Path) -> str:
    for r in _dataset_of(site).resources:
        if r.location and r.location.postal_code and r.attendance == "in-person" \
                and r.location.country in ("", "US") and r.status == "active":
            return r.location.postal_code
    raise AssertionError("no in-person entry with a postal code")
