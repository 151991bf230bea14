"""Browse by place: /places/ (country → region → town), one page per country, region
and town, built from the locations in the data. Slugs are made from the names, so
/places/us/il/springfield/ stays put as long as the town is spelled the same."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from generator.format.model import Dataset, Resource
from generator.geo.placenames import country_name, region_name
from generator.i18n import ENGLISH, Translator

from . import browse
from .html import esc, slug
from .page import Page


@dataclass(slots=True)
class Town:
    name: str
    slug: str
    resources: list[Resource] = field(default_factory=list)


@dataclass(slots=True)
class Region:
    name: str
    code: str
    slug: str
    towns: dict[str, Town] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(t.resources) for t in self.towns.values())


@dataclass(slots=True)
class Country:
    name: str
    code: str
    slug: str
    regions: dict[str, Region] = field(default_factory=dict)


def _keys(r: Resource, dataset: Dataset) -> tuple[str, str, str] | None:
    loc = r.location
    if loc is None or not r.is_in_person:
        return None
    country = (loc.country or dataset.defaults.country).upper()
    region = loc.region or dataset.defaults.region
    return country, region, loc.city


def _name(city: str) -> str:
    return " ".join(unicodedata.normalize("NFC", city).split())


_memo: list[tuple[Dataset, dict[tuple[str, str, str], str]]] = []


def town_slugs(dataset: Dataset) -> dict[tuple[str, str, str], str]:
    """The slug of every town, by (country, region, name). Names that differ only in
    case or symbols ("Springfield", "SPRINGFIELD!") would share one slug, and so one
    page titled by whichever came first; each gets its own page instead: the name most
    entries use keeps the plain slug, the others get a short digest of their spelling
    (stable, whatever the order of the file)."""
    if _memo and _memo[0][0] is dataset:
        return _memo[0][1]
    counts: dict[tuple[str, str, str], int] = {}
    for r in dataset.resources:
        keys = _keys(r, dataset)
        if keys is not None:
            key = (keys[0], keys[1], _name(keys[2]))
            counts[key] = counts.get(key, 0) + 1
    by_slug: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
    for key in counts:
        by_slug.setdefault((key[0], key[1], slug(key[2])), []).append(key)
    out: dict[tuple[str, str, str], str] = {}
    for (_, _, plain), names in by_slug.items():
        names.sort(key=lambda k: (-counts[k], k[2]))
        out[names[0]] = plain
        for k in names[1:]:
            out[k] = f"{plain}-{digest(k[2])}"
    _memo[:] = [(dataset, out)]
    return out


def digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]


def _town_slug(keys: tuple[str, str, str], dataset: Dataset) -> str:
    return town_slugs(dataset).get((keys[0], keys[1], _name(keys[2])), slug(keys[2]))


def town_path(r: Resource, dataset: Dataset) -> str | None:
    """"places/us/il/springfield/" for an in-person resource, else None."""
    keys = _keys(r, dataset)
    if keys is None:
        return None
    country, region, _ = keys
    return f"places/{slug(country)}/{slug(region)}/{_town_slug(keys, dataset)}/"


def tree(dataset: Dataset) -> list[Country]:
    """Countries, regions and towns in name order; resources listed in each town. Groups
    that no longer meet are left out, so no page lists only closed groups."""
    countries: dict[str, Country] = {}
    spellings: dict[int, dict[str, int]] = {}  # per town: its spellings (white space aside)
    for r in browse.listed(dataset.resources):
        keys = _keys(r, dataset)
        if keys is None:
            continue
        code, region_code, city = keys
        c = countries.setdefault(slug(code), Country(country_name(code), code, slug(code)))
        reg = c.regions.setdefault(slug(region_code), Region(
            region_name(code, region_code), region_code, slug(region_code)))
        town_slug = _town_slug(keys, dataset)
        town = reg.towns.setdefault(town_slug, Town(city or "Other towns", town_slug))
        town.resources.append(r)
        spelt = spellings.setdefault(id(town), {})
        spelt[city] = spelt.get(city, 0) + 1
    for c in countries.values():
        for reg in c.regions.values():
            for town in reg.towns.values():  # shown as written, the spelling most use
                counts = spellings[id(town)]
                town.name = min(counts, key=lambda n: (-counts[n], n)) or "Other towns"
    ordered = sorted(countries.values(), key=lambda c: c.name)
    for c in ordered:
        c.regions = dict(sorted(c.regions.items(), key=lambda kv: kv[1].name))
        for reg in c.regions.values():
            reg.towns = dict(sorted(reg.towns.items(), key=lambda kv: kv[1].name))
    return ordered


def _town_links(reg: Region, prefix: str) -> str:
    items = "".join(f'<li><a href="{prefix}{town.slug}/">{esc(town.name)}</a> '
                    f'<span class="dir-count">({len(town.resources)})</span></li>'
                    for town in reg.towns.values())
    return f'<ul class="dir-towns">{items}</ul>'


def country_label(c: Country, t: Translator = ENGLISH) -> str:
    """The country's name in the page's language ("Estados Unidos"), from Babel's
    territory names; as the data's table names it in English."""
    if t.is_source:
        return c.name
    from babel import Locale

    return Locale.parse(t.lang).territories.get(c.code.upper(), c.name)


def index_html(countries: Iterable[Country], root: str, t: Translator = ENGLISH) -> str:
    """The body of /places/: every country, region and town as links."""
    out = []
    for c in countries:
        out.append(f'<h2 id="{esc(c.slug)}">'
                   f'<a href="{root}places/{c.slug}/">{esc(country_label(c, t))}</a></h2>')
        for reg in c.regions.values():
            base = f"{root}places/{c.slug}/{reg.slug}/"
            listed = t.gettext("({n} listed)").format(n=reg.count)
            out.append(f'<h3 id="{esc(c.slug)}-{esc(reg.slug)}">'
                       f'<a href="{base}">{esc(reg.name)}</a>'
                       f' <span class="dir-count">{listed}</span></h3>')
            out.append(_town_links(reg, base))
    return "".join(out) or ('<p class="dir-empty">' + t.gettext(
        "No in-person groups are listed yet.") + "</p>")


def _crumbs(root: str, trail: list[tuple[str, str]], t: Translator = ENGLISH) -> str:
    items = "".join(f'<li><a href="{root}{path}">{esc(name)}</a></li>' for path, name in trail)
    label = esc(t.gettext("Breadcrumb"))
    return f'<nav class="dir-crumbs" aria-label="{label}"><ol>{items}</ol></nav>'


def _find_link(root: str, near: str, t: Translator = ENGLISH) -> str:
    from urllib.parse import quote

    return (f'<p class="dir-find-near"><a href="{root}find/?near={esc(quote(near))}">'
            + esc(t.gettext("Search by distance from {place}").format(place=near))
            + "</a></p>")


def pages(countries: Iterable[Country], t: Translator = ENGLISH) -> Iterator[Page]:
    _ = t.gettext
    for c in countries:
        root = "../../"
        name = country_label(c, t)
        body = _crumbs(root, [("places/", _("Places"))], t)
        for reg in c.regions.values():
            body += (f'<h2 id="{esc(reg.slug)}"><a href="{reg.slug}/">{esc(reg.name)}</a></h2>'
                     + _town_links(reg, f"{reg.slug}/"))
        yield Page(f"places/{c.slug}/", name,
                   _("Peer-support groups in {place}, by town.").format(place=name), body)
        for reg in c.regions.values():
            root = "../../../"
            title = f"{reg.name}, {name}" if c.code != "US" else reg.name
            body = _crumbs(root, [("places/", _("Places")), (f"places/{c.slug}/", name)], t)
            body += "<h2>" + _("Towns") + "</h2>" + _town_links(reg, "")
            yield Page(f"places/{c.slug}/{reg.slug}/", title,
                       _("Peer-support groups in {place}, by town.").format(place=reg.name),
                       body)
            for town in reg.towns.values():
                yield _town_page(c, reg, town, t)


def _town_page(c: Country, reg: Region, town: Town, t: Translator = ENGLISH) -> Page:
    root = "../../../../"
    title = f"{town.name}, {reg.code or reg.name}"
    trail = [("places/", t.gettext("Places")), (f"places/{c.slug}/", country_label(c, t)),
             (f"places/{c.slug}/{reg.slug}/", reg.name)]
    body = _crumbs(root, trail, t)
    body += _find_link(root, f"{town.name}, {reg.code}" if reg.code else town.name, t)
    body += browse.by_day(town.resources, root, browse.ListStyle(show_town=False, t=t))
    count = len(town.resources)
    return Page(f"places/{c.slug}/{reg.slug}/{town.slug}/", title,
                t.ngettext("{n} peer-support group in {place}, by day and time.",
                           "{n} peer-support groups in {place}, by day and time.", count)
                .format(n=count, place=title), body)
