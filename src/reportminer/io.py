"""Readers (text files, folders with an index.jsonl sidecar, JSONL, Parquet, HTML) and writers.

A reader yields `InputDoc`s. A document that cannot be read (undecodable,
empty, malformed JSONL line) is still yielded, with `error` set, so that the
batch records it as a failure instead of losing it.
"""
from __future__ import annotations

import glob
import gzip
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .model import ArticleRecord

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
PARQUET_SUFFIXES = {".parquet"}
SIDECAR = "index.jsonl"


@dataclass
class InputDoc:
    id: str
    text: str | None
    path: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    error: tuple[str, str] | None = None  # (error class, message)
    meta: dict = field(default_factory=dict)


class DecodeError(ValueError):
    """The bytes of a file are not text in any encoding we can identify."""


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Text from bytes: BOMs, UTF-8, UTF-16, then Vietnamese legacy encodings by detection."""
    from .encodings import decode

    return decode(data, name)


def _suffixes(path: Path) -> tuple[str, bool]:
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    return os.path.splitext(name)[1], gz


def _stem(path: Path) -> str:
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return os.path.splitext(name)[0]


def _read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    return data


def read_sidecar(folder: Path) -> dict[str, dict]:
    """`index.jsonl` beside the articles: {file name or stem: metadata}."""
    side = folder / SIDECAR
    out: dict[str, dict] = {}
    if not side.is_file():
        return out
    for line in side.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            meta = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(meta, dict):
            continue
        key = meta.get("file") or meta.get("id")
        if key:
            out[str(key)] = meta
            out[os.path.splitext(str(key))[0]] = meta
    return out


def expand_inputs(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files named, files inside folders (recursively, sorted), and glob matches."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and _is_input(f) and "gold" not in f.relative_to(p).parts[:-1]:
                    files.append(f)
        elif p.is_file():
            files.append(p)
        else:
            matches = sorted(glob.glob(str(p), recursive=True))
            if not matches:
                raise FileNotFoundError(f"no such file, folder or glob: {p}")
            files.extend(Path(m) for m in matches if Path(m).is_file())
    return files


def _is_input(path: Path) -> bool:
    if path.name == SIDECAR:
        return False
    suffix, _ = _suffixes(path)
    return suffix in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | PARQUET_SUFFIXES


def iter_documents(paths: Iterable[str | os.PathLike], *, text_field: str = "text", id_field: str = "id",
                   url_field: str = "url", date_field: str = "published", title_field: str = "title",
                   published: str | None = None) -> Iterator[InputDoc]:
    """Every document in `paths`, with metadata from sidecars, fields or `published`."""
    sidecars: dict[Path, dict[str, dict]] = {}
    for path in expand_inputs(paths):
        suffix, _ = _suffixes(path)
        if path.parent not in sidecars:
            sidecars[path.parent] = read_sidecar(path.parent)
        side = sidecars[path.parent]
        if suffix in JSONL_SUFFIXES:
            yield from _iter_jsonl(path, text_field, id_field, url_field, date_field, title_field, published)
        elif suffix in PARQUET_SUFFIXES:
            yield from _iter_parquet(path, text_field, id_field, url_field, date_field, title_field, published)
        else:
            yield _read_file(path, side, published, html=suffix in HTML_SUFFIXES)


def _read_file(path: Path, side: dict, published: str | None, html: bool) -> InputDoc:
    stem = _stem(path)
    meta = side.get(path.name) or side.get(stem) or {}
    doc = InputDoc(id=stem, text=None, path=str(path), url=meta.get("url"), title=meta.get("title"),
                   published=meta.get("published") or published, meta=meta)
    try:
        data = _read_bytes(path)
        text = decode_bytes(data, str(path))
        if html:
            from .html import html_to_document

            text, title, date = html_to_document(text, url=doc.url)
            doc.title = doc.title or title
            doc.published = doc.published or date
        if not text.strip():
            raise DecodeError(f"{path}: no text")
        doc.text = text
    except Exception as e:  # recorded per document, never fatal for the batch
        doc.error = (type(e).__name__, str(e))
    return doc


def _meta_from_row(row: dict, idx: int, path: Path, text_field, id_field, url_field, date_field,
                   title_field, published) -> InputDoc:
    rid = row.get(id_field)
    rid = str(rid) if rid not in (None, "") else f"{_stem(path)}:{idx}"
    text = row.get(text_field)
    date = row.get(date_field) or published
    if date is not None and not isinstance(date, str):
        date = str(date)[:10]
    doc = InputDoc(id=rid, text=None, path=f"{path}:{idx}", url=row.get(url_field), title=row.get(title_field),
                   published=date)
    if not isinstance(text, str) or not text.strip():
        doc.error = ("MissingText", f"{path} record {idx}: field '{text_field}' is missing or empty")
    else:
        doc.text = text
    return doc


def _iter_jsonl(path: Path, *fields) -> Iterator[InputDoc]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        for idx, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8"))
                if not isinstance(row, dict):
                    raise ValueError("line is not a JSON object")
            except (ValueError, UnicodeDecodeError) as e:
                yield InputDoc(id=f"{_stem(path)}:{idx}", text=None, path=f"{path}:{idx}",
                               error=("MalformedLine", f"{path} line {idx}: {e}"))
                continue
            yield _meta_from_row(row, idx, path, *fields)


def _iter_parquet(path: Path, *fields) -> Iterator[InputDoc]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    idx = 0
    for batch in pf.iter_batches(batch_size=512):
        for row in batch.to_pylist():
            idx += 1
            yield _meta_from_row(row, idx, path, *fields)


# --------------------------------------------------------------------- writers

def record_json(record: ArticleRecord) -> str:
    """One JSONL line: deterministic (field order from the model, no floats formatting drift)."""
    return record.model_dump_json()


def read_records(path: str | os.PathLike) -> list[ArticleRecord]:
    """Records back from JSONL or Parquet written by reportminer, losslessly."""
    path = Path(path)
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path, columns=["record"])
        return [ArticleRecord.model_validate_json(s) for s in table.column("record").to_pylist()]
    out = []
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(ArticleRecord.model_validate_json(line))
    return out


def write_parquet_from_jsonl(jsonl: Path, out: Path) -> None:
    """Parquet with one row per article: id, url, published and the full record as JSON.

    The `record` column makes the file lossless (`read_records`); the tidy
    per-entity tables come from `reportminer.frames.to_frames`.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    ids, urls, pubs, recs = [], [], [], []
    with open(jsonl, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            obj = json.loads(line)
            ids.append(obj["id"])
            urls.append((obj.get("source") or {}).get("url"))
            pubs.append(obj.get("published"))
            recs.append(line.rstrip("\n"))
    table = pa.table({"id": pa.array(ids, pa.string()), "url": pa.array(urls, pa.string()),
                      "published": pa.array(pubs, pa.string()), "record": pa.array(recs, pa.string())})
    tmp = out.with_name(out.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, out)


def write_records(records: Iterable[ArticleRecord], path: str | os.PathLike) -> None:
    """Write records to JSONL or Parquet (by suffix), atomically."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp.jsonl")
    with open(tmp, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(record_json(r) + "\n")
    if path.suffix == ".parquet":
        write_parquet_from_jsonl(tmp, path)
        tmp.unlink()
    else:
        os.replace(tmp, path)
