#!/usr/bin/env python3
"""Compare reportminer's persons/organisations/places with underthesea's `ner` on gold corpora.

Both systems read the same texts in the same run and are scored by the SAME
scorer (`../shared/eval/score.py`, else `reportminer.evaluate`). underthesea
runs sentence by sentence (paragraphs split on newlines, then
`underthesea.sent_tokenize`, then `ner(sentence)`); its BIO tags are grouped
into entities, PER -> persons, ORG -> organizations, LOC -> places, one item
per normalised name and article.

Only the CRF model shipped inside the underthesea wheel is used (`deep=False`):
the transformer model (`deep=True`) would be fetched from a hub at run time.

With `--gain` it also lists the gold items underthesea finds and reportminer
misses (where an underthesea back-off would add recall) and scores simple
back-offs (reportminer plus underthesea's extra items).

usage: .venv/bin/python benchmarks/compare_underthesea.py [--corpus DIR ...] [--gain] [--examples N]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_CORPORA = [ROOT.parent / "shared" / "corpora" / "dev", ROOT.parent / "shared" / "seeds"]
SCORER_PATH = ROOT.parent / "shared" / "eval" / "score.py"
FIELDS = ("persons", "organizations", "places")
TAG_FIELD = {"PER": "persons", "ORG": "organizations", "LOC": "places"}
# letters Vietnamese writes that plain Latin (ASCII) names lack: a name without any is "foreign-looking"
_VI_LETTERS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:)\]])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[])\s+")


def load_scorer():
    """The shared scorer module (standalone script), else reportminer.evaluate, else None."""
    if SCORER_PATH.is_file():
        spec = importlib.util.spec_from_file_location("shared_score", SCORER_PATH)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod, str(SCORER_PATH)
    try:
        from reportminer import evaluate as mod
    except ImportError:
        return None, None
    if hasattr(mod, "score_article") and hasattr(mod, "prf"):
        return mod, "reportminer.evaluate"
    return None, None


def load_underthesea():
    """(ner, sent_tokenize) or an error message: the wheel's CRF model must work offline."""
    try:
        from underthesea import ner, sent_tokenize

        ner("Ông Nguyễn Văn An làm việc tại Hà Nội.")  # loads the model once, outside the timings
        return (ner, sent_tokenize), None
    except Exception as e:  # noqa: BLE001 - any failure (missing model, network) is reported, not raised
        return None, f"underthesea ner unavailable: {type(e).__name__}: {e}"


def bio_entities(tokens) -> list[tuple[str, str]]:
    """(tag, text) entities from ner() output tuples (word, pos, chunk, BIO-ner)."""
    out: list[tuple[str, list[str]]] = []
    prev = "O"
    for tok in tokens:
        word, tag = tok[0], tok[-1]
        if tag == "O" or "-" not in tag:
            prev = "O"
            continue
        bio, kind = tag.split("-", 1)
        if bio == "I" and prev == kind and out:
            out[-1][1].append(word)
        else:  # B-, or an I- that does not continue the previous entity
            out.append((kind, [word]))
        prev = kind
    ents = []
    for kind, words in out:
        text = _SPACE_AFTER_OPEN.sub(r"\1", _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(words)))
        text = text.strip(" ,.;:-\"'")
        # a bracket the sentence opened outside the entity ("(VUFO")
        if text.startswith("(") and ")" not in text:
            text = text[1:].strip()
        if text.endswith(")") and "(" not in text:
            text = text[:-1].strip()
        if text:
            ents.append((kind, text))
    return ents


def underthesea_record(text: str, ner, sent_tokenize, scorer) -> dict:
    norms = {"persons": scorer.norm_person, "organizations": scorer.norm, "places": scorer.norm_place}
    rec = {f: [] for f in FIELDS}
    seen = {f: set() for f in FIELDS}
    for para in text.splitlines():
        if not para.strip():
            continue
        for sentence in sent_tokenize(para):
            for kind, name in bio_entities(ner(sentence)):
                field = TAG_FIELD.get(kind)
                if not field:
                    continue
                key = norms[field](name)
                if key and key not in seen[field]:
                    seen[field].add(key)
                    rec[field].append({"name": name})
    return rec


def reportminer_record(d) -> dict:
    from reportminer import extract

    rec = extract(d.text, d.published, id=d.id, url=d.url, title=d.title, path=d.path)
    return rec.model_dump(mode="json")


def corpus_docs(folder: Path):
    from reportminer.io import iter_documents

    gold_dir = folder / "gold"
    for d in iter_documents([folder]):
        gold_file = gold_dir / f"{d.id}.json"
        if d.error is None and gold_file.is_file():
            yield d, json.loads(gold_file.read_text(encoding="utf-8"))


def category(field: str, name: str) -> str:
    """A coarse class of an entity name, to see where a back-off would add recall."""
    if not _VI_LETTERS.search(name):
        if re.fullmatch(r"[A-Z0-9&.\-]{2,}", name.replace(" ", "")):
            return "acronym"
        return "latin-script"
    return "vietnamese"


def run_corpus(folder: Path, scorer, uts, gain: bool, examples: int) -> None:
    docs = list(corpus_docs(folder))
    print(f"\n== {folder}  ({len(docs)} articles with gold, {sum(len(d.text) for d, _ in docs)} chars)")
    if not docs:
        print("   no gold files: skipped")
        return
    from reportminer import extract

    extract("Ông Nguyễn Văn An làm việc tại Hà Nội.")  # loads lexicons outside the timings
    counts = {s: {f: [0, 0, 0] for f in FIELDS} for s in ("rm", "uts")}
    lenient = [0, 0, 0]  # underthesea's LOC items also offered as organisations (its CRF tags most bodies LOC)
    times = {"rm": 0.0, "uts": 0.0}
    pairs = []  # (id, gold, rm record, uts record)
    for d, gold in docs:
        t = time.perf_counter()
        rm = reportminer_record(d)
        times["rm"] += time.perf_counter() - t
        ut = None
        if uts:
            t = time.perf_counter()
            ut = underthesea_record(d.text, *uts, scorer)
            times["uts"] += time.perf_counter() - t
        pairs.append((d.id, gold, rm, ut))
        for sys_name, rec in (("rm", rm), ("uts", ut)):
            if rec is None:
                continue
            res = scorer.score_article(gold, rec)
            for f in FIELDS:
                tp, n_pred, n_gold = res[f][:3]
                c = counts[sys_name][f]
                c[0] += tp
                c[1] += n_pred
                c[2] += n_gold
        if ut is not None:
            tp, n_pred, n_gold = scorer.score_article(
                gold, {"organizations": ut["organizations"] + ut["places"]})["organizations"][:3]
            lenient[0] += tp
            lenient[1] += n_pred
            lenient[2] += n_gold

    def cells(c):
        p, r, f1 = scorer.prf(*c)
        return f"{p:6.3f} {r:6.3f} {f1:6.3f}"

    print(f"{'field':<14} {'reportminer P      R     F1':<28} | {'underthesea P      R     F1':<28} | n_gold")
    for f in FIELDS:
        ut_cells = cells(counts["uts"][f]) if uts else "   n/a (ner unavailable)"
        print(f"{f:<14} {'':<7}{cells(counts['rm'][f])} | {'':<7}{ut_cells} | {counts['rm'][f][2]}")
    if uts:
        print(f"{'organizations*':<14} {'':<7}{'':<20} | {'':<7}{cells(lenient)} | {lenient[2]}"
              "   (* underthesea ORG+LOC items scored as organisations)")
    n = len(docs)
    print(f"wall time per article: reportminer {1000 * times['rm'] / n:.1f} ms", end="")
    if uts:
        ratio = times["uts"] / times["rm"] if times["rm"] else float("inf")
        print(f", underthesea ner {1000 * times['uts'] / n:.1f} ms; reportminer is {ratio:.1f}x faster")
    else:
        print()
    if uts and gain:
        report_gain(pairs, scorer, examples)


def report_gain(pairs, scorer, examples: int) -> None:
    """Gold items underthesea matches and reportminer misses, by category; and back-off scores."""
    norms = {"persons": scorer.norm_person, "organizations": scorer.norm, "places": scorer.norm_place}
    print("\n-- where underthesea adds recall (gold items it matches that reportminer misses;"
          " for organisations its LOC items count too)")
    backoff = {(f, mode): [0, 0, 0] for f in FIELDS for mode in ("all", "latin")}
    for f in FIELDS:
        gained: dict[str, list[str]] = {}
        extra_spurious: dict[str, list[str]] = {}
        for doc_id, gold, rm, ut in pairs:
            rm_missed = scorer.score_article(gold, rm)[f][3]
            ut_items = ut[f] + ut["places"] if f == "organizations" else ut[f]  # LOC too: see organizations*
            ut_tp_missed = scorer.score_article({f: rm_missed}, {f: ut_items})[f]
            # gold items reportminer missed that underthesea found
            found_ids = {id(g) for g in rm_missed} - {id(g) for g in ut_tp_missed[3]}
            for g in rm_missed:
                if id(g) in found_ids:
                    gained.setdefault(category(f, g["name"]), []).append(f"{doc_id}:{g['name']}")
            # back-off: reportminer's items plus underthesea's items reportminer does not already have
            have = {norms[f](x.get("name")) for x in rm.get(f) or []}
            extra = [x for x in ut_items if norms[f](x["name"]) not in have]
            for mode in ("all", "latin"):
                add = extra if mode == "all" else [x for x in extra if category(f, x["name"]) != "vietnamese"]
                merged = dict(rm)
                merged[f] = list(rm.get(f) or []) + add
                tp, n_pred, n_gold = scorer.score_article(gold, merged)[f][:3]
                c = backoff[(f, mode)]
                c[0] += tp
                c[1] += n_pred
                c[2] += n_gold
            for x in extra:
                extra_spurious.setdefault(category(f, x["name"]), []).append(f"{doc_id}:{x['name']}")
        total = sum(len(v) for v in gained.values())
        print(f"{f}: {total} gold items gained")
        for cat, items in sorted(gained.items(), key=lambda kv: -len(kv[1])):
            print(f"   {cat:<13} {len(items):3d}  e.g. {'; '.join(items[:examples])}")
        print("   underthesea items reportminer lacks, by category (gained ones included):")
        for cat, items in sorted(extra_spurious.items(), key=lambda kv: -len(kv[1])):
            print(f"   {cat:<13} {len(items):3d}  e.g. {'; '.join(items[:examples])}")
    print("\n-- back-off: reportminer + underthesea's extra items (all / only non-Vietnamese-script names)")
    for f in FIELDS:
        line = []
        for mode in ("all", "latin"):
            p, r, f1 = scorer.prf(*backoff[(f, mode)])
            line.append(f"{mode}: P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        print(f"{f:<14} " + " | ".join(line))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", type=Path, help="corpus folder with gold/ (repeatable)")
    ap.add_argument("--gain", action="store_true", help="list where underthesea adds recall; score back-offs")
    ap.add_argument("--examples", type=int, default=8, help="examples per category with --gain")
    a = ap.parse_args(argv)
    scorer, where = load_scorer()
    if scorer is None:
        print("no scorer: neither ../shared/eval/score.py nor reportminer.evaluate (score_article, prf); skipped")
        return 0
    print(f"scorer: {where}")
    uts, err = load_underthesea()
    if err:
        print(err)
    else:
        import underthesea

        print(f"underthesea {underthesea.__version__}: ner (CRF model shipped in the wheel, offline)")
    for folder in a.corpus or DEFAULT_CORPORA:
        if not folder.is_dir():
            print(f"\n== {folder}: no such folder, skipped")
            continue
        run_corpus(folder, scorer, uts, a.gain, a.examples)
    return 1 if err else 0


if __name__ == "__main__":
    sys.exit(main())
