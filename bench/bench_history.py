"""Nightly-run benchmark: a second run over a grown corpus should cost about its new articles, not the corpus.

    /work/venv/bin/python bench/bench_history.py --articles 10000 --new 100

Generates N news-like articles, runs the pipeline once with a fresh history (fills the extraction
cache), adds M new articles, runs again, and prints both timings and their ratio, split into the
extraction part (what the cache saves) and the rest (reading, validation, comparison, reports).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
PLACES = ["Chile", "Peru", "Gaza", "Kyiv", "Manila", "Lagos", "Quito", "Dhaka", "Hanoi", "Tbilisi",
          "Bogota", "Nairobi", "Lima", "Cairo", "Accra", "Sendai"]  # fmt: skip
TEMPLATES = [
    "Rescuers pulled {n} miners out alive in {place} on {weekday}, officials said.",
    "At least {n} people were killed when floods hit {place} on {weekday}, the ministry said.",
    "Authorities in {place} said {n} people were injured in the blast.",
    "{n} hostages were released in {place} on {weekday}, according to the mediators.",
    "Police in {place} arrested {n} protesters after the march on {weekday}.",
    "The fire in {place} destroyed {n} homes, the mayor said.",
]
FILLER = [
    "Residents gathered near the site as emergency crews worked through the night.",
    "The government promised an inquiry into what happened.",
    "Local media showed images of crowds waiting for news of relatives.",
    "Officials declined to give further details while the operation continued.",
    "Aid groups said more help was needed in the coming days.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def make_article(i: int, rng: random.Random) -> str:
    day = dt.date(2024, 1, 1) + dt.timedelta(days=i % 300)
    lines = ["---", f"published: {day.isoformat()}", f"title: Report {i}", "---", ""]
    for _ in range(rng.randint(2, 4)):
        tpl = rng.choice(TEMPLATES)
        lines.append(
            tpl.format(n=rng.randint(2, 400), place=rng.choice(PLACES), weekday=rng.choice(WEEKDAYS))
        )
        lines.append(" ".join(rng.sample(FILLER, 2)))
        lines.append("")
    return "\n".join(lines)


def write_corpus(folder: Path, start: int, count: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + count):
        (folder / f"{i:06d}.txt").write_text(make_article(i, rng), encoding="utf-8")


def timed_run(
    corpus: Path, rules: Path, history: Path | None, workers: int | None
) -> tuple[float, float, dict]:
    """(total seconds, seconds in comparison, run info) of one in-process pipeline run."""
    from checker import compare
    from checker.pipeline import run_pipeline

    spent = {"compare": 0.0}
    original = compare.compare

    def timed_compare(claims):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return original(claims)
        finally:
            spent["compare"] += time.perf_counter() - t

    compare.compare = timed_compare  # type: ignore[assignment]
    try:
        t0 = time.perf_counter()
        result = run_pipeline([str(corpus)], str(rules), history=str(history) if history else None,
                              workers=workers)  # fmt: skip
        total = time.perf_counter() - t0
    finally:
        compare.compare = original  # type: ignore[assignment]
    return total, spent["compare"], result.report["run"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--new", type=int, default=100)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--rules", default=str(ROOT / "rules"))
    ap.add_argument("--keep", action="store_true", help="Keep the generated corpus and history.")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench_history_"))
    corpus, history, rules = work / "corpus", work / "history.sqlite", work / "rules"
    try:
        # a snapshot: rule files edited during the benchmark must not change its second run
        shutil.copytree(args.rules, rules)
        write_corpus(corpus, 0, args.articles, seed=1)
        from checker.pipeline import run_pipeline  # noqa: F401  # import cost out of the timings

        t1, c1, r1 = timed_run(corpus, rules, history, args.workers)
        write_corpus(corpus, args.articles, args.new, seed=2)
        t2, c2, r2 = timed_run(corpus, rules, history, args.workers)
        only_new = work / "only_new"
        write_corpus(only_new, args.articles, args.new, seed=2)
        t3, c3, r3 = timed_run(only_new, rules, None, args.workers)
        workers = args.workers or os.cpu_count()
        print(f"corpus: {args.articles} articles, then +{args.new} new; workers={workers}")
        print(f"run 1 (empty cache):   {t1:8.2f} s  extracted {r1['extracted']:>6}  compare {c1:7.2f} s"
              f"  claims {r1['claims']}, flags {r1['discrepancies']}")  # fmt: skip
        print(f"run 2 (cache, +new):   {t2:8.2f} s  extracted {r2['extracted']:>6}  compare {c2:7.2f} s"
              f"  claims {r2['claims']}, flags {r2['discrepancies']}")  # fmt: skip
        print(f"new articles alone:    {t3:8.2f} s  extracted {r3['extracted']:>6}  compare {c3:7.2f} s"
              "  (no history)")  # fmt: skip
        share = args.new / (args.articles + args.new)
        print(f"ratio run2/run1:       {t2 / t1:8.3f}   (new/total articles: {share:.3f})")
        print(
            f"ratio run2/new-alone:  {t2 / t3:8.2f}   (1.0 = the second run costs exactly its new articles)"
        )
        rest1, rest2 = t1 - c1, t2 - c2
        print(f"without comparison:    run 1 {rest1:.2f} s, run 2 {rest2:.2f} s, ratio {rest2 / rest1:.3f}")
        print(f"history size:          {history.stat().st_size / 1e6:.1f} MB")
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
