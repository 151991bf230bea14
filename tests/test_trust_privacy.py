"""Privacy, proven: nobody's search for a meeting is seen by a third party.

- In Chromium, every request made while visiting each page type and using the site
  (site search, the finder by postal code, filters and "Near me", a group's page, the
  handout) goes to the site's own origin; no cookie is set, and nothing is kept in
  localStorage until the visitor saves a handout (or picks the other colour scheme).
- The Content-Security-Policy <meta> of every page allows only the site itself and
  hashed inline scripts, and the browser enforces it against injected markup.
- The build fails when any page, stylesheet or script would load a third-party script,
  style, font, image or frame.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from mkdocs.exceptions import Abort

from tests.conftest import SITE_BUILD_DATE
from tests.helpers import build_site

pytestmark = pytest.mark.xdist_group("trust-example")

ROOT = Path(__file__).resolve().parent.parent
TUESDAY = "sample-springfield-tuesday-hope"
CHATHAM = "sample-chatham-noon"
SPOT = (39.7817, -89.6501)  # where "Near me" says the visitor is
# A documentation-only address (TEST-NET-3): nothing answers there, even if a page
# were allowed to ask.
OUTSIDE = "https://203.0.113.9"

PAGE_PATHS = ["", "find/", "r/" + TUESDAY + "/", "places/", "places/us/", "places/us/il/",
              "places/us/il/springfield/", "programs/", "programs/aa/", "online/",
              "handout/", "guides/first-meeting/", "guides/for-discharge-staff/", "404.html",
              "r/sample-tuesday-hope/"]  # an old id: the redirect page


@pytest.fixture(scope="module")
def base_url(example_site: Path, serve_dir: Callable[[Path], str]) -> str:
    return serve_dir(example_site)


@pytest.fixture()
def visit(browser: Any, base_url: str) -> Iterator[Any]:
    """A context that records every request, console complaint and page error."""
    ctx = browser.new_context(permissions=["geolocation"],
                              geolocation={"latitude": SPOT[0], "longitude": SPOT[1]},
                              viewport={"width": 1280, "height": 900}, locale="en-US",
                              timezone_id="America/Chicago")
    ctx.requests = []  # every request a page started, allowed or not
    ctx.answered = []  # requests that got a response
    ctx.refused = {}  # url -> why the browser stopped it ("csp")
    ctx.problems = []
    ctx.on("request", lambda r: ctx.requests.append(r.url))
    ctx.on("response", lambda r: ctx.answered.append(r.url))
    ctx.on("requestfailed", lambda r: ctx.refused.__setitem__(r.url, r.failure))

    def watch(page: Any) -> None:
        page.on("console", lambda m: ctx.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: ctx.problems.append(str(e)))

    ctx.on("page", watch)
    yield ctx
    ctx.close()


def storage(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => ({
        local: Object.keys(localStorage), session: Object.keys(sessionStorage),
        cookie: document.cookie})""")


def off_origin(requests: list[str], base_url: str) -> list[str]:
    origin = base_url.rstrip("/") + "/"
    return [u for u in requests if not u.startswith((origin, "data:", "blob:", "about:"))]


# --------------------------------------------------------------------------- in the browser


@pytest.mark.browser
def test_no_request_leaves_the_origin_and_nothing_is_stored(visit: Any, base_url: str) -> None:
    page = visit.new_page()
    for path in PAGE_PATHS:
        response = page.goto(base_url + path)
        assert response is not None and response.ok, path
        if path == "r/sample-tuesday-hope/":
            page.wait_for_url(f"**/r/{TUESDAY}/")
        page.wait_for_load_state("load")
        kept = storage(page)
        assert kept["local"] == [] and kept["cookie"] == "", (path, kept)
        assert all(k.startswith("peer-directory:handout") for k in kept["session"]), kept
    assert visit.cookies() == []

    # the site's own search (Material's worker fetches the index)
    page.goto(base_url + "guides/first-meeting/")
    page.locator(".md-search__input").click()
    page.keyboard.type("meeting")
    page.wait_for_selector(".md-search-result__item")

    # the finder: a postal code typed and submitted, then filters, then "Near me"
    page.goto(base_url + "find/")
    page.wait_for_selector("#fd-near-list li[data-id]")
    page.fill("#fd-near", "62701")
    page.keyboard.press("Enter")
    page.wait_for_selector("#fd-near-list li[data-distance]")
    page.click("#fd-change")  # the form folds once a place is set
    page.select_option("#fd-day", "any")
    page.select_option("#fd-radius", "25")
    page.click("#fd-more")
    page.select_option("#fd-program", "aa")
    page.check("input[name=tag][value=open]")
    page.fill("#fd-q", "hope")
    page.wait_for_function("() => window.__finderTimings && window.__finderTimings.notesLoaded")
    page.goto(base_url + "find/?day=any#fd-locate")
    page.wait_for_selector("#fd-near-list li[data-id]")
    page.click("#fd-locate")
    page.wait_for_function("() => location.search.includes('lat=')")
    page.wait_for_selector("#fd-near-list li[data-distance]")
    page.click("#fd-near-list li[data-id] a")
    page.wait_for_url(re.compile(r"/r/[a-z0-9-]+/$"))

    # a handout: shown, printed to PDF, then saved on this device
    page.goto(base_url + f"handout/?id={TUESDAY}&id={CHATHAM}&title=Ward+4#note=Call+first")
    page.wait_for_selector("#handout-sheet[data-ready]")
    page.pdf(format="Letter")
    kept = storage(page)
    assert kept["local"] == [] and kept["cookie"] == "", kept
    assert kept["session"] == ["peer-directory:handout-draft"]  # this tab's draft only
    page.click("#handout-save")
    page.wait_for_selector("#handout-saved-list a")
    assert storage(page)["local"] == ["peer-directory:saved-handouts"]
    assert visit.cookies() == []

    assert any(u.endswith("/search/search_index.json") for u in visit.requests)  # recorded
    assert any("/gazetteer/" in u for u in visit.requests)
    assert off_origin(visit.requests, base_url) == []
    # where the visitor is travels nowhere: only the finder's own address (on this
    # origin, never sent on) holds the typed code or the coordinates
    for request in visit.requests:
        if urlsplit(request).path.endswith("/find/"):
            continue
        assert "62701" not in request and str(SPOT[0])[:5] not in request, request
    refused = [p for p in visit.problems if "Content Security Policy" in p or "Refused" in p]
    assert refused == [] and visit.problems == [], visit.problems


@pytest.mark.browser
def test_choosing_the_other_colour_scheme_is_the_only_other_thing_kept(visit: Any,
                                                                       base_url: str) -> None:
    page = visit.new_page()
    page.goto(base_url)
    page.locator("label[title='Switch to dark mode']").click()
    assert storage(page)["local"] == ["/.__palette"]  # the visitor's own choice, kept
    page.goto(base_url + "online/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.locator("label[title='Switch to light mode']").click()
    assert storage(page)["local"] == []  # back to the device's scheme: nothing kept


@pytest.mark.browser
def test_the_policy_stops_injected_scripts_and_third_party_loads(visit: Any,
                                                                 base_url: str) -> None:
    """As if a string had slipped into a page unescaped: the browser must refuse to run
    it and refuse to fetch from anywhere else."""
    page = visit.new_page()
    page.goto(base_url + "r/" + TUESDAY + "/")
    outcome = page.evaluate("""async (outside) => {
      const seen = [];
      document.addEventListener("securitypolicyviolation",
                                e => seen.push(e.effectiveDirective));
      const s = document.createElement("script");
      s.textContent = "window.__injected = 'inline script'";
      document.head.appendChild(s);
      const d = document.createElement("div");
      d.innerHTML = '<img src="x.png" onerror="window.__injected = \\'handler\\'">';
      document.body.appendChild(d);
      const add = (tag, attrs) => {
        const el = document.createElement(tag);
        Object.assign(el, attrs);
        (tag === "link" ? document.head : document.body).appendChild(el);
      };
      add("img", {src: outside + "/pixel.png"});
      add("iframe", {src: outside + "/frame"});
      add("link", {rel: "stylesheet", href: outside + "/style.css"});
      const t = document.createElement("script");
      t.src = outside + "/tracker.js";
      document.head.appendChild(t);
      add("style", {textContent: "@font-face{font-family:x;src:url(" + outside + "/f.woff2)}"
                    + " body{font-family:x}"});
      let fetched = "sent";
      try { await fetch(outside + "/collect"); } catch (e) { fetched = "refused"; }
      await new Promise(r => setTimeout(r, 500));
      return {injected: window.__injected || null, fetched, seen: [...new Set(seen)].sort()};
    }""", OUTSIDE)
    assert outcome["injected"] is None
    assert outcome["fetched"] == "refused"
    for directive in ("script-src-elem", "script-src-attr", "img-src", "frame-src",
                      "style-src-elem", "connect-src", "font-src"):
        assert directive in outcome["seen"], outcome
    # Chromium reports the attempts, each stopped by the policy before the network
    tried = [u for u in visit.requests if u.startswith(OUTSIDE)]
    assert len(tried) >= 4 and all(visit.refused.get(u) == "csp" for u in tried), \
        (tried, visit.refused)
    assert not [u for u in visit.answered if u.startswith(OUTSIDE)]


# --------------------------------------------------------------------------- the policy


class _Head(HTMLParser):
    """The CSP <meta> tags of a page, and whether anything that loads came before one."""

    def __init__(self) -> None:
        super().__init__()
        self.policies: list[str] = []
        self.loaded_before: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(a.get("content") or "")
        elif tag in ("script", "link", "style", "img", "iframe") and not self.policies:
            self.loaded_before.append(tag)


HASH = re.compile(r"^'sha256-[A-Za-z0-9+/]{43}='$")
ALLOWED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},  # plus sha256 hashes of the page's own inline scripts
    "img-src": {"'self'", "data:"},
    "style-src": {"'self'", "'unsafe-inline'"},  # styles cannot send data off-site
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "worker-src": {"'self'"},
    "frame-src": {"'none'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
}


def test_every_page_has_a_policy_that_allows_only_the_site(example_site: Path) -> None:
    pages = sorted(example_site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        head = _Head()
        head.feed(path.read_text("utf-8"))
        where = path.relative_to(example_site).as_posix()
        assert len(head.policies) == 1, where
        assert head.loaded_before == [], where
        directives = {}
        for part in head.policies[0].split(";"):
            name, *sources = part.split()
            directives[name] = sources
        assert set(directives) == set(ALLOWED), where
        for name, sources in directives.items():
            extra = [s for s in sources if s not in ALLOWED[name]
                     and not (name == "script-src" and HASH.match(s))]
            assert extra == [], (where, name, extra)
        # the two that matter most, said plainly
        assert "'unsafe-inline'" not in directives["script-src"]
        assert "'unsafe-eval'" not in directives["script-src"]
        assert directives["default-src"] == ["'self'"]


# --------------------------------------------------------------------------- the build check


def _failed_build(caplog: pytest.LogCaptureFixture, out: Path, **overrides: Any) -> str:
    with pytest.raises(Abort):
        build_site(ROOT / "examples" / "resources.yaml", out, build_date=SITE_BUILD_DATE,
                   **overrides)
    return "\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")


def test_the_build_fails_on_a_third_party_script_style_font_image_or_frame(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    pages = {
        "script": '<script src="https://cdn.example.com/widget.js"></script>',
        "style": '<link rel="stylesheet" href="https://cdn.example.com/theme.css">',
        "image": '<img alt="map" src="https://tiles.example.org/1/2/3.png">',
        "frame": '<iframe title="map" src="https://maps.example.com/embed"></iframe>',
    }
    for name, html in pages.items():
        (content / f"third-{name}.md").write_text(f"# {name}\n\n{html}\n", "utf-8")
    (content / "fonts.css").write_text(
        "@font-face{font-family:R;src:url(https://fonts.gstatic.com/s/r.woff2)}", "utf-8")
    errors = _failed_build(caplog, tmp_path / "site", docs_dir=str(content),
                           extra_css=["fonts.css"])
    assert "third-script/index.html: <script src> loads https://cdn.example.com/widget.js" in errors
    assert "third-style/index.html: <link href> loads https://cdn.example.com/theme.css" in errors
    assert "third-image/index.html: <img src> loads https://tiles.example.org/1/2/3.png" in errors
    assert "third-frame/index.html: <iframe src> loads https://maps.example.com/embed" in errors
    assert "fonts.css: stylesheet loads https://fonts.gstatic.com/s/r.woff2" in errors


def test_the_build_fails_when_the_theme_is_set_to_load_from_elsewhere(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The same check covers what mkdocs.yml adds to every page: a CDN script, or
    Material's Google Fonts (its default when `font: false` is dropped)."""
    from mkdocs.config import load_config

    theme = dict(load_config(str(ROOT / "mkdocs.yml")).theme.items())
    theme = {k: v for k, v in theme.items() if k in ("name", "palette", "features", "icon")}
    theme["font"] = {"text": "Roboto"}
    errors = _failed_build(caplog, tmp_path / "site", theme=theme,
                           extra_javascript=["https://cdn.example.com/analytics.js"])
    assert "index.html: <script src> loads https://cdn.example.com/analytics.js" in errors
    assert "index.html: <link href> loads https://fonts.googleapis.com/css" in errors
