"""The build's generated part without MkDocs (generator/build/pipeline.py): a small
dataset and hand-made shells in place of the theme's, written into a temporary folder.
MkDocs is never imported; the plugin's tests (test_site_plugin.py, test_site_build.py)
check the same pipeline behind MkDocs' events."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.build import outputs, pipeline
from generator.build.pipeline import BuildError, Pipeline, Settings
from generator.render import shell

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://directory.example.org/"
THEME_PAGES = ("", "find/", "guides/start/")  # pages the theme would have written


class Log:
    def __init__(self) -> None:
        self.infos: list[str] = []
        self.warnings: list[str] = []

    def info(self, msg: str, /) -> None:
        self.infos.append(msg)

    def warning(self, msg: str, /) -> None:
        self.warnings.append(msg)


def shell_html(url: str) -> str:
    """A theme's page reduced to what a shell needs: the placeholders and its own URL."""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{shell.TITLE}</title>"
            f'<meta name="description" content="{shell.DESCRIPTION}">'
            f'<link rel="canonical" href="{SITE_URL}{url}"></head>'
            f"<body><main><p>{shell.BODY}</p></main></body></html>")


def settings(data: Path, **kw: Any) -> Settings:
    options: dict[str, Any] = dict(resources=data, build_date=date(2026, 11, 15),
                                   site_url=SITE_URL, repo_url="https://github.com/o/r",
                                   edit_uri="edit/main/", processes=1)
    return Settings(**{**options, **kw})


def build(data: Path, site: Path, *, site_pipeline: Pipeline | None = None,
          log: Log | None = None, pages: tuple[str, ...] = THEME_PAGES, **kw: Any) -> Pipeline:
    """What MkDocs' events do, in their order: configure, theme pages and shells, write."""
    p = site_pipeline or Pipeline()
    log = log or Log()
    p.configure(settings(data, **kw), log)
    site.mkdir(parents=True, exist_ok=True)
    for url in pages:
        page = p.page("<!doctype html><html><head><meta charset=\"utf-8\"></head>"
                      "<body>a page</body></html>", url, url + "index.md")
        (site / url).mkdir(parents=True, exist_ok=True)
        (site / url / "index.html").write_text(page, "utf-8")
    for depth in (2, 3, 4):
        url = shell.shell_path(depth)
        assert p.page(shell_html(url), url, url + "index.md") == ""  # captured, not published
    (site / "search").mkdir(exist_ok=True)
    (site / "search" / "search_index.json").write_text('{"docs": []}', "utf-8")
    (site / "404.html").write_text('<html><head><meta charset="utf-8"></head></html>', "utf-8")
    p.write(site, log)
    return p


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "resources.yaml"
    shutil.copy(ROOT / "examples" / "resources.yaml", path)
    return path


def test_the_generated_site_is_built_without_mkdocs(data: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    script = f"""
import sys
from pathlib import Path
sys.path.insert(0, {str(ROOT)!r})
from tests.test_build_pipeline import Log, build
log = Log()
build(Path({str(data)!r}), Path({str(site)!r}), log=log)
assert not [m for m in sys.modules if m == "mkdocs" or m.startswith("mkdocs.")], "mkdocs imported"
print(log.infos[-1])
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("post-build: theme files checked ")
    for step in ("browse pages", "generator.feeds.hsds", "entries and the rest (1 process)"):
        assert step in done.stdout

    from generator.format.validate import load_valid

    dataset = load_valid(data, today=date(2026, 11, 15))
    for r in dataset.resources:
        page = (site / "r" / r.id / "index.html").read_text("utf-8")
        assert "Content-Security-Policy" in page and f"{SITE_URL}r/{r.id}/" in page
        assert (site / "r" / r.id / "qr.png").is_file()
        for alias in r.aliases:
            assert f"/r/{r.id}/" in (site / "r" / alias / "index.html").read_text("utf-8")
    assert (site / "programs" / "aa" / "index.html").is_file()
    assert not (site / shell.SHELL_DIR).exists()
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    for url in (*THEME_PAGES, "programs/aa/", f"r/{dataset.resources[0].id}/"):
        assert f"<loc>{SITE_URL}{url}</loc>" in sitemap, url
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert any(d["location"].startswith("places/") for d in index["docs"])
    assert "Content-Security-Policy" in (site / "404.html").read_text("utf-8")


def test_every_producers_file_is_written(data: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    p = build(data, site)
    assert p.model is not None
    paths = [path for path, _ in outputs.all_files(p.model.ctx)]
    assert paths and [path for path in paths if not (site / path).is_file()] == []


def test_data_errors_stop_the_build_naming_the_line(data: Path, tmp_path: Path) -> None:
    data.write_text(data.read_text("utf-8").replace("attendance: in-person",
                                                    "attendance: sometimes", 1), "utf-8")
    with pytest.raises(BuildError, match=r"error\(s\) in resources.yaml:\n.*resources.yaml:\d+:"):
        Pipeline().configure(settings(data), Log())
    with pytest.raises(BuildError, match="cannot read the data file"):
        Pipeline().configure(settings(tmp_path / "nope.yaml"), Log())
    with pytest.raises(BuildError, match="YYYY-MM-DD"):
        pipeline.build_date("15/11/2026")


def test_stale_entries_are_news_not_warnings(data: Path) -> None:
    log = Log()
    Pipeline().configure(settings(data, build_date=date(2031, 1, 1)), log)
    assert any("last verified" in m for m in log.infos)
    assert not any("last verified" in m for m in log.warnings)


def test_what_would_make_the_site_unsafe_stops_it(data: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "tracker.html").write_text('<script src="https://tracker.example/t.js"></script>')
    with pytest.raises(BuildError, match="cannot be published as built:\ntracker.html"):
        build(data, site)
    build(data, tmp_path / "unchecked", check_third_party=False)
    (tmp_path / "unchecked" / "tracker.html").write_text("<script src='https://t.example/x.js'>")
    build(data, tmp_path / "unchecked", check_third_party=False)  # not checked: no error


def test_a_generated_page_never_replaces_a_theme_page(data: Path, tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="programs/aa/: a generated page would replace"):
        build(data, tmp_path / "site", pages=("programs/aa/",))


def test_a_failing_producer_is_a_build_error_with_its_frames(
        data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: Any) -> Any:
        raise RuntimeError("the producer broke")

    monkeypatch.setattr(outputs, "PRODUCERS", (*outputs.PRODUCERS, broken))
    with pytest.raises(BuildError, match="(?s)writing the site failed: .*the producer broke"):
        build(data, tmp_path / "site")


def test_the_data_and_nearby_are_kept_until_the_file_changes(
        data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.format.validate
    import generator.geo.nearby

    checks: list[Path] = []
    nearby: list[int] = []
    real_check, real_nearest = generator.format.validate.check, generator.geo.nearby.nearest

    def check(path: Path, **kw: Any) -> Any:
        checks.append(path)
        return real_check(path, **kw)

    def nearest(resources: Any, **kw: Any) -> Any:
        nearby.append(1)
        return real_nearest(resources, **kw)

    monkeypatch.setattr(generator.format.validate, "check", check)
    monkeypatch.setattr(generator.geo.nearby, "nearest", nearest)
    p = Pipeline(serve=True)
    first = p.configure(settings(data), Log())
    again = p.configure(settings(data), Log())
    assert again.ctx.dataset is first.ctx.dataset and len(checks) == 1 and len(nearby) == 1
    assert p.changed() is None
    p.configure(settings(data, nearby_count=2), Log())  # other options: nearby again only
    assert len(checks) == 1 and len(nearby) == 2
    text = data.read_text("utf-8")
    data.write_text(text.replace("name: Tuesday Night Hope Group (sample)",
                                 "name: Tuesday Night Hope (sample)", 1), "utf-8")
    p.configure(settings(data), Log())
    assert len(checks) == 2 and len(nearby) == 3
    assert p.changed() == {"sample-springfield-tuesday-hope"}
    p.configure(settings(data, build_date=date(2026, 11, 16)), Log())  # the date: reload
    assert len(checks) == 3 and p.changed() == set()


def test_serve_previews_go_without_policy_or_forks(data: Path) -> None:
    p = Pipeline(serve=True)
    html = '<html><head><meta charset="utf-8"><script>a()</script></head></html>'
    assert p.page(html, "guides/x/", "guides/x.md") == html
    assert p.processes(100_000, 4) == 1
    p.serve = False
    assert "Content-Security-Policy" in p.page(html, "guides/x/", "guides/x.md")
    assert p.processes(10, 3) == 3 and p.processes(pipeline.PARALLEL_FROM - 1) == 1


def test_markers_are_filled_in_content_pages(data: Path) -> None:
    p = Pipeline()
    p.configure(settings(data), Log())
    html = p.content("<p><!-- directory:count --></p>", "about/", "about.md", Log())
    assert html == "<p>24</p>"
