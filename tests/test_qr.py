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

from generator import outputs, qr
from generator.context import SiteContext
from generator.model import Dataset, Resource

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
    grid = modules(svg)
    width = len(grid) * scale
    pixels = bytearray(b"\xff" * width * width)
    for r, row in enumerate(grid):
        for c, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    at = (r * scale + dy) * width + c * scale
                    pixels[at:at + scale] = b"\x00" * scale
    image = memoryview(pixels).cast("B", (width, width))
    return [b.text for b in zxingcpp.read_barcodes(image)]


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
    # the mask pattern is fixed for speed; no payload may come out unreadable
    failures = [u for u in random_urls(120) if decode(qr.qr_svg(u)) != [u]]
    assert failures == []


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


def test_site_files_one_per_resource_linking_to_its_page() -> None:
    ctx = SiteContext(_dataset("first-group", "second-group"),
                      site_url="https://directory.example.org/peer/",
                      build_date=date(2026, 1, 15))
    files = dict(qr.site_files(ctx))
    assert set(files) == {"r/first-group/qr.svg", "r/second-group/qr.svg"}
    svg = files["r/second-group/qr.svg"]
    assert decode(svg) == ["https://directory.example.org/peer/r/second-group/"]
    assert "Group &lt;second-group&gt;" in svg
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')  # valid as a file


def test_no_codes_without_an_absolute_site_url() -> None:
    ctx = SiteContext(_dataset("first-group"), site_url="")
    assert list(qr.site_files(ctx)) == []


def test_worker_processes_give_the_same_files(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = SiteContext(_dataset(*(f"group-{i}" for i in range(12))),
                      site_url="https://directory.example.org/")
    serial = list(qr.site_files(ctx, workers=1))
    monkeypatch.setattr(qr, "PARALLEL_FROM", 1)
    monkeypatch.setattr(qr, "CHUNK", 5)
    assert list(qr.site_files(ctx, workers=2)) == serial
    assert len(serial) == 12


# ------------------------------------------------------------- writing in the background

def _written(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.svg")}


def test_start_writing_writes_what_site_files_yields(tmp_path: Path) -> None:
    ctx = SiteContext(_dataset("first-group", "second-group"),
                      site_url="https://directory.example.org/peer/")
    job = qr.start_writing(ctx, tmp_path)
    assert _written(tmp_path) == {}  # small lists are drawn when finished, in-process
    assert job.finish() == 2
    assert _written(tmp_path) == dict(qr.site_files(ctx))


def test_worker_processes_write_the_same_files(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = SiteContext(_dataset(*(f"group-{i}" for i in range(12))),
                      site_url="https://directory.example.org/")
    monkeypatch.setattr(qr, "PARALLEL_FROM", 1)
    monkeypatch.setattr(qr, "CHUNK", 5)
    job = qr.BackgroundWrite(ctx, tmp_path, workers=1)  # one worker: the build's default
    (tmp_path / "r" / "group-0").mkdir(parents=True)  # the page writer got there first
    assert job._pool is not None and job.finish() == 12
    assert job._pool is None  # shut down
    assert _written(tmp_path) == dict(qr.site_files(ctx, workers=1))


def test_a_worker_error_is_raised_by_finish(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = SiteContext(_dataset(*(f"group-{i}" for i in range(12))),
                      site_url="https://directory.example.org/")
    monkeypatch.setattr(qr, "PARALLEL_FROM", 1)
    monkeypatch.setattr(qr, "CHUNK", 5)
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "group-7").write_text("a file where a directory must go")
    job = qr.BackgroundWrite(ctx, tmp_path, workers=2)
    with pytest.raises(OSError):
        job.finish()
    assert job._pool is None
    job.cancel()  # harmless after a failure


def test_nothing_to_write_without_a_site_url(tmp_path: Path) -> None:
    ctx = SiteContext(_dataset(*(f"group-{i}" for i in range(3))), site_url="")
    assert qr.start_writing(ctx, tmp_path).finish() == 0
    assert list(tmp_path.iterdir()) == []


def test_qr_is_the_background_producer_and_the_rest_stay_in_order(tmp_path: Path) -> None:
    ctx = SiteContext(_dataset("first-group"), site_url="https://directory.example.org/")
    running, foreground = outputs.start_background(ctx, tmp_path)
    assert [name for name, _ in running] == ["generator.qr.site_files"]
    assert foreground == tuple(p for p in outputs.PRODUCERS if p != "generator.qr.site_files")
    assert running[0][1].finish() == 1


def test_a_failed_qr_step_fails_the_build_with_its_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort

    from generator import writer
    from generator.model import Online, ScheduleSlot
    from tests.helpers import build_site

    data = tmp_path / "resources.yaml"
    group = Resource(id="first-group", name="First Group", kind="meeting", program="aa",
                     attendance="online", timezone="America/Chicago",
                     online=Online(url="https://example.org/join"),
                     schedule=(ScheduleSlot(days=("mon",), start=time(19)),),
                     verified=date(2026, 1, 2))
    data.write_text(writer.dump(Dataset("resources.yaml", [group])), "utf-8")

    def broken(root: str, jobs: list[tuple[str, str, str]]) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(qr, "_write_chunk", broken)
    with pytest.raises(Abort, match="BuildError"):
        build_site(data, tmp_path / "site", site_url="https://directory.example.org/",
                   build_date="2026-01-15")
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any("generator.qr.site_files: writing its files failed" in e and "disk full" in e
               for e in errors), errors
