"""QR codes: each decodes to its page's absolute address, is black on white with a
quiet zone, scales (no fixed size), is named for screen readers, and stays small.

Decoding here reads the SVG's own geometry back into pixels and hands them to zxing-cpp,
so a wrong path writer fails even without a browser; tests/test_handout.py decodes the
codes again from the PDF that Chromium prints."""

from __future__ import annotations

import random
import re
import string
import xml.etree.ElementTree as ET
from datetime import date, time
from pathlib import Path

import pytest
import zxingcpp

from generator.build import outputs
from generator.build.context import SiteContext
from generator.format.model import Dataset, Resource
from generator.render import qr

SVG_NS = "{http://www.w3.org/2000/svg}"


def modules(svg: str) -> list[list[int]]:
    """The dark modules the SVG draws, as a grid over its whole viewBox."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))  # type: ignore[union-attr]
    d = re.search(r' d="([^"]*)"', svg).group(1)  # type: ignore[union-attr]
    grid = [[0] * size for _ in range(size)]
    x = y = 0.0
    for cmd, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", d):
        if cmd == "M":
            x, y = float(a), float(b)
        elif cmd == "m":
            x, y = x + float(a), y + float(b or 0)
        else:
            for i in range(int(a)):
                grid[int(y)][int(x) + i] = 1
            x += int(a)
    return grid


def decode(svg: str, scale: int = 4) -> list[str]:
    return [b.text for b in read(modules(svg), scale)]


def read(grid: list[list[int]], scale: int = 4) -> list[zxingcpp.Barcode]:
    """The codes zxing-cpp finds in a picture of `grid`, `scale` pixels a module."""
    width = len(grid) * scale
    pixels = bytearray(b"\xff" * width * width)
    for r, row in enumerate(grid):
        for c, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    at = (r * scale + dy) * width + c * scale
                    pixels[at:at + scale] = b"\x00" * scale
    image = memoryview(pixels).cast("B", (width, width))
    return list(zxingcpp.read_barcodes(image))


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
    assert decode(qr.qr_svg(url)) == [url]


def test_many_ids_all_decode() -> None:
    failures = [u for u in random_urls(120) if decode(qr.qr_svg(u)) != [u]]
    assert failures == []


def test_error_correction_survives_a_smudge() -> None:
    """Level M: a printed code still reads with a blot over part of its data."""
    url = "https://directory.example.org/r/springfield-tuesday-hope/"
    grid = modules(qr.qr_svg(url))
    size = len(grid)
    # flip a 4x4 block of modules away from the finder, timing and alignment patterns
    rows = qr.matrix(url)
    assert len(rows) + 2 * qr.QUIET_ZONE == size
    for r in range(size // 2 - 6, size // 2 - 2):
        for c in range(size // 2 + 2, size // 2 + 6):
            grid[r][c] ^= 1
    found = read(grid)
    assert [b.text for b in found] == [url]
    assert found[0].ec_level == "M"


def test_black_on_white_with_quiet_zone_and_no_fixed_size() -> None:
    svg = qr.qr_svg("https://directory.example.org/r/springfield-tuesday-hope/")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert "width" not in root.attrib and "height" not in root.attrib  # scales with CSS
    size = int(root.attrib["viewBox"].split()[2])
    background = root.find(f"{SVG_NS}rect")
    assert background is not None and background.attrib["fill"] == "#fff"
    assert (background.attrib["width"], background.attrib["height"]) == (str(size),) * 2
    path = root.find(f"{SVG_NS}path")
    assert path is not None and path.attrib["stroke"] == "#000"
    grid = modules(svg)
    border = qr.QUIET_ZONE
    for i in range(size):
        for j in range(size):
            if min(i, j, size - 1 - i, size - 1 - j) < border:
                assert grid[i][j] == 0, f"dark module in the quiet zone at {i},{j}"
    # the finder pattern's corner sits right inside the quiet zone
    assert grid[border][border] == 1


def test_title_names_it_and_is_escaped() -> None:
    title = 'QR code for "Hope & <Serenity>" group'
    svg = qr.qr_svg("https://directory.example.org/r/x/", title)
    root = ET.fromstring(svg)  # would raise on unescaped markup
    assert root.attrib["role"] == "img"
    assert root.attrib["aria-label"] == title
    title_el = root.find(f"{SVG_NS}title")
    assert title_el is not None and title_el.text == title
    assert "<Serenity>" not in svg


def test_default_title_names_the_url() -> None:
    svg = qr.qr_svg("https://directory.example.org/r/x/")
    assert "<title>QR code: https://directory.example.org/r/x/</title>" in svg


def test_small() -> None:
    sizes = [len(qr.qr_svg(u).encode()) for u in random_urls(40, seed=3)]
    assert max(sizes) < 4500, max(sizes)


def _dataset(*ids: str) -> Dataset:
    return Dataset("resources.yaml", [
        Resource(id=i, name=f"Group <{i}>", kind="meeting", program="aa",
                 attendance="online") for i in ids])


def test_entry_files_one_per_resource_linking_to_its_page() -> None:
    ctx = SiteContext(_dataset("first-group", "second-group"),
                      site_url="https://directory.example.org/peer/",
                      build_date=date(2026, 1, 15))
    files = dict(qr.site_files(ctx))
    assert set(files) == {"r/first-group/qr.svg", "r/second-group/qr.svg"}
    svg = files["r/second-group/qr.svg"]
    assert decode(svg) == ["https://directory.example.org/peer/r/second-group/"]
    assert "Group &lt;second-group&gt;" in svg
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')  # valid as a file
    one = ctx.dataset.resources[1]
    assert qr.entry_files(ctx, one) == [("r/second-group/qr.svg", svg)]


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

    def broken(url: str, title: str = "") -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(qr, "qr_svg", broken)
    with pytest.raises(Abort, match="BuildError"):
        build_site(data, tmp_path / "site", site_url="https://directory.example.org/",
                   build_date="2026-01-15", processes=processes)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    # whichever process drew the code, the error names where it came from
    failed = [e for e in errors if "writing the site failed" in e and "disk full" in e]
    assert failed, errors
    assert "in broken" in failed[0]  # the traceback names the function that failed
