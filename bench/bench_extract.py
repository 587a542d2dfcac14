"""Benchmark extraction (checker.extract.extract_article) in one process against Recognizers-Text and quantulum3."""

# Usage: python bench/bench_extract.py [CORPUS_DIR] [--peer-kb 300] [--limit N]
# CORPUS_DIR defaults to $OUT_DIR or /tmp/corpus, made by
#   OUT_DIR=/tmp/corpus python3 ../shared/tools/make_corpus.py 4000      (12.7 MB, needs num2words)
# Prints single-process MB/s for the whole extraction and for its parts (numbers, dates, sentences,
# the rest: linking, frames and claims), and Recognizers-Text's NumberModel per paragraph on the first
# --peer-kb KB of the same articles, and quantulum3 per paragraph on them (each skipped when not installed).

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from checker.dates import find_dates
from checker.extract import compile_rules, extract_article
from checker.models import Article
from checker.numbers import find_numbers
from checker.rulebook import load_rulebook
from checker.sentences import split_sentences
from checker.sources import load_articles

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn: Callable[[Article], object], articles: list[Article]) -> float:
    gc.collect()
    start = time.perf_counter()
    for a in articles:
        fn(a)
    return time.perf_counter() - start


def _quantulum(texts: list[str]) -> float | None:
    try:
        from quantulum3 import parser as q3  # type: ignore[import-untyped]
    except ImportError:
        return None
    paragraphs = [p for t in texts for p in t.split("\n") if p.strip()]  # per paragraph: it is superlinear
    for _ in range(2):
        start = time.perf_counter()
        try:
            for p in paragraphs:
                q3.parse(p)
            return time.perf_counter() - start
        except Exception as e:  # its stored classifier may not load with this scikit-learn
            from quantulum3 import classifier  # type: ignore[import-untyped]

            print(f"  quantulum3's classifier failed ({type(e).__name__}): timed without it")
            classifier.USE_CLF = False
    return None


def _recognizers(texts: list[str]) -> float | None:
    try:
        from recognizers_number import NumberRecognizer  # type: ignore[import-not-found]
        from recognizers_text import Culture  # type: ignore[import-not-found]
    except ImportError:
        return None
    model = NumberRecognizer(Culture.English).get_number_model()
    paragraphs = [p for t in texts for p in t.split("\n") if p.strip()]
    start = time.perf_counter()
    for p in paragraphs:
        model.parse(p)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=os.environ.get("OUT_DIR", "/tmp/corpus"))
    ap.add_argument("--peer-kb", type=int, default=300)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args()
    files = sorted(str(p) for p in Path(args.corpus).glob("*.txt"))
    if not files:
        sys.exit(f"no .txt articles in {args.corpus}: see the usage at the top of {__file__}")
    if args.limit:
        files = files[: args.limit]
    articles = load_articles(files).articles
    mb = sum(len(a.text.encode("utf-8")) for a in articles) / 1e6
    rules = compile_rules(load_rulebook(ROOT / "rules"))
    extract_article(articles[0], rules)  # warm up lazy imports (simplemma) and regex caches
    total = _timed(lambda a: extract_article(a, rules), articles)
    parts = {
        "find_numbers": _timed(lambda a: find_numbers(a.text), articles),
        "find_dates": _timed(lambda a: list(find_dates(a.text, a.published)), articles),
        "split_sentences": _timed(lambda a: split_sentences(a.text), articles),
    }
    rest = total - sum(parts.values())
    print(f"{len(articles)} articles, {mb:.2f} MB, one process")
    print(f"{'step':<34}{'seconds':>9}{'MB/s':>8}")
    print(f"{'extract_article (all of it)':<34}{total:>9.2f}{mb / total:>8.2f}")
    for name, sec in parts.items():
        print(f"{'  ' + name:<34}{sec:>9.2f}{mb / sec:>8.2f}")
    print(f"{'  linking, frames, claims':<34}{rest:>9.2f}{mb / rest:>8.2f}")
    budget = args.peer_kb * 1000
    sample, size = [], 0
    for a in articles:
        if size >= budget:
            break
        sample.append(a.text)
        size += len(a.text.encode("utf-8"))
    ours = _timed(lambda a: extract_article(a, rules), articles[: len(sample)])
    print(f"on the first {size / 1e6:.2f} MB: extract_article {size / 1e6 / ours:.2f} MB/s")
    for name, peer in (("Recognizers-Text NumberModel", _recognizers(sample)), ("quantulum3", _quantulum(sample))):
        if peer is None:
            print(f"  {name}: not installed (pip install -e '.[bench]')")
        else:
            print(f"  {name} {size / 1e6 / peer:.2f} MB/s ({peer / ours:.1f}x the time of the whole extraction)")


if __name__ == "__main__":
    main()
