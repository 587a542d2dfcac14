"""Atomic writes: the old file or the new one, and the mode an ordinary file would get."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from checker.atomic import atomic_write_text, current_umask

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002, 0o077])
def test_written_files_follow_the_umask(tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        assert current_umask() == mask
        target = tmp_path / "report.json"
        atomic_write_text(target, "{}\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
        target.chmod(0o600)  # a file left private by an older version opens up on the next write
        atomic_write_text(target, "{}\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    finally:
        os.umask(old)
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


def test_a_run_writes_reports_and_reconciliations_readable_by_others(tmp_path: Path) -> None:
    out, recon = tmp_path / "out", tmp_path / "reconciliations.yaml"
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    cmd = [sys.executable, "-c", "import os, sys; os.umask(0o022); from checker.cli import main; sys.argv[0] = 'claimcheck'; main()"]  # noqa: E501
    run = subprocess.run([*cmd, "run", "seeds/", "--out", str(out), "--no-history"], cwd=ROOT, env=env,
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    base = subprocess.run([*cmd, "baseline", "update", "seeds/", "--reconciliations", str(recon), "--no-history"],
                          cwd=ROOT, env=env, capture_output=True, text=True)  # fmt: skip
    assert base.returncode == 0, base.stderr
    for p in [*out.rglob("*"), recon]:
        mode = stat.S_IMODE(p.stat().st_mode)  # report names are links into runs/: their targets' modes
        assert mode == (0o755 if p.is_dir() else 0o644), p
