"""kill -9 at chosen moments of real runs, and runs racing on one folder: nothing is lost, nothing is left held."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from checker.history import read_runs
from tests.conftest import run_on
from tests.test_reliability import one_run

ROOT = Path(__file__).resolve().parent.parent
RULES = str(ROOT / "rules")
FRONT = "---\npublished: 2024-05-04\n---\n"
REPORTS = ("claims.csv", "discrepancies.csv", "report.json", "report.html")

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")]


def spawn(cwd: Path, *args: str, log: str = "err.txt", env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """`claimcheck run` in its own session (so the test can clean up whatever it leaves), stderr to `log`."""
    argv = [sys.executable, "-m", "checker", "run", *args, "--rules", RULES, "--reconciliations", "recon.yaml"]
    full_env = {**os.environ, "GX_ANALYTICS_ENABLED": "false", **(env or {})}
    return subprocess.Popen(argv, cwd=cwd, env=full_env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=open(cwd / log, "wb"), start_new_session=True)  # fmt: skip


def alive(pid: int) -> bool:
    """Running (a zombie is dead: its parent has not collected it yet)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def kill9(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)


def cleanup(proc: subprocess.Popen[bytes], leftovers: set[int]) -> None:
    """Whatever a failed test left running: the session the test started, and any process it recorded."""
    with_group = [proc.pid]
    for pid in leftovers | set(with_group):
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    if proc.poll() is None:
        proc.kill()
        proc.wait(30)


def no_leftovers(out: Path) -> None:
    """No staging folder, no half-made link, no temporary file, and one run folder."""
    assert [p.name for p in (out / "runs").iterdir()] == [os.readlink(out / "current").split("/")[-1]]
    assert not [p.name for p in out.iterdir() if p.name.endswith((".tmp", ".link"))]


def next_run_starts_at_once(project: Path, sources: str, capfd: pytest.CaptureFixture[str]) -> None:
    """A run on the same history and folder that may not wait a moment for a lock: it succeeds, saying it took
    over the lock the killed run left."""
    run_on([project / sources], history=str(project / "h.sqlite"), out=str(project / "out"), lock_timeout=0,
           reconciliations=str(project / "recon.yaml"))  # fmt: skip
    err = capfd.readouterr().err
    assert "waiting for" not in err and "taking it over" in err


def test_kill_9_during_extraction_leaves_no_worker_and_the_next_run_starts_at_once(tmp_path, capfd):
    write_corpus(tmp_path / "big" / "feed", 300)
    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_text(FRONT + "Rescuers pulled 17 miners out alive in Chile on Saturday.\n")
    proc = spawn(tmp_path, "big", "--out", "out", "--history", "h.sqlite", "--workers", "2")
    workers: set[int] = set()
    try:
        wait_for(lambda: len(children(proc.pid)) >= 2 or proc.poll() is not None, 120, "the extraction workers")
        assert proc.poll() is None, (tmp_path / "err.txt").read_text()
        workers = children(proc.pid)
        kill9(proc)
        deadline = time.monotonic() + 5
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if alive(w)], "a worker outlived the run by 5 s"
        next_run_starts_at_once(tmp_path, "small", capfd)
        assert [r["articles"] for r in read_runs(tmp_path / "h.sqlite")] == [1]  # the killed run was never recorded
        one_run(tmp_path / "out")
    finally:
        cleanup(proc, workers)


def test_a_worker_killed_from_outside_stops_the_run_with_a_message_and_nothing_recorded(tmp_path):
    write_corpus(tmp_path / "big" / "feed", 300)
    proc = spawn(tmp_path, "big", "--out", "out", "--history", "h.sqlite", "--workers", "2")
    workers: set[int] = set()
    try:
        wait_for(lambda: len(children(proc.pid)) >= 2 or proc.poll() is not None, 120, "the extraction workers")
        workers = children(proc.pid)
        os.kill(min(workers), signal.SIGKILL)  # as the out-of-memory killer would
        assert proc.wait(120) == 2
        wait_for(lambda: not any(alive(w) for w in workers), 5, "the other worker to go")
    finally:
        cleanup(proc, workers)
    err = (tmp_path / "err.txt").read_text()
    assert "an extraction worker died" in err and "Traceback" not in err
    assert read_runs(tmp_path / "h.sqlite") == []
    assert not (tmp_path / "out" / "report.json").exists()


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> Path:
    """A desk that ran once: its reports and history are the old run a killed run must leave whole."""
    root = tmp_path_factory.mktemp("desk")
    arts = root / "arts"
    arts.mkdir()
    for i, n in enumerate((17, 15, 17, 12)):
        (arts / f"a{i}.txt").write_text(FRONT + f"Rescuers pulled {n} miners out alive in Chile on Saturday.\n")
    run_on([arts], history=str(root / "h.sqlite"), out=str(root / "out"))
    return root


@pytest.mark.parametrize("moment", ["compare", "report-file", "report-swap", "record"])
def test_kill_9_at_any_moment_leaves_one_whole_run_and_nothing_held(desk, tmp_path, moment, capfd):
    project = tmp_path / "p"
    shutil.copytree(desk, project, symlinks=True)
    out = project / "out"
    old = {name: (out / name).read_bytes() for name in REPORTS}
    (project / "arts" / "a3.txt").write_text(FRONT + "Rescuers pulled 9 miners out alive in Chile on Saturday.\n")
    proc = spawn(project, "arts", "--out", "out", "--history", "h.sqlite",
                 env={"CLAIMCHECK_TEST_PAUSE": f"{moment}:60"})  # fmt: skip
    try:
        wait_for(lambda: f"test pause at {moment}" in (project / "err.txt").read_text() or proc.poll() is not None,
                 120, moment)  # fmt: skip
        assert proc.poll() is None, (project / "err.txt").read_text()
        kill9(proc)
    finally:
        cleanup(proc, set())
    one_run(out)  # old or new, never a mix
    now = {name: (out / name).read_bytes() for name in REPORTS}
    if moment in ("compare", "report-file"):
        assert now == old
    else:  # the swap is done: the new run is the one shown
        assert now != old and "9 miners" in now["report.json"].decode()
    assert len(read_runs(project / "h.sqlite")) == 1  # only a run whose reports exist gets recorded; not this one
    next_run_starts_at_once(project, "arts", capfd)
    one_run(out)
    no_leftovers(out)
    assert len(read_runs(project / "h.sqlite")) == 2


def test_two_runs_racing_on_one_folder_without_a_history(desk, tmp_path, capfd):
    project = tmp_path / "p"
    shutil.copytree(desk, project, symlinks=True)
    (project / "arts" / "a3.txt").write_text(FRONT + "Rescuers pulled 9 miners out alive in Chile on Saturday.\n")
    # the first holds the folder's lock for longer than the second takes to reach it, even on a loaded machine
    first = spawn(project, "arts", "--out", "out", "--no-history", log="err0.txt",
                  env={"CLAIMCHECK_TEST_PAUSE": "report-swap:8"})  # fmt: skip
    try:
        wait_for(lambda: "test pause at report-swap" in (project / "err0.txt").read_text() or first.poll() is not None,
                 120, "the first run publishing")  # fmt: skip
        assert first.poll() is None
        second = run_on([project / "arts"], out=str(project / "out"))  # meanwhile, in this process
        assert first.wait(120) == 0, (project / "err0.txt").read_text()
    finally:
        cleanup(first, set())
    assert "waiting for" in capfd.readouterr().err  # the second waited for the first to finish writing
    assert one_run(project / "out") == second.info["started"]  # and wrote after it: its run is the one shown
    no_leftovers(project / "out")


def test_a_second_run_that_cannot_wait_for_the_folder_exits_2(desk, tmp_path):
    from typer.testing import CliRunner

    from checker.cli import app

    project = tmp_path / "p"
    shutil.copytree(desk, project, symlinks=True)
    first = spawn(project, "arts", "--out", "out", "--no-history", log="err0.txt",
                  env={"CLAIMCHECK_TEST_PAUSE": "report-swap:60"})  # fmt: skip
    try:
        wait_for(lambda: "test pause at report-swap" in (project / "err0.txt").read_text() or first.poll() is not None,
                 120, "the first run publishing")  # fmt: skip
        second = CliRunner().invoke(app, ["run", str(project / "arts"), "--out", str(project / "out"), "--no-history",
                                          "--rules", RULES, "--lock-timeout", "0.2"])  # fmt: skip
    finally:
        cleanup(first, set())
    assert second.exit_code == 2
    assert "another claimcheck run is writing its reports here" in second.stderr and "Traceback" not in second.stderr
    one_run(project / "out")  # the first run's, swapped in before it was killed, or the old one: whole
    assert not [p for p in (project / "out" / "runs").iterdir() if p.name.startswith(f".staging-{os.getpid()}-")]
