"""Benchmark checker.dates.find_dates on generated news text: MB/s and a linearity check."""

# Usage: /work/venv/bin/python bench/bench_dates.py [--mb 1] [--seed 7]
# Prints MB/s for find_dates on (a) generated articles (bench/corpus.py), one call per article as the
# pipeline makes it, (b) the same articles as one text, (c) the news-like text of bench_numbers,
# and the per-byte time on 1 MB against 1 KB, for news text and for adversarial text (digits,
# month and weekday names, "the", separators: every pattern gets tried at almost every word).

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_numbers import news_text
from bench.corpus import article
from checker.dates import find_dates

_REF = dt.date(2024, 6, 1)


def _seconds(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _articles(n_bytes: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < n_bytes:
        out.append(article(len(out), rng))
        size += len(out[-1].encode())
    return out


def _linearity(text: str) -> float:
    """Per-byte time on the whole text (about 1 MB) over per-byte time on its first 1 KB."""
    tiny = text[:1000]
    t_big = _seconds(lambda: find_dates(text, _REF), 1)
    t_tiny = _seconds(lambda: [find_dates(tiny, _REF) for _ in range(100)], 3) / 100
    return (t_big / len(text)) / (t_tiny / len(tiny))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    n_bytes = int(args.mb * 1e6)

    arts = _articles(n_bytes, args.seed)
    n = sum(len(a.encode()) for a in arts)
    found = sum(len(find_dates(a, _REF)) for a in arts)
    print(f"articles: {len(arts)} ({n / 1e6:.2f} MB, {found} mentions)")
    rate = n / _seconds(lambda: [find_dates(a, _REF) for a in arts], 3) / 1e6
    print(f"find_dates per article       {rate:8.2f} MB/s")
    whole = "\n".join(arts)
    rate = len(whole.encode()) / _seconds(lambda: find_dates(whole, _REF), 3) / 1e6
    print(f"find_dates, articles as one  {rate:8.2f} MB/s")
    news = news_text(n_bytes, args.seed)
    nn = len(news.encode())
    print(f"news-like text (bench_numbers): {nn / 1e6:.2f} MB, {len(find_dates(news, _REF))} mentions")
    print(f"find_dates, news text        {nn / _seconds(lambda: find_dates(news, _REF), 3) / 1e6:8.2f} MB/s")

    print(f"linearity, news text: per-byte time 1 MB vs 1 KB = {_linearity(news[:1_000_000]):.2f} (1.0 is linear)")
    unit = "Monday 5 March the 12th of May 3/4 2023-11 from 5 to 6 pm 1430 GMT a day ago the past week 10.30 Q1 "
    hard = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    print(f"linearity, adversarial: per-byte time 1 MB vs 1 KB = {_linearity(hard):.2f}")
    for label, text in (("digits and spaces", "5 " * 500_000), ("one word", "a1" * 500_000 + " ago")):
        print(f"1 MB of {label}: {_seconds(lambda t=text: find_dates(t, _REF), 1):.3f} s")


if __name__ == "__main__":
    main()
