"""The organisation recogniser's data, loaded once from gazetteers/org_*.csv and orgs_known.csv."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from ..lexicon import load_csv, phrase_regex, split_list


@dataclass(frozen=True)
class PlaceRow:
    name: str
    kind: str          # province, city, country, region
    code: Optional[str]
    forms: tuple[str, ...]


class OrgLex:
    def __init__(self) -> None:
        heads = load_csv("org_heads.csv", required=("head", "kind", "tail", "canon"))
        self.heads = {r["head"].lower(): r for r in heads if r["tail"] != "latin"}
        self.head_re = phrase_regex(self.heads)
        # whole-text scans run case-sensitively on the lower-cased text: much faster than IGNORECASE
        self.head_scan = phrase_regex(self.heads, ignore_case=False)
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
            if r["acronym"]:
                self.known_acr[r["acronym"]] = r
                if len(r["acronym"]) >= 4:
                    self.known_acr[r["acronym"].capitalize()] = r
        self.known_re = phrase_regex(self.known)
        self.acronym_re = phrase_regex(self.known_acr, ignore_case=False)

        self.places_by_name: dict[str, PlaceRow] = {}
        self._place_forms: dict[str, PlaceRow] = {}
        self.slugs: dict[str, PlaceRow] = {}
        for r in load_csv("org_places.csv", required=("name", "kind")):
            forms = (r["name"], *split_list(r["aliases"]))
            row = PlaceRow(r["name"], r["kind"], r["code"] or None, forms)
            self.places_by_name[r["name"]] = row
            for f in forms:
                self._place_forms.setdefault(f.lower(), row)
            for slug in split_list(r["slug"]):
                self.slugs[slug] = row
        # place_at demands a capital: "anh", "nhật", "áo" are also common words in lower case
        self.place_re = phrase_regex([f for r in self.places_by_name.values() for f in r.forms])
        self.province_scan = phrase_regex([f.lower() for r in self.places_by_name.values() for f in r.forms
                                           if r.kind in ("province", "city")], ignore_case=False)

        generic = load_csv("org_generic.csv", required=("phrase", "rule"))
        self.never = {_key(r["phrase"]) for r in generic if r["rule"] == "never"}
        organs = [r["phrase"] for r in generic if r["rule"] == "organ"]
        self.organ_re = phrase_regex(organs, ignore_case=False)
        self.abstract_heads = {r["phrase"] for r in generic if r["rule"] == "abstract"}
        self.plural = {r["phrase"].lower() for r in generic if r["rule"] == "plural"}
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

        stops = load_csv("org_stopwords.csv", required=("word", "why"))
        self.stop_re = phrase_regex([r["word"] for r in stops if r["why"] != "surname"], ignore_case=False)
        self.surname_re = phrase_regex([r["word"] for r in stops if r["why"] == "surname"], ignore_case=False)
        self._cue_words = {r["word"] for r in stops if r["why"] != "surname" and " " not in r["word"]}
        self._cue_words |= {w for r in stops if r["why"] == "title" for w in r["word"].split()}

    # -- lookups at a position of the normalised text
    def head_at(self, s: str, i: int):
        m = self.head_re.match(s, i)
        return m if m and m.group()[0].isupper() else None

    def place_at(self, s: str, i: int):
        m = self.place_re.match(s, i)
        if m and (m.group()[0].isupper() or self._place_forms[m.group().lower()].kind == "region"):
            return m.end(), self._place_forms[m.group().lower()]
        return None

    def stop_at(self, s: str, i: int, in_name: bool = False):
        """A word that ends a name; a surname does not inside a proper name ("Học viện Hồng Hà")."""
        return self.stop_re.match(s, i) or (None if in_name else self.surname_re.match(s, i))

    def is_organ(self, s: str, start: int, end: int) -> bool:
        """An internal organ or venue ("Ban Thường vụ", "Trung tâm Hội nghị ...") starts here."""
        m = self.organ_re.match(s, start)
        return m is not None and m.end() <= end

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
        return self._plural_after.match(s, i) is not None

    def expand(self, key: str) -> str:
        return key


def _key(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


_NON_WORD = regex.compile(r"[^\w]+")
_LINE_END = regex.compile(r"[ ]*[.,;:)]*[ ]*(?:\n|$)")
_CUE_END = regex.compile(r"(?:theo|nguồn)[ ]*:?[ ]*$", regex.I)


@lru_cache(maxsize=1)
def lex() -> OrgLex:
    return OrgLex()
