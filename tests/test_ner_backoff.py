"""The optional underthesea back-off: adds only vouched people, never by default."""
from __future__ import annotations

import pytest

import reportminer as rm

TEXT = ("Trong buổi làm việc, ông Đỗ Việt Hà, Chủ tịch Liên hiệp các tổ chức hữu nghị tỉnh Bến Tre, "
        "đã tiếp ngài Kwame Mensah và đoàn công tác tại Bến Tre. Xe buýt Hà Nội chạy qua phố.")


def test_off_by_default(monkeypatch):
    from reportminer.recognize import ner_backoff

    def boom(*_a, **_k):
        raise AssertionError("underthesea ner called on the default path")

    monkeypatch.setattr(ner_backoff, "recognize", boom)
    rec = rm.extract(TEXT)
    assert rec.warnings == [] and rec.persons


def test_backoff_adds_only_vouched_names_and_keeps_offsets():
    base = rm.extract(TEXT)
    rec = rm.extract(TEXT, extra_stages=("ner_backoff",))
    names = {p.name for p in rec.persons}
    assert {p.name for p in base.persons} <= names  # it can only add
    assert "Kwame Mensah" in names
    assert not any("Hà Nội" in n for n in names)  # a place underthesea may tag is not vouched for
    for p in rec.persons:
        for m in p.mentions:
            assert TEXT[m.start:m.end] == m.text


def test_unknown_optional_stage_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown optional stages"):
        rm.extract(TEXT, extra_stages=("nope",))


def test_batch_command_takes_the_backoff_and_refuses_unknown_stages(tmp_path, capsys):
    import json

    from reportminer.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["extract", str(src), "-o", str(tmp_path / "o.jsonl"), "-q", "--extra-stage", "ner_backoff"]) == 0
    line = (tmp_path / "o.jsonl").read_text(encoding="utf-8")
    assert "Kwame Mensah" in {p["name"] for p in json.loads(line)["persons"]}
    assert main(["extract", str(src), "-o", str(tmp_path / "p.jsonl"), "-q", "--extra-stage", "nope"]) == 2
    assert "unknown optional stages" in capsys.readouterr().err
    assert not (tmp_path / "p.jsonl").exists()
