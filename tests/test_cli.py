"""The command line: outputs written, exit codes and one-line messages for user mistakes (DESIGN §7)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.models import CLAIM_COLUMNS, DISCREPANCY_COLUMNS
from tests.conftest import ROOT

runner = CliRunner()
RULES = str(ROOT / "rules")


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_run_on_seeds_writes_all_reports(tmp_path):
    out = tmp_path / "out"
    res = invoke("run", str(ROOT / "seeds"), "--rules", RULES, "--out", str(out), "--no-history",
                 "--reconciliations", str(tmp_path / "rec.yaml"))  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "5 articles" in res.output and "report.html" in res.output
    with open(out / "claims.csv", newline="", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == CLAIM_COLUMNS
    with open(out / "discrepancies.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == DISCREPANCY_COLUMNS and len(rows) > 1
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(report) >= {"run", "articles", "claims", "discrepancies", "validation"}
    assert report["validation"]["expectations"], "validation must have checked something"
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_no_article_is_exit_2(tmp_path):
    (tmp_path / "empty").mkdir()
    res = invoke(
        "run", str(tmp_path / "empty"), "--rules", RULES, "--out", str(tmp_path / "o"), "--no-history"
    )
    assert res.exit_code == 2
    assert "no article could be read" in res.output and str(tmp_path / "empty") in res.output
    assert "Traceback" not in res.output


def test_missing_named_path_is_exit_2_but_reports_the_rest(tmp_path):
    missing = str(tmp_path / "nope.txt")
    out = tmp_path / "o"
    res = invoke("run", str(ROOT / "seeds"), missing, "--rules", RULES, "--out", str(out), "--no-history")
    assert res.exit_code == 2
    assert f"{missing}: no such file or directory" in res.output
    assert (out / "report.json").exists()


def test_no_rule_is_exit_2(tmp_path):
    (tmp_path / "rules").mkdir()
    res = invoke("run", str(ROOT / "seeds"), "--rules", str(tmp_path / "rules"), "--out", str(tmp_path / "o"),
                 "--no-history")  # fmt: skip
    assert res.exit_code == 2 and "no rule files" in res.output


def test_invalid_rule_file_is_exit_2_with_position(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    for p in (ROOT / "rules").glob("*.yaml"):
        (rules / p.name).write_text(p.read_text())
    bad = rules / "people.yaml"
    bad.write_text(bad.read_text().replace("kind: cumulative", "kind: cumulativ", 1))
    res = invoke(
        "run", str(ROOT / "seeds"), "--rules", str(rules), "--out", str(tmp_path / "o"), "--no-history"
    )
    assert res.exit_code == 2
    assert f"{bad}:" in res.output and "cumulativ" in res.output and "allowed" in res.output
    assert "Traceback" not in res.output


def test_rules_commands():
    assert invoke("rules", "lint", "--rules", RULES).exit_code == 0
    listed = invoke("rules", "list", "--rules", RULES)
    assert "hostages.released" in listed.output
    tested = invoke("rules", "test", "casualties", "--rules", RULES)
    assert tested.exit_code == 0 and "pass" in tested.output
    assert invoke("rules", "test", "nosuch", "--rules", RULES).exit_code == 2


def test_eval_prints_precision_and_recall():
    corrections = str(ROOT / "tests/gold/seeds.reconciliations.yaml")  # an editor's merge of two stories
    res = invoke("eval", str(ROOT / "tests/gold/seeds.yaml"), str(ROOT / "seeds"), "--rules", RULES,
                 "--reconciliations", corrections, "--min-recall", "1")  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "precision" in res.output and "recall    1.00" in res.output


def test_help_imports_nothing_heavy():
    code = ("import sys, time; t=time.time(); from checker.cli import app; "
            "heavy=[m for m in ('great_expectations','pandas','trafilatura','dask','pydantic','checker.app') "
            "if m in sys.modules]; "
            "print(heavy)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    proc = subprocess.run([sys.executable, "-m", "checker", "--help"], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "100"})  # fmt: skip
    assert proc.returncode == 0 and "run" in proc.stdout


@pytest.mark.parametrize("args", [["run", "--rules"], ["nosuchcommand"]])
def test_bad_arguments_exit_2(args):
    res = runner.invoke(app, args)
    assert res.exit_code == 2


def test_check_with_a_missing_named_input_is_exit_2(tmp_path):
    res = invoke("check", str(ROOT / "seeds"), str(tmp_path / "nope.txt"), "--rules", RULES, "--out",
                 str(tmp_path / "o"), "--no-history", "--reconciliations", str(tmp_path / "r.yaml"))  # fmt: skip
    assert res.exit_code == 2 and "nope.txt: no such file or directory" in res.output


def test_nothing_extracted_is_said(tmp_path):
    (tmp_path / "a.txt").write_text("A quiet day in the city. Nothing happened.\n")
    res = invoke("run", str(tmp_path / "a.txt"), "--rules", RULES, "--out", str(tmp_path / "o"), "--no-history")
    assert res.exit_code == 0 and "no claim was extracted" in res.output
