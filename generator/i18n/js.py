"""The browser scripts' messages (generator/assets/*.js): written in English in the code
as `t("Starts in {n} min", {n})` and `tn("{n} group", "{n} groups", n, {n})`, extracted
with Babel's JavaScript extractor into the same catalog, and handed to the page in its
language as a JSON data block (`<script type="application/json" class="dir-i18n">`) that
assets/i18n.js reads. English pages carry no block: the scripts' own text is English."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from . import N_, Translator

ASSETS = Path(__file__).resolve().parent.parent / "assets"
OTHER = N_("Other")  # the index's short name of the "other" program
KEYWORDS = {"t": None, "tn": (1, 2), "dirT": None}  # dirT: localtime.js (a classic script)


# Scripts on every page: their messages ride in every page of another language (a few
# hundred bytes); the finder's and the handout's only on their own pages.
EVERY_PAGE = ("localtime.js", "mygroups-button.js", "offline.js")


@lru_cache(maxsize=1)
def messages() -> tuple[tuple[str, str | tuple[str, str]], ...]:
    """(script file, message) of every message the scripts show, in file order."""
    from babel.messages.extract import extract_from_dir

    found: dict[tuple[str, str | tuple[str, str]], None] = {}
    for file, _line, message, _comments, _context in extract_from_dir(
            str(ASSETS), method_map=[("**.js", "javascript")], keywords=KEYWORDS):
        key = tuple(message) if isinstance(message, (list, tuple)) else message
        found[(Path(file).name, key)] = None  # type: ignore[index]
    return tuple(found)


def block(t: Translator, *, every_page: bool = False) -> str:
    """The data block of the scripts' messages in `t`'s language ("" for English):
    those of the every-page scripts, or all."""
    if t.is_source:
        return ""
    out: dict[str, str | list[str]] = {}
    for file, message in messages():
        if every_page and file not in EVERY_PAGE:
            continue
        if isinstance(message, tuple):
            one, other = message
            out[one] = [t.ngettext(one, other, 1), t.ngettext(one, other, 2)]
        else:
            out[message] = t.gettext(message)
    if not every_page:  # the finder's rows word a group's attributes, kind and program
        from generator.format.vocab import KINDS, TAGS  # from the index's English

        out.update({tag.label: t.gettext(tag.label) for tag in TAGS.values()})
        out.update({key.capitalize(): t.gettext(label) for key, label in KINDS.items()})
        out["Other"] = t.gettext(OTHER)
    if not out:
        return ""
    # "</" never appears inside the block: JSON escapes the slash
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" class="dir-i18n">{text}</script>'
