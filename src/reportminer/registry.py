"""Across an archive: one registry of persons, organisations, events and aid flows.

Per-article records name the same person in twenty articles and the same
congress in four reports. `resolve(records)` turns many `ArticleRecord`s into
one consistent picture:

- organisations are merged on shared keys (normalised name, aliases that are
  specific enough, acronyms that are not generic such as UBND);
- persons are blocked by their name with diacritics removed and merged only
  on evidence: a shared organisation in their titles, or the same province
  (that merge is marked `uncertain`); "Nguyễn Thanh Bình" of Hà Tĩnh and of
  Huế stay apart;
- events are blocked by (type, date) and merged when their organisers overlap
  or their locations agree;
- aid amounts reported by several articles about one event count once.

Ids are deterministic (hashes of the first key that created an entity) and
kept by `update`, so systems fed from the registry can keep their keys.
"""
from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import regex

from .model import ArticleRecord
from .text import normalize

# acronyms and short forms that name a different body in every province
_GENERIC_KEYS = {"ubnd", "hđnd", "mttq", "liên hiệp", "ủy ban", "sở ngoại vụ", "ban", "hội", "cụm",
                 "liên hiệp hữu nghị", "ubnd tỉnh", "ủy ban nhân dân", "bộ", "sở", "tỉnh ủy", "thành ủy"}


_BRACKETS = regex.compile(r"\s*\([^()]{1,40}\)")
_ADMIN_WORD = regex.compile(r"\b(?:tỉnh|thành phố|tp)\s+(?=\S)")


@lru_cache(maxsize=1 << 18)
def org_key(s: str | None) -> str:
    """Organisation key: 'Ủy ban nhân dân (UBND) thành phố Đà Nẵng' = 'Ủy ban nhân dân Đà Nẵng',
    'Liên hiệp ... Kiên Giang' = 'Liên hiệp ... tỉnh Kiên Giang' (the admin word before a place adds nothing)."""
    k = key(_BRACKETS.sub("", s or ""))
    stripped = _ADMIN_WORD.sub("", k)
    return stripped if stripped and not generic_name(k) else k


@lru_cache(maxsize=1 << 18)
def key(s: str | None) -> str:
    """Comparison key: NFC, one tone placement, lower case, no punctuation, single spaces."""
    if not s:
        return ""
    s = normalize(s).lower()
    s = regex.sub(r"[^\w\s]", " ", s)
    return " ".join(s.split())


def bare(s: str) -> str:
    """A key without diacritics (đ kept apart): blocks typos like Nhựt / Nhật together."""
    d = unicodedata.normalize("NFD", key(s))
    return "".join(c for c in d if not unicodedata.combining(c))


def person_block(name: str) -> str:
    """Blocking key: the name without diacritics, given name cut to its initial.

    "Trương Minh Nhựt" and "Trương Minh Nhật" share "truong minh n": typos the
    articles make in the given name land in one block; merging still needs
    evidence.
    """
    parts = bare(name).split()
    if not parts:
        return ""
    return " ".join(parts[:-1] + [parts[-1][:1]])


def _id(prefix: str, text: str) -> str:
    return prefix + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


_ADMIN_TAIL = regex.compile(r"(?:^|\s)(?:tỉnh|thành phố|tp|huyện|quận|xã|phường|thị xã|thị trấn)$")


def generic_name(name_key: str) -> bool:
    """'Hội đồng nhân dân tỉnh', 'UBND thành phố': a body named without its place."""
    return bool(_ADMIN_TAIL.search(name_key))


def specific_alias(alias_key: str, name_key: str) -> bool:
    """Whether an alias can identify its organisation outside its article.

    A truncated form of the name ("Ủy ban nhân dân tỉnh" for "Ủy ban nhân dân
    tỉnh Quảng Nam", "Sở Ngoại vụ") only makes sense inside the article that
    introduced it, and neither do generic acronyms (UBND, MTTQ).
    """
    if not alias_key or alias_key in _GENERIC_KEYS or generic_name(alias_key):
        return False
    return not name_key.startswith(alias_key + " ") and alias_key != name_key


@dataclass
class _Org:
    id: str
    name: str
    keys: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    acronym: str | None = None
    kind: str | None = None
    place: str | None = None
    place_code: str | None = None
    articles: set[str] = field(default_factory=set)


@dataclass
class _Person:
    id: str
    name: str
    block: str
    aliases: set[str] = field(default_factory=set)
    org_ids: set[str] = field(default_factory=set)
    provinces: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    roles: set[tuple[str, str]] = field(default_factory=set)  # (role key, organisation key)
    uncertain: bool = False


@dataclass
class _Event:
    id: str
    type: str
    date: str | None
    location: str | None
    name: str | None
    organizer_ids: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    place: str | None = None  # as written (location holds its comparison key)


class Registry:
    """Entities across articles, with stable ids. Build with `resolve(records)`."""

    def __init__(self) -> None:
        self._orgs: dict[str, _Org] = {}
        self._org_by_key: dict[str, str] = {}
        self._persons: dict[str, _Person] = {}
        self._person_by_org: dict[tuple[str, str], str] = {}
        self._person_by_prov: dict[tuple[str, str], list[str]] = {}
        self._person_by_role: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._events: dict[str, _Event] = {}
        self._event_by_org: dict[tuple, str] = {}
        self._event_by_loc: dict[tuple, list[str]] = {}
        self._titles: list[dict] = []
        self._aid: dict[tuple, dict] = {}
        self._seen_articles: set[str] = set()

    # ------------------------------------------------------------ building
    def update(self, records: Iterable[ArticleRecord]) -> "Registry":
        """Add articles; known entities keep their ids; an article seen before is skipped."""
        import gc

        # the registry only grows acyclic containers: cyclic GC passes over millions of them
        # made the build super-linear, so they are paused while building
        enabled = gc.isenabled()
        gc.disable()
        try:
            for rec in sorted(records, key=lambda r: r.id):
                if rec.id in self._seen_articles:
                    continue
                self._seen_articles.add(rec.id)
                self._add(rec)
        finally:
            if enabled:
                gc.enable()
        return self

    def _org_id(self, org_names: list[str], acronym: str | None = None) -> str | None:
        for n in org_names + ([acronym] if acronym else []):
            for k in (org_key(n), key(n)):
                if k in self._org_by_key:
                    return self._org_by_key[k]
        return None

    def _add_org(self, rec: ArticleRecord, o) -> str:
        name_key = org_key(o.name)
        if generic_name(name_key):
            # only meaningful inside its article: never merged with another article's body
            name_key = f"{name_key}@{rec.id}"
        keys = {name_key} | {org_key(a) for a in o.aliases if specific_alias(key(a), key(o.name))}
        if o.acronym and key(o.acronym) not in _GENERIC_KEYS:
            keys.add(key(o.acronym))
        keys.discard("")
        oid = next((self._org_by_key[k] for k in sorted(keys) if k in self._org_by_key), None)
        if oid is None:
            oid = _id("O", name_key)
            self._orgs[oid] = _Org(oid, o.name, kind=o.kind, place=o.place, place_code=o.place_code)
        org = self._orgs[oid]
        # the fullest name wins as the canonical one
        if len(o.name) > len(org.name):
            org.aliases.add(org.name)
            org.name = o.name
        elif o.name != org.name:
            org.aliases.add(o.name)
        org.aliases.update(a for a in o.aliases if a != org.name)
        org.acronym = org.acronym or o.acronym
        org.place = org.place or o.place
        org.place_code = org.place_code or o.place_code
        org.articles.add(rec.id)
        for k in keys:
            self._org_by_key.setdefault(k, oid)
            org.keys.add(k)
        return oid

    def _add(self, rec: ArticleRecord) -> None:
        local_org: dict[str, str] = {}
        for o in rec.organizations:
            oid = self._add_org(rec, o)
            for n in [o.name, *o.aliases] + ([o.acronym] if o.acronym else []):
                local_org[key(n)] = oid
        art_date = rec.published or next((d.value for d in rec.dates if d.value[:4].isdigit()), None)

        for p in rec.persons:
            org_ids = {local_org.get(key(t.organization)) or self._org_id([t.organization])
                       for t in p.titles if t.organization}
            org_ids.discard(None)
            prov = {key(self._orgs[o].place) for o in org_ids if self._orgs[o].place} or set()
            roles = {(key(t.role), key(t.organization)) for t in p.titles if t.organization}
            pid = self._match_person(p.name, org_ids, prov, roles, rec.id)
            person = self._persons[pid]
            person.aliases.update(a for a in p.aliases if a != person.name)
            if len(p.name) > len(person.name):
                person.aliases.add(person.name)
                person.name = p.name
            person.org_ids |= org_ids
            person.provinces |= prov
            person.roles |= roles
            person.articles.add(rec.id)
            if art_date:
                person.dates.add(art_date)
            for t in p.titles:
                self._titles.append({
                    "person_id": pid, "role": t.role, "organization": t.organization,
                    "organization_id": local_org.get(key(t.organization)) if t.organization else None,
                    "former": t.former, "date": art_date, "article_id": rec.id})

        ev_ids = []
        countries = {key(p.name) for p in rec.places if p.kind == "country"}
        for e in rec.events:
            org_ids = {local_org.get(key(n)) or self._org_id([n]) for n in e.organizers}
            if not org_ids and e.name:
                # "Đại hội ... Liên hiệp các tổ chức hữu nghị Việt Nam lần thứ VI": the body named
                # inside the event's name holds it
                name_key = key(e.name)
                org_ids = {oid for k, oid in local_org.items() if len(k.split()) >= 3 and k in name_key}
            org_ids.discard(None)
            if e.location and key(e.location) in countries:
                e = e.model_copy(update={"location": None})  # "Việt Nam" says nothing about which event
            ev_ids.append(self._match_event(rec.id, e, org_ids))

        for i, a in enumerate(rec.amounts):
            event_id = next((ev_ids[j] for j, e in enumerate(rec.events) if i in e.amounts), None)
            if event_id is None and ev_ids and len(rec.events) == 1:
                event_id = ev_ids[0]
            # one sum reported by several articles about one event counts once
            k = (event_id or rec.id, a.currency, round(a.value, -max(0, len(str(int(a.value))) - 4)))
            row = self._aid.get(k)
            if row is None:
                self._aid[k] = {
                    "aid_id": _id("A", "|".join(map(str, k))), "donor": a.donor, "recipient": a.recipient,
                    "amount": a.value, "currency": a.currency, "kind": a.kind, "qualifier": a.qualifier,
                    "period": a.period, "event_id": event_id, "article_ids": [rec.id], "text": a.text,
                    "date": art_date}
            else:
                row["article_ids"].append(rec.id)
                row["donor"] = row["donor"] or a.donor
                row["recipient"] = row["recipient"] or a.recipient

    def _match_person(self, name: str, org_ids: set[str], provinces: set[str],
                      roles: set[tuple[str, str]] = frozenset(), article_id: str = "") -> str:
        """Merge only on evidence; candidates are found through (block, org) and (block, province)
        indexes, so a common name with thousands of unrelated bearers costs nothing extra."""
        block = person_block(name)
        name_key = key(name)
        for oid in sorted(org_ids):
            pid = self._person_by_org.get((block, oid))
            if pid is not None:
                cand = self._persons[pid]
                if name_key != key(cand.name) and name_key not in {key(a) for a in cand.aliases}:
                    cand.uncertain = True  # a typo of the name at the same organisation: likely, not certain
                    cand.aliases.add(name)
                self._index_person(pid, block, org_ids, provinces, roles)
                return pid
        for prov in sorted(provinces):
            for pid in self._person_by_prov.get((block, prov), ()):
                cand = self._persons[pid]
                if name_key == key(cand.name) or name_key in {key(a) for a in cand.aliases}:
                    cand.uncertain = True  # same name and province, no shared organisation
                    self._index_person(pid, block, org_ids, provinces, roles)
                    return pid
        for role, org in sorted(roles):
            # "Trưởng Đại diện, Văn phòng phía Nam" here and "... Văn phòng phía Nam Liên hiệp ..."
            # there: same name, same role, one organisation written as the start of the other
            for pid, other_org in self._person_by_role.get((block, role), ()):
                cand = self._persons[pid]
                if name_key == key(cand.name) and (other_org.startswith(org) or org.startswith(other_org)):
                    cand.uncertain = True
                    self._index_person(pid, block, org_ids, provinces, roles)
                    return pid
        anchor = min(org_ids) if org_ids else (min(provinces) if provinces else f"#{article_id}")
        pid = _id("P", block + "|" + anchor)
        while pid in self._persons:  # same name and anchor but no shared evidence: a new person
            anchor += "+"
            pid = _id("P", block + "|" + anchor)
        self._persons[pid] = _Person(pid, name, block)
        self._index_person(pid, block, org_ids, provinces, roles)
        return pid

    def _index_person(self, pid: str, block: str, org_ids: set[str], provinces: set[str],
                      roles: set[tuple[str, str]] = frozenset()) -> None:
        for role, org in roles:
            lst = self._person_by_role.setdefault((block, role), [])
            if (pid, org) not in lst:
                lst.append((pid, org))
        for oid in org_ids:
            self._person_by_org.setdefault((block, oid), pid)
        for prov in provinces:
            lst = self._person_by_prov.setdefault((block, prov), [])
            if pid not in lst:
                lst.append(pid)

    def _match_event(self, article_id: str, e, org_ids: set[str]) -> str:
        """Same type and date, and shared organisers or the same place without clashing organisers.

        Candidates come from (type, date, organiser) and (type, date, place) indexes."""
        loc = key(e.location) if e.location else None
        if e.date:
            found = next((self._event_by_org[(e.type, e.date, o)] for o in sorted(org_ids)
                          if (e.type, e.date, o) in self._event_by_org), None)
            if found is None and loc:
                for eid in self._event_by_loc.get((e.type, e.date, loc), ()):
                    cand = self._events[eid]
                    if not (org_ids and cand.organizer_ids and not (org_ids & cand.organizer_ids)):
                        found = eid
                        break
            if found is not None:
                cand = self._events[found]
                cand.articles.add(article_id)
                cand.organizer_ids |= org_ids
                cand.location = cand.location or loc
                cand.place = cand.place or e.location
                self._index_event(cand)
                return found
            anchor = min(org_ids) if org_ids else (loc or article_id)
        else:
            anchor = article_id + "|" + key(e.name or "")  # undated events are never merged across articles
        eid = _id("E", f"{e.type}|{e.date}|{anchor}")
        while eid in self._events:
            anchor += "+"
            eid = _id("E", f"{e.type}|{e.date}|{anchor}")
        self._events[eid] = _Event(eid, e.type, e.date, loc, e.name, set(org_ids), {article_id},
                                   place=e.location)
        self._index_event(self._events[eid])
        return eid

    def _index_event(self, ev: "_Event") -> None:
        if not ev.date:
            return
        for o in ev.organizer_ids:
            self._event_by_org.setdefault((ev.type, ev.date, o), ev.id)
        if ev.location:
            lst = self._event_by_loc.setdefault((ev.type, ev.date, ev.location), [])
            if ev.id not in lst:
                lst.append(ev.id)

    # ------------------------------------------------------------ tables
    @property
    def persons(self):
        import pandas as pd

        rows = [{"person_id": p.id, "name": p.name, "aliases": sorted(p.aliases), "n_articles": len(p.articles),
                 "first_seen": min(p.dates) if p.dates else None, "last_seen": max(p.dates) if p.dates else None,
                 "organization_ids": sorted(p.org_ids), "uncertain": p.uncertain, "article_ids": sorted(p.articles)}
                for p in self._persons.values()]
        return pd.DataFrame(rows, columns=["person_id", "name", "aliases", "n_articles", "first_seen", "last_seen",
                                           "organization_ids", "uncertain", "article_ids"])

    @property
    def titles(self):
        """A person's roles over time: from/to are the first and last article dates stating them."""
        import pandas as pd

        groups: dict[tuple, dict] = {}
        for t in self._titles:
            oid = t["organization_id"] or (self._org_id([t["organization"]]) if t["organization"] else None)
            k = (t["person_id"], key(t["role"]), oid)
            g = groups.setdefault(k, {"person_id": t["person_id"], "role": t["role"], "organization_id": oid,
                                      "from": None, "to": None, "former_seen": None, "article_ids": []})
            g["article_ids"].append(t["article_id"])
            d = t["date"]
            if t["former"]:
                # "nguyên Chủ tịch" closes the role: it ended before this article
                g["former_seen"] = min(filter(None, [g["former_seen"], d])) if d else g["former_seen"]
            elif d:
                g["from"] = min(filter(None, [g["from"], d]))
                g["to"] = max(filter(None, [g["to"], d]))
        return pd.DataFrame(list(groups.values()),
                            columns=["person_id", "role", "organization_id", "from", "to", "former_seen",
                                     "article_ids"])

    @property
    def organizations(self):
        import pandas as pd

        rows = [{"organization_id": o.id, "name": o.name, "acronym": o.acronym, "aliases": sorted(o.aliases),
                 "kind": o.kind, "place": o.place, "place_code": o.place_code, "n_articles": len(o.articles),
                 "article_ids": sorted(o.articles)} for o in self._orgs.values()]
        return pd.DataFrame(rows, columns=["organization_id", "name", "acronym", "aliases", "kind", "place",
                                           "place_code", "n_articles", "article_ids"])

    @property
    def events(self):
        import pandas as pd

        rows = [{"event_id": e.id, "type": e.type, "date": e.date, "place": e.place, "name": e.name,
                 "organizer_ids": sorted(e.organizer_ids), "article_ids": sorted(e.articles)}
                for e in self._events.values()]
        return pd.DataFrame(rows, columns=["event_id", "type", "date", "place", "name", "organizer_ids",
                                           "article_ids"])

    @property
    def aid(self):
        import pandas as pd

        cols = ["aid_id", "donor", "recipient", "amount", "currency", "kind", "qualifier", "period", "event_id",
                "article_ids", "text", "date"]
        return pd.DataFrame(list(self._aid.values()), columns=cols)

    # ------------------------------------------------------------ persistence
    def save(self, folder: str | os.PathLike) -> None:
        """Write the tables as Parquet and the state needed by `update` as JSON."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("persons", "titles", "organizations", "events", "aid"):
            getattr(self, name).to_parquet(folder / f"{name}.parquet", index=False)
        state = {
            "orgs": [{**o.__dict__, "keys": sorted(o.keys), "aliases": sorted(o.aliases),
                      "articles": sorted(o.articles)} for o in self._orgs.values()],
            "persons": [{**p.__dict__, "aliases": sorted(p.aliases), "org_ids": sorted(p.org_ids),
                         "provinces": sorted(p.provinces), "articles": sorted(p.articles), "dates": sorted(p.dates),
                         "roles": sorted(list(r) for r in p.roles)}
                        for p in self._persons.values()],
            "events": [{**e.__dict__, "organizer_ids": sorted(e.organizer_ids), "articles": sorted(e.articles)}
                       for e in self._events.values()],
            "titles": self._titles,
            "aid": list(self._aid.values()),
            "aid_keys": [list(k) for k in self._aid],
            "seen": sorted(self._seen_articles),
        }
        tmp = folder / "state.json.tmp"
        tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, folder / "state.json")

    @classmethod
    def load(cls, folder: str | os.PathLike) -> "Registry":
        state = json.loads((Path(folder) / "state.json").read_text(encoding="utf-8"))
        reg = cls()
        for o in state["orgs"]:
            org = _Org(**{**o, "keys": set(o["keys"]), "aliases": set(o["aliases"]), "articles": set(o["articles"])})
            reg._orgs[org.id] = org
            for k in org.keys:
                reg._org_by_key.setdefault(k, org.id)
        for p in state["persons"]:
            person = _Person(**{**p, "aliases": set(p["aliases"]), "org_ids": set(p["org_ids"]),
                                "provinces": set(p["provinces"]), "articles": set(p["articles"]),
                                "dates": set(p["dates"]), "roles": {tuple(r) for r in p.get("roles", [])}})
            reg._persons[person.id] = person
            reg._index_person(person.id, person.block, person.org_ids, person.provinces, person.roles)
        for e in state["events"]:
            ev = _Event(**{**e, "organizer_ids": set(e["organizer_ids"]), "articles": set(e["articles"])})
            reg._events[ev.id] = ev
            reg._index_event(ev)
        reg._titles = state["titles"]
        reg._aid = {tuple(k): v for k, v in zip(state["aid_keys"], state["aid"])}
        reg._seen_articles = set(state["seen"])
        return reg


def resolve(records: Iterable[ArticleRecord] | str | os.PathLike) -> Registry:
    """Many records (or a JSONL/Parquet file of them) -> one `Registry`."""
    if isinstance(records, (str, os.PathLike)):
        from .io import read_records

        records = read_records(records)
    return Registry().update(records)


# ---------------------------------------------------------------- evaluation

def records_from_gold(folder: str | os.PathLike) -> list[ArticleRecord]:
    """Gold files (corpora/gold/*.json) as ArticleRecords: to measure resolution apart from extraction."""
    from .model import Event, Organization, Person, Place, Title

    out = []
    for p in sorted(Path(folder).glob("*.json")):
        g = json.loads(p.read_text(encoding="utf-8"))
        out.append(ArticleRecord(
            id=g["id"], published=g.get("published"),
            persons=[Person(name=x["name"], aliases=x.get("aliases") or [], honorific=x.get("honorific"),
                            titles=[Title(role=t["role"], organization=t.get("organization"),
                                          former=bool(t.get("former"))) for t in x.get("titles") or []])
                     for x in g.get("persons", [])],
            organizations=[Organization(name=x["name"], aliases=x.get("aliases") or [], acronym=x.get("acronym"))
                           for x in g.get("organizations", [])],
            places=[Place(name=x["name"], aliases=x.get("aliases") or [], kind=x.get("kind") or "other")
                    for x in g.get("places", [])],
            events=[Event(type=x["type"], name=x.get("name"), date=x.get("date"), location=x.get("location"),
                          organizers=x.get("organizers") or []) for x in g.get("events", [])],
        ))
    return out


def _pairs(groups: Iterable[Iterable]) -> set[frozenset]:
    out = set()
    for g in groups:
        g = sorted(set(map(tuple, g)))
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                if g[i][0] != g[j][0]:
                    out.add(frozenset((g[i], g[j])))
    return out


def evaluate_resolution(registry: Registry, gold_clusters: str | os.PathLike | dict) -> dict:
    """Pairwise merge precision and recall per kind against cross-article gold clusters.

    Gold members are (article id, name) for persons and organisations and
    (article id, type, date) for events; a registry entity stands for the
    members whose article it was seen in and whose name matches its names.
    Pairs are counted between members of different articles.
    """
    gold = gold_clusters if isinstance(gold_clusters, dict) else json.loads(
        Path(gold_clusters).read_text(encoding="utf-8"))
    result = {}
    for kind in ("persons", "organizations", "events"):
        members = {tuple(m) for g in gold.get(kind, []) for m in g}
        gold_pairs = _pairs(gold.get(kind, []))
        pred_groups = defaultdict(list)
        if kind == "persons":
            for p in registry._persons.values():
                names = {key(p.name)} | {key(a) for a in p.aliases}
                for m in members:
                    if m[0] in p.articles and key(m[1]) in names:
                        pred_groups[p.id].append(m)
        elif kind == "organizations":
            for o in registry._orgs.values():
                names = {key(o.name)} | {key(a) for a in o.aliases} | set(o.keys)
                for m in members:
                    if m[0] in o.articles and key(m[1]) in names:
                        pred_groups[o.id].append(m)
        else:
            for e in registry._events.values():
                for m in members:
                    if m[0] in e.articles and m[1] == e.type and m[2] == e.date:
                        pred_groups[e.id].append(m)
        pred_pairs = _pairs(pred_groups.values())
        tp = len(gold_pairs & pred_pairs)
        p = tp / len(pred_pairs) if pred_pairs else (1.0 if not gold_pairs else 0.0)
        r = tp / len(gold_pairs) if gold_pairs else 1.0
        result[kind] = {"p": round(p, 4), "r": round(r, 4), "tp": tp, "pred_pairs": len(pred_pairs),
                        "gold_pairs": len(gold_pairs)}
    return result
