"""The `sources:` list of a data file: its checks, and reading one feed.

A feed is read with urllib (the standard library: nothing new to install for the one
job that uses the network) with a timeout and a size cap, or from a file beside the
data file. `url` must be https; plain http is accepted only for this machine
(127.0.0.1, localhost), where tests and local mirrors serve feeds.
"""

from __future__ import annotations

import urllib.error
import urllib.request
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

from generator.format.diagnostics import Report
from generator.format.model import Dataset, Source

MAX_FEED_BYTES = 64 * 1024 * 1024  # ~100,000 meetings; more is not a meeting feed
DEFAULT_TIMEOUT = 60.0
USER_AGENT = "peer-support-directory-sync"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class SourceError(Exception):
    """A source could not be read or converted; the message names the source and why."""


def url_problem(url: str) -> str:
    """Why `url` cannot be a source's address, or ""."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return ""
    if parts.scheme == "http" and parts.hostname in LOOPBACK:
        return ""
    if parts.scheme == "http":
        return "must be https (plain http is accepted only for 127.0.0.1 and localhost)"
    return "is not an https address"


def check_sources(dataset: Dataset, report: Report) -> None:
    """Rules beyond shape, reported against each source's line (for `validate`)."""
    seen: dict[str, int] = {}
    zones = zoneinfo.available_timezones()
    for s in dataset.sources:
        line = s.line or 1
        if s.name in seen:
            report.error(*s.pos("name"), f"source `{s.name}` is declared twice (first on line "
                         f"{seen[s.name]})", "give each source its own name")
        seen.setdefault(s.name, line)
        if bool(s.url) == bool(s.path):
            report.error(*s.pos("name"), f"source `{s.name}` needs exactly one of `url` and "
                         "`path`",
                         "url: for a feed on the web, path: for a file beside this one")
        if s.url and url_problem(s.url):
            report.error(*s.pos("url"), f"source `{s.name}`: url {url_problem(s.url)}",
                         "use the feed's https:// address")
        if s.timezone and s.timezone not in zones:
            report.error(*s.pos("timezone"), f"source `{s.name}`: unknown time zone "
                         f"`{s.timezone}`",
                         "use an IANA name such as America/Chicago")
    for r in dataset.resources:
        if r.curated and r.source not in seen:
            why = (f"its source `{r.source}` is not one of the file's `sources`" if r.source
                   else "it has no `source`")
            report.warning(*r.pos("curated"), f"{r.id}: `curated` has no effect: {why}",
                           "sync only edits entries of declared sources; remove `curated` "
                           "or correct `source`")


def read_source(source: Source, data_path: str, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The feed's text. Raises SourceError with a message a volunteer can act on."""
    where = source.url or source.path
    if source.url:
        problem = url_problem(source.url)
        if problem:
            raise SourceError(f"source `{source.name}`: url {problem}")
        data = _fetch(source, timeout)
    elif source.path:
        path = Path(data_path).parent / source.path
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_FEED_BYTES + 1)
        except OSError as exc:
            raise SourceError(f"source `{source.name}`: cannot read {path}: "
                              f"{exc.strerror or exc}") from None
    else:
        raise SourceError(f"source `{source.name}` has neither `url` nor `path`")
    if len(data) > MAX_FEED_BYTES:
        raise SourceError(f"source `{source.name}`: {where} is over "
                          f"{MAX_FEED_BYTES // 1_000_000} MB; not a meeting feed?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"source `{source.name}`: {where} is not UTF-8 text "
                          f"(byte {exc.start})") from None


def _fetch(source: Source, timeout: float) -> bytes:
    request = urllib.request.Request(source.url, headers={
        "User-Agent": USER_AGENT, "Accept": "application/json"})
    label = f"source `{source.name}`: {source.url}"
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data: bytes = response.read(MAX_FEED_BYTES + 1)
            return data
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{label} answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise SourceError(f"{label} did not answer within {timeout:g} s") from None
        raise SourceError(f"{label} cannot be reached ({reason})") from None
    except TimeoutError:
        raise SourceError(f"{label} did not answer within {timeout:g} s") from None
    except OSError as exc:
        raise SourceError(f"{label} failed while reading ({exc})") from None
