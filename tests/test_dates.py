"""Dates and periods: table-driven cases (tests/cases/dates.jsonl), offsets, and the dev gold."""
from __future__ import annotations

import json

import pytest
from conftest import load_cases

from reportminer.model import ArticleRecord
from reportminer.recognize import dates
from reportminer.text import Document

CASES = load_cases("dates")


def run(text: str, published: str | None = None) -> ArticleRecord:
    doc = Document(text, published=published)
    record = ArticleRecord(id="t")
    dates.recognize(doc, record)
    return record


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    rec = run(case["text"], case.get("published"))
    got_dates = {d.value: d for d in rec.dates}
    got_periods = {p.value: p for p in rec.periods}
    if "dates" in case:
        assert sorted(got_dates) == sorted(case["dates"])
    if "periods" in case:
        assert sorted(got_periods) == sorted(case["periods"])
    for value, attrs in case.get("attrs", {}).items():
        item = got_dates[value]
        for k, v in attrs.items():
            if k == "n_mentions":
                assert len(item.mentions) == v
            else:
                assert getattr(item, k) == v, (value, k)
    for value, kind in case.get("period_kinds", {}).items():
        assert got_periods[value].kind == kind
    for value, text in case.get("period_texts", {}).items():
        assert got_periods[value].text == text
    # offsets are sacred
    for item in rec.dates + rec.periods:
        assert item.mentions
        assert item.text == item.mentions[0].text
        for m in item.mentions:
            assert case["text"][m.start:m.end] == m.text


def test_values_are_one_item_each():
    rec = run("Ngày 5/12/2019 khai mạc. Sáng 5/12, Đại hội họp. Năm 2019 và năm 2019.")
    assert [d.value for d in rec.dates] == ["2019-12-05"]
    assert len(rec.dates[0].mentions) == 2
    assert rec.dates[0].part_of_day == "sáng"  # taken from a later mention when the first has none
    assert [p.value for p in rec.periods] == ["2019"]
    assert len(rec.periods[0].mentions) == 2


def test_offsets_survive_normalisation():
    # NBSP, an en dash, old-style tone marks and a decomposed (NFD) letter before the dates
    import unicodedata

    text = unicodedata.normalize("NFD", "Hoà bình\u00a0— Sáng\u00a029/06/2022, nhiệm kỳ 2019 \u2013 2024 khoá V")
    rec = run(text)
    assert [d.value for d in rec.dates] == ["2022-06-29"]
    assert [p.value for p in rec.periods] == ["2019/2024"]
    for item in rec.dates + rec.periods:
        for m in item.mentions:
            assert text[m.start:m.end] == m.text


def test_dev_gold_dates_and_periods(dev_dir):
    """Every gold date and period value of the dev corpus is found (recall), with few extras."""
    rows = [json.loads(line) for line in (dev_dir / "index.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    index = {r["file"].rsplit(".", 1)[0]: r.get("published") for r in rows}
    missed, extra, total = [], [], 0
    for gold_path in sorted((dev_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (dev_dir / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        rec = run(text, index.get(gold_path.stem))
        for field, got in (("dates", rec.dates), ("periods", rec.periods)):
            want = {x["value"] for x in gold.get(field, [])}
            have = {x.value for x in got}
            total += len(want)
            missed += [(gold_path.stem, v) for v in want - have]
            extra += [(gold_path.stem, v) for v in have - want]
    assert len(missed) <= 0.05 * total, missed
    assert len(extra) <= 0.05 * total, extra
