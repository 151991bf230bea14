"""Robustness, proven: bad input gets a clear answer, never a traceback or a damaged file.

- Every CLI command, on malformed input (bad YAML, binary garbage, an empty file, a
  missing file, a folder, a broken JSON feed) and on an output it cannot write, exits
  1 or 2 with a message naming the file; an existing `-o` file keeps its bytes (and its
  inode: not even rewritten), no temporary file is left, and `geocode` never touches a
  file with errors.
- A build of data with errors fails with FILE:LINE:COL messages and writes nothing;
  the last good site in the output folder stays as it was.
- An entry with only the required fields never shows "None", "null", "undefined" or
  "NaN" on any page, in any feed, or in the finder's and the handout's rendered text.
- The 404 page, served at any missing address as static hosts do, helps: a search box
  that reaches the finder, the crisis line, a link home.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort

from generator.cli import main as cli
from tests.helpers import build_site

pytestmark = pytest.mark.xdist_group("trust-robust")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "resources.yaml"
BUILD_DATE = "2026-11-15"
TODAY = ["--today", BUILD_DATE]

# --------------------------------------------------------------------------- the CLI

MALFORMED: dict[str, bytes | None] = {
    "bad-yaml": b'resources:\n  - id: a\n    name: "unterminated\n    kind: meeting\n',
    "binary": bytes(range(256)) * 8,  # NUL, control bytes, invalid UTF-8
    "empty": b"",
    "wrong-shape": b"- just\n- a list\n",
    "bad-json": b'[{"name": "Hope", "day": 1, "time": "19:00",',
    "missing": None,  # no such file
    "folder": None,  # a directory where a file should be
}

# {in}: the malformed input; {good}: a valid data file; {out}: an existing output file
COMMANDS = {
    "validate": ["validate", "{in}"],
    "stale": ["stale", "{in}"],
    "geocode": ["geocode", "{in}", "--offline"],
    "export-meeting-guide": ["export", "meeting-guide", "{in}", "-o", "{out}"],
    "export-ics": ["export", "ics", "{in}", "-o", "{out}"],
    "export-csv": ["export", "csv", "{in}", "-o", "{out}"],
    "export-hsds": ["export", "hsds", "{in}", "-o", "{out}"],
    "sync": ["sync", "{in}"],
    "diff-head": ["diff", "{good}", "{in}"],
    "diff-base": ["diff", "{in}", "{good}"],
    "import": ["import", "meeting-guide", "{in}", "-o", "{out}"],
    "from-issue": ["from-issue", "{in}", "--into", "{good}"],
    "from-issue-event": ["from-issue", "--event", "{in}", "--into", "{good}"],
}
OUT_BYTES = b"# a file someone keeps: must survive a failed command\n"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The CLI's entry point in this process: an uncaught exception (a traceback for
    the person at the terminal) fails the test by itself."""
    try:
        code: int | str | None = cli(argv)
    except SystemExit as exc:  # argparse's usage errors, `raise SystemExit("...")`
        code = exc.code
        if isinstance(code, str):
            print(code, file=sys.stderr)
            code = 1
    captured = capsys.readouterr()
    return int(code or 0), captured.out, captured.err


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int] | None]:
    """Every file under `folder`: bytes, inode and mtime (a rewrite changes the last two)."""
    out: dict[str, tuple[bytes, int, int] | None] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_file():
            st = p.stat()
            out[rel] = (p.read_bytes(), st.st_ino, st.st_mtime_ns)
        else:
            out[rel] = None
    return out


def make_input(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"input-{kind}.yaml"
    content = MALFORMED[kind]
    if kind == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("kind", list(MALFORMED))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_refuses_malformed_input_cleanly(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       command: str, kind: str) -> None:
    source = make_input(tmp_path, kind)
    good = tmp_path / "good.yaml"
    good.write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "out.txt"
    out.write_bytes(OUT_BYTES)
    before = snapshot(tmp_path)
    argv = [a.format(**{"in": str(source), "good": str(good), "out": str(out)})
            for a in COMMANDS[command]]
    code, stdout, stderr = run(argv, capsys)
    assert code in (1, 2), (code, stdout, stderr)
    assert str(source) in stderr, stderr
    assert "Traceback" not in stderr + stdout
    assert snapshot(tmp_path) == before  # OUT as it was, no temp file, no cache file


@pytest.mark.parametrize(("command", "argv"), [
    ("synth", ["synth", "--count", "3", "-o", "{out}"]),
    ("schema", ["schema", "-o", "{out}"]),
    ("export", ["export", "csv", "{good}", "-o", "{out}"]),
    ("import", ["import", "meeting-guide", "{feed}", "-o", "{out}"]),
])
@pytest.mark.parametrize("where", ["a-folder", "missing-folder/out.txt"])
def test_an_output_that_cannot_be_written_is_named_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, argv: list[str],
        where: str) -> None:
    good = tmp_path / "good.yaml"
    good.write_bytes(EXAMPLE.read_bytes())
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([{"name": "Hope", "slug": "hope", "day": 2, "time": "19:00",
                                 "timezone": "America/Chicago", "address": "1 Main St",
                                 "city": "Springfield", "state": "IL",
                                 "postal_code": "62701"}]), "utf-8")
    (tmp_path / "a-folder").mkdir()
    target = tmp_path / where
    before = snapshot(tmp_path)
    code, stdout, stderr = run([a.format(out=str(target), good=str(good), feed=str(feed))
                                for a in argv], capsys)
    assert code == 1, (code, stderr)
    assert f"{target}: error:" in stderr, stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("argv", [["synth", "--count", "-1", "-o", "{out}"],
                                  ["synth", "--count", "many", "-o", "{out}"],
                                  ["export", "pdf", "{good}", "-o", "{out}"],
                                  ["export", "csv", "{good}", "--program", "aa", "-o", "{out}"],
                                  ["import", "meeting-guide", "{good}", "--timezone",
                                   "Mars/Olympus", "-o", "{out}"]])
def test_usage_errors_leave_the_output_alone(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            argv: list[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "out.txt"
    out.write_bytes(OUT_BYTES)
    before = snapshot(tmp_path)
    code, _, stderr = run([a.format(out=str(out), good=str(good)) for a in argv], capsys)
    assert code in (1, 2) and stderr.strip(), (code, stderr)
    assert snapshot(tmp_path) == before


def test_geocode_never_touches_a_file_with_errors(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "resources.yaml"
    data.write_text(
        "resources:\n"
        "  - id: needs-coordinates\n    name: A\n    kind: community\n    program: aa\n"
        "    attendance: in-person\n    location:\n      address: 1 Main St\n"
        "      city: Springfield\n      region: IL\n      postal_code: \"62701\"\n"
        "      country: US\n"
        "  - id: broken\n    name: B\n    kind: nope\n    program: aa\n"
        "    attendance: in-person\n    location:\n      address: 2 Main St\n"
        "      postal_code: \"62702\"\n      country: US\n", "utf-8")
    before = snapshot(tmp_path)
    code, _, stderr = run(["geocode", str(data), "--offline"], capsys)
    assert code == 1
    assert re.search(rf"{re.escape(str(data))}:15:\d+: error:", stderr), stderr
    assert snapshot(tmp_path) == before
    # and with the error fixed, the same command fills the coordinates (so the refusal
    # above was the errors, not the command)
    data.write_text(data.read_text("utf-8").replace("kind: nope", "kind: community"), "utf-8")
    code, _, stderr = run(["geocode", str(data), "--offline"], capsys)
    assert code == 0, stderr
    assert "lat: 39.8" in data.read_text("utf-8")


def test_the_installed_command_prints_no_traceback(tmp_path: Path) -> None:
    """Once through a real process, as a volunteer's terminal runs it."""
    garbage = make_input(tmp_path, "binary")
    for argv, name in ((["validate", str(garbage)], str(garbage)),
                       (["schema", "-o", str(tmp_path / "no" / "schema.json")],
                        str(tmp_path / "no" / "schema.json"))):
        done = subprocess.run([sys.executable, "-m", "generator", *argv], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, done
        assert name in done.stderr and "Traceback" not in done.stderr, done.stderr


# --------------------------------------------------------------------------- the build


def build_errors(caplog: pytest.LogCaptureFixture, data: Path, out: Path) -> str:
    caplog.clear()
    with pytest.raises(Abort):
        build_site(data, out, build_date=BUILD_DATE)
    return "\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")


def test_a_build_with_errors_writes_nothing_and_keeps_the_last_good_site(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = tmp_path / "resources.yaml"
    good = EXAMPLE.read_text("utf-8")
    data.write_text(good, "utf-8")
    site = build_site(data, tmp_path / "site", build_date=BUILD_DATE)
    last_good = snapshot(site)
    assert "r/sample-springfield-tuesday-hope/index.html" in last_good
    # two new entries after the good ones: a misspelt kind, a place without an address
    line = good.count("\n") + 1
    data.write_text(good + "  - id: new-group\n    name: New Group\n    kind: meetup\n"
                           "    program: aa\n    attendance: online\n"
                           "    online: {phone: \"988\"}\n"
                           "  - id: new-place\n    name: New Place\n    kind: community\n"
                           "    program: aa\n    attendance: in-person\n", "utf-8")
    errors = build_errors(caplog, data, site)
    assert re.search(rf"resources\.yaml:{line + 2}:11: error: .*meetup", errors), errors
    assert re.search(rf"resources\.yaml:{line + 10}:\d+: error: .*location", errors), errors
    assert "Traceback" not in errors
    assert snapshot(site) == last_good  # not cleaned, not half-written: as it was
    # and into a fresh folder: nothing at all
    errors = build_errors(caplog, data, tmp_path / "fresh")
    assert not (tmp_path / "fresh").exists() or not any((tmp_path / "fresh").iterdir())


@pytest.mark.parametrize(("kind", "message"), [
    ("binary", r":2:118: error: the file is not valid UTF-8"),  # the first bad byte
    ("bad-yaml", r":5:1: error: YAML syntax"),
    ("empty", r":1:1: error: the file is empty"),
])
def test_a_build_of_an_unreadable_file_names_it(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                kind: str, message: str) -> None:
    data = make_input(tmp_path, kind)
    errors = build_errors(caplog, data, tmp_path / "site")
    assert f"{data}{message}" in errors, errors
    assert not (tmp_path / "site").exists()


# --------------------------------------------------------------------------- missing fields

MINIMAL = """\
resources:
  - id: min-meeting
    name: Minimal Meeting
    kind: meeting
    program: aa
    attendance: in-person
    timezone: America/Chicago
    schedule:
      - days: [mon]
        start: "19:00"
    location:
      address: 1 Main St
      city: Springfield
  - id: min-online
    name: Minimal Online
    kind: meeting
    program: na
    attendance: online
    timezone: America/Chicago
    schedule:
      - days: [tue]
        start: "08:00"
    online:
      phone: "988"
  - id: min-hybrid
    name: Minimal Hybrid
    kind: meeting
    program: ca
    attendance: hybrid
    timezone: America/New_York
    schedule:
      - days: [wed]
        start: "12:00"
    location:
      address: 3 Main St
      postal_code: "62701"
    online:
      url: https://example.org/join
  - id: min-helpline
    name: Minimal Helpline
    kind: helpline
    program: other
    attendance: online
    online:
      url: https://example.org/
  - id: min-community
    name: Minimal Community
    kind: community
    program: smart
    attendance: in-person
    location:
      address: 2 Main St
      postal_code: "62702"
"""
IDS = ["min-meeting", "min-online", "min-hybrid", "min-helpline", "min-community"]
EMPTY_WORDS = re.compile(r"\b(None|null|undefined|NaN)\b|\[object Object\]")


@pytest.fixture(scope="module")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("minimal")
    (work / "resources.yaml").write_text(MINIMAL, "utf-8")
    return build_site(work / "resources.yaml", work / "site", build_date=BUILD_DATE,
                      site_url="https://directory.example.org/", strict=True)


class _Shown(HTMLParser):
    """What a page shows or says: text outside scripts and styles, attribute values,
    and the JSON-LD about the entry (Material's own config script is not data)."""

    SAID = ("title", "alt", "aria-label", "content", "placeholder", "value", "href")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.json_ld: list[Any] = []
        self._skip: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.parts += [v for k, v in attrs if v and (k in self.SAID or k.startswith("data-"))]
        if tag in ("script", "style"):
            self._skip = "ld" if a.get("type") == "application/ld+json" else tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = None

    def handle_data(self, data: str) -> None:
        if self._skip == "ld":
            self.json_ld.append(json.loads(data))
        elif self._skip is None:
            self.parts.append(data)


def json_values(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for v in value.values():
            yield from json_values(v)
    elif isinstance(value, list):
        for v in value:
            yield from json_values(v)
    else:
        yield value


def test_missing_optional_fields_never_show_as_none(minimal_site: Path) -> None:
    pages = [minimal_site / "index.html", minimal_site / "online" / "index.html",
             *minimal_site.joinpath("r").glob("*/index.html"),
             *minimal_site.joinpath("places").rglob("index.html"),
             *minimal_site.joinpath("programs").rglob("index.html")]
    assert len(pages) > 15
    for page in pages:
        shown = _Shown()
        shown.feed(page.read_text("utf-8"))
        where = page.relative_to(minimal_site).as_posix()
        found = EMPTY_WORDS.findall(" ".join(shown.parts))
        assert not found, (where, found)
        for value in json_values(shown.json_ld):
            assert value is not None and not EMPTY_WORDS.search(str(value)), (where, value)
    feeds = [minimal_site / name for name in ("resources.json", "resources-notes.json",
                                              "meetings.json", "handout/meta.json")]
    feeds += [*minimal_site.joinpath("handout", "cards").glob("*.json"),
              *minimal_site.joinpath("gazetteer").glob("*.json")]
    for feed in feeds:
        for value in json_values(json.loads(feed.read_text("utf-8"))):
            assert value is not None and not EMPTY_WORDS.search(str(value)), (feed.name, value)
    for text_feed in ("resources.csv", "resources.ics", *(f"hsds/{p.name}" for p in
                                                         minimal_site.glob("hsds/*.csv"))):
        assert not EMPTY_WORDS.search((minimal_site / text_feed).read_text("utf-8-sig")), \
            text_feed
    assert len(list(minimal_site.glob("hsds/*.csv"))) == 9


@pytest.mark.browser
def test_missing_optional_fields_never_show_in_the_finder_or_handout(
        minimal_site: Path, serve_dir: Callable[[Path], str], browser: Any) -> None:
    base = serve_dir(minimal_site)
    ctx = browser.new_context(locale="en-US", timezone_id="America/Chicago")
    try:
        page = ctx.new_page()
        page.goto(base + "find/?day=any")
        page.wait_for_selector("#fd-near-list li[data-id]")
        shown = page.eval_on_selector_all("li.fd-item[data-id]", "els => els.map(e => e.dataset.id)")
        assert set(shown) == set(IDS)
        assert not EMPTY_WORDS.search(page.inner_text("main")), page.inner_text("main")
        page.goto(base + "find/?near=62701&day=any")
        page.wait_for_selector("#fd-near-list li[data-distance]")
        assert not EMPTY_WORDS.search(page.inner_text("main"))
        page.goto(base + "handout/?" + "&".join(f"id={i}" for i in IDS))
        page.wait_for_selector("#handout-sheet[data-ready]")
        assert page.locator(".handout-entry").count() == len(IDS)
        text = page.inner_text("main")
        assert not EMPTY_WORDS.search(text), text
        for i in IDS:
            page.goto(base + f"r/{i}/")
            assert not EMPTY_WORDS.search(page.inner_text("main")), i
    finally:
        ctx.close()


# --------------------------------------------------------------------------- 404


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """As GitHub Pages and most static hosts do: a missing path gets 404.html, 404."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def static_host(example_site: Path) -> Iterator[str]:
    handler = functools.partial(_StaticHost, directory=str(example_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_not_found_at_any_depth_still_helps(static_host: str, browser: Any,
                                            artifacts: Path) -> None:
    """tests/test_site_browser.py opens /404.html itself; here the page is what a
    visitor gets at an old, deep link: its styles and scripts must still load, and
    its search box, crisis line and home link must still work."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    failed: list[str] = []
    ctx.on("requestfailed", lambda r: failed.append(r.url))
    ctx.on("response", lambda r: failed.append(r.url) if r.status == 404
           and not r.url.endswith("/gone/group/deeper/") else None)
    try:
        page = ctx.new_page()
        response = page.goto(static_host + "r/gone/group/deeper/")
        assert response is not None and response.status == 404
        page.wait_for_load_state("load")
        assert failed == [], failed  # CSS, scripts and icons found from this depth
        assert page.get_by_role("heading", name="We could not find that page").is_visible()
        # styled: the theme's stylesheet applied (the banner has its own background)
        assert page.evaluate("getComputedStyle(document.querySelector('.md-banner'))"
                             ".backgroundColor") != "rgba(0, 0, 0, 0)"
        assert page.locator(".md-banner a[href='tel:988']").is_visible()
        assert page.locator("article a[href='tel:988']").is_visible()
        page.screenshot(path=str(artifacts / "trust-404-deep.png"), full_page=True)
        box = page.get_by_label("Search for a group, town or program")
        box.fill("hope")
        box.press("Enter")
        page.wait_for_url("**/find/?q=hope")
        page.wait_for_function("() => window.__finderTimings && window.__finderTimings.firstResults")
        assert page.input_value("#fd-q") == "hope"
        page.go_back()
        page.get_by_role("link", name="Home page").click()
        page.wait_for_url(static_host)
        assert page.get_by_role("heading", name="Find a peer-support group").is_visible()
    finally:
        ctx.close()

