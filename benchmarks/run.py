"""Throughput, memory and start-up of reportminer, against underthesea's `ner`, on this machine.

    .venv/bin/python benchmarks/run.py --n 1000            # 1k and 10k articles, 1 and 2 workers
    .venv/bin/python benchmarks/run.py --n 300 --large 0   # quick
    .venv/bin/python benchmarks/run.py --repeat 3          # median of 3 runs of each measurement

Every measurement runs in a fresh child process (peak RSS = that process and
its workers). The corpus cycles over corpora/*.txt and ../shared/corpora/dev/*.txt.
underthesea's `ner` is run sentence by sentence on a small subset of the same
texts and extrapolated per article (it is far too slow for the whole corpus).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpora", ROOT.parent / "shared" / "corpora" / "dev"]
TARGETS = {"ratio_per_core": 50.0, "mb_per_s_per_core": 1.0, "peak_rss_mb_per_worker": 300.0, "startup_s": 1.5}


def corpus_texts() -> list[str]:
    texts = []
    for folder in SOURCES:
        for p in sorted(folder.glob("*.txt")):
            texts.append(p.read_text(encoding="utf-8"))
    if not texts:
        sys.exit("no corpus texts found in corpora/ or ../shared/corpora/dev/")
    return texts


def build_corpus(n: int, path: Path) -> tuple[int, int]:
    """N articles (cycling over the sample texts) as JSONL; returns (articles, UTF-8 bytes of text)."""
    texts = corpus_texts()
    size = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            t = texts[i % len(texts)]
            size += len(t.encode("utf-8"))
            fh.write(json.dumps({"id": f"b{i:06d}", "text": t, "published": "2022-06-30"}, ensure_ascii=False) + "\n")
    return n, size


def _peak_rss_mb() -> tuple[float, float]:
    """Peak RSS (MB) of this process and of its largest finished child (Linux reports KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


# ------------------------------------------------------------------ child measurements

def measure_reportminer(corpus: str, workers: int, stage_args: tuple[str, ...] = ()) -> dict:
    """`stage_args`: optional stage names to add, and "skip:NAME" for a stage to switch off."""
    from reportminer.batch import run_batch

    extra_stages = tuple(x for x in stage_args if not x.startswith("skip:"))
    skip = tuple(x[len("skip:"):] for x in stage_args if x.startswith("skip:"))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        s = run_batch([corpus], Path(tmp) / "out.jsonl", workers=workers, progress=False,
                      extra_stages=extra_stages, skip=skip)
        seconds = time.perf_counter() - t0
    own, kids = _peak_rss_mb()
    return {"articles": s.articles, "failures": s.failures, "chars": s.chars, "seconds": seconds,
            "peak_rss_mb_main": own, "peak_rss_mb_worker": kids if workers > 1 else own}


def measure_startup(text: str) -> dict:
    t0 = time.perf_counter()
    import reportminer

    t1 = time.perf_counter()
    reportminer.extract(text, published="2022-06-30")
    t2 = time.perf_counter()
    return {"import_s": t1 - t0, "first_extract_s": t2 - t1, "startup_s": t2 - t0}


def measure_underthesea(sentences: int) -> dict:
    from reportminer.segment import sentence_spans

    texts = corpus_texts()
    sents = []
    for t in texts:
        sents += [t[s:e] for s, e in sentence_spans(t)]
    step = max(1, len(sents) // sentences)
    subset = sents[::step][:sentences]
    t0 = time.perf_counter()
    from underthesea import ner

    ner("Khởi động mô hình.")
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    for s in subset:
        ner(s)
    seconds = time.perf_counter() - t1
    chars = sum(len(s) for s in subset)
    mean_article = sum(len(t) for t in texts) / len(texts)
    own, _ = _peak_rss_mb()
    return {"sentences": len(subset), "chars": chars, "seconds": seconds, "load_s": load,
            "chars_per_s": chars / seconds, "articles_per_s": chars / seconds / mean_article, "peak_rss_mb": own}


def _median(tries: list[dict], key: str) -> dict:
    """The run whose `key` is the median (the lower middle one for an even count)."""
    return dict(sorted(tries, key=lambda t: t[key])[(len(tries) - 1) // 2])


def _measured(corpus: Path, n: int, size: int, workers: int, *stage_args: str) -> dict:
    """One batch run in a child process, with its rates. MB of text = UTF-8 bytes (Vietnamese
    averages ~1.3 bytes per character); the characters/s figure is printed beside it."""
    r = _child("reportminer", str(corpus), str(workers), *stage_args)
    r.update(n=n, workers=workers, bytes=size, articles_per_s=r["articles"] / r["seconds"],
             mb_per_s_per_core=size / r["seconds"] / 1e6 / workers,
             mchars_per_s_per_core=r["chars"] / r["seconds"] / 1e6 / workers)
    return r


def _row(r: dict, workers_label: str, note: str = "") -> str:
    """A line of the report's table; `note` and the runs (when several) in brackets after it."""
    runs = r.get("spread", [])
    notes = ([note] if note else []) + ([f"runs: {', '.join(f'{x:.1f}' for x in runs)}"] if len(runs) > 1 else [])
    return (f"{r['n']:>9} {workers_label:>7} {r['articles_per_s']:>11.1f} {r['mb_per_s_per_core']:>10.2f} "
            f"{r['mchars_per_s_per_core']:>13.2f} {r['peak_rss_mb_worker']:>19.0f} {r['failures']:>8}"
            + (f"   ({'; '.join(notes)})" if notes else ""))


def _child(kind: str, *args: str) -> dict:
    env = dict(os.environ, PYTHONHASHSEED="0")
    out = subprocess.run([sys.executable, __file__, "--child", kind, *args], capture_output=True, text=True,
                         env=env, timeout=3600)
    if out.returncode != 0:
        raise SystemExit(f"{kind} measurement failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ report

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="articles in the small corpus")
    ap.add_argument("--large", type=int, default=10000, help="articles in the large corpus (0 = skip)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--ner-sentences", type=int, default=200, help="sentences given to underthesea ner")
    ap.add_argument("--backoff-n", type=int, default=100,
                    help="articles for the run with the optional underthesea back-off (0 = skip)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each measurement this many times and report the median (machines shared "
                         "with others move by 10-20%% from run to run)")
    ap.add_argument("--no-entities-row", action="store_true",
                    help="skip the run with --skip events (entities only) on the large corpus")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    if a.child:
        kind, *rest = a.child
        if kind == "reportminer":
            res = measure_reportminer(rest[0], int(rest[1]), tuple(rest[2:]))
        elif kind == "startup":
            res = measure_startup(Path(rest[0]).read_text(encoding="utf-8"))
        else:
            res = measure_underthesea(int(rest[0]))
        print(json.dumps(res))
        return 0

    results: dict = {"cores": os.cpu_count(), "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        sizes = [a.n] + ([a.large] if a.large else [])
        first = Path(tmp) / "first.txt"
        first.write_text(corpus_texts()[0], encoding="utf-8")
        startups = [_child("startup", str(first)) for _ in range(3)]
        results["startup"] = min(startups, key=lambda r: r["startup_s"])
        # the ratio to underthesea: each run of the headline row (largest corpus, 1 worker) is
        # followed at once by a run of underthesea's, and the ratio is the median of the pairs'
        # ratios: the machine's speed drifts over minutes (other tenants), and a pair taken
        # back to back sees about the same machine
        paired = max(sizes) if 1 in a.workers else None
        pairs: list[tuple[dict, dict]] = []
        for n in sizes:
            corpus = Path(tmp) / f"corpus{n}.jsonl"
            _, size = build_corpus(n, corpus)
            for w in a.workers:
                tries = []
                for _ in range(a.repeat):
                    r = _measured(corpus, n, size, w)
                    tries.append(r)
                    print(f"  reportminer n={n:<6} workers={w}: {r['articles_per_s']:8.1f} articles/s  "
                          f"{r['mb_per_s_per_core']:.2f} MB/s/core  peak RSS/worker {r['peak_rss_mb_worker']:.0f} MB",
                          file=sys.stderr, flush=True)
                    if n == paired and w == 1:
                        u = _child("underthesea", str(a.ner_sentences))
                        pairs.append((r, u))
                        print(f"  underthesea ner (paired): {u['articles_per_s']:.2f} articles/s, ratio "
                              f"{r['articles_per_s'] / u['articles_per_s']:.1f}x", file=sys.stderr, flush=True)
                r = _median(tries, "articles_per_s")
                r["spread"] = [t["articles_per_s"] for t in tries]
                results["runs"].append(r)
        if a.backoff_n:
            # the opt-in accurate-but-slow path (README 'Speed'): default stages + underthesea NER back-off
            corpus = Path(tmp) / f"corpus{a.backoff_n}.jsonl"
            _, size = build_corpus(a.backoff_n, corpus)
            r = results["backoff"] = _measured(corpus, a.backoff_n, size, 1, "ner_backoff")
            print(f"  reportminer + ner_backoff n={a.backoff_n}: {r['articles_per_s']:8.1f} articles/s",
                  file=sys.stderr, flush=True)
        if not a.no_entities_row:
            # the documented speed knob (README 'Speed'): entities only, events switched off
            n = a.large or a.n
            corpus = Path(tmp) / f"corpus{n}.jsonl"
            _, size = build_corpus(n, corpus)
            tries = []
            for _ in range(a.repeat):
                r = _measured(corpus, n, size, 1, "skip:events")
                tries.append(r)
                print(f"  reportminer --skip events n={n}: {r['articles_per_s']:8.1f} articles/s",
                      file=sys.stderr, flush=True)
            results["entities_only"] = _median(tries, "articles_per_s")
            results["entities_only"]["spread"] = [t["articles_per_s"] for t in tries]
        tries = [u for _, u in pairs] or [_child("underthesea", str(a.ner_sentences)) for _ in range(a.repeat)]
        results["underthesea"] = _median(tries, "articles_per_s")
        results["underthesea"]["spread"] = [t["articles_per_s"] for t in tries]

    u = results["underthesea"]
    single = [r for r in results["runs"] if r["workers"] == 1]
    base = max(single, key=lambda r: r["n"]) if single else results["runs"][0]
    per_core = base["articles_per_s"] / base["workers"]
    if pairs:
        ratios = sorted(r["articles_per_s"] / t["articles_per_s"] for r, t in pairs)
        ratio = ratios[(len(ratios) - 1) // 2]
        results["pair_ratios"] = ratios
    else:
        ratio = per_core / u["articles_per_s"]
    st = results["startup"]
    worst_rss = max(r["peak_rss_mb_worker"] for r in results["runs"])
    results["summary"] = {"ratio_per_core": ratio, "mb_per_s_per_core": base["mb_per_s_per_core"],
                          "peak_rss_mb_per_worker": worst_rss, "startup_s": st["startup_s"]}

    print(f"\nreportminer benchmark ({results['cores']} cores"
          + (f", median of {a.repeat} runs each" if a.repeat > 1 else "") + ")")
    print(f"{'articles':>9} {'workers':>7} {'articles/s':>11} {'MB/s/core':>10} {'Mchar/s/core':>13} "
          f"{'peak RSS/worker MB':>19} {'failures':>8}")
    for r in results["runs"]:
        print(_row(r, str(r["workers"])))
    if "backoff" in results:
        print(_row(results["backoff"], "1+bo", "with --extra-stage ner_backoff"))
    if "entities_only" in results:
        print(_row(results["entities_only"], "1-ev", "with --skip events: entities only"))
    print("(MB = 10^6 bytes of UTF-8 text; the time includes start-up: import, lexicons, workers)")
    print(f"python {platform.python_version()} ({platform.python_implementation()}, {sys.executable})")
    print(f"underthesea ner: {u['sentences']} sentences, {u['chars_per_s'] / 1e3:.1f} k chars/s, "
          f"~{u['articles_per_s']:.2f} articles/s per core (model load {u['load_s']:.1f}s, "
          f"peak RSS {u['peak_rss_mb']:.0f} MB)"
          + (f"; runs: {', '.join(f'{x:.2f}' for x in u['spread'])}" if len(u["spread"]) > 1 else ""))
    print(f"start-up: import {st['import_s']:.2f}s + first extraction {st['first_extract_s']:.2f}s "
          f"= {st['startup_s']:.2f}s")
    print(f"reportminer vs underthesea ner, per core: {ratio:.0f}x"
          + (f" (median of the ratios of {len(pairs)} back-to-back pairs: "
             f"{', '.join(f'{x:.1f}' for x in results['pair_ratios'])})" if pairs else ""))
    print("\ntargets:")
    checks = [("throughput vs underthesea ner per core", ratio, ">=", TARGETS["ratio_per_core"], "x"),
              ("MB/s per core (UTF-8 text)", base["mb_per_s_per_core"], ">=", TARGETS["mb_per_s_per_core"], ""),
              ("peak RSS per worker (MB)", worst_rss, "<", TARGETS["peak_rss_mb_per_worker"], ""),
              ("import + first extraction (s)", st["startup_s"], "<", TARGETS["startup_s"], "")]
    for name, val, op, target, unit in checks:
        ok = val >= target if op == ">=" else val < target
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {val:.2f}{unit} (target {op} {target:g}{unit})")
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
