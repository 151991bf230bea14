"""Everything the site shows about the data, computed once per build: the generated
pages (resources, programs, places), the alias redirects, and the generated sections of
content pages (a `<!-- directory:NAME -->` marker in Markdown is replaced by NAME's HTML).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from generator.build.context import SiteContext
from generator.format.model import Resource
from generator.i18n import js as js_messages

from . import collections, places, redirects
from .html import esc
from .page import Page
from .resource import resource_page

Nearby = Mapping[str, Sequence[tuple[str, float]]]
MARKER = "<!-- directory:{} -->"


@dataclass(slots=True)
class SiteModel:
    ctx: SiteContext
    nearby: Nearby | None = None
    by_id: dict[str, Resource] = field(init=False)
    countries: list[places.Country] = field(init=False)
    programs: dict[str, list[Resource]] = field(init=False)

    def __post_init__(self) -> None:
        dataset = self.ctx.dataset
        self.by_id = dataset.by_id()
        self.countries = places.tree(dataset)
        self.programs = collections.by_program(dataset)

    # ------------------------------------------------------------------ pages

    def pages(self) -> Iterator[Page]:
        """Every generated page; each entry's work is done once, in one pass."""
        yield from self.entry_pages(self.ctx.dataset.resources)
        yield from self.browse_pages()

    def entry_pages(self, resources: Iterable[Resource]) -> Iterator[Page]:
        """/r/<id>/ of each of `resources` (any share of the list: the build splits it)."""
        blurbs: dict[str, tuple[str, str]] = {}
        for r in resources:
            yield resource_page(r, self.ctx, by_id=self.by_id, nearby=self.nearby,
                                blurbs=blurbs)

    def browse_pages(self) -> Iterator[Page]:
        """The program and place pages, made from the whole list."""
        yield from collections.program_pages(self.programs, self.ctx.t)
        yield from places.pages(self.countries, self.ctx.t)

    def redirects(self, csp: str) -> Iterator[tuple[str, str]]:
        return redirects.alias_pages(self.ctx.dataset, self.ctx, csp)

    # ------------------------------------------------------------------ sections

    def sections(self) -> dict[str, Callable[[str], str]]:
        """Marker name -> function of the page's path to the site root ("../")."""
        t = self.ctx.t
        return {
            "places": lambda root: places.index_html(self.countries, root, t),
            "programs": lambda root: collections.program_links(self.programs, root, t),
            "online": lambda root: collections.online_html(self.ctx.dataset, root, t),
            "count": lambda root: esc(t.number(len(self.ctx.dataset.resources))),
            "build-date": lambda root: esc(self.ctx.build_date.isoformat()),
            # the finder's and handout's script messages (a page of another language)
            "script-messages": lambda root: js_messages.block(t),
        }

    def fill_markers(self, html: str, page_url: str) -> str:
        """Replace each marker in a content page's HTML; cheap when there are none."""
        if "<!-- directory:" not in html:
            return html
        root = "../" * page_url.strip("/").count("/") + ("../" if page_url.strip("/") else "")
        for name, render in self.sections().items():
            marker = MARKER.format(name)
            if marker in html:
                html = html.replace(marker, render(root))
        return html
