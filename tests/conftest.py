"""Shared fixtures: a headless Chromium driven by Playwright, and a static file server
for a built site. Browser tests never touch the network: the server is on loopback and
Chromium starts with its background networking off."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A browser closing a connection early is normal; a real failure shows in a test.
        pass


@pytest.fixture(scope="session")
def serve_dir() -> Iterator[object]:
    """Returns a function `serve(path) -> base_url` serving a directory on loopback."""
    servers: list[_QuietServer] = []

    def serve(path: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(path))
        server = _QuietServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# --------------------------------------------------------------------------- built sites
# Session-wide builds of the real site (mkdocs.yml, content/, our plugin), shared by the
# site and browser tests. Each returns the site directory; the data file it was built
# from sits beside it as `resources.yaml`.

SITE_BUILD_DATE = "2026-11-15"
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clearly fictional sample region in examples/, built strictly."""
    import shutil

    from tests.helpers import build_site

    work = tmp_path_factory.mktemp("example-site")
    shutil.copy(ROOT / "examples" / "resources.yaml", work / "resources.yaml")
    return build_site(work / "resources.yaml", work / "site", build_date=SITE_BUILD_DATE,
                      site_url="https://directory.example.org/", strict=True,
                      data_path="examples/resources.yaml")


@pytest.fixture(scope="session")
def synth_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 synthetic entries plus hostile ones: HTML in every free-text field, an alias,
    a temporarily closed and an inactive group. Built without site_url."""
    from dataclasses import replace

    from generator import synth
    from generator.format import yaml_writer as writer
    from generator.format.model import Location, Online
    from tests.helpers import build_site

    dataset = synth.generate(300, seed=11)
    first = dataset.resources[0]
    hostile_loc = replace(first.location or Location(), place=HOSTILE, directions=HOSTILE,
                          address="1 Main St", city="Springfield", region="IL",
                          postal_code="62701", country="US", lat=39.80, lon=-89.64)
    dataset.resources.append(replace(
        first, id="hostile-entry", name=HOSTILE, description=HOSTILE + "\n\n</script>&amp;",
        source=HOSTILE, location=hostile_loc, attendance="hybrid", status="active",
        online=Online(url="https://example.org/join?a=1&b=<x>", notes=HOSTILE),
        aliases=("hostile-old-id",), verified=None))
    springfield = replace(hostile_loc, place="Plain Hall", directions="")
    dataset.resources.append(replace(first, id="paused-entry", name="Paused Group",
                                     status="temporarily-closed", location=springfield,
                                     attendance="in-person", online=None))
    dataset.resources.append(replace(first, id="gone-entry", name="Gone Group",
                                     status="inactive", location=springfield,
                                     attendance="in-person", online=None))
    work = tmp_path_factory.mktemp("synth-site")
    (work / "resources.yaml").write_text(writer.dump(dataset), "utf-8")
    return build_site(work / "resources.yaml", work / "site", build_date=SITE_BUILD_DATE)
