"""The MkDocs plugin: routes MkDocs events to the MkDocs-free modules.

    plugins:
      - search
      - peer-directory:
          resources: resources.yaml   # relative to mkdocs.yml
          stale_days: 365             # older `verified:` dates are noted in the build log
          build_date: ""              # YYYY-MM-DD; default $DIRECTORY_BUILD_DATE,
                                      # $SOURCE_DATE_EPOCH, then today
          data_path: ""               # the file's path in the repository, for edit
                                      # links; default: found from the nearest .git
          nearby_count: 4             # nearby alternatives on each in-person page
          nearby_miles: 25.0          # ...within this distance
          check_third_party: true     # fail the build if a page would load anything
                                      # from another host
          processes: 0                # processes sharing the entry pages: 0 = one per
                                      # core (Linux, 500+ entries); 1 = this one only
          map_tiles: ""               # a PMTiles basemap (relative to mkdocs.yml): the
                                      # finder and group pages offer a map; no map without
          map_attribution: "© OpenStreetMap contributors"  # credit shown on the map
          languages: []               # [en, es]: the site in each, the others below
                                      # /<lang>/ (generator/build/languages.py)

Only an adapter: it turns these options and mkdocs.yml into the build's settings, MkDocs'
events into calls of generator/build/pipeline.py (load and validate, errors naming
file:line:col and warnings through the plugin logger, so `mkdocs build --strict` fails on
them; hidden shell pages rendered through the theme; every entry, browse and redirect
page and whatever generator/build/outputs.py produces written after the theme's pages),
the files the theme must publish into MkDocs' File objects, and a BuildError into a
PluginError.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage

from generator.build import languages as i18n_build
from generator.build import pipeline
from generator.build.pipeline import BuildError, Pipeline, Settings
from generator.build.staging import StagedSite
from generator.i18n import ENGLISH, CatalogError, Translator
from generator.i18n import load as i18n_load
from generator.map import publish as map_publish
from generator.map.basemap import Basemap
from generator.render import shell
from generator.render.site import SiteModel

log = get_plugin_logger(__name__)
PACKAGE = Path(__file__).resolve().parent
THEME_DIR = PACKAGE / "theme"
ASSETS_DIR = PACKAGE / "assets"
ASSETS_URL = "assets/directory/"
SHELL_DEPTHS = (2, 3, 4)  # /r/<id>/ and /programs/<p>/; places' region; places' town


class DirectoryPluginConfig(Config):
    resources = c.Type(str, default="resources.yaml")
    stale_days = c.Type(int, default=365)
    build_date = c.Type(str, default="")
    data_path = c.Type(str, default="")  # the data file's path in the repository
    nearby_count = c.Type(int, default=4)
    nearby_miles = c.Type(float, default=25.0)
    check_third_party = c.Type(bool, default=True)
    processes = c.Type(int, default=0)  # 0: one per core for big lists; 1: no forking
    map_tiles = c.Type(str, default="")  # a PMTiles basemap served with the site
    map_attribution = c.Type(str, default=map_publish.DEFAULT_ATTRIBUTION)
    languages = c.ListOfItems(c.Type(str), default=[])  # [en, es]: build/languages.py


class DirectoryPlugin(BasePlugin[DirectoryPluginConfig]):
    def __init__(self) -> None:
        self.site = Pipeline()  # kept across `mkdocs serve` rebuilds, with its caches
        self.path = Path()
        self.command = "build"
        self.dirty = False
        self.stage: StagedSite | None = None
        self.basemap: Basemap | None = None
        # The language this instance builds, and the site's languages (None: English
        # only, as before the option existed). Another language's build gets its own
        # instance, set up by _hand_over.
        self.lang = "en"
        self.languages: i18n_build.Languages | None = None
        self.t: Translator = ENGLISH

    @property
    def model(self) -> SiteModel | None:
        return self.site.model

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, and with it
    # the loaded data while the file is unchanged.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty
        self.site.serve = command == "serve"
        # A failed build keeps the previous site: see staging.py (not for `serve`).
        self.stage = StagedSite() if command in ("build", "gh-deploy") else None

    def on_build_error(self, *, error: Exception) -> None:
        if self.stage is not None:
            self.stage.fail()

    def on_shutdown(self) -> None:
        if self.stage is not None:
            self.stage.finish()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("peer-directory needs `use_directory_urls: true` (/r/<id>/ URLs)")
        base = Path(config.config_file_path or ".").resolve().parent
        # Not resolve(): a data file that is a link must reach the loader as one (refused).
        self.path = Path(os.path.abspath(base / self.config.resources))
        options = self.config
        self._languages(config)
        try:
            build_date = pipeline.build_date(options.build_date)
            self.basemap = (pipeline.read_map((base / options.map_tiles).resolve(), log)
                            if options.map_tiles else None)
            self.site.configure(Settings(
                resources=self.path, build_date=build_date,
                site_url=config.site_url or "", site_name=config.site_name,
                repo_url=config.repo_url or "", edit_uri=config.edit_uri or "",
                data_path=options.data_path, stale_days=options.stale_days,
                nearby_count=options.nearby_count, nearby_miles=options.nearby_miles,
                check_third_party=options.check_third_party, processes=options.processes,
                basemap=self.basemap, t=self.t), log)
        except BuildError as e:
            raise PluginError(str(e)) from e
        _add_theme(config, i18n_build.SCRIPTS if self.languages else ())
        if self.stage is not None and not self.dirty:
            try:
                self.stage.begin(config)
            except OSError as e:
                raise PluginError(f"{config.site_dir}: cannot build beside the site "
                                  f"folder ({e.strerror or e})") from e
        return config

    def _languages(self, config: MkDocsConfig) -> None:
        """The `languages` option: which languages, and this build's translator. An
        untranslated message is a warning, so `--strict` fails on it."""
        if self.lang != "en":
            return  # another language's build, set up by _hand_over
        self.languages = None
        codes = self.config.languages
        if not codes:
            return  # English only, as before the option
        problems = i18n_build.check(codes, config.docs_dir)
        if problems:
            raise PluginError("\n".join(problems))
        self.languages = i18n_build.plan(codes, config.docs_dir, config.site_url or "")
        for lang in codes[1:]:
            try:
                missing = i18n_load(lang).missing
            except CatalogError as e:
                raise PluginError(str(e)) from e
            for message in missing:
                log.warning(f"languages: {lang}: not translated: {message!r}")

    def _hand_over(self, plugins: Any, lang: str) -> None:
        """Another language's build: its plugin instance gets this one's loaded data
        and nearby lists (loaded once for every language) and its translator."""
        from dataclasses import replace

        other = plugins["peer-directory"]
        other.lang, other.t = lang, i18n_load(lang)
        assert self.languages is not None
        other.languages = replace(self.languages, current=lang)
        other.site.hand_over(self.site)
        other.command, other.dirty = self.command, self.dirty
        other.site.serve = self.site.serve

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.path))
        if self.basemap is not None:
            from generator.map.preview import answer_ranges

            answer_ranges(server)  # the browser reads the basemap in byte ranges
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for depth in SHELL_DEPTHS:
            files.append(File.generated(
                config, shell.shell_path(depth) + "index.md", content=shell.shell_markdown(),
                inclusion=InclusionLevel.NOT_IN_NAV))
        icon = (config.theme.get("icon") or {}).get("logo") or "material/library"
        logo = shell.logo_svg(icon, config.theme.dirs)
        if logo is not None:
            files.append(File.generated(config, shell.LOGO_PATH, content=logo))
        for path in sorted(ASSETS_DIR.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                rel = path.relative_to(ASSETS_DIR).as_posix()
                files.append(File.generated(config, ASSETS_URL + rel, abs_src_path=str(path)))
        if self.languages is not None:
            i18n_build.add_files(files, config, ASSETS_URL)
        if self.basemap is not None:  # a site without a basemap ships no map code
            for url, src in map_publish.asset_files():
                files.append(File.generated(config, url, abs_src_path=str(src)))
            files.append(File.generated(config, map_publish.TILES_URL,
                                        abs_src_path=str(self.basemap.path)))
            files.append(File.generated(config, map_publish.CONFIG_URL, content=map_publish
                                        .config_json(self.basemap, self.config.map_attribution)))
        return files

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        assert self.model is not None
        env.globals["directory_build_date"] = self.model.ctx.build_date.isoformat()
        i18n_build.template_globals(env, self.t, self.languages, self.model.ctx.build_date)
        return env

    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig,
                        files: Files) -> str:
        return self.site.content(html, page.url, page.file.src_uri, log)

    @event_priority(-100)  # last, so the policy hashes every other plugin's inline script
    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        return self.site.page(output, page.url, page.file.src_uri)

    @event_priority(-50)  # after the search plugin wrote the index the build extends
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            self.site.write(Path(config.site_dir), log)
        except BuildError as e:
            raise PluginError(str(e)) from e
        if self.languages is not None and self.lang == self.languages.root:
            i18n_build.build_others(config, self.languages.codes, root_docs=config.docs_dir,
                                    prepare=self._hand_over)

    def _processes(self, entries: int) -> int:
        """How many processes share the entry work (see Pipeline.processes)."""
        return self.site.processes(entries, self.config.processes)


def _add_theme(config: MkDocsConfig, more_scripts: tuple[str, ...] = ()) -> None:
    """Our templates just above Material's (below a site's own custom_dir), our
    stylesheet and scripts; once, however often MkDocs configures the plugin."""
    dirs = config.theme.dirs
    at = 1 if config.theme.custom_dir else 0
    if str(THEME_DIR) not in dirs:
        dirs.insert(at, str(THEME_DIR))
    css = ASSETS_URL + "directory.css"
    if css not in config.extra_css:
        config.extra_css.append(css)
    for name in ("localtime.js", "offline.js", *more_scripts):
        script = ASSETS_URL + name
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)


def _build_date(option: str) -> date:
    """pipeline.build_date, its error as MkDocs reports one."""
    try:
        return pipeline.build_date(option)
    except BuildError as e:
        raise PluginError(str(e)) from e
