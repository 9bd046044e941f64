"""Recogniser: people, their titles (role @ organisation) and bylines.

A person is found only where the text anchors a name: an honorific or
academic/rank prefix ("ông", "bà", "đồng chí", "PGS.TS", "Đại tá") before a
run of capitalised words, or a title right before the name ("Phó Chủ tịch
UBND tỉnh Lai Châu Hà Trọng Hải"). Titles written after a name (", Giám đốc
Sở Ngoại vụ", " - Chủ tịch ...", "(Cụm trưởng)") chain onto it. Short later
forms ("bà Kim Dung", "ông Sơn") and the article's own misspellings merge
into one person. Bylines and photo credits go to `record.source.authors`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import load_csv, phrase_regex, split_list, trie_branches, trie_pattern, word_trie
from ..model import ArticleRecord
from ..text import Document, lowered
from . import person_names as pn

# clause punctuation that may join a name to the titles written after it
_CHAIN_GAPS = {",", "-", "(", ")", "kiêm", "đồng thời là", "là"}


@lru_cache(maxsize=1)
def _titles():
    """normalised lower-case surface form -> (role, role_en, needs_org, implied_org, mission)."""
    table = {}
    for row in load_csv("titles.csv", required=("role",)):
        info = (row["role"], row.get("role_en") or None, row.get("needs_org") == "1",
                row.get("implied_org") or None, row.get("mission") or None)
        for form in [row["role"]] + split_list(row.get("variants", "")):
            table[form.lower()] = info
    return table


@lru_cache(maxsize=1)
def _title_re():
    return phrase_regex(_titles().keys())


def _lower_matcher(phrases) -> re.Pattern:
    """Whole-word matcher for lower-case phrases, run on lower-cased text.

    The stdlib engine scans these plain alternations about four times faster
    than a case-insensitive `regex` pattern, which matters on the default path.
    """
    lower_phrases = {p.lower() for p in phrases}
    return re.compile(word_trie(lower_phrases, r"\w") + r"(?!\w)")


@lru_cache(maxsize=1)
def _title_re_lower():
    return _lower_matcher(_titles().keys())


@lru_cache(maxsize=1)
def _phrase_scan() -> pn.WordScan:
    r"""The titles and the prefixes, in one `WordScan` (they share its costliest part): its
    `spans(lowered text)` are the matches of `_title_re_lower` through the whole text, and the
    prefixes' (same offsets; the case is read from the original):
    (?<![\w.])(?:DEGREE(?:\.DEGREE)*|OTHER)(?!\w)\.?\s*
    "PGS.TS." / "TS. ": the dot is part of the prefix, the space may be missing."""
    return pn.WordScan([(trie_pattern({t.lower() for t in _titles()}) + r"(?!\w)", r"\w"),
                        (_prefix_body(), r"[\w.]")])


@lru_cache(maxsize=1)
def _prefixes():
    """Honorifics, academic prefixes and military ranks: form -> (kind, gender)."""
    return {r["form"]: (r["kind"], r.get("gender") or None)
            for r in load_csv("honorifics.csv", required=("form", "kind"))}


@lru_cache(maxsize=1)
def _prefix_lower_forms() -> dict:
    """Lower-cased prefix -> its form in honorifics.csv."""
    return {f.lower(): f for f in _prefixes()}


@lru_cache(maxsize=1)
def _academic_parts() -> frozenset:
    """Degree words that may be joined by dots into one prefix ("TS.BS", "PGS.TS.", "BS.CKII")."""
    return frozenset(part for f, (kind, _g) in _prefixes().items() if kind == "academic"
                     for part in f.split(".") if part)


def _prefix_body() -> str:
    """The prefixes' body in `_phrase_scan`, written with one branch per first character (the degree
    branch still tried first), which `re` picks by that character instead of trying the two
    tries in turn."""
    degrees = {p.lower() for p in _academic_parts()}
    others = {f.lower() for f, (kind, _g) in _prefixes().items() if kind != "academic"}
    degree = trie_pattern(degrees)
    degree_rest, other_rest = dict(trie_branches(degrees)), dict(trie_branches(others))
    branches = []
    for ch in sorted(degree_rest.keys() | other_rest.keys()):
        alts = []
        if ch in degree_rest:
            alts.append(degree_rest[ch] + r"(?:\.(?:" + degree + r"))*")
        if ch in other_rest:
            alts.append(other_rest[ch])
        branches.append(re.escape(ch) + r"(?:" + "|".join(alts) + ")")
    return "(?:" + "|".join(branches) + r")(?!\w)\.?\s*"


@lru_cache(maxsize=1)
def _cues():
    rows = load_csv("person_cues.csv", required=("cue", "event_role"))
    return {r["cue"]: r["event_role"] for r in rows}, _lower_matcher([r["cue"] for r in rows])


@lru_cache(maxsize=1)
def _org_stop_re():
    """Matcher over lower-cased text (see text.lowered)."""
    return _lower_matcher(r["word"] for r in load_csv("person_org_stops.csv", required=("word",)))


class _TitleHit:
    __slots__ = ("start", "end", "role", "role_en", "implied", "mission", "former", "acting", "org_start",
                 "org_end", "org_text", "name", "needs_org", "comma_name", "country", "qualified")

    def __init__(self, start, end, info):
        self.start, self.end = start, end
        self.role, self.role_en, self.needs_org, self.implied, self.mission = info
        self.former = self.acting = False
        self.org_start = self.org_end = end
        self.org_text = None
        self.country = None  # "Đại sứ Ai-len tại Việt Nam": the country a mission post names
        self.qualified = False  # the organisation took the place of a later title in the chain
        self.name = None  # (start, end) of a name written right after the organisation
        self.comma_name = None  # (start, end) of a bare name after "<title> <org>, "


class _NameHit:
    __slots__ = ("start", "end", "text", "honorific", "anchor_start")

    def __init__(self, start, end, text, honorific=None, anchor_start=None):
        self.start, self.end, self.text = start, end, text
        self.honorific = honorific
        self.anchor_start = start if anchor_start is None else anchor_start


def _sentence_initial(norm: str, pos: int) -> bool:
    """True when `pos` opens a clause: line start or after clause punctuation."""
    k = pos - 1
    while k >= 0 and norm[k] == " ":
        k -= 1
    return k < 0 or norm[k] in "\n.!?:;,(\"-|"


def _find_prefixed_names(doc: Document, prefix_spans) -> list[_NameHit]:
    norm = doc.norm
    size = len(norm)
    hits = []
    prefixes = _prefixes()
    lower_forms = _prefix_lower_forms()
    academic_parts = _academic_parts()
    title_re = _title_re_lower()
    for m_start, m_end in prefix_spans:
        if m_end == size or norm[m_end].islower():
            continue  # no capitalised word right after the prefix (it took the spaces): no name
        word = " ".join(norm[m_start:m_end].split()).rstrip(".")
        word_low = word.lower()
        key = lower_forms.get(word_low) or lower_forms.get(word_low + ".")
        if key is None and "." in word and all(p in academic_parts for p in word.split(".")):
            key = word  # degrees joined by dots, each written with its own capitals
        if key is None:
            continue
        kind, _gender = prefixes.get(key, ("academic", None))
        if kind in ("honorific", "address"):
            if "." in norm[m_start:m_end]:
                continue  # "... trẻ em. Ông Palmer": the sentence ended after the word
            # a capitalised "Bà"/"Ông"/"Anh" inside a sentence is a place or word ("tỉnh Bà Rịa")
            if word[0].isupper() and word_low not in ("đồng chí", "ngài") \
                    and not _sentence_initial(norm, m_start):
                continue
        elif word != key.rstrip("."):
            continue  # degrees and ranks are written with their own capitals ("PGS.TS", "Đại tá")
        run = pn.cap_run(norm, m_end)
        if not run:
            continue
        run = pn.cut_run_at_title(norm, run, title_re)
        if not run:
            continue
        start, end = run[0][0], run[-1][1]
        text = norm[start:end]
        tokens = [norm[s:e] for s, e in run]
        if (kind == "address" or word_low in ("anh", "chị")) \
                and (len(tokens) < 2 or not pn.is_surname(tokens[0])):
            continue  # common words too ("anh em", "cô ấy"): only before a family name
        if kind != "honorific" and (len(tokens) < 2):
            continue
        if pn.is_nonname(tokens):
            continue
        hits.append(_NameHit(start, end, text, word_low if kind == "honorific" else None, m_start))
    return hits


_APPOSITION = re.compile(r" *[,\-–] *")


def _after_name(norm: str, pos: int, name_ends: set) -> bool:
    """"ông Đặng Quốc Vinh, giảng viên Học viện Ngoại giao": a lower-case title set off
    right after a name is that person's post."""
    k = pos
    while k > 0 and norm[k - 1] in " ,-–":
        k -= 1
    return k in name_ends and _APPOSITION.fullmatch(norm, k, pos) is not None


@lru_cache(maxsize=1)
def _organ_re():
    """"Ủy viên Ban Thường vụ, Ban Chấp hành": a second organ with "Ủy viên" left out."""
    organs = [r[len("ủy viên "):] for r in _titles() if r.startswith("ủy viên ")]
    return re.compile(r"(?:, ?| và )(" + trie_pattern(organs) + r")(?!\w)")


def _elided_memberships(doc: Document, hit: _TitleHit, org_spans) -> list[_TitleHit]:
    out = []
    low = lowered(doc.norm)
    while True:
        m = _organ_re().match(low, hit.end)
        if m is None or not doc.norm[m.start(1)].isupper():
            return out
        hit = _TitleHit(m.start(1), m.end(1), _titles()["ủy viên " + " ".join(m.group(1).split())])
        pn.read_org(doc, hit, _org_stop_re(), _title_re_lower(), org_spans)
        out.append(hit)
        if hit.org_text is not None:
            return out


class _OrgSpans:
    """Normalised start -> furthest end of the organisations stage's mentions, mapped the
    first time a name after a title is checked against them (most documents never ask)."""

    def __init__(self, doc: Document, record: ArticleRecord):
        self._doc, self._record, self._spans = doc, record, None

    def get(self, start: int, default: int) -> int:
        if self._spans is None:
            spans: dict[int, int] = {}
            for o in self._record.organizations:
                for om in o.mentions:
                    s = self._doc.norm_offset(om.start)
                    spans[s] = max(spans.get(s, -1), self._doc.norm_offset(om.end))
            self._spans = spans
        return self._spans.get(start, default)


def _capital_after(text: str, pos: int) -> bool:
    """A capitalised word follows `pos` after spaces."""
    k = pos
    while k < len(text) and text[k] == " ":
        k += 1
    return k > pos and k < len(text) and text[k].isupper()


def _find_titles(doc: Document, record: ArticleRecord, names: list[_NameHit], spans) -> list[_TitleHit]:
    """`spans`: the title matches on the lower-cased text (None when it is the text itself)."""
    norm = doc.norm
    table = _titles()
    org_spans = _OrgSpans(doc, record)
    name_ends = {n.end for n in names}
    out = []
    low = lowered(norm)
    if spans is None:  # the text does not lower-case in place: the case-insensitive matcher on the text itself
        spans = [m.span() for m in _title_re().finditer(norm)]
    stop_re, title_re = _org_stop_re(), _title_re_lower()
    for m_start, m_end in spans:
        info = table.get(" ".join(low[m_start:m_end].split()))
        if info is None:
            continue
        surface = norm[m_start:m_end]  # the text's own case
        prev = pn.prev_word(norm, m_start)
        prev_low = prev.lower()
        if not surface[0].isupper() and prev_low not in ("nguyên", "quyền", "làm", "chức", "kiêm") \
                and not _after_name(norm, m_start, name_ends):
            continue
        if prev_low in ("các", "những", "mỗi", "vị"):
            continue
        if surface.endswith(" Đảng") and (shorter := table.get(" ".join(low[m_start:m_end - 5].split()))) \
                and _capital_after(norm, m_end):
            # "Ủy viên Trung ương Đảng Nhân dân Cách mạng Lào": the party is named; the post is on its
            # Central Committee ("Ủy viên Trung ương Đảng" alone is of the article's own party)
            m_end, info = m_end - 5, shorter
        hit = _TitleHit(m_start, m_end, info)
        if prev_low in ("nguyên", "quyền"):
            # the qualifier belongs to the title mention: "bà X - Nguyên trưởng Đại diện ..."
            hit.former = prev_low == "nguyên"
            hit.acting = prev_low == "quyền"
            hit.start = norm.rfind(prev, 0, m_start)
            if hit.acting:  # the gold keeps "Quyền Giám đốc" as the position itself
                hit.role = "Quyền " + hit.role
                hit.role_en = "Acting " + hit.role_en if hit.role_en else None
        pn.read_org(doc, hit, stop_re, title_re, org_spans)
        if hit.needs_org and not hit.org_text:
            continue
        if hit.org_text is None and hit.role.startswith("Ủy viên "):
            out.extend(_elided_memberships(doc, hit, org_spans))
        if hit.mission and (surface.lower().endswith("quán") or low.startswith(" quán", m_end)) \
                and hit.org_text:
            continue  # "Tổng Lãnh sự quán Việt Nam tại ...", "Đại sứ quán": the mission itself
        out.append(hit)
    return out


# "Các Phó Chủ tịch gồm: bà X, phó Giám đốc Sở Ngoại vụ; ông Y, ...": the post a list of people holds
# (elected at a congress), before each person's own titles
_LIST_HEADER = re.compile(r"(?<!\w)[Cc]ác[ ]+(\w+(?:[ ]+\w+){0,3}?)[ ]+(?:gồm|là)(?:[ ]+có)?[ ]*:?[ ]*")
_LIST_END = re.compile(r"\.(?:[ ]|$)|\n")


def _listed_posts(doc: Document, names: list, links: dict) -> None:
    """Give the post a list header names to each person listed under it (`links`: name index -> title hits)."""
    norm = doc.norm
    if "gồm" not in norm and " là" not in norm:
        return
    table = _titles()
    for m in _LIST_HEADER.finditer(norm):
        info = table.get(" ".join(m.group(1).lower().split()))
        if info is None or info[2]:  # not a post, or a word that is one only before a body ("Đại biểu")
            continue
        stop = _LIST_END.search(norm, m.end())
        end = stop.start() if stop else len(norm)
        for i, n in enumerate(names):
            if m.end() <= n.start < end and not any(t.role == info[0] for t in links["titles"][i]):
                links["titles"][i].append(_TitleHit(m.start(1), m.end(1), info))


def recognize(doc: Document, record: ArticleRecord) -> None:
    low = lowered(doc.norm)
    title_spans, prefix_spans = _phrase_scan().spans(low)
    names = _find_prefixed_names(doc, prefix_spans)
    titles = _find_titles(doc, record, names, title_spans if low is not doc.norm else None)
    # names written right after a title ("Phó Chủ tịch UBND tỉnh Đinh Văn Thu")
    known = {(n.start, n.end) for n in names}
    for t in titles:
        for span in (t.name, t.comma_name):
            if not span or span in known:
                continue
            s, e = span
            names.append(_NameHit(s, e, doc.norm[s:e], None, s))
            known.add(span)
    names.sort(key=lambda n: n.start)
    names = pn.drop_nested(names)
    links = pn.link_titles(doc, names, titles)
    _listed_posts(doc, names, links)
    persons = pn.build_persons(doc, record, names, links, _cues())
    record.persons.extend(persons)
    authors = pn.find_authors(doc)
    for a in authors:
        if a not in record.source.authors:
            record.source.authors.append(a)



