"""The finder's data: the compact index (/resources.json), its search notes
(/resources-notes.json), the same index in geographic tiles (/finder-tiles/) and the
browser gazetteer (/gazetteer/*.json).

`site_files` is registered in generator/build/outputs.py; the browser side is
generator/assets/finder.js and the page is content/find.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.build.context import SiteContext
from generator.finder import browser_gazetteer as gazetteer
from generator.finder import index, tiles


def site_files(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    data = index.build(ctx.dataset)
    yield from data.files()
    yield from tiles.files(ctx.dataset, data.index["h"])
    yield from gazetteer.files(ctx.dataset)
