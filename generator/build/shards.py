"""Sharing a build's per-entry work between this process and forked copies of it.

A 10,000-entry build has about ten seconds of work that is the same for every entry (its
page, its QR code) and a few seconds that is not (the finder index, feeds, handout
cards, place pages). `share` runs the second kind in this process while forked
children start on the first; each process then takes the next unit of entry work from
a shared counter until none is left, so both cores stay busy to the end whatever the
mix. Forked children inherit the loaded data and rendered shells as they are: nothing
is pickled on the way in, and only each child's small results come back.

Forking is safe only where nothing else runs in the process (`mkdocs build`; not the
threads of `mkdocs serve`) and only on systems that have it: callers pass
`processes=1` otherwise, and everything runs here in order. Both ways give the same
files, which the tests compare.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
MAX_PROCESSES = 8


class WorkerError(RuntimeError):
    """A forked process failed; the message carries its traceback."""


def can_fork() -> bool:
    # macOS offers fork but its system libraries are not fork-safe; Windows has none.
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def default_processes() -> int:
    return max(1, min(os.cpu_count() or 1, MAX_PROCESSES)) if can_fork() else 1


def share(units: int, work: Callable[[int], T], *, first: Callable[[], None] | None = None,
          processes: int = 1) -> list[T]:
    """Run `first()` here and `work(0) ... work(units - 1)` in this process and
    `processes - 1` forked ones; returns the results of `work` in unit order.

    `work` must write its own files and return something small and picklable. An error
    in any process is raised here (a child's as WorkerError with its traceback) after
    every child has been stopped."""
    processes = min(processes, units + 1, MAX_PROCESSES) if can_fork() else 1
    if processes < 2:
        if first is not None:
            first()
        return [work(i) for i in range(units)]

    mp = multiprocessing.get_context("fork")
    counter = mp.Value("i", 0)  # the next unit nobody has taken; carries its own lock

    def take() -> int | None:
        with counter.get_lock():
            unit = counter.value
            if unit >= units:
                return None
            counter.value = unit + 1
            return unit

    def stop() -> None:  # after a failure: every process ends with its current unit
        with counter.get_lock():
            counter.value = units

    children: list[tuple[int, Any]] = []  # forked and not yet reaped
    results: dict[int, T] = {}
    try:
        # Frozen objects are out of the collector's reach, so a child's collections do
        # not write to (and copy) every page of memory it shares with this process.
        gc.freeze()
        sys.stdout.flush()  # or a child's exit could print what is buffered here again
        sys.stderr.flush()
        try:
            for _ in range(processes - 1):
                reader, writer = mp.Pipe(duplex=False)
                pid = os.fork()
                if pid == 0:  # pragma: no cover - runs in the child, which never returns
                    _child(take, stop, work, reader, writer)
                writer.close()
                children.append((pid, reader))
        finally:
            gc.unfreeze()
        if first is not None:
            first()
        try:
            while (unit := take()) is not None:
                results[unit] = work(unit)
        except BaseException:
            stop()
            raise
        while children:
            pid, reader = children[0]
            try:
                status, payload = reader.recv()
            except EOFError:
                status, payload = "died", None
            _, code = os.waitpid(pid, 0)
            children.pop(0)  # reaped: its pid may be reused and must not be signalled
            reader.close()
            if status == "died":
                raise WorkerError(f"a build process ended without a result "
                                  f"(exit status {os.waitstatus_to_exitcode(code)})")
            if status != "ok":
                raise WorkerError(payload)
            results.update(payload)
    finally:
        for pid, reader in children:  # only when something above failed
            reader.close()
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
    if len(results) != units:  # a unit taken but never reported: never silently short
        raise WorkerError(f"{units - len(results)} unit(s) of work were lost")
    return [results[i] for i in range(units)]


def _child(take: Callable[[], int | None], stop: Callable[[], None],
           work: Callable[[int], Any], reader: Any, writer: Any) -> None:
    code = 0
    try:
        reader.close()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        done = {}
        while (unit := take()) is not None:
            done[unit] = work(unit)
        writer.send(("ok", done))
    except BaseException:  # noqa: BLE001 - everything goes back to the parent
        code = 1
        stop()  # the build has failed: nobody starts another unit
        with contextlib.suppress(BaseException):  # the parent then reports the exit code
            writer.send(("error", traceback.format_exc()))
    finally:
        os._exit(code)  # never back into the caller's stack (or a test runner's)
