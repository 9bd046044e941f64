"""Recogniser: places (countries, regions, provinces, districts, communes, named features).

Two passes over `doc.norm`, both driven by gazetteers/ data:

1. cue pass: an administrative word or feature cue ("tỉnh", "huyện", "xã",
   "thành phố", "TP.", "đảo", "sông", ... from place_cues.csv) followed by a
   run of capitalised words. The run is resolved against the gazetteer of the
   cue's level (longest known prefix); an unknown run is still a place of that
   level (foreign provinces, villages). "các xã A, B và C" gives every item;
   so does "các xã miền núi, biên giới như A, B" (known units only, of the
   article's provinces when it names some). "bản Mường Lống 1", "thôn 3":
   a village may end in a number.
2. name pass: one trie-shaped regex over every known province, country,
   region and alias (provinces*.csv, countries.csv, regions.csv,
   place_aliases.csv). Bare names must be capitalised, must not be part of a
   person's name (a preceding capitalised name starting with a family name:
   "Lê Hà Nam", "Nguyễn Phương Nga"), and some forms are accepted only after
   a cue ("thành phố Hồ Chí Minh" but not "Chủ tịch Hồ Chí Minh").

Districts and communes are only taken with their administrative word (their
names are ordinary words and people's names), or in parentheses right after
another place ("xã Đồng Phú (Long Hồ)").

Helpers for other stages:

- `lookup_place(name, published=None) -> PlaceInfo | None`: canonical name,
  kind, code (and province / 2025 province) for a written place name, with or
  without its administrative word ("tỉnh Bến Tre", "TP.HCM", "Hoa Kỳ").
- `province_pattern()`: cached compiled regex matching a province or country
  name with an optional administrative word before it ("tỉnh Bến Tre",
  "TP. Hồ Chí Minh", "Việt Nam"); group "name" is the name part. Use
  `lookup_place(m.group("name"))` on a match.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

import regex

from ..lexicon import WORD_CHAR, PhraseScan, load_csv, phrase_regex, split_list, trie_pattern, word_trie
from ..model import ArticleRecord, Place, built
from ..text import KEEP_GIL, Document, normalize  # KEEP_GIL: see text.py

MERGER_DATE = "2025-07-01"
# patterns anchored at the end of a short window before a name: searched from the end. They end in
# `$` (after `\s*` or `[ ]`), so `.match`, which a REVERSE pattern anchors at the window end, finds
# what `.search` finds without trying every earlier position of the window
_BACKWARDS = regex.V1 | regex.REVERSE
_MAX_RUN = 5       # words in a place name after a cue
_MAX_LIST = 12     # items in "các xã A, B, C"


@dataclass(frozen=True)
class PlaceInfo:
    name: str
    kind: str
    code: Optional[str] = None
    province: Optional[str] = None
    province_2025: Optional[str] = None
    province_2025_code: Optional[str] = None
    code_2025: Optional[str] = None      # same-named province after the merger
    bare: bool = True                    # may be matched without a cue
    level: str = ""                      # table it came from: province, province_2025, country, ...


def _resolve_admin(res, kinds: set, key: str, surface: str, cue: str = ""):
    """The unit an administrative word names: province, then district, then commune, as the cue allows
    (a commune's cue, "xã", "phường", "thị trấn", also tells two units of one name apart)."""
    info = None
    if "admin_province" in kinds:
        info = res.province(key)
    if info is None and "admin_district" in kinds:
        info = res.district(key, surface)
    if info is None and "admin_commune" in kinds:
        info = res.commune(key, surface, _key(cue))
    return info


@lru_cache(maxsize=1 << 16)  # the same few thousand names and cues come back in every article
def _key(s: str, normalised: bool = False) -> str:
    """Lookup key: normalised, lower case, single spaces, no spaces around hyphens."""
    return " ".join((s if normalised else normalize(s)).lower().replace("-", " - ").split()).replace(" - ", "-")


def _hyphen_variants(form: str) -> set[str]:
    """'Bà Rịa - Vũng Tàu' is also written 'Bà Rịa-Vũng Tàu', 'Bà Rịa- Vũng Tàu', 'Bà Rịa Vũng Tàu'."""
    out = {form}
    if "-" in form and " " in form:
        parts = [p.strip() for p in form.split("-")]
        for sep in ("-", " - ", "- ", " -", " "):
            out.add(sep.join(parts))
    return out


class _Gazetteer:
    def __init__(self) -> None:
        self.forms: dict[str, PlaceInfo] = {}          # key -> info (names and aliases)
        self.exact: set[str] = set()                   # forms as written (case kept)
        self.by_level: dict[str, dict[str, PlaceInfo]] = {}
        self._load()

    def _add(self, form: str, info: PlaceInfo, level: str, override: bool = False) -> None:
        for f in _hyphen_variants(normalize(form)):
            k = _key(f, True)
            self.exact.add(f)
            table = self.by_level.setdefault(level, {})
            if override or k not in table:
                table[k] = info
            if override or k not in self.forms:
                self.forms[k] = info

    def _load(self) -> None:
        p2025 = {r["code"]: r for r in load_csv("provinces_2025.csv", required=("code", "name"))}
        legacy_names = set()
        for r in load_csv("provinces.csv", required=("code", "name", "province_2025_code")):
            same = next((c for c, n in p2025.items() if n["name"] == r["name"]), None)
            info = PlaceInfo(r["name"], "province", r["code"], None, r["province_2025"],
                             r["province_2025_code"], code_2025=same, level="province")
            legacy_names.add(r["name"])
            self._add(r["name"], info, "province")
        for code, r in p2025.items():
            if r["name"] not in legacy_names:  # "Huế": a new name, no pre-2025 province
                info = PlaceInfo(r["name"], "province", code, None, r["name"], code, code_2025=code,
                                 level="province_2025")
                self._add(r["name"], info, "province")
        for r in load_csv("countries.csv", required=("code", "name")):
            info = PlaceInfo(r["name"], "country", r["code"], level="country")
            self._add(r["name"], info, "country")
            for e in split_list(r.get("english", "")):
                self._add(e, info, "country")
        for r in load_csv("regions.csv", required=("name",)):
            info = PlaceInfo(r["name"], "region", level="region")
            for f in [r["name"], *split_list(r.get("aliases", ""))]:
                self._add(f, info, "region")
        for r in load_csv("provinces_foreign.csv", required=("name", "kind", "country")):
            info = PlaceInfo(r["name"], r["kind"], None, level="foreign")
            for f in [r["name"], *split_list(r.get("aliases", ""))]:
                self._add(f, info, "foreign")
        level_of = {"province": "province", "country": "country", "region": "region", "other": "other"}
        for r in load_csv("place_aliases.csv", required=("form", "name", "kind", "use")):
            level = level_of.get(r["kind"], "other")
            base = self.by_level.get(level, {}).get(_key(r["name"]))
            if base is None:
                base = PlaceInfo(r["name"], r["kind"], level=level)
            if r["use"] == "display":
                shown = replace(base, name=r["form"])
                for k, v in list(self.forms.items()):
                    if v == base:
                        self.forms[k] = shown
                for table in self.by_level.values():
                    for k, v in list(table.items()):
                        if v == base:
                            table[k] = shown
                self._add(r["form"], shown, level, override=True)
            elif r["use"] == "cue_only":
                self._add(r["form"], replace(base, bare=False), level, override=True)
            else:
                self._add(r["form"], replace(base, bare=True), level, override=True)


@lru_cache(maxsize=1)
def _gaz() -> _Gazetteer:
    return _Gazetteer()


@lru_cache(maxsize=1)
def _province_prefixes() -> frozenset[str]:
    """Leading words of province names ("đồng" of "đồng nai"), as lookup keys."""
    out = set()
    for k, info in _gaz().forms.items():
        if info.kind == "province" and info.level in ("province", "province_2025"):
            words = k.split(" ")
            out.update(" ".join(words[:i]) for i in range(1, len(words)))
    return frozenset(out)


@lru_cache(maxsize=1)
def _provinces_by_key() -> dict[str, PlaceInfo]:
    """Key -> province: from the Vietnamese provinces, else from the foreign ones (one dict
    lookup per name after a cue instead of one per table)."""
    g = _gaz()
    out: dict[str, PlaceInfo] = {}
    for level in ("province", "foreign"):
        for key, info in g.by_level.get(level, {}).items():
            if info.kind == "province" and key not in out:
                out[key] = info
    return out


@lru_cache(maxsize=1)
def _districts() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in load_csv("districts.csv", required=("code", "name", "province_code")):
        out.setdefault(_key(r["name"], True), []).append(r)
    return out


@lru_cache(maxsize=1)
def _communes() -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    old: dict[str, list[dict]] = {}
    new: dict[str, list[dict]] = {}
    for r in load_csv("communes.csv", required=("code", "name", "province_code")):
        old.setdefault(_key(r["name"], True), []).append(r)
    for r in load_csv("communes_2025.csv", required=("code", "name", "province_code")):
        new.setdefault(_key(r["name"], True), []).append(r)
    return old, new


@lru_cache(maxsize=1)
def _province_by_code() -> dict[str, dict]:
    return {r["code"]: r for r in load_csv("provinces.csv", required=("code", "name"))}


@lru_cache(maxsize=1)
def _province_codes() -> dict[str, str]:
    return {r["name"]: r["code"] for r in load_csv("provinces.csv", required=("code", "name"))}


def _code_of(province: Optional[str]) -> Optional[str]:
    return _province_codes().get(province) if province else None


@lru_cache(maxsize=1)
def _cues() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in load_csv("place_cues.csv", required=("kind", "word")):
        out.setdefault(r["kind"], []).append(r)
    return out


def _words(kind: str) -> list[str]:
    return [r["word"] for r in _cues().get(kind, [])]


def _caps(form: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in form.split(" "))


@lru_cache(maxsize=1)
def _names_re() -> re.Pattern:
    """Names: case-sensitive over the written, Capitalised and UPPER forms (fast; bare names must
    be capitalised anyway)."""
    g = _gaz()
    forms: set[str] = set()
    for f in g.exact:
        if g.forms[_key(f)].kind != "region":
            forms |= {f, _caps(f), f.upper()}
    # the standard `re` module scans this 18k-character trie several times faster than `regex`;
    # every form starts with a word character, so "not after a word character" is `\b`
    return re.compile(word_trie(forms, WORD_CHAR) + r"(?!" + WORD_CHAR + r")")


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    g = _gaz()
    return frozenset(f for f in g.exact if g.forms[_key(f)].kind == "region")


@lru_cache(maxsize=1)
def _cue_region_scan() -> PhraseScan:
    """Cue words (`_cue_re`) and regions, case-insensitive ("Nam trung bộ", "MIỀN ĐÔNG NAM BỘ")."""
    return PhraseScan([(_cue_re(), _cue_words(), False), (phrase_regex(_regions()), _regions(), True)])


def _name_matches(norm: str, regions: list[re.Match]) -> list[tuple[int, int]]:
    """Names and `regions` (their matches), leftmost-longest."""
    spans = [m.span() for m in _names_re().finditer(norm)] + [m.span() for m in regions]
    spans.sort(key=lambda se: (se[0], -se[1]))
    out: list[tuple[int, int]] = []
    for s, e in spans:  # leftmost-longest, no overlaps
        if not out or s >= out[-1][1]:
            out.append((s, e))
    return out


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    words = _words("admin_province") + _words("admin_district") + _words("admin_commune") + _words("feature")
    return frozenset(v for w in words for v in (w, w[:1].upper() + w[1:], _caps(w), w.upper()))


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern:
    # case-sensitive over the usual casings and a leading \b: several times faster than IGNORECASE.
    # "TP.HCM": the cue may touch the name when it ends with a dot
    # (`re`, as for the names: every cue starts with a word character)
    return re.compile(word_trie(_cue_words(), WORD_CHAR) + r"(?=\s|:|(?<=\.)" + WORD_CHAR + ")")


def _alts(words) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=None)
def _words_before(kind: str) -> tuple[list[str], int]:
    """The words and flags of a pattern testing the words right before a position (below)."""
    if kind == "admin":
        return _words("admin_province") + _words("country_cue") + _words("country_prefix"), regex.IGNORECASE
    if kind == "honorific":
        return [r["form"] for r in load_csv("honorifics.csv", required=("form", "kind"))
                if r["kind"] == "honorific"], regex.IGNORECASE
    if kind == "country_prefix":
        return _words(kind), 0
    return _words(kind), regex.IGNORECASE  # not_before, admin_not_after


@lru_cache(maxsize=1)
def _before_admin_re() -> regex.Pattern:
    words, flags = _words_before("admin")
    return regex.compile(r"(?<![\w.])(?:" + _alts(words) + r")\s*$", _BACKWARDS | flags)


@lru_cache(maxsize=1)
def _not_before_re() -> regex.Pattern:
    words, flags = _words_before("not_before")
    return regex.compile(r"(?<![\w.])(?:" + _alts(words) + r")\s+$", _BACKWARDS | flags)


@lru_cache(maxsize=1)
def _prefix_re() -> regex.Pattern:
    words, flags = _words_before("country_prefix")
    return regex.compile(r"(?<![\w.])(?:nước\s+)?(?:" + _alts(words) + r")\s+$", _BACKWARDS | flags)


@lru_cache(maxsize=1)
def _honorific_before_re() -> regex.Pattern:
    """"bà Hà Giang", "đồng chí Thái Bình": after an honorific a place name is a given name."""
    words, flags = _words_before("honorific")
    return regex.compile(r"(?<![\w.])(?:" + _alts(words) + r")\s+$", _BACKWARDS | flags)


def _last_word(text: str) -> str:
    """The last whitespace-separated word of `text` ("" when there is none)."""
    words = text.rsplit(None, 1)
    return words[-1] if words else ""


@lru_cache(maxsize=1 << 16)
def _may_end(kind: str, last_word: str) -> bool:
    """Whether a window may match the `kind` pattern above, given the `_last_word` of the window
    or of a longer text ending where it ends: that word must end with the last word of one of
    the pattern's words (same case rule). A cheap exact pre-test, decided once per distinct
    word: most names follow words like "tại", "của". (The patterns' \\s is a subset of
    str.isspace, so their spaces split words where str.split does; the lookbehind and the words
    before the last are left to the pattern.)"""
    return _word_ending_re(kind).match(last_word) is not None


@lru_cache(maxsize=None)
def _word_ending_re(kind: str) -> regex.Pattern:
    words, flags = _words_before(kind)
    return regex.compile(r"(?:" + _alts({w.split()[-1] for w in words}) + r")$", _BACKWARDS | flags)


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(_words("surname"))


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    return frozenset(_words("not_name"))


@lru_cache(maxsize=1)
def _cue_kind() -> dict[str, tuple[set[str], bool]]:
    """normalised cue -> (kinds it introduces, keep cue in the name)."""
    out: dict[str, tuple[set[str], bool]] = {}
    for kind in ("admin_province", "admin_district", "admin_commune", "feature"):
        for r in _cues().get(kind, []):
            k = _key(r["word"])
            kinds, keep = out.get(k, (set(), False))
            out[k] = (kinds | {kind}, keep or r.get("keep") in ("yes", "inner", "long"))
    return out


@lru_cache(maxsize=1)
def _cue_mode() -> dict[str, str]:
    """normalised feature cue -> "inner" / "village" / "numbered" / "long" / "border" (see place_cues.csv)."""
    modes = ("inner", "village", "numbered", "long", "border")
    return {_key(r["word"]): r["keep"] for r in _cues().get("feature", []) if r.get("keep") in modes}


@lru_cache(maxsize=None)
def _cue_info(cue: str) -> tuple[set[str], bool, str]:
    """A cue as written -> (kinds, keep the cue in the name, feature mode)."""
    key = _key(cue, True)
    kinds, keep = _cue_kind().get(key, (set(), False))
    return kinds, keep, _cue_mode().get(key, "")


@lru_cache(maxsize=1)
def _feature_not_after_re() -> regex.Pattern:
    return regex.compile(r"(?<![\w.])(?:" + _alts(_words("feature_not_after")) + r")\s+$", _BACKWARDS)


@lru_cache(maxsize=1)
def _admin_not_after_re() -> regex.Pattern:
    words, flags = _words_before("admin_not_after")
    return regex.compile(r"(?<![\w.])(?:" + _alts(words) + r")\s+$", _BACKWARDS | flags)


def _feature_cue_ok(norm: str, start: int, cue: str, mode: str) -> bool:
    """"ở bản Nà Sàng" but not "văn bản", "biên bản Ghi nhớ" (keep=village: lower case only);
    "núi Bà Đen" but not "các huyện miền núi Kỳ Sơn"."""
    if mode == "village" and not cue.islower():
        return False
    # a capitalised cue starts a name of its own ("chủ đầu tư Cụm Công nghiệp ...")
    return not cue.islower() or not _feature_not_after_re().match(norm, max(0, start - 12), start)


# "Cư M'gar", "Ea H'leo", "M'Đrắk": Central Highlands names hold an apostrophe inside a word
_TOKEN = regex.compile(r"[ ]?((?:\p{Lu}[\p{Ll}\p{Lu}\p{M}]*(?:'[\p{L}\p{M}]+)*|\d+[A-Z]?)(?:-\p{L}[\p{L}\p{M}]*)*)"
                       r"(?![\w])", regex.V1)
_TOKEN_START = regex.compile(r"[\p{Lu}\d]", regex.V1)  # what a _TOKEN starts with, after its optional space


@lru_cache(maxsize=None)
def _starts_token(ch: str) -> bool:
    return _TOKEN_START.match(ch) is not None


def _token_at(norm: str, pos: int) -> Optional[tuple[int, int, int]]:
    """`_TOKEN.match(norm, pos)` as (word start, word end, match end), or None.

    A token holds no space and cannot end at a space either, so the match depends only on the
    text up to the next space: it is looked up per such piece of text (cached: the same
    capitalised words come back in every article), after a cached test of its first
    character (most calls end a run at a lower-case word)."""
    start = pos + 1 if norm.startswith(" ", pos) else pos
    if start >= len(norm) or not _starts_token(norm[start]):
        return None
    end = norm.find(" ", start)
    if end < 0:
        end = len(norm)
    if end - pos > _TOKEN_PIECE:
        m = _TOKEN.match(norm, pos, None, KEEP_GIL)
        return (m.start(1), m.end(1), m.end()) if m else None
    found = _token_in(norm[pos:end])
    return (pos + found[0], pos + found[1], pos + found[2]) if found else None


_TOKEN_PIECE = 48  # longer pieces (no space for a while) are matched in place


@lru_cache(maxsize=1 << 16)
def _token_in(piece: str) -> Optional[tuple[int, int, int]]:
    m = _TOKEN.match(piece, None, None, KEEP_GIL)
    return (m.start(1), m.end(1), m.end()) if m else None


_LIST_SEP = regex.compile(r"\s*(?:,\s*(?:và\s+)?|\s+và\s+|\s*;\s*)")
_WORD_BEFORE = regex.compile(r"([\p{L}\p{M}]+)[ ]$", regex.V1 | regex.REVERSE)
_WORD_AFTER = regex.compile(r"[ ]([\p{L}\p{M}\d]+)", regex.V1)
_DASH = regex.compile(r" - ")
_ITEM_END = regex.compile(r"\s*(?:[,;.)]|và\s|$)|\s*\n")
_PLURAL = regex.compile(r"(?:các|những|\d+)\s+$", regex.IGNORECASE | regex.REVERSE)
_PLURAL_WORD = regex.compile(r"(?:các|những|\d+)$", regex.IGNORECASE | regex.REVERSE)  # its pre-test


@lru_cache(maxsize=1 << 16)
def _plural_word(word: str) -> bool:
    return _PLURAL_WORD.match(word) is not None


def _run(norm: str, pos: int, digits_ok: bool, hyphen_ok: bool = False, number_tail: bool = False,
         lower_ok: bool = False) -> list[tuple[int, int]]:
    """Capitalised words starting at `pos` (at most _MAX_RUN), as spans.

    With `hyphen_ok`, "Việt - Hàn" continues the run ("Làng Hữu nghị Việt - Hàn"); with
    `number_tail`, a short number ends it ("bản Mường Lống 1"); with `lower_ok`, one lower-case
    word that is not a feature_stop word may sit between capitalised words ("Non nước Cao Bằng")."""
    spans: list[tuple[int, int]] = []
    m = _token_at(norm, pos)
    while m and len(spans) < _MAX_RUN:
        word_start, word_end, end = m
        if norm[word_start].isdigit() and not (digits_ok and not spans):
            if not (number_tail and spans and word_end - word_start <= 3 and _village_number_ends(norm, end)):
                break
            spans.append((word_start, word_end))
            break  # "bản Mường Lống 1": the number ends the name
        spans.append((word_start, word_end))
        m = _token_at(norm, end)
        if not m and hyphen_ok and spans:
            dash = _DASH.match(norm, spans[-1][1])
            m = _token_at(norm, dash.end()) if dash else None
        if not m and lower_ok and spans:
            lower_ok = False
            low = _LOWER_JOIN.match(norm, spans[-1][1])
            if low and low.group(1) not in _feature_stops():
                m = _token_at(norm, low.end())
                if m and norm[m[0]].isdigit():
                    m = None
    return spans


_NUMBER_END = re.compile(r"[ ]*(?:[,;:)!?\n]|\.(?!\d)|$)")


def _village_number_ends(norm: str, pos: int) -> bool:
    """"bản Mường Lống 1 ở ...", "ấp Phú Hòa 2, xã ...": a number that ends the village's name; not
    "thôn An 20 triệu đồng", "ấp Phú Hòa 2.000 người", "thôn An 2/9"."""
    if _NUMBER_END.match(norm, pos):
        return True
    after = _WORD_AFTER.match(norm, pos)
    return bool(after) and after.group(1) in _number_next()


@lru_cache(maxsize=1)
def _number_next() -> frozenset[str]:
    return frozenset(_words("number_next"))
_LOWER_JOIN = regex.compile(r"[ ]([\p{Ll}\p{M}]+)(?=[ ]\p{Lu})", regex.V1)


@lru_cache(maxsize=1)
def _feature_stops() -> frozenset[str]:
    return frozenset(_words("feature_stop"))


def _is_title(word: str) -> bool:
    return bool(word) and word[0].isupper() and not word.isupper()


def _person_before(norm: str, start: int, last_word: str) -> bool:
    """True when the capitalised words right before `start` begin with a family name.
    `last_word`: the `_last_word` of some text ending at `start` (for a cheap pre-test)."""
    if start == 0 or norm[start - 1] != " " or last_word.islower():
        return False  # the first word must be capitalised and followed by one space
    chain = []
    pos = start
    while len(chain) < 3:
        m = _WORD_BEFORE.match(norm, max(0, pos - 20), pos, KEEP_GIL)
        if not m or m.end() != pos or not _is_title(m.group(1)):
            break
        chain.append(m.group(1))
        pos = m.start()
    # "Bà Nguyễn Thị Bình Dương": the family name may follow a capitalised honorific
    return any(w in _surnames() for w in chain)


def _case_ok(surface: str, info: PlaceInfo) -> bool:
    if surface in _gaz().exact and not surface.islower():
        return True
    if info.kind == "region":
        # "phía bắc Lào" is a direction, "Bắc Lào" the region
        return surface[0].isupper() or surface in _gaz().exact
    return all(w[0].isupper() or w[0].isdigit() for w in surface.replace("-", " ").split())


@dataclass
class _Hit:
    start: int
    end: int
    info: PlaceInfo
    surface: str    # the name part as written


class _Resolver:
    """Resolves names after a cue against the tables of the cue's level, using the doc's provinces."""

    def __init__(self, published: Optional[str]) -> None:
        self.post_merger = bool(published and published >= MERGER_DATE)
        self.provinces: set[str] = set()   # codes of provinces seen in the document

    def province(self, key: str) -> Optional[PlaceInfo]:
        return _provinces_by_key().get(key)

    def district(self, key: str, surface: str) -> Optional[PlaceInfo]:
        rows = _districts().get(key)
        if not rows:
            return None
        row = self._pick(rows)
        if row is None:
            return PlaceInfo(surface, "district", level="district")
        prov = _province_by_code().get(row["province_code"], {})
        return PlaceInfo(row["name"], "district", row["code"], prov.get("name"), prov.get("province_2025"),
                         prov.get("province_2025_code"), level="district")

    def commune(self, key: str, surface: str, cue: str = "") -> Optional[PlaceInfo]:
        """`cue`: the administrative word before the name, as a `_key` ("các xã"), if any."""
        old, new = _communes()
        tables = (new, old) if self.post_merger else (old, new)
        for i, table in enumerate(tables):
            rows = table.get(key)
            if not rows:
                continue
            if len(rows) > 1 and cue:
                # "xã Đăk Hà" beside "thị trấn Đăk Hà" of the same province: the cue's kind of unit
                typed = [r for r in rows if cue.endswith(r["type"])]
                rows = typed or rows
            row = self._pick(rows)
            if row is None:
                return PlaceInfo(surface, "commune", level="commune")
            is_new = (table is new)
            if not is_new and self.provinces and not self._row_in_doc(row):
                # "các xã Ia Grai, Krông Pa" in Gia Lai: not the one xã Krông Pa (Phú Yên) but the
                # former district of Gia Lai of that name
                district = self.district(key, surface)
                if district is not None and district.code and self.in_doc(district):
                    return replace(district, name=row["name"], kind="commune", code=None, level="commune")
            if is_new:
                p = next((r for r in load_csv("provinces_2025.csv", required=("code",))
                          if r["code"] == row["province_code"]), {})
                return PlaceInfo(row["name"], "commune", row["code"], None, p.get("name"), p.get("code"),
                                 level="commune")
            prov = _province_by_code().get(row["province_code"], {})
            return PlaceInfo(row["name"], "commune", row["code"], prov.get("name"), prov.get("province_2025"),
                             prov.get("province_2025_code"), level="commune")
        return None

    def in_doc(self, info: PlaceInfo) -> bool:
        """A commune or district of a province the article names."""
        return any(c in self.provinces for c in (info.province_2025_code, _code_of(info.province)) if c)

    def _row_in_doc(self, row: dict) -> bool:
        prov = _province_by_code().get(row["province_code"], {})
        return row["province_code"] in self.provinces or prov.get("province_2025_code") in self.provinces

    def _pick(self, rows: list[dict]) -> Optional[dict]:
        if len(rows) == 1:
            return rows[0]
        here = [r for r in rows if r["province_code"] in self.provinces]
        return here[0] if len(here) == 1 else None


def _cue_hits(doc: Document, res: _Resolver, names: dict[int, tuple[int, PlaceInfo]], cues: list[re.Match]
              ) -> list[_Hit]:
    """Places after the `cues` (`_cue_re` matches)."""
    norm = doc.norm
    hits: list[_Hit] = []
    inside = sorted((s, e) for s, (e, _) in names.items())
    j = 0
    covered_end = 0
    for m in cues:
        cue = m.group(0)
        cue_start, cue_end = m.span()
        if cue_start and norm[cue_start - 1] == "." or cue_start < covered_end:
            continue
        while j < len(inside) and inside[j][1] <= cue_start:
            j += 1
        if j < len(inside) and inside[j][0] < cue_start:
            continue  # "sông" in "Đồng bằng sông Cửu Long"
        kinds, keep, mode = _cue_info(cue)
        if not kinds:
            continue
        # most cues ("xã hội", "huyện nhà") are not followed by a name: a plain character test
        # before any regex; only a plural admin word may lead to a name later ("các xã biên giới như")
        nxt = cue_end + 1 if norm.startswith(" ", cue_end) else cue_end
        named = nxt < len(norm) and (norm[nxt].isupper() or norm[nxt].isdigit())
        if not named and "feature" in kinds:
            continue
        if "feature" in kinds and not _feature_cue_ok(norm, cue_start, cue, mode):
            continue
        before = norm[max(0, cue_start - 8):cue_start]
        plural = (before[-1:].isspace() and _plural_word(_last_word(before))
                  and bool(_PLURAL.match(norm, max(0, cue_start - 8), cue_start, KEEP_GIL)))
        if not named and not plural:
            continue
        if ("feature" not in kinds and _may_end("admin_not_after", _last_word(norm[max(0, cue_start - 12):cue_start]))
                and _admin_not_after_re().match(norm, max(0, cue_start - 12), cue_start)):
            continue  # "Hợp tác xã Nông nghiệp": a cooperative, not a commune
        known_only = "feature" not in kinds and _capitalised_mid_sentence(norm, cue_start, cue)
        pos = cue_end
        # "các xã miền núi, biên giới như A, B": the list starts after the modifiers; its items
        # must be known units (of the article's provinces when it names some)
        led = plural and "feature" not in kinds and _list_start(norm, pos)
        if led:
            pos = led
        for i in range(_MAX_LIST if plural else 1):
            hit = _resolve_run(doc, res, names, cue_start if i == 0 and not led else None, pos, kinds, keep,
                               cue, known_only, min_words=2 if mode == "village" else 1, mode=mode)
            if hit is None or (led or i) and not _list_item_ok(norm, hit, res, strict=bool(led)):
                break  # "các xã A, B và Hiệp hội ...": not a list item
            hits.extend(_gate_pair(norm, hit) if mode == "border" else (hit,))
            # a cue inside a found name is part of it: "TP Buôn Ma Thuột" is not also "buôn Ma Thuột"
            covered_end = max(covered_end, hit.end)
            if mode == "inner" and hit.info.level == "feature":
                name = hit.surface[len(" ".join(cue.split())):].strip() if i == 0 else hit.surface
                inner = _inner_place(res, name)
                if inner is not None:
                    hits.append(_Hit(hit.end - len(name), hit.end, inner, name))
            # "xã Đồng Phú (Long Hồ)": the district in parentheses
            if norm.startswith(" (", hit.end) and hit.info.kind in ("commune", "district"):
                span = _run(norm, hit.end + 2, False)
                if span and norm.startswith(")", span[-1][1]):
                    surface = norm[span[0][0]:span[-1][1]]
                    info = res.district(_key(surface, True), surface)
                    if info and info.code:
                        hits.append(_Hit(span[0][0], span[-1][1], info, surface))
            sep = _LIST_SEP.match(norm, hit.end, None, KEEP_GIL)
            if not plural or not sep:
                break
            pos = sep.end()
    return hits


def _gate_pair(norm: str, hit: _Hit) -> tuple[_Hit, ...]:
    """"cặp cửa khẩu Mộc Bài - Ba Vét": the two gates facing each other across the border."""
    dash = _DASH.search(norm, hit.start, hit.end)
    if hit.info.level != "feature" or dash is None:
        return (hit,)
    first, second = norm[hit.end - len(hit.surface):dash.start()], norm[dash.end():hit.end]
    return (_Hit(hit.start, dash.start(), PlaceInfo(normalize(first), "other", level="feature"), first),
            _Hit(dash.end(), hit.end, PlaceInfo(normalize(second), "other", level="feature"), second))


def _list_item_ok(norm: str, hit: _Hit, res: "_Resolver", strict: bool) -> bool:
    """A list item ends the list or is followed by a separator; a known unit may also be followed
    by lower-case words ("các huyện A, B và C thuộc tỉnh ..."). `strict`: known units only."""
    known = hit.info.level != "unknown" and hit.info.kind != "other"
    if strict:
        if not known:
            return False
        if res.provinces and hit.info.kind in ("commune", "district") and not (hit.info.code and res.in_doc(hit.info)):
            return False
    if _ITEM_END.match(norm, hit.end):
        return True
    # a known unit may be followed by lower-case words or "(district)", not by more capitalised words
    return known and (norm.startswith(" (", hit.end) or not _token_at(norm, hit.end))


def _list_start(norm: str, pos: int) -> int:
    """Where the names start after "các xã" + modifiers: after a list_lead word ("như", "gồm",
    ":") following any few lower-case words, or right after list_modifier words only ("các
    huyện miền núi A, B"); 0 when there is no such list."""
    leads, mods, admin = _list_words()
    only_mods = True
    words = 0
    while words < 10:
        m = _LEAD_WORD.match(norm, pos, None, KEEP_GIL)
        if not m:
            break
        word = m.group(1) or ":"
        if word in admin:
            return 0
        pos = m.end()
        words += 1
        if word in leads:
            colon = _COLON.match(norm, pos)
            return colon.end() if colon else pos
        only_mods = only_mods and word in mods
    if only_mods and words and _token_at(norm, pos):
        return pos
    return 0


_LEAD_WORD = regex.compile(r"(?:[ ]*,)?[ ]+([\p{Ll}\p{M}]+)(?![\w])|[ ]*(:)", regex.V1)
_COLON = re.compile(r"[ ]*:")


@lru_cache(maxsize=1)
def _list_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    admin = {w for k in ("admin_province", "admin_district", "admin_commune") for w in _words(k) if " " not in w}
    return frozenset(_words("list_lead")), frozenset(_words("list_modifier")), frozenset(admin)


def _capitalised_mid_sentence(norm: str, start: int, cue: str) -> bool:
    """"Tỉnh", "Xã" capitalised inside a sentence start organisation words ("Tỉnh Đoàn", "Xã Hội")
    as often as places; at a sentence start, or written "TP.", they are ordinary cues."""
    if not cue[0].isupper() or cue.isupper() or cue.startswith(("TP", "Tp", "T.P")):
        return False
    prev = norm[max(0, start - 3):start].strip()
    return bool(prev) and prev[-1] not in ".:;!?\n\"(-"


def _inner_place(res: "_Resolver", surface: str) -> Optional[PlaceInfo]:
    """The commune or district a feature is named after ("Làng hoa Sa Đéc" in Đồng Tháp): only a
    known unit of a province the article names."""
    key = _key(surface, True)
    for info in (res.commune(key, surface), res.district(key, surface)):
        if info is not None and info.code and res.in_doc(info):
            return info
    return None


def _resolve_run(doc, res, names, cue_start, pos, kinds, keep, cue, known_only=False, min_words=1, mode=""
                 ) -> Optional[_Hit]:
    """The place named right after a cue: a known name of the cue's level, or (unless
    `known_only`) the capitalised words themselves."""
    norm = doc.norm
    # "quận 1", "phường 3"; but "cho tỉnh 3 dự án" is a count, never a province
    digits_ok = "admin_province" not in kinds
    if "feature" in kinds and not keep and mode != "numbered":
        digits_ok = False  # "đảo 3", "cảng 2": not names; "thôn 3" is a village
    spans = _run(norm, pos, digits_ok=digits_ok, hyphen_ok="feature" in kinds,
                 number_tail=mode in ("numbered", "village") or "admin_commune" in kinds,  # "xã Đại Ân 2"
                 lower_ok=mode == "long")
    if len(spans) < min_words or not spans:
        return None
    start = spans[0][0]
    first = norm[spans[0][0]:spans[0][1]]
    # "Tỉnh Đoàn", "xã Hội", "huyện Văn phòng": not places, unless the words make a known unit's
    # name ("thành phố Hội An", "huyện Nhà Bè", "huyện Văn Yên")
    not_name = first in _not_names()
    # a known name starting here (region, country, province) wins: "các tỉnh Nam bộ"; but not
    # inside a feature's own name ("Quảng trường Hồ Chí Minh")
    known = None if ("feature" in kinds and keep) else names.get(start)
    for n in range(len(spans), 1 if not_name else 0, -1):
        surface = norm[start:spans[n - 1][1]]
        key = _key(surface, True)
        info = _resolve_admin(res, kinds, key, surface, cue)
        if info is not None:
            if known and known[0] > spans[n - 1][1]:
                break  # a longer known name covers more than this one
            # the mention keeps its administrative word: "tỉnh Bến Tre", "TP.HCM"
            return _Hit(start if cue_start is None else cue_start, spans[n - 1][1], info, surface)
    if known:
        end, info = known
        return _Hit(start, end, info, norm[start:end])
    if not_name:
        return None
    if known_only and not first[0].isdigit():  # "Quận 3" capitalised mid-sentence is still a district
        return None
    surface = norm[start:spans[-1][1]]
    if first in _surnames() and len(spans) > 1 and "feature" not in kinds:
        return None  # "Chủ tịch HĐND tỉnh Nguyễn Văn Hùng": a person after the cue
    if len(spans) > 3 and "feature" not in kinds:
        return None  # "thành phố Kazanlak Nikolay Zlatanov ...": where the name ends is unknown
    if surface.isupper() and len(spans) > 1:
        return None  # a heading in capitals: the name's end is unknown
    if "feature" in kinds:
        name = (" ".join(cue.split()) + " " + surface) if keep and cue_start is not None else surface
        if surface[0].isdigit():
            if cue_start is None:
                return None
            name = " ".join(cue.split()).capitalize() + " " + surface  # "thôn 3" -> "Thôn 3"
        return _Hit(start if cue_start is None else cue_start, spans[-1][1],
                    PlaceInfo(normalize(name), "other", level="feature"), name)
    kind = ("commune" if "admin_commune" in kinds else "district" if "admin_district" in kinds else "province")
    if kind == "province" and _key(surface, True) in _province_prefixes():
        return None  # "tỉnh Đồng" cut off at a line or text end: not a place of its own
    if surface[0].isdigit():
        surface = cue.strip().capitalize() + " " + surface  # "quận 1" -> "Quận 1"
    return _Hit(start if cue_start is None else cue_start, spans[-1][1], PlaceInfo(surface, kind, level="unknown"),
                surface)


@lru_cache(maxsize=1 << 16)  # the same few hundred names come back in every article
def _name_info(surface: str) -> Optional[PlaceInfo]:
    """The gazetteer entry of a name as written (a `_names_re` or region match), if it is
    written in a case the entry allows."""
    info = _gaz().forms.get(_key(surface, True))
    return info if info is not None and _case_ok(surface, info) else None


def _name_hits(doc: Document, regions: list[re.Match]) -> list[_Hit]:
    norm = doc.norm
    hits = []
    for s, e in _name_matches(norm, regions):
        surface = norm[s:e]
        info = _name_info(surface)
        if info is None:
            continue
        window = norm[max(0, s - 40):s]
        last = _last_word(window)
        cued = _may_end("admin", last) and bool(_before_admin_re().match(window, None, None, KEEP_GIL))
        if not info.bare and not cued:
            continue
        if info.kind == "country" and _may_end("not_before", last) and _not_before_re().match(window, None, None, KEEP_GIL):
            continue
        if not cued and info.kind != "region":
            if _person_before(norm, s, last) or (_may_end("honorific", last)
                                                 and _honorific_before_re().match(norm, max(0, s - 16), s)):
                continue
            if len(surface) <= 4 and " " not in surface and not (len(surface) > 1 and surface.isupper()):
                # one short syllable ("Đức", "Mỹ", "Nga") next to another capitalised word is a name part
                before = _WORD_BEFORE.match(norm, max(0, s - 20), s)
                if before and before.end() == s and before.group(1)[0].isupper():
                    continue
                after = _WORD_AFTER.match(norm, e)
                if after and after.group(1)[0].isupper():
                    continue
        start = s
        if info.kind == "country":
            pm = _may_end("country_prefix", last) and _prefix_re().match(window)
            if pm:
                start = s - (len(window) - pm.start())
        hits.append(_Hit(start, e, info, surface))
    return hits


def _not_overlapping(hits: list[_Hit], taken: list[_Hit]) -> list[_Hit]:
    """`hits` that overlap none of `taken` (both sorted by start)."""
    out = []
    spans = sorted((t.start, t.end) for t in taken)
    j = 0
    for h in hits:
        while j < len(spans) and spans[j][1] <= h.start:
            j += 1
        if j < len(spans) and spans[j][0] < h.end:
            continue
        out.append(h)
    return out


def _inside_features(names: list[_Hit], cue_hits: list[_Hit]) -> list[_Hit]:
    """A province or country inside a feature's name is a place too ("Công viên địa chất toàn cầu
    Non nước Cao Bằng" gives Cao Bằng), as inside an organisation's name."""
    features = [h for h in cue_hits if h.info.level == "feature"]
    if not features:
        return []
    return [n for n in names if n.info.kind in ("province", "country")
            and any(f.start < n.start and n.end <= f.end for f in features)]


def _output_info(info: PlaceInfo, res: _Resolver) -> PlaceInfo:
    if info.level == "province_2025" and not res.post_merger:
        # "Huế" before the merger: the city inside Thừa Thiên Huế
        return replace(info, kind="district", code=None, province="Thừa Thiên Huế")
    if info.kind == "province" and info.level == "province" and res.post_merger and info.code_2025:
        return replace(info, code=info.code_2025)
    return info


# the fields `Place(name=..., kind=..., code=..., province=..., province_2025=..., province_2025_code=...)` sets
_PLACE_FIELDS_SET = frozenset(("name", "kind", "code", "province", "province_2025", "province_2025_code"))


def _new_place(info: PlaceInfo) -> Place:
    """`Place(name=info.name, kind=info.kind, code=info.code, ...)` for a gazetteer entry, whose
    values are valid (strings or None, a PlaceKind: tests/test_places_equivalence.py checks every
    entry), without pydantic's validation, which costs several times more."""
    return built(Place, {
        "name": info.name, "aliases": [], "kind": info.kind, "code": info.code, "province": info.province,
        "province_2025": info.province_2025, "province_2025_code": info.province_2025_code, "mentions": []},
        _PLACE_FIELDS_SET)


def recognize(doc: Document, record: ArticleRecord) -> None:
    res = _Resolver(doc.published or record.published)
    # known names first: they tell the cue pass which provinces the article is about
    cues, regions = _cue_region_scan().finditer_all(doc.norm)
    all_names = _name_hits(doc, regions)
    for h in all_names:
        if h.info.kind == "province" and h.info.code:
            res.provinces.add(h.info.code)
            if h.info.code_2025:
                res.provinces.add(h.info.code_2025)
    names = {h.start: (h.end, h.info) for h in all_names}
    cue_hits = _cue_hits(doc, res, names, cues)
    for h in cue_hits:
        if h.info.kind == "province" and h.info.code:
            res.provinces.add(h.info.code)
    hits = cue_hits + _not_overlapping(all_names, cue_hits) + _inside_features(all_names, cue_hits)
    hits.sort(key=lambda h: h.start)

    places: dict[str, Place] = {}
    seen: set[tuple[str, int]] = set()
    # an article names a few places many times: resolve each gazetteer entry once (by identity:
    # the entries live as long as `hits`), and each written form of a place once
    resolved: dict[int, tuple[str, Place, bool]] = {}
    aliases_done: set[tuple[str, bool, str]] = set()
    for h in hits:
        entry = resolved.get(id(h.info))
        if entry is None:
            info = _output_info(h.info, res)
            key = _key(info.name, True)
            place = places.get(key)
            if place is None:
                place = places[key] = _new_place(info)
            entry = resolved[id(h.info)] = (key, place, key.startswith("thành phố") or info.kind == "country")
        key, place, alias_as_written = entry
        mention = doc.mention(h.start, h.end)
        if (key, mention.start) not in seen:  # a set: a long list of one place stays linear
            seen.add((key, mention.start))
            place.mentions.append(mention)
        written = mention.text if alias_as_written else h.surface
        if (key, alias_as_written, written) in aliases_done:
            continue  # the same alias again: added already, or not an alias
        aliases_done.add((key, alias_as_written, written))
        if alias_as_written:
            # NFC: the original may be decomposed (NFD input gives the same record as NFC input)
            alias = unicodedata.normalize("NFC", " ".join(written.split()))
        else:
            alias = " ".join(written.split())
        if _key(alias, True) != key and alias not in place.aliases:
            place.aliases.append(alias)
    record.places.extend(places.values())


def lookup_place(name: str, published: Optional[str] = None) -> Optional[PlaceInfo]:
    """The gazetteer entry for a written place name ('tỉnh Bến Tre', 'TP.HCM', 'Hoa Kỳ'), or None."""
    text = " ".join(normalize(name).split())
    g = _gaz()
    res = _Resolver(published)
    info = g.forms.get(_key(text))
    if info is None:
        m = _cue_re().match(text)
        if m:
            rest = text[m.end():].strip()
            kinds, _ = _cue_kind().get(_key(m.group(0)), (set(), False))
            key = _key(rest)
            info = _resolve_admin(res, kinds, key, rest, m.group(0))
            if info is None:
                info = g.forms.get(key)
    return _output_info(info, res) if info else None


@lru_cache(maxsize=1)
def province_pattern() -> regex.Pattern:
    """Province / country names with an optional administrative word; group 'name' is the name."""
    g = _gaz()
    forms = [f for f in g.exact if (i := g.forms.get(_key(f))) and i.kind in ("province", "country")]
    admin = _alts(_words("admin_province"))
    return regex.compile(r"(?<![\w])(?:(?:" + admin + r")\s*)?(?P<name>" + trie_pattern(forms) + r")(?![\w])",
                         regex.V1 | regex.IGNORECASE)
