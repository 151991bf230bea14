"""Escaping, proven: a hostile or careless entry cannot hijack the site or change what
it says.

A corpus of hostile strings (script tags, attribute breakouts, `</script>` for JSON in
scripts, `javascript:` and `data:` text, bidi overrides, a 2,000-character name, emoji,
Arabic and Hebrew, template and format syntax, control characters, HTML entities, a
spreadsheet formula) fills every free-text field of the format across 17 entries, each
string landing in each field once; URLs, emails and phones hold what their syntax lets
through. The site built from it is checked:

- in the files: no markup from the data anywhere, JSON in <script> parses back to the
  strings; the feeds (.ics, .csv, meetings.json, resources.json, handout cards) parse
  and hold the strings as written (line-based formats drop control characters, and
  the spreadsheet guards formulas, both by design);
- in Chromium with the Content-Security-Policy switched off, so that only escaping
  stands between the data and the page: a trap on `window.__pwned` and on dialogs
  never fires, no element carries an event handler or a bad link, and every page type
  shows each string exactly as written (textContent, bidi and RTL included), save
  that the bidi controls it leaves open are closed at its end (html.balanced), so an
  override cannot reorder the text after it: checked where the page lays it out;
- `validate` rejects links with bad schemes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from datetime import date, time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main as cli
from generator.feeds.spreadsheet import guard
from generator.feeds.values import plain
from generator.format import yaml_writer as writer
from generator.format.loader import load
from generator.format.model import (
    Contact,
    Dataset,
    Defaults,
    Location,
    Online,
    Resource,
    ScheduleSlot,
)
from generator.geo.placenames import region_name
from generator.render import places
from generator.render.html import balanced

pytestmark = pytest.mark.xdist_group("trust-hostile")

SITE_URL = "https://directory.example.org/"
PWN = "window.__pwned=1"
CORPUS = (
    f"<script>{PWN}</script>",
    f'"><img src=x onerror="{PWN}">',
    f"'><svg onload={PWN}>",
    f"</script><script>{PWN}</script><!--",
    f"javascript:{PWN}",
    f"data:text/html,<script>{PWN}</script>",
    "Group \u202egnp.exe\u202c and \u2067שלום\u2069 then \u202eunclosed",
    "Hope " + "x" * 1995,  # 2,000 characters
    "👩‍👩‍👧 Family 🙏🏽 circle ✨",
    "مجموعة الأمل للتعافي",
    "קבוצת תקווה",
    "{{ 7*7 }} {% if 1 %}x{% endif %} ${7*7} #{7*7}",
    "%s %d %(name)s {0} {name} %n",
    "bell\x07 esc\x1b vt\x0b ff\x0c del\x7f nel\x85 ls\u2028 ps\u2029 end",
    "&amp; &lt;b&gt; &#x3C;script&#x3E; &nbsp;",
    '=HYPERLINK("https://evil.example/","x")',
    ']]> <![CDATA[ x ]]> \\u003c \\" back\\slash',
)
TEXT_FIELDS = ("name", "description", "source", "location.place", "location.address",
               "location.city", "location.region", "location.directions", "online.notes")
# What validate accepts in the link, email and phone fields, at its most awkward.
URLS = (f'https://example.org/join?a="><script>{PWN}</script>',
        f"https://example.org/#</script><svg/onload={PWN}>",
        "https://example.org/?q=%3Cscript%3E&x=1&amp;y=2",
        "https://例え.jp/パス?名前=値")
EMAILS = (f"javascript:{PWN}//@example.org", "a&b+{{x}}%s@example.org",
          "x@example.org?subject=pwn&body=%0A")
PHONES = ("+1 (555) 0100 ext. 9#*", "555-0100,,1234#")
PROGRAMS = ("aa", "na", "smart", "ca", "other")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def folded(text: str) -> str:
    """One-line text as the finder and the handout show it: each run of white space
    (vertical tab, form feed, NEL, line and paragraph separators too) as one space."""
    return " ".join(text.split())


def get(r: Resource, field: str) -> str:
    value: Any = r
    for part in field.split("."):
        value = getattr(value, part)
    return str(value)


def hostile_dataset() -> Dataset:
    """Entry i holds CORPUS[(i + j) % n] in field j: every string in every field."""
    n = len(CORPUS)
    entries = []
    for i in range(n):
        v = {f: CORPUS[(i + j) % n] for j, f in enumerate(TEXT_FIELDS)}
        entries.append(Resource(
            id=f"hostile-{i:02d}", name=v["name"], kind="meeting",
            program=PROGRAMS[i % len(PROGRAMS)],
            attendance="hybrid",  # shows both its place and how to join
            timezone="America/Chicago",
            schedule=(ScheduleSlot(days=(DAYS[i % 7],), start=time(7 + i % 12),
                                   end=time(8 + i % 12)),),
            location=Location(place=v["location.place"], address=v["location.address"],
                              city=v["location.city"], region=v["location.region"],
                              postal_code="62701", country="US", lat=39.80 + i / 1000,
                              lon=-89.64, directions=v["location.directions"]),
            online=Online(url=URLS[i % len(URLS)], phone=PHONES[i % 2],
                          notes=v["online.notes"]),
            description=v["description"], source=v["source"],
            contact=Contact(website=URLS[(i + 1) % len(URLS)], email=EMAILS[i % len(EMAILS)],
                            phone=PHONES[(i + 1) % 2]),
            verified=date(2026, 11, 1) if i % 4 else None,
            tags=("open",) if i % 2 else ()))
    return Dataset("hostile.yaml", entries, Defaults(timezone="America/Chicago", country="US"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Resource], Path]:
    """The entries as the loader read them back, and the site built from them (not
    --strict: validate rightly warns that the site shows HTML in names as text)."""
    from tests.helpers import build_site

    work = tmp_path_factory.mktemp("hostile")
    data = work / "resources.yaml"
    data.write_text(writer.dump(hostile_dataset()), "utf-8")
    dataset, report = load(data)
    assert report.errors == []
    site = build_site(data, work / "site", build_date="2026-11-15", site_url=SITE_URL)
    return dataset.resources, site


@pytest.fixture(scope="module")
def entries(built: tuple[list[Resource], Path]) -> list[Resource]:
    return built[0]


@pytest.fixture(scope="module")
def site(built: tuple[list[Resource], Path]) -> Path:
    return built[1]


# --------------------------------------------------------------------------- the corpus


def test_every_string_reaches_every_field_and_loads_back_as_written(
        entries: list[Resource]) -> None:
    """As written, but for the closers of bidi controls left open (generator/format/bidi.py)."""
    original = hostile_dataset().resources
    placed = {(f, get(r, f)) for r in entries for f in TEXT_FIELDS}
    assert placed == {(f, balanced(s)) for f in TEXT_FIELDS for s in CORPUS}
    assert sum(balanced(s) != s for s in CORPUS) == 1  # only the one left open
    for before, after in zip(original, entries, strict=True):
        for field in TEXT_FIELDS:
            assert get(after, field) == balanced(get(before, field)), (after.id, field)
        for field in ("online.url", "online.phone", "contact.website", "contact.email",
                      "contact.phone"):
            assert get(after, field) == get(before, field), (after.id, field)
    assert max(len(s) for s in CORPUS) == 2000


# --------------------------------------------------------------------------- built files


class _Markup(HTMLParser):
    """What a page's markup does, as a browser's parser would see it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []  # on*= attributes
        self.bad_links: list[str] = []
        self.script_text: list[str] = []
        self.data_json: list[str] = []
        self.tags: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "data", "srcset", "poster") \
                    and re.match(r"\s*(javascript|data|vbscript):", value or "", re.I) \
                    and not (tag == "img" and (value or "").startswith("data:image/")):
                self.bad_links.append(f"<{tag} {name}={value[:40] if value else ''}>")
        kind = dict(attrs).get("type") or ""
        if tag == "script":
            self._in = "json" if "json" in kind else "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.script_text.append(data)
        elif self._in == "json":
            self.data_json.append(data)


def parsed(path: Path) -> _Markup:
    markup = _Markup()
    markup.feed(path.read_text("utf-8"))
    markup.close()
    return markup


def test_no_page_carries_markup_from_the_data(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60
    for path in pages:
        m = parsed(path)
        where = path.relative_to(site).as_posix()
        assert m.handlers == [] and m.bad_links == [], (where, m.handlers, m.bad_links)
        assert not [t for t in m.script_text if "__pwned" in t], where
        for block in m.data_json:  # JSON-LD and Material's config: whole, valid JSON
            json.loads(block)
        raw = path.read_text("utf-8")
        assert "<img src=x" not in raw and "<script>window" not in raw, where


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def test_json_in_script_elements_reads_back_as_written(entries: list[Resource],
                                                       site: Path) -> None:
    for r in entries:
        (block,) = [b for b in parsed(site / "r" / r.id / "index.html").data_json
                    if '"@context"' in b]
        data = json.loads(block)
        assert data["name"] == r.name
        assert data["description"] == r.description
        assert r.location is not None
        found = set(strings(data))
        assert r.location.place in found and r.location.city in found, r.id


def test_feeds_parse_and_hold_the_strings(entries: list[Resource], site: Path) -> None:
    from icalendar import Calendar

    by_id = {r.id: r for r in entries}
    # the Meeting Guide feed: every field exactly as written
    feed = json.loads((site / "meetings.json").read_text("utf-8"))
    assert {item["slug"] for item in feed} == set(by_id)
    for item in feed:
        r = by_id[item["slug"]]
        loc, online = r.location, r.online
        assert loc is not None and online is not None
        for key, value in (("name", r.name), ("notes", r.description),
                           ("location", loc.place), ("location_notes", loc.directions),
                           ("address", loc.address), ("city", loc.city),
                           ("state", loc.region), ("conference_url", online.url),
                           ("conference_url_notes", online.notes)):
            assert item[key] == value, (r.id, key)
    # the finder's index
    index = json.loads((site / "resources.json").read_text("utf-8"))
    assert dict(zip(index["id"], index["nm"], strict=True)) == {r.id: balanced(folded(r.name))
                                                                for r in entries}
    # handout cards
    cards: dict[str, Any] = {}
    for shard in (site / "handout" / "cards").glob("*.json"):
        cards.update(json.loads(shard.read_text("utf-8")))
    assert set(cards) == set(by_id)
    for r in entries:
        card = cards[r.id]
        assert r.location is not None and r.online is not None
        assert card["name"] == balanced(folded(r.name))
        assert card["where"][0] == balanced(folded(r.location.place))
        assert card["directions"] == balanced(r.location.directions)
        assert card["join"]["notes"] == balanced(r.online.notes)
    # calendars: control characters dropped and spaces folded (values.plain), the rest
    # exactly; the all-in-one file and each entry's own
    for r in entries:
        (event,) = Calendar.from_ical((site / "r" / f"{r.id}.ics").read_bytes()).walk("VEVENT")
        assert str(event["SUMMARY"]) == plain(r.name)
        assert r.location is not None
        if r.is_in_person:
            assert plain(r.location.place) in str(event["LOCATION"])
        assert plain(r.description) in str(event["DESCRIPTION"])
    calendar = Calendar.from_ical((site / "resources.ics").read_bytes())
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert summaries == sorted(plain(r.name) for r in entries)
    # the spreadsheet: formulas guarded with a leading apostrophe, the rest exactly
    rows = list(csv.DictReader(io.StringIO((site / "resources.csv").read_text("utf-8-sig"),
                                           newline="")))
    assert {row["id"] for row in rows} == set(by_id)
    for row in rows:
        r = by_id[row["id"]]
        loc, online, contact = r.location, r.online, r.contact
        assert loc is not None and online is not None and contact is not None
        for column, value in (("name", r.name), ("description", r.description),
                              ("place", loc.place), ("address", loc.address),
                              ("city", loc.city), ("region", loc.region),
                              ("online_notes", online.notes), ("online_url", online.url),
                              ("email", contact.email)):
            assert row[column] == guard(value), (r.id, column)
    assert any(row["name"].startswith("'=HYPERLINK") for row in rows)
    # the HSDS package (for importers, not spreadsheets): every value exactly as written
    services = list(csv.DictReader(io.StringIO(
        (site / "hsds" / "service.csv").read_bytes().decode("utf-8"), newline="")))
    assert sorted(row["name"] for row in services) == sorted(r.name for r in entries)
    assert sorted(row["description"] for row in services) == sorted(
        r.description for r in entries)
    locations = list(csv.DictReader(io.StringIO(
        (site / "hsds" / "location.csv").read_bytes().decode("utf-8"), newline="")))
    places = {row["name"] for row in locations if row["location_type"] == "physical"}
    assert places == {r.location.place for r in entries if r.location and r.is_in_person}


# --------------------------------------------------------------------------- in Chromium

TRAP = """
  window.__hits = [];
  Object.defineProperty(window, "__pwned", {
    configurable: false,
    set(v) { window.__hits.push("__pwned=" + v); },
    get() { return undefined; },
  });
  for (const name of ["alert", "confirm", "prompt"]) {
    window[name] = (m) => { window.__hits.push(name + ":" + m); };
  }
"""

# Anything the data could have added to a page: event-handler attributes, links with
# a scheme that runs or smuggles content, the corpus's own elements.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) if (a.name.startsWith("on")) found.push(el.tagName + " " + a.name);
  }
  for (const a of document.querySelectorAll("a[href], area[href], iframe[src], form[action]")) {
    const url = a.href || a.src || a.action;
    if (!/^(https?|mailto|tel):/.test(url)) found.push("link " + url.slice(0, 60));
  }
  for (const el of document.querySelectorAll("img[src='x'], img[src$='/x'], iframe, object, embed")) {
    found.push("element " + el.tagName);
  }
  for (const s of document.scripts) {
    const runs = !s.type || ["module", "text/javascript", "application/javascript"]
      .includes(s.type);
    if (runs && s.text.includes("__pwned")) found.push("script");
  }
  return found;
}"""


@pytest.fixture(scope="module")
def base(site: Path, serve_dir: Callable[[Path], str]) -> str:
    return serve_dir(site)


@pytest.fixture(scope="module")
def context(browser: Any) -> Iterator[Any]:
    """CSP off: escaping alone must keep the data inert (test_trust_privacy.py shows
    the policy would stop it as well)."""
    ctx = browser.new_context(bypass_csp=True, locale="en-US", timezone_id="America/Chicago",
                              viewport={"width": 1280, "height": 900})
    ctx.add_init_script(TRAP)
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context: Any) -> Iterator[Any]:
    page = context.new_page()
    page.problems = []
    page.on("dialog", lambda d: (page.problems.append("dialog: " + d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    yield page
    page.close()


def inert(page: Any) -> None:
    """Nothing from the data ran or was added, and the page's own scripts did not trip."""
    assert page.evaluate("window.__hits") == []
    assert page.evaluate(INJECTED) == []
    assert page.problems == []


def text_of(page: Any, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")


@pytest.mark.browser
def test_resource_pages_show_every_field_as_written(page: Any, base: str,
                                                    entries: list[Resource]) -> None:
    for r in entries:
        page.goto(base + f"r/{r.id}/")
        page.wait_for_load_state("load")
        inert(page)
        assert text_of(page, "article h1") == [r.name]
        assert page.evaluate("document.querySelector('title').textContent").startswith(r.name)
        loc, online, contact = r.location, r.online, r.contact
        assert loc is not None and online is not None and contact is not None
        if r.is_in_person:
            town = ", ".join([loc.city, f"{loc.region} {loc.postal_code}"])
            assert text_of(page, ".dir-address") == [balanced(loc.place) + balanced(loc.address)
                                                     + balanced(town)]
            assert text_of(page, ".dir-where .dir-how") == [balanced(loc.directions)]
            assert text_of(page, ".dir-town-link a") == [f"More groups in {balanced(loc.city)}"]
        if r.is_online:
            assert text_of(page, ".dir-join .dir-how") == [balanced(online.notes)]
            assert text_of(page, ".dir-join .dir-url") == [balanced(online.url)]
            assert page.get_attribute(".dir-join a", "href") == online.url
        assert text_of(page, ".dir-about p") == [balanced(r.description)]
        assert f" Source: {balanced(r.source)}." in text_of(page, ".dir-verified")[0]
        contact_text = text_of(page, ".dir-contact li")
        assert f"Website: {balanced(contact.website)}" in contact_text
        assert f"Email: {balanced(contact.email)}" in contact_text
        assert f"Phone: {contact.phone}" in contact_text
        # names of the neighbours listed on the page, each as written
        names = {balanced(e.name) for e in entries}
        assert set(text_of(page, ".dir-nearby li > a")) <= names


@pytest.mark.browser
def test_place_pages_show_names_as_written(page: Any, base: str, site: Path,
                                           entries: list[Resource]) -> None:
    dataset = Dataset("hostile.yaml", entries, Defaults(timezone="America/Chicago",
                                                         country="US"))
    page.goto(base + "places/us/")
    inert(page)
    regions = set(text_of(page, "article h2 a"))
    towns = set(text_of(page, "article .dir-towns a"))
    for r in entries:
        if not r.is_in_person:
            continue
        loc = r.location
        assert loc is not None
        assert balanced(region_name("US", loc.region)) in regions
        assert balanced(loc.city) in towns
        path = places.town_path(r, dataset)
        assert path is not None and (site / path / "index.html").exists()
        page.goto(base + path)
        inert(page)
        assert text_of(page, "article h1") == [f"{loc.city}, {loc.region}"]
        assert balanced(r.name) in text_of(page, "article .dir-list a")
        crumbs = text_of(page, ".dir-crumbs a")
        assert crumbs[-1] == balanced(loc.region)
        # the finder link carries the town by name, and the finder reads it back (the
        # first 100 characters: no place name is longer)
        page.click(".dir-find-near a")
        finder_answered(page)
        assert page.input_value("#fd-near") == f"{loc.city}, {loc.region}".strip()[:100]
        inert(page)


@pytest.mark.browser
def test_program_and_online_pages_list_names_as_written(page: Any, base: str,
                                                        entries: list[Resource]) -> None:
    for program in sorted({r.program for r in entries}):
        page.goto(base + f"programs/{program}/")
        inert(page)
        listed = set(text_of(page, "article .dir-list a"))
        assert {balanced(r.name) for r in entries if r.program == program} <= listed
    page.goto(base + "online/")
    inert(page)
    assert {balanced(r.name) for r in entries if r.is_online} <= set(
        text_of(page, "article .dir-list a"))


@pytest.mark.browser
def test_finder_lists_and_echoes_text_as_written(page: Any, base: str,
                                                 entries: list[Resource]) -> None:
    page.goto(base + "find/?near=62701&radius=5&day=any")
    page.wait_for_selector("#fd-near-list li[data-distance]")
    assert set(listed(page)) == {r.id for r in entries}
    inert(page)
    for r in entries:
        assert r.location is not None
        row = page.locator(f"#fd-near-list li[data-id='{r.id}']")
        assert row.locator(".fd-item-head a").text_content() == balanced(folded(r.name))
        where = row.locator(".fd-where-text").text_content()
        assert folded(r.location.place) in where and folded(r.location.city) in where
    # the towns of the data are places the finder knows (its gazetteer ships them):
    # typed, each is named in the heading as written
    towns = {r.location.city: r for r in entries if r.location}
    for typed in (CORPUS[1], CORPUS[3], CORPUS[6], CORPUS[9]):
        page.fill("#fd-near", typed)
        page.keyboard.press("Enter")
        finder_answered(page)
        # the town's name from the gazetteer, its bidi controls closed
        assert f"within 5 miles of {balanced(typed)}, " in page.text_content("#fd-near-title")
        assert towns[balanced(typed)].id in listed(page)
        if page.get_attribute("#fd-change", "aria-expanded") == "false":  # folded: a place is set
            page.click("#fd-change")
        page.fill("#fd-q", typed)  # and as search text
        inert(page)
        page.fill("#fd-q", "")
    # a place it does not know is named in the message, from the box or the address
    unknown = "Nowhere <img src=x onerror=window.__pwned=1> \u202eexe"
    page.fill("#fd-near", unknown)
    page.keyboard.press("Enter")
    finder_answered(page)
    assert f"“{unknown}” is not a town" in page.text_content("#fd-place")
    page.goto(base + "find/?day=any&near=" + _quote(unknown) + "&q=" + _quote(CORPUS[2]))
    finder_answered(page)
    assert page.input_value("#fd-near") == unknown
    assert page.input_value("#fd-q") == CORPUS[2]
    assert f"“{unknown}” is not a town" in page.text_content("#fd-place")
    inert(page)
    # a search for a name finds its entry
    page.goto(base + "find/?day=any&q=" + _quote("קבוצת תקווה"))
    page.wait_for_function("() => window.__finderTimings && window.__finderTimings.notesLoaded")
    shown = page.eval_on_selector_all("li.fd-item[data-id]", "els => els.map(e => e.dataset.id)")
    assert {r.id for r in entries if "קבוצת תקווה" in r.name} <= set(shown)
    inert(page)


def listed(page: Any) -> list[str]:
    """Ids of the finder's in-person rows, pressing "Show more" until all show."""
    while page.locator("#fd-near-more").is_visible():
        page.click("#fd-near-more")
    return page.eval_on_selector_all("#fd-near-list li[data-id]",
                                     "els => els.map(e => e.dataset.id)")


def finder_answered(page: Any) -> None:
    """The finder has listed groups near a place, or said why it cannot."""
    page.wait_for_function("""() => {
        const p = document.querySelector('#fd-place p');
        if (p) return !p.textContent.startsWith('Looking up');
        return !!document.querySelector('#fd-near-list li[data-distance]');
    }""")


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


@pytest.mark.browser
def test_handout_shows_entries_title_and_note_as_written(page: Any, base: str,
                                                         entries: list[Resource]) -> None:
    chosen = entries[:12]
    title, note = CORPUS[1][:120], CORPUS[3] + " " + CORPUS[6]
    page.goto(base + "handout/?" + "&".join(f"id={r.id}" for r in chosen)
              + "&title=" + _quote(title) + "#note=" + _quote(note))
    page.wait_for_selector("#handout-sheet[data-ready]")
    inert(page)
    assert page.text_content("#handout-sheet-title") == title
    assert page.text_content("#handout-sheet-note") == "Note: " + note
    assert page.input_value("#handout-title") == title
    for r in chosen:
        entry = page.locator(f".handout-entry[data-id='{r.id}']")
        assert entry.locator("h3").text_content() == balanced(folded(r.name))
        assert r.location is not None and r.online is not None
        assert folded(r.location.place) in entry.locator(".handout-where").text_content()
        assert r.online.notes in entry.locator(".handout-join").text_content()
    page.click("#handout-save")
    assert text_of(page, "#handout-saved-list a") == [title]
    inert(page)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "guides/first-meeting/", "404.html", "places/",
                                  "programs/"])
def test_pages_without_entries_stay_inert(page: Any, base: str, path: str) -> None:
    page.goto(base + path)
    page.wait_for_load_state("load")
    inert(page)


# --------------------------------------------------------------------------- bidi

RLO_OPEN = CORPUS[6]  # ends in an override that nothing closes
RLO_LOADED = balanced(RLO_OPEN)  # what the loader makes of it (generator/format/bidi.py)

# Each rendered occurrence of `needle` on the page: the text after it up to the end of
# its block (where the browser's bidi paragraph ends, so nothing further can be
# reordered), and whether the first two letters or digits after it are laid out left
# to right (null when there are none on one line to compare).
OCCURRENCES = """(needle) => {
  const blockOf = (n) => {
    let e = n.parentElement;
    while (e && getComputedStyle(e).display.startsWith("inline")) e = e.parentElement;
    return e;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => n.parentElement.closest("script, style, noscript, template")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const box = ([n, o]) => {
    const r = document.createRange();
    r.setStart(n, o); r.setEnd(n, o + 1);
    return r.getBoundingClientRect();
  };
  const found = [];
  nodes.forEach((node, i) => {
    for (let at = node.data.indexOf(needle); at >= 0; at = node.data.indexOf(needle, at + 1)) {
      const block = blockOf(node);
      const seq = [];  // [node, offset] of each character after the needle, in its block
      for (let k = i, off = at + needle.length; k < nodes.length && seq.length < 300; k++, off = 0) {
        if (k > i && blockOf(nodes[k]) !== block) break;
        for (let o = off; o < nodes[k].data.length && seq.length < 300; o++) seq.push([nodes[k], o]);
      }
      const text = seq.map(([n, o]) => n.data[o]).join("");
      let ltr = null;
      const m = /[A-Za-z0-9]{2}/.exec(text);
      if (m) {
        const a = box(seq[m.index]), b = box(seq[m.index + 1]);
        if (a.width && b.width && Math.abs(a.top - b.top) < 2) ltr = a.left < b.left;
      }
      found.push({after: text.slice(0, 24), ltr, detail: !!node.parentElement.closest(".dir-detail"),
                  where: block.tagName.toLowerCase() + "." + [...block.classList].join(".")});
    }
  });
  return found;
}"""


def closed_in_place(page: Any, needle: str = RLO_OPEN, *,
                    details: bool = True) -> list[dict[str, Any]]:
    """Every occurrence of `needle` is followed by its closer (or ends its block), and
    the text after it reads left to right; returns the occurrences. `details=False`
    leaves out the one-line details beside listed groups ("program · time · Town,
    ST"), where only a town can be: the test after checks those."""
    found: list[dict[str, Any]] = [f for f in page.evaluate(OCCURRENCES, needle)
                                   if details or not f["detail"]]
    for occurrence in found:
        after = occurrence["after"]
        assert after.startswith("\u202c") or not after.strip(), (page.url, occurrence)
        assert occurrence["ltr"] in (True, None), (page.url, occurrence)
    return found


def laid_out(found: list[dict[str, Any]]) -> int:
    """How many occurrences had text after them on the same line to measure."""
    return sum(1 for f in found if f["ltr"] is not None)


@pytest.mark.browser
def test_an_open_override_is_closed_on_entry_place_finder_and_handout_pages(
        page: Any, base: str, entries: list[Resource]) -> None:
    """The string with an override left open, in every field but the town and region
    (below), on the entry pages, a town's page, the finder's results and the handout:
    each occurrence ends with its closer, and what follows it on the line (the
    distance to a neighbour, a time, the next address line) reads left to right."""
    by_id = {r.id: r for r in entries}
    holders = [r for r in entries if RLO_LOADED in (r.name, r.description, r.source,
                                                  get(r, "location.place"),
                                                  get(r, "location.address"),
                                                  get(r, "location.directions"),
                                                  get(r, "online.notes"))]
    assert len(holders) == 7
    named = by_id["hostile-06"]
    assert named.name == RLO_LOADED != RLO_OPEN
    measured = 0
    for r in [*holders, by_id["hostile-07"]]:  # 07 lists 06 among its neighbours
        page.goto(base + f"r/{r.id}/")
        found = closed_in_place(page, details=False)
        assert found, r.id
        measured += laid_out(found)
    assert measured >= 1  # the neighbour's distance, at least
    # the town's page lists the group with its time and details on its line
    dataset = Dataset("hostile.yaml", entries, Defaults(timezone="America/Chicago",
                                                         country="US"))
    page.goto(base + str(places.town_path(named, dataset)))
    found = closed_in_place(page, details=False)
    assert found and laid_out(found) >= 1, found
    # the finder: a name beside its distance, a place beside its town
    page.goto(base + "find/?near=62701&radius=5&day=any")
    page.wait_for_selector("#fd-near-list li[data-distance]")
    listed(page)
    found = closed_in_place(page)
    assert len(found) >= 2 and laid_out(found) >= 2, found
    # the handout: the name, and the place beside the street address
    page.goto(base + "handout/?id=hostile-06&id=hostile-03")
    page.wait_for_selector("#handout-sheet[data-ready]")
    found = closed_in_place(page, details=False)
    assert len(found) >= 2 and laid_out(found) >= 1, found
    inert(page)


@pytest.mark.browser
def test_an_open_override_in_a_town_or_region_is_closed_in_place(
        page: Any, base: str, entries: list[Resource]) -> None:
    by_id = {r.id: r for r in entries}
    assert get(by_id["hostile-01"], "location.city") == RLO_LOADED
    assert get(by_id["hostile-00"], "location.region") == RLO_LOADED
    for rid in ("hostile-01", "hostile-00", "hostile-02"):  # 02: 01's town in its details
        page.goto(base + f"r/{rid}/")
        assert closed_in_place(page), rid
    dataset = Dataset("hostile.yaml", entries, Defaults(timezone="America/Chicago",
                                                         country="US"))
    page.goto(base + str(places.town_path(by_id["hostile-01"], dataset)))
    assert closed_in_place(page)
    assert page.title().startswith(balanced(RLO_OPEN))
    page.goto(base + "handout/?id=hostile-06")
    page.wait_for_selector("#handout-sheet[data-ready]")
    assert closed_in_place(page)


# --------------------------------------------------------------------------- validate


def entry_with(field: str, value: str) -> str:
    section, key = field.split(".")
    return ("resources:\n"
            "  - id: a\n    name: A\n    kind: helpline\n    program: other\n"
            "    attendance: online\n    timezone: America/Chicago\n"
            "    online:\n      phone: \"988\"\n"
            + (f"      {key}: {json.dumps(value)}\n" if section == "online" else
               f"    contact:\n      {key}: {json.dumps(value)}\n"))


BAD_LINKS = [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)", "http://example.org/join", "HTTP://example.org/join",
    "file:///etc/passwd", "//example.org/join", "example.org/join", "ftp://example.org/",
    "https:example.org", "https://exa mple.org/", "mailto:a@example.org",
]


@pytest.mark.parametrize("field", ["online.url", "contact.website"])
@pytest.mark.parametrize("url", BAD_LINKS)
def test_validate_rejects_links_with_bad_schemes(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 field: str, url: str) -> None:
    data = tmp_path / "resources.yaml"
    data.write_text(entry_with(field, url), "utf-8")
    assert cli(["validate", str(data)]) == 1
    out = capsys.readouterr().out
    line = 10 if field == "online.url" else 11
    assert re.search(rf"resources\.yaml:{line}:\d+: error: a: .*(https|http)", out), out


def test_validate_accepts_an_https_link(tmp_path: Path) -> None:
    for field in ("online.url", "contact.website"):
        data = tmp_path / "resources.yaml"
        data.write_text(entry_with(field, "https://example.org/join?a=1&b=2"), "utf-8")
        assert cli(["validate", str(data)]) == 0, field
