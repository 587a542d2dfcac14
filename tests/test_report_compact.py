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
    assert on_disk["format"]["version"] == 2
    # compact beyond the contract only: every claims.csv field is in every claim record (DESIGN §6)
    from checker.models import CLAIM_COLUMNS

    assert all(set(CLAIM_COLUMNS) <= set(c) for c in on_disk["claims"])
    assert "stance" not in on_disk["claims"][0]  # an internal field at its default is left out
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
def test_every_claim_has_every_claims_csv_field_with_its_csv_value(tmp_path, monkeypatch, hostile_corpus, version):
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


def test_an_unset_or_unknown_format_writes_format_2(tmp_path, monkeypatch, hostile_corpus):
    monkeypatch.setenv("CLAIMCHECK_REPORT_FORMAT", "7")
    run_on([hostile_corpus], out=str(tmp_path / "out"))
    assert json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["format"]["version"] == 2


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
