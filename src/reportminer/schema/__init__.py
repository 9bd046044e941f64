"""The JSON Schema of ArticleRecord, generated from the models.

`SCHEMA_FILE` is the checked-in copy (shipped in the wheel); a test fails when
the models drift from it: regenerate it with `reportminer schema -o <file>`
(scripts/regen_schema.sh) and bump `SCHEMA_VERSION` in model.py.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..model import SCHEMA_VERSION, ArticleRecord

SCHEMA_FILE = Path(__file__).with_name("article-record.schema.json")


def schema() -> dict:
    s = ArticleRecord.model_json_schema()
    s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    s["$id"] = f"https://reportminer/schema/article-record-{SCHEMA_VERSION}.json"
    s["version"] = SCHEMA_VERSION
    return s


def schema_json() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def checked_in() -> dict:
    """The schema file shipped with the package."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
