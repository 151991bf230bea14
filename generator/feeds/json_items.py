"""The items of a top-level JSON array, each with the line and column it starts at.

`json.loads` forgets positions; messages like `feed.json:412:3: meeting "x" ...` need
them. Decoding item by item with `raw_decode` keeps the cost linear and lets us point
at the item, or at the exact character where the JSON breaks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

_WS = " \t\n\r"


@dataclass(frozen=True, slots=True)
class Item:
    line: int
    col: int
    value: Any


class FeedSyntaxError(ValueError):
    def __init__(self, line: int, col: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.col, self.message, self.hint = line, col, message, hint


def read_items(text: str, list_keys: tuple[str, ...] = ("meetings",)) -> list[Item]:
    """Items of `[...]`, or of `{"meetings": [...]}` (positions then point at the
    wrapper). Raises FeedSyntaxError with the position of the first problem."""
    text = text.lstrip("\ufeff")
    tracker = _Lines(text)
    i = _skip(text, 0)
    if i == len(text):
        raise FeedSyntaxError(1, 1, "the feed is empty", "a Meeting Guide feed is a JSON array")
    if text[i] != "[":
        value = _decode_all(text, tracker)
        if isinstance(value, dict):
            for key in list_keys:
                if isinstance(value.get(key), list):
                    line, col = tracker.at(i)
                    return [Item(line, col, v) for v in value[key]]
        line, col = tracker.at(i)
        raise FeedSyntaxError(line, col, "the feed is not a JSON array of meetings",
                              "a Meeting Guide feed starts with `[` and lists one object "
                              "per meeting")
    decoder = json.JSONDecoder()
    items: list[Item] = []
    i = _skip(text, i + 1)
    while True:
        if i >= len(text):
            line, col = tracker.at(len(text))
            raise FeedSyntaxError(line, col, "the feed ends before its closing `]`",
                                  "the file may be cut off; download it again")
        if text[i] == "]":
            break
        try:
            value, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            raise FeedSyntaxError(exc.lineno, exc.colno, f"invalid JSON: {exc.msg}") from None
        except (ValueError, RecursionError) as exc:
            raise FeedSyntaxError(*tracker.at(i), _beyond(exc)) from None
        line, col = tracker.at(i)
        items.append(Item(line, col, value))
        i = _skip(text, end)
        if i < len(text) and text[i] == ",":
            i = _skip(text, i + 1)  # a trailing comma before `]` is tolerated
        elif i < len(text) and text[i] != "]":
            line, col = tracker.at(i)
            raise FeedSyntaxError(line, col, "invalid JSON: expected `,` or `]`")
    rest = _skip(text, i + 1)
    if rest < len(text):
        line, col = tracker.at(rest)
        raise FeedSyntaxError(line, col, "invalid JSON: text after the closing `]`")
    return items


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _decode_all(text: str, tracker: _Lines) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedSyntaxError(exc.lineno, exc.colno, f"invalid JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise FeedSyntaxError(1, 1, _beyond(exc)) from None


def _beyond(exc: Exception) -> str:
    """A feed Python's JSON reader gives up on: nested past its recursion limit, or an
    integer of thousands of digits. Neither is a meeting list."""
    if isinstance(exc, RecursionError):
        return "invalid feed: values nested too deeply (is this a Meeting Guide feed?)"
    return f"invalid feed: a number out of range ({exc})"


class _Lines:
    """Offset → (line, column), for offsets asked in increasing order (linear overall)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1
        self.line_start = 0

    def at(self, offset: int) -> tuple[int, int]:
        if offset < self.offset:  # out of order: count from the start
            self.offset, self.line, self.line_start = 0, 1, 0
        newlines = self.text.count("\n", self.offset, offset)
        if newlines:
            self.line += newlines
            self.line_start = self.text.rfind("\n", self.offset, offset) + 1
        self.offset = offset
        return self.line, offset - self.line_start + 1
