"""Pathological input: every recogniser stays linear; any Unicode gives a schema-valid record."""
from __future__ import annotations

import json
import time

import pytest
import regex
from hypothesis import HealthCheck, given, settings, strategies as st

import reportminer as rm

# (name, text), about 100k characters each: runs that make backtracking or quadratic loops show up
ADVERSARIAL = [
    ("digits", "1234567890" * 10_000),
    ("dots", "." * 100_000),
    ("commas", "," * 100_000),
    ("number_list", ",".join(["1"] * 50_000)),
    ("thousands", "1.000." * 20_000),
    ("capitalised", "Nguyễn Văn An Hà Nội Bến Tre Liên Hiệp " * 2_500),
    ("lien_hiep", "Liên hiệp " * 10_000),
    ("no_spaces", "Việt" * 250_000),  # 1 MB without a space
    ("ong", "ông " * 50_000),
    ("ngay", "ngày 1/" * 15_000),
    ("money_words", "tỷ đồng triệu USD " * 5_000),
    ("titles", "Phó Chủ tịch Ủy ban nhân dân tỉnh " * 3_000),
    ("brackets", "(" * 50_000 + ")" * 50_000),
    ("dashes", "- " * 50_000),
    ("newlines", "\n" * 100_000),
    ("abbrev", "TP. " * 25_000),
    ("quotes", '"Hội nghị ' * 10_000),
]

# extraction does far more than one scan; this factor only catches super-linear blow-ups
# (and pathologically slow linear code)
FACTOR = 1000


def _scan_seconds(text: str) -> float:
    """A plain linear pass over the same text: a word scan plus a split."""
    t0 = time.perf_counter()
    for _ in range(3):
        regex.findall(r"\w+", text)
        len(text.split())
    return (time.perf_counter() - t0) / 3


def _timed_extract(text: str, limit: float) -> float | None:
    """Seconds `extract` takes in a forked child, or None when it overruns `limit` (then killed),
    so a super-linear recogniser fails the test quickly instead of hanging the suite."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def child():
        t0 = time.perf_counter()
        rec = rm.extract(text, published="2022-06-30")
        rm.ArticleRecord.model_validate_json(rec.model_dump_json())
        send.send(time.perf_counter() - t0)

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    took = recv.recv() if recv.poll(limit) else None
    proc.kill()
    proc.join()
    return took


@pytest.mark.slow
@pytest.mark.parametrize("name,text", ADVERSARIAL, ids=[n for n, _ in ADVERSARIAL])
def test_extraction_time_is_linear_in_a_plain_scan(name, text):
    rm.extract("Sáng 29/06/2022 tại Bến Tre.")  # lexicons loaded before the fork, outside the measure
    bound = FACTOR * max(_scan_seconds(text), 0.001)
    took = _timed_extract(text, bound)
    assert took is not None and took < bound, (
        f"{name}: extract took {'more than ' if took is None else ''}{took or bound:.2f}s, "
        f"bound {bound:.2f}s ({FACTOR}x a plain scan of {len(text)} chars)")
    # growth: a quarter of the text must cost clearly more than a sixteenth of the time
    quarter = _timed_extract(text[: len(text) // 4], bound)
    assert took < 8 * quarter + 0.25, (
        f"{name}: 4x the text took {took / max(quarter, 1e-9):.1f}x the time ({quarter:.2f}s -> {took:.2f}s): "
        f"super-linear")


@pytest.mark.slow
def test_doubling_the_input_does_not_quadruple_the_time():
    """Growth check on a realistic mix: 4x the text must cost well under 16x."""
    unit = ("Sáng 29/06/2022, tại tỉnh Bến Tre, ông Nguyễn Văn An, Chủ tịch UBND tỉnh, dự Hội nghị "
            "với tổng kinh phí 1,8 tỷ đồng. ")
    def cost(n):
        text = unit * n
        t0 = time.perf_counter()
        rm.extract(text)
        return time.perf_counter() - t0
    cost(50)
    small, big = cost(200), cost(800)  # about 26k and 104k characters
    assert big < 8 * small + 0.3, f"4x the text took {big / small:.1f}x the time ({small:.2f}s -> {big:.2f}s)"


def _validator():
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - dev extra present in CI
        return lambda obj: rm.ArticleRecord.model_validate(obj)
    from reportminer.schema import schema

    v = jsonschema.Draft202012Validator(schema())
    return v.validate


VALIDATE = _validator()

_VI = st.text(alphabet=st.sampled_from(list("aăâđeêoôơuưyàáảãạềếểễệờớởỡợừứửữựÀÁĐƠƯ0123456789 .,;:/-()\"'\n"
                                            "ÔngBàTPHCMUBNDLiênhiệptỷđồngngày")), max_size=300)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), _VI), st.one_of(st.none(), st.sampled_from(["2022-06-30", "2022-06"])))
def test_any_text_gives_a_record_valid_against_the_json_schema(text, published):
    rec = rm.extract(text, published=published)
    obj = json.loads(rec.model_dump_json())
    VALIDATE(obj)
    for kind in ("persons", "organizations", "places", "dates", "periods", "amounts"):
        for item in obj[kind]:
            for m in item["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"]


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_refused_cleanly(data):
    from reportminer.encodings import UndecodableError, decode

    try:
        text = decode(data, "blob.bin")
    except UndecodableError as e:
        assert "blob.bin" in str(e)
        return
    assert isinstance(text, str)
    rm.extract(text)


def _real_texts() -> list[tuple[str, str]]:
    from conftest import CORPORA, DEV, corpus_texts

    texts = corpus_texts(CORPORA) + (corpus_texts(DEV) if DEV.is_dir() else [])
    return texts


@pytest.mark.parametrize("variant", ["double_spaces", "spaces_as_newlines", "sentences_per_line"])
def test_real_articles_with_odd_whitespace_extract_cleanly(variant):
    # phrase matchers accept any whitespace run between words: every lookup keyed by a matched
    # phrase must accept it too (a doubled space once raised KeyError in the organisation heads)
    change = {"double_spaces": lambda t: t.replace(" ", "  "),
              "spaces_as_newlines": lambda t: t.replace(" ", "\n"),
              "sentences_per_line": lambda t: t.replace(". ", ".\n")}[variant]
    for stem, text in _real_texts():
        odd = change(text)
        rec = rm.extract(odd)  # REPORTMINER_STRICT=1 in the tests: a stage error raises
        assert rec.warnings == [], stem
        from test_core import _check_offsets

        _check_offsets(odd, rec)


def test_threads_give_the_records_one_thread_gives():
    # extraction is used from threads (dask's threaded scheduler, thread pools in services): no
    # cache or scratch state may leak from one article into another running at the same time
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from conftest import CORPORA, corpus_texts

    texts = [t for folder in (CORPORA, *sorted(CORPORA.glob("heldout*"))) for _, t in corpus_texts(folder)] * 2
    want = [rm.extract(t, "2024-01-01").model_dump_json() for t in texts]
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, so interleavings happen
    try:
        with ThreadPoolExecutor(8) as pool:
            got = list(pool.map(lambda t: rm.extract(t, "2024-01-01").model_dump_json(), texts))
    finally:
        sys.setswitchinterval(old)
    assert got == want
