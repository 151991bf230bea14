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
          nearby_count: 5             # nearby alternatives on each in-person page
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

Load and validate (errors fail the build naming file:line:col; warnings go through the
plugin logger, so `mkdocs build --strict` fails on them), render hidden shell pages
through the theme, then write every entry, browse and redirect page from those shells
in on_post_build, plus whatever `generator.build.outputs` produces; the per-entry part is shared
among forked processes (generator/build/shards.py).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime
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
from generator.build import outputs, shards
from generator.build.context import SiteContext
from generator.build.staging import StagedSite
from generator.format.diagnostics import Diagnostic
from generator.format.model import Dataset
from generator.i18n import ENGLISH, CatalogError, Translator
from generator.i18n import load as i18n_load
from generator.map import publish as map_publish
from generator.map.basemap import Basemap, BasemapError, read_basemap, unpainted
from generator.render import audit, csp, search_index, shell, sitemap

from .files import write_atomic
from .render.site import SiteModel
from .render.writer import SiteWriter

log = get_plugin_logger(__name__)
PACKAGE = Path(__file__).resolve().parent
THEME_DIR = PACKAGE / "theme"
ASSETS_DIR = PACKAGE / "assets"
ASSETS_URL = "assets/directory/"
SHELL_DEPTHS = (2, 3, 4)  # /r/<id>/ and /programs/<p>/; places' region; places' town
ENTRY_UNIT = 100  # entries per unit of shared work: small enough to end both cores together
PARALLEL_FROM = 500  # smaller lists build in well under a second without forking


class DirectoryPluginConfig(Config):
    resources = c.Type(str, default="resources.yaml")
    stale_days = c.Type(int, default=365)
    build_date = c.Type(str, default="")
    data_path = c.Type(str, default="")  # the data file's path in the repository
    nearby_count = c.Type(int, default=5)
    nearby_miles = c.Type(float, default=25.0)
    check_third_party = c.Type(bool, default=True)
    processes = c.Type(int, default=0)  # 0: one per core for big lists; 1: no forking
    map_tiles = c.Type(str, default="")  # a PMTiles basemap served with the site
    map_attribution = c.Type(str, default=map_publish.DEFAULT_ATTRIBUTION)
    languages = c.ListOfItems(c.Type(str), default=[])  # [en, es]: build/languages.py


class DirectoryPlugin(BasePlugin[DirectoryPluginConfig]):
    def __init__(self) -> None:
        self._cache_key: tuple[Any, ...] | None = None
        self._cache: tuple[Dataset, list[Diagnostic]] | None = None
        self.model: SiteModel | None = None
        self._nearby_for: tuple[Dataset, tuple[int, float]] | None = None
        self._nearby_ids: dict[str, list[tuple[str, float]]] | None = None
        self.shells: dict[int, shell.Shell] = {}
        self.page_urls: list[str] = []
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

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, and with it
    # the loaded data while the file is unchanged.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty
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
        self.shells, self.page_urls = {}, []  # per build, even if the last one failed
        base = Path(config.config_file_path or ".").resolve().parent
        # Not resolve(): a data file that is a link must reach the loader as one (refused).
        self.path = Path(os.path.abspath(base / self.config.resources))
        build_date = _build_date(self.config.build_date)
        self.basemap = self._basemap(base)
        dataset = self._load(build_date)
        self._languages(config)
        ctx = SiteContext(
            dataset=dataset,
            site_url=_slash(config.site_url or ""),
            site_name=config.site_name,
            repo_url=config.repo_url or "",
            edit_uri=config.edit_uri or "",
            data_path=self.config.data_path or _repo_relative(self.path),
            build_date=build_date,
            map=self.basemap is not None,
            t=self.t,
        )
        options = (self.config.nearby_count, self.config.nearby_miles)
        cached = self._nearby_for  # `mkdocs serve` rebuilds with nothing changed reuse it
        if cached is None or cached[0] is not dataset or cached[1] != options:
            self._nearby_for, self._nearby_ids = (dataset, options), self._nearby(dataset)
        self.model = SiteModel(ctx, nearby=self._nearby_ids)
        # Our templates sit just above Material's (below a site's own custom_dir).
        dirs = config.theme.dirs
        at = 1 if config.theme.custom_dir else 0
        if str(THEME_DIR) not in dirs:
            dirs.insert(at, str(THEME_DIR))
        css = ASSETS_URL + "directory.css"
        if css not in config.extra_css:
            config.extra_css.append(css)
        for name in ("localtime.js", "offline.js") + i18n_build.SCRIPTS * bool(self.languages):
            script = ASSETS_URL + name
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
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
        other._cache_key, other._cache = self._cache_key, self._cache
        other._nearby_for, other._nearby_ids = self._nearby_for, self._nearby_ids
        other.command, other.dirty = self.command, self.dirty

    def _load(self, today: date) -> Dataset:
        from generator.format.validate import STALE, check

        from .geo.centroids import with_centroids

        try:
            stat = self.path.stat()
        except OSError as e:
            raise PluginError(f"{self.path}: cannot read the data file ({e.strerror}); "
                              "set `resources:` under `peer-directory` in mkdocs.yml") from e
        key = (self.path, stat.st_mtime_ns, stat.st_size, self.config.stale_days, today)
        if key != self._cache_key or self._cache is None:
            dataset, report = check(self.path, today=today, stale_days=self.config.stale_days)
            # Entries with only a postal code still show up in distance search.
            self._cache = (with_centroids(dataset), report.sorted())
            self._cache_key = key if not report.errors else None
        dataset, diagnostics = self._cache
        errors = [d for d in diagnostics if d.is_error]
        if errors:
            raise PluginError(f"{len(errors)} error(s) in {self.path.name}:\n"
                              + "\n".join(d.format() for d in errors))
        for d in diagnostics:
            # An entry growing old is news for the weekly stale report, not a broken
            # build: as a warning it would turn every `--strict` pull request red.
            (log.info if d.code == STALE else log.warning)(d.format())
        return dataset

    def _basemap(self, base: Path) -> Basemap | None:
        if not self.config.map_tiles:
            return None
        try:
            basemap = read_basemap((base / self.config.map_tiles).resolve())
        except BasemapError as e:
            raise PluginError(f"map_tiles: {e}") from e
        if unpainted(basemap):
            log.warning(f"map_tiles: {basemap.path.name} has none of the Protomaps basemap "
                        f"layers the map paints (it has {', '.join(basemap.layers)}); the "
                        "map would show markers on a blank background")
        return basemap

    def _nearby(self, dataset: Dataset) -> dict[str, list[tuple[str, float]]] | None:
        from .geo.nearby import nearest_groups

        return nearest_groups(dataset.resources, k=self.config.nearby_count,
                              max_miles=self.config.nearby_miles)

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
        if self.languages is not None:
            i18n_build.add_files(files, config, ASSETS_URL)
        for path in sorted(ASSETS_DIR.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                rel = path.relative_to(ASSETS_DIR).as_posix()
                files.append(File.generated(config, ASSETS_URL + rel, abs_src_path=str(path)))
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
        assert self.model is not None
        html = self.model.fill_markers(html, page.url)
        if self.basemap is not None and 'id="finder"' in html:
            with_map = map_publish.finder_page(html, "../" * page.url.count("/"))
            if with_map is None:
                log.warning(f"{page.file.src_uri}: no in-person result list (#fd-near-list) "
                            "to put the map beside")
            html = with_map or html
        return html

    @event_priority(-100)  # last, so the policy hashes every other plugin's inline script
    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        is_shell = page.file.src_uri.startswith(shell.SHELL_DIR + "/")
        if is_shell:
            output = shell.compact(output)  # before hashing: scripts keep their bytes
        if self.command != "serve":
            # `mkdocs serve` injects an inline live-reload script whose text changes on
            # every request, which no hash can allow: previews go without the policy.
            output = csp.add_meta(output)
        if is_shell:
            depth = page.url.strip("/").count("/") + 1
            self.shells[depth] = shell.Shell.parse(output, page.url)
            return ""  # captured, not published
        self.page_urls.append(page.url)
        return output

    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.model is not None
        model = self.model
        site_dir = Path(config.site_dir)
        own_host = _host(config.site_url or "")
        check = self.config.check_third_party
        timer = _Timer()
        problems: list[str] = []
        if check:
            problems += audit.audit_tree(site_dir, own_host)
        not_found = site_dir / "404.html"
        if not_found.exists() and self.command != "serve":
            write_atomic(not_found, csp.add_meta(not_found.read_text("utf-8")))
        timer.lap("theme files checked")
        reserved = frozenset(self.page_urls)
        resources = model.ctx.dataset.resources
        units = -(-len(resources) // ENTRY_UNIT)
        browse: list[str] = []

        def whole_list() -> None:
            """This process's own part: pages and files made from the whole list, written
            while forked copies start on the entries."""
            writer = SiteWriter(site_dir, self.shells, check=check, own_host=own_host)
            browse.extend(writer.write_pages(model.browse_pages(), reserved))
            writer.write_files(model.redirects(csp.meta("")))
            timer.lap(f"{len(browse)} browse pages")
            for producer in i18n_build.own_producers(outputs.PRODUCERS, self.lang):
                writer.write_files(i18n_build.own_files(
                    outputs.site_files(model.ctx, (producer,)), self.lang))
                timer.lap(producer.__module__)
            problems.extend(writer.problems)

        def entries(unit: int) -> tuple[list[str], list[str]]:
            """One share of the per-entry work: pages and per-entry files."""
            share = resources[unit * ENTRY_UNIT:(unit + 1) * ENTRY_UNIT]
            writer = SiteWriter(site_dir, self.shells, check=check, own_host=own_host)
            written = writer.write_pages(model.entry_pages(share), reserved)
            writer.write_files(outputs.entry_files(model.ctx, share))
            return written, writer.problems

        processes = self._processes(len(resources))
        try:
            results = shards.share(units, entries, first=whole_list, processes=processes)
        except PluginError:
            raise
        except Exception as e:  # a forked process's error arrives with its traceback
            detail = str(e) if isinstance(e, shards.WorkerError) else _last_frames(e)
            raise PluginError(f"writing the site failed: {detail}") from e
        timer.lap(f"{len(resources)} entries and the rest "
                  f"({processes} process{'es' if processes > 1 else ''})")
        generated = [path for written, _ in results for path in written] + browse
        problems += [problem for _, found in results for problem in found]
        sitemap.write(site_dir, model.ctx.site_url, self.page_urls + generated)
        # after the search plugin wrote its index (this event runs last: priority -50)
        search_index.extend(site_dir, search_index.entries(model.countries, model.programs,
                                                           model.ctx.t))
        self.page_urls = []
        if problems:
            shown = "\n".join(problems[:50])
            more = f"\n(and {len(problems) - 50} more)" if len(problems) > 50 else ""
            raise PluginError(f"the site cannot be published as built:\n{shown}{more}")
        log.info("post-build: " + timer.summary())
        if self.languages is not None and self.lang == self.languages.root:
            i18n_build.build_others(config, self.languages.codes, root_docs=config.docs_dir,
                                    prepare=self._hand_over)

    def _processes(self, entries: int) -> int:
        """How many processes share the entry work: `processes` if set, else every core
        for lists big enough to gain. Never under `mkdocs serve`, whose live-reload
        server runs threads, which a fork would copy mid-step."""
        if self.command == "serve":
            return 1
        if self.config.processes > 0:
            return self.config.processes
        return shards.default_processes() if entries >= PARALLEL_FROM else 1


class _Timer:
    """Wall time per step of on_post_build, for the build log and the benchmark."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.steps: list[str] = []

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.steps.append(f"{name} {now - self.last:.2f} s")
        self.last = now

    def summary(self) -> str:
        return "; ".join(self.steps)


def _last_frames(error: BaseException) -> str:
    import traceback

    return "".join(traceback.format_exception(error, limit=-3))


def _build_date(option: str) -> date:
    """Fixed dates make builds reproducible and tests stable."""
    text = option or os.environ.get("DIRECTORY_BUILD_DATE", "")
    try:
        if text:
            return date.fromisoformat(text)
        if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
            return datetime.fromtimestamp(int(epoch), UTC).date()
    except ValueError as e:
        raise PluginError(f"build_date `{text}`: use YYYY-MM-DD ({e})") from e
    return date.today()


def _repo_relative(path: Path) -> str:
    """The data file's path from the repository root (the nearest parent with .git)."""
    for parent in path.parents:
        if (parent / ".git").exists():
            return path.relative_to(parent).as_posix()
    return path.name


def _slash(url: str) -> str:
    return url if not url or url.endswith("/") else url + "/"


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "") if url else ""



