"""The plugin as an adapter: configuration, the serve-time cache and the file watch."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

import generator.format.validate
from generator import plugin as plugin_module
from generator.build import pipeline, shards
from generator.plugin import DirectoryPlugin

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def config_and_plugin(tmp_path: Path) -> Iterator[tuple[Any, DirectoryPlugin, Path]]:
    data = tmp_path / "resources.yaml"
    shutil.copy(ROOT / "examples" / "resources.yaml", data)
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "content"),
                         site_dir=str(tmp_path / "site"))
    plugin = config.plugins["peer-directory"]
    assert isinstance(plugin, DirectoryPlugin)
    plugin.config.resources = str(data)
    plugin.config.build_date = "2026-11-15"
    plugin.on_startup(command="build", dirty=False)
    yield config, plugin, data
    # MkDocs reuses this instance for later configs in the process: leave it as a build.
    plugin.on_startup(command="build", dirty=False)


def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = generator.format.validate.check

    def counting(path: Any, **kw: Any) -> Any:
        calls.append(str(path))
        return real(path, **kw)

    monkeypatch.setattr(generator.format.validate, "check", counting)
    return calls


def test_dataset_kept_across_serve_rebuilds_until_the_file_changes(
        config_and_plugin: tuple[Any, DirectoryPlugin, Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    config, plugin, data = config_and_plugin
    calls = count_checks(monkeypatch)
    import generator.geo.nearby as geo_nearby

    nearest_calls: list[int] = []
    real_nearest = geo_nearby.nearest
    monkeypatch.setattr(geo_nearby, "nearest",
                        lambda rs, **kw: nearest_calls.append(1) or real_nearest(rs, **kw))
    plugin.on_startup(command="serve", dirty=False)
    plugin.on_config(config)
    first = plugin.model
    assert first is not None and len(first.ctx.dataset.resources) > 10
    plugin.on_config(config)  # a rebuild with the file untouched
    assert len(calls) == 1 and len(nearest_calls) == 1
    assert plugin.model is not None and plugin.model.ctx.dataset is first.ctx.dataset
    data.write_text(data.read_text() + "\n", "utf-8")  # size changes
    plugin.on_config(config)
    assert len(calls) == 2 and len(nearest_calls) == 2
    stat = data.stat()
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))  # mtime only
    plugin.on_config(config)
    assert len(calls) == 3


def test_serve_watches_the_data_file(config_and_plugin: tuple[Any, DirectoryPlugin, Path]) -> None:
    config, plugin, data = config_and_plugin
    plugin.on_config(config)

    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    assert plugin.on_serve(server, config=config, builder=None) is server
    assert server.watched == [str(data.resolve())]


def test_policy_left_out_of_serve_previews_only(
        config_and_plugin: tuple[Any, DirectoryPlugin, Path]) -> None:
    from types import SimpleNamespace

    config, plugin, _ = config_and_plugin
    page = SimpleNamespace(file=SimpleNamespace(src_uri="guides/x.md"), url="guides/x/")
    html = '<html><head><meta charset="utf-8"><script>a()</script></head></html>'
    built = plugin.on_post_page(html, page=page, config=config)  # type: ignore[arg-type]
    assert "Content-Security-Policy" in built
    plugin.on_startup(command="serve", dirty=False)
    # Live reload injects an inline script that changes per request: no hash fits it.
    assert plugin.on_post_page(html, page=page, config=config) == html  # type: ignore[arg-type]


def test_theme_and_css_are_added_once(config_and_plugin: tuple[Any, DirectoryPlugin, Path]) -> None:
    config, plugin, _ = config_and_plugin
    plugin.on_config(config)
    plugin.on_config(config)
    assert config.theme.dirs.count(str(plugin_module.THEME_DIR)) == 1
    assert config.theme.dirs.index(str(plugin_module.THEME_DIR)) < [
        i for i, d in enumerate(config.theme.dirs) if d.endswith("material/templates")][0]
    assert config.extra_css.count("assets/directory/directory.css") == 1


def test_edit_links_use_the_path_in_the_repository(
        config_and_plugin: tuple[Any, DirectoryPlugin, Path]) -> None:
    config, plugin, _ = config_and_plugin
    plugin.config.data_path = "examples/resources.yaml"
    plugin.on_config(config)
    assert plugin.model is not None
    assert plugin.model.ctx.data_path == "examples/resources.yaml"
    assert plugin.model.ctx.repo_url == config.repo_url
    assert plugin.model.ctx.build_date == date(2026, 11, 15)


def test_directory_urls_are_required(config_and_plugin: tuple[Any, DirectoryPlugin, Path]) -> None:
    config, plugin, _ = config_and_plugin
    config.use_directory_urls = False
    with pytest.raises(PluginError, match="use_directory_urls"):
        plugin.on_config(config)


@pytest.mark.parametrize(("option", "env", "expected"), [
    ("2026-01-02", {}, date(2026, 1, 2)),
    ("", {"DIRECTORY_BUILD_DATE": "2025-05-06"}, date(2025, 5, 6)),
    ("", {"SOURCE_DATE_EPOCH": "1767225600"}, date(2026, 1, 1)),
])
def test_build_date_sources(option: str, env: dict[str, str], expected: date,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIRECTORY_BUILD_DATE", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert plugin_module._build_date(option) == expected


def test_bad_build_date_is_a_plugin_error() -> None:
    with pytest.raises(PluginError, match="YYYY-MM-DD"):
        plugin_module._build_date("15/11/2026")


def test_plugin_is_registered_as_an_entry_point() -> None:
    from importlib.metadata import entry_points

    (ep,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "peer-directory"]
    assert ep.load() is DirectoryPlugin


def test_render_modules_never_import_mkdocs() -> None:
    for path in (ROOT / "generator" / "render").glob("*.py"):
        source = path.read_text()
        assert "import mkdocs" not in source and "from mkdocs" not in source, path
    assert "mkdocs" not in (ROOT / "generator" / "format" / "schedule.py").read_text()


def test_example_config_reads_the_sample_data() -> None:
    config = load_config(config_file=str(ROOT / "examples" / "mkdocs.yml"))
    plugin = config.plugins["peer-directory"]
    assert isinstance(plugin, DirectoryPlugin)
    plugin.on_startup(command="build", dirty=False)
    plugin.config.build_date = "2026-11-15"
    plugin.on_config(config)
    assert plugin.path == (ROOT / "examples" / "resources.yaml").resolve()
    assert Path(config.docs_dir).resolve() == (ROOT / "content").resolve()
    assert plugin.model is not None and plugin.model.ctx.data_path == "examples/resources.yaml"
    assert config.theme.name == "material" and config.theme["font"] is False


def test_processes_sharing_entry_work(config_and_plugin: tuple[Any, DirectoryPlugin, Path],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked copies only for `mkdocs build` of big lists, or when asked; never under
    `mkdocs serve`, whose server threads a fork would copy mid-step."""
    _, plugin, _ = config_and_plugin
    monkeypatch.setattr(shards, "default_processes", lambda: 2)
    assert plugin._processes(pipeline.PARALLEL_FROM - 1) == 1
    assert plugin._processes(pipeline.PARALLEL_FROM) == 2
    plugin.config.processes = 1
    assert plugin._processes(100_000) == 1
    plugin.config.processes = 3
    assert plugin._processes(10) == 3
    plugin.on_startup(command="serve", dirty=False)
    assert plugin._processes(100_000) == 1
