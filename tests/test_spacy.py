"""The spaCy component (`nlp.add_pipe("reportminer")`), segment.spacy_doc and rm.render."""
from __future__ import annotations

import importlib.metadata

import pytest
import spacy

import reportminer as rm
from reportminer.segment import spacy_doc
from reportminer.spacy_component import ENT_LABEL, LABELS, make_component, set_entities

from api_samples import TEXT, full_record
from conftest import CORPORA, corpus_texts

KIND_LABEL = {field: ENT_LABEL[label] for field, label in LABELS.items()}


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("xx")
    nlp.add_pipe("reportminer")
    return nlp


def test_factory_is_declared_as_entry_point():
    eps = importlib.metadata.entry_points(group="spacy_factories")
    ep = [e for e in eps if e.name == "reportminer"]
    assert ep and ep[0].load() is make_component


def _mentions(record):
    """(start, end, ent label) of every mention that can be an entity."""
    for field, label in KIND_LABEL.items():
        for item in getattr(record, field):
            for m in item.mentions:
                yield m.start, m.end, label


def _token_span(doc, s, t):
    span = doc.char_span(s, t, alignment_mode="expand")
    return (span.start, span.end) if span is not None else None


def _check_ents_match_record(doc, record):
    ents = list(doc.ents)
    # non-overlapping and each entity is the token-expanded span of one of the record's mentions
    for a, b in zip(ents, ents[1:]):
        assert a.end <= b.start
    mentions = list(_mentions(record))
    for e in ents:
        assert any(e.start_char <= s and t <= e.end_char and lab == e.label_
                   and _token_span(doc, s, t) == (e.start, e.end) for s, t, lab in mentions), e
    # every mention is covered by an entity (its own, or a longer one that won the overlap)
    for s, t, _ in mentions:
        if s < t:
            assert any(e.start_char <= s and t <= e.end_char for e in ents), (s, t)
    group = doc.spans["reportminer"]
    assert len(group) >= len(ents)
    assert {(s.start_char, s.end_char) for s in group} >= {(e.start_char, e.end_char) for e in ents}


@pytest.mark.parametrize("stem,text", corpus_texts(CORPORA))
def test_component_on_corpus(nlp, stem, text):
    doc = nlp(text)
    assert doc.text == text
    assert isinstance(doc._.record, rm.ArticleRecord)
    assert doc._.record.model_dump(exclude={"id"}) == rm.extract(text).model_dump(exclude={"id"})
    _check_ents_match_record(doc, doc._.record)


def test_component_published_config_resolves_yearless_dates():
    nlp = spacy.blank("xx")
    nlp.add_pipe("reportminer", config={"published": "2021-05-01"})
    doc = nlp("Chiều 21/6, tại Hà Nội đã diễn ra hội nghị.")
    assert doc._.record.published == "2021-05-01"


def test_set_entities_with_a_known_record():
    record = full_record()
    doc = set_entities(spacy_doc(TEXT), record)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Sáng 29/06/2022", "DATE"), ("Bến Tre", "LOC"), ("Đỗ Việt Hà", "PER"),
        ("Liên hiệp các tổ chức hữu nghị tỉnh Bến Tre", "ORG"),  # longer than the place inside it
        ("6 tháng đầu năm 2022", "DATE"), ("Cụm 4", "ORG"), ("hơn 38,4 tỷ đồng", "MONEY")]
    labels = sorted(s.label_ for s in doc.spans["reportminer"])
    assert labels == sorted(["DATE", "LOC", "LOC", "PER", "ORG", "ORG", "PERIOD", "MONEY", "EVENT"])
    _check_ents_match_record(doc, record)


def test_mention_inside_a_token_expands_to_the_token():
    record = full_record()
    record.persons[0].mentions[0].end -= 2  # "Đỗ Việt " + "H" ... ends inside the word
    record.persons[0].mentions[0].text = TEXT[record.persons[0].mentions[0].start:record.persons[0].mentions[0].end]
    doc = set_entities(spacy_doc(TEXT), record)
    assert "Đỗ Việt Hà" in [e.text for e in doc.ents if e.label_ == "PER"]


@pytest.mark.parametrize("text", [TEXT, "  hai  dòng\n\nTP. Hồ Chí Minh, 12/3:  “Hội nghị”…\t\u00a0x  ", "", "a"])
def test_spacy_doc_text_is_the_input(text):
    assert spacy_doc(text).text == text


def test_render_writes_html_with_entity_texts(tmp_path):
    out = tmp_path / "a.html"
    html = rm.render(full_record(), out, text=TEXT, jupyter=False)
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>") or "<html" in page.lower()
    for name in ("Đỗ Việt Hà", "Liên hiệp các tổ chức hữu nghị tỉnh Bến Tre", "hơn 38,4 tỷ đồng"):
        assert name in page and name in html
    assert "MONEY" in page and "PER" in page


def test_render_reads_the_source_file_of_a_record(tmp_path):
    path = sorted(CORPORA.glob("*.txt"))[0]
    record = next(rm.extract_many([path]))
    html = rm.render(record, jupyter=False)
    assert isinstance(html, str) and "<div" in html
    for item in record.persons + record.places:
        for m in item.mentions[:1]:
            assert m.text in html
    with pytest.raises(ValueError, match="text="):
        rm.render(rm.extract("Hà Nội"), jupyter=False)


def test_render_from_text_in_jupyter_mode():
    out = rm.render("Sáng 29/06/2022, tại tỉnh Bến Tre đã diễn ra Hội nghị.", jupyter=True)
    assert "Bến Tre" in out.data


def test_docs_with_records_serialise_like_any_spacy_doc():
    from spacy.tokens import Doc, DocBin

    nlp = spacy.blank("xx")
    nlp.add_pipe("reportminer")
    text = "Sáng 21/6/2024, ông Nguyễn Văn An, Chủ tịch UBND tỉnh Bến Tre, dự hội nghị tại Hà Nội."
    doc = nlp(text)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.record == doc._.record and [p.name for p in again._.record.persons] == ["Nguyễn Văn An"]
    assert [(e.text, e.label_) for e in again.ents] == [(e.text, e.label_) for e in doc.ents]
    box = DocBin(store_user_data=True)
    box.add(doc)
    (back,) = DocBin().from_bytes(box.to_bytes()).get_docs(nlp.vocab)
    assert back._.record == doc._.record
    # documents cross process boundaries as bytes
    dates = [d._.record.dates[0].value for d in nlp.pipe([text] * 2, n_process=2)]
    assert dates == ["2024-06-21", "2024-06-21"]
