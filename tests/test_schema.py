"""The JSON Schema of ArticleRecord: generated, checked in, and in step with the models."""
from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import jsonschema
import pytest

import reportminer as rm
from reportminer.cli import main
from reportminer.schema import SCHEMA_FILE, checked_in, schema, schema_json

from api_samples import full_record

REGEN = "regenerate it with `reportminer schema -o {}` (scripts/regen_schema.sh)"


def drift_message(on_disk: dict, generated: dict, version: str) -> str | None:
    """Why the checked-in schema no longer fits the models, or None."""
    if on_disk == generated:
        return None
    if on_disk.get("version") == version:
        return (f"the models changed but SCHEMA_VERSION is still {version}: bump SCHEMA_VERSION in "
                f"src/reportminer/model.py AND " + REGEN.format(SCHEMA_FILE))
    return f"{SCHEMA_FILE} is out of date (file {on_disk.get('version')}, models {version}): " + REGEN.format(SCHEMA_FILE)


def test_checked_in_schema_matches_the_models():
    message = drift_message(checked_in(), schema(), rm.SCHEMA_VERSION)
    assert message is None, message


def test_drift_is_reported_with_what_to_do():
    generated = schema()
    drifted = json.loads(json.dumps(generated))
    drifted["$defs"]["Person"]["properties"].pop("gender")
    message = drift_message(drifted, generated, generated["version"])
    assert "bump SCHEMA_VERSION" in message and "reportminer schema -o" in message
    message = drift_message(dict(drifted, version="0.9"), generated, generated["version"])
    assert "out of date" in message and "reportminer schema -o" in message


def test_schema_file_is_the_cli_output_byte_for_byte():
    if checked_in() != schema():
        pytest.skip("drift: see test_checked_in_schema_matches_the_models")
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json()


def test_schema_names_its_version():
    s = schema()
    assert s["version"] == rm.SCHEMA_VERSION
    assert s["$id"].endswith(f"article-record-{rm.SCHEMA_VERSION}.json")
    assert s["title"] == "ArticleRecord"
    assert {"persons", "organizations", "places", "dates", "periods", "amounts", "events"} <= set(s["properties"])


def test_cli_prints_and_writes_the_schema(tmp_path):
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main(["schema"]) == 0
    assert json.loads(buf.getvalue()) == schema()
    out = tmp_path / "s.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_json()


def test_records_validate_against_the_schema():
    validator = jsonschema.Draft202012Validator(schema())
    validator.validate(json.loads(full_record().model_dump_json()))
    validator.validate(json.loads(rm.extract("Sáng 29/06/2022, tại tỉnh Bến Tre đã diễn ra Hội nghị.").model_dump_json()))


@pytest.mark.parametrize("change", [
    lambda d: d.update(unknown_field=1),
    lambda d: d["places"][0].update(kind="planet"),
    lambda d: d["amounts"][0].update(value="many"),
    lambda d: d.pop("id"),
])
def test_schema_rejects_malformed_records(change):
    d = json.loads(full_record().model_dump_json())
    change(d)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(d, schema())
