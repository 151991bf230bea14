"""Offline after one visit, and installable: the service worker (/sw.js), the web app
manifest (/manifest.webmanifest) and its icons, made for each build.

The worker is plain JavaScript from generator/assets/sw.js with this build's version and
the files to keep from the start filled in; generator/assets/offline.js registers it
from every page and then hands it the site files that page has already loaded (the
finder's tiles and gazetteer shard among them), so what a visitor has used is there
offline. Every response is served stale-while-revalidate: from the cache at once when it
is there, refreshed from the network behind it. A new build is a new version, whose
worker drops the old cache when it takes over. It keeps only the site's own files: what
a visitor typed or chose stays in the page and its address, as before.

Icons are drawn here (a white ring on the theme's teal), so nothing binary is kept in
the repository and their colour follows the theme's.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

from generator.build.context import SiteContext

SW_PATH = "sw.js"
MANIFEST_PATH = "manifest.webmanifest"
ICON_SIZES = (192, 512)
ICON_DIR = "assets/directory/"
THEME_COLOR = "#1d5c63"  # --md-primary-fg-color in generator/assets/directory.css
TEAL = (0x1D, 0x5C, 0x63)
WHITE = (0xFF, 0xFF, 0xFF)
ASSETS = Path(__file__).resolve().parent.parent / "assets"
# Pages and files kept at install, so the finder, the handout and the home page open
# offline even before they were visited (paths relative to the site root).
SHELL = ("", "find/", "handout/", "404.html", MANIFEST_PATH)


def icon_path(size: int) -> str:
    return f"{ICON_DIR}icon-{size}.png"


def png(size: int) -> bytes:
    """A square icon: a white ring on teal, sharp at any of ICON_SIZES (and "maskable":
    the ring stays inside the safe circle of 80%)."""
    centre, outer, inner = size / 2, size * 0.30, size * 0.19
    rows = []
    for y in range(size):
        dy = y + 0.5 - centre
        row = bytearray(bytes(TEAL) * size)
        for radius, colour in ((outer, WHITE), (inner, TEAL)):
            if abs(dy) < radius:
                half = (radius * radius - dy * dy) ** 0.5
                start, end = round(centre - half), round(centre + half)
                row[start * 3:end * 3] = bytes(colour) * (end - start)
        rows.append(b"\x00" + bytes(row))  # filter: none
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def manifest(ctx: SiteContext, description: str = "") -> str:
    name = ctx.site_name
    short = name if len(name) <= 12 else " ".join(name.split()[:2])
    data = {
        "name": name, "short_name": short,
        "description": description or ctx.t.gettext(
            "Recovery peer-support groups near you, online and by phone."),
        **({} if ctx.t.is_source else {"lang": ctx.t.lang}),
        "start_url": "./", "scope": "./", "id": "./",
        "display": "standalone", "background_color": "#ffffff", "theme_color": THEME_COLOR,
        "icons": [{"src": icon_path(s), "sizes": f"{s}x{s}", "type": "image/png",
                   "purpose": "any maskable"} for s in ICON_SIZES],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def theme_files() -> list[str]:
    """Material's hashed script and styles, as the site publishes them."""
    import material

    root = Path(material.__file__).resolve().parent / "templates"
    found = [*root.glob("assets/javascripts/bundle.*.min.js"),
             *root.glob("assets/stylesheets/main.*.min.css"),
             *root.glob("assets/stylesheets/palette.*.min.css")]
    return sorted(p.relative_to(root).as_posix() for p in found)


def own_assets() -> list[str]:
    return sorted(f"assets/directory/{p.name}" for p in ASSETS.glob("*.js")
                  if p.name != "sw.js") + sorted(f"assets/directory/{p.name}"
                                                 for p in ASSETS.glob("*.css"))


def service_worker(ctx: SiteContext, version_of: str) -> str:
    """generator/assets/sw.js with the build's version and the files kept at install."""
    keep = [*SHELL, *theme_files(), *own_assets(), *(icon_path(s) for s in ICON_SIZES)]
    source = (ASSETS / "sw.js").read_text("utf-8")
    digest = hashlib.sha256((version_of + source + "\n".join(keep)).encode()).hexdigest()[:12]
    return (source.replace('"__VERSION__"', json.dumps(f"{ctx.build_date.isoformat()}-{digest}"))
            .replace('["__SHELL__"]', json.dumps(keep)))


def _list_version(ctx: SiteContext) -> str:
    """A new list is a new version: the data file's bytes (or, for a list made in
    memory, the finder index's hash)."""
    path = Path(ctx.dataset.path) if ctx.dataset.path else None
    if path is not None and path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    from generator.finder import index

    return str(index.build(ctx.dataset).index["h"])


def site_files(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    version_of = _list_version(ctx) + "".join(
        (ASSETS / p.removeprefix("assets/directory/")).read_text("utf-8") for p in own_assets())
    yield SW_PATH, service_worker(ctx, version_of)
    yield MANIFEST_PATH, manifest(ctx)
    for size in ICON_SIZES:
        yield icon_path(size), png(size)
