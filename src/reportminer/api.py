"""The public verbs: extract one article, extract many."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Iterable, Iterator

from .io import checked_published
from .model import ArticleRecord, Source
from .text import Document, canonical_with_map, remap_mentions

log = logging.getLogger(__name__)


def extract(text: str, published: str | None = None, *, id: str = "doc", url: str | None = None,
            title: str | None = None, path: str | None = None, skip: Iterable[str] = (),
            extra_stages: Iterable[str] = ()) -> ArticleRecord:
    """One article's text -> `ArticleRecord`.

    `published` ("YYYY-MM-DD" or "YYYY-MM") resolves dates written without a
    year when the text gives none. Offsets in the record point into `text`.
    `skip` switches stages off (see `reportminer.pipeline.stages()`);
    `extra_stages=("ner_backoff",)` adds underthesea's NER as a vouched back-off
    for people (slower; see `reportminer.recognize.ner_backoff`).
    """
    from . import pipeline

    if not isinstance(text, str):
        raise TypeError(f"extract() wants str, got {type(text).__name__}")
    checked_published(published)
    # the stages run on the canonical text (NFC, single spaces, LF), so NFD, double-spaced or
    # CRLF input gives the same values as the plain form; offsets are then moved into `text`
    canon, origin = canonical_with_map(text)
    doc = Document(canon, id=id, published=published)
    source = Source(path=path, url=url, title=title, published=published)
    record = pipeline.run(doc, source, skip=skip, extra_stages=extra_stages)
    if origin is not None:
        remap_mentions(record, text, origin)
    return record


def extract_input(doc, skip: Iterable[str] = (), extra_stages: Iterable[str] = ()) -> ArticleRecord:
    """The record of a document read from an archive (`io.InputDoc`): its metadata passed on, and
    what reading it involved (a legacy encoding guessed ...) among the record's warnings."""
    record = extract(doc.text, doc.published, id=doc.id, url=doc.url, title=doc.title, path=doc.path,
                     skip=skip, extra_stages=extra_stages)
    record.warnings.extend(doc.warnings)
    return record


def _is_glob(s: str) -> bool:
    """A str naming files by pattern ("archive/*.txt") rather than article text."""
    import glob

    return any(c in s for c in "*?[") and bool(glob.glob(s, recursive=True))


_PATH_ENDINGS = ("/", "\\", ".txt", ".html", ".htm", ".jsonl", ".ndjson", ".parquet", ".gz")


def _looks_like_a_path(s: str) -> bool:
    """A str with no white space ending like a folder or an input file: a mistyped path, not an
    article (which has spaces), so an error rather than a record made of the path."""
    return bool(s) and not any(c.isspace() for c in s) and s.lower().endswith(_PATH_ENDINGS)


def extract_many(items: Iterable[str | os.PathLike | dict], published: str | None = None,
                 **read_options) -> Iterator[ArticleRecord]:
    """Records for many articles, streamed.

    Items may be texts (str), paths (files, folders, globs; `pathlib.Path` or a
    str naming an existing path) or dicts with `text` and optional `id`, `url`,
    `title`, `published`. Unreadable files are skipped with a warning in the log
    (use `reportminer.batch.run_batch` for an errors file); a str that looks like
    a path (no spaces, ending in "/" or an input suffix) but names nothing raises
    FileNotFoundError.
    """
    from .io import iter_documents

    for n, item in enumerate(items):
        if isinstance(item, dict):
            yield extract(item["text"], item.get("published") or published, id=str(item.get("id", n)),
                          url=item.get("url"), title=item.get("title"))
        elif isinstance(item, Path) or (isinstance(item, str) and len(item) < 4096 and "\n" not in item
                                         and (os.path.exists(item) or _is_glob(item))):
            for d in iter_documents([item], published=published, **read_options):
                if d.error is None:
                    yield extract_input(d)
                else:
                    log.warning("skipped %s (%s): %s", d.path, d.error[0], d.error[1])
        elif isinstance(item, str) and _looks_like_a_path(item):
            raise FileNotFoundError(f"no file, folder or glob match for {item!r} (pass text with spaces "
                                    "or a dict {'text': ...} to extract a one-word text)")
        else:
            yield extract(item, published, id=str(n))
