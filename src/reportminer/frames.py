"""Records -> tidy pandas DataFrames, one per kind of entity, joined by keys.

    >>> f = rm.to_frames(records)
    >>> f["titles"].merge(f["persons"], on=["article_id", "person_id"])

Frames: `articles`, `persons`, `titles`, `organizations`, `places`, `dates`,
`periods`, `amounts`, `events`, `mentions`. Keys: `article_id` everywhere;
entity ids are `<article_id>/<prefix><index in the record's list>`:
p persons, o organizations, pl places, d dates, pd periods, a amounts,
e events, pe planned events. `titles` are keyed by `person_id` (and
`organization_id` when the title's organisation is one of the article's
organisations); `amounts.event_id` is the first event citing the amount;
`mentions` are keyed by (`entity_id`, `kind`).

Dtypes: `string` for text, `category` for kinds/types/currency (kinds with
their full set of categories), nullable `Int64`/`Float64`/`boolean`, and
`datetime64[ns]` for full dates (`start`/`end` of a date or event; NaT when
the value is a month or has an unknown year) and `articles.published`.
List fields (aliases, organizers) stay Python lists.
"""
from __future__ import annotations

import os
import re
from typing import Iterable, Literal, get_args

import pandas as pd

from .model import AmountKind, AmountQualifier, ArticleRecord, EventType, OrgKind, PlaceKind
from .model import DateItem, Event, Period

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^(\d{4})")
_MONTH = re.compile(r"^(?:\d{4}|XXXX)-(\d{2})")  # XXXX: year unknown


def _cats(literal) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(get_args(literal)))


def _field_cats(model, name: str) -> pd.CategoricalDtype:
    # the categories of an Optional[Literal[...]] model field
    ann = model.model_fields[name].annotation
    values = [a for arg in get_args(ann) for a in (get_args(arg) or (arg,)) if isinstance(a, str)]
    return pd.CategoricalDtype(values or list(get_args(ann)))


ENTITY_KINDS = Literal["person", "organization", "place", "date", "period", "amount", "event"]

SCHEMAS: dict[str, dict[str, object]] = {
    "articles": {"article_id": "string", "published": "datetime64[ns]", "published_value": "string",
                 "published_year": "Int64", "url": "string", "title": "string", "path": "string",
                 "authors": object, "n_warnings": "Int64"},
    "persons": {"article_id": "string", "person_id": "string", "name": "string", "aliases": object,
                "honorific": "string", "gender": pd.CategoricalDtype(["male", "female"]),
                "event_roles": object, "n_titles": "Int64", "n_mentions": "Int64", "first_start": "Int64"},
    "titles": {"article_id": "string", "person_id": "string", "person_name": "string", "title_index": "Int64",
               "role": "string", "role_en": "string", "organization": "string", "organization_id": "string",
               "former": "boolean", "acting": "boolean"},
    "organizations": {"article_id": "string", "organization_id": "string", "name": "string",
                      "acronym": "string", "aliases": object, "kind": _cats(OrgKind), "place": "string",
                      "place_code": "string", "n_mentions": "Int64", "first_start": "Int64"},
    "places": {"article_id": "string", "place_id": "string", "name": "string", "aliases": object,
               "kind": _cats(PlaceKind), "code": "string", "province": "string", "province_2025": "string",
               "province_2025_code": "string", "n_mentions": "Int64", "first_start": "Int64"},
    "dates": {"article_id": "string", "date_id": "string", "text": "string", "value": "string",
              "precision": _field_cats(DateItem, "precision"), "start": "datetime64[ns]",
              "end": "datetime64[ns]", "year": "Int64", "month": "Int64",
              "part_of_day": _field_cats(DateItem, "part_of_day"), "year_written": "boolean",
              "resolved_by": _field_cats(DateItem, "resolved_by"), "n_mentions": "Int64"},
    "periods": {"article_id": "string", "period_id": "string", "text": "string", "value": "string",
                "kind": _field_cats(Period, "kind"), "start_year": "Int64", "end_year": "Int64",
                "n_mentions": "Int64"},
    "amounts": {"article_id": "string", "amount_id": "string", "text": "string", "value": "Float64",
                "currency": "category", "currency_assumed": "boolean", "qualifier": _cats(AmountQualifier),
                "kind": _cats(AmountKind), "donor": "string", "recipient": "string", "period": "string",
                "year": "Int64", "event_id": "string", "n_mentions": "Int64"},
    "events": {"article_id": "string", "event_id": "string", "type": _cats(EventType), "name": "string",
               "status": _field_cats(Event, "status"), "date": "string", "start": "datetime64[ns]",
               "end": "datetime64[ns]", "year": "Int64", "location": "string", "venue": "string",
               "organizers": object, "chairs": object, "n_participants": "Int64", "amount_ids": object},
    "mentions": {"article_id": "string", "entity_id": "string", "kind": _cats(ENTITY_KINDS),
                 "start": "Int64", "end": "Int64", "text": "string"},
}


def to_frames(records: Iterable[ArticleRecord | dict] | str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Tidy DataFrames from records (or a JSONL/Parquet records file); see the module doc."""
    if isinstance(records, (str, os.PathLike)):
        from .io import read_records

        records = read_records(records)
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    for rec in records:
        if isinstance(rec, dict):
            rec = ArticleRecord.model_validate(rec)
        _add_record(rec, rows)
    return {name: _frame(rows[name], SCHEMAS[name]) for name in SCHEMAS}


def _frame(rows: list[dict], schema: dict[str, object]) -> pd.DataFrame:
    cols = {}
    for col, dtype in schema.items():
        values = [r.get(col) for r in rows]
        if dtype == "datetime64[ns]":
            cols[col] = pd.to_datetime(pd.Series(values, dtype=object), format="%Y-%m-%d", errors="coerce"
                                       ).astype("datetime64[ns]")
        elif dtype is object:
            cols[col] = pd.Series(values, dtype=object)
        else:
            cols[col] = pd.Series(values, dtype=object).astype(dtype)
    return pd.DataFrame(cols, columns=list(schema))


def _full_date(value: str | None) -> str | None:
    return value if value and _FULL_DATE.match(value) else None


def _span(value: str | None) -> tuple[str | None, str | None]:
    """Start and end of a full date or an interval of full dates, else (None, None)."""
    if not value:
        return None, None
    a, _, b = value.partition("/")
    if not b:
        return _full_date(a), _full_date(a)
    return _full_date(a), _full_date(b)


def _year(value: str | None) -> int | None:
    m = _YEAR.match(value or "")
    return int(m.group(1)) if m else None


def _mentions(rows, aid: str, eid: str, kind: str, mentions) -> tuple[int, int | None]:
    for m in mentions:
        rows["mentions"].append({"article_id": aid, "entity_id": eid, "kind": kind, "start": m.start,
                                 "end": m.end, "text": m.text})
    return len(mentions), min((m.start for m in mentions), default=None)


def _add_record(rec: ArticleRecord, rows: dict[str, list[dict]]) -> None:
    aid = rec.id
    published = rec.published or rec.source.published
    rows["articles"].append({"article_id": aid, "published": _full_date(published), "published_value": published,
                             "published_year": _year(published), "url": rec.source.url,
                             "title": rec.source.title, "path": rec.source.path, "authors": list(rec.source.authors),
                             "n_warnings": len(rec.warnings)})

    org_ids: dict[str, str] = {}
    for i, o in enumerate(rec.organizations):
        oid = f"{aid}/o{i}"
        for name in (o.name, o.acronym, *o.aliases):
            if name:
                org_ids.setdefault(name.casefold(), oid)
        n, first = _mentions(rows, aid, oid, "organization", o.mentions)
        rows["organizations"].append({"article_id": aid, "organization_id": oid, "name": o.name,
                                      "acronym": o.acronym, "aliases": list(o.aliases), "kind": o.kind,
                                      "place": o.place, "place_code": o.place_code, "n_mentions": n,
                                      "first_start": first})

    for i, p in enumerate(rec.persons):
        pid = f"{aid}/p{i}"
        n, first = _mentions(rows, aid, pid, "person", p.mentions)
        rows["persons"].append({"article_id": aid, "person_id": pid, "name": p.name, "aliases": list(p.aliases),
                                "honorific": p.honorific, "gender": p.gender, "event_roles": list(p.event_roles),
                                "n_titles": len(p.titles), "n_mentions": n, "first_start": first})
        for j, t in enumerate(p.titles):
            rows["titles"].append({"article_id": aid, "person_id": pid, "person_name": p.name, "title_index": j,
                                   "role": t.role, "role_en": t.role_en, "organization": t.organization,
                                   "organization_id": org_ids.get((t.organization or "").casefold()),
                                   "former": t.former, "acting": t.acting})

    for i, pl in enumerate(rec.places):
        lid = f"{aid}/pl{i}"
        n, first = _mentions(rows, aid, lid, "place", pl.mentions)
        rows["places"].append({"article_id": aid, "place_id": lid, "name": pl.name, "aliases": list(pl.aliases),
                               "kind": pl.kind, "code": pl.code, "province": pl.province,
                               "province_2025": pl.province_2025, "province_2025_code": pl.province_2025_code,
                               "n_mentions": n, "first_start": first})

    for i, d in enumerate(rec.dates):
        did = f"{aid}/d{i}"
        n, _ = _mentions(rows, aid, did, "date", d.mentions)
        start, end = _span(d.value)
        ym = _MONTH.match(d.value)
        rows["dates"].append({"article_id": aid, "date_id": did, "text": d.text, "value": d.value,
                              "precision": d.precision, "start": start, "end": end, "year": _year(d.value),
                              "month": int(ym.group(1)) if ym else None, "part_of_day": d.part_of_day,
                              "year_written": d.year_written, "resolved_by": d.resolved_by, "n_mentions": n})

    for i, t in enumerate(rec.periods):
        tid = f"{aid}/pd{i}"
        n, _ = _mentions(rows, aid, tid, "period", t.mentions)
        first, _, last = t.value.partition("/")
        rows["periods"].append({"article_id": aid, "period_id": tid, "text": t.text, "value": t.value,
                                "kind": t.kind, "start_year": _year(first), "end_year": _year(last or first),
                                "n_mentions": n})

    amount_event: dict[int, str] = {}
    events = [(f"{aid}/e{i}", ev) for i, ev in enumerate(rec.events)]
    events += [(f"{aid}/pe{i}", ev) for i, ev in enumerate(rec.planned_events)]
    for eid, ev in events:
        for k in ev.amounts:
            amount_event.setdefault(k, eid)
        _mentions(rows, aid, eid, "event", ev.evidence)
        start, end = _span(ev.date)
        rows["events"].append({"article_id": aid, "event_id": eid, "type": ev.type, "name": ev.name,
                               "status": ev.status, "date": ev.date, "start": start, "end": end,
                               "year": _year(ev.date), "location": ev.location, "venue": ev.venue,
                               "organizers": list(ev.organizers), "chairs": list(ev.chairs),
                               "n_participants": len(ev.participants),
                               "amount_ids": [f"{aid}/a{k}" for k in ev.amounts]})

    for i, a in enumerate(rec.amounts):
        amid = f"{aid}/a{i}"
        n, _ = _mentions(rows, aid, amid, "amount", a.mentions)
        # the year the money belongs to: its period's first year, else the year of publication
        year = _year(a.period) or _year(published)
        rows["amounts"].append({"article_id": aid, "amount_id": amid, "text": a.text, "value": a.value,
                                "currency": a.currency, "currency_assumed": a.currency_assumed,
                                "qualifier": a.qualifier, "kind": a.kind, "donor": a.donor,
                                "recipient": a.recipient, "period": a.period, "year": year,
                                "event_id": amount_event.get(i), "n_mentions": n})
