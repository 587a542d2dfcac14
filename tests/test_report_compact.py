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
    assert on_disk["format"]["version"] == 2 and "sentence" not in on_disk["claims"][0]  # it is compact
    assert read_report(out / "report.json") == _plain(build_json(result))


def test_a_full_report_reads_back_as_it_is(tmp_path):
    result = run_on([ROOT / "seeds"])
    full = _plain(build_json(result))
    (tmp_path / "report.json").write_text(json.dumps(full), encoding="utf-8")
    assert read_report(tmp_path / "report.json") == full
