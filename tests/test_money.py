"""Money amounts: forms, values, qualifiers, kinds; negatives; offsets; the dev gold."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from reportminer.model import ArticleRecord, Mention, Period
from reportminer.recognize import money
from reportminer.text import Document

from conftest import DEV, SHARED, load_cases

CASES = load_cases("money")


def _amounts(text: str, periods: list[Period] | None = None) -> list:
    doc = Document(text)
    record = ArticleRecord(id="t", periods=periods or [])
    money.recognize(doc, record)
    for a in record.amounts:
        for m in a.mentions:
            assert text[m.start:m.end] == m.text
    return record.amounts


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_case(case):
    got = _amounts(case["text"])
    want = case["amounts"]
    assert [(a.value, a.currency) for a in got] == [(float(w["value"]), w["currency"]) for w in want]
    for a, w in zip(got, want):
        if "qualifier" in w:
            assert a.qualifier == w["qualifier"], a
        if "kind" in w:
            assert a.kind == w["kind"], a
        if "assumed" in w:
            assert a.currency_assumed == w["assumed"], a


@pytest.mark.parametrize("raw,scale,value", [
    ("38,4", True, "38.4"), ("1.234.567", False, "1234567"), ("1,234,567", False, "1234567"),
    ("1.234,5", False, "1234.5"), ("1,234.5", False, "1234.5"), ("1,086", True, "1.086"),
    ("3.000", False, "3000"), ("1.5", True, "1.5"), ("1.000", True, "1000"), ("1.23.4", False, None),
])
def test_parse_number(raw, scale, value):
    got = money.parse_number(raw, scale)
    assert got == (Decimal(value) if value else None)


@pytest.mark.parametrize("scale", ["thousand", "THOUSAND", "thouſand"])
def test_scale_word_in_any_case_the_matcher_accepts(scale):
    # "ſ" (long s) matches "s" case-insensitively but lower-cases to itself: the value is still found
    amounts = _amounts(f"Dự án được tài trợ 5 {scale} USD.")
    assert [(a.value, a.currency) for a in amounts] == [(5000, "USD")]


def test_same_sum_twice_is_one_item_with_two_mentions():
    text = "Hải Dương vận động được 25 tỷ đồng. Giá trị viện trợ lên tới 25 tỷ đồng, tăng 6 lần."
    (a,) = _amounts(text)
    assert a.text == "25 tỷ đồng" and a.qualifier == "up_to" and len(a.mentions) == 2


def test_two_precisions_are_two_items():
    got = _amounts("Vận động hơn 1,3 tỷ đồng. Cụ thể, đã vận động được hơn 1,328 tỷ đồng.")
    assert [a.value for a in got] == [1300000000.0, 1328000000.0]


def test_mention_includes_qualifier_and_slices_original_text():
    text = "Liên hiệp\u00a0đã huy động được hơn\u00a080 triệu USD."
    (a,) = _amounts(text)
    m = a.mentions[0]
    assert m.text == "hơn\u00a080 triệu USD" == text[m.start:m.end]


def test_period_from_the_same_sentence_not_the_comparison_base():
    text = "Trong 9 tháng năm 2022, vốn đầu tư đạt 8.781 tỷ đồng, tăng 7% so với cùng kỳ năm 2021. Năm 2023 thì khác."
    def period(phrase, value):
        i = text.index(phrase)
        return Period(text=phrase, value=value, mentions=[Mention(start=i, end=i + len(phrase), text=phrase)])
    periods = [period("9 tháng năm 2022", "2022-01/2022-09"), period("năm 2021", "2021"), period("Năm 2023", "2023")]
    (a,) = _amounts(text, periods)
    assert a.period == "2022-01/2022-09"


def _gold_dirs():
    return [d for d in (SHARED / "seeds", DEV) if (d / "gold").is_dir()]


@pytest.mark.parametrize("folder", _gold_dirs(), ids=lambda d: d.name)
def test_gold_amounts_found_exactly(folder):
    missed, spurious = [], []
    for gold_path in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (folder / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        got = [(a.currency, a.value, a.qualifier) for a in _amounts(text)]
        want = [(g["currency"], float(g["value"]), g["qualifier"]) for g in gold.get("amounts", [])]
        missed += [(gold_path.stem, w) for w in want if w not in got]
        spurious += [(gold_path.stem, g) for g in got if g not in want]
    assert not missed and not spurious, (missed, spurious)
