"""Helpers of the persons recogniser: name runs, the organisation after a
title, linking titles to names, merging the forms of one person, bylines.

All positions are offsets into `doc.norm`; mentions are made with
`doc.mention` only when a record item is built.
"""
from __future__ import annotations

import bisect
import itertools
import math
import re
import unicodedata
from functools import lru_cache

import regex

from ..lexicon import LexiconError, load_csv
from ..model import Person, Title, built
from ..text import KEEP_GIL, lowered  # KEEP_GIL: see text.py

# an apostrophe or hyphen may join the parts of one name word: O'Brien, D'Souza, Noh-wan; Mc and Mac
# may open one: McLeod, MacDonald
_NAME_WORD = r"(?:Ma?c(?=\p{Lu}))?\p{Lu}\p{Ll}*(?:['-]\p{L}\p{Ll}*)*(?![\p{L}\p{N}])"
_NAME_TOKEN = regex.compile(_NAME_WORD)
_TOKEN = regex.compile(r"[\p{L}\p{N}]+(?:[-'.&][\p{L}\p{N}]+)*|\S")
# a token after spaces (one match call instead of a loop over the spaces and one)
_SPACES_TOKEN = regex.compile(r" *(" + _TOKEN.pattern + ")")
# words after which a capitalised run starts with a place ("tỉnh Lai Châu ...")
_ADMIN = {"tỉnh", "phố", "TP", "huyện", "quận", "xã", "phường", "thị", "trấn", "Tỉnh", "Thành", "Tp"}
# lower-case words that may open the organisation after a title
_ORG_OPENERS = {"tỉnh", "thành", "huyện", "quận", "xã", "phường", "tổ", "nước", "thị", "trường"}
# lower-case words an organisation does not end with
_ORG_TRAILERS = {"tại", "về", "và", "của", "ở", "các", "cho", "với", "thuộc", "thành"}


@lru_cache(maxsize=1)
def _genders() -> dict[str, str]:
    """Honorific -> gender, from gazetteers/honorifics.csv (the one place that says it)."""
    return {r["form"]: r["gender"] for r in load_csv("honorifics.csv", required=("form", "kind"))
            if r["kind"] == "honorific" and r.get("gender")}

_CHAIN_GAP = regex.compile(
    r"[\s,()\-–]*(?:nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4}[\s,]*)?"
    r"(?:(?:kiêm|đồng thời là|hiện nay là|hiện là|nay là|là|làm|nguyên|(?:được\s+(?:[\p{Ll}]+\s+){0,3})?giữ\s+chức(?:\s+vụ)?)[\s,]*)?",
    regex.V1)
_PAREN_ALIAS = regex.compile(r"\s*\(\s*(\p{Lu}[\p{L} '-]{1,40}?)\s*\)\s*[,\-–]?\s*", regex.V1)
_PAREN_ACRONYM = regex.compile(r"\((?:\p{Lu}|\d|&){2,12}\)(?=\s+[\p{L}])", regex.V1)
_PARENS = regex.compile(r"\s*\([^()]*\)")
_MISSION = regex.compile(r"(?:đại sứ|tổng lãnh sự|lãnh sự) quán")
_LOCATED_AT = regex.compile(r" (?:tại|ở) ")
_DASH_GAP = regex.compile(r"\s*[-–]\s*")
_TO_NEXT_NAME = regex.compile(r"\s*[,\-–(]\s*(?:(?:ông|bà|đồng chí|Ông|Bà|Đồng chí)\s+)?")
_REPLACES = regex.compile(r"\bthay\s+(?:(?:ông|bà|đồng chí)\s+)?$")
# "được bầu làm", "được bầu giữ chức", "vừa được bổ nhiệm": the post a clause's subjects take
_ELECTED = regex.compile(
    r"(?:(?:được|đã|vừa)\s+(?:(?:được|tái)\s+)?(?:bầu(?:\s+lại|\s+bổ\s+sung)?|bổ\s+nhiệm(?:\s+lại)?|đắc\s+cử"
    r"|tín\s+nhiệm\s+bầu|hiệp\s+thương(?:\s+bầu)?)|tái\s+đắc\s+cử|tái\s+cử|tiếp\s+tục\s+giữ\s+chức(?:\s+vụ)?)"
    r"(?:\s+(?:làm|giữ\s+chức(?:\s+vụ)?|vào\s+chức(?:\s+vụ)?|vào|là))?\s*$")
# what may stand between the coordinated subjects of one clause and their titles
_SUBJECT_GAP = regex.compile(
    r"[\s,()\-–]*(?:(?:và|cùng|cùng với|nguyên|kiêm|đồng thời là)[\s,]*)?(?:(?:ông|bà|đồng chí)\s+)?")
_CLUSTER = regex.compile(r"Cụm(?: thi đua)?(?: số)? \d+")


# ---------------------------------------------------------------- lexicons

@lru_cache(maxsize=1)
def _latin_word_chars() -> str:
    """The `re` word characters of the Latin blocks Vietnamese is written in, escaped for a class."""
    blocks = itertools.chain(range(0x250), range(0x1E00, 0x1F00))
    return "".join(re.escape(chr(c)) for c in blocks if re.match(r"\w", chr(c)))


class WordScan:
    """For each of several (BODY, NOT_AFTER) pairs, the matches
    `re.compile("(?<!NOT_AFTER)(?:BODY)").finditer(text)` yields, found faster.

    `re` tries such a pattern at every letter that may open a phrase, and that costs more
    than the phrase test itself. Here the scan stops only at spaces (a literal `re` skips to
    quickly) and at characters that are not Latin letters or digits (a rare sight), and tests
    the phrase after the stop without taking it in: so every position where a phrase may
    start is seen, with the end its match would have. Keeping, from left to right, the ones
    that start past the end of the last one kept is what finditer does.

    Finding the other characters means testing every character of the text, which costs
    about as much as a body's tests after all the spaces: that scan is made once for all the
    bodies, each tested after each stop in a group of its own. (Merging the scans after the
    spaces saves nothing: there the cost is the bodies' own tests.)
    """

    def __init__(self, phrases: list[tuple[str, str]]):
        for _body, not_after in phrases:
            if re.match(not_after, " "):
                raise ValueError("a phrase must be allowed to start after a space")
        self._after_space = [re.compile(r" (?=(" + body + "))") for body, _ in phrases]
        self._at_start = [re.compile(body) for body, _ in phrases]
        if any(p.groups for p in self._at_start):
            raise ValueError("a body must hold no group of its own")
        # after an other character: body i, else the first that matches of the ones after it,
        # and then each further one that matches (so every body that matches there is seen)
        tests = [r"(?<!" + not_after + r")(?=(" + body + "))" for body, not_after in phrases]
        branches, self._other_groups = [], []  # (group, body index)
        for i, test in enumerate(tests):
            self._other_groups.append((len(self._other_groups) + 1, i))
            branch = test
            for j in range(i + 1, len(tests)):
                self._other_groups.append((len(self._other_groups) + 1, j))
                branch += r"(?:" + tests[j] + r"|)"
            branches.append(branch)
        self._after_other = re.compile(r"[^ " + _latin_word_chars() + r"](?:" + "|".join(branches) + ")")

    def spans(self, text: str) -> list[list[tuple[int, int]]]:
        """Per body, the spans of its matches."""
        out = []
        found_after_other: list[list[tuple[int, int]]] = [[] for _ in self._at_start]
        for m in self._after_other.finditer(text):
            regs = m.regs
            for group, i in self._other_groups:
                if regs[group][0] >= 0:
                    found_after_other[i].append(regs[group])
        for after_space, at_start, found in zip(self._after_space, self._at_start, found_after_other):
            found += [m.span(1) for m in after_space.finditer(text)]
            first = at_start.match(text)
            if first:
                found.append(first.span())
            found.sort()
            kept = []
            free = 0  # where the last match kept ends
            for start, end in found:
                if start >= free:
                    kept.append((start, end))
                    free = end
            out.append(kept)
        return out


@lru_cache(maxsize=1)
def _surnames() -> frozenset:
    return frozenset(r["surname"] for r in load_csv("surnames.csv", required=("surname",)))


@lru_cache(maxsize=1)
def _nonnames() -> tuple[frozenset, frozenset, frozenset]:
    """(never a person, person unless after an admin word, words never opening a name)."""
    never, person_too, heads = set(), set(), set()
    for r in load_csv("person_nonnames.csv", required=("name",)):
        if r.get("person_too") == "1":
            person_too.add(r["name"])
        elif " " in r["name"]:
            never.add(r["name"])
        else:
            heads.add(r["name"])
    for name in ("provinces.csv", "countries.csv"):
        try:
            never.update(r["name"] for r in load_csv(name) if r.get("name"))
        except LexiconError:  # the places gazetteers are optional for this stage
            pass
    try:  # other spellings of countries and provinces ("Cu Ba", "Cam-pu-chia"): one-word ones ("Nga",
        # "Mỹ") are given names too
        never.update(r["form"] for r in load_csv("place_aliases.csv")
                     if r.get("kind") in ("country", "province") and r.get("use") in ("alias", "display")
                     and (" " in r["form"] or "-" in r["form"]))
    except LexiconError:
        pass
    return frozenset(never), frozenset(person_too), frozenset(heads)


def is_surname(tok: str) -> bool:
    surnames = _surnames()
    return tok in surnames or (tok.isupper() and tok.capitalize() in surnames)


@lru_cache(maxsize=1)
def _local_units() -> frozenset:
    """Names of districts and communes: right after an administrative word ("UBND huyện Cao Lộc") a
    place, elsewhere possibly a person's name."""
    names: set[str] = set()
    try:
        for name in ("districts.csv", "communes.csv", "communes_2025.csv"):
            names.update(r["name"] for r in load_csv(name) if " " in r.get("name", ""))
    except LexiconError:  # the places gazetteers are optional for this stage
        pass
    return frozenset(names)


def is_nonname(tokens: list[str], after_admin: bool = False) -> bool:
    never, person_too, heads = _nonnames()
    text = " ".join(tokens)
    if text in person_too or (after_admin and text in _local_units()):
        return after_admin
    if text in never:
        return True
    return bool(tokens) and tokens[0] in heads


def _is_place(tokens: list[str]) -> bool:
    never, person_too, _ = _nonnames()
    text = " ".join(tokens)
    return text in never or text in person_too


# ---------------------------------------------------------------- name runs

@lru_cache(maxsize=None)
def _name_run(limit: int) -> regex.Pattern:
    """Up to `limit` name words, spaces before the first and between them; one match call reads
    the whole run (each word group keeps every word it captured)."""
    return regex.compile(r" *(" + _NAME_WORD + r")(?: +(" + _NAME_WORD + r")){0,%d}" % (limit - 1))


def cap_run(norm: str, pos: int, limit: int = 6) -> list[tuple[int, int]]:
    """Consecutive capitalised words from `pos` (spaces only between them)."""
    m = _name_run(limit).match(norm, pos, None, KEEP_GIL)
    if m is None:
        return []
    return [m.span(1)] + m.spans(2)


def cut_run_at_title(norm: str, run, title_re) -> list:
    title_at = title_re.match
    low = lowered(norm)
    for i, (s, _e) in enumerate(run):
        if title_at(low, s):
            return run[:i]
    return run


def prev_word(norm: str, pos: int) -> str:
    """The word right before `pos` (spaces only in between), else ""."""
    k = pos
    while k > 0 and norm[k - 1] == " ":
        k -= 1
    j = k
    while j > 0 and norm[j - 1].isalnum():
        j -= 1
    return norm[j:k]


_SIZE_RANK = {3: 0, 4: 1, 2: 2}  # three-word names first, then four, then two


def pick_name(tokens: list[str], after_admin: bool, org_empty: bool, at_clause_end: bool) -> int | None:
    """Index in a capitalised run where a person's name starts, or None."""
    n = len(tokens)
    best, best_rank = None, 9
    surnames = _surnames()
    for i in range(max(0, n - 4), n - 1):  # names of 2 to 4 words closing the run
        tok = tokens[i]
        if tok not in surnames and not (tok.isupper() and tok.capitalize() in surnames):
            continue  # not is_surname(tok)
        if any(is_nonname(tokens[i:j], after_admin and i == 0) for j in range(i + 2, n + 1)):
            continue
        rank = _SIZE_RANK[n - i]
        if rank < best_rank:
            best, best_rank = i, rank
    if best is not None:
        return best
    if not at_clause_end:
        return None
    # foreign names: what is left after org head words and places ("Hội Furuta Motoo")
    heads = _nonnames()[2]
    i = 0
    while i < n and tokens[i] in heads:
        i += 1
    for j in range(n - 1, i, -1):
        if _is_place(tokens[i:j]):
            i = j
            break
    if after_admin and i == 0:
        if n < 4:
            return None
        i = 1
    elif not org_empty and i == 0:
        return None
    size = n - i
    if 2 <= size <= 3 and not any(_is_place(tokens[j:q]) for j in range(i, n) for q in range(j + 1, n + 1)):
        return i
    return None


# ---------------------------------------------------------------- title -> organisation

def read_org(doc, hit, stop_re, title_re, org_spans=None) -> None:
    """Read the organisation written after a title, and a name that closes it.

    `org_spans`: normalised start -> end of the organisations stage's mentions; a name
    candidate inside one ("Trưởng Đại diện Plan International") is the body.
    """
    norm = doc.norm
    low = lowered(norm)
    stop_at, token_at, title_at = stop_re.match, _TOKEN.match, title_re.match
    pos = hit.end
    words = norm[hit.start:hit.end].split()
    org: list[tuple[int, int]] = []
    # "Phó trưởng Ban điều phối ...": the last word of the role opens the organisation
    # "Trưởng nhóm thiện nguyện X": a team is named after the word, whatever its case
    role_last = hit.role.split()[-1]
    team = role_last == "nhóm"
    if (role_last in ("ban", "phòng") and words[-1][0].isupper()) or team:
        nxt = token_at(norm, _skip_spaces(norm, pos))
        if nxt and nxt.group(0)[0].isalpha() and not stop_at(low, nxt.start()):
            last = norm.rfind(words[-1], hit.start, hit.end)
            org.append((last, hit.end))
    next_token = _SPACES_TOKEN.match
    count = 0
    while count < 30:
        count += 1
        # the next token after spaces only (a line break ends the organisation), else the end
        m = next_token(norm, pos, None, False)
        if m is None:
            break
        k, tok_end = m.span(1)
        tok = m.group(1)
        first = tok[0]
        if not first.isalnum():
            if tok in "-–" and org and _friendship_dash(norm, org, tok_end, title_re):
                org.append((k, tok_end))
                pos = tok_end
                continue
            if tok == "." and org and norm[org[-1][0]:org[-1][1]] in ("TP", "Tp"):
                org.append((k, tok_end))
                pos = tok_end
                continue
            if tok == "&" and org:
                org.append((k, tok_end))
                pos = tok_end
                continue
            acro = _PAREN_ACRONYM.match(norm, k, None, KEEP_GIL)
            if acro and org:
                org.append((k, acro.end()))
                pos = acro.end()
                continue
            if tok == "," and org:
                hit.comma_name = _name_after_comma(norm, tok_end, stop_re, title_re)
            break
        if stop_at(low, k):
            break
        if first.isupper():  # a title opens here ("Đại sứ quán" names the mission, not the post)
            title = title_at(low, k)
            if title and not low.startswith(" quán", title.end()):
                break
        # a name word (it opens with a capital) as the whole token: the run of them from here
        run = None if first.islower() else cap_run(norm, k)
        if run and run[0][1] == tok_end:
            if len(run) == 1:  # a one-word run holds no name (pick_name finds none in it)
                org.append(run[0])
                pos = tok_end
                continue
            toks = [norm[s:e] for s, e in run]
            prev = norm[org[-1][0]:org[-1][1]].split()[-1] if org else ""
            after_admin = prev in _ADMIN or (prev == "." and len(org) > 1)
            end_pos = run[-1][1]
            at_end = _clause_end(norm, end_pos, stop_re, title_re)
            k_name = pick_name(toks, after_admin, not org, at_end)
            if k_name is not None and _is_org_name(toks[k_name:], run[k_name][0], end_pos,
                                                   org_spans if org_spans is not None else {}):
                k_name = None
            if k_name is not None:
                hit.name = (run[k_name][0], end_pos)
                org.extend(run[:k_name])
                break
            org.extend(run)
            pos = end_pos
            continue
        if first.islower():
            if not org and tok not in _ORG_OPENERS:
                break
            if tok in ("ông", "bà", "anh", "chị") and cap_run(norm, tok_end, 1):
                break
        org.append((k, tok_end))
        pos = tok_end
    # trim words an organisation does not end with
    while org and norm[org[-1][0]:org[-1][1]] in _ORG_TRAILERS:
        org.pop()
    # "tổ chức Hagar International" -> the name proper
    while len(org) > 1 and norm[org[0][0]:org[0][1]] in ("tổ", "chức", "nước"):
        org.pop(0)
    if team and (len(org) < 2 or not any(norm[s].isupper() for s, _e in org[1:])):
        org = []  # "trưởng nhóm nghiên cứu": no team's name, only its kind
    if not org:
        return
    text = norm[org[0][0]:org[-1][1]]
    if "(" in text:
        text = _PARENS.sub("", text)
    if team:
        text = text[0].upper() + text[1:]
    hit.org_start, hit.org_end, hit.org_text = org[0][0], org[-1][1], text
    if getattr(hit, "mission", None) and not _MISSION.match(text.lower(), None, None, KEEP_GIL):
        # "Tổng Lãnh sự Trung Quốc": the country, not a named mission
        hit.country = _LOCATED_AT.split(text, maxsplit=1)[0]
        hit.org_text = None


@lru_cache(maxsize=1)
def _org_words() -> frozenset:
    """Latin-script words of organisation names ("International", "Foundation")."""
    return frozenset(r["word"] for r in load_csv("person_org_words.csv", required=("word",)))


def _is_org_name(tokens, start: int, end: int, org_spans) -> bool:
    org_words = _org_words()
    if any(t in org_words for t in tokens):
        return True
    # the body's name must open with the candidate: "Hội Furuta Motoo" read over a name is no proof
    return end <= org_spans.get(start, -1)


def _name_after_comma(norm: str, pos: int, stop_re, title_re):
    """"Chủ tịch LHCTCHN Kiên Giang, Danh Út (bên trái)": a bare name closing a title."""
    run = cap_run(norm, pos, limit=5)
    if not 2 <= len(run) <= 4 or "\n" in norm[pos:run[0][0]]:
        return None
    toks = [norm[s:e] for s, e in run]
    if not _clause_end(norm, run[-1][1], stop_re, title_re) or title_re.match(lowered(norm), run[0][0]):
        return None
    if pick_name(toks, False, False, False) == 0:
        return (run[0][0], run[-1][1])
    return None


def _skip_spaces(norm: str, pos: int) -> int:
    """The first position at or after `pos` that is not a space (a line break is not skipped)."""
    size = len(norm)
    while pos < size and norm[pos] == " ":
        pos += 1
    return pos


def _friendship_dash(norm: str, org, after: int, title_re) -> bool:
    """"Hội hữu nghị Việt Nam - Nhật Bản": a dash between two countries stays in the name."""
    start_text = norm[org[0][0]:org[-1][1]].lower()
    if "hữu nghị" not in start_text and not start_text.startswith("hội"):
        return False
    k = _skip_spaces(norm, after)
    m = _NAME_TOKEN.match(norm, k, None, KEEP_GIL)
    return bool(m) and not title_re.match(lowered(norm), k) and m.group(0) not in ("Ông", "Bà", "Đồng")


def _clause_end(norm: str, pos: int, stop_re, title_re) -> bool:
    k = _skip_spaces(norm, pos)
    if k >= len(norm):
        return True
    ch = norm[k]  # only spaces were skipped: a line break would be this character
    if not ch.isalnum():  # punctuation or a line break
        return True
    if ch.islower():
        return True
    low = lowered(norm)
    return bool(stop_re.match(low, k) or title_re.match(low, k))


# ---------------------------------------------------------------- linking

def drop_nested(names):
    out = []
    for n in names:
        if out and n.start < out[-1].end:
            if n.end - n.start > out[-1].end - out[-1].start:
                out[-1] = n
            continue
        out.append(n)
    return out


def _gap_chains(norm: str, a: int, b: int) -> bool:
    if b < a:
        return False
    m = _CHAIN_GAP.fullmatch(norm, a, b, KEEP_GIL)
    return m is not None


def link_titles(doc, names, titles) -> dict:
    """name index -> list of title hits; also records parenthesised aliases."""
    norm = doc.norm
    links: dict[int, list] = {i: [] for i in range(len(names))}
    aliases: dict[int, list[str]] = {i: [] for i in range(len(names))}
    by_start = {n.start: i for i, n in enumerate(names)}
    items = sorted([(n.start, "N", i) for i, n in enumerate(names)] + [(t.start, "T", t) for t in titles],
                   key=lambda x: x[0])

    def end_of(item):
        return names[item[2]].end if item[1] == "N" else max(item[2].end, item[2].org_end)

    k = 0
    while k < len(items):
        if items[k][1] != "T":
            k += 1
            continue
        # a chain of titles joined by commas/dashes/"kiêm"
        chain = [items[k]]
        j = k + 1
        while j < len(items) and items[j][1] == "T" and chain[-1][2].name is None \
                and _gap_chains(norm, end_of(chain[-1]), items[j][0]):
            chain.append(items[j])
            j += 1
        titles_in = [c[2] for c in chain]
        # "Phó Chủ tịch - Tổng Thư ký Liên hiệp ...": both roles of the same body
        for a, b in zip(reversed(titles_in[:-1]), reversed(titles_in[1:])):
            if a.org_text is None and b.org_text and _DASH_GAP.fullmatch(norm, a.end, b.start, KEEP_GIL):
                a.org_start, a.org_end, a.org_text = b.org_start, b.org_end, b.org_text
        _share_place(titles_in)
        _share_appointed_body(norm, titles_in)
        prev = items[k - 1] if k and items[k - 1][1] == "N" else None
        prev_ok = False
        if prev is not None:
            pn_end = names[prev[2]].end
            if _gap_chains(norm, pn_end, titles_in[0].start):
                prev_ok = True
            else:
                m = _PAREN_ALIAS.fullmatch(norm, pn_end, titles_in[0].start, KEEP_GIL)
                if m:
                    prev_ok = True
                    aliases[prev[2]].append(m.group(1))
        gaps = [norm[end_of(a):b[0]] for a, b in zip(chain, chain[1:])]
        # "Phó Chủ tịch HuePO nhiệm kỳ 2010-2015, giữ chức Chủ tịch": the earlier post is left
        # a post in another body is kept ("Giám đốc Sở Ngoại vụ, giữ chức Chủ tịch Liên hiệp")
        for q, gap in enumerate(gaps):
            if "giữ chức" in gap:
                new = titles_in[q + 1]
                for t in titles_in[:q + 1]:
                    if "nhiệm kỳ" in gap or (t.org_text and new.org_text
                                             and _org_form(t.org_text) == _org_form(new.org_text)):
                        t.former = True
        last = titles_in[-1]
        if last.name is not None:
            target = by_start.get(last.name[0])
            if prev_ok and len(titles_in) > 1:
                # titles after the last plain comma go with the name that follows them
                cut = max((q + 1 for q, g in enumerate(gaps) if g.strip() in (",", ";")), default=0)
                links[prev[2]].extend(titles_in[:cut])
                titles_in = titles_in[cut:]
            if target is not None:
                links[target].extend(titles_in)
        elif prev_ok:
            links[prev[2]].extend(titles_in)
        elif j < len(items) and items[j][1] == "N":
            gap = norm[end_of(chain[-1]):items[j][0]]
            nxt = items[j][2]
            if _TO_NEXT_NAME.fullmatch(gap, None, None, KEEP_GIL):
                links[nxt].extend(titles_in)
                # "3 Phó Chủ tịch UBND tỉnh (ông A, ông B, ông C)"
                if "(" in gap:
                    close = norm.find(")", names[nxt].end)
                    for q in range(nxt + 1, len(names)):
                        if close < 0 or names[q].start > close:
                            break
                        links[q].extend(titles_in)
        k = j
    _inherit_elided_orgs(norm, names, links)
    _elected(norm, names, items, links)
    _replaced(doc, names, titles, links)
    _delegation_heads(doc, names, titles, links)
    return {"titles": links, "aliases": aliases}


_PLACE_TAIL = regex.compile(r"(?:^|\s)(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|xã|phường) (\p{Lu}[^,;()]*)$", regex.V1)
_ADMIN_WORD = {"tp.": "thành phố", "tp": "thành phố"}  # the admin words _PLACE_TAIL reads, as written in full
_LEVEL_HEADS = ("tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường")
_ADMIN_END = regex.compile(r"\s(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)$")
# what a text _ADMIN_END can match at the end of ends with ("$" also matches before a final "\n")
_ADMIN_END_WORDS = ("tỉnh", "phố", "huyện", "quận", "xã", "phường", "\n")


@lru_cache(maxsize=1)
def _local_heads() -> frozenset:
    """Lower-case heads of bodies that exist in every province ("tỉnh ủy", "ubnd")."""
    try:
        rows = load_csv("org_heads.csv", required=("head",))
    except LexiconError:
        return frozenset()
    return frozenset(r["head"].lower() for r in rows if r.get("local") == "1")


@lru_cache(maxsize=None)
def _role_local_head(role: str) -> str | None:
    """The local body's head a role opens with ("Tỉnh ủy viên" -> "tỉnh ủy"), else None."""
    low = role.lower()
    return next((h for h in _local_heads() if low.startswith(h + " ")), None)


def _share_place(chain) -> None:
    """"Phó Bí thư Tỉnh ủy, Phó Tỉnh trưởng tỉnh Bô-ly-khăm-xay": the bare "Tỉnh ủy" is that
    province's, not the article's own province (a visiting delegation's titles)."""
    if len(chain) < 2:
        return  # only a later title's place is shared
    place = None  # the place of the nearest later title that names one (one pass, back to front)
    for t in reversed(chain):
        later = place
        if t.org_text:
            m = _PLACE_TAIL.search(t.org_text, None, None, KEEP_GIL)
            place = (m.group(0).strip(), m.group(1)) if m else place
        else:
            # "Tỉnh ủy viên, Phó Chủ tịch HĐND tỉnh X": the role names its body
            head = _role_local_head(t.role)
            if head is None:
                continue
            if later is None:
                continue
            t.org_text = t.role[:len(head)]
        bare = _ADMIN_END.sub("", t.org_text) if t.org_text.endswith(_ADMIN_END_WORDS) else t.org_text
        if bare.lower() not in _local_heads() or later is None:
            continue
        written_admin = t.org_text[len(bare):].strip().lower()
        if written_admin:
            # "Phó Chủ tịch HĐND thành phố, Chủ tịch Hội ... thành phố Hải Phòng": the name after the word
            # written; "UBND huyện" takes no "tỉnh X"
            later_admin = later[0][:len(later[0]) - len(later[1])].strip().lower()
            if _ADMIN_WORD.get(later_admin, later_admin) != written_admin:
                continue
            t.org_text = t.org_text + " " + later[1]
        else:
            # "Tỉnh ủy" names its level itself; "Sở Ngoại vụ" takes "tỉnh X" whole
            t.org_text = bare + " " + (later[1] if bare.lower().startswith(_LEVEL_HEADS) else later[0])
        t.qualified = True


def _share_appointed_body(norm, chain) -> None:
    """"làm Ủy viên Ban Thường vụ, Ban Chấp hành, Phó Chủ tịch Liên hiệp X": the seats on
    the internal organs listed with a post are in that post's body."""
    if len(chain) < 2:
        return  # only a later post's body is shared
    low = lowered(norm)
    start = next((q for q, t in enumerate(chain) if _elected_at(norm, t.start)
                  or low.endswith(("giữ chức ", "làm "), 0, t.start)), None)
    if start is None:
        return
    body = None
    for t in reversed(chain[start:]):
        if t.org_text is not None:
            body = t
        elif body is not None and t.role.startswith("Ủy viên ") and not t.mission:
            t.org_start, t.org_end, t.org_text = body.org_start, body.org_end, body.org_text


def _inherit_elided_orgs(norm, names, links) -> None:
    """"Chủ tịch Liên hiệp Hữu nghị A, Phó Chủ tịch B": B's post is in the same body."""
    for i in range(1, len(names)):
        prev_titles = links.get(i - 1) or []
        if not prev_titles or prev_titles[-1].org_text is None:
            continue
        for t in links.get(i) or []:
            if t.org_text is None and not t.mission and t.role != "Trưởng đoàn" and t.start > names[i - 1].end \
                    and norm[names[i - 1].end:t.start].strip() == "," and t.name is not None:
                src = prev_titles[-1]
                t.org_start, t.org_end, t.org_text = src.org_start, src.org_end, src.org_text


def _elected_at(norm: str, pos: int):
    """The election verb ("được bầu làm") ending right before `pos`, else None."""
    low = lowered(norm)
    start = max(0, pos - 45)
    if low.find("được", start, pos) < 0 and low.find("đã", start, pos) < 0 and low.find("vừa", start, pos) < 0 \
            and low.find("tái", start, pos) < 0 and low.find("tiếp tục", start, pos) < 0:
        return None  # the verb opens with one of these (looked for in place: no slices made)
    return _ELECTED.search(low, start, pos, KEEP_GIL)


def _elected(norm, names, items, links) -> None:
    """"Bà C, Giám đốc Sở X và ông D, Phó Chủ tịch Y được bầu làm Phó Chủ tịch Hội":
    the post after the verb goes to every coordinated subject of the clause."""
    for k, item in enumerate(items):
        if item[1] != "T" or item[2].name is not None:
            continue
        verb = _elected_at(norm, item[0])
        if verb is None:
            continue
        # the titles chained after the verb
        chain = [item[2]]
        for nxt in items[k + 1:]:
            last = chain[-1]
            if nxt[1] != "T" or last.name is not None \
                    or not _gap_chains(norm, max(last.end, last.org_end), nxt[0]):
                break
            chain.append(nxt[2])
        if chain[-1].name is not None:
            continue  # "... được bầu làm Phó Chủ tịch Hội Nguyễn Văn E": E's own title
        subjects = []
        pos = verb.start()
        for prev in reversed(items[:k]):
            if prev[1] == "N":
                n = names[prev[2]]
                if not _SUBJECT_GAP.fullmatch(norm, n.end, pos, KEEP_GIL):
                    break
                subjects.append(prev[2])
                pos = n.anchor_start
            else:
                t = prev[2]
                end = max(t.end, t.org_end)
                if end > pos or not _SUBJECT_GAP.fullmatch(norm, end, pos, KEEP_GIL):
                    break
                pos = t.start
        for i in subjects:
            links[i].extend(t for t in chain if not any(x is t for x in links[i]))


def _new_posts(norm, held):
    """The posts a person takes in the clause ("được bầu giữ chức ..."), else the ones not left."""
    for q, t in enumerate(held):
        if _elected_at(norm, t.start) or lowered(norm).endswith(("giữ chức ", "làm "), 0, t.start):
            return held[q:]
    return [t for t in held if not t.former]


def _replaced(doc, names, titles, links) -> None:
    """"ông A làm Phó Chủ tịch Hội thay ông B": B held the post before."""
    norm = doc.norm
    for i, n in enumerate(names):
        before = norm[max(0, n.start - 20):n.start]
        m = "thay" in before and _REPLACES.search(before)
        if not m:
            continue
        for q in range(i - 1, -1, -1):
            if links.get(q):
                held = sorted((t for t in links[q] if t.end <= n.start), key=lambda t: t.start)
                for t in _new_posts(norm, held):
                    if not any(x.role == t.role for x in links[i]):
                        links[i].append(_FormerCopy(t))
                break


class _FormerCopy:
    """A title hit seen through "thay": same role and body, held formerly."""

    def __init__(self, hit):
        self.__dict__.update({k: getattr(hit, k) for k in hit.__slots__})
        self.former = True


def _delegation_heads(doc, names, titles, links) -> None:
    """"do <A>, phu nhân Bộ trưởng B làm Trưởng đoàn": the head is the name after "do"."""
    norm = doc.norm
    for t in titles:
        if t.role != "Trưởng đoàn" or prev_word_lower(norm, t.start) != "làm":
            continue
        s0, _ = doc.sentence_of(t.start)
        # the clause may run over a line break ("do đồng chí A,\nPhó Giám đốc Sở, làm trưởng đoàn")
        dot = max(norm.rfind(".", 0, t.start), norm.rfind(";", 0, t.start), t.start - 300)
        s0 = min(s0, dot + 1)
        do_pos = max(norm.rfind(" do ", s0, t.start), norm.rfind("\ndo ", s0, t.start))
        for holder in links.values():
            if t in holder:
                holder.remove(t)
        cand = None
        if do_pos >= 0:
            cand = next((i for i, n in enumerate(names) if do_pos < n.start < t.start), None)
        if cand is None:
            before = [i for i, n in enumerate(names) if s0 <= n.start < t.start]
            cand = before[-1] if before else None
        if cand is not None:
            links[cand].append(t)
            if do_pos >= 0:
                _delegation_body(norm, s0, do_pos, names[cand], links[cand])


# "Đoàn công tác của Chính quyền tỉnh Gifu (Nhật Bản) do ...": the body that sends the delegation
_SENT_BY = regex.compile(r"(?i:đoàn)[^,;.]{0,40}? của (\p{Lu}[^,;.()]{2,80}?)(?:\s*\([^()]*\))?\s*$", regex.V1)


def _delegation_body(norm, s0, do_pos, head, titles) -> None:
    """The head's post written without its body ("do Phó Thống đốc X làm Trưởng đoàn") is in
    the body the delegation comes from."""
    m = _SENT_BY.search(norm, max(s0, do_pos - 160), do_pos)
    if m is None:
        return
    for t in titles:
        if t.org_text is None and t.role != "Trưởng đoàn" and not t.mission and not t.implied \
                and do_pos < t.start < head.start:
            t.org_start, t.org_end, t.org_text = m.start(1), m.end(1), m.group(1)
            t.qualified = True


def prev_word_lower(norm: str, pos: int) -> str:
    return prev_word(norm, pos).lower()


# ---------------------------------------------------------------- persons

def _base(s: str) -> str:
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d")
    return "".join(c for c in s if not unicodedata.combining(c))


def _near_spelling(a: list[str], b: list[str]) -> bool:
    """Same length, one word differing by at most one letter once accents are dropped."""
    if len(a) != len(b) or len(a) < 3:
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    if len(diff) != 1:
        return False
    x, y = (_base(w) for w in diff[0])
    if len(x) != len(y):
        return False
    return sum(1 for p, q in zip(x, y) if p != q) <= 1


def build_persons(doc, record, names, links, cues) -> list[Person]:
    norm = doc.norm
    clusters: list[dict] = []
    title_links, alias_links = links["titles"], links["aliases"]
    # (start, end, name) of every mention of the organisations stage, in the record's order
    org_mentions = [(m.start, m.end, org.name) for org in record.organizations for m in org.mentions]
    for i, n in enumerate(names):
        toks = n.text.split()
        titles = [_make_title(doc, record, t, org_mentions) for t in title_links.get(i, [])]
        c = _find_cluster(clusters, toks, titles)
        if c is None:
            if len(toks) < 2:
                continue
            c = {"forms": [], "honorific": None, "titles": [], "mentions": [], "spans": [], "roles": [],
                 "aliases": [], "low_forms": []}
            clusters.append(c)
        if n.text not in c["forms"]:
            c["forms"].append(n.text)
            c["low_forms"].append(n.text.lower().split())
        c["honorific"] = c["honorific"] or n.honorific
        c["titles"].extend(titles)
        c["spans"].append((n.start, n.end))
        c["aliases"].extend(alias_links.get(i, []))
    _event_roles(doc, clusters, cues)
    for c in clusters:  # "làm trưởng đoàn" is both a title and the event role
        if any(t.role == "Trưởng đoàn" for t in c["titles"]) and "delegation_head" not in c["roles"]:
            c["roles"].append("delegation_head")
    out = []
    for c in clusters:
        forms = sorted(c["forms"], key=lambda f: -len(f.split()))
        name = forms[0]
        aliases = [f for f in c["forms"] if f != name]
        aliases += [a for a in c["aliases"] if a not in aliases and a != name]
        out.append(_new_person({
            "name": name, "aliases": aliases, "honorific": c["honorific"],
            "gender": _genders().get(c["honorific"] or ""), "titles": _dedupe_titles(c["titles"]),
            "event_roles": c["roles"], "mentions": [doc.mention(s, e) for s, e in sorted(set(c["spans"]))]}))
    del norm
    return out


def _find_cluster(clusters, toks, titles):
    low = [t.lower() for t in toks]
    last = low[-1]
    for c in reversed(clusters):
        for fl in c["low_forms"]:  # each form lower-cased and split
            if fl[-1] != last:
                if len(fl) == 2 == len(low) and fl[0] == last and fl[1] == low[0]:
                    return c  # "Hiroshi Tanaka" after "Tanaka Hiroshi": a Japanese name in either order
                continue  # the same form, or one ending the other: the same last word
            if fl == low:
                return c
            if len(low) < len(fl) and fl[-len(low):] == low:
                return c
            if len(fl) < len(low) and low[-len(fl):] == fl and len(fl) <= 2 and not c["titles"]:
                return c
    if len(low) < 3:
        return None  # a near spelling is of a name of three words or more (see _near_spelling)
    for c in clusters:
        for fl in c["low_forms"]:
            if len(fl) == len(low) and _near_spelling(fl, low):
                keys = {(t.role, (t.organization or "").lower()) for t in c["titles"]}
                if not titles or not keys or keys & {(t.role, (t.organization or "").lower()) for t in titles}:
                    return c
    return None


def _dedupe_titles(titles: list[Title]) -> list[Title]:
    out: list[Title] = []
    for t in titles:
        if t.role in ("Cụm trưởng", "Cụm phó") and any(o.role == t.role for o in out):
            continue  # one cluster post per person, however the cluster is written
        # the same role written once with the full body and once shortened
        longer = next((o for o in out if o.role == t.role and o.organization and t.organization and
                       (_org_form(o.organization).startswith(_org_form(t.organization))
                        or _org_form(t.organization).startswith(_org_form(o.organization)))), None)
        if longer is not None:
            longer.former = longer.former or t.former  # a post the article says was left
            if len(t.organization) > len(longer.organization):
                longer.organization = t.organization
            continue
        same = next((o for o in out if o.role == t.role and
                     ((o.organization or "").lower() == (t.organization or "").lower()
                      or t.organization is None or o.organization is None)), None)
        if same is not None:
            same.former = same.former or t.former
            if same.organization is None and t.organization:
                same.organization = t.organization
            continue
        out.append(t)
    if len(out) < 2:
        return out
    # "Phó Chủ tịch" beside "Phó Chủ tịch Thường trực" of the same body: keep the specific one
    return [t for t in out if not any(o is not t and o.role.startswith(t.role + " ") and
                                      _same_body(o.organization, t.organization) for o in out)]


@lru_cache(maxsize=1)
def _head_expansions() -> tuple:
    """Acronym heads of bodies and their full form ("ubnd" -> "ủy ban nhân dân")."""
    try:
        rows = load_csv("org_heads.csv", required=("head",))
    except LexiconError:
        return ()
    return tuple((r["head"].lower() + " ", r["canon"].lower() + " ") for r in rows
                 if r.get("canon") and r["head"].isupper())


@lru_cache(maxsize=4096)
def _org_form(org: str) -> str:
    """Lower-case organisation with its acronym head spelt out: "UBND tỉnh" ~ "Ủy ban nhân dân tỉnh X"."""
    low = org.lower()
    for short, full in _head_expansions():
        if low.startswith(short):
            return full + low[len(short):]
    return low


def _same_body(a: str | None, b: str | None) -> bool:
    a, b = (a or "").lower(), (b or "").lower()
    return a.startswith(b) or b.startswith(a)


def _make_title(doc, record, hit, org_mentions) -> Title:
    org = _resolve_org(doc, record, hit, org_mentions)
    return built(Title, {"role": hit.role, "role_en": hit.role_en, "organization": org,
                         "former": hit.former, "acting": hit.acting}, _TITLE_FIELDS)


# Persons and titles are made without pydantic's validation (`model.built`), which costs several
# times more: their values are valid as they stand (strings, None, bools, lists of strings and of
# Title and Mention objects; tests/test_persons_equivalence.py compares the two constructions).
# The fields `Title(role=..., role_en=..., organization=..., former=..., acting=...)` sets
_TITLE_FIELDS = frozenset(("role", "role_en", "organization", "former", "acting"))
_PERSON_FIELDS = frozenset(("name", "aliases", "honorific", "gender", "titles", "event_roles", "mentions"))
_GENDERS = (None, "male", "female")  # the values Person.gender takes


def _new_person(values: dict) -> Person:
    """`Person(**values)`, `values` holding every field in declaration order."""
    if values["gender"] not in _GENDERS:  # a gazetteer's error: let the validation say it
        return Person(**values)
    return built(Person, values, _PERSON_FIELDS)


def _resolve_org(doc, record, hit, org_mentions) -> str | None:
    norm = doc.norm
    if hit.role == "Trưởng đoàn":
        return None
    if hit.org_text is None:
        if hit.implied:
            return hit.implied
        if hit.mission:
            return _named_mission(record, hit)
        if hit.role in ("Cụm trưởng", "Cụm phó"):
            m = _CLUSTER.search(norm)
            return m.group(0) if m else None
        return None
    if getattr(hit, "qualified", False):
        return _named_body(record, hit.org_text) or hit.org_text
    if _PLACE_TAIL.fullmatch(" " + hit.org_text, None, None, KEEP_GIL):
        # "Phó Tỉnh trưởng tỉnh X": the place stands for its government when the article names one
        gov = _named_body(record, hit.org_text, suffix=True)
        if gov:
            return gov
        if hit.role.lower().endswith(_LEVEL_POSTS):
            return None  # "Phó Tỉnh trưởng tỉnh Kandal": a post of the province, no body named
    s, e = doc.span(hit.org_start, hit.org_end)
    name_span = doc.span(*hit.name) if hit.name else None
    best = None
    for m_start, m_end, org_name in org_mentions:
        if m_start < e and s < m_end:
            if name_span and m_start < name_span[1] and name_span[0] < m_end:
                continue  # an organisation read over the person's name ("Hội Furuta Motoo")
            overlap = min(e, m_end) - max(s, m_start)
            if best is None or overlap > best[0]:
                best = (overlap, org_name)
    text = hit.org_text
    if best is not None and best[0] >= (e - s) * 0.5:
        return text if _written_fuller(norm[hit.org_start:hit.org_end], best[1]) else best[1]
    short = _short_name_body(record, text) or _acronym_definition(norm, text, hit.start)
    if short:
        return short
    if len(text.split()) <= 2:
        # "Phó Chủ nhiệm Ủy ban" after "Ủy ban Công tác về ... (Ủy ban)"
        full = _short_form_definition(norm, text) or _first_full_form(doc, record, text, hit.start)
        if full:
            return full
    return text


# posts that name their administrative level themselves (Laos, Cambodia, ...): the place after them
# is where, not a body
_LEVEL_POSTS = ("tỉnh trưởng", "huyện trưởng", "thị trưởng", "thống đốc")
_FULLER_TAIL = regex.compile(r"(?:tỉnh|thành phố|huyện|quận|(?:tại|ở) \p{Lu}.*)", regex.V1)


def _written_fuller(text: str, name: str) -> bool:
    """The title writes the body more fully than the record names it: "Liên hiệp ... tỉnh"
    (no province known), "Tổ chức Tầm nhìn Thế giới tại Việt Nam"."""
    if "(" in text:
        return False
    low, short = text.lower(), name.lower()
    if low.startswith("tổ chức " + short):
        low = low[len("tổ chức "):]
        if low == short:
            return True
        text = text[len("tổ chức "):]
    return low.startswith(short + " ") and _FULLER_TAIL.fullmatch(text[len(short) + 1:], None, None, KEEP_GIL) is not None


_LOCATED = regex.compile(r"\s+(?:tại|ở)\s+")


def _short_name_body(record, text: str) -> str | None:
    """"Giám đốc WHH tại Việt Nam và Lào" after "Tổ chức Welthungerhilfe (WHH)": the post is
    in the body the acronym (or another short form) stands for, named in full."""
    head = _LOCATED.split(text, maxsplit=1)[0].strip()
    for org in record.organizations:
        if head != org.name and (head == org.acronym or head in org.aliases):
            return org.name
    return None


def _acronym_definition(norm: str, text: str, before: int) -> str | None:
    """"Trưởng Đại diện Enabel tại Việt Nam" after "... và Cơ quan Phát triển Bỉ (Enabel)":
    the full name written before the short form's first definition (when the organisations
    stage did not list that body)."""
    head = _LOCATED.split(text, maxsplit=1)[0].strip()
    if head == text or " " in head:
        return None  # only a one-word short form placed somewhere ("X tại Việt Nam")
    k = norm.find("(" + head + ")", 0, before)
    if k < 0:
        return None
    words = []
    for m in reversed(list(_TOKEN.finditer(norm, max(0, k - 120), k, False, KEEP_GIL))):
        tok = m.group(0)
        if not tok[0].isalnum() or tok in _ORG_TRAILERS or len(words) >= 10:
            break
        words.append(tok)
    words.reverse()
    while words and not words[0][0].isupper():
        words.pop(0)  # "đại diện Tổ chức X (ABC)": the name opens with its capital
    return " ".join(words) if len(words) >= 2 else None


def _named_body(record, text: str, suffix: bool = False) -> str | None:
    """The organisation of the record named `text` (or, with `suffix`, the only one ending with it)."""
    low = text.lower()
    if not suffix:
        found = next((o.name for o in record.organizations if o.name.lower() == low), None)
        if found is None:
            # "HĐND thành phố Hải Phòng" (a place shared from a later title) is "Hội đồng nhân dân ..."
            form = _org_form(text)
            found = next((o.name for o in record.organizations if _org_form(o.name) == form), None)
        return found
    found = {o.name for o in record.organizations if o.name.lower().endswith(" " + low)
             and _org_form(o.name).split()[0] in ("chính", "ủy")}
    return found.pop() if len(found) == 1 else None


def _named_mission(record, hit) -> str | None:
    """The one mission of the post's kind the article names, of the country the title gives."""
    kind = hit.mission.lower() + " "
    country = (hit.country or "").lower()
    found = {o.name for o in record.organizations
             if o.name.lower().startswith(kind) and country in o.name.lower()}
    return found.pop() if len(found) == 1 else None


class _Probe:
    """A stand-in title hit for reading an organisation name from any position."""

    role = "-"
    mission = None

    def __init__(self, start, end):
        self.start, self.end = start, end
        self.name = self.comma_name = self.org_text = None
        self.org_start = self.org_end = end


def _first_full_form(doc, record, short: str, before: int) -> str | None:
    """A bare "Sở"/"Hội": the body of that kind the article has named in full."""
    if short not in _nonnames()[2] and short.lower() not in ("ủy ban", "liên hiệp", "công ty", "bệnh viện", "trung tâm"):
        return None
    found = _article_body(doc, record, short, before)
    if found:
        return found
    from .persons import _org_stop_re, _title_re_lower  # the persons stage owns the compiled lexicons
    norm = doc.norm
    for m in regex.finditer(r"(?<!\w)" + regex.escape(short) + r"(?= \p{Lu})", norm):
        if m.start() >= before:
            break
        probe = _Probe(m.start(), m.end())
        read_org(doc, probe, _org_stop_re(), _title_re_lower())
        if probe.org_text and probe.name is None:
            return short + " " + probe.org_text
    return None


def _article_body(doc, record, short: str, before: int) -> str | None:
    """Of the bodies named "<short> ...", the one the text is about at `before`: named in the
    headline, else named most often up to there, else named last before it."""
    head = short.lower() + " "
    first_line = doc.norm.find("\n")
    best, best_key = None, None
    for org in record.organizations:
        if not org.name.lower().startswith(head):
            continue
        starts = [doc.norm_offset(m.start) for m in org.mentions]
        earlier = [p for p in starts if p < before]
        key = (any(0 <= p < first_line for p in starts), len(earlier), max(earlier, default=-1))
        if best_key is None or key > best_key:
            best, best_key = org.name, key
    return best


def _short_form_definition(norm: str, short: str) -> str | None:
    k = norm.find("(" + short + ")")
    if k < 0:
        return None
    head = short.split()[0]
    start = norm.rfind(head, max(0, k - 200), k - 1)
    if start < 0:
        return None
    full = norm[start:k].strip()
    if "\n" in full or len(full) <= len(short):
        return None
    return full


def _event_roles(doc, clusters, cues) -> None:
    table, cue_re = cues
    spans = sorted((s, e, c) for c in clusters for s, e in c["spans"])
    if not spans:
        return
    span_starts = [x[0] for x in spans]
    for m in _cues_in_sentences(doc, cue_re, _cue_chars(tuple(table)), span_starts):
        cue = " ".join(m.group(0).split()).lower()
        role = table.get(cue)
        if role is None:
            continue
        s0, s1 = doc.sentence_of(m.start())
        # the names of the sentence (spans are sorted by start)
        inside = spans[bisect.bisect_left(span_starts, s0):bisect.bisect_left(span_starts, s1)]
        if not inside:
            continue
        before = [x for x in inside if x[1] <= m.start()]
        after = [x for x in inside if x[0] >= m.end()]
        if before and (not after or m.start() - before[-1][1] < 80):
            targets = [before[-1]]
        elif role == "attendee":
            targets = after
        else:
            targets = after[:1]
        for _s, _e, c in targets:
            if role not in c["roles"]:
                c["roles"].append(role)


@lru_cache(maxsize=4)
def _cue_chars(cues: tuple[str, ...]) -> frozenset:
    """The characters a cue is written with, other than spaces (its matcher takes any run of
    whitespace for a space)."""
    return frozenset("".join(cues).replace(" ", ""))


def _cues_in_sentences(doc, cue_re, cue_chars, starts):
    """The matches of `cue_re.finditer(lowered(doc.norm))` that may start in a sentence holding
    one of the sorted positions `starts` (as `doc.sentence_of` places them, up to the next
    sentence's start): a cue is read only in a sentence with a name, so the scan runs only over
    those sentences (a third of the text), in order.

    A scan from position q finds the whole text's matches from q on when no match runs across
    q: true when the character before q (whitespace skipped) can be in no cue, because a
    match is cue characters and whitespace and starts with a cue character. For the same
    reason a match that starts before a sentence's end stops before the first character
    after it that is neither: the scan need not see past that one (which the end test reads).
    """
    low = lowered(doc.norm)
    size = len(low)
    sentences = doc.sentences  # sorted and apart (sentence_of looks them up by their starts)
    sentence_starts = [s for s, _e in sentences]
    # before the first sentence, sentence_of gives the whole text (which holds every name)
    first = sentence_starts[0] if sentences else size
    stretches = [(0, first)] if first > 0 else []
    stretch_end = 0
    for pos in starts:
        if pos < stretch_end:
            continue  # in the sentence last taken
        k = bisect.bisect_right(sentence_starts, pos) - 1
        if k < 0 or pos >= sentences[k][1]:
            continue  # in no sentence: no sentence holds it
        stretch_end = sentence_starts[k + 1] if k + 1 < len(sentences) else size
        stretches.append((sentence_starts[k], stretch_end))
    windows: list[list[int]] = []  # [scan start, end], in order, apart
    for s0, s1 in stretches:
        q = s0
        while q > 0 and (low[q - 1].isspace() or low[q - 1] in cue_chars):
            q -= 1
        if windows and q <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], s1)
        else:
            windows.append([q, s1])
    for q, end in windows:
        stop = end
        while stop < size and (low[stop].isspace() or low[stop] in cue_chars):
            stop += 1
        for m in cue_re.finditer(low, q, stop + 1):
            if m.start() >= end:
                break
            yield m


# ---------------------------------------------------------------- bylines

# photo credits "Ảnh: A - B", "Tin, ảnh: C" (the "Tin, " before it changes no credit). The scan
# starts at the literal "nh" and checks the capital or small a behind it: `regex` then finds
# candidates with a fast literal search instead of trying every position (see _credits).
_CREDIT = regex.compile(r"nh(?<=[ẢảAa]nh)\s*:\s*([^)\n|]{2,60})", regex.V1)
_CREDIT_SEPARATOR = regex.compile(r"\s*[-–,;]\s*")
_BYLINE_SEPARATOR = regex.compile(r"\s+[-–]\s+|[-–]\s+")
_NAME_LINE = regex.compile(
    r"(?:\p{Lu}[\p{L}]*\.?)(?:[ ]+(?:\p{Lu}[\p{L}]*\.?)){0,4}(?:[ ]*[-–][ ]*(?:\p{Lu}[\p{L}]*\.?)(?:[ ]+\p{Lu}[\p{L}]*\.?){0,4})?",
    regex.V1)


def _credits(norm: str):
    """The text after each "Ảnh:", as finditer over "[ẢảAa]nh\\s*:\\s*(...)" reads them: a credit
    is looked for only from the end of the previous one (its "a" may stand right there)."""
    pos = 0
    while True:
        m = _CREDIT.search(norm, pos + 1, None, KEEP_GIL)  # the match starts at "nh", one past its "a"
        if m is None:
            return
        yield m.group(1)
        pos = m.end()


def find_authors(doc) -> list[str]:
    norm = doc.norm
    out: list[str] = []
    for credit in _credits(norm):
        for part in _CREDIT_SEPARATOR.split(credit.strip().rstrip(".")):
            if _NAME_LINE.fullmatch(part, None, None, KEEP_GIL):
                _add(out, part)
    for line in _closing_lines(norm):
        text = line.strip()
        if not text or not _NAME_LINE.fullmatch(text, None, None, KEEP_GIL):
            continue
        parts = [p.strip() for p in _BYLINE_SEPARATOR.split(text) if p.strip()]
        first = parts[0].split()
        if first[0] in ("Theo", "Nguồn", "Ảnh", "Video", "Top", "Tags", "Bài"):
            continue
        if text.isupper():
            if len(first) == 1 and len(first[0]) > 4 or len(first) > 3:
                continue
            if len(first) > 1 and not (is_surname(first[0]) or len(parts) > 1):
                continue
        elif len(first) > 4 or (len(first) == 1 and "." not in first[0]):
            continue  # a lone capitalised word is a broken line, not a byline
        if text.isupper() and len(parts) > 1:
            for p in parts:
                _add(out, p)
        else:
            _add(out, parts[0])
    return out


def _closing_lines(norm: str) -> list[str]:
    """The lines a byline may be: from the fourth on, starting in the last 60% of the text
    (bylines close the article). Found by jumping to that point, not by walking every line."""
    start = 0
    for _ in range(3):
        start = norm.find("\n", start) + 1
        if start == 0:
            return []
    threshold = len(norm) * 0.4
    if start < threshold:
        # the first line start >= threshold follows a line break at or after ceil(threshold) - 1
        start = norm.find("\n", math.ceil(threshold) - 1) + 1
        if start == 0:
            return []
    return norm[start:].split("\n")


def _add(out: list[str], name: str) -> None:
    name = name.strip()
    if name and name not in out:
        out.append(name)


__all__ = ["cap_run", "pick_name", "read_org", "link_titles", "build_persons", "find_authors", "Title"]
