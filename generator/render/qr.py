"""QR codes that link to a resource's page, drawn with zxing-cpp as small, scalable SVG.

Every resource gets `/r/<id>/qr.svg` (published by `entry_files`). The handout builder
inlines that file; a resource page can show it with `<img src="qr.svg" alt="...">`
rather than calling `qr_svg` again, so no code is computed twice.

The SVG is black on white with the standard four-module quiet zone, has no width or
height (so CSS sizes it and it stays sharp in print), and carries `role="img"`, an
`aria-label` and a `<title>` so screen readers announce what it is.

Why zxing-cpp: a code per entry is the largest CPU cost of a big build. segno (pure
Python) takes ~1 ms a code even with its mask pattern fixed, ~7 ms choosing the best of
eight; zxing-cpp, the C++ ZXing library's own bindings, encodes with the best mask in
~0.2 ms (10,000 entries: 2 s of CPU instead of 10 s; 100,000: 20 s instead of 100 s).
Only the module matrix is taken from it: the SVG writer below draws one run-length path
(0.1 ms a code, a third the size of a rectangle per module).
"""

from __future__ import annotations

import html
from collections.abc import Iterator

import zxingcpp

from generator.build.context import SiteContext
from generator.format.model import Resource

# Error correction M (15%) survives folds, smudges and photocopies of a printed handout.
ERROR_LEVEL = "M"
QUIET_ZONE = 4  # modules of white around the code, as the QR standard requires
# zxing-cpp's image has a byte per module: 0 dark, 255 light. Rows become 1 = dark.
_DARK = bytes.maketrans(bytes(range(256)), b"\x01" * 128 + b"\x00" * 128)


def page_url(ctx: SiteContext, resource_id: str) -> str:
    """The absolute address a resource's QR code points to."""
    return ctx.absolute(f"r/{resource_id}/")


def qr_svg(url: str, title: str = "") -> str:
    """SVG markup of a QR code for `url`. `title` names it for screen readers and
    defaults to "QR code: <url>"; it is escaped here."""
    label = html.escape(title or f"QR code: {url}")
    return _svg(matrix(url), label)


def matrix(text: str) -> list[bytes]:
    """The code's modules, a row of bytes each (1 dark, 0 light), without quiet zone."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR_LEVEL)
    image = code.to_image(scale=1, add_quiet_zones=False)
    size = image.shape[1]
    # Image has the buffer protocol; its type stubs do not declare it
    modules = bytes(memoryview(image)).translate(_DARK)  # type: ignore[arg-type]
    return [modules[i:i + size] for i in range(0, len(modules), size)]


def _svg(rows: list[bytes], label: str) -> str:
    size = len(rows) + 2 * QUIET_ZONE
    # One horizontal stroke per run of dark modules, centred on the row (y + .5), with
    # relative moves between runs: about a third the size of one rectangle per run.
    parts: list[str] = []
    x_pen, y_pen = 0, 0.0
    for row_index, row in enumerate(rows):
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


def entry_files(ctx: SiteContext, resource: Resource) -> list[tuple[str, str]]:
    """`r/<id>/qr.svg` for one resource (a per-entry producer, see generator/build/outputs.py).
    A QR code needs an absolute address: nothing without the site's URL (`site_url`)."""
    if not ctx.site_url:
        return []
    url = page_url(ctx, resource.id)
    title = f"QR code linking to the page for {resource.name}: {url}"
    return [(f"r/{resource.id}/qr.svg", qr_svg(url, title))]


def site_files(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    """Every resource's code, in order (the build shares them out: generator/build/shards.py)."""
    for resource in ctx.dataset.resources:
        yield from entry_files(ctx, resource)
