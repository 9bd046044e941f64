"""Accuracy gate: F1 per field must not drop below corpora/baseline.json.

The baseline is written by scripts/update_baseline.py (measured F1, rounded
down, minus a tolerance). When a change raises a figure, rerun the script so
the gate keeps it; when a change lowers one on purpose, say why in the commit.
"""
from __future__ import annotations

import json

import pytest

from reportminer.evaluate import FIELDS, extract_and_score, format_table

from conftest import CORPORA, ROOT

BASELINE = json.loads((ROOT / "corpora" / "baseline.json").read_text(encoding="utf-8"))


def _gate(name: str, corpus) -> None:
    if name not in BASELINE:
        pytest.skip(f"no '{name}' baseline in corpora/baseline.json (scripts/update_baseline.py)")
    scores, _ = extract_and_score(corpus)
    assert scores["missing_predictions"] == 0
    drops = [f"{f}: F1 {scores[f]['f1']:.4f} < baseline {BASELINE[name][f]:.2f}"
             for f in FIELDS if scores[f]["f1"] < BASELINE[name].get(f, 0.0)]
    assert not drops, f"accuracy dropped on {name}:\n" + "\n".join(drops) + "\n" + format_table(scores)


def test_baseline_covers_every_field():
    for name in ("seeds", "dev"):
        assert set(BASELINE[name]) == set(FIELDS)
        assert all(0.0 <= v <= 1.0 for v in BASELINE[name].values())


def test_sample_corpus_meets_baseline():
    _gate("seeds", CORPORA)


@pytest.mark.parametrize("name", sorted(p.name for p in CORPORA.glob("heldout*") if p.is_dir()))
def test_heldout_corpus_meets_baseline(name):
    _gate(name, CORPORA / name)


@pytest.mark.slow
def test_dev_corpus_meets_baseline(dev_dir):
    _gate("dev", dev_dir)
