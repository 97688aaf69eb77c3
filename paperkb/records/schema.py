"""The JSON Schema of papers.yaml, generated from the model so editors can check as you type."""

from __future__ import annotations

import json
from typing import Any

from paperkb.records.model import LibraryFile

SCHEMA_PATH = "schema/papers.schema.json"


def build_schema() -> dict[str, Any]:
    schema = LibraryFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "paperkb papers.yaml"
    return schema


def render_schema() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
