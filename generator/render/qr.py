"""QR codes that link to a resource's page: zxing-cpp's modules, written as a small PNG.

Every resource gets `/r/<id>/qr.png` (published by `entry_files`); its page shows it with
`<img src="qr.png" alt="...">` and the handout with the same file, so no code is
computed twice.

Why a PNG of one square of pixels per module scaled up in CSS (`image-rendering:
pixelated`), not SVG: ~430 bytes against ~2,500 for the SVG path of the same code,
times every entry (the published site must stay under 10 KB an entry). Four pixels a
module keeps the edges square where a reader or a PDF viewer smooths a scaled image.
Black on white with the standard four-module quiet zone.

Why zxing-cpp: a code per entry is the largest CPU cost of a big build. segno (pure
Python) takes ~1 ms a code even with its mask pattern fixed, ~7 ms choosing the best of
eight; zxing-cpp, the C++ ZXing library's own bindings, encodes with the best mask in
~0.2 ms (10,000 entries: 2 s of CPU instead of 10 s; 100,000: 20 s instead of 100 s).
Only the module matrix is taken from it; the PNG is written here (a grey-scale image of
one bit a pixel is a header, zlib's deflate and two checksums: not worth Pillow).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

import zxingcpp

from generator.build.context import SiteContext
from generator.format.model import Resource

# Error correction M (15%) survives folds, smudges and photocopies of a printed handout.
ERROR_LEVEL = "M"
QUIET_ZONE = 4  # modules of white around the code, as the QR standard requires
SCALE = 4  # pixels a module
# zxing-cpp's image has a byte per module: 0 dark, 255 light. Rows become 1 = dark.
_DARK = bytes.maketrans(bytes(range(256)), b"\x01" * 128 + b"\x00" * 128)
_PNG = b"\x89PNG\r\n\x1a\n"


def page_url(ctx: SiteContext, resource_id: str) -> str:
    """The absolute address a resource's QR code points to."""
    return ctx.absolute(f"r/{resource_id}/")


def qr_png(url: str, scale: int = SCALE) -> bytes:
    """A PNG of the QR code for `url`: one bit a pixel (white 1, black 0), `scale`
    pixels a module, with the quiet zone."""
    return png(matrix(url), scale)


def matrix(text: str) -> list[bytes]:
    """The code's modules, a row of bytes each (1 dark, 0 light), without quiet zone."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR_LEVEL)
    image = code.to_image(scale=1, add_quiet_zones=False)
    size = image.shape[1]
    # Image has the buffer protocol; its type stubs do not declare it
    modules = bytes(memoryview(image)).translate(_DARK)  # type: ignore[arg-type]
    return [modules[i:i + size] for i in range(0, len(modules), size)]


def png(rows: list[bytes], scale: int = SCALE) -> bytes:
    """Grey-scale, one bit a pixel, no interlace: the smallest PNG of a code."""
    blank = bytes(QUIET_ZONE)
    framed = [bytes(len(rows[0]) + 2 * QUIET_ZONE)] * QUIET_ZONE
    framed = framed + [blank + row + blank for row in rows] + framed
    width = len(framed) * scale
    lines = []
    for row in framed:
        bits = "".join(("0" if dark else "1") * scale for dark in row)
        bits += "1" * (-len(bits) % 8)  # pad the last byte white
        line = b"\x00" + int(bits, 2).to_bytes(len(bits) // 8, "big")  # filter: none
        lines += [line] * scale
    header = struct.pack(">IIBBBBB", width, width, 1, 0, 0, 0, 0)
    return (_PNG + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"".join(lines), 9))
            + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data)))


def entry_files(ctx: SiteContext, resource: Resource) -> list[tuple[str, bytes]]:
    """`r/<id>/qr.png` for one resource (a per-entry producer, see generator/build/outputs.py).
    A QR code needs an absolute address: nothing without the site's URL (`site_url`)."""
    if not ctx.site_url:
        return []
    return [(f"r/{resource.id}/qr.png", qr_png(page_url(ctx, resource.id)))]


def site_files(ctx: SiteContext) -> Iterator[tuple[str, bytes]]:
    """Every resource's code, in order (the build shares them out: generator/build/shards.py)."""
    for resource in ctx.dataset.resources:
        yield from entry_files(ctx, resource)
