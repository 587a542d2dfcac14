"""Reconciliation at scale: `baseline update` over N flags should cost about N, not N squared.

    .venv/bin/python bench/bench_reconcile.py --flags 7300 60000

For each size: N flags of a generated run (several stories, checks and measures; two or three answers
each) are matched against a reconciliation file, baselined into it (every entry written, sorted and
atomic, as the command does), matched again from the file read back (every flag known), and half of them
baselined again after new answers arrive (changed). Prints seconds per step and microseconds per flag, so
a quadratic step shows as a per-flag cost that grows with N.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from checker import reconcile
from checker.flags import fingerprint
from checker.models import Answer, Flag

CHECKS = ("value_conflict", "date_conflict", "sum_mismatch", "part_exceeds_whole")
MEASURES = ("casualties.killed", "casualties.injured", "people.rescued", "people.missing", "hostages.released")


def flags(n: int, seed: int = 7) -> tuple[list[Flag], dict[str, str]]:
    """N flags with distinct questions, and a readable line per claim as the CLI passes to baseline."""
    rng = random.Random(seed)
    out: list[Flag] = []
    lines: dict[str, str] = {}
    for i in range(n):
        story, check, measure = f"s{i % 997:04d}", CHECKS[i % len(CHECKS)], MEASURES[(i // 7) % len(MEASURES)]
        qualifiers = {"place": f"town {i % 311}"} if i % 3 else {}
        slot = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        values = sorted({str(rng.randint(1, 500)) for _ in range(rng.choice((2, 2, 3)))})
        claim_ids = [f"c{i:07d}{k}" for k in range(len(values))]
        articles = [f"feed/{i % 5000:05d}-{k}.txt" for k in range(len(values))]
        answers = [Answer(value=v, claim_ids=[c], article_ids=[a])
                   for v, c, a in zip(values, claim_ids, articles, strict=True)]  # fmt: skip
        out.append(Flag(discrepancy_id=fingerprint(story, check, measure, qualifiers, slot), check=check,
                        rule_id=measure.split(".")[0], measure=measure, qualifiers=qualifiers, severity="error",
                        claim_ids=claim_ids, article_ids=articles, values=values, answers=answers,
                        summary=f"{measure}: {' vs '.join(values)}", story_id=story, slot=slot))  # fmt: skip
        for c, a, v in zip(claim_ids, articles, values, strict=True):
            lines[c] = f"{a}: {v!r} ({measure}, reported) — Officials said {v} people were affected."
    return out, lines


def bench(n: int) -> dict[str, float]:
    found, lines = flags(n)
    assert len({f.discrepancy_id for f in found}) == n, "generated questions collide"
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reconciliations.yaml"
        t = time.perf_counter()
        matches, _ = reconcile.match(found, reconcile.load(path).entries)
        failing = [f for f in found if matches[f.discrepancy_id].status in ("new", "changed")]
        added = reconcile.baseline(path, failing, lines, "bench")
        times["baseline update (all new)"] = time.perf_counter() - t
        assert len(added) == n
        t = time.perf_counter()
        entries = reconcile.load(path).entries
        times["read the file back"] = time.perf_counter() - t
        t = time.perf_counter()
        matches, stale = reconcile.match(found, entries)
        times["match (all known)"] = time.perf_counter() - t
        assert not stale and all(m.status == "known" for m in matches.values())
        grown = [f.model_copy(update={"values": [*f.values, "9999"]}) if i % 2 else f for i, f in enumerate(found)]
        t = time.perf_counter()
        matches, _ = reconcile.match(grown, reconcile.load(path).entries)
        failing = [f for f in grown if matches[f.discrepancy_id].status in ("new", "changed")]
        again = reconcile.baseline(path, failing, lines, "bench")
        times["baseline update (half changed)"] = time.perf_counter() - t
        assert len(again) == n // 2
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--flags", type=int, nargs="+", default=[7300, 60000])
    args = parser.parse_args()
    print(f"{'flags':>7}  {'step':32} {'seconds':>8}  {'µs/flag':>8}")
    for n in args.flags:
        for step, seconds in bench(n).items():
            print(f"{n:>7}  {step:32} {seconds:8.2f}  {seconds / n * 1e6:8.1f}")


if __name__ == "__main__":
    main()
