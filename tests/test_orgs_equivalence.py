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
