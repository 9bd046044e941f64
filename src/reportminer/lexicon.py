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
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable

import regex

from .text import normalize


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
    """Rows of `gazetteers/<name>` as dicts (cached). Values are NFC-normalised and stripped."""
    raw = read_text(name)
    lines = [ln for ln in raw.splitlines() if not ln.lstrip().startswith("#")]
    body = "\n".join(lines)
    reader = csv.DictReader(io.StringIO(body))
    if reader.fieldnames is None:
        raise LexiconError(f"gazetteers/{name}: empty file")
    missing = [c for c in required if c not in reader.fieldnames]
    if missing:
        raise LexiconError(f"gazetteers/{name}: missing columns {missing}")
    # Normalising 10k commune names one by one costs ~0.5 s; when the whole file is already in
    # normal form, so is every field of it (separators and quotes are untouched by normalize).
    norm = (lambda v: v) if normalize(body) == body else normalize
    rows = []
    for row in reader:
        if None in row:
            raise LexiconError(f"gazetteers/{name}: line {reader.line_num}: too many fields")
        clean = {k: norm((v or "").strip()) for k, v in row.items()}
        for c in required:
            if not clean.get(c):
                raise LexiconError(f"gazetteers/{name}: line {reader.line_num}: empty '{c}'")
        rows.append(clean)
    return tuple(rows)


@lru_cache(maxsize=None)
def load_json(name: str):
    try:
        return json.loads(read_text(name))
    except json.JSONDecodeError as e:
        raise LexiconError(f"gazetteers/{name}: line {e.lineno}: {e.msg}") from e


def split_list(value: str) -> list[str]:
    """'a|b|c' -> ['a', 'b', 'c'] (the list separator inside one CSV cell)."""
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def trie_pattern(phrases: Iterable[str]) -> str:
    """A regex alternation shaped like a trie: one pass over the text whatever the list size.

    Longer phrases win over their prefixes because each branch tries the longer
    continuation first.
    """
    trie: dict = {}
    for p in set(phrases):
        if not p:
            continue
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        end = False
        for ch in sorted(node, key=lambda c: (c == "", c)):
            if ch == "":
                end = True
                continue
            alts.append(_escape(ch) + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return ("(?:" + body + ")?") if end else body

    return emit(trie)


def _escape(ch: str) -> str:
    if ch == " ":
        return r"\s+"  # tolerate double spaces and line breaks inside names
    return regex.escape(ch)


# A word character as the `regex` module counts it (V1 \w), written for the standard `re`
# module: re's \w also takes superscripts and vulgar fractions ("m²", "½") and leaves out
# combining marks (left after NFC only when they compose with nothing).
WORD_CHAR = r"(?:[^\W\u00b2\u00b3\u00b9\u00bc-\u00be]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])"


def phrase_regex(phrases: Iterable[str], ignore_case: bool = True) -> re.Pattern:
    """Compiled matcher for whole-word occurrences of any phrase.

    Built with the standard `re` module: for these big trie alternations it compiles ~3x
    and scans ~4x faster than `regex`, and phrase lists need no Unicode properties. (re folds
    case one character at a time: a ligature "ﬁ" in the text does not match "fi".) The
    `.pattern` stays valid `regex` syntax for callers that embed it in a larger pattern.
    """
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<!" + WORD_CHAR + r")(?:" + trie_pattern(phrases) + r")(?!" + WORD_CHAR + r")", flags)


def compile_regex(pattern: str, flags: int = regex.V1) -> regex.Pattern:
    """`regex.compile` with one-to-one case folding under IGNORECASE.

    V1's default full case folding (so that "ß" matches "ss" and "ﬁ" matches "fi") makes
    IGNORECASE patterns ~1.7x slower to scan and ~2.5x slower to compile, for characters
    Vietnamese text does not use.
    """
    if flags & regex.IGNORECASE:
        pattern = "(?-f)" + pattern
    return regex.compile(pattern, flags)
