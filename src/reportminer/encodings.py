"""Decoding bytes of unknown encoding into text.

Order: byte-order marks, strict UTF-8, UTF-16 without BOM (NUL pattern),
then detection among the encodings Vietnamese archives use (Windows-1258 and
others via charset-normalizer). Binary data is refused with a clear error.
"""
from __future__ import annotations

import codecs


class UndecodableError(ValueError):
    """The bytes are not text in an encoding we can identify."""


def decode(data: bytes, name: str = "<bytes>") -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if not data:
        return ""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM: every other byte is NUL for Latin text
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        enc = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
        raise UndecodableError(f"{name}: binary data, not text")
    if b"\x00" in sample:
        raise UndecodableError(f"{name}: binary data, not text")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1258", "cp1252", "utf_16", "latin_1"]).best()
    if best is None:
        raise UndecodableError(f"{name}: not UTF-8 and no known encoding fits")
    return str(best)
