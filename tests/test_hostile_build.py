"""A failed build keeps the previous site, whatever failed (issue #18).

MkDocs cleans its output folder before building and aborts a `--strict` build only after
every plugin ran; the plugin builds into a fresh folder beside the site and swaps it in
when the build succeeded (generator/build/staging.py). Each failure here comes late, after
pages were written: a data warning under `--strict`, the third-party check, a file the
file system refuses (a name too long). The last good site stays, byte for byte and
inode for inode, and no building folder is left behind.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import build_site
from tests.test_trust_robustness import BUILD_DATE, EXAMPLE, snapshot

pytestmark = pytest.mark.xdist_group("hostile-build")

WARNED = """  - id: new-online-group
    name: New Online Group
    kind: community
    program: aa
    attendance: online
    description: "<b>bold</b> words"
    online: {url: "https://example.org/new"}
"""


@pytest.fixture
def last_good(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    data = tmp_path / "resources.yaml"
    data.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    site = build_site(data, tmp_path / "site", build_date=BUILD_DATE)
    before = snapshot(site)
    assert "r/sample-springfield-tuesday-hope/index.html" in before
    return data, site, before


def only_the_site_is_left(tmp_path: Path) -> None:
    assert sorted(p.name for p in tmp_path.iterdir()) == ["resources.yaml", "site"]


def test_a_strict_build_failing_on_a_warning_keeps_the_last_site(
        tmp_path: Path, last_good: tuple[Path, Path, dict[str, Any]]) -> None:
    from mkdocs.exceptions import Abort

    data, site, before = last_good
    data.write_text(EXAMPLE.read_text("utf-8") + WARNED, "utf-8")
    with pytest.raises(Abort, match="strict"):
        build_site(data, site, build_date=BUILD_DATE, strict=True)
    assert snapshot(site) == before
    only_the_site_is_left(tmp_path)


def test_a_failing_third_party_check_keeps_the_last_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        last_good: tuple[Path, Path, dict[str, Any]]) -> None:
    from mkdocs.exceptions import Abort

    from generator.render import audit

    data, site, before = last_good
    monkeypatch.setattr(audit, "audit_tree", lambda *a, **k: ["index.html: loads "
                                                               "https://cdn.example/x.js"])
    with pytest.raises(Abort):  # MkDocs logs the PluginError, then aborts
        build_site(data, site, build_date=BUILD_DATE)
    assert snapshot(site) == before
    only_the_site_is_left(tmp_path)


def test_a_file_name_the_file_system_refuses_keeps_the_last_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        last_good: tuple[Path, Path, dict[str, Any]]) -> None:
    from mkdocs.exceptions import Abort

    from generator.render.writer import SiteWriter

    data, site, before = last_good
    real = SiteWriter._write

    def refuse_one(self: SiteWriter, rel: str, data: Any) -> None:
        if rel.startswith("r/sample-springfield-tuesday-hope/"):
            raise OSError(errno.ENAMETOOLONG, "File name too long", rel)
        real(self, rel, data)

    monkeypatch.setattr(SiteWriter, "_write", refuse_one)
    with pytest.raises(Abort):
        build_site(data, site, build_date=BUILD_DATE, processes=1)
    assert snapshot(site) == before
    only_the_site_is_left(tmp_path)


def test_a_successful_build_replaces_the_site_whole(
        tmp_path: Path, last_good: tuple[Path, Path, dict[str, Any]]) -> None:
    data, site, before = last_good
    (site / "stale-file-from-an-old-build.txt").write_text("old", "utf-8")
    data.write_text(EXAMPLE.read_text("utf-8").replace(
        "Tuesday Night Hope", "Tuesday Evening Hope"), "utf-8")
    build_site(data, site, build_date=BUILD_DATE)
    page = (site / "r/sample-springfield-tuesday-hope/index.html").read_text("utf-8")
    assert "Tuesday Evening Hope" in page
    assert not (site / "stale-file-from-an-old-build.txt").exists()
    assert oct(site.stat().st_mode & 0o777) == oct(0o755)
    only_the_site_is_left(tmp_path)


def test_a_build_never_follows_a_linked_data_file(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort

    secret = tmp_path / "secret.txt"
    secret.write_text("deploy_token: s3cr3t\n", "utf-8")
    data = tmp_path / "resources.yaml"
    data.symlink_to(secret)
    with pytest.raises(Abort):
        build_site(data, tmp_path / "site", build_date=BUILD_DATE)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"{data}:1:1: error: the file is a symbolic link" in logged
    assert "s3cr3t" not in logged and "deploy_token" not in logged
    assert not (tmp_path / "site").exists()
