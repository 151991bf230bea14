"""A failed build keeps the previous site: `mkdocs build` writes into a fresh folder
beside the site folder, and only a build that succeeded (after MkDocs' own `--strict`
check, the third-party check and every plugin) replaces the site, by renaming.

MkDocs cleans `site_dir` before it builds and aborts a `--strict` build only after every
plugin's `on_post_build`, so the swap waits for `on_shutdown`, which `mkdocs build` and
`mkdocs gh-deploy` call after the build (successful or not; `on_build_error` has said
which). A program that calls MkDocs' `build()` without `on_startup`/`on_shutdown` builds
in place, as MkDocs does; `mkdocs serve` builds into its own temporary folder anyway.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any


class StagedSite:
    def __init__(self) -> None:
        self.final: Path | None = None
        self.staging: Path | None = None
        self.config: Any = None
        self.failed = False

    def begin(self, config: Any) -> None:
        """Point the build at a fresh folder beside `config.site_dir`."""
        self.abandon()
        final = Path(config.site_dir).absolute()
        final.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.build-"))
        os.chmod(self.staging, 0o755)  # mkdtemp's 0700 would carry over to the site
        self.final, self.config, self.failed = final, config, False
        config.site_dir = str(self.staging)

    def fail(self) -> None:
        self.failed = True

    def finish(self) -> None:
        """Swap the built site into place, or drop it when the build failed."""
        if self.staging is None or self.final is None:
            return
        if self.failed or not self.staging.is_dir():
            self.abandon()
            return
        staging, final = self.staging, self.final
        old = None
        if final.exists() or final.is_symlink():
            old = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.old-"))
            os.replace(final, old / "site")  # into the fresh folder: no name can collide
        os.replace(staging, final)
        self.staging = None
        if self.config is not None:
            self.config.site_dir = str(final)  # gh-deploy reads it after the build
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abandon(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            if self.config is not None and self.final is not None:
                self.config.site_dir = str(self.final)
        self.staging = None
