"""Run the story step alone on a corpus and score it: B-cubed against gold stories, and a report for score_stories.py.

    python bench/score_stories_run.py ../shared/realnews/ecbplus/ecbplus.jsonl --out /tmp/x.json
    python3 ../shared/tools/score_stories.py ../shared/realnews/ecbplus/ecbplus.jsonl /tmp/x.json

Gold for the in-process score: a row's `story` field (JSON Lines), else the article's top folder
(the layout of realnews/news/corpus). `--topics 3,8,16` keeps only those ECB+ topics (a dev subset).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.sources import load_articles  # noqa: E402
from checker.stories import assign_stories  # noqa: E402


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for a in pred:
        by_pred[pred[a]].add(a)
        by_gold[gold[a]].add(a)
    p = r = 0.0
    for a in pred:
        both = len(by_pred[pred[a]] & by_gold[gold[a]])
        p += both / len(by_pred[pred[a]])
        r += both / len(by_gold[gold[a]])
    p, r = p / len(pred), r / len(pred)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def gold_of(article) -> str:  # type: ignore[no-untyped-def]
    return article.meta.get("story") or article.article_id.split("/")[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sources", nargs="+")
    ap.add_argument("--out", help="write a minimal report.json here")
    ap.add_argument("--topics", help="comma-separated ECB+ topics to keep")
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong merges and splits")
    args = ap.parse_args()
    loaded = load_articles(args.sources)
    arts = loaded.articles
    if args.topics:
        keep = set(args.topics.split(","))
        arts = [a for a in arts if a.meta.get("topic") in keep]
    t0 = time.perf_counter()
    result = assign_stories(arts)
    took = time.perf_counter() - t0
    gold = {a.article_id: gold_of(a) for a in arts}
    p, r, f = bcubed(result.story_of, gold)
    print(f"{len(arts)} articles, {len(set(gold.values()))} gold stories, {len(result.stories)} found "
          f"in {took:.1f} s: B3 precision {p:.3f} recall {r:.3f} F1 {f:.3f}")  # fmt: skip
    for note in result.notes:
        print("note:", note)
    if args.errors:
        _errors(result, gold, args.errors)
    if args.out:
        rows = [
            {"article_id": a.article_id, "source": a.source, "story_id": result.story_of[a.article_id]} for a in arts
        ]
        Path(args.out).write_text(json.dumps({"articles": rows, "discrepancies": []}), encoding="utf-8")


def _errors(result, gold, n) -> None:  # type: ignore[no-untyped-def]
    mixed = []
    for s in result.stories:
        golds = defaultdict(list)
        for a in s.article_ids:
            golds[gold[a]].append(a)
        if len(golds) > 1:
            mixed.append((len(s.article_ids), s.story_id, {g: len(v) for g, v in golds.items()}, s.terms))
    print(f"stories mixing gold stories: {len(mixed)}")
    for m in sorted(mixed, reverse=True)[:n]:
        print("  ", m)
    split = defaultdict(set)
    for a, sid in result.story_of.items():
        split[gold[a]].add(sid)
    parts = sorted(((len(v), g) for g, v in split.items() if len(v) > 1), reverse=True)
    print(f"gold stories split: {len(parts)}", parts[:n])


if __name__ == "__main__":
    main()
