"""Faster forms in the events stage that must give the same results as the plain patterns they stand for."""
import glob
import random
import re

from reportminer import eventparts, events
from reportminer.lexicon import WORD_CHAR, load_csv, phrase_key
from reportminer.text import Document

# pieces of plain text around the cue, marker and stop words: separators of every kind (a combining
# mark and "²" count as a word character and as none), letters, digits, upper and lower case
_PIECES = ["hội nghị", "Hội nghị", "hội  nghị", "hội\nnghị", "lễ", "lễ ký kết", "ký kết", "đến thăm", "thăm",
           "trung tâm hội nghị", "buổi làm việc", "cùng ngày", "trong ngày", "đã", "sẽ", "dự kiến", "tổ chức",
           "quyết định", "Quyết Định", "kế hoạch", "số 12/QĐ", "ngày", "ảnh", "Ảnh", "Photo", "Nguồn", "|",
           " ", " ", "  ", "\n", "\t", "\xa0", "\x1c", ",", ";", ".", ":", "(", ")", '"', "-", " - ", "/",
           "\u0301", "²", "x", "a", "ơ", "đ", "7", "2024", "nhiệm kỳ", "khóa", "lần thứ", "tại", "do",
           "với sự", "diễn ra", "Hà Nội"]


def _random_texts(seed: int, count: int, size: int = 16):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, size)))


def _corpus_texts():
    for path in sorted(glob.glob("corpora/*.txt") + glob.glob("corpora/heldout*/*.txt")):
        with open(path, encoding="utf-8") as f:
            yield Document(f.read(), id="x").norm


def test_plain_non_word_class_is_the_complement_of_word_char_in_plain_text():
    non_word, word = re.compile(eventparts._plain_non_word()), re.compile(WORD_CHAR)
    bad = [hex(code) for code in range(0x110000)
           if eventparts.plain_lower(chr(code)) is not None
           and bool(non_word.match(chr(code))) == bool(word.match(chr(code)))]
    assert bad == []


def test_cue_keys_and_phrases_suit_the_fast_scans():
    lex = eventparts.lexicon()
    # a match written like a key is its key (the lookup in `_find_cues` skips phrase_key then)
    assert all(phrase_key(k) == k for k in lex.cues)
    # `twin_spans` needs every phrase to end in a word character
    rows = load_csv("event_cues.csv", required=("phrase", "role"))
    word = re.compile(WORD_CHAR)
    assert all(word.match(r["phrase"].lower()[-1]) for r in rows if r["role"] in ("event", "block"))


def test_cue_spans_are_the_twin_matches():
    lex = eventparts.lexicon()
    texts = [t.lower() for t in _corpus_texts()] + list(_random_texts(1, 4000))
    texts += ["hội nghị", " hội nghị", "xhội nghị", "\u0301hội nghị", "²hội nghị", "hội nghịx hội nghị"]
    for low in texts:
        if eventparts.plain_lower(low) is None:
            continue
        assert list(eventparts.cue_spans(low)) == [m.span() for m in lex.cue_lower_re.finditer(low)], low


def test_start_twin_matches_like_the_twin_at_the_text_start():
    """`cue_start_re` leaves out the twin's "not after a word" lookbehinds: at position 0 they always hold."""
    lex = eventparts.lexicon()
    starts = [p.lower() for p in lex.phrases("event", "block")]
    tails = ["", " ", "x", "\u0301", "²", ",", " hội nghị", "  và", "\nlễ", "7"]
    texts = [s + t for s in starts for t in tails] + [s.replace(" ", "  ") for s in starts]
    texts += list(_random_texts(3, 3000)) + [t.lower()[:80] for t in _corpus_texts()]
    for low in texts:
        a, b = lex.cue_start_re.match(low), lex.cue_lower_re.match(low)
        assert (a and a.span()) == (b and b.span()), low


def test_name_stop_fast_finds_the_same_stops():
    rng = random.Random(2)
    for s in _random_texts(3, 4000, 24):
        low = s.lower()
        for _ in range(3):
            pos = rng.randint(0, len(low))
            end = rng.randint(pos, len(low))
            a = eventparts._NAME_STOP_LOWER.search(low, pos, end)
            b = eventparts._NAME_STOP_FAST.search(low, pos, end)
            assert (a and a.start()) == (b and b.start()), (low, pos, end)


def test_prefilters_never_reject_a_match():
    lex = eventparts.lexicon()
    rng = random.Random(4)
    for s in _random_texts(5, 4000, 20):
        low = eventparts.plain_lower(s)
        if low is None:
            continue
        lo = rng.randint(0, len(s))
        hi = rng.randint(lo, len(s))
        if lex.document_date_re.search(s, lo, hi):
            assert lex.document_lower_re.search(low, lo, hi), (s, lo, hi)
        if lex.same_day_lower_re.search(low):
            assert any(w in low for w in lex.same_day_last_words), s
        if events._CAPTION.search(s):
            assert any(lit in s for lit in events._CAPTION_LITERALS), s


def test_by_agent_prefilter_letters():
    """`_by_agent` looks for "do" in the lower-cased text first: in plain text, the characters that
    `_BY_AGENT` (regex, IGNORECASE) takes for d and o are those that lower-case to d and o."""
    import regex
    for letter in "do":
        folds = regex.compile(letter, regex.IGNORECASE)
        for code in range(0x2070):  # the plain ranges end at U+206F
            ch = chr(code)
            if eventparts.plain_lower(ch) is None:
                continue
            assert bool(folds.fullmatch(ch)) == (ch.lower() == letter), hex(code)


def test_position_twins_match_like_the_ignorecase_patterns():
    """The twins `_classify` and `_venue` match at a position of `plain_lower` text instead of the
    IGNORECASE patterns on the text (the tally, count, opener, award and venue words)."""
    lex = eventparts.lexicon()
    rng = random.Random(11)
    names = ("separate", "part", "tally", "count", "award", "venue")
    pieces = [p for role in names for p in lex.phrases(role)]
    pieces += [p.upper() for p in pieces] + [p.replace(" ", "  ") for p in pieces]
    pieces += ["với", "Với", "VỚI", "hơn", "Gần", "trên", "12", "1.250", "3,5", "trao", "tặng", "cho 5 tập thể"]
    texts = list(_corpus_texts())[:20]
    for s in _random_texts(12, 3000, 12):
        texts.append(s + " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))) + s[: rng.randint(0, len(s))])
    for s in texts:
        low = eventparts.plain_lower(s)
        if low is None:
            continue
        for pos in {rng.randint(0, len(s)) for _ in range(12)} | {m.start() for m in re.finditer(r"\s", s)}:
            end = rng.randint(pos, len(s))
            for name in names:
                a = getattr(lex, name + "_re").match(s, pos, end)
                b = getattr(lex, name + "_lower_re").match(low, pos, end)
                assert (a and a.span()) == (b and b.span()), (name, s, pos, end)


def test_review_twin_finds_the_same_matches():
    lex = eventparts.lexicon()
    rng = random.Random(6)
    pieces = ["năm qua", "Năm Qua", "trong năm", "TRONG  NĂM", "kết quả", "trong đó", "thời gian\nqua"]
    for s in _random_texts(7, 3000, 20):
        s += rng.choice(pieces) + s[: rng.randint(0, len(s))]
        low = eventparts.plain_lower(s)
        if low is None:
            continue
        lo = rng.randint(0, len(s))
        hi = rng.randint(lo, len(s))
        a, b = lex.review_re.search(s, lo, hi), lex.review_lower_re.search(low, lo, hi)
        assert (a and a.span()) == (b and b.span()), (s, lo, hi)
