"""One-article `claimcheck check`: its time beyond Python's own start, with the rules cache cold and warm.

    .venv/bin/python bench/bench_check.py [FILE] [-n 9] [--base OTHER_CHECKOUT]

Each timed run is a fresh process (`python -m checker check FILE`, this checkout's code: PYTHONPATH is set
to it) in a fresh folder, so its history and reports start empty and the article is extracted every time.
"cold": an empty cache folder per run (what the first run after installing or editing a rule pays); "warm":
a cache folder filled by one run before. Prints the median and the fastest of N runs minus the median of
`python -c pass`, wall and CPU time, and the same for `--help`. `--base` also times another checkout's warm
check (say, main's commit before a change), run by run alternating with this one's, with the same rules:
on a shared box the two see the same load.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "seeds" / "000_5d3805ccd57af57b.txt"


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run; on a busy shared box the CPU figure is the
    steadier one."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if done.returncode not in (0, 1):  # 1: the gate found a flag, still a complete run
        sys.exit(f"{' '.join(cmd)}: exit {done.returncode}: {done.stderr.decode()[-500:]}")
    return took, cpu


def series(n: int, cmd: list[str], env: dict[str, str], cache: str | None) -> list[tuple[float, float]]:
    out = []
    for _ in range(n):
        with tempfile.TemporaryDirectory() as work:
            run_env = {**env, "CLAIMCHECK_CACHE_DIR": cache or str(Path(work) / "cache")}
            out.append(timed(cmd, Path(work), run_env))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("-n", type=int, default=9, help="runs per figure")
    ap.add_argument("--base", help="another checkout whose warm check is timed alternately with this one's")
    args = ap.parse_args()
    article = str(Path(args.file).resolve())
    # as installed: bytecode is cached (a shell with PYTHONDONTWRITEBYTECODE compiles every module each start)
    plain = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    plain |= {"GX_ANALYTICS_ENABLED": "false"}
    env = plain | {"PYTHONPATH": str(ROOT)}
    py = sys.executable
    check = [py, "-m", "checker", "check", article, "--out", "out", "--rules", str(ROOT / "rules")]
    start = series(args.n, [py, "-c", "pass"], plain, None)
    base, base_cpu = statistics.median(t for t, _ in start), statistics.median(c for _, c in start)
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as other_cache:
        timed(check, Path(cache), {**env, "CLAIMCHECK_CACHE_DIR": cache})  # fills the cache
        rows = {
            "check, rules cache cold": series(args.n, check, env, None),
            "check, rules cache warm": series(args.n, check, env, cache),
            "--help": series(args.n, [py, "-m", "checker", "--help"], env, cache),
        }
        if args.base:
            other = plain | {"PYTHONPATH": str(Path(args.base).resolve())}
            timed(check, Path(other_cache), {**other, "CLAIMCHECK_CACHE_DIR": other_cache})
            mine, theirs = [], []
            for _ in range(args.n):
                theirs += series(1, check, other, other_cache)
                mine += series(1, check, env, cache)
            rows |= {"--base, warm": theirs, "this, warm (alternating)": mine}
    print(f"{Path(article).name} ({Path(article).stat().st_size} bytes), {args.n} runs each; "
          f"python -c pass: {base:.3f} s wall, {base_cpu:.3f} s CPU (subtracted)")  # fmt: skip
    for name, runs in rows.items():
        wall = [t - base for t, _ in runs]
        cpu = [c - base_cpu for _, c in runs]
        print(f"{name:26s} wall median {statistics.median(wall):6.3f} s, fastest {min(wall):6.3f} s;"
              f"  CPU median {statistics.median(cpu):6.3f} s, least {min(cpu):6.3f} s")


if __name__ == "__main__":
    main()
