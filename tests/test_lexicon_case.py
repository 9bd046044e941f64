"""`phrase_regex(ignore_case=True)` spells out the first letter of each phrase in every case `re`
folds it with: check that list against `re` itself, over every cased code point."""
import re

import _sre

from reportminer.lexicon import ignorecase_equals, phrase_regex


def testignorecase_equals_is_complete():
    by_lower: dict[int, set[int]] = {}
    cased = []
    for cp in range(0x110000):
        lo = _sre.unicode_tolower(cp)
        by_lower.setdefault(lo, {lo}).add(cp)
        if _sre.unicode_iscased(cp):
            cased.append(cp)
    from re._casefix import _EXTRA_CASES

    for cp in cased:
        lo = _sre.unicode_tolower(cp)
        expected = set(by_lower.get(lo, {lo}))
        for other in _EXTRA_CASES.get(lo, ()):
            expected |= by_lower.get(other, {other})
        assert ignorecase_equals(chr(cp)) == "".join(sorted(map(chr, expected))), hex(cp)


def testignorecase_equals_agrees_with_re():
    for ch in "aiIkKsSµßİıſKÅđĐấẤ1-.":
        got = ignorecase_equals(ch)
        assert all(re.fullmatch(re.escape(ch), x, re.IGNORECASE) for x in got)
        assert ch in got


def test_phrase_regex_ignore_case_matches_as_global_ignorecase():
    phrases = ["Bắc Bộ", "bắc trung bộ", "miền Trung", "TP", "kinh tế", "İstanbul", "k", "Ka"]
    text = ("BẮC BỘ, Bắc trung Bộ và MIỀN trung; tp. xTP TPx KINH   TẾ istanbul İSTANBUL "
            "k ka Ka K ka kx miềnTrung")
    new = phrase_regex(phrases)
    old = re.compile(r"(?<![^\W\u00b2\u00b3\u00b9\u00bc-\u00be])(?:" + "|".join(
        re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
        + r")(?![^\W\u00b2\u00b3\u00b9\u00bc-\u00be])", re.IGNORECASE)
    assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]


def test_word_char_same_with_ignorecase():
    # phrase_regex tests word boundaries case-sensitively inside case-insensitive matchers
    from reportminer.lexicon import WORD_CHAR

    plain, folded = re.compile(WORD_CHAR), re.compile("(?i:" + WORD_CHAR + ")")
    text = "".join(map(chr, range(0x110000)))
    assert [m.start() for m in plain.finditer(text)] == [m.start() for m in folded.finditer(text)]


def test_word_char_is_regex_word_on_latin_and_vietnamese():
    # re patterns use WORD_CHAR where `regex` patterns use \w: the two must agree on the text this
    # library reads (text.py says where they do not)
    import regex

    from reportminer.text import WORD_CHAR

    ours, theirs = re.compile(WORD_CHAR), regex.compile(r"\w", regex.V1)
    for cp in [*range(0x483), *range(0x1E00, 0x1F00), *range(0x20D0, 0x20F1)]:
        ch = chr(cp)
        assert bool(ours.fullmatch(ch)) == bool(theirs.fullmatch(ch)), hex(cp)
