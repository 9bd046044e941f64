"""Short cuts in the date and money recognisers that must give what the plain code gives."""
import random
import re

import regex

from reportminer.recognize import money

_ALL_CHARS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def _regex_folds(letter: str) -> list[str]:
    """Every character the money patterns' IGNORECASE (`regex`, simple folding) equates with `letter`."""
    return regex.compile("(?-f)" + regex.escape(letter), regex.V1 | regex.IGNORECASE).findall(_ALL_CHARS)


def test_scale_scan_finds_what_regex_finds():
    # the facts `money._scale_words` relies on
    scales = money._words("scale")
    assert all(ch.isalpha() for w in scales for ch in w)
    letters = set("".join(scales))
    for letter in sorted(letters):
        for ch in _regex_folds(letter):
            assert len(ch.lower()) != 1 or ch.lower() == letter or ch in money._FOLDS_ODDLY, (letter, hex(ord(ch)))
    regex_word = regex.compile(r"\w", regex.V1)
    lower_letter = re.compile(money._LOWER_LETTER)
    lower_letters = letters | {ch for ch in _ALL_CHARS if lower_letter.fullmatch(ch)}
    for ch in _ALL_CHARS:
        if ch.lower() in lower_letters:
            assert regex_word.match(ch), hex(ord(ch))


_MONEY_PIECES = ["một", "Một", "MỘT", "hai", "ba", "năm", "Năm", "trăm", "một trăm", "hai  trăm", "nửa", "mười",
                 "bảy", "tám", "tỷ", "tỉ", "Tỷ", "triệu", "TRIỆU", "nghìn", "ngàn", "million", "millions", "bn",
                 "thouſand", "THOUSAND", "tỉnh", "tỷx", "tỷ₀", "İ", "million5", "5", "12", "2.500", "1,5", "2021", "1999", "năm 2021", " ", " ", " ",
                 "  ", "\n", "\u2028", ",", ".", "(", "-", "đồng", "USD", "US$", "$", "x", "đ", "hơn"]


_GAPS = [" ", " ", " ", "", "  ", "\n"]


def _money_texts(n: int, seed: int):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(_MONEY_PIECES) + rng.choice(_GAPS) for _ in range(rng.randint(1, 16)))


def test_number_words_and_scale_lookups_match_the_scans():
    for text in _money_texts(6000, 11):
        words = money._scale_words(text)
        plain = [m.span() for m in money._numword_re().finditer(text)]
        assert [m.span() for m in money._numword_matches(text, words)] == plain, text
        for pos in range(len(text) + 1):
            want = money._scale_re().match(text, pos)
            got = money._scale_match(text, pos, words)
            assert (want and want.span()) == (got and got.span()), (text, pos)


def test_year_after_nam_needs_a_year_like_number():
    for text in _money_texts(6000, 12):
        for m in money._NUMBER.finditer(text):
            if money._YEAR_AFTER_NAM.search(text, max(0, m.start() - 6), m.end()):
                assert money._may_be_year(m.group()), text


_NEIGHBOURS = ["VND", "vnđ", "USD", "usd", "US$", "$", "A$", "€", "¥", "JPY", "đ", "Đ", "đi", "đô", "đô la", "Đô la Mỹ",
               "US dollar", "US  dollar", "yên", "đồng", "Đồng Nai", "đồng bào", "-", " - ", "~", "đến", "ĐẾN", "tới",
               "tỷ", "triệu", "ngày", "tháng", "\n", "\n\n", "\u2028", "5", "2.500", "12,5", "2021"]


def test_numbers_refused_early_give_no_amount():
    # `_stands_alone` refuses a number before its scale, currency and range are read: the
    # candidates must be those read at every number
    from reportminer.text import Document

    rng = random.Random(13)
    pieces = _MONEY_PIECES + _NEIGHBOURS
    for _ in range(4000):
        text = "".join(rng.choice(pieces) + rng.choice(_GAPS) for _ in range(rng.randint(1, 12)))
        doc = Document(text, id="x")
        got = money._candidates(doc)
        original = money._stands_alone
        money._stands_alone = lambda *args: False
        try:
            want = money._candidates(doc)
        finally:
            money._stands_alone = original
        assert got == want, text


def test_context_cue_starts_found_in_lower_cased_text():
    # the facts `money._cue_matches` relies on
    _, table = money._context_cues()
    for letter in sorted(set("".join(table)) - {" "}):
        for ch in _regex_folds(letter):
            assert len(ch.lower()) != 1 or ch.lower() == letter or ch in money._FOLDS_ODDLY, (letter, hex(ord(ch)))
    re_space = re.compile(r"\s")
    for ch in regex.compile(r"\s", regex.V1).findall(_ALL_CHARS):
        assert re_space.fullmatch(ch.lower()), hex(ord(ch))


_CUE_PIECES = ["cam kết", "CAM KẾT", "Cam  kết", "cam kết tài trợ", "cam\nkết", "giải ngân", "GiẢi NgÂn", "tổng vốn",
               "tổng  mức đầu tư", "kinh phí", "xkinh phí", "kinh phíx", "kinh phí5", "huy động", "tăng", "tăng thêm",
               "dự kiến", "ſ", "İ", "ı", "K", ",", "(", " - ", "5", "tỷ đồng", "đ"]


def test_context_cues_found_from_lower_cased_text_match_the_scan():
    pattern, _ = money._context_cues()
    rng = random.Random(17)
    for _ in range(3000):
        text = "".join(rng.choice(_CUE_PIECES) + rng.choice(_GAPS) for _ in range(rng.randint(1, 10)))
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo, len(text))
        for a, b in ((0, len(text)), (lo, hi)):
            want = [m.span() for m in pattern.finditer(text, a, b)]
            assert [m.span() for m in money._cue_matches(pattern, text, a, b)] == want, (text, a, b)

_DATE_CUES = ["", "", "ngày ", "Ngày: ", "Sáng ", "chiều tối ", "Thứ Ba, ", "Hôm nay (", "từ ", "Từ ngày ", "Hà Nội (",
              "năm ", "nhiệm kỳ ", "May ", "x", "(", "quý ", "vào tháng ", "đầu "]
_DATE_NUMBERS = ["5", "12", "31", "3", "09", "0", "32", "2023", "1999", "2019", "2100", "12345", "٣", "1٢", "20٢3",
                 "5", "12", "2023", "5/12", "29/06/2022", "6.12", "24-25/4", "17/11/1950 - 17/11/2022", "5/12 đến 6/12"]
_DATE_GAPS = ["/", "/", "/", ".", "-", " - ", ")", " - ", "- ", ",", ", ", " ", "  ", "\n", "\u2028", "\x1c", " và ", "và", " VÀ ", " đến ",
              "Đến", " tới ", "tới", " TỚI ", " tháng ", " năm ", " ngày ", " May ", " Dec., ", ":", "%", ")", " người ", "x"]


def _date_texts(n: int, seed: int):
    """Cue words, numbers and what stands between them, at random."""
    rng = random.Random(seed)
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 4)):
            parts.append(rng.choice(_DATE_CUES))
            for _ in range(rng.randint(1, 5)):
                parts += [rng.choice(_DATE_NUMBERS), rng.choice(_DATE_GAPS)]
        yield "".join(parts)


def _tried_at_every_run(form, text: str, runs) -> list:
    """The digit-run short cut without `run_followers`: the form tried at every run of its lengths."""
    out, last_end = [], 0
    for pos, length, _ in runs:
        if length in form.digit_run_lengths and pos >= last_end:
            m = form.core.match(text, pos)
            if m is not None:
                out.append(m.span())
                last_end = m.end()
    return out


def test_date_forms_tried_at_digit_runs_match_their_scans():
    from reportminer.recognize import dates

    form_set = dates._form_set()  # every form at once, as the recogniser tries them
    for text in _date_texts(4000, 5):
        runs = dates._digit_runs(text)
        for form, matches in zip(form_set.forms, form_set.matches(text, runs)):
            if not form.digit_run_lengths:
                continue
            got = [m.span() for m in matches]
            assert got == _tried_at_every_run(form, text, runs), (form.name, text)
            if not regex.search(r"(?![0-9])\d", text):  # the runs miss "20٢3": it starts with 2 ASCII digits
                assert got == [m.span() for m in form.core.finditer(text)], (form.name, text)


def test_new_date_and_period_are_the_validated_records():
    # `dates._new_date` / `_new_period` skip pydantic's validation: the values the recogniser
    # gives them must be valid as they are, and the records the same as the validated ones
    import itertools
    import typing

    from reportminer.model import DateItem, Mention, Period
    from reportminer.recognize import dates

    kinds = set(typing.get_args(Period.model_fields["kind"].annotation))
    assert set(dates._words("span_cue").values()) <= kinds
    parts = set(typing.get_args(typing.get_args(DateItem.model_fields["part_of_day"].annotation)[0]))
    assert set(dates._words("part_of_day").values()) <= parts

    def same(built, validated):
        assert built == validated and built.model_fields_set == validated.model_fields_set
        assert built.__dict__ == validated.__dict__ and list(built.__dict__) == list(validated.__dict__)
        assert built.model_dump_json() == validated.model_dump_json()

    mention = Mention(start=3, end=9, text="5/12/2023")
    for kind in ["year", "half", "quarter", "months", *dates._words("span_cue").values()]:
        same(dates._new_period(mention, "2023", kind),
             Period(text=mention.text, value="2023", kind=kind, mentions=[mention]))
    for precision, pod, written, how in itertools.product(
            ["day", "month", "interval"], [None, *dates._words("part_of_day").values()], [True, False],
            [None, "text", "nearby_year", "published", "unknown"]):
        h = dates._Hit(3, 9, True, precision, year_written=written, part_of_day=pod, resolved_by=how)
        new = dates._new_date(mention, "2023-12-05", h)
        same(new, DateItem(text=mention.text, value="2023-12-05", precision=precision, part_of_day=pod,
                           year_written=written, resolved_by=how, mentions=[mention]))
        new.part_of_day = "sáng"  # as `_add_date` does on a later mention
        assert "part_of_day" in new.model_fields_set
