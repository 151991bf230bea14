"""What a renderer hands to the writer: one page's path, plain-text title and
description, and its already-escaped HTML body."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Page:
    path: str  # directory-style path under the site root, no leading slash: "r/abc/"
    title: str  # plain text; the writer escapes it
    description: str  # plain text; the writer escapes it
    body: str  # HTML, every data value already escaped

    @property
    def depth(self) -> int:
        """How many directories deep the page's index.html sits ("r/abc/" -> 2)."""
        return self.path.strip("/").count("/") + 1 if self.path.strip("/") else 0
