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
from typing import Any

from generator.format.model import (
    DEFAULTS,
    FIELDS_HEADER,
    RESOURCE,
    SOURCE,
    Dataset,
    Field,
    Resource,
)

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
    if dataset.sources:
        out.append("sources:")
        for source in dataset.sources:
            out.extend(_item(_keys(SOURCE, source, 4, {}), 2))
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
    lines: list[str] = []
    for name, attribute, unset, key, child, show in _plan(spec):
        value = getattr(obj, attribute)
        if value == unset or (name in implied and value and implied[name] == value):
            continue
        if show is not None:
            lines.append(f"{pad}{name}: {show(value)}")
        elif child is None:
            lines.extend(_block(key, value, indent, implied))
        elif value:
            lines.append(f"{pad}{name}:")
            for item in value:
                lines.extend(_item(_keys(child, item, indent + 4, {}), indent + 2))
    return lines


def _block(spec: Field, obj: Any, indent: int, implied: dict[str, Any]) -> list[str]:
    """`name:` and its keys one level in; nothing when no key is set."""
    inner = _keys(spec, obj, indent + 2, implied)
    return [" " * indent + f"{spec.name}:", *inner] if inner else []


def _item(lines: list[str], indent: int) -> list[str]:
    """A map's lines as one list item: its first key after `- ` at `indent`."""
    if lines:
        lines[0] = " " * indent + "- " + lines[0][indent + 2:]
    return lines


_REQUIRED = object()  # no dataclass default: always written
Step = tuple[str, str, Any, Field, "Field | None", "Callable[[Any], str] | None"]
_PLANS: dict[int, tuple[Field, list[Step]]] = {}


def _plan(spec: Field) -> list[Step]:
    """How to write each key of a map, worked out once per map of FIELDS: (its name,
    its attribute, the value that is not written, its field, the items' map for a list
    of maps, how to show a scalar or a list of scalars; neither for a map)."""
    known = _PLANS.get(id(spec))
    if known is not None:
        return known[1]
    assert spec.model is not None
    unset: dict[str, Any] = {}
    for a in dataclasses.fields(spec.model):  # type: ignore[arg-type]
        if a.default is not dataclasses.MISSING:
            unset[a.name] = a.default
        elif a.default_factory is not dataclasses.MISSING:
            unset[a.name] = a.default_factory()
    steps: list[Step] = []
    for f in spec.fields:
        items = f.items if f.type == "list" else None
        child = items if items is not None and items.type == "map" else None
        show = None if f.type == "map" or child is not None else _shown(f)
        steps.append((f.name, f.attribute, unset.get(f.attribute, _REQUIRED), f, child, show))
    _PLANS[id(spec)] = (spec, steps)  # the spec kept alive: its id stays its own
    return steps


def _shown(f: Field) -> Callable[[Any], str]:
    """How a scalar, or a list of scalars (in flow style), is written."""
    if f.type == "list":
        assert f.items is not None
        one = _flow_text if f.items.type == "text" else _shown(f.items)
        return lambda values: _flow(one(v) for v in values)
    if f.name in ALWAYS_QUOTED:
        return json.dumps
    return _SCALARS[f.type]


# Text that looks like a number is kept as text by the loader anyway; these are quoted
# all the same, so that nobody reading the file takes 01234 for a number.
ALWAYS_QUOTED = frozenset({"postal_code"})
_SCALARS: dict[str, Callable[[Any], str]] = {
    "text": text,
    "id": str,
    "enum": str,
    "time": lambda v: f'"{v:%H:%M}"',
    "date": lambda v: v.isoformat(),
    "number": _number,
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
