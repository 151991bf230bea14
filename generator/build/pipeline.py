"""One build of the site's generated part, from the data file to the written files,
without MkDocs:

    pipeline = Pipeline()                        # one for the process: it keeps what
                                                 # `mkdocs serve` rebuilds can reuse
    pipeline.configure(settings, log)            # load (cached), nearby (cached), model
    html = pipeline.content(html, url, src, log) # a content page: markers filled
    html = pipeline.page(html, url, src)         # a themed page: policy added, shells
                                                 # captured (returns "" for them)
    pipeline.write(site_dir, log)                # every entry, browse and redirect page,
                                                 # the producers' files, the sitemap and
                                                 # search entries; problems raise

The MkDocs plugin (generator/plugin.py) turns mkdocs.yml into `Settings` and its events
into these calls, and reports a `BuildError` as MkDocs' PluginError; the tests call them
with hand-made shells (tests/test_build_pipeline.py).

Kept across rebuilds: the loaded data while the file is unchanged (same path, mtime,
size, stale_days and build date) and the nearby alternatives while the data and their
options are; `changed()` names the entries a reload changed, for a preview that would
re-render only those.
"""

from __future__ import annotations

import os
import time
import traceback
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from generator.build import languages, outputs, shards
from generator.build.context import SiteContext
from generator.files import write_atomic
from generator.format import validate
from generator.format.diagnostics import Diagnostic
from generator.format.model import Dataset
from generator.i18n import ENGLISH, Translator
from generator.map import publish as map_publish
from generator.map.basemap import Basemap, BasemapError, read_basemap, unpainted
from generator.render import audit, csp, search_index, shell, sitemap
from generator.render.site import SiteModel
from generator.render.writer import SiteWriter

ENTRY_UNIT = 100  # entries per unit of shared work: small enough to end both cores together
PARALLEL_FROM = 500  # smaller lists build in well under a second without forking
MAX_PROBLEMS = 50  # shown in the error; the rest counted


class BuildError(Exception):
    """What stops a build, worded for the person running it."""


class Log(Protocol):
    def info(self, msg: str, /) -> Any: ...

    def warning(self, msg: str, /) -> Any: ...


@dataclass(frozen=True, slots=True)
class Settings:
    """What one build is asked for: the plugin's options and the site's own."""

    resources: Path  # absolute, not resolved: a data file that is a link stays one
    build_date: date
    site_url: str = ""
    site_name: str = "Peer Support Directory"
    repo_url: str = ""
    edit_uri: str = ""
    data_path: str = ""  # the file's path in the repository; "" = found from .git
    stale_days: int = validate.DEFAULT_STALE_DAYS
    # Four, with the town's page and the finder a tap away: 220 bytes an entry less than 5
    nearby_count: int = 4
    nearby_miles: float = 25.0
    check_third_party: bool = True
    processes: int = 0  # 0: one per core for big lists; 1: no forking
    basemap: Basemap | None = None  # map_tiles, read by `read_map`
    t: Translator = ENGLISH  # the build's language (generator/i18n, build/languages.py)


@dataclass
class Pipeline:
    serve: bool = False  # `mkdocs serve`: no policy (live reload), no forking
    settings: Settings | None = None
    model: SiteModel | None = None
    shells: dict[int, shell.Shell] = field(default_factory=dict)
    page_urls: list[str] = field(default_factory=list)  # the theme's own pages
    previous: Dataset | None = None  # the data before the last reload
    _loaded: tuple[tuple[Any, ...] | None, Dataset, list[Diagnostic]] | None = None
    _nearby: tuple[Dataset, tuple[int, float], Any] | None = None

    # ------------------------------------------------------------------ before pages

    def configure(self, settings: Settings, log: Log) -> SiteModel:
        """Start a build: the data (reloaded only when the file changed), the nearby
        alternatives and the site model every page and producer reads."""
        self.settings = settings
        self.shells, self.page_urls = {}, []  # per build, even if the last one failed
        dataset = self.load(settings, log)
        ctx = SiteContext(
            dataset=dataset,
            site_url=slash(settings.site_url),
            site_name=settings.site_name,
            repo_url=settings.repo_url,
            edit_uri=settings.edit_uri,
            data_path=settings.data_path or repo_relative(settings.resources),
            build_date=settings.build_date,
            map=settings.basemap is not None,
            t=settings.t,
        )
        options = (settings.nearby_count, settings.nearby_miles)
        if self._nearby is None or self._nearby[0] is not dataset or self._nearby[1] != options:
            from generator.geo.nearby import nearest_groups

            near = nearest_groups(dataset.resources, k=options[0], max_miles=options[1])
            self._nearby = (dataset, options, near)
        self.model = SiteModel(ctx, nearby=self._nearby[2])
        return self.model

    def hand_over(self, other: Pipeline) -> None:
        """Another language's build of the same data: `other`'s loaded data and nearby
        lists, so the file is read and checked once for every language."""
        self._loaded, self._nearby = other._loaded, other._nearby

    def load(self, settings: Settings, log: Log) -> Dataset:
        """The checked data; errors raise, warnings go to `log` (stale entries as info)."""
        path = settings.resources
        try:
            stat = path.stat()
        except OSError as e:
            raise BuildError(f"{path}: cannot read the data file ({e.strerror}); "
                             "set `resources:` under `peer-directory` in mkdocs.yml") from e
        key = (path, stat.st_mtime_ns, stat.st_size, settings.stale_days, settings.build_date)
        if self._loaded is None or key != self._loaded[0]:
            from generator.geo.centroids import with_centroids

            dataset, report = validate.check(path, today=settings.build_date,
                                             stale_days=settings.stale_days)
            if self._loaded is not None:
                self.previous = self._loaded[1]
            # Entries with only a postal code still show up in distance search.
            self._loaded = (key if not report.errors else None, with_centroids(dataset),
                            report.sorted())
        _, dataset, diagnostics = self._loaded
        errors = [d for d in diagnostics if d.is_error]
        if errors:
            raise BuildError(f"{len(errors)} error(s) in {path.name}:\n"
                             + "\n".join(d.format() for d in errors))
        for d in diagnostics:
            # An entry growing old is news for the weekly stale report, not a broken
            # build: as a warning it would turn every `--strict` pull request red.
            (log.info if d.code == validate.STALE else log.warning)(d.format())
        return dataset

    def changed(self) -> set[str] | None:
        """Ids of the entries the last reload added or changed (a moved entry too: its
        edit link names its line); None before any reload."""
        if self.previous is None or self._loaded is None:
            return None
        before = self.previous.by_id()
        return {r.id for r in self._loaded[1].resources if before.get(r.id) != r}

    # ------------------------------------------------------------------ pages

    def content(self, html: str, url: str, src_uri: str, log: Log) -> str:
        """A content page's HTML: `<!-- directory:... -->` markers filled, the map
        beside the finder's results when there is a basemap."""
        assert self.model is not None and self.settings is not None
        html = self.model.fill_markers(html, url)
        if self.settings.basemap is not None and 'id="finder"' in html:
            with_map = map_publish.finder_page(html, "../" * url.count("/"))
            if with_map is None:
                log.warning(f"{src_uri}: no in-person result list (#fd-near-list) "
                            "to put the map beside")
            html = with_map or html
        return html

    def page(self, output: str, url: str, src_uri: str) -> str:
        """A page as the theme rendered it: with its content security policy (not under
        `serve`), or, for a shell, captured for the generated pages and not published."""
        is_shell = src_uri.startswith(shell.SHELL_DIR + "/")
        if is_shell:
            output = shell.compact(output)  # before hashing: scripts keep their bytes
        if not self.serve:
            # `mkdocs serve` injects an inline live-reload script whose text changes on
            # every request, which no hash can allow: previews go without the policy.
            output = csp.add_meta(output)
        if is_shell:
            depth = url.strip("/").count("/") + 1
            self.shells[depth] = shell.Shell.parse(output, url)
            return ""
        self.page_urls.append(url)
        return output

    # ------------------------------------------------------------------ after pages

    def write(self, site_dir: Path, log: Log) -> None:
        """Everything generated, into `site_dir` beside the theme's pages; raises
        BuildError listing what would make the site unsafe or broken to publish."""
        assert self.model is not None and self.settings is not None
        timer = Timer()
        own_host = host(self.settings.site_url)
        problems = self._theme_files(site_dir, own_host)
        timer.lap("theme files checked")
        generated, found = self._generated(site_dir, own_host, timer)
        problems += found
        sitemap.write(site_dir, self.model.ctx.site_url, self.page_urls + generated)
        # after the search plugin wrote its index (the plugin's event runs last)
        search_index.extend(site_dir, search_index.entries(self.model.countries,
                                                           self.model.programs,
                                                           self.model.ctx.t))
        self.page_urls = []
        if problems:
            shown = "\n".join(problems[:MAX_PROBLEMS])
            more = (f"\n(and {len(problems) - MAX_PROBLEMS} more)"
                    if len(problems) > MAX_PROBLEMS else "")
            raise BuildError(f"the site cannot be published as built:\n{shown}{more}")
        log.info("post-build: " + timer.summary())

    def _theme_files(self, site_dir: Path, own_host: str) -> list[str]:
        """The theme's files checked; the 404 page given its policy (it is not a page
        MkDocs passes through the page events)."""
        assert self.settings is not None
        problems = audit.audit_tree(site_dir, own_host) if self.settings.check_third_party else []
        not_found = site_dir / "404.html"
        if not_found.exists() and not self.serve:
            write_atomic(not_found, csp.add_meta(not_found.read_text("utf-8")))
        return problems

    def _generated(self, site_dir: Path, own_host: str,
                   timer: Timer) -> tuple[list[str], list[str]]:
        """Entry pages and files shared among processes, and this process's part (browse
        pages, redirects, site-wide producers) meanwhile: (pages written, problems)."""
        assert self.model is not None and self.settings is not None
        model, check = self.model, self.settings.check_third_party
        reserved = frozenset(self.page_urls)
        resources = model.ctx.dataset.resources
        browse: list[str] = []
        problems: list[str] = []

        def writer() -> SiteWriter:
            return SiteWriter(site_dir, self.shells, check=check, own_host=own_host)

        def whole_list() -> None:
            """Pages and files made from the whole list, written while forked copies
            start on the entries."""
            out = writer()
            browse.extend(out.write_pages(model.browse_pages(), reserved))
            out.write_files(model.redirects(csp.meta("")))
            timer.lap(f"{len(browse)} browse pages")
            lang = model.ctx.t.lang  # another language publishes only its own files
            for producer in languages.own_producers(outputs.PRODUCERS, lang):
                out.write_files(languages.own_files(
                    outputs.site_files(model.ctx, (producer,)), lang))
                timer.lap(producer.__module__)
            problems.extend(out.problems)

        def entries(unit: int) -> tuple[list[str], list[str]]:
            """One share of the per-entry work: pages and per-entry files."""
            share = resources[unit * ENTRY_UNIT:(unit + 1) * ENTRY_UNIT]
            out = writer()
            written = out.write_pages(model.entry_pages(share), reserved)
            out.write_files(outputs.entry_files(model.ctx, share))
            return written, out.problems

        processes = self.processes(len(resources), self.settings.processes)
        try:
            results = shards.share(-(-len(resources) // ENTRY_UNIT), entries,
                                   first=whole_list, processes=processes)
        except BuildError:
            raise
        except Exception as e:  # a forked process's error arrives with its traceback
            detail = str(e) if isinstance(e, shards.WorkerError) else last_frames(e)
            raise BuildError(f"writing the site failed: {detail}") from e
        timer.lap(f"{len(resources)} entries and the rest "
                  f"({processes} process{'es' if processes > 1 else ''})")
        generated = [path for written, _ in results for path in written] + browse
        return generated, problems + [problem for _, found in results for problem in found]

    def processes(self, entries: int, option: int = 0) -> int:
        """How many processes share the entry work: `option` if set, else every core
        for lists big enough to gain. Never under `mkdocs serve`, whose live-reload
        server runs threads, which a fork would copy mid-step."""
        if self.serve:
            return 1
        if option > 0:
            return option
        return shards.default_processes() if entries >= PARALLEL_FROM else 1


def read_map(path: Path, log: Log) -> Basemap:
    """The `map_tiles` basemap, checked; a basemap the map cannot paint is a warning."""
    try:
        basemap = read_basemap(path)
    except BasemapError as e:
        raise BuildError(f"map_tiles: {e}") from e
    if unpainted(basemap):
        log.warning(f"map_tiles: {basemap.path.name} has none of the Protomaps basemap "
                    f"layers the map paints (it has {', '.join(basemap.layers)}); the "
                    "map would show markers on a blank background")
    return basemap


class Timer:
    """Wall time per step of the post-build write, for the build log and the benchmark."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.steps: list[str] = []

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.steps.append(f"{name} {now - self.last:.2f} s")
        self.last = now

    def summary(self) -> str:
        return "; ".join(self.steps)


def last_frames(error: BaseException) -> str:
    return "".join(traceback.format_exception(error, limit=-3))


def build_date(option: str) -> date:
    """The date the build is as of: the option, else $DIRECTORY_BUILD_DATE, else
    $SOURCE_DATE_EPOCH, else today. Fixed dates make builds reproducible."""
    text = option or os.environ.get("DIRECTORY_BUILD_DATE", "")
    try:
        if text:
            return date.fromisoformat(text)
        if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
            return datetime.fromtimestamp(int(epoch), UTC).date()
    except ValueError as e:
        raise BuildError(f"build_date `{text}`: use YYYY-MM-DD ({e})") from e
    return date.today()


def repo_relative(path: Path) -> str:
    """The data file's path from the repository root (the nearest parent with .git)."""
    for parent in path.parents:
        if (parent / ".git").exists():
            return path.relative_to(parent).as_posix()
    return path.name


def slash(url: str) -> str:
    return url if not url or url.endswith("/") else url + "/"


def host(url: str) -> str:
    return (urlsplit(url).hostname or "") if url else ""
