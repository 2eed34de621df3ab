"""The JSON Schema export: one file per kind, deterministic, and the fixtures validate against it."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from almanac.core.data.datasets import export_schemas
from almanac.core.data.datasets.loader import find_data_files
from almanac.core.data.datasets.reader import read_document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "datasets"
NAMES = [
    "tags.schema.json",
    "vendor.schema.json",
    "provider.schema.json",
    "incidents.schema.json",
    "status.schema.json",
    "fx.schema.json",
]


def test_one_schema_per_kind(tmp_path: Path) -> None:
    paths = export_schemas(tmp_path / "schema")
    assert [path.name for path in paths] == NAMES
    for path in paths:
        text = path.read_text(encoding="utf-8")
        schema = json.loads(text)
        assert text == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["description"]


def test_export_is_byte_for_byte_stable(tmp_path: Path) -> None:
    first = [path.read_bytes() for path in export_schemas(tmp_path / "a")]
    second = [path.read_bytes() for path in export_schemas(tmp_path / "b")]
    assert first == second


def test_docstrings_become_descriptions(tmp_path: Path) -> None:
    paths = {path.name: path for path in export_schemas(tmp_path)}
    vendor = json.loads(paths["vendor.schema.json"].read_text(encoding="utf-8"))
    rates = vendor["$defs"]["Rates"]
    assert rates["additionalProperties"] is False
    assert rates["properties"]["cache_read"]["description"] == "Input tokens read from the prompt cache (a cache hit)."
    assert "from" in vendor["$defs"]["Period"]["properties"]  # the key as written, not `from_`


def _as_json(value: Any) -> Any:
    """A value read from YAML as a JSON document would hold it (what an editor validates)."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_as_json(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    return value


@pytest.mark.parametrize("project", ["minimal", "examples"])
def test_fixtures_validate_against_the_schemas(tmp_path: Path, project: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schemas = {path.name.split(".")[0]: json.loads(path.read_text()) for path in export_schemas(tmp_path)}
    files, errors = find_data_files(FIXTURES / project)
    assert errors == [] and files
    for item in files:
        instance = _as_json(read_document(item.path, item.rel).value)
        jsonschema.Draft202012Validator(schemas[item.kind]).validate(instance)


def test_schemas_reject_what_the_models_reject(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(export_schemas(tmp_path)[5].read_text())  # fx
    validator = jsonschema.Draft202012Validator(schema)
    good = {"base": "USD", "rates": [{"currency": "CNY", "per_usd": "7.10", "date": "2026-08-01", "source": "x"}]}
    assert list(validator.iter_errors(good)) == []
    for bad in (
        {**good, "extra": 1},
        {"base": "USD", "rates": [{**good["rates"][0], "currency": "RMB"}]},
        {"base": "USD", "rates": [{**good["rates"][0], "per_usd": "-1"}]},
    ):
        assert list(validator.iter_errors(bad)) != []
