"""Benchmark checker.sources: articles/s and MB/s loading a generated txt + jsonl + html corpus."""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

CHROME = ["twitter", "youtube", "telegram", "Views: 116", "print", "copy link", "Follow us on Instagram"]
PLACES = ["Gaza", "Doha", "Moscow", "Tel Aviv", "Cairo", "Rafah", "Khan Younis", "Jerusalem"]
WHO = ["the ministry", "Qatar", "the Red Cross", "a Hamas official", "the army", "the foreign ministry"]
FILLER = (
    "the talks continued on while officials said negotiators were working to secure release of more captives "
    "and aid convoys entered through crossing after days of delays according to statement issued late"
)
WORDS = FILLER.split(" ")


def paragraph(rng: random.Random) -> str:
    n = rng.randint(1, 500)
    filler = " ".join(rng.choices(WORDS, k=rng.randint(25, 60)))
    return (
        f"In {rng.choice(PLACES)}, {rng.choice(WHO)} said {n} people were released on "
        f"{rng.choice(['Saturday', 'Sunday', 'November 26'])}, {filler}. At least {n * 3} remain held."
    )


def article(rng: random.Random, i: int) -> tuple[str, str]:
    title = f"Report {i}: {rng.randint(2, 300)} hostages freed in {rng.choice(PLACES)}"
    paras = [paragraph(rng) for _ in range(rng.randint(6, 14))]
    if rng.random() < 0.2:
        paras.insert(3, paras[1])  # a paragraph repeated verbatim
    return title, "\n\n".join(paras)


def generate(root: Path, n: int, seed: int = 1) -> int:
    """Write `n` articles: 60% .txt, 30% .jsonl rows (100 per file), 10% .html; return the bytes written."""
    rng = random.Random(seed)
    made: list[tuple[str, str]] = []
    rows: list[str] = []
    for i in range(n):
        # every 20th article is a copy of an earlier one: the duplicate finder has work to do
        title, body = made[rng.randrange(len(made))] if made and i % 20 == 19 else article(rng, i)
        made.append((title, body))
        kind = rng.random()
        if kind < 0.6:
            chrome = "\n".join(rng.sample(CHROME, 4))
            text = f" date 2023-11-{rng.randint(10, 28)} {title}\n\n{body}\n\n{chrome}\n"
            (root / "txt" / f"{i:06d}.txt").write_text(text, encoding="utf-8")
        elif kind < 0.9:
            rows.append(
                json.dumps({"id": f"row-{i}", "title": title, "text": body, "published": "2023-11-26"})
            )
        else:
            paras = "".join(f"<p>{p}</p>\n" for p in body.split("\n\n"))
            page = (
                f"<html><head><title>{title}</title><meta property='og:site_name' content='Example'>"
                f"<meta property='article:published_time' content='2023-11-26'></head><body>"
                f"<nav><a>Home</a><a>World</a></nav><article><h1>{title}</h1>{paras}</article>"
                f"<footer>© 2024 Example. All rights reserved.</footer></body></html>"
            )
            (root / "html" / f"{i:06d}.html").write_text(page, encoding="utf-8")
    for k in range(0, len(rows), 100):
        (root / "jsonl" / f"feed{k // 100:04d}.jsonl").write_text(
            "\n".join(rows[k : k + 100]), encoding="utf-8"
        )
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def plain_read(root: Path) -> float:
    """The peer: open, read and UTF-8 decode every file, nothing else (the floor for any loader)."""
    start = time.perf_counter()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            path.read_bytes().decode("utf-8")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=10_000, help="articles to generate (default 10000)")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs; the best is reported")
    args = parser.parse_args()

    from checker.sources import load_articles

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for sub in ("txt", "jsonl", "html"):
            (root / sub).mkdir()
        size = generate(root, args.n)
        mb = size / 1e6
        load_articles([str(root / "html")])  # warm up: trafilatura import and first-call setup
        peer = min(plain_read(root) for _ in range(args.repeat))
        best = float("inf")
        per_format: dict[str, float] = {}
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = load_articles([str(root)])
            best = min(best, time.perf_counter() - start)
        for sub in ("txt", "jsonl", "html"):
            start = time.perf_counter()
            part = load_articles([str(root / sub)])
            per_format[sub] = len(part.articles) / (time.perf_counter() - start)
        n = len(result.articles)
        dups = sum(1 for a in result.articles if a.duplicate_of)
        print(f"corpus: {n} articles, {mb:.1f} MB, {dups} marked duplicate, {len(result.skipped)} skipped")
        print("per format (articles/s): " + ", ".join(f"{k} {v:,.0f}" for k, v in per_format.items()))
        print(
            f"sources | {n} articles, {mb:.1f} MB (60% txt, 30% jsonl, 10% html) | "
            f"{best:.2f} s | {n / best:,.0f} articles/s | {mb / best:.1f} MB/s | "
            f"plain read+decode {mb / peer:.0f} MB/s (x{best / peer:.0f} slower)"
        )


if __name__ == "__main__":
    main()
