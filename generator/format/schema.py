"""JSON Schema of resources.yaml, generated from model.FIELDS (never edited by hand).

Editors with the YAML language server read it through the `$schema` comment at the top
of resources.yaml and then autocomplete keys and values and flag typos as you type.
"""

from __future__ import annotations

import json
from typing import Any

from generator.format.model import FILE, ID_PATTERN, TIME_PATTERN, Field

SCHEMA_ID = "https://peer-support-directory.invalid/resources.schema.json"


# Each scalar type's JSON Schema. YAML 1.2 editors read 2026-10-01 as a string (our
# loader parses it as a date), and an unquoted 62701 or 988 as a number (the loader keeps
# text as text).
_SCALARS: dict[str, dict[str, Any]] = {
    "id": {"type": "string", "pattern": ID_PATTERN.pattern},
    "time": {"type": "string", "pattern": TIME_PATTERN.pattern},
    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "number": {"type": "number"},
    "integer": {"type": "integer"},
    "bool": {"type": "boolean"},
    "text": {"type": ["string", "number"]},
}


def _field(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"description": f.help}
    if f.type == "map":
        out.update(type="object", additionalProperties=False,
                   properties={c.name: _field(c) for c in f.fields})
        required = [c.name for c in f.fields if c.required]
        if required:
            out["required"] = required
    elif f.type == "list":
        assert f.items is not None
        out.update(type="array", items=_field(f.items))
    elif f.type == "enum":
        out["enum"] = list(f.choices)
    else:
        out.update(_SCALARS[f.type])
    if f.example:
        out["examples"] = [json.loads(f.example) if f.example.startswith('"') else f.example]
    return out


def json_schema() -> dict[str, Any]:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
              "title": "Peer-support directory resources"}
    schema.update(_field(FILE))
    return schema


def render() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
