"""Equivalences the places recogniser relies on for speed (see the docstrings in places.py)."""
import glob
import os

from reportminer.recognize import places
from reportminer.text import normalize

_CORPORA = os.path.join(os.path.dirname(__file__), "..", "corpora")

_TRICKY = [
    "Tỉnh Bến Tre, TỈNH BẾN TRE, tỈnh Bến Tre, xã Đồng Phú (Long Hồ), các xã miền núi, biên giới như A, B",
    "TP.HCM, T.P Hồ Chí Minh, tp. Huế, Tp Cần Thơ, thành phố, THÀNH PHỐ, Thành Phố, thành PHỐ Hà Nội",
    "miền Trung, MIỀN ĐÔNG NAM BỘ, Nam trung bộ, phía bắc Lào, Đồng bằng sông Cửu Long, ĐBSCL, Mê-kông",
    "châu Á-Thái Bình Dương, Châu Mỹ La - tinh, đbscl, ĐBSH, mekong MEKONG Mekong, tiểu vùng sông Mê Kông",
    "bıển Đông, BIıỂN, miſền Trung, ſông Hồng, Khu công nghiệp, cụm Công nghiệp, quần đảo",
    "BİỂN ĐÔNG, İstanbul, tỉnh Bến Tre",  # İ lower-cases to two characters
    "xãhội, thànhphố, xtỉnh, tỉnhx, 1tỉnh, _tỉnh Bến Tre, tỉnh\u00a0Bến Tre, tỉnh\nBến Tre, tỉnh:Hà Nội",
    "Hợp tác xã Nông nghiệp, huyện nhà, Quận 3, phường 12, thôn 3, bản Mường Lống 1, ấp Phú Hòa 2, ấpx",
    "ΣΑΣ tỉnh Σ Bắc Bộ ς σ, K Kelvin khu KHU Khu, µ, ß ẞ, ﬁ, Ǆǅǆ tỉnh",
]


def _texts():
    texts = list(_TRICKY)
    for path in sorted(glob.glob(os.path.join(_CORPORA, "*.txt")))[:40]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        texts += [text, text.upper(), text.title(), text.swapcase()]
    return [normalize(t) for t in texts]


def test_phrase_scan_finds_what_each_pattern_scan_finds():
    scan = places._cue_region_scan()
    for text in _texts():
        for pos in (0, 1):  # also with an odd character in front (the usual scan) or not
            t = ("ı " if pos else "") + text
            got = scan.finditer_all(t)
            for pattern, matches in zip(scan.patterns, got):
                assert [m.span() for m in matches] == [m.span() for m in pattern.finditer(t)], t[:80]


def test_phrase_scan_match_sees_the_text_before_its_position():
    # `.match(text, pos)` tests lookbehinds against text[:pos], as a scan does
    cue_re = places._cue_re()
    assert cue_re.match("xtỉnh Bến Tre", 1) is None
    assert cue_re.match(" tỉnh Bến Tre", 1) is not None


def _place_infos():
    g = places._gaz()
    infos = set(g.forms.values()) | {i for table in g.by_level.values() for i in table.values()}
    for res in (places._Resolver("2024-01-01"), places._Resolver("2025-08-01")):
        for key, rows in list(places._districts().items()):
            infos.add(res.district(key, rows[0]["name"]))
        for table in places._communes():
            for key, rows in list(table.items()):
                infos.add(res.commune(key, rows[0]["name"]))
        infos |= {places._output_info(i, res) for i in list(infos) if i is not None}
    return [i for i in infos if i is not None]


def test_new_place_is_the_validated_place():
    from reportminer.model import Place

    for info in _place_infos():
        validated = Place(name=info.name, kind=info.kind, code=info.code, province=info.province,
                          province_2025=info.province_2025, province_2025_code=info.province_2025_code)
        built = places._new_place(info)
        assert built == validated and built.model_fields_set == validated.model_fields_set
        assert built.__dict__ == validated.__dict__ and list(built.__dict__) == list(validated.__dict__)
        assert built.model_dump_json() == validated.model_dump_json()
