"""The sentence splitter: its fast patterns split exactly like the plain lookbehind rules."""
from __future__ import annotations

import regex
from hypothesis import given, settings, strategies as st

from reportminer import segment
from reportminer.segment import sentence_spans

# the rules written plainly (slower: every position tests the lookbehinds)
_PLAIN_END = regex.compile(r"(?<!\b" + segment._ABBREV + r"\.)(?<=[.!?…]|\.\"|[.!?]\))\s+(?=[\"'(\[]?[\p{Lu}\d])")
_PLAIN_GLUED = regex.compile(r"(?<=\p{Ll}{2}[.!?])(?=\p{Lu}\p{Ll})")


def _plain_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for line in regex.finditer(r"[^\n]+", text):
        ls, le = line.span()
        start = ls
        ends = sorted([*_PLAIN_END.finditer(text, ls, le), *_PLAIN_GLUED.finditer(text, ls, le)],
                      key=lambda m: m.start())
        for m in ends:
            if m.start() > start:
                spans.append(segment._strip(text, start, m.start()))
            start = m.end()
        if start < le:
            spans.append(segment._strip(text, start, le))
    return [s for s in spans if s[1] > s[0]]


# whitespace runs over line breaks ("\n \n", tabs, no-break spaces) included: the splitter scans
# the whole text at once and must still split each line as a scan of that line alone would
PIECES = list("aăbcTPSHXQđêạ1.!?…\"')([] \n\t\xa0") + ["TP.", "ông.", "v.v.", "PGS.TS.", " Hà", ". Ông",
                                                      "tổ chức.Chỉ", "\n \n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_fast_splitter_equals_the_plain_rules(text):
    assert sentence_spans(text) == _plain_spans(text)


def test_sentences_of_a_report():
    text = ("Sáng 29/6, TP. Hồ Chí Minh đón đoàn. PGS.TS. Nguyễn Văn A phát biểu! "
            "Hội nghị kết thúc.Chỉ trong ngày \"Đoàn\" đã về.\nDòng mới")
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ["Sáng 29/6, TP. Hồ Chí Minh đón đoàn.", "PGS.TS. Nguyễn Văn A phát biểu!",
                   "Hội nghị kết thúc.", "Chỉ trong ngày \"Đoàn\" đã về.", "Dòng mới"]
