"""The guides in Spanish (content-es/guides/): the same guides as content/guides/, each
stating its purpose, naming the crisis lines (both answer in Spanish) and reading at a
plain level by the Fernández-Huerta measure (70 or more: "fairly easy" and up), the
Spanish adaptation of Flesch reading ease:

    206.84 - 60 * (syllables per word) - 1.02 * (words per sentence)

Syllables are counted by Spanish vowel nuclei (diphthongs one, hiatus two, accented í
and ú their own, the silent u of que/gui); pyphen's Spanish hyphenation, the other
offline option, leaves out syllables a hyphen may not split off ("dí-a", "a-gua") and
so scores text easier than it is. Sentences are cut as in tests/test_guides.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_guides import FRONT_MATTER, NAMES, front_matter, plain_text

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "content-es" / "guides"
MIN_SCORE = 70.0
STRONG = set("aeoáéóíú")
VOWELS = STRONG | set("iuü")
WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ0-9]+")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


def syllables(word: str) -> int:
    w = word.lower()
    if w.isdigit():
        return len(w)  # read digit by digit, as phone numbers are
    if w == "y":
        return 1
    w = re.sub(r"(?<=[qg])u(?=[eiéí])", "", w)  # que, guitarra: the u is silent
    if len(w) > 1 and w.endswith("y") and w[-2] in VOWELS:
        w = w[:-1] + "i"  # hoy, muy: a diphthong
    count, previous = 0, ""
    for ch in w:
        if ch in VOWELS:
            # a new nucleus: after a consonant, or two strong vowels in a row (hiatus)
            if not previous or (previous in STRONG and ch in STRONG):
                count += 1
            previous = ch
        else:
            previous = ""
    return max(1, count)


def fernandez_huerta(text: str) -> float:
    found = WORD.findall(text)
    sentences = max(1, len(SENTENCE_END.findall(text)))
    per_word = sum(syllables(w) for w in found) / len(found)
    return 206.84 - 60 * per_word - 1.02 * len(found) / sentences


def source(name: str) -> str:
    return (GUIDES / f"{name}.md").read_text("utf-8")


def test_every_guide_is_in_spanish() -> None:
    assert sorted(p.stem for p in GUIDES.glob("*.md")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_reads_plainly(name: str) -> None:
    text = plain_text(source(name))
    count, score = len(WORD.findall(text)), fernandez_huerta(text)
    assert count > 300, f"{name}: only {count} words"
    assert score >= MIN_SCORE, f"{name}: Fernández-Huerta {score:.1f} < {MIN_SCORE}"


@pytest.mark.parametrize("name", NAMES)
def test_states_its_purpose(name: str) -> None:
    text = source(name)
    meta = front_matter(text)
    assert meta.get("title") and len(meta.get("description", "")) > 40
    body = FRONT_MATTER.sub("", text).lstrip()
    assert body.startswith(f"# {meta['title']}\n")
    assert re.match(r"\*\*Esta página (es para|le ayuda|le cuenta|muestra)",
                    body.split("\n\n")[1])


@pytest.mark.parametrize("name", ["kinds-of-peer-support", "first-meeting",
                                  "after-treatment", "for-discharge-staff"])
def test_crisis_lines_named_and_said_to_answer_in_spanish(name: str) -> None:
    text = source(name)
    assert "988" in text and "1-800-662-4357" in text and "en español" in text


def test_syllables() -> None:
    counted = {w: syllables(w) for w in ("día", "ayuda", "teléfono", "hoy", "guía", "poeta",
                                         "agua", "recuperación", "que", "pingüino", "988")}
    assert counted == {"día": 2, "ayuda": 3, "teléfono": 4, "hoy": 1, "guía": 2, "poeta": 3,
                       "agua": 2, "recuperación": 5, "que": 1, "pingüino": 3, "988": 3}


def test_the_measure_can_fail() -> None:
    dense = ("La implementación de una planificación integral del alta hospitalaria "
             "requiere la coordinación interdisciplinaria entre los equipos terapéuticos "
             "especializados y las organizaciones comunitarias correspondientes.")
    assert fernandez_huerta(plain_text(dense)) < MIN_SCORE
