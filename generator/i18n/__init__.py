"""The site's interface text in more than one language.

Every string a visitor reads is English in the code (the msgid) and looked up in a gettext
catalog for the other languages: generator/locales/<lang>/LC_MESSAGES/messages.po, read
with Babel (which MkDocs already installs) when a build starts, so no compiled .mo file is
committed or can go stale. There is no global "current language": a `Translator` travels
with what renders (SiteContext.t, the templates' `dir_t`), so one process can render
English and Spanish pages side by side, and English, the source language, is the identity.

    t = load("es")
    t.gettext("When")            -> "Cuándo"
    t.ngettext("{n} group", "{n} groups", 3).format(n=3)

Adding a language: a catalog (generator/locales/<lang>/LC_MESSAGES/messages.po, made from
messages.pot by `python -m generator.i18n.extract --init <lang>`) and a folder of its
Markdown pages (content-<lang>/, see generator/build/languages.py); nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache
from pathlib import Path

SOURCE = "en"  # the language of the msgids, and of a build without `languages:`
LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"

# How each language names itself, for the language switch ("Español", not "Spanish").
NATIVE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "pt": "Português"}


class CatalogError(Exception):
    """A language without a catalog, or (strict) a catalog with untranslated messages."""


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: caches key on it
class Translator:
    """Lookups in one language's catalog. `Translator()` is English: every msgid is its
    own translation, so English pages are built by the same code, byte for byte."""

    lang: str = SOURCE
    messages: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)
    missing: tuple[str, ...] = ()  # msgids the catalog holds without a translation
    plural: Callable[[int], int] = field(default=lambda n: int(n != 1))  # the .po's rule

    @property
    def is_source(self) -> bool:
        return self.lang == SOURCE

    def gettext(self, message: str) -> str:
        found = self.messages.get(message)
        return found if isinstance(found, str) and found else message

    _ = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self.messages.get(singular)
        if isinstance(found, tuple) and all(found):
            return found[min(self.plural(n), len(found) - 1)]
        return singular if n == 1 else plural

    def format_date(self, d: date) -> str:
        """"1 December 2026" in English (as the pages always wrote it); the language's
        long form elsewhere ("1 de diciembre de 2026")."""
        if self.is_source:
            return f"{d.day} {d:%B %Y}"
        from babel.dates import format_date

        return format_date(d, "long", locale=self.lang)

    def format_month(self, d: date) -> str:
        """"December 2026" / "diciembre de 2026"."""
        if self.is_source:
            return f"{d:%B %Y}"
        from babel.dates import format_skeleton

        return format_skeleton("yMMMM", d, locale=self.lang)

    def format_time(self, t: time) -> str:
        """A clock time in the language's convention: "7:00 pm" stays the English
        pages' own (see format/schedule.clock); "19:00" in Spanish."""
        from babel.dates import format_time

        return format_time(t, "short", locale=self.lang)

    def number(self, n: int) -> str:
        if self.is_source:
            return f"{n:,}"
        from babel.numbers import format_decimal

        return format_decimal(n, locale=self.lang)


ENGLISH = Translator()


def catalog_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def available() -> list[str]:
    """The source language and every language with a catalog."""
    found = sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return [SOURCE] + [lang for lang in found if lang != SOURCE]


@lru_cache(maxsize=8)
def _read(path: Path, mtime_ns: int
          ) -> tuple[dict[str, str | tuple[str, ...]], tuple[str, ...], Callable[[int], int]]:
    import gettext

    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh)
    messages: dict[str, str | tuple[str, ...]] = {}
    missing: list[str] = []
    for message in catalog:
        if not message.id:
            continue  # the header
        key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        raw = message.string
        value: str | tuple[str, ...] = (tuple(raw) if isinstance(raw, (list, tuple))
                                        else raw or "")
        done = all(value) if isinstance(value, tuple) else bool(value)
        if message.fuzzy or not done:
            missing.append(key)
            continue
        messages[key] = value
    # The catalog's Plural-Forms rule (CLDR's, which Babel writes), as gettext reads it.
    return messages, tuple(missing), gettext.c2py(catalog.plural_expr)


def load(lang: str, *, strict: bool = False) -> Translator:
    """The translator of `lang` (English needs no catalog). Untranslated or fuzzy
    messages fall back to English and are listed in `missing`; `strict` refuses them."""
    if lang == SOURCE:
        return ENGLISH
    path = catalog_path(lang)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as e:
        raise CatalogError(f"no catalog for language {lang!r}: {path} "
                           f"({e.strerror}); languages with one: {', '.join(available())}"
                           ) from e
    messages, missing, plural = _read(path, mtime)
    if strict and missing:
        raise CatalogError(f"{path}: {len(missing)} message(s) not translated: "
                           + "; ".join(repr(m) for m in missing[:10]))
    return Translator(lang, messages, missing, plural)


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for it)
    """Marks a message for the catalog where it is defined (a table of labels); it is
    translated where it is shown, with `Translator.gettext`."""
    return message
