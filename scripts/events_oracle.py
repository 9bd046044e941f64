#!/usr/bin/env python3
"""Score the events stage alone: earlier stages replaced by the gold items.

Each gold date, place, organisation, person and amount is located in the
article text (every occurrence of its text, name or aliases) and put into
the record with those mentions; then only `events.recognize` runs. This
separates event logic errors from errors of the earlier stages.

usage: scripts/events_oracle.py [seeds|dev|DIR] [score.py options, e.g. --detail]
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import regex

from reportminer import events
from reportminer.model import Amount, ArticleRecord, DateItem, Organization, Person, Place
from reportminer.text import Document, normalize

HERE = Path(__file__).resolve().parent.parent
DIRS = {"seeds": HERE.parent / "shared/seeds", "dev": HERE.parent / "shared/corpora/dev"}


def _find(doc: Document, phrases, ignore_case=False):
    out = []
    for p in {normalize(x).strip() for x in phrases if x}:
        if not p:
            continue
        pat = r"(?<!\w)" + regex.escape(p).replace(r"\ ", r"\s+") + r"(?!\w)"
        for m in regex.finditer(pat, doc.norm, flags=regex.IGNORECASE if ignore_case else 0):
            out.append(doc.mention(m.start(), m.end()))
    return sorted(out, key=lambda m: m.start)


def oracle_record(doc: Document, gold: dict) -> ArticleRecord:
    rec = ArticleRecord(id=doc.id, published=gold.get("published"))
    for d in gold.get("dates", []):
        v = d["value"]
        prec = "interval" if "/" in v else ("day" if len(v) == 10 else "month")
        rec.dates.append(DateItem(text=d["text"], value=v, precision=prec,
                                  mentions=_find(doc, [d["text"]], ignore_case=True)))
    for p in gold.get("places", []):
        rec.places.append(Place(name=p["name"], aliases=p.get("aliases") or [], kind=p.get("kind") or "other",
                                mentions=_find(doc, [p["name"], *(p.get("aliases") or [])])))
    for o in gold.get("organizations", []):
        rec.organizations.append(Organization(
            name=o["name"], aliases=o.get("aliases") or [], acronym=o.get("acronym"),
            mentions=_find(doc, [o["name"], *(o.get("aliases") or []), o.get("acronym")])))
    for p in gold.get("persons", []):
        rec.persons.append(Person(name=p["name"], aliases=p.get("aliases") or [],
                                  mentions=_find(doc, [p["name"], *(p.get("aliases") or [])])))
    for a in gold.get("amounts", []):
        rec.amounts.append(Amount(text=a["text"], value=a["value"], currency=a["currency"],
                                  mentions=_find(doc, [a["text"]])))
    return rec


def main(argv: list[str]) -> int:
    which = argv[0] if argv else "dev"
    folder = DIRS.get(which, Path(which))
    lines = []
    for txt in sorted(folder.glob("*.txt")):
        gold = json.loads((folder / "gold" / f"{txt.stem}.json").read_text(encoding="utf-8"))
        doc = Document(txt.read_text(encoding="utf-8"), id=txt.stem, published=gold.get("published"))
        rec = oracle_record(doc, gold)
        events.recognize(doc, rec)
        lines.append(rec.model_dump_json())
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    out = subprocess.run([sys.executable, str(HERE.parent / "shared/eval/score.py"), "--gold", str(folder / "gold"),
                          "--pred", f.name, *argv[1:]], capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if "\tevents\t" in line or line.startswith("events") or line.startswith("field"):
            print(line)
    Path(f.name).unlink()
    return out.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
