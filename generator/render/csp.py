"""Content-Security-Policy for every page, as a <meta http-equiv> (static hosts such as
GitHub Pages cannot send headers). Everything loads from the site itself; inline scripts
run only when their sha256 is listed, so a string that slipped into a page unescaped
still could not run."""

from __future__ import annotations

import base64
import hashlib
import re

# Executable inline scripts: no src, and no type or a JavaScript type. JSON-LD and
# Material's JSON config are data blocks, which CSP does not govern.
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)

STATIC_POLICY = (
    "default-src 'self'",
    "img-src 'self' data:",
    # Material sets style attributes from its own script; styles cannot leak data off-site
    # while every other fetch is limited to 'self'.
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for m in _SCRIPT.finditer(html):
        if "src=" in m["attrs"].lower():
            continue
        kind = _TYPE.search(m["attrs"])
        if kind and kind.group(1).lower() not in _JS_TYPES:
            continue
        digest = hashlib.sha256(m["body"].encode("utf-8")).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode() + "'")
    return sorted(set(hashes))


def policy(html: str) -> str:
    scripts = " ".join(["script-src 'self'", *inline_script_hashes(html)])
    return "; ".join([*STATIC_POLICY[:1], scripts, *STATIC_POLICY[1:]])


def meta(html: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'


def add_meta(html: str) -> str:
    """The page with its policy right after <meta charset>, before anything it governs."""
    if 'http-equiv="Content-Security-Policy"' in html:
        return html
    tag = meta(html)
    m = _CHARSET.search(html)
    if m:
        return html[: m.end()] + tag + html[m.end():]
    return html.replace("<head>", "<head>" + tag, 1)
