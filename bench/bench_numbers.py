"""Benchmark checker.numbers.find_numbers on generated news-like text, against peers in the same run."""

# Usage: /work/venv/bin/python bench/bench_numbers.py [--mb 2] [--seed 7] [--peer-kb 200]
# Prints MB/s for find_numbers, quantulum3 (per paragraph: it is superlinear) and Recognizers-Text
# (recognizers-text-suite, skipped when not installed) on the same text, and a linearity check:
# per-byte time on 1 MB of digits and separators against 1 KB of the same.

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from checker.numbers import find_numbers

_WORDS = ["one", "two", "three", "eight", "twelve", "twenty-four", "fifty", "a dozen",
          "two hundred and ten", "one and a half", "half a million", "three quarters", "seventy"]
_HEDGES = ["", "", "", "more than ", "over ", "at least ", "about ", "nearly ", "up to ", "some ",
           "fewer than "]
_NOUNS = ["people", "hostages", "prisoners", "trucks", "children", "soldiers", "homes", "patients"]
_VERBS = ["were released", "were killed", "arrived", "were reported", "remain missing", "were detained"]
_PLACES = ["Gaza", "Khan Younis", "Rafah", "the West Bank", "Tel Aviv", "Cairo", "Doha"]
_MONTHS = ["January", "March", "May", "July", "October", "November", "December"]
_FILLER = [
    "officials", "said", "the", "situation", "remained", "tense", "as", "negotiators", "met", "again", "to",
    "discuss", "the", "terms", "of", "the", "agreement", "and", "aid", "agencies", "warned", "of",
    "shortages",
    "across", "the", "region",
]  # fmt: skip


def _number(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return str(rng.randint(2, 999))
    if r < 0.5:
        return f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}"
    if r < 0.65:
        return rng.choice(_WORDS)
    if r < 0.75:
        return f"{rng.randint(1, 9)}.{rng.randint(1, 9)} million"
    if r < 0.85:
        return f"between {rng.randint(10, 50)} and {rng.randint(60, 99)}"
    return f"{rng.randint(2, 30)}-{rng.randint(31, 60)}"


def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.2:
        s = f"{rng.choice(_HEDGES)}{_number(rng)} {rng.choice(_NOUNS)} {rng.choice(_VERBS)}"
        s += f" in {rng.choice(_PLACES)}"
    elif kind < 0.25:
        s = f"On {rng.choice(_MONTHS)} {rng.randint(1, 28)}, {rng.randint(2019, 2024)}, at "
        s += f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} pm, {rng.randint(3, 40)}% of aid arrived"
    elif kind < 0.29:
        s = f"A {rng.choice(['four', 'seven', '30'])}-day truce cost "
        s += f"${rng.randint(1, 9)}.{rng.randint(1, 9)}bn,"
        s += f" the ministry said on {rng.randint(1, 28)} {rng.choice(_MONTHS)}"
    elif kind < 0.31:
        s = f"Jane Doe, {rng.randint(20, 90)}, was aged {rng.randint(20, 90)}"
        s += f" pic.twitter.com/Ab3{rng.randint(100, 999)}x @user{rng.randint(1, 99)}"
    elif kind < 0.33:
        s = f"Views: {rng.randint(10, 9999)} © {rng.randint(2015, 2024)} https://t.co/x{rng.randint(1, 999)}"
    else:
        s = " ".join(rng.choice(_FILLER) for _ in range(rng.randint(12, 28)))
    return s[0].upper() + s[1:] + "."


def news_text(n_bytes: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    paras: list[str] = []
    size = 0
    while size < n_bytes:
        p = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
        paras.append(p)
        size += len(p.encode()) + 2
    return "\n\n".join(paras)


def _rate(fn: Callable[[], object], n_bytes: int, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return n_bytes / best / 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--peer-kb", type=int, default=200, help="text size for the (slow) peers")
    args = ap.parse_args()

    text = news_text(int(args.mb * 1e6), args.seed)
    n = len(text.encode())
    found = find_numbers(text)
    print(f"text: {n / 1e6:.2f} MB news-like, {len(found)} mentions")
    print(f"find_numbers        {_rate(lambda: find_numbers(text), n):8.2f} MB/s")

    small = news_text(args.peer_kb * 1000, args.seed)
    paras = small.split("\n\n")
    ns = len(small.encode())
    print(f"peers on the first {ns / 1e3:.0f} KB, same generator and seed:")
    rate = _rate(lambda: [find_numbers(p) for p in paras], ns)
    print(f"find_numbers        {rate:8.2f} MB/s (per paragraph)")
    try:
        from quantulum3 import parser as q3

        rate = _rate(lambda: [q3.parse(p) for p in paras], ns, 1)
        print(f"quantulum3          {rate:8.2f} MB/s (per paragraph)")
    except ImportError:
        print("quantulum3          not installed")
    try:
        from recognizers_number import Culture, recognize_number

        rate = _rate(lambda: [recognize_number(p, Culture.English) for p in paras], ns, 1)
        print(f"recognizers-text    {rate:8.2f} MB/s (NumberModel only, per paragraph)")
    except ImportError:
        print("recognizers-text    not installed (pip install --pre recognizers-text-suite 'emoji<2')")

    # Linearity: the same per-byte cost on 1 MB as on 1 KB of adversarial text: digits and
    # separators, and number words that join into long runs.
    for label, unit in (
        ("digits and separators", "1,234,567.89 -12 000 1/2 3-4 5.6.7 +1 (2) 10^3 1e5 12:30 2023-11-27 99% $5bn "),
        ("number words", "one two zero o six point five lakh crore, two hundred & five (10) ten ± 5 plus "
                         "minus a mile half a dozen three million, two hundred thousand 28-hundred - "),
    ):
        big = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
        tiny = big[:1000]
        t_big = _seconds(lambda: find_numbers(big), 1)  # noqa: B023
        t_tiny = _seconds(lambda: [find_numbers(tiny) for _ in range(100)], 3) / 100  # noqa: B023
        ratio = (t_big / len(big)) / (t_tiny / len(tiny))
        print(f"linearity: per-byte time, 1 MB vs 1 KB of {label} = {ratio:.2f} (1.0 is linear)")
    t_run = _seconds(lambda: find_numbers("9" * 1_000_000), 1)
    print(f"one 1 MB run of digits: {t_run:.3f} s")


def _seconds(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best

if __name__ == "__main__":
    main()
