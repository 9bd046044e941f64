"""Where extraction time goes: CPU per pipeline stage, or time inside each compiled pattern.

    .venv/bin/python benchmarks/profile.py stages [--passes 5]
    .venv/bin/python benchmarks/profile.py patterns [--passes 2] [--top 40]

Both run over the bundled sample corpus (corpora/, its heldout folders) and ../shared/corpora/dev
when present, after one warm-up pass (lexicons loaded, patterns compiled).

`stages` times each stage of `pipeline.stages()` with `time.process_time` and prints seconds,
share and Mchar/s per stage. `patterns` wraps `re.compile` and `regex.compile` before importing
reportminer, so that every pattern compiled by the library records the time spent inside its
match/search/finditer/... calls (each step of a finditer timed), and prints the costliest
patterns with the line of the library that compiled them. The wrapper adds its own overhead to
the total; the per-pattern times are what to compare. For figures that do not move with the
machine's load, count instructions instead (valgrind --tool=cachegrind --cache-sim=no).
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [ROOT / "corpora", *sorted((ROOT / "corpora").glob("heldout*")), ROOT.parent / "shared" / "corpora" / "dev"]


def corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for folder in FOLDERS for p in sorted(folder.glob("*.txt"))]
    if not texts:
        sys.exit("no .txt articles found in " + ", ".join(map(str, FOLDERS)))
    return texts


def profile_stages(passes: int) -> None:
    import reportminer
    from reportminer import pipeline
    from reportminer.model import ArticleRecord, Source
    from reportminer.text import Document

    texts = corpus()
    for t in texts:
        reportminer.extract(t, "2024-01-01")
    spent: collections.Counter = collections.Counter()
    clock = time.process_time
    t0 = clock()
    for _ in range(passes):
        for t in texts:
            a = clock()
            doc = Document(t, id="x", published="2024-01-01")
            spent["document"] += clock() - a
            record = ArticleRecord(id="x", source=Source(published="2024-01-01"), published="2024-01-01")
            for name, stage in pipeline.stages().items():
                a = clock()
                stage(doc, record)
                spent[name] += clock() - a
            a = clock()
            record.model_dump_json()
            spent["json"] += clock() - a
    total = clock() - t0
    chars = sum(map(len, texts)) * passes
    print(f"{len(texts)} articles x {passes} passes: {total:.2f} s CPU, {chars / total / 1e6:.3f} Mchar/s")
    for name, seconds in spent.most_common():
        print(f"  {name:14s} {seconds:6.2f} s {seconds / total * 100:4.0f}%  {chars / seconds / 1e6:7.2f} Mchar/s")


class _TimedPattern:
    """A compiled pattern that adds the time spent in its calls to `stats[key]`."""

    __slots__ = ("pattern_object", "key", "stats")

    def __init__(self, pattern_object, where: str, stats):
        self.pattern_object = pattern_object
        self.key = (type(pattern_object).__module__, where, pattern_object.pattern[:100])
        self.stats = stats

    def __getattr__(self, name):  # .pattern, .flags, .groupindex ...
        return getattr(self.pattern_object, name)

    def _timed(self, method: str, *args, **kwargs):
        t = time.perf_counter()
        result = getattr(self.pattern_object, method)(*args, **kwargs)
        entry = self.stats[self.key]
        entry[0] += time.perf_counter() - t
        entry[1] += 1
        return result

    def _timed_iter(self, matches):
        # each step timed on its own: callers often stop early, and draining the iterator
        # would charge the pattern for a scan that never happens
        entry = self.stats[self.key]
        entry[1] += 1
        while True:
            t = time.perf_counter()
            m = next(matches, None)
            entry[0] += time.perf_counter() - t
            if m is None:
                return
            yield m

    def finditer(self, *a, **k):
        return self._timed_iter(self.pattern_object.finditer(*a, **k))


def _timed_method(name: str):
    def method(self, *args, **kwargs):
        return self._timed(name, *args, **kwargs)
    method.__name__ = name
    return method


for _name in ("match", "search", "fullmatch", "findall", "sub", "subn", "split"):
    setattr(_TimedPattern, _name, _timed_method(_name))


def profile_patterns(passes: int, top: int) -> None:
    import re

    import regex

    if "reportminer" in sys.modules:
        sys.exit("reportminer must be imported after the compile functions are wrapped")
    stats: dict = collections.defaultdict(lambda: [0.0, 0])

    def wrap(compile_function):
        def timed_compile(pattern, flags=0, *args, **kwargs):
            if isinstance(pattern, _TimedPattern):
                return pattern
            compiled = compile_function(pattern, flags, *args, **kwargs)
            frames = [f for f in traceback.extract_stack() if "reportminer" in f.filename]
            where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
            return _TimedPattern(compiled, where, stats)
        return timed_compile

    re.compile, regex.compile = wrap(re.compile), wrap(regex.compile)
    import reportminer

    texts = corpus()
    for t in texts:
        reportminer.extract(t, "2024-01-01")
    stats.clear()
    t0 = time.perf_counter()
    for _ in range(passes):
        for t in texts:
            reportminer.extract(t, "2024-01-01")
    total = time.perf_counter() - t0
    inside = sum(s[0] for s in stats.values())
    print(f"{len(texts)} articles x {passes} passes: {total:.2f} s, of which {inside:.2f} s inside patterns")
    print(f"{'ms':>8} {'calls':>7} module compiled at                  pattern")
    for (module, where, pattern), (seconds, calls) in sorted(stats.items(), key=lambda kv: -kv[1][0])[:top]:
        print(f"{seconds * 1000:8.1f} {calls:7d} {module[:6]:6s} {where:28s} {pattern[:70]!r}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("stages", "patterns"))
    ap.add_argument("--passes", type=int, default=None, help="passes over the corpus (default 5 / 2)")
    ap.add_argument("--top", type=int, default=40, help="patterns to list")
    a = ap.parse_args(argv)
    if a.what == "stages":
        profile_stages(a.passes or 5)
    else:
        profile_patterns(a.passes or 2, a.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
