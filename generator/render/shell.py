"""Entry and browse pages without MkDocs' per-page pipeline.

MkDocs renders one hidden "shell" page per URL depth, whose title, description, body and
own URL are unique placeholders. Every generated page of that depth is the shell with the
placeholders replaced by its escaped text: relative asset and navigation URLs are the same
for every page at one depth, so the theme's full chrome costs one string join per page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .page import Page

TITLE = "DIRSHELLTITLEq7x"
DESCRIPTION = "DIRSHELLDESCq7x"
BODY = "DIRSHELLBODYq7x"
SHELL_DIR = "dir-shell"


def shell_path(depth: int) -> str:
    """Site path of the shell for pages `depth` directories deep: "dir-shell/2/x/" is 3."""
    if depth < 2:
        raise ValueError("shells start at depth 2; top-level pages are content pages")
    return f"{SHELL_DIR}/{depth}/" + "x/" * (depth - 2)


def shell_markdown() -> str:
    """The source MkDocs renders for each shell: placeholders, kept out of search, with
    the light chrome (`dir_light`: generator/theme/main.html)."""
    return (f"---\ntitle: {TITLE}\ndescription: {DESCRIPTION}\nsearch:\n  exclude: true\n"
            f"hide:\n  - toc\ndir_light: true\n---\n\n{BODY}\n")


_INDENT = re.compile(r"\n\s+")
# Parts of Material's page that only its bundle uses, which generated pages do not load
# (generator/theme/main.html): its storage helpers, the drawer and search toggles, the
# back-to-top button, the dialog, the content-tabs script. Not in a template block, so
# taken out of the rendered shell; a theme that changes them only makes pages heavier
# again, which the page-weight test reports.
_UNUSED = re.compile("|".join((
    r"<script>__md_scope=.*?</script>",
    r'<meta name="generator" content="mkdocs-[^"]*">',
    r"<script>var target=document\.getElementById\(location\.hash.*?</script>",
    r'<input class="md-toggle" data-md-toggle="(?:drawer|search)"[^>]*>',
    r'<label class="md-overlay" for="__drawer"></label>',
    r'<button type="button" class="md-top md-icon".*?</button>',
    r'<div class="md-dialog" data-md-component="dialog">\s*'
    r'<div class="md-dialog__inner md-typeset"></div>\s*</div>',
    r'<div data-md-component="skip">\s*</div>',  # empty: its link is for guides' headings
    r' data-md-component="[a-z-]+"',  # the bundle's hooks
)), re.S)


def compact(rendered: str) -> str:
    """A shell as generated pages need it: without the parts of Material's page that only
    its scripts use, and without template indentation (a run of whitespace that holds a
    newline renders the same as one newline outside <pre>, which the theme's chrome does
    not use). Together about half of every generated page, times ten thousand pages."""
    if "<pre" in rendered or "<textarea" in rendered:
        return rendered
    return _INDENT.sub("\n", _UNUSED.sub("", rendered))


@dataclass(frozen=True, slots=True)
class Shell:
    """A rendered shell split at its placeholders: `parts` alternate literal text and
    slot names ("title", "description", "body", "path")."""

    parts: tuple[str, ...]
    slots: tuple[int, ...]  # indexes in `parts` that are slots

    @classmethod
    def parse(cls, rendered: str, own_path: str) -> Shell:
        text = rendered.replace(f"<p>{BODY}</p>", BODY)
        if text.count(BODY) != 1:
            raise ValueError("the theme changed how page content is placed; "
                             f"expected the placeholder {BODY} once")
        tokens = {TITLE: "title", DESCRIPTION: "description", BODY: "body", own_path: "path"}
        pattern = re.compile("|".join(re.escape(t) for t in tokens))
        parts: list[str] = []
        slots: list[int] = []
        last = 0
        for m in pattern.finditer(text):
            parts.append(text[last:m.start()])
            slots.append(len(parts))
            parts.append(tokens[m.group(0)])
            last = m.end()
        parts.append(text[last:])
        return cls(tuple(parts), tuple(slots))

    def fill(self, page: Page) -> str:
        values = {
            "title": html.escape(page.title, quote=True),
            "description": html.escape(page.description, quote=True),
            "body": page.body,
            "path": page.path,
        }
        out = list(self.parts)
        for i in self.slots:
            out[i] = values[out[i]]
        return "".join(out)
