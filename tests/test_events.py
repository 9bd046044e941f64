"""Events: table cases through the whole pipeline, and unit cases on hand-built records."""
from __future__ import annotations

import pytest

import reportminer as rm
from reportminer import events
from reportminer.model import ArticleRecord, DateItem, Organization, Person, Place
from reportminer.text import Document

from conftest import load_cases

CASES = load_cases("events")


def _norm_place(s):
    return (s or "").lower()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_pipeline_cases(case):
    rec = rm.extract(case["text"], published=case.get("published"), id=case["id"])
    got = [(e.type, e.date) for e in rec.events]
    want = [(e["type"], e["date"]) for e in case["events"]]
    assert got == want, [e.model_dump(include={"type", "date", "location", "name"}) for e in rec.events]
    for ev, exp in zip(rec.events, case["events"]):
        if "location" in exp:
            assert _norm_place(ev.location) == _norm_place(exp["location"]), ev
        for org in exp.get("organizers", []):
            assert org in ev.organizers, ev.organizers
        if "name" in exp:
            assert ev.name == exp["name"]
    assert sorted(e.type for e in rec.planned_events) == sorted(case["planned"])
    assert all(e.status == "planned" for e in rec.planned_events)
    assert all(e.status == "held" for e in rec.events)


# --- hand-built records: the earlier stages' output is given, only the events stage runs ----------

def _record(doc: Document, dates=(), places=(), orgs=(), persons=()) -> ArticleRecord:
    """A record whose items are mentioned wherever their text occurs in the document."""
    rec = ArticleRecord(id=doc.id)

    def mentions(s):
        out, k = [], doc.norm.find(s)
        while k >= 0:
            out.append(doc.mention(k, k + len(s)))
            k = doc.norm.find(s, k + 1)
        return out

    for text, value in dates:
        prec = "interval" if "/" in value else ("day" if len(value) == 10 else "month")
        rec.dates.append(DateItem(text=text, value=value, precision=prec, mentions=mentions(text)))
    for name, kind, *rest in places:
        rec.places.append(Place(name=name, kind=kind, province=rest[0] if rest else None, mentions=mentions(name)))
    for name in orgs:
        rec.organizations.append(Organization(name=name, mentions=mentions(name)))
    for name in persons:
        rec.persons.append(Person(name=name, mentions=mentions(name)))
    return rec


def _run(text, **items):
    doc = Document(text, id="t")
    rec = _record(doc, **items)
    events.recognize(doc, rec)
    return doc, rec


def test_repeated_mentions_are_one_event_with_date_place_organiser_and_chair():
    text = ("Hội nghị sơ kết công tác đối ngoại nhân dân\n"
            "Chiều 21/6, Cụm số 5 tổ chức Hội nghị sơ kết công tác đối ngoại nhân dân tại Kiên Giang.\n"
            "Ông Trần Văn Bình chủ trì Hội nghị.\n"
            "Hội nghị đã thông qua báo cáo.")
    _, rec = _run(text, dates=[("Chiều 21/6", "2024-06-21")], places=[("Kiên Giang", "province")],
                  orgs=["Cụm số 5"], persons=["Trần Văn Bình"])
    assert len(rec.events) == 1
    ev = rec.events[0]
    assert (ev.type, ev.date, ev.location) == ("conference", "2024-06-21", "Kiên Giang")
    assert ev.organizers == ["Cụm số 5"]
    assert ev.chairs == ["Trần Văn Bình"]
    assert ev.name.startswith("Hội nghị sơ kết")
    assert len(ev.evidence) == 4


def test_evidence_slices_the_original_text_despite_normalisation():
    # old-style tone marks, NBSP and curly quotes change the normalised text, not the offsets
    text = "Sáng\u00a029/6/2022, tại tỉnh Bến Tre đã diễn ra Hội nghị “Chia sẻ kinh nghiệm hoà bình”.\nHội nghị đã bế mạc."
    doc, rec = _run(text, dates=[("Sáng 29/6/2022", "2022-06-29")], places=[("Bến Tre", "province")])
    ev = rec.events[0]
    assert ev.name == "Hội nghị “Chia sẻ kinh nghiệm hoà bình”"
    for m in ev.evidence:
        assert text[m.start:m.end] == m.text
    assert ev.evidence[0].text.startswith("Sáng\u00a029/6/2022")


def test_planned_event_goes_to_planned_events_only():
    text = ("Ngày 25/3/2015, tại Hà Nội, Hội hữu nghị Việt Nam - Nhật Bản tổ chức họp báo về việc tổ chức Đại hội.\n"
            "Hội sẽ tổ chức Đại hội đại biểu toàn quốc vào ngày 28/3/2015.\nĐại hội sẽ thảo luận Báo cáo.")
    _, rec = _run(text, dates=[("Ngày 25/3/2015", "2015-03-25"), ("ngày 28/3/2015", "2015-03-28")],
                  places=[("Hà Nội", "province")])
    assert [(e.type, e.date) for e in rec.events] == [("other", "2015-03-25")]
    assert [(e.type, e.status) for e in rec.planned_events] == [("congress", "planned")]


def test_ordinals_split_events_of_one_type():
    text = ("Hôm nay (5/12), Đại hội lần thứ VI sẽ diễn ra tại Hà Nội.\n"
            "Đại hội lần thứ V Liên hiệp các tổ chức hữu nghị Việt Nam\n"
            "Hội nghị thảo luận các tài liệu trình Đại hội VI.")
    _, rec = _run(text, dates=[("5/12", "2019-12-05")], places=[("Hà Nội", "province")])
    congresses = [e for e in rec.events if e.type == "congress"]
    assert len(congresses) == 1 and congresses[0].name.startswith("Đại hội lần thứ V Liên hiệp")
    assert [e.type for e in rec.planned_events] == ["congress"]


def test_different_dates_of_one_type_are_different_events():
    text = ("Liên hiệp đã khảo sát thực tế nhu cầu hỗ trợ của trường vào ngày 24-25/4.\n"
            "Liên hiệp đã tiếp tổ chức ACEF đến thăm Làng Hữu nghị vào ngày 06/5.")
    _, rec = _run(text, dates=[("24-25/4", "2023-04-24/2023-04-25"), ("06/5", "2023-05-06")])
    assert [(e.type, e.date) for e in rec.events] == [("visit", "2023-04-24/2023-04-25"), ("visit", "2023-05-06")]


def test_items_of_a_semicolon_list_are_different_events():
    text = ("Trong 6 tháng đầu năm, Liên hiệp tổ chức buổi làm việc với Liên hiệp các tổ chức hữu nghị Việt Nam; "
            "tham dự buổi gặp mặt với các tổ chức phi chính phủ nước ngoài tại Hà Nội.")
    _, rec = _run(text, places=[("Hà Nội", "province")])
    assert [(e.type, e.location) for e in rec.events] == [("meeting", None), ("meeting", "Hà Nội")]


def test_activity_verb_needs_a_date_a_held_marker_or_a_caption():
    assert _run("Các đoàn thường đến thăm tỉnh vào dịp Tết.")[1].events == []
    _, rec = _run("Bà Vy tiếp nhận bảng tượng trưng tài trợ của tổ chức WWO. (Ảnh: dufo.dongnai.gov.vn)")
    assert [e.type for e in rec.events] == ["ceremony"]


def test_noun_and_verb_joined_by_va_are_one_event():
    text = "Ngày 14-8, Đại sứ tổ chức buổi gặp gỡ và trao 4 suất học bổng cho lưu học sinh Sri Lanka."
    _, rec = _run(text, dates=[("Ngày 14-8", "2025-08-14")], places=[("Sri Lanka", "country")])
    assert [(e.type, e.date) for e in rec.events] == [("ceremony", "2025-08-14")]


def test_gift_at_the_event_is_part_of_it():
    text = ("Sáng 21/1, Liên hiệp tổ chức Hội nghị tổng kết công tác năm 2020.\n"
            "Dịp này, Liên hiệp được Đoàn Chủ tịch tặng cờ thi đua.")
    _, rec = _run(text, dates=[("Sáng 21/1", "2021-01-21")])
    assert [e.type for e in rec.events] == ["conference"]


def test_district_location_is_given_at_province_level():
    text = "Chiều 7/7, tại thành phố Biên Hòa, tỉnh Đồng Nai, đã diễn ra lễ ký kết phối hợp giữa ba cơ quan."
    _, rec = _run(text, dates=[("Chiều 7/7", "2020-07-07")],
                  places=[("Biên Hòa", "district", "Đồng Nai"), ("Đồng Nai", "province")])
    ev = rec.events[0]
    assert (ev.type, ev.date, ev.location) == ("ceremony", "2020-07-07", "Đồng Nai")


def test_venue_after_tai():
    text = "Ngày 30/11/2023, tại Hội trường UBND tỉnh Quảng Nam, Ủy ban nhân dân tỉnh tổ chức Hội nghị tổng kết."
    _, rec = _run(text, dates=[("Ngày 30/11/2023", "2023-11-30")], places=[("Quảng Nam", "province")])
    ev = rec.events[0]
    assert ev.location == "Quảng Nam"
    assert ev.venue == "Hội trường UBND tỉnh Quảng Nam"


def test_amount_indexes_point_to_amounts_in_the_event_sentences():
    from reportminer.model import Amount

    text = "Ngày 18/5/2015, UBND tỉnh và MAG đã ký kết dự án trị giá 10 triệu USD.\nKhác: 5 triệu USD cho năm sau."
    doc = Document(text)
    rec = _record(doc, dates=[("Ngày 18/5/2015", "2015-05-18")])
    k = doc.norm.find("10 triệu USD")
    j = doc.norm.find("5 triệu USD", k + 5)
    rec.amounts = [Amount(text="5 triệu USD", value=5e6, currency="USD", mentions=[doc.mention(j, j + 11)]),
                   Amount(text="10 triệu USD", value=1e7, currency="USD", mentions=[doc.mention(k, k + 12)])]
    events.recognize(doc, rec)
    assert rec.events[0].amounts == [1]


def test_empty_and_eventless_texts():
    for text in ("", "   \n ", "Quảng Trị có 81% diện tích đất nhiễm bom mìn."):
        doc, rec = _run(text)
        assert rec.events == [] and rec.planned_events == []


def test_plain_text_twins_match_like_the_regex_patterns():
    """The characters `eventparts.plain_lower` accepts behave alike under `regex` (IGNORECASE, \\s, \\b)
    and under the lower-case `re` twins on `text.lower()`, and under `re` IGNORECASE (the `phrase_regex`
    patterns) too: so a plain text gets the same matches from either."""
    import re

    import regex

    from reportminer import eventparts
    from reportminer.lexicon import WORD_CHAR

    word_rx, word_re = regex.compile(r"\w"), re.compile(WORD_CHAR)
    space_rx, space_re = regex.compile(r"\s"), re.compile(eventparts._WS)
    digit_rx, digit_re = regex.compile(r"\d"), re.compile(r"\d")
    letters = set("abcdefghijklmnopqrstuvwxyzàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")
    fold_rx = {p: regex.compile(p, regex.IGNORECASE) for p in letters}
    fold_re = {p: re.compile(p, re.IGNORECASE) for p in letters}
    bad = []
    for code in range(0x110000):
        ch = chr(code)
        if eventparts.plain_lower(ch) is None:
            continue
        low = ch.lower()
        ok = (len(low) == 1 and bool(word_rx.match(ch)) == bool(word_re.match(ch)) == bool(word_re.match(low))
              and bool(space_rx.match(ch)) == bool(space_re.match(ch)) == bool(space_re.match(low))
              and bool(re.match(r"\s", ch)) == bool(re.match(r"\s", low))
              and bool(digit_rx.match(ch)) == bool(digit_re.match(ch))
              and all(bool(fold_rx[p].match(ch)) == bool(fold_re[p].match(ch)) == (low == p) for p in letters))
        if not ok:
            bad.append(hex(code))
    assert bad == []
    assert eventparts.plain_lower("Hội nghị tại Hà Nội") == "hội nghị tại hà nội"
    assert eventparts.plain_lower("İstanbul") is None
