"""The map's build side: reading a PMTiles basemap's header, refusing files the map could
not draw (naming the file, with a hint), the markup it adds, and — the privacy promise —
a site without `map_tiles` ships no map code at all. The browser side is in
tests/test_map_browser.py."""

from __future__ import annotations

import json
import re
import shutil
import struct
from dataclasses import replace
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from generator.format.model import Location, Resource
from generator.map.basemap import BasemapError, read_basemap, unpainted
from generator.map.publish import config_json, finder_page, place_map
from generator.render import audit
from tests.helpers import build_site
from tests.map_support import make_basemap

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def basemap_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_basemap(tmp_path_factory.mktemp("basemap") / "region.pmtiles", max_zoom=9)


def test_header_gives_zooms_bounds_centre_and_layers(basemap_file: Path) -> None:
    b = read_basemap(basemap_file)
    assert (b.min_zoom, b.max_zoom) == (0, 9)
    west, south, east, north = b.bounds
    # the fixture's land polygon spans -91.0..-88.8, 39.2..40.4 (tiles may round outwards)
    assert -91.2 < west <= -91.0 and -88.8 <= east < -88.6
    assert 39.0 < south <= 39.2 and 40.4 <= north < 40.6
    assert set(b.layers) == {"earth", "water", "landuse", "roads", "places"}
    assert not unpainted(b)
    assert b.size == basemap_file.stat().st_size
    config = json.loads(config_json(b, "© OpenStreetMap contributors"))
    assert config["tiles"] == "map/basemap.pmtiles" and config["maxZoom"] == 9
    assert config["attribution"] == "© OpenStreetMap contributors"


def _patched(src: Path, dst: Path, at: int, value: bytes) -> Path:
    data = bytearray(src.read_bytes())
    data[at:at + len(value)] = value
    dst.write_bytes(bytes(data))
    return dst


@pytest.mark.parametrize(("at", "value", "message"), [
    (0, b"NotPMTi", "not a PMTiles file"),
    (7, b"\x02", "PMTiles version 2"),
    (99, b"\x02", "its tiles are PNG"),
    (102, struct.pack("<i", 1_000_000_000), "no usable bounds"),
])
def test_unusable_basemaps_are_refused_with_the_reason(basemap_file: Path, tmp_path: Path,
                                                       at: int, value: bytes,
                                                       message: str) -> None:
    bad = _patched(basemap_file, tmp_path / "bad.pmtiles", at, value)
    with pytest.raises(BasemapError, match=message) as e:
        read_basemap(bad)
    assert str(bad) in str(e.value)


def test_missing_and_short_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BasemapError, match="cannot read the basemap"):
        read_basemap(tmp_path / "nowhere.pmtiles")
    (tmp_path / "short.pmtiles").write_bytes(b"PMTiles\x03")
    with pytest.raises(BasemapError, match="not a PMTiles file.*pmtiles extract"):
        read_basemap(tmp_path / "short.pmtiles")


def test_a_build_with_an_unusable_basemap_fails_naming_the_option(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "tiles.pmtiles").write_text("<html>not tiles</html>")
    with pytest.raises((PluginError, Abort)):
        build_site(ROOT / "examples" / "resources.yaml", tmp_path / "site",
                   map_tiles=str(tmp_path / "tiles.pmtiles"))
    assert re.search(r"map_tiles: .*tiles\.pmtiles: not a PMTiles file", caplog.text)
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_site_without_a_basemap_ships_no_map_code(example_site: Path) -> None:
    assert not (example_site / "map").exists()
    assert not (example_site / "assets" / "directory" / "map").exists()
    for path in example_site.rglob("*"):
        if path.suffix in (".html", ".js", ".css", ".json") and path.is_file():
            text = path.read_text("utf-8", errors="replace")
            for marker in ("map-loader", "dm-open", "leaflet", "protomapsL", ".pmtiles"):
                assert marker not in text, f"{path.relative_to(example_site)}: {marker}"


def test_finder_page_gets_a_button_and_a_box_beside_the_in_person_list() -> None:
    from generator.finder import form

    html = finder_page(form.render(), "../")
    assert html is not None
    button = html.index('class="md-button dm-open dm-open--finder"')
    assert button < html.index('<h2 id="fd-near-title"') < html.index('id="fd-map"')
    assert html.index('id="fd-map"') < html.index('<ol id="fd-near-list"')
    assert html.endswith('<script type="module" '
                         'src="../assets/directory/map/map-loader.js"></script>')
    assert finder_page("<div id='finder'>changed markup</div>") is None


def _resource(**location: object) -> Resource:
    loc = Location(place="Hall", address="1 Main St", city="Springfield", region="IL",
                   postal_code="62701", country="US", lat=39.8, lon=-89.64)
    return Resource(id="x", name='<b>"Hope"</b> & Co', kind="meeting", program="aa",
                    attendance="in-person", location=replace(loc, **location))  # type: ignore[arg-type]


def test_group_page_map_escapes_the_name_and_needs_a_position() -> None:
    html = place_map(_resource())
    assert 'data-name="&lt;b&gt;&quot;Hope&quot;&lt;/b&gt; &amp; Co"' in html
    assert 'data-lat="39.800000" data-lon="-89.640000"' in html
    assert "data-approximate" not in html and " hidden>" in html
    assert "data-approximate" in place_map(_resource(approximate=True))
    assert place_map(_resource(lat=None, lon=None)) == ""


def test_vendored_link_hosts_are_allowed_only_in_the_vendored_files() -> None:
    js = 'a="https://leafletjs.com";b=new URL(u,"http://example.com")'
    assert audit.audit_js(js, "assets/directory/map/vendor/leaflet.js") == []
    assert len(audit.audit_js(js, "assets/directory/map/map.js")) == 2
    assert len(audit.audit_js(js, "assets/directory/finder.js")) == 2


def test_vendored_files_carry_their_licenses_and_versions() -> None:
    vendor = ROOT / "generator" / "map" / "assets" / "vendor"
    versions = json.loads((vendor / "VERSIONS.json").read_text("utf-8"))
    assert {"leaflet", "protomaps-leaflet", "pmtiles"} <= set(versions)
    for name, info in versions.items():
        assert info["version"] and info["license"], name
        assert (vendor / "licenses" / (name.replace("/", "__") + ".txt")).is_file(), name
    for script in ("leaflet.js", "protomaps-leaflet.js"):
        assert "sourceMappingURL" not in (vendor / script).read_text("utf-8")[-300:]


@pytest.mark.parametrize(("header", "size", "expected"), [
    ("bytes=0-16383", 100_000, (0, 16383)),
    ("bytes=99990-", 100_000, (99990, 99999)),
    ("bytes=-10", 100_000, (99990, 99999)),
    ("bytes=0-16383", 500, (0, 499)),  # a short file: what there is
    ("bytes=600-700", 500, None),
    ("bytes=5-2", 500, None),
    ("bytes=0-1,5-6", 500, None),  # several ranges: the PMTiles reader never asks
    ("items=0-1", 500, None),
])
def test_byte_ranges_are_read_as_hosts_read_them(header: str, size: int,
                                                 expected: tuple[int, int] | None) -> None:
    from generator.map.preview import byte_range

    assert byte_range(header, size) == expected


def test_preview_server_answers_basemap_ranges(tmp_path: Path, basemap_file: Path) -> None:
    """`mkdocs serve` sends whole files; with a basemap, the plugin makes its server answer
    ranges of /map/basemap.pmtiles (and leaves every other file to MkDocs)."""
    from mkdocs.livereload import LiveReloadServer

    from generator.map.preview import answer_ranges

    (tmp_path / "map").mkdir()
    shutil.copyfile(basemap_file, tmp_path / "map" / "basemap.pmtiles")
    (tmp_path / "index.html").write_text("<html><body>home</body></html>")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        answer_ranges(server)
        answers: list[tuple[str, dict[str, str]]] = []

        def start(status: str, headers: list[tuple[str, str]]) -> None:
            answers.append((status, dict(headers)))

        body = b"".join(server._serve_request(
            {"PATH_INFO": "/map/basemap.pmtiles", "HTTP_RANGE": "bytes=0-126"}, start))
        size = basemap_file.stat().st_size
        assert answers[-1][0] == "206 Partial Content"
        assert answers[-1][1]["Content-Range"] == f"bytes 0-126/{size}"
        assert body == basemap_file.read_bytes()[:127]
        b"".join(server._serve_request(
            {"PATH_INFO": "/map/basemap.pmtiles", "HTTP_RANGE": f"bytes={size}-"}, start))
        assert answers[-1][0].startswith("416")
        whole = server._serve_request({"PATH_INFO": "/index.html", "HTTP_RANGE": "bytes=0-3"},
                                      start)
        assert answers[-1][0] == "200 OK" and b"home" in b"".join(whole or [])
    finally:
        server.server_close()
