"""Files the build publishes besides pages: feeds, calendars, the finder index.

Each producer is a function `site_files(ctx: SiteContext) -> Iterable[tuple[str, str | bytes]]`
yielding (path under the site root, content). Add a producer by adding its dotted name
here; the MkDocs plugin and the CLI both write whatever this list yields.

Background producers: a producer whose module also defines
`start_writing(ctx, site_dir) -> Running` can write the same files itself, off the main
process (generator/qr.py draws its codes in worker processes). `Running` has
`finish() -> int` (wait, raise any worker's error, return the number of files) and
`cancel()`. The plugin starts these before it writes pages (`start_background`), writes
the rest with `site_files(ctx, foreground)`, then finishes them. `site_files` over all of
PRODUCERS still yields every file, for callers that want contents rather than a
directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from importlib import import_module
from typing import Protocol

from .context import SiteContext

PRODUCERS: tuple[str, ...] = (
    "generator.qr.site_files",
    "generator.handout.site_files",
    "generator.finder.site_files",
    "generator.feeds.site.site_files",
)
BACKGROUND_HOOK = "start_writing"  # the optional function beside a producer


class Running(Protocol):
    def finish(self) -> int: ...
    def cancel(self) -> None: ...


def site_files(ctx: SiteContext,
               producers: Iterable[str] = PRODUCERS) -> Iterator[tuple[str, str | bytes]]:
    for dotted in producers:
        module, _, func = dotted.rpartition(".")
        yield from getattr(import_module(module), func)(ctx)


def start_background(ctx: SiteContext, site_dir: str | os.PathLike[str],
                     producers: Iterable[str] = PRODUCERS
                     ) -> tuple[list[tuple[str, Running]], tuple[str, ...]]:
    """Start every producer that can write in the background; returns those running
    (with their names) and the producers left for `site_files`, in PRODUCERS order."""
    running: list[tuple[str, Running]] = []
    foreground: list[str] = []
    try:
        for dotted in producers:
            module = import_module(dotted.rpartition(".")[0])
            start = getattr(module, BACKGROUND_HOOK, None)
            if start is None:
                foreground.append(dotted)
            else:
                running.append((dotted, start(ctx, site_dir)))
    except BaseException:
        for _, job in running:
            job.cancel()
        raise
    return running, tuple(foreground)
