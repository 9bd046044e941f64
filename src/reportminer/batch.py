"""Batch extraction: workers, per-document isolation, resume, error file, progress.

Output protocol (JSONL): records are appended to `OUT.part` in input order,
one complete line each; on success `OUT.part` is renamed to `OUT` (Parquet:
converted, then renamed), so a final file is never half-written. Failures go
to `OUT.errors.jsonl` (`id, source, error, message`). A rerun of the same
command reads the ids already in `OUT.part`/`OUT` and the errors file and only
processes the rest, so an interrupted run (Ctrl-C, kill -9) resumes without
duplicates, and the result is byte-identical to an uninterrupted run. Every
input document ends up exactly once in one of the two files.

Workers are processes fed one document at a time over a pipe, with a bounded
number of documents in flight (the input is streamed, never read ahead), and a
hard per-document time limit: a worker stuck past it is killed and replaced.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import sys
import time
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .io import DocumentTooLarge, InputDoc, iter_documents
from .model import ErrorRecord

log = logging.getLogger("reportminer.batch")

DEFAULT_MAX_CHARS = 5_000_000
DEFAULT_TIME_BUDGET = 60.0
# documents in flight per worker: enough to keep workers busy, small enough to bound memory
IN_FLIGHT_PER_WORKER = 4


@dataclass
class Summary:
    articles: int = 0
    records: int = 0
    failures: int = 0
    skipped: int = 0
    seconds: float = 0.0
    chars: int = 0
    interrupted: bool = False

    def line(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        return (f"articles {self.articles}  records {self.records}  failures {self.failures}  "
                f"resumed-skipped {self.skipped}  time {self.seconds:.1f}s  ({rate:.1f} articles/s)")

    def to_dict(self) -> dict:
        return asdict(self)


class DocumentTimeout(TimeoutError):
    """A document took longer than the per-document time budget."""


def errors_path(out: Path) -> Path:
    out = Path(out)
    name = out.name
    for suffix in (".jsonl", ".parquet"):
        if name.endswith(suffix):
            return out.with_name(name[: -len(suffix)] + ".errors.jsonl")
    return out.with_name(name + ".errors.jsonl")


# ------------------------------------------------------------------ one document

Result = tuple[str, str, str, int]  # ('ok'|'error', id, JSON line, characters)


def _error_line(doc: InputDoc, kind: str, msg: str) -> str:
    return ErrorRecord(id=doc.id, source=doc.path, error=kind, message=msg[:2000]).model_dump_json()


def _process(doc: InputDoc, max_chars: int, time_budget: float, extra_stages: tuple[str, ...] = (),
             skip: tuple[str, ...] = ()) -> Result:
    """('ok', id, record line, chars) or ('error', id, error line, chars): never raises."""
    from . import api

    n = len(doc.text or "")
    try:
        if doc.error is not None:
            return "error", doc.id, _error_line(doc, *doc.error), n
        if n > max_chars:
            raise DocumentTooLarge(f"{n} characters, more than the maximum of {max_chars} (--max-chars)")
        with _time_limit(time_budget):
            record = api.extract_input(doc, skip=skip, extra_stages=extra_stages)
        return "ok", doc.id, record.model_dump_json(), n
    except Exception as e:  # per-document isolation: the batch goes on
        return "error", doc.id, _error_line(doc, type(e).__name__, str(e) or type(e).__name__), n


class _time_limit:
    """SIGALRM-based budget (main thread of a process); a no-op where unavailable."""

    def __init__(self, seconds: float | None):
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


def warm_up() -> None:
    """Load every lexicon and compile every pattern once (per process, before the first document)."""
    from . import api

    try:
        api.extract("Sáng 29/06/2022, tại tỉnh Bến Tre, ông Nguyễn Văn A, Chủ tịch UBND tỉnh, dự Hội nghị "
                    "với 1,8 tỷ đồng.", id="warmup", published="2022-06-30")
    except Exception as e:  # noqa: BLE001 - each document will then fail and say why
        log.warning("warm-up extraction failed: %s: %s", type(e).__name__, e)


# ------------------------------------------------------------------ process pool

def _worker_main(conn, max_chars: int, budget: float, extra_stages: tuple[str, ...] = (),
                 skip: tuple[str, ...] = ()) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    parent = os.getppid()
    warm_up()
    while True:
        try:
            # forked siblings hold copies of our pipe, so a parent killed with -9 may never
            # close it for us: notice the orphaning instead
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        seq, doc = msg
        conn.send((seq, _process(doc, max_chars, budget, extra_stages, skip)))


# A worker holds its current document and, when small enough to sit in the pipe's buffer
# without blocking the parent's send, the next one: it starts on it without waiting for the
# parent to be scheduled (on 2 cores the parent shares a core with the workers).
QUEUE_DEPTH = 2
QUEUE_MAX_CHARS = 16_000  # <= 48 KB of UTF-8 pickled: below Linux's 64 KiB pipe buffer


class _Worker:
    def __init__(self, ctx, max_chars: int, budget: float, extra_stages: tuple[str, ...] = (),
                 skip: tuple[str, ...] = ()):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, max_chars, budget, extra_stages, skip),
                                daemon=True)
        self.proc.start()
        child.close()
        self.tasks: deque[tuple[int, InputDoc]] = deque()  # sent, not answered; the head is running
        self.since = 0.0  # when the head task started

    def can_take(self, doc: InputDoc) -> bool:
        if not self.tasks:
            return True
        return len(self.tasks) < QUEUE_DEPTH and len(doc.text or "") <= QUEUE_MAX_CHARS

    def give(self, seq: int, doc: InputDoc) -> None:
        if not self.tasks:
            self.since = time.monotonic()
        self.tasks.append((seq, doc))
        self.conn.send((seq, doc))

    def done(self, seq: int) -> None:
        got, _ = self.tasks.popleft()
        assert got == seq
        self.since = time.monotonic()  # the next queued document starts now

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.proc.join(timeout=2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=5)
        self.conn.close()


def hard_limit(budget: float | None) -> float | None:
    """Wall time after which a worker is killed: the soft budget (which raises inside the worker)
    plus a grace period, for code that does not return to Python (a stuck C call)."""
    if not budget:
        return None
    return budget + max(2.0, 0.5 * budget)


def parallel_map(docs: Iterable[InputDoc], workers: int, max_chars: int, budget: float | None,
                 window: int | None = None, extra_stages: tuple[str, ...] = (),
                 skip: tuple[str, ...] = ()) -> Iterator[Result]:
    """`_process` over `docs` in `workers` processes; results in input order.

    At most `window` documents are read from `docs` ahead of the next result
    to emit, so memory stays bounded whatever the input size. A worker that
    dies or overruns the hard limit is replaced and the document it was on
    recorded as failed (`WorkerCrashed`, `DocumentTimeout`); documents queued
    behind it go to the fresh worker.
    """
    import multiprocessing as mp
    from multiprocessing.connection import wait

    window = window or workers * IN_FLIGHT_PER_WORKER
    fork = sys.platform.startswith("linux")
    ctx = mp.get_context("fork" if fork else "spawn")
    if fork:
        warm_up()  # children inherit the loaded lexicons and compiled patterns
    limit = hard_limit(budget)
    pool = [_Worker(ctx, max_chars, budget, extra_stages, skip) for _ in range(workers)]
    pending: dict[int, Result] = {}
    it = iter(docs)
    seq = next_out = 0
    held: InputDoc | None = None  # read from the input, waiting for a worker that can take it
    exhausted = False

    def replace(i: int) -> _Worker:
        """Restart worker i; documents queued behind its failed head go to the new worker."""
        old = pool[i]
        queued = list(old.tasks)[1:]
        old.stop(kill=True)
        pool[i] = fresh = _Worker(ctx, max_chars, budget, extra_stages, skip)
        for qseq, qdoc in queued:
            fresh.give(qseq, qdoc)
        return fresh

    try:
        while True:
            progress = True
            while progress and not exhausted and seq < next_out + window:
                progress = False
                if held is None:
                    try:
                        held = next(it)
                    except StopIteration:
                        exhausted = True
                        break
                # the least loaded worker that can take it
                for i, w in sorted(enumerate(pool), key=lambda iw: len(iw[1].tasks)):
                    if w.can_take(held):
                        try:
                            w.give(seq, held)
                        except OSError:  # the worker died: a fresh one takes its documents and this one
                            w = replace(i)
                            w.give(seq, held)
                        seq += 1
                        held = None
                        progress = True
                        break
            busy = [w for w in pool if w.tasks]
            if not busy:
                if exhausted and held is None:
                    break
                # nothing running yet documents waiting: cannot happen, an idle worker takes any
                # document; guard against a spin anyway
                raise RuntimeError("batch scheduler stalled")  # pragma: no cover
            ready = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=0.25))
            now = time.monotonic()
            for i, w in enumerate(pool):
                if not w.tasks:
                    continue
                hseq, hdoc = w.tasks[0]
                if w.conn in ready or w.proc.sentinel in ready:
                    try:
                        while w.tasks and w.conn.poll():
                            got_seq, result = w.conn.recv()
                            w.done(got_seq)
                            pending[got_seq] = result
                    except (EOFError, OSError):
                        hseq, hdoc = w.tasks[0]
                        code = w.proc.exitcode
                        pending[hseq] = ("error", hdoc.id, _error_line(hdoc, "WorkerCrashed",
                                         f"the worker process died (exit code {code}) on this document"),
                                         len(hdoc.text or ""))
                        replace(i)
                        continue
                    if w.proc.sentinel in ready and w.tasks and not w.proc.is_alive():
                        hseq, hdoc = w.tasks[0]
                        pending[hseq] = ("error", hdoc.id, _error_line(hdoc, "WorkerCrashed",
                                         f"the worker process died (exit code {w.proc.exitcode}) on this "
                                         "document"), len(hdoc.text or ""))
                        replace(i)
                elif limit is not None and now - w.since > limit:
                    pending[hseq] = ("error", hdoc.id, _error_line(hdoc, "DocumentTimeout",
                                     f"exceeded the hard time limit of {limit:g}s; worker killed"),
                                     len(hdoc.text or ""))
                    replace(i)
            while next_out in pending:
                yield pending.pop(next_out)
                next_out += 1
    finally:
        for w in pool:
            w.stop(kill=bool(w.tasks))


# ------------------------------------------------------------------ resume bookkeeping

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


def _truncate(path: Path, size: int) -> None:
    if path.exists() and path.stat().st_size != size:
        with open(path, "r+b") as fh:
            fh.truncate(size)


def _parquet_to_jsonl(parquet: Path, jsonl: Path) -> None:
    """Reopen a finished Parquet output for appending: its `record` column back to JSONL lines."""
    import pyarrow.parquet as pq

    tmp = jsonl.with_name(jsonl.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        pf = pq.ParquetFile(parquet)
        for batch in pf.iter_batches(columns=["record"], batch_size=1024):
            for line in batch.column(0).to_pylist():
                fh.write(line + "\n")
    os.replace(tmp, jsonl)


def _dedupe_ids(docs: Iterable[InputDoc]) -> Iterator[InputDoc]:
    """The same id twice in the input: the first is processed, later ones are recorded
    failures under `ID#dup2`, `ID#dup3`... (stable across reruns, so resume still works)."""
    seen: set[str] = set()
    count: dict[str, int] = {}
    for d in docs:
        if d.id in seen:
            n = count.get(d.id, 1) + 1
            count[d.id] = n
            first = d.id
            d.id = f"{first}#dup{n}"
            d.error = ("DuplicateId", f"id {first!r} already seen earlier in this input ({d.path})")
        seen.add(d.id)
        yield d


# ------------------------------------------------------------------ progress

class _Progress:
    """A one-line live counter on a terminal; plain log lines every `every` seconds otherwise."""

    def __init__(self, mode: bool | None, every: float, summary: Summary, t0: float):
        self.live = sys.stderr.isatty() if mode is None else bool(mode)
        self.plain = mode is None and not self.live
        self.every = 0.2 if self.live else every
        self.summary, self.t0 = summary, t0
        self.last = t0

    def tick(self, force: bool = False) -> bool:
        now = time.perf_counter()
        if not force and now - self.last < self.every:
            return False
        self.last = now
        s, el = self.summary, max(now - self.t0, 1e-9)
        text = (f"{s.articles} articles  {s.articles / el:.1f} articles/s  {s.chars / el / 1e6:.2f} MB/s  "
                f"failures {s.failures}  {el:.0f}s")
        if self.live:
            print(f"\r{text}   ", end="", file=sys.stderr, flush=True)
        elif self.plain:
            print(f"reportminer: {text}", file=sys.stderr, flush=True)
        return True

    def close(self) -> None:
        if self.live:
            self.tick(force=True)
            print(file=sys.stderr)


# ------------------------------------------------------------------ the batch

def run_batch(inputs: Iterable[str | os.PathLike], output: str | os.PathLike, *, workers: int = 1,
              max_chars: int = DEFAULT_MAX_CHARS, time_budget: float = DEFAULT_TIME_BUDGET,
              published: str | None = None, progress: bool | None = None, read_options: dict | None = None,
              overwrite: bool = False, log_every: float = 10.0,
              documents: Callable[[], Iterable[InputDoc]] | None = None,
              extra_stages: Iterable[str] = (), skip: Iterable[str] = ()) -> Summary:
    """Extract every document of `inputs` into `output` (.jsonl or .parquet), resumably.

    `progress`: None = live counter on a terminal, periodic lines otherwise;
    False = silent. `documents` replaces the file readers (a callable returning
    `InputDoc`s), for callers that stream documents from elsewhere. `extra_stages`
    adds optional stages (`("ner_backoff",)`: underthesea's NER back-off, slower);
    `skip` switches stages off (`("events",)`: entities only, faster). A resumed
    run keeps the records already written, whatever stages made them.
    """
    from .pipeline import checked_stage_choice

    extra_stages, skip = checked_stage_choice(extra_stages, skip)
    out = Path(output)
    parquet = out.suffix.lower() == ".parquet"
    part = out.with_name(out.name + ".part.jsonl") if parquet else out.with_name(out.name + ".part")
    err_path = errors_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)

    if overwrite:
        for p in (out, part, err_path):
            if p.exists():
                p.unlink()
    # resume: reopen a finished output, or continue the part an interrupted run left
    if out.exists() and not part.exists():
        if parquet:
            _parquet_to_jsonl(out, part)
        else:
            os.replace(out, part)
    elif out.exists():
        log.warning("%s and %s both exist: continuing %s", out, part, part)
    done, good = _done_ids(part)
    _truncate(part, good)
    err_ids, err_good = _done_ids(err_path)
    _truncate(err_path, err_good)
    done |= err_ids

    summary = Summary()
    t0 = time.perf_counter()
    if documents is not None:
        source = documents()
    else:
        source = iter_documents(inputs, published=published, max_bytes=4 * max_chars + 4,
                                exclude=(out, part, err_path), **(read_options or {}))

    def todo() -> Iterator[InputDoc]:
        for d in _dedupe_ids(source):
            if d.id in done:
                summary.skipped += 1
                continue
            yield d

    bar = _Progress(progress, log_every, summary, t0)
    results: Iterable[Result]
    if workers <= 1:
        results = (_process(d, max_chars, time_budget, extra_stages, skip) for d in todo())
    else:
        results = parallel_map(todo(), workers, max_chars, time_budget, extra_stages=extra_stages, skip=skip)
    with open(part, "ab") as fh_out, open(err_path, "ab") as fh_err:
        try:
            for status, _id, line, nchars in results:
                summary.articles += 1
                summary.chars += nchars
                if status == "ok":
                    fh_out.write(line.encode("utf-8") + b"\n")
                    summary.records += 1
                else:
                    fh_err.write(line.encode("utf-8") + b"\n")
                    summary.failures += 1
                if bar.tick():
                    fh_out.flush()
                    fh_err.flush()
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            if hasattr(results, "close"):
                results.close()  # stops the workers
    bar.close()
    summary.seconds = time.perf_counter() - t0
    if summary.interrupted:
        return summary  # the part file stays; the same command resumes
    if parquet:
        from .io import write_parquet_from_jsonl

        write_parquet_from_jsonl(part, out)
        part.unlink()
    else:
        os.replace(part, out)
    if err_path.exists() and err_path.stat().st_size == 0:
        err_path.unlink()
    return summary
