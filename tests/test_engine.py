"""Engines: the local pool and a Dask cluster write byte-identical claims.csv and discrepancies.csv."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from checker.engine import make_engine
from checker.errors import UsageError
from tests.conftest import ROOT, run_on


def _corpus(folder: Path) -> Path:
    write_corpus(folder, 240, seed=11)  # enough for the local pool and for several Dask tasks
    shutil.copytree(ROOT / "seeds", folder / "seeds")  # and stories of their own
    return folder


def _csvs(out: Path) -> tuple[bytes, bytes]:
    return (out / "claims.csv").read_bytes(), (out / "discrepancies.csv").read_bytes()


@pytest.mark.slow
def test_dask_run_writes_the_same_csvs_as_a_local_run(tmp_path):
    distributed = pytest.importorskip("distributed")
    corpus = _corpus(tmp_path / "corpus")
    local = run_on([corpus], out=str(tmp_path / "local"), workers=2)
    assert local.info["engine"] == "local" and local.flags
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:  # fmt: skip
        dask = run_on([corpus], out=str(tmp_path / "dask"), engine="dask", scheduler=cluster.scheduler_address)
    assert dask.info["engine"] == "dask"
    assert _csvs(tmp_path / "dask") == _csvs(tmp_path / "local")
    assert len(dask.claims) == len(local.claims) and len(dask.flags) == len(local.flags)


@pytest.mark.slow
def test_the_scheduler_can_come_from_the_environment(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    (tmp_path / "a.txt").write_text("---\npublished: 2024-05-06\n---\nOfficials said 17 miners were rescued.\n")
    with distributed.LocalCluster(n_workers=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster:
        monkeypatch.setenv("CLAIMCHECK_DASK_SCHEDULER", cluster.scheduler_address)
        result = run_on([tmp_path / "a.txt"], engine="dask")
    assert result.info["engine"] == "dask" and [c.value for c in result.claims] == [17.0]


def test_dask_without_a_scheduler_is_a_usage_error(monkeypatch):
    monkeypatch.delenv("CLAIMCHECK_DASK_SCHEDULER", raising=False)
    with pytest.raises(UsageError, match="--scheduler"):
        make_engine("dask", str(ROOT / "rules"))


def test_an_unknown_engine_is_a_usage_error():
    with pytest.raises(UsageError, match="local, dask"):
        make_engine("spark", str(ROOT / "rules"))


def test_an_unreachable_scheduler_names_it(tmp_path):
    pytest.importorskip("distributed")
    from checker.engine.dask import DaskEngine
    from checker.errors import ClaimcheckError

    with pytest.raises(ClaimcheckError, match=r"127\.0\.0\.1:9"):
        DaskEngine(str(ROOT / "rules"), "tcp://127.0.0.1:9")  # the discard port: nothing listens


def test_cli_runs_on_dask(tmp_path):
    distributed = pytest.importorskip("distributed")
    from typer.testing import CliRunner

    from checker.cli import app

    (tmp_path / "a.txt").write_text("---\npublished: 2024-05-06\n---\nOfficials said 17 miners were rescued.\n")
    with distributed.LocalCluster(n_workers=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster:
        result = CliRunner().invoke(app, ["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"),
                                          "--no-history", "--reconciliations", str(tmp_path / "r.yaml"),
                                          "--engine", "dask", "--scheduler", cluster.scheduler_address])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "17" in (tmp_path / "out" / "claims.csv").read_text()
