"""Extract a slice of a corpus's articles once, to be counted under callgrind: instructions do not swing with load."""

# Usage (the difference of two runs is the extraction's; a first run after a code change also rebuilds the rules
# cache, so run each twice and keep the second):
#   PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
#       python bench/extract_ir.py /tmp/speedcorpus 1000 1100              # load + extract articles 1000-1099
#   PYTHONHASHSEED=0 valgrind ... python bench/extract_ir.py /tmp/speedcorpus 1000 1100 --load-only
# and read "Collected : N" from each. With PYTHONPATH=<another checkout> it counts that checkout's code.
# A shared box's wall and CPU times swing by a third between passes of the same code; the instruction
# count moves by well under 1 %.

from __future__ import annotations

import argparse
from pathlib import Path

from checker.extract import compile_rules, extract_article
from checker.rulebook import load_rulebook
from checker.sources import load_articles

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("first", type=int)
    ap.add_argument("stop", type=int)
    ap.add_argument("--load-only", action="store_true", help="load the articles and rules, extract nothing")
    args = ap.parse_args()
    files = sorted(str(p) for p in Path(args.corpus).glob("*.txt"))[args.first : args.stop]
    articles = load_articles(files).articles
    rules = compile_rules(load_rulebook(ROOT / "rules"))
    if not args.load_only:
        for a in articles:
            extract_article(a, rules)


if __name__ == "__main__":
    main()
