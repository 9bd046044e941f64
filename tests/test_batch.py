"""Batch runs: nothing lost, each id once, resume after Ctrl-C/kill -9, determinism, budgets, workers."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportminer import pipeline
from reportminer.batch import errors_path, parallel_map, run_batch
from reportminer.cli import main as cli_main
from reportminer.io import InputDoc, read_records


ARTICLE = "Sáng 29/06/2022, tại tỉnh Bến Tre, ông Nguyễn Văn An, Chủ tịch UBND tỉnh, dự Hội nghị."
SLOW, CRASH = "CHẬM_CHẬM", "SẬP_SẬP"


def _lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _planted_folder(root: Path) -> int:
    """A folder of good and bad inputs; returns how many documents it holds."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(6):
        (root / f"good{i}.txt").write_text(f"{ARTICLE} Bài {i}.", encoding="utf-8")
    (root / "legacy.txt").write_bytes(("Hµ Néi. " * 20).encode("cp1252"))
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text("  \n \n", encoding="utf-8")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (root / "garbage.txt").write_bytes(bytes(range(0x80, 0x100)) * 8)  # no encoding gives text
    (root / "huge.txt").write_text(ARTICLE * 100, encoding="utf-8")  # over --max-chars 2000
    (root / "page.html").write_text("<html><body><nav>Menu</nav></body></html>", encoding="utf-8")
    rows = [json.dumps({"id": "j1", "text": ARTICLE}), "{oops", json.dumps({"id": "j3"}),
            json.dumps({"id": "j1", "text": ARTICLE + " bản sao"}),  # duplicate id
            json.dumps({"id": "good0", "text": ARTICLE}),  # same id as a file
            json.dumps({"id": "j6", "text": "x" * 5000})]
    (root / "feed.jsonl.gz").write_bytes(gzip.compress(("\n".join(rows) + "\n").encode("utf-8")))
    return 6 + 7 + len(rows)


def _check_each_once(out: Path, n: int) -> tuple[list[dict], list[dict]]:
    recs, errs = _lines(out), _lines(errors_path(out))
    ids = [r["id"] for r in recs] + [e["id"] for e in errs]
    assert len(ids) == n
    assert len(set(ids)) == n, sorted(ids)
    return recs, errs


@pytest.mark.parametrize("workers", [1, 2])
def test_nothing_lost_every_document_exactly_once(tmp_path, workers):
    n = _planted_folder(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    s = run_batch([tmp_path / "in"], out, workers=workers, max_chars=2000, progress=False)
    recs, errs = _check_each_once(out, n)
    assert (s.articles, s.records, s.failures) == (n, len(recs), len(errs))
    kinds = {e["id"]: e["error"] for e in errs}
    assert kinds["empty"] == kinds["blank"] == kinds["page"] == "EmptyDocument"
    assert kinds["image"] == kinds["garbage"] == "UndecodableError"
    assert kinds["huge"] == kinds["j6"] == "DocumentTooLarge"
    assert kinds["feed:2"] == "MalformedLine" and kinds["j3"] == "MissingText"
    assert kinds["j1#dup2"] == kinds["good0#dup2"] == "DuplicateId"
    assert all(e["source"] and e["message"] for e in errs)
    assert "legacy" in {r["id"] for r in recs}


def test_cli_workers_1_and_2_are_byte_identical_and_rerun_is_idempotent(tmp_path, capsys):
    n = _planted_folder(tmp_path / "in")
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert cli_main(["extract", str(tmp_path / "in"), "-o", str(a), "--max-chars", "2000", "-q"]) == 0
    assert cli_main(["extract", str(tmp_path / "in"), "-o", str(b), "--max-chars", "2000", "-q",
                     "--workers", "2"]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert errors_path(a).read_bytes() == errors_path(b).read_bytes()
    before = a.read_bytes(), errors_path(a).read_bytes()
    s = run_batch([tmp_path / "in"], a, max_chars=2000, progress=False)
    assert (s.articles, s.skipped) == (0, n)
    assert (a.read_bytes(), errors_path(a).read_bytes()) == before
    assert "failures written to" in capsys.readouterr().err


def test_resume_adds_only_new_documents_and_output_stays_inside_input(tmp_path):
    folder = tmp_path / "in"
    n = _planted_folder(folder)
    out = folder / "out.jsonl"  # the output inside the input folder must not become an input
    run_batch([folder], out, max_chars=2000, progress=False)
    (folder / "new.txt").write_text(ARTICLE + " Mới.", encoding="utf-8")
    s = run_batch([folder], out, max_chars=2000, progress=False)
    assert (s.articles, s.records, s.skipped) == (1, 1, n)
    _check_each_once(out, n + 1)


def test_parquet_output_resumes_and_reads_back(tmp_path):
    folder = tmp_path / "in"
    n = _planted_folder(folder)
    out = tmp_path / "out.parquet"
    run_batch([folder], out, max_chars=2000, progress=False)
    first = read_records(out)
    (folder / "new.txt").write_text(ARTICLE, encoding="utf-8")
    s = run_batch([folder], out, max_chars=2000, progress=False)
    again = read_records(out)
    assert s.articles == 1 and again[:len(first)] == first and len(again) == len(first) + 1
    assert len(again) + len(_lines(errors_path(out))) == n + 1
    assert not list(tmp_path.glob("out.parquet.*"))


@pytest.fixture
def trouble_stage():
    """A stage that sleeps (with SIGALRM blocked, like a stuck C call) or kills its process on marker words."""
    def trouble(doc, record):
        if SLOW in doc.text:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM}) if "BLOCK" in doc.text else None
            try:
                time.sleep(30)
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
        if CRASH in doc.text:
            os._exit(3)

    saved = dict(pipeline.stages())
    pipeline.register_stage("trouble", trouble, after="source")
    yield
    pipeline.STAGES.clear()
    pipeline.STAGES.update(saved)


def _jsonl(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"id": f"t{i}", "text": t}) + "\n" for i, t in enumerate(texts)),
                    encoding="utf-8")
    return path


def test_time_budget_in_process(tmp_path, trouble_stage):
    src = _jsonl(tmp_path / "in.jsonl", [ARTICLE, SLOW, ARTICLE])
    t0 = time.monotonic()
    s = run_batch([src], tmp_path / "o.jsonl", time_budget=0.5, progress=False)
    assert time.monotonic() - t0 < 10
    errs = _lines(tmp_path / "o.errors.jsonl")
    assert (s.records, [(e["id"], e["error"]) for e in errs]) == (2, [("t1", "DocumentTimeout")])


def test_stuck_and_crashing_workers_are_replaced(tmp_path, trouble_stage):
    texts = [ARTICLE, SLOW + " BLOCK", ARTICLE, CRASH, ARTICLE, ARTICLE]
    src = _jsonl(tmp_path / "in.jsonl", texts)
    t0 = time.monotonic()
    s = run_batch([src], tmp_path / "o.jsonl", workers=2, time_budget=0.5, progress=False)
    assert time.monotonic() - t0 < 15
    errs = {e["id"]: e["error"] for e in _lines(tmp_path / "o.errors.jsonl")}
    assert errs == {"t1": "DocumentTimeout", "t3": "WorkerCrashed"}
    assert [r["id"] for r in _lines(tmp_path / "o.jsonl")] == ["t0", "t2", "t4", "t5"]
    assert s.records == 4


def test_parallel_map_reads_input_lazily():
    consumed = 0

    def docs():
        nonlocal consumed
        for i in range(200):
            consumed += 1
            yield InputDoc(id=f"d{i}", text=ARTICLE)

    results = parallel_map(docs(), workers=2, max_chars=10**6, budget=10, window=6)
    first = next(results)
    assert first[1] == "d0"
    assert consumed <= 6 + 1  # the window, not the whole input
    rest = list(results)
    assert [r[1] for r in rest] == [f"d{i}" for i in range(1, 200)] and consumed == 200


def test_progress_lines_when_not_a_terminal(tmp_path, capsys):
    src = _jsonl(tmp_path / "in.jsonl", [ARTICLE] * 5)
    run_batch([src], tmp_path / "o.jsonl", progress=None, log_every=0)
    err = capsys.readouterr().err
    assert "articles/s" in err and "\r" not in err


_SLOW_CLI = """
import sys, time
from reportminer import pipeline
pipeline.register_stage("slow", lambda doc, rec: time.sleep(0.01), after="source")
from reportminer.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_kill_9_mid_run_then_resume_gives_the_uninterrupted_output(tmp_path):
    texts = [f"{ARTICLE} Bài số {i}." for i in range(400)] + ["", "{"]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"k{i}", "text": t}) + "\n" for i, t in enumerate(texts[:-1]))
                   + "{broken\n", encoding="utf-8")
    clean = tmp_path / "clean.jsonl"
    assert cli_main(["extract", str(src), "-o", str(clean), "-q"]) == 0
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-c", _SLOW_CLI, "extract", str(src), "-o", str(out), "-q", "--workers", "2"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    part = tmp_path / "out.jsonl.part"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not part.exists() or part.stat().st_size < 20000):
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert len(workers) == 2
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert part.exists() and not out.exists()
    done_before = len(part.read_bytes().splitlines())
    assert 0 < done_before < len(texts)
    # rerun the same command (without the slowdown): only the rest is processed
    s_out = subprocess.run([sys.executable, "-m", "reportminer.cli", "extract", str(src), "-o", str(out), "-q",
                            "--workers", "2"], capture_output=True, text=True, timeout=120)
    assert s_out.returncode == 0, s_out.stderr
    assert out.read_bytes() == clean.read_bytes()
    assert errors_path(out).read_bytes() == errors_path(clean).read_bytes()
    assert "resumed-skipped 0" not in s_out.stderr
    # the killed run's workers noticed they were orphaned and left
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers)


def _children(pid: int) -> list[int]:
    import psutil

    try:
        return [c.pid for c in psutil.Process(pid).children()]
    except psutil.NoSuchProcess:
        return []


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_documents_queued_behind_a_crash_are_not_lost(trouble_stage):
    # one worker holds the crashing document and the next one queued behind it: the next one
    # must go to the fresh worker and succeed
    docs = [InputDoc(id=f"q{i}", text=t) for i, t in enumerate([ARTICLE, CRASH, ARTICLE, CRASH, ARTICLE])]
    results = list(parallel_map(iter(docs), workers=1, max_chars=10**6, budget=10))
    assert [(r[0], r[1]) for r in results] == [("ok", "q0"), ("error", "q1"), ("ok", "q2"), ("error", "q3"),
                                               ("ok", "q4")]
    assert all("WorkerCrashed" in r[2] for r in results if r[0] == "error")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_skip_switches_stages_off_in_batch_and_workers(tmp_path, workers):
    from reportminer import extract

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert cli_main(["extract", str(tmp_path / "in"), "-o", str(out), "-q", "--workers", workers,
                     "--skip", "events", "--skip", "persons"]) == 0
    (rec,) = _lines(out)
    full = json.loads(extract(ARTICLE, id="a").model_dump_json())
    assert full["events"] and full["persons"]  # the article has both: the skip is what removed them
    assert rec["events"] == rec["persons"] == []
    assert rec["places"] == full["places"] and rec["dates"] == full["dates"]


def test_unknown_stage_to_skip_is_a_usage_error_not_a_silent_full_run(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert cli_main(["extract", str(tmp_path / "a.txt"), "-o", str(out), "-q", "--skip", "event"]) == 2
    assert "unknown stages to skip ['event']" in capsys.readouterr().err
    assert not out.exists()


def test_extract_rejects_an_unknown_stage_to_skip():
    from reportminer import extract

    with pytest.raises(ValueError, match="unknown stages to skip"):
        extract(ARTICLE, skip={"organisations"})  # the stage is spelt "organizations"
    assert extract(ARTICLE).organizations and not extract(ARTICLE, skip={"organizations"}).organizations
    # one stage named by a str is that stage, not its letters
    assert not extract(ARTICLE, skip="organizations").organizations
    with pytest.raises(ValueError, match=r"unknown stages to skip \['organisations'\]"):
        extract(ARTICLE, skip="organisations")


@pytest.mark.parametrize("args,complaint", [
    (["--published", "garbage"], "published must be 'YYYY-MM-DD' or 'YYYY-MM'"),
    (["--published", "2024-13-45"], "published must be 'YYYY-MM-DD' or 'YYYY-MM'"),
    (["--workers", "-3"], "--workers must be 0 (all cores) or more"),
    (["-o", "OUT.txt"], "the output must end in .jsonl, .ndjson, .parquet"),
])
def test_bad_arguments_are_usage_errors_before_any_work(tmp_path, capsys, args, complaint):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = ["extract", str(tmp_path / "a.txt"), "-o", str(out), "-q", *args]
    argv = [str(tmp_path / a) if a == "OUT.txt" else a for a in argv]
    with pytest.raises(SystemExit) as e:
        cli_main(argv)
    assert e.value.code == 2
    assert complaint in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [tmp_path / "a.txt"]


def test_extract_refuses_an_impossible_publication_date_and_keeps_a_month():
    from reportminer import extract

    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        extract(ARTICLE, published="2024-13-45")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        extract(ARTICLE, published="25/06/2024")
    assert extract(ARTICLE, published="2024-06").published == "2024-06"
