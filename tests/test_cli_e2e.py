"""End to end through the CLI: baseline, gate, reconcile, stale entries, atomic writes, concurrent runs."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.history import History, read_runs

ROOT = Path(__file__).resolve().parent.parent
RULES = str(ROOT / "rules")
FRONT = "---\npublished: 2024-05-04\n---\n"


def miners(n: int, extra: str = "") -> str:
    return f"{FRONT}Rescuers pulled {n} miners out alive in Chile on Saturday.{extra}\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A newsroom folder: two articles that disagree, run from its root like CI would."""
    monkeypatch.chdir(tmp_path)
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a.txt").write_text(miners(17))
    (arts / "b.txt").write_text(miners(15))
    return tmp_path


def cli(*args: str):
    """Invoke claimcheck in-process with the test's rules and files; return (exit code, stdout, stderr)."""
    common = ["--history", "h.sqlite"]
    if args[0] != "history":
        common += ["--rules", RULES, "--reconciliations", "recon.yaml"]
    if args[0] in ("check", "run"):
        common += ["--out", "out"]
    argv = list(args)
    pos = 2 if args[0] == "baseline" else 1
    argv[pos:pos] = common
    r = CliRunner().invoke(app, argv)
    if r.exception and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r.exit_code, r.stdout, r.stderr


def check(*args: str):
    return cli("check", "arts", "--fail-on", "info", *args)


def flags() -> list[dict]:
    return json.loads(Path("out/report.json").read_text())["discrepancies"]


def test_gate_lifecycle(project):
    code, out, _ = check()
    assert code == 1, out
    assert "NEW" in out and "arts/a.txt:4:" in out and "arts/b.txt:4:" in out
    assert [f["new_since_last_run"] for f in flags()] == [True]

    # adopting the gate on an existing corpus: everything current is accepted
    code, out, err = cli("baseline", "update", "arts")
    assert code == 0, err
    assert "1 flags recorded as baseline" in out
    code, out, _ = check()
    assert code == 0, out
    assert [(f["status"], f["new_since_last_run"]) for f in flags()] == [("known", False)]

    # a new article with a new conflicting figure re-opens the question: changed, and the gate fails
    accepted_id = flags()[0]["discrepancy_id"]
    (project / "arts" / "c.txt").write_text(miners(16))
    code, out, _ = check("--format", "json")
    assert code == 1
    verdict = json.loads(out)
    assert verdict["counts"]["failing"] == 1 and verdict["counts"]["stale"] == 0
    new_id = verdict["failing"][0]["discrepancy_id"]
    assert new_id == accepted_id and verdict["failing"][0]["status"] == "changed"
    assert "16" in verdict["failing"][0]["values"]

    # the editor explains it, naming no folder (the last run's report is enough): the gate passes
    code, out, err = cli("reconcile", new_id, "--decision", "explained", "--note", "early count", "--by", "ed")
    assert code == 0, err
    recon = Path("recon.yaml").read_text()
    assert f"id: {new_id}" in recon and "decision: explained" in recon and "by: ed" in recon
    assert "Rescuers pulled 16 miners" in recon
    assert recon.count("- id: ") == 1  # the decision replaced the baseline of the same question
    code, out, _ = check()
    assert code == 0, out
    assert flags()[0]["status"] == "reconciled"

    # a new article repeating a known value keeps the decision
    (project / "arts" / "d.txt").write_text(miners(17, " Officials confirmed the count."))
    code, out, _ = check()
    assert code == 0, out
    assert flags()[0]["status"] == "reconciled"
    assert len(flags()[0]["article_ids"]) == 4

    # remove articles so the flag disappears: the entry is stale: a warning, a failure under --strict
    (project / "arts" / "b.txt").unlink()
    (project / "arts" / "c.txt").unlink()
    code, out, _ = check()
    assert code == 0
    assert f"stale reconciliation {new_id}" in out
    code, out, _ = check("--strict", "--format", "github")
    assert code == 1
    assert f"::error file=recon.yaml,line=5,title=claimcheck stale reconciliation::stale reconciliation {new_id}" in out

    code, out, _ = cli("baseline", "prune", "arts")
    assert code == 0 and f"removed {new_id}" in out
    assert "- id:" not in Path("recon.yaml").read_text()
    assert check("--strict")[0] == 0

    code, out, _ = cli("history")
    assert code == 0
    assert len(read_runs("h.sqlite")) == 8  # every `check` is a recorded run; reconcile/baseline are not


def test_default_fail_level_is_error_and_severity_counts(project):
    code, _, _ = check()
    assert code == 1
    severity = flags()[0]["severity"]
    code, out, _ = cli("check", "arts", "--fail-on", "error")
    assert code == (1 if severity == "error" else 0), out


def test_github_annotations_point_at_the_quote(project):
    code, out, _ = check("--format", "github", "--junit", "out/junit.xml")
    assert code == 1
    assert out.startswith("::")
    assert "file=arts/a.txt,line=4," in out and "file=arts/b.txt,line=4," in out
    assert Path("out/junit.xml").read_text().startswith("<?xml")


def test_unknown_id_lists_near_matches(project):
    check()
    real = flags()[0]["discrepancy_id"]
    code, _, err = cli("reconcile", real[:-1] + "x", "--decision", "explained", "--note", "n", "arts")
    assert code == 2
    assert real in err and "did you mean" in err
    assert not Path("recon.yaml").exists()


def test_malformed_reconciliation_file_is_exit_2_with_location(project):
    Path("recon.yaml").write_text("version: 1\nentries:\n  - id: d1\n    decision: maybe\n")
    code, _, err = check()
    assert code == 2
    assert "recon.yaml:4:5:" in err and "allowed: explained" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "empty", "--fail-on", "info"], "no article"),
        (["check", "missing-folder"], "no article"),
        (["check", "arts", "--fail-on", "bogus"], ""),
        (["check", "arts", "--format", "xml"], ""),
    ],
)
def test_could_not_run_is_exit_2(project, args, message):
    Path("empty").mkdir()
    code, _, err = cli(*args)
    assert code == 2
    assert message in err


def test_no_rules_is_exit_2(project):
    Path("norules").mkdir()
    r = CliRunner().invoke(app, ["check", "arts", "--rules", "norules", "--no-history", "--out", "out"])
    assert r.exit_code == 2
    assert "no rule files" in r.stderr


def test_failed_write_leaves_the_reconciliation_file_intact(project, monkeypatch):
    check()
    cli("baseline", "update", "arts")
    before = Path("recon.yaml").read_bytes()
    (project / "arts" / "c.txt").write_text(miners(16))
    check()
    new_id = next(f["discrepancy_id"] for f in flags() if f["status"] == "changed")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    code, _, err = cli("reconcile", new_id, "--decision", "explained", "--note", "n", "arts")
    assert code == 2 and "disk full" in err
    assert Path("recon.yaml").read_bytes() == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".recon")) == []


# -- two processes, one history ------------------------------------------------------------------------
def _spawn(project: Path, *extra: str, log: str) -> subprocess.Popen:
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    argv = [sys.executable, "-m", "checker", "run", "arts", "--rules", RULES, "--out", "out",
            "--history", "h.sqlite", "--reconciliations", "recon.yaml", *extra]  # fmt: skip
    return subprocess.Popen(argv, cwd=project, env=env, stdout=subprocess.DEVNULL,
                            stderr=open(project / log, "w"))  # fmt: skip


def test_second_run_waits_for_the_lock_then_runs(project):
    holder = History(project / "h.sqlite")
    holder.open()
    proc = _spawn(project, "--lock-timeout", "120", log="err.txt")
    try:
        deadline = time.monotonic() + 60
        while "waiting for" not in (project / "err.txt").read_text() and time.monotonic() < deadline:
            assert proc.poll() is None, (project / "err.txt").read_text()
            time.sleep(0.1)
        assert "waiting for h.sqlite" in (project / "err.txt").read_text()
        assert proc.poll() is None
    finally:
        holder.close()
    assert proc.wait(120) == 0, (project / "err.txt").read_text()
    assert len(read_runs(project / "h.sqlite")) == 1


def test_tiny_lock_timeout_is_exit_2_with_a_message(project):
    with History(project / "h.sqlite"):
        proc = _spawn(project, "--lock-timeout", "0.2", log="err.txt")
        code = proc.wait(120)
    err = (project / "err.txt").read_text()
    assert code == 2, err
    assert "h.sqlite is in use by another claimcheck run" in err and "--lock-timeout" in err
    assert "Traceback" not in err


def test_two_concurrent_runs_both_recorded_and_history_intact(project):
    procs = [_spawn(project, log=f"err{i}.txt") for i in range(2)]
    codes = [p.wait(300) for p in procs]
    assert codes == [0, 0], [(project / f"err{i}.txt").read_text() for i in range(2)]
    runs = read_runs(project / "h.sqlite")
    assert len(runs) == 2
    assert sorted(r["extracted"] for r in runs) == [0, 2]  # the second ran after the first, from its cache
    db = sqlite3.connect(project / "h.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
