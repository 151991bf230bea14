"""The GitHub workflows: actionlint and zizmor run clean, the security rules hold, and the
shell steps that can run here (the pull request's check and diff, the weekly stale issue,
the pre-commit hook) are run for real against temporary repositories."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
VENV_BIN = Path(sys.executable).parent
PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def tool(name: str) -> str:
    found = VENV_BIN / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if not path:
        pytest.fail(f"`{name}` is not installed: `make test` installs the test extra")
    return path


def workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def step(data: dict[str, Any], job: str, name: str) -> dict[str, Any]:
    for s in data["jobs"][job]["steps"]:
        if s.get("name") == name:
            return s
    raise AssertionError(f"no step {name!r} in job {job!r}")


def all_steps() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in FILES:
        for job in workflow(path.name)["jobs"].values():
            for s in job.get("steps", []):
                yield path.name, s


def run_step(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a `run:` block the way a hosted runner does (bash -e -o pipefail)."""
    full = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}", **env}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          cwd=cwd, env=full, capture_output=True, text=True, timeout=120)


def test_there_are_four_workflows() -> None:
    assert [p.name for p in FILES] == ["intake.yml", "pr.yml", "publish.yml", "stale.yml",
                                       "sync.yml"]


# --------------------------------------------------------------------------- linters


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    # shellcheck passed explicitly: actionlint skips run: scripts silently without it.
    return subprocess.run(
        [tool("actionlint"), "-no-color", "-shellcheck", tool("shellcheck"),
         *map(str, paths)],
        capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_actionlint_is_clean() -> None:
    result = actionlint(*FILES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_actionlint_checks_inputs_against_each_action_version(tmp_path: Path) -> None:
    """actionlint knows each popular action's inputs by tag, not by commit: with the pins
    swapped for their `# vX` tags it also checks every `with:` key and each action's
    runtime (a Node 20 action would be reported as deprecated)."""
    copies = []
    for path in FILES:
        text = re.sub(r"@[0-9a-f]{40} # (v\d+)\.\d+\.\d+", r"@\1",
                      path.read_text(encoding="utf-8"))
        assert "@v" in text
        copy = tmp_path / path.name
        copy.write_text(text, encoding="utf-8")
        copies.append(copy)
    result = actionlint(*copies)
    assert result.returncode == 0, result.stdout + result.stderr


BAD_WORKFLOW = """\
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}" && cat $GITHUB_EVENT_PATH
"""


def test_the_linters_do_fail_on_a_bad_workflow(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    lint = actionlint(bad)
    assert lint.returncode == 1
    assert "potentially untrusted" in lint.stdout
    assert "shellcheck reported issue" in lint.stdout  # unquoted $GITHUB_EVENT_PATH
    audit = subprocess.run([tool("zizmor"), "--offline", str(bad.parent)],
                           capture_output=True, text=True, timeout=120)
    assert audit.returncode != 0
    for finding in ("dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"):
        assert finding in audit.stdout, audit.stdout


@pytest.mark.parametrize("persona", ["regular", "pedantic"])
def test_zizmor_is_clean(persona: str) -> None:
    result = subprocess.run(
        [tool("zizmor"), "--offline", f"--persona={persona}", str(WORKFLOWS)],
        capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


# --------------------------------------------------------------------------- security rules


def test_no_pull_request_target_anywhere() -> None:
    for path in FILES:
        assert "pull_request_target" not in workflow(path.name)["on"], path.name
        code = re.sub(r"#.*", "", path.read_text(encoding="utf-8"))
        assert "pull_request_target" not in code, path.name


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    for path in FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s*(?:- )?uses:", line):
                assert PINNED.match(line), f"{path.name}: {line.strip()}"


def test_checkouts_keep_no_credentials() -> None:
    checkouts = [(f, s) for f, s in all_steps() if s.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 6
    for name, s in checkouts:
        assert s["with"]["persist-credentials"] is False, name


def test_run_scripts_take_github_values_only_through_env() -> None:
    runs = [(f, s) for f, s in all_steps() if "run" in s]
    assert runs
    for name, s in runs:
        assert "${{" not in s["run"], f"{name}: {s.get('name')}"


def test_pull_request_workflow_can_only_read() -> None:
    pr = workflow("pr.yml")
    assert pr["on"] == {"pull_request": None}
    assert pr["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in pr["jobs"].values())


def test_pull_request_steps() -> None:
    job = workflow("pr.yml")["jobs"]["check"]
    runs = [s.get("run", s.get("uses", "")).strip() for s in job["steps"]]
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    checkout = job["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # the base branch, for diff
    expected = [
        ".venv/bin/python -m generator validate --format github resources.yaml",
        "generator diff",
        "make test",
        "make site",
    ]
    positions = [next(i for i, r in enumerate(runs) if e in r) for e in expected]
    assert positions == sorted(positions), runs
    assert "--strict" in (ROOT / "Makefile").read_text(encoding="utf-8").split("\nsite:")[1]
    diff = step(workflow("pr.yml"), "check", "Summarise what this pull request changes")
    assert diff["if"] == "${{ !cancelled() }}"
    assert '>> "${GITHUB_STEP_SUMMARY}"' in diff["run"]


def test_publish_gives_write_access_to_the_deploy_job_only() -> None:
    pub = workflow("publish.yml")
    assert pub["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert pub["permissions"] == {}
    assert pub["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = pub["jobs"]["build"], pub["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    # The job holding the write token runs no code from the repository.
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    upload = step(pub, "build", "Upload the site")
    assert upload["uses"].startswith("actions/upload-pages-artifact@")
    assert upload["with"]["path"] == "site"
    setup = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert "cache" not in setup.get("with", {})  # nothing cached feeds what gets published


def test_stale_job_runs_weekly_and_may_only_write_issues() -> None:
    stale = workflow("stale.yml")
    assert set(stale["on"]) == {"schedule", "workflow_dispatch"}
    (cron,) = [entry["cron"] for entry in stale["on"]["schedule"]]
    minute, hour, dom, month, dow = cron.split()
    assert (dom, month) == ("*", "*") and dow.isdigit(), cron
    assert stale["permissions"] == {}
    assert stale["jobs"]["report"]["permissions"] == {"contents": "read", "issues": "write"}


def test_sync_job_runs_weekly_and_may_only_push_and_open_pull_requests() -> None:
    sync = workflow("sync.yml")
    assert set(sync["on"]) == {"schedule", "workflow_dispatch"}
    (cron,) = [entry["cron"] for entry in sync["on"]["schedule"]]
    minute, hour, dom, month, dow = cron.split()
    assert (dom, month) == ("*", "*") and dow.isdigit(), cron
    assert sync["permissions"] == {}
    assert list(sync["jobs"]) == ["sync"]
    assert sync["jobs"]["sync"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    # Only this job reaches the network for data: no other workflow runs sync.
    for path in FILES:
        if path.name != "sync.yml":
            assert "generator sync" not in path.read_text(encoding="utf-8"), path.name


# --------------------------------------------------------------------------- steps, run here


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


ENTRY = """\
  - id: {id}
    name: {name}
    kind: meeting
    program: aa
    attendance: in-person
    schedule:
      - days: [tue]
        start: "19:00"
    location:
      address: {address}
      city: Springfield
      region: IL
      postal_code: "62701"
    verified: {verified}
"""


def data_file(*entries: dict[str, str]) -> str:
    head = "defaults:\n  timezone: America/Chicago\n  country: US\nresources:\n"
    return head + "".join(ENTRY.format(**e) for e in entries)


HOPE = {"id": "hope", "name": "Hope Group", "address": "1 Main St", "verified": "2026-09-01"}
CALM = {"id": "calm", "name": "Calm Group", "address": "2 Main St", "verified": "2026-09-01"}


@pytest.fixture()
def checkout(tmp_path: Path) -> Path:
    """A repository like the pull request's checkout: origin/main holds the base file."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".venv").symlink_to(ROOT / ".venv")
    git(repo, "init", "-q", "-b", "main")
    (repo / "resources.yaml").write_text(data_file(HOPE, CALM), encoding="utf-8")
    git(repo, "add", "resources.yaml")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    return repo


def test_pr_diff_step_summarises_the_change_against_the_base_branch(
        checkout: Path, tmp_path: Path) -> None:
    moved = {**HOPE, "address": "", "verified": "2026-10-01"}
    (checkout / "resources.yaml").write_text(
        data_file(moved, CALM).replace("      address: \n", ""), encoding="utf-8")
    summary = tmp_path / "summary.md"
    script = step(workflow("pr.yml"), "check", "Summarise what this pull request changes")["run"]
    result = run_step(script, checkout, {"BASE_REF": "main", "RUNNER_TEMP": str(tmp_path),
                                         "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert "**0 added, 1 changed, 0 removed (1 unchanged)**" in text
    assert "| `hope` Hope Group | `location.address` | 1 Main St | — |" in text
    assert "`hope`: lost its street address" in text


def test_pr_diff_step_when_the_base_branch_has_no_data_file(
        checkout: Path, tmp_path: Path) -> None:
    git(checkout, "update-ref", "refs/remotes/origin/empty",
        subprocess.run(["git", "commit-tree", "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
                        "-m", "empty"], cwd=checkout, capture_output=True, text=True,
                       check=True, env={**os.environ, "GIT_AUTHOR_NAME": "t",
                                        "GIT_AUTHOR_EMAIL": "t@e.org", "GIT_COMMITTER_NAME": "t",
                                        "GIT_COMMITTER_EMAIL": "t@e.org"}).stdout.strip())
    summary = tmp_path / "summary.md"
    script = step(workflow("pr.yml"), "check", "Summarise what this pull request changes")["run"]
    result = run_step(script, checkout, {"BASE_REF": "empty", "RUNNER_TEMP": str(tmp_path),
                                         "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stderr
    assert "**2 added, 0 changed, 0 removed (0 unchanged)**" in summary.read_text(encoding="utf-8")


def test_pr_validate_step_annotates_a_bad_file(checkout: Path, tmp_path: Path) -> None:
    (checkout / "resources.yaml").write_text(
        data_file(HOPE, CALM).replace("kind: meeting", "kind: meting", 1), encoding="utf-8")
    summary = tmp_path / "summary.md"
    script = step(workflow("pr.yml"), "check", "Check resources.yaml")["run"]
    result = run_step(script, checkout, {"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=resources.yaml,line=7,col=11,"), result.stdout
    assert "`meting`" in result.stdout
    assert "| 7 | 11 | error |" in summary.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- stale issue

FAKE_GH = """\
#!/usr/bin/env bash
# Stands in for the GitHub CLI: records each call, answers `issue list`.
printf '%s\\n' "$*" >> "$GH_LOG"
if [ "$1 $2" = "issue list" ] && [ -n "${FAKE_OPEN_ISSUE:-}" ]; then
  echo "$FAKE_OPEN_ISSUE"
fi
prev=""
for arg in "$@"; do
  if [ "$prev" = "--body-file" ]; then cp "$arg" "$GH_BODY"; fi
  prev=$arg
done
"""


def run_stale_job(checkout: Path, tmp_path: Path, open_issue: str = "") -> tuple[
        subprocess.CompletedProcess[str], list[str], str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(0o755)
    log, body = tmp_path / "gh.log", tmp_path / "body.md"
    log.unlink(missing_ok=True)
    if not (checkout / ".github").exists():
        (checkout / ".github").symlink_to(ROOT / ".github")
    env = {"RUNNER_TEMP": str(tmp_path), "GH_LOG": str(log), "GH_BODY": str(body),
           "FAKE_OPEN_ISSUE": open_issue, "GH_REPO": "example/directory",
           "SERVER_URL": "https://github.com",
           "PATH": f"{bin_dir}{os.pathsep}{VENV_BIN}{os.pathsep}{os.environ['PATH']}"}
    stale = workflow("stale.yml")
    for name in ("List stale entries", "Open, update or close the issue"):
        result = run_step(step(stale, "report", name)["run"], checkout, env)
        if result.returncode:
            break
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return result, calls, body.read_text(encoding="utf-8") if body.exists() else ""


def test_stale_job_opens_an_issue_listing_old_entries(checkout: Path, tmp_path: Path) -> None:
    (checkout / "resources.yaml").write_text(
        data_file({**HOPE, "verified": "2020-02-03"}, CALM), encoding="utf-8")
    result, calls, body = run_stale_job(checkout, tmp_path)
    assert result.returncode == 0, result.stderr
    assert calls[0].startswith('issue list --state open --search "Entries to re-verify" in:title')
    assert calls[1].startswith("issue create --title Entries to re-verify --body-file ")
    assert "1 entries not verified in the last 365 days." in body
    assert "| `hope` Hope Group |" in body and "2020-02-03" in body
    assert "`calm`" not in body
    assert "https://github.com/example/directory/edit/main/resources.yaml" in body


def test_stale_job_updates_the_open_issue(checkout: Path, tmp_path: Path) -> None:
    (checkout / "resources.yaml").write_text(
        data_file({**HOPE, "verified": "2020-02-03"}, {**CALM, "verified": "2019-01-01"}),
        encoding="utf-8")
    result, calls, body = run_stale_job(checkout, tmp_path, open_issue="12")
    assert result.returncode == 0, result.stderr
    assert calls[1].startswith("issue edit 12 --body-file ")
    assert body.index("`calm`") < body.index("`hope`")  # oldest first


def test_stale_job_closes_the_issue_when_nothing_is_stale(
        checkout: Path, tmp_path: Path) -> None:
    result, calls, _ = run_stale_job(checkout, tmp_path, open_issue="12")
    assert result.returncode == 0, result.stderr
    assert calls[1:] == ["issue close 12 --comment Every entry has been confirmed recently. "
                         "Thank you!"]
    result, calls, _ = run_stale_job(checkout, tmp_path)
    assert calls[1:] == []


def test_stale_issue_body_stays_under_githubs_limit(checkout: Path, tmp_path: Path) -> None:
    entries = [{"id": f"g{i}", "name": f"Group {i} " + "x" * 80, "address": f"{i} Main St",
                "verified": "2020-01-01"} for i in range(900)]
    (checkout / "resources.yaml").write_text(data_file(*entries), encoding="utf-8")
    result, _, body = run_stale_job(checkout, tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(body) < 65536
    assert "run `python -m generator stale` for all 900 entries" in body


def test_stale_script_matches_the_title_it_creates() -> None:
    script = (ROOT / ".github" / "scripts" / "stale-issue.sh").read_text(encoding="utf-8")
    (title,) = re.findall(r'^title="([^"]+)"$', script, re.M)
    assert f'select(.title == "{title}")' in script
    sc = subprocess.run([tool("shellcheck"), str(ROOT / ".github" / "scripts" / "stale-issue.sh")],
                        capture_output=True, text=True, timeout=60)
    assert sc.returncode == 0, sc.stdout


# --------------------------------------------------------------------------- pre-commit


def test_pre_commit_hook_validates_resources_yaml(checkout: Path, tmp_path: Path) -> None:
    config = ROOT / ".pre-commit-config.yaml"
    shutil.copy(config, checkout / ".pre-commit-config.yaml")
    pre_commit = tool("pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pc-cache"),
           "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"}
    check = subprocess.run([pre_commit, "validate-config", str(config)],
                           capture_output=True, text=True, env=env, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run([pre_commit, "run", "validate-resources", "--files",
                               "resources.yaml"], cwd=checkout, capture_output=True,
                              text=True, env=env, timeout=120)

    good = hook()
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    (checkout / "resources.yaml").write_text(
        data_file(HOPE).replace('start: "19:00"', 'start: "25:00"'), encoding="utf-8")
    bad = hook()
    assert bad.returncode == 1
    assert "resources.yaml:12:16: error: `schedule.0.start`: `25:00` is not a time" in bad.stdout


# --------------------------------------------------------------------------- issue form to PR

INTAKE_EVENT = ROOT / "tests" / "fixtures" / "intake" / "event-add.json"
FAKE_GH_PR = """\
#!/usr/bin/env bash
# Stands in for the GitHub CLI: records each call, answers `pr list`.
printf '%s\\n' "$*" >> "$GH_LOG"
if [ "$1 $2" = "pr list" ] && [ -n "${FAKE_OPEN_PR:-}" ]; then
  echo "$FAKE_OPEN_PR"
fi
prev=""
for arg in "$@"; do
  if [ "$prev" = "--body-file" ]; then cp "$arg" "$GH_BODY"; fi
  prev=$arg
done
"""


def test_intake_gives_each_job_only_what_it_needs() -> None:
    from generator.review import issue_forms

    intake = workflow("intake.yml")
    assert intake["on"] == {"issues": {"types": ["opened", "edited"]}}
    assert intake["permissions"] == {}
    jobs = intake["jobs"]
    assert jobs["read"]["permissions"] == {"contents": "read"}
    assert jobs["pull-request"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert jobs["comment"]["permissions"] == {"issues": "write"}
    for build in issue_forms.FORMS.values():
        (label,) = build()["labels"]
        assert f"'{label}'" in jobs["read"]["if"]
    # The answers are read only where the token can only read; the jobs that can write
    # run the repository's own script on the file it made, or post its comment.
    read = step(intake, "read", "Read the issue form")["run"]
    assert "GITHUB_EVENT_PATH" not in read and "github.event" not in str(jobs["read"]["steps"])
    assert [s.get("uses", s.get("run", "")).split("@")[0] for s in jobs["comment"]["steps"]] == [
        "actions/download-artifact",
        'gh issue comment "${ISSUE}" --body-file "${RUNNER_TEMP}/intake/comment.md"']
    assert "python" not in str(jobs["pull-request"]["steps"])


def intake_checkout(checkout: Path, tmp_path: Path) -> Path:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(checkout, "remote", "add", "origin", str(origin))
    git(checkout, "push", "-q", "origin", "main")
    if not (checkout / ".github").exists():
        (checkout / ".github").symlink_to(ROOT / ".github")
    return origin


def run_intake(checkout: Path, tmp_path: Path, event: Path, open_pr: str = "") -> tuple[
        str, list[str], str]:
    """The intake workflow's steps, here: the read job's, then the job its outcome picks."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH_PR, encoding="utf-8")
    gh.chmod(0o755)
    runner = tmp_path / "runner"
    shutil.rmtree(runner, ignore_errors=True)
    runner.mkdir()
    log, body, output = tmp_path / "gh.log", tmp_path / "body.md", runner / "output"
    log.unlink(missing_ok=True)
    env = {"RUNNER_TEMP": str(runner), "GITHUB_EVENT_PATH": str(event),
           "GITHUB_OUTPUT": str(output), "GH_LOG": str(log), "GH_BODY": str(body),
           "FAKE_OPEN_PR": open_pr, "GH_REPO": "example/directory", "GH_TOKEN": "x",
           "ISSUE": "24", "BASE": "main",
           "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
           "PATH": f"{bin_dir}{os.pathsep}{VENV_BIN}{os.pathsep}{os.environ['PATH']}"}
    intake = workflow("intake.yml")
    git(checkout, "checkout", "-q", "main")
    result = run_step(step(intake, "read", "Read the issue form")["run"], checkout, env)
    assert result.returncode == 0, result.stdout + result.stderr
    (outcome,) = re.findall(r"^outcome=(\w+)$", output.read_text(encoding="utf-8"), re.M)
    job, name = {"changed": ("pull-request", "Push the branch and open or update the pull "
                                             "request"),
                 "unreadable": ("comment", "Comment")}.get(outcome, ("", ""))
    if job:
        git(checkout, "checkout", "-q", "--", "resources.yaml")  # a fresh checkout there
        result = run_step(step(intake, job, name)["run"], checkout, env)
        assert result.returncode == 0, result.stdout + result.stderr
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return outcome, calls, body.read_text(encoding="utf-8") if body.exists() else ""


def test_intake_opens_a_pull_request_from_the_issue_event(
        checkout: Path, tmp_path: Path) -> None:
    origin = intake_checkout(checkout, tmp_path)
    before = (checkout / "resources.yaml").read_text(encoding="utf-8")
    outcome, calls, body = run_intake(checkout, tmp_path, INTAKE_EVENT)
    assert outcome == "changed"
    assert calls == [
        "pr list --head intake/issue-24 --state open --json number --jq .[0].number // empty",
        f"pr create --base main --head intake/issue-24 --title Add: Tuesday Night Hope Group "
        f"--body-file {tmp_path}/runner/intake/pull-request.md"]
    assert body.startswith("Closes #24\n")
    assert "**1 added, 0 changed, 0 removed (2 unchanged)**" in body
    pushed = subprocess.run(["git", "show", "intake/issue-24:resources.yaml"], cwd=origin,
                            capture_output=True, text=True, check=True).stdout
    assert pushed.startswith(before)
    assert "  - id: springfield-tuesday-night-hope-group\n" in pushed
    assert 'source: "I attend (issue #24)"' in pushed
    message = subprocess.run(["git", "log", "-1", "--format=%B", "intake/issue-24"],
                             cwd=origin, capture_output=True, text=True, check=True).stdout
    assert message == "Add: Tuesday Night Hope Group\n\nFrom issue #24.\n\n"
    # An edit of the issue runs it again: the branch is replaced, the pull request updated.
    outcome, calls, _ = run_intake(checkout, tmp_path, INTAKE_EVENT, open_pr="7")
    assert outcome == "changed"
    assert calls[-1].startswith("pr edit 7 --title Add: Tuesday Night Hope Group --body-file ")


def test_intake_comments_on_a_form_it_cannot_use(checkout: Path, tmp_path: Path) -> None:
    intake_checkout(checkout, tmp_path)
    event = json.loads(INTAKE_EVENT.read_text(encoding="utf-8"))
    event["issue"]["body"] = event["issue"]["body"].replace(
        "Tuesdays 7–8 pm\r\n1st and 3rd Saturday at 10am", "Tuesdays at 7")
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    before = (checkout / "resources.yaml").read_text(encoding="utf-8")
    outcome, calls, body = run_intake(checkout, tmp_path, path)
    assert outcome == "unreadable"
    assert calls == [f"issue comment 24 --body-file {tmp_path}/runner/intake/comment.md"]
    assert "a meeting needs a schedule" in body
    assert "is `7` in the morning or the evening?" in body
    assert (checkout / "resources.yaml").read_text(encoding="utf-8") == before


def test_intake_does_nothing_once_the_list_has_it(checkout: Path, tmp_path: Path) -> None:
    intake_checkout(checkout, tmp_path)
    done = subprocess.run([sys.executable, "-m", "generator", "from-issue", "--event",
                           str(INTAKE_EVENT)], cwd=checkout, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    git(checkout, "commit", "-q", "-am", "merged")
    outcome, calls, _ = run_intake(checkout, tmp_path, INTAKE_EVENT)
    assert outcome == "unchanged"
    assert calls == []


# --------------------------------------------------------------------------- sync pull request


FEED = ('[{"slug": "night-owls", "name": "Night Owls", "day": 6, "time": "22:00", '
        '"timezone": "America/Chicago", "address": "5 Main St", "city": "Springfield", '
        '"state": "IL", "postal_code": "62701", "country": "US"}]')
SOURCES = """\
sources:
  - name: Springfield Intergroup
    format: meeting-guide
    path: feed.json
    program: aa
"""


@pytest.fixture()
def sync_checkout(checkout: Path, tmp_path: Path) -> Path:
    """The checkout with a declared source (a file, so no network) and a real remote."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(checkout, "remote", "add", "origin", str(origin))
    text = data_file(HOPE, CALM).replace("resources:\n", SOURCES + "resources:\n", 1)
    (checkout / "resources.yaml").write_text(text, encoding="utf-8")
    (checkout / "feed.json").write_text(FEED, encoding="utf-8")
    git(checkout, "add", "resources.yaml", "feed.json")
    git(checkout, "commit", "-q", "-m", "declare a source")
    git(checkout, "push", "-q", "origin", "main")
    if not (checkout / ".github").exists():
        (checkout / ".github").symlink_to(ROOT / ".github")
    return checkout


def run_sync_job(checkout: Path, tmp_path: Path, open_pr: str = "") -> tuple[
        subprocess.CompletedProcess[str], list[str], str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH_PR, encoding="utf-8")
    gh.chmod(0o755)
    log, body = tmp_path / "gh.log", tmp_path / "body.md"
    log.unlink(missing_ok=True)
    body.unlink(missing_ok=True)
    env = {"RUNNER_TEMP": str(tmp_path), "GH_LOG": str(log), "GH_BODY": str(body),
           "FAKE_OPEN_PR": open_pr, "GH_REPO": "example/directory", "GH_TOKEN": "t",
           "GIT_AUTHOR_DATE": "2026-11-02T00:00:00Z",
           "PATH": f"{bin_dir}{os.pathsep}{VENV_BIN}{os.pathsep}{os.environ['PATH']}"}
    sync = workflow("sync.yml")
    for name in ("Sync resources.yaml with its sources",
                 "Open, update or close the pull request"):
        result = run_step(step(sync, "sync", name)["run"], checkout, env)
        if result.returncode:
            break
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return result, calls, body.read_text(encoding="utf-8") if body.exists() else ""


def test_sync_job_opens_a_pull_request_with_the_summary(
        sync_checkout: Path, tmp_path: Path) -> None:
    result, calls, body = run_sync_job(sync_checkout, tmp_path)
    assert result.returncode == 0, result.stderr
    assert calls[0].startswith("pr list --head sync/upstream --state open")
    assert calls[1].startswith("pr create --head sync/upstream --base main "
                               "--title Sync with upstream lists --body-file ")
    assert "Please review each change before merging" in body
    assert "**1 added, 0 changed, 0 removed (2 unchanged)**" in body
    assert "| `night-owls-springfield` | Night Owls |" in body
    pushed = subprocess.run(["git", "show", "sync/upstream:resources.yaml"],
                            cwd=tmp_path / "origin.git", capture_output=True, text=True)
    assert "  - id: night-owls-springfield" in pushed.stdout
    assert "source_ids: [night-owls]" in pushed.stdout


def test_sync_job_updates_the_open_pull_request(sync_checkout: Path, tmp_path: Path) -> None:
    result, calls, body = run_sync_job(sync_checkout, tmp_path, open_pr="7")
    assert result.returncode == 0, result.stderr
    assert calls[1].startswith("pr edit 7 --body-file ")
    assert "night-owls" in body


def test_sync_job_closes_the_pull_request_when_upstream_matches_main(
        sync_checkout: Path, tmp_path: Path) -> None:
    (sync_checkout / "feed.json").write_text("[]", encoding="utf-8")
    result, _, _ = run_sync_job(sync_checkout, tmp_path, open_pr="7")
    assert result.returncode == 1  # an empty feed is refused, and nothing is pushed
    assert "lists no meetings" in result.stderr
    (sync_checkout / "feed.json").write_text(FEED, encoding="utf-8")
    first, _, _ = run_sync_job(sync_checkout, tmp_path)
    assert first.returncode == 0
    git(sync_checkout, "checkout", "-q", "main")
    git(sync_checkout, "reset", "-q", "--hard", "sync/upstream")  # as if merged
    result, calls, _ = run_sync_job(sync_checkout, tmp_path, open_pr="7")
    assert result.returncode == 0, result.stderr
    assert calls[1:] == ["pr close 7 --delete-branch --comment The upstream lists match "
                         "main again; nothing left to merge."]


def test_sync_script_is_shellcheck_clean() -> None:
    sc = subprocess.run([tool("shellcheck"), str(ROOT / ".github" / "scripts" / "sync-pr.sh")],
                        capture_output=True, text=True, timeout=60)
    assert sc.returncode == 0, sc.stdout
