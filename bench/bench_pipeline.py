"""Pipeline benchmark: articles/s, MB/s and peak memory of a whole `claimcheck run` on a generated corpus."""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_corpus


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, nargs="*", default=[1000, 10000], help="corpus sizes")
    ap.add_argument("--workers", type=int, default=None, help="extraction processes (default: cores)")
    args = ap.parse_args()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    from checker.app import RunConfig, run

    rules = str(Path(__file__).resolve().parent.parent / "rules")
    for n in args.n:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "corpus"
            paths = write_corpus(folder, n)
            size = sum(p.stat().st_size for p in paths) / 1e6
            started = time.perf_counter()
            config = RunConfig(sources=(str(folder),), rules=rules, out=str(Path(tmp) / "out"), reconciliations=None,
                               workers=args.workers)  # fmt: skip
            result = run(config)
            took = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"pipeline | {n} articles, {size:.1f} MB | {took:.1f} s | {n / took:,.0f} articles/s | "
                  f"{size / took:.2f} MB/s | peak RSS {peak:,.0f} MB (largest worker {children:,.0f} MB) | "
                  f"{len(result.claims):,} claims, {len(result.flags):,} flags")  # fmt: skip
            stages = result.info["seconds"]
            print("  stages: " + ", ".join(f"{k} {v:.1f} s ({v / took:.0%})" for k, v in stages.items())
                  + f", write {took - sum(stages.values()):.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
