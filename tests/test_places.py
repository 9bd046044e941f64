"""Places: gazetteer data, the 2025 merger mapping, recognition cases, helpers, offsets."""
from __future__ import annotations

import pytest
from conftest import load_cases

from reportminer.lexicon import load_csv
from reportminer.model import ArticleRecord
from reportminer.recognize import places
from reportminer.text import Document, normalize

CASES = load_cases("places")


def run(text: str, published: str | None = None) -> tuple[Document, ArticleRecord]:
    doc = Document(text, published=published)
    record = ArticleRecord(id="t", published=published)
    places.recognize(doc, record)
    return doc, record


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_cases(case):
    doc, record = run(case["text"], case.get("published"))
    got = {p.name: p for p in record.places}
    for name, kind, code in case["places"]:
        assert name in got, f"{name} not in {list(got)}"
        assert got[name].kind == kind, (name, got[name].kind)
        if code is not None:
            assert got[name].code == code, (name, got[name].code)
    if "count" in case:
        assert len(record.places) == case["count"], [p.name for p in record.places]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_mentions_slice_the_original(case):
    doc, record = run(case["text"], case.get("published"))
    for p in record.places:
        assert p.mentions
        for m in p.mentions:
            assert doc.text[m.start:m.end] == m.text


def test_offsets_with_decomposed_and_old_tone_text():
    import unicodedata

    text = unicodedata.normalize("NFD", "Đoàn đến tỉnh Khánh Hoà\u00a0và Thừa\u200b Thiên Huế.")
    doc, record = run(text)
    names = {p.name for p in record.places}
    assert "Khánh Hòa" in names
    for p in record.places:
        for m in p.mentions:
            assert doc.text[m.start:m.end] == m.text


def test_aliases_keep_written_forms():
    _, record = run("Đoàn TP.HCM và tỉnh Bà Rịa Vũng Tàu; Cộng hòa Bungari.")
    got = {p.name: p for p in record.places}
    assert "TP.HCM" in got["Thành phố Hồ Chí Minh"].aliases
    assert "Bà Rịa Vũng Tàu" in got["Bà Rịa - Vũng Tàu"].aliases
    assert "Cộng hòa Bungari" in got["Bulgaria"].aliases


def test_one_item_per_place_with_all_mentions():
    _, record = run("Tỉnh Bến Tre. Liên hiệp Bến Tre. Người dân Bến Tre.")
    assert [p.name for p in record.places] == ["Bến Tre"]
    assert len(record.places[0].mentions) == 3


def test_old_province_gets_its_2025_province():
    _, record = run("Hội nghị tại tỉnh Bến Tre và Bình Dương.")
    got = {p.name: p for p in record.places}
    assert (got["Bến Tre"].province_2025, got["Bến Tre"].province_2025_code) == ("Vĩnh Long", "86")
    assert (got["Bình Dương"].province_2025, got["Bình Dương"].province_2025_code) == ("Hồ Chí Minh", "79")


def test_district_carries_its_province():
    _, record = run("Hỗ trợ huyện Khoái Châu, tỉnh Hưng Yên.")
    got = {p.name: p for p in record.places}
    assert got["Khoái Châu"].province == "Hưng Yên"
    assert got["Khoái Châu"].province_2025 == "Hưng Yên"


# --- gazetteer data -------------------------------------------------------

def test_63_old_provinces_map_to_the_34_new():
    old = load_csv("provinces.csv", required=("code", "name", "province_2025_code"))
    new = load_csv("provinces_2025.csv", required=("code", "name"))
    assert len(old) == 63 and len({r["code"] for r in old}) == 63
    assert len(new) == 34 and all(r["code"] for r in new)
    new_codes = {r["code"]: r["name"] for r in new}
    for r in old:
        assert r["province_2025_code"] in new_codes, r
        assert new_codes[r["province_2025_code"]] == r["province_2025"], r
    # every new province is the image of at least one old one, and merged_from agrees
    assert {r["province_2025_code"] for r in old} == set(new_codes)
    for r in new:
        merged = set(r["merged_from"].split("|"))
        assert merged == {o["code"] for o in old if o["province_2025_code"] == r["code"]}


@pytest.mark.parametrize("old,new", [
    ("Hà Giang", "Tuyên Quang"), ("Yên Bái", "Lào Cai"), ("Bắc Kạn", "Thái Nguyên"), ("Bắc Giang", "Bắc Ninh"),
    ("Vĩnh Phúc", "Phú Thọ"), ("Hòa Bình", "Phú Thọ"), ("Hải Dương", "Hải Phòng"), ("Thái Bình", "Hưng Yên"),
    ("Hà Nam", "Ninh Bình"), ("Nam Định", "Ninh Bình"), ("Quảng Bình", "Quảng Trị"), ("Thừa Thiên Huế", "Huế"),
    ("Quảng Nam", "Đà Nẵng"), ("Kon Tum", "Quảng Ngãi"), ("Bình Định", "Gia Lai"), ("Ninh Thuận", "Khánh Hòa"),
    ("Phú Yên", "Đắk Lắk"), ("Đắk Nông", "Lâm Đồng"), ("Bình Thuận", "Lâm Đồng"), ("Bình Phước", "Đồng Nai"),
    ("Bình Dương", "Hồ Chí Minh"), ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"), ("Long An", "Tây Ninh"),
    ("Tiền Giang", "Đồng Tháp"), ("Bến Tre", "Vĩnh Long"), ("Trà Vinh", "Vĩnh Long"), ("Kiên Giang", "An Giang"),
    ("Hậu Giang", "Cần Thơ"), ("Sóc Trăng", "Cần Thơ"), ("Bạc Liêu", "Cà Mau"), ("Hà Nội", "Hà Nội"),
])
def test_known_mergers(old, new):
    rows = {r["name"]: r for r in load_csv("provinces.csv", required=("name",))}
    assert rows[normalize(old)]["province_2025"] == normalize(new)


def test_districts_and_countries_have_codes():
    districts = load_csv("districts.csv", required=("code", "name", "province_code"))
    provinces = {r["code"] for r in load_csv("provinces.csv", required=("code",))}
    assert len(districts) > 600
    assert all(r["province_code"] in provinces for r in districts)
    countries = {r["code"]: r["name"] for r in load_csv("countries.csv", required=("code", "name"))}
    assert countries["VN"] == "Việt Nam" and countries["KR"] == "Hàn Quốc" and countries["US"] == "Hoa Kỳ"
    assert all(len(c) == 2 for c in countries)


# --- helpers for other stages ---------------------------------------------

@pytest.mark.parametrize("written,name,kind,code", [
    ("tỉnh Bến Tre", "Bến Tre", "province", "83"),
    ("TP.HCM", "Thành phố Hồ Chí Minh", "province", "79"),
    ("thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh", "province", "79"),
    ("Hoa Kỳ", "Hoa Kỳ", "country", "US"),
    ("Mỹ", "Hoa Kỳ", "country", "US"),
    ("Đăk Lăk", "Đắk Lắk", "province", "66"),
    ("huyện Long Hồ", "Long Hồ", "district", "857"),
    ("Tây Nguyên", "Tây Nguyên", "region", None),
])
def test_lookup_place(written, name, kind, code):
    info = places.lookup_place(written)
    assert info is not None
    assert (info.name, info.kind, info.code) == (name, kind, code)


def test_lookup_place_unknown_and_post_merger_code():
    assert places.lookup_place("Xyzabc") is None
    assert places.lookup_place("Lào Cai").code == "10"
    assert places.lookup_place("Lào Cai", published="2025-09-01").code == "15"


def test_province_pattern():
    pat = places.province_pattern()
    text = normalize("Liên hiệp các tổ chức hữu nghị tỉnh Trà Vinh và TP. Hồ Chí Minh")
    found = [m.group("name") for m in pat.finditer(text)]
    assert "Trà Vinh" in found and "Hồ Chí Minh" in found
    m = next(pat.finditer(text))
    assert m.group(0) == "tỉnh Trà Vinh"


@pytest.mark.parametrize("text, published, name, code, p2025, p2025_code", [
    ("UBND tỉnh Gia Lai (mới) họp.", "2025-10-17", "Gia Lai", "52", "Gia Lai", "52"),
    ("Tỉnh Bình Định (cũ) nay thuộc Gia Lai.", "2025-10-17", "Bình Định", "52", "Gia Lai", "52"),
    ("Tỉnh An Giang (mới) tổng kết năm 2025.", "2026-01-09", "An Giang", "91", "An Giang", "91"),
    ("TP.HCM mở rộng sau sáp nhập.", "2025-11-15", "Thành phố Hồ Chí Minh", "79", "Hồ Chí Minh", "79"),
    ("Tỉnh Bình Dương (cũ) nay thuộc TP.HCM.", "2025-11-15", "Bình Dương", "74", "Hồ Chí Minh", "79"),
    ("Tỉnh Gia Lai năm 2024.", "2024-10-17", "Gia Lai", "64", "Gia Lai", "52"),
])
def test_post_2025_provinces(text, published, name, code, p2025, p2025_code):
    _, record = run(text, published)
    got = {p.name: p for p in record.places}
    assert (got[name].code, got[name].province_2025, got[name].province_2025_code) == (code, p2025, p2025_code)


def test_commune_named_like_a_district_of_the_article_province():
    _, record = run("UBND tỉnh Gia Lai hỗ trợ các xã Ia Grai, Krông Pa và An Lão.", "2025-10-17")
    krong_pa = next(p for p in record.places if p.name == "Krông Pa")
    assert krong_pa.province_2025 == "Gia Lai"
