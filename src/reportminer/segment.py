"""Sentences and words with exact offsets.

`sentence_spans` is a fast rule-based splitter run on every document (lines,
then sentence-final punctuation followed by a capital), aware of the
abbreviations Vietnamese reports put before names (TP., TS., PGS.TS., ThS.).
`word_spans` uses underthesea's word segmentation and realigns its tokens to
the text, and `spacy_doc` builds a spaCy `Doc` whose text is exactly the
input; both load underthesea only when called.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from .text import KEEP_GIL

# "TP. Hồ Chí Minh", "PGS.TS. Nguyễn Văn A": a period after these is not a sentence end.
_ABBREV = r"(?:TP|Tp|tp|TS|Ts|ThS|PGS|GS|BS|KS|CN|St|Mr|Mrs|Ms|Dr|TT|P|Q|H|X|TX|ông|bà|v\.v)"
# The whitespace (group 1) after sentence-final punctuation, before a capital or digit. Each
# pattern starts with the punctuation itself, not a lookbehind, so the scan skips ahead to the
# next candidate character (~1.5x faster than testing lookbehinds at every position).
_SENT_END = regex.compile(
    r"(?:[.!?…]|(?<=\.)\"|(?<=[.!?])\))(?<!\b" + _ABBREV + r"\.)(\s+)(?=[\"'(\[]?[\p{Lu}\d])",
)
# "…tổ chức.Chỉ trong…": a full stop glued to the next sentence (after a lower-case word,
# before a capitalised word; "TP.HCM" and "PGS.TS" have capitals before the dot); the boundary
# is the match's end
_GLUED_END = regex.compile(r"[.!?](?<=\p{Ll}{2}[.!?])(?=\p{Lu}\p{Ll})")
_LINES = regex.compile(r"[^\n]+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; lines are never joined."""
    # Each boundary pattern scans the whole text once rather than each line (two scans, not two
    # per line). A match whose whitespace runs over a line break is dropped: a scan of its line
    # would stop at the line's end, before the capital its lookahead needs. Every other match lies
    # inside one line and is the one that line's scan finds: the lookarounds see the same
    # characters, since a line break fails them as the end of a line does.
    bounds = sorted([*(m.span(1) for m in _SENT_END.finditer(text, 0, None, False, KEEP_GIL) if "\n" not in m.group(1)),
                     *((m.end(), m.end()) for m in _GLUED_END.finditer(text, 0, None, False, KEEP_GIL))])
    spans: list[tuple[int, int]] = []
    k, nb = 0, len(bounds)
    for line in _LINES.finditer(text, 0, None, False, KEEP_GIL):
        ls, le = line.span()
        start = ls
        # (start, end) of each boundary in this line: the whitespace between sentences, or an
        # empty span
        while k < nb and bounds[k][0] < le:
            bs, be = bounds[k]
            k += 1
            if bs > start:
                spans.append(_strip(text, start, bs))
            start = be
        if start < le:
            spans.append(_strip(text, start, le))
    return [s for s in spans if s[1] > s[0]]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


@lru_cache(maxsize=1)
def _word_tokenize():
    from underthesea import word_tokenize

    return word_tokenize


def word_spans(text: str) -> list[tuple[int, int]]:
    """Word (multi-syllable) spans from underthesea, aligned to `text` exactly.

    underthesea may alter spacing inside a token; each token is found again
    in the text syllable by syllable, and text it skipped stays outside tokens.
    """
    tokenize = _word_tokenize()
    spans: list[tuple[int, int]] = []
    pos = 0
    for ls, le in sentence_spans(text) or []:
        for tok in tokenize(text[ls:le]):
            parts = tok.split()
            if not parts:
                continue
            start = text.find(parts[0], pos, le)
            if start < 0:
                continue
            end = start + len(parts[0])
            ok = True
            for p in parts[1:]:
                k = text.find(p, end, le)
                if k < 0 or text[end:k].strip():
                    ok = False
                    break
                end = k + len(p)
            if not ok:
                end = start + len(parts[0])
            spans.append((start, end))
            pos = end
    return spans


def spacy_doc(text: str, nlp=None):
    """A spaCy `Doc` with `doc.text == text`, tokens from underthesea words.

    Text between words (spaces, newlines, punctuation underthesea dropped)
    becomes whitespace attached to the previous token or extra tokens, so the
    Doc's text is the input exactly.
    """
    from spacy.tokens import Doc

    if nlp is None:
        nlp = _blank_vi()
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for s, e in word_spans(text):
        if s < pos:
            continue
        _gap_tokens(text[pos:s], words, spaces)
        words.append(text[s:e])
        spaces.append(False)
        pos = e
    _gap_tokens(text[pos:], words, spaces)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    assert doc.text == text
    return doc


def _gap_tokens(gap: str, words: list[str], spaces: list[bool]) -> None:
    """Put the text between two words into the token lists, losslessly."""
    for m in regex.finditer(r"\S+|\s+", gap):
        piece = m.group()
        if piece == " " and words and not spaces[-1]:
            spaces[-1] = True
        else:
            words.append(piece)
            spaces.append(False)


@lru_cache(maxsize=1)
def _blank_vi():
    import spacy

    # spacy.blank("vi") wants pyvi; the multi-language blank has no such dependency
    return spacy.blank("xx")
