"""The site in English and Spanish (`languages: [en, es]`, generator/i18n and
generator/build/languages.py): catalogs complete and in step with the code, every /es/
page type in Spanish, hreflang pairs that resolve both ways, a language switch on every
page, Spanish dates and times, Spanish handout cards linking to Spanish pages, and an
English-only build unchanged."""

from __future__ import annotations

import ast
import html
import json
import re
from datetime import date, time
from pathlib import Path

import pytest

from generator.format.model import ScheduleSlot
from generator.i18n import ENGLISH, CatalogError, available, load

pytestmark = pytest.mark.xdist_group("site-build")

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "sample-springfield-tuesday-hope"
# Every page type, in both languages (the 404 page only at each language's root).
PAGE_TYPES = {
    "home": "index.html",
    "finder": "find/index.html",
    "handout": "handout/index.html",
    "entry": f"r/{ENTRY}/index.html",
    "programs": "programs/index.html",
    "program": "programs/aa/index.html",
    "places": "places/index.html",
    "country": "places/us/index.html",
    "region": "places/us/il/index.html",
    "town": "places/us/il/springfield/index.html",
    "online": "online/index.html",
    "guide": "guides/first-meeting/index.html",
    "not-found": "404.html",
}


# --------------------------------------------------------------------------- catalogs


def test_catalogs_are_in_step_with_the_code() -> None:
    """messages.pot holds every message the code, templates and vocabularies show, and
    each catalog every message of messages.pot (python -m generator.i18n.extract)."""
    from generator.i18n import extract

    assert extract.main(["--check"]) == 0, "run: python -m generator.i18n.extract"


@pytest.mark.parametrize("lang", [lang for lang in available() if lang != "en"])
def test_every_message_is_translated(lang: str) -> None:
    t = load(lang, strict=True)
    assert t.messages and not t.missing


def test_a_missing_translation_fails_strictly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    import generator.i18n as i18n

    po = tmp_path / "xx" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "When"\nmsgstr "Quand"\n\nmsgid "Where"\nmsgstr ""\n', "utf-8")
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    t = i18n.load("xx")
    assert t.missing == ("Where",) and t.gettext("When") == "Quand"
    assert t.gettext("Where") == "Where"  # falls back to English, and is reported
    with pytest.raises(CatalogError, match="Where"):
        i18n.load("xx", strict=True)
    with pytest.raises(CatalogError, match="no catalog"):
        i18n.load("zz")


def test_the_plugin_warns_of_each_untranslated_message(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    """A warning: `mkdocs build --strict` fails on it."""
    import generator.i18n as i18n
    from generator.plugin import DirectoryPlugin

    po = tmp_path / "xx" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "When"\nmsgstr ""\n', "utf-8")
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    docs = tmp_path / "content"
    (tmp_path / "content-xx").mkdir()
    docs.mkdir()
    plugin = DirectoryPlugin()
    plugin.load_config({"languages": ["en", "xx"]})

    class Config:
        docs_dir = str(docs)
        site_url = ""

    with caplog.at_level("WARNING"):
        plugin._languages(Config())  # type: ignore[arg-type]
    assert any("not translated: 'When'" in r.getMessage() and r.levelname == "WARNING"
               for r in caplog.records)


def test_no_message_is_hidden_from_the_extractor() -> None:
    """A gettext call inside an f-string is invisible to Babel's extractor: its message
    would never reach a catalog."""
    found = []
    for path in (ROOT / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if not isinstance(call, ast.Call):
                    continue
                func = call.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if (name in ("_", "gettext", "ngettext", "N_") and call.args
                        and isinstance(call.args[0], ast.Constant)):
                    found.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert not found, f"move these messages out of their f-strings: {found}"


def test_spanish_finder_form_is_current() -> None:
    from generator.finder import form

    text = (ROOT / "content-es" / "find.md").read_text("utf-8")
    assert form.replace_block(text, load("es")) == text, \
        "run: python -m generator.finder.form content-es/find.md es"


def test_the_real_site_is_in_english_and_spanish() -> None:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.plugins["peer-directory"].config.languages == ["en", "es"]
    from generator.build import languages

    assert languages.check(["en", "es"], str(ROOT / "content")) == []
    # every Markdown page has its Spanish counterpart at the same path
    assert languages.markdown_urls(ROOT / "content") == \
        languages.markdown_urls(ROOT / "content-es")


# --------------------------------------------------------------------------- words


def test_schedule_words_in_spanish() -> None:
    from generator.format import schedule

    es = load("es")
    weekly = ScheduleSlot(days=("tue",), start=time(19), end=time(20))
    monthly = ScheduleSlot(days=("mon",), start=time(19), end=time(20, 30), every="month",
                           weeks=(1, 3))
    fortnight = ScheduleSlot(days=("wed",), start=time(19), end=time(20), every="2 weeks",
                             from_=date(2026, 9, 23))
    late = ScheduleSlot(days=("sat", "sun"), start=time(23), end=time(1))
    assert schedule.describe(weekly, "America/Chicago", t=es) == \
        "Martes, 19:00–20:00, hora del Centro"
    assert schedule.describe(monthly, t=es) == "Primer y tercer lunes del mes, 19:00–20:30"
    assert schedule.describe(fortnight, "America/New_York", today=date(2026, 11, 15), t=es) \
        == "Cada dos semanas: miércoles, 19:00–20:00, hora del Este (incluido el 18 de " \
           "noviembre de 2026)"
    assert schedule.describe(late, "Europe/Berlin", t=es) == \
        "Sábados y domingos, 23:00–1:00 (del día siguiente), hora de Berlin"
    # English is what it always was
    assert schedule.describe(monthly) == "1st and 3rd Monday 7:00–8:30 pm"
    assert ENGLISH.format_date(date(2026, 12, 1)) == "1 December 2026"
    assert es.format_date(date(2026, 12, 1)) == "1 de diciembre de 2026"


def test_meeting_guide_spanish_type_names() -> None:
    """The Meeting Guide specification's Spanish names where it has them."""
    from generator.format.vocab import TAGS

    es = load("es")
    expected = {"open": "Abierta", "closed": "Cerrada", "big-book": "Libro Grande",
                "spanish": "Español", "speaker": "Orador", "newcomer": "Principiantes",
                "babysitting": "Guardería disponible", "as-bill-sees-it": "Como lo ve Bill"}
    for tag, name in expected.items():
        assert es.gettext(TAGS[tag].label).startswith(name), tag


# --------------------------------------------------------------------------- the site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample region in English and Spanish, built strictly: an untranslated
    message or a broken link would fail it."""
    import shutil

    from tests.conftest import SITE_BUILD_DATE
    from tests.helpers import build_site

    work = tmp_path_factory.mktemp("bilingual")
    shutil.copy(ROOT / "examples" / "resources.yaml", work / "resources.yaml")
    return build_site(work / "resources.yaml", work / "site", build_date=SITE_BUILD_DATE,
                      site_url="https://directory.example.org/", strict=True,
                      data_path="examples/resources.yaml", languages=["en", "es"])


def _visible_text(page: str) -> str:
    """The text a person reads or hears: content, and the labels, titles and alt texts
    that screen readers and tooltips show."""
    page = re.sub(r"<(script|style|svg|template)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    said = re.findall(r'\s(?:aria-label|title|alt|placeholder)="([^"]*)"', page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + " ".join(said)).split())


def _english_phrases() -> list[str]:
    """The English catalog's messages, cut at their placeholders and markup, without those
    Spanish writes the same way ("SMART Recovery", "Gay")."""
    from babel.messages.pofile import read_po

    es = load("es")
    with (ROOT / "generator" / "locales" / "messages.pot").open("rb") as fh:
        catalog = read_po(fh)
    phrases = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        translated = es.gettext(ids[0]) if len(ids) == 1 else " ".join(
            es.ngettext(ids[0], ids[1], n) for n in (1, 2))
        for msgid in ids:
            plain = re.sub(r"<[^>]+>", " ", html.unescape(msgid))
            for part in re.split(r"\{[a-z_]+\}", plain):
                part = " ".join(part.split()).strip(" :,.;()")
                if (len(part) >= 8 or " " in part) and len(part) >= 4 \
                        and part.lower() not in translated.lower():
                    phrases.add(part)
    return sorted(phrases)


def _data_strings(data_file: Path) -> list[str]:
    """Every text value of the data: names and notes stay as written in every language."""
    from generator.format.loader import load as load_data

    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(load_data(data_file)[0].resources)
    return sorted({s for s in out if len(s) > 3}, key=len, reverse=True)


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_english_interface_text_on_spanish_pages(site: Path, kind: str) -> None:
    text = _visible_text((site / "es" / PAGE_TYPES[kind]).read_text("utf-8"))
    for value in _data_strings(site.parent / "resources.yaml"):
        text = text.replace(" ".join(value.split()), " ")
    found = [p for p in _english_phrases()
             if re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", text)]
    assert not found, f"English on /es/{PAGE_TYPES[kind]}: {found}"


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_spanish_pages_say_they_are_spanish(site: Path, kind: str) -> None:
    page = (site / "es" / PAGE_TYPES[kind]).read_text("utf-8")
    assert re.search(r'<html lang="es"', page)
    assert not re.search(r'(?<![\w-])lang="en"', page.split("<body", 1)[0])
    # Material's own chrome in Spanish
    assert 'aria-label="Cabecera"' in page


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.parts)


def _alternates(page: Path) -> dict[str, str]:
    head = page.read_text("utf-8").split("</head>", 1)[0]
    return dict(re.findall(r'<link rel="alternate " hreflang="([a-z]+)" href="([^"]+)">', head))


def _file_of(site: Path, url: str) -> Path:
    base = "https://directory.example.org/"
    assert url.startswith(base), url
    return site / url[len(base):] / "index.html"


def test_hreflang_pairs_resolve_both_ways(site: Path) -> None:
    pages = _pages(site)
    assert len(pages) > 40
    checked = 0
    for page in pages:
        alternates = _alternates(page)
        if page.parent.name == "dir-shell" or not alternates:
            continue
        assert set(alternates) == {"en", "es"}, page
        own = "es" if page.relative_to(site).parts[0] == "es" else "en"
        assert _file_of(site, alternates[own]) == page, page  # the page names itself
        for lang, url in alternates.items():
            other = _file_of(site, url)
            assert other.is_file(), f"{page}: {lang} alternate {url} does not exist"
            assert _alternates(other) == alternates, f"{other} does not point back to {page}"
            checked += 1
    # every page of the sample site has its pair (redirect pages are the only others)
    redirects = [p for p in pages if 'http-equiv="refresh"' in p.read_text("utf-8")]
    assert checked == 2 * (len(pages) - len(redirects))


def test_a_language_switch_on_every_page(site: Path) -> None:
    for page in _pages(site):
        text = page.read_text("utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        own = "es" if page.relative_to(site).parts[0] == "es" else "en"
        other = "en" if own == "es" else "es"
        switch = re.search(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+" '
                           r'data-dir-lang="\w+">([^<]+)</a>', text)
        assert switch, page
        assert switch.group(2) == other and switch.group(1) == _alternates(page)[other]
        assert switch.group(3) == {"en": "English", "es": "Español"}[other]
    assert (site / "assets" / "directory" / "lang-switch.js").is_file()


def test_spanish_dates_times_and_labels_on_an_entry(site: Path) -> None:
    page = (site / "es" / "r" / ENTRY / "index.html").read_text("utf-8")
    assert "Martes, 19:00–20:00, hora del Centro" in page
    assert re.search(r"Última revisión: <time datetime=\"[\d-]+\">\d+ de \w+ de \d{4}</time>",
                     page)
    assert "Alcohólicos Anónimos · Reunión · Presencial" in page
    # the QR code and canonical link are the Spanish page's
    assert f"https://directory.example.org/es/r/{ENTRY}/" in page
    footer = _visible_text(page.split('class="md-copyright', 1)[1])
    assert "Hecho el 15 de noviembre de 2026" in footer


def test_spanish_handout_cards_link_to_spanish_pages(site: Path) -> None:
    meta = json.loads((site / "es" / "handout" / "meta.json").read_text("utf-8"))
    assert meta["site"] == "https://directory.example.org/es/"
    cards = {}
    for shard in (site / "es" / "handout" / "cards").glob("*.json"):
        cards.update(json.loads(shard.read_text("utf-8")))
    card = cards[ENTRY]
    assert card["url"] == f"https://directory.example.org/es/r/{ENTRY}/"
    assert card["program"] == "Alcohólicos Anónimos"
    assert card["when"] == ["Martes, 19:00–20:00, hora del Centro"]
    english = json.loads(next((site / "handout" / "cards").glob("*.json")).read_text("utf-8"))
    assert all(c["url"].startswith("https://directory.example.org/r/") for c in
               english.values() if c.get("url"))


def test_spanish_calendars(site: Path) -> None:
    ics = (site / "es" / "r" / f"{ENTRY}.ics").read_text("utf-8")
    assert "Alcohólicos Anónimos\\, martes." in ics
    assert f"Detalles y cambios: https://directory.example.org/es/r/{ENTRY}/" in ics.replace(
        "\n ", "")
    assert "todas las reuniones" in (site / "es" / "resources.ics").read_text("utf-8")


def test_english_pages_are_what_an_english_only_build_makes(site: Path,
                                                            example_site: Path) -> None:
    """Only the hreflang links and the language switch are added to English pages."""
    for kind, rel in PAGE_TYPES.items():
        mono = (example_site / rel).read_text("utf-8")
        both = (site / rel).read_text("utf-8")
        both = re.sub(r'\s*<link rel="alternate " hreflang="\w+" href="[^"]+">', "", both)
        both = re.sub(r'\s*<p class="dir-langs">.*?</p>', "", both, flags=re.S)
        both = re.sub(r'\s*<script src="/?(\.\./)*assets/directory/lang-switch\.js"></script>',
                      "", both)
        mono = re.sub(r"\s+", " ", mono)
        both = re.sub(r"\s+", " ", both)
        assert both == mono, kind


# --------------------------------------------------------------------------- translations


def test_translated_notes_in_the_data(tmp_path: Path) -> None:
    """`translations:` is read, validated and written back; the Spanish pages show it,
    the English ones the text as written."""
    from generator.format import yaml_writer
    from generator.format.loader import load as load_data
    from generator.format.validate import check

    dataset, report = load_data(ROOT / "examples" / "resources.yaml")
    entry = dataset.by_id()[ENTRY]
    assert not report.errors and entry.translations[0].lang == "es"
    assert entry.text_in("es", "directions") == "Puerta lateral, abajo"
    assert entry.text_in("en", "directions") == "Side door, downstairs"
    assert entry.text_in("es", "online_notes") == ""
    again = tmp_path / "again.yaml"
    again.write_text(yaml_writer.dump(dataset), "utf-8")
    assert load_data(again)[0].by_id()[ENTRY].translations == entry.translations
    bad = tmp_path / "bad.yaml"
    bad.write_text(again.read_text("utf-8").replace("      - lang: es", "      - lang: en"),
                   "utf-8")
    assert any("not a language code other than en" in e.message
               for e in check(bad, today=date(2026, 11, 15))[1].errors)


def test_translated_notes_on_the_spanish_pages(site: Path) -> None:
    spanish = (site / "es" / "r" / ENTRY / "index.html").read_text("utf-8")
    english = (site / "r" / ENTRY / "index.html").read_text("utf-8")
    assert "Puerta lateral, abajo" in spanish and "Side door, downstairs" not in spanish
    assert "Grupo ficticio de ejemplo" in spanish
    assert "Side door, downstairs" in english and "Puerta lateral" not in english
    cards: dict[str, dict[str, str]] = {}
    for shard in (site / "es" / "handout" / "cards").glob("*.json"):
        cards.update(json.loads(shard.read_text("utf-8")))
    assert cards[ENTRY]["directions"] == "Puerta lateral, abajo"


def test_spanish_search_index_and_web_app_manifest(site: Path) -> None:
    index = json.loads((site / "es" / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["es"]  # Material's search stems Spanish
    town = next(d for d in index["docs"] if d["location"] == "places/us/il/springfield/")
    assert town["text"].endswith("en la lista, por día y hora.")
    manifest = json.loads((site / "es" / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["lang"] == "es" and manifest["name"] == "Directorio de apoyo entre pares"
    english = json.loads((site / "manifest.webmanifest").read_text("utf-8"))
    assert "lang" not in english and english["name"] == "Peer Support Directory"


def test_the_data_files_are_published_once(site: Path) -> None:
    """Files without words (the finder's data, the feeds' data) exist only at the root;
    the Spanish pages point there."""
    for rel in ("resources.json", "resources-notes.json", "meetings.json", "resources.csv",
                "hsds/datapackage.json", "gazetteer", "finder-tiles"):
        assert (site / rel).exists() and not (site / "es" / rel).exists(), rel
    finder = (site / "es" / "find" / "index.html").read_text("utf-8")
    assert 'data-index="../../resources.json"' in finder and 'data-resource="../r/"' in finder
    entry = site / "es" / "r" / ENTRY / "index.html"
    feeds = re.findall(r'href="([^"]*(?:meetings\.json|datapackage\.json))"', entry.read_text())
    assert feeds and all((entry.parent / href).resolve().is_file() for href in feeds), feeds
    # calendars, handout cards and QR codes are the language's own
    assert (site / "es" / "r" / f"{ENTRY}.ics").is_file()
    assert (site / "es" / "handout" / "meta.json").is_file()
    assert (site / "es" / "r" / ENTRY / "qr.png").is_file()
