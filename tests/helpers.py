"""Build the real site in tests: the project's mkdocs.yml, our plugin, content/ and a
chosen data file, through MkDocs' Python API (the same code path as `mkdocs build`).

    from tests.helpers import build_site
    site = build_site(data_file, tmp_path / "site", build_date="2026-01-15")

Keyword overrides whose name is an option of the `peer-directory` plugin (resources,
stale_days, build_date, data_path, languages...) go to the plugin (`languages` is [],
English only, unless given); everything else
(site_url, repo_url, strict, docs_dir...) overrides the MkDocs config.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
PLUGIN = "peer-directory"


def build_site(data: Path, out: Path, **config_overrides: Any) -> Path:
    """Run a full MkDocs build of `data` into `out`; returns `out` (the site directory).

    Raises whatever MkDocs raises on failure (PluginError for invalid data, Abort for
    warnings under strict=True)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.plugin import DirectoryPluginConfig

    plugin_options = set(DirectoryPluginConfig().keys())
    plugin_overrides = {k: v for k, v in config_overrides.items() if k in plugin_options}
    mkdocs_overrides = {k: v for k, v in config_overrides.items() if k not in plugin_options}
    mkdocs_overrides.setdefault("docs_dir", str(ROOT / "content"))

    config = load_config(config_file=str(CONFIG), site_dir=str(out), **mkdocs_overrides)
    plugin = config.plugins[PLUGIN]
    plugin_overrides["resources"] = str(Path(data).absolute())  # a link stays a link
    # English only unless a test asks for languages (tests/test_i18n.py): a second
    # language is a second build, which the other tests do not need.
    plugin_overrides.setdefault("languages", [])
    for key, value in plugin_overrides.items():
        setattr(plugin.config, key, value)
    # MkDocs leaves a CountHandler on its logger per strict build; keep the logger clean
    # across many builds in one test session.
    handlers = list(logging.getLogger("mkdocs").handlers)
    # As `mkdocs build` does. MkDocs keeps plugins that define on_startup alive across
    # configs in one process, so this also resets state a `serve` test left behind.
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
        logging.getLogger("mkdocs").handlers[:] = handlers
    return out
