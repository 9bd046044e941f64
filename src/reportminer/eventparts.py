"""Pieces of an event read off the text around its cues: the cue lexicon,
sentence blocks, names, ordinals, and the date, place, organisers, people and
amounts taken from the earlier stages' mentions.

All positions here are in NORMALISED text coordinates; mentions of the
earlier stages (original coordinates) are mapped once into them (`Context`).
"""
from __future__ import annotations

import bisect
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain
from operator import attrgetter
from typing import Iterator, Optional

import regex

from .lexicon import WORD_CHAR, load_csv, phrase_regex, trie_pattern, word_trie
from .model import ArticleRecord, DateItem
from .text import KEEP_GIL, Document, lowered  # KEEP_GIL: see text.py

_ROLE_WORDS = ("chair", "speaker", "attendee", "delegation_head")


@dataclass(frozen=True)
class Lexicon:
    """The cue lexicon and its compiled patterns.

    Compiling is costly (a `regex`-compatible IGNORECASE trie with a word test per first letter costs
    milliseconds; the whole lexicon once cost ~0.1 s of start-up): the patterns that only texts outside
    the plain range read (`plain_lower` is None: the case-insensitive originals of the `re` twins) and
    those asked for only after a prefilter found a candidate are compiled on first use (the cached
    properties below)."""

    words: dict                      # role -> its phrases, as the CSV writes them
    cue_start_re: re.Pattern         # event cues and block phrases at the start of `plain_lower` text (see `cue_spans`)
    cue_after_sep_re: re.Pattern     # the same for `plain_lower` text, led by the character before (see `cue_spans`)
    cues: dict                       # phrase -> (type, strength); block phrases absent
    generic: frozenset
    absorb: frozenset
    gift: frozenset
    document_lower_re: re.Pattern    # its document words, for `plain_lower` text: a window without any has no match
    marker_role: dict                # marker phrase (lower-case, single-spaced) -> "held" | "planned" | "wish"
    class_words: frozenset           # "hoạt động": "các hoạt động kỷ niệm" is a class of events
    # case-sensitive twins of the IGNORECASE patterns below (the cached properties) for `plain_lower` text: the
    # same matches there, ~1.5x faster
    separate_lower_re: re.Pattern    # openers that start another occasion
    part_lower_re: re.Pattern        # openers placing a sentence at the event just reported
    tally_lower_re: re.Pattern       # "với 27 đoàn", "với các đoàn khách": a count, not one partner
    count_lower_re: re.Pattern       # "tiếp nhận 63 khoản viện trợ": a tally of items, not one event
    award_lower_re: re.Pattern       # "Bằng khen" right after a gift verb: an award handed over at an event
    venue_lower_re: re.Pattern
    planned_lower_re: re.Pattern
    held_lower_re: re.Pattern
    marker_lower_re: re.Pattern
    same_day_lower_re: re.Pattern
    role_lower_res: dict
    review_lower_re: re.Pattern
    same_day_last_words: frozenset   # a window holding none of these has no same-day phrase

    def phrases(self, *roles: str) -> list[str]:
        return [p for role in roles for p in self.words.get(role, ())]

    def _around(self, template: str, role: str) -> re.Pattern:
        """`template` (`_SEPARATE`, `_PART`, ...) around the role's phrase pattern, case-insensitive."""
        return re.compile(template.format(phrase_regex(self.phrases(role)).pattern), re.IGNORECASE)

    # --- compiled on first use ---
    # `re`, not `regex`, for the patterns matched at a position: regex's match() first looks for a
    # required literal all the way to the end of the text, which made one call per cue or block
    # quadratic on long texts

    @cached_property
    def separate_re(self) -> re.Pattern:
        return self._around(_SEPARATE, "separate")

    @cached_property
    def part_re(self) -> re.Pattern:
        return self._around(_PART, "part")

    @cached_property
    def tally_re(self) -> re.Pattern:
        return self._around(_TALLY, "tally")

    @cached_property
    def count_re(self) -> re.Pattern:
        return self._around(_COUNT, "count")

    @cached_property
    def plural_agent_re(self) -> re.Pattern:
        """"các tổ chức đã": a class of actors as the subject, at the end of the text before a verb cue."""
        return self._around(_PLURAL_AGENT, "tally")

    @cached_property
    def quantity_re(self) -> re.Pattern:
        """"trên 40.000 khẩu trang", "nhiều viện trợ": what a verb cue hands over is counted."""
        return self._around(_QUANTITY, "tally")

    @cached_property
    def award_re(self) -> re.Pattern:
        return self._around(_AWARD, "award")

    @cached_property
    def venue_re(self) -> re.Pattern:
        return phrase_regex(self.phrases("venue"))

    @cached_property
    def cue_re(self) -> re.Pattern:
        """Event cues and block phrases, longest first (for text that is not plain)."""
        return phrase_regex(self.phrases("event", "block"))

    @cached_property
    def cue_lower_re(self) -> re.Pattern:
        """`cue_re` for lower-cased text, case-sensitive (much faster)."""
        return _lower_twin(self.phrases("event", "block"))

    @cached_property
    def planned_re(self) -> re.Pattern:
        return phrase_regex(self.phrases("planned"))

    @cached_property
    def held_re(self) -> re.Pattern:
        return phrase_regex(self.phrases("held"))

    @cached_property
    def role_res(self) -> dict:
        """Role -> pattern."""
        return {role: phrase_regex(self.phrases(role)) for role in _ROLE_WORDS}

    @cached_property
    def same_day_re(self) -> re.Pattern:
        """"Chiều cùng ngày": the day of the event reported before."""
        return phrase_regex(self.phrases("same_day"))

    @cached_property
    def document_date_re(self) -> re.Pattern:
        """"Quyết định số 1234/QĐ-UBND ngày": a legal document's date. The document word, its number, its
        issuer, then "ngày" right before the date (or in it)."""
        return re.compile(r"\b(?:" + phrase_regex(self.phrases("document")).pattern
                          + r")(?:\s+số)?(?:\s+\d[\w/.\-]*)?(?:\s+của\s+[^,;.()\d]{1,40}?)?"
                          r"(?:\s+ban\s+hành)?\s*(?:ngày\s*)?$", re.IGNORECASE)

    @cached_property
    def marker_re(self) -> re.Pattern:
        """Held, planned and wish markers in one scan."""
        return phrase_regex(self.phrases("held", "planned", "wish"))

    @cached_property
    def review_re(self) -> re.Pattern:
        """"năm qua", "trong năm": a sentence summing up a period's work."""
        return phrase_regex(self.phrases("review"))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    rows = load_csv("event_cues.csv", required=("phrase", "role"))
    by_role: dict[str, list[dict]] = {}
    for r in rows:
        by_role.setdefault(r["role"], []).append(r)
    cues = {}
    for r in by_role.get("event", []):
        cues[r["phrase"].lower()] = (r["type"] or "other", int(r.get("strength") or 1))
    phrases = [r["phrase"] for r in by_role.get("event", []) + by_role.get("block", [])]

    def words(role):
        return [r["phrase"] for r in by_role.get(role, [])]

    return Lexicon(
        words={role: words(role) for role in by_role},
        cue_start_re=_start_twin(phrases),
        cue_after_sep_re=_led_twin(phrases),
        cues=cues,
        generic=frozenset(p.lower() for p in words("generic")),
        absorb=frozenset(p.lower() for p in words("absorb")),
        gift=frozenset(p.lower() for p in words("gift")),
        document_lower_re=_lower_twin(words("document")),
        marker_role={" ".join(p.lower().split()): role for role in ("held", "planned", "wish") for p in words(role)},
        class_words=frozenset(p.lower() for p in words("class")),
        separate_lower_re=re.compile(_SEPARATE.format(_twin_pattern(words("separate")))),
        part_lower_re=re.compile(_PART.format(_twin_pattern(words("part")))),
        tally_lower_re=re.compile(_TALLY.format(_twin_pattern(words("tally")))),
        count_lower_re=re.compile(_COUNT.format(_twin_pattern(words("count")))),
        award_lower_re=re.compile(_AWARD.format(_twin_pattern(words("award")))),
        venue_lower_re=_lower_twin(words("venue")),
        planned_lower_re=_lower_twin(words("planned")),
        held_lower_re=_lower_twin(words("held")),
        marker_lower_re=_lower_twin(words("held") + words("planned") + words("wish")),
        same_day_lower_re=_lower_twin(words("same_day")),
        role_lower_res={role: _lower_twin(words(role)) for role in _ROLE_WORDS},
        review_lower_re=_lower_twin(words("review")),
        same_day_last_words=frozenset(p.lower().split(" ")[-1] for p in words("same_day")),
    )


# patterns around a phrase pattern {} (the lexicon's `phrase_regex`, or its twin for `plain_lower` text),
# matched at a position: lower-case literals and classes that fold to themselves, so that in plain text
# IGNORECASE on the text and the twin on its lower case match alike
_SEPARATE = r"\s*(?:{})"
_PART = r"\s*(?:{})"
_TALLY = r"\s*(?:với\s+)?(?:\d[\d.,]*|(?:{}))(?!" + WORD_CHAR.replace("{", "{{").replace("}", "}}") + ")"
_COUNT = r"\s*(?:hơn\s+|gần\s+|trên\s+)?\d[\d.,]*\s+(?:{})(?!" + WORD_CHAR.replace("{", "{{").replace("}", "}}") + ")"
# "các tổ chức (đã) trao tặng", "những nhà tài trợ đều hỗ trợ": the determiner and up to three words of
# the actors' noun, searched at the end of the clause before a verb cue
_PLURAL_AGENT = (r"(?<!" + WORD_CHAR.replace("{", "{{").replace("}", "}}") + r")(?:{})(?:\s+[^\s,;.:]+){{1,3}}"
                 r"(?:\s+(?:đã|đều|cũng|vừa))*\s*$")
_QUANTITY = r"\s*(?:(?:hơn|gần|trên|khoảng|tới|tổng\s+cộng)\s+)?(?:\d|(?:{})(?!" + WORD_CHAR.replace("{", "{{").replace("}", "}}") + "))"
# the award within the gift verb's first words: "trao tặng Kỷ niệm chương", "trao cho 5 tập thể Bằng khen"
_AWARD = r"\s*(?:[^\s,;.]+\s+){{0,4}}?(?:{})"


def _lower_twin(phrases: list[str]) -> re.Pattern:
    """`phrase_regex(phrases)` for lower-cased text: the same matches in `plain_lower` text."""
    return phrase_regex([p.lower() for p in phrases], ignore_case=False)


def _twin_pattern(phrases: list[str]) -> str:
    """The pattern `_lower_twin(phrases)` compiles, for a larger pattern (without compiling it)."""
    return word_trie({p.lower() for p in phrases}, WORD_CHAR) + r"(?!" + WORD_CHAR + r")"


def _start_twin(phrases: list[str]) -> re.Pattern:
    """`_lower_twin(phrases)` for a match at the start of the text only: there its "not after a word"
    lookbehinds hold whatever follows (no character precedes), so they are left out, and with them
    most of the compile cost (one large character class per branch of the trie)."""
    return re.compile(r"(?:" + trie_pattern([p.lower() for p in phrases]) + r")" + _NOT_BEFORE_WORD)


def _led_twin(phrases: list[str]) -> re.Pattern:
    """`_lower_twin(phrases)` led by the non-word character before the phrase, which it consumes
    (group 1 is the phrase): for `twin_spans` on `plain_lower` text."""
    return re.compile(_plain_non_word() + "(" + trie_pattern([p.lower() for p in phrases]) + ")" + _NOT_BEFORE_WORD)


@dataclass(slots=True)  # built for every cue and read field by field many times: slots are faster
class Cue:
    """One occurrence of an event cue in the normalised text."""

    start: int
    end: int
    key: str
    type: str
    strength: int
    block: int
    name_start: int
    name_end: int
    ordinal: Optional[str] = None
    this_one: bool = False
    generic: bool = False
    planned: bool = False
    held: bool = False
    separate: bool = False
    caption: bool = False
    title: bool = False
    anchored: bool = False
    part: bool = False
    back_ref: bool = False           # a bare mention of an event already reported: "Tại hội nghị", "dự Đại hội"
    opener: bool = False             # a back-reference opening its sentence: "Sau hội đàm, ..."
    same_day: bool = False           # "Chiều cùng ngày, ...": dated by the event reported before
    inside: Optional["Cue"] = None   # "Hội nghị tổng kết ... và ký kết giao ước": part of that event
    repeat: bool = False             # "Đây là lần thứ hai hội thảo...", "lớp tập huấn đầu tiên": the event again
    award: bool = False              # "trao Bằng khen": handed over at the event reported before
    alt_types: tuple = ()            # "Hội nghị tập huấn": the types its name also gives
    date: Optional[DateItem] = None


@dataclass(slots=True)
class Item:
    """A record item (date, place, ...) at one of its mentions, in normalised coordinates."""

    start: int
    end: int
    index: int
    obj: object


_BY_START = attrgetter("start")


class Context:
    """The document, its blocks, and the earlier stages' items at their mentions (normalised
    coordinates, sorted by start). The item lists are built on first use: a document without
    event cues never needs its places or persons."""

    def __init__(self, doc: Document, record: ArticleRecord, spans: list):
        self.doc = doc
        self.record = record
        self.spans = spans
        self._starts: dict = {}
        # the lower-cased text when the `re` twins of this module's `regex` patterns match in it
        # exactly as the originals do in the text (see `plain_lower`), else None
        self.lower = plain_lower(doc.norm)
        self.clause_roles: dict = {}  # (clause start, clause end) -> the participant role it gives, or None
        self.memo: dict = {}  # per-document results of the events stage's own helpers, by name

    @classmethod
    def build(cls, doc: Document, record: ArticleRecord, spans: list) -> "Context":
        return cls(doc, record, spans)

    def _items(self, objs) -> list:
        doc = self.doc
        n = len(doc.norm)
        # the common case, without a call per offset: the normalised text is the original one
        # (Document keeps no offset map), so a mention inside the text maps to itself
        identity = doc.identity_map
        norm_offset = doc.norm_offset
        out = []
        append = out.append
        for k, obj in enumerate(objs):
            for m in getattr(obj, "mentions", None) or ():
                s, e = m.start, m.end
                if not (identity and 0 <= s and e <= n):
                    s, e = norm_offset(s), norm_offset(e)
                if e > s:
                    append(Item(s, e, k, obj))
        out.sort(key=_BY_START)
        return out

    @cached_property
    def dates(self) -> list:
        lex = lexicon()
        doc_date = lex.document_date_re
        text, spans, lower = self.doc.norm, self.spans, self.lower
        out = []
        for d in self._items(self.record.dates):
            # within the date's own sentence: a title ending "... kế hoạch" does not make the lead's
            # "Ngày 10/7" a document's date
            lo = max(spans[block_of(spans, d.start)][0], d.start - 80)
            # doc_date tries each position of the window; its document word, looked for first, is rare
            if lower is not None and not lex.document_lower_re.search(lower, lo, d.start):
                out.append(d)
            elif not doc_date.search(text, lo, d.start):
                out.append(d)
        return out

    @cached_property
    def periods(self) -> list:
        return self._items(self.record.periods)

    @cached_property
    def places(self) -> list:
        return self._items(self.record.places)

    @cached_property
    def orgs(self) -> list:
        return self._items(self.record.organizations)

    @cached_property
    def persons(self) -> list:
        return self._items(self.record.persons)

    @cached_property
    def amounts(self) -> list:
        return self._items(self.record.amounts)

    def within(self, items: list, start: int, end: int) -> list:
        """Items lying in [start, end): a bisect on their starts, since it runs once per cue."""
        starts = self._starts.get(id(items))
        if starts is None:
            starts = self._starts[id(items)] = list(map(_BY_START, items))
        lo = bisect_left(starts, start)
        hi = bisect_left(starts, end, lo)
        return [it for it in items[lo:hi] if it.end <= end]


# --- `regex` patterns and their faster `re` twins ----------------------------------------------

# Texts holding only these characters (Latin scripts with Vietnamese letters, general punctuation)
# get the same matches from a `regex` pattern (IGNORECASE, \s, \b) as from its lower-case `re`
# twin run case-sensitively on `text.lower()` (same length), with \s written as `_WS` and \b as
# WORD_CHAR lookarounds. Left out: İ (lower-cases to two characters), ı and ſ (which fold to i and s),
# the joiners and connector punctuation that `regex` counts as word characters (U+200C, U+200D,
# U+203F, U+2040, U+2054), and everything from U+0483 on but the two blocks named above.
# tests/test_events.py checks this character by character.
_NOT_PLAIN = re.compile("[^\x00-\u012f\u0132-\u017e\u0180-\u0482\u1e00-\u1eff"
                        "\u2000-\u200b\u200e-\u203e\u2041-\u2053\u2055-\u206f]")
# `regex`'s \s: `re`'s without the separators \x1c-\x1f
_WS = r"[^\S\x1c-\x1f]"
_NOT_AFTER_WORD = r"(?<!" + WORD_CHAR + ")"
_NOT_BEFORE_WORD = r"(?!" + WORD_CHAR + ")"


def plain_lower(text: str) -> Optional[str]:
    """`text.lower()` when the `re` twins may stand for the `regex` patterns on it, else None."""
    # plain text keeps its length when lower-cased (İ is not plain), so this is text.lower()
    return None if _NOT_PLAIN.search(text) else lowered(text)


@lru_cache(maxsize=1)  # built with the lexicon, from a scan of 8k code points: not at import
def _plain_non_word() -> str:
    """A character class of the plain characters that are no word character (WORD_CHAR): all the
    characters a word may follow in plain text (tests/test_events_equivalence.py checks every code point)."""
    # both patterns match one character: deleting their matches from all code points up to the end of
    # the plain ranges (U+206F) leaves the class's characters, in two scans instead of a call per code point
    chars = re.sub(WORD_CHAR, "", _NOT_PLAIN.sub("", "".join(map(chr, range(0x2070)))))
    # written as ranges of consecutive code points: a short class compiles faster than ~900 characters
    ranges: list[list[int]] = []
    for code in map(ord, chars):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "") for lo, hi in ranges) + "]"


def twin_spans(start: re.Pattern, led: re.Pattern, lower: str) -> Iterator[tuple[int, int]]:
    """The spans `_lower_twin(phrases).finditer(lower)` gives, for `plain_lower` text, `start =
    _start_twin(phrases)` and `led = _led_twin(phrases)` (~1.4x faster).

    A phrase starts the text or follows a non-word character; in plain text those form a character
    class, which `re` skips ahead to, where the word-start test of the twin is a lookbehind tried at
    most letters. `led` consumes the character before the phrase, which no earlier match holds when
    every phrase ends in a word character (tests/test_events_equivalence.py checks the lexicon)."""
    pos = 0
    first = start.match(lower)
    if first:
        yield first.span()
        pos = first.end()
    for m in led.finditer(lower, pos):
        yield m.span(1)


def cue_spans(lower: str) -> Iterator[tuple[int, int]]:
    """The spans `lexicon().cue_lower_re.finditer(lower)` gives, for `plain_lower` text."""
    lex = lexicon()
    return twin_spans(lex.cue_start_re, lex.cue_after_sep_re, lower)


# --- sentences ----------------------------------------------------------------------------------

_FINAL = set('.!?…:;|"”)')


def blocks(doc: Document) -> list[tuple[int, int]]:
    """Sentences, with lines that a hard wrap broke mid-sentence joined again."""
    out: list[list[int]] = []
    text = doc.norm
    for s, e in doc.sentences:
        if out:
            ps, pe = out[-1]
            gap = text[pe:s]
            last = text[pe - 1]
            if gap.count("\n") == 1 and not gap.strip() and last not in _FINAL and (
                    text[s].islower() or last == "," or (pe - ps > 40 and text[pe - 2:pe].isalpha()
                                                          and text[s - 1] == "\n" and _wrapped(text, ps, pe))):
                out[-1][1] = e
                continue
        out.append([s, e])
    return [(s, e) for s, e in out]


def _wrapped(text: str, s: int, e: int) -> bool:
    """A line ending in a lower-case word inside running prose (it holds a comma)."""
    line = text[s:e]
    return "," in line and line.split()[-1].islower()


_INF = float("inf")


def block_of(spans: list, pos: int) -> int:
    return max(bisect.bisect_right(spans, (pos, _INF)) - 1, 0)


# --- names and ordinals -------------------------------------------------------------------------

_NAME_STOP_WORDS = (r"tại|ở|do|với sự|nhằm|để|diễn ra|khai mạc|sẽ|dự kiến|dự định|đã|vào|ngày|sáng|chiều|tối|trưa|được|"
                    r"có sự|cho biết|là|theo|trong|từ|sau khi|hôm|năm nay|lần này|này|cùng|có|đánh giá|gồm|thu hút|"
                    r"nhận được")
_NAME_STOP = regex.compile(r"[.;:\n(|]|,(?!\s*(?:nhiệm kỳ|khóa|lần thứ|khoá))|\s-\s(?!\d)|\s(?:" + _NAME_STOP_WORDS + r")\b",
                           regex.IGNORECASE)
# its `re` twin for `plain_lower` text (~2.5x faster)
_NAME_STOP_LOWER = re.compile(r"[.;:\n(|]|,(?!" + _WS + r"*(?:nhiệm kỳ|khóa|lần thứ|khoá))|" + _WS + "-" + _WS + r"(?!\d)|"
                              + _WS + "(?:" + _NAME_STOP_WORDS + ")" + _NOT_BEFORE_WORD)
# the same stops, led by a class of their first characters: `re` skips ahead to the next one (a space, a
# punctuation mark) instead of trying the alternatives at every letter (~1.3x faster); the lookbehinds then
# tell which alternative the character begins (tests/test_events_equivalence.py compares the two)
_NAME_STOP_FAST = re.compile(r"[.;:\n(|,\s](?:(?<=[.;:\n(|])|(?<=,)(?!" + _WS + r"*(?:nhiệm kỳ|khóa|lần thứ|khoá))|(?<="
                             + _WS + ")(?:-" + _WS + r"(?!\d)|(?:" + _NAME_STOP_WORDS + ")" + _NOT_BEFORE_WORD + "))")
_QUOTE_OPEN = re.compile(_WS + '*"')  # `regex`'s r'\s*"'


def _pair_dash(text: str, a: int, b: int) -> bool:
    """The stop text[a:b] is a " - " between two capitalised words ("Việt Nam – Nhật Bản", "Văn hóa – Xã
    hội"), not before a caption ("... - Ảnh: X") or a new clause."""
    if text[a:b].strip() != "-" or b >= len(text) or not text[b].isupper():
        return False
    before = text.rfind(" ", 0, a) + 1
    if not text[before:before + 1].isupper():
        return False
    nxt = text[b:b + 8].split(" ", 1)[0].rstrip(":.,")
    return nxt not in _CAPTION_WORDS


_CAPTION_WORDS = frozenset(("Ảnh", "Video", "Nguồn", "Clip", "Theo", "Bài", "Đồ"))


def name_after(text: str, start: int, end: int, limit: int, lower: Optional[str] = None) -> tuple[int, int]:
    """The span of the event's name starting at its cue: the cue and its title words.

    A quoted title right after the cue is taken whole: Hội nghị "Chia sẻ kinh nghiệm ...".
    `lower`: the text's `plain_lower`, if any.
    """
    pos = end
    q = _QUOTE_OPEN.match(text, pos, limit)
    if q:
        close = text.find('"', q.end(), min(limit, q.end() + 300))
        if close > 0:
            return start, close + 1
    reach = min(limit, pos + 220)
    at = pos
    while True:
        if lower is not None:
            m = _NAME_STOP_FAST.search(lower, at, reach)
        else:
            m = _NAME_STOP.search(text, at, reach)
        if m is None or not _pair_dash(text, m.start(), m.end()):
            break
        at = m.end()  # "Hội Hữu nghị Việt Nam – Nhật Bản": the dash joins the pair's two names
    stop = m.start() if m else reach
    # a quote opened inside the name is closed inside it
    inner = text.find('"', pos, stop)
    if inner >= 0:
        close = text.find('"', inner + 1, min(limit, inner + 300))
        if close > 0 and close >= stop:
            return start, close + 1
    return start, max(stop, end)


_ORDINAL = regex.compile(
    r"\blần\s+thứ\s+(\w+)|\bkhóa\s+([IVXLC]+|\d+)\b|^\s*([IVXLC]+)\b|\bkhoá\s+([IVXLC]+|\d+)\b|\blần\s+(đầu)",
    regex.IGNORECASE)
_WORD_NUM = {"nhất": "1", "i": "1", "hai": "2", "ii": "2", "ba": "3", "iii": "3", "tư": "4", "bốn": "4", "iv": "4",
             "năm": "5", "v": "5", "sáu": "6", "vi": "6", "bảy": "7", "vii": "7", "tám": "8", "viii": "8",
             "chín": "9", "ix": "9", "mười": "10", "x": "10", "đầu": "1"}


# its twin for `plain_lower` text
_ORDINAL_LOWER = re.compile(
    _NOT_AFTER_WORD + r"lần" + _WS + r"+thứ" + _WS + r"+(" + WORD_CHAR + r"+)|" + _NOT_AFTER_WORD + r"khóa" + _WS
    + r"+([ivxlc]+|\d+)" + _NOT_BEFORE_WORD + r"|^" + _WS + r"*([ivxlc]+)" + _NOT_BEFORE_WORD + r"|" + _NOT_AFTER_WORD
    + r"khoá" + _WS + r"+([ivxlc]+|\d+)" + _NOT_BEFORE_WORD + r"|" + _NOT_AFTER_WORD + r"lần" + _WS + r"+(đầu)")


def ordinal_of(name: str, lower: bool = False) -> Optional[str]:
    """"lần thứ VI", "Đại hội VI", "lần thứ 61" -> a comparable ordinal ('6', '61').
    `lower`: the name is a slice of `plain_lower` text."""
    # the cue itself starts the name; look after its first word(s)
    parts = name.split(maxsplit=2)
    rest = " " + parts[2] if len(parts) > 2 else ""
    low = name if lower else name.lower()
    pattern = _ORDINAL_LOWER if lower else _ORDINAL
    m = pattern.search(name) if "lần" in low or "khóa" in low or "khoá" in low else None
    if m is None:
        m = pattern.match(rest)
    if m is None:
        return None
    val = next(g for g in m.groups() if g)
    return _WORD_NUM.get(val.lower(), val.lower())


# --- dates --------------------------------------------------------------------------------------

_AFTER_DATE_WINDOW = 260
_DATE_REACH = 400
_BARE_REFERENCE = regex.compile(r"\b(?:tại|dự|tham dự|trong|sau|kết thúc|kết luận|bế mạc|tiếp nối|tiếp theo|tiếp sau|bên lề)"
                                 r"(?:\s+(?:buổi|cuộc|phiên))?\s*$",
                                 regex.IGNORECASE)
_BARE_REFERENCE_LOWER = re.compile(  # its twin for `plain_lower` text
    _NOT_AFTER_WORD + r"(?:tại|dự|tham dự|trong|sau|kết thúc|kết luận|bế mạc|tiếp nối|tiếp theo|tiếp sau|bên lề)(?:"
    + _WS + r"+(?:buổi|cuộc|phiên))?"
    + _WS + r"*$")
_OPENER = regex.compile(r"^[\s\W]*(?:ngay\s+|cũng\s+)?(?:tại|trong|sau|kết thúc|tiếp nối|tiếp theo|tiếp sau|bên lề)"
                        r"(?:\s+(?:buổi|cuộc|phiên))?\s*$",
                        regex.IGNORECASE)


def back_reference(text: str, cue: Cue, block_start: int, lower: Optional[str] = None) -> tuple[bool, bool]:
    """(is a back-reference, opens its sentence): a bare cue after "tại", "dự", "sau", "tiếp nối",
    "bên lề" names an event already reported ("Tại hội nghị, ...", "đoàn đại biểu dự Đại hội",
    "Sau hội đàm, ...", "Tiếp nối hội thảo, ...", "Bên lề hội nghị, ...").
    `lower`: the text's `plain_lower`, if any."""
    if cue.name_end - cue.name_start > len(cue.key) + 1:
        return False, False
    bare = (_BARE_REFERENCE_LOWER.search(lower, max(block_start, cue.start - 20), cue.start) if lower is not None
            else _BARE_REFERENCE.search(text, max(block_start, cue.start - 20), cue.start))
    if not bare:
        return False, False
    return True, cue.start - block_start < 30 and bool(_OPENER.match(text[block_start:cue.start]))


def cue_date(ctx: Context, cue: Cue, prev: Optional[Cue], nxt: Optional[Cue], joined: bool) -> Optional[DateItem]:
    """The date said for the cue.

    A date before it in its clause ("Sáng 29/06/2022, tại tỉnh Bến Tre đã diễn ra Hội nghị") when no
    other cue stands between (the topic of "họp báo về việc tổ chức Đại hội" is not dated by the
    họp báo's date) unless joined by "và"; else a date later in its clause ("... do X tổ chức sáng
    21-1"), unless the cue is a bare back-reference ("Tại Hội nghị, ...").
    """
    bs, be = ctx.spans[cue.block]
    # within reach of the cue: a "sentence" of a run-on text may be huge
    bs, be = max(bs, cue.start - _DATE_REACH), min(be, cue.end + _DATE_REACH)
    text = ctx.doc.norm
    inside = ctx.within(ctx.dates, bs, be)
    if not inside:
        return None
    clause_start = max(text.rfind(";", bs, cue.start) + 1, bs)
    before = [d for d in inside if clause_start <= d.start and d.end <= cue.start]
    chosen = None
    # a cue between the date and this one holds the date, unless it only refers back ("dự Đại hội")
    if before and (joined or prev is None or prev.block != cue.block or prev.start < before[-1].start
                   or prev.back_ref):
        chosen = before[-1]
    elif not before:
        if not cue.back_ref:
            limit = min(_clause_end(text, cue.name_end, be), cue.end + _AFTER_DATE_WINDOW)
            if nxt is not None and nxt.block == cue.block:
                limit = min(limit, nxt.start)
            after = [d for d in inside if cue.end <= d.start < limit]
            if after:
                chosen = after[0]
    if chosen is None:
        return None
    date = chosen.obj
    # "Ngày 3-12 ... (từ 3 đến 5-12)": the interval that starts on the day is the event's date
    for d in inside:
        v = d.obj.value
        if "/" in v and v.split("/")[0] == date.value:
            return d.obj
    return date


def _clause_end(text: str, pos: int, limit: int) -> int:
    k = text.find(";", pos, limit)
    return k if k >= 0 else limit


_NOT_LETTERS = regex.compile(r"[\W\d_]+")


def lead_date(ctx: Context) -> Optional[str]:
    """The date that opens the article's first dated sentence ("Sáng 29/06/2022, ..."), if any."""
    text = ctx.doc.norm
    for bs, be in ctx.spans:
        inside = ctx.within(ctx.dates, bs, be)
        if not inside:
            continue
        rest = text[inside[0].end:be]
        if len(_NOT_LETTERS.sub("", rest)) < 25:
            continue  # a page header holding only the date and a time
        if inside[0].start - bs > 40:
            continue
        return inside[0].obj.value
    return None


# --- place and venue ----------------------------------------------------------------------------

_AT = regex.compile(r"\b(?:tại|ở)\s+", regex.IGNORECASE)
# its twin for `plain_lower` text, the "not after a word" test behind the first letter (see `word_trie`)
_AT_LOWER = re.compile(r"(?:t(?<!" + WORD_CHAR + r"[\s\S])ại|ở(?<!" + WORD_CHAR + r"[\s\S]))" + _WS + "+")
_STOP = re.compile(r"[;.]")
_VENUE_END = re.compile(r"[,;.(\n]")
_SUBNATIONAL = ("province", "district", "commune", "other")


def event_location(ctx: Context, group: list[Cue]) -> tuple[Optional[str], Optional[str]]:
    """Place and venue the event's first sentences give with "tại"/"ở" (after the cue first:
    "đến thăm ... Tổng Lãnh sự quán tại tỉnh Champasac"; then before it: "tại tỉnh Bến Tre đã diễn ra
    Hội nghị"); else a place its clause names ("lễ khánh thành Trường ..., tỉnh Gia Lai")."""
    text = ctx.doc.norm
    venue = None
    for c in _first_per_block(group)[:3]:
        bs, be = ctx.spans[c.block]
        cs = max(text.rfind(";", bs, c.start) + 1, bs)
        ce = _clause_end(text, c.end, be)
        at_re, at_text = (_AT_LOWER, ctx.lower) if ctx.lower is not None else (_AT, text)
        # lazily: the first "tại" with a place ends the search, and a clause may run to a long block's end
        ats = chain(at_re.finditer(at_text, c.end, ce), _reversed_lazily(at_re.finditer, at_text, cs, c.start))
        for at in ats:
            reach = min(be, at.end() + 90)
            # the places before the first sentence stop after "tại": one search instead of one per place
            stop = _STOP.search(text, at.end(), reach)
            places = _not_nationalities(text, ctx.within(ctx.places, at.end(), reach))
            if stop is not None:
                places = [p for p in places if p.start <= stop.start()]
            venue = venue or _venue(text, at.end(), be, ctx.lower)
            loc = _province_level(places)
            if loc:
                return loc, venue
    for c in group[:3]:
        bs, be = ctx.spans[c.block]
        # a country or region in an event's name is its subject ("Hội nghị Thượng đỉnh Mỹ - Triều Tiên")
        near = [p for p in _not_nationalities(text, ctx.within(ctx.places, c.end, min(_clause_end(text, c.end, be),
                                                                                        c.end + 150)))
                if p.obj.kind not in ("country", "region")]
        loc = _province_level(near)
        if loc:
            return loc, venue
    return None, venue


def _not_nationalities(text: str, places: list) -> list:
    """The places that are not a body's nationality written after a slash ("Adoptionscentrum/ Thụy
    Điển", "Aide et Action (AeA)/Pháp") nor the seat of a diplomatic post ("Tổng Lãnh sự Hàn Quốc tại
    Đà Nẵng"): those say where a body or post is, not where the event is."""
    out = []
    for p in places:
        k = p.start - 1
        while k >= 0 and text[k] == " ":
            k -= 1
        if k >= 0 and text[k] == "/":
            continue
        if _POST_SEAT.search(text, max(0, p.start - 70), p.start):
            continue
        out.append(p)
    return out


# "Tổng Lãnh sự Hàn Quốc tại ", "Đại sứ quán Nhật Bản tại ", "Trưởng Đại diện ... tại ": the place after is the post's seat
_POST_SEAT = regex.compile(r"(?:Tổng\s+[Ll]ãnh\s+sự|Lãnh\s+sự|Đại\s+sứ|[Đđ]ại\s+diện)(?:\s+quán)?"
                           r"(?:\s+\p{Lu}[\p{L}-]*)+\s+tại\s+(?:(?:tỉnh|thành\s+phố|TP\.?)\s+)?$")


def _reversed_lazily(finditer, text: str, start: int, end: int) -> Iterator:
    """`reversed(list(finditer(text, start, end)))`, scanned only when the first item is asked for."""
    yield from reversed(list(finditer(text, start, end)))


def _first_per_block(group: list[Cue]) -> list[Cue]:
    seen, out = set(), []
    for c in group:
        if c.block not in seen:
            seen.add(c.block)
            out.append(c)
    return out


def _venue(text: str, pos: int, limit: int, lower: Optional[str]) -> Optional[str]:
    """The venue named at `pos` ("Trung tâm Hội nghị ..."), up to its clause's end; `lower`: the text's
    `plain_lower`, if any."""
    lex = lexicon()
    m = lex.venue_re.match(text, pos, limit) if lower is None else lex.venue_lower_re.match(lower, pos, limit)
    if not m:
        return None
    end = _VENUE_END.search(text, pos, limit)
    stop = end.start() if end else limit
    return text[pos:stop].strip() or None


def _province_level(places: list) -> Optional[str]:
    """The place a phrase gives at province (or country) level: "Biên Hòa, tỉnh Đồng Nai" -> Đồng Nai.

    Venues and landmarks (kind other) are no location; a country gives way to a place in it.
    """
    places = [p for p in places if p.obj.kind != "other"]
    if any(p.obj.kind != "region" for p in places):
        places = [p for p in places if p.obj.kind != "region"]
    if not places:
        return None
    first = places[0].obj
    if first.kind in ("district", "commune"):
        if first.province:
            return first.province
        nxt = next((p.obj.name for p in places[1:] if p.obj.kind == "province"), None)
        return nxt or first.name
    if first.kind == "country" and len(places) > 1:
        return _province_level(places[1:]) or first.name
    return first.name


# --- organisers, people, amounts ----------------------------------------------------------------

_HOLD = regex.compile(r"\b(?:tổ chức|tiến hành|ký kết|ký|có cuộc họp|có buổi|chủ trì)\b", regex.IGNORECASE)
_BY = regex.compile(r"\bdo\s+", regex.IGNORECASE)
# their twins for `plain_lower` text ("not after a word" behind the first letter: see `word_trie`)
_HOLD_LOWER = re.compile(r"(?:t(?<!" + WORD_CHAR + r"[\s\S])(?:ổ chức|iến hành)|k(?<!" + WORD_CHAR + r"[\s\S])(?:ý kết|ý)"
                         r"|c(?<!" + WORD_CHAR + r"[\s\S])(?:ó cuộc họp|ó buổi|hủ trì))" + _NOT_BEFORE_WORD)
_BY_LOWER = re.compile(r"d(?<!" + WORD_CHAR + r"[\s\S])o" + _WS + "+")
_OF = re.compile(r"\s*\"?\s*của\s+", re.IGNORECASE)  # `re`: see separate_re
_NOT_ORGANIZER = regex.compile(r"\b(?:thông qua|tại|ở|cho|tặng|từ)\s*$", regex.IGNORECASE)


def event_organizers(ctx: Context, group: list[Cue]) -> list[str]:
    """Organisations holding the event: "X tổ chức Hội nghị", "Hội nghị do X tổ chức", "của X", "X và Y ký kết"."""
    text = ctx.doc.norm
    # `hold` is only tested for truth and `by` for its end: the twins' matches serve as well
    hold_re, by_re, low = (_HOLD_LOWER, _BY_LOWER, ctx.lower) if ctx.lower is not None else (_HOLD, _BY, text)
    found: list[str] = []

    def add(item):
        name = item.obj.name
        if name not in found:
            found.append(name)

    for c in group:
        bs, be = ctx.spans[c.block]
        clause_start = max(text.rfind(";", bs, c.start) + 1, bs)
        before = [o for o in ctx.within(ctx.orgs, clause_start, c.start)]
        hold = hold_re.search(low, before[-1].end if before else c.start, c.start + 1) if before else None
        if before and (hold or c.strength == 1):
            for o in before:
                if not _NOT_ORGANIZER.search(text[max(clause_start, o.start - 12):o.start], None, None, KEEP_GIL) \
                        and not _inside_parens(text, clause_start, o.start):
                    add(o)
        by = by_re.search(low, c.name_end, min(be, c.name_end + 40))
        if by:
            # the verb "tổ chức", not the words inside a name ("Liên hiệp các tổ chức hữu nghị ...")
            orgs_after = ctx.within(ctx.orgs, by.end(), be)
            stop = text.find("tổ chức", by.end(), be)
            while stop > 0 and any(o.start <= stop < o.end for o in orgs_after):
                stop = text.find("tổ chức", stop + 1, be)
            if stop > 0:
                for o in orgs_after:
                    if o.start < stop:
                        add(o)
        of = _OF.match(text, c.name_end, be)
        if of:
            nxt = ctx.within(ctx.orgs, of.end(), min(be, of.end() + 120))
            if nxt and nxt[0].start == of.end():
                add(nxt[0])
        if found:
            break
    return found


def _inside_parens(text: str, start: int, pos: int) -> bool:
    seg = text[start:pos]
    return seg.count("(") > seg.count(")")


def attach_people(ctx: Context, group: list[Cue]) -> tuple[list[str], list[dict]]:
    """Chairs and participants: persons in the event's sentences, with the role their clause gives.

    Participants come as dicts (the fields of `Participant`): the `Event` builds them in its own
    validation, which costs a fraction of building each model first."""
    text = ctx.doc.norm
    lex = lexicon()
    role_res, role_text = (lex.role_lower_res, ctx.lower) if ctx.lower is not None else (lex.role_res, text)
    clause_roles = ctx.clause_roles
    chairs: list[str] = []
    parts: dict[str, dict] = {}
    for b in sorted({c.block for c in group}):
        bs, be = ctx.spans[b]
        for p in ctx.within(ctx.persons, bs, be):
            cs = max(text.rfind(";", bs, p.start) + 1, bs)
            ce = _clause_end(text, p.end, be)
            # persons of one clause (and events sharing a sentence) ask the same question
            role = clause_roles.get((cs, ce), "")
            if role == "":
                role = next((r for r in _ROLE_WORDS if role_res[r].search(role_text, cs, ce)), None)
                clause_roles[(cs, ce)] = role
            name = p.obj.name
            if role == "chair" and name not in chairs:
                chairs.append(name)
            if name not in parts or (parts[name]["role"] is None and role):
                parts[name] = {"name": name, "kind": "person", "role": role}
            if role and role not in p.obj.event_roles:
                p.obj.event_roles.append(role)
    return chairs, list(parts.values())


def event_amounts(ctx: Context, block_ids: list[int]) -> list[int]:
    out = []
    for b in block_ids:
        bs, be = ctx.spans[b]
        for a in ctx.within(ctx.amounts, bs, be):
            if a.index not in out:
                out.append(a.index)
    return sorted(out)
