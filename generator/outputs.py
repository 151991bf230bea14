"""Files the build publishes besides pages: feeds, calendars, the finder index, QR codes.

Two kinds of producer, each named here by its dotted path:

- site-wide, `site_files(ctx: SiteContext) -> Iterable[tuple[str, str | bytes]]`: files
  made from the whole list (the finder index, feeds, handout cards);
- per entry, `entry_files(ctx: SiteContext, resource: Resource) -> Iterable[...]`:
  files of one entry alone (its QR code). The build shares these out over the machine's
  cores together with the entry pages (generator/shards.py), so a slow one costs the
  build half its time on two cores.

Each yields (path under the site root, content). Content is text, bytes, or an iterable
of bytes for a big file (the Meeting Guide feed, the all-meetings calendar, the CSV:
written piece by piece as it is made, so a 100,000-entry build never holds them whole);
`whole(content)` joins the pieces for callers that read rather than write. Add a
producer by adding its name to the right list; the MkDocs plugin writes whatever they
yield, and `all_files` yields everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import import_module
from typing import Any

from .context import SiteContext
from .model import Resource

PRODUCERS: tuple[str, ...] = (
    "generator.handout.site_files",
    "generator.finder.site_files",
    "generator.feeds.site.site_files",
    "generator.offline.site_files",
)
ENTRY_PRODUCERS: tuple[str, ...] = (
    "generator.qr.entry_files",
)

Body = str | bytes | Iterable[bytes]
Content = tuple[str, Body]


def whole(body: Body) -> str | bytes:
    """A file's content in one piece."""
    return body if isinstance(body, (str, bytes)) else b"".join(body)


def _function(dotted: str) -> Any:
    module, _, name = dotted.rpartition(".")
    return getattr(import_module(module), name)


def site_files(ctx: SiteContext,
               producers: Iterable[str] = PRODUCERS) -> Iterator[Content]:
    for dotted in producers:
        yield from _function(dotted)(ctx)


def entry_files(ctx: SiteContext, resources: Iterable[Resource],
                producers: Iterable[str] = ENTRY_PRODUCERS) -> Iterator[Content]:
    functions = [_function(dotted) for dotted in producers]
    for resource in resources:
        for produce in functions:
            yield from produce(ctx, resource)


def all_files(ctx: SiteContext) -> Iterator[Content]:
    yield from site_files(ctx)
    yield from entry_files(ctx, ctx.dataset.resources)
