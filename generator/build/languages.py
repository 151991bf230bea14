"""The site in more than one language: `languages: [en, es]` in the plugin's options.

The first language is the site at its root, built as always. Each other language is a
second MkDocs build of the same configuration, run at the end of the first one's
on_post_build, into <site>/<lang>/, with:

- Material's chrome in that language (`theme.language`), its own search index;
- its Markdown pages from the folder beside the docs folder named `<docs_dir>-<lang>`
  (content-es/ beside content/): the same file names, so every page has the same path
  below /<lang>/ (the guides translated, the home, finder and handout pages);
- the same data, loaded once (the first build's cache is handed over), and every
  generated page (entry, browse, place, handout, calendars, QR codes) rendered by the
  same code with that language's `Translator` (generator/i18n);
- site_url + "<lang>/", so canonical links, QR codes and feeds point at its own pages.

Why a nested build rather than one build with two sets of pages: Material's chrome text
(header, search, footer, "Skip to content") comes from `theme.language`, fixed for a whole
MkDocs build, and every generated page is written into shells Material rendered
(render/shell.py); a second build gets all of that right with no template forks, as
mkdocs-static-i18n does. Its cost is the second language's own pages and files, which
it needs anyway, plus Material's static files copied a second time (benchmarks/run.py).

A third language: a catalog (generator/locales/<lang>/LC_MESSAGES/messages.po) and a
folder content-<lang>/; nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.i18n import NATIVE_NAMES, SOURCE


@dataclass(frozen=True, slots=True)
class Languages:
    """The languages of one site and where each one's pages live."""

    codes: tuple[str, ...]  # the first is the site's root
    current: str  # the language this build renders
    root_url: str  # the root language's site_url ("" when unknown)
    pages: dict[str, frozenset[str]]  # per language: the URLs of its Markdown pages

    @property
    def root(self) -> str:
        return self.codes[0]

    def prefix(self, lang: str) -> str:
        """Path of a language's site below the root's: "" or "es/"."""
        return "" if lang == self.root else f"{lang}/"

    def has_page(self, lang: str, url: str, generated: bool) -> bool:
        """Generated pages exist in every language; a Markdown page where its folder
        holds it."""
        return generated or url in self.pages.get(lang, frozenset())

    def alternates(self, url: str, base_url: str, generated: bool = False
                   ) -> list[tuple[str, str]]:
        """(lang, href) of the page at `url` (site-relative, "r/abc/") in every language
        that has it, this one included. `base_url` is the current page's relative path to
        its own language's root ("../.."): absolute hrefs when site_url is known."""
        out = []
        for lang in self.codes:
            if not self.has_page(lang, url, generated):
                continue
            if self.root_url:
                href = self.root_url + self.prefix(lang) + url
            else:
                up = "" if self.current == self.root else "../"
                href = f"{base_url}/{up}{self.prefix(lang)}{url}"
            out.append((lang, href))
        return out

    def name(self, lang: str) -> str:
        return NATIVE_NAMES.get(lang, lang)


def docs_dir_of(docs_dir: str, lang: str, root: str) -> Path:
    """The Markdown folder of `lang`: the docs folder itself for the root language,
    `<docs_dir>-<lang>` beside it for the others."""
    base = Path(docs_dir)
    return base if lang == root else base.with_name(f"{base.name}-{lang}")


def markdown_urls(folder: Path) -> frozenset[str]:
    """The directory URLs MkDocs gives the Markdown files of `folder`."""
    urls = set()
    for path in folder.rglob("*.md"):
        rel = path.relative_to(folder).as_posix()
        stem = rel[:-3]
        if stem == "index" or stem.endswith("/index") or stem == "README":
            url = stem[: -len("index")] if stem.endswith("index") else ""
        else:
            url = stem + "/"
        urls.add(url)
    return frozenset(urls)


def check(codes: Sequence[str], docs_dir: str) -> list[str]:
    """Problems with the `languages` option; empty when it can be built."""
    problems = []
    if codes and codes[0] != SOURCE:
        problems.append(f"languages: the first language is the site's root and must be "
                        f"{SOURCE!r} (the language of the code's messages), not {codes[0]!r}")
    if len(set(codes)) != len(codes):
        problems.append("languages: a language is listed twice")
    for lang in codes[1:]:
        folder = docs_dir_of(docs_dir, lang, SOURCE)
        if not folder.is_dir():
            problems.append(f"languages: {lang!r} has no pages folder {folder}")
    return problems


def plan(codes: Sequence[str], docs_dir: str, root_url: str) -> Languages:
    """The root build's view; each other language's build gets a copy with `current`
    set (dataclasses.replace)."""
    pages = {lang: markdown_urls(docs_dir_of(docs_dir, lang, codes[0])) for lang in codes}
    return Languages(tuple(codes), codes[0], _slash(root_url), pages)


def _slash(url: str) -> str:
    return url if not url or url.endswith("/") else url + "/"


def nested_config(config: Any, lang: str, *, root_docs: str, root_site_dir: str,
                  root_url: str) -> Any:
    """A copy of the root build's MkDocs config for `lang`: its own pages folder,
    <site>/<lang>/, Material in that language, and fresh plugin instances configured as
    the root's (MkDocs would hand back the root's own peer-directory instance, which
    keeps state across builds, from load_config)."""
    import copy

    from mkdocs.plugins import PluginCollection
    from mkdocs.theme import Theme

    from generator.i18n import load

    t = load(lang)  # mkdocs.yml's own words, when the catalog has them (i18n/extract.py)
    new = copy.copy(config)  # a new Config with a shallow copy of the values
    new["docs_dir"] = str(docs_dir_of(root_docs, lang, ""))
    new["site_dir"] = os.path.join(root_site_dir, lang)
    new["site_url"] = root_url + f"{lang}/" if root_url else config.site_url
    theme = config.theme
    options = {k: v for k, v in theme.items() if k not in ("name", "locale", "language")}
    if isinstance(options.get("palette"), list):  # the colour toggles' names
        options["palette"] = [_toggle_in(scheme, t) for scheme in options["palette"]]
    new["theme"] = Theme(name=theme.name, custom_dir=theme.custom_dir,
                         static_templates=theme.static_templates,
                         language=lang, **options)
    new["site_name"] = t.gettext(config.site_name)
    if config.site_description:
        new["site_description"] = t.gettext(config.site_description)
    new["extra_css"] = list(config.extra_css)
    new["extra_javascript"] = list(config.extra_javascript)
    plugins = PluginCollection()
    for name, plugin in config.plugins.items():
        fresh = type(plugin)()
        settings = dict(plugin.config)
        if name.endswith("search") and "lang" in settings:
            settings["lang"] = None  # the search plugin takes it from theme.language
        fresh.load_config(settings, config.config_file_path)
        plugins[name] = fresh
    new["plugins"] = plugins
    return new


def _toggle_in(scheme: Any, t: Any) -> Any:
    if not isinstance(scheme, dict) or not isinstance(scheme.get("toggle"), dict):
        return scheme
    toggle = dict(scheme["toggle"])
    if isinstance(toggle.get("name"), str):
        toggle["name"] = t.gettext(toggle["name"])
    return {**scheme, "toggle": toggle}


def build_others(config: Any, codes: Sequence[str], *, root_docs: str,
                 prepare: Callable[[Any, str], None]) -> None:
    """Build every language after the first into <site>/<lang>/. `prepare(plugin, lang)`
    hands the root plugin's loaded data to the language's plugin instance."""
    from mkdocs.commands.build import build

    root_url = _slash(config.site_url or "")
    for lang in codes[1:]:
        nested = nested_config(config, lang, root_docs=root_docs,
                               root_site_dir=config.site_dir, root_url=root_url)
        prepare(nested.plugins, lang)
        build(nested)


# ---------------------------------------------------------------------- shared files

# What every language publishes once, at the root: the data, which has no words of any
# language (the finder's index, tiles, gazetteer and notes; the Meeting Guide feed, the
# CSV and the HSDS package). Another language's pages use the root's copies (its finder
# form points there, generator/finder/form.py; its footer links there, `dir_shared` in
# the templates), and its build skips them: a second language costs its pages, handout
# cards, calendars and QR codes, not a second copy of the data.
SHARED_PATHS = ("meetings.json", "resources.csv")


def own_producers(producers: Sequence[Any], lang: str) -> list[Any]:
    if lang == SOURCE:
        return list(producers)
    from generator import finder
    from generator.feeds import hsds

    return [p for p in producers if p not in (finder.site_files, hsds.site_files)]


def own_files(files: Any, lang: str) -> Any:
    if lang == SOURCE:
        return files
    return ((path, body) for path, body in files if path not in SHARED_PATHS)


# ---------------------------------------------------------------------- in the pages

SCRIPTS = ("lang-switch.js",)  # loaded on every page of a site with languages
ASSETS = Path(__file__).resolve().parent.parent / "i18n" / "assets"


def add_files(files: Any, config: Any, assets_url: str) -> None:
    """The language switch's script: only on sites with `languages`, so an English-only
    site ships the same files as before the option."""
    from mkdocs.structure.files import File

    for name in SCRIPTS:
        files.append(File.generated(config, assets_url + name, abs_src_path=str(ASSETS / name)))


def template_globals(env: Any, t: Any, languages: Languages | None, build_date: Any) -> None:
    """What the templates (generator/theme/) need: `dir_t` translates a message (English
    is the identity), `dir_build_date_text` the build date as the language writes it;
    with languages, `dir_alternates(url, base_url, generated)` (lang, href) and
    `dir_language_name(lang)`."""
    env.globals["dir_t"] = t.gettext
    env.globals["dir_shared"] = "" if t.is_source else "../"  # the root's data files
    env.globals["dir_lang"] = t.lang
    env.globals["dir_build_date_text"] = (build_date.isoformat() if t.is_source
                                          else t.format_date(build_date))
    from generator.i18n import js

    env.globals["dir_script_messages"] = js.block(t, every_page=True)
    if languages is not None:
        env.globals["dir_alternates"] = languages.alternates
        env.globals["dir_language_name"] = languages.name
