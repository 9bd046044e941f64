"""The public API, the record model and the offset invariant over the corpora."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

import reportminer as rm
from reportminer.text import Document, normalize

from conftest import CORPORA, corpus_texts


def _all_mentions(record: rm.ArticleRecord):
    for kind in ("persons", "organizations", "places", "dates", "periods", "amounts"):
        for item in getattr(record, kind):
            for m in item.mentions:
                yield kind, m
    for ev in record.events:
        for m in ev.evidence:
            yield "events", m


def _check_offsets(text: str, record: rm.ArticleRecord) -> None:
    for kind, m in _all_mentions(record):
        assert 0 <= m.start <= m.end <= len(text), (kind, m)
        assert text[m.start:m.end] == m.text, (kind, m)


def test_extract_returns_record_with_ids():
    rec = rm.extract("Sáng 29/06/2022, tại tỉnh Bến Tre đã diễn ra Hội nghị.", published="2022-06-30", id="a1")
    assert rec.id == "a1"
    assert rec.published == "2022-06-30"
    assert rec.schema_version == rm.SCHEMA_VERSION
    json.loads(rec.model_dump_json())


def test_extract_rejects_non_text():
    with pytest.raises(TypeError):
        rm.extract(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("stem,text", corpus_texts(CORPORA))
def test_offsets_slice_original_text_on_sample_corpus(stem, text):
    _check_offsets(text, rm.extract(text, id=stem))


def test_offsets_slice_original_text_on_dev_corpus(dev_dir):
    for stem, text in corpus_texts(dev_dir):
        _check_offsets(text, rm.extract(text, id=stem))


@pytest.mark.parametrize("stem,text", corpus_texts(CORPORA)[:2])
def test_offsets_survive_nfd_and_odd_spaces(stem, text):
    import unicodedata

    odd = unicodedata.normalize("NFD", text).replace(" ", "\u00a0", 50).replace("Liên", "\u200bLiên")
    rec = rm.extract(odd)
    _check_offsets(odd, rec)
    assert [d.value for d in rec.dates] == [d.value for d in rm.extract(text).dates]


def test_normalisation_folds_tone_placement_and_forms():
    assert normalize("Thuỷ hoà") == "Thủy hòa"
    assert normalize("hoàng") == "hoàng"
    assert normalize("Nguye\u0302\u0303n") == "Nguyễn"
    assert normalize("a\u00a0b\u2013c\u201cd\u201d") == 'a b-c"d"'


def test_fast_mentions_equal_validated_ones():
    # Document.mention builds Mentions without validation (a hot path): they must be the
    # same objects, dump the same JSON and copy like validated ones
    from reportminer.model import Mention

    doc = Document("Hà Nội, ngày 5/6")
    fast = doc.mention(0, 6)
    slow = Mention(start=0, end=6, text="Hà Nội")
    assert fast == slow
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_copy(update={"end": 2}).end == 2
    assert Mention(**doc.mention_fields(0, 6)) == slow and doc.identity_map
    nfd = Document("Ha\u0300 Nội")  # NFD: offsets differ, the dict still slices the original
    assert not nfd.identity_map and nfd.mention_fields(0, 2)["text"] == "Ha\u0300"


def test_document_maps_spans_back_to_original():
    import unicodedata

    original = unicodedata.normalize("NFD", "Ông Nguyễn\u200b Văn Hoà")
    doc = Document(original)
    start = doc.norm.index("Nguyễn")
    m = doc.mention(start, start + len("Nguyễn Văn Hòa") + 0)
    assert m.text == original[m.start:m.end]
    assert unicodedata.normalize("NFC", m.text).replace("\u200b", "").startswith("Nguyễn")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_extract_never_raises_and_offsets_hold_on_any_unicode(text):
    rec = rm.extract(text)
    _check_offsets(text, rec)
    rm.ArticleRecord.model_validate_json(rec.model_dump_json())


_PIECES = ["Sáng 29/06/2022", "ngày 25-5-2023", "38,4 tỷ đồng", "hơn 1,8 tỷ đồng", "157 triệu USD",
           "ông Đỗ Việt Hà - Chủ tịch Liên hiệp các tổ chức hữu nghị thành phố Hồ Chí Minh",
           "tỉnh Bến Tre", "UBND tỉnh Quảng Trị", "6 tháng đầu năm 2024", "Hội nghị", "(PACCOM)", "TP.HCM"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=25))
def test_offsets_hold_on_spliced_real_phrases(parts):
    text = " ".join(parts)
    _check_offsets(text, rm.extract(text))
