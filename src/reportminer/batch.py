"""Batch extraction: workers, per-document isolation, resume, error file, progress.

Output protocol (JSONL): records are appended to `OUT.part` in input order,
one complete line each; on success `OUT.part` is renamed to `OUT`. Failures
go to `OUT.errors.jsonl` (`id, source, error, message`). A rerun of the same
command reads the ids already in `OUT.part`/`OUT` and the errors file and only
processes the rest, so an interrupted run (Ctrl-C, kill -9) resumes without
duplicates. Every input document ends up exactly once in one of the two files.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .io import InputDoc, iter_documents
from .model import ErrorRecord

log = logging.getLogger("reportminer.batch")

DEFAULT_MAX_CHARS = 5_000_000
DEFAULT_TIME_BUDGET = 60.0


@dataclass
class Summary:
    articles: int = 0
    records: int = 0
    failures: int = 0
    skipped: int = 0
    seconds: float = 0.0
    chars: int = 0

    def line(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        return (f"articles {self.articles}  records {self.records}  failures {self.failures}  "
                f"resumed-skipped {self.skipped}  time {self.seconds:.1f}s  ({rate:.1f} articles/s)")


class DocumentTimeout(TimeoutError):
    """A document took longer than the per-document time budget."""


class DocumentTooLarge(ValueError):
    """A document is larger than the configured maximum size."""


def errors_path(out: Path) -> Path:
    name = out.name
    for suffix in (".jsonl", ".parquet"):
        if name.endswith(suffix):
            return out.with_name(name[: -len(suffix)] + ".errors.jsonl")
    return out.with_name(name + ".errors.jsonl")


def _process(doc: InputDoc, max_chars: int, time_budget: float) -> tuple[str, str, str]:
    """('ok', id, json line) or ('error', id, json line): never raises."""
    from . import api

    try:
        if doc.error is not None:
            raise _Recorded(*doc.error)
        if len(doc.text or "") > max_chars:
            raise DocumentTooLarge(f"{len(doc.text)} characters > maximum {max_chars}")
        with _time_limit(time_budget):
            record = api.extract(doc.text, published=doc.published, id=doc.id, url=doc.url, title=doc.title,
                                 path=doc.path)
        return "ok", doc.id, record.model_dump_json()
    except Exception as e:  # per-document isolation: the batch goes on
        cls = e.kind if isinstance(e, _Recorded) else type(e).__name__
        msg = e.msg if isinstance(e, _Recorded) else str(e)
        err = ErrorRecord(id=doc.id, source=doc.path, error=cls, message=msg[:2000])
        return "error", doc.id, err.model_dump_json()


class _Recorded(Exception):
    def __init__(self, kind: str, msg: str):
        super().__init__(msg)
        self.kind, self.msg = kind, msg


class _time_limit:
    """SIGALRM-based budget (main thread of a process); a no-op where unavailable."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.active = False

    def __enter__(self):
        if self.seconds and hasattr(signal, "setitimer") and _in_main_thread():
            self.old = signal.signal(signal.SIGALRM, self._raise)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.active = True

    def __exit__(self, *exc):
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)
        return False

    def _raise(self, *_):
        raise DocumentTimeout(f"exceeded the time budget of {self.seconds:g}s")


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _done_ids(path: Path) -> tuple[set[str], int]:
    """Ids of complete lines in a JSONL file, and the byte length of its complete part."""
    ids: set[str] = set()
    good = 0
    if not path.exists():
        return ids, 0
    with open(path, "rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break  # a line cut by an interruption: dropped and redone
            try:
                ids.add(str(json.loads(raw)["id"]))
            except (ValueError, KeyError, TypeError):
                break
            good += len(raw)
    return ids, good


def _worker_init() -> None:
    # warm the caches once per worker, not once per document
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from . import api

    api.extract("Sáng 29/06/2022, tại tỉnh Bến Tre.", id="warmup")


def _worker_task(args):
    doc, max_chars, budget = args
    return _process(doc, max_chars, budget)


def run_batch(inputs: Iterable[str | os.PathLike], output: str | os.PathLike, *, workers: int = 1,
              max_chars: int = DEFAULT_MAX_CHARS, time_budget: float = DEFAULT_TIME_BUDGET,
              published: str | None = None, progress: bool | None = None, read_options: dict | None = None,
              overwrite: bool = False) -> Summary:
    out = Path(output)
    parquet = out.suffix == ".parquet"
    jsonl_out = out.with_name(out.name + ".part.jsonl") if parquet else out
    part = jsonl_out.with_name(jsonl_out.name + ".part") if not parquet else jsonl_out
    err_path = errors_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)

    if overwrite:
        for p in (out, part, err_path):
            if p.exists():
                p.unlink()
    # resume: what is already written (final file or a part left by an interrupted run)
    done: set[str] = set()
    if not parquet and out.exists() and not part.exists():
        os.replace(out, part)  # reopen a finished run for appending; renamed back at the end
    ids, good = _done_ids(part)
    done |= ids
    if part.exists():
        with open(part, "r+b") as fh:
            fh.truncate(good)
    err_ids, err_good = _done_ids(err_path)
    if err_path.exists():
        with open(err_path, "r+b") as fh:
            fh.truncate(err_good)
    done |= err_ids

    summary = Summary()
    t0 = time.perf_counter()
    docs = iter_documents(inputs, published=published, **(read_options or {}))
    seen: set[str] = set()

    def todo() -> Iterator[tuple]:
        for d in docs:
            if d.id in seen:  # the same id twice in the input: keep the first, record the second
                d.error = ("DuplicateId", f"id {d.id!r} already seen in this input")
                d.id = f"{d.id}#dup{len(seen)}"
            seen.add(d.id)
            if d.id in done:
                summary.skipped += 1
                continue
            yield (d, max_chars, time_budget)

    show = sys.stderr.isatty() if progress is None else progress
    last_log = time.perf_counter()
    with open(part, "ab") as fh_out, open(err_path, "ab") as fh_err:
        if workers <= 1:
            results: Iterable = (_worker_task(a) for a in todo())
        else:
            import multiprocessing as mp

            ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
            pool = ctx.Pool(workers, initializer=_worker_init)
            results = pool.imap(_worker_task, todo(), chunksize=4)
        try:
            for status, _id, line in results:
                summary.articles += 1
                if status == "ok":
                    fh_out.write(line.encode("utf-8") + b"\n")
                    summary.records += 1
                else:
                    fh_err.write(line.encode("utf-8") + b"\n")
                    fh_err.flush()
                    summary.failures += 1
                now = time.perf_counter()
                if show and now - last_log > 0.5:
                    rate = summary.articles / (now - t0)
                    print(f"\r{summary.articles} articles  {rate:.1f}/s  failures {summary.failures}",
                          end="", file=sys.stderr, flush=True)
                    last_log = now
                elif not show and now - last_log > 10:
                    log.info("%d articles, %.1f/s, %d failures", summary.articles,
                             summary.articles / (now - t0), summary.failures)
                    last_log = now
        finally:
            fh_out.flush()
            if workers > 1:
                pool.terminate()
    if show:
        print(file=sys.stderr)
    if parquet:
        from .io import write_parquet_from_jsonl

        write_parquet_from_jsonl(part, out)
        part.unlink()
    else:
        os.replace(part, out)
    if err_path.exists() and err_path.stat().st_size == 0:
        err_path.unlink()
    summary.seconds = time.perf_counter() - t0
    return summary
