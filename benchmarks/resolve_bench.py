#!/usr/bin/env python3
"""Benchmark `reportminer.resolve` on synthetic archives built from the gold corpora.

Each synthetic article copies a real gold article (seeds + dev when present)
and varies its names with the alias forms seen in real reports: old/new tone
placement, a dropped diacritic in the given name, short references, other
provinces for the same body type. Reports time and peak memory at each size
so the growth can be read (near-linear is the goal).

usage: .venv/bin/python benchmarks/resolve_bench.py [--sizes 10000 100000]
"""
from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PROVINCES = ["Bến Tre", "Đồng Nai", "Trà Vinh", "Quảng Nam", "Thừa Thiên Huế", "Đà Nẵng", "Tuyên Quang", "Vĩnh Phúc",
             "Kiên Giang", "Bình Dương", "Long An", "Tây Ninh", "Hà Giang", "Kon Tum", "Lai Châu", "Quảng Trị"]
TONE_OLD = {"òa": "oà", "óa": "oá", "ủy": "uỷ", "ùy": "uỳ", "úy": "uý", "ỏa": "oả"}


def vary(name: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.2:
        for new, old in TONE_OLD.items():
            name = name.replace(new, old)
    elif r < 0.25 and " " in name:
        head, last = name.rsplit(" ", 1)
        name = head + " " + last.replace("ậ", "ự").replace("ư", "u")
    return name


def synthetic(n: int, seed: int = 7):
    from reportminer.registry import records_from_gold

    base = records_from_gold(ROOT / "corpora" / "gold")
    dev = ROOT.parent / "shared" / "corpora" / "dev" / "gold"
    if dev.is_dir():
        base += records_from_gold(dev)
    rng = random.Random(seed)
    for i in range(n):
        src = base[i % len(base)]
        prov = rng.choice(PROVINCES)
        rec = src.model_copy(deep=True)
        rec.id = f"s{i:07d}"
        year = 2009 + (i * 7919) % 17
        rec.published = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        for p in rec.persons:
            p.name = vary(p.name, rng)
            for t in p.titles:
                if t.organization and rng.random() < 0.5:
                    t.organization = t.organization.replace("Việt Nam", prov) if "tỉnh" not in t.organization else t.organization
        for o in rec.organizations:
            o.name = vary(o.name, rng)
        for e in rec.events:
            if e.date:
                e.date = f"{year}{e.date[4:]}"
        yield rec


def run_one(n: int) -> None:
    from reportminer.registry import resolve

    recs = list(synthetic(n))
    t0 = time.perf_counter()
    reg = resolve(recs)
    dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n:>8} records  {dt:7.2f} s  {n / dt:9.0f} records/s  peak RSS {peak:6.0f} MB  "
          f"persons {len(reg._persons)}  organizations {len(reg._orgs)}  events {len(reg._events)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        run_one(a.one)
        return
    print("reportminer.resolve on synthetic archives (each size in a fresh process)")
    for n in a.sizes:
        subprocess.run([sys.executable, __file__, "--one", str(n)], check=True)


if __name__ == "__main__":
    main()
