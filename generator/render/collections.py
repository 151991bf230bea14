"""Browse by program (/programs/, /programs/<program>/) and the online list (/online/),
plus the program quick links on the home page."""

from __future__ import annotations

from collections.abc import Iterator

from generator.format.model import Dataset, Resource
from generator.format.vocab import PROGRAMS
from generator.i18n import ENGLISH, Translator

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


def _label(key: str, t: Translator = ENGLISH) -> str:
    program = PROGRAMS.get(key)
    return t.gettext(program.label) if program else key


def program_links(groups: dict[str, list[Resource]], root: str,
                  t: Translator = ENGLISH) -> str:
    """A list of program links with counts, for /programs/ and the home page."""
    items = []
    for key, members in groups.items():
        program = PROGRAMS.get(key)
        about = (f'<br><span class="dir-detail">{esc(t.gettext(program.about))}</span>'
                 if program else "")
        listed = t.gettext("({n} listed)").format(n=len(members))
        items.append(f'<li><a href="{root}programs/{esc(key)}/">{esc(_label(key, t))}</a> '
                     f'<span class="dir-count">{listed}</span>{about}</li>')
    if not items:
        return '<p class="dir-empty">' + t.gettext("No groups are listed yet.") + "</p>"
    return f'<ul class="dir-programs">{"".join(items)}</ul>'


def program_pages(groups: dict[str, list[Resource]], t: Translator = ENGLISH
                  ) -> Iterator[Page]:
    _ = t.gettext
    root = "../../"
    for key, members in groups.items():
        program = PROGRAMS.get(key)
        label = _label(key, t)
        intro = f'<p class="dir-lede">{esc(_(program.about))}</p>' if program else ""
        intro += (f'<p><a href="{root}find/?program={esc(key)}">'
                  + esc(_("Search {program} groups by distance, day or time")
                        .format(program=label)) + "</a></p>")
        body = intro + browse.by_day(members, root, browse.ListStyle(show_program=False, t=t))
        yield Page(f"programs/{key}/", label,
                   _("{program}: {n} groups and services, by day and time.")
                   .format(program=label, n=len(members)), body)


def online_resources(dataset: Dataset) -> list[Resource]:
    """Everything joinable from home: online and hybrid groups, and phone lines."""
    return [r for r in browse.listed(dataset.resources)
            if r.is_online or (r.online is not None and bool(r.online.url or r.online.phone))]


def online_html(dataset: Dataset, root: str, t: Translator = ENGLISH) -> str:
    """The body of /online/: times in each meeting's own zone, ordered by the instant."""
    return browse.by_day(online_resources(dataset), root,
                         browse.ListStyle(show_zone=True, t=t))
