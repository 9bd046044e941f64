"""The JSON Schema of ArticleRecord, generated from the models."""
from __future__ import annotations

import json

from .model import SCHEMA_VERSION, ArticleRecord


def schema() -> dict:
    s = ArticleRecord.model_json_schema()
    s["$id"] = f"https://reportminer/schema/article-record-{SCHEMA_VERSION}.json"
    s["version"] = SCHEMA_VERSION
    return s


def schema_json() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
