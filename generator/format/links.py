"""What a link in the data must not hide: line breaks and controls (they split a header
or a log line), user info before the host (`https://paypal.com@evil.example` goes to
evil.example), letters of several scripts in one domain (a Cyrillic `а` in `pаypal.com`
looks like the real one), and lengths no browser or QR code handles well.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from urllib.parse import urlsplit

MAX_URL_CHARS = 2000  # what every browser and server accepts; a QR code holds it too
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Scripts read together in one name: Japanese mixes kanji and kana by design.
_SAME_SCRIPT = {"HIRAGANA": "HAN", "KATAKANA": "HAN", "CJK": "HAN", "HANGUL": "HAN"}
_LOOK_LATIN = frozenset({"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"})

Problem = tuple[str, str, str]  # (severity, message, hint)


def url_problems(url: str) -> list[Problem]:
    """Problems with one link beyond its scheme (checked by validate)."""
    if m := _CONTROL.search(url):
        return [("error", f"the link has a control character (U+{ord(m.group()):04X}: a "
                 "line break, tab or NUL) in it", "write the link on one line, without "
                 "tabs or line breaks")]
    if len(url) > MAX_URL_CHARS:
        return [("error", f"the link is {len(url)} characters long, over {MAX_URL_CHARS}",
                 "use the page's short address")]
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return [("error", "the link's host is not a valid address",
                 "copy the address from the browser's address bar")]
    out: list[Problem] = []
    if "@" in parts.netloc:
        out.append(("warning", f"the link sends people to `{host}`: the part before `@` "
                    "is a user name, not the site", "remove everything between `https://` "
                    "and `@` unless the real site really asks for it"))
    scripts = domain_scripts(host)
    if scripts:
        out.append(("warning", f"the link's domain mixes letters of different scripts "
                    f"({', '.join(sorted(scripts))}): it may imitate another site",
                    "retype the domain by hand, or check it with the group"))
    return out


def domain_scripts(host: str) -> set[str]:
    """The scripts of a host's letters when they look like a homograph (several scripts
    in one label, or Latin labels beside ones in a script with Latin look-alikes);
    an empty set for a plain or a consistently non-Latin domain."""
    labels = [_decoded(label) for label in host.split(".") if label]
    per_label = [_scripts(label) for label in labels]
    if any(len(s) > 1 for s in per_label):
        return set().union(*per_label)
    every = set().union(*per_label) if per_label else set()
    if "LATIN" in every and every & _LOOK_LATIN:
        return every
    return set()


def _decoded(label: str) -> str:
    if label.lower().startswith("xn--"):
        try:
            return codecs.decode(label[4:].encode("ascii"), "punycode")
        except (UnicodeError, ValueError):
            return label
    return label


def _scripts(label: str) -> set[str]:
    out = set()
    for ch in label:
        if not ch.isalpha():
            continue
        word = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
        out.add(_SAME_SCRIPT.get(word, word))
    return out
