"""Phone numbers that dial: one reading of a `phone:` value for every place it lands
(the group's page, the handout, calendars' CONFERENCE line, JSON-LD).

Conference lines come with pauses and codes: `+19292056099,,93532840544#,,#,,102030#`
is the number, a pause, the meeting ID, a pause, "#" to skip the participant ID, a pause
and the passcode. Phones dial the whole string from one `tel:` link when the pauses are
kept as commas and `#` is percent-encoded (RFC 3966 reserves it; an unescaped `#` ends
the URI at a fragment, so the codes would be lost). People read the same value as a
number, a meeting ID and a passcode.

    >>> tel_uri("+19292056099,,93532840544#,,#,,102030#")
    'tel:+19292056099,,93532840544%23,,%23,,102030%23'
    >>> readable("+19292056099,,93532840544#,,#,,102030#")
    '+1 929-205-6099, meeting ID 935 3284 0544, passcode 102030'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.i18n import ENGLISH, Translator

# "p" is the pause letter of dialers and PBX docs, "w" and ";" the wait (dial on
# confirmation): phones take "," for a pause and ";" for a wait inside tel: links.
_PAUSE = re.compile(r"(?<=[0-9#*])\s*([,;pPwW]+)\s*(?=[0-9#*])")
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x)\s*(?=\d)", re.IGNORECASE)
_KEYPAD = {c: str(d) for d, letters in enumerate(
    ("", "", "abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz")) for c in letters}


@dataclass(frozen=True, slots=True)
class Dial:
    """A phone value split into what is dialled first and what follows the pauses."""

    number: str  # as written, trimmed: "+1 555 0100", "+19292056099"
    digits: str  # what the phone dials: "+15550100" (letters turned to keypad digits)
    steps: tuple[tuple[str, str], ...]  # (pause, code): ((",,", "93532840544#"), ...)

    @property
    def codes(self) -> list[str]:
        """The codes that carry digits ("#" alone only confirms an empty field)."""
        return [code for _, code in self.steps if code.strip("#*")]


def parse(phone: str) -> Dial:
    text = _EXTENSION.sub(",", phone.strip(), count=1)
    pieces = _PAUSE.split(text)
    number = pieces[0].strip()
    steps = []
    for i in range(1, len(pieces) - 1, 2):
        code = re.sub(r"[^0-9#*]", "", pieces[i + 1])
        if code:
            pause = pieces[i].lower().replace("p", ",").replace("w", ";")
            steps.append((pause, code))
    return Dial(number, _digits(number), tuple(steps))


def _digits(number: str) -> str:
    out = "+" if number.startswith("+") else ""
    for c in number:
        if c.isdigit() and c.isascii() or c in "*#":
            out += c
        elif c.lower() in _KEYPAD:  # a vanity number: 1-800-GET-HELP
            out += _KEYPAD[c.lower()]
    return out


def tel_uri(phone: str) -> str:
    """`tel:` target that dials the number and then each code after its pause."""
    d = parse(phone)
    tail = "".join(pause + code for pause, code in d.steps)
    return "tel:" + (d.digits + tail).replace("#", "%23")


def display_number(d: Dial) -> str:
    """The number as people read it: North American numbers written as bare digits get
    their usual dashes; anything else stays as the data has it."""
    bare = d.number
    if re.fullmatch(r"\+1\d{10}", bare):
        return f"+1 {bare[2:5]}-{bare[5:8]}-{bare[8:]}"
    if re.fullmatch(r"\d{10}", bare):
        return f"{bare[:3]}-{bare[3:6]}-{bare[6:]}"
    return d.number


def _grouped(code: str) -> str:
    """Conference IDs in the groups the apps show them: 935 3284 0544."""
    digits = code.strip("#*")
    sizes = {9: (3, 3, 3), 10: (3, 3, 4), 11: (3, 4, 4)}.get(len(digits))
    if not digits.isdigit() or sizes is None:
        return digits or code
    a, b = sizes[0], sizes[0] + sizes[1]
    return f"{digits[:a]} {digits[a:b]} {digits[b:]}"


def code_labels(d: Dial) -> list[tuple[str, str]]:
    """(label, code) for each code: one code is a meeting ID (or an extension after a
    plain number), the last of several is the passcode, any between are further codes."""
    codes = d.codes
    if not codes:
        return []
    if len(codes) == 1:
        label = "meeting ID" if len(codes[0].strip("#*")) >= 6 else "then dial"
        return [(label, _grouped(codes[0]))]
    out = [("meeting ID", _grouped(codes[0]))]
    out += [("then", _grouped(c)) for c in codes[1:-1]]
    out.append(("passcode", codes[-1].strip("#*")))
    return out


def readable(phone: str, t: Translator = ENGLISH) -> str:
    """One line for people: "+1 929-205-6099, meeting ID 935 3284 0544, passcode 102030"."""
    d = parse(phone)
    return ", ".join([display_number(d)]
                     + [f"{t.gettext(label)} {code}" for label, code in code_labels(d)])
