"""Data files under `gazetteers/`: loaded once, validated, compiled to matchers.

Files are CSV (UTF-8, header row, `#` comment lines allowed) or JSON. A
malformed file raises `LexiconError` naming the file and line. Phrase lists
are compiled into one trie-shaped regular expression per list, so a lookup
is one scan of the text, not one scan per entry.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable

import regex

from .text import WORD_CHAR, lowered, normalize  # noqa: F401 - WORD_CHAR is used from here


class LexiconError(ValueError):
    """A data file is missing, malformed or has an invalid row."""


def _data_dir():
    return resources.files("reportminer").joinpath("gazetteers")


def read_text(name: str) -> str:
    path = _data_dir().joinpath(name)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as e:  # pragma: no cover - packaging error
        raise LexiconError(f"gazetteers/{name}: file not found") from e


@lru_cache(maxsize=None)
def load_csv(name: str, required: tuple[str, ...] = ()) -> tuple[dict[str, str], ...]:
    """Rows of `gazetteers/<name>` as dicts (cached). Values are NFC-normalised and stripped.
    `required`: columns that must exist and be filled on every row."""
    fields, rows, line_nums = _parsed_csv(name)
    missing = [c for c in required if c not in fields]
    if missing:
        raise LexiconError(f"gazetteers/{name}: missing columns {missing}")
    for row, line_num in zip(rows, line_nums):
        for c in required:
            if not row.get(c):
                raise LexiconError(f"gazetteers/{name}: line {line_num}: empty '{c}'")
    return rows


@lru_cache(maxsize=None)
def _parsed_csv(name: str) -> tuple[tuple[str, ...], tuple[dict[str, str], ...], tuple[int, ...]]:
    """(columns, rows, line number of each row) of `gazetteers/<name>`, read once whatever columns
    its callers require (the commune tables are read by three stages)."""
    raw = read_text(name)
    lines = [ln for ln in raw.splitlines() if not ln.lstrip().startswith("#")]
    body = "\n".join(lines)
    reader = csv.DictReader(io.StringIO(body))
    if reader.fieldnames is None:
        raise LexiconError(f"gazetteers/{name}: empty file")
    # Normalising 10k commune names one by one costs ~0.5 s; when the whole file is already in
    # normal form, so is every field of it (separators and quotes are untouched by normalize).
    norm = (lambda v: v) if normalize(body) == body else normalize
    rows, line_nums = [], []
    for row in reader:
        if None in row:
            raise LexiconError(f"gazetteers/{name}: line {reader.line_num}: too many fields")
        rows.append({k: norm((v or "").strip()) for k, v in row.items()})
        line_nums.append(reader.line_num)
    return tuple(reader.fieldnames), tuple(rows), tuple(line_nums)


@lru_cache(maxsize=None)
def load_json(name: str):
    try:
        return json.loads(read_text(name))
    except json.JSONDecodeError as e:
        raise LexiconError(f"gazetteers/{name}: line {e.lineno}: {e.msg}") from e


def split_list(value: str) -> list[str]:
    """'a|b|c' -> ['a', 'b', 'c'] (the list separator inside one CSV cell)."""
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def trie_pattern(phrases: Iterable[str], after_first: str = "") -> str:
    """A regex alternation shaped like a trie: one pass over the text whatever the list size.

    Longer phrases win over their prefixes because each branch tries the longer
    continuation first. `after_first` is put right after each first character (see
    `word_trie`).
    """
    return emit_trie(_build_trie(phrases), after_first)


def _build_trie(phrases: Iterable[str]) -> dict:
    trie: dict = {}
    for p in set(phrases):
        if not p:
            continue
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def trie_branches(phrases: Iterable[str]) -> list[tuple[str, str]]:
    """The root of `trie_pattern` as (first character, pattern of the rest), in the order the
    trie tries them (for callers that put something between the two)."""
    return list(_trie_branches(frozenset(phrases)))


@lru_cache(maxsize=64)  # callers ask again for the same list (once per first letter they allow)
def _trie_branches(phrases: frozenset[str]) -> tuple[tuple[str, str], ...]:
    trie = _build_trie(phrases)
    return tuple((ch, emit_trie(trie[ch])) for ch in sorted(trie) if ch != "")


def emit_trie(trie: dict, after_first: str = "", depth: int = 1) -> str:
    """The pattern of a trie from `_build_trie`; `after_first` goes right after the first `depth`
    characters of every branch (see `word_trie`)."""
    def emit(node: dict, level: int) -> str:
        alts = []
        end = False
        for ch in sorted(node, key=lambda c: (c == "", c)):
            if ch == "":
                end = True
                continue
            alts.append(_escape(ch) + (after_first if level == depth else "") + emit(node[ch], level + 1))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return ("(?:" + body + ")?") if end else body

    return emit(trie, 1)


def word_trie(phrases: Iterable[str], word_char: str) -> str:
    """Case-sensitive `(?<!word_char)(?:trie)`, written so the stdlib `re` scans it fast.

    `re` skips ahead with a tight set test only when a pattern starts with a literal or a
    set, not with a lookbehind; so the "not after a word character" test goes after the
    first characters, as a lookbehind over them (same matches, ~2-4x faster): after the
    second one when every phrase has two before any space (in running text most positions
    whose first character fits are inside a word, and the second rejects them before the
    costlier lookbehind). Not for IGNORECASE: cased first letters turn the skip off.
    """
    phrases = {p for p in phrases if p}
    if not phrases or any(p[0].isspace() for p in phrases):
        return r"(?<!" + word_char + r")(?:" + trie_pattern(phrases) + r")"
    depth = 2 if all(len(p) >= 2 and not p[1].isspace() for p in phrases) else 1
    not_after_word = r"(?<!" + word_char + r"[\s\S]" * depth + r")"
    return r"(?:" + emit_trie(_build_trie(phrases), not_after_word, depth) + r")"


@lru_cache(maxsize=4096)  # the same few hundred characters, for every node of every trie
def _escape(ch: str) -> str:
    if ch == " ":
        return r"\s+"  # tolerate double spaces and line breaks inside names
    return regex.escape(ch)


def first_char_guard(phrases: Iterable[str]) -> str:
    """`(?=[...])` over the first characters of the phrases ("" when one starts with a space).

    Put in front of a trie pattern it changes no match, but lets the scan reject most
    positions with one set test before the costlier lookbehind and trie (~2-3x faster).
    Under IGNORECASE the set folds case like the trie does.
    """
    firsts = {p[0] for p in phrases if p}
    if not firsts or any(c.isspace() for c in firsts):
        return ""
    return "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"


def phrase_regex(phrases: Iterable[str], ignore_case: bool = True) -> re.Pattern:
    """Compiled matcher for whole-word occurrences of any phrase.

    Built with the standard `re` module: for these big trie alternations it compiles ~3x
    and scans ~4x faster than `regex`, and phrase lists need no Unicode properties. (re folds
    case one character at a time: a ligature "ﬁ" in the text does not match "fi".) The
    `.pattern` stays valid `regex` syntax for callers that embed it in a larger pattern.

    With `ignore_case`, the matches are those of `(?i)(?<!W)(?:trie)(?!W)`, but written so that
    `re` can skip ahead: a global IGNORECASE makes the first letters cased, and `re` then tries
    every position of the text. Instead each character that IGNORECASE equates with a first
    character is a case-sensitive literal ("B", "b"), followed, case-insensitively, by the
    word-start test (a lookbehind) and the trie branches that character can take, in the trie's
    order (~2x faster scan, same matches). After a lower-case letter, which in running text is
    mostly inside a word, a test of the second character comes before the word-start test
    (which rejects those positions at more cost), when no branch ends or has a space there.
    """
    phrases = set(phrases)
    if not ignore_case:
        return re.compile(word_trie(phrases, WORD_CHAR) + r"(?!" + WORD_CHAR + r")")
    trie = _build_trie(phrases)
    if not trie or any(first.isspace() for first in trie):
        return re.compile(first_char_guard(phrases) + r"(?<!" + WORD_CHAR + r")(?:" + trie_pattern(phrases)
                          + r")(?!" + WORD_CHAR + r")", re.IGNORECASE)
    # the word-start test and the final "no word character" test are case-sensitive: WORD_CHAR
    # matches the same characters with or without IGNORECASE (checked over every code point by
    # tests/test_lexicon_case.py), and they compile much faster without it
    not_after_word = r"(?<!" + WORD_CHAR + r"(?s:.))"
    rests_of: dict[str, list[str]] = {}
    for first in sorted(trie):
        node = trie[first]
        rest = not_after_word + "(?i:" + emit_trie(node) + ")"
        seconds = sorted(node)
        if "" in node or any(second.isspace() for second in seconds):
            rest_lower = rest
        else:  # the same, after a test of the second character
            rest_lower = "(?i:(?=[" + "".join(re.escape(c) for c in seconds) + "]))" + rest
        for same in ignorecase_equals(first):
            rests_of.setdefault(same, []).append(rest_lower if same.islower() else rest)
    groups = [re.escape(ch) + r"(?:" + "|".join(rests) + r")" for ch, rests in sorted(rests_of.items())]
    return re.compile(r"(?:" + "|".join(groups) + r")(?!" + WORD_CHAR + r")")


class PhraseScan:
    """The `finditer` of several whole-phrase patterns over a text, found from where one of their
    phrases' first words occurs instead of by a scan of each pattern (for patterns built from a
    phrase list by `phrase_regex`, `word_trie` or `trie_pattern`: a phrase's spaces are `\\s+`,
    its words written as they are).

    A pattern scan tries the pattern at every position whose character can start a phrase: for
    cue words and regions ("thành phố", "miền Trung") a large share of all Vietnamese word starts
    ("t", "đ", "n", ...), each try costing a walk down the trie's long list of first letters.
    Their first words ("thành", "miền") occur far less often. They are looked for in the
    lower-cased text (`text.lowered`, same offsets) by one small pattern per first letter, which
    starts with a literal that `re` skips ahead to (much cheaper than the set test a trie starts
    with) and consumes only that literal, so no occurrence hides another. A pattern's match
    starts with one of its phrases' first words (phrase spaces are `\\s+`, a first word is
    written as it is), and a pattern scan resumes after a match's end: so trying the pattern
    itself (`.match`, whose lookbehinds see the text before the position as a scan's do) at its
    first words' occurrences in order, skipping those inside its last match, gives the scan's
    matches.

    The lower-cased text shows a first word where the pattern matches it if the pattern matches
    only characters whose lower case is that of the phrase's character: with IGNORECASE `re`
    also equates a few others ("ı" with "i", "ſ" with "s"); a text holding one of them, or whose
    lower case is longer (`lowered` then gives the text itself), is scanned the usual way.
    """

    def __init__(self, patterns: list[tuple[re.Pattern, frozenset[str], bool]]) -> None:
        """`patterns`: (compiled pattern, the phrases it was built from, whether it ignores case)."""
        self.patterns = [pattern for pattern, _, _ in patterns]
        owners: dict[str, set[int]] = {}   # lower-cased first word -> the patterns it starts
        odd: set[str] = set()
        for i, (_, phrases, ignore_case) in enumerate(patterns):
            firsts = {p.split(" ")[0] for p in phrases}
            for word in firsts:
                owners.setdefault(word.lower(), set()).add(i)
            for ch in set("".join(firsts)):
                # characters the pattern matches for a first word's character but that lower-case to
                # another letter; and Σ, which str.lower turns into σ or ς by context
                same = ignorecase_equals(ch) if ignore_case else ch
                odd |= {x for x in same if x.lower() != ch.lower() or x == "\u03a3"}
        self.odd = tuple(sorted(odd))
        # where a word occurs, every word it begins with occurs too: look for those only, with the
        # patterns of the longer words they begin
        shortest = {w for w in owners if not any(o != w and w.startswith(o) for o in owners)}
        self.owners = {w: tuple(sorted({i for o in owners if o.startswith(w) for i in owners[o]})) for w in shortest}
        by_first: dict[str, list[str]] = {}
        for w in shortest:
            by_first.setdefault(w[0], []).append(w)
        # per first letter: the words' common beginning, then (in a lookahead, to consume no more)
        # their rests in a group, which gives where the word found ends
        self.word_res = []
        for words in by_first.values():
            common = os.path.commonprefix(words)
            rests = "|".join(re.escape(w[len(common):]) for w in sorted(words))
            self.word_res.append(re.compile(re.escape(common) + "(?=(" + rests + "))"))

    def finditer_all(self, text: str) -> list[list[re.Match]]:
        """`[list(pattern.finditer(text)) for pattern in patterns]`."""
        low = lowered(text)
        if low is text or any(ch in text for ch in self.odd):
            return [list(pattern.finditer(text)) for pattern in self.patterns]
        words = sorted((m.start(), m.end(1)) for word_re in self.word_res for m in word_re.finditer(low))
        found: list[list[re.Match]] = [[] for _ in self.patterns]
        ends = [0] * len(self.patterns)
        owners = self.owners
        for start, end in words:
            for i in owners[low[start:end]]:
                if start >= ends[i]:
                    m = self.patterns[i].match(text, start)
                    if m:
                        found[i].append(m)
                        ends[i] = m.end()
        return found


# Characters `re` folds together under IGNORECASE that upper/lower/title case of one another do
# not reach: re's own table of extra equivalences (i/ı, s/ſ, µ/μ, Greek and Cyrillic variants),
# and the few characters whose lower case maps to a letter whose upper case is another one
# (İ -> i, Kelvin sign -> k, Angstrom sign -> å, ϴ -> θ, Ohm sign -> ω, ẞ -> ß). Checked over
# every code point by tests/test_lexicon_case.py.
_ODD_LOWER_CASE = "\u0130\u212a\u212b\u03f4\u2126\u1e9e"


def _case_closure(chars: Iterable[str]) -> set[str]:
    """`chars` and every one-character lower / upper / title / case-folded form, repeatedly."""
    seen = set(chars)
    todo = list(seen)
    while todo:
        c = todo.pop()
        for v in (c.lower(), c.upper(), c.title(), c.casefold()):
            if len(v) == 1 and v not in seen:
                seen.add(v)
                todo.append(v)
    return seen


@lru_cache(maxsize=1)
def _case_specials() -> frozenset[str]:
    from re._casefix import _EXTRA_CASES  # the table `re` folds case with (Python >= 3.11)

    extra = {chr(c) for lo, others in _EXTRA_CASES.items() for c in (lo, *others)}
    return frozenset(_case_closure(extra | set(_ODD_LOWER_CASE)))


@lru_cache(maxsize=None)
def ignorecase_equals(ch: str) -> str:
    """Every character that the one-character pattern `_escape(ch)` matches under IGNORECASE,
    in code point order."""
    one = re.compile(_escape(ch), re.IGNORECASE)
    return "".join(sorted(x for x in _case_closure(ch) | _case_specials() if one.fullmatch(x)))


def phrase_key(matched: str) -> str:
    """The lexicon key of a phrase matched in the text: lower case, single spaces (the phrase
    matchers accept any whitespace run where the lexicon writes one space)."""
    return " ".join(matched.lower().split())


def compile_regex(pattern: str, flags: int = regex.V1) -> regex.Pattern:
    """`regex.compile` with one-to-one case folding under IGNORECASE.

    V1's default full case folding (so that "ß" matches "ss" and "ﬁ" matches "fi") makes
    IGNORECASE patterns ~1.7x slower to scan and ~2.5x slower to compile, for characters
    Vietnamese text does not use.
    """
    if flags & regex.IGNORECASE:
        pattern = "(?-f)" + pattern
    return regex.compile(pattern, flags)
