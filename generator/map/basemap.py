"""Reads what the site needs to know about a PMTiles basemap: its zoom levels, its bounds,
its centre and its layers. The 127-byte header and the metadata are enough; the tiles
themselves are read in ranges by the visitor's browser.

    basemap = read_basemap(Path("springfield.pmtiles"))
    basemap.max_zoom, basemap.bounds   # 15, (-90.1, 39.5, -89.2, 40.1)

Format: https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md (version 3).
"""

from __future__ import annotations

import gzip
import json
import struct
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"PMTiles"
HEADER = 127
MVT = 1
TILE_TYPES = {0: "unknown", 1: "vector (MVT)", 2: "PNG", 3: "JPEG", 4: "WebP", 5: "AVIF"}
# The layers of the Protomaps basemap schema that protomaps-leaflet's styles paint.
PAINTED_LAYERS = frozenset({"earth", "water", "landuse", "landcover", "roads", "places",
                            "boundaries", "buildings", "pois", "transit", "natural"})
HINT = ("make one with `pmtiles extract` from a Protomaps basemap build (README: "
        "\"A map of the groups\")")


class BasemapError(ValueError):
    """A map_tiles file the site cannot publish as a basemap; the message names why."""


@dataclass(frozen=True, slots=True)
class Basemap:
    path: Path
    size: int  # bytes
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float]  # west, south, east, north
    center: tuple[float, float, int]  # lat, lon, zoom
    layers: tuple[str, ...]  # vector layer names from the metadata, when it lists them

    def config(self) -> dict[str, object]:
        """What the browser needs to show it (published beside it as JSON)."""
        return {"minZoom": self.min_zoom, "maxZoom": self.max_zoom,
                "bounds": list(self.bounds), "center": list(self.center)}


def read_basemap(path: Path) -> Basemap:
    try:
        with path.open("rb") as f:
            head = f.read(HEADER)
            size = path.stat().st_size
            meta = _metadata(f, head) if len(head) == HEADER and head[:7] == MAGIC else {}
    except OSError as e:
        raise BasemapError(f"{path}: cannot read the basemap ({e.strerror})") from e
    if len(head) < HEADER or head[:7] != MAGIC:
        raise BasemapError(f"{path}: not a PMTiles file; {HINT}")
    if head[7] != 3:
        raise BasemapError(f"{path}: PMTiles version {head[7]}; the map reads version 3 "
                           f"(`pmtiles convert` upgrades older files)")
    tile_type, min_zoom, max_zoom = head[99], head[100], head[101]
    if tile_type != MVT:
        kind = TILE_TYPES.get(tile_type, str(tile_type))
        raise BasemapError(f"{path}: its tiles are {kind}; the map draws vector tiles in "
                           f"the Protomaps basemap schema: {HINT}")
    west, south, east, north = (v / 1e7 for v in struct.unpack_from("<4i", head, 102))
    center_zoom = head[118]
    center_lon, center_lat = (v / 1e7 for v in struct.unpack_from("<2i", head, 119))
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90) or max_zoom < min_zoom:
        raise BasemapError(f"{path}: its header gives no usable bounds or zoom levels; {HINT}")
    layers = tuple(str(layer.get("id", "")) for layer in meta.get("vector_layers", ())
                   if isinstance(layer, dict))
    return Basemap(path=path, size=size, min_zoom=min_zoom, max_zoom=max_zoom,
                   bounds=(west, south, east, north),
                   center=(center_lat, center_lon, center_zoom), layers=layers)


def unpainted(basemap: Basemap) -> bool:
    """True when the metadata lists layers and none is one the map's style paints."""
    return bool(basemap.layers) and not PAINTED_LAYERS.intersection(basemap.layers)


def _metadata(f: object, head: bytes) -> dict:
    """The JSON metadata ({} when absent or unreadable: it is only used for a warning)."""
    offset, length = struct.unpack_from("<2Q", head, 24)
    compression = head[97]
    if not length or length > 16 * 1024 * 1024:
        return {}
    f.seek(offset)  # type: ignore[attr-defined]
    raw: bytes = f.read(length)  # type: ignore[attr-defined]
    try:
        if compression == 2:
            raw = gzip.decompress(raw)
        elif compression not in (0, 1):
            return {}
        value = json.loads(raw)
    except (OSError, EOFError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
