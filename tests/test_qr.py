"""QR codes: each decodes to its page's absolute address, is black on white with a
quiet zone, is a valid PNG, and stays small.

Decoding here reads the PNG back into pixels (a reader written for the test, checking
every chunk's CRC) and hands them to zxing-cpp, so a wrong writer fails even without a
browser; tests/test_handout.py decodes the codes again from the PDF that Chromium prints."""

from __future__ import annotations

import random
import string
import struct
import zlib
from datetime import date, time
from pathlib import Path

import pytest
import zxingcpp

from generator.build import outputs
from generator.build.context import SiteContext
from generator.format.model import Dataset, Resource
from generator.render import qr


def pixels(data: bytes) -> list[list[int]]:
    """The PNG's pixels, 1 dark, 0 light: grey-scale one bit a pixel, filter 0, as
    qr.png writes (anything else fails here)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks = 8, []
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert crc == zlib.crc32(kind + body), f"bad CRC in {kind!r}"
        chunks.append((kind, body))
        at += 12 + length
    assert [k for k, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, colour, interlace) == (1, 0, 0) and width == height
    raw = zlib.decompress(chunks[1][1])
    stride = 1 + (width + 7) // 8
    assert len(raw) == stride * height
    grid = []
    for y in range(height):
        line = raw[y * stride:(y + 1) * stride]
        assert line[0] == 0  # no filter
        bits = "".join(f"{b:08b}" for b in line[1:])[:width]
        grid.append([1 if bit == "0" else 0 for bit in bits])
    return grid


def read(grid: list[list[int]]) -> list[zxingcpp.Barcode]:
    """The codes zxing-cpp finds in a picture of `grid` (1 dark)."""
    width = len(grid)
    flat = bytes(0 if dark else 255 for row in grid for dark in row)
    return list(zxingcpp.read_barcodes(memoryview(flat).cast("B", (width, width))))


def decode(data: bytes) -> list[str]:
    return [b.text for b in read(pixels(data))]


def random_urls(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    hosts = ["directory.example.org", "peer-support.example.com/directory", "a.io"]
    chars = string.ascii_lowercase + string.digits + "-"
    return [f"https://{rng.choice(hosts)}/r/"
            + "".join(rng.choice(chars) for _ in range(rng.randint(1, 80))) + "/"
            for _ in range(count)]


@pytest.mark.parametrize("url", [
    "https://directory.example.org/r/springfield-tuesday-hope/",
    "https://x.example/r/a/",
    "https://peer-support.example.com/some/sub/path/r/" + "long-id-" * 12 + "end/",
])
def test_decodes_to_the_url(url: str) -> None:
    assert decode(qr.qr_png(url)) == [url]


def test_many_ids_all_decode() -> None:
    failures = [u for u in random_urls(120) if decode(qr.qr_png(u)) != [u]]
    assert failures == []


def test_error_correction_survives_a_smudge() -> None:
    """Level M: a printed code still reads with a blot over part of its data."""
    url = "https://directory.example.org/r/springfield-tuesday-hope/"
    grid = pixels(qr.qr_png(url))
    size = len(grid)
    modules = len(qr.matrix(url)) + 2 * qr.QUIET_ZONE
    assert size == modules * qr.SCALE
    # flip a 4x4 block of modules away from the finder, timing and alignment patterns
    middle = modules // 2
    for r in range((middle - 6) * qr.SCALE, (middle - 2) * qr.SCALE):
        for c in range((middle + 2) * qr.SCALE, (middle + 6) * qr.SCALE):
            grid[r][c] ^= 1
    found = read(grid)
    assert [b.text for b in found] == [url]
    assert found[0].ec_level == "M"


def test_black_on_white_with_quiet_zone_and_square_modules() -> None:
    url = "https://directory.example.org/r/springfield-tuesday-hope/"
    grid = pixels(qr.qr_png(url))
    size, border = len(grid), qr.QUIET_ZONE * qr.SCALE
    for i in range(size):
        for j in range(size):
            if min(i, j, size - 1 - i, size - 1 - j) < border:
                assert grid[i][j] == 0, f"dark pixel in the quiet zone at {i},{j}"
    # the finder pattern's corner sits right inside the quiet zone
    assert grid[border][border] == 1
    # every module is a SCALE x SCALE square of one colour, matching zxing-cpp's matrix
    rows = qr.matrix(url)
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            y, x = border + r * qr.SCALE, border + c * qr.SCALE
            block = {grid[y + dy][x + dx] for dy in range(qr.SCALE) for dx in range(qr.SCALE)}
            assert block == {dark}, (r, c)


def test_small() -> None:
    sizes = [len(qr.qr_png(u)) for u in random_urls(40, seed=3)]
    assert max(sizes) < 700, max(sizes)  # the SVG it replaced: 2.5 KB


def _dataset(*ids: str) -> Dataset:
    return Dataset("resources.yaml", [
        Resource(id=i, name=f"Group <{i}>", kind="meeting", program="aa",
                 attendance="online") for i in ids])


def test_entry_files_one_per_resource_linking_to_its_page() -> None:
    ctx = SiteContext(_dataset("first-group", "second-group"),
                      site_url="https://directory.example.org/peer/",
                      build_date=date(2026, 1, 15))
    files = dict(qr.site_files(ctx))
    assert set(files) == {"r/first-group/qr.png", "r/second-group/qr.png"}
    png = files["r/second-group/qr.png"]
    assert decode(png) == ["https://directory.example.org/peer/r/second-group/"]
    one = ctx.dataset.resources[1]
    assert qr.entry_files(ctx, one) == [("r/second-group/qr.png", png)]


def test_no_codes_without_an_absolute_site_url() -> None:
    ctx = SiteContext(_dataset("first-group"), site_url="")
    assert list(qr.site_files(ctx)) == []


def test_qr_is_a_per_entry_producer() -> None:
    ctx = SiteContext(_dataset("first-group", "second-group"),
                      site_url="https://directory.example.org/")
    assert qr.entry_files in outputs.ENTRY_PRODUCERS
    assert all(p.__module__ != qr.__name__ for p in outputs.PRODUCERS)
    files = dict(outputs.entry_files(ctx, ctx.dataset.resources))
    assert files == dict(qr.site_files(ctx))
    assert set(files) <= set(dict(outputs.all_files(ctx)))


@pytest.mark.parametrize("processes", [1, 2])
def test_a_failed_qr_step_fails_the_build_saying_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        processes: int) -> None:
    from mkdocs.exceptions import Abort

    from generator.format import yaml_writer as writer
    from generator.format.model import Online, ScheduleSlot
    from tests.helpers import build_site

    data = tmp_path / "resources.yaml"
    group = Resource(id="first-group", name="First Group", kind="meeting", program="aa",
                     attendance="online", timezone="America/Chicago",
                     online=Online(url="https://example.org/join"),
                     schedule=(ScheduleSlot(days=("mon",), start=time(19)),),
                     verified=date(2026, 1, 2))
    data.write_text(writer.dump(Dataset("resources.yaml", [group])), "utf-8")

    def broken(url: str, scale: int = qr.SCALE) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(qr, "qr_png", broken)
    with pytest.raises(Abort, match="BuildError"):
        build_site(data, tmp_path / "site", site_url="https://directory.example.org/",
                   build_date="2026-01-15", processes=processes)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    # whichever process drew the code, the error names where it came from
    failed = [e for e in errors if "writing the site failed" in e and "disk full" in e]
    assert failed, errors
    assert "in broken" in failed[0]  # the traceback names the function that failed
