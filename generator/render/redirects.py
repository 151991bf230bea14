"""Alias pages: /r/<old-id>/ sends the visitor on to /r/<id>/, so links and QR codes on
handouts printed before a rename keep working. Plain HTML, no script needed."""

from __future__ import annotations

from collections.abc import Iterator

from generator.build.context import SiteContext
from generator.format.model import Dataset

from .html import esc


def redirect_html(target_url: str, name: str, csp: str = "", canonical: str = "") -> str:
    """A page that moves on at once (meta refresh), tells search engines where the page
    lives now (canonical) and still offers a plain link."""
    url = esc(target_url)
    canonical = esc(canonical or target_url)
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"{csp}<title>Moved: {esc(name)}</title>"
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<meta name="robots" content="noindex">'
        f'<link rel="canonical" href="{canonical}">'
        f'<meta http-equiv="refresh" content="0; url={url}">'
        "</head><body><main><p>This listing has moved to "
        f'<a href="{url}">{esc(name)}</a>.</p></main></body></html>\n'
    )


def alias_pages(dataset: Dataset, ctx: SiteContext, csp: str = "") -> Iterator[tuple[str, str]]:
    """(path of the alias page's index.html, its HTML) for every alias in the data."""
    for r in dataset.resources:
        for alias in r.aliases:
            # Relative, so the redirect works under any base path and on a local copy;
            # the canonical link is absolute when the site's URL is known.
            target = f"../{r.id}/"
            canonical = ctx.absolute(f"r/{r.id}/") if ctx.site_url else target
            yield f"r/{alias}/index.html", redirect_html(target, r.name, csp, canonical)
