"""The HSDS 3.0 tables we publish, and the data package descriptor that describes them.

Open Referral's Human Services Data Specification (HSDS) 3.0 is what 211 lines, hospital
social-work tools and state resource directories import. Its tabular form is a
Frictionless Data Package: `datapackage.json` plus one CSV per table. Only the tables
and columns our format can fill are listed; each column keeps the spec's name, type,
format and "required" flag, so `frictionless validate datapackage.json` checks our files
against the spec's own rules (uuids, emails, uris, enums, foreign keys).
"""

from __future__ import annotations

from typing import Any

HSDS_VERSION = "3.0"
SPEC_URL = "https://docs.openreferral.org/en/latest/hsds/schema_reference.html"

# (column, Table Schema type, required, format or enum)
Column = tuple[str, str, bool, str | tuple[str, ...]]

_ID: Column = ("id", "string", True, "uuid")

TABLES: dict[str, tuple[Column, ...]] = {
    "organization": (
        _ID,
        ("name", "string", True, ""),
        ("description", "string", True, ""),
        ("email", "string", False, "email"),
        ("website", "string", False, "uri"),
    ),
    "service": (
        _ID,
        ("organization_id", "string", True, "uuid"),
        ("name", "string", True, ""),
        ("description", "string", False, ""),
        ("url", "string", False, "uri"),
        ("email", "string", False, "email"),
        ("status", "string", True, ("active", "inactive", "defunct", "temporarily closed")),
        ("fees_description", "string", False, ""),
        ("eligibility_description", "string", False, ""),
        ("assured_date", "string", False, ""),
        ("alert", "string", False, ""),
    ),
    "location": (
        _ID,
        ("location_type", "string", True, ("physical", "postal", "virtual")),
        ("url", "string", False, "uri"),
        ("organization_id", "string", False, "uuid"),
        ("name", "string", False, ""),
        ("description", "string", False, ""),
        ("transportation", "string", False, ""),
        ("latitude", "number", False, ""),
        ("longitude", "number", False, ""),
        ("external_identifier", "string", False, ""),
        ("external_identifier_type", "string", False, ""),
    ),
    "address": (
        _ID,
        ("location_id", "string", True, "uuid"),
        ("address_1", "string", True, ""),
        ("city", "string", True, ""),
        ("state_province", "string", True, ""),
        ("postal_code", "string", True, ""),
        ("country", "string", True, ""),
        ("address_type", "string", True, ("physical", "postal", "virtual")),
    ),
    "phone": (
        _ID,
        ("location_id", "string", False, "uuid"),
        ("service_id", "string", False, "uuid"),
        ("number", "string", True, ""),
        ("type", "string", False, ""),
        ("description", "string", False, ""),
    ),
    "schedule": (
        _ID,
        ("service_id", "string", False, "uuid"),
        ("dtstart", "string", False, ""),
        ("timezone", "number", False, ""),
        ("freq", "string", False, ("WEEKLY", "MONTHLY")),
        ("interval", "number", False, ""),
        ("byday", "string", False, ""),
        ("description", "string", False, ""),
        ("opens_at", "string", False, ""),
        ("closes_at", "string", False, ""),
        ("schedule_link", "string", False, "uri"),
        ("attending_type", "string", False, ""),
        ("notes", "string", False, ""),
    ),
    "service_at_location": (
        _ID,
        ("service_id", "string", True, "uuid"),
        ("location_id", "string", True, "uuid"),
        ("description", "string", False, ""),
    ),
    "language": (
        _ID,
        ("service_id", "string", False, "uuid"),
        ("location_id", "string", False, "uuid"),
        ("name", "string", False, ""),
        ("code", "string", False, ""),
        ("note", "string", False, ""),
    ),
    "accessibility": (
        _ID,
        ("location_id", "string", False, "uuid"),
        ("description", "string", False, ""),
        ("details", "string", False, ""),
    ),
}

# (table, column) -> table its values point at (by `id`)
FOREIGN_KEYS: dict[tuple[str, str], str] = {
    ("service", "organization_id"): "organization",
    ("location", "organization_id"): "organization",
    ("address", "location_id"): "location",
    ("phone", "location_id"): "location",
    ("phone", "service_id"): "service",
    ("schedule", "service_id"): "service",
    ("service_at_location", "service_id"): "service",
    ("service_at_location", "location_id"): "location",
    ("language", "service_id"): "service",
    ("language", "location_id"): "location",
    ("accessibility", "location_id"): "location",
}


def _field(column: Column) -> dict[str, Any]:
    name, kind, required, extra = column
    out: dict[str, Any] = {"name": name, "type": kind}
    constraints: dict[str, Any] = {}
    if required:
        constraints["required"] = True
    if name == "id":
        constraints["unique"] = True
    if isinstance(extra, tuple):
        constraints["enum"] = list(extra)
    elif extra:
        out["format"] = extra
    if constraints:
        out["constraints"] = constraints
    return out


def descriptor(title: str, created: str, homepage: str = "") -> dict[str, Any]:
    """datapackage.json: every table with its Table Schema, keys and foreign keys."""
    resources = []
    for table, columns in TABLES.items():
        schema: dict[str, Any] = {"fields": [_field(c) for c in columns], "primaryKey": ["id"]}
        keys = [{"fields": [column], "reference": {"resource": target, "fields": ["id"]}}
                for (t, column), target in FOREIGN_KEYS.items() if t == table]
        if keys:
            schema["foreignKeys"] = keys
        resources.append({
            "name": table, "path": f"{table}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema,
        })
    package: dict[str, Any] = {
        "name": "hsds", "title": title, "profile": "tabular-data-package",
        "description": f"Open Referral HSDS {HSDS_VERSION} tabular data package ({SPEC_URL})",
        "version": HSDS_VERSION, "created": created, "resources": resources,
    }
    if homepage:
        package["homepage"] = homepage
    return package
