"""sitemap.xml (and .gz) for content and generated pages alike; MkDocs' own only knows
the pages it rendered, which here are the shells rather than the entries."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from generator.files import write_atomic


def sitemap_xml(site_url: str, paths: Iterable[str]) -> str:
    base = site_url or "/"
    rows = "".join(f"<url><loc>{escape(base + p.lstrip('/'))}</loc></url>\n"
                   for p in sorted(set(paths)))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}</urlset>\n")


def write(site_dir: Path, site_url: str, paths: Iterable[str]) -> None:
    text = sitemap_xml(site_url, paths).encode("utf-8")
    write_atomic(site_dir / "sitemap.xml", text)
    # mtime=0: the same pages give the same bytes, build after build.
    write_atomic(site_dir / "sitemap.xml.gz", gzip.compress(text, mtime=0))
