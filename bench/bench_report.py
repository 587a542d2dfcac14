"""Benchmark report.html at scale: a synthetic 10,000-article report, its size, render time and paint time."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MEASURES = [
    f"{fam}.{what}"
    for fam in ("hostages", "prisoners", "casualties", "people", "aid")
    for what in ("released", "held", "killed", "injured", "missing", "trucks", "rescued", "displaced")
]
PLACES = [
    "Gaza",
    "Rafah",
    "Kherson",
    "Donetsk",
    "Khan Younis",
    "Bakhmut",
    "Mariupol",
    "Sudan",
    "Darfur",
    "Jenin",
]
CHECKS = ["value_conflict"] * 6 + [
    "sum_mismatch",
    "part_exceeds_whole",
    "ratio_conflict",
    "date_conflict",
    "weekday_mismatch",
    "trend_reversal",
    "name_variant",
]


def _vocabulary() -> list[str]:
    """Words from the seed articles (real frequencies), so the text compresses like news copy."""
    words: list[str] = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        words += re.findall(r"[A-Za-z’']+", p.read_text(encoding="utf-8"))
    return words or ["the", "said", "officials", "on", "and", "of", "were", "in", "a"]


def synthetic_report(
    n_articles: int = 12_500, claims_per_article: int = 8, n_flags: int | None = None, seed: int = 7
) -> dict[str, Any]:
    """A report dict shaped like build_json's: ~2.5 KB articles, `n_flags` flags (default one per 2 articles)."""
    rnd = random.Random(seed)
    vocab = _vocabulary()
    day0 = dt.date(2023, 10, 7)
    articles: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    for i in range(n_articles):
        published = (day0 + dt.timedelta(days=rnd.randrange(400))).isoformat()
        aid = f"feed/{i // 1000:02d}/article-{i:05d}.txt"
        parts: list[str] = []
        pos = 0
        spans = []
        for s in range(24):
            words = rnd.choices(vocab, k=rnd.randint(10, 24))
            sentence = " ".join(words).capitalize() + "."
            if s % 3 == 0 and len(spans) < claims_per_article:
                value = str(rnd.choice([rnd.randint(1, 40), rnd.randint(40, 1000), rnd.randint(1000, 40000)]))
                k = rnd.randint(2, len(words) - 2)
                head = " ".join(words[:k]).capitalize() + " "
                sentence = head + value + " " + " ".join(words[k:]) + "."
                spans.append((pos + len(head), value, sentence, pos))
            parts.append(sentence)
            pos += len(sentence) + 1
        text = "\n".join(parts) + "\n"
        articles.append(
            {
                "article_id": aid,
                "source": f"corpus/{aid}",
                "title": " ".join(rnd.choices(vocab, k=8)).title(),
                "url": f"https://news.example.org/{i}",
                "outlet": rnd.choice(["Wire", "Daily", "Herald", "Post"]),
                "published": published,
                "published_basis": "front_matter",
                "text": text,
                "excluded": [],
                "duplicate_of": None,
                "meta": {},
            }
        )
        for j, (start, value, sentence, _s0) in enumerate(spans):
            hedge = rnd.random() < 0.15
            v = int(value)
            claims.append(
                {
                    "claim_id": f"c{i:05d}{j}",
                    "article_id": aid,
                    "source": f"corpus/{aid}",
                    "published": published,
                    "rule_id": "synthetic",
                    "measure": rnd.choice(MEASURES),
                    "qualifiers": f"place={rnd.choice(PLACES)}",
                    "value": ("over " if hedge else "") + value,
                    "low": v,
                    "high": "inf" if hedge else v,
                    "low_inclusive": not hedge,
                    "high_inclusive": True,
                    "hedge": "over" if hedge else "",
                    "unit": "",
                    "as_of": published,
                    "as_of_basis": "article_date",
                    "modality": rnd.choice(["reported"] * 5 + ["planned", "estimate"]),
                    "attribution": rnd.choice(["", "", "the ministry", "officials", "the UN"]),
                    "quote": value,
                    "sentence": sentence,
                    "start": start,
                    "end": start + len(value),
                    "kind": "cumulative",
                    "event": [],
                    "relation": None,
                    "revision": False,
                    "anomaly": None,
                }
            )
    flags = []
    for k in range(n_articles // 2 if n_flags is None else n_flags):
        picked = rnd.sample(range(len(claims)), rnd.randint(2, 4))
        cs = [claims[i] for i in picked]
        measure = cs[0]["measure"]
        for c in cs:  # make the group real, so timelines have company
            c["measure"], c["qualifiers"] = measure, cs[0]["qualifiers"]
        sev = rnd.choices(["error", "warning", "info"], weights=[2, 5, 3])[0]
        flags.append(
            {
                "discrepancy_id": f"d{k:06x}",
                "check": rnd.choice(CHECKS),
                "rule_id": "synthetic",
                "measure": measure,
                "qualifiers": {"place": cs[0]["qualifiers"].split("=", 1)[1]},
                "severity": sev,
                "status": rnd.choices(["new", "known", "reconciled"], weights=[5, 3, 2])[0],
                "claim_ids": [c["claim_id"] for c in cs],
                "article_ids": sorted({c["article_id"] for c in cs}),
                "values": [c["value"] for c in cs],
                "summary": " vs ".join(c["value"] for c in cs) + f" — {measure}",
                "decision": "",
                "note": "",
                "event": [],
                "first_seen": None,
                "new_since_last_run": None,
            }
        )
    order = {"error": 0, "warning": 1, "info": 2}
    flags.sort(key=lambda f: (order[f["severity"]], -len(f["claim_ids"])))
    sev = {s: sum(f["severity"] == s for f in flags) for s in order}
    status = {s: sum(f["status"] == s for f in flags) for s in ("new", "known", "reconciled")}
    run = {
        "tool": "bench",
        "started": "2024-01-01T00:00:00+00:00",
        "finished": "2024-01-01T00:10:00+00:00",
        "inputs": ["corpus/"],
        "rules": "rules/",
        "rule_files": [],
        "articles": n_articles,
        "duplicates": 0,
        "claims": len(claims),
        "discrepancies": len(flags),
        "by_severity": sev,
        "by_status": status,
        "skipped": [],
        "stale_reconciliations": [],
    }
    validation = {
        "engine": "bench",
        "rows": len(claims),
        "expectations": [],
        "anomalies": [],
        "success": True,
    }
    return {
        "run": run,
        "articles": articles,
        "claims": claims,
        "discrepancies": flags,
        "validation": validation,
    }


def measure_paint(path: Path, runs: int = 3) -> list[dict[str, float]]:
    """Open the page from file:// in headless Chromium; first contentful paint and data-ready times (ms)."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            t0 = time.perf_counter()
            page.goto(path.as_uri(), timeout=60_000)
            page.wait_for_selector("html[data-ready]", timeout=60_000)
            wall = (time.perf_counter() - t0) * 1000
            timing = page.evaluate(
                """() => ({
                  fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || -1,
                  flagsAt: (performance.getEntriesByName('cc-flags')[0] || {}).startTime || -1,
                  ready: (performance.getEntriesByName('cc-ready')[0] || {}).startTime || -1,
                  marks: performance.getEntriesByType('mark')
                    .map(m => m.name + '=' + Math.round(m.startTime)).join(' '),
                  dom: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
                  flags: document.querySelectorAll('#flag-list article.flag').length,
                  rows: document.querySelectorAll('#claim-body tr').length,
                  nodes: document.getElementsByTagName('*').length })"""
            )
            if errors:
                raise SystemExit(f"page errors: {errors}")
            timing["wall"] = wall
            out.append(timing)
            page.close()
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=12_500)
    ap.add_argument("--flags", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "report-bench.html")
    ap.add_argument("--no-browser", action="store_true", help="only build and render the page")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from checker.report.html import render_html

    t0 = time.perf_counter()
    report = synthetic_report(args.articles, n_flags=args.flags)
    t1 = time.perf_counter()
    page = render_html(report)
    t2 = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(page, encoding="utf-8")
    text_mb = sum(len(a["text"].encode()) for a in report["articles"]) / 1e6
    size_mb = args.out.stat().st_size / 1e6
    print(
        f"synthetic report: {args.articles} articles ({text_mb:.1f} MB of text), "
        f"{len(report['claims'])} claims, {len(report['discrepancies'])} flags; built in {t1 - t0:.1f} s"
    )
    print(f"render_html: {t2 - t1:.2f} s -> {args.out} {size_mb:.2f} MB (target < 20 MB)")
    if args.no_browser:
        return 0
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: paint not measured")
        return 1 if size_mb >= 20 else 0
    results = measure_paint(args.out, args.runs)
    for r in results:
        print(
            f"  first contentful paint {r['fcp']:.0f} ms · flags on screen {r['flagsAt']:.0f} ms · "
            f"claims table and texts ready {r['ready']:.0f} ms · "
            f"wall {r['wall']:.0f} ms · {r['flags']:.0f} flag cards, {r['rows']:.0f} claim rows, "
            f"{r['nodes']:.0f} elements\n    {r['marks']}"
        )
    worst = max(r["flagsAt"] for r in results)
    print(
        f"worst time to flags on screen: {worst:.0f} ms; to everything unpacked: "
        f"{max(r['ready'] for r in results):.0f} ms (target < 2000 ms)"
    )
    return 0 if size_mb < 20 and worst < 2000 else 1


if __name__ == "__main__":
    raise SystemExit(main())
