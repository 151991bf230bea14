"""Real MkDocs builds of the example and synthetic data: every page type's content."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator.format.loader import load
from tests.conftest import HOSTILE, SITE_BUILD_DATE
from tests.helpers import build_site

pytestmark = pytest.mark.xdist_group("site-build")


def read(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


def article(page: str) -> str:
    m = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', page, re.S)
    assert m, "no article"
    return m.group(1)


def text(fragment: str) -> str:
    fragment = re.sub(r"<script.*?</script>", "", fragment, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def json_ld(page: str) -> list[dict]:
    return [json.loads(m) for m in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]


def all_html(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --------------------------------------------------------------------------- every page


def test_every_page_has_csp_crisis_line_feed_and_build_date(example_site: Path) -> None:
    pages = all_html(example_site)
    assert len(pages) > 40
    for path in pages:
        page = path.read_text("utf-8")
        rel = path.relative_to(example_site).as_posix()
        assert '<meta http-equiv="Content-Security-Policy"' in page, rel
        if "Moved:" in page:  # alias redirects are bare pages
            continue
        assert 'href="tel:988"' in page, rel
        assert 'href="tel:+18006624357"' in page and "1-800-662-4357" in page, rel
        assert re.search(r'<link rel="alternate feed" type="application/json" title="Meetings Feed" '
                         r'href="[./]*meetings.json">', page), rel
        assert f"Built <time datetime=\"{SITE_BUILD_DATE}\">" in page, rel


def test_csp_hashes_match_every_inline_script(example_site: Path) -> None:
    from generator.render.csp import inline_script_hashes

    for path in all_html(example_site):
        page = path.read_text("utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
        assert policy, path
        for digest in inline_script_hashes(page):
            assert digest in policy.group(1), path
        assert "'unsafe-inline'" not in policy.group(1).split("script-src")[1].split(";")[0]


def test_nothing_from_other_hosts(example_site: Path) -> None:
    from generator.render.audit import audit_tree

    assert audit_tree(example_site, "directory.example.org") == []
    for path in all_html(example_site):
        page = path.read_text("utf-8")
        assert "fonts.googleapis" not in page and "fonts.gstatic" not in page
        assert 'data-md-component="source"' not in page  # no GitHub API facts fetch
        assert "navigation.instant" not in page


def test_assets_published_under_assets_directory(example_site: Path) -> None:
    css = example_site / "assets" / "directory" / "directory.css"
    assert css.exists() and "prefers-color-scheme" not in css.read_text()[:0]
    assert "@media print" in css.read_text()
    assert '<link rel="stylesheet" href="assets/directory/directory.css">' in read(
        example_site, "index.html")


# --------------------------------------------------------------------------- navigation and search


def test_no_entry_page_in_the_nav_or_search_index(example_site: Path) -> None:
    page = read(example_site, "r/sample-springfield-tuesday-hope/index.html")
    # generated pages carry the light chrome: the site's pages in a short list, no drawer
    assert '<nav class="md-nav md-nav--primary"' not in page and "md-search" not in page
    nav = re.search(r'<nav class="dir-sitenav.*?</nav>', page, re.S)
    assert nav and 'href="../../find/"' in nav.group(0)
    nav_links = re.findall(r'href="([^"]+)"', nav.group(0))
    assert nav_links and not [u for u in nav_links if "/r/" in u or u.startswith("../../r")]
    assert not [u for u in nav_links if "dir-shell" in u]
    index = json.loads(read(example_site, "search/search_index.json"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert "guides/first-meeting/" in locations
    assert not [loc for loc in locations if loc.startswith(("r/", "dir-shell"))]
    # browse pages are in it (render/search_index.py), each once
    assert {"places/us/il/", "places/us/il/springfield/", "programs/aa/"} <= locations
    assert len(index["docs"]) == len({d["location"] for d in index["docs"]})
    assert not (example_site / "dir-shell").exists()


def test_sitemap_lists_entries_not_shells(example_site: Path) -> None:
    sitemap = read(example_site, "sitemap.xml")
    assert "<loc>https://directory.example.org/r/sample-springfield-tuesday-hope/</loc>" in sitemap
    assert "<loc>https://directory.example.org/places/us/il/springfield/</loc>" in sitemap
    assert "<loc>https://directory.example.org/guides/first-meeting/</loc>" in sitemap
    assert "dir-shell" not in sitemap


# --------------------------------------------------------------------------- resource pages


def test_resource_page_example(example_site: Path) -> None:
    page = read(example_site, "r/sample-springfield-tuesday-hope/index.html")
    assert "<title>Tuesday Night Hope Group (sample) - " in page
    assert ('<link rel="canonical" '
            'href="https://directory.example.org/r/sample-springfield-tuesday-hope/">') in page
    words = text(article(page))
    for expected in ("Tuesday Night Hope Group (sample)", "Tuesdays 7:00–8:00 pm, Central time",
                     "Get directions", "Last verified 1 October 2026", "Nearby alternatives",
                     "Report a problem with this listing", "Suggest an edit"):
        assert expected in words, expected
    assert "None" not in words
    assert ("https://github.com/peer-support-directory/directory/blob/main/"
            "examples/resources.yaml#L9") in page
    (data,) = json_ld(page)
    assert data["@type"] == "Event" and data["eventSchedule"][0]["byDay"] == [
        "https://schema.org/Tuesday"]
    assert data["url"] == "https://directory.example.org/r/sample-springfield-tuesday-hope/"
    # Asset URLs are relative to the page's depth, so the site works under any path.
    assert 'href="../../assets/directory/directory.css"' in page
    assert '<script src="../../assets/directory/localtime.js"></script>' in page
    assert '<img src="qr.png"' in page
    assert (example_site / "r" / "sample-springfield-tuesday-hope" / "qr.png").exists()
    assert 'data-zone="America/Chicago" data-every="week"' in page


def test_every_entry_has_a_page_with_its_line(example_site: Path) -> None:
    dataset, _ = load(example_site.parent / "resources.yaml")
    for r in dataset.resources:
        page = read(example_site, f"r/{r.id}/index.html")
        assert html.escape(r.name, quote=True) in page
        assert f"#L{r.line}" in page
        assert json_ld(page)


def test_monthly_and_fortnightly_in_words(example_site: Path) -> None:
    words = text(article(read(example_site, "r/sample-springfield-monthly-speaker/index.html")))
    assert "1st and 3rd Monday" in words
    words = text(article(read(example_site, "r/sample-springfield-biweekly-cma/index.html")))
    assert "Every other Wednesday" in words
    page = read(example_site, "r/sample-springfield-monthly-speaker/index.html")
    assert 'data-every="month"' in page and 'data-weeks="1 3"' in page


def test_inactive_page_kept_but_not_listed(example_site: Path) -> None:
    page = read(example_site, "r/sample-jacksonville-inactive/index.html")
    assert "No longer meets." in text(article(page))
    for listing in ("places/index.html", "online/index.html", "programs/index.html"):
        assert "sample-jacksonville-inactive" not in read(example_site, listing)


# --------------------------------------------------------------------------- browse pages


def test_places_hierarchy(example_site: Path) -> None:
    index = article(read(example_site, "places/index.html"))
    assert 'href="../places/us/il/springfield/"' in index
    region = read(example_site, "places/us/il/index.html")
    assert "<title>Illinois - " in region and 'href="springfield/"' in region
    town = read(example_site, "places/us/il/springfield/index.html")
    assert "<h1>Springfield, IL</h1>" in town
    body = article(town)
    days = re.findall(r'<h2 id="day-([a-z]+)">', body)
    assert days == [d for d in ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "any")
                    if d in days]
    tuesday = body[body.index('id="day-tue"'):body.index('id="day-wed"')]
    times = re.findall(r'<span class="dir-time">([^<]+)</span>', tuesday)
    assert times and times[0].startswith("7:00") and "7:00–8:00 pm" in times
    assert 'href="../../../../r/sample-springfield-tuesday-hope/"' in tuesday


def test_programs_and_online(example_site: Path) -> None:
    programs = article(read(example_site, "programs/index.html"))
    assert 'href="../programs/aa/"' in programs and 'href="../programs/smart/"' in programs
    aa = read(example_site, "programs/aa/index.html")
    assert "<h1>Alcoholics Anonymous</h1>" in aa
    assert "sample-springfield-tuesday-hope" in aa and "sample-online-morning-smart" not in aa
    online = text(article(read(example_site, "online/index.html")))
    assert "Eastern time" in online and "Central time" in online
    assert "Morning SMART Online (sample)" in online


def test_home_page(example_site: Path) -> None:
    home = read(example_site, "index.html")
    body = article(home)
    form = re.search(r'<form class="dir-find" action="find/" method="get"[^>]*>(.*?)</form>',
                     body, re.S)
    assert form and 'name="near"' in form.group(1) and '<label for="dir-near">' in form.group(1)
    assert 'href="find/#near-me"' in body and 'href="online/"' in body
    assert 'href="programs/aa/"' in body and 'href="guides/first-meeting/"' in body
    assert "<!-- directory:" not in home


def test_alias_redirects(example_site: Path) -> None:
    page = read(example_site, "r/sample-tuesday-hope/index.html")
    assert '<meta http-equiv="refresh" content="0; url=../sample-springfield-tuesday-hope/">' in page
    assert ('<link rel="canonical" '
            'href="https://directory.example.org/r/sample-springfield-tuesday-hope/">') in page
    assert '<a href="../sample-springfield-tuesday-hope/">' in page


def test_404_page(example_site: Path) -> None:
    page = read(example_site, "404.html")
    assert 'role="search"' in page and 'name="q"' in page
    assert 'action="/find/"' in page  # absolute: the 404 page is served at any path
    assert 'href="tel:988"' in page and "Content-Security-Policy" in page


# --------------------------------------------------------------------------- hostile data


def test_hostile_text_is_escaped_everywhere(synth_site: Path) -> None:
    page = read(synth_site, "r/hostile-entry/index.html")
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert f"<title>{escaped} - " in page
    assert f"<h1>{escaped}</h1>" in page
    description = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert description and "<" not in description.group(1)
    assert page.count(escaped) >= 5  # title, header, h1, place, directions, notes, source...
    assert HOSTILE in text(article(page))
    (data,) = json_ld(page)
    assert data["name"] == HOSTILE and data["description"].endswith("</script>&amp;")
    assert "Not yet verified" in text(article(page))
    assert "qr.png" not in page  # no site_url, so no QR code to show
    for listing in all_html(synth_site):
        content = listing.read_text("utf-8")
        assert "<script>alert(1)" not in content, listing
        assert "<img src=x" not in content, listing


def test_hostile_alias_and_listing(synth_site: Path) -> None:
    redirect = read(synth_site, "r/hostile-old-id/index.html")
    assert "url=../hostile-entry/" in redirect and "<script>alert" not in redirect
    town = read(synth_site, "places/us/il/springfield/index.html")
    assert 'href="../../../../r/hostile-entry/"' in town
    assert "paused-entry" in town and "temporarily closed" in town
    assert "gone-entry" not in town
    assert (synth_site / "r" / "gone-entry" / "index.html").exists()


def test_synth_site_has_every_page_type(synth_site: Path) -> None:
    dataset, _ = load(synth_site.parent / "resources.yaml")
    ids = {r.id for r in dataset.resources}
    built = {p.parent.name for p in (synth_site / "r").glob("*/index.html")}
    assert ids <= built
    assert len(list((synth_site / "places").rglob("index.html"))) > 10
    assert len(list((synth_site / "programs").glob("*/index.html"))) >= 5
    for r in dataset.resources[:40]:
        page = read(synth_site, f"r/{r.id}/index.html")
        assert "None" not in text(article(page))
        assert json_ld(page)


# --------------------------------------------------------------------------- failures


def build_error(caplog: pytest.LogCaptureFixture, data: Path, out: Path) -> str:
    """MkDocs logs a plugin's error and raises Abort: the message is in the log."""
    with pytest.raises(Abort, match="BuildError"):
        build_site(data, out, build_date=SITE_BUILD_DATE)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors
    return "\n".join(errors)


def test_invalid_data_fails_with_positions(tmp_path: Path,
                                           caplog: pytest.LogCaptureFixture) -> None:
    bad = tmp_path / "resources.yaml"
    bad.write_text("resources:\n  - id: Bad Id\n    name: X\n    kind: meeting\n"
                   "    program: nope\n    attendance: in-person\n", "utf-8")
    message = build_error(caplog, bad, tmp_path / "site")
    assert re.search(r"resources\.yaml:2:\d+: error:", message)
    assert re.search(r"resources\.yaml:5:\d+: error:", message)
    assert not (tmp_path / "site" / "r").exists()


def test_missing_data_file_is_a_clear_error(tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    message = build_error(caplog, tmp_path / "nope.yaml", tmp_path / "site")
    assert "nope.yaml: cannot read the data file" in message


def test_warnings_fail_strict_builds_but_staleness_does_not(tmp_path: Path) -> None:
    data = tmp_path / "resources.yaml"
    text = (Path(__file__).parent.parent / "examples" / "resources.yaml").read_text()
    data.write_text(text)
    # Two years on, every entry is stale: news for the weekly stale report, but a pull
    # request's strict build must not go red for it.
    build_site(data, tmp_path / "site0", build_date="2028-12-01", strict=True)
    # A real data warning (HTML in a description) does fail a strict build.
    data.write_text(text.replace("description: \"Fictional", "description: \"<b>Fictional", 1))
    with pytest.raises(Abort, match="warning"):
        build_site(data, tmp_path / "site", build_date="2026-11-23", strict=True)
    build_site(data, tmp_path / "site2", build_date="2026-11-23", strict=False)
    assert (tmp_path / "site2" / "r" / "sample-springfield-tuesday-hope" / "index.html").exists()


def test_third_party_reference_fails_the_build(tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent.parent / "content", content)
    (content / "map.md").write_text(
        "# Map\n\n<img alt=\"map\" src=\"https://tiles.example.org/1/2/3.png\">\n", "utf-8")
    data = Path(__file__).parent.parent / "examples" / "resources.yaml"
    with pytest.raises(Abort, match="BuildError"):
        build_site(data, tmp_path / "site", build_date=SITE_BUILD_DATE, docs_dir=str(content))
    errors = "\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert "map/index.html: <img src> loads https://tiles.example.org/1/2/3.png" in errors


def test_generated_pages_never_replace_content_pages(tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent.parent / "content", content)
    (content / "programs" / "aa.md").parent.mkdir(exist_ok=True)
    (content / "programs" / "aa.md").write_text("# Our own AA page\n", "utf-8")
    data = Path(__file__).parent.parent / "examples" / "resources.yaml"
    # A failed build is dropped (staging.py); keep it here to look inside.
    import generator.build.staging

    monkeypatch.setattr(generator.build.staging.shutil, "rmtree", lambda *a, **k: None)
    with pytest.raises(Abort, match="BuildError"):
        build_site(data, tmp_path / "site", build_date=SITE_BUILD_DATE, docs_dir=str(content))
    errors = "\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert "programs/aa/: a generated page would replace the content page" in errors
    assert not (tmp_path / "site").exists()  # the failed build was not published
    [built] = tmp_path.glob(".site.build-*")
    assert "Our own AA page" in (built / "programs" / "aa" / "index.html").read_text()


def test_calendar_links_lead_to_published_files(example_site: Path) -> None:
    linked = 0
    for page in (example_site / "r").glob("*/index.html"):
        m = re.search(r'<a href="\.\./([a-z0-9-]+\.ics)"', page.read_text("utf-8"))
        if m:
            linked += 1
            assert (example_site / "r" / m.group(1)).exists(), m.group(1)
    assert linked > 10


def broken_links(site: Path) -> dict[str, list[str]]:
    """Relative href/src values on every page that lead to no file in the site."""
    import os
    from urllib.parse import unquote, urlsplit

    bad: dict[str, list[str]] = {}
    for page in all_html(site):
        for value in re.findall(r'(?:href|src)="([^"#][^"]*)"', page.read_text("utf-8")):
            path = unquote(urlsplit(html.unescape(value)).path)
            if not path or re.match(r"^[a-z][a-z0-9+.-]*:|^//", value):
                continue
            target = Path(os.path.normpath((site / path.lstrip("/")) if path.startswith("/")
                                           else page.parent / path))
            if not (target / "index.html" if target.is_dir() else target).exists():
                bad.setdefault(page.relative_to(site).as_posix(), []).append(value)
    return bad


def test_no_broken_links(example_site: Path, synth_site: Path) -> None:
    assert broken_links(example_site) == {}
    assert broken_links(synth_site) == {}


def test_an_entry_publishes_under_10_kb_with_its_qr_code_and_calendar(
        example_site: Path) -> None:
    """#21: 100,000 entries must publish under 1 GB. Each entry's own files (page, QR
    code, calendar) stay under 10 KB on average, and no generated page carries the parts
    of Material's page that only its scripts use (the light chrome: render/shell.py)."""
    entries = [p for p in (example_site / "r").iterdir()
               if p.is_dir() and (p / "index.html").exists()
               and 'http-equiv="refresh"' not in (p / "index.html").read_text("utf-8")]
    assert len(entries) > 10
    own = 0
    for folder in entries:
        page = (folder / "index.html").read_text("utf-8")
        for unused in ("bundle.", "__md_scope", 'id="__config"', "md-top", "md-dialog",
                       "data-md-component", 'name="__palette"'):
            assert unused not in page, (folder.name, unused)
        own += sum(f.stat().st_size for f in folder.iterdir())
        calendar = folder.parent / f"{folder.name}.ics"
        own += calendar.stat().st_size if calendar.exists() else 0
    assert own / len(entries) < 10 * 1024, own / len(entries)
