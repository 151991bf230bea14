"""Links from a page back to the repository: view an entry's line, edit the file, report
a problem through the issue form the volunteers' guide describes."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from generator.build.context import SiteContext
from generator.format.model import Resource

REPORT_TEMPLATE = "report-change.yml"


def branch(ctx: SiteContext) -> str:
    """The branch named in MkDocs' edit_uri ("edit/main/content/" -> "main")."""
    parts = [p for p in ctx.edit_uri.split("/") if p]
    if len(parts) >= 2 and parts[0] in ("edit", "blob", "tree"):
        return parts[1]
    return "main"


def _repo(ctx: SiteContext) -> str:
    return ctx.repo_url.rstrip("/")


def entry_source_url(ctx: SiteContext, r: Resource) -> str:
    """The entry's first line in the data file, as the repository host shows it."""
    if not ctx.repo_url:
        return ""
    url = f"{_repo(ctx)}/blob/{quote(branch(ctx))}/{quote(ctx.data_path)}"
    return f"{url}#L{r.line}" if r.line else url


def edit_url(ctx: SiteContext) -> str:
    if not ctx.repo_url:
        return ""
    return f"{_repo(ctx)}/edit/{quote(branch(ctx))}/{quote(ctx.data_path)}"


def report_url(ctx: SiteContext, r: Resource) -> str:
    """A new issue from the report-change form, with the entry's id filled in."""
    if not ctx.repo_url:
        return ""
    query = urlencode({
        "template": REPORT_TEMPLATE,
        "resource-id": r.id,
        "title": f"Listing problem: {r.name} ({r.id})",
    })
    return f"{_repo(ctx)}/issues/new?{query}"
