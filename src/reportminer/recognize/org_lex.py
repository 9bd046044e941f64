"""The organisation recogniser's data, loaded once from gazetteers/org_*.csv and orgs_known.csv."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

import re
from typing import Iterable

from ..lexicon import WORD_CHAR, load_csv, phrase_key, phrase_regex, split_list, trie_branches, trie_pattern
from ..text import KEEP_GIL  # see text.py


@dataclass(frozen=True)
class PlaceRow:
    name: str
    kind: str          # province, city, country, region
    code: Optional[str]
    forms: tuple[str, ...]
    form_keys: tuple[str, ...] = field(default=(), compare=False)   # `norm_key` of each form


class OrgLex:
    def __init__(self) -> None:
        heads = load_csv("org_heads.csv", required=("head", "kind", "tail", "canon"))
        self.heads = {r["head"].lower(): r for r in heads if r["tail"] != "latin"}
        self.head_re = phrase_regex(self.heads)
        self.head_scan = cap_phrase_regex(self.heads)
        # rows by the form as written (the same few forms come back in every article)
        self._head_row_written = lru_cache(maxsize=4096)(lambda written: self.heads[phrase_key(written)])
        self.latin_keywords = {r["head"]: r["kind"] for r in heads if r["tail"] == "latin"}
        self.unit_canons = {r["canon"] for r in heads if r.get("unit") == "1"}
        self.abbreviations = {w for r in heads for w in r["head"].split()
                              if sum(c.isupper() for c in w) >= 2}

        self.known: dict[str, dict] = {}
        self.known_acr: dict[str, dict] = {}
        self.known_by_name: dict[str, dict] = {}
        for r in load_csv("orgs_known.csv", required=("name", "kind")):
            self.known_by_name[r["name"].lower()] = r
            for form in [r["name"], *split_list(r["aliases"])]:
                self.known[form.lower()] = r
                # "Ủy ban Công tác về tổ chức phi chính phủ ...": the plural word is often left out
                bare = _CAC.sub(" ", form)
                if bare != form:
                    self.known.setdefault(bare.lower(), r)
            if r["acronym"]:
                self.known_acr[r["acronym"]] = r
                if len(r["acronym"]) >= 4:
                    self.known_acr[r["acronym"].capitalize()] = r
        # "Ủy ban Công tác" + "về ...": the head and name a known body's name starts with, before its topic
        prefixes: dict[str, list] = {}
        self._topics: dict[str, set] = {}
        for form, r in self.known.items():
            head, sep, topic = form.partition(" về ")
            if sep and r not in prefixes.setdefault(head, []):
                prefixes[head].append(r)
                self._topics.setdefault(head, set()).add(_CAC_START.sub("", topic).split()[0])
        self.known_prefix = {k: v[0] for k, v in prefixes.items() if len(v) == 1}
        self.known_re = cap_phrase_regex(self.known)
        self.acronym_re = cap_phrase_regex(self.known_acr, ignore_case=False)

        self.places_by_name, self.slugs = _places()
        # the name a place is shown by where it differs from its key name ("Thành phố Hồ Chí Minh")
        self.place_display = {r["name"]: r["form"] for r in load_csv("place_aliases.csv", required=("form", "name", "use"))
                              if r["use"] == "display"}
        self._place_forms: dict[str, PlaceRow] = {}
        for row in self.places_by_name.values():
            for f in row.forms:
                self._place_forms.setdefault(f.lower(), row)
        # place_at demands a capital: "anh", "nhật", "áo" are also common words in lower case
        self.place_re = phrase_regex([f for r in self.places_by_name.values() for f in r.forms])
        # first letters (lower case) of the region forms, the only places written in lower case ("miền Trung")
        self._region_firsts = frozenset(f[:1] for f, row in self._place_forms.items() if row.kind == "region")
        self._may_start_place: dict[str, bool] = {}     # by character: a capital or a region's first letter
        self._place_row_written = lru_cache(maxsize=4096)(lambda form: self._place_forms[phrase_key(form)])
        self.province_scan = cap_phrase_regex([f for r in self.places_by_name.values() for f in r.forms
                                               if r.kind in ("province", "city")])

        generic = load_csv("org_generic.csv", required=("phrase", "rule"))
        self.never = {norm_key(r["phrase"]) for r in generic if r["rule"] == "never"}
        organs = [r["phrase"] for r in generic if r["rule"] == "organ"]
        self.organ_re = phrase_regex(organs, ignore_case=False)
        self.abstract_heads = {r["phrase"] for r in generic if r["rule"] == "abstract"}
        self.plural = {r["phrase"].lower() for r in generic if r["rule"] == "plural"}
        self.plural_reversed = frozenset(p[::-1] for p in self.plural)    # for words read backwards
        self.bare_ok = {r["phrase"] for r in generic if r["rule"] == "standalone"}
        self.media = {r["phrase"] for r in generic if r["rule"] == "media"}
        byline = [r["phrase"] for r in generic if r["rule"] == "byline_cue"]
        self._byline_before = regex.compile(r"(?:^|\n|[(])[ ]*(?:" + "|".join(regex.escape(c) for c in byline)
                                            + r")?[ ]*:?[ ]*$", regex.I)
        self.not_acronyms = {r["phrase"] for r in generic if r["rule"] == "never" and r["phrase"].isupper()}
        self.not_acronyms |= {w for w in self.abbreviations}
        cues = [r["phrase"] for r in generic if r["rule"] == "title_cue"]
        self._title_before = regex.compile(r"(?<![\w])(?:" + "|".join(regex.escape(c) for c in cues) + r")[ ]+$",
                                           regex.I)
        self._plural_after = regex.compile(
            r"[ ]+(?:" + "|".join(regex.escape(p) for p in self.plural) + r")[ ]", regex.I)

        self.lower_rules: dict[str, frozenset] = {}
        lower = load_csv("org_lower_words.csv", required=("word", "rule"))
        for r in lower:
            if r["rule"] != "compound":
                self.lower_rules[r["word"]] = self.lower_rules.get(r["word"], frozenset()) | {r["rule"]}
        self.lower_re = phrase_regex(self.lower_rules, ignore_case=False)
        self.compound_re = phrase_regex([r["word"] for r in lower if r["rule"] == "compound"], ignore_case=False)

        stops = load_csv("org_stopwords.csv", required=("word", "why"))
        self.stop_re = phrase_regex([r["word"] for r in stops if r["why"] != "surname"], ignore_case=False)
        # a person's name after a body: a family name followed by a capitalised syllable
        surnames = {r["surname"] for r in load_csv("surnames.csv", required=("surname",))}
        surnames |= {r["word"] for r in stops if r["why"] == "surname"}
        self.surname_re = phrase_regex(surnames, ignore_case=False)
        self._cue_words = {r["word"] for r in stops if r["why"] != "surname" and " " not in r["word"]}
        self._cue_words |= {w for r in stops if r["why"] == "title" for w in r["word"].split()}
        self.local_places = _local_places()

    # -- lookups at a position of the normalised text
    def head_at(self, s: str, i: int):
        m = self.head_re.match(s, i)
        return m if m and m.group()[0].isupper() else None

    def head_row(self, matched: str) -> dict:
        """The org_heads.csv row of a head matched in the text (matchers allow any run of
        whitespace between words: "Liên  hiệp", "Liên\nhiệp")."""
        return self._head_row_written(matched)

    def place_at(self, s: str, i: int):
        ch = s[i:i + 1]
        may_start = self._may_start_place.get(ch)
        if may_start is None:
            may_start = self._may_start_place[ch] = ch.isupper() or ch.lower()[:1] in self._region_firsts
        if not may_start:
            return None         # what the test below would say: most calls are at lower-case words
        m = self.place_re.match(s, i)
        if m is None:
            return None
        form = m.group()
        row = self._place_row_written(form)
        if form[0].isupper() or row.kind == "region":
            if self.longer_local_place(s, i, m.end()):
                return None     # "Đức Thọ", "Mỹ Tho": a district whose first word is a country's name
            return m.end(), row
        return None

    def longer_local_place(self, s: str, i: int, end: int) -> bool:
        """A district or commune name starts at `i` and runs past `end` (the place matched there)."""
        nxt = end + 1
        if not (s.startswith(" ", end) and nxt < len(s) and s[nxt].isupper()):
            return False        # the usual case, decided without a lookup
        local_end = self.local_place_end(s, i)
        return local_end is not None and local_end > end

    def stop_at(self, s: str, i: int, in_name: bool = False):
        """A word that ends a name; a surname does not inside a proper name ("Học viện Hồng Hà")."""
        return self.stop_re.match(s, i) or (None if in_name else self.surname_at(s, i))

    def surname_at(self, s: str, i: int):
        """A family name followed by a capitalised syllable: "Đàm Quang Vinh", not "Đào tạo"."""
        m = self.surname_re.match(s, i)
        if m is None:
            return None
        j = m.end()
        if not s.startswith(" ", j):
            return None
        j = _SPACES.match(s, j).end()
        return m if j < len(s) and s[j].isupper() else None

    def known_at(self, text: str) -> Optional[dict]:
        """The known body a matched form names, whatever its case and spacing."""
        return self.known.get(" ".join(text.split()).lower())

    def local_place_end(self, s: str, i: int) -> Optional[int]:
        """End of the longest district, commune or foreign province name written at `i`."""
        best, words = None, []
        for m in _CAP_RUN.finditer(s, i):
            if m.start() != i or len(words) == 4 or not m.group(1)[0].isupper():
                break
            words.append(m.group(1))
            if " ".join(words).lower() in self.local_places:
                best = m.end(1)
            i = m.end()
        return best

    def known_by_prefix(self, head: str, s: str, i: int) -> Optional[dict]:
        """The known body whose name is `head` + "về" + the topic written at `i` ("các tổ chức ...", "TCPCPNN")."""
        row = self.known_prefix.get(head)
        if row is None:
            return None
        m = _FIRST_TOPIC_WORD.match(s, i)
        w = m.group(1) if m else ""
        upper = sum(ch.isupper() for ch in w)
        return row if w.lower() in self._topics[head] or (upper >= 2 and upper * 2 >= len(w)) else None

    def compound_at(self, s: str, i: int):
        """'Quốc tế', 'Thế giới' at `i`: a capitalised word whose second syllable belongs to it."""
        return self.compound_re.match(s, i)

    def lower_word_at(self, s: str, i: int):
        """A listed lower-case word or phrase at `i`: (end, rules) or None."""
        m = self.lower_re.match(s, i)
        return (m.end(), self.lower_rules[" ".join(m.group().split())]) if m else None

    def is_organ(self, s: str, start: int, end: int, head_end: int = 0) -> bool:
        """An internal organ or venue ("Ban Thường vụ", "Trung tâm Hội nghị ...") starts here, and the
        head matched (ending at `head_end`) is no longer: "Ban Chỉ đạo công tác phi chính phủ nước
        ngoài", a head of its own, is a body though "Ban Chỉ đạo" is an organ."""
        m = self.organ_re.match(s, start)
        return m is not None and m.end() <= end and head_end <= m.end()

    def place_row(self, name: str) -> Optional[PlaceRow]:
        return self._place_forms.get((name or "").lower()) if name else None

    def is_title_word(self, w: str) -> bool:
        return w in self._cue_words

    def title_before(self, s: str, i: int) -> bool:
        return self._title_before.search(s[max(0, i - 30):i]) is not None

    def byline_at(self, s: str, start: int, end: int) -> bool:
        """A source credit: alone on its line, or right after 'Theo', 'Nguồn'."""
        before = s[max(0, start - 20):start]
        if not self._byline_before.search(before):
            return False
        return _LINE_END.match(s[end:end + 10]) is not None or _CUE_END.search(before) is not None

    def plural_after(self, s: str, i: int) -> bool:
        return self._plural_after.match(s, i, None, KEEP_GIL) is not None

    def expand(self, key: str) -> str:
        return key


def cap_phrase_regex(phrases: Iterable[str], ignore_case: bool = True) -> re.Pattern:
    """Whole-word matcher of phrases written with a capital first letter (the rest in any case).

    Names, heads and acronyms start with a capital: a lookahead on the first letter lets the
    scan skip most positions before the costlier word-boundary and trie tests (~3x faster
    than `phrase_regex` with IGNORECASE)."""
    phrases = [p for p in set(phrases) if p]
    firsts = sorted({p[0].upper() if ignore_case else p[0] for p in phrases})
    allowed = [c for c in firsts if c.isupper() or c.isdigit()]
    if not allowed or any(p[0].isspace() for p in phrases):
        return _cap_phrase_regex_plain(phrases, allowed, ignore_case)
    # Same matches as `(?=[allowed])(?<!W)(?i:trie)`, but each allowed first character is a
    # literal, followed by the word-start test and the trie branches it can take (in the trie's
    # order): `re` then skips ahead to the next allowed character in C (~2x faster scan).
    flags = re.IGNORECASE if ignore_case else 0
    groups = []
    for x in allowed:
        rests = [rest for ch, rest in trie_branches(phrases) if re.fullmatch(re.escape(ch), x, flags)]
        if not rests:
            continue
        if ignore_case:
            rests = ["(?i:" + r + ")" for r in rests]
        groups.append(re.escape(x) + r"(?<!" + WORD_CHAR + r"[\s\S])(?:" + "|".join(rests) + ")")
    return re.compile(r"(?:" + "|".join(groups) + r")(?!" + WORD_CHAR + r")")


def _cap_phrase_regex_plain(phrases: list[str], allowed: list[str], ignore_case: bool) -> re.Pattern:
    body = trie_pattern(phrases)
    if ignore_case:
        body = "(?i:" + body + ")"
    first = "".join(re.escape(c) for c in allowed) or "(?!)"
    return re.compile(r"(?=[" + first + r"])(?<!" + WORD_CHAR + r")" + body + r"(?!" + WORD_CHAR + r")")


_SLUG_DROP = regex.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """'Hà Giang' -> 'hagiang': the name as provincial web addresses write it."""
    bare = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return _SLUG_DROP.sub("", "".join(c for c in bare if not unicodedata.combining(c)).lower())


def _places() -> tuple[dict[str, PlaceRow], dict[str, PlaceRow]]:
    """Provinces, cities and countries from the shared place gazetteers, plus org_places.csv."""
    extra = load_csv("org_places.csv", required=("name", "use"))
    forms: dict[str, list[str]] = {}
    for r in load_csv("place_aliases.csv", required=("form", "name", "kind", "use")):
        if r["kind"] in ("province", "country"):
            forms.setdefault(r["name"], []).append(r["form"])
    for r in extra:
        if r["use"] == "alias":
            forms.setdefault(r["name"], []).append(r["value"])

    def row(name: str, kind: str, code: Optional[str]) -> PlaceRow:
        all_forms = tuple(dict.fromkeys([name, *forms.get(name, ())]))
        return PlaceRow(name, kind, code, all_forms, tuple(norm_key(f) for f in all_forms))

    rows: dict[str, PlaceRow] = {}
    provinces = load_csv("provinces.csv", required=("code", "name", "type"))
    # "Huế" became a city of its own in 2025; older names stay the canonical ones
    later = [r for r in load_csv("provinces_2025.csv", required=("code", "name", "type"))
             if r["name"] not in {p["name"] for p in provinces}]
    for r in (*provinces, *later):
        rows[r["name"]] = row(r["name"], "city" if r["type"] == "thành phố" else "province", r["code"])
    for r in load_csv("countries.csv", required=("code", "name")):
        rows.setdefault(r["name"], row(r["name"], "country", r["code"]))
    for r in extra:
        if r["use"] == "region":
            rows[r["name"]] = row(r["name"], "region", None)
    slugs = {slug(p.name): p for p in rows.values() if p.kind in ("province", "city")}
    slugs.update({r["value"]: rows[r["name"]] for r in extra if r["use"] == "slug"})
    return rows, slugs


def _local_places() -> frozenset[str]:
    """Names of districts, communes and foreign provinces: what may follow "huyện", "xã", "tỉnh"."""
    names = {r["name"] for f in ("districts.csv", "communes.csv", "communes_2025.csv")
             for r in load_csv(f, required=("name",))}
    for r in load_csv("provinces_foreign.csv", required=("name",)):
        names.add(r["name"])
        names.update(split_list(r.get("aliases", "")))
    return frozenset(n.lower() for n in names if n)


@lru_cache(maxsize=4096)  # the same names come back for every candidate of every article
def norm_key(text: str) -> str:
    """Lower case, punctuation to spaces, single spaces: the key organisation names are compared by."""
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


_NON_WORD = regex.compile(r"[^\w]+")
_CAC = re.compile(r" các ")
_SPACES = re.compile(r"[ ]*")
_CAC_START = re.compile(r"^các ")
_FIRST_TOPIC_WORD = re.compile(r"[ ]*(?:các[ ]+)?(\w+)")
_CAP_RUN = re.compile(r"(\w+(?:-\w+)*)[ ]*")
_LINE_END = regex.compile(r"[ ]*[.,;:)]*[ ]*(?:\n|$)")
_CUE_END = regex.compile(r"(?:theo|nguồn)[ ]*:?[ ]*$", regex.I)


@lru_cache(maxsize=1)
def lex() -> OrgLex:
    return OrgLex()
