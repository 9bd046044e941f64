"""Readers (text files, folders with an index.jsonl sidecar, JSONL, Parquet, HTML) and writers.

A reader yields `InputDoc`s. A document that cannot be read (undecodable,
empty, malformed JSONL line) is still yielded, with `error` set, so that the
batch records it as a failure instead of losing it.
"""
from __future__ import annotations

import calendar
import codecs
import datetime
import glob
import gzip
import io as stdio
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import regex

from .model import ArticleRecord

log = logging.getLogger("reportminer.io")

TEXT_SUFFIXES = {".txt", ".text"}
# a corpus folder's own documentation is not an article
_NOT_ARTICLES = ("readme", "license", "licence", "changelog")
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
    warnings: list[str] = field(default_factory=list)  # what reading it involved (a legacy encoding guessed ...)


class DecodeError(ValueError):
    """The bytes of a file are not text in any encoding we can identify."""


class EmptyDocument(ValueError):
    """A file or record holds no text (empty, whitespace only, or no article in a page)."""


class DocumentTooLarge(ValueError):
    """A document is larger than the configured maximum size."""


def decode_bytes(data: bytes, name: str = "<bytes>", notes: list[str] | None = None) -> str:
    """Text from bytes: BOMs, UTF-8, UTF-16, then Vietnamese legacy encodings by detection (`notes`:
    see `encodings.decode`)."""
    from .encodings import decode

    return decode(data, name, notes)


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


def _read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """The file's bytes (decompressed for .gz), refusing more than `max_bytes` without reading them all."""
    gz = path.name.lower().endswith(".gz")
    if max_bytes is not None and not gz and path.stat().st_size > max_bytes:
        raise DocumentTooLarge(f"{path}: {path.stat().st_size} bytes, more than the maximum document size")
    with (gzip.open(path, "rb") if gz else open(path, "rb")) as fh:
        data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise DocumentTooLarge(f"{path}: more than {max_bytes} bytes, larger than the maximum document size")
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
            log.warning("%s: skipping a malformed sidecar line", side)
            continue
        if not isinstance(meta, dict):
            continue
        key = meta.get("file") or meta.get("id")
        if key:
            out[str(key)] = meta
            out[os.path.splitext(str(key))[0]] = meta
    return out


def expand_inputs(paths: Iterable[str | os.PathLike], exclude: Iterable[str | os.PathLike] = ()) -> list[Path]:
    """Files named, files inside folders (recursively, sorted), and glob matches; each once.

    Files in `gold/` folders, sidecars and the `exclude` paths (the batch's own
    output files) are left out.
    """
    skip = {os.path.abspath(p) for p in exclude}
    files: list[Path] = []
    seen: set[str] = set()

    def add(f: Path) -> None:
        key = os.path.abspath(f)
        if key not in seen and key not in skip:
            seen.add(key)
            files.append(f)

    for p in paths:
        p = Path(p)
        if p.is_dir():
            other: list[str] = []
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if not f.is_file() or "gold" in rel[:-1] or any(part.startswith(".") for part in rel):
                    continue
                if _is_input(f):
                    add(f)
                elif (f.name != SIDECAR and not f.name.lower().startswith(_NOT_ARTICLES)
                      and not f.name.endswith(".part") and os.path.abspath(f) not in skip):  # a run's own part file
                    other.append(f.relative_to(p).as_posix())
            if other:
                log.warning("%s: left out %d file(s) of kinds not read (.txt, .html, .jsonl, .parquet, and .gz "
                            "of each are): %s", p, len(other), ", ".join(other[:5]) + (" ..." if len(other) > 5 else ""))
        elif p.is_file():
            add(p)
        else:
            matches = sorted(glob.glob(str(p), recursive=True))
            if not matches:
                raise FileNotFoundError(f"no such file, folder or glob: {p}")
            for m in matches:
                if Path(m).is_file() and _is_input(Path(m)):
                    add(Path(m))
    return files


def _is_input(path: Path) -> bool:
    if path.name == SIDECAR or path.name.lower().startswith(_NOT_ARTICLES):
        return False
    suffix, _ = _suffixes(path)
    return suffix in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | PARQUET_SUFFIXES


def _file_ids(files: list[Path]) -> dict[Path, str]:
    """The id of each text/HTML file: its stem; its path without suffix when two files share a stem;
    its path with the file's whole name when two files in one folder do ("a.txt", "a.html")."""
    stems: dict[str, int] = {}
    for f in files:
        stems[_stem(f)] = stems.get(_stem(f), 0) + 1
    clashing = [os.path.abspath(f.parent) for f in files if stems[_stem(f)] > 1]
    # relative to the folders' common root, so ids do not depend on the working directory
    root = os.path.commonpath(clashing) if clashing else ""
    ids = {}
    for f in files:
        stem = _stem(f)
        if stems[stem] > 1:
            stem = Path(os.path.relpath(os.path.join(os.path.abspath(f.parent), stem), root)).as_posix()
        ids[f] = stem
    # "a.txt", "a.html" and "a.txt.gz" in one folder: the path still clashes, so the file name says it
    taken: dict[str, int] = {}
    for i in ids.values():
        taken[i] = taken.get(i, 0) + 1
    for f, i in ids.items():
        if taken[i] > 1:
            ids[f] = Path(os.path.relpath(os.path.abspath(f), root or os.path.abspath(f.parent))).as_posix()
    return ids


def iter_documents(paths: Iterable[str | os.PathLike], *, text_field: str = "text", id_field: str = "id",
                   url_field: str = "url", date_field: str = "published", title_field: str = "title",
                   published: str | None = None, max_bytes: int | None = None,
                   exclude: Iterable[str | os.PathLike] = ()) -> Iterator[InputDoc]:
    """Every document in `paths`, with metadata from sidecars, fields or `published`.

    Never raises for a bad file or record: it is yielded with `error` set.
    """
    files = expand_inputs(paths, exclude)
    ids = _file_ids([f for f in files if _suffixes(f)[0] not in JSONL_SUFFIXES | PARQUET_SUFFIXES])
    fields = (text_field, id_field, url_field, date_field, title_field, published)
    sidecars: dict[Path, dict[str, dict]] = {}
    for path in files:
        suffix, _ = _suffixes(path)
        if suffix in JSONL_SUFFIXES:
            yield from _guard_rows(path, _iter_jsonl(path, *fields, max_bytes=max_bytes))
        elif suffix in PARQUET_SUFFIXES:
            yield from _guard_rows(path, _iter_parquet(path, *fields))
        else:
            if path.parent not in sidecars:
                sidecars[path.parent] = read_sidecar(path.parent)
            yield _read_file(path, ids[path], sidecars[path.parent], published, html=suffix in HTML_SUFFIXES,
                             max_bytes=max_bytes)


def _guard_rows(path: Path, rows: Iterator[InputDoc]) -> Iterator[InputDoc]:
    """Rows of a multi-document file; a file that breaks while being read (corrupt gzip or
    Parquet) becomes one recorded failure for the rest of the file, not a crashed batch."""
    n = 0
    try:
        for doc in rows:
            n += 1
            yield doc
    except Exception as e:  # noqa: BLE001 - anything a broken file raises
        yield InputDoc(id=f"{_stem(path)}:unreadable-after-{n}", text=None, path=str(path),
                       error=(type(e).__name__, f"{path}: unreadable after {n} records: {e}"))


def _read_file(path: Path, doc_id: str, side: dict, published: str | None, html: bool,
               max_bytes: int | None = None) -> InputDoc:
    meta = side.get(path.name) or side.get(_stem(path)) or {}
    doc = InputDoc(id=doc_id, text=None, path=str(path), url=_str(meta.get("url")), title=_str(meta.get("title")),
                   published=iso_date(meta.get("published")) or published, meta=meta)
    try:
        data = _read_bytes(path, max_bytes)
        if not data.strip():
            raise EmptyDocument(f"{path}: empty file" if not data else f"{path}: only whitespace")
        if html:
            from .html import decode_html, html_to_document

            text, title, date = html_to_document(decode_html(data, str(path)), url=doc.url)
            if not text.strip():
                raise EmptyDocument(f"{path}: no article text found in the page")
            doc.title = doc.title or title
            doc.published = doc.published or iso_date(date)
        else:
            text = decode_bytes(data, str(path), doc.warnings)
        if not text.strip():
            raise EmptyDocument(f"{path}: only whitespace")
        doc.text = text
    except Exception as e:  # recorded per document, never fatal for the batch
        doc.error = (type(e).__name__, str(e))
    return doc


def _str(v) -> str | None:
    if v is None or (isinstance(v, float) and v != v):  # None or NaN from a dataframe
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))  # an integer column with nulls reaches pandas as floats: id 1, not "1.0"
    return str(v)


_ISO = regex.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_VIETNAM = datetime.timezone(datetime.timedelta(hours=7))  # no daylight saving
_DMY = regex.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def iso_date(value) -> str | None:
    """'YYYY-MM-DD' or 'YYYY-MM' from metadata (ISO strings with times, dd/mm/yyyy, dates, timestamps);
    None for anything else, an impossible day or month included ("2024-13-45"). A timestamp with a
    time zone gives its day in Việt Nam (UTC+7), where the articles are published."""
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat") and not isinstance(value, str):
        try:
            value = value.isoformat()
        except ValueError:  # NaT
            return None
    value = str(value).strip()
    m = _ISO.match(value)
    if m and len(value) > 10 and value[10] in "T ":
        # a timestamp: with a time zone, the day it was in Việt Nam ("2024-06-24T20:00:00Z" -> 2024-06-25)
        try:
            stamp = datetime.datetime.fromisoformat(value)
        except ValueError:
            stamp = None
        if stamp is not None and stamp.tzinfo is not None:
            return stamp.astimezone(_VIETNAM).date().isoformat()
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
        return m.group(0) if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1] else None
    m = _DMY.fullmatch(value.split(" ")[0])
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return None


def checked_published(value: str | None) -> str | None:
    """`value` when it is None, 'YYYY-MM-DD' or 'YYYY-MM' (a real day or month); else ValueError."""
    if value is None or (isinstance(value, str) and iso_date(value) == value):
        return value
    raise ValueError(f"published must be 'YYYY-MM-DD' or 'YYYY-MM', got {value!r}")


def _meta_from_row(row: dict, idx: int, path: Path, text_field, id_field, url_field, date_field,
                   title_field, published) -> InputDoc:
    rid = _str(row.get(id_field))
    rid = rid if rid else f"{_stem(path)}:{idx}"
    text = row.get(text_field)
    doc = InputDoc(id=rid, text=None, path=f"{path}:{idx}", url=_str(row.get(url_field)),
                   title=_str(row.get(title_field)), published=iso_date(row.get(date_field)) or published)
    if text_field not in row:
        doc.error = ("MissingText", f"{path} record {idx}: no field '{text_field}'")
    elif not isinstance(text, str):
        doc.error = ("MissingText", f"{path} record {idx}: field '{text_field}' is "
                                    f"{type(text).__name__}, not text")
    elif not text.strip():
        doc.error = ("EmptyDocument", f"{path} record {idx}: field '{text_field}' is empty")
    else:
        doc.text = text
    return doc


def _jsonl_lines(fh) -> Iterator[bytes]:
    """The file's lines as UTF-8 bytes: a UTF-8 byte-order mark is dropped, and a file opening
    with a UTF-16 one is decoded as UTF-16 (its line breaks are two bytes wide)."""
    head = fh.peek(4)[:4]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        for line in stdio.TextIOWrapper(fh, encoding="utf-16", errors="replace", newline=None):
            yield line.encode("utf-8")
        return
    lines = iter(fh)
    first = next(lines, None)
    if first is None:
        return
    yield first[len(codecs.BOM_UTF8):] if first.startswith(codecs.BOM_UTF8) else first
    yield from lines


def _is_our_output(row: dict, text_field: str) -> bool:
    """A row of reportminer's records (`schema_version`) or errors file (`error`, `message`)."""
    return text_field not in row and ("schema_version" in row or ("error" in row and "message" in row))


def _iter_jsonl(path: Path, *fields, max_bytes: int | None = None) -> Iterator[InputDoc]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        # a line is read whole (JSONL has no other framing); `max_bytes` bounds what is decoded
        first_row = True
        for idx, raw in enumerate(_jsonl_lines(fh), start=1):
            if not raw.strip():
                continue
            if max_bytes is not None and len(raw) > max_bytes:
                yield InputDoc(id=_line_id(raw, fields[1], path, idx), text=None, path=f"{path}:{idx}",
                               error=("DocumentTooLarge", f"{path} line {idx}: {len(raw)} bytes, more than "
                                                          f"the maximum document size"))
                continue
            try:
                notes: list[str] = []
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    line = decode_bytes(raw, f"{path} line {idx}", notes)
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError("line is not a JSON object")
            except ValueError as e:
                yield InputDoc(id=f"{_stem(path)}:{idx}", text=None, path=f"{path}:{idx}",
                               error=("MalformedLine", f"{path} line {idx}: {e}"))
                continue
            if first_row and _is_our_output(row, fields[0]):
                # an earlier run's records or errors file left among the articles: not input
                log.warning("%s: skipped, it holds reportminer output (records or errors), not articles", path)
                return
            first_row = False
            doc = _meta_from_row(row, idx, path, *fields)
            doc.warnings.extend(notes)
            yield doc


_ID_IN_LINE = regex.compile(rb'"id"\s*:\s*"([^"\\]{1,200})"')


def _line_id(raw: bytes, id_field: str, path: Path, idx: int) -> str:
    """The id of an oversized line without parsing it (first `"id": "..."` in it), else file:line."""
    if id_field == "id":
        m = _ID_IN_LINE.search(raw[:4096])
        if m:
            return m.group(1).decode("utf-8", errors="replace")
    return f"{_stem(path)}:{idx}"


def _iter_parquet(path: Path, text_field, id_field, url_field, date_field, title_field, published
                  ) -> Iterator[InputDoc]:
    import pyarrow.parquet as pq

    source = path
    if path.name.lower().endswith(".gz"):
        import io as _io

        with gzip.open(path, "rb") as fh:
            source = _io.BytesIO(fh.read())
    pf = pq.ParquetFile(source)
    present = set(pf.schema_arrow.names)
    wanted = [c for c in (text_field, id_field, url_field, date_field, title_field) if c in present]
    idx = 0
    for batch in pf.iter_batches(batch_size=256, columns=wanted):
        for row in batch.to_pylist():
            idx += 1
            yield _meta_from_row(row, idx, path, text_field, id_field, url_field, date_field, title_field,
                                 published)


# --------------------------------------------------------------------- writers

def record_json(record: ArticleRecord) -> str:
    """One JSONL line: deterministic (field order from the model, no floats formatting drift)."""
    return record.model_dump_json()


def read_records(path: str | os.PathLike) -> list[ArticleRecord]:
    """Records back from JSONL or Parquet written by reportminer, losslessly."""
    path = Path(path)
    if path.suffix == ".parquet" or path.is_dir():
        import pyarrow.parquet as pq

        table = pq.read_table(path, columns=["record"])
        # rows of failed documents (Dask output) have no record
        return [ArticleRecord.model_validate_json(s) for s in table.column("record").to_pylist() if s]
    out = []
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(ArticleRecord.model_validate_json(line))
    return out


def write_parquet_from_jsonl(jsonl: Path, out: Path, rows_per_group: int = 2000) -> None:
    """Parquet with one row per article: id, url, published and the full record as JSON.

    The `record` column makes the file lossless (`read_records`); the tidy
    per-entity tables come from `reportminer.frames.to_frames`. Written in row
    groups (memory stays bounded) to a temporary name, then renamed.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("id", pa.string()), ("url", pa.string()), ("published", pa.string()),
                        ("record", pa.string())])
    tmp = out.with_name(out.name + ".tmp")
    cols: dict[str, list] = {n: [] for n in schema.names}

    def flush(writer) -> None:
        writer.write_table(pa.table(cols, schema=schema))
        for v in cols.values():
            v.clear()

    with pq.ParquetWriter(tmp, schema) as writer, open(jsonl, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            obj = json.loads(line)
            cols["id"].append(obj["id"])
            cols["url"].append((obj.get("source") or {}).get("url"))
            cols["published"].append(obj.get("published"))
            cols["record"].append(line.rstrip("\n"))
            if len(cols["id"]) >= rows_per_group:
                flush(writer)
        if cols["id"]:
            flush(writer)
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
