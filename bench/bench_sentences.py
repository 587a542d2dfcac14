"""Sentence splitting on one long paragraph: the cost per megabyte must not grow with the paragraph.

    .venv/bin/python bench/bench_sentences.py --mb 1 5

For each kind of text (news-like prose, and runs that used to make the splitter rescan: full stops,
abbreviations, initials, closing quotes), splits one paragraph of each size with no line break and prints
seconds and seconds per MB. A linear splitter gives about the same seconds per MB at every size; the old
one rescanned from the paragraph start at every full stop, so a 5 MB one-line article never finished.
"""

from __future__ import annotations

import argparse
import time

from checker.sentences import split_sentences

UNITS = {
    "prose": "The death toll rose to 17 on Monday, officials said, and 40 people were still missing. ",
    "full stops": ".",
    "abbreviations": "Mr. Smith met Dr. Jones at St. Paul. ",
    "initials": "J. R. R. ",
    "closing quotes": ".\"'\"'",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, nargs="+", default=[1, 5])
    args = parser.parse_args()
    print(f"{'text':15} {'MB':>5} {'seconds':>8} {'s/MB':>6} {'sentences':>10}")
    for name, unit in UNITS.items():
        for mb in args.mb:
            size = int(mb * 1_000_000)
            text = (unit * (size // len(unit) + 1))[:size]
            started = time.perf_counter()
            n = len(split_sentences(text))
            took = time.perf_counter() - started
            print(f"{name:15} {mb:>5g} {took:8.2f} {took / mb:6.2f} {n:>10}")


if __name__ == "__main__":
    main()
