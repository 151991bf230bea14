"""QR codes that link to a resource's page, drawn with segno as small, scalable SVG.

Every resource gets `/r/<id>/qr.svg` (published by `site_files`). The handout builder
inlines that file; a resource page can show it with `<img src="qr.svg" alt="...">`
rather than calling `qr_svg` again, so no code is computed twice.

The SVG is black on white with the standard four-module quiet zone, has no width or
height (so CSS sizes it and it stays sharp in print), and carries `role="img"`, an
`aria-label` and a `<title>` so screen readers announce what it is.

Speed: segno spends most of its time choosing the best of the eight mask patterns
(about 5 ms of 7 ms per code). Any mask gives a valid, standard code; we fix one so a
10,000-entry build spends ~50 s less here. The run-length SVG writer below replaces
segno's general-purpose writer for the same reason (0.1 ms instead of 0.8 ms). What is
left (~1.3-1.6 ms a code, pure Python) is spread over the machine's cores for large
lists, and during a build it runs beside the page writing: `start_writing` starts worker
processes that draw and write the files themselves (see generator/outputs.py).
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

import segno

from .context import SiteContext

# Error correction M (15%) survives folds, smudges and photocopies of a printed handout.
ERROR_LEVEL = "m"
# Fixed mask pattern: see the module docstring. Pattern 2 (vertical stripes every third
# column) scores well on typical URL payloads and never fails to decode in tests.
MASK = 2
QUIET_ZONE = 4  # modules of white around the code, as the QR standard requires
# Below this many codes, starting worker processes costs more than it saves.
PARALLEL_FROM = 1500
CHUNK = 250


def page_url(ctx: SiteContext, resource_id: str) -> str:
    """The absolute address a resource's QR code points to."""
    return ctx.absolute(f"r/{resource_id}/")


def qr_svg(url: str, title: str = "") -> str:
    """SVG markup of a QR code for `url`. `title` names it for screen readers and
    defaults to "QR code: <url>"; it is escaped here."""
    code = segno.make(url, error=ERROR_LEVEL, mask=MASK, micro=False)
    label = html.escape(title or f"QR code: {url}")
    return _svg(code.matrix, label)


def _svg(matrix: tuple[bytearray, ...], label: str) -> str:
    size = len(matrix) + 2 * QUIET_ZONE
    # One horizontal stroke per run of dark modules, centred on the row (y + .5), with
    # relative moves between runs: about a third the size of one rectangle per run.
    parts: list[str] = []
    x_pen, y_pen = 0, 0.0
    for row_index, row in enumerate(matrix):
        y = row_index + QUIET_ZONE + 0.5
        start = row.find(1)
        while start != -1:
            end = row.find(0, start)
            if end == -1:
                end = len(row)
            x = start + QUIET_ZONE
            if y != y_pen:
                parts.append(f"M{x} {y:g}")
            else:
                parts.append(f"m{x - x_pen} 0")
            parts.append(f"h{end - start}")
            x_pen, y_pen = x + end - start, y
            start = row.find(1, end)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{label}" class="qr-code" shape-rendering="crispEdges">'
        f"<title>{label}</title>"
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path stroke="#000" stroke-width="1" d="{"".join(parts)}"/></svg>'
    )


def _jobs(ctx: SiteContext) -> list[tuple[str, str, str]]:
    """(path under the site root, address, title) of every code; none without site_url."""
    if not ctx.site_url:
        return []
    jobs = []
    for resource in ctx.dataset.resources:
        url = page_url(ctx, resource.id)
        jobs.append((f"r/{resource.id}/qr.svg", url,
                     f"QR code linking to the page for {resource.name}: {url}"))
    return jobs


def _job(job: tuple[str, str, str]) -> str:
    return qr_svg(job[1], job[2])


def _workers(workers: int | None) -> int:
    return workers if workers is not None else min(os.cpu_count() or 1, 8)


def _pool(workers: int) -> ProcessPoolExecutor:
    # "spawn": a fresh interpreter per worker, safe under `mkdocs serve`'s threads.
    return ProcessPoolExecutor(workers, mp_context=get_context("spawn"))


def site_files(ctx: SiteContext, *, workers: int | None = None) -> Iterator[tuple[str, str]]:
    """`r/<id>/qr.svg` for every resource. A QR code needs an absolute address, so
    nothing is produced when the site's URL (`site_url`) is not configured."""
    jobs = _jobs(ctx)
    workers = _workers(workers)
    if workers < 2 or len(jobs) < PARALLEL_FROM:
        for job in jobs:
            yield job[0], _job(job)
        return
    with _pool(workers) as pool:
        yield from zip((j[0] for j in jobs), pool.map(_job, jobs, chunksize=CHUNK), strict=True)


# ----------------------------------------------------------------- background writing
# The build's QR step is pure CPU while writing pages is mostly waiting on the disk, so
# the plugin starts the codes first (outputs.start_background) and writes pages
# meanwhile. Workers draw AND write their files: only a count comes back, never SVG text.


def _write_chunk(root: str, jobs: list[tuple[str, str, str]]) -> int:
    """Draw and write one chunk of codes under `root` (runs in a worker process)."""
    made: set[str] = set()
    for rel, url, title in jobs:
        target = _target(root, rel)
        parent = os.path.dirname(target)
        if parent not in made:
            # the page writer may be creating the same r/<id>/ at this moment
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(qr_svg(url, title))
    return len(jobs)


def _target(root: str, rel: str) -> str:
    parts = rel.split("/")
    if not rel or rel.startswith("/") or ".." in parts or "\\" in rel:
        raise ValueError(f"refusing to write outside the site: {rel!r}")
    return os.path.join(root, *parts)


class BackgroundWrite:
    """QR codes being written into a site directory; `finish()` waits for them.

    The pool leaves one core to the main process, which writes pages meanwhile: on two
    cores one worker draws the codes (measured at 10,000 entries: 26.7 and 27.4 s builds,
    against 28.1 and 51.2 s with two workers competing with the page writer). Small lists
    (below PARALLEL_FROM) and one-core machines get no pool: their codes are drawn and
    written in this process when `finish()` is called."""

    def __init__(self, ctx: SiteContext, site_dir: str | os.PathLike[str], *,
                 workers: int | None = None):
        self.root = os.fspath(site_dir)
        self._jobs = _jobs(ctx)
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[int]] = []
        if workers is None:
            workers = min((os.cpu_count() or 1) - 1, 8)
        if workers >= 1 and len(self._jobs) >= PARALLEL_FROM:
            self._pool = _pool(workers)
            self._futures = [self._pool.submit(_write_chunk, self.root, self._jobs[i:i + CHUNK])
                             for i in range(0, len(self._jobs), CHUNK)]

    def finish(self) -> int:
        """Wait for every file; returns how many were written. A worker's error is
        raised here, with the pool shut down."""
        if self._pool is None:
            written = _write_chunk(self.root, self._jobs)
        else:
            try:
                written = sum(f.result() for f in self._futures)
            finally:
                self.cancel()
        self._jobs = []
        return written

    def cancel(self) -> None:
        """Stop without waiting for queued chunks (the build failed elsewhere)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def start_writing(ctx: SiteContext, site_dir: str | os.PathLike[str]) -> BackgroundWrite:
    """Begin writing what `site_files` yields straight into `site_dir` (the background
    form generator/outputs.py looks for beside a producer)."""
    return BackgroundWrite(ctx, site_dir)
