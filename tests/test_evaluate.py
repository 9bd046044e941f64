"""The built-in evaluator: matching rules, API, CLI, and agreement with ../shared/eval/score.py."""
from __future__ import annotations

import copy
import importlib.util
import io
import json
import random
from contextlib import redirect_stdout
from pathlib import Path

import pytest

import reportminer as rm
from reportminer.cli import main
from reportminer.evaluate import FIELDS, evaluate_paths, load_gold, norm, norm_person, norm_place, score

from conftest import CORPORA, DEV, SHARED

SCORER = SHARED / "eval" / "score.py"
SEEDS = SHARED / "seeds"


def _shared_scorer():
    if not SCORER.is_file():
        pytest.skip("../shared/eval/score.py is not present")
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _run_shared(gold: Path, pred: Path, *extra: str) -> str:
    mod = _shared_scorer()
    buf = io.StringIO()
    with redirect_stdout(buf):
        mod.main(["--gold", str(gold), "--pred", str(pred), *extra])
    return buf.getvalue()


def _write_jsonl(path: Path, objs) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs), encoding="utf-8")
    return path


@pytest.mark.parametrize("a,b", [
    ("Liên hiệp các tổ chức hữu nghị tỉnh Khánh Hoà", "liên hiệp các tổ chức hữu nghị tỉnh khánh hòa"),
    ("Thuỷ  Điện,", "thủy điện"),
    ("PGS.TS. Nguyễn", "pgs ts nguyễn"),
])
def test_norm(a, b):
    assert norm(a) == b


def test_norm_person_and_place_drop_prefixes():
    assert norm_person("Ông Đỗ Việt Hà") == "đỗ việt hà"
    assert norm_person("đồng chí Lê Văn A") == "lê văn a"
    assert norm_place("tỉnh Bến Tre") == norm_place("Bến Tre") == "bến tre"
    assert norm_place("TP. Hồ Chí Minh") == norm_place("TP.HCM") == "hồ chí minh"
    assert norm_place("Thành phố Hồ Chí Minh") == "hồ chí minh"


def _gold():
    return {"a": {"persons": [{"name": "Đỗ Việt Hà", "aliases": ["Việt Hà"],
                               "titles": [{"role": "Chủ tịch", "organization": "Liên hiệp A"}]}],
                  "organizations": [{"name": "Liên hiệp A", "aliases": ["LH A"], "acronym": "LHA"}],
                  "places": [{"name": "Bến Tre"}],
                  "dates": [{"value": "2022-06-29"}, {"value": "2022-06-30"}],
                  "amounts": [{"value": 38400000000, "currency": "VND"}],
                  "events": [{"type": "conference", "date": None, "location": "Bến Tre"}]}}


def test_matching_rules():
    pred = {"a": {"persons": [{"name": "ông Việt Hà", "titles": [{"role": "Chủ tịch", "organization": "LHA"}]},
                              {"name": "Đỗ Việt Hà"}],
                  "organizations": [{"name": "LHA"}],
                  "places": [{"name": "tỉnh Bến Tre"}, {"name": "Bến Tre"}],
                  "dates": [{"value": "2022-06-29"}, {"value": "2022-06"}],
                  "amounts": [{"value": 38.5e9, "currency": "VND"}],  # 0.26 % off: a match
                  "events": [{"type": "conference", "date": "2022-06-29", "location": "tỉnh Bến Tre"}]}}
    s, details = score(_gold(), pred)
    assert (s["persons"]["tp"], s["persons"]["pred"], s["persons"]["gold"]) == (1, 2, 1)
    assert s["person_orgs"]["tp"] == 1  # an acronym of the gold organisation counts
    assert s["person_roles"]["f1"] == 1.0
    assert s["organizations"]["f1"] == 1.0
    assert (s["places"]["tp"], s["places"]["pred"]) == (1, 2)
    assert (s["dates"]["tp"], s["dates"]["p"], s["dates"]["r"]) == (1, 0.5, 0.5)
    assert s["amounts"]["tp"] == 1 and s["events"]["tp"] == 1
    assert s["periods"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 0, "pred": 0, "gold": 0}
    assert ("a", "dates", "MISSED", "2022-06-30") in details
    assert ("a", "dates", "SPURIOUS", "2022-06") in details
    assert ("a", "places", "SPURIOUS", "Bến Tre") in details


def test_amount_tolerance_and_currency():
    gold = {"a": {"amounts": [{"value": 1000, "currency": "USD"}]}}
    assert score(gold, {"a": {"amounts": [{"value": 1006, "currency": "USD"}]}})[0]["amounts"]["tp"] == 0
    assert score(gold, {"a": {"amounts": [{"value": 1004, "currency": "usd"}]}})[0]["amounts"]["tp"] == 1
    assert score(gold, {"a": {"amounts": [{"value": 1000, "currency": "VND"}]}})[0]["amounts"]["tp"] == 0


def test_missing_prediction_counts_as_nothing_found():
    s, _ = score(_gold(), {})
    assert s["missing_predictions"] == 1
    assert s["dates"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "pred": 0, "gold": 2}


def test_gold_scored_against_itself_is_perfect():
    golds = load_gold(CORPORA / "gold")
    s, details = score(golds, copy.deepcopy(golds))
    assert details == []
    assert all(s[f]["f1"] == 1.0 for f in FIELDS)


def test_evaluate_api_returns_dataframe_with_errors(tmp_path):
    records = [rm.extract(p.read_text(encoding="utf-8"), id=p.stem) for p in sorted(CORPORA.glob("*.txt"))]
    df = rm.evaluate(CORPORA, records)  # a corpus folder holding gold/ is accepted
    assert list(df.columns) == ["field", "p", "r", "f1", "tp", "pred", "gold"]
    assert list(df["field"]) == list(FIELDS)
    assert (df["gold"] > 0).all()
    errors = df.attrs["errors"]
    assert list(errors.columns) == ["article_id", "field", "error", "item"]
    missed = errors[errors["error"] == "MISSED"].groupby("field").size()
    for row in df.itertuples():
        assert missed.get(row.field, 0) == row.gold - row.tp
    path = tmp_path / "r.jsonl"
    rm.write_records(records, path)
    assert rm.evaluate(CORPORA / "gold", path).equals(df)
    rm.write_records(records, tmp_path / "r.parquet")
    assert rm.evaluate(CORPORA / "gold", tmp_path / "r.parquet").equals(df)


def _perturb(golds: dict[str, dict], seed: int) -> list[dict]:
    """Predictions made from gold with the errors a system makes: drops, variants, wrong values, extras."""
    rnd = random.Random(seed)
    ids = list(golds)
    preds = []
    for aid in ids:
        g = copy.deepcopy(golds[aid])
        other = golds[rnd.choice(ids)]
        for field in ("persons", "organizations", "places", "dates", "periods", "amounts", "events"):
            items = [x for x in g.get(field) or [] if rnd.random() > 0.25]
            for x in items:
                _vary(x, field, rnd)
            items += copy.deepcopy([x for x in other.get(field) or [] if rnd.random() < 0.2])
            rnd.shuffle(items)
            g[field] = items
        if rnd.random() < 0.1:
            continue  # no prediction at all for this article
        g["id"] = aid
        preds.append(g)
    return preds


def _vary(x: dict, field: str, rnd: random.Random) -> None:
    r = rnd.random()
    if field in ("persons", "organizations", "places"):
        if r < 0.15:
            x["name"] = rnd.choice(["ông ", "tỉnh ", "TP. ", "bà "]) + x["name"]
        elif r < 0.3:
            x["name"] = x["name"].upper().replace("Ò", "OÀ") + ","
        elif r < 0.4:
            x["name"] = x["name"] + " mới"
        elif r < 0.5 and x.get("aliases"):
            x["name"], x["aliases"] = x["aliases"][0], []
        for t in x.get("titles") or []:
            if rnd.random() < 0.2:
                t["role"] = "Phó " + t["role"]
            if rnd.random() < 0.2:
                t["organization"] = None
    elif field == "amounts":
        x["value"] = float(x["value"]) * rnd.choice([1, 1.003, 0.997, 1.02, 1000])
        if r < 0.1:
            x["currency"] = "USD" if x.get("currency") != "USD" else "VND"
    elif field in ("dates", "periods"):
        if r < 0.2:
            x["value"] = str(x["value"])[:7]
    elif field == "events":
        if r < 0.2:
            x["date"] = None
        elif r < 0.35:
            x["type"] = "other"
        elif r < 0.5:
            x["location"] = "Hà Nội"


def _shared_json(gold: Path, pred: Path) -> dict:
    return json.loads(_run_shared(gold, pred, "--json"))


def _shared_details(gold: Path, pred: Path) -> list[tuple[str, ...]]:
    out = _run_shared(gold, pred, "--detail")
    return [tuple(line.split("\t")) for line in out.splitlines() if line.count("\t") == 3]


@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_shared_scorer_on_perturbed_gold(tmp_path, seed):
    gold_dir = (DEV / "gold") if (DEV / "gold").is_dir() else CORPORA / "gold"
    pred = _write_jsonl(tmp_path / "pred.jsonl", _perturb(load_gold(gold_dir), seed))
    ours, details = evaluate_paths(gold_dir, pred)
    theirs = _shared_json(gold_dir, pred)
    assert 0 < ours["main_f1"] < 1
    assert ours == theirs
    assert details == _shared_details(gold_dir, pred)


def _extract_and_compare(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(corpus), "-o", str(out), "-q", "--overwrite"]) == 0
    ours, _ = evaluate_paths(corpus / "gold", out)
    theirs = _shared_json(corpus / "gold", out)
    for f in FIELDS:
        assert {k: ours[f][k] for k in ("p", "r", "f1")} == {k: theirs[f][k] for k in ("p", "r", "f1")}, f
    assert ours == theirs
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main(["evaluate", "--gold", str(corpus / "gold"), "--pred", str(out), "--json"]) == 0
    assert json.loads(buf.getvalue()) == theirs


def test_agrees_with_shared_scorer_on_seeds(tmp_path):
    if not (SEEDS / "gold").is_dir():
        pytest.skip("../shared/seeds is not present")
    _extract_and_compare(SEEDS, tmp_path)


@pytest.mark.slow
def test_agrees_with_shared_scorer_on_dev(tmp_path, dev_dir):
    _extract_and_compare(dev_dir, tmp_path)


def test_cli_table_and_detail(tmp_path):
    golds = load_gold(CORPORA / "gold")
    pred = _write_jsonl(tmp_path / "p.jsonl", _perturb(golds, 7))
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main(["evaluate", "--gold", str(CORPORA / "gold"), "--pred", str(pred), "--detail"]) == 0
    out = buf.getvalue().splitlines()
    assert out[0].startswith("articles 5")
    assert out[1].split() == ["field", "P", "R", "F1", "tp", "pred", "gold"]
    assert [line.split()[0] for line in out[2:2 + len(FIELDS)]] == list(FIELDS)
    assert out[2 + len(FIELDS)].startswith("main_f1")
    detail = [tuple(line.split("\t")) for line in out[3 + len(FIELDS):]]
    assert detail and detail == evaluate_paths(CORPORA / "gold", pred)[1]


def test_malformed_prediction_lines_are_counted(tmp_path):
    pred = tmp_path / "p.jsonl"
    pred.write_text('{"id": "x"}\nnot json\n[1]\n', encoding="utf-8")
    s, _ = evaluate_paths(CORPORA / "gold", pred)
    assert s["bad_lines"] == 2  # "not json" and a line that is not an object
