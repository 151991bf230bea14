"""generator/build/shards.py: per-entry work shared with forked processes gives the same results
as doing it here, in order, loses nothing, and fails loudly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.build import shards

needs_fork = pytest.mark.skipif(not shards.can_fork(), reason="forking is Linux-only here")


def _work_writing_pid(folder: Path):  # type: ignore[no-untyped-def]
    def work(unit: int) -> tuple[int, int]:
        (folder / f"{unit}.txt").write_text(str(unit * unit))
        return unit * unit, os.getpid()
    return work


@needs_fork
def test_results_come_back_in_unit_order_from_several_processes(tmp_path: Path) -> None:
    import time

    def slow(unit: int) -> tuple[int, int]:
        time.sleep(0.002)  # long enough that the child takes some units
        return _work_writing_pid(tmp_path)(unit)

    first_ran = []
    results = shards.share(200, slow, first=lambda: first_ran.append(os.getpid()),
                           processes=3)
    assert [square for square, _ in results] == [u * u for u in range(200)]
    assert first_ran == [os.getpid()]  # the whole-list part runs here, once
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) >= 2, pids  # work really was shared
    assert sorted(int(p.stem) for p in tmp_path.iterdir()) == list(range(200))


def test_one_process_runs_everything_here_in_order(tmp_path: Path) -> None:
    order: list[str] = []

    def work(unit: int) -> int:
        order.append(f"u{unit}")
        return unit

    assert shards.share(3, work, first=lambda: order.append("first"), processes=1) == [0, 1, 2]
    assert order == ["first", "u0", "u1", "u2"]


def test_no_units_still_runs_the_first_part() -> None:
    ran = []
    assert shards.share(0, lambda u: u, first=lambda: ran.append(1), processes=4) == []
    assert ran == [1]


@needs_fork
def test_an_error_in_a_child_is_raised_here_with_its_traceback(tmp_path: Path) -> None:
    parent = os.getpid()

    def work(unit: int) -> int:
        if os.getpid() != parent:
            raise ValueError(f"bad unit {unit}")
        import time
        time.sleep(0.01)  # leave units for the child
        return unit

    with pytest.raises(shards.WorkerError) as caught:
        shards.share(50, work, processes=2)
    assert "ValueError: bad unit" in str(caught.value)
    assert "in work" in str(caught.value)  # the traceback, not just the message


@needs_fork
def test_an_error_here_stops_the_children_and_is_raised_as_is(tmp_path: Path) -> None:
    import time

    parent = os.getpid()

    def work(unit: int) -> int:
        if os.getpid() != parent:
            (tmp_path / str(os.getpid())).touch()
        time.sleep(0.05)
        return unit

    def first() -> None:
        time.sleep(0.2)  # the child is at work by now
        raise OSError("disk full")

    start = time.perf_counter()
    with pytest.raises(OSError, match="disk full"):
        shards.share(400, work, first=first, processes=2)
    # the child was stopped, not waited for through 400 x 50 ms of work...
    assert time.perf_counter() - start < 5
    children = [int(p.name) for p in tmp_path.iterdir()]
    assert len(children) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(children[0], 0)  # ...and reaped: no process left behind


@needs_fork
def test_a_child_that_dies_is_an_error_not_missing_files() -> None:
    parent = os.getpid()

    def work(unit: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # killed mid-way, nothing sent back
        import time
        time.sleep(0.01)
        return unit

    with pytest.raises(shards.WorkerError, match="exit status 3"):
        shards.share(50, work, processes=2)


def test_processes_never_exceed_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    expected = shards.MAX_PROCESSES if shards.can_fork() else 1
    assert shards.default_processes() == expected


@needs_fork
def test_a_build_shared_among_processes_is_the_same_site(tmp_path: Path) -> None:
    """The whole published tree, byte for byte, with and without forked processes."""
    from generator.format.yaml_writer import dump
    from generator.synth import generate
    from tests.helpers import build_site

    data = tmp_path / "resources.yaml"
    data.write_text(dump(generate(260, seed=5)), "utf-8")  # three units of entries, and a bit
    options = dict(site_url="https://directory.example.org/", build_date="2026-11-23")
    one = build_site(data, tmp_path / "one", processes=1, **options)
    shared = build_site(data, tmp_path / "shared", processes=3, **options)

    def tree(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes()
                for p in site.rglob("*") if p.is_file()}

    a, b = tree(one), tree(shared)
    assert sorted(a) == sorted(b)
    assert [path for path in a if a[path] != b[path]] == []
    assert sum(1 for path in a if path.endswith("/qr.png")) == 260
    assert sum(1 for path in a if path.startswith("r/") and path.endswith("/index.html")) >= 260


@needs_fork
def test_a_failing_child_stops_the_others_early_and_all_are_reaped(tmp_path: Path) -> None:
    import time

    parent = os.getpid()

    def work(unit: int) -> int:
        if os.getpid() != parent:
            (tmp_path / str(os.getpid())).touch()
            if unit >= 20:
                raise RuntimeError("broken entry")
        time.sleep(0.02)
        return unit

    start = time.perf_counter()
    with pytest.raises(shards.WorkerError, match="broken entry"):
        shards.share(2000, work, processes=3)
    # 2,000 units of 20 ms would take ~13 s on three processes: the failure stopped them
    assert time.perf_counter() - start < 5
    children = [int(p.name) for p in tmp_path.iterdir()]
    assert len(children) == 2
    for pid in children:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # reaped, not left running or as a zombie
