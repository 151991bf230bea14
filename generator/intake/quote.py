"""Answers quoted inside messages, shown safely as plain text or as Markdown.

Messages for the reviewer and the issue's author mix our words with what someone typed
into the form. `q()` marks the typed part; `plain()` shows it between quotes for the
terminal, `markdown()` as a code span, where GitHub makes no link, image, HTML or
@mention of it. The markers are control characters, which form.py removes from every
answer, so typed text cannot fake them.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "\x02", "\x03"
LIMIT = 300
_QUOTED = re.compile(f"{OPEN}(.*?){CLOSE}", re.S)


def q(text: str, limit: int = LIMIT) -> str:
    shown = text if len(text) <= limit else text[:limit] + "…"
    return OPEN + shown + CLOSE


def plain(note: str) -> str:
    return note.replace(OPEN, "“").replace(CLOSE, "”")


def code(text: str) -> str:
    """A Markdown code span holding `text` exactly (on one line)."""
    text = " ⏎ ".join(text.splitlines()) or " "
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if "`" in text[:1] + text[-1:] else f"{fence}{text}{fence}"


def fenced(text: str) -> str:
    """A fenced code block holding `text`: nothing in it is Markdown."""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def markdown(note: str) -> str:
    return _QUOTED.sub(lambda m: code(m.group(1)), note)
