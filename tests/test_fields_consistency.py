"""FIELDS is the one definition of the format: the dataclasses, the loader, the writer,
the JSON Schema and the docs all follow it, and this fails when one of them does not.

Every key of FIELDS (entries and their blocks, the file's `defaults:` and `sources:`)
gets a sample value that is not its default; a file holding all of them must load
without a problem into objects holding those values, be written back by the writer and
load again equal, validate against the JSON Schema, and be explained in the docs. The
other way round, nothing may exist in one of those places that FIELDS does not hold.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.format import scalars, schema, yaml_writer
from generator.format.entries import blocks
from generator.format.loader import load
from generator.format.model import DEFAULTS, FILE, RESOURCE, SOURCE, Dataset, Field, Resource

ROOT = Path(__file__).resolve().parent.parent
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
BOOKKEEPING = {"line", "positions"}  # where a value was written, not a value of the file

# A value of each scalar type as the file writes it, and as the loaded object holds it.
# Text is the key's own path, so that no two keys hold the same text by chance.
SAMPLES: dict[str, tuple[Any, Any]] = {
    "id": ("sample-id", "sample-id"),
    "time": ("19:30", time(19, 30)),
    "date": ("2026-10-06", date(2026, 10, 6)),
    "number": (41.5, 41.5),
    "integer": (3, 3),
    "bool": (True, True),
}


def maps(spec: Field = FILE, path: str = "") -> Iterator[tuple[str, Field]]:
    """Every map of the format with its dotted path: the file, defaults, each source,
    each entry and its blocks and schedule slots."""
    yield path, spec
    for f in spec.fields:
        child = f.items if f.type == "list" else f
        if child is not None and child.type == "map":
            yield from maps(child, f"{path}.{f.name}".lstrip("."))


def keys() -> Iterator[tuple[str, Field, Field]]:
    """Every key of every map below the file: (dotted path, its map, the key)."""
    for path, spec in maps():
        if spec is not FILE:
            for f in spec.fields:
                yield f"{path}.{f.name}", spec, f


def sample(spec: Field, path: str = "") -> Any:
    """The file's value for `spec`: every key set, no value its default."""
    if spec.type == "map":
        return {f.name: sample(f, f"{path}.{f.name}".lstrip(".")) for f in spec.fields}
    if spec.type == "list":
        assert spec.items is not None
        return [sample(spec.items, path)]
    if spec.type == "enum":
        return spec.choices[-1]  # the first is the default where there is one
    if spec.type == "text":
        return f"Sample {path}"
    return SAMPLES[spec.type][0]


def expected(spec: Field, path: str) -> Any:
    """What the loaded object holds for a scalar key or a list of scalars."""
    if spec.type == "list":
        assert spec.items is not None
        return (expected(spec.items, path),)
    if spec.type in ("enum", "text"):
        return sample(spec, path)
    return SAMPLES[spec.type][1]


def sample_file() -> dict[str, Any]:
    return sample(FILE)


def loaded(tmp_path: Path, text: str) -> Dataset:
    path = tmp_path / "resources.yaml"
    path.write_text(text, encoding="utf-8")
    dataset, report = load(path)
    assert [d.format() for d in report.items] == []
    return dataset


def objects(dataset: Dataset) -> Iterator[tuple[Field, Any]]:
    """Each loaded map with its spec: defaults, sources, entries, blocks, slots."""
    yield DEFAULTS, dataset.defaults
    for source in dataset.sources:
        yield SOURCE, source
    slot = RESOURCE.child("schedule").items  # type: ignore[union-attr]
    translation = RESOURCE.child("translations").items  # type: ignore[union-attr]
    assert slot is not None and translation is not None
    for r in dataset.resources:
        yield from blocks(r)
        for s in r.schedule:
            yield slot, s
        for t in r.translations:
            yield translation, t


def without_bookkeeping(obj: Any) -> Any:
    return dataclasses.replace(obj, line=0) if hasattr(obj, "line") else obj


# --------------------------------------------------------------------------- dataclasses


@pytest.mark.parametrize(("path", "spec"), [(p, s) for p, s in maps() if s is not FILE])
def test_each_map_names_a_dataclass_with_exactly_its_keys(path: str, spec: Field) -> None:
    assert spec.model is not None and dataclasses.is_dataclass(spec.model), path
    attributes = {f.name for f in dataclasses.fields(spec.model)} - BOOKKEEPING
    assert attributes == {f.attribute for f in spec.fields}, (
        f"`{path}`: keys in FIELDS and attributes of {spec.model.__name__} differ")


def test_every_type_is_read_written_and_described() -> None:
    used = {f.type for _, _, f in keys()} | {f.items.type for _, _, f in keys() if f.items}
    scalar = used - {"map", "list"}
    assert scalar <= set(SAMPLES) | {"enum", "text"}
    for kind in scalar:
        assert kind == "text" or kind in scalars._PARSERS, kind
        assert kind == "enum" or kind in schema._SCALARS, kind
        assert kind in yaml_writer._SCALARS, kind


# --------------------------------------------------------------------------- loader, writer


def test_every_key_loads_into_its_attribute(tmp_path: Path) -> None:
    dataset = loaded(tmp_path, json.dumps(sample_file(), indent=1))
    assert len(dataset.resources) == 1 and len(dataset.sources) == 1
    where = {id(spec): path for path, spec in maps()}
    seen = set()
    for spec, obj in objects(dataset):
        for f in spec.fields:
            path = f"{where[id(spec)]}.{f.name}"
            value = getattr(obj, f.attribute)
            if f.type == "map" or (f.items is not None and f.items.type == "map"):
                assert value, path  # its keys are checked as maps of their own
            else:
                assert value == expected(f, path), path
            seen.add(path)
    assert seen == {path for path, _, _ in keys()}


def test_the_writer_writes_every_key_back(tmp_path: Path) -> None:
    first = loaded(tmp_path, json.dumps(sample_file()))
    text = yaml_writer.dump(first)
    written = yaml.safe_load(text)
    assert paths(written) == paths(sample_file()), "the writer left out or added keys"
    again = loaded(tmp_path, text)
    assert again.defaults == first.defaults
    assert [without_bookkeeping(s) for s in again.sources] == [
        without_bookkeeping(s) for s in first.sources]
    assert [without_bookkeeping(r) for r in again.resources] == [
        without_bookkeeping(r) for r in first.resources]
    assert yaml_writer.dump(again) == text


def test_a_value_the_files_defaults_fill_is_left_out_and_filled_back(tmp_path: Path) -> None:
    data = sample_file()
    entry = data["resources"][0]
    for f in DEFAULTS.fields:  # the entry or one of its blocks holds the default's value
        for block in (entry, *(v for v in entry.values() if isinstance(v, dict))):
            if f.name in block:
                block[f.name] = data["defaults"][f.name]
    first = loaded(tmp_path, json.dumps(data))
    text = yaml_writer.dump(first)
    entry_text = text.split("resources:\n", 1)[1]
    for f in DEFAULTS.fields:
        assert f"{f.name}: " not in entry_text, f"{f.name} written although the default"
    again = loaded(tmp_path, text)
    assert [without_bookkeeping(r) for r in again.resources] == [
        without_bookkeeping(r) for r in first.resources]


def paths(value: Any, path: str = "") -> set[str]:
    """Dotted key paths of plain YAML data, list items folded into their list's path."""
    if isinstance(value, dict):
        out = set()
        for key, child in value.items():
            here = f"{path}.{key}".lstrip(".")
            out |= {here} | paths(child, here)
        return out
    if isinstance(value, list):
        return set().union(*(paths(v, path) for v in value)) if value else set()
    return set()


@pytest.mark.parametrize(("path", "spec"), list(maps()))
def test_the_loader_refuses_a_key_fields_does_not_hold(tmp_path: Path, path: str,
                                                       spec: Field) -> None:
    data = sample_file()
    target: Any = data
    for part in filter(None, path.split(".")):
        target = target[part]
        target = target[0] if isinstance(target, list) else target
    target["not_in_fields"] = "x"
    (tmp_path / "resources.yaml").write_text(json.dumps(data), encoding="utf-8")
    _, report = load(tmp_path / "resources.yaml")
    assert [d.message for d in report.items] == [
        "unknown key `not_in_fields`" + (f" in `{at}`" if (at := _report_path(path)) else "")]


def _report_path(path: str) -> str:
    """How the loader names a map in messages: from the entry down, list items by index."""
    if path == "":
        return ""
    parts = path.split(".")
    if parts[0] == "resources":
        parts = parts[1:]
        return ".".join(f"{p}.0" if p in ("schedule", "translations") else p for p in parts)
    return ".".join(f"{p}.0" if p == "sources" else p for p in parts)


# --------------------------------------------------------------------------- JSON Schema


def schema_paths(node: dict[str, Any], path: str = "") -> set[str]:
    out = set()
    node = node.get("items", node)
    for key, child in node.get("properties", {}).items():
        here = f"{path}.{key}".lstrip(".")
        out |= {here} | schema_paths(child, here)
    return out


def test_the_schema_has_every_key_and_no_other() -> None:
    fields = {path for path, _, _ in keys()}
    generated = schema.json_schema()
    committed = json.loads((ROOT / "resources.schema.json").read_text(encoding="utf-8"))
    assert schema_paths(generated) == fields | {f.name for f in FILE.fields}
    assert committed == generated, "run `make schema`"


def test_a_file_with_every_key_is_valid_for_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(sample_file(), schema.json_schema())
    for path, _spec, f in keys():
        if f.required:
            data = sample_file()
            target = _target(data, path)
            del target[f.name]
            with pytest.raises(jsonschema.ValidationError):
                jsonschema.validate(data, schema.json_schema())


def _target(data: dict[str, Any], path: str) -> dict[str, Any]:
    target: Any = data
    for part in path.split(".")[:-1]:
        target = target[part]
        target = target[0] if isinstance(target, list) else target
    return target


# --------------------------------------------------------------------------- docs


def fields_table() -> str:
    return CONTRIBUTING.split("## The fields", 1)[1].split("\n## ", 1)[0]


def test_the_docs_explain_every_key_of_an_entry_and_no_other() -> None:
    table = fields_table()
    rows = re.findall(r"^\| `([a-z_]+)` \|", table, re.M)
    assert rows == [f.name for f in RESOURCE.fields], "CONTRIBUTING's table of fields"
    for path, _spec, f in keys():
        if path.startswith("resources.") and path.count(".") > 1:
            parent = path.split(".")[1]
            row = next(line for line in table.splitlines() if line.startswith(f"| `{parent}` |"))
            assert f"`{f.name}`" in row, path


def test_the_docs_explain_the_files_defaults() -> None:
    paragraph = next(p for p in CONTRIBUTING.split("\n\n") if "`defaults:` holds" in p)
    for f in DEFAULTS.fields:
        assert f"`{f.name}`" in paragraph, f.name


def test_the_docs_show_every_key_of_a_source_and_no_other() -> None:
    section = README.split("## Sync with upstream lists", 1)[1].split("\n## ", 1)[0]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = {key for source in yaml.safe_load(example)["sources"] for key in source}
    assert shown == {f.name for f in SOURCE.fields}


def test_bookkeeping_attributes_are_the_only_ones_outside_fields() -> None:
    extra = {f.name for f in dataclasses.fields(Resource)} - {f.attribute
                                                              for f in RESOURCE.fields}
    assert extra == BOOKKEEPING
