"""Bidirectional-text controls in text from the data file.

An embedding or override (LRE RLE LRO RLO, closed by PDF) or an isolate (LRI RLI FSI,
closed by PDI) left open in a group's name reorders whatever follows it on the same
line: the next field, a time, a link. The loader balances every text field once
(`balanced`), so every page, feed and index built from the model gets closed strings,
however the renderers join them; generator/render/html.py balances again what it
escapes, for text that does not come from the model.
"""

from __future__ import annotations

import re
from typing import Any

# Embeddings and overrides (LRE RLE PDF LRO RLO) and isolates
# (LRI RLI FSI PDI). One left open reorders whatever follows on the same line.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
PDF, PDI = "\u202c", "\u2069"


def balanced(text: str) -> str:
    """`text` with the closers its open bidi controls lack appended, so its direction
    cannot leak into the text after it; unchanged when nothing is left open.

    As the Unicode Bidirectional Algorithm pairs them (X6a, X7): a PDF closes the
    latest embedding unless an isolate was opened after it; a PDI closes the latest
    open isolate and every embedding inside it, and is ignored when none is open.
    Closers the browser would not need (past the 125-level limit, after a paragraph
    break) are ignored by it, so closing too much is harmless; closing too little is
    not. Only the controls are visited, and ASCII text is not searched at all."""
    if text.isascii() or BIDI_CONTROLS.search(text) is None:
        return text
    stack: list[str] = []  # the closer each open control needs, innermost last
    isolates = 0
    for m in BIDI_CONTROLS.finditer(text):
        ch = m.group()
        if ch == PDF:
            if stack and stack[-1] == PDF:
                stack.pop()
        elif ch == PDI:
            if isolates:
                while stack.pop() != PDI:
                    pass
                isolates -= 1
        elif ch >= "\u2066":
            stack.append(PDI)
            isolates += 1
        else:
            stack.append(PDF)
    return text + "".join(reversed(stack))


def balanced_strings(value: Any) -> Any:
    """Every string in JSON-shaped data `balanced` (dictionary keys are left alone)."""
    if isinstance(value, str):
        return balanced(value)
    if isinstance(value, list):
        return [balanced_strings(v) for v in value]
    if isinstance(value, dict):
        return {k: balanced_strings(v) for k, v in value.items()}
    return value


