"""Reading and writing files safely: a command never leaves a half-written file behind,
never writes through a link planted in its way, never loses an edit made while it ran,
and never blocks on a pipe or a device given where a file should be."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path


class InputError(Exception):
    """A file that cannot be read as input, with a message and a hint for the person."""

    def __init__(self, path: str, message: str, hint: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path, self.message, self.hint = path, message, hint


class ChangedMeanwhile(OSError):
    """The file changed on disk since it was read: writing would lose that change."""


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file was when it was read: compared again just before replacing it."""

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> Fingerprint | None:
        try:
            data = read_input(path)
            st = os.stat(path)
        except (InputError, OSError):
            return None
        return cls(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())


def read_input(path: str | os.PathLike[str], max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file. Refuses, without blocking, a FIFO, a device, a socket
    or a folder (opened non-blocking, checked before any read), and a data file reached
    through a symbolic link: errors quote the file's lines, and a link in a pull request
    could point them at any file on the machine that builds it."""
    name = str(path)
    if os.path.islink(name):
        raise InputError(name, "the file is a symbolic link; it is not followed",
                         "give the path of the real file (links could expose other files)")
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY
                     | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise InputError(name, f"cannot read the file: {exc.strerror or exc}",
                         "check the path and permissions") from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            what = ("a folder" if stat.S_ISDIR(st.st_mode)
                    else "a pipe, device or socket, not a regular file")
            raise InputError(name, f"cannot read the file: it is {what}",
                             "give the path of a data file")
        if max_bytes is not None and st.st_size > max_bytes:
            raise InputError(name, f"file is {st.st_size // 1_000_000} MB, over the "
                             f"{max_bytes // 1_000_000} MB limit",
                             "split the file or check that it is the right one")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(name, f"cannot read the file: {exc.strerror or exc}",
                         "check the path and permissions") from exc
    finally:
        os.close(fd)
    if max_bytes is not None and len(data) > max_bytes:  # grew since fstat
        raise InputError(name, f"file is over the {max_bytes // 1_000_000} MB limit",
                         "split the file or check that it is the right one")
    return data


def write_atomic(path: str | os.PathLike[str], content: str | bytes,
                 expect: Fingerprint | None = None) -> None:
    """Write to a fresh temporary file beside `path` (created exclusively, so a link
    planted under any name is never followed), fsync it, then rename it over `path` in
    one step, keeping the mode `path` had. With `expect`, refuse (ChangedMeanwhile) when
    `path` is no longer the file that was read, checked just before the rename."""
    target = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        # mkstemp opens O_CREAT|O_EXCL: fails on an existing name, link or not.
        fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.",
                                   suffix=".tmp")
    except OSError as exc:  # no such folder, no permission: name the file asked for
        raise OSError(exc.errno, exc.strerror, str(target)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = os.stat(target, follow_symlinks=False).st_mode
            os.chmod(tmp, stat.S_IMODE(mode) if stat.S_ISREG(mode) else 0o644)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        if expect is not None and Fingerprint.of(target) != expect:
            raise ChangedMeanwhile(0, "the file changed on disk while this command ran; "
                                   "nothing was written (run the command again)", str(target))
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, ChangedMeanwhile):
            raise
        raise OSError(exc.errno, exc.strerror, str(target)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(path: str | None, content: str) -> None:
    """`-o FILE` writes atomically; no `-o` (or `-`) prints to standard output."""
    if path in (None, "-"):
        import sys

        sys.stdout.write(content)
    else:
        write_atomic(path, content)
