"""Recogniser: sums of money ("hơn 38,4 tỷ đồng", "US$ 2 million") and what they are.

Every number in the normalised text is a candidate. From it we read forward:
scale words ("tỷ", "triệu", "nghìn tỷ", "1 tỷ 200 triệu"), then a currency
word; a currency symbol or code may also stand before the number ("$5",
"USD 10 triệu"). A number with a scale word but no currency ("đạt 78 tỷ") is
VND only in a money context (cue words in the sentence, see
gazetteers/money_words.csv) and not when a counting noun follows ("2 triệu
lượt khách"). The word right before the amount gives its qualifier, its
sentence gives its kind (gazetteers/amount_context.csv) and period.

Data: gazetteers/currencies.csv, money_words.csv, amount_context.csv.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Optional

import re

import regex

from ..lexicon import compile_regex, load_csv, phrase_key, split_list, trie_pattern
from ..model import Amount, ArticleRecord
from ..text import KEEP_GIL, Document, lowered  # KEEP_GIL: see text.py

_FLAGS = regex.V1 | regex.IGNORECASE

# digits with dot/comma groups; the lookbehind keeps us off "v1.2" and the tail of "1.234"
_NUMBER = regex.compile(r"(?<![\w.,/])\d+(?:[.,]\d+)*(?![.,]?\d)")
# what stands between the two numbers of a range ("5-7 triệu", "5 đến 7 tỷ đồng")
_RANGE_WORDS = ("-", "~", "đến", "tới")
_RANGE_SEP = compile_regex(r"\s*(?:" + "|".join(map(regex.escape, _RANGE_WORDS)) + r")\s*(?=\d)", _FLAGS)
# the word just after an amount (for count nouns and ambiguity checks)
_NEXT_WORD = compile_regex(r"\s*(%|[\w]+(?:\s+[\w]+)?)", _FLAGS)
_CLAUSE_BREAK = regex.compile(r"[,;:()\[\]\"]|\s-\s")
_YEAR_AFTER_NAM = compile_regex(r"(?<!\w)năm\s+(?:1[89]|2[01])\d\d$", _FLAGS)
_COMPARISON_BASE = compile_regex(r"so\s+với(?:\s+cùng\s+kỳ)?\s*$", _FLAGS)
_SUB_PART = regex.compile(r"\s+(\d{1,3})(?=\s*\w)")
_SPACES = regex.compile(r"\s+")


@dataclass(frozen=True)
class _Currency:
    iso: str
    needs_scale: bool
    not_followed_by: tuple[str, ...]
    min_value: Decimal
    scaled_not_followed_by: tuple[str, ...] = ()   # the ones that hold after a scale word too


@lru_cache(maxsize=None)
def _currencies() -> dict[str, _Currency]:
    rows = load_csv("currencies.csv", required=("phrase", "iso", "position"))
    out = {}
    for r in rows:
        out[r["phrase"].lower()] = _Currency(r["iso"], r.get("needs_scale") == "1",
                                             tuple(w.lower() for w in split_list(r.get("not_followed_by", ""))),
                                             Decimal(r.get("min_value") or 0),
                                             tuple(w.lower() for w in split_list(r.get("scaled_not_followed_by", ""))))
    return out


def _phrase_alt(phrases) -> str:
    return "(?:" + trie_pattern(phrases) + ")"


_WORD_FIRST = regex.compile(r"\w")


def _word_start(phrases) -> str:
    r"""`(?<![\w])` before phrases; with a leading `\b` when every phrase starts with a word
    character: the same matches, but `regex` then skips to word boundaries (~1.5x faster scan)."""
    if all(_WORD_FIRST.match(p) for p in phrases):
        return r"\b(?<![\w])"
    return r"(?<![\w])"


@lru_cache(maxsize=None)
def _suffix_currency_re() -> regex.Pattern:
    rows = load_csv("currencies.csv", required=("phrase", "iso", "position"))
    phrases = [r["phrase"] for r in rows if r["position"] in ("suffix", "both")]
    # a word-like currency must end at a word boundary ("đ" but not "đi")
    return compile_regex(r"\s*(" + _phrase_alt(phrases) + r")(?!\w)", _FLAGS)


@lru_cache(maxsize=None)
def _prefix_currency_re() -> regex.Pattern:
    rows = load_csv("currencies.csv", required=("phrase", "iso", "position"))
    phrases = [r["phrase"] for r in rows if r["position"] in ("prefix", "both")]
    # matched against the text just before a number: "US$ ", "$", "USD "
    return compile_regex(r"(?<!\w)(" + _phrase_alt(phrases) + r")\s*$", _FLAGS)


@lru_cache(maxsize=None)
def _words(kind: str) -> dict[str, str]:
    return {r["phrase"].lower(): r.get("value", "") for r in load_csv("money_words.csv", required=("kind", "phrase"))
            if r["kind"] == kind}


@lru_cache(maxsize=None)
def _scale_re() -> regex.Pattern:
    return compile_regex(r"\s*(" + _phrase_alt(_words("scale")) + r")(?!\w)", _FLAGS)


@lru_cache(maxsize=None)
def _numword_re() -> regex.Pattern:
    # "hai tỷ đồng", "năm trăm triệu": only before a scale word (checked by the caller)
    return compile_regex(_word_start(_words("numword")) + r"(" + _phrase_alt(_words("numword")) + r")(?=\s+" +
                         _phrase_alt(_words("scale")) + r"(?!\w))", _FLAGS)


@lru_cache(maxsize=None)
def _qualifier_re() -> regex.Pattern:
    return compile_regex(r"(?<![\w])(" + _phrase_alt(_words("qualifier")) + r")\s+$", _FLAGS)


@lru_cache(maxsize=None)
def _cue_re(kind: str) -> regex.Pattern:
    return compile_regex(_word_start(_words(kind)) + r"(?:" + trie_pattern(_words(kind)) + r")(?![\w])", _FLAGS)


@lru_cache(maxsize=None)
def _weak_cue_before_re() -> regex.Pattern:
    return compile_regex(r"(?<![\w])(?:" + trie_pattern(_words("weak_cue")) + r")\s+$", _FLAGS)


@lru_cache(maxsize=None)
def _context_cues() -> tuple[regex.Pattern, dict[str, tuple[str, int]]]:
    rows = load_csv("amount_context.csv", required=("kind", "phrase", "priority"))
    table = {r["phrase"].lower(): (r["kind"], int(r["priority"])) for r in rows}
    pattern = compile_regex(_word_start(table) + r"(?:" + trie_pattern(table) + r")(?![\w])", _FLAGS)
    return pattern, table


def parse_number(s: str, has_scale: bool) -> Optional[Decimal]:
    """'38,4' -> 38.4; '1.234.567' -> 1234567; '1,234,567' -> 1234567; '1.234,5' -> 1234.5.

    Vietnamese writes a decimal comma and a thousands dot; English the reverse.
    One separator followed by exactly three digits is a thousands separator,
    except a comma before a scale word ("1,086 triệu USD" = 1.086 million).
    """
    dots, commas = s.count("."), s.count(",")
    try:
        if dots and commas:
            if s.rfind(",") > s.rfind("."):   # 1.234,5
                return Decimal(s.replace(".", "").replace(",", "."))
            return Decimal(s.replace(",", ""))  # 1,234.5
        if dots + commas == 0:
            return Decimal(s)
        sep = "." if dots else ","
        groups = s.split(sep)
        if len(groups) > 2:
            if all(len(g) == 3 for g in groups[1:]):
                return Decimal("".join(groups))
            return None
        head, tail = groups
        if len(tail) == 3 and not (sep == "," and has_scale):
            return Decimal(head + tail)
        return Decimal(head + "." + tail)
    except InvalidOperation:
        return None


@dataclass
class _Found:
    start: int           # normalised span, qualifier included
    end: int
    value: float
    currency: str
    assumed: bool
    qualifier: Optional[str]
    num_start: int       # where the number itself starts (for context windows)


# ---- where scale words stand ------------------------------------------------
# Most numbers are followed by a space and a word that is not a scale word, and number words
# ("năm", "một", "hai") are common words: scanning for them costs more than the rest of the
# stage. So the scale words are found first, with one fast scan, and what needs a scale word
# after it is looked for only there.
#
# The scan is case-sensitive `re` over the lower-cased text (`text.lowered`, which later stages
# use too). It finds every scale word that `_scale_re` matches after whitespace: a character
# that `regex` equates with a letter of a scale word under IGNORECASE lower-cases to that
# letter, unless it is in `_FOLDS_ODDLY` or its lower case is longer (the scan is then not used
# for the text); a match followed by a `_LOWER_LETTER` is followed by a word character for
# `regex`, and so is a shorter scale word inside it (scale words are letters only). All checked
# over every code point by tests/test_dates_money_equivalence.py. The scan may find more (a scale
# word after punctuation): those are only places where the `regex` patterns are tried.

_FOLDS_ODDLY = "ſ"  # long s: "s" for `regex` IGNORECASE, but lower-cases to itself


@lru_cache(maxsize=8)  # asked once per amount; lru_cache, unlike a "last document" slot, is thread-safe
def _plain_lowered(norm: str) -> Optional[str]:
    """The lower-cased text, or None when the scans of it (scale words, context cues) cannot
    stand for scans of the text: it does not lower-case in place, or holds a `_FOLDS_ODDLY`."""
    low = lowered(norm)
    return low if low is not norm and not any(ch in norm for ch in _FOLDS_ODDLY) else None


# lower-case letters (Latin, Vietnamese) after which a scale word is no word of its own
_LOWER_LETTER = "[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f\u01a0-\u01b0\u1ea0-\u1ef9]"


@dataclass(frozen=True)
class _ScaleWords:
    starts: list[int]           # where a scale word stands after whitespace
    entries: frozenset[int]     # where `_scale_re` may match: those, every offset in the run of
                                # whitespace before one, and every other scale word the scan found


_SPACE_CHAR = regex.compile(r"\s")


def _space_run_start(norm: str, pos: int) -> int:
    """Start of the run of whitespace (as `regex` counts it) that ends at `pos`."""
    while pos > 0 and _SPACE_CHAR.match(norm, pos - 1, None, KEEP_GIL):
        pos -= 1
    return pos


@lru_cache(maxsize=1)
def _scale_scan() -> re.Pattern:
    return re.compile("(?:" + trie_pattern(_words("scale")) + ")(?!" + _LOWER_LETTER + ")")


def _scale_words(norm: str) -> Optional[_ScaleWords]:
    """The scale words after whitespace, or None when the scan cannot be used on this text."""
    low = _plain_lowered(norm)
    if low is None:
        return None
    found = [m.start() for m in _scale_scan().finditer(low)]
    starts = [p for p in found if p and _SPACE_CHAR.match(norm, p - 1, None, KEEP_GIL)]
    entries = set(found)
    for p in starts:
        entries.update(range(_space_run_start(norm, p), p))
    return _ScaleWords(starts, frozenset(entries))


def _scale_match(norm: str, pos: int, scale_words: Optional[_ScaleWords]) -> Optional[regex.Match]:
    """`_scale_re().match(norm, pos)`, without calling it where it cannot match: anywhere but
    the scale words the scan found and the runs of whitespace before them. A match starting
    with whitespace has its scale word after that whitespace (the scan found it); one starting
    with a letter has its scale word at `pos`, which the scan found unless one of its matches
    overlaps `pos` - and we only ask after a number or a scale word, neither of which a scale
    word (letters only) overlaps."""
    if scale_words is not None and pos not in scale_words.entries:
        return None
    return _scale_re().match(norm, pos, None, KEEP_GIL)


@lru_cache(maxsize=1)
def _numword_shapes() -> tuple[tuple[int, ...], ...]:
    """The lengths of the words of each number word phrase ("một trăm": (3, 4)); the matcher
    matches each word's letters one for one and any run of whitespace between words."""
    return tuple(sorted({tuple(len(w) for w in p.split(" ")) for p in _words("numword")}))


@lru_cache(maxsize=1)
def _numword_end_test():
    """A memoised test of one character: can a number word end with it (as `_numword_re` matches)?"""
    return _edge_test({p[-1] for p in _words("numword")})


def _numword_matches(norm: str, scale_words: Optional[_ScaleWords]) -> list[regex.Match]:
    """`list(_numword_re().finditer(norm))`: a number word is matched only right before
    whitespace and a scale word, so it is looked for only before the scale words found: each
    place where a number word of some shape would end there is tried with the matcher itself."""
    if scale_words is None:
        return list(_numword_re().finditer(norm))
    tried: set[int] = set()
    found = []
    match = _numword_re().match
    may_end_numword = _numword_end_test()
    for p in scale_words.starts:
        end = _space_run_start(norm, p)
        if end == p:
            continue  # the matcher wants whitespace before the scale word
        if not may_end_numword(norm[end - 1:end]):
            continue  # mostly a digit: "5 tỷ"
        for shape in _numword_shapes():
            start = end
            for i, length in enumerate(reversed(shape)):
                if i:  # the whitespace between two words
                    gap_start = _space_run_start(norm, start)
                    if gap_start == start:
                        break
                    start = gap_start
                start -= length
            else:
                if start >= 0 and start not in tried:
                    tried.add(start)
                    m = match(norm, start, None, KEEP_GIL)
                    if m is not None:
                        found.append(m)
    # what a scan keeps: left to right, none starting inside the one before
    found.sort(key=lambda m: m.start())
    out = []
    last_end = 0
    for m in found:
        if m.start() >= last_end:
            out.append(m)
            last_end = m.end()
    return out


def _read_scales(norm: str, pos: int, scale_words: Optional[_ScaleWords] = None) -> tuple[Decimal, int, bool]:
    """Multiplier of the scale words at `pos` ("nghìn tỷ" = 1e12) and the end offset."""
    scales = _words("scale")
    mult = Decimal(1)
    seen = False
    while True:
        m = _scale_match(norm, pos, scale_words)
        if not m:
            return mult, pos, seen
        word = m.group(1)
        # the case-insensitive match also takes letters that lower-casing leaves apart from the
        # table's ("thouſand"): those are found by their case fold
        mult *= Decimal(scales.get(word.lower()) or scales[word.casefold()])
        seen = True
        pos = m.end()


def _read_amount(norm: str, start: int, end: int, value: Decimal,
                 scale_words: Optional[_ScaleWords] = None) -> tuple[Decimal, int, bool]:
    """From a number at [start, end) read scale words and a trailing "200 triệu" part."""
    mult, pos, has_scale = _read_scales(norm, end, scale_words)
    total = value * mult
    if has_scale:
        # "1 tỷ 200 triệu", "2 triệu 500 nghìn": a smaller part follows
        while True:
            m = _SUB_PART.match(norm, pos, None, KEEP_GIL)
            if not m:
                break
            sub_mult, sub_end, sub_scale = _read_scales(norm, m.end(), scale_words)
            if not sub_scale or sub_mult >= mult:
                break
            total += Decimal(m.group(1)) * sub_mult
            mult, pos = sub_mult, sub_end
    return total, pos, has_scale


# ---- quick refusals before the currency and qualifier patterns ------------------
# Those patterns are tried at every number; most numbers have a plain word after and before
# them. A currency word after a number starts, after spaces, with the first two characters of
# one of the currency phrases; one before it (a qualifier too) ends, before spaces, with the
# last character of one. These tests say "maybe" for any other whitespace than a space.

def _edge_test(pieces: set[str]):
    """A memoised test: does a string start with one of `pieces` (IGNORECASE like the
    recogniser's patterns, a space in a piece standing for any whitespace), or with whitespace?"""
    alternation = "|".join(regex.escape(p).replace(r"\ ", r"\s") for p in sorted(pieces, key=len, reverse=True))
    pattern = compile_regex(r"(?:\s|" + alternation + ")", _FLAGS)
    return lru_cache(maxsize=4096)(lambda s: pattern.match(s, None, None, KEEP_GIL) is not None)


@lru_cache(maxsize=None)
def _edge_tests() -> dict[str, object]:
    rows = load_csv("currencies.csv", required=("phrase", "iso", "position"))
    suffix = {r["phrase"][:2] for r in rows if r["position"] in ("suffix", "both")}
    prefix = {r["phrase"][-1] for r in rows if r["position"] in ("prefix", "both")}
    return {"suffix_start": _edge_test(suffix), "prefix_end": _edge_test(prefix),
            "qualifier_end": _edge_test({p[-1] for p in _words("qualifier")})}


def _may_start_after_spaces(norm: str, pos: int, test) -> bool:
    while norm[pos:pos + 1] == " ":
        pos += 1
    return test(norm[pos:pos + 2])


def _may_end_before_spaces(norm: str, end: int, lo: int, test) -> bool:
    """Does a phrase `test` accepts end at the last character of norm[lo:end] that is not a space?"""
    end -= 1
    while end >= lo and norm[end] == " ":
        end -= 1
    return end >= lo and test(norm[end])


# ---- numbers that nothing around makes an amount ---------------------------------
# Most numbers are counts, dates or codes. One with no scale word after it, no currency word
# after or before it and no range separator after it is dropped by `_candidates`, so it is
# dropped before any of that is read. The tests below are looser than the patterns they stand
# for (a currency word after the number: its first three characters, and when that is all of
# it, no word character after; one before it: its last two characters), with the same
# IGNORECASE, and say "maybe" for whitespace other than the spaces (and line breaks) skipped.

@lru_cache(maxsize=1)
def _number_neighbour_tests():
    """Memoised tests of a short string: can a currency word or a range separator start it,
    can a currency word that goes before numbers end it?"""
    rows = load_csv("currencies.csv", required=("phrase", "iso", "position"))

    def piece(phrase: str) -> str:
        return regex.escape(phrase).replace(r"\ ", r"\s")

    after = {piece(r["phrase"][:3]) + (r"(?!\w)" if len(r["phrase"]) <= 3 else "")
             for r in rows if r["position"] in ("suffix", "both")}
    after |= {piece(w) for w in _RANGE_WORDS}
    before = {piece(r["phrase"][-2:]) for r in rows if r["position"] in ("prefix", "both")}
    may_follow = compile_regex(r"(?:\s|" + "|".join(sorted(after)) + ")", _FLAGS)
    may_precede = compile_regex(r"(?:\s|" + "|".join(sorted(before)) + r")\Z", _FLAGS)
    return (lru_cache(maxsize=4096)(lambda s: may_follow.match(s, None, None, KEEP_GIL) is not None),
            lru_cache(maxsize=4096)(lambda s: may_precede.search(s, None, None, KEEP_GIL) is not None))


def _stands_alone(norm: str, start: int, end: int, scale_words: Optional[_ScaleWords]) -> bool:
    """Can nothing around the number at [start, end) make it an amount (see above)?"""
    if _scale_match(norm, end, scale_words) is not None:
        return False
    may_follow, may_precede = _number_neighbour_tests()
    pos = end
    while norm[pos:pos + 1] in (" ", "\n"):  # the patterns after a number start with \s*
        pos += 1
    if may_follow(norm[pos:pos + 4]):
        return False
    lo = max(0, start - 12)  # as in `_currency_before`
    last = start - 1
    while last >= lo and norm[last] == " ":
        last -= 1
    return last < lo or not may_precede(norm[max(lo, last - 1):last + 1])


def _currency_after(norm: str, pos: int, has_scale: bool, value: Decimal) -> tuple[Optional[str], int]:
    if not _may_start_after_spaces(norm, pos, _edge_tests()["suffix_start"]):
        return None, pos
    m = _suffix_currency_re().match(norm, pos, None, KEEP_GIL)
    if not m:
        return None, pos
    written = m.group(1)
    cur = _currencies().get(phrase_key(written))
    if cur is None or (cur.needs_scale and not has_scale) or value < cur.min_value:
        return None, pos
    nxt = _NEXT_WORD.match(norm, m.end(), None, KEEP_GIL)
    if nxt:
        words = nxt.group(1)
        # "2 Đồng Nai", "12 Yên Bái": a capitalised word pair is a name (ALL-CAPS titles are not)
        if written[0].isupper() and not written.isupper() and words[0].isupper():
            return None, pos
        words = words.lower()
        blocking = cur.scaled_not_followed_by if has_scale else cur.not_followed_by
        if words.split()[0] in blocking or words in blocking:
            return None, pos
    return cur.iso, m.end()


def _currency_before(norm: str, start: int) -> tuple[Optional[str], int]:
    lo = max(0, start - 12)
    if not _may_end_before_spaces(norm, start, lo, _edge_tests()["prefix_end"]):
        return None, start
    window = norm[lo:start]
    m = _prefix_currency_re().search(window, None, None, KEEP_GIL)
    if not m:
        return None, start
    cur = _currencies().get(m.group(1).lower())
    if cur is None:
        return None, start
    return cur.iso, start - (len(window) - m.start(1))


def _bare_follower_ok(norm: str, pos: int) -> bool:
    """After a bare "500 triệu": punctuation, the end, or a word from the allowed list."""
    m = _NEXT_WORD.match(norm, pos)
    if not m:
        return True
    if m.group(1) == "%":
        return False
    words = _SPACES.sub(" ", m.group(1)).lower()
    allowed = _words("bare_follower")
    return words in allowed or words.split()[0] in allowed


def _money_context(doc: Document, num_start: int, end: int, article_has_money: bool) -> bool:
    """Is a bare "78 tỷ" (no currency word) a sum of money here?"""
    norm = doc.norm
    s_start, s_end = doc.sentence_of(num_start)
    if _cue_re("strong_cue").search(norm, s_start, num_start):
        return True
    if _cue_re("strong_cue").search(norm, end, min(s_end, end + 30)):
        return True
    if article_has_money and _weak_cue_before_re().search(norm[max(s_start, num_start - 25):num_start]):
        return True
    return False


def _qualifier(norm: str, start: int) -> tuple[Optional[str], int]:
    lo = max(0, start - 30)
    if not _may_end_before_spaces(norm, start, lo, _edge_tests()["qualifier_end"]):
        return None, start
    window = norm[lo:start]
    m = _qualifier_re().search(window, None, None, KEEP_GIL)
    if not m:
        return None, start
    q_start = start - (len(window) - m.start(1))
    before = norm[max(0, q_start - 20):q_start]
    # "từ 5 đến 10 triệu": the second number of a range has no qualifier
    if m.group(1).lower() in ("đến", "tới") and _ends_with_number_re().search(before):
        return None, start
    return (_words("qualifier")[phrase_key(m.group(1))] or None), q_start


def _may_be_year(raw: str) -> bool:
    """Can `_YEAR_AFTER_NAM` match up to the end of the number `raw`? Its four digits would end
    there with whitespace before them: a longer number has a digit, "." or "," there, and a
    shorter one would need a digit right before its start, which `_NUMBER` refuses. So `raw`
    is those four digits, and starts like one of the years the pattern takes."""
    return len(raw) == 4 and (raw[:2] in ("18", "19", "20", "21"))


def _candidates(doc: Document) -> list[tuple[int, int, Decimal, Optional[str], bool, int]]:
    """(start, end, value, currency or None, has_scale, number start) for every number-like amount."""
    norm = doc.norm
    out = []
    scale_words = _scale_words(norm)
    starts = [(m.start(), m.end(), m.group(), False) for m in _NUMBER.finditer(norm, None, None, False, KEEP_GIL)
              if not _stands_alone(norm, m.start(), m.end(), scale_words)]
    starts += [(m.start(), m.end(), m.group(1), True) for m in _numword_matches(norm, scale_words)]
    for start, end, raw, is_word in starts:
        if is_word:
            base = Decimal(_words("numword")[phrase_key(raw)])
        else:
            scale_follows = bool(_scale_match(norm, end, scale_words))
            base = parse_number(raw, scale_follows)
        if base is None:
            continue
        value, pos, has_scale = _read_amount(norm, start, end, base, scale_words)
        if not has_scale and _may_be_year(raw) and _YEAR_AFTER_NAM.search(norm, max(0, start - 6), end, KEEP_GIL):
            continue  # "năm 2021 đồng loạt ...": a year, whatever follows
        currency, cur_end = _currency_after(norm, pos, has_scale, value)
        span_start = start
        if currency is None and not is_word:
            currency, span_start = _currency_before(norm, start)
            if currency is not None:
                # "US$ 2 million": scale words after the number still count
                cur_end = pos
        if is_word and currency is None:
            continue
        if currency is None and not has_scale:
            # "5-7 triệu đồng": the first number of a range takes the second's scale and currency
            rng = _RANGE_SEP.match(norm, end, None, KEEP_GIL)
            if rng:
                m2 = _NUMBER.match(norm, rng.end(), None, KEEP_GIL)
                if m2:
                    v2 = parse_number(m2.group(), bool(_scale_match(norm, m2.end(), scale_words)))
                    _, pos2, scale2 = _read_scales(norm, m2.end(), scale_words)
                    cur2, _ = _currency_after(norm, pos2, scale2, v2 or Decimal(0))
                    if v2 is not None and (cur2 or scale2):
                        mult, _, _ = _read_scales(norm, m2.end(), scale_words)
                        out.append((start, end, base * mult, cur2, scale2, start))
            continue
        out.append((span_start, cur_end if currency else pos, value, currency, has_scale, start))
    out.sort(key=lambda c: c[0])
    return out


def find_amounts(doc: Document) -> list[_Found]:
    """All sums of money in the document, in text order (one per mention)."""
    norm = doc.norm
    cands = _candidates(doc)
    article_has_money = any(c[3] for c in cands)
    found: list[_Found] = []
    last_end = -1
    for start, end, value, currency, has_scale, num_start in cands:
        if start < last_end:
            continue  # inside an amount already taken ("1 tỷ 200 triệu")
        assumed = False
        if currency is None:
            if not _bare_follower_ok(norm, end) or not _money_context(doc, num_start, end, article_has_money):
                continue
            currency, assumed = _assumed_currency(doc, found, num_start), True
        qualifier, q_start = _qualifier(norm, start)
        found.append(_Found(q_start, end, float(value), currency, assumed, qualifier, num_start))
        last_end = end
    return found


def _assumed_currency(doc: Document, found: list[_Found], pos: int) -> str:
    """A bare amount shares the currency of an explicit one earlier in its sentence, else VND."""
    s_start, _ = doc.sentence_of(pos)
    for f in reversed(found):
        if f.num_start < s_start:
            break
        if not f.assumed:
            return f.currency
    return "VND"


@lru_cache(maxsize=None)
def _growth_before_re() -> regex.Pattern:
    _, table = _context_cues()
    growth = [p for p, (kind, _) in table.items() if kind == "growth"]
    return compile_regex(r"(?<![\w])(?:" + trie_pattern(growth) + r")\s+$", _FLAGS)


@lru_cache(maxsize=None)
def _ends_with_number_re() -> regex.Pattern:
    return compile_regex(r"(?:\d|" + _phrase_alt(_words("scale")) + r")\s*$", _FLAGS)


def amount_kind(doc: Document, start: int, end: int) -> str:
    """What the sum at normalised [start, end) is, from cue words in its clause and sentence."""
    norm = doc.norm
    pattern, table = _context_cues()
    s_start, s_end = doc.sentence_of(start)
    # growth: "tăng 5 tỷ đồng" (the cue directly before the amount)
    if _growth_before_re().search(norm[max(s_start, start - 15):start], None, None, KEEP_GIL):
        return "growth"
    clause_start = s_start
    for br in _CLAUSE_BREAK.finditer(norm, s_start, start, False, KEEP_GIL):
        # a clause break only cuts the window if it leaves some words before the amount
        if start - br.end() > 12:
            clause_start = br.end()
    best = _best_cue(pattern, table, norm, clause_start, start, nearest_last=True)
    if best is None:
        best = _best_cue(pattern, table, norm, end, s_end, nearest_last=False)
    if best is None and clause_start != s_start:  # else that is the first window again
        best = _best_cue(pattern, table, norm, s_start, start, nearest_last=True)
    return best or "other"


# ---- context cues, found from the lower-cased text -----------------------------------
# The IGNORECASE cue pattern costs several hundred instructions per character scanned. So the
# places where a cue may start are looked for with a case-sensitive `re` lookahead over the
# lower-cased phrases in the lower-cased text (same offsets), and the pattern itself is tried
# only there, as its scan would: left to right, none inside the match before. Every character
# that `regex` equates with a letter of a cue lower-cases to that letter (or is in
# `_FOLDS_ODDLY`: the text is then scanned the usual way), and the lower case of a `regex`
# whitespace character is `re` whitespace: so the lookahead finds every place where the
# pattern matches (checked over every code point by tests/test_dates_money_equivalence.py).

@lru_cache(maxsize=1)
def _cue_starts() -> re.Pattern:
    _, table = _context_cues()
    return re.compile("(?=" + trie_pattern(table) + ")")


def _cue_matches(pattern, norm: str, lo: int, hi: int) -> list:
    """`list(pattern.finditer(norm, lo, hi))` for the context cue pattern."""
    low = _plain_lowered(norm)
    if low is None:
        return list(pattern.finditer(norm, lo, hi, False, KEEP_GIL))
    found = []
    last_end = lo
    match = pattern.match
    for start in _cue_starts().finditer(low, lo, hi):
        p = start.start()
        if p >= last_end:
            m = match(norm, p, hi, KEEP_GIL)
            if m is not None:
                found.append(m)
                last_end = m.end()
    return found


def _best_cue(pattern, table, norm: str, lo: int, hi: int, nearest_last: bool) -> Optional[str]:
    best = None  # (priority, distance, kind)
    for m in _cue_matches(pattern, norm, lo, hi):
        kind, prio = table[phrase_key(m.group())]
        if kind == "growth":
            continue
        dist = (hi - m.end()) if nearest_last else (m.start() - lo)
        key = (prio, dist)
        if best is None or key < best[:2]:
            best = (prio, dist, kind)
    return best[2] if best else None


def _period_in_sentence(doc: Document, record: ArticleRecord, pos: int) -> Optional[str]:
    """The period named in the amount's sentence: the nearest one before it, else after it.

    A comparison base ("tăng 7% so với cùng kỳ năm 2021") is not the amount's period.
    """
    s_start, s_end = doc.sentence_of(pos)
    o_start, o_end = doc.span(s_start, s_end)  # period mentions hold original offsets
    o_pos = doc.orig_start(pos)
    before, after = None, None
    for p in record.periods:
        for mention in p.mentions:
            if not o_start <= mention.start < o_end:
                continue
            if _COMPARISON_BASE.search(doc.text[max(o_start, mention.start - 25):mention.start]):
                continue
            if mention.start < o_pos:
                if before is None or mention.start > before[0]:
                    before = (mention.start, p.value)
            elif after is None or mention.start < after[0]:
                after = (mention.start, p.value)
    best = before or after
    return best[1] if best else None


def recognize(doc: Document, record: ArticleRecord) -> None:
    items: dict[tuple[str, float], Amount] = {}
    for f in find_amounts(doc):
        mention = doc.mention(f.start, f.end)
        key = (f.currency, round(f.value, 6))
        item = items.get(key)
        if item is None:
            item = Amount(text=mention.text, value=f.value, currency=f.currency, currency_assumed=f.assumed,
                          qualifier=f.qualifier, kind=amount_kind(doc, f.num_start, f.end),
                          period=_period_in_sentence(doc, record, f.num_start))
            items[key] = item
            record.amounts.append(item)
        else:
            if item.qualifier is None:
                item.qualifier = f.qualifier
            if item.kind == "other":
                item.kind = amount_kind(doc, f.num_start, f.end)
            if item.period is None:
                item.period = _period_in_sentence(doc, record, f.num_start)
            item.currency_assumed = item.currency_assumed and f.assumed
        item.mentions.append(mention)
