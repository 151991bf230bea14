"""Hostile and broken input, round two (issue #18): files, numbers and links.

One test (or a small group) per class: writes that follow links, edits made during a
long `geocode`, numbers and nesting past any sense, special files, names too long for a
file system, null shown as text, spreadsheet formulas behind spaces, links that hide
where they go, files the tools could not read back, escape sequences in messages,
non-standard YAML tags, live Markdown in summaries, and towns sharing a page. The sweep
at the end runs every command on every broken input: exit 1 or 2, a message naming the
file, no traceback, no file changed.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.feeds.spreadsheet import guard
from generator.files import write_atomic
from generator.format.loader import load
from generator.format.validate import check
from tests.test_trust_robustness import COMMANDS, EXAMPLE, OUT_BYTES, run, snapshot

ROOT = Path(__file__).resolve().parent.parent

ONLINE = """resources:
  - id: hope
    name: Hope
    kind: meeting
    program: aa
    attendance: online
    timezone: America/Chicago
    schedule:
      - days: [tue]
        start: "19:00"
    online: {url: "https://example.org/join"}
"""

IN_PERSON = """defaults:
  timezone: America/Chicago
  country: US
  region: IL
resources:
  - id: hall
    name: Hall group
    kind: community
    program: aa
    attendance: in-person
    location:
      address: 100 Example St
      city: Springfield
      postal_code: "62701"
"""


def problems(text: str) -> list[tuple[int, int, str, str]]:
    _, report = check("t.yaml", text=text)
    return [(d.line, d.col, d.severity, d.message) for d in report.sorted()]


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A read that blocks (a FIFO opened for reading) fails the test instead of hanging."""
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("blocked: a command waited on a special file")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


# --------------------------------------------------------------------------- writes


def test_geocode_never_writes_through_a_planted_link(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "resources.yaml"
    data.write_text(IN_PERSON, "utf-8")
    data.chmod(0o640)
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me\n")
    for name in ("resources.yaml.tmp", "geocode-cache.json.tmp"):
        (tmp_path / name).symlink_to(victim)
    code, _, err = run(["geocode", str(data), "--offline"], capsys)
    assert code == 0, err
    assert victim.read_bytes() == b"keep me\n"
    assert not data.is_symlink() and "lat: " in data.read_text("utf-8")
    assert stat.S_IMODE(data.stat().st_mode) == 0o640  # the mode it had
    assert not (tmp_path / "geocode-cache.json").is_symlink()
    leftovers = {p.name for p in tmp_path.iterdir()} - {
        "resources.yaml", "geocode-cache.json", "victim.txt", "resources.yaml.tmp",
        "geocode-cache.json.tmp"}
    assert leftovers == set()


def test_the_atomic_helper_replaces_a_link_never_its_target(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep", "utf-8")
    link = tmp_path / "out.txt"
    link.symlink_to(victim)
    write_atomic(link, "new")
    assert victim.read_text("utf-8") == "keep"
    assert not link.is_symlink() and link.read_text("utf-8") == "new"


def test_an_edit_made_while_geocode_runs_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from generator.commands import geocode_fill as fill

    data = tmp_path / "resources.yaml"
    data.write_text(IN_PERSON, "utf-8")
    edited = IN_PERSON.replace("Hall group", "Hall group (moved upstairs)")
    real_locate = fill.locate

    def locate_while_someone_saves(*args: object, **kw: object) -> fill.Outcome:
        data.write_text(edited, "utf-8")  # a volunteer saves, or `git pull` lands
        return real_locate(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(fill, "locate", locate_while_someone_saves)
    code, _, err = run(["geocode", str(data), "--offline"], capsys)
    assert code == 1
    assert "changed while geocode ran" in err and str(data) in err
    assert data.read_text("utf-8") == edited  # the edit survives; nothing merged over it
    assert "Traceback" not in err


def test_answers_added_to_the_cache_meanwhile_are_kept(tmp_path: Path) -> None:
    from generator.commands.geocode_cache import Answer, GeocodeCache

    path = tmp_path / "geocode-cache.json"
    first = GeocodeCache(path)
    first.put("nominatim", "1 Main St", Answer(39.8, -89.6, False, "1 Main St"))
    first.save()
    ours = GeocodeCache.load(path)
    theirs = GeocodeCache.load(path)  # another run, or a pull, writes meanwhile
    theirs.put("nominatim", "2 Oak Ave", Answer(39.7, -89.5, False, "2 Oak Ave"))
    theirs.save()
    ours.put("nominatim", "3 Elm St", None)
    ours.save()
    saved = GeocodeCache.load(path)
    assert set(saved.answers) == {"nominatim|1 main st", "nominatim|2 oak ave",
                                  "nominatim|3 elm st"}


# --------------------------------------------------------------------------- numbers, nesting


@pytest.mark.parametrize("value", ["1" + "0" * 400, "9" * 5000, "1" + "0" * 400 + ".5",
                                   "-" + "9" * 40])
def test_numbers_far_out_of_range_are_errors(value: str) -> None:
    text = IN_PERSON.replace('postal_code: "62701"',
                             f'postal_code: "62701"\n      lat: {value}\n      lon: -89.6')
    found = problems(text)
    assert found[0][:3] == (15, 12, "error"), found
    assert "out of range" in found[0][3]


def test_a_week_must_be_a_whole_number() -> None:
    text = ONLINE.replace('start: "19:00"', 'start: "19:00"\n        every: month\n'
                          "        weeks: [1.9]")
    found = problems(text)
    assert (12, 17, "error", "`schedule.0.weeks.0`: `1.9` is not a whole number") in found


DEEP_YAML = {
    "flow": "resources: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "block": "resources:\n  - tags:\n" + "      " + "- " * 100_000 + "x\n",  # crashed libyaml
    "mapping": "resources:\n" + "".join(" " * i + "a:\n" for i in range(1, 300)),
}


@pytest.mark.parametrize("kind", list(DEEP_YAML))
def test_deeply_nested_yaml_is_an_error_not_a_crash(tmp_path: Path, kind: str) -> None:
    """In a child process: libyaml's composer recursing in C would kill the process,
    which an in-process test could not even report."""
    data = tmp_path / "deep.yaml"
    data.write_text(DEEP_YAML[kind], "utf-8")
    done = subprocess.run([sys.executable, "-m", "generator", "validate", str(data)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 1, done
    assert f"{data}:" in done.stdout and "Traceback" not in done.stderr
    assert "nest" in done.stdout


def test_deep_nesting_is_refused_before_a_recursive_composer_sees_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML without libyaml composes recursively in Python: 5,000 levels would be a
    RecursionError. The depth is measured on parser events first (not recursive)."""
    import yaml

    from generator.format import yaml_source

    class PurePython(yaml.SafeLoader):
        def resolve(self, kind: type, value: object, implicit: object) -> str:
            return yaml_source._TAG_OF[kind]

    monkeypatch.setattr(yaml_source, "YamlLoader", PurePython)
    for text in ("resources: " + "[" * 5000 + "]" * 5000 + "\n",
                 "resources:\n  - tags:\n      " + "- " * 5000 + "x\n"):
        found = problems(text)
        assert len(found) == 1 and found[0][2] == "error", found
        assert "nested more than 64 levels deep" in found[0][3]
    assert problems(ONLINE.replace("[tue]", "[[[[[[tue]]]]]]"))[0][3].startswith(
        "`schedule.0.days.0` must be a single value")  # shallow: read as usual


# --------------------------------------------------------------------------- geocode cache


CACHES = {
    "not-utf8": b'{"format": "peer-directory-geocode-cache/1", "answers": {"\xff": null}}',
    "answer-is-a-list": b'{"format": "peer-directory-geocode-cache/1", "answers": '
                        b'{"offline|x": [1, 2]}}',
    "answer-is-text": b'{"format": "peer-directory-geocode-cache/1", "answers": '
                      b'{"offline|x": "here"}}',
    "huge-integer": b'{"format": "peer-directory-geocode-cache/1", "answers": '
                    b'{"offline|x": {"lat": ' + b"9" * 5000 + b', "lon": 1}}}',
    "huge-float": b'{"format": "peer-directory-geocode-cache/1", "answers": '
                  b'{"offline|x": {"lat": 1e999, "lon": 1}}}',
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "not-an-object": b"[1, 2, 3]",
}


@pytest.mark.parametrize("kind", list(CACHES))
def test_a_broken_geocode_cache_is_named_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    data = tmp_path / "resources.yaml"
    data.write_text(IN_PERSON, "utf-8")
    cache = tmp_path / "geocode-cache.json"
    cache.write_bytes(CACHES[kind])
    before = snapshot(tmp_path)
    code, out, err = run(["geocode", str(data), "--offline"], capsys)
    assert code == 1, err
    assert f"{cache}:" in err and "Traceback" not in err + out
    assert snapshot(tmp_path) == before


# --------------------------------------------------------------------------- special files


def test_a_fifo_is_refused_without_blocking(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "data.yaml"
    os.mkfifo(fifo)
    _, report = load(fifo)
    assert [d.format() for d in report.errors] == [
        f"{fifo}:1:1: error: cannot read the file: it is a pipe, device or socket, not a "
        "regular file — give the path of a data file"]


# --------------------------------------------------------------------------- names and builds


def test_ids_and_aliases_too_long_for_a_file_name_are_refused() -> None:
    long_id = "a" * 101
    found = problems(ONLINE.replace("id: hope", f"id: {long_id}"))
    assert found[0][:3] == (2, 9, "error") and "over the limit of 100" in found[0][3]
    found = problems(ONLINE.replace("id: hope", f"id: hope\n    aliases: [{'b' * 200}]"))
    assert any(line == 3 and "over the limit" in m for line, _, _, m in found), found
    assert problems(ONLINE.replace("id: hope", f"id: {'a' * 100}")) == []


# --------------------------------------------------------------------------- null


def test_null_means_absent_and_a_required_null_is_an_error() -> None:
    dataset, report = load("t.yaml", ONLINE.replace("name: Hope", "name: Hope\n"
                                                   "    description: ~\n    source: null"))
    assert report.items == []
    assert dataset.resources[0].description == "" and dataset.resources[0].source == ""
    found = problems(ONLINE.replace('schedule:\n      - days: [tue]\n        start: "19:00"\n',
                                    "schedule: ~\n"))
    assert [m for _, _, _, m in found] == ["hope: a meeting needs a schedule"], found
    for empty in ("null", "~", "Null", '""', "''", '"  "', ""):
        found = problems(ONLINE.replace("name: Hope", f"name: {empty}"))
        assert [(line, severity, m) for line, _, severity, m in found] == [
            (3, "error", "`name` is empty")], (empty, found)


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize("cell", [" =1+1", "  +1", "\u00a0=HYPERLINK(\"x\")", "\u3000@SUM(1)",
                                  "\ufeff=1", "\n=1", "\r\n-1", " \t=1", "\u2003=cmd|' /C calc'!A0"])
def test_formulas_behind_spaces_boms_and_line_breaks_are_guarded(cell: str) -> None:
    assert guard(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Hope", " Hope", "a = b", "", "St. Mark's", "\u00a0Hope"])
def test_text_that_is_no_formula_is_left_alone(cell: str) -> None:
    assert guard(cell) == cell


# --------------------------------------------------------------------------- links


def url_problems_for(url: str) -> list[tuple[str, str]]:
    found = problems(ONLINE.replace("https://example.org/join", url))
    return [(severity, m) for line, _, severity, m in found if line == 11]


@pytest.mark.parametrize("url", ["https://example.org/a\\nb", "https://example.org/a\\rb",
                                 "https://example.org/a\\0b", "https://example.org/a\\tb"])
def test_control_characters_in_links_are_errors(url: str) -> None:
    found = url_problems_for(url)
    assert found and found[0][0] == "error" and "control character" in found[0][1], found


def test_user_info_and_mixed_script_domains_are_warned_about() -> None:
    found = url_problems_for("https://paypal.com@evil.example/login")
    assert found == [("warning", "hope: `online.url`: the link sends people to "
                      "`evil.example`: the part before `@` is a user name, not the site")]
    found = url_problems_for("https://p\u0430ypal.com/")  # Cyrillic а
    assert [s for s, _ in found] == ["warning"] and "CYRILLIC, LATIN" in found[0][1]
    found = url_problems_for("https://xn--pypal-4ve.com/")  # the same, as punycode
    assert [s for s, _ in found] == ["warning"], found
    assert url_problems_for("https://\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444/") == []
    assert url_problems_for("https://example.org/caf\u00e9") == []


def test_a_link_has_a_maximum_length() -> None:
    found = url_problems_for("https://example.org/" + "a" * 2000)
    assert found and found[0][0] == "error" and "over 2000" in found[0][1]


# --------------------------------------------------------------------------- read back


@pytest.mark.parametrize("command", ["synth", "import"])
def test_import_and_synth_never_write_a_file_the_loader_refuses(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], command: str) -> None:
    from generator.commands import limits

    monkeypatch.setattr(limits, "MAX_BYTES", 200)  # any real output is larger
    feed = tmp_path / "feed.json"
    feed.write_text('[{"name": "Hope", "slug": "hope", "day": 2, "time": "19:00", '
                    '"timezone": "America/Chicago", "address": "1 Main St", "city": '
                    '"Springfield", "state": "IL", "postal_code": "62701"}]', "utf-8")
    out = tmp_path / "out.yaml"
    argv = (["synth", "--count", "5", "-o", str(out)] if command == "synth"
            else ["import", "meeting-guide", str(feed), "-o", str(out)])
    code, _, err = run(argv, capsys)
    assert code == 1
    assert f"{out}: error: the data would be" in err and "nothing written" in err
    assert not out.exists()


# --------------------------------------------------------------------------- messages


def test_escape_sequences_from_the_data_are_shown_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "esc.yaml"
    data.write_text(ONLINE.replace("kind: meeting", 'kind: "\\e]0;pwned\\a\\e[2J"')
                    .replace("program: aa", "program: \"a\\u202ea\""), "utf-8")
    code, out, _ = run(["validate", str(data)], capsys)
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "`\\x1b]0;pwned\\x07\\x1b[2J` is not one of the allowed values" in out
    assert "`a\\u202ea`" in out
    from generator.format.diagnostics import printable

    assert printable("é 😀 ok") == "é 😀 ok"  # only controls are escaped


def test_a_linked_data_file_never_has_its_target_echoed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("api_token: s3cr3t-value\n", "utf-8")
    link = tmp_path / "resources.yaml"
    link.symlink_to(secret)
    for argv in (["validate", str(link)], ["stale", str(link)],
                 ["export", "csv", str(link)], ["geocode", str(link), "--offline"]):
        code, out, err = run(argv, capsys)
        assert code in (1, 2), argv
        assert "s3cr3t" not in out + err and "api_token" not in out + err
        assert "symbolic link" in err + out


# --------------------------------------------------------------------------- tags


@pytest.mark.parametrize("tagged", ["!!binary aGVsbG8=", "!!python/name:os.system x",
                                    "!!python/object/apply:os.system [ls]", "!!set {a: null}",
                                    "!custom x"])
def test_non_standard_yaml_tags_are_refused(tagged: str) -> None:
    found = problems(ONLINE.replace("name: Hope", f"name: {tagged}"))
    assert found and found[0][:3] == (3, 11, "error"), found
    assert "YAML tags like" in found[0][3]


def test_standard_tags_still_read() -> None:
    assert problems(ONLINE.replace("name: Hope", "name: !!str Hope")) == []


# --------------------------------------------------------------------------- Markdown

EVIL_NAME = ("[click](https://evil.example/x) ![px](https://evil.example/p.png) "
             "<img src=x> @octocat #1 www.evil.example `code` *bold*")


def test_markdown_summaries_add_no_link_image_or_mention(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(ONLINE, "utf-8")
    head = tmp_path / "head.yaml"
    head.write_text(ONLINE.replace("name: Hope", f"name: '{EVIL_NAME}'"), "utf-8")
    stale_text = ONLINE.replace("name: Hope", f"name: '{EVIL_NAME}'") \
        .replace("    online:", "    verified: 2020-01-01\n    online:")
    old = tmp_path / "old.yaml"
    old.write_text(stale_text, "utf-8")
    outputs = []
    for argv in (["diff", str(base), str(head), "--format", "markdown"],
                 ["stale", str(old), "--format", "markdown", "--today", "2026-11-15"]):
        code, out, err = run(argv, capsys)
        assert code == 0, err
        outputs.append(out)
    for out in outputs:
        assert "click" in out and "octocat" in out  # shown, as text
        assert "](" not in out.replace("\\](", "")  # no [text](url) left whole
        assert "<img" not in out
        assert "https://" not in out and "www.evil" not in out  # no autolink
        assert "@octocat" not in out and "#1 " not in out  # no mention, no reference


# --------------------------------------------------------------------------- towns


def test_towns_differing_in_case_or_symbols_get_their_own_pages() -> None:
    from generator.render import places

    def entry(i: int, city: str) -> str:
        return (f"  - id: g{i}\n    name: G{i}\n    kind: community\n    program: aa\n"
                f"    attendance: in-person\n    location: {{address: {i} Main St, "
                f"city: '{city}', region: IL, country: US}}\n")

    text = "resources:\n" + "".join(entry(i, c) for i, c in enumerate(
        ["SPRINGFIELD!", "Springfield", "Springfield", "springfield"]))
    dataset, report = load("t.yaml", text)
    assert report.errors == []
    towns = places.tree(dataset)[0].regions["il"].towns
    names = {t.name: (slug, len(t.resources)) for slug, t in towns.items()}
    assert names["Springfield"] == ("springfield", 2)  # the most used spelling, plain slug
    assert names["SPRINGFIELD!"][0].startswith("springfield-")
    assert names["springfield"][0].startswith("springfield-")
    assert len({slug for slug, _ in names.values()}) == 3
    pages = {p.path: p for p in places.pages(places.tree(dataset))}
    assert pages["places/us/il/springfield/"].title.startswith("Springfield,")
    first = dataset.resources[0]
    assert places.town_path(first, dataset) == f"places/us/il/{names['SPRINGFIELD!'][0]}/"


def test_a_minority_spelling_of_a_town_is_warned_about() -> None:
    def entry(i: int, city: str) -> str:
        return (f"  - id: g{i}\n    name: G{i}\n    kind: community\n    program: aa\n"
                f"    attendance: in-person\n    location: {{address: {i} Main St, "
                f"city: '{city}', region: IL, country: US}}\n")

    text = "resources:\n" + "".join(entry(i, c) for i, c in enumerate(
        ["Springfield", "SPRINGFIELD!", "Springfield", "Decatur"]))
    found = problems(text)
    assert [(line, severity) for line, _, severity, _ in found] == [(13, "warning")], found
    assert found[0][3] == ("g1: town `SPRINGFIELD!` is spelled `Springfield` by 2 other "
                           "entries, which are listed on another town page")


# --------------------------------------------------------------------------- the sweep

BROKEN: dict[str, bytes] = {
    # (Not lat/lon: `geocode` replaces a broken coordinate of an entry it fills, by design.)
    "huge-number": ONLINE.replace('start: "19:00"', 'start: "19:00"\n        every: month'
                                  "\n        weeks: [" + "9" * 5000 + "]").encode(),
    "deep-flow": b"resources: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "deep-json": b"[" * 100_000 + b"]" * 100_000,
    "binary-tag": ONLINE.replace("name: Hope", "name: !!binary aGVsbG8=").encode(),
    "python-tag": ONLINE.replace("name: Hope", "name: !!python/name:os.system x").encode(),
    "null-name": ONLINE.replace("name: Hope", "name: null").encode(),
    "escapes": ONLINE.replace("kind: meeting", 'kind: "\\e[31m\\e]0;x\\a"').encode(),
    "week-fraction": ONLINE.replace('start: "19:00"', 'start: "19:00"\n        every: month'
                                    "\n        weeks: [1.9]").encode(),
    "long-id": ONLINE.replace("id: hope", "id: " + "a" * 300).encode(),
    "json-huge-int": b'[{"name": "Hope", "day": ' + b"9" * 5000 + b', "time": "19:00"}]',
}
SPECIAL = ("fifo", "symlink")


def make_broken(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"input-{kind}.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink":
        target = tmp_path / "target.txt"
        target.write_text("token: s3cr3t\n", "utf-8")
        path.symlink_to(target)
    else:
        path.write_bytes(BROKEN[kind])
    return path


@pytest.mark.parametrize("kind", [*BROKEN, *SPECIAL])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_on_broken_input_exits_cleanly_and_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, kind: str) -> None:
    source = make_broken(tmp_path, kind)
    good = tmp_path / "good.yaml"
    good.write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "out.txt"
    out.write_bytes(OUT_BYTES)
    before = snapshot(tmp_path)
    argv = [a.format(**{"in": str(source), "good": str(good), "out": str(out)})
            for a in COMMANDS[command]]
    code, stdout, stderr = run(argv, capsys)
    assert code in (1, 2), (code, stdout, stderr)
    assert str(source) in stderr + stdout
    assert "Traceback" not in stderr + stdout
    assert "\x1b" not in stderr + stdout and "s3cr3t" not in stderr + stdout
    assert snapshot(tmp_path) == before
