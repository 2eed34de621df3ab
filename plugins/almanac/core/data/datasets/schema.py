# Exports the JSON Schema of each kind of data file, for editors and for readers of the API.
#
# Run when the site is built (the files are published under `site/schema/`) and whenever the
# lead regenerates them. The schemas come from the same pydantic models that validate
# `data/`, docstrings included, so an editor (`# yaml-language-server: $schema=…`) shows the
# same rules and the same documentation while the author types. Output is deterministic:
# sorted keys, 2-space indent, a trailing newline.

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Final

from almanac.core.data.datasets.models import FILE_MODELS

__all__ = ["SCHEMA_DIALECT", "export_schemas", "schema_of", "schema_text"]

SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"


def schema_of(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of data file (a key of `FILE_MODELS`)."""
    schema = FILE_MODELS[kind].model_json_schema(by_alias=True, mode="validation")
    return {"$schema": SCHEMA_DIALECT, **schema}


@functools.cache
def schema_text(kind: str) -> str:
    """The schema as the exact text written to disk; made once in a process (pydantic takes
    0.15 s for the six kinds, which every build of a preview paid again)."""
    return json.dumps(schema_of(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export_schemas(out_dir: Path) -> list[Path]:
    """Write `<kind>.schema.json` for every kind of data file into `out_dir`; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for kind in FILE_MODELS:
        path = out_dir / f"{kind}.schema.json"
        text = schema_text(kind)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
