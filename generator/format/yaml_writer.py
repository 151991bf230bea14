"""Canonical YAML text of a Dataset, for `synth` and `import`.

Hand-written rather than yaml.dump: keys in the order of model.FIELDS, short lists in
flow style, and quotes only where a YAML reader could misread the value, so the output
looks like what a volunteer would write and loads back to the same objects. Written by
walking FIELDS: a new key needs no code here.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from generator.format.model import DEFAULTS, FIELDS_HEADER, FILE, RESOURCE, Dataset, Field, Resource

_PLAIN = re.compile(r"^[A-Za-z0-9][\w .,'()&/+!?:@%=~#-]*$")
_NUMBERISH = re.compile(r"^[-+0-9.eE_:xXoObB]+$")  # numbers, times, hex: YAML 1.1 would retype
# Left raw by json.dumps but not YAML text: DEL and C1 controls are refused by a YAML
# reader, and NEL, LS and PS are line breaks it would fold away. Written as \u escapes.
_NOT_YAML_TEXT = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_AMBIGUOUS = frozenset({
    "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~",
})


def text(value: str) -> str:
    """A string scalar: plain when unambiguous, else a JSON string (valid YAML)."""
    if (_PLAIN.match(value) and value.lower() not in _AMBIGUOUS
            and not _NUMBERISH.match(value) and not value.endswith((" ", ":"))
            and ": " not in value and " #" not in value):
        return value
    return _NOT_YAML_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}",
                              json.dumps(value, ensure_ascii=False))


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def dump(dataset: Dataset, header: str = FIELDS_HEADER) -> str:
    out: list[str] = [header]
    out.extend(_block(DEFAULTS, dataset.defaults, 0, {}))
    out.extend(_list(FILE.child("sources"), dataset.sources, 0))  # type: ignore[arg-type]
    out.append("resources:")
    for r in dataset.resources:
        out.extend(resource_lines(r, dataset))
    return "\n".join(out) + "\n"


def resource_lines(r: Resource, dataset: Dataset | None = None) -> list[str]:
    """One entry, `  - id: ...` with its keys at column 4, in the order of FIELDS.
    A value the file's `defaults:` would fill is left out (entries.fill_defaults)."""
    d = dataset.defaults if dataset else None
    implied = {f.name: getattr(d, f.attribute) for f in DEFAULTS.fields} if d else {}
    return _item(_keys(RESOURCE, r, 4, implied), 2)


def _keys(spec: Field, obj: Any, indent: int, implied: dict[str, Any]) -> list[str]:
    """The set keys of one map (its dataclass `obj`) at `indent`. A value equal to its
    dataclass default is unset; one equal to `implied` (the file's defaults) too."""
    pad = " " * indent
    unset = _unset(spec.model)
    lines: list[str] = []
    for f in spec.fields:
        value = getattr(obj, f.attribute)
        if value == unset.get(f.attribute, _REQUIRED) or (value and implied.get(f.name) == value):
            continue
        if f.type == "map":
            lines.extend(_block(f, value, indent, implied))
        elif f.type == "list" and f.items is not None and f.items.type == "map":
            lines.extend(_list(f, value, indent))
        else:
            lines.append(f"{pad}{f.name}: {_scalar(f, value)}")
    return lines


def _block(spec: Field, obj: Any, indent: int, implied: dict[str, Any]) -> list[str]:
    """`name:` and its keys one level in; nothing when no key is set."""
    inner = _keys(spec, obj, indent + 2, implied)
    return [" " * indent + f"{spec.name}:", *inner] if inner else []


def _list(spec: Field, items: Any, indent: int) -> list[str]:
    """`name:` and its items, one level in, each a map written `- key: ...`."""
    assert spec.items is not None
    if not items:
        return []
    lines = [" " * indent + f"{spec.name}:"]
    for item in items:
        lines.extend(_item(_keys(spec.items, item, indent + 4, {}), indent + 2))
    return lines


def _item(lines: list[str], indent: int) -> list[str]:
    """A map's lines as one list item: its first key after `- ` at `indent`."""
    if lines:
        lines[0] = " " * indent + "- " + lines[0][indent + 2:]
    return lines


_REQUIRED = object()  # no dataclass default: always written


@cache
def _unset(model: Any) -> dict[str, Any]:
    """Each attribute's dataclass default: the value of a key that is not written."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(model):
        if f.default is not dataclasses.MISSING:
            out[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            out[f.name] = f.default_factory()
    return out


def _scalar(f: Field, value: Any) -> str:
    if f.type == "list":
        assert f.items is not None
        item = f.items
        shown = (_flow_text(v) if item.type == "text" else _scalar(item, v) for v in value)
        return _flow(shown)
    if f.name in ALWAYS_QUOTED:
        return json.dumps(value)
    return _SCALARS[f.type](value)


# Text that looks like a number is kept as text by the loader anyway; these are quoted
# all the same, so that nobody reading the file takes 01234 for a number.
ALWAYS_QUOTED = frozenset({"postal_code"})
_SCALARS: dict[str, Callable[[Any], str]] = {
    "text": lambda v: text(v),
    "id": str,
    "enum": str,
    "time": lambda v: f'"{v:%H:%M}"',
    "date": lambda v: v.isoformat(),
    "number": lambda v: _number(v),
    "integer": str,
    "bool": lambda v: "true" if v else "false",
}


def _flow(items: Iterable[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _flow_text(value: str) -> str:
    """A string inside `[...]`, where a plain `,` `[` `]` `{` `}` would end it."""
    shown = text(value)
    plain = shown == value
    return json.dumps(value, ensure_ascii=False) if plain and any(c in value for c in ",[]{}") \
        else shown
