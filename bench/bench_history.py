"""Nightly-run benchmark: a second run over a grown corpus should cost about its new articles, not the corpus.

    .venv/bin/python bench/bench_history.py --articles 10000 --new 100
    .venv/bin/python bench/bench_history.py --speed-corpus --articles 4000 --new 40   # the issue-14 figure

Generates N news-like articles (with --speed-corpus: the first N of ../shared/tools/make_corpus.py's N+M, a
few busy stories), runs the pipeline once with a fresh history (fills the caches), adds M new articles, runs
again, and prints both timings and their ratio, in wall time and in CPU time (this process and its workers:
the steadier figure on a busy machine). Both runs write the four reports, as a nightly job does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
# the history's tables that only save work (checker/history.py): emptied, a run must write the same CSVs
CACHES = ("files", "extraction_cache", "story_docs", "story_cache", "report_pieces", "name_mentions", "copy_sketches",
          "row_checks")  # fmt: skip
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
        lines.append(tpl.format(n=rng.randint(2, 400), place=rng.choice(PLACES), weekday=rng.choice(WEEKDAYS)))
        lines.append(" ".join(rng.sample(FILLER, 2)))
        lines.append("")
    return "\n".join(lines)


def write_corpus(folder: Path, start: int, count: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + count):
        (folder / f"{i:06d}.txt").write_text(make_article(i, rng), encoding="utf-8")
        os.utime(folder / f"{i:06d}.txt", (time.time() - 3600,) * 2)  # see place()


def speed_corpus(work: Path, first: int, new: int) -> tuple[list[Path], list[Path]]:
    """make_corpus.py's first + new articles (deterministic), split into the first night's and the new ones."""
    gen = work / "generated"
    # ../shared beside the checkout, or two levels up from a worktree (/work/wt/NAME)
    tools = [p / "shared" / "tools" / "make_corpus.py" for p in (ROOT.parent, ROOT.parent.parent)]
    tool = next((t for t in tools if t.is_file()), tools[0])
    subprocess.run([sys.executable, str(tool), str(first + new)], env={**os.environ, "OUT_DIR": str(gen)},
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    files = sorted(gen.glob("*.txt"))
    return files[:first], files[first:]


def place(files: list[Path], corpus: Path) -> None:
    """Copy files into the corpus, dated an hour back: a file changed within the last seconds is hashed again
    (its time cannot be trusted), which a nightly corpus's files are not."""
    corpus.mkdir(parents=True, exist_ok=True)
    old = time.time() - 3600
    for f in files:
        shutil.copyfile(f, corpus / f.name)
        os.utime(corpus / f.name, (old, old))


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed_run(corpus: Path, rules: Path, history: Path | None, workers: int | None,
              out: Path | None = None) -> tuple[dict, dict]:  # fmt: skip
    """Seconds per stage (as the run reports them, plus "total" and "cpu") and the run info."""
    from checker.app import RunConfig, run

    t0, c0 = time.perf_counter(), _cpu()
    result = run(RunConfig(sources=(str(corpus),), rules=str(rules), reconciliations=None,
                           history=str(history) if history else None, workers=workers,
                           out=str(out) if out else None))  # fmt: skip
    spent = {**result.info["seconds"], "total": time.perf_counter() - t0, "cpu": _cpu() - c0}
    return spent, result.info


def pin_code_fingerprint() -> None:
    """The scenario is two nights with the same code: colleagues editing the checkout during a long
    benchmark must not invalidate the cache between the runs (the rules are a snapshot already)."""
    from checker import history

    memo: dict[tuple[str, ...], str] = {}
    original = history.extraction_fingerprint

    def pinned(paths):  # type: ignore[no-untyped-def]
        key = tuple(sorted(paths))
        if key not in memo:
            memo[key] = original(key)
        return memo[key]

    history.extraction_fingerprint = pinned  # type: ignore[assignment]


def line(label: str, t: dict, info: dict) -> str:
    phases = "  ".join(f"{p} {t.get(p, 0.0):6.2f}" for p in ("read", "extract", "stories", "validate", "compare"))
    return (f"{label:<22}{t['total']:8.2f} s  cpu {t['cpu']:7.2f} s  extracted {info['extracted']:>6}  {phases}"
            f"  flags {info['discrepancies']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--new", type=int, default=100)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--speed-corpus", action="store_true",
                    help="Use ../shared/tools/make_corpus.py (needs num2words) instead of the templates here.")
    ap.add_argument("--rules", default=str(ROOT / "rules"))
    ap.add_argument("--keep", action="store_true", help="Keep the generated corpus and history.")
    ap.add_argument("--verify", action="store_true",
                    help="Also run night two again on the history of night one with its caches emptied, and say "
                         "whether claims.csv and discrepancies.csv are byte for byte those of the cached run.")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench_history_"))
    corpus, history, rules = work / "corpus", work / "history.sqlite", work / "rules"
    try:
        # a snapshot: rule files edited during the benchmark must not change its second run
        shutil.copytree(args.rules, rules)
        pin_code_fingerprint()
        only_new = work / "only_new"
        if args.speed_corpus:
            first, added = speed_corpus(work, args.articles, args.new)
            place(first, corpus)
            place(added, only_new)
        else:
            write_corpus(corpus, 0, args.articles, seed=1)
            write_corpus(only_new, args.articles, args.new, seed=2)
        from checker.app import run  # noqa: F401  # import cost out of the timings

        t1, r1 = timed_run(corpus, rules, history, args.workers, work / "out")
        if args.verify:
            bare = work / "bare.sqlite"
            shutil.copyfile(history, bare)
            with sqlite3.connect(bare) as db:
                for table in CACHES:
                    db.execute(f"DELETE FROM {table}")
        place(sorted(only_new.glob("*.txt")), corpus)
        t2, r2 = timed_run(corpus, rules, history, args.workers, work / "out")
        t3, r3 = timed_run(only_new, rules, None, args.workers, work / "out_new")
        print(f"corpus: {args.articles} articles, then +{args.new} new; workers={args.workers or os.cpu_count()}")
        print(line("run 1 (empty cache):", t1, r1))
        print(line("run 2 (cache + new):", t2, r2))
        print(line("new articles alone:", t3, r3))
        share = args.new / (args.articles + args.new)
        print(f"ratio run2/run1:       {t2['total'] / t1['total']:8.3f}   (new/total articles: {share:.3f})")
        print(f"cpu ratio run2/run1:   {t2['cpu'] / t1['cpu']:8.3f}")
        x1, x2, x3 = t1["extract"], t2["extract"], t3["extract"]
        print(f"extraction run2/run1:  {x2 / x1:8.3f}   run2 extraction vs new alone: {x2:.2f} s vs {x3:.2f} s")
        print(f"history size:          {history.stat().st_size / 1e6:.1f} MB")
        if args.verify:
            t4, _ = timed_run(corpus, rules, work / "bare.sqlite", args.workers, work / "out_bare")
            same = [name for name in ("claims.csv", "discrepancies.csv")
                    if (work / "out" / name).read_bytes() == (work / "out_bare" / name).read_bytes()]  # fmt: skip
            print(f"night two, caches emptied: {t4['total']:.2f} s, cpu {t4['cpu']:.2f} s; byte-identical: "
                  f"{', '.join(same) or 'none'} (of claims.csv, discrepancies.csv)")
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
