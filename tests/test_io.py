"""Readers: folders, globs, sidecars, JSONL/Parquet fields, gz, HTML, bad files as recorded failures."""
from __future__ import annotations

import gzip
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from reportminer.io import iso_date, iter_documents, read_records, write_records
import reportminer as rm
from conftest import CORPORA

ARTICLE = "Sáng 29/06/2022, tại tỉnh Bến Tre, Liên hiệp các tổ chức hữu nghị tỉnh tổ chức Hội nghị."

PAGE = """<html><head><title>Hội nghị vận động viện trợ tại Bến Tre</title>
<meta property="article:published_time" content="2022-06-30T08:00:00+07:00"></head>
<body><nav><a href="/">Trang chủ</a></nav><article><h1>Hội nghị vận động viện trợ tại Bến Tre</h1>
<p>{p}</p><p>{p}</p><p>{p}</p></article><footer>Bản quyền</footer></body></html>""".format(p=ARTICLE * 3)


def _docs(*paths, **kw):
    return {d.id: d for d in iter_documents([str(p) for p in paths], **kw)}


def test_folder_with_sidecar_gz_and_nested_duplicate_stems(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(ARTICLE.encode("utf-16")))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE + " Lần hai.", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "a.txt").write_text("not an input", encoding="utf-8")
    (tmp_path / "index.jsonl").write_text(
        json.dumps({"file": "a.txt", "url": "http://x/a", "title": "T", "published": "2022-06-30T07:00:00"}) + "\n"
        + "{broken\n", encoding="utf-8")
    docs = _docs(tmp_path)
    assert len(docs) == 3  # gold/ and the sidecar are not inputs
    ids = sorted(docs)
    assert "b" in ids and all(d.error is None for d in docs.values())
    a = next(d for d in docs.values() if d.path == str(tmp_path / "a.txt"))
    assert (a.url, a.title, a.published) == ("http://x/a", "T", "2022-06-30")
    assert a.id != next(d for d in docs.values() if d.path.endswith("sub/a.txt")).id  # stems collide: paths differ
    assert docs["b"].text == ARTICLE


def test_glob_and_missing_input(tmp_path):
    (tmp_path / "x1.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "x2.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "y.txt").write_text(ARTICLE, encoding="utf-8")
    assert sorted(_docs(tmp_path / "x*.txt")) == ["x1", "x2"]
    with pytest.raises(FileNotFoundError):
        list(iter_documents([str(tmp_path / "nothing*.txt")]))


def test_jsonl_fields_and_bad_lines(tmp_path):
    rows = [json.dumps({"doc": "r1", "body": ARTICLE, "link": "http://x/1", "date": "30/06/2022"}),
            "{not json",
            json.dumps({"doc": "r3", "link": "no text field"}),
            json.dumps({"doc": "r4", "body": "   "}),
            json.dumps([1, 2]),
            "",
            json.dumps({"doc": "r7", "body": 42})]
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(rows) + "\n").encode("utf-8")))
    docs = list(iter_documents([path], text_field="body", id_field="doc", url_field="link", date_field="date"))
    assert len(docs) == 6  # the blank line is not a document
    ok = docs[0]
    assert (ok.id, ok.url, ok.published, ok.error) == ("r1", "http://x/1", "2022-06-30", None)
    errors = {d.id: d.error[0] for d in docs[1:]}
    assert errors == {"in:2": "MalformedLine", "r3": "MissingText", "r4": "EmptyDocument",
                      "in:5": "MalformedLine", "r7": "MissingText"}


def test_parquet_fields_and_corrupt_file(tmp_path):
    import datetime as dt

    table = pa.table({"id": ["p1", None], "text": [ARTICLE, ARTICLE],
                      "published": [dt.date(2022, 6, 30), None]})
    pq.write_table(table, tmp_path / "arts.parquet")
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 this is not parquet")
    docs = list(iter_documents([tmp_path / "arts.parquet", tmp_path / "bad.parquet"]))
    assert [d.id for d in docs[:2]] == ["p1", "arts:2"]
    assert docs[0].published == "2022-06-30" and docs[1].published is None
    assert len(docs) == 3 and docs[2].error is not None and "bad.parquet" in docs[2].error[1]


def test_html_page_gives_text_title_and_date(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.html").write_text("<html><body><nav>Menu</nav></body></html>", encoding="utf-8")
    docs = _docs(tmp_path)
    page = docs["page"]
    assert page.error is None
    assert page.title == "Hội nghị vận động viện trợ tại Bến Tre"
    assert page.published == "2022-06-30"
    assert "Liên hiệp các tổ chức hữu nghị" in page.text and "Bản quyền" not in page.text
    assert docs["empty"].error[0] == "EmptyDocument"


def test_html_declared_legacy_charset(tmp_path):
    html = PAGE.replace("<head>", '<head><meta charset="windows-1258">')
    from test_encodings import _enc_cp1258

    (tmp_path / "old.htm").write_bytes(_enc_cp1258(html))
    page = _docs(tmp_path)["old"]
    assert page.error is None and "tỉnh" in page.text


def test_bad_files_are_recorded_not_raised(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "huge.txt").write_text("a" * 5000, encoding="utf-8")
    docs = _docs(tmp_path, max_bytes=1000)
    assert {k: d.error[0] for k, d in docs.items()} == {
        "empty": "EmptyDocument", "blank": "EmptyDocument", "image": "UndecodableError", "huge": "DocumentTooLarge"}
    assert "image.txt" in docs["image"].error[1]


@pytest.mark.parametrize("value,expected", [("2022-06-30T08:00:00+07:00", "2022-06-30"), ("2022-06", "2022-06"),
                                            ("30/6/2022", "2022-06-30"), ("hôm qua", None), (None, None)])
def test_iso_date(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_write_and_read_records_round_trip(tmp_path, suffix):
    recs = [rm.extract(ARTICLE, id=f"r{i}", published="2022-06-30") for i in range(3)]
    out = tmp_path / f"out{suffix}"
    write_records(recs, out)
    assert read_records(out) == recs
    assert not list(tmp_path.glob("*.tmp*"))


@pytest.mark.parametrize("encoding,gz", [("utf-8-sig", False), ("utf-16", False), ("utf-16", True)])
def test_jsonl_with_a_byte_order_mark_and_crlf_reads_every_record(tmp_path, encoding, gz):
    rows = [{"id": f"r{i}", "text": f"Sáng 21/6/2024, đoàn số {i} đến Hà Nội.", "published": "2024-06-21"}
            for i in range(3)]
    body = "\r\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\r\n"
    path = tmp_path / ("a.jsonl.gz" if gz else "a.jsonl")
    data = body.encode(encoding)
    path.write_bytes(gzip.compress(data) if gz else data)
    docs = list(iter_documents([path]))
    assert [(d.id, d.error) for d in docs] == [("r0", None), ("r1", None), ("r2", None)]
    assert docs[1].text == rows[1]["text"] and docs[2].published == "2024-06-21"


def test_iso_date_refuses_impossible_days_and_months():
    assert iso_date("2024-02-29") == "2024-02-29" and iso_date("2024-06") == "2024-06"
    assert iso_date("2023-02-29") is None and iso_date("2024-13-45") is None and iso_date("2024-00") is None
    assert iso_date("garbage") is None


def test_files_sharing_a_stem_in_one_folder_are_all_read_under_distinct_ids(tmp_path):
    (tmp_path / "z").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "z" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "z" / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    (tmp_path / "z" / "a.html").write_text(f"<html><body><article><p>{ARTICLE}</p></article></body></html>",
                                           encoding="utf-8")
    (tmp_path / "y" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "y" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    docs = list(iter_documents([tmp_path / "z", tmp_path / "y"]))
    assert sorted(d.id for d in docs) == ["b", "y/a", "z/a.html", "z/a.txt", "z/a.txt.gz"]
    assert all(d.error is None for d in docs)


def test_extract_many_warns_of_skipped_files_and_refuses_a_mistyped_path(tmp_path, caplog):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    with caplog.at_level("WARNING", logger="reportminer.api"):
        assert [r.id for r in rm.extract_many([tmp_path])] == ["good"]
    assert "empty.txt" in caplog.text and "EmptyDocument" in caplog.text
    for typo in (str(tmp_path / "archiev") + "/", str(tmp_path / "missing.jsonl")):
        with pytest.raises(FileNotFoundError, match="no file, folder or glob match"):
            list(rm.extract_many([typo]))
    # a text is still a text, slashes and all
    assert [r.id for r in rm.extract_many(["Đoàn Hà Nội/Huế đến thăm."])] == ["0"]


def test_an_earlier_runs_output_and_other_kinds_of_file_in_a_folder_are_left_out_aloud(tmp_path, caplog):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "records.jsonl").write_text(rm.extract(ARTICLE, id="a").model_dump_json() + "\n", encoding="utf-8")
    (tmp_path / "records.errors.jsonl").write_text(
        json.dumps({"id": "b", "source": "b.txt", "error": "EmptyDocument", "message": "empty"}) + "\n",
        encoding="utf-8")
    with caplog.at_level("WARNING", logger="reportminer.io"):
        docs = list(iter_documents([tmp_path]))
    assert [(d.id, d.error) for d in docs] == [("a", None)]
    assert "notes.pdf" in caplog.text
    assert "records.jsonl: skipped, it holds reportminer output" in caplog.text
    assert "records.errors.jsonl: skipped" in caplog.text


def test_timestamps_with_a_zone_give_the_day_in_vietnam_and_float_ids_read_as_integers(tmp_path):
    assert iso_date("2024-06-24T20:00:00Z") == "2024-06-25"  # 03:00 on the 25th in Hà Nội
    assert iso_date("2024-06-24T20:00:00+07:00") == "2024-06-24"
    assert iso_date("2024-06-24T20:00:00") == "2024-06-24"  # no zone: as written
    frame = pd.DataFrame({"id": [1, None, 3], "text": [ARTICLE] * 3})  # ints with a null -> floats
    frame.to_parquet(tmp_path / "a.parquet")
    assert [d.id for d in iter_documents([tmp_path / "a.parquet"])] == ["1", "a:2", "3"]


def test_a_page_without_article_text_is_one_failure_and_no_stray_log_line(tmp_path, caplog):
    (tmp_path / "nav.html").write_text("<html><head><title>Trang chủ</title></head><body></body></html>",
                                       encoding="utf-8")
    with caplog.at_level("DEBUG"):
        docs = list(iter_documents([tmp_path / "nav.html"]))
    assert [d.error[0] for d in docs] == ["EmptyDocument"]
    assert "discarding data" not in caplog.text


def test_what_reading_a_file_involved_reaches_the_records_warnings(tmp_path):
    from test_encodings import _enc_cp1258

    text = open(CORPORA / "000_65b13daba4a0f756.txt", encoding="utf-8").read()
    raw = text.encode("utf-8")
    cut = raw.index(b" ", 2000)
    (tmp_path / "broken.txt").write_bytes(raw[:cut] + b"\xff" + raw[cut:])  # one stray byte between words
    (tmp_path / "old.txt").write_bytes(_enc_cp1258(text))
    records = {r.id: r for r in rm.extract_many([tmp_path])}
    assert records["broken"].warnings == [f"{tmp_path / 'broken.txt'}: 1 invalid UTF-8 byte sequence(s) "
                                          "replaced with U+FFFD"]
    assert records["old"].warnings == [f"{tmp_path / 'old.txt'}: not UTF-8; read as cp1258"]
    from reportminer.batch import run_batch

    run_batch([tmp_path], tmp_path / "out" / "r.jsonl", progress=False)
    lines = [json.loads(x) for x in (tmp_path / "out" / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["id"]: r["warnings"] for r in lines} == {k: v.warnings for k, v in records.items()}
