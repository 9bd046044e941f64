"""Text normalisation that keeps a map back to the original offsets.

Recognisers match on `Document.norm` (NFC, one tone-mark placement, plain
spaces, ASCII dashes and quotes, no zero-width characters) and report spans
in normalised coordinates; `Document.span` maps such a span back to the
ORIGINAL text, which is the only text offsets ever point into.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterator

import regex

from .model import Mention, built

# `regex` releases and retakes the GIL around each search, each match a finditer hands out and
# its own allocations when scanning a str, unless told `concurrent=False` (measured: a whole-text
# finditer ~1.5x faster, a match at a given position 340 -> 210 ns). Passed by keyword that costs
# more than it saves, so hot call sites pass it positionally:
#     pattern.finditer(text, pos, endpos, False, KEEP_GIL)    # (..., overlapped, concurrent)
#     pattern.search(text, pos, endpos, KEEP_GIL)             # also match, fullmatch
# Only for `regex` patterns: the standard `re` never releases the GIL and takes no such argument.
KEEP_GIL = False

# Characters replaced one-for-one (same length, so the map stays trivial).
_CHAR_MAP = {
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ",
    "\u2003": " ", "\u3000": " ", "\t": " ", "\r": "\n", "\u2028": "\n", "\u2029": "\n",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
    "\u2026": "…",
}
# Dropped entirely: they carry no text and break word matching.
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}

# Old-style tone placement on oa/oe/uy (hoà, khoẻ, thuỷ) -> new style (hòa, khỏe, thủy),
# the form every gazetteer uses. Only at the end of a syllable: "hoàng" keeps its accent.
_TONE_OLD_NEW: dict[str, str] = {}
for _base, _marks in (("a", "àáảãạ"), ("e", "èéẻẽẹ"), ("y", "ỳýỷỹỵ")):
    _first = "o" if _base in "ae" else "u"
    _first_marked = {"o": "òóỏõọ", "u": "ùúủũụ"}[_first]
    for _i, _m in enumerate(_marks):
        _TONE_OLD_NEW[_first + _m] = _first_marked[_i] + _base
        _TONE_OLD_NEW[(_first + _m).upper()] = (_first_marked[_i] + _base).upper()
        _TONE_OLD_NEW[_first.upper() + _m] = _first_marked[_i].upper() + _base
# A word character much as the `regex` module counts it (V1 \w), written for the standard `re`
# module: re's \w also takes superscripts and vulgar fractions ("m²", "½") and leaves out
# combining marks (left after NFC only when they compose with nothing). The two agree on every
# character below U+0483 and in the Latin Extended Additional block (all of Vietnamese), not
# everywhere: other scripts' marks, sub/superscript digits (U+2070-U+209F), ZWJ/ZWNJ, ‿ and
# code points unassigned in Python's Unicode tables differ.
WORD_CHAR = r"(?:[^\W\u00b2\u00b3\u00b9\u00bc-\u00be]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])"
# `re`, with the "not after q" test behind the two matched characters: a pattern that starts
# with a literal lets `re` skip ahead to the next o/u (~3x faster than `regex` here).
_TONE_RE = re.compile("(" + "|".join(sorted(_TONE_OLD_NEW, key=len, reverse=True)) + r")(?<![qQ]..)(?!"
                      + WORD_CHAR + ")")


def fold_tones(s: str) -> str:
    """hoà -> hòa, thuỷ -> thủy (length-preserving)."""
    return _TONE_RE.sub(lambda m: _TONE_OLD_NEW[m.group(1)], s)


@lru_cache(maxsize=8)  # several stages ask for the same document's
def lowered(norm: str) -> str:
    """Lower-cased text with the same offsets (the text itself when lower-casing would change its
    length, as "İ" does): matchers run on it case-sensitively, which `re` scans fast."""
    low = norm.lower()
    return low if len(low) == len(norm) else norm


def normalize(s: str) -> str:
    """The normalised form of a string, as used for keys and lookups (no map)."""
    return _normalize_with_map(s)[0]


def _clusters(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each character of `text` with the combining marks that follow it."""
    n = len(text)
    i = 0
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        yield i, j
        i = j


def _normalize_with_map(text: str) -> tuple[str, array | None]:
    """Normalised text and, for each of its characters, the original index it came from.

    The map is None when it is the identity (the common case: NFC text with
    nothing to drop), which keeps a 1 MB document from costing a list of a
    million ints. Combining marks are grouped with their base character and the
    group is NFC-composed, so NFD input gives the same normalised text as NFC.
    """
    if (unicodedata.is_normalized("NFC", text) and not any(c in text for c in _DROP)
            and not _MARK.search(text, 0, None, KEEP_GIL)):
        # fast path, all in C: one-for-one replacements and the tone swap keep the length (a mark
        # left in NFC text takes the path below, which keeps it with its base character)
        return fold_tones(_replace_chars(text)), None
    out: list[str] = []
    origin = array("l")
    for i, j in _clusters(text):
        ch = text[i]
        if ch in _DROP:
            continue
        if j - i > 1 or not ch.isascii():
            cluster = unicodedata.normalize("NFC", text[i:j])
            cluster = "".join(_CHAR_MAP.get(c, c) for c in cluster if c not in _DROP)
        else:
            cluster = _CHAR_MAP.get(ch, ch)
        for c in cluster:
            out.append(c)
            origin.append(i)
    s = fold_tones("".join(out))
    return s, origin


# re.sub over the few characters present: ~15x faster than str.translate with a dict table,
# which looks up every character of the text (news text holds a handful of such characters)
_CHARS_TO_MAP = re.compile("[" + "".join(sorted(_CHAR_MAP)) + "]")


def _replace_chars(text: str) -> str:
    """The one-for-one replacements of `_CHAR_MAP` (length-preserving)."""
    return _CHARS_TO_MAP.sub(lambda m: _CHAR_MAP[m.group()], text)


# ---------------------------------------------------------------- the canonical input

_MARK = regex.compile(r"\p{M}")
# in NFC text without combining marks the canonical text differs only here: a run of spaces and tabs
# other than one space, a CR (with the LF after it)
_SPACES_TO_REWRITE = re.compile(r"[ \t]*\t[ \t]*|  +|\r\n?")


def _canonical_spaces(text: str) -> tuple[str, array]:
    """`canonical_with_map` for NFC text without combining marks (scraped text with runs of spaces,
    CRLF files): the unchanged stretches are copied whole, not character by character."""
    out: list[str] = []
    origin = array("l")
    pos = 0
    for m in _SPACES_TO_REWRITE.finditer(text):
        a, b = m.span()
        if a > pos:
            out.append(text[pos:a])
            origin.extend(range(pos, a))
        if text[a] == "\r":
            out.append("\n")
            origin.append(b - 1)  # CR LF: the LF stands for both; a lone CR: itself
        else:
            out.append(" ")
            origin.append(a)
        pos = b
    out.append(text[pos:])
    origin.extend(range(pos, len(text)))
    return "".join(out), origin


def canonical_with_map(text: str) -> tuple[str, array | None]:
    """The text every extraction runs on, and for each of its characters the index in `text` it
    came from (None when the two are the same, the common case).

    NFD and NFC input, a run of spaces or tabs and one space, CRLF and LF must give the same
    values (names, aliases, titles) and differ only in offsets: the stages run on this text and
    `remap_mentions` moves their offsets back into `text`. Rewrites: each base character and its
    combining marks NFC-composed; a run of spaces and tabs -> one space; CR LF -> LF, a lone CR -> LF;
    a line break inside a hard-wrapped sentence -> one space (`_join_wrapped_lines`).
    """
    # substring tests run at memchr speed; a regex scan for the same costs ~4% of an extraction
    if "  " not in text and "\t" not in text and "\r" not in text and unicodedata.is_normalized("NFC", text):
        canon, origin = text, None  # NFC with stray combining marks is its own canonical text too
    elif unicodedata.is_normalized("NFC", text) and not _MARK.search(text, 0, None, KEEP_GIL):
        canon, origin = _canonical_spaces(text)
    else:
        canon, origin = _canonical_clusters(text)
    joined = _join_wrapped_lines(canon)
    if joined is not canon and origin is None:
        origin = array("l", range(len(canon)))  # the same offsets; mentions still take `text`'s characters
    return joined, origin


_ADMIN_BEFORE_BREAK = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "TP", "TP.")


def _join_wrapped_lines(text: str) -> str:
    """`text` with the line breaks of hard-wrapped sentences made spaces (the same length, so the same
    offsets): a break after a comma, before a lower-case word, or between an administrative word and
    the name it qualifies ("Sở Ngoại vụ tỉnh\nThanh Hóa"). A break before a capitalised word otherwise
    stays: it may end a headline or a paragraph."""
    k = text.find("\n")
    if k < 0:
        return text
    chars = None
    n = len(text)
    while 0 <= k:
        if 0 < k < n - 1 and text[k - 1] != "\n" and text[k + 1] != "\n":
            before, after = text[k - 1], text[k + 1]
            if after.isalpha() and (before in ",;" or (after.islower() and before.isalnum())
                                    or (after.isupper() and text[max(0, k - 10):k].endswith(_ADMIN_BEFORE_BREAK)
                                        and not text[max(0, k - 11):k - 1].rstrip().endswith((".", ":")))):
                if chars is None:
                    chars = list(text)
                chars[k] = " "
        k = text.find("\n", k + 1)
    return text if chars is None else "".join(chars)


def _canonical_clusters(text: str) -> tuple[str, array]:
    """`canonical_with_map`, character by character (any input: NFD clusters too)."""
    out: list[str] = []
    origin = array("l")
    for i, j in _clusters(text):
        ch = text[i]
        if ch == " " or ch == "\t":
            if out and out[-1] == " ":
                continue
            cluster = " " if j == i + 1 else unicodedata.normalize("NFC", " " + text[i + 1:j])
        elif ch == "\r":
            if text.startswith("\n", j) and j == i + 1:
                continue  # the LF that follows stands for both
            cluster = "\n" if j == i + 1 else unicodedata.normalize("NFC", "\n" + text[i + 1:j])
        elif j - i > 1:
            cluster = unicodedata.normalize("NFC", text[i:j])
        else:
            cluster = ch
        for c in cluster:
            out.append(c)
            origin.append(i)
    return "".join(out), origin


def mapped_start(text: str, origin: array, i: int) -> int:
    """The offset in `text` of the derived text's character `i` (`origin`: each derived character's
    index in `text`)."""
    return origin[i] if i < len(origin) else len(text)


def mapped_end(text: str, origin: array, i: int) -> int:
    """The end offset in `text` (exclusive) of a derived text's span ending at `i`: the end of the last
    character's cluster, without what was dropped or collapsed after it (a zero-width space, the
    second of two spaces)."""
    if i <= 0:
        return 0
    if i >= len(origin):
        return len(text)
    nxt = origin[i]
    last = origin[i - 1]
    if nxt == last:  # inside one composed cluster: take the whole cluster
        k = i
        while k < len(origin) and origin[k] == last:
            k += 1
        nxt = origin[k] if k < len(origin) else len(text)
    end = last + 1
    while end < nxt and unicodedata.combining(text[end]):
        end += 1
    return end


def remap_mentions(record, text: str, origin: array) -> None:
    """Move every `Mention` of `record` (offsets into the canonical text) into `text`, the input
    the canonical text was made from (`canonical_with_map`), and take its text from there."""

    def walk(obj) -> None:
        if isinstance(obj, Mention):
            s = mapped_start(text, origin, obj.start)
            e = max(s, mapped_end(text, origin, obj.end))
            obj.__dict__.update(start=s, end=e, text=text[s:e])
        elif isinstance(obj, list):
            for x in obj:
                walk(x)
        elif hasattr(obj, "__pydantic_fields_set__"):
            for v in obj.__dict__.values():
                if isinstance(v, (list, Mention)) or hasattr(v, "__pydantic_fields_set__"):
                    walk(v)

    walk(record)


_MENTION_FIELDS = frozenset(("start", "end", "text"))


def _new_mention(start: int, end: int, text: str) -> Mention:
    """A `Mention` from values known valid (ints and a slice of the text), unvalidated."""
    return built(Mention, {"start": start, "end": end, "text": text}, _MENTION_FIELDS)


@dataclass
class Document:
    """One article: original text, normalised text and the map between them."""

    text: str
    id: str = "doc"
    published: str | None = None
    norm: str = field(init=False)
    _origin: array | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.norm, self._origin = _normalize_with_map(self.text)

    @property
    def identity_map(self) -> bool:
        """True when normalised and original offsets are the same (the common case: NFC text
        with nothing dropped), so stages may skip the offset mapping."""
        return self._origin is None

    def orig_start(self, i: int) -> int:
        if self._origin is None:
            return min(max(i, 0), len(self.text))
        return mapped_start(self.text, self._origin, i)

    def orig_end(self, i: int) -> int:
        """Original end offset for a normalised end offset `i` (exclusive)."""
        if self._origin is None:
            return 0 if i <= 0 else min(i, len(self.text))
        return mapped_end(self.text, self._origin, i)

    def norm_offset(self, orig: int) -> int:
        """Normalised offset of an original offset: the first normalised character at or after it.

        The inverse of `orig_start`, for stages that read earlier stages' mentions
        (original offsets) and work on `norm`.
        """
        if self._origin is None:
            return min(max(orig, 0), len(self.norm))
        return bisect.bisect_left(self._origin, orig)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) to the original [start, end)."""
        if self._origin is None:  # the common case, inlined as in `mention`
            n = len(self.text)
            s = min(max(start, 0), n)
            return s, (max(s, min(end, n)) if end > 0 else s)
        s = self.orig_start(start)
        e = self.orig_end(end)
        return s, max(s, e)

    def mention(self, start: int, end: int) -> Mention:
        if self._origin is None:  # the common case, inlined: offsets are the same in both texts
            n = len(self.text)
            s = min(max(start, 0), n)
            e = max(s, min(end, n)) if end > 0 else s
        else:
            s, e = self.span(start, end)
        if type(s) is int and type(e) is int:
            # ints and a slice of the text: nothing for pydantic to validate (a hot path)
            return _new_mention(s, e, self.text[s:e])
        return Mention(start=s, end=e, text=self.text[s:e])

    def mention_fields(self, start: int, end: int) -> dict:
        """The fields of `mention(start, end)` as a dict, for records that validate their
        mentions in one go (cheaper than building each Mention first)."""
        s, e = self.span(start, end)
        return {"start": s, "end": e, "text": self.text[s:e]}

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        from .segment import sentence_spans

        return sentence_spans(self.norm)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The (start, end) of the normalised sentence holding normalised offset `pos`."""
        spans = self.sentences
        k = bisect.bisect_right(self._sentence_starts, pos) - 1
        if k < 0:
            return (0, len(self.norm))
        return spans[k]
