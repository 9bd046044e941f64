"""Optional back-off to underthesea's `ner` for people the rules did not find.

Off by default: `rm.extract(text, extra_stages=("ner_backoff",))` turns it on.
Measured on the dev corpus (benchmarks/compare_underthesea.py --gain),
underthesea's PER entities add no gold person that the rules miss, and adding
all of them would drop persons precision from 1.00 to 0.47; they are also
about 20x slower. So the back-off only adds a PER entity when the text itself
vouches for it: an honorific or a known title right before it, two or more
capitalised words, and no overlap with anything the rules already found.
It never replaces the rules; it can only add.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..lexicon import load_csv
from ..model import ArticleRecord, Mention, Person
from ..text import Document

_CAPITALISED = regex.compile(r"^(?:\p{Lu}[\p{L}'-]*)(?:\s+\p{Lu}[\p{L}'-]*)+$")


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    """Lower-cased honorifics and title words that vouch for a following name."""
    words = {r["form"].lower() for r in load_csv("honorifics.csv") if r.get("form")}
    for r in load_csv("titles.csv"):
        for k in ("role", "variants"):
            for v in (r.get(k) or "").split("|"):
                if v.strip():
                    words.add(v.strip().lower())
    return frozenset(words)


@lru_cache(maxsize=1)
def _ner():
    from underthesea import ner  # the CRF model shipped in the wheel; nothing is downloaded

    return ner


def _covered(record: ArticleRecord) -> list[tuple[int, int]]:
    spans = []
    for kind in (record.persons, record.organizations, record.places):
        for item in kind:
            spans.extend((m.start, m.end) for m in item.mentions)
    return spans


def recognize(doc: Document, record: ArticleRecord) -> None:
    ner = _ner()
    cues = _cue_words()
    covered = _covered(record)
    known = {p.name.lower() for p in record.persons}
    for s, e in doc.sentences:
        sentence = doc.norm[s:e]
        if not regex.search(r"\p{Lu}\p{Ll}+\s+\p{Lu}", sentence):
            continue  # no run of capitalised words: nothing underthesea could add
        pos = 0
        tokens = ner(sentence)
        prev_words: list[str] = []
        i = 0
        while i < len(tokens):
            word, tag = tokens[i][0], tokens[i][3]
            start = sentence.find(word, pos)
            if start < 0:
                i += 1
                continue
            if tag == "B-PER":
                end = start + len(word)
                j = i + 1
                while j < len(tokens) and tokens[j][3] == "I-PER":
                    k = sentence.find(tokens[j][0], end)
                    if k < 0:
                        break
                    end = k + len(tokens[j][0])
                    j += 1
                name = sentence[start:end]
                cue = " ".join(prev_words[-3:]).lower()
                vouched = any(cue.endswith(c) for c in cues)
                m = doc.mention(s + start, s + end)
                overlaps = any(a < m.end and m.start < b for a, b in covered)
                if vouched and _CAPITALISED.match(name) and not overlaps and name.lower() not in known:
                    record.persons.append(Person(name=name, mentions=[Mention(**m.model_dump())]))
                    known.add(name.lower())
                    covered.append((m.start, m.end))
                prev_words.append(name)
                pos = end
                i = j
                continue
            prev_words.append(word)
            pos = start + len(word)
            i += 1
