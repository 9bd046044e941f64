"""Records -> DataFrames (dtypes, keys) and lossless JSONL/Parquet round trips."""
from __future__ import annotations

import pandas as pd
import pytest

import reportminer as rm
from reportminer.frames import SCHEMAS

from api_samples import full_record
from conftest import CORPORA, corpus_texts

FRAMES = ("articles", "persons", "titles", "organizations", "places", "dates", "periods", "amounts", "events",
          "mentions")


@pytest.fixture(scope="module")
def corpus_records():
    return [rm.extract(text, id=stem) for stem, text in corpus_texts(CORPORA)]


@pytest.fixture(scope="module")
def frames():
    return rm.to_frames([full_record("a1"), full_record("a2")])


def test_every_frame_is_present_with_its_documented_columns(frames):
    assert set(frames) == set(FRAMES)
    for name, df in frames.items():
        assert list(df.columns) == list(SCHEMAS[name]), name


@pytest.mark.parametrize("frame,column,kind", [
    ("articles", "published", "datetime"), ("dates", "start", "datetime"), ("dates", "end", "datetime"),
    ("events", "start", "datetime"),
    ("amounts", "value", "Float64"), ("amounts", "year", "Int64"), ("dates", "year", "Int64"),
    ("mentions", "start", "Int64"), ("persons", "n_mentions", "Int64"),
    ("titles", "former", "boolean"), ("amounts", "currency_assumed", "boolean"),
    ("dates", "year_written", "boolean"),
    ("places", "kind", "category"), ("organizations", "kind", "category"), ("events", "type", "category"),
    ("amounts", "currency", "category"), ("mentions", "kind", "category"), ("dates", "precision", "category"),
    ("persons", "name", "string"), ("titles", "organization", "string"),
])
def test_dtypes(frames, frame, column, kind):
    dtype = frames[frame][column].dtype
    if kind == "datetime":
        assert pd.api.types.is_datetime64_dtype(dtype), dtype
    elif kind == "category":
        assert isinstance(dtype, pd.CategoricalDtype), dtype
    elif kind == "string":
        assert isinstance(dtype, pd.StringDtype), dtype
    else:
        assert str(dtype) == kind, dtype


def test_empty_input_gives_empty_frames_with_the_same_dtypes(frames):
    empty = rm.to_frames([])
    for name in FRAMES:
        assert len(empty[name]) == 0
        assert empty[name].dtypes.astype(str).to_dict() == frames[name].dtypes.astype(str).to_dict()
        assert list(empty[name].columns) == list(frames[name].columns)


def test_kind_categories_are_the_model_values_even_when_absent(frames):
    assert set(frames["places"]["kind"].cat.categories) >= {"country", "province", "district", "commune"}
    assert "training" in frames["events"]["type"].cat.categories


def test_values_and_parsed_dates(frames):
    d = frames["dates"].set_index("date_id")
    assert d.loc["a1/d0", "start"] == pd.Timestamp("2022-06-29") == d.loc["a1/d0", "end"]
    assert d.loc["a1/d1", "start"] == pd.Timestamp("2022-04-24")
    assert d.loc["a1/d1", "end"] == pd.Timestamp("2022-04-25")
    assert pd.isna(d.loc["a1/d2", "start"]) and pd.isna(d.loc["a1/d2", "year"])  # XXXX-12: year unknown
    assert d.loc["a1/d2", "month"] == 12
    a = frames["articles"].set_index("article_id")
    assert a.loc["a1", "published"] == pd.Timestamp("2022-06-30")
    p = frames["periods"].iloc[0]
    assert (p["start_year"], p["end_year"]) == (2022, 2022)
    amounts = frames["amounts"][frames["amounts"]["article_id"] == "a1"].set_index("amount_id")
    assert amounts.loc["a1/a0", "value"] == 38.4e9
    assert amounts.loc["a1/a0", "year"] == 2022
    assert amounts.loc["a1/a0", "qualifier"] == "more_than"


def test_keys_join_the_frames(frames):
    titles = frames["titles"]
    assert len(titles) == 4  # two titles, two articles
    joined = titles.merge(frames["persons"], on=["article_id", "person_id"], validate="many_to_one")
    assert set(joined["name"]) == {"Đỗ Việt Hà"}
    with_org = titles.dropna(subset=["organization_id"]).merge(
        frames["organizations"], on=["article_id", "organization_id"], suffixes=("", "_org"))
    assert set(with_org["name"]) == {"Liên hiệp các tổ chức hữu nghị tỉnh Bến Tre", "Cụm 4"}
    # the amount cited by the event points back to it
    am = frames["amounts"].merge(frames["events"][["event_id", "location"]], on="event_id")
    assert list(am["location"]) == ["Bến Tre", "Bến Tre"]
    ev = frames["events"].set_index("event_id")
    assert ev.loc["a1/pe0", "status"] == "planned" and ev.loc["a1/e0", "amount_ids"] == ["a1/a0"]


def test_mentions_frame_points_into_text_and_entities(frames):
    from api_samples import TEXT

    m = frames["mentions"]
    # per article: person 1, organisations 2, places 2, date 1, period 1, amount 1, event evidence 1
    assert len(m) == 2 * 9
    assert m.groupby("kind", observed=True).size().to_dict() == {
        "person": 2, "organization": 4, "place": 4, "date": 2, "period": 2, "amount": 2, "event": 2}
    for row in m.itertuples():
        assert TEXT[row.start:row.end] == row.text
    ids = set().union(*(set(frames[f][c]) for f, c in (("persons", "person_id"), ("organizations", "organization_id"),
                                                        ("places", "place_id"), ("dates", "date_id"),
                                                        ("periods", "period_id"), ("amounts", "amount_id"),
                                                        ("events", "event_id"))))
    assert set(m["entity_id"]) <= ids


def test_to_frames_reads_a_records_file(tmp_path):
    path = tmp_path / "r.jsonl"
    rm.write_records([full_record()], path)
    assert len(rm.to_frames(path)["titles"]) == 2
    assert len(rm.to_frames([full_record().model_dump()])["persons"]) == 1


def test_frames_from_extracted_corpus(corpus_records):
    f = rm.to_frames(corpus_records)
    assert list(f["articles"]["article_id"]) == [r.id for r in corpus_records]
    assert len(f["persons"]) == sum(len(r.persons) for r in corpus_records)
    assert len(f["amounts"]) == sum(len(r.amounts) for r in corpus_records)


@pytest.mark.parametrize("suffix", ["jsonl", "parquet", "jsonl.gz"])
def test_write_read_round_trip_is_lossless(tmp_path, corpus_records, suffix):
    records = [full_record("a1"), *corpus_records, full_record("a2")]
    path = tmp_path / f"records.{suffix}"
    if suffix.endswith(".gz"):
        import gzip

        rm.write_records(records, tmp_path / "records.jsonl")
        path.write_bytes(gzip.compress((tmp_path / "records.jsonl").read_bytes()))
    else:
        rm.write_records(records, path)
    back = rm.read_records(path)
    assert back == records
    assert [r.model_dump() for r in back] == [r.model_dump() for r in records]
    assert back[0].amounts[1].value == 0.1 + 0.2  # floats survive exactly


def test_cli_extract_to_parquet_round_trips(tmp_path):
    from reportminer.cli import main

    out = tmp_path / "out.parquet"
    assert main(["extract", *map(str, sorted(CORPORA.glob("*.txt"))), "-o", str(out), "-q"]) == 0
    back = rm.read_records(out)
    direct = {stem: rm.extract(text, id=stem) for stem, text in corpus_texts(CORPORA)}
    assert sorted(r.id for r in back) == sorted(direct)
    for r in back:
        assert r.model_dump(exclude={"source"}) == direct[r.id].model_dump(exclude={"source"})
