"""Accessibility, proven in Chromium on the built sample site: axe-core finds no WCAG 2.2
AA violation on any page type, in the light and the dark scheme (chosen by the device,
or by the visitor with the header's toggle), on a phone and on a desktop; and a person
with only a keyboard can find a group, seeing where the focus is at every step.

The finder's own axe runs with a place choice open live in tests/test_finder_browser.py;
the handout's saved list in tests/test_handout.py."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("trust-example")]

# Every rule axe tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA; none left out.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TUESDAY = "sample-springfield-tuesday-hope"

# page type -> (path, selector that says the page has finished drawing itself)
PAGES: dict[str, tuple[str, str]] = {
    "home": ("", "form.dir-find"),
    "finder-with-results": ("find/?near=62701&day=any", "#fd-near-list li[data-distance]"),
    "resource": (f"r/{TUESDAY}/", ".dir-schedule li"),
    "places": ("places/", ".dir-towns"),
    "country": ("places/us/", ".dir-towns"),
    "region": ("places/us/il/", ".dir-towns"),
    "town": ("places/us/il/springfield/", "section[aria-labelledby='day-tue']"),
    "programs": ("programs/", "article a[href$='programs/aa/']"),
    "program": ("programs/aa/", ".dir-list"),
    "online": ("online/", ".dir-list"),
    "handout": (f"handout/?id={TUESDAY}&id=sample-chatham-noon#note=Ask+for+Dana",
                "#handout-sheet[data-ready]"),
    "guide": ("guides/first-meeting/", "article h1"),
    "not-found": ("404.html", "#dir-404-q"),
}

# "dark" follows the device (prefers-color-scheme); "dark-toggle" is a device in light
# mode whose visitor switched to dark with the header's toggle (Material's own state).
SCHEMES = {"light": ("light", "default"), "dark": ("dark", "slate"),
           "dark-toggle": ("light", "slate")}
COMBOS = [("light", "phone"), ("light", "desktop"), ("dark", "phone"), ("dark", "desktop"),
          ("dark-toggle", "phone")]


@pytest.fixture(scope="module")
def base_url(example_site: Path, serve_dir: Callable[[Path], str]) -> str:
    return serve_dir(example_site)


@pytest.fixture(scope="module")
def contexts(browser: Any, base_url: str) -> Iterator[Callable[[str, str], Any]]:
    """One browser context per (scheme, viewport), made when first asked for."""
    made: dict[tuple[str, str], Any] = {}

    def get(scheme: str, size: str) -> Any:
        if (scheme, size) not in made:
            device, _ = SCHEMES[scheme]
            ctx = browser.new_context(viewport=PHONE if size == "phone" else DESKTOP,
                                      color_scheme=device, locale="en-US",
                                      timezone_id="America/Chicago")
            if scheme == "dark-toggle":
                page = ctx.new_page()
                page.goto(base_url)
                page.locator("label[title='Switch to dark mode']").click()
                assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
                page.close()
            made[(scheme, size)] = ctx
        return made[(scheme, size)]

    yield get
    for ctx in made.values():
        ctx.close()


def axe_violations(page: Any) -> tuple[int, str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={
        "runOnly": {"type": "tag", "values": WCAG_22_AA},
        "resultTypes": ["violations"],  # node details only where they matter: faster
    })
    # axe checked something: a run that passed no rule would prove nothing
    assert len(results.response["passes"]) > 10, results.response
    return results.violations_count, results.generate_report()


@pytest.mark.parametrize(("scheme", "size"), COMBOS, ids=[f"{s}-{v}" for s, v in COMBOS])
@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_no_wcag22_aa_violation(contexts: Callable[[str, str], Any], base_url: str,
                                          kind: str, scheme: str, size: str) -> None:
    path, ready = PAGES[kind]
    page = contexts(scheme, size).new_page()
    try:
        response = page.goto(base_url + path)
        assert response is not None and response.ok, path
        page.wait_for_selector(ready, state="attached")
        page.wait_for_load_state("load")
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme][1]
        count, report = axe_violations(page)
        assert count == 0, f"{kind} ({scheme}, {size}):\n{report}"
    finally:
        page.close()


# --------------------------------------------------------------------------- keyboard

# Where the focus is, as a sighted keyboard user sees it: an outline or a box-shadow
# ring, on a box inside the viewport, not covered by anything else.
FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {ok: false, what: "nothing focused"};
  let shown = el;
  // Material's colour toggle is a hidden radio; the visible label beside it shows focus.
  if (el.matches("input.md-option")) {
    shown = el.closest(".md-header__option").querySelector("label:not([hidden])") || el;
  }
  const s = getComputedStyle(shown);
  const r = shown.getBoundingClientRect();
  const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 1)
    || s.boxShadow !== "none";
  const inView = r.width >= 1 && r.height >= 1 && r.right > 0 && r.bottom > 0
    && r.left < innerWidth && r.top < innerHeight && s.visibility !== "hidden";
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  // the focused box, a child of it, the label of it, or its own wrapper (Material's
  // drawer logo sits in a title label) paints there, not something covering it
  const onTop = !!hit && (hit === shown || shown.contains(hit) || hit.control === shown
    || hit === shown.parentElement || hit === shown.parentElement?.parentElement);
  const what = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " "
    + JSON.stringify((el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40));
  return {ok: ring && inView && onTop, ring, inView, onTop, what};
}"""


def tab(page: Any) -> dict[str, Any]:
    """Press Tab; the focus ring must show within a second (drawers slide in, panes
    close with a short transition)."""
    page.keyboard.press("Tab")
    deadline = time.monotonic() + 1.0
    while True:
        state: dict[str, Any] = page.evaluate(FOCUS_SHOWN)
        if state["ok"] or time.monotonic() > deadline:
            return state
        page.wait_for_timeout(50)


def tab_until(page: Any, goal: str, steps: list[dict[str, Any]], limit: int = 60) -> None:
    for _ in range(limit):
        state = tab(page)
        steps.append(state)
        assert state["ok"], f"focus not visible at step {len(steps)}: {state}"
        if page.evaluate(f"!!document.activeElement.closest({goal!r})"):
            return
    pytest.fail(f"{goal} not reached in {limit} presses of Tab: {[s['what'] for s in steps]}")


@pytest.mark.parametrize(("scheme", "size"), [("light", "desktop"), ("dark", "phone")])
def test_keyboard_only_walk_through_the_finder(browser: Any, base_url: str, scheme: str,
                                               size: str) -> None:
    """Tab to the place box, type a postal code, Enter, Tab to the first result, Enter.
    On the desktop every stop from the top of the page is checked; on the phone the
    walk takes the skip link, as a keyboard user there would (the drawer is checked
    below)."""
    ctx = browser.new_context(viewport=PHONE if size == "phone" else DESKTOP,
                              color_scheme=scheme, locale="en-US",
                              timezone_id="America/Chicago")
    try:
        page = ctx.new_page()
        page.goto(base_url + "find/?day=any")
        page.wait_for_selector("#fd-near-list li[data-id]")
        steps: list[dict[str, Any]] = []
        first = tab(page)
        assert first["ok"] and "Skip to content" in first["what"], first
        if size == "phone":
            page.keyboard.press("Enter")
        # then the crisis line, the header and navigation (desktop), the form
        tab_until(page, "#fd-near", steps)
        page.keyboard.type("62701")
        page.keyboard.press("Enter")
        page.wait_for_selector("#fd-near-list li[data-distance]")
        assert "62701" in page.inner_text("#fd-near-title")
        assert page.evaluate(FOCUS_SHOWN)["ok"]
        tab_until(page, "#fd-near-list li[data-id] a", steps)
        chosen = page.evaluate("document.activeElement.closest('li').dataset.id")
        assert chosen == page.get_attribute("#fd-near-list li[data-id]", "data-id")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/r/{chosen}/")
        assert page.locator("article h1").inner_text().strip()
    finally:
        ctx.close()


def test_phone_navigation_drawer_comes_into_view_with_keyboard_focus(browser: Any,
                                                                     base_url: str) -> None:
    """On a phone Material's navigation is an off-screen drawer whose links stay in the
    tab order; each must be shown while it has the focus (a page inside a section is
    checked below)."""
    ctx = browser.new_context(viewport=PHONE)
    try:
        page = ctx.new_page()
        page.goto(base_url + "online/")
        steps: list[dict[str, Any]] = []
        tab_until(page, ".md-sidebar--primary .md-nav__link[href]", steps)
        for _ in range(3):  # and the next top-level links
            state = tab(page)
            assert state["ok"], state
    finally:
        ctx.close()


# The focused element (or the visible label of Material's hidden colour radio) paints
# inside the viewport, at the centre of one of its boxes, with nothing laid over it.
FOCUS_SEEN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {ok: true, body: true, what: "body"};
  let shown = el;
  if (el.matches("input.md-option")) {
    shown = el.closest(".md-header__option").querySelector("label:not([hidden])") || el;
  }
  let seen = getComputedStyle(shown).visibility === "visible";
  let onTop = false;
  for (const r of shown.getClientRects()) {
    if (r.width < 1 || r.height < 1 || r.right <= 0 || r.bottom <= 0
        || r.left >= innerWidth || r.top >= innerHeight) continue;
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    if (hit && (hit === shown || shown.contains(hit) || hit.control === shown)) onTop = true;
  }
  const text = (el.textContent || el.getAttribute("aria-label") || "").trim().replace(/\\s+/g, " ");
  return {ok: seen && onTop, body: false, seen, onTop, text: text.slice(0, 40),
          what: el.tagName.toLowerCase() + "." + [...el.classList].join("."),
          nav: !!el.closest(".md-sidebar--primary")};
}"""
SMALL_PHONE = {"width": 375, "height": 740}
TOP_LEVEL = {"Find a group", "Make a handout", "Online and phone groups", "Groups by place",
             "Groups by program"}
IN_GUIDES = {"Add or fix a listing", "After treatment", "For discharge staff",
             "Kinds of peer support"}


def seen_after(page: Any, key: str) -> dict[str, Any]:
    """Press `key`; what has the focus must be seen within a second (the drawer slides
    in over 250 ms)."""
    page.keyboard.press(key)
    deadline = time.monotonic() + 1.0
    while True:
        state: dict[str, Any] = page.evaluate(FOCUS_SEEN)
        if state["ok"] or time.monotonic() > deadline:
            return state
        page.wait_for_timeout(50)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("drawer", ["closed", "open"])
def test_phone_tab_lands_only_on_what_is_seen_inside_a_section(browser: Any, base_url: str,
                                                               drawer: str,
                                                               scheme: str) -> None:
    """On a guide page (inside the "Guides" section) Material lays the section's panel
    over the top-level links, and keeps the page's closed contents panel beside it:
    Tab once reached both unseen. Every stop from the top of the page round to the top
    again must be seen, with the drawer closed (it slides in while it has the focus)
    and opened by its button; the section's links are reached, the covered ones not,
    and the panel's title leads back out to them by keyboard."""
    ctx = browser.new_context(viewport=SMALL_PHONE, color_scheme=scheme)
    try:
        page = ctx.new_page()
        page.goto(base_url + "guides/first-meeting/")
        page.wait_for_load_state("load")
        if drawer == "open":
            page.click("label.md-header__button[for='__drawer']")
            page.wait_for_timeout(300)
        stops: list[dict[str, Any]] = []
        for _ in range(60):
            state = seen_after(page, "Tab")
            if drawer == "open" and not state["nav"]:
                # The open drawer's overlay dims the rest of the page, which keeps its
                # tab stops (Material's drawer is not a dialog): only the drawer's own
                # stops are checked here, from the button that opened it to the last.
                if stops:
                    break
                continue
            assert state["ok"], f"Tab landed on something unseen: {state}; before: " \
                f"{[s['text'] for s in stops]}"
            if state["body"] or (stops and state["text"] == stops[0]["text"]):
                break  # round the page once
            stops.append(state)
        else:
            pytest.fail("the focus never came round")
        in_nav = {s["text"] for s in stops if s["nav"]}
        assert in_nav >= IN_GUIDES, in_nav
        assert not in_nav & TOP_LEVEL, in_nav
        assert not in_nav & {"Before you go", "What happens"}  # the closed contents panel
        # back out: the section panel's title, then Enter, shows the top level again
        page.goto(base_url + "guides/first-meeting/")
        page.wait_for_load_state("load")
        for _ in range(20):
            state = seen_after(page, "Tab")
            if state["what"].startswith("label.md-nav__title"):
                break
        else:
            pytest.fail("the section panel's title takes no focus")
        assert state["ok"] and state["text"] == "Guides", state
        page.keyboard.press("Enter")
        page.wait_for_function("() => !document.getElementById('__nav_7').checked")
        back: list[str] = []
        for _ in range(8):
            state = seen_after(page, "Shift+Tab")
            assert state["ok"], state
            back.append(state["text"])
        assert {"Guides", "Groups by program", "Groups by place"} <= set(back), back
    finally:
        ctx.close()


def test_the_scheme_toggle_works_by_keyboard(browser: Any, base_url: str) -> None:
    """In dark mode from the device Material checks neither palette radio, so Tab lands
    on the first; the ring must show on the visible toggle, and Enter must switch."""
    ctx = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    try:
        page = ctx.new_page()
        page.goto(base_url + "guides/first-meeting/")
        steps: list[dict[str, Any]] = []
        tab_until(page, "input.md-option", steps)
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")
        assert page.evaluate(FOCUS_SHOWN)["ok"]
    finally:
        ctx.close()


def test_nav_item_override_is_materials_own_but_for_the_marked_change() -> None:
    """generator/theme/partials/nav-item.html copies Material's template to add one
    attribute; after an upgrade of Material this fails until the copy is redone."""
    import re

    import material

    partial = Path("partials") / "nav-item.html"
    theirs = Path(material.__file__).parent / "templates" / partial
    ours = Path(__file__).resolve().parent.parent / "generator" / "theme" / partial

    def lines(text: str) -> list[str]:  # Jinja comments out, indentation aside
        text = re.sub(r"\{#-.*?-#\}", "", text, flags=re.S)
        return [line.strip() for line in text.splitlines() if line.strip()]

    mine = lines(ours.read_text("utf-8"))
    changed = [line for line in mine if 'tabindex="0"' in line]
    assert len(changed) == 1
    assert [line.replace(' tabindex="0"', "") for line in mine] == lines(theirs.read_text("utf-8"))
