"""A dry run of `publish.yml`: the build job's own `run:` steps, executed here in a copy of
the repository with the values GitHub would provide, then the artifact checked the way
GitHub Pages will serve it. Only checkout, setup-python and the Pages actions are not run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from datetime import date
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SITE_URL = "https://example.github.io/directory"  # configure-pages' base_url: no slash
REPO_URL = "https://github.com/example/directory"
PAGES_LIMIT = 1024**3  # a Pages site may be at most 1 GB

pytestmark = pytest.mark.xdist_group("publish-dry-run")


def build_steps() -> list[dict[str, str]]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text("utf-8"))
    return [s for s in data["jobs"]["build"]["steps"] if "run" in s]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[date]]:
    checkout = tmp_path_factory.mktemp("publish") / "repo"
    checkout.mkdir()
    for name in ("mkdocs.yml", "resources.yaml"):
        shutil.copy(ROOT / name, checkout / name)
    for folder in ("content", "content-es"):  # mkdocs.yml's languages: [en, es]
        shutil.copytree(ROOT / folder, checkout / folder)
    (checkout / ".venv").symlink_to(ROOT / ".venv")
    summary = checkout.parent / "summary.md"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DIRECTORY_BUILD_DATE", "SOURCE_DATE_EPOCH")}  # as on a runner
    env.update(SITE_URL=SITE_URL, REPO_URL=REPO_URL, REPO_NAME="example/directory",
               GITHUB_STEP_SUMMARY=str(summary), NO_MKDOCS_2_WARNING="1")
    days = [date.today()]
    for s in build_steps():
        if s["run"].startswith("make .venv"):
            continue  # the install step: .venv is already there
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                                 s["run"]], cwd=checkout, env=env, capture_output=True,
                                text=True, timeout=600)
        assert result.returncode == 0, f"step {s['name']!r} failed:\n{result.stderr[-3000:]}"
    days.append(date.today())
    return checkout, checkout / "site", days


def test_the_steps_that_run_here_are_the_checks_and_the_build() -> None:
    names = [s["name"] for s in build_steps()]
    assert names == ["Install", "Check resources.yaml", "Build"]


def test_artifact_layout(published: tuple[Path, Path, list[date]]) -> None:
    checkout, site, _ = published
    for page in ("index.html", "404.html", "find/index.html", "online/index.html",
                 "handout/index.html", "sitemap.xml", "meetings.json", "resources.ics"):
        assert (site / page).is_file(), page
    feed = json.loads((site / "meetings.json").read_text(encoding="utf-8"))
    assert isinstance(feed, list)
    ids = re.findall(r"^  - id: (\S+)$", (checkout / "resources.yaml").read_text("utf-8"), re.M)
    assert ids
    for rid in ids:
        assert (site / "r" / rid / "index.html").is_file(), rid
    # The deploy step never sees the checkout: nothing may point back into it.
    assert not (site / "mkdocs.publish.yml").exists()


def test_nothing_that_pages_would_drop_or_refuse(
        published: tuple[Path, Path, list[date]]) -> None:
    _, site, _ = published
    files = [p for p in site.rglob("*")]
    # upload-pages-artifact leaves out hidden files, and Pages serves no symlinks.
    assert [p for p in files if p.name.startswith(".")] == []
    assert [p for p in files if p.is_symlink()] == []
    assert sum(p.stat().st_size for p in files if p.is_file()) < PAGES_LIMIT


def test_no_local_paths_leak_into_the_site(published: tuple[Path, Path, list[date]]) -> None:
    checkout, site, _ = published
    leaks = []
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix in (".png", ".gz", ".ico", ".woff2", ".svg"):
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        for needle in ("file:///", str(checkout.parent), str(ROOT)):
            if needle in text:
                leaks.append(f"{path.relative_to(site)}: {needle}")
    assert leaks == []


def test_links_point_at_the_published_site_and_repository(
        published: tuple[Path, Path, list[date]]) -> None:
    _, site, _ = published
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}/">' in index
    assert f'href="{REPO_URL}"' in index
    # Pages serves 404.html at any missing path, so it must load assets from the root.
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assets = re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', not_found)
    assert assets and all(a.startswith("/directory/") for a in assets), assets
    assert f"<loc>{SITE_URL}/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_footer_shows_the_build_date(published: tuple[Path, Path, list[date]]) -> None:
    _, site, days = published
    index = (site / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'Built <time datetime="(\d{4}-\d{2}-\d{2})"', index)
    assert shown and shown[0] in {d.isoformat() for d in days}


def test_the_pages_archive_can_be_made(published: tuple[Path, Path, list[date]],
                                       tmp_path: Path) -> None:
    """What upload-pages-artifact does: one tar of the directory, links dereferenced."""
    _, site, _ = published
    archive = tmp_path / "artifact.tar"
    subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", str(site),
                    "-cf", str(archive), "--exclude=.git", "--exclude=.github", "."],
                   check=True, timeout=120)
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert "./index.html" in names and "./404.html" in names
    assert len(names) > 50
