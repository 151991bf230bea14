"""Files the build publishes besides pages: feeds, calendars, the finder index.

Each producer is a function `site_files(ctx: SiteContext) -> Iterable[tuple[str, str | bytes]]`
yielding (path under the site root, content). Add a producer by adding its dotted name
here; the MkDocs plugin and the CLI both write whatever this list yields.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import import_module

from .context import SiteContext

PRODUCERS: tuple[str, ...] = (
    "generator.qr.site_files",
    "generator.handout.site_files",
    "generator.finder.site_files",
    "generator.feeds.site.site_files",
)


def site_files(ctx: SiteContext,
               producers: Iterable[str] = PRODUCERS) -> Iterator[tuple[str, str | bytes]]:
    for dotted in producers:
        module, _, func = dotted.rpartition(".")
        yield from getattr(import_module(module), func)(ctx)
