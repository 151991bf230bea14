"""Browse by program (/programs/, /programs/<program>/) and the online list (/online/),
plus the program quick links on the home page."""

from __future__ import annotations

from collections.abc import Iterator

from generator.format.model import Dataset, Resource
from generator.format.vocab import PROGRAMS

from . import browse
from .html import esc
from .page import Page


def by_program(dataset: Dataset) -> dict[str, list[Resource]]:
    """Programs with at least one listed group, in the vocabulary's order."""
    groups: dict[str, list[Resource]] = {}
    for r in browse.listed(dataset.resources):
        groups.setdefault(r.program, []).append(r)
    order = list(PROGRAMS)
    return dict(sorted(groups.items(),
                       key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


def _label(key: str) -> str:
    program = PROGRAMS.get(key)
    return program.label if program else key


def program_links(groups: dict[str, list[Resource]], root: str) -> str:
    """A list of program links with counts, for /programs/ and the home page."""
    items = []
    for key, members in groups.items():
        program = PROGRAMS.get(key)
        about = f'<br><span class="dir-detail">{esc(program.about)}</span>' if program else ""
        items.append(f'<li><a href="{root}programs/{esc(key)}/">{esc(_label(key))}</a> '
                     f'<span class="dir-count">({len(members)} listed)</span>{about}</li>')
    if not items:
        return '<p class="dir-empty">No groups are listed yet.</p>'
    return f'<ul class="dir-programs">{"".join(items)}</ul>'


def program_pages(groups: dict[str, list[Resource]]) -> Iterator[Page]:
    root = "../../"
    for key, members in groups.items():
        program = PROGRAMS.get(key)
        intro = f'<p class="dir-lede">{esc(program.about)}</p>' if program else ""
        intro += (f'<p><a href="{root}find/?program={esc(key)}">Search {esc(_label(key))} groups '
                  "by distance, day or time</a></p>")
        body = intro + browse.by_day(members, root, browse.ListStyle(show_program=False))
        yield Page(f"programs/{key}/", _label(key),
                   f"{_label(key)}: {len(members)} groups and services, by day and time.", body)


def online_resources(dataset: Dataset) -> list[Resource]:
    """Everything joinable from home: online and hybrid groups, and phone lines."""
    return [r for r in browse.listed(dataset.resources)
            if r.is_online or (r.online is not None and bool(r.online.url or r.online.phone))]


def online_html(dataset: Dataset, root: str) -> str:
    """The body of /online/: times in each meeting's own zone, ordered by the instant."""
    return browse.by_day(online_resources(dataset), root, browse.ListStyle(show_zone=True))
