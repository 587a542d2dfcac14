"""Story step at scale: time and peak memory at 1k, 10k, 100k articles, and the per-article cost ratio.

    python bench/bench_stories.py                    # 1,000 / 10,000 / 100,000 many-incident articles
    python bench/bench_stories.py -n 1000 10000 --folder /tmp/corpus   # also a folder (make_corpus.py)

Each size runs in a fresh process, so the peak RSS is that run's alone (the Python process with
its imports is the floor: about 190 MB). The corpus is bench/stories_corpus.py: invented local
incidents (shootings, fires, crashes), 1-4 articles each, in eight towns over 18 months, with gold
story labels, so the bench also prints B-cubed F1 at each size.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _articles(n: int):  # type: ignore[no-untyped-def]
    import datetime as dt

    from stories_corpus import articles

    from checker.models import Article

    out, gold = [], {}
    # about 2.1 articles per incident; incidents spread over more days as the corpus grows, so
    # the density of incidents per town and day stays that of a busy local news desk
    incidents = max(1, round(n / 2.0))
    for row in articles(
        incidents, seed=3, kinds=("shooting", "shooting", "fire", "crash"), days=max(90, incidents // 2)
    ):
        text = row["text"]
        out.append(
            Article(
                article_id=row["id"],
                source="bench",
                title=row["title"],
                text=text,
                published=dt.date.fromisoformat(row["published"]),
                outlet=row["outlet"],
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
        )
        gold[row["id"]] = row["story"]
        if len(out) == n:
            break
    return out, gold


def _one(n: int, folder: str | None) -> dict[str, float]:
    from score_stories_run import bcubed

    from checker.stories import assign_stories

    if folder:
        from checker.sources import load_articles

        arts = load_articles([folder]).articles[:n]
        gold = None
    else:
        arts, gold = _articles(n)
    assign_stories(arts[:50])  # imports and lexicon, not part of the per-article cost
    t0, c0 = time.perf_counter(), time.process_time()
    result = assign_stories(arts)
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    out = {"articles": len(arts), "seconds": took, "cpu": cpu, "stories": len(result.stories),
           "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}  # fmt: skip
    sizes = sorted((len(s.article_ids) for s in result.stories), reverse=True)
    out["largest"] = sizes[0] if sizes else 0
    if gold:
        p, r, f = bcubed(result.story_of, gold)
        out.update(b3_p=p, b3_r=r, b3_f1=f)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--folder", help="read the articles from this folder instead of generating them")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_one(args.child, args.folder)))
        return
    rows = []
    for n in args.n:
        cmd = [sys.executable, __file__, "--child", str(n)] + (["--folder", args.folder] if args.folder else [])
        res = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        if res.returncode:
            print(res.stderr)
            sys.exit(1)
        row = json.loads(res.stdout.strip().splitlines()[-1])
        rows.append(row)
        extra = f"  B3 P/R/F1 {row['b3_p']:.3f}/{row['b3_r']:.3f}/{row['b3_f1']:.3f}" if "b3_f1" in row else ""
        per = 1000 * row["cpu"] / row["articles"]
        print(
            f"{row['articles']:>7} articles  {row['seconds']:7.1f} s (cpu {row['cpu']:.1f} s)  "
            f"{per:6.2f} cpu ms/article  "
            f"peak {row['peak_mb']:6.0f} MB  {row['stories']} stories (largest {row['largest']}){extra}",
            flush=True,
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        ratio = (last["cpu"] / last["articles"]) / (first["cpu"] / first["articles"])
        print(f"per-article CPU cost at {last['articles']:,} vs {first['articles']:,}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
