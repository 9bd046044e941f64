"""Extraction over Dask collections (extra `reportminer[dask]`).

The same functions run on a laptop (`dask` threads/processes, a
`distributed.LocalCluster`) and on a cluster (`distributed.Client("tcp://
scheduler:8786")`, dask-jobqueue, Kubernetes...): only the client changes.

    import dask.dataframe as dd
    from reportminer.dask import extract_dataframe, write_parquet
    articles = dd.read_parquet("s3://bucket/articles/")        # columns text, id, url, published
    records = extract_dataframe(articles)
    write_parquet(records, "s3://bucket/records/", partition_on=["year"])

Each output row is one article: `id, url, published, year, record` (the full
`ArticleRecord` as JSON, lossless; `reportminer.read_records` reads the
dataset back) and `error, message` for a document that failed (its record is
null). A failing document never fails its partition.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable

import pandas as pd

from .batch import DEFAULT_MAX_CHARS, DEFAULT_TIME_BUDGET, _process
from .io import _meta_from_row, _str  # one row -> InputDoc with the same rules as the file readers

COLUMNS = {"id": "string", "url": "string", "published": "string", "year": "Int64", "record": "string",
           "error": "string", "message": "string"}


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in COLUMNS.items()})


def extract_rows(rows: Iterable[dict], *, text_field: str = "text", id_field: str = "id", url_field: str = "url",
                 date_field: str = "published", title_field: str = "title", published: str | None = None,
                 max_chars: int = DEFAULT_MAX_CHARS, time_budget: float | None = DEFAULT_TIME_BUDGET,
                 origin: str = "dask", extra_stages: Iterable[str] = (), skip: Iterable[str] = ()) -> list[dict]:
    """Output rows (see module doc) for input rows (dicts with the named fields); `extra_stages`
    and `skip` as for `run_batch`."""
    from .pipeline import checked_stage_choice

    extra_stages, skip = checked_stage_choice(extra_stages, skip)
    out = []
    for idx, row in enumerate(rows, start=1):
        if not _str(row.get(id_field)) and isinstance(row.get(text_field), str):
            # no id: one from the content, the same in whichever partition the row lands
            row = {**row, id_field: "sha1-" + hashlib.sha1(row[text_field].encode("utf-8", "replace")).hexdigest()[:16]}
        doc = _meta_from_row(row, idx, Path(origin), text_field, id_field, url_field, date_field, title_field,
                             published)
        doc.path = _str(row.get("path"))  # a partition-local row number would mislead
        status, _id, line, _n = _process(doc, max_chars, time_budget, extra_stages, skip)
        year = int(doc.published[:4]) if doc.published else None
        if status == "ok":
            out.append({"id": doc.id, "url": doc.url, "published": doc.published, "year": year, "record": line,
                        "error": None, "message": None})
        else:
            err = json.loads(line)
            out.append({"id": doc.id, "url": doc.url, "published": doc.published, "year": year, "record": None,
                        "error": err["error"], "message": err["message"]})
    return out


def extract_partition(df: pd.DataFrame, **options) -> pd.DataFrame:
    """One pandas partition of articles -> one partition of output rows."""
    # time budgets use SIGALRM, which only works in a process's main thread: Dask runs tasks
    # in worker threads, where the budget is skipped (the cluster's own timeouts apply)
    rows = extract_rows(df.to_dict("records"), **options)
    if not rows:
        return _empty()
    return pd.DataFrame(rows).astype(COLUMNS)


def extract_dataframe(ddf, **options):
    """A `dask.dataframe` of articles (text, id, url, published, title) -> output rows, lazily."""
    return ddf.map_partitions(extract_partition, meta=_empty(), **options)


def extract_bag(bag, **options):
    """A `dask.bag` of article dicts (or plain texts) -> a bag of output rows (dicts)."""
    def part(items):
        rows = [it if isinstance(it, dict) else {"text": it} for it in items]
        return extract_rows(rows, **options)

    return bag.map_partitions(part)


def bag_to_dataframe(bag):
    """Output rows from `extract_bag` as a `dask.dataframe` (to write Parquet)."""
    return bag.to_dataframe(meta=_empty()).astype(COLUMNS)


def write_parquet(records, path: str, partition_on: list[str] | None = None, **kwargs):
    """Write output rows as a Parquet dataset, e.g. `partition_on=["year"]` (folders year=2022/...).

    Partition values are written as text; a missing value (no publication
    year) goes to the folder `year=unknown`.
    """
    kwargs.setdefault("write_index", False)
    for col in partition_on or ():
        records = records.assign(**{col: records[col].astype("string").fillna("unknown")})
    return records.to_parquet(path, partition_on=partition_on, **kwargs)
