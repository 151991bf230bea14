"""Problems found in a data file, each tied to a file, line and column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# C0 and C1 controls (ESC starts terminal escape sequences that recolour, retitle or
# rewrite the screen), DEL, line and paragraph separators, and the invisible format
# characters that reorder or hide text. A message shows each as \x1b or \u202e.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e"
                         "\u2060-\u2069\ufeff]")


def printable(text: str) -> str:
    """`text` safe to print to a terminal or a log: controls and invisible characters
    escaped, everything else (accents, emoji, scripts) kept."""
    if not _UNSHOWABLE.search(text):
        return text
    return _UNSHOWABLE.sub(lambda m: repr(m.group())[1:-1] if ord(m.group()) < 0x100
                           else f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    line: int
    col: int
    severity: str  # "error" | "warning"
    message: str
    hint: str = ""
    code: str = ""  # a rule's name where a consumer treats it specially ("stale")

    def format(self) -> str:
        """`FILE:LINE:COL: error: message (hint)`: the form editors and CI understand."""
        text = f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"
        return printable(f"{text} — {self.hint}" if self.hint else text)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass(slots=True)
class Report:
    """Collects every problem of one pass, so a volunteer sees them all at once."""

    file: str
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, line: int, col: int, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(self.file, line, col, "error", message, hint))

    def warning(self, line: int, col: int, message: str, hint: str = "", code: str = "") -> None:
        self.items.append(Diagnostic(self.file, line, col, "warning", message, hint, code))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.is_error]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.line, d.col, d.severity))


class DataError(Exception):
    """Raised when a file cannot be used; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.is_error]
        first = errors[0].format() if errors else "invalid data"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first + more)
