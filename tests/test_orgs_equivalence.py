"""Rewrites in the organisation recogniser that must give the same results as the plain code."""
import random
import re

from reportminer.recognize import orgs


def test_latin_scan_flags_match_the_plain_tests():
    to_chuc_before = re.compile(r"tổ chức[ ]+$", re.I)
    mark_after = re.compile(orgs._LATIN_MARK_AFTER)
    pieces = ["tổ chức", "Tổ Chức", "TỔ CHỨC", "to chuc", " ", " ", "  ", "\n", "Save", "the", "Children",
              "Oxfam", "(", "/", "-", "Việt", "Nam", "x", "ớ", "ABC", ","]
    rng = random.Random(7)
    for _ in range(3000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        plain = list(orgs._LATIN.finditer(s))
        scan = list(orgs._LATIN_SCAN.finditer(s))
        assert [m.span() for m in plain] == [m.span() for m in scan], s
        for m in scan:
            start = m.start()
            assert (m.start("to_chuc") >= 0) == bool(to_chuc_before.search(s, max(0, start - 12), start)), s
            assert (m.start("mark") >= 0) == bool(mark_after.match(s, m.end())), s
            assert (m.lastindex is None) == (m.start("to_chuc") < 0 and m.start("mark") < 0), s


def test_admin_first_letters_cover_every_case_partner():
    # every character that IGNORECASE lets start one of `_ADMIN`'s words is in `_ADMIN_FIRSTS`
    words = orgs._ADMIN.pattern[3:orgs._ADMIN.pattern.index(")")].split("|")
    first = re.compile("[" + "".join(re.escape(w[0]) for w in words) + "]", re.I)
    starts = {chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and first.fullmatch(chr(c))}
    assert starts <= orgs._ADMIN_FIRSTS


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


def test_possessive_latin_letter_runs_change_no_match():
    # the Latin-script patterns read a word's letters with `*+`: with `*` (giving letters back) they
    # find the same matches and groups, since no letter can follow a run where the pattern goes on
    pieces = ["tổ chức", "Tổ chức", "Save", "the", "Children", "Oxfam", "of", "for", "A1", "B", "Ab_c", "Ưu",
              "ạ", "é", " ", " ", "  ", "\n", "(", "/", "-", "Việt", "Nam", "Vietnam", "x", "ABC", ",", "9", "²"]
    patterns = [orgs._LATIN, orgs._LATIN_SCAN, orgs._LATIN_CANDIDATE_SCAN]
    plain = [re.compile(p.pattern.replace("*+", "*")) for p in patterns]
    assert all("*+" in p.pattern for p in patterns)
    rng = random.Random(17)
    for _ in range(6000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 16)))
        for fast, slow in zip(patterns, plain):
            a = [(m.span(), m.groupdict()) for m in fast.finditer(s)]
            b = [(m.span(), m.groupdict()) for m in slow.finditer(s)]
            assert a == b, s
        assert bool(orgs._LATIN.fullmatch(s)) == bool(plain[0].fullmatch(s)), s


def test_organizations_built_are_the_validated_ones():
    """_organization makes Organization and Mention objects without pydantic's validation
    (model.built): the validating constructors, given the same values, make the same objects."""
    import glob
    import os
    import typing

    import reportminer
    from reportminer.model import Organization, OrgKind

    assert orgs._KINDS <= set(typing.get_args(OrgKind))
    corpora = os.path.join(os.path.dirname(__file__), "..", "corpora")
    paths = glob.glob(os.path.join(corpora, "*.txt")) + glob.glob(os.path.join(corpora, "heldout*", "*.txt"))
    seen = 0
    for path in sorted(paths):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for org in reportminer.extract(text, "2024-01-01").organizations:
            seen += 1
            given = {**org.__dict__, "mentions": [m.model_dump() for m in org.mentions]}
            validated = Organization(**given)
            assert validated.__dict__ == org.__dict__ and list(validated.__dict__) == list(org.__dict__)
            assert validated.model_fields_set == org.model_fields_set
            assert validated.model_dump_json() == org.model_dump_json()
            for m, v in zip(org.mentions, validated.mentions):
                assert m.model_fields_set == v.model_fields_set and m.__dict__ == v.__dict__
    assert seen > 100
