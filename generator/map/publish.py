"""What a site with a basemap publishes for its map, and the markup that offers it.

Only sites whose plugin config names a basemap (`map_tiles: PATH`) get any of it: the
basemap itself at /map/basemap.pmtiles, its facts at /map/config.json, the map scripts
under /assets/directory/map/ (our loader and map, Leaflet and protomaps-leaflet), a
"Show map" button above the finder's in-person results and a "Show on a map" button on
each in-person group page. The buttons load the map's code and data when pressed.

    files = site_files(basemap, attribution="© OpenStreetMap contributors")
    html = finder_page(html)            # None when the finder markup is not found
    inner += place_map(resource)        # in the group page's "Where" section
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.format.model import Resource
from generator.map.basemap import Basemap

ASSETS = Path(__file__).resolve().parent / "assets"
ASSETS_URL = "assets/directory/map/"
TILES_URL = "map/basemap.pmtiles"
CONFIG_URL = "map/config.json"
DEFAULT_ATTRIBUTION = "© OpenStreetMap contributors"
# The finder's markup (generator/finder/form.py) that the map's button and box sit by.
FINDER_TITLE = '<h2 id="fd-near-title"'
FINDER_LIST = '<ol id="fd-near-list"'


def asset_files() -> list[tuple[str, Path]]:
    """(site path, source file) of every map script, style and license."""
    return [(ASSETS_URL + p.relative_to(ASSETS).as_posix(), p)
            for p in sorted(ASSETS.rglob("*")) if p.is_file() and not p.name.startswith(".")]


def config_json(basemap: Basemap, attribution: str) -> str:
    """/map/config.json: the tiles' address (from the site root), zooms, bounds, credit."""
    data = {"tiles": TILES_URL, "attribution": attribution, **basemap.config()}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _loader(prefix: str) -> str:
    return f'<script type="module" src="{prefix}{ASSETS_URL}map-loader.js"></script>'


def finder_page(html: str, prefix: str = "../") -> str | None:
    """The /find/ page with the map's button (beside the in-person heading) and its box
    (above the in-person list); None when the page lacks the finder's result list."""
    if FINDER_TITLE not in html or FINDER_LIST not in html:
        return None
    button = ('<button type="button" class="md-button dm-open dm-open--finder"'
              ' aria-controls="fd-map" aria-expanded="false" hidden>Show map</button>')
    box = ('<div id="fd-map" class="dm-map dm-map--finder" role="region"'
           ' aria-label="Map of the in-person results (the list below has the same groups)"'
           ' hidden></div>')
    html = html.replace(FINDER_TITLE, button + FINDER_TITLE, 1)
    return html.replace(FINDER_LIST, box + FINDER_LIST, 1) + _loader(prefix)


def place_map(r: Resource, prefix: str = "../../") -> str:
    """A group page's map: a button, and the box it opens on the group's position."""
    loc = r.location
    if loc is None or loc.lat is None or loc.lon is None:
        return ""
    from html import escape

    approx = ' data-approximate=""' if loc.approximate else ""
    return ('<p class="dm-place-open"><button type="button" class="md-button dm-open"'
            ' aria-controls="dm-place" aria-expanded="false" hidden>Show on a map</button></p>'
            f'<div id="dm-place" class="dm-map dm-map--place" data-lat="{loc.lat:.6f}"'
            f' data-lon="{loc.lon:.6f}" data-name="{escape(r.name)}"{approx} role="region"'
            ' aria-label="Map of where the group meets" hidden></div>' + _loader(prefix))
