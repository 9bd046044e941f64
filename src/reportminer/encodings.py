"""Decoding bytes of unknown encoding into text.

Order: byte-order marks, strict UTF-8, UTF-16 without BOM (NUL pattern),
then the encodings Vietnamese archives use: Windows-1258 and the legacy
8-bit font encodings TCVN3 (ABC) and VNI, chosen by how many words of each
decoding are well-formed Vietnamese syllables. UTF-8 text that still holds
legacy-font mojibake ("Hµ Néi", "Haø Noäi": the bytes went through cp1252
once) is repaired the same way. Binary data and text that fits no encoding
are refused with an `UndecodableError` naming the file.

Mapping tables live in `gazetteers/legacy_encodings.json`.
"""
from __future__ import annotations

import codecs
import unicodedata
from functools import lru_cache

import regex


class UndecodableError(ValueError):
    """The bytes are not text in an encoding we can identify."""


# ------------------------------------------------------------------ legacy tables

def _cp1252_c1() -> dict[int, str]:
    """Bytes 0x80-0x9F as Windows shows them (curly quotes, dashes); undefined ones stay as they are."""
    table = {}
    for b in range(0x80, 0xA0):
        try:
            table[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return table


_C1 = _cp1252_c1()


def _cp1252_lenient(data: bytes) -> str:
    return data.decode("latin-1").translate(_C1)


@lru_cache(maxsize=1)
def _tcvn3_table() -> dict[int, str]:
    """Latin-1 code point -> TCVN3 character (others as Windows-1252 shows them), for str.translate."""
    from .lexicon import load_json

    table = dict(_C1)
    table.update({int(hexbyte, 16): ch for hexbyte, ch in load_json("legacy_encodings.json")["tcvn3"].items()})
    return table


@lru_cache(maxsize=1)
def _vni_matcher() -> tuple[regex.Pattern, dict[str, str]]:
    from .lexicon import load_json

    seqs: dict[str, str] = load_json("legacy_encodings.json")["vni"]
    # longest key first so a base letter takes its modifier before the modifier is read alone
    keys = sorted(seqs, key=lambda k: (-len(k), k))
    return regex.compile("|".join(regex.escape(k) for k in keys)), seqs


def decode_tcvn3(data: bytes) -> str:
    return data.decode("latin-1").translate(_tcvn3_table())


def decode_vni(data: bytes) -> str:
    pattern, seqs = _vni_matcher()
    return pattern.sub(lambda m: seqs[m.group()], _cp1252_lenient(data))


def _decode_cp1258(data: bytes) -> str:
    # Windows-1258 writes tones as combining marks: compose them
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="strict"))


_LEGACY = {"cp1258": _decode_cp1258, "tcvn3": decode_tcvn3, "vni": decode_vni}

# ------------------------------------------------------------------ scoring

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


@lru_cache(maxsize=1)
def _syllable() -> regex.Pattern:
    """Onset, vowel nucleus (circumflex/breve/horn kept), coda: a Vietnamese syllable without its tone."""
    from .lexicon import load_json, trie_pattern

    nuclei = trie_pattern(load_json("legacy_encodings.json")["vowel_groups"])
    return regex.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
                         r"(?:" + nuclei + r")(?:ch|nh|ng|[cmnpt])?")

_WORD = regex.compile(r"[^\W\d_]+")


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(decomposed.count(t) for t in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _syllable().fullmatch(bare) is not None


def vietnamese_score(text: str, limit: int = 20000) -> int:
    """Well-formed non-ASCII Vietnamese syllables minus twice the malformed non-ASCII words
    (in the first `limit` characters). Mojibake words are malformed; real text scores high."""
    score = 0
    for m in _WORD.finditer(text, 0, min(len(text), limit)):
        w = m.group()
        if w.isascii():
            continue
        score += 1 if _is_syllable(w) else -2
    # symbols inside words ("Hµ", "Haø") break words apart: count stray non-ASCII symbols too
    stray = sum(1 for c in text[:limit] if not c.isascii() and not c.isalpha() and not c.isspace()
                and unicodedata.category(c)[0] not in "PZ")
    return score - 2 * stray


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    return bad / len(sample)


# ------------------------------------------------------------------ public

def decode(data: bytes, name: str = "<bytes>", notes: list[str] | None = None) -> str:
    """Text from bytes of unknown encoding; raises `UndecodableError` naming `name`. `notes`, if
    given, receives what a reader should know: the legacy encoding guessed, bytes replaced."""
    if data.startswith(codecs.BOM_UTF8):
        return _checked(_decode_utf8(data[3:], name), name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(data.decode("utf-16"), name)
        except UnicodeDecodeError as e:
            raise UndecodableError(f"{name}: UTF-16 byte-order mark but invalid UTF-16 ({e.reason})") from e
    if not data:
        return ""
    sample = data[:4096]
    if b"\x00" in sample:
        return _checked(_decode_utf16_without_bom(data, name), name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _checked(_decode_legacy(data, name, notes), name)
    return _checked(repair_mojibake(text), name)


def _decode_utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise UndecodableError(f"{name}: UTF-8 byte-order mark but invalid UTF-8 at byte {e.start}") from e


def _decode_utf16_without_bom(data: bytes, name: str) -> str:
    sample = data[:4096]
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    # Latin/Vietnamese text in UTF-16: one byte of most code units is NUL, always on the same side
    if max(even_nuls, odd_nuls) > len(sample) // 4 and min(even_nuls, odd_nuls) < len(sample) // 50 + 1:
        enc = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    raise UndecodableError(f"{name}: binary data (NUL bytes), not text")


def _decode_legacy(data: bytes, name: str, notes: list[str] | None = None) -> str:
    candidates: list[tuple[int, int, str, str]] = []
    for rank, (enc, fn) in enumerate(_LEGACY.items()):
        try:
            text = fn(data)
        except UnicodeDecodeError:
            continue
        candidates.append((vietnamese_score(text), -rank, enc, text))
    # UTF-8 with a few broken bytes (a truncated or spliced file) beats any legacy guess
    # (evidence: many valid multi-byte sequences around very few bad bytes)
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    if bad <= max(1, len(data) // 1000) and sum(c > "\x7f" for c in lossy[:20000]) - bad >= 10 * bad:
        candidates.append((vietnamese_score(lossy) + 1, 1, "utf-8 (repaired)", lossy))
    if not candidates:
        raise UndecodableError(f"{name}: not UTF-8 and no Vietnamese encoding fits")
    score, _, enc, text = max(candidates)
    if score < 0 and not _mostly_ascii(text):
        raise UndecodableError(f"{name}: not UTF-8; no Vietnamese encoding (Windows-1258, TCVN3, VNI) "
                               f"gives readable text")
    if notes is not None:
        notes.append(f"{name}: {bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD" if text is lossy
                     else f"{name}: not UTF-8; read as {enc}")
    return text


def _mostly_ascii(text: str) -> bool:
    """Western text in a Windows code page: few words with non-ASCII letters (kept, not refused)."""
    words = _WORD.findall(text, 0, 20000)
    return sum(not w.isascii() for w in words) <= 0.2 * len(words)


_MOJIBAKE_HINT = regex.compile(r"[\u00a1-\u00ff][\u00a1-\u00ff]?\w|\w[\u00a1-\u00ff]")


def repair_mojibake(text: str) -> str:
    """UTF-8 text that is TCVN3/VNI bytes decoded once as cp1252/Latin-1: decoded properly."""
    if text.isascii() or not _MOJIBAKE_HINT.search(text, 0, 20000):
        return text
    if any(ord(c) > 0x2122 for c in text[:20000]):
        return text  # real Unicode beyond cp1252 (e.g. "ộ"): not a legacy-font page
    base = vietnamese_score(text)
    if base >= 0:
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            raw = text.encode(codec)
        except UnicodeEncodeError:
            continue
        best = max(((vietnamese_score(fn(raw)), fn(raw)) for enc, fn in _LEGACY.items() if enc != "cp1258"),
                   key=lambda t: t[0])
        if best[0] > 0 and best[0] > base:
            return best[1]
        break
    return text


def _checked(text: str, name: str) -> str:
    if _control_ratio(text) > 0.01:
        raise UndecodableError(f"{name}: binary data (control characters), not text")
    return text
