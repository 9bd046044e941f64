"""Events the article reports as held: type, name, date, place, organisers, people.

Cue phrases (gazetteers/event_cues.csv) are found in the normalised text;
each occurrence is a *cue* with an event type. Cues that name a class of
events ("các hội nghị", "Hội nghị, Hội thảo", "làm việc với 27 đoàn") are
dropped; the rest are grouped into events: the same type is one event
("Hội nghị" in the title and five times in the body) unless an ordinal, a
date, a ";" list or an opener such as "Trước đó" says it is another
occasion. An event whose cues are all planned ("sẽ tổ chức Đại hội") goes
to `record.planned_events`; an event known only from activity verbs
("đến thăm") is kept only when its sentence dates it, says it happened
(đã, vừa), opens with "Trước đó" or is a photo caption.

Dates, places, organisations, persons and amounts come from the earlier
stages (their mentions); this stage only attaches them (eventparts).
"""
from __future__ import annotations

import re

import regex

from .eventparts import (Context, Cue, attach_people, back_reference, block_of, blocks, cue_date, cue_spans,
                         event_amounts, event_location, event_organizers, lead_date, lexicon, name_after, ordinal_of)
from .lexicon import WORD_CHAR, phrase_key
from .model import ArticleRecord, DateItem, Event
from .text import Document

# conjoined cues of these types in one clause are one event; the first listed type wins
_CONJOIN_RANK = ("visit", "ceremony", "meeting", "other")
_CONNECTOR = regex.compile(r'[\s,"\']*(?:và|cùng|,)[\s"\']*')
# `re`, not `regex`: regex's match() first looks for the pattern's required literal ("này") all the
# way to the end of the text, which made one call per cue quadratic on long texts
_THIS_ONE = re.compile(r"\s*(?:lần\s+)?này(?!" + WORD_CHAR + ")", re.IGNORECASE)
_TRAILING_LINK = regex.compile(r'(?:[\s,"]+(?:và|cùng|hoặc))?[\s,"]*$', regex.IGNORECASE)
_BY_AGENT = regex.compile(r"\bdo\s+[^,;.]{1,80}$", regex.IGNORECASE)
# "vào ngày 17/3 tới": a date followed by "tới" is in the future ("từ 5/3 tới 7/3" is a range)
_FUTURE_AFTER = re.compile(r"\s*(?:sắp\s+)?tới(?!" + WORD_CHAR + r")(?!\s*(?:ngày\s*)?\d)", re.IGNORECASE)
# a verb cue right after "và", following an event noun in its clause: "Hội nghị tổng kết ... và ký kết giao ước"
_AND_BEFORE = re.compile(r"(?<!" + WORD_CHAR + r")và\s+$", re.IGNORECASE)
_INSIDE_WINDOW = 200
# an event spoken of again is looked for among this many latest events: keeps grouping linear
_GROUP_WINDOW = 64
_CLAUSE_REACH = 300
# "khảo sát, xây dựng dự án từ năm 2020": the year may follow the verb's object
_PAST_YEAR_AFTER = 60
# "Đây là lần thứ hai hội thảo được tổ chức", "lớp tập huấn đầu tiên PACCOM tổ chức": the event spoken of again
_COPULA = re.compile(r"[\W]*(?:đây|đó)\s+(?:cũng\s+)?là(?!" + WORD_CHAR + ")", re.IGNORECASE)
_ORDINAL_BEFORE = re.compile(r"(?<!" + WORD_CHAR + r")lần\s+(?:thứ\s+\w+|đầu\s+tiên)\s+$", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"(?<!" + WORD_CHAR + r")được\s+$", re.IGNORECASE)
_FIRST_AFTER = re.compile(r"\s+đầu\s+tiên(?!" + WORD_CHAR + ")", re.IGNORECASE)
_LIST_SEP = re.compile(r"\s*(?:,|/|và|hoặc)\s*")
_CAPTION = regex.compile(r"\(\s*[Ảả]nh\b|\b[Ảả]nh\s*:|\bPhoto\s*:|\|\s*$|\bNguồn\s*:")
# every caption match holds one of these (the pattern is case-sensitive): a line without any is
# no caption, found by a few `str.find` (which skip ahead far faster than a scan by `regex`)
_CAPTION_LITERALS = ("ảnh", "Ảnh", "Photo", "|", "Nguồn")


def recognize(doc: Document, record: ArticleRecord) -> None:
    """Fill `record.events` (held, main first) and `record.planned_events`."""
    spans = blocks(doc)
    if not spans:
        return
    ctx = Context.build(doc, record, spans)
    held, planned = [], []
    other_occasion: set[int] = set()  # starts of events of another occasion: not dated by the one before
    for group in _group(ctx, _find_cues(ctx)):
        if not any(c.anchored for c in group):
            continue
        is_planned = any(c.planned for c in group) and not any(c.held for c in group)
        # ordered by where the body reports it: a title names the whole story, not the first event
        start = min((c.start for c in group if not c.title), default=0)
        (planned if is_planned else held).append((start, _build(ctx, group, is_planned)))
        first = next((c for c in group if not c.title), None)
        if not is_planned and first is not None and (
                first.separate or _in_review(ctx.doc.norm, first, None, ctx.spans[first.block][0], ctx.lower)):
            other_occasion.add(start)  # "Trước đó, ...", "Nhiệm kỳ qua, Hội đã tổ chức Lễ kỷ niệm ..." 
    _date_by_previous(held, other_occasion)
    # main event first: a dated one before undated mentions (captions, background)
    held.sort(key=lambda p: (p[1].date is None, p[0]))
    record.events = [ev for _, ev in held]
    record.planned_events = [ev for _, ev in planned]
    if record.events and record.events[0].date is None:
        record.events[0].date = lead_date(ctx)


def _date_by_previous(held: list, other_occasion: set) -> None:
    """"Sáng 23/1, đoàn đã đến thăm ... Tại xã Pả Vi, đoàn đã tổ chức lễ trao quà": an event reported
    without a day of its own, right after an event of one day, took place that day, unless it is
    opened as another occasion ("Trước đó, ..."). (start, Event) pairs, changed in place."""
    ordered = sorted(held, key=lambda p: p[0])
    for (_, before), (start, ev) in zip(ordered, ordered[1:]):
        if ev.date is None and before.date is not None and len(before.date) == 10 and before.date[:4] != "XXXX" \
                and start not in other_occasion:
            ev.date = before.date


def _find_cues(ctx: Context) -> list[Cue]:
    lex = lexicon()
    text, spans = ctx.doc.norm, ctx.spans
    cues: list[Cue] = []
    if ctx.lower is not None:
        scanned, found = ctx.lower, cue_spans(ctx.lower)
    else:
        lower = text.lower()
        if len(lower) == len(text):
            scanned, matches = lower, lex.cue_lower_re.finditer(lower)
        else:  # lower-casing moved the offsets: the case-insensitive pattern on the text
            scanned, matches = text, lex.cue_re.finditer(text)
        found = (m.span() for m in matches)
    cues_by_key = lex.cues
    for start, end in found:
        matched = scanned[start:end]
        # a cue key is its own phrase_key (lower case, single spaces): a match written so is its key
        key = matched if matched in cues_by_key else phrase_key(matched)
        if key not in lex.cues:  # a block phrase: "Trung tâm Hội nghị", "trao đổi"
            continue
        etype, strength = lex.cues[key]
        b = block_of(spans, start)
        ns, ne = name_after(text, start, end, spans[b][1], ctx.lower)
        cues.append(Cue(start=start, end=end, key=key, type=etype, strength=strength, block=b,
                        name_start=ns, name_end=ne))
    for a, b in zip(cues, cues[1:]):  # a name never runs into the next cue, unless that is a word of it
        if a.block == b.block and a.name_end > b.start and not _adjacent(text, a, b):
            tail = _TRAILING_LINK.search(text, a.end, b.start)
            a.name_end = max(a.end, tail.start() if tail else b.start)
    _mark_inside(text, cues)
    _mark_lists(text, cues)
    captions: dict[int, bool] = {}  # line start -> is a caption: a line may hold many cues
    for k, cue in enumerate(cues):
        prev = cues[k - 1] if k else None
        nxt = cues[k + 1] if k + 1 < len(cues) else None
        _classify(ctx, cue, prev, nxt, captions)
    return _absorb_adjacent(text, [c for c in cues if not c.generic])


def _absorb_adjacent(text: str, cues: list[Cue]) -> list[Cue]:
    """"Hội nghị gặp mặt", "Hội nghị tập huấn": a cue right after an event noun is a word of its name, not
    another event (a visit or meeting verb there is what its participants do: "đoàn dự Hội nghị đến thăm")."""
    out: list[Cue] = []
    for c in cues:
        a = out[-1] if out else None
        if a is not None and _adjacent(text, a, c):
            if c.type != a.type and c.type not in a.alt_types:
                a.alt_types += (c.type,)
            # the date after the name was looked for up to the absorbed cue only
            a.date = a.date or c.date
            a.anchored = a.anchored or c.anchored
            continue
        out.append(c)
    return out


def _adjacent(text: str, a: Cue, c: Cue) -> bool:
    gap = text[a.end:c.start]
    return (a.strength >= 2 and a.block == c.block and not gap.strip() and "\n" not in gap
            and (c.strength >= 2 or c.type not in ("visit", "meeting")))


def _last_markers(window: str, lower: bool) -> dict[str, int]:
    """Where the last held, planned and wish markers in `window` end (-1: none); `lower`: the window
    is a slice of `ctx.lower`."""
    lex = lexicon()
    last = {"held": -1, "planned": -1, "wish": -1}
    for m in (lex.marker_lower_re if lower else lex.marker_re).finditer(window):
        key = m.group().lower()
        role = lex.marker_role.get(key) or lex.marker_role.get(" ".join(key.split()))
        if role == "held" and key.endswith("thành công") and max(last["planned"], last["wish"]) >= 0:
            # "phấn đấu tổ chức thành công Đại hội", "sẽ tổ chức thành công": success as the aim
            continue
        if role:
            last[role] = m.end()
    return last


def _classify(ctx: Context, cue: Cue, prev: Cue | None, nxt: Cue | None, captions: dict[int, bool]) -> None:
    lex = lexicon()
    text = ctx.doc.norm
    bs, be = ctx.spans[cue.block]
    first_in_block = prev is None or prev.block != cue.block
    quoted = cue.start > 0 and text[cue.start - 1] == '"'
    if quoted:  # "Ngày hội hoa hướng dương": the title ends at its closing quote
        close = text.find('"', cue.end, be)
        if close > 0:
            cue.name_end = close
    lower = ctx.lower
    # the clause around the cue, within reach: a "sentence" of a run-on text may be huge
    lo = max(bs, cue.start - _CLAUSE_REACH)
    clause_start = text.rfind(";", lo, cue.start) + 1 or lo
    before = text[clause_start:cue.start]
    # the patterns matched at a position read the lower-cased text with their twins, if there is one
    # (each looked up only when asked for: most are asked of a few cues)
    at_text = text if lower is None else lower
    cue.generic = cue.generic or _is_generic(before) or (cue.strength == 1 and (
        # "làm việc với 27 đoàn", "tiếp nhận 63 khoản viện trợ": tallies; "phong trào do X phát động":
        # a clause about something else
        (cue.type in ("meeting", "visit")
         and bool((lex.tally_re if lower is None else lex.tally_lower_re).match(at_text, cue.end)))
        or bool((lex.count_re if lower is None else lex.count_lower_re).match(at_text, cue.end))
        or _by_agent(before, lower, clause_start)))
    if cue.generic:
        _classify_generic(text, cue, bs, lower)
        return
    cue.ordinal = (ordinal_of(lower[cue.name_start:cue.name_end], lower=True) if lower is not None
                   else ordinal_of(text[cue.name_start:cue.name_end]))
    cue.this_one = bool(_THIS_ONE.match(text, cue.end))
    # what follows the name, for the planned and held markers (lower-cased when there is a twin)
    after = (text if lower is None else lower)[cue.name_end:min(be, cue.name_end + 20)]
    planned_re, held_re = (lex.planned_re, lex.held_re) if lower is None else (lex.planned_lower_re, lex.held_lower_re)
    clause_end = text.find(";", cue.end, min(be, cue.end + _CLAUSE_REACH))
    # the marker nearest the cue wins: "đã thống nhất sẽ tổ chức Hội thảo" is to come, "đề nghị ..., Đoàn
    # đã trao quà" happened; "Hội nghị ... dự kiến được tổ chức" / "dự kiến diễn ra" is to come
    # the cue's window for the markers and "cùng ngày", in the lower-cased text when there is one
    low_before = ctx.lower[clause_start:cue.start] if ctx.lower is not None else None
    near = before[-100:]
    last = _last_markers(near if low_before is None else low_before[-100:], low_before is not None)
    held_at = last["held"] if last["held"] >= len(near) - 60 else -1
    plan_at, wish_at = last["planned"], last["wish"]
    # "cam kết trao quà đúng đối tượng", "mong muốn ... tiếp tục hỗ trợ": wanted, not done
    if wish_at > max(held_at, plan_at):
        cue.generic = True
        _classify_generic(text, cue, bs, lower)
        return
    plan_after = planned_re.search(after)
    cue.planned = bool(plan_at > held_at or plan_after
                       or _future_date(ctx, clause_start, clause_end if clause_end >= 0 else min(be, cue.end + _CLAUSE_REACH)))
    rest = after.lstrip(" ,")
    cue.held = bool((held_at > max(plan_at, wish_at) or held_re.match(rest)) and not planned_re.match(rest))
    cue.separate = first_in_block and bool((lex.separate_re if lower is None else lex.separate_lower_re).match(at_text, bs))
    cue.part = first_in_block and bool((lex.part_re if lower is None else lex.part_lower_re).match(at_text, bs))
    cue.back_ref, cue.opener = back_reference(text, cue, bs, lower)
    # the copula right before the cue: "Đây là một trong những nội dung ... tại buổi Lễ ký kết ... ngày 25/5"
    # reports an event of its own
    copula = _COPULA.match(text, bs, cue.start) if cue.start - bs <= 60 else None
    lo = max(bs, cue.start - 30)
    cue.repeat = bool((copula and cue.start - copula.end() <= 30)
                      or (text.find("lần", lo, cue.start) >= 0 and _ORDINAL_BEFORE.search(text, lo, cue.start))
                      or _FIRST_AFTER.match(text, cue.end))
    if cue.repeat:
        cue.ordinal = None
    cue.award = cue.key in lex.gift and bool((lex.award_re if lower is None else lex.award_lower_re).match(at_text, cue.end, be))
    cue.opener = cue.opener and first_in_block
    if low_before is None:
        cue.same_day = bool(lex.same_day_re.search(before[-120:]))
    else:  # the phrases' last words, looked for first, are rare
        near_low = low_before[-120:]
        cue.same_day = (any(w in near_low for w in lex.same_day_last_words)
                        and bool(lex.same_day_lower_re.search(near_low)))
    joined = prev is not None and prev.block == cue.block and _is_connector(text, prev, cue)
    cue.date = cue_date(ctx, cue, prev, nxt, joined)
    if cue.date is not None and _anniversary_span(cue.date.value):
        # "kỷ niệm 50 năm thiết lập quan hệ ngoại giao (2/12/1960 – 2/12/2010)": the span is what is
        # commemorated, not when ("... tại TP Vinh ngày 4/9/2012" may follow); a span that ended before
        # the article's year, with no day after it, dates history
        ended = cue.date.value.split("/")[1][:4]
        span = next(d for d in ctx.within(ctx.dates, bs, be) if d.obj is cue.date)
        limit = min(be, span.end + _CLAUSE_REACH, clause_end if clause_end >= 0 else be)
        cue.date = next((d.obj for d in ctx.within(ctx.dates, span.end, limit)
                         if not _anniversary_span(d.obj.value)), None)
        ref = ctx.doc.published or lead_date(ctx) if cue.date is None else None
        if ref and ended < str(ref)[:4] and not (cue.block == 0 and be - bs < 250):
            cue.generic = True
            _classify_generic(text, cue, bs, lower)
            return
    cue.title = cue.block == 0 and be - bs < 250 and not text[bs:be].rstrip().endswith(".")
    if cue.strength >= 2:  # anchored, and none of the tests below is for it (nor is its caption)
        cue.anchored = True
        return
    # a cue of strength 1 is in a caption if its line is one: worked out only if asked (a line may hold many cues)
    if cue.date is None and not cue.title:
        cue.caption = _in_caption(text, cue.start, captions)
    cue.anchored = cue.held or cue.date is not None or cue.caption or cue.title or cue.separate or cue.same_day
    if (cue.date is None or cue.date.precision != "day") and not cue.title \
            and not cue.planned and _in_review(text, cue, prev, bs, lower):
        cue.generic = True
    if (cue.date is None or cue.date.precision != "day") and not cue.title and _actors_tally(ctx, cue, before):
        cue.generic = True
    if (cue.date is None or cue.date.precision != "day") and not cue.title and _PASSIVE_BEFORE.search(before[-15:]):
        # "Công trình được khởi công từ tháng 6/2019": the history of what the article is about, not an
        # event it reports (a passive with a day, "được bàn giao sáng 21/11", still is one)
        cue.generic = True
    if cue.date is None and not cue.title and not cue.caption \
            and _past_year_before(ctx, clause_start, cue.start, be):
        cue.generic = True


def _anniversary_span(value: str) -> bool:
    """A date interval of more than a year ("1960-12-02/2010-12-02"): no event lasts that long."""
    if "/" not in value:
        return False
    first, last = value.split("/", 1)
    return first[:4].isdigit() and last[:4].isdigit() and int(last[:4]) - int(first[:4]) > 1


def _in_caption(text: str, pos: int, captions: dict[int, bool]) -> bool:
    """Whether the line holding `pos` is a photo caption; `captions`: line start -> the answer, so far."""
    line_start = text.rfind("\n", 0, pos) + 1
    found = captions.get(line_start)
    if found is None:
        line_end = text.find("\n", pos)
        if line_end < 0:
            line_end = len(text)
        found = captions[line_start] = (any(text.find(lit, line_start, line_end) >= 0 for lit in _CAPTION_LITERALS)
                                        and bool(_CAPTION.search(text, line_start, line_end)))
    return found


def _classify_generic(text: str, cue: Cue, bs: int, lower: str | None) -> None:
    """What is read of a generic cue: it is no event, so only its neighbours look at it (its span,
    block, strength, name and whether it refers back: `cue_date`, `_in_review`, `_is_connector`);
    the rest of `_classify` would go unread."""
    cue.back_ref, _ = back_reference(text, cue, bs, lower)


def _past_year_before(ctx: Context, start: int, end: int, block_end: int) -> bool:
    """"Năm 2022, hai tỉnh đã ký Biên bản ghi nhớ", "đã tham gia khảo sát ... từ năm 2020": an activity dated
    only by a year before the article's is background, not an event it reports."""
    lo = max(start, end - _CLAUSE_REACH)
    years = [p.obj.value for p in ctx.within(ctx.periods, lo, min(block_end, end + _PAST_YEAR_AFTER))
             if p.obj.kind == "year" and p.obj.value.isdigit()]
    if not years:  # looked for first: lead_date scans the text
        return False
    ref = ctx.doc.published or lead_date(ctx)
    return bool(ref) and min(years) < str(ref)[:4]


def _in_review(text: str, cue: Cue, prev: Cue | None, bs: int, lower: str | None) -> bool:
    """"Trong năm 2025, Liên hiệp đã tổ chức ...; trao tặng 120 suất học bổng ...": an activity verb in a
    sentence summing up a period's work is a result, not an event. An event noun between the summing-up
    words and the verb starts a report of that event ("Năm qua, ... Hội nghị ... đã ký kết")."""
    start = max(bs, cue.start - _CLAUSE_REACH)
    if prev is not None and prev.block == cue.block and prev.strength >= 2 and not prev.generic:
        start = max(start, prev.name_end)  # "Hội nghị ... đánh giá kết quả ...": its name sums up nothing
    lex = lexicon()
    return bool(lex.review_lower_re.search(lower, start, cue.start) if lower is not None
                else lex.review_re.search(text, start, cue.start))


def _actors_tally(ctx: Context, cue: Cue, before: str) -> bool:
    """"các tổ chức đã trao tặng trên 40.000 khẩu trang", "Các địa phương tiếp nhận nhiều viện trợ nhất": a class
    of actors and a counted object sum up results; one event has its own actors and day."""
    lex = lexicon()
    if not lex.quantity_re.match(ctx.doc.norm, cue.end):
        return False
    return bool(lex.plural_agent_re.search(before[-80:]))


def _by_agent(before: str, lower: str | None, start: int) -> bool:
    """"phong trào do X phát động": the cue is what an agent did in a clause about something else;
    "đoàn do bà X làm trưởng đoàn đã đến thăm" names the delegation's head, not an agent of the cue.
    `before` starts at `start` of the text, whose `plain_lower` is `lower` (if any)."""
    # most clauses hold no "do": looked for first in the lower-cased text (plain text lower-cases
    # D and O, and only them, to d and o, the letters _BY_AGENT's IGNORECASE takes for them)
    if lower is not None and lower.find("do", start, start + len(before)) < 0:
        return False
    m = _BY_AGENT.search(before)
    return bool(m) and not lexicon().role_res["delegation_head"].search(m.group())


def _future_date(ctx: Context, start: int, end: int) -> bool:
    future = ctx.memo.get("future_dates")
    if future is None:  # the dates followed by "tới", read once per document: most have none
        text = ctx.doc.norm
        future = ctx.memo["future_dates"] = [d for d in ctx.dates if _FUTURE_AFTER.match(text, d.end)]
    return bool(future) and bool(ctx.within(future, start, end))


def _mark_inside(text: str, cues: list[Cue]) -> None:
    """"tổ chức Hội nghị tổng kết ... và ký kết giao ước thi đua": a verb conjoined to an event noun
    of its clause names a part of that event."""
    noun = None
    for c in cues:
        if c.strength >= 2:
            noun = c
            continue
        if noun is None or noun.block != c.block or c.start - noun.end > _INSIDE_WINDOW or noun.type == c.type:
            continue
        between = text[noun.end:c.start]
        if ";" in between or not _AND_BEFORE.search(between):
            continue
        c.inside = noun


def _is_generic(before: str) -> bool:
    """"các hội nghị", "những lần Hội nghị trước": a class, not one event."""
    lex = lexicon()
    gen = lex.generic
    words = [w.lower() for w in before.rsplit(None, 4)[-4:]]  # from the right: a clause may be long
    # "các nội dung đã ký kết": what a class of things went through, not an event
    words = words[:-1] if words and words[-1] == "đã" else words[-3:]
    # "các hoạt động kỷ niệm", "nhiều sự kiện giao lưu": a determiner and a class noun
    if len(words) == 3 and " ".join(words[1:]) in lex.class_words and words[0] in gen:
        return True
    words = words[-2:]
    return not gen.isdisjoint(words) or " ".join(words) in gen


def _mark_lists(text: str, cues: list[Cue]) -> None:
    """"tổ chức Hội nghị, Hội thảo": nouns of different types listed side by side are a class."""
    for a, b in zip(cues, cues[1:]):
        if a.strength < 2 or b.strength < 2 or a.type == b.type:
            continue
        if _LIST_SEP.fullmatch(text, a.end, b.start):
            a.generic = b.generic = True


def _is_connector(text: str, a: Cue, b: Cue) -> bool:
    return bool(_CONNECTOR.fullmatch(text[a.name_end:b.start]) or _CONNECTOR.fullmatch(text[a.end:b.start]))


class _Group:
    """An event's cues, with what `_compatible` asks of them kept up to date (no rescans)."""

    __slots__ = ("cues", "keys", "ords", "date", "planned", "held", "alt")

    def __init__(self, cue: Cue):
        self.cues: list[Cue] = []
        self.keys: set[str] = set()
        self.ords: set[str] = set()
        self.date: DateItem | None = None
        self.planned = self.held = False
        self.alt: set[str] = set()  # types its name also gives ("Hội nghị tập huấn": training)
        self.add(cue)

    def add(self, cue: Cue) -> None:
        self.cues.append(cue)
        self.keys.add(cue.key)
        if cue.ordinal:
            self.ords.add(cue.ordinal)
        if self.date is None and cue.date is not None:
            self.date = cue.date
        self.planned = self.planned or cue.planned
        self.held = self.held or cue.held
        self.alt.update(cue.alt_types)

    @property
    def type(self) -> str:
        return self.cues[0].type


def _group(ctx: Context, cues: list[Cue]) -> list[list[Cue]]:
    """Cues -> events. Title cues come last: the title names an event the body reports."""
    lex = lexicon()
    text = ctx.doc.norm
    groups: list[_Group] = []
    group_of: dict[int, _Group] = {}    # id(cue) -> its group
    opened_by: dict[int, _Group] = {}   # block -> the event its opener refers to ("Sau hội đàm, ...")
    last_date = None                     # of the latest dated cue of a held event: "Chiều cùng ngày"
    # the event the latest anchored cue went to: the one just reported (a cue may go back to an older
    # event, so this is not always the latest group made)
    latest: _Group | None = None
    for cue in [c for c in cues if not c.title]:
        prev = groups[-1].cues[-1] if groups else None
        same_block = prev is not None and prev.block == cue.block
        if cue.date is None and not cue.back_ref:
            if cue.block in opened_by and opened_by[cue.block].date is not None:
                # the day of the part last reported: "Sau buổi làm việc" of a visit of several days
                cue.date = next((c.date for c in reversed(opened_by[cue.block].cues) if c.date is not None),
                                opened_by[cue.block].date)
            elif cue.same_day:
                cue.date = _day_of(last_date) if last_date is not None else _lead_day(ctx, groups)
        target = None
        if same_block and _conjoined(text, prev, cue):
            target = groups[-1]
            _retype(target.cues, cue)
        elif cue.inside is not None and id(cue.inside) in group_of:
            target = group_of[id(cue.inside)]
        elif cue.key in lex.gift and groups and (same_block or cue.part or (cue.caption and cue.date is None)):
            # "Dịp này, ... tặng cờ": a gift handed over at the event just reported; a photo caption
            # ("Chủ tịch UBND tỉnh tặng quà lưu niệm cho kiều bào. Ảnh: ...") shows one
            target = latest if latest is not None and (cue.part or cue.caption) else groups[-1]
        elif cue.award and groups:
            # "Bế mạc lớp tập huấn, ông X đã trao giấy chứng nhận cho các học viên": awards are handed over
            # at an event, the one just reported if held
            target = (latest if latest is not None and not latest.planned
                      else next((g for g in reversed(groups) if not g.planned), groups[-1]))
        elif cue.repeat:
            target = (_compatible(groups, cue, text, ignore_date=True, held_only=True, any_ordinal=True)
                      or _compatible(groups, cue, text, ignore_date=True, any_ordinal=True))
            if target is not None:
                cue.date = None
        elif cue.back_ref:
            # "dự Đại hội", "Tại hội nghị": the event already reported, whatever date the sentence gives
            target = (_compatible(groups, cue, text, ignore_date=True, held_only=True)
                      or _compatible(groups, cue, text, ignore_date=True))
            if target is not None:
                cue.date = None
        elif not cue.separate and not (cue.same_day and not _bare(cue)):
            target = _compatible(groups, cue, text)
        if cue.part and cue.date is None:
            cue.date = next((g.date for g in reversed(groups[-_GROUP_WINDOW:]) if g.date and not g.planned), None)
        if target is None:
            target = _Group(cue)
            groups.append(target)
        else:
            target.add(cue)
        group_of[id(cue)] = target
        if cue.anchored:
            latest = target
        if cue.opener:
            opened_by[cue.block] = target
        if cue.date is not None and not target.planned:
            last_date = cue.date
    out = [g.cues for g in groups]
    for cue in [c for c in cues if c.title]:
        group = next((g for g in groups if g.type == cue.type or cue.key in g.keys or cue.type in g.alt), None)
        if group is None and cue.key in lex.gift:
            # "Trao quà Tết cho học sinh" over "đoàn ... đã đến thăm, tặng quà": the gift of the visit
            group = next((g for g in groups if g.keys & lex.gift), None)
        if group is None:
            out.insert(0, [cue])
        else:
            cue.type = group.type
            group.cues.insert(0, cue)
    return out


def _lead_day(ctx: Context, groups: list[_Group]) -> DateItem | None:
    """"Sáng cùng ngày" when no event before is dated: the day the article opens with, which is then
    also the day of the main event reported before ("Chiều 14/11, ông X đã tiếp đoàn ... buổi tiếp")."""
    value = lead_date(ctx)
    day = next((d.obj for d in ctx.dates if d.obj.value == value), None) if value else None
    if day is None:
        return None
    day = _day_of(day)
    main = next((g for g in groups if not g.planned), None)
    if main is not None and main.date is None:
        main.date = main.cues[0].date = day
    return day


def _bare(cue: Cue) -> bool:
    """The cue word alone, without a name of its own ("Hội nghị", "Đại hội sẽ thảo luận")."""
    return cue.name_end - cue.name_start <= len(cue.key) + 1


def _day_of(date: DateItem) -> DateItem:
    """"Chiều cùng ngày" after an event of several days: its first day."""
    if "/" not in date.value:
        return date
    return DateItem(text=date.text, value=date.value.split("/")[0], precision="day")


def _conjoined(text: str, a: Cue, b: Cue) -> bool:
    """"tổ chức buổi gặp gỡ và trao học bổng": one happening named by a noun and a verb."""
    if a.type == b.type or (a.strength >= 2 and b.strength >= 2):
        return False
    if a.type not in _CONJOIN_RANK or b.type not in _CONJOIN_RANK:
        return False
    return _is_connector(text, a, b)


def _retype(group: list[Cue], cue: Cue) -> None:
    if _CONJOIN_RANK.index(cue.type) < _CONJOIN_RANK.index(group[0].type):
        for c in group:
            c.type = cue.type
    else:
        cue.type = group[0].type


def _compatible(groups: list[_Group], cue: Cue, text: str, ignore_date: bool = False,
                held_only: bool = False, any_ordinal: bool = False) -> _Group | None:
    """The event `cue` speaks of again, if any: same type, no other ordinal or date, not a list item.

    An event with a name of its own that is still to come ("sẽ tổ chức Hội nghị Cụm năm 2026") is not
    one already reported as held or dated.
    """
    absorb = lexicon().absorb
    own_plan = cue.planned and not _bare(cue)
    best = None
    for g in groups[-_GROUP_WINDOW:]:
        if (g.type != cue.type and cue.key not in g.keys and cue.type not in g.alt
                and not (g.type == "visit" and cue.key in absorb)):
            continue
        if own_plan and not g.planned and (g.held or g.date) and not cue.this_one:
            continue
        if held_only and g.planned:
            continue
        if any_ordinal:
            best = g
            continue
        if cue.ordinal and g.ords:
            if cue.ordinal in g.ords:
                best = g
                break
            continue
        if cue.this_one:
            best = g
            break
        if not ignore_date and cue.date and g.date and not _same_occasion(cue.date.value, g.date.value):
            continue
        last = g.cues[-1]
        if last.block == cue.block and ";" in text[last.end:cue.start]:
            continue
        best = g  # the most recent compatible event
    if best is not None and best.type != cue.type:
        cue.type = best.type
    return best


def _same_occasion(day: str, when: str) -> bool:
    """The same date, or a day within an event of several days ("Sáng 14/3" of a visit on 13-14/3)."""
    if day == when:
        return True
    if "/" not in when or "/" in day or len(day) != 10:
        return False
    first, last = when.split("/", 1)
    return first <= day <= last


def _trim_quotes(name: str) -> str:
    """Drop a quote mark that the name does not open and close itself."""
    quotes = "\"“”"
    if name[:1] in quotes and sum(name.count(q) for q in quotes) % 2:
        name = name[1:]
    if name[-1:] in quotes and sum(name.count(q) for q in quotes) % 2:
        name = name[:-1]
    if len(name) > 1 and name[0] in quotes and name[-1] in quotes:
        name = name[1:-1]
    return name.strip()


def _build(ctx: Context, group: list[Cue], planned: bool) -> Event:
    doc = ctx.doc
    # the title's wording, else a capitalised (titled) mention, else the longest
    named = max(group, key=lambda c: (c.title, doc.norm[c.start].isupper(), c.name_end - c.name_start, -c.start))
    name = None
    if named.name_end - named.name_start > len(named.key) + 3:
        s, e = doc.span(named.name_start, named.name_end)
        name = _trim_quotes(doc.text[s:e].strip(" ,"))
    # the body's date before the title's (a title line may take the page header's date)
    date = next((c.date for c in group if c.date and not c.title), None) or next((c.date for c in group if c.date), None)
    block_ids = sorted({c.block for c in group})
    loc, venue = event_location(ctx, group)
    chairs, participants = attach_people(ctx, group)
    return Event(type=group[0].type, name=name, date=date.value if date else None, location=loc, venue=venue,
                 status="planned" if planned else "held", organizers=event_organizers(ctx, group),
                 chairs=chairs, participants=participants, amounts=event_amounts(ctx, block_ids),
                 evidence=[doc.mention_fields(*ctx.spans[b]) for b in block_ids])
