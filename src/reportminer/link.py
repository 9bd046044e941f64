"""Linking across kinds, after all recognisers ran: who gave the money to whom.

For each amount, the donor and the recipient come from its sentence: the
organisation or country written right after "do"/"từ"/"của" or right before a
giving verb ("X tài trợ", "X trao tặng") is the donor; the organisation or
place after "cho"/"tại"/"đến" (or a province in the sentence) the recipient.
The cue words live in gazetteers/link_cues.csv.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from .lexicon import load_csv
from .model import ArticleRecord
from .text import KEEP_GIL, Document  # KEEP_GIL: see text.py


def source_metadata(doc: Document, record: ArticleRecord) -> None:
    """Publication date from metadata is set by the pipeline; nothing is guessed from the clock."""
    return None


@lru_cache(maxsize=1)
def _cues() -> dict[str, regex.Pattern]:
    rows = load_csv("link_cues.csv", required=("role", "cue"))
    out = {}
    for role in ("donor_before", "donor_after", "recipient_before"):
        words = sorted({r["cue"] for r in rows if r["role"] == role}, key=len, reverse=True)
        pattern = "|".join(regex.escape(w) for w in words) or "(?!)"
        if role == "donor_after":  # "X tài trợ": the cue follows the donor
            out[role] = regex.compile(r"^\s*(?:đã\s+|sẽ\s+|cũng\s+)?(?:" + pattern + r")\b", regex.I)
        else:  # "do X", "cho X": the cue precedes
            out[role] = regex.compile(r"\b(?:" + pattern + r")\s*$", regex.I)
    return out


def _candidates(record: ArticleRecord, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """(start, end, name, kind) of organisation and place mentions inside [start, end) of the original text."""
    out = []
    for o in record.organizations:
        for m in o.mentions:
            if start <= m.start and m.end <= end:
                out.append((m.start, m.end, o.name, "org"))
    for p in record.places:
        if p.kind not in ("country", "province", "district", "commune"):
            continue
        for m in p.mentions:
            if start <= m.start and m.end <= end and not any(s <= m.start and m.end <= e for s, e, _, _ in out):
                out.append((m.start, m.end, p.name, p.kind))
    return sorted(out)


def amount_parties(doc: Document, record: ArticleRecord) -> None:
    cues = _cues()
    text = doc.text
    for amount in record.amounts:
        if not amount.mentions or (amount.donor and amount.recipient):
            continue
        m = amount.mentions[0]
        ns = doc.norm_offset(m.start)
        s_start, s_end = doc.sentence_of(ns)
        o_start, o_end = doc.span(s_start, s_end)
        cands = _candidates(record, o_start, o_end)
        donor = recipient = None
        for cs, ce, name, kind in cands:
            before = text[max(o_start, cs - 25):cs]
            after = text[ce:min(o_end, ce + 25)]
            if donor is None and (cues["donor_before"].search(before, None, None, KEEP_GIL)
                                  or cues["donor_after"].search(after, None, None, KEEP_GIL)):
                donor = name
            elif recipient is None and cues["recipient_before"].search(before, None, None, KEEP_GIL) and name != donor:
                recipient = name
        if recipient is None:
            provinces = [name for _, _, name, kind in cands if kind == "province" and name != donor]
            if len(set(provinces)) == 1:
                recipient = provinces[0]
        amount.donor = amount.donor or donor
        amount.recipient = amount.recipient or recipient


def link(doc: Document, record: ArticleRecord) -> None:
    amount_parties(doc, record)
