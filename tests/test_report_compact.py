"""report.json's compact records: read back, they are the full records of the run, field for field."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from checker.models import CLAIM_COLUMNS
from checker.report import build_json
from checker.report.read import read_report
from tests.conftest import ROOT, run_on


def _plain(report: dict) -> dict:
    return json.loads(json.dumps(report, default=str))


def test_the_compact_report_reads_back_as_the_full_one(tmp_path):
    (tmp_path / "extra.txt").write_text(
        "---\npublished: 2024-05-06\n---\nOfficials said 17 miners were rescued on Sunday, while the union put the"
        " figure at about 20. The mine is 948 ft deep.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_on([ROOT / "seeds", tmp_path / "extra.txt"], out=str(out))
    assert result.claims and result.flags
    on_disk = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert on_disk["format"]["version"] == 4
    claims = on_disk["claims"]
    assert isinstance(claims, list) and all(isinstance(c, dict) for c in claims)
    # what the scorers in shared/tools read from each claim by plain json.load, and nothing the report holds
    # elsewhere: the article's source, date and story, the sentence as text
    assert all({"claim_id", "article_id", "start", "end", "value", "quote"} <= set(c) for c in claims)
    assert not any({"source", "published", "story_id", "sentence"} & set(c) for c in claims)
    assert "stance" not in claims[0]  # a field at its default is left out
    assert read_report(out / "report.json") == _plain(build_json(result))


def test_a_full_report_reads_back_as_it_is(tmp_path):
    result = run_on([ROOT / "seeds"])
    full = _plain(build_json(result))
    (tmp_path / "report.json").write_text(json.dumps(full), encoding="utf-8")
    assert read_report(tmp_path / "report.json") == full


# -- every claims.csv field, as claims.csv has it, in every claim of report.json (DESIGN §6) ----------------
def _claims_as_a_script_reads_them(report: dict) -> list[dict]:
    """The claims by plain json.load and the recipe docs/scale.md gives for format 3 (format 2: as they are)."""
    if report["format"]["version"] == 3:
        from checker.report.compact import TABLE_RECIPE

        assert TABLE_RECIPE in (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")  # the line users are given
        scope: dict = {"report": report}
        exec(TABLE_RECIPE, scope)  # the documented line, run as a user's script would
        return scope["claims"]
    return report["claims"]


def _as_csv_cell(column: str, v: object) -> str:
    from checker.report import safe_cell
    from checker.table import NUMERIC_COLUMNS

    text = "" if v is None else "true" if v is True else "false" if v is False else str(v)
    return text if column in NUMERIC_COLUMNS else safe_cell(text)


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("arts")
    (d / "a.txt").write_text(
        "---\npublished: 2024-05-06\n---\n=Officials said 17 miners were rescued on Sunday, while the union put the"
        ' figure at about 20. The mine is 948 ft deep, "a record" for the region.\n\nAt least 12 people were hurt,'
        " and 12 were taken to hospital.\n",
        encoding="utf-8",
    )
    (d / "b.txt").write_text(
        "---\npublished: 2024-05-07\n---\nRescuers said 19 miners were brought out; the mine is 950 ft deep."
        " Nearly 52 tonnes of gear, or between 4.5 and 7 tonnes a day, were moved in.\n",
        encoding="utf-8",
    )
    return d


@pytest.mark.parametrize("version", [2, 3])
def test_formats_2_and_3_give_every_claim_every_csv_field_at_its_csv_value(
    tmp_path, monkeypatch, hostile_corpus, version
):
    monkeypatch.setenv("CLAIMCHECK_REPORT_FORMAT", str(version))
    out = tmp_path / "out"
    result = run_on([ROOT / "seeds", hostile_corpus], out=str(out))
    with open(out / "claims.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    on_disk = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert on_disk["format"]["version"] == version
    claims = _claims_as_a_script_reads_them(on_disk)
    assert len(claims) == len(rows) == len(result.claims) > 20
    for row, claim in zip(rows, claims, strict=True):
        assert list(row) == CLAIM_COLUMNS
        for column in CLAIM_COLUMNS:
            assert _as_csv_cell(column, claim[column]) == row[column], (row["claim_id"], column)
    assert any(c["sentence"].startswith("=Officials") for c in claims)  # the exact text, not the CSV's '=
    assert read_report(out / "report.json") == _plain(build_json(result))


def test_format_3_stores_each_repeated_text_once_and_is_smaller(tmp_path, monkeypatch, hostile_corpus):
    sizes = {}
    for version in (2, 3):
        monkeypatch.setenv("CLAIMCHECK_REPORT_FORMAT", str(version))
        run_on([ROOT / "seeds", hostile_corpus], out=str(tmp_path / str(version)))
        sizes[version] = (tmp_path / str(version) / "report.json").stat().st_size
    table = json.loads((tmp_path / "3" / "report.json").read_text(encoding="utf-8"))["claims"]
    for column, pool in table["values"].items():
        assert len(pool) == len({json.dumps(v, sort_keys=True) for v in pool}), column  # each value once
    assert len(table["values"]["sentence"]) < len(table["rows"])  # claims share sentences
    assert {} in table["values"]["frame"]  # a claim whose extra fields are all at their defaults
    assert sizes[3] < 0.8 * sizes[2]


def test_an_unset_or_unknown_format_writes_format_4(tmp_path, monkeypatch, hostile_corpus):
    monkeypatch.setenv("CLAIMCHECK_REPORT_FORMAT", "7")
    run_on([hostile_corpus], out=str(tmp_path / "out"))
    assert json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["format"]["version"] == 4
    monkeypatch.delenv("CLAIMCHECK_REPORT_FORMAT")
    run_on([hostile_corpus], out=str(tmp_path / "out2"))
    assert json.loads((tmp_path / "out2" / "report.json").read_text(encoding="utf-8"))["format"]["version"] == 4


# -- format 4: records without what the report holds elsewhere ---------------------------------------------
def test_format_4_claims_read_as_the_scorers_read_them(tmp_path, hostile_corpus):
    """Every claim of format 4, read with plain json.load as shared/tools/score_news.py reads it, matches the same
    gold figures as the full claim. low and high are left out only when both are the value (a gold interval
    [v, v] is the one gold they would answer differently; gold files write v), as_of only when it is the
    article's date (a date or a time claim holds its text in `value`, so a gold date or time still matches it)."""
    import sys

    tools = [d / "shared" / "tools" for d in ROOT.parents if (d / "shared" / "tools" / "score_news.py").exists()]
    if not tools:
        pytest.skip("no shared/tools/score_news.py beside the checkout")
    sys.path.insert(0, str(tools[0]))
    import score_news

    out = tmp_path / "out"
    result = run_on([ROOT / "seeds", hostile_corpus], out=str(out))
    on_disk = json.loads((out / "report.json").read_text(encoding="utf-8"))
    full = {c["claim_id"]: c for c in _plain(build_json(result))["claims"]}
    assert len(on_disk["claims"]) == len(full) > 20
    points = as_of_left_out = 0
    for c in on_disk["claims"]:
        f = full[c["claim_id"]]
        assert all(c[k] == f[k] for k in ("article_id", "start", "end", "value", "quote"))
        points += "low" not in c
        as_of_left_out += "as_of" not in c
        golds: list = [g for g in (f["value"], f["low"], f["high"], 0) if g not in (None, "")]
        if score_news.as_float(f["low"]) != score_news.as_float(f["high"]):
            golds.append([score_news.as_float(f["low"]), score_news.as_float(f["high"])])
        if f["unit"] in ("date", "time"):
            golds.append(f["as_of"])  # a date's or a time's day, matched as text
        elif "as_of" in c:
            golds.append(f["as_of"])
        for gold in golds:
            assert score_news.value_ok(c, gold) == score_news.value_ok(f, gold), (c["claim_id"], gold)
    assert points and as_of_left_out and len(on_disk["claims"]) > points  # both kinds of claim are in the corpus


def test_format_4_leaves_out_what_the_article_and_the_measure_hold(tmp_path, hostile_corpus):
    out = tmp_path / "out"
    result = run_on([hostile_corpus], out=str(out))
    on_disk = json.loads((out / "report.json").read_text(encoding="utf-8"))
    articles = {a["article_id"]: a for a in on_disk["articles"]}
    for c in on_disk["claims"]:
        a = articles[c["article_id"]]
        if "sentence_at" not in c:  # the last of its article's sentence spans that starts by the figure
            s0, s1 = max(s for s in a["claim_sentences"] if s[0] <= c["start"])
            assert s0 <= c["start"] and c["end"] <= s1
    assert all(a["claim_sentences"] == sorted(a["claim_sentences"]) for a in articles.values())
    usual = on_disk["claim_defaults"]
    assert usual and all(v for v in usual.values())
    assert read_report(out / "report.json") == _plain(build_json(result))
    # a field at its measure's usual value comes back from the measure, one that is not stays in the claim
    measure, fields = next(iter(usual.items()))
    key, value = next(iter(fields.items()))
    mine = [c for c in on_disk["claims"] if c["measure"] == measure]
    assert any(key not in c for c in mine)
    assert all(c[key] != value for c in mine if key in c)


def test_format_4_is_smaller_than_format_2(tmp_path, monkeypatch, hostile_corpus):
    sizes = {}
    for version in (2, 4):
        monkeypatch.setenv("CLAIMCHECK_REPORT_FORMAT", str(version))
        run_on([ROOT / "seeds", hostile_corpus], out=str(tmp_path / str(version)))
        sizes[version] = (tmp_path / str(version) / "report.json").stat().st_size
    assert sizes[4] < 0.7 * sizes[2]  # 0.57 on the 4,000-article speed corpus (bench/README.md)


def test_a_format_4_claim_without_its_article_keeps_every_field():
    from checker.report.compact import DEFAULTS, expand_claim, full_claim, slim_claim

    result = run_on([ROOT / "seeds"])
    row = _plain(full_claim(result.claims[0], "s1", None))
    kept = slim_claim(row, None, DEFAULTS, [])
    assert {"source", "published", "story_id", "sentence", "as_of"} <= set(kept)
    assert expand_claim(kept, None, {}, []) == row


def test_the_measures_usual_values_are_counted_on_the_fields_full_claim_gives():
    from checker.report.compact import DEFAULTS, frame_of, full_claim

    result = run_on([ROOT / "seeds"])
    anomalies = {c.claim_id: "a note" for c in result.claims[::7]}  # some claims with one, most without
    for c in result.claims:
        row = full_claim(c, "", anomalies.get(c.claim_id))
        assert frame_of(c, anomalies.get(c.claim_id)) == tuple(row[k] for k in DEFAULTS), c.claim_id


def test_the_review_server_serves_a_format_3_report(tmp_path, monkeypatch):
    from starlette.testclient import TestClient

    from checker.serve import build

    monkeypatch.setenv("CLAIMCHECK_REPORT_FORMAT", "3")
    out = tmp_path / "out"
    result = run_on([ROOT / "seeds"], out=str(out))
    c = TestClient(build(out, tmp_path / "r.yaml"), base_url="http://127.0.0.1:8765")
    assert c.get("/").status_code == 200
    assert len(c.get("/api/flags").json()["flags"]) == len(result.flags)
    full = {c["claim_id"]: c for c in _plain(build_json(result))["claims"]}
    f = result.flags[0]
    one = c.get(f"/api/flags/{f.discrepancy_id}").json()
    assert one["flag"]["claim_ids"] == f.claim_ids
    assert one["claims"] == [full[i] for i in f.claim_ids]  # each with its quote, sentence and every field
