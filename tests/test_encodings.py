"""Decoding archives: BOMs, UTF-16, Windows-1258, legacy TCVN3/VNI fonts, binary refusal, NFD input."""
from __future__ import annotations

import codecs
import json
import unicodedata

import pytest
from hypothesis import given, strategies as st

import reportminer as rm
from reportminer.encodings import UndecodableError, decode, repair_mojibake
from reportminer.lexicon import load_json

from conftest import CORPORA, DEV, corpus_texts

NFC = lambda s: unicodedata.normalize("NFC", s)  # noqa: E731
TONES = "\u0300\u0301\u0303\u0309\u0323"


def _articles(n=3):
    texts = corpus_texts(DEV) if DEV.is_dir() else corpus_texts(CORPORA)
    return [NFC(t) for _, t in texts[:n]]


# independent of the tables: how the old fonts showed well-known phrases once read as cp1252
KNOWN = [
    ("tcvn3", "Hµ Néi", "Hà Nội"),
    ("tcvn3", "Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("tcvn3", "§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("vni", "Haø Noäi", "Hà Nội"),
    ("vni", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("vni", "Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
]


@pytest.mark.parametrize("enc,shown,expected", KNOWN)
def test_legacy_font_bytes_are_detected_and_decoded(enc, shown, expected):
    raw = shown.encode("cp1252")
    # repeat so detection has a few words to go on, as in a real document
    text = decode((raw + b". ") * 5, "old.txt")
    assert text.split(". ")[0] == expected


@pytest.mark.parametrize("enc,shown,expected", KNOWN)
def test_legacy_mojibake_saved_as_utf8_is_repaired(enc, shown, expected):
    data = ((shown + ". ") * 5).encode("utf-8")
    assert decode(data, "page.txt").split(". ")[0] == expected


def _enc_tcvn3(s: str) -> bytes:
    inv = {v: int(k, 16) for k, v in load_json("legacy_encodings.json")["tcvn3"].items()}
    out = bytearray()
    for c in s:
        code = inv.get(c, inv.get(c.lower()))  # capitals with tones exist only as font case in ABC
        out += bytes([code]) if code is not None else c.encode("cp1252", errors="replace")
    return bytes(out)


def _enc_vni(s: str) -> bytes:
    inv = {v: k for k, v in load_json("legacy_encodings.json")["vni"].items()}
    return "".join(inv.get(c, c) for c in s).encode("cp1252", errors="replace")


def _enc_cp1258(s: str) -> bytes:
    out = bytearray()
    for c in s:
        try:
            out += c.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", c)
        base = NFC("".join(x for x in d if x not in TONES))
        out += (base + "".join(x for x in d if x in TONES)).encode("cp1258", errors="replace")
    return bytes(out)


@pytest.mark.parametrize("text", _articles())
def test_whole_articles_round_trip_through_every_encoding(text):
    assert decode(text.encode("utf-8")) == text
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8")) == text
    for enc in ("utf-16", "utf-16-le", "utf-16-be"):
        assert decode(text.encode(enc)) == text, enc
    assert NFC(decode(_enc_cp1258(text))) == text
    assert decode(_enc_vni(text)) == text
    # ABC fonts have no code for capital toned letters: they come back lower case
    assert decode(_enc_tcvn3(text)).lower() == text.lower()


def test_utf8_with_a_few_broken_bytes_is_kept_as_utf8():
    text = _articles(1)[0]
    data = text.encode("utf-8")
    broken = data[:500] + b"\xff" + data[500:]
    out = decode(broken, "a.txt")
    assert out.replace("\ufffd", "") == text


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    bytes(range(1, 32)) * 200,  # control characters, no NUL
])
def test_binary_is_refused_naming_the_file(data):
    with pytest.raises(UndecodableError, match="picture.png"):
        decode(data, "picture.png")


def test_plain_latin_text_is_not_rewritten():
    assert repair_mojibake("Café au lait, naïve résumé") == "Café au lait, naïve résumé"
    western = "Le café au lait est servi chaque matin à la maison."
    assert decode(western.encode("cp1252")) == western
    real = _articles(1)[0]
    assert repair_mojibake(real) == real


def _values(record: rm.ArticleRecord):
    """The record without evidence offsets, strings NFC: what NFD and NFC input must share."""
    def clean(o):
        if isinstance(o, dict):
            return {k: clean(v) for k, v in o.items() if k not in ("mentions", "evidence")}
        if isinstance(o, list):
            return [clean(v) for v in o]
        return NFC(o) if isinstance(o, str) else o
    return clean(json.loads(record.model_dump_json()))


@pytest.mark.parametrize("text", _articles(2))
def test_nfd_input_gives_the_same_records_as_nfc(text):
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert _values(rm.extract(nfd, published="2022-06-30")) == _values(rm.extract(text, published="2022-06-30"))


# The ways one article reaches us: decomposed accents (macOS, some CMS), scraped text with runs of
# spaces or tabs, Windows line ends. Each must give the record of the plain NFC text, with offsets
# into the text as given.
_VARIANTS = {
    "nfd": lambda t: unicodedata.normalize("NFD", t),
    "double_spaces": lambda t: t.replace(" ", "  "),
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "tab_after_comma": lambda t: t.replace(", ", ",\t"),
    "all_at_once": lambda t: unicodedata.normalize("NFD", t).replace(" ", " \t ").replace("\n", "\r\n"),
}


def _mentions(o, out):
    if isinstance(o, dict):
        if set(o) == {"start", "end", "text"}:
            out.append(o)
        for v in o.values():
            _mentions(v, out)
    elif isinstance(o, list):
        for v in o:
            _mentions(v, out)
    return out


@pytest.mark.parametrize("variant", sorted(_VARIANTS))
def test_input_variants_give_the_same_values_and_true_offsets(variant):
    texts = [NFC(t) for _, t in corpus_texts(CORPORA)] + [NFC(t) for _, t in corpus_texts(DEV)][:20]
    for text in texts:
        changed = _VARIANTS[variant](text)
        assert changed != text
        plain, got = rm.extract(text, published="2022-06-30"), rm.extract(changed, published="2022-06-30")
        assert _values(got) == _values(plain)
        got_mentions = _mentions(json.loads(got.model_dump_json()), [])
        assert all(changed[m["start"]:m["end"]] == m["text"] for m in got_mentions)
        # the same places in the text: each mention reads as the plain one once NFC and single-spaced
        same = [" ".join(NFC(m["text"]).split()) for m in got_mentions]
        assert same == [" ".join(m["text"].split()) for m in _mentions(json.loads(plain.model_dump_json()), [])]


@given(st.text(alphabet="ab \t\r\nđé", max_size=40))
def test_the_fast_canonical_text_of_plain_input_is_the_character_by_character_one(text):
    from reportminer.text import _canonical_clusters, _canonical_spaces

    canon, origin = _canonical_spaces(text)
    assert (canon, list(origin)) == (lambda c, o: (c, list(o)))(*_canonical_clusters(text))


def test_hard_wrapped_lines_give_the_values_of_the_unwrapped_text():
    # archives keep some articles hard-wrapped at a fixed width: a line break inside a sentence (after
    # a comma, before a lower-case word, after an administrative word) must not cut names or titles
    flat = ("Sáng ngày 01/3/2024, Đoàn cán bộ Sở Ngoại vụ tỉnh Nghệ An do đồng chí Phạm Văn Toàn, Phó Giám "
            "đốc Sở, làm trưởng đoàn đến thăm và làm việc tại Sở Ngoại vụ tỉnh Thanh Hóa. Tại buổi làm việc, "
            "hai đoàn đã trao đổi kinh nghiệm.")
    wrapped = ("Sáng\nngày 01/3/2024, Đoàn cán bộ Sở Ngoại vụ tỉnh Nghệ An do đồng chí Phạm Văn Toàn,\nPhó Giám "
               "đốc Sở, làm trưởng đoàn đến thăm và làm việc tại Sở Ngoại vụ tỉnh\nThanh Hóa. Tại\nbuổi làm việc, "
               "hai đoàn đã trao đổi kinh nghiệm.")
    a, b = rm.extract(flat), rm.extract(wrapped)
    assert [o.name for o in b.organizations] == [o.name for o in a.organizations]
    assert "Sở Ngoại vụ tỉnh Thanh Hóa" in [o.name for o in b.organizations]
    assert [(p.name, [(t.role, t.organization) for t in p.titles]) for p in b.persons] == \
        [(p.name, [(t.role, t.organization) for t in p.titles]) for p in a.persons]
    assert [(e.type, e.date) for e in b.events] == [(e.type, e.date) for e in a.events]
    for item in (*b.organizations, *b.persons, *b.dates):
        for m in item.mentions:
            assert wrapped[m.start:m.end] == m.text
