"""Browse pages in the site's search: programs, regions and towns join the guides in
Material's `search/search_index.json`, so typing "Springfield" or "SMART" in the header
search offers the page that lists those groups.

Each group's own page stays out of that index. Material's search downloads the whole
index on every first visit, and thousands of entries would make it megabytes; groups
are found by name, place and town by the finder instead, which the search box links to
with the typed text (theme/partials/search.html, assets/localtime.js). One entry per
browse page costs about 100 bytes: a town's name and its count. Measured on `synth`
lists: 1,000 entries add 103 pages, 10 KB (1.7 KB gzipped); 10,000 add 778 pages,
76 KB (9.5 KB gzipped), against 27 KB for the guides themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from generator.files import write_atomic
from generator.format.model import Resource
from generator.format.vocab import PROGRAMS
from generator.i18n import ENGLISH, Translator
from generator.render.html import esc
from generator.render.places import Country

INDEX_PATH = "search/search_index.json"


def _label(key: str, t: Translator) -> str:
    program = PROGRAMS.get(key)
    return t.gettext(program.label) if program else key


def _count(n: int, t: Translator) -> str:
    return t.gettext("{n} listed").format(n=t.number(n))


def entries(countries: Iterable[Country], programs: dict[str, list[Resource]],
            t: Translator = ENGLISH) -> Iterator[dict[str, str]]:
    """One search entry per program, region and town page. Material shows titles and
    text as HTML, so names from the data are escaped."""
    by_time = t.gettext("{count}, by day and time.")
    by_town = t.gettext("{count}, by town.")
    for key, members in programs.items():
        label = esc(_label(key, t))
        yield {"location": f"programs/{key}/", "title": label,
               "text": by_time.format(count=_count(len(members), t))}
    for c in countries:
        for reg in c.regions.values():
            base = f"places/{c.slug}/{reg.slug}/"
            name = esc(reg.name)
            yield {"location": base, "title": name,
                   "text": by_town.format(count=_count(reg.count, t))}
            for town in reg.towns.values():
                title = esc(f"{town.name}, {reg.code or reg.name}")
                yield {"location": f"{base}{town.slug}/", "title": title,
                       "text": by_time.format(count=_count(len(town.resources), t))}


def extend(site_dir: Path, new: Iterable[dict[str, str]]) -> int:
    """Add `new` to the index Material's search plugin wrote; returns the bytes written
    (0 when there is no index: the site does not use the search plugin)."""
    path = site_dir / INDEX_PATH
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return 0
    docs = data.setdefault("docs", [])
    known = {d.get("location") for d in docs}
    docs.extend(d for d in new if d["location"] not in known)
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    write_atomic(path, text)  # keeps the file's mode; a reader never sees half of it
    return len(text)
