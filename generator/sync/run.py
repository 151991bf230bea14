"""One sync of a data file: read every chosen source, merge each, check, then write once.

All or nothing: every source is read and converted before the file is edited, and the
edited text is read back and compared, entry by entry, with what the merge meant to
write; any failure leaves the file as it was. The result carries the same change
summary `diff` makes (generator/review/diff.py), plus sync's own notes (entries gone from a
feed, records that could not be converted).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.files import write_atomic
from generator.format.diagnostics import Diagnostic
from generator.format.model import Dataset, Source
from generator.format.validate import check
from generator.format.yamledit import EditError
from generator.review.diff import DatasetDiff, Notice, compare, field_changes
from generator.sync.splice import apply

from .importers import Imported, import_source
from .merge import Plan, plan
from .sources import DEFAULT_TIMEOUT, SourceError, read_source

Reader = Callable[[Source, str, float], str]
_BOM = "\ufeff"


class SyncError(Exception):
    """Nothing was written; `diagnostics` lists data errors when there are some."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


@dataclass(slots=True)
class SyncResult:
    diff: DatasetDiff
    written: bool
    sources: list[str]
    messages: list[str] = field(default_factory=list)  # importers' reports


def _chosen(dataset: Dataset, names: list[str]) -> list[Source]:
    if not dataset.sources and names:
        raise SyncError(f"{dataset.path}: no `sources:` declared; add one (see the README, "
                        "\"Sync with upstream lists\")")
    known = {s.name: s for s in dataset.sources}
    missing = [n for n in names if n not in known]
    if missing:
        raise SyncError(f"{dataset.path}: no source named {', '.join(map(repr, missing))}; "
                        f"declared: {', '.join(map(repr, known))}")
    return [known[n] for n in names] if names else dataset.sources


def _checked(path: str, text: str, today: date) -> Dataset:
    dataset, report = check(path, text=text, today=today)
    if report.errors:
        raise SyncError(f"{path} has errors; nothing synced", report.sorted())
    return dataset


def _verify(path: str, before: Dataset, p: Plan, text: str, today: date) -> Dataset:
    after, report = check(path, text=text, today=today)
    if report.errors:
        raise SyncError(f"{path}: the merged file would have errors; nothing written",
                        report.sorted())
    expected = [p.updates.get(r.id, r) for r in before.resources if r.id not in p.removed]
    expected += p.added
    got = after.by_id()
    if len(got) != len(expected) or len(after.resources) != len(expected):
        raise EditError("the edited file does not hold the expected number of entries")
    for want in expected:
        have = got.get(want.id)
        if have is None or next(field_changes(want, have), None) is not None:
            raise EditError(f"entry `{want.id}` did not read back as merged")
    return after


def sync_file(path: str, names: list[str] | None = None, *, today: date | None = None,
              timeout: float = DEFAULT_TIMEOUT, dry_run: bool = False,
              reader: Reader = read_source) -> SyncResult:
    today = today or date.today()
    raw = Path(path).read_bytes()
    try:
        original = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SyncError(f"{path}: not UTF-8 text (byte {exc.start}); nothing synced") from None
    bom = _BOM if original.startswith(_BOM) else ""
    text = original[len(bom):]
    before = dataset = _checked(path, text, today)
    sources = _chosen(dataset, names or [])
    imported: list[tuple[Source, Imported]] = []
    for source in sources:  # every source read before anything changes
        feed = reader(source, path, timeout)
        imported.append((source, import_source(source, feed, source.url or source.path,
                                               today)))
    notices: list[Notice] = []
    messages: list[str] = []
    for source, got in imported:
        messages += [f"{source.name}: {m}" for m in got.messages]
        p = plan(dataset, source, got)
        notices += p.notices
        if not (p.updates or p.added or p.removed):
            continue
        try:
            new_text = apply(text, dataset, p)
            dataset = _verify(path, dataset, p, new_text, today)
        except EditError as exc:
            raise SyncError(f"{path}: source `{source.name}`: cannot edit the file in place "
                            f"({exc}); nothing written") from None
        text = new_text
    result = compare(before, dataset)
    result.warnings += notices
    changed = bom + text != original
    if changed and not dry_run:
        write_atomic(path, bom + text)
    return SyncResult(result, changed and not dry_run, [s.name for s in sources], messages)


__all__ = ["SourceError", "SyncError", "SyncResult", "sync_file"]
