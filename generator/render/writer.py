"""Writing the generated part of the site into the build directory: pages from shells,
and the (path, content) files producers yield. The build directory is fresh for every
build, so files are written in place; paths are checked to stay inside it."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from . import audit
from .page import Page
from .shell import Shell

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
AUDITED = {".html": audit.audit_html, ".css": audit.audit_css, ".js": audit.audit_js}


class SiteWriter:
    def __init__(self, site_dir: Path, shells: dict[int, Shell], *, check: bool = True,
                 own_host: str = ""):
        self.site_dir = site_dir
        self.shells = shells
        self.check = check
        self.own_host = own_host
        self.problems: list[str] = []
        self.root = str(site_dir)
        self._made: set[str] = set()

    def _write(self, rel: str, data: bytes | Iterable[bytes]) -> None:
        parts = rel.split("/")
        if not rel or rel.startswith("/") or ".." in parts or "\\" in rel:
            raise ValueError(f"refusing to write outside the site: {rel!r}")
        # Plain os.path: pathlib's per-call parsing costs more than the write itself
        # over tens of thousands of small files.
        target = os.path.join(self.root, *parts)
        parent = os.path.dirname(target)
        if parent not in self._made:
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)
        # The folder is the fresh staging folder (staging.py); O_NOFOLLOW all the same,
        # so no link a content file or theme put there is ever written through.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                for piece in data:
                    fh.write(piece)

    def write_pages(self, pages: Iterable[Page], reserved: frozenset[str] = frozenset()
                    ) -> list[str]:
        """Each page is its depth's shell with the page's text in place; returns paths.
        Paths in `reserved` (the content pages') are never overwritten."""
        written = []
        for page in pages:
            if page.path in reserved:
                self.problems.append(f"{page.path}: a generated page would replace the "
                                     "content page there; rename or move that Markdown file")
                continue
            shell = self.shells.get(page.depth)
            if shell is None:
                raise KeyError(f"no shell rendered for depth {page.depth} ({page.path})")
            if self.check:
                self.problems += audit.audit_body(page.body, page.path, self.own_host)
            self._write(page.path + "index.html", shell.fill(page).encode("utf-8"))
            written.append(page.path)
        return written

    def write_files(self, files: Iterable[tuple[str, str | bytes | Iterable[bytes]]]) -> None:
        for rel, content in files:
            check = AUDITED.get(PurePosixPath(rel).suffix)
            if not isinstance(content, (str, bytes)):  # pieces of a big file
                if not (self.check and check is not None):
                    self._write(rel, content)
                    continue
                content = b"".join(content)  # markup or code is read whole
            data = content.encode("utf-8") if isinstance(content, str) else content
            if self.check and check is not None:
                self.problems += check(data.decode("utf-8", errors="replace"), rel, self.own_host)
            self._write(rel, data)
