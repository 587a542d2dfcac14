"""report.json's compact records: read back, they are the full records of the run, field for field."""

from __future__ import annotations

import json

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
