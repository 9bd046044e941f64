"""Shared fixtures: corpus locations and the strict pipeline mode."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpora" / "dev"
CASES = Path(__file__).resolve().parent / "cases"

# a stage that raises must fail the tests, not become a warning
os.environ.setdefault("REPORTMINER_STRICT", "1")


def corpus_texts(folder: Path) -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def load_cases(name: str) -> list[dict]:
    """Table-driven cases from tests/cases/<name>.jsonl (one JSON object per line)."""
    path = CASES / f"{name}.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("//"):
            out.append(json.loads(line))
    return out


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not (DEV / "gold").is_dir():
        pytest.skip("../shared/corpora/dev is not present")
    return DEV
