"""`sync`: fixture feeds served from 127.0.0.1 that change a time, add a meeting, drop
one and rename one give exactly those changes in resources.yaml; curated fields,
comments and every other byte are kept; a second run is a no-op; an unreachable,
failing or malformed source fails with a clear message and leaves the file untouched."""

from __future__ import annotations

import copy
import difflib
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.format.loader import load

TODAY = ["--today", "2026-11-02"]


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"


def meeting(slug: str, name: str, day: int, time: str, street: str, **extra: Any) -> dict[str, Any]:
    return {"slug": slug, "name": name, "day": day, "time": time, "end_time": "",
            "timezone": "America/Chicago", "location": "Grace Church",
            "address": street, "city": "Springfield", "state": "IL",
            "postal_code": "62701", "country": "US", "latitude": "39.80",
            "longitude": "-89.64", "types": ["O"], "updated": "2026-10-01 10:00:00",
            "entity": "Springfield Intergroup", **extra}


BASE = [
    meeting("early-birds", "Early Birds", 1, "07:00", "1 Main St"),
    meeting("big-book", "Big Book Study", 2, "19:00", "2 Main St", notes="Upstairs."),
    meeting("friday-hope", "Friday Hope", 5, "20:00", "3 Main St"),
    meeting("sunday-serenity", "Sunday Serenity", 0, "10:00", "4 Main St"),
]


def changed_feed() -> list[dict[str, Any]]:
    feed = copy.deepcopy(BASE)
    feed[0]["time"] = "07:30"                          # a time changes
    feed[1]["notes"] = "Now in the basement."          # ...in a curated field
    del feed[2]                                        # one is dropped
    feed[2]["name"] = "Sunday Serenity Group"          # one is renamed
    feed.append(meeting("night-owls", "Night Owls", 6, "22:00", "5 Main St"))  # one added
    return feed


class Feeds:
    """Serves whatever `self.body` holds (or `self.status`), from 127.0.0.1."""

    def __init__(self) -> None:
        self.body: bytes = b""
        self.status = 200
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                self.send_response(owner.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(owner.body)))
                self.end_headers()
                self.wfile.write(owner.body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server: http.server.ThreadingHTTPServer | None = \
            http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/meetings.json"

    def serve(self, feed: object) -> None:
        self.body = json.dumps(feed).encode("utf-8")

    def close(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture()
def feeds() -> Iterator[Feeds]:
    f = Feeds()
    assert f.server is not None
    thread = threading.Thread(target=f.server.serve_forever, daemon=True)
    thread.start()
    yield f
    f.close()


HEAD = """\
# yaml-language-server: $schema=./resources.schema.json
# Our directory. This comment must survive every sync.
defaults:
  timezone: America/Chicago
  country: US
sources:
  - name: Springfield Intergroup   # the AA intergroup's feed
    format: meeting-guide
    url: {url}
    program: aa
    vanished: {vanished}
resources:
  # Curated by hand, not from any feed:
  - id: helpline
    name: Recovery Helpline
    kind: helpline
    program: other
    attendance: online
    online: {{phone: "+1 555 0100"}}   # flow style, kept as written
    source: Volunteers
"""


def sync(path: Path, *extra: str) -> int:
    return main(["sync", str(path), *TODAY, *extra])


def seeded(tmp_path: Path, feeds: Feeds, vanished: str = "mark-inactive") -> Path:
    """A file whose four feed entries came from a first sync, then edited by a person:
    comments added, one description curated."""
    path = tmp_path / "resources.yaml"
    path.write_text(HEAD.format(url=feeds.url, vanished=vanished), encoding="utf-8")
    feeds.serve(BASE)
    assert sync(path) == 0
    text = path.read_text(encoding="utf-8")
    assert text.count("source: Springfield Intergroup") == 4
    text = text.replace("  - id: early-birds-springfield\n", "  # Early Birds moved rooms in 2025.\n"
                        "  - id: early-birds-springfield\n")
    text = text.replace("      place: Grace Church\n      address: 1 Main St\n",
                        "      place: Grace Church   # the big one on Main\n"
                        "      address: 1 Main St\n")
    old = "    description: Upstairs.\n"
    assert old in text
    text = text.replace(old, "    description: Upstairs, second door on the left.\n"
                        "    curated: [description]   # checked by phone\n")
    path.write_text(text, encoding="utf-8")
    return path


def test_first_sync_adds_every_meeting_with_source_ids(tmp_path: Path, feeds: Feeds,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "resources.yaml"
    path.write_text(HEAD.format(url=feeds.url, vanished="report"), encoding="utf-8")
    feeds.serve(BASE)
    assert sync(path) == 0
    out = capsys.readouterr().out
    assert "4 added, 0 changed, 0 removed (1 unchanged)" in out
    dataset, report = load(path)
    assert not report.errors
    by_id = dataset.by_id()
    assert by_id["early-birds-springfield"].source_ids == ("early-birds",)
    assert by_id["early-birds-springfield"].source == "Springfield Intergroup"
    assert main(["validate", str(path), *TODAY]) == 0
    assert path.read_text(encoding="utf-8").startswith(
        HEAD.format(url=feeds.url, vanished="report"))  # the head, byte for byte


def test_sync_makes_exactly_the_upstream_changes(tmp_path: Path, feeds: Feeds,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = seeded(tmp_path, feeds)
    before = path.read_text(encoding="utf-8")
    capsys.readouterr()
    feeds.serve(changed_feed())
    assert sync(path) == 0
    out = capsys.readouterr().out
    after = path.read_text(encoding="utf-8")
    lines = list(difflib.unified_diff(before.splitlines(), after.splitlines(), n=0,
                                      lineterm=""))
    removed = [line[1:] for line in lines if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in lines if line.startswith("+") and not line.startswith("+++")]
    assert removed == ['        start: "07:00"', "    name: Sunday Serenity"]
    assert added[:2] == ['        start: "07:30"', "    status: inactive"]
    assert added[2] == "    name: Sunday Serenity Group"
    assert added[3:5] == ["  - id: night-owls-springfield", "    name: Night Owls"]
    assert sum(1 for a in added if a.startswith("  - id:")) == 1
    # Comments and the curated description, as the person left them.
    assert "  # Early Birds moved rooms in 2025.\n" in after
    assert "      place: Grace Church   # the big one on Main\n" in after
    assert "    description: Upstairs, second door on the left.\n" in after
    assert "    curated: [description]   # checked by phone\n" in after
    # The summary is diff's.
    assert "1 added, 3 changed, 0 removed (2 unchanged)" in out
    assert "schedule: days: mon, start: 07:00 -> days: mon, start: 07:30" in out
    assert "friday-hope-springfield: no longer in `Springfield Intergroup`: marked inactive" in out
    dataset, report = load(path)
    assert not report.errors
    assert dataset.by_id()["night-owls-springfield"].source_ids == ("night-owls",)


def test_second_run_is_a_no_op(tmp_path: Path, feeds: Feeds,
                               capsys: pytest.CaptureFixture[str]) -> None:
    path = seeded(tmp_path, feeds)
    feeds.serve(changed_feed())
    assert sync(path) == 0
    once = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    capsys.readouterr()
    assert sync(path) == 0
    assert path.read_bytes() == once
    assert path.stat().st_mtime_ns == mtime  # not even rewritten
    assert "0 added, 0 changed, 0 removed (6 unchanged)" in capsys.readouterr().out


@pytest.mark.parametrize("vanished", ["report", "remove"])
def test_vanished_meetings_as_the_source_says(tmp_path: Path, feeds: Feeds, vanished: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = seeded(tmp_path, feeds, vanished)
    capsys.readouterr()
    feeds.serve([m for m in BASE if m["slug"] != "friday-hope"])
    assert sync(path) == 0
    out = capsys.readouterr().out
    ids = set(load(path)[0].by_id())
    if vanished == "report":
        assert "friday-hope-springfield" in ids
        assert "friday-hope-springfield: no longer in `Springfield Intergroup`: kept" in out
    else:
        assert "friday-hope-springfield" not in ids
        assert "0 added, 0 changed, 1 removed" in out
        assert "friday-hope" not in path.read_text(encoding="utf-8")


def test_dry_run_writes_nothing(tmp_path: Path, feeds: Feeds,
                                capsys: pytest.CaptureFixture[str]) -> None:
    path = seeded(tmp_path, feeds)
    before = path.read_bytes()
    feeds.serve(changed_feed())
    assert sync(path, "--dry-run", "--format", "markdown") == 0
    out = capsys.readouterr().out
    assert "**1 added, 3 changed, 0 removed (2 unchanged)**" in out
    assert path.read_bytes() == before


def test_a_record_that_cannot_be_converted_keeps_its_entry(
        tmp_path: Path, feeds: Feeds, capsys: pytest.CaptureFixture[str]) -> None:
    path = seeded(tmp_path, feeds)
    feed = copy.deepcopy(BASE)
    feed[2]["time"] = "not a time"
    feeds.serve(feed)
    assert sync(path) == 0
    captured = capsys.readouterr()
    assert "friday-hope-springfield: kept as it was" in captured.out
    assert "is not a time of day" in captured.err
    assert load(path)[0].by_id()["friday-hope-springfield"].status == "active"


@pytest.mark.parametrize(("serve", "message"), [
    (lambda f: setattr(f, "status", 500), "answered HTTP 500"),
    (lambda f: setattr(f, "body", b"<html>maintenance</html>"), "is not a usable meeting-guide feed"),
    (lambda f: f.serve([]), "lists no meetings"),
    (lambda f: setattr(f, "body", b'[{"name": "x", "day": 1'), "is not a usable meeting-guide feed"),
])
def test_a_failing_or_malformed_source_leaves_the_file_untouched(
        tmp_path: Path, feeds: Feeds, capsys: pytest.CaptureFixture[str],
        serve: Any, message: str) -> None:
    path = seeded(tmp_path, feeds)
    before = path.read_bytes()
    capsys.readouterr()
    serve(feeds)
    assert sync(path) == 1
    err = capsys.readouterr().err
    assert "sync: error: source `Springfield Intergroup`" in err
    assert message in err
    assert "is unchanged" in err
    assert path.read_bytes() == before


def test_an_unreachable_source_fails_cleanly(tmp_path: Path, feeds: Feeds,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = seeded(tmp_path, feeds)
    before = path.read_bytes()
    feeds.close()  # nothing listens on that port now
    capsys.readouterr()
    assert sync(path) == 1
    err = capsys.readouterr().err
    assert "cannot be reached" in err and feeds.url in err
    assert path.read_bytes() == before


def test_a_source_read_from_a_path(tmp_path: Path) -> None:
    feed = tmp_path / "feeds" / "intergroup.json"
    feed.parent.mkdir()
    feed.write_text(json.dumps(BASE), encoding="utf-8")
    path = tmp_path / "resources.yaml"
    path.write_text(HEAD.format(url="x", vanished="report").replace(
        "    url: x\n", "    path: feeds/intergroup.json\n"), encoding="utf-8")
    assert sync(path) == 0
    assert len(load(path)[0].resources) == 5
    feed.unlink()
    before = path.read_bytes()
    assert sync(path) == 1
    assert path.read_bytes() == before


def test_usage_and_declaration_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "resources.yaml"
    text = HEAD.format(url="x", vanished="report")
    plain = text.split("sources:")[0] + "resources:\n" + text.split("resources:\n")[1]
    path.write_text(plain, encoding="utf-8")
    before = path.read_bytes()
    assert sync(path) == 0  # nothing to do is not a failure of the weekly job
    assert "no `sources:` declared; nothing to sync" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert sync(path, "--source", "Springfield Intergroup") == 1
    assert "no `sources:` declared; add one" in capsys.readouterr().err
    path.write_text(HEAD.format(url="http://example.org/feed.json", vanished="report"),
                    encoding="utf-8")
    assert sync(path) == 1
    err = capsys.readouterr().err
    assert "resources.yaml:9:10: error: source `Springfield Intergroup`: url must be https" in err
    path.write_text(HEAD.format(url="https://example.org/feed.json", vanished="report"),
                    encoding="utf-8")
    assert sync(path, "--source", "Nope") == 1
    assert "no source named 'Nope'" in capsys.readouterr().err
    assert main(["sync", str(tmp_path / "missing.yaml")]) == 2


# --------------------------------------------------------------------------- layouts, formats


def test_other_indentation_crlf_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(BASE[:2]), encoding="utf-8")
    path = tmp_path / "resources.yaml"
    path.write_text(HEAD.format(url="x", vanished="report").replace(
        "    url: x\n", "    path: feed.json\n"), encoding="utf-8")
    assert sync(path) == 0
    # A person re-indents the file (items at column 0, keys at 2) and saves it with
    # Windows line ends and a byte-order mark.
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("resources:")
    moved = lines[:start + 1] + [line[2:] if line.startswith("  ") else line
                                 for line in lines[start + 1:]]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(moved).encode("utf-8"))
    before = path.read_bytes()
    changed = copy.deepcopy(BASE[:2])
    changed[0]["time"] = "07:15"
    changed.append(meeting("night-owls", "Night Owls", 6, "22:00", "5 Main St"))
    feed.write_text(json.dumps(changed), encoding="utf-8")
    assert sync(path) == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in after.replace(b"\r\n", b"")
    text = after.decode("utf-8-sig")
    assert '      start: "07:15"\r\n' in text
    assert "\r\n- id: night-owls-springfield\r\n  name: Night Owls\r\n" in text
    old = before.decode("utf-8-sig").split("\r\n")
    new = text.split("\r\n")
    assert [line for line in old if line not in new] == ['      start: "07:00"']
    dataset, report = load(path)
    assert not report.errors and len(dataset.resources) == 4


def test_curated_block_keys_and_a_curated_status_are_left_alone(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(BASE), encoding="utf-8")
    path = tmp_path / "resources.yaml"
    path.write_text(HEAD.format(url="x", vanished="mark-inactive").replace(
        "    url: x\n", "    path: feed.json\n"), encoding="utf-8")
    assert sync(path) == 0
    text = path.read_text(encoding="utf-8")
    text = text.replace("      address: 1 Main St\n",
                        "      address: 1 Main St\n      directions: Ring the bell\n")
    text = text.replace("  - id: friday-hope-springfield\n", "  - id: friday-hope-springfield\n"
                        "    curated: [status]\n")
    text = text.replace("  - id: early-birds-springfield\n", "  - id: early-birds-springfield\n"
                        "    curated: [location.directions]\n")
    path.write_text(text, encoding="utf-8")
    changed = [m for m in copy.deepcopy(BASE) if m["slug"] != "friday-hope"]
    changed[0]["location_notes"] = "Use the back door"
    changed[0]["address"] = "1A Main St"
    feed.write_text(json.dumps(changed), encoding="utf-8")
    assert sync(path) == 0
    by_id = load(path)[0].by_id()
    early = by_id["early-birds-springfield"].location
    assert early is not None
    assert (early.address, early.directions) == ("1A Main St", "Ring the bell")
    assert by_id["friday-hope-springfield"].status == "active"  # status is curated: reported only


def test_bmlt_sources_match_by_id_bigint(tmp_path: Path) -> None:
    rows = json.loads((FIXTURES / "bmlt_meetings_only.json").read_text(encoding="utf-8"))[:1]
    feed = tmp_path / "na.json"
    feed.write_text(json.dumps(rows), encoding="utf-8")
    path = tmp_path / "resources.yaml"
    path.write_text(HEAD.format(url="x", vanished="report").replace(
        "    url: x\n", "    path: na.json\n").replace("format: meeting-guide", "format: bmlt")
        .replace("program: aa", "program: na"), encoding="utf-8")
    assert sync(path) == 0
    (entry,) = [r for r in load(path)[0].resources if r.program == "na"]
    assert entry.source_ids == (rows[0]["id_bigint"],)
    rows[0]["meeting_name"] = "Just for Today Group"
    feed.write_text(json.dumps(rows), encoding="utf-8")
    assert sync(path) == 0
    (renamed,) = [r for r in load(path)[0].resources if r.program == "na"]
    assert (renamed.id, renamed.name) == (entry.id, "Just for Today Group")


def test_validate_checks_the_sources_list(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "resources.yaml"
    text = HEAD.format(url="https://example.org/a.json", vanished="report")
    text = text.replace("resources:\n", "  - name: Springfield Intergroup\n"
                        "    format: bmlt\n    program: na\n    timezone: Mars/Olympus\n"
                        "resources:\n", 1)
    text = text.replace("    source: Volunteers\n",
                        "    source: Volunteers\n    curated: [name]\n")
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path), *TODAY]) == 1
    captured = capsys.readouterr()
    err = captured.out + captured.err
    assert "resources.yaml:12:11: error: source `Springfield Intergroup` is declared twice" in err
    assert "needs exactly one of `url` and `path`" in err
    assert "resources.yaml:15:15: error: source `Springfield Intergroup`: unknown time zone" in err
    assert "helpline: `curated` has no effect: its source `Volunteers` is not one of" in err


def test_awkward_strings_round_trip_and_the_second_run_is_a_no_op(tmp_path: Path) -> None:
    awkward = meeting("odd, slug [1]", 'Hope: "Group" # 1, [x] {y} \u202eevil', 3, "19:00",
                      "6 Main St", notes="Line one\nLine two: - yes\n# not a comment")
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([*BASE[:1], awkward]), encoding="utf-8")
    path = tmp_path / "resources.yaml"
    path.write_text(HEAD.format(url="x", vanished="report").replace(
        "    url: x\n", "    path: feed.json\n"), encoding="utf-8")
    assert sync(path) == 0  # the merged text read back equal, or nothing is written
    once = path.read_bytes()
    entry = next(r for r in load(path)[0].resources if r.source_ids == ("odd, slug [1]",))
    assert entry.name.startswith('Hope: "Group" # 1, [x] {y} ')
    assert "Line two: - yes" in entry.description
    assert sync(path) == 0
    assert path.read_bytes() == once
