"""reportminer.dask on a loopback LocalCluster: dataframe and bag in, Parquet dataset partitioned by year out."""
from __future__ import annotations

import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import pandas as pd  # noqa: E402

import reportminer as rm  # noqa: E402
from reportminer.io import read_records  # noqa: E402

ARTICLE = "Sáng 29/06/2022, tại tỉnh Bến Tre, ông Nguyễn Văn An, Chủ tịch UBND tỉnh, dự Hội nghị."


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, host="127.0.0.1",
                                       protocol="tcp://", dashboard_address=None)
    cl = distributed.Client(cluster, timeout="30s")
    yield cl
    cl.close()
    cluster.close()


@pytest.mark.slow
def test_dataframe_to_parquet_partitioned_by_year(client, tmp_path):
    import dask.dataframe as dd

    from reportminer.dask import extract_dataframe, write_parquet

    df = pd.DataFrame({"id": ["a", "b", "c", None, "e"],
                       "text": [ARTICLE, ARTICLE + " Lần 2.", "   ", ARTICLE + " Không mã.", None],
                       "url": ["http://x/a", None, None, None, None],
                       "published": ["2022-06-30", "2021-01-02", "2022-01-01", None, "2020-05-05"]})
    records = extract_dataframe(dd.from_pandas(df, npartitions=2))
    write_parquet(records, str(tmp_path / "ds"), partition_on=["year"])
    assert sorted(p.name for p in (tmp_path / "ds").iterdir() if p.is_dir()) == [
        "year=2020", "year=2021", "year=2022", "year=unknown"]
    out = pd.read_parquet(tmp_path / "ds")
    assert len(out) == 5  # every article once, failures included
    failed = out[out["record"].isna()].set_index("id")["error"].to_dict()
    assert failed == {"c": "EmptyDocument", "e": "MissingText"}
    recs = {r.id: r for r in read_records(tmp_path / "ds")}
    assert recs["a"] == rm.extract(ARTICLE, published="2022-06-30", id="a", url="http://x/a")
    assert any(k.startswith("sha1-") for k in recs)  # a row without id gets a content id


@pytest.mark.slow
def test_bag_of_dicts_and_texts(client):
    import dask.bag as db

    from reportminer.dask import bag_to_dataframe, extract_bag

    bag = db.from_sequence([{"id": "x", "text": ARTICLE, "published": "2022-06-30"}, ARTICLE, {"id": "y"}],
                           npartitions=2)
    rows = client.compute(extract_bag(bag)).result(timeout=60)
    assert [r["error"] for r in rows] == [None, None, "MissingText"]
    assert rows[0]["year"] == 2022 and rm.ArticleRecord.model_validate_json(rows[0]["record"]).id == "x"
    assert len(bag_to_dataframe(extract_bag(bag)).compute()) == 3


def test_rows_honour_skip_and_reject_an_unknown_stage():
    from reportminer.dask import extract_rows

    (row,) = extract_rows([{"id": "a", "text": ARTICLE, "published": "2022-06-30"}], skip=("events",))
    rec = rm.ArticleRecord.model_validate_json(row["record"])
    assert rec == rm.extract(ARTICLE, published="2022-06-30", id="a", skip={"events"})
    assert not rec.events and rec.persons
    with pytest.raises(ValueError, match="unknown stages to skip"):
        extract_rows([{"id": "a", "text": ARTICLE}], skip=("event",))
