"""Files the build publishes besides pages: feeds, calendars, the finder index, QR codes.

Two kinds of producer, each registered here as the function itself:

- site-wide, `site_files(ctx: SiteContext) -> Iterable[tuple[str, str | bytes]]`: files
  made from the whole list (the finder index, feeds, handout cards);
- per entry, `entry_files(ctx: SiteContext, resource: Resource) -> Iterable[...]`:
  files of one entry alone (its QR code). The build shares these out over the machine's
  cores together with the entry pages (generator/build/shards.py), so a slow one costs the
  build half its time on two cores.

Each yields (path under the site root, content). Content is text, bytes, or an iterable
of bytes for a big file (the Meeting Guide feed, the all-meetings calendar, the CSV:
written piece by piece as it is made, so a 100,000-entry build never holds them whole);
`whole(content)` joins the pieces for callers that read rather than write. Add a
producer by adding the function to the right list; the MkDocs plugin writes whatever they
yield, and `all_files` yields everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from generator import finder
from generator.build.context import SiteContext
from generator.feeds import hsds, site_feeds
from generator.format.model import Resource
from generator.render import handout, offline, qr

Body = str | bytes | Iterable[bytes]
Content = tuple[str, Body]
SiteProducer = Callable[[SiteContext], Iterable[Content]]
EntryProducer = Callable[[SiteContext, Resource], Iterable[Content]]

PRODUCERS: tuple[SiteProducer, ...] = (
    handout.site_files,
    finder.site_files,
    site_feeds.site_files,
    hsds.site_files,
    offline.site_files,
)
ENTRY_PRODUCERS: tuple[EntryProducer, ...] = (
    qr.entry_files,
)


def whole(body: Body) -> str | bytes:
    """A file's content in one piece."""
    return body if isinstance(body, (str, bytes)) else b"".join(body)


def site_files(ctx: SiteContext,
               producers: Iterable[SiteProducer] = PRODUCERS) -> Iterator[Content]:
    for produce in producers:
        yield from produce(ctx)


def entry_files(ctx: SiteContext, resources: Iterable[Resource],
                producers: Iterable[EntryProducer] = ENTRY_PRODUCERS) -> Iterator[Content]:
    for resource in resources:
        for produce in producers:
            yield from produce(ctx, resource)


def all_files(ctx: SiteContext) -> Iterator[Content]:
    yield from site_files(ctx)
    yield from entry_files(ctx, ctx.dataset.resources)
