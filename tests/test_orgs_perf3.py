"""Shortcuts in the organisation recogniser that must leave the same objects and matches."""
import random
import re

from reportminer.model import Organization
from reportminer.recognize import orgs
from reportminer.text import _new_mention


def _state(o):
    return (o.__dict__, o.__pydantic_fields_set__, o.__pydantic_extra__, o.__pydantic_private__,
            [(m.__dict__, m.__pydantic_fields_set__) for m in o.mentions])


def test_new_organization_is_what_the_validating_constructor_builds():
    cases = [
        ("Liên hiệp", [], None, "other", None, None, []),
        ("Sở Y tế tỉnh Bến Tre", ["Sở Y tế"], "SYT", "government", "Bến Tre", "83", [(0, 6, "Sở Y t")]),
        ("World Vision", ["WV", "Tầm nhìn"], None, "foreign_ngo", "Việt Nam", None, [(3, 5, "ab"), (9, 12, "xyz")]),
    ]
    for name, aliases, acronym, kind, place, code, spans in cases:
        validated = Organization(name=name, aliases=list(aliases), acronym=acronym, kind=kind, place=place,
                                 place_code=code, mentions=[{"start": a, "end": b, "text": t} for a, b, t in spans])
        built = orgs._new_organization(name, list(aliases), acronym, kind, place, code,
                                       [_new_mention(a, b, t) for a, b, t in spans])
        assert built == validated
        assert _state(built) == _state(validated)
        assert built.model_dump_json() == validated.model_dump_json()
        built.place_code = "01"        # later stages still assign to it as to a validated one
        assert built.place_code == "01"


def test_latin_scan_first_word_condition_changes_no_match():
    # `_FIRST_WORD_ENDS` is met by every match of `_LATIN`: the scan without it finds the same
    plain_scan = re.compile(orgs._LATIN_SCAN.pattern.replace(orgs._FIRST_WORD_ENDS, "", 1))
    assert plain_scan.pattern != orgs._LATIN_SCAN.pattern
    pieces = ["tổ chức", "Tổ chức", "Bộ", "Hà", "Save", "the", "Children", "Oxfam", "Ưu", "A1", "Ab_c", "B",
              " ", "  ", "\n", "(", "/", "-", "Việt", "Nam", "x", "ớ", "ABC", "Đ", ",", "9"]
    rng = random.Random(11)
    for _ in range(4000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        a = [(m.span(), m.span("to_chuc"), m.span("mark")) for m in plain_scan.finditer(s)]
        b = [(m.span(), m.span("to_chuc"), m.span("mark")) for m in orgs._LATIN_SCAN.finditer(s)]
        assert a == b, s


def test_latin_candidate_scan_drops_only_lone_unmarked_words():
    pieces = ["tổ chức", "Tổ chức", "TỔ CHỨC", "Bộ", "Save", "the", "Children", "Oxfam", "of", "for", "A1",
              "B", "Ab_c", " ", " ", "  ", "\n", "(", "/", "-", "Việt", "Nam", "Vietnam", "x", "ớ", "ABC", ",", "9"]
    rng = random.Random(13)
    for _ in range(6000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 16)))
        kept = [(m.span(), m.span("to_chuc"), m.span("mark")) for m in orgs._LATIN_SCAN.finditer(s)
                if not (m.lastindex is None and " " not in m.group())]
        scan = [(m.span(), m.span("to_chuc"), m.span("mark")) for m in orgs._LATIN_CANDIDATE_SCAN.finditer(s)]
        assert scan == kept, s
        for m in orgs._LATIN_CANDIDATE_SCAN.finditer(s):
            assert (m.start("more") >= 0) == (" " in m.group()), s


def test_plural_words_compare_the_same_reversed():
    # `w[::-1].lower() == p` <=> `w.lower() == p[::-1]` when lower-casing maps each character of `w` to
    # one character; the only other results of str.lower (the dotted capital I's "i" + U+0307, the
    # final sigma) hold characters no plural word has, so neither side can equal one then
    from reportminer.recognize.org_lex import lex
    lx = lex()
    assert lx.plural_reversed == {p[::-1] for p in lx.plural}
    odd = {c.lower() for c in map(chr, range(0x110000)) if len(c.lower()) != 1} | {"ς", "σ"}
    odd_chars = {ch for o in odd for ch in o if len(o) > 1} | {"ς", "σ"}
    odd_chars -= set("abcdefghijklmnopqrstuvwxyz")
    for p in lx.plural:
        assert not set(p) & odd_chars, p
    words = ["Các", "CÁC", "các", "Cácc", "mọi", "MỌI", "Nhiều", "những", "Những", "cac", "İcác", "Σ", "ΣΣ"]
    for w in words:
        for p in lx.plural:
            assert (w[::-1].lower() == p) == (w.lower() == p[::-1]), (w, p)
