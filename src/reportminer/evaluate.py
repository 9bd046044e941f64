"""Precision, recall and F1 of extracted records against gold files.

The gold format and the matching rules are documented in corpora/README.md:
one `gold/<id>.json` per article; per field, items are matched one to one
within an article (greedy, gold order) and counts are micro-averaged over
all articles. Strings are compared after NFC, lower-casing, folding old/new
tone-mark placement, dropping punctuation and collapsing spaces; person
names also drop a leading honorific, place names a leading administrative
word. Amounts match on currency and value within 0.5 %; events on type and
date (type and location when the gold date is null).

    >>> scores, errors = evaluate_paths("corpora/gold", "records.jsonl")
    >>> scores["dates"]["f1"]

`evaluate()` gives the same figures as a pandas DataFrame.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Callable, Iterable

FIELDS = ("persons", "person_roles", "person_orgs", "organizations", "places",
          "dates", "periods", "amounts", "events")
# main_f1 is the mean F1 of these (periods and person_orgs are reported, not averaged)
MAIN = ("persons", "person_roles", "organizations", "places", "dates", "amounts", "events")

HONORIFICS = ("đồng chí", "ông", "bà", "anh", "chị", "ngài", "quý ông", "quý bà")
ADMIN = ("thành phố", "tp.", "tp", "tỉnh", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường")
AMOUNT_TOLERANCE = 0.005


def _tone_table() -> dict[str, str]:
    # old-style tone placement on the open syllables oa/oe/uy -> the new style (oà -> òa, uỷ -> ủy)
    table = {}
    for base, marks in (("a", "àáảãạ"), ("e", "èéẻẽẹ"), ("y", "ỳýỷỹỵ")):
        first = "o" if base in "ae" else "u"
        first_marked = {"o": "òóỏõọ", "u": "ùúủũụ"}[first]
        for i, m in enumerate(marks):
            table[first + m] = first_marked[i] + base
    return table


_OLD_NEW = _tone_table()
_TONE_RE = re.compile("(?<![qQ])(" + "|".join(_OLD_NEW) + r")(?![\w])")
_PUNCT_RE = re.compile(r"[^\w\s]")


def norm(s: str | None) -> str:
    """The comparison form of a string (see module doc)."""
    if not s:
        return ""
    s = unicodedata.normalize("NFC", str(s)).lower()
    s = _TONE_RE.sub(lambda m: _OLD_NEW[m.group(1)], s)
    s = _PUNCT_RE.sub(" ", s)
    return " ".join(s.split())


def norm_person(s: str | None) -> str:
    s = norm(s)
    for h in HONORIFICS:
        if s.startswith(h + " "):
            return s[len(h) + 1:]
    return s


_ADMIN_NORM = tuple(a for a in (norm(x) for x in ADMIN) if a)


def norm_place(s: str | None) -> str:
    s = norm(s)
    for a in _ADMIN_NORM:
        if s.startswith(a + " "):
            s = s[len(a) + 1:]
            break
    return "hồ chí minh" if s == "hcm" else s


def _keys(item: dict, fn: Callable[[str | None], str]) -> set[str]:
    out = {fn(item.get("name"))}
    out |= {fn(a) for a in item.get("aliases") or []}
    if item.get("acronym"):
        out.add(fn(item["acronym"]))
    out.discard("")
    return out


def _match(gold: list, pred: list, same) -> tuple[int, int, int, list, list]:
    """Greedy one-to-one matching in gold order: tp, n_pred, n_gold, missed gold, spurious pred."""
    used: set[int] = set()
    tp = 0
    missed = []
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and same(g, p):
                used.add(j)
                tp += 1
                break
        else:
            missed.append(g)
    spurious = [p for j, p in enumerate(pred) if j not in used]
    return tp, len(pred), len(gold), missed, spurious


def _same_name(fn):
    return lambda g, p: bool(_keys(g, fn) & _keys(p, fn))


def _same_amount(g, p) -> bool:
    try:
        gv, pv = float(g["value"]), float(p.get("value"))
    except (TypeError, ValueError, KeyError):
        return False
    if (g.get("currency") or "").upper() != (p.get("currency") or "").upper():
        return False
    return abs(gv - pv) <= AMOUNT_TOLERANCE * max(abs(gv), 1.0)


def _same_value(g, p) -> bool:
    return str(g.get("value") or "").strip() == str(p.get("value") or "").strip()


def _same_event(g, p) -> bool:
    if (g.get("type") or "") != (p.get("type") or ""):
        return False
    if g.get("date"):
        return str(g["date"]) == str(p.get("date") or "")
    if g.get("location"):
        return norm_place(g["location"]) == norm_place(p.get("location"))
    return True


def _pairs(persons: list, what: str, orgs: list | None = None) -> list[dict]:
    """(person, role) or (person, organisation) pairs; a gold organisation stands for all its names."""
    out = []
    for person in persons:
        names = _keys(person, norm_person)
        for t in person.get("titles") or []:
            if not isinstance(t, dict):
                continue
            v = t.get("role") if what == "role" else t.get("organization")
            if not v:
                continue
            vals = {norm(v)}
            for o in orgs or []:
                if norm(v) in _keys(o, norm):
                    vals |= _keys(o, norm)
            out.append({"names": names, "v": norm(v), "vals": vals, "show": f"{person.get('name')} | {v}"})
    seen, uniq = set(), []
    for x in out:
        k = (min(x["names"]) if x["names"] else "", x["v"])
        if k not in seen:
            seen.add(k)
            uniq.append(x)
    return uniq


def _same_pair(g, p) -> bool:
    return bool(g["names"] & p["names"]) and p["v"] in g["vals"]


def _list(rec: dict, key: str) -> list[dict]:
    v = rec.get(key) if isinstance(rec, dict) else None
    return [x for x in v if isinstance(x, dict)] if isinstance(v, list) else []


def score_article(gold: dict, pred: dict) -> dict[str, tuple[int, int, int, list, list]]:
    """Per field: (tp, n_pred, n_gold, missed gold items, spurious predicted items)."""
    gp, pp = _list(gold, "persons"), _list(pred, "persons")
    spec = {
        "persons": (gp, pp, _same_name(norm_person)),
        "organizations": (_list(gold, "organizations"), _list(pred, "organizations"), _same_name(norm)),
        "places": (_list(gold, "places"), _list(pred, "places"), _same_name(norm_place)),
        "dates": (_list(gold, "dates"), _list(pred, "dates"), _same_value),
        "periods": (_list(gold, "periods"), _list(pred, "periods"), _same_value),
        "amounts": (_list(gold, "amounts"), _list(pred, "amounts"), _same_amount),
        "events": (_list(gold, "events"), _list(pred, "events"), _same_event),
        "person_roles": (_pairs(gp, "role"), _pairs(pp, "role"), _same_pair),
        "person_orgs": (_pairs(gp, "org", _list(gold, "organizations")), _pairs(pp, "org"), _same_pair),
    }
    return {f: _match(g, p, same) for f, (g, p, same) in spec.items()}


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    # nothing predicted and nothing to find is perfect precision; nothing to find is perfect recall
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def show(item) -> str:
    """A one-line rendering of a gold or predicted item for error listings."""
    if isinstance(item, dict):
        if "show" in item:
            return item["show"]
        for k in ("name", "value"):
            if item.get(k) is not None:
                extra = item.get("currency") or item.get("type") or ""
                return f"{item[k]} {extra}".strip()
        return json.dumps({k: item.get(k) for k in ("type", "date", "location")}, ensure_ascii=False)
    return str(item)


# ------------------------------------------------------------------ loading

def load_gold(path: str | os.PathLike) -> dict[str, dict]:
    """{article id: gold dict} from a folder of `<id>.json` (or a corpus folder holding `gold/`)."""
    folder = Path(path)
    if (folder / "gold").is_dir():
        folder = folder / "gold"
    if not folder.is_dir():
        raise FileNotFoundError(f"no gold folder: {folder}")
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def _record_id(rec: dict) -> str:
    if rec.get("id"):
        return str(rec["id"])
    src = rec.get("source")
    return Path(str(src.get("path") if isinstance(src, dict) else src or "")).stem


def load_predictions(pred) -> tuple[dict[str, dict], int]:
    """({id: record dict}, malformed line count) from a JSONL/Parquet path or records/dicts."""
    if isinstance(pred, (str, os.PathLike)):
        path = Path(pred)
        if path.suffix == ".parquet":
            from .io import read_records

            pred = read_records(path)
        else:
            out, bad = {}, 0
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    bad += 1
                    continue
                if isinstance(rec, dict):
                    out[_record_id(rec)] = rec
                else:
                    bad += 1
            return out, bad
    out = {}
    for rec in pred:
        d = rec if isinstance(rec, dict) else rec.model_dump(mode="json")
        out[_record_id(d)] = d
    return out, 0


# ------------------------------------------------------------------ scoring

def score(golds: dict[str, dict], preds: dict[str, dict], bad_lines: int = 0
          ) -> tuple[dict, list[tuple[str, str, str, str]]]:
    """Scores `{field: {p, r, f1, tp, pred, gold}, articles, missing_predictions, bad_lines, main_f1}`
    and the error listing `[(article id, field, "MISSED"|"SPURIOUS", item)]`."""
    totals = {f: [0, 0, 0] for f in FIELDS}
    details: list[tuple[str, str, str, str]] = []
    for aid, gold in golds.items():
        for f, (tp, n_pred, n_gold, missed, spurious) in score_article(gold, preds.get(aid, {})).items():
            t = totals[f]
            t[0] += tp
            t[1] += n_pred
            t[2] += n_gold
            details.extend((aid, f, "MISSED", show(m)) for m in missed)
            details.extend((aid, f, "SPURIOUS", show(s)) for s in spurious)
    out: dict = {"articles": len(golds), "missing_predictions": sum(1 for k in golds if k not in preds),
                 "bad_lines": bad_lines}
    for f, (tp, n_pred, n_gold) in totals.items():
        p, r, f1 = prf(tp, n_pred, n_gold)
        out[f] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "tp": tp, "pred": n_pred, "gold": n_gold}
    out["main_f1"] = round(sum(out[f]["f1"] for f in MAIN) / len(MAIN), 4)
    return out, details


def evaluate_paths(gold: str | os.PathLike, pred) -> tuple[dict, list[tuple[str, str, str, str]]]:
    """Score predictions (JSONL/Parquet path, or records) against a gold folder."""
    preds, bad = load_predictions(pred)
    return score(load_gold(gold), preds, bad)


def extract_and_score(corpus: str | os.PathLike, workers: int = 1) -> tuple[dict, list[tuple[str, str, str, str]]]:
    """Extract a corpus folder (articles, `gold/`, optional `index.jsonl`) afresh and score it."""
    import tempfile

    from .batch import run_batch

    corpus = Path(corpus)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "records.jsonl"
        run_batch([corpus], out, workers=workers, progress=False, overwrite=True)
        return evaluate_paths(corpus / "gold", out)


def format_table(scores: dict) -> str:
    lines = [f"articles {scores['articles']}  missing predictions {scores['missing_predictions']}  "
             f"bad lines {scores['bad_lines']}",
             f"{'field':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}"]
    for f in FIELDS:
        s = scores[f]
        lines.append(f"{f:<14}{s['p']:>7.3f}{s['r']:>7.3f}{s['f1']:>7.3f}{s['tp']:>6}{s['pred']:>6}{s['gold']:>6}")
    lines.append(f"main_f1 {scores['main_f1']:.3f}  (mean F1 of {', '.join(MAIN)})")
    return "\n".join(lines)


def evaluate(gold_dir: str | os.PathLike, pred: str | os.PathLike | Iterable):
    """Scores per field as a DataFrame (field, p, r, f1, tp, pred, gold).

    `pred` is a records file (JSONL/Parquet) or an iterable of `ArticleRecord`s
    or dicts. `df.attrs["errors"]` is a DataFrame of the missed and spurious
    items (article_id, field, error, item); `df.attrs["main_f1"]` the mean F1
    of the main fields.
    """
    import pandas as pd

    scores, details = evaluate_paths(gold_dir, pred)
    df = pd.DataFrame([{"field": f, **scores[f]} for f in FIELDS],
                      columns=["field", "p", "r", "f1", "tp", "pred", "gold"])
    df.attrs["main_f1"] = scores["main_f1"]
    df.attrs["errors"] = pd.DataFrame(details, columns=["article_id", "field", "error", "item"])
    return df
