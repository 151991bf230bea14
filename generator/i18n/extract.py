"""The catalog template, messages.pot, from the code, and each language's catalog brought
up to date with it (Babel's extract and update, as `pybabel extract`/`update` would with
babel.cfg, plus the vocabulary tables, whose labels are data rather than calls).

    python -m generator.i18n.extract            # rewrite messages.pot, update every .po
    python -m generator.i18n.extract --check    # exit 1 when either is out of date
    python -m generator.i18n.extract --init fr  # start a catalog for another language

tests/test_i18n.py runs the check: a message used in the code and missing from a catalog
fails the tests, as an untranslated one fails `mkdocs build --strict`.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from . import DOMAIN, LOCALES, SOURCE, available, catalog_path

PACKAGE = Path(__file__).resolve().parent.parent
POT = LOCALES / f"{DOMAIN}.pot"
# What holds interface text. Each message's first place in the code is kept as a comment
# for translators; line numbers are left out so that editing code does not churn catalogs.
PYTHON = ("render", "format/schedule.py", "finder/form.py", "feeds/calendar.py",
          "feeds/site_feeds.py", "i18n")
TEMPLATES = "theme"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
TEMPLATE_KEYWORDS = {"dir_t": None}
JS_KEYWORDS = {"t": None, "tn": (1, 2), "dirT": None}  # assets/i18n.js; localtime.js's dirT


def vocabulary() -> Iterator[tuple[str, str]]:
    """(message, where) for the labels of the data format's vocabularies."""
    from generator.format import schedule
    from generator.format.vocab import ATTENDANCE, DAY_NAMES, KINDS, PROGRAMS, STATUS, TAGS

    for name, table in (("KINDS", KINDS), ("ATTENDANCE", ATTENDANCE), ("STATUS", STATUS)):
        for label in table.values():
            yield label, f"format/vocab.py:{name}"
    for day in DAY_NAMES.values():
        yield day, "format/vocab.py:DAY_NAMES"
        yield day + "s", "format/schedule.py:days_phrase"
    for program in PROGRAMS.values():
        yield program.label, "format/vocab.py:PROGRAMS"
        yield program.about, "format/vocab.py:PROGRAMS"
    for tag in TAGS.values():
        yield tag.label, "format/vocab.py:TAGS"
    for zone in schedule.ZONE_NAMES.values():
        yield f"{zone} time", "format/schedule.py:zone_label"
    for ordinal in schedule.ORDINALS.values():
        yield ordinal, "format/schedule.py:ORDINALS"
    for label in ("meeting ID", "then dial", "then", "passcode"):
        yield label, "format/dial.py:code_labels"
    for text in SITE_TEXT:
        yield text, "mkdocs.yml"


# mkdocs.yml's own words, which another language's build translates (site name and
# description; build/languages.py).
SITE_TEXT = ("Peer Support Directory",
             "Free recovery peer-support groups near you, online and by phone.",
             "Switch to dark mode", "Switch to light mode")


def template() -> object:
    """The catalog of every message the code shows."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir, extract_from_file

    catalog = Catalog(project="peer-support-directory", domain=DOMAIN, charset="utf-8",
                      fuzzy=False)
    for rel in PYTHON:
        path = PACKAGE / rel
        found = (extract_from_dir(str(path), method_map=[("**.py", "python")],
                                  keywords=KEYWORDS, strip_comment_tags=True)
                 if path.is_dir() else
                 ((str(path.name), *m) for m in extract_from_file(
                     "python", str(path), keywords=KEYWORDS)))
        for item in found:
            filename, _lineno, message = item[0], item[1], item[2]
            where = (f"{rel}/{filename}" if path.is_dir() else rel)
            _add(catalog, message, where)
    for item in extract_from_dir(str(PACKAGE / TEMPLATES), method_map=[("**.html", "jinja2")],
                                 keywords=TEMPLATE_KEYWORDS):
        _add(catalog, item[2], f"{TEMPLATES}/{item[0]}")
    for item in extract_from_dir(str(PACKAGE / "assets"), method_map=[("**.js", "javascript")],
                                 keywords=JS_KEYWORDS):
        _add(catalog, item[2], f"assets/{item[0]}")
    for message, where in vocabulary():
        _add(catalog, message, where)
    return catalog


def _add(catalog: object, message: str | tuple[str, ...], where: str) -> None:
    if not message or (isinstance(message, tuple) and not message[0]):
        return
    existing = catalog.get(message[0] if isinstance(message, tuple) else message)  # type: ignore[attr-defined]
    if existing is not None:
        return  # first place only: stable catalogs
    catalog.add(message, locations=[(where, None)])  # type: ignore[attr-defined]


def _write_po(catalog: object, path: Path, *, pot: bool = False) -> bytes:
    from babel.messages.pofile import write_po

    out = io.BytesIO()
    write_po(out, catalog, width=88, omit_header=False, sort_output=False,  # type: ignore[arg-type]
             include_lineno=False, ignore_obsolete=True)
    data = out.getvalue()
    # The header's creation date changes on every run; keep it out of the diff.
    return b"\n".join(line for line in data.split(b"\n")
                      if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date')))


def updated(lang: str, pot: object) -> object:
    from babel.messages.pofile import read_po

    with catalog_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    catalog.update(pot, no_fuzzy_matching=True)  # type: ignore[arg-type]
    return catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.i18n.extract",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail if stale")
    parser.add_argument("--init", metavar="LANG", help="start a catalog for LANG")
    args = parser.parse_args(argv)
    pot = template()
    outputs: dict[Path, bytes] = {POT: _write_po(pot, POT, pot=True)}
    if args.init:
        from babel.messages.catalog import Catalog

        new = Catalog(locale=args.init, domain=DOMAIN, fuzzy=False)
        new.update(pot)  # type: ignore[arg-type]
        path = catalog_path(args.init)
        path.parent.mkdir(parents=True, exist_ok=True)
        outputs[path] = _write_po(new, path)
    for lang in available():
        if lang != SOURCE and lang != args.init:
            outputs[catalog_path(lang)] = _write_po(updated(lang, pot), catalog_path(lang))
    stale = [p for p, data in outputs.items() if not p.exists() or p.read_bytes() != data]
    if args.check:
        for path in stale:
            print(f"{path}: out of date; run python -m generator.i18n.extract", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_bytes(outputs[path])
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
