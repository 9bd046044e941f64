#!/usr/bin/env python3
"""Measure F1 per field on the sample corpus (and the dev corpus when present) and write corpora/baseline.json.

The gate (tests/test_accuracy_gate.py) fails when a field's F1 drops below the
baseline. Each figure is the measured F1 rounded DOWN to 2 decimals minus a
tolerance of 0.02, so that small, legitimate trade-offs do not trip it.

usage: .venv/bin/python scripts/update_baseline.py [--dev DIR] [--tolerance 0.02]
"""
from __future__ import annotations

import argparse
import datetime
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reportminer.evaluate import FIELDS, extract_and_score  # noqa: E402


def floor_minus(f1: float, tolerance: float) -> float:
    return max(0.0, round(math.floor(f1 * 100 + 1e-9) / 100 - tolerance, 2))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=ROOT / "corpora")
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "corpora" / "dev")
    ap.add_argument("--tolerance", type=float, default=0.02)
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "corpora" / "baseline.json")
    a = ap.parse_args(argv)

    # a corpus that is not present here keeps its previous baseline
    out = json.loads(a.output.read_text(encoding="utf-8")) if a.output.is_file() else {}
    out |= {"about": "minimum F1 per field; written by scripts/update_baseline.py (measured F1 rounded "
                    f"down to 2 decimals minus {a.tolerance}); checked by tests/test_accuracy_gate.py",
           "measured": datetime.date.today().isoformat(), "tolerance": a.tolerance}
    heldout = [(p.name, p) for p in sorted(a.seeds.glob("heldout*")) if p.is_dir()]
    for name, corpus in (("seeds", a.seeds), *heldout, ("dev", a.dev)):
        if not (corpus / "gold").is_dir():
            print(f"{name}: {corpus} not present, skipped", file=sys.stderr)
            continue
        scores, _ = extract_and_score(corpus)
        out[name] = {f: floor_minus(scores[f]["f1"], a.tolerance) for f in FIELDS}
        out[name + "_measured"] = {f: scores[f]["f1"] for f in FIELDS}
        print(name, json.dumps(out[name + "_measured"]), file=sys.stderr)
    a.output.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {a.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
