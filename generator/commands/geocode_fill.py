"""`geocode`'s work: find in-person entries without coordinates, locate each (cache,
geocoder or bundled centroid), write lat/lon into the file's text in place, check the
result by loading it again, and only then replace the file (atomically).
"""

from __future__ import annotations

import codecs
import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from generator.commands.geocode_cache import Answer
from generator.files import ChangedMeanwhile, Fingerprint, InputError, read_input, write_atomic
from generator.format.diagnostics import printable
from generator.format.loader import load
from generator.format.model import Dataset, Location, Resource
from generator.format.validate import check
from generator.format.yamledit import CoordinateEdit, edit_coordinates, format_coordinate
from generator.geo.centroids import TownCentroids, centroid_for
from generator.geo.checks import FAR_MILES, in_country, reference
from generator.geo.distance import miles
from generator.geo.gazetteer import Centroid
from generator.geo.geocoding import Geocoding, LookupFailed
from generator.geo.placenames import country_code

SAVE_EVERY = 20  # new answers between cache saves, so an interrupted run keeps its work


@dataclass(slots=True)
class Outcome:
    resource: Resource
    query: str
    answer: Answer | None = None
    source: str = ""
    problem: str = ""


def needs_coordinates(r: Resource) -> bool:
    return r.is_in_person and r.location is not None and not r.location.has_coordinates


def locate(r: Resource, geocoding: Geocoding, offline: bool,
           own_towns: Callable[[], dict[tuple[str, str, str], Centroid]]) -> Outcome:
    """Where one entry is, or why it could not be found. Never raises for bad data."""
    loc = r.location
    assert loc is not None
    out = Outcome(r, loc.one_line())
    if not (loc.address or loc.city or loc.postal_code):
        out.problem = "no address, city or postal code to look up"
        return out
    try:
        known, answer = geocoding.cached(out.query)
        if known and answer is not None:
            out.answer, out.source = answer, "cache"
        elif offline:
            c = centroid_for(loc, own_towns)
            if c is None:
                what = f"postal code {loc.postal_code}" if loc.postal_code else "the town"
                out.problem = f"offline: {what} is not in the bundled gazetteer"
                return out
            out.answer = Answer(c.lat, c.lon, True, f"centroid of {c.city} {c.postal_code}")
            out.source = "bundled gazetteer"
            return out  # a centroid needs no sanity check against itself
        else:
            answer = geocoding.lookup(out.query)
            if answer is None:
                out.problem = (f"{geocoding.service} found nothing for “{out.query}”; check "
                               "the address, or use --offline for the postal-code centroid")
                return out
            out.answer, out.source = answer, geocoding.service
    except LookupFailed as exc:
        out.problem = str(exc)
        return out
    out.problem = _implausible(out.answer, loc, own_towns)
    if out.problem:
        out.answer = None
    return out


def _implausible(answer: Answer, loc: Location,
                 own_towns: Callable[[], dict[tuple[str, str, str], Centroid]]) -> str:
    """Why a geocoder's answer should not be written, or "" when it looks right."""
    if in_country(answer.lat, answer.lon, loc.country) is False:
        return (f"the answer ({answer.lat}, {answer.lon}: {answer.address}) is outside "
                f"{country_code(loc.country)}; check the address")
    ref = reference(loc, loc.country, own_towns)
    if ref is not None:
        far = miles(answer.lat, answer.lon, ref[0].lat, ref[0].lon)
        if far > FAR_MILES:
            return (f"the answer ({answer.address}) is {far:.0f} miles from {ref[1]}; "
                    "check the address")
    return ""


def _progress(o: Outcome) -> str:
    if o.answer is None:
        return o.problem
    approx = " (approximate)" if o.answer.approximate else ""
    return f"{o.answer.lat}, {o.answer.lon}{approx} from {o.source}"


def _strip(r: Resource, coordinates: bool) -> Resource:
    loc = r.location
    if coordinates and loc is not None:
        loc = replace(loc, lat=None, lon=None, approximate=False)
    return replace(r, line=0, location=loc)


def verify(before: Dataset, after: Dataset, edits: dict[str, CoordinateEdit]) -> set[str]:
    """Ids whose entry in `after` is not `before` plus exactly its planned coordinates
    (or all ids if the entries no longer line up)."""
    if [r.id for r in before.resources] != [r.id for r in after.resources]:
        return {r.id for r in before.resources}
    wrong: set[str] = set()
    for old, new in zip(before.resources, after.resources, strict=True):
        edit = edits.get(old.id)
        if _strip(old, edit is not None) != _strip(new, edit is not None):
            wrong.add(old.id)
        elif edit is not None:
            loc = new.location
            assert loc is not None
            want = (float(format_coordinate(edit.lat)), float(format_coordinate(edit.lon)),
                    edit.approximate)
            if (loc.lat, loc.lon, loc.approximate) != want:
                wrong.add(old.id)
    return wrong


@dataclass(slots=True)
class _Input:
    """The file as read and checked: its text, its entries, and what to fill."""
    text: str
    bom: bool
    before: Fingerprint | None  # None: it could not be read a second time
    dataset: Dataset
    todo: list[Resource]


def fill_file(path: str | os.PathLike[str], geocoding: Geocoding, *, offline: bool = False,
              dry_run: bool = False, out: TextIO, err: TextIO) -> int:
    """The `geocode` command on one file. Exit code: 0 all filled (or nothing to do),
    1 when the file has errors or any entry could not be filled."""
    p = Path(path)
    got = _read_checked(p, err)
    if isinstance(got, int):
        return got
    outcomes = _locate_all(got, geocoding, offline, dry_run, err)
    problems = {o.resource.id: o.problem for o in outcomes if o.answer is None}
    new_text, edits, refused = _edited(p, got, outcomes)
    problems.update(refused)
    if new_text != got.text and not _write(p, got, new_text, dry_run, out, err):
        return 1
    by_id = got.dataset.by_id()
    for entry_id, problem in sorted(problems.items(), key=lambda kv: by_id[kv[0]].line):
        line, col = by_id[entry_id].pos("location")
        print(printable(f"{p}:{line}:{col}: error: {entry_id}: {problem}"), file=err)
    approximate = sum(1 for e in edits.values() if e.approximate)
    verb = "would fill" if dry_run else "filled"
    print(f"{p}: {verb} {len(edits)} entr{'y' if len(edits) == 1 else 'ies'} "
          f"({approximate} approximate), {len(problems)} not filled, "
          f"{geocoding.requests} request(s) to {geocoding.service}", file=err)
    return 1 if problems else 0


def _read_checked(p: Path, err: TextIO) -> _Input | int:
    """The file ready to fill, or the exit code when there is nothing to do or it has
    errors (reported on `err`)."""
    try:
        raw = read_input(p)
    except InputError as exc:
        print(f"{p}:1:1: error: {exc.message} — {exc.hint}", file=err)
        return 1
    # The file as read: a volunteer's save or a `git pull` during a long run is not lost.
    before = Fingerprint.of(p)
    try:
        text: str | None = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None  # the loader reports where
    dataset, report = check(p, text=text)
    todo = [r for r in dataset.resources if needs_coordinates(r)]
    # A half-written pair (lat without lon) is an error this very command fixes, so
    # errors on the lat/lon of entries about to be filled do not block it.
    fixing = {r.positions[f"location.{c}"] for r in todo for c in ("lat", "lon")
              if f"location.{c}" in r.positions}
    blocking = [d for d in report.sorted() if d.is_error and (d.line, d.col) not in fixing]
    if blocking or text is None:
        for d in blocking:
            print(d.format(), file=err)
        print(f"{p}: not changed: fix the errors above first", file=err)
        return 1
    if not todo:
        print(f"{p}: every in-person entry has coordinates; nothing to do", file=err)
        return 0
    return _Input(text, raw.startswith(codecs.BOM_UTF8), before, dataset, todo)


def _locate_all(got: _Input, geocoding: Geocoding, offline: bool, dry_run: bool,
                err: TextIO) -> list[Outcome]:
    """Every entry to fill located, with progress on `err`; the cache saved as it goes."""
    own_towns = TownCentroids(got.dataset)
    outcomes: list[Outcome] = []
    saved_at = 0
    try:
        for n, r in enumerate(got.todo, 1):
            o = locate(r, geocoding, offline, own_towns)
            outcomes.append(o)
            print(printable(f"[{n}/{len(got.todo)}] {r.id}: {_progress(o)}"), file=err)
            if not dry_run and geocoding.requests - saved_at >= SAVE_EVERY:
                geocoding.cache.save()
                saved_at = geocoding.requests
    finally:
        if not dry_run:
            geocoding.cache.save()
    return outcomes


def _edited(p: Path, got: _Input, outcomes: list[Outcome]
            ) -> tuple[str, dict[str, CoordinateEdit], dict[str, str]]:
    """The text with the answers written in, the edits it holds, and why each entry
    left out was (only edits that read back exactly as planned are kept)."""
    text, dataset = got.text, got.dataset
    edits = {o.resource.id: CoordinateEdit(o.resource.id, o.resource.positions["location"],
                                           o.answer.lat, o.answer.lon, o.answer.approximate)
             for o in outcomes if o.answer is not None and "location" in o.resource.positions}
    new_text, refused = edit_coordinates(text, list(edits.values()))
    for entry_id in refused:
        edits.pop(entry_id)
    wrong = verify(dataset, load(p, new_text)[0], edits) if edits else set()
    if wrong:  # one retry without the entries that did not come out right
        for entry_id in wrong:
            edits.pop(entry_id, None)
            refused[entry_id] = "the edited file did not read back as intended; add by hand"
        new_text, more = edit_coordinates(text, list(edits.values()))
        refused.update(more)
        if more or (edits and verify(dataset, load(p, new_text)[0], edits)):
            new_text = text
            refused.update({i: "the edited file did not read back as intended" for i in edits})
            edits = {}
    return new_text, edits, refused


def _write(p: Path, got: _Input, new_text: str, dry_run: bool, out: TextIO,
           err: TextIO) -> bool:
    """The edit as a diff on `out` (dry run) or written over the file; False when the
    file changed meanwhile and was left alone."""
    if dry_run:
        out.writelines(difflib.unified_diff(
            got.text.splitlines(keepends=True), new_text.splitlines(keepends=True),
            fromfile=str(p), tofile=f"{p} (geocoded)"))
        return True
    try:
        write_atomic(p, (codecs.BOM_UTF8 if got.bom else b"") + new_text.encode("utf-8"),
                     expect=got.before)
    except ChangedMeanwhile:
        print(f"{p}: error: the file changed while geocode ran, so it was not "
              "written (the edit is kept); the answers are in the cache: run "
              "geocode again to write them", file=err)
        return False
    return True
