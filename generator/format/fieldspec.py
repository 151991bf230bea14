"""`Field`: one key of the data format, the building block of `FIELDS` (model.py)."""

from __future__ import annotations

import keyword
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Field:
    """One key of the format. `type` is one of: text, id, enum, time, date, number,
    integer, bool, list, map. Lists hold `items`; maps hold `fields` and become an
    instance of `model`, whose attribute for each field is `attribute(field)`."""

    name: str
    type: str
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    items: Field | None = None
    fields: tuple[Field, ...] = ()
    example: str | None = None
    model: Callable[..., Any] | None = None  # the dataclass a map becomes

    @property
    def attribute(self) -> str:
        """The dataclass attribute holding this key: its name, `from_` for `from`."""
        return self.name + "_" if keyword.iskeyword(self.name) else self.name

    def child(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


def enum_field(name: str, choices: tuple[str, ...] | list[str], help: str, **kw: object) -> Field:
    return Field(name, "enum", help, choices=tuple(choices), **kw)  # type: ignore[arg-type]
