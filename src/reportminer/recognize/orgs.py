"""Organisations: named bodies found by their head words, known names and acronyms.

A name is a head ("Ủy ban nhân dân", "Sở", "Trường Đại học", from
gazetteers/org_heads.csv) followed by what that head takes: a capitalised name
("Bộ Ngoại giao"), a location qualifier ("tỉnh Bến Tre", "Việt Nam", "tại
Champasac") or a number ("Cụm số 4"). Known bodies (orgs_known.csv) bring
their acronym; Latin-script names of foreign NGOs are taken when something
marks them as a body ("tổ chức X", "X/Hàn Quốc", "X (ACR)", an org keyword).

Every form of one body becomes one item: forms are grouped by their canonical
head, name and place; "(PACCOM)" or "(Liên hiệp)" after a name makes the short
form an alias; a provincial body written without its province ("UBND tỉnh",
"Tỉnh ủy") is the article's province's when the article makes that clear.
"""
from __future__ import annotations

import bisect

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import re

from ..model import ArticleRecord, Mention, Organization, built
from ..text import Document
from .org_lex import OrgLex, PlaceRow, lex as _lex, norm_key

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"[ ]*")
# not before a word, nor before a dot and a word ("TP.HCM" is a name); "... Ủy ban MTTQ Việt Nam tỉnh." is
# the province's
_ADMIN = re.compile(r"(?:tỉnh|thành phố|TP\.?|Tp\.?|huyện|quận|thị xã|thị trấn|xã|phường)(?!\w)(?!\.\w)", re.I)
# the letters an administrative word starts with, in either case (t, h, q, x, p have no other case
# partners under IGNORECASE): `_admin_at` asks the regex only at these
_ADMIN_FIRSTS = frozenset("tThHqQxXpP")
_ADMIN_NAME = {"tp": "thành phố", "tp.": "thành phố"}
# read on reversed text: `(\w+)[ ]*$` (`$` also matches before a final line break) and the last two words
_LAST_WORD_REVERSED = re.compile(r"\n?[ ]*(\w+)")
_LAST_TWO_WORDS_REVERSED = re.compile(r"\W*(\w+)(?:\W+(\w+))?")
_ACRONYM_SPLIT = re.compile(r"[ ]*[/,;-][ ]*")
_UNIT_GAP = re.compile(r"[ ]*(?:thuộc[ ]+)?")
_NON_DIGIT = re.compile(r"\D")
_SCHEME = re.compile(r"^[a-z]+://")
_LOCAL = re.compile(r"[ ]+địa phương(?!\w)")
_DASH = re.compile(r"[ ]*-[ ]*")
_AT = re.compile(r"[ ]+(?:tại|ở)[ ]+")
_VN_SUFFIX = re.compile(r" (?:việt nam|viet nam|vietnam|international)$")   # "Plan" = "Plan International"
_TITLE_PHONG = re.compile(r"(?<=rưởng )phòng(?= [A-ZĐ])")
_PAIR_WITH_VIETNAM = re.compile(r"(?<!\w)Việt(?!\w).*-|-.*(?<!\w)Việt(?!\w)")
_NATIONAL_BEFORE = re.compile(r"(?:Trung ương|toàn quốc|TW)[ ]+$", re.I)
_VN_WRITTEN = re.compile(r" (?:Việt Nam|Viet Nam|Vietnam)$")
_IN_COUNTRY = re.compile(r"[ ]+tại[ ]+")
_AND_COUNTRY = re.compile(r"[ ]*(?:,|và)[ ]*")
_NUMBER = re.compile(r"[ ]+(?:số[ ]+)?\d+(?!\w)")
_PAREN = re.compile(r"[ ]*\([ ]*([^()\n]{1,60}?)[ ]*\)")
_WORDS_THEN_BRACKET = re.compile(r"[\w\s]*\(")     # a bracket after nothing but words and spaces
# the "not after a word character" test comes after the first letter, so that `re` can skip ahead
# to the next capital (same matches as a leading `(?<!\w)`)
_LATIN_FIRST = r"[A-Z](?<!\w[A-Z])"
# a word's run of Latin letters is possessive (`*+`): what may follow it (a space, a non-word character)
# is no letter, so giving letters back never leads to a match; the scans then fail sooner where no
# name is (tests/test_orgs_equivalence.py: same matches as with `*`)
# A word may end in a possessive "'s" ("Samaritan's Purse", "Norwegian People's Aid").
_POSSESSIVE = r"(?:'s(?![A-Za-z]))?+"
_LATIN_NEXT_WORD = (r"[ ](?:(?:for|of|and|et|un|une|the|de|des|du|la|le|pour|to|in)[ ])?[A-Z][A-Za-z]*+"
                    + _POSSESSIVE)
_LATIN_REST = r"[A-Za-z]*+" + _POSSESSIVE + r"(?:" + _LATIN_NEXT_WORD + r")*(?![\w])"
_LATIN = re.compile(_LATIN_FIRST + _LATIN_REST)
_SLASH_COUNTRY = re.compile(r"[ ]*(?:/|-)[ ]*")
_HYPHENED = re.compile(r"(?:-\w+)+")
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")     # "quý IV/2024", "lần thứ III"
_TO_CHUC = "tổ chức"
_TO_CHUC_WINDOW = 12      # "tổ chức" and its spaces must end the 12 characters before a Latin-script name
_CLOSING = frozenset(",.;:()\n\"")
_LOWER_RUN_MAX = 10      # lower-case syllables after the capitalised part of a name
_LEAD_LOWER_MAX = 3      # lower-case syllables before it ("Trường Tiểu học hữu nghị Lào - Việt Nam")


def _foreign(w: str) -> bool:
    """A word that is not a Vietnamese syllable (foreign place names are one word)."""
    return w.isascii() and (len(w) >= 7 or any(c in "fjwzFJWZ" for c in w))


@lru_cache(maxsize=4096)      # asked of the same words again and again
def _is_acronym(w: str) -> bool:
    if not w[:1].isupper():
        return False
    letters = list(filter(str.isalpha, w))
    upper = sum(map(str.isupper, letters))
    return len(letters) >= 2 and upper >= 2 and upper * 2 >= len(letters)


@dataclass(slots=True)      # thousands per article set: slots make them cheaper to build and read
class _Cand:
    start: int
    end: int
    kind: str
    canon: str                      # canonical head, or the known body's name
    tail: str = ""                  # the name words after the head, as written
    place: Optional[PlaceRow] = None
    place_text: str = ""            # a place not in the gazetteer, as written
    admin: str = ""                 # an administrative word written without a name ("UBND tỉnh")
    place_admin: str = ""           # the administrative word written before the place ("tỉnh Bến Tre")
    resolved: bool = False          # the place comes from the article, not from this span
    local: bool = False
    acronym: Optional[str] = None
    priority: int = 0
    parent: Optional["_Cand"] = None  # "Văn phòng phía Nam" + parent body
    surface: str = ""
    latin: bool = False              # a Latin-script name: `canon` is the name, the span may add "/Country"
    bare_end: int = 0                # "X tại Việt Nam": where the name ends before its country office
    paren: tuple = ()                # "(GD&ĐT)" written between the name and its place: left out of the name

    @property
    def length(self) -> int:
        return self.end - self.start


# ---------------------------------------------------------------- scanning

def _admin_at(s: str, i: int):
    """`_ADMIN.match(s, i)`, without the regex call at the many words no administrative word starts."""
    return _ADMIN.match(s, i) if s[i:i + 1] in _ADMIN_FIRSTS else None


def _skip(s: str, i: int) -> int:
    """Past the spaces at `i` (as `_SPACES.match(s, i).end()`; a loop is cheaper for the usual one space)."""
    n = len(s)
    while i < n and s[i] == " ":
        i += 1
    return i


def _cap_word(s: str, i: int):
    m = _WORD.match(s, i)
    if m and (m.group()[0].isupper() or m.group()[0].isdigit()):
        return m
    return None


def _third_syllable_of_a_name(s: str, k: int, end: int) -> bool:
    """The two words at `k`..`end` and one capitalised word after them, then no other: the usual
    three syllables of a Vietnamese name ("Vũ Minh" + "Đức")."""
    if s.count(" ", k, end) != 1:
        return False
    j = _skip(s, end)
    m = _cap_word(s, j) if j > end else None
    if m is None:
        return False
    after = _skip(s, m.end())
    return not (after > m.end() and _cap_word(s, after))


def _scan_place(s: str, i: int, lx: OrgLex, allow_unknown: bool):
    """A location qualifier at `i`: (end, place row, place text, admin word) or None."""
    j = _skip(s, i)
    pm = lx.place_at(s, j)
    if pm:
        return pm[0], pm[1], "", ""
    am = _admin_at(s, j)
    if not am or lx.head_at(s, j):
        return None             # "Ban Dân vận Tỉnh ủy ...": "Tỉnh" opens a body's head, not a place
    admin = _ADMIN_NAME.get(am.group().lower(), am.group().lower())
    k = _skip(s, am.end())
    pm = lx.place_at(s, k)
    if pm:
        return pm[0], pm[1], "", admin
    # a district or commune the gazetteers know ("huyện Hoàng Su Phì"); a person's name after it
    # or instead of it ("UBND tỉnh Đàm Quang Vinh") is not part of the body
    known_end = lx.local_place_end(s, k)
    if known_end is not None and lx.surname_at(s, k) and (
            " " not in s[k:known_end] or _third_syllable_of_a_name(s, k, known_end)):
        # "thành phố Hồ Kỳ Minh": a one-word commune name is also a family name; "UBND tỉnh Vũ Minh Đức":
        # a two-word commune name ("Vũ Minh") and one more capitalised syllable make a person's name
        known_end = None
    end = known_end or k
    known = known_end is not None
    n = len(s[k:end].split())
    while n < 3:
        m = _cap_word(s, _skip(s, end))
        if not m or lx.stop_at(s, m.start(), in_name=n > 0 and end > k and not known) or m.group()[0].isdigit():
            break
        end, n = m.end(), n + 1
        hm = _HYPHENED.match(s, end)      # "tỉnh Bô-ly-khăm-xay": a transliterated name
        if hm:
            end = hm.end()
        if _foreign(m.group()):       # "thành phố Kazanlak": one word, a foreign name
            break
        dm = _DASH.match(s, end)
        if dm and _cap_word(s, dm.end()):
            end = dm.end()
    if n:
        return (end, None, s[k:end], admin) if allow_unknown or end == known_end else None
    return am.end(), None, "", admin


def _country_office(s: str, end: int, lx: OrgLex) -> int:
    """'X tại Việt Nam (và Lào)': a foreign body's country office is the body itself (end of it, or `end`)."""
    at = _IN_COUNTRY.match(s, end)
    pm = lx.place_at(s, at.end()) if at else None
    if not pm or pm[1].kind != "country":
        return end
    out = pm[0]
    while True:
        am = _AND_COUNTRY.match(s, out)
        nxt = lx.place_at(s, am.end()) if am and am.end() > out else None
        if not nxt or nxt[1].kind != "country":
            return out
        out = nxt[0]


def _with_country_office(c: "_Cand", s: str, lx: OrgLex) -> "_Cand":
    if c.kind == "foreign_ngo" and not c.place:
        end = _country_office(s, c.end, lx)
        if end > c.end:
            c.bare_end, c.end = c.end, end
    return c


def _lower_stop(s: str, k: int, lx: OrgLex) -> bool:
    """A lower-case word at `k` that ends a name (a function word, a verb, an administrative word)."""
    lw = lx.lower_word_at(s, k)
    return lw is not None and "stop" in lw[1] and "keep" not in lw[1]


def _strong_head_at(s: str, j: int, lx: OrgLex):
    """A head that opens another body inside a capitalised name. A weak one ("Ban", "Hội", "Trường" ...)
    after a capitalised word is a word of the name ("Trường Mầm non Hoa Ban") unless a capitalised
    word or a verb (a stop word) follows it."""
    m = lx.head_at(s, j)
    if m is None or lx.head_row(m.group())["weak"] != "1":
        return m
    nxt = _WORD.match(s, _skip(s, m.end()))
    if nxt is None:
        return None
    # "... Kim Đồng Hội đã trao": a verb after it makes the weak head the subject, another body;
    # a preposition ("Hoa Ban tại xã ...") does not
    if nxt.group()[0].isupper():
        return m
    return m if nxt.group() not in _AFTER_A_NAME and _lower_stop(s, nxt.start(), lx) else None


_AFTER_A_NAME = frozenset(("tại", "ở", "của", "và", "với", "cho", "thuộc", "trên"))


def _scan_name(s: str, i: int, lx: OrgLex, lead_lower: bool = False) -> int:
    """End of the capitalised name after a head (`i` if there is none).

    Sentence-case words ("Ngoại giao", "Kế hoạch và Đầu tư") come first; once
    two bare capitalised syllables follow each other ("Hòa Lợi") the name is a
    proper name and takes no more lower-case syllables. A known place ends the
    name (it is the qualifier) unless it is part of a pair ("Việt Nam - Nhật Bản")
    or starts the name ("Đức Hiền").
    """
    pos, n, proper, single, joined = i, 0, False, False, False
    while True:
        j = _skip(s, pos)
        if n and not joined and (_strong_head_at(s, j, lx) or lx.stop_at(s, j, in_name=single)):
            break
        pm = lx.place_at(s, j)
        if pm:
            after = _skip(s, pm[0])
            dm = _DASH.match(s, pm[0])
            starts_name = (n == 0 and after > pm[0] and _cap_word(s, after) is not None
                           and not _admin_at(s, after) and not lx.head_at(s, after)
                           and not lx.place_at(s, after) and not lx.stop_at(s, after))
            if joined or (dm and _cap_word(s, dm.end())) or starts_name:
                pos, n, proper, single, joined = pm[0], n + 1, True, False, False
                continue
            break
        am = _admin_at(s, j)
        if am and (s[j].islower() or lx.place_at(s, _skip(s, am.end()))) and not lx.head_at(s, j):
            break
        if n and j < len(s) and s[j] in "-&":
            k = _skip(s, j + 1)
            if _cap_word(s, k) and not lx.head_at(s, k):
                pos, joined, proper = k, True, True
                continue
            break
        m = _WORD.match(s, j)
        if not m:
            break
        w = m.group()
        if w[0].isupper() or (w[0].isdigit() and n):
            if single or joined:
                proper = True
            pos, n, joined = m.end(), n + 1, False
            k = _skip(s, pos)
            m2 = _WORD.match(s, k)
            if _is_acronym(w):
                single = False      # a word of its own: "CARE Quốc tế" goes on as sentence case
            elif m2 and k > pos and m2.group()[0].islower() and (
                    lx.compound_at(s, m.start()) or (not proper and not _lower_stop(s, k, lx))):
                # "Ngoại giao"; "Oxfam Quốc tế" after a proper name; "Doanh nhân" although "nhân" may
                # stop a name ("nhân dịp")
                pos, single = m2.end(), False
            else:
                single = True
            continue
        if w == "và" and n:
            k = _skip(s, m.end())
            if _cap_word(s, k) and not lx.head_at(s, k) and not lx.stop_at(s, k):
                pos, single = k, False
                continue
        break
    if not n:
        return _lead_lower(s, i, lx) if lead_lower else i
    return _continue_lower(s, pos, lx, proper)


def _lower_words(s: str, pos: int, lx: OrgLex, limit: int) -> tuple[int, int]:
    """Lower-case words from `pos` up to a stop word: (end of the last word that may end a name, count)."""
    j, last, n = pos, pos, 0
    while n < limit:
        k = _skip(s, j)
        m = _WORD.match(s, k) if k > j else None
        if not m or not m.group()[0].islower():
            break
        lw = lx.lower_word_at(s, k)
        if lw and "keep" not in lw[1] and ("stop" in lw[1] or "connector" in lw[1]):
            break
        j = lw[0] if lw else m.end()
        n += 1
        if not (lw and "inner" in lw[1]):
            last = j
    return last, n


def _plain_cap(s: str, k: int, lx: OrgLex):
    """A capitalised word at `k` that may go on a name: not a head, title, surname or known place."""
    m = _cap_word(s, k)
    if not m or m.group()[0].isdigit() or lx.head_at(s, k) or lx.stop_at(s, k) or lx.place_at(s, k):
        return None
    return m


def _continue_lower(s: str, pos: int, lx: OrgLex, proper: bool) -> int:
    """The name goes on in lower case ("Kiểm soát bệnh tật", "Bảo trợ trẻ em khuyết tật Thủ Dầu Một")
    when something closes it: a bracket ("(CDC ...)", "(Save the Children)"), punctuation, a location
    qualifier or a capitalised proper name. After a proper name only a bracket closes it."""
    end = _bracketed_tail(s, pos, lx)
    if end > pos or proper:
        return end
    last, n = _lower_words(s, pos, lx, _LOWER_RUN_MAX)
    if last == pos:
        return pos
    k = _skip(s, last)
    if k >= len(s) or s[k] in _CLOSING:
        return last
    am = _admin_at(s, k)
    if am and s[k].islower():
        after = _skip(s, am.end())
        if after >= len(s) or s[after] in _CLOSING or _cap_word(s, after):
            return last
        return pos
    at = _AT.match(s, last)
    if at and _cap_word(s, at.end()):
        return last
    if lx.place_at(s, k):
        return last
    end = last
    while True:
        m = _plain_cap(s, _skip(s, end), lx)
        if not m or m.start() == end:
            break
        end = m.end()
        dm = _DASH.match(s, end)
        if dm and _plain_cap(s, dm.end(), lx):
            end = dm.end()
    return end if end > last else pos


def _bracketed_tail(s: str, pos: int, lx: OrgLex) -> int:
    """'Đông Tây Hội ngộ (EMW)', 'Bánh mì cho Thế giới (Brot für die Welt)': words of either case and a
    connector run on up to a bracket that opens with a capital (an acronym or the foreign name)."""
    # the words, spaces and listed phrases read below are all word characters and white space,
    # so the bracket must be the first other character after `pos`
    if not _WORDS_THEN_BRACKET.match(s, pos):
        return pos
    j, last = pos, pos
    for _ in range(8):
        k = _skip(s, j)
        if k == j:
            break
        m = _WORD.match(s, k)
        if not m:
            break
        lw = lx.lower_word_at(s, k)
        if m.group()[0].islower():
            if lw and "keep" not in lw[1] and "connector" not in lw[1]:
                break
            j = lw[0] if lw else m.end()
            if not (lw and ("inner" in lw[1] or "connector" in lw[1])):
                last = j
            continue
        if lx.head_at(s, k):
            nxt = _WORD.match(s, _skip(s, m.end()))
            if not (nxt and nxt.group()[0].islower() and not _lower_stop(s, nxt.start(), lx)):
                break
        elif not _plain_cap(s, k, lx):
            break
        j = last = m.end()
    if last == pos:
        return pos
    k = _skip(s, last)
    if k + 1 < len(s) and s[k] == "(" and s[k + 1].isupper():
        return last
    return pos


def _lead_lower(s: str, i: int, lx: OrgLex) -> int:
    """'Trường Tiểu học hữu nghị Lào - Việt Nam': a few lower-case words before the proper name."""
    last, n = _lower_words(s, i, lx, _LEAD_LOWER_MAX)
    if last == i:
        return i
    end = _scan_name(s, last, lx)
    if end > last:
        return end
    return last if lx.place_at(s, _skip(s, last)) else i


def _scan_head(s: str, m, lx: OrgLex, row: Optional[dict] = None) -> Optional[_Cand]:
    """The body a head match `m` starts (`row`: its org_heads.csv row, when the caller has it)."""
    if row is None:
        row = lx.head_row(m.group())
    tail_kind = row["tail"]
    c = _Cand(m.start(), m.end(), row["kind"], row["canon"], local=row["local"] == "1")
    pos = m.end()
    if tail_kind == "number":
        nm = _NUMBER.match(s, pos)
        if not nm:
            return None
        c.tail = s[pos:nm.end()].strip()
        c.end = nm.end()
        return c
    if tail_kind in ("name", "name_place"):
        end = _scan_name(s, pos, lx, lead_lower=row["weak"] != "1")
        c.tail = s[pos:end].strip()
        pos = end
    # "Ủy ban nhân dân (UBND) thành phố Đà Nẵng"
    pm = _PAREN.match(s, pos)
    if pm and _is_acronym(pm.group(1)) and _scan_place(s, pm.end(), lx, False):
        c.paren = (pos, pm.end())
        pos = pm.end()
    q = _scan_place(s, pos, lx, allow_unknown=True)
    if q is None:
        lm = _LOCAL.match(s, pos)
        if lm:
            q = (lm.end(), None, "", "địa phương")
    if q:
        pos, c.place, c.place_text, c.admin = q
        if c.place_text or c.place:
            c.place_admin, c.admin = c.admin, ""
    if c.kind == "diplomatic_mission":
        at = _AT.match(s, pos)
        if at:
            q2 = _scan_place(s, at.end(), lx, allow_unknown=True)
            if q2 is None:
                w = _scan_name(s, at.end(), lx)
                if w > at.end():
                    q2 = (w, None, s[at.end():w], "")
            if q2:
                pos = q2[0]
    c.end = pos
    if tail_kind == "name" and not c.tail and not (c.place or c.place_text):
        return None
    if tail_kind == "name_place" and not (c.tail and (c.place or c.place_text or c.admin)):
        return None             # "Phòng Giáo dục và Đào tạo huyện": the article's district's (see _group)
    if tail_kind == "place_req" and not (c.place or c.place_text or c.admin):
        return None
    return c


def _plural_before(s: str, i: int, lx: OrgLex) -> bool:
    """'các Sở', 'các trường ĐH': a plural word right before, or before one lower-case noun."""
    # the last two words of the 30 characters before `i`, read backwards in one match
    m = _LAST_TWO_WORDS_REVERSED.match(s[max(0, i - 30):i][::-1])
    if not m:
        return False
    # the words stay reversed: compared with the plural words reversed (`w[::-1].lower() == p` exactly
    # when `w.lower() == p[::-1]`, as no plural word holds a character that a lower-casing of more than
    # one character or a final sigma gives; tests/test_orgs_equivalence.py)
    last, before = m.groups()
    if last.lower() in lx.plural_reversed:
        return True
    return before is not None and last.islower() and before.lower() in lx.plural_reversed


def _prev_word(s: str, i: int) -> str:
    """The word ending the 40 characters before `i` (spaces and one final line break may follow it)."""
    # `(\w+)[ ]*$` searched forwards tries every position; matched on the reversed text it is one step
    m = _LAST_WORD_REVERSED.match(s[max(0, i - 40):i][::-1])
    return m.group(1)[::-1] if m else ""


def _candidates(doc: Document, lx: OrgLex) -> list[_Cand]:
    s = doc.norm
    out: list[_Cand] = []
    pos = 0
    while True:
        m = lx.head_scan.search(s, pos)
        if not m:
            break
        pos = m.end()
        head = m.group()
        row = lx.head_row(head)
        if row["weak"] == "1":
            prev = _prev_word(s, m.start())
            if prev and prev[0].isupper() and not lx.is_title_word(prev):
                continue
        c = _scan_head(s, m, lx, row)
        if c is not None and row["kind"] == "foreign_ngo" and c.tail.isascii() and (c.tail or row["weak"] == "1"):
            continue    # "Tổ chức Action Aid": the Latin-script scanner names it; "Cơ quan Phát triển Bỉ" stays
        if c is None and row["canon"] in lx.abstract_heads and lx.title_before(s, m.start()):
            c = _Cand(m.start(), m.end(), row["kind"], row["canon"])   # "Phó Thủ tướng Chính phủ"
        if c is None:
            continue
        if _plural_before(s, m.start(), lx) or lx.plural_after(s, m.end()):
            pos = max(pos, c.end)
            continue
        if c.canon in lx.media and lx.byline_at(s, c.start, c.end):
            continue
        if lx.is_organ(s, c.start, c.end, m.end()):
            pos = m.end()       # "Ban Thường vụ Tỉnh ủy": the body after the organ is still found
            continue
        c.priority = 1
        row = lx.known_by_prefix(norm_key(s[c.start:c.end]), s, c.end + 4) if s.startswith(" về ", c.end) else None
        if row is not None:     # "Ủy ban Công tác về ..." written some other way: still the known body
            c = _Cand(c.start, c.end, row["kind"], row["name"], acronym=row["acronym"] or None,
                      place=lx.place_row(row["place"]), priority=2)
        out.append(_with_country_office(c, s, lx))
    # "Trưởng phòng Giáo dục và Đào tạo huyện X": the title holds the head of the body in lower case
    for m in _TITLE_PHONG.finditer(s) if "rưởng phòng" in s else ():
        c = _scan_head(s, m, lx)
        if c is not None:
            c.priority = 1
            out.append(c)
    for m in lx.known_re.finditer(s):
        row = lx.known_at(m.group())
        if not m.group()[0].isupper() and not m.group()[0].isdigit():
            continue
        if row["place"] and _ends_inside_local_place(s, m, lx):
            continue            # "Hội Chữ thập đỏ Đức Thọ": the district's chapter, not the German society
        c = _Cand(m.start(), m.end(), row["kind"], row["name"], acronym=row["acronym"] or None,
                  place=lx.place_row(row["place"]), priority=2)
        if not row["place"]:       # "Bộ Ngoại giao Mỹ": a national body of another country
            pm = lx.place_at(s, _skip(s, m.end()))
            if pm and pm[1].kind == "country" and _skip(s, m.end()) > m.end():
                c = _Cand(m.start(), pm[0], row["kind"], row["name"], place=pm[1], priority=2)
        out.append(_with_country_office(c, s, lx))
    for m in lx.acronym_re.finditer(s):
        row = lx.known_acr[m.group()]
        out.append(_with_country_office(_Cand(m.start(), m.end(), row["kind"], row["name"], acronym=row["acronym"],
                                              place=lx.place_row(row["place"]), priority=2), s, lx))
    out.extend(_latin_candidates(s, lx))
    return out


def _ends_inside_local_place(s: str, m, lx: OrgLex) -> bool:
    """The known body's name ends with a place's first word(s) that a district or commune name
    written there goes on from ("... Đức" + "Thọ")."""
    end = m.end()
    if not (s.startswith(" ", end) and end + 1 < len(s) and s[end + 1].isupper()):
        return False
    k = end
    for _ in range(2):          # the start of the last word, then of the two last words
        k = s.rfind(" ", m.start(), k - 1) + 1
        if k <= m.start():
            return False
        if lx.longer_local_place(s, k, end):
            return True
        k -= 1
    return False


def _vietnam_after(s: str, end: int, lx: OrgLex) -> int:
    """End of 'Việt Nam' written right after a name (one space, no 'tại'), else 0."""
    if s.startswith(" V", end):     # every form of the name starts so: Việt Nam, Viet Nam, Vietnam, VN
        pm = lx.place_at(s, end + 1)
        if pm and pm[1].name == "Việt Nam":
            return pm[0]
    return 0


def _camel(w: str) -> bool:
    """'PeaceTrees', 'ActionAid': a brand written with a capital inside."""
    return any(c.islower() for c in w) and any(c.isupper() for c in w[1:])


def _vietnamese_cap(w: str) -> bool:
    return bool(w) and w[0].isupper() and not w.isascii()


# what may follow a Latin-script name and mark it as a body: "(ACR)", "/Country", "-Country", " Việt Nam"
_LATIN_MARK_AFTER = r"[ ]*[(/-]| V"


def _cue_before(cue: str, window: int) -> str:
    """Lookbehinds, put right after a match's first character, that hold exactly when
    `re.compile(cue + r"[ ]+$", re.I).search(s, max(0, start - window), start)` finds the cue:
    the cue, one or more spaces and maybe the final line break `$` also stands before, all
    within the window (one fixed-width lookbehind per number of spaces)."""
    room = window - len(cue)          # at most this many spaces (one less before a line break)
    cue = "(?i:" + re.escape(cue) + ")"
    alts = [cue + "[ ]{%d}" % k for k in range(1, room + 1)]
    alts += [cue + "[ ]{%d}\n" % k for k in range(1, room)]
    return "(?:" + "|".join("(?<=" + a + r"[\s\S])" for a in alts) + ")"


# `_LATIN` that also tells, in the same scan, which names have "tổ chức" before them (group 1)
# and which have a mark after them (group 2): both groups are empty and optional, so the matches
# are those of `_LATIN`, and most of them are dismissed without another regex call.
# `_FIRST_WORD_ENDS`, a condition every match meets (the first word's run of Latin letters must end
# where the word ends: after it comes a space or the end of the name), rejects the capitalised
# Vietnamese words ("Bộ", "Hà") before the costlier "tổ chức" lookbehinds are tried there.
_FIRST_WORD_ENDS = r"(?=[A-Za-z]*+(?!\w))"
_LATIN_SCAN = re.compile(_LATIN_FIRST + _FIRST_WORD_ENDS
                         + "(?:" + _cue_before(_TO_CHUC, _TO_CHUC_WINDOW) + "(?P<to_chuc>))?"
                         + _LATIN_REST + "(?:(?=" + _LATIN_MARK_AFTER + ")(?P<mark>))?")
# `_LATIN_SCAN` without the matches `_latin_candidates` dismisses first and most often: one word with no
# "tổ chức" before it and no mark after it (the scan fails there instead; group `more` holds the words
# after the first, tried in the same order as `_LATIN_REST`'s repetition). No other match changes: a
# match can start only at a capital after a non-word character, and there is none inside the dropped word.
_LATIN_CANDIDATE_SCAN = re.compile(
    _LATIN_FIRST + _FIRST_WORD_ENDS + "(?:" + _cue_before(_TO_CHUC, _TO_CHUC_WINDOW) + "(?P<to_chuc>))?"
    + r"[A-Za-z]*+" + _POSSESSIVE + r"(?P<more>(?:" + _LATIN_NEXT_WORD + r")+)?(?![\w])"
    + "(?:(?=" + _LATIN_MARK_AFTER + ")(?P<mark>))?"
    + r"(?(more)|(?(to_chuc)|(?(mark)|(?!))))")


def _latin_candidates(s: str, lx: OrgLex) -> list[_Cand]:
    out = []
    for m in _LATIN_CANDIDATE_SCAN.finditer(s):
        name = m.group()
        to_chuc = m.start("to_chuc") >= 0
        if not to_chuc and m.start("mark") < 0:
            # words in a Vietnamese sentence with no "Việt Nam", "(ACR)" or "/Country" after them and no
            # "tổ chức" before them (a lone such word the scan leaves out): only an org keyword marks them
            if not any(w in lx.latin_keywords for w in name.split()):
                continue
        words = name.split()
        end = m.end()
        if m.start() and s[m.start() - 1] == " " and _vietnamese_cap(_prev_word(s, m.start())):
            continue    # "Cửu Long (ĐBSCL)": the end of a Vietnamese name, not a Latin-script one
        place = None
        acr = None
        # "PeaceTrees Việt Nam", "FrieslandCampina Việt Nam": the country is part of the registered name
        vn = _vietnam_after(s, end, lx)
        if vn:
            name, end = name + " " + s[_skip(s, end):vn], vn
        pm = _PAREN.match(s, end)
        # "(EMW)", "(EPVN/Pháp)", "(GNI, Hàn Quốc)": the acronym, then the country it may give
        if pm and _is_acronym(_ACRONYM_SPLIT.split(pm.group(1), 1)[0].strip()):
            acr = _ACRONYM_SPLIT.split(pm.group(1), 1)[0].strip()
            end = pm.end()
        sm = _SLASH_COUNTRY.match(s, end)
        if sm and not (s[end:sm.end()].strip() == "/" or acr is None and _is_acronym(name)):
            sm = None
        if sm:
            pl = lx.place_at(s, sm.end())
            if pl:
                place, end = pl[1], pl[0]
            elif s[end:sm.end()].strip() == "/":
                w = _cap_word(s, sm.end())
                if w and w.group()[0].isalpha() and not w.group().isupper():
                    end = w.end()
                    while True:
                        dm = _DASH.match(s, end)
                        w = dm and _cap_word(s, dm.end())
                        if not w:
                            break
                        end = w.end()
                else:
                    sm = None
            else:
                sm = None
        marked = (
            sm is not None or acr is not None or (vn and _camel(words[-1]))
            or to_chuc
            or (len(words) >= 2 and any(w in lx.latin_keywords for w in words))
        )
        if not marked:
            continue
        pl = lx.place_at(s, m.start())
        if pl and pl[0] >= m.end():
            continue
        if len(words) == 1 and not _is_acronym(words[0]) and not (sm or acr or marked and vn) and not to_chuc:
            continue
        if name.lower() in lx.never or name in lx.not_acronyms or _ROMAN.fullmatch(name):
            continue
        kind = "foreign_ngo"
        if any(lx.latin_keywords.get(w) == "company" for w in words):
            kind = "company"
        c = _with_country_office(_Cand(m.start(), end, kind, name, acronym=acr, place=place, priority=1,
                                       latin=True), s, lx)
        c.surface = s[c.start:c.end]
        out.append(c)
    return out


# ---------------------------------------------------------------- choosing spans

def _select(cands: list[_Cand], lx: OrgLex) -> list[_Cand]:
    """Longest spans win; on equal spans the known body wins.

    A head whose name is a known body ("Tổ chức" + "Nhóm Cố vấn bom mìn") is that body; a unit
    ("Văn phòng KOICA") is not."""
    # latest start of a known body ending at each offset (one dict lookup per candidate, not a scan)
    known_start_at_end: dict[int, int] = {}
    for c in cands:
        if c.priority == 2:
            known_start_at_end[c.end] = max(known_start_at_end.get(c.end, -1), c.start)
    cands = [c for c in cands if not (c.priority == 1 and not c.latin and c.canon not in lx.unit_canons
                                      and known_start_at_end.get(c.end, -1) > c.start)]
    cands = sorted(cands, key=lambda c: (-c.length, -c.priority, c.start))
    # taken spans are disjoint, so only the one starting last before a candidate's end can overlap it
    starts: list[int] = []
    ends: list[int] = []
    out = []
    for c in cands:
        k = bisect.bisect_left(starts, c.end) - 1
        if k >= 0 and ends[k] > c.start:
            continue
        starts.insert(k + 1, c.start)
        ends.insert(k + 1, c.end)
        out.append(c)
    return sorted(out, key=lambda c: c.start)


def _join_parents(s: str, cands: list[_Cand], lx: OrgLex) -> list[_Cand]:
    """'Văn phòng phía Nam' + 'Liên hiệp ... Việt Nam' written together is one unit of that body."""
    out = []
    for i, c in enumerate(cands):
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if nxt is not None and c.canon in lx.unit_canons and c.priority == 1:
            gap = s[c.end:nxt.start]
            if _UNIT_GAP.fullmatch(gap) and not (c.place or c.place_text):
                joined = _Cand(c.start, nxt.end, c.kind, c.canon, tail=c.tail, priority=c.priority,
                               local=False, parent=nxt, acronym=None)
                out.append(joined)
                continue
        out.append(c)
    return out


# ---------------------------------------------------------------- grouping

@lru_cache(maxsize=4096)      # the same heads and names come back in every article
def _key_canon(canon: str, latin: bool) -> str:
    """The head or name part of a body's key."""
    canon = norm_key(canon)
    if latin:                   # "PeaceTrees Việt Nam" and "PeaceTrees" are one body
        canon = _VN_SUFFIX.sub("", canon)
    if canon.startswith("trường "):
        canon = canon[len("trường "):]
    return canon


def _key(c: _Cand, lx: OrgLex) -> tuple:
    canon = _key_canon(c.canon, c.latin)
    place = c.place.name if c.place else norm_key(c.place_text)
    if c.kind == "cluster":     # "Cụm 4", "Cụm số 4", "Cụm thi đua số 4 Liên hiệp ..." are one cluster
        return (canon, _NON_DIGIT.sub("", c.tail), None, None)
    parent = _key(c.parent, lx) if c.parent else None
    return (canon, lx.expand(norm_key(c.tail)), place, parent)


@dataclass
class _Group:
    key: tuple
    kind: str
    cands: list = field(default_factory=list)
    forms: list = field(default_factory=list)   # extra alias strings
    acronym: Optional[str] = None
    name: Optional[str] = None
    place: Optional[PlaceRow] = None


def _main_places(doc: Document, record: ArticleRecord, lx: OrgLex) -> dict[str, PlaceRow]:
    """The article's province and city: the most named ones, helped by the source web address."""
    counts: Counter = Counter()
    by_code: dict[str, Counter] = {}
    for form in lx.province_scan.findall(doc.norm):
        row = lx.place_row(form)
        if row and row.kind in ("province", "city"):
            counts[row.code] += 1
            names = by_code.get(row.code)
            if names is None:
                names = by_code[row.code] = Counter()
            names[row.name] += 1
    url = (record.source.url or "").lower() if record.source else ""
    host = _SCHEME.sub("", url).split("/")[0]
    for slug, row in lx.slugs.items() if host else ():
        if slug and slug in host:
            counts[row.code] += 3
            by_code.setdefault(row.code, Counter())[row.name] += 1
    # one province under several names (Thừa Thiên Huế, Huế) counts once, under its most used name
    rows = {code: lx.places_by_name[names.most_common(1)[0][0]] for code, names in by_code.items()}
    out: dict[str, PlaceRow] = {}
    for want in ("province", "city", "any"):
        ranked = [(c, k) for c, k in counts.most_common() if want == "any" or rows[c].kind == want]
        if not ranked:
            continue
        top, n_top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if n_top > second:
            out[want] = rows[top]
    return out


def _written(doc: Document, start: int, end: int) -> str:
    a, b = doc.span(start, end)
    return doc.text[a:b]


def _build(doc: Document, record: ArticleRecord, cands: list[_Cand], lx: OrgLex) -> list[Organization]:
    s = doc.norm
    groups: dict[tuple, _Group] = {}
    order: list[tuple] = []
    short_forms: dict[str, tuple] = {}     # "(Liên hiệp)", "(PACCOM)" -> the body's key
    foreign_pairs: dict[str, tuple] = {}   # a foreign name written in brackets after a body -> its key
    pending: list[_Cand] = []

    def add(key, c, kind):
        g = groups.get(key)
        if g is None:
            g = groups[key] = _Group(key, kind)
            order.append(key)
        g.cands.append(c)
        if c.acronym and not g.acronym:
            g.acronym = c.acronym
        if c.place and not g.place:
            g.place = c.place
        return g

    for c in cands:
        surface = s[c.start:c.end]
        c.surface = surface
        specific = bool(c.place or c.place_text or c.parent)
        low = norm_key(surface)
        if not specific and c.canon in lx.abstract_heads and not lx.title_before(s, c.start):
            continue
        if not specific and c.local and not c.admin and _PAIR_WITH_VIETNAM.search(c.tail) and (
                lx.title_before(s, c.start) or _NATIONAL_BEFORE.search(s, max(0, c.start - 20), c.start)):
            # "Phó Chủ tịch Hội Hữu nghị Việt Nam - Lào", "Trung ương Hội ...": the national association,
            # not the province's branch named elsewhere in the article
            c.local = False
        if not specific and (c.local or low in lx.never or c.admin):
            pending.append(c)
            continue
        if low in lx.never:
            continue
        if c.latin and c.canon in short_forms:       # "EPVN/Pháp" after "Enfance ... (EPVN)"
            groups[short_forms[c.canon]].cands.append(c)
            continue
        bare = s[c.start:c.bare_end] if c.bare_end else surface
        if bare in foreign_pairs:                    # "World Vision" after "Tổ chức Tầm nhìn Thế giới (World Vision)"
            g = groups[foreign_pairs[bare]]
            g.cands.append(c)
            g.acronym = g.acronym or c.acronym
            continue
        g = add(_key(c, lx), c, c.kind)
        if c.latin and c.acronym:
            short_forms.setdefault(c.acronym, g.key)
        vn = _VN_WRITTEN.search(surface)
        if vn and _LATIN.fullmatch(surface[:vn.start()]):
            short_forms.setdefault(surface[:vn.start()], g.key)     # "PeaceTrees" after "PeaceTrees Việt Nam"
        if c.bare_end:                               # "Save the Children" of "... tại Việt Nam"
            g.forms.append(_written(doc, c.start, c.bare_end))
        if c.kind == "foreign_ngo" and not c.latin and c.priority == 1 and _LATIN.match(c.tail):
            short_forms.setdefault(c.tail, g.key)    # "CARE Quốc tế" of "Tổ chức CARE Quốc tế"
            g.forms.append(c.tail)
        pm = _PAREN.match(s, c.end)
        if pm:
            inner = pm.group(1)
            if _is_acronym(inner) and inner not in lx.not_acronyms and " " not in inner.strip():
                g.acronym = g.acronym or inner
                short_forms[inner] = g.key
                if not c.latin:
                    foreign_pairs[inner] = g.key     # a known acronym in the brackets names this body
            elif _is_short_form(inner, lx):
                short_forms[norm_key(inner)] = g.key
                g.forms.append(inner)
            elif not c.latin and _is_foreign_name(inner):    # "Tổ chức Tầm nhìn Thế giới (World Vision)"
                short_forms[inner] = foreign_pairs[inner] = g.key
                g.forms.append(inner)
                if " " not in inner:                         # "Cơ quan Phát triển Bỉ (Enabel)": its short name
                    g.acronym = g.acronym or inner

    mains: Optional[dict] = None
    districts: Optional[list] = None

    def main_district() -> Optional[str]:
        """The district the article names most (and more than any other), counted on first need."""
        nonlocal districts
        if districts is None:
            counts = Counter({p.name: len(p.mentions) for p in record.places if p.kind == "district"})
            districts = counts.most_common(2)
        if districts and (len(districts) == 1 or districts[0][1] > districts[1][1]):
            return districts[0][0]
        return None

    def main_place(admin: str) -> Optional[PlaceRow]:
        """The article's province ("tỉnh"), city ("thành phố") or either: counted on first need. An
        article that names no province but one district most is about that district's province."""
        nonlocal mains
        if mains is None:
            mains = _main_places(doc, record, lx)
            if "province" not in mains and "any" not in mains and (district := main_district()):
                home = next((p.province for p in record.places if p.kind == "district" and p.name == district), None)
                row = lx.place_row(home)
                if row is not None and row.kind == "province":
                    mains["province"] = mains["any"] = row
        return mains.get({"tỉnh": "province", "thành phố": "city"}.get(admin, "any"))

    for c in pending:
        low = norm_key(c.surface)
        if low in short_forms:
            groups[short_forms[low]].cands.append(c)
            continue
        canon, tail = _key(c, lx)[:2]
        same = [groups[k] for k in order if k[0] == canon and k[1] == tail and k[2] and k[3] is None]
        target = None
        if len(same) == 1 and (not c.admin or _group_fits(c.admin, same[0])):
            target = same[0]
        elif same and (main := main_place(c.admin)):
            target = next((g for g in same if g.place and g.place.name == main.name), None)
        # "Huyện ủy" alone is a district's party committee: the article's district's, never its province's
        district_body = not c.admin and canon.startswith("huyện ")
        creatable = c.admin in ("tỉnh", "thành phố") or (not c.admin and not district_body and (
            c.canon in lx.bare_ok or c.kind in ("ministry_agency", "government")))
        if target is None and c.local and creatable and low not in lx.never:
            main = main_place(c.admin)
            if main and _admin_fits(c.admin, main):
                c.place, c.resolved = main, True
                target = add(_key(c, lx), c, c.kind)
                target.forms.append(c.surface)
                continue
        if target is None and (c.admin == "huyện" or district_body) and low not in lx.never \
                and (district := main_district()):
            # "Phòng Giáo dục và Đào tạo huyện" in an article about one district: that district's
            c.place_text, c.place_admin, c.admin, c.resolved = district, c.admin, "", True
            target = add(_key(c, lx), c, c.kind)
            target.forms.append(c.surface)
            continue
        if target is not None:
            target.cands.append(c)
            continue
        if low in lx.never or not (c.admin or c.tail or c.canon in lx.bare_ok):
            continue
        add(_key(c, lx), c, c.kind)

    # "Văn phòng phía Nam" alone is the unit named in full elsewhere
    for key in list(order):
        if key[3] is None and not key[2] and groups[key].cands[0].canon in lx.unit_canons:
            full = [k for k in order if k[:2] == key[:2] and k[3] is not None]
            if len(full) == 1:
                groups[full[0]].cands.extend(groups.pop(key).cands)
                order.remove(key)

    # "Plan International Việt Nam" beside "Plan International (tại Việt Nam)": a foreign body's Vietnamese
    # registration is the body
    for key in list(order):
        if key[2] == "Việt Nam" and key[3] is None and groups[key].kind == "foreign_ngo":
            bare = (key[0], key[1], "", None)
            if bare in groups and bare != key:
                registered = groups.pop(key).cands
                for c in registered:  # mentions of the body, which is named as it is elsewhere
                    c.priority = 0
                groups[bare].cands.extend(registered)
                order.remove(key)

    # later uses of a paired short form: "MAG", "HuePO", "Ủy ban", "Liên hiệp"
    taken = [(c.start, c.end) for g in groups.values() for c in g.cands]
    for form, key in short_forms.items():
        for m in _form_regex(form).finditer(s):
            if m.group()[0].isupper() and not any(a <= m.start() < b for a, b in taken):
                c = _Cand(m.start(), m.end(), groups[key].kind, form)
                c = _with_country_office(c, s, lx)         # "WHH tại Việt Nam và Lào"
                c.surface = s[c.start:c.end]
                groups[key].cands.append(c)
                taken.append((c.start, c.end))

    # "Ban điều phối viên trợ nhân dân (PACCOM)": the words before a known acronym name it too
    for g in groups.values():
        for c in list(g.cands):
            if c.priority == 2 and c.acronym and s[c.start:c.end] == c.acronym:
                full = _name_before_paren(s, c.start, lx)
                if full and not any(a <= full[0] < b for a, b in taken):
                    g.cands.append(_Cand(full[0], full[1], g.kind, c.canon, surface=s[full[0]:full[1]]))
                    taken.append(full)

    out = []
    for key in order:
        g = groups[key]
        out.append(_organization(doc, g, lx))
    return out


_OPEN_PAREN = re.compile(r"[ ]*\($")
_CLAUSE_BREAK = re.compile(r"[,.;:()\n]|[ ]-[ ]")


@lru_cache(maxsize=1024)
def _form_regex(form: str) -> re.Pattern:
    """Later uses of a short form: an acronym as written, a name in any case and spacing."""
    # the "not after a word character" test goes after the first character, so that `re` skips
    # ahead to it (same matches as a leading `(?<!\w)`; a form starting with a space keeps that)
    first, rest = (re.escape(form[0]) + r"(?<!\w[\s\S])", form[1:]) if form[:1].strip() else (r"(?<!\w)", form)
    if _is_acronym(form):
        return re.compile(first + re.escape(rest) + r"(?!\w)")
    return re.compile(first + re.escape(rest).replace(r"\ ", r"\s+") + r"(?!\w)", re.I)


def _name_before_paren(s: str, acr_start: int, lx: OrgLex):
    """The span of the name written before '(ACR)': from the last head word in the same clause."""
    before = s[max(0, acr_start - 100):acr_start]
    pm = _OPEN_PAREN.search(before)
    if not pm:
        return None
    end = acr_start - (len(before) - pm.start())
    lo = max(0, acr_start - 100)
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(s, lo, end)]
    lo = breaks[-1] if breaks else lo
    for m in lx.head_scan.finditer(s, lo, end):
        h = lx.head_at(s, m.start())
        if h and len(s[h.start():end].split()) <= 10:
            return h.start(), end
    return None


_FOREIGN_WORD = re.compile(r"[A-Za-zäöüßñçéèàëïœæøå][A-Za-zäöüßñçéèàëïœæøå'’.&-]*")


def _is_foreign_name(text: str) -> bool:
    """'World Vision', 'Brot für die Welt': a capitalised name in Latin script, not Vietnamese."""
    words = text.split()
    return (0 < len(words) <= 6 and text[0].isupper() and any(len(w) >= 3 for w in words)
            and all(_FOREIGN_WORD.fullmatch(w) for w in words))


def _is_short_form(text: str, lx: OrgLex) -> bool:
    """'(Liên hiệp)', '(Ủy ban)': a head alone or a head with its qualifier, nothing else."""
    m = lx.head_at(text, 0)
    if not m or len(text.split()) > 5:
        return False
    if m.end() == len(text):
        return True
    c = _scan_head(text, m, lx)
    return c is not None and c.end == len(text)


def _group_fits(admin: str, group: _Group) -> bool:
    """Whether a body written with a bare administrative word ("UBND tỉnh") can be `group`: a group
    whose place is not in the gazetteer fits when the word written before its place is the same
    ("UBND tỉnh" is not "UBND huyện Minh Long")."""
    if group.place is not None:
        return _admin_fits(admin, group.place)
    written = next((c.place_admin for c in group.cands if c.place_admin), "")
    return not written or written == admin


def _admin_fits(admin: str, place: Optional[PlaceRow]) -> bool:
    if not admin or place is None:
        return True
    if admin == "tỉnh":
        return place.kind == "province"
    if admin == "thành phố":
        return place.kind == "city"
    return False


def _full_form(c: _Cand, lx: OrgLex) -> str:
    """The name with its head written out and the place (resolved or written) after it."""
    if c.parent is not None:
        return f"{c.surface}"
    head = c.canon
    parts = [head]
    if c.tail:
        parts.append(c.tail)
    if c.place:
        admin = c.place_admin
        if (c.resolved or (not admin and c.local)) and c.canon not in lx.bare_ok:
            # "Tỉnh ủy Bến Tre", "UBND tỉnh Bến Tre"; "UBND Nghệ An" is "Ủy ban nhân dân tỉnh Nghệ An"
            admin = {"province": "tỉnh", "city": "thành phố"}.get(c.place.kind, "")
        # "Thành ủy TP.HCM", "UBND TP.HCM": the city is named "Thành phố Hồ Chí Minh", not "Hồ Chí Minh"
        name = lx.place_display.get(c.place.name, c.place.name)
        if admin and name.lower().startswith(admin):
            admin = ""
        parts.append((admin + " " + name).strip())
    elif c.place_text:
        parts.append((c.place_admin + " " + c.place_text).strip())
    return " ".join(parts)


def _organization(doc: Document, g: _Group, lx: OrgLex) -> Organization:
    # (start, end) in `norm` -> the span in the original text (the same span when the offsets agree)
    if doc.identity_map:
        originals = {(c.start, c.end): (c.start, c.end) for c in g.cands}
    else:
        originals = {}
        for c in g.cands:
            if (c.start, c.end) not in originals:
                originals[c.start, c.end] = doc.span(c.start, c.end)
    text = doc.text
    shown = {}
    for c in g.cands:          # "Phòng Giáo dục và Đào tạo (GD&ĐT) huyện X" is named without its bracket
        if c.paren:
            shown[id(c)] = _written(doc, c.start, c.paren[0]) + _written(doc, c.paren[1], c.end)
        else:
            a, b = originals[c.start, c.end]
            shown[id(c)] = text[a:b]
    forms: list[str] = list(dict.fromkeys([*shown.values(), *g.forms]))

    # the fullest written form: with its place, not abbreviated, longest
    place_written: dict[int, bool] = {}

    def score(c: _Cand):
        written = shown[id(c)]
        placed = bool(c.place or c.place_text or c.parent)
        if placed:
            placed = place_written[id(c)] = _written_place(c, doc)
        return (c.priority > 0, placed, not _abbreviated(written, c, lx), len(written))

    best = max(g.cands, key=score) if len(g.cands) > 1 else g.cands[0]
    best_place_written = place_written[id(best)] if id(best) in place_written else _written_place(best, doc)
    name = shown[id(best)]
    # a Latin-script name names the body unless a Vietnamese name was written for it
    latin = [c for c in g.cands if c.latin]
    if latin and any(not c.latin and c.priority == 1 for c in g.cands):
        latin = []
    if latin:
        name = max((c.canon for c in latin), key=len)
    if latin:
        pass
    elif not best_place_written or _abbreviated(name, best, lx):
        if best.priority == 2:
            name = best.canon
        elif best.parent is None and best.kind != "foreign_ngo":
            name = _full_form(best, lx)
    name = name[0].upper() + name[1:]       # "phòng Giáo dục ..." read out of "Trưởng phòng Giáo dục ..."
    acronym = g.acronym
    if acronym is None:
        known_canons = _known_canons()
        for c in g.cands:
            # the whole key only for a candidate whose head or name part a known body has
            row = _known_by_key().get(_key(c, lx)) if _key_canon(c.canon, c.latin) in known_canons else None
            if row:
                acronym = row["acronym"] or None
                if best.priority != 2 and not best_place_written:
                    name = row["name"]
                break
    name_key = norm_key(name)
    aliases = [f for f in forms if norm_key(f) != name_key and f != acronym]
    place = g.place.name if g.place else None
    code = g.place.code if g.place else None
    kind = g.kind if g.kind in _KINDS else "other"
    mentions = []
    for span in sorted(originals):
        a, b = originals[span]
        mentions.append(built(Mention, {"start": a, "end": b, "text": text[a:b]}, _MENTION_FIELDS))
    # `Organization(name=name, ...)` without pydantic's validation, which its values pass unchanged
    # (strings or None, a kind of `_KINDS`): tests/test_orgs_equivalence.py compares the two
    return built(Organization, {"name": name, "aliases": aliases, "acronym": acronym, "kind": kind, "place": place,
                                "place_code": code, "mentions": mentions}, _ORGANIZATION_FIELDS)


_MENTION_FIELDS = frozenset(("start", "end", "text"))
_ORGANIZATION_FIELDS = frozenset(("name", "aliases", "acronym", "kind", "place", "place_code", "mentions"))


_KINDS = {"friendship_union", "government", "ministry_agency", "party_mass_org", "foreign_ngo",
          "diplomatic_mission", "school", "company", "cluster", "association", "international", "other"}


def _written_place(c: _Cand, doc: Document) -> bool:
    """True when the place the candidate carries is written in its span."""
    if c.parent is not None or (c.place_text and not c.resolved):
        return True
    if c.place is None:
        if c.resolved:
            return False        # the district the article is about, not written with this form
        return c.priority == 2 or not c.local
    written = norm_key(c.surface)
    return any(k in written for k in c.place.form_keys)


def _abbreviated(written: str, c: _Cand, lx: OrgLex) -> bool:
    return _has_abbreviation(written) or (
        c.priority == 2 and written == (c.acronym or "") and _is_acronym(written))


@lru_cache(maxsize=4096)      # the same written forms are scored again and again
def _has_abbreviation(written: str) -> bool:
    return not _lex().abbreviations.isdisjoint(written.split())


@lru_cache(maxsize=1)
def _known_canons() -> frozenset:
    """The head or name parts of the keys in `_known_by_key`."""
    return frozenset(key[0] for key in _known_by_key())


@lru_cache(maxsize=1)
def _known_by_key() -> dict:
    """Known bodies by the key their name scans to, so 'Liên hiệp ... Việt Nam' written out gets 'VUFO'."""
    lx = _lex()
    out = {}
    for row in lx.known_by_name.values():
        m = lx.head_re.match(row["name"])
        c = _scan_head(row["name"], m, lx) if m else None
        if c is not None and c.end == len(row["name"]):
            out[_key(c, lx)] = row
    return out


# ---------------------------------------------------------------- entry point

def recognize(doc: Document, record: ArticleRecord) -> None:
    lx = _lex()
    cands = _select(_candidates(doc, lx), lx)
    cands = _join_parents(doc.norm, cands, lx)
    orgs = _build(doc, record, cands, lx)
    _member_schools(doc, orgs)
    _use_places(record, orgs)
    record.organizations.extend(orgs)


def _member_schools(doc: Document, orgs: list[Organization]) -> None:
    """"Trường Đại học Khoa học, Đại học Huế": a member school is named with its university (which stays a
    body of its own); the school's own name is kept as an alias."""
    starts = {m.start: o for o in orgs if o.name.startswith("Đại học ") for m in o.mentions}
    if not starts:
        return
    text = doc.text
    for o in orgs:
        if o.kind != "school" or not o.name.startswith("Trường "):
            continue
        for m in o.mentions:
            parent = starts.get(m.end + 2) if text.startswith(", ", m.end) else None
            if parent is not None and parent is not o:
                short = o.name
                o.name = f"{short}, {parent.name}"
                if short not in o.aliases:
                    o.aliases.insert(0, short)
                break


def _use_places(record: ArticleRecord, orgs: list[Organization]) -> None:
    """Take the place code from the places stage when it found the same place."""
    by_name = None
    for o in orgs:
        if o.place and not o.place_code:
            if by_name is None:
                by_name = {p.name.lower(): p for p in record.places}
            p = by_name.get(o.place.lower())
            if p and p.code:
                o.place_code = p.code
