"""Recogniser: calendar dates (`record.dates`) and periods (`record.periods`).

Every date and period form is one regular expression over `doc.norm`
("Sáng 29/06/2022", "ngày 24-25/4", "ngày 3 tháng 7 năm 2023", "tháng 2-2019",
"05 May 2011"; "6 tháng đầu năm 2024", "quý I/2024", "nhiệm kỳ 2019 - 2024",
"năm 2023"), plus the cue words that may stand before it ("Thứ Ba, ",
"Hôm nay (", "Chiều ", "ngày "). A day and month without a year ("21/6")
counts only after such a cue, or as a dateline "Hà Nội (5/12)", so that
fractions, scores and document numbers stay out. All candidates are pooled
and the leftmost-longest win, so a year inside a date or a half-year ("năm
2022" in "6 tháng đầu năm 2022") is not also a period of its own.

A day or month written without its year gets one, in this order:
1. the latest year written in its own sentence (a report "tổng kết năm 2023,
   triển khai nhiệm vụ năm 2024" held on 26/1 is in 2024); with a publication
   date, only a year that does not put the date more than a month after it
   ("Sáng 19/12 ... giao ước thi đua năm 2026" published 20/12/2025 is 2025:
   2026 is the year planned for); nor does the year before, if it puts the date
   more than half a year before publication and the publication's reading puts
   it within three months before ("Ngày 26/1, ... Hội nghị tổng kết năm 2023"
   published 27/1/2024 is 2024: 2023 is the year reviewed);
2. the publication date (the year that puts the date closest to it);
3. without one, the nearest full date written with its year ("Ngày
   26.10.2023, ... Trước đó, sáng 25-10" -> 2023), the same way;
4. the nearest sentence that writes a year (its latest year), else the
   latest start of a term or span ("nhiệm kỳ 2019 - 2024" -> 2019);
5. else "XXXX".
Years of comparison, targets and founding ("cùng kỳ năm 2022", "đến năm
2030", "thành lập năm 1995") and the dates of legal texts ("Chỉ thị số
38-CT/TW ngày 19/9/2019") are no evidence. Terms are weak evidence only: a
body's meeting "khóa V (2013 - 2018)" may well be held in 2019.

Data: gazetteers/date_words.csv.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

import regex

from ..lexicon import compile_regex, load_csv, phrase_key, trie_pattern
from ..model import ArticleRecord, DateItem, Mention, Period, built
from ..text import KEEP_GIL, Document  # KEEP_GIL: see text.py

_FLAGS = regex.V1 | regex.IGNORECASE

_D = r"(?:0?[1-9]|[12]\d|3[01])"
_M = r"(?:0?[1-9]|1[0-2])"
_Y = r"(?:1[89]\d\d|20\d\d)"
# not the tail of another number; the leading (?=\d) lets the engine skip to digits fast
_LEFT = r"(?=\d)(?<![\p{L}\d/.,:])(?<!\d[-])"
_RIGHT = r"(?![\p{L}\d])(?![/.,:\-]\d)"  # not the head of a longer number
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_CUE_GAP = regex.compile(r"\s*(?:[IVXL]+\s*)?(?:\(\s*)?")  # "nhiệm kỳ ", "khóa V ("
_ISO_DATE = regex.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


@lru_cache(maxsize=None)
def _words(kind: str) -> dict[str, str]:
    return {r["word"].lower(): r.get("value", "") for r in load_csv("date_words.csv", required=("word", "kind"))
            if r["kind"] == kind}


def _alt(kind: str) -> str:
    return "(?:" + trie_pattern(_words(kind)) + ")"


@dataclass(frozen=True)
class _Form:
    """One date or period form: a core pattern that starts at a digit or a fixed word (so the
    scan skips ahead fast) and the cue words that may, or must, stand right before it."""

    name: str
    core: regex.Pattern
    cue: Optional[regex.Pattern] = None   # matched against the text just before the core
    cue_required: bool = False
    # when set, the core starts with an ASCII digit that no digit, letter or "/.,:" precedes
    # (its lookbehind says so) and its first run of digits has one of these lengths (a day or
    # month: 1-2, a year: 4; a longer run cannot be followed by what the core needs next): it
    # is tried only at such runs instead of being scanned over the whole text
    digit_run_lengths: tuple[int, ...] = ()
    # with `digit_run_lengths`: the ASCII characters that may follow such a run in a match (what
    # the core needs right after its first number; a run of 1-2 digits read as a shorter
    # number is followed by a digit, which no core takes there). None: any character. A
    # non-ASCII character may always follow (a digit of another script continues the number)
    run_followers: Optional[frozenset[str]] = None


_CUE_WINDOW = 40
# every ASCII character that `regex` (or Python) counts as whitespace: the first of \s+ or \s*
_ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_AFTER_DAY_SEP = frozenset("/.-")                    # 29/06, 27.6, 25-5
_AFTER_SPACE = frozenset(_ASCII_SPACE)               # "3 tháng 7", "05 May"
# the year before in the sentence that puts a day more than this long before publication, when
# another reading puts it within _RECENT_DAYS before it, is the year reviewed, not the day's
_PAST_SLACK_DAYS, _RECENT_DAYS = 183, 92
_DAY_RUN, _YEAR_RUN = (1, 2), (4,)  # lengths of the digit run a day (_D) or a year (_Y) starts
# a date in the sentence's year may fall this long after publication (an announced event)
_FUTURE_SLACK_DAYS = 31


@lru_cache(maxsize=1)
def _forms() -> list[_Form]:
    wd, rel, pod, mon = _alt("weekday"), _alt("relative_day"), _alt("part_of_day"), _alt("month_name")
    # the cue before a date: "Thứ Ba, ", "Hôm nay (", "Sáng ngày ", "chiều tối ", "Ngày: "
    pre = (rf"(?:(?<!\w)(?:(?P<wd>{wd})(?:\s*[,\-]\s*|\s+)(?:\(\s*)?(?:ngày\s*:?\s*)?"
           rf"|(?P<rel>{rel})\s*\(?\s*"
           rf"|(?P<pod>{pod})(?:\s+(?:nay|qua|mai))?\s+(?:\(\s*)?(?:ngày\s+)?"
           rf"|(?P<ngay>ngày|mùng|mồng)\s*:?\s*))")
    pre_or_from = rf"(?:{pre}|(?<!\w)(?P<tu>từ)\s+(?:ngày\s+)?)"

    def date(i: int) -> str:
        return rf"(?P<d{i}>{_D})(?P<s{i}>[/.\-])(?P<m{i}>{_M})(?:(?P=s{i})(?P<y{i}>{_Y}))?"

    def rx(pattern: str, flags: int = _FLAGS) -> regex.Pattern:
        return compile_regex(pattern, flags)

    cue = rx(pre + "$")
    cue_or_from = rx(pre_or_from + "$")
    year_tail = rf"(?:\s+năm\s+(?P<yt>{_Y}))?"
    return [
        # 17/11/1950 - 17/11/2022; từ ngày 09/9/2019 đến 01/12/2019
        _Form("interval", rx(rf"{_LEFT}{date(1)}\s*(?:-|đến|tới)\s*(?:ngày\s+)?{date(2)}{_RIGHT}"), cue_or_from,
              digit_run_lengths=_DAY_RUN, run_followers=_AFTER_DAY_SEP),
        # ngày 24-25/4, 02 ngày 11 và 12/11/2022, từ 3 đến 5-12
        _Form("range", rx(rf"{_LEFT}(?P<d1>{_D})\s*(?:-|và|đến|tới|,)\s*(?:ngày\s+)?"
                          rf"(?P<d2>{_D})(?P<s2>[/.\-])(?P<m2>{_M})(?:(?P=s2)(?P<y2>{_Y}))?{year_tail}{_RIGHT}"),
              cue_or_from, True, digit_run_lengths=_DAY_RUN,
              run_followers=frozenset("-,vVtT" + _ASCII_SPACE)),  # -, và, đến (not ASCII), tới, ","
        # 29/06/2022, Sáng 27.6, ngày 25-5-2023, Hôm nay (5/12)
        _Form("dm", rx(rf"{_LEFT}{date(1)}{year_tail}{_RIGHT}"), cue, digit_run_lengths=_DAY_RUN,
              run_followers=_AFTER_DAY_SEP),
        # a dateline "Hà Nội (5/12)"; a lower-case word before it is more likely a fraction "(1/3)"
        _Form("paren", rx(rf"(?=\d)(?<=\p{{Lu}}[\p{{L}}.]*\s*\(\s*){date(1)}(?=\s*\))", regex.V1),
              digit_run_lengths=_DAY_RUN, run_followers=_AFTER_DAY_SEP),
        # ngày 3 tháng 7 năm 2023
        _Form("written", rx(rf"{_LEFT}(?P<d1>{_D})\s+tháng\s+(?P<m1>{_M})(?:\s*(?:năm|,)\s*(?P<y1>{_Y}))?{_RIGHT}"),
              cue, digit_run_lengths=_DAY_RUN, run_followers=_AFTER_SPACE),
        # tháng 12/2020, đầu tháng 10/2022, tháng 2-2019, tháng 5 năm 2023
        _Form("month", rx(rf"(?<!\w)tháng\s+(?P<m1>{_M})\s*(?:[/\-.]|\s+năm\s+)\s*(?P<y1>{_Y}){_RIGHT}"),
              rx(r"(?<!\w)(?:đầu|giữa|cuối)\s+$")),
        # vào tháng 3, cuối tháng 10 (year from context); "tháng 3 và tháng 4/2020": no cue needed, the
        # year is the next month's (groups pm, py)
        _Form("month_bare", rx(rf"(?<!\w)tháng\s+(?P<m1>{_M})(?![\p{{L}}\d])(?!\s*(?:[/.\-]\s*\d|năm\s+\d))"
                               rf"(?:(?=\s*(?:và|,|-|đến|tới)\s*(?:tháng\s+)?(?P<pm>{_M})\s*(?:[/.\-]|\s+năm\s+)\s*"
                               rf"(?P<py>{_Y})(?![\p{{L}}\d])))?"),
              rx(r"(?<!\w)(?:vào|trong|đầu|giữa|cuối|từ|đến|hồi|sang)\s+$"), True),
        # 05 May 2011
        _Form("english", rx(rf"{_LEFT}(?P<d1>{_D})\s+(?P<mn>{mon})\.?,?\s+(?P<y1>{_Y}){_RIGHT}"),
              digit_run_lengths=_DAY_RUN, run_followers=_AFTER_SPACE),
        # May 5, 2011 (the month name is the cue)
        _Form("english", rx(rf"{_LEFT}(?P<d2>{_D}),?\s+(?P<y2>{_Y}){_RIGHT}"),
              rx(rf"(?<!\w)(?P<mn2>{mon})\.?\s+$"), True, digit_run_lengths=_DAY_RUN,
              run_followers=frozenset("," + _ASCII_SPACE)),
        # 6 tháng đầu năm 2024, 6 tháng cuối năm, 9 tháng năm 2022
        _Form("months", rx(rf"{_LEFT}(?P<n>\d{{1,2}})\s+tháng\s+(?:(?P<pos>đầu|cuối)(?:\s+năm(?:\s+(?P<y>{_Y}))?)?"
                           rf"|năm\s+(?P<y2>{_Y}))(?![\p{{L}}\d])")),
        # quý I/2024, quý 2 năm 2023
        _Form("quarter", rx(rf"(?<!\w)quý\s+(?P<q>iv|i{{1,3}}|[1-4])(?:\s*(?:[/\-]|năm)\s*(?P<y>{_Y}))?{_RIGHT}")),
        # 2016-2021, năm học 2012- 2013, từ năm 2016 đến năm 2020
        _Form("span", rx(rf"(?=\d)(?<![\p{{L}}\d/.,:\-])(?P<a>{_Y})\s*(?:-|đến|tới)\s*(?:năm\s+)?(?P<b>{_Y})"
                         rf"{_RIGHT}"),
              rx(r"(?<!\w)(?:từ\s+)?năm\s+$"), digit_run_lengths=_YEAR_RUN,
              run_followers=frozenset("-tT" + _ASCII_SPACE)),  # -, đến (not ASCII), tới
        # "năm" vouches for the year, so a far target ("đến năm 2100") counts too
        _Form("year", rx(rf"(?<!\w)năm\s+(?P<y>{_Y}|21\d\d){_RIGHT}")),
        # "nhiệm vụ 2021", "Giao lưu hữu nghị quốc tế 2023" (1940-2049: wider is mostly counts)
        _Form("bare_year", rx(rf"(?=\d)(?<![\p{{L}}\d/.,:\-])(?<![\d/.,:\-]\s)(?P<y>19[4-9]\d|20[0-4]\d)"
                              rf"{_RIGHT}"), digit_run_lengths=_YEAR_RUN),
    ]


@dataclass
class _Hit:
    start: int
    end: int
    is_date: bool
    precision: str = "day"          # dates: day/month/interval; periods: the Period.kind
    y1: Optional[int] = None
    m1: Optional[int] = None
    d1: Optional[int] = None
    y2: Optional[int] = None
    m2: Optional[int] = None
    d2: Optional[int] = None
    year_written: bool = True
    part_of_day: Optional[str] = None
    resolved_by: Optional[str] = None


def _valid(y: Optional[int], m: int, d: Optional[int]) -> bool:
    if d is None:
        return 1 <= m <= 12
    try:
        _dt.date(y or 2000, m, d)  # 2000 is a leap year: 29/2 stays valid without a year
        return True
    except ValueError:
        return False


def _int(s: Optional[str]) -> Optional[int]:
    return int(s) if s else None


def _pod(g: dict) -> Optional[str]:
    word = g.get("pod")
    if not word:
        return None
    return _words("part_of_day").get(phrase_key(word))


def _has_cue(g: dict) -> bool:
    return any(g.get(k) for k in ("wd", "rel", "pod", "ngay", "tu"))


# Runs of ASCII digits: a `digit_run_lengths` form can only match where one starts. Trying the
# form there gives what a scan finds (a scan resumes after each match, so a start inside the
# previous match is skipped); a scan of the whole text costs much more per form.
_DIGIT_RUN = regex.compile(r"[0-9]+")  # `regex` skips ahead to a digit much faster than `re`


def _digit_runs(norm: str) -> list[tuple[int, int, str]]:
    """(start, length, the character after it or "") of the runs of ASCII digits a date form
    may start at. Those after an ASCII letter or digit or one of "/.,:" are left out: every
    such form's lookbehind refuses them (other characters are left to the lookbehind itself)."""
    out = []
    for m in _DIGIT_RUN.finditer(norm):
        start, end = m.span()
        before = norm[start - 1] if start else " "
        if before in "/.,:" or (before.isascii() and before.isalnum()):
            continue
        out.append((start, end - start, norm[end:end + 1]))
    return out


class _FormSet:
    """Date forms whose cores are found together: the `digit_run_lengths` forms are tried at the
    `_digit_runs` in one pass for all of them, the others scan the text."""

    def __init__(self, forms: Sequence[_Form]) -> None:
        self.forms = tuple(forms)
        # a run longer than every form's lengths starts none of them: one key for all such runs
        self._too_long = 1 + max((n for f in self.forms for n in f.digit_run_lengths), default=0)
        # (run length, character after the run) -> the forms that may start there (a cache of
        # short keys: a few dozen in all)
        self._run_forms: dict[tuple[int, str], tuple[int, ...]] = {}

    def _tried_at(self, length: int, after: str) -> tuple[int, ...]:
        tried = self._run_forms.get((length, after))
        if tried is None:
            tried = self._run_forms[length, after] = tuple(
                i for i, form in enumerate(self.forms) if length in form.digit_run_lengths and (
                    form.run_followers is None or after in form.run_followers or not after.isascii()))
        return tried

    def matches(self, norm: str, runs: list[tuple[int, int, str]]) -> list[list[regex.Match]]:
        """`[list(form.core.finditer(norm)) for form in forms]`: a scan resumes after each match,
        so a run inside the form's previous match is skipped."""
        forms = self.forms
        found: list[list[regex.Match]] = [[] for _ in forms]
        last_end = [0] * len(forms)
        too_long, run_forms = self._too_long, self._run_forms
        for pos, length, after in runs:
            key = (min(length, too_long), after)
            tried = run_forms.get(key)
            if tried is None:
                tried = self._tried_at(*key)
            for i in tried:
                if pos >= last_end[i]:
                    m = forms[i].core.match(norm, pos, None, KEEP_GIL)
                    if m is not None:
                        found[i].append(m)
                        last_end[i] = m.end()
        for i, form in enumerate(forms):
            if not form.digit_run_lengths:
                found[i] = list(form.core.finditer(norm, None, None, False, KEEP_GIL))
        return found


@lru_cache(maxsize=1)
def _form_set() -> _FormSet:
    return _FormSet(_forms())


def _candidates(norm: str) -> list[_Hit]:
    hits: list[_Hit] = []
    forms = _form_set()
    for form, matches in zip(forms.forms, forms.matches(norm, _digit_runs(norm))):
        for m in matches:
            start, groups = m.start(), m.groupdict()
            if form.cue is not None:
                c = form.cue.search(norm, max(0, start - _CUE_WINDOW), start, KEEP_GIL)
                if c is not None:
                    start = c.start()
                    groups.update({k: v for k, v in c.groupdict().items() if v})
                elif form.cue_required and groups.get("py") is None:
                    continue
            h = _build(form.name, groups, start, m.end(), norm)
            if h is not None:
                hits.append(h)
    return hits


def _build(name: str, g: dict, s: int, e: int, norm: str) -> Optional[_Hit]:  # noqa: C901 - one per form
    if name == "interval":
        d1, m1, y1 = int(g["d1"]), int(g["m1"]), _int(g["y1"])
        d2, m2, y2 = int(g["d2"]), int(g["m2"]), _int(g["y2"])
        if not (y1 or y2 or _has_cue(g)):
            return None
        if y1 is None and y2 is not None:
            y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
        if y2 is None and y1 is not None:
            y2 = y1 if (m2, d2) >= (m1, d1) else y1 + 1
        if not (_valid(y1, m1, d1) and _valid(y2, m2, d2)):
            return None
        if y1 and y2 and (y1, m1, d1) >= (y2, m2, d2):
            return None
        return _Hit(s, e, True, "interval", y1, m1, d1, y2, m2, d2, year_written=y1 is not None,
                    part_of_day=_pod(g))
    if name == "range":
        d1, d2, mo = int(g["d1"]), int(g["d2"]), int(g["m2"])
        y = _int(g["y2"]) or _int(g["yt"])
        if d1 >= d2 or not _valid(y, mo, d2):
            return None
        return _Hit(s, e, True, "interval", y, mo, d1, y, mo, d2, year_written=y is not None,
                    part_of_day=_pod(g))
    if name in ("dm", "paren"):
        d, mo = int(g["d1"]), int(g["m1"])
        y = _int(g["y1"]) or _int(g.get("yt"))
        sep = g["s1"]
        if g["y1"] is None:
            if name == "dm" and not _has_cue(g):
                return None
            if sep == "." and name == "paren":
                return None
        if not _valid(y, mo, d):
            return None
        return _Hit(s, e, True, "day", y, mo, d, year_written=y is not None, part_of_day=_pod(g))
    if name == "written":
        d, mo, y = int(g["d1"]), int(g["m1"]), _int(g["y1"])
        if y is None and not _has_cue(g):
            return None
        if not _valid(y, mo, d):
            return None
        return _Hit(s, e, True, "day", y, mo, d, year_written=y is not None, part_of_day=_pod(g))
    if name == "month":
        return _Hit(s, e, True, "month", int(g["y1"]), int(g["m1"]))
    if name == "month_bare":
        if g.get("py"):  # "tháng 12 và tháng 1/2021": December of the year before
            mo, y = int(g["m1"]), int(g["py"])
            if not 1 <= mo <= 12:
                return None
            return _Hit(s, e, True, "month", y - 1 if mo > int(g["pm"]) else y, mo, year_written=True)
        return _Hit(s, e, True, "month", None, int(g["m1"]), year_written=False)
    if name == "english":
        months = _words("month_name")
        if g.get("d1"):
            d, mo, y = int(g["d1"]), int(months[g["mn"].lower()]), int(g["y1"])
        else:
            d, mo, y = int(g["d2"]), int(months[g["mn2"].lower()]), int(g["y2"])
        if not _valid(y, mo, d):
            return None
        return _Hit(s, e, True, "day", y, mo, d)
    if name == "months":
        n = int(g["n"])
        if not 1 <= n <= 11:
            return None
        y = _int(g["y"]) or _int(g["y2"])
        first, last = (13 - n, 12) if (g["pos"] or "").lower() == "cuối" else (1, n)
        kind = {6: "half", 3: "quarter"}.get(n, "months")
        return _Hit(s, e, False, kind, y, first, None, y, last, year_written=y is not None)
    if name == "quarter":
        q = g["q"].lower()
        q = _ROMAN[q] if q in _ROMAN else int(q)
        y = _int(g["y"])
        return _Hit(s, e, False, "quarter", y, 3 * q - 2, None, y, 3 * q, year_written=y is not None)
    if name == "span":
        a, b = int(g["a"]), int(g["b"])
        if not a < b <= a + 100:
            return None
        kind, cue_start = _span_kind(norm, s)
        return _Hit(cue_start, e, False, kind, a, None, None, b)
    if name == "year":
        return _Hit(s, e, False, "year", int(g["y"]))
    if name == "bare_year":
        if not _bare_year_ok(norm, s, e):
            return None
        return _Hit(s, e, False, "year", int(g["y"]))
    return None  # pragma: no cover


@lru_cache(maxsize=1)
def _cue_regexes() -> dict[str, regex.Pattern]:
    return {
        "span_cue": compile_regex(r"(?<!\w)(" + trie_pattern(_words("span_cue")) + r")(?!\w)", _FLAGS),
        "year_block": compile_regex(r"(?<!\w)(?:" + trie_pattern(_words("year_block")) + r")\s+$", _FLAGS),
        "no_evidence": compile_regex(r"(?<!\w)(?:" + trie_pattern(_words("no_evidence"))
                                     + r")\s+(?:năm\s+|trong\s+)?$", _FLAGS),
        # "Quyết định số 1234/QĐ-UBND ngày ", "Chỉ thị 38-CT/TW ngày "
        "document": compile_regex(r"(?<!\w)(?:" + trie_pattern(_words("document"))
                                  + r")(?:\s+số)?(?:\s+[\w/.\-]*\d[\w/.\-]*)?\s+$", _FLAGS),
        "count_unit": compile_regex(r"\s*(?:" + trie_pattern(_words("count_unit")) + r")(?!\w)", _FLAGS),
    }


def _span_kind(norm: str, start: int) -> tuple[str, int]:
    """'term' after nhiệm kỳ / khóa V (, 'span' otherwise (giai đoạn, năm học, a bare 2018 - 2025),
    and where the expression starts: at its cue word when the cue stands right before the years."""
    w0 = max(0, start - 30)
    found = list(_cue_regexes()["span_cue"].finditer(norm, w0, start, False, KEEP_GIL))
    if not found:
        return "span", start
    cue = found[-1]
    kind = _words("span_cue").get(phrase_key(cue.group(1)), "span")
    attached = _CUE_GAP.fullmatch(norm, cue.end(), start) is not None
    return kind, cue.start() if attached else start


def _bare_year_ok(norm: str, start: int, end: int) -> bool:
    """A year written alone ("nhiệm vụ 2021") and not a count ("hơn 2000 người")."""
    cues = _cue_regexes()
    if cues["year_block"].search(norm[max(0, start - 12):start], None, None, KEEP_GIL):
        return False
    return not cues["count_unit"].match(norm, end, None, KEEP_GIL)


def _pick(hits: list[_Hit]) -> list[_Hit]:
    """Leftmost-longest, non-overlapping."""
    out: list[_Hit] = []
    last_end = -1
    for h in sorted(hits, key=lambda h: (h.start, -h.end)):
        if h.start >= last_end:
            out.append(h)
            last_end = h.end
    return out


# ---- year resolution -------------------------------------------------------

@dataclass
class _Evidence:
    pos: int
    year: int
    strong: bool
    day: Optional[_dt.date] = None  # a full date written with its year: an anchor in time


def _evidence(doc: Document, hits: list[_Hit]) -> list[_Evidence]:
    no_ev, legal = _cue_regexes()["no_evidence"], _cue_regexes()["document"]
    out = []
    for h in hits:
        if not h.year_written or h.y1 is None:
            continue
        if no_ev.search(doc.norm, max(0, h.start - 20), h.start, KEEP_GIL):
            continue
        if h.is_date and legal.search(doc.norm, max(0, h.start - 50), h.start, KEEP_GIL):
            continue
        if h.is_date or h.precision in ("year", "half", "quarter", "months"):
            day = None
            if h.is_date and h.d1 and h.precision != "month":
                day = _dt.date(h.y1, h.m1, h.d1)
            out.append(_Evidence(h.start, max(y for y in (h.y1, h.y2) if y), True, day))
        else:  # spans and terms: an event in one may fall in any of its years
            out.append(_Evidence(h.start, h.y1, False))
    return out


def _published(doc: Document) -> Optional[_dt.date]:
    p = doc.published or ""
    m = _ISO_DATE.match(p)
    if not m:
        return None
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3] or 15))
    except ValueError:
        return None


def _on(year: int, month: int, day: Optional[int]) -> _dt.date:
    try:
        return _dt.date(year, month, day or 1)
    except ValueError:  # 29/2 in a common year
        return _dt.date(year, month, 28)


def _closest_year(ref: _dt.date, month: int, day: int) -> int:
    """The year that puts day/month closest to `ref`; news mostly reports what has happened,
    so a reading after `ref` must be twice as close."""
    def cost(y: int) -> int:
        days = (_on(y, month, day) - ref).days
        return 2 * days if days > 0 else -days
    return min((ref.year, ref.year - 1, ref.year + 1), key=cost)


def _resolve(doc: Document, pub: Optional[_dt.date], evidence: list[_Evidence], pos: int, month: int,
             day: Optional[int]) -> tuple[Optional[int], str]:
    s, e = doc.sentence_of(pos)
    here = [ev.year for ev in evidence if ev.strong and s <= ev.pos < e]
    if pub is not None:
        # a year in the sentence counts only if it does not put the date after publication:
        # "Sáng 19/12 ... ký kết giao ước thi đua năm 2026" published 20/12/2025 is 2025
        # (a target year), "Chiều 26/1, tổng kết năm 2023, triển khai nhiệm vụ năm 2024" is 2024
        here = [y for y in here if (_on(y, month, day) - pub).days <= _FUTURE_SLACK_DAYS]
        if here and day is not None:
            # "Ngày 26/1, ... Hội nghị tổng kết năm 2023" published 27/1/2024: the year under review, not
            # the meeting's; a year that puts the day most of a year before publication yields to a
            # reading weeks before it
            recent = _closest_year(pub, month, day)
            if max(here) == recent - 1 and (pub - _on(max(here), month, day)).days > _PAST_SLACK_DAYS \
                    and 0 <= (pub - _on(recent, month, day)).days <= _RECENT_DAYS:
                return recent, "published"
        if here:
            return max(here), "nearby_year"
        if day is None:  # "6 tháng cuối năm", "cuối tháng 3": the publication's own year
            return pub.year, "published"
        return _closest_year(pub, month, day), "published"
    if here:
        return max(here), "nearby_year"
    anchors = [ev for ev in evidence if ev.day is not None]
    if anchors and day is not None:
        # the nearest full date ("Ngày 26.10.2023, ...") dates the story better than a
        # month or a year, which are often plans ("dự kiến khởi động vào tháng 3/2024")
        anchor = min(anchors, key=lambda ev: abs(ev.pos - pos))
        return _closest_year(anchor.day, month, day), "nearby_year"
    strong = [ev for ev in evidence if ev.strong]
    if strong:  # the nearest sentence that writes a year; its latest year
        nearest = doc.sentence_of(min(strong, key=lambda ev: abs(ev.pos - pos)).pos)
        return max(ev.year for ev in strong if nearest[0] <= ev.pos < nearest[1]), "nearby_year"
    weak = [ev.year for ev in evidence]
    if weak:
        return max(weak), "nearby_year"
    return None, "unknown"


def _ys(y: Optional[int]) -> str:
    return f"{y:04d}" if y is not None else "XXXX"


def _date_value(h: _Hit) -> str:
    if h.precision == "interval":
        return f"{_ys(h.y1)}-{h.m1:02d}-{h.d1:02d}/{_ys(h.y2)}-{h.m2:02d}-{h.d2:02d}"
    if h.precision == "month":
        return f"{_ys(h.y1)}-{h.m1:02d}"
    return f"{_ys(h.y1)}-{h.m1:02d}-{h.d1:02d}"


def _period_value(h: _Hit) -> str:
    if h.precision == "year":
        return _ys(h.y1)
    if h.precision in ("span", "term"):
        return f"{_ys(h.y1)}/{_ys(h.y2)}"
    return f"{_ys(h.y1)}-{h.m1:02d}/{_ys(h.y2)}-{h.m2:02d}"


def recognize(doc: Document, record: ArticleRecord) -> None:
    hits = _pick(_candidates(doc.norm))
    evidence = _evidence(doc, hits)
    pub = _published(doc)
    for h in hits:
        if h.year_written:
            h.resolved_by = "text"
            continue
        # a month written without its year ("hồi tháng 9") is the one nearest the publication, like a
        # day is; the middle of the month stands for its day (periods keep the publication's year)
        ref_day = 15 if h.is_date and h.precision == "month" and h.d1 is None else h.d1
        year, how = _resolve(doc, pub, evidence, h.start, h.m1, ref_day)
        h.resolved_by = how
        if year is not None:
            # an interval crossing new year ("28/12 - 2/1") ends in the next year
            h.y1 = year
            h.y2 = (year + 1 if (h.m2, h.d2 or 0) < (h.m1, h.d1 or 0) else year) if h.m2 else None
    dates: dict[str, DateItem] = {}
    periods: dict[str, Period] = {}
    for h in hits:
        end = h.end
        if "(" in doc.norm[h.start:end] and ")" not in doc.norm[h.start:end] and doc.norm[end:end + 1] == ")":
            end += 1  # "Hôm nay (5/12)"
        mention = doc.mention(h.start, end)
        if h.is_date:
            _add_date(dates, _date_value(h), h, mention)
        else:
            value = _period_value(h)
            if value in periods:
                periods[value].mentions.append(mention)
            else:
                periods[value] = _new_period(mention, value, h.precision)
    record.dates.extend(dates.values())
    record.periods.extend(periods.values())


def _add_date(dates: dict[str, DateItem], value: str, h: _Hit, mention: Mention) -> None:
    item = dates.get(value)
    if item is None:
        dates[value] = _new_date(mention, value, h)
        return
    item.mentions.append(mention)
    if item.part_of_day is None and h.part_of_day:
        item.part_of_day = h.part_of_day


# The records below are built from values that pass their validation unchanged: strings, a bool,
# a `Mention`, and the kinds, precisions, parts of the day and year sources the fields allow
# (the Period kinds and parts of the day from date_words.csv included:
# tests/test_dates_money_equivalence.py checks them and compares with the validated records).
# Skipping pydantic's validation costs several times less.
_PERIOD_FIELDS_SET = frozenset(("text", "value", "kind", "mentions"))
_DATE_FIELDS_SET = frozenset(("text", "value", "precision", "part_of_day", "year_written", "resolved_by",
                              "mentions"))


def _new_period(mention: Mention, value: str, kind: str) -> Period:
    """`Period(text=mention.text, value=value, kind=kind, mentions=[mention])`, unvalidated."""
    return built(Period, {"text": mention.text, "value": value, "kind": kind, "mentions": [mention]},
                 _PERIOD_FIELDS_SET)


def _new_date(mention: Mention, value: str, h: _Hit) -> DateItem:
    """`DateItem(text=mention.text, value=value, precision=h.precision, ..., mentions=[mention])`,
    unvalidated."""
    return built(DateItem, {
        "text": mention.text, "value": value, "precision": h.precision, "part_of_day": h.part_of_day,
        "year_written": h.year_written, "resolved_by": h.resolved_by, "mentions": [mention]}, _DATE_FIELDS_SET)
