"""Byte ranges of the basemap under `mkdocs serve`.

The browser reads a PMTiles basemap in ranges (`Range: bytes=A-B`), as every host the
site is published on answers them; MkDocs' preview server sends whole files, which the
PMTiles reader refuses. The plugin wraps the preview server's file handler so the one
basemap file is answered in ranges; everything else is served as MkDocs serves it.

    answer_ranges(server)        # in on_serve
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from typing import Any

from generator.map.publish import TILES_URL

_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single-range header, None when it cannot be served."""
    m = _RANGE.match(header.strip())
    if not m or not (m[1] or m[2]):
        return None
    if m[1]:
        first = int(m[1])
        last = min(int(m[2]), size - 1) if m[2] else size - 1
    else:  # the last N bytes
        first, last = max(0, size - int(m[2])), size - 1
    return (first, last) if first <= last < size else None


def answer_ranges(server: Any) -> None:
    """Makes MkDocs' LiveReloadServer answer range requests for the basemap."""
    whole_files: Callable[..., Iterable[bytes] | None] = server._serve_request
    tiles_path = server.mount_path + TILES_URL  # mount_path starts and ends with "/"

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        header = environ.get("HTTP_RANGE", "")
        if not header or environ.get("PATH_INFO") != tiles_path:
            return whole_files(environ, start_response)
        path = os.path.join(server.root, TILES_URL)
        try:
            size = os.path.getsize(path)
        except OSError:
            return whole_files(environ, start_response)
        wanted = byte_range(header, size)
        if wanted is None:
            start_response("416 Range Not Satisfiable", [("Content-Range", f"bytes */{size}")])
            return [b""]
        first, last = wanted
        with open(path, "rb") as f:
            f.seek(first)
            data = f.read(last - first + 1)
        start_response("206 Partial Content", [
            ("Content-Type", "application/octet-stream"), ("Content-Length", str(len(data))),
            ("Content-Range", f"bytes {first}-{last}/{size}"), ("Accept-Ranges", "bytes")])
        return [data]

    server._serve_request = serve
