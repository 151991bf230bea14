"""Content-Security-Policy, the third-party check, shells, redirects and the writer."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from generator.build.context import SiteContext
from generator.format.model import Dataset, Resource
from generator.render import audit, csp, redirects, shell
from generator.render.page import Page
from generator.render.writer import SiteWriter


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


PAGE = ('<!doctype html><html><head><meta charset="utf-8"><title>t</title>'
        '<script>var a=1</script><script src="x.js"></script>'
        '<script type="application/json" id="__config">{"a":1}</script>'
        '<script type="application/ld+json">{"b":2}</script>'
        '<script type="module">import "./m.js"</script></head><body></body></html>')


def test_csp_hashes_only_executable_inline_scripts() -> None:
    hashes = csp.inline_script_hashes(PAGE)
    assert hashes == sorted([sha("var a=1"), sha('import "./m.js"')])
    policy = csp.policy(PAGE)
    for part in ("default-src 'self'", "object-src 'none'", "base-uri 'self'",
                 "script-src 'self' " + " ".join(hashes)):
        assert part in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]
    assert "http" not in policy


def test_csp_meta_goes_right_after_charset_once() -> None:
    out = csp.add_meta(PAGE)
    assert out.index('http-equiv="Content-Security-Policy"') < out.index("<script")
    assert out.startswith('<!doctype html><html><head><meta charset="utf-8"><meta http-equiv=')
    assert csp.add_meta(out) == out


@pytest.mark.parametrize(("html", "bad"), [
    ('<script src="https://cdn.example.com/x.js"></script>', True),
    ('<script src="//cdn.example.com/x.js"></script>', True),
    ('<script src="assets/x.js"></script>', False),
    ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">', True),
    ('<link rel="preconnect" href="https://fonts.gstatic.com">', True),
    ('<link rel="canonical" href="https://other.example.org/r/x/">', False),
    ('<link rel="alternate" type="application/json" href="https://x.org/m.json">', False),
    ('<img alt="" src="https://tiles.example.org/1/2/3.png">', True),
    ('<img alt="" srcset="a.png 1x, https://x.org/b.png 2x">', True),
    ('<img alt="" src="data:image/png;base64,AAAA">', False),
    ('<iframe src="https://www.openstreetmap.org/export/embed.html"></iframe>', True),
    ('<a href="https://www.openstreetmap.org/search?query=x">Directions</a>', False),
    ('<form action="https://evil.example/collect"></form>', True),
    ('<div style="background:url(https://x.org/bg.png)"></div>', True),
    ("<style>@import 'https://x.org/a.css';</style>", True),
    ('<style>.a{background:url("data:image/svg+xml;utf8,<svg xmlns=\'http://www.w3.org/2000/svg\'/>")}</style>',
     False),
    ('<a href="x" data-md-component="source">repo</a>', True),
    ('<video poster="https://x.org/p.jpg"></video>', True),
    ('<img alt="QR" src="qr.png"><a href="https://x.org/">x</a>', False),
    ('<img alt="QR" src="qr.png"><img alt="" src="https://x.org/t.png">', True),
    ('<object data="https://x.org/f.swf"></object>', True),
])
def test_audit_html(html: str, bad: bool) -> None:
    assert bool(audit.audit_html(html, "p.html")) is bad
    assert bool(audit.audit_body(html, "p.html")) is bad


def test_audit_allows_the_sites_own_host() -> None:
    assert audit.audit_html('<img alt="" src="https://dir.example.org/a.png">', "p",
                            own_host="dir.example.org") == []
    assert audit.audit_html('<img alt="" src="https://dir.example.org.evil.com/a.png">', "p",
                            own_host="dir.example.org")


def test_audit_css_and_js() -> None:
    assert audit.audit_css("/* https://fontawesome.com */ .a{b:url(x.png)}", "a.css") == []
    assert audit.audit_css("@font-face{src:url(https://fonts.gstatic.com/r.woff2)}", "a.css")
    assert audit.audit_js('fetch("https://api.example.com/x")', "assets/directory/f.js")
    assert audit.audit_js('// see http://lunrjs.com\nvar a=1', "x.js") == []
    bundle = "assets/javascripts/bundle.a5f9d56c.min.js"
    assert audit.audit_js('_t("https://unpkg.com/mermaid@11/dist/mermaid.min.js")', bundle) == []
    assert audit.audit_js('_t("https://unpkg.com/mermaid@11/dist/mermaid.min.js")', "mine.js")


def test_audit_tree_walks_html_css_js(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<script src="https://x.org/t.js"></script>')
    (tmp_path / "s.css").write_text("a{background:url(//x.org/i.png)}")
    (tmp_path / "ok.js").write_text("var x = 'relative/path';")
    (tmp_path / "data.json").write_text('{"u": "https://x.org/"}')
    problems = audit.audit_tree(tmp_path)
    assert len(problems) == 2
    assert problems[0].startswith("a/index.html:") and problems[1].startswith("s.css:")


def shell_html(path: str) -> str:
    return (f'<html><head><meta charset="utf-8"><title>{shell.TITLE} - Site</title>'
            f'<meta name="description" content="{shell.DESCRIPTION}">'
            f'<link rel="canonical" href="https://s.example/{path}"></head><body>'
            f'<span>{shell.TITLE}</span><h1>{shell.TITLE}</h1>\n  <p>{shell.BODY}</p></body></html>')


def test_shell_fill_escapes_title_and_description_and_fixes_canonical() -> None:
    path = shell.shell_path(2)
    sh = shell.Shell.parse(shell_html(path), path)
    page = Page("r/x/", '<script>alert(1)</script>"><img src=x onerror=alert(1)>',
                'a "quoted" <b>description</b>', "<p>body</p>")
    out = sh.fill(page)
    assert "<script>alert(1)" not in out and "<img src=x" not in out
    assert out.count("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x") == 3
    assert 'content="a &quot;quoted&quot; &lt;b&gt;description&lt;/b&gt;"' in out
    assert '<link rel="canonical" href="https://s.example/r/x/">' in out
    assert "<p>body</p>" in out and shell.BODY not in out and "dir-shell" not in out


def test_shell_paths_and_guard() -> None:
    assert shell.shell_path(2) == "dir-shell/2/"
    assert shell.shell_path(4) == "dir-shell/4/x/x/"
    assert all(p.count("/") == d for d, p in ((d, shell.shell_path(d)) for d in (2, 3, 4)))
    with pytest.raises(ValueError):
        shell.Shell.parse("<html>no placeholder</html>", "dir-shell/2/")
    assert "search:\n  exclude: true" in shell.shell_markdown()


def test_compact_keeps_pre_and_newlines() -> None:
    assert shell.compact("<p>\n      a\n   </p>") == "<p>\na\n</p>"
    assert shell.compact("<pre>\n  x</pre>") == "<pre>\n  x</pre>"


def test_alias_redirects_point_to_the_current_page() -> None:
    r = Resource(id="new-id", name='Hope <Group> "A"', kind="meeting", program="aa",
                 attendance="online", aliases=("old-id", "older-id"))
    ds = Dataset(path="resources.yaml", resources=[r])
    pages = dict(redirects.alias_pages(ds, SiteContext(dataset=ds), csp.meta("")))
    assert set(pages) == {"r/old-id/index.html", "r/older-id/index.html"}
    html = pages["r/old-id/index.html"]
    assert '<meta http-equiv="refresh" content="0; url=../new-id/">' in html
    assert '<link rel="canonical" href="../new-id/">' in html
    assert '<a href="../new-id/">Hope &lt;Group&gt; &quot;A&quot;</a>' in html
    assert "Content-Security-Policy" in html
    absolute = dict(redirects.alias_pages(
        ds, SiteContext(dataset=ds, site_url="https://dir.example.org/x/")))
    assert ('<link rel="canonical" href="https://dir.example.org/x/r/new-id/">'
            in absolute["r/old-id/index.html"])


def test_writer_refuses_paths_outside_the_site(tmp_path: Path) -> None:
    w = SiteWriter(tmp_path / "site", {}, check=True)
    for bad in ("../escape.txt", "/etc/x", "a/../../b", ""):
        with pytest.raises(ValueError):
            w.write_files([(bad, "x")])
    w.write_files([("feeds/a.json", "{}"), ("bad.html", '<img alt="" src="https://x.org/a">')])
    assert (tmp_path / "site" / "feeds" / "a.json").read_text() == "{}"
    assert w.problems and "bad.html" in w.problems[0]
    with pytest.raises(KeyError):
        w.write_pages([Page("r/x/", "t", "d", "b")])


def test_writer_never_replaces_a_content_page(tmp_path: Path) -> None:
    sh = shell.Shell.parse(shell_html(shell.shell_path(3)), shell.shell_path(3))
    w = SiteWriter(tmp_path, {3: sh})
    written = w.write_pages([Page("places/us/il/", "Illinois", "d", "<p>generated</p>"),
                             Page("places/us/mo/", "Missouri", "d", "<p>generated</p>")],
                            reserved=frozenset({"places/us/il/"}))
    assert written == ["places/us/mo/"]
    assert not (tmp_path / "places" / "us" / "il").exists()
    assert w.problems == ["places/us/il/: a generated page would replace the content page "
                          "there; rename or move that Markdown file"]
