"""Persons stage: names, titles (role @ organisation), merging, bylines."""
from __future__ import annotations

import unicodedata

import pytest

from reportminer.model import ArticleRecord
from reportminer.recognize import persons
from reportminer.text import Document

from conftest import DEV, corpus_texts, load_cases

CASES = load_cases("persons")


def _run(text: str) -> ArticleRecord:
    doc = Document(text)
    record = ArticleRecord(id="t")
    persons.recognize(doc, record)
    return record


def _by_name(record: ArticleRecord) -> dict:
    return {p.name: p for p in record.persons}


def _run_pipeline(text: str) -> ArticleRecord:
    """Every stage: cases whose titles resolve against the organisations stage's items."""
    from reportminer.api import extract

    return extract(text)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_persons_cases(case):
    record = _run_pipeline(case["text"]) if case.get("pipeline") else _run(case["text"])
    found = _by_name(record)
    for want in case.get("persons", []):
        assert want["name"] in found, (want["name"], list(found))
        got = found[want["name"]]
        if "honorific" in want:
            assert got.honorific == want["honorific"]
        if "gender" in want:
            assert got.gender == want["gender"]
        for alias in want.get("aliases", []):
            assert alias in got.aliases
        for role in want.get("event_roles", []):
            assert role in got.event_roles
        if "titles" in want:
            titles = [(t.role, t.organization, t.former, t.acting) for t in got.titles]
            expected = [(t[0], t[1], t[2] if len(t) > 2 else False, t[3] if len(t) > 3 else False)
                        for t in want["titles"]]
            assert sorted(titles, key=str) == sorted(expected, key=str)
    for name in case.get("absent", []):
        assert all(name != p.name and name not in p.aliases for p in record.persons), name
    if "count" in case:
        assert len(record.persons) == case["count"], [p.name for p in record.persons]
    for author in case.get("authors", []):
        assert author in record.source.authors
        assert author not in found


def test_role_has_english_gloss_and_normalised_case():
    record = _run("Ông Lữ Quang Ngời, Phó chủ tịch Ủy ban nhân dân tỉnh Vĩnh Long dự hội thảo.")
    (title,) = record.persons[0].titles
    assert title.role == "Phó Chủ tịch"
    assert title.role_en == "Vice Chairman"
    assert "attendee" in record.persons[0].event_roles


def test_uses_organisation_stage_name_when_spans_overlap():
    from reportminer.model import Organization

    text = "Ông Mai Thức, Phó Chủ tịch UBND tỉnh đánh giá cao dự án."
    doc = Document(text)
    record = ArticleRecord(id="t")
    start = text.index("UBND")
    record.organizations.append(Organization(
        name="Ủy ban nhân dân tỉnh Quảng Trị",
        mentions=[doc.mention(start, start + len("UBND tỉnh"))]))
    persons.recognize(doc, record)
    assert record.persons[0].titles[0].organization == "Ủy ban nhân dân tỉnh Quảng Trị"


def test_acronym_with_location_names_the_body_in_full():
    from reportminer.model import Organization

    text = ("Tổ chức Welthungerhilfe (WHH) tài trợ dự án. "
            "Ông Stefan Reinhardt, Giám đốc WHH tại Việt Nam và Lào cảm ơn tỉnh.")
    doc = Document(text)
    record = ArticleRecord(id="t")
    start = text.index("Welthungerhilfe")
    record.organizations.append(Organization(
        name="Tổ chức Welthungerhilfe", acronym="WHH",
        mentions=[doc.mention(start, start + len("Welthungerhilfe (WHH)"))]))
    persons.recognize(doc, record)
    (person,) = record.persons
    assert [(t.role, t.organization) for t in person.titles] == [("Giám đốc", "Tổ chức Welthungerhilfe")]


def test_title_keeps_the_fuller_written_form_of_the_body():
    from reportminer.model import Organization

    text = "Ông Jonathan Palmer, Giám đốc quốc gia Tổ chức Tầm nhìn Thế giới tại Việt Nam cho biết."
    doc = Document(text)
    record = ArticleRecord(id="t")
    start = text.index("Tầm nhìn")
    record.organizations.append(Organization(
        name="Tầm nhìn Thế giới tại Việt Nam",
        mentions=[doc.mention(start, start + len("Tầm nhìn Thế giới tại Việt Nam"))]))
    persons.recognize(doc, record)
    (person,) = record.persons
    assert person.titles[0].organization == "Tổ chức Tầm nhìn Thế giới tại Việt Nam"


def test_plural_and_lower_case_roles_are_not_titles():
    record = _run("Gần 60 đại biểu là các chủ tịch, phó chủ tịch chi hội tham dự.")
    assert record.persons == []


def test_mentions_slice_the_original_text_even_for_nfd_input():
    text = unicodedata.normalize("NFD", "Sáng nay, bà Trần Thị Thu Thuỷ - Trưởng Đại diện\u00a0Văn phòng phía Nam phát biểu.")
    record = _run(text)
    assert len(record.persons) == 1
    for m in record.persons[0].mentions:
        assert text[m.start:m.end] == m.text
    assert record.persons[0].name == "Trần Thị Thu Thủy"  # normalised tone placement
    assert unicodedata.normalize("NFC", record.persons[0].mentions[0].text) == "Trần Thị Thu Thuỷ"


def test_every_mention_slices_original_on_dev_corpus(dev_dir):
    for _stem, text in corpus_texts(DEV):
        record = _run(text)
        for p in record.persons:
            assert p.mentions, p.name
            for m in p.mentions:
                assert text[m.start:m.end] == m.text


# ---------------------------------------------------------------- faster matchers, same matches

def _texts_and_pieces(dev_dir, pieces, count=3000, seed=7):
    """The dev corpus, lower-cased, plus random strings made of the given pieces."""
    import random

    from reportminer.recognize.person_names import lowered
    from reportminer.text import normalize

    texts = [lowered(normalize(t)) for _stem, t in corpus_texts(DEV)]
    rng = random.Random(seed)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 16))) for _ in range(count)]
    return texts


_SCAN_PIECES = [" ", "  ", "\n", ".", ",", "(", "-", "“", "x", "1", "_", "ông", "bà", "quý bà", "pgs", "ts",
                "đại tá", "bs", "ckii", "chủ tịch", "phó chủ tịch", "giám đốc", "trưởng đoàn", "ban", "ủy viên"]


def test_word_scan_finds_what_finditer_finds(dev_dir):
    """persons.WordScan stands in for finditer over the title and prefix matchers."""
    import re

    from reportminer.lexicon import trie_pattern

    degree = trie_pattern({p.lower() for p in persons._academic_parts()})
    other = trie_pattern({f.lower() for f, (kind, _g) in persons._prefixes().items() if kind != "academic"})
    prefix_re = re.compile(r"(?<![\w.])(?:(?:" + degree + r")(?:\.(?:" + degree + r"))*|" + other
                           + r")(?!\w)\.?\s*")
    for text in _texts_and_pieces(dev_dir, _SCAN_PIECES):
        titles, prefixes = persons._phrase_scan().spans(text)
        assert titles == [m.span() for m in persons._title_re_lower().finditer(text)]
        assert prefixes == [m.span() for m in prefix_re.finditer(text)]


def test_credit_scan_reads_what_finditer_reads(dev_dir):
    import regex

    from reportminer.recognize import person_names as pn

    credit_re = regex.compile(r"(?:Tin(?:,| và)\s+)?[ẢảAa]nh\s*:\s*([^)\n|]{2,60})", regex.V1)
    pieces = ["Ảnh", "ảnh", "Anh", "a", "nh", ":", " ", "Tin, ", "Tin và ", ")", "|", "\n", "x" * 9, "Thanh"]
    texts = [t for _stem, t in corpus_texts(DEV)] + _texts_and_pieces(dev_dir, pieces, count=5000)[-5000:]
    for text in texts:
        assert list(pn._credits(text)) == [m.group(1) for m in credit_re.finditer(text)]


def test_cap_run_reads_word_by_word(dev_dir):
    """One match call reads the run the word-by-word loop read."""
    import random

    import regex

    from reportminer.recognize import person_names as pn

    word = regex.compile(r"\p{Lu}\p{Ll}*(?:['-]\p{L}\p{Ll}*)*(?![\p{L}\p{N}])")

    def word_by_word(norm, pos, limit):
        out = []
        while len(out) < limit:
            k = pos
            while k < len(norm) and norm[k] == " ":
                k += 1
            if out and k == pos:
                break
            m = word.match(norm, k)
            if not m:
                break
            out.append(m.span())
            pos = m.end()
        return out

    rng = random.Random(3)
    pieces = ["Nguyễn", " ", "  ", "Văn", "a", "O'Brien", "-", "'", "Noh-wan", "X", "1", ".", "\n", "ĐẠI", "Ủy"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        for pos in range(min(len(text), 3)):
            for limit in (1, 5, 6):
                assert pn.cap_run(text, pos, limit) == word_by_word(text, pos, limit)
