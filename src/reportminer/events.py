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

from .eventparts import (Context, Cue, attach_people, block_of, blocks, cue_date, event_amounts, event_location,
                         event_organizers, lead_date, lexicon, name_after, ordinal_of)
from .lexicon import WORD_CHAR
from .model import ArticleRecord, Event
from .text import Document

# conjoined cues of these types in one clause are one event; the first listed type wins
_CONJOIN_RANK = ("visit", "ceremony", "meeting", "other")
_CONNECTOR = regex.compile(r'[\s,"\']*(?:và|cùng|,)[\s"\']*')
# `re`, not `regex`: regex's match() first looks for the pattern's required literal ("này") all the
# way to the end of the text, which made one call per cue quadratic on long texts
_THIS_ONE = re.compile(r"\s*(?:lần\s+)?này(?!" + WORD_CHAR + ")", re.IGNORECASE)
_TRAILING_LINK = regex.compile(r'(?:[\s,"]+(?:và|cùng|hoặc))?[\s,"]*$', regex.IGNORECASE)
_BY_AGENT = regex.compile(r"\bdo\s+[^,;.]{1,80}$", regex.IGNORECASE)
_CAPTION = regex.compile(r"\(\s*[Ảả]nh\b|\b[Ảả]nh\s*:|\bPhoto\s*:|\|\s*$|\bNguồn\s*:")


def recognize(doc: Document, record: ArticleRecord) -> None:
    """Fill `record.events` (held, main first) and `record.planned_events`."""
    spans = blocks(doc)
    if not spans:
        return
    ctx = Context.build(doc, record, spans)
    held, planned = [], []
    for group in _group(_find_cues(ctx), doc.norm):
        if not any(c.anchored for c in group):
            continue
        is_planned = any(c.planned for c in group) and not any(c.held for c in group)
        (planned if is_planned else held).append((group[0].start, _build(ctx, group, is_planned)))
    # main event first: a dated one before undated mentions (captions, background)
    held.sort(key=lambda p: (p[1].date is None, p[0]))
    record.events = [ev for _, ev in held]
    record.planned_events = [ev for _, ev in planned]
    if record.events and record.events[0].date is None:
        record.events[0].date = lead_date(ctx)


def _find_cues(ctx: Context) -> list[Cue]:
    lex = lexicon()
    text, spans = ctx.doc.norm, ctx.spans
    cues: list[Cue] = []
    lower = text.lower()
    matches = lex.cue_lower_re.finditer(lower) if len(lower) == len(text) else lex.cue_re.finditer(text)
    for m in matches:
        key = " ".join(m.group().lower().split())
        if key not in lex.cues:  # a block phrase: "Trung tâm Hội nghị", "trao đổi"
            continue
        etype, strength = lex.cues[key]
        b = block_of(spans, m.start())
        ns, ne = name_after(text, m.start(), m.end(), spans[b][1])
        cues.append(Cue(start=m.start(), end=m.end(), key=key, type=etype, strength=strength, block=b,
                        name_start=ns, name_end=ne))
    for a, b in zip(cues, cues[1:]):  # a name never runs into the next cue
        if a.block == b.block and a.name_end > b.start:
            tail = _TRAILING_LINK.search(text, a.end, b.start)
            a.name_end = max(a.end, tail.start() if tail else b.start)
    _mark_lists(text, cues)
    captions: dict[int, bool] = {}  # line start -> is a caption: a line may hold many cues
    for k, cue in enumerate(cues):
        prev = cues[k - 1] if k else None
        nxt = cues[k + 1] if k + 1 < len(cues) else None
        _classify(ctx, cue, prev, nxt, captions)
    return [c for c in cues if not c.generic]


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
    cue.ordinal = ordinal_of(text[cue.name_start:cue.name_end])
    cue.this_one = bool(_THIS_ONE.match(text, cue.end))
    clause_start = max(text.rfind(";", bs, cue.start) + 1, bs)
    before = text[clause_start:cue.start]
    after = text[cue.name_end:min(be, cue.name_end + 20)]
    cue.generic = cue.generic or _is_generic(before) or (cue.strength == 1 and (
        # "làm việc với 27 đoàn": a tally; "phong trào do X phát động": a clause about something else
        (cue.type in ("meeting", "visit") and bool(lex.tally_re.match(text, cue.end)))
        or bool(_BY_AGENT.search(before))))
    cue.planned = bool(lex.planned_re.search(before[-100:]) or lex.planned_re.search(after))
    cue.held = bool(lex.held_re.search(before[-60:]) or lex.held_re.match(after.lstrip(" ,")))
    cue.separate = first_in_block and bool(lex.separate_re.match(text, bs))
    cue.part = first_in_block and bool(lex.part_re.match(text, bs))
    line_start = text.rfind("\n", 0, cue.start) + 1
    if line_start not in captions:
        line_end = text.find("\n", cue.start)
        captions[line_start] = bool(_CAPTION.search(text, line_start, line_end if line_end >= 0 else len(text)))
    cue.caption = captions[line_start]
    joined = prev is not None and prev.block == cue.block and _is_connector(text, prev, cue)
    cue.date = cue_date(ctx, cue, prev, nxt, joined)
    cue.title = cue.block == 0 and be - bs < 250 and not text[bs:be].rstrip().endswith(".")
    cue.anchored = (cue.strength >= 2 or cue.held or cue.date is not None or cue.caption or cue.title
                    or cue.separate)


def _is_generic(before: str) -> bool:
    """"các hội nghị", "những lần Hội nghị trước": a class, not one event."""
    gen = lexicon().generic
    words = [w.lower() for w in before.rsplit(None, 2)[-2:]]  # from the right: a clause may be long
    return any(w in gen for w in words) or " ".join(words) in gen


def _mark_lists(text: str, cues: list[Cue]) -> None:
    """"tổ chức Hội nghị, Hội thảo": nouns of different types listed side by side are a class."""
    for a, b in zip(cues, cues[1:]):
        if a.strength < 2 or b.strength < 2 or a.type == b.type:
            continue
        if regex.fullmatch(r"\s*(?:,|/|và|hoặc)\s*", text[a.end:b.start]):
            a.generic = b.generic = True


def _is_connector(text: str, a: Cue, b: Cue) -> bool:
    return bool(_CONNECTOR.fullmatch(text[a.name_end:b.start]) or _CONNECTOR.fullmatch(text[a.end:b.start]))


def _group(cues: list[Cue], text: str) -> list[list[Cue]]:
    """Cues -> events. Title cues come last: the title names an event the body reports."""
    lex = lexicon()
    groups: list[list[Cue]] = []
    for cue in [c for c in cues if not c.title]:
        prev = groups[-1][-1] if groups else None
        same_block = prev is not None and prev.block == cue.block
        target = None
        if same_block and _conjoined(text, prev, cue):
            target = groups[-1]
            _retype(target, cue)
        elif cue.key in lex.gift and groups and (same_block or cue.part):
            target = groups[-1]  # "Dịp này, ... tặng cờ": a gift handed over at the event just reported
        elif not cue.separate:
            target = _compatible(groups, cue, text)
        if cue.part and cue.date is None:
            cue.date = next((c.date for g in reversed(groups) for c in g if c.date), None)
        if target is None:
            groups.append([cue])
        else:
            target.append(cue)
    for cue in [c for c in cues if c.title]:
        target = next((g for g in groups if g[0].type == cue.type or cue.key in {c.key for c in g}), None)
        if target is None:
            groups.insert(0, [cue])
        else:
            target.insert(0, cue)
    return groups


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


def _compatible(groups: list[list[Cue]], cue: Cue, text: str) -> list[Cue] | None:
    """The event `cue` speaks of again, if any: same type, no other ordinal or date, not a list item."""
    absorb = lexicon().absorb
    best = None
    for g in groups:
        head = g[0]
        if head.type != cue.type and cue.key not in {c.key for c in g} \
                and not (head.type == "visit" and cue.key in absorb):
            continue
        ords = {c.ordinal for c in g if c.ordinal}
        if cue.ordinal and ords:
            if cue.ordinal in ords:
                best = g
                break
            continue
        if cue.this_one:
            best = g
            break
        gdate = next((c.date for c in g if c.date), None)
        if cue.date and gdate and cue.date.value != gdate.value:
            continue
        last = g[-1]
        if last.block == cue.block and ";" in text[last.end:cue.start]:
            continue
        best = g  # the most recent compatible event
    if best is not None and best[0].type != cue.type:
        cue.type = best[0].type
    return best


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
    date = next((c.date for c in group if c.date), None)
    block_ids = sorted({c.block for c in group})
    loc, venue = event_location(ctx, group)
    chairs, participants = attach_people(ctx, group)
    return Event(type=group[0].type, name=name, date=date.value if date else None, location=loc, venue=venue,
                 status="planned" if planned else "held", organizers=event_organizers(ctx, group),
                 chairs=chairs, participants=participants, amounts=event_amounts(ctx, block_ids),
                 evidence=[doc.mention(*ctx.spans[b]) for b in block_ids])
