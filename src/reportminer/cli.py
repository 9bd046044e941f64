"""Command line: `reportminer extract|schema|evaluate ...` (tests call `main(argv)`)."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys


def _cmd_extract(a) -> int:
    from pathlib import Path

    from .batch import errors_path, run_batch

    read_options = {k: v for k, v in (("text_field", a.text_field), ("id_field", a.id_field),
                                       ("url_field", a.url_field), ("date_field", a.date_field),
                                       ("title_field", a.title_field)) if v}
    workers = a.workers if a.workers > 0 else (os.cpu_count() or 1)
    try:
        summary = run_batch(a.inputs, a.output, workers=workers, max_chars=a.max_chars,
                            time_budget=a.time_budget, published=a.published,
                            progress=None if not a.quiet else False, read_options=read_options,
                            overwrite=a.overwrite, log_every=a.log_every, extra_stages=a.extra_stage,
                            skip=a.skip)
    except (FileNotFoundError, ValueError) as e:
        print(f"reportminer: {e}", file=sys.stderr)
        return 2
    print(summary.line(), file=sys.stderr)
    if summary.failures:
        print(f"failures written to {errors_path(Path(a.output))}", file=sys.stderr)
    if summary.interrupted:
        print("interrupted: run the same command again to resume", file=sys.stderr)
        return 130
    return 0


def _cmd_schema(a) -> int:
    from .schema import schema_json

    text = schema_json()
    if a.output:
        with open(a.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        print(text, end="")
    return 0


def _cmd_evaluate(a) -> int:
    if a.xdoc:
        # cross-article resolution: pairwise merge precision/recall of `resolve` on these records
        from .registry import evaluate_resolution, resolve

        scores = evaluate_resolution(resolve(a.pred), a.xdoc)
        if a.json:
            print(json.dumps(scores, ensure_ascii=False))
        else:
            print(f"{'kind':<14}{'P':>7}{'R':>7}{'pairs':>7}{'gold':>7}")
            for kind, s in scores.items():
                print(f"{kind:<14}{s['p']:>7.3f}{s['r']:>7.3f}{s['pred_pairs']:>7}{s['gold_pairs']:>7}")
        return 0
    if not a.gold:
        print("reportminer evaluate: --gold DIR (or --xdoc FILE) is required", file=sys.stderr)
        return 2
    from .evaluate import evaluate_paths, format_table

    scores, details = evaluate_paths(a.gold, a.pred)
    if a.json:
        print(json.dumps(scores, ensure_ascii=False))
    else:
        print(format_table(scores))
        if a.detail:
            for row in details:
                print("\t".join(row))
    return 0


def _cmd_resolve(a) -> int:
    from .registry import Registry, resolve

    if a.update:
        reg = Registry.load(a.output)
        from .io import read_records

        for path in a.inputs:
            reg.update(read_records(path))
    else:
        from .io import read_records

        records = [r for path in a.inputs for r in read_records(path)]
        reg = resolve(records)
    reg.save(a.output)
    print(f"persons {len(reg.persons)}  organizations {len(reg.organizations)}  events {len(reg.events)}  "
          f"aid rows {len(reg.aid)}  -> {a.output}", file=sys.stderr)
    if a.xdoc_gold:
        from .registry import evaluate_resolution

        print(json.dumps(evaluate_resolution(reg, a.xdoc_gold), ensure_ascii=False))
    return 0


def _published_arg(value: str) -> str:
    from .io import checked_published

    try:
        return checked_published(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _workers_arg(value: str) -> int:
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError(f"--workers must be 0 (all cores) or more, got {n}")
    return n


OUTPUT_SUFFIXES = (".jsonl", ".ndjson", ".parquet")


def _output_arg(value: str) -> str:
    if not value.lower().endswith(OUTPUT_SUFFIXES):
        raise argparse.ArgumentTypeError(f"the output must end in {', '.join(OUTPUT_SUFFIXES)} "
                                         f"(JSON lines or Parquet), got {value!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="reportminer", description=__doc__)
    p.add_argument("-v", "--verbose", action="store_true")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="extract records from files, folders, globs, JSONL or Parquet")
    e.add_argument("inputs", nargs="+")
    e.add_argument("-o", "--output", required=True, type=_output_arg, help="out.jsonl or out.parquet")
    e.add_argument("--workers", type=_workers_arg, default=1, help="processes (0 = all cores)")
    e.add_argument("--published", type=_published_arg,
                   help="publication date for inputs without one (YYYY-MM-DD or YYYY-MM)")
    e.add_argument("--text-field"), e.add_argument("--id-field"), e.add_argument("--url-field")
    e.add_argument("--date-field"), e.add_argument("--title-field")
    e.add_argument("--max-chars", type=int, default=5_000_000, help="larger documents are recorded failures")
    e.add_argument("--time-budget", type=float, default=60.0, help="seconds per document before it fails")
    e.add_argument("--overwrite", action="store_true",
                   help="start afresh instead of resuming from an existing output")
    e.add_argument("--extra-stage", action="append", default=[], metavar="NAME",
                   help="add an optional stage: ner_backoff (underthesea NER back-off for people; "
                        "slower, see README 'Speed')")
    e.add_argument("--skip", action="append", default=[], metavar="STAGE",
                   help="switch a stage off (repeatable): dates, amounts, places, organizations, persons, "
                        "link or events; --skip events gives the entities only, faster")
    e.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    e.add_argument("--log-every", type=float, default=10.0,
                   help="seconds between progress lines when stderr is not a terminal")
    e.set_defaults(func=_cmd_extract)

    s = sub.add_parser("schema", help="print the JSON Schema of ArticleRecord")
    s.add_argument("-o", "--output")
    s.set_defaults(func=_cmd_schema)

    v = sub.add_parser("evaluate", help="precision/recall/F1 per field against gold files")
    v.add_argument("--gold", help="folder of per-article gold files (gold/<id>.json)")
    v.add_argument("--xdoc", help="cross-article gold clusters (corpora/xdoc_gold.json): score `resolve`")
    v.add_argument("--pred", required=True)
    v.add_argument("--json", action="store_true")
    v.add_argument("--detail", action="store_true")
    v.set_defaults(func=_cmd_evaluate)
    r = sub.add_parser("resolve", help="one registry of persons, organisations, events and aid across articles")
    r.add_argument("inputs", nargs="+", help="records (.jsonl or .parquet) written by `extract`")
    r.add_argument("-o", "--output", required=True, help="registry folder (Parquet tables + state.json)")
    r.add_argument("--update", action="store_true", help="add to an existing registry, keeping its ids")
    r.add_argument("--xdoc-gold", help="cross-article gold clusters: print pairwise merge precision/recall")
    r.set_defaults(func=_cmd_resolve)
    return p


def main(argv: list[str] | None = None) -> int:
    a = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if a.verbose else logging.WARNING, format="%(message)s")
    return a.func(a)


if __name__ == "__main__":
    sys.exit(main())
