"""The build's privacy check: no page, stylesheet or script may make a visitor's browser
fetch anything from another host. Links a person chooses to follow (directions, a
group's website) are fine; scripts, styles, fonts, images and frames are not.

    problems = audit_html(html, "r/abc/index.html", own_host="example.org")
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

# Attributes that make the browser fetch something by itself.
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>")
_LOADING_TAGS = {"script", "img", "iframe", "frame", "link", "source", "video", "audio",
                 "embed", "object", "track", "input", "image", "use", "form"}
_ATTR = re.compile(r"""\b(src|href|srcset|poster|data|action|xlink:href)\s*=\s*(["'])(.*?)\2""",
                   re.I | re.S)
_REL = re.compile(r"""\brel\s*=\s*["']([^"']*)["']""", re.I)
_FETCHING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect",
                  "dns-prefetch", "icon", "apple-touch-icon", "manifest", "prerender"}
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>|\bstyle\s*=\s*\"([^\"]*)\"", re.I | re.S)
_CSS_URL = re.compile(r"""url\(\s*(?:(["'])(.*?)\1|([^)'"]*))\s*\)|@import\s+(["'])(.*?)\4""",
                      re.I | re.S)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Markup that can make a browser fetch, as this project's renderers write it (lower
# case; data values are escaped, so they can never add a tag). Generated bodies without
# any of these skip the regex scan: a plain substring search over 10,000 pages is ~20x
# cheaper than the full check.
_BODY_TRIGGERS = (" poster", "<object", "<embed", "<link", "<form", "<style",
                  "style=", "<use", "<image", "data-md-component", " srcset")
_JS_URL = re.compile(r"""["'`]((?:https?:)?//[a-z0-9.-]+\.[a-z]{2,})""", re.I)

# Hosts named in Material's bundle, each fetched only for a feature this site does not
# use (and blocked by the Content-Security-Policy if it ever were): Mermaid diagrams,
# the ResizeObserver polyfill for old browsers, GitHub/GitLab repository facts (our
# source partial drops the data-md-component that triggers them).
MATERIAL_LAZY_HOSTS = {"unpkg.com", "api.github.com", "gitlab.com"}
MATERIAL_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
# Hosts named in the map's vendored scripts (generator/map/assets/vendor/), none fetched:
# default attribution links, which our map replaces with its own credit, and the dummy
# base protomaps-leaflet parses relative tile addresses against.
MAP_VENDOR_HOSTS = {"leafletjs.com", "protomaps.com", "openstreetmap.org", "example.com"}
MAP_VENDOR = re.compile(r"assets/directory/map/vendor/[^/]+\.js$")


def _third_party(url: str, own_host: str) -> bool:
    url = url.strip()
    if not (url.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I)):
        return False  # relative: the site itself
    scheme = url.split(":", 1)[0].lower() if not url.startswith("//") else ""
    if scheme in ("data", "blob", "mailto", "tel", "about"):
        return False
    host = urlsplit(url if not url.startswith("//") else "https:" + url).hostname or ""
    return host != own_host.lower() or not own_host


def audit_css(css: str, where: str, own_host: str = "") -> list[str]:
    css = _CSS_COMMENT.sub("", css)
    problems = []
    for m in _CSS_URL.finditer(css):
        url = m.group(2) or m.group(3) or m.group(5) or ""
        if _third_party(url, own_host):
            problems.append(f"{where}: stylesheet loads {url[:80]}")
    return problems


def audit_html(html: str, where: str, own_host: str = "") -> list[str]:
    problems = []
    for m in _TAG.finditer(html):
        tag, attrs = m.group(1).lower(), m.group(2)
        if tag not in _LOADING_TAGS or "=" not in attrs:
            continue
        if tag == "link":
            rel = _REL.search(attrs)
            rels = set(rel.group(1).lower().split()) if rel else set()
            if not rels & _FETCHING_RELS:
                continue
        for a in _ATTR.finditer(attrs):
            name, value = a.group(1).lower(), a.group(3)
            if tag != "link" and name == "href" and tag not in ("image", "use"):
                continue
            urls = ([u.strip().split(" ")[0] for u in value.split(",")]
                    if name == "srcset" else [value])
            problems += [f"{where}: <{tag} {name}> loads {u[:80]}"
                         for u in urls if _third_party(u, own_host)]
    for m in _STYLE_BLOCK.finditer(html):
        problems += audit_css(m.group(1) or m.group(2) or "", where, own_host)
    if 'data-md-component="source"' in html:
        problems.append(f"{where}: repository facts fetch (data-md-component=source)")
    return problems


def audit_body(html: str, where: str, own_host: str = "") -> list[str]:
    """`audit_html` for generated page bodies, with a fast path for the usual body that
    has no loading markup at all."""
    if any(t in html for t in _BODY_TRIGGERS):
        return audit_html(html, where, own_host)
    # Only src= left to consider: a relative value (the page's own qr.png) is the site.
    at = html.find(" src=")
    while at != -1:
        value = html[at + 5:at + 5 + 260].lstrip("\"'")
        if _third_party(value.split('"', 1)[0].split("'", 1)[0], own_host):
            return audit_html(html, where, own_host)
        at = html.find(" src=", at + 5)
    return []


def audit_js(js: str, where: str, own_host: str = "") -> list[str]:
    problems = []
    for m in _JS_URL.finditer(js):
        url = m.group(1)
        host = urlsplit(url if not url.startswith("//") else "https:" + url).hostname or ""
        if host == own_host.lower() or host == "www.w3.org":  # XML namespace names
            continue
        if host in MATERIAL_LAZY_HOSTS and MATERIAL_BUNDLE.search(where):
            continue
        if host in MAP_VENDOR_HOSTS and MAP_VENDOR.search(where):
            continue
        problems.append(f"{where}: script refers to {url[:80]}")
    return problems


def audit_tree(site_dir: Path, own_host: str = "", skip: frozenset[str] = frozenset()) -> list[str]:
    """Every .html, .css and .js file under `site_dir` (except paths in `skip`, relative)."""
    problems: list[str] = []
    checks = {".html": audit_html, ".css": audit_css, ".js": audit_js}
    for path in sorted(site_dir.rglob("*")):
        check = checks.get(path.suffix)
        rel = path.relative_to(site_dir).as_posix()
        if check is None or rel in skip or not path.is_file():
            continue
        problems += check(path.read_text("utf-8", errors="replace"), rel, own_host)
    return problems
