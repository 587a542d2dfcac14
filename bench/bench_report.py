"""Benchmark report.html: a synthetic report at 10,000 flags and 100,000 claims, and the pages of real runs
(size, render time, time until interactive in Chromium, and how fast it answers a filter, a search, an article)."""

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
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
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
    story_size = 12  # consecutive articles form a story; a flag's claims come from one story
    by_article: dict[str, list[int]] = {}
    for ci, c in enumerate(claims):
        by_article.setdefault(c["article_id"], []).append(ci)
    a_ids = [a["article_id"] for a in articles]
    for i, a in enumerate(articles):
        a["story_id"] = f"s{i // story_size:05d}"
    outlet = {a["article_id"]: a["outlet"] for a in articles}
    flags = []
    for k in range(n_articles // 2 if n_flags is None else n_flags):
        st = rnd.randrange(max(1, len(a_ids) // story_size))
        pool = [ci for aid in a_ids[st * story_size : (st + 1) * story_size] for ci in by_article.get(aid, [])]
        picked = rnd.sample(pool, min(len(pool), rnd.randint(2, 4)))
        cs = [claims[i] for i in picked]
        measure = cs[0]["measure"]
        for c in cs:  # make the group real, so timelines have company
            c["measure"], c["qualifiers"] = measure, cs[0]["qualifiers"]
        answers: dict[str, dict[str, Any]] = {}
        for c in cs:
            ans = answers.setdefault(c["value"], {"value": c["value"], "claim_ids": [], "article_ids": [],
                                                  "outlets": [], "attributions": []})  # fmt: skip
            ans["claim_ids"].append(c["claim_id"])
            for key, v in (("article_ids", c["article_id"]), ("outlets", outlet[c["article_id"]]),
                           ("attributions", c["attribution"])):  # fmt: skip
                if v and v not in ans[key]:
                    ans[key].append(v)
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
                "story_id": f"s{st:05d}",
                "answers": list(answers.values()),
            }
        )
    for c in claims:
        c["story_id"] = articles[int(c["claim_id"][1:6])]["story_id"]
    counts: dict[str, dict[str, int]] = {}
    for f in flags:
        c = counts.setdefault(f["story_id"], {"error": 0, "warning": 0, "info": 0})
        c[f["severity"]] += 1
    stories = []
    for st in range(0, len(articles), story_size):
        members = articles[st : st + story_size]
        days = sorted(a["published"] for a in members)
        sid = members[0]["story_id"]
        stories.append(
            {
                "story_id": sid,
                "title": members[0]["title"],
                "article_ids": [a["article_id"] for a in members],
                "first": days[0],
                "last": days[-1],
                "terms": rnd.sample(vocab, 4),
                "flags": counts.get(sid, {"error": 0, "warning": 0, "info": 0}),
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
        "stories": stories,
        "claims": claims,
        "discrepancies": flags,
        "validation": validation,
    }


INTERACT = """async () => {
  const paint = () => new Promise(ok => requestAnimationFrame(() => setTimeout(ok, 0)));
  const until = async (test) => { while (!test()) await new Promise(ok => setTimeout(ok, 2)); await paint(); };
  const $ = (id) => document.getElementById(id), r = {};
  let t = performance.now();
  const chip = document.querySelector('#filters .chip-warning input');
  chip.click(); await paint(); r.chip = performance.now() - t;
  const sel = $('f-story');
  if (!$('f-story-box').hidden && sel.options.length > 1) {
    t = performance.now(); sel.value = sel.options[1].value; sel.dispatchEvent(new Event('change', {bubbles: true}));
    await paint(); r.story = performance.now() - t;
  }
  $('f-reset').click(); await paint();
  const shown = $('flag-count').dataset.shown;
  t = performance.now(); $('f-q').value = 'zzqx'; $('f-q').dispatchEvent(new Event('input', {bubbles: true}));
  await until(() => $('flag-count').dataset.shown !== shown); r.search = performance.now() - t - 150;  // debounce
  $('f-reset').click(); await paint();
  t = performance.now(); document.querySelector('#flag-list button.open-article').click();
  await until(() => $('reader-figure')); r.article = performance.now() - t;
  $('reader-close').click();
  const box = $('flag-list'); t = performance.now(); box.scrollTop = box.scrollHeight / 2;
  await paint(); await paint(); r.scroll = performance.now() - t;
  t = performance.now(); document.querySelector('th[data-col=value]').click();
  await paint(); r.sort = performance.now() - t;
  t = performance.now(); $('c-q').value = 'zzqx'; $('c-q').dispatchEvent(new Event('input', {bubbles: true}));
  await until(() => $('claim-count').dataset.shown === '0'); r.claimSearch = performance.now() - t - 150;
  r.nodes = document.getElementsByTagName('*').length;
  return r;
}"""


def measure_page(path: Path, runs: int = 3) -> list[dict[str, Any]]:
    """Open the page from file:// in headless Chromium: when it is interactive (flags drawn, controls bound,
    claims table drawn), then how long it takes to answer a filter, a story, a search, an article, a scroll,
    a sort and a claims search (ms, each until the next frame is painted)."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(path.as_uri(), timeout=120_000, wait_until="commit")
            page.wait_for_selector("html[data-ready]", timeout=120_000)
            timing = page.evaluate(
                """() => ({
                  fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || -1,
                  flagsAt: (performance.getEntriesByName('cc-flags')[0] || {}).startTime || -1,
                  ready: (performance.getEntriesByName('cc-ready')[0] || {}).startTime || -1,
                  marks: performance.getEntriesByType('mark')
                    .map(m => m.name + '=' + Math.round(m.startTime)).join(' ') })"""
            )
            page.wait_for_load_state("load", timeout=120_000)
            timing["load"] = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            timing.update(page.evaluate(INTERACT))
            if errors:
                raise SystemExit(f"page errors: {errors}")
            out.append(timing)
            page.close()
        browser.close()
    return out


def report_line(r: dict[str, Any]) -> str:
    story = f" · story {r['story']:.0f}" if "story" in r else ""
    return (
        f"  interactive {r['ready']:.0f} ms (flags drawn {r['flagsAt']:.0f}, first paint {r['fcp']:.0f}, "
        f"all texts read {r['load']:.0f}) · filter {r['chip']:.0f}{story} · search {r['search']:.0f} · "
        f"article {r['article']:.0f} · scroll {r['scroll']:.0f} · sort claims {r['sort']:.0f} · "
        f"claims search {r['claimSearch']:.0f} ms · {r['nodes']} elements\n    marks: {r['marks']}"
    )


REAL = {"ecbplus": "ecbplus/ecbplus.jsonl", "news": "news/corpus"}


def real_pages(runs: int) -> list[tuple[str, Path]]:
    """`claimcheck run` on ../shared/realnews into bench/out/real-NAME; their report.html pages."""
    import json
    import os
    import subprocess

    shared = ROOT.parent / "shared" / "realnews"
    pages = []
    for name, rel in REAL.items():
        src = shared / rel
        if not src.exists():
            print(f"{src}: absent, skipped")
            continue
        out = ROOT / "bench" / "out" / f"real-{name}"
        t0 = time.perf_counter()
        cmd = [sys.executable, "-m", "checker", "run", str(src), "--out", str(out), "--no-history"]
        env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=env)
        took = time.perf_counter() - t0
        rep = json.loads((out / "report.json").read_text(encoding="utf-8"))
        biggest = max((len(d["claim_ids"]) for d in rep["discrepancies"]), default=0)
        print(
            f"{name}: {len(rep['articles'])} articles, {len(rep['claims'])} claims, {len(rep['discrepancies'])} flags "
            f"(largest {biggest} claims), {len(rep.get('stories') or [])} stories; run {took:.1f} s; "
            f"page {(out / 'report.html').stat().st_size / 1e6:.2f} MB"
        )
        pages.append((name, out / "report.html"))
    return pages


def measure_serve(report: dict[str, Any], sizes: tuple[int, ...] = (0, 1000, 5000)) -> None:
    """`claimcheck serve` through Starlette's TestClient: start-up, the page, and a decision's time as the
    reconciliation file grows (entries added directly, then five decisions through the server)."""
    import json
    import tempfile

    from starlette.testclient import TestClient

    from checker import reconcile as rec
    from checker.models import Discrepancy
    from checker.serve import build

    tmp = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    out, recon = tmp / "out", tmp / "reconciliations.yaml"
    out.mkdir()
    (out / "report.json").write_text(json.dumps(report), encoding="utf-8")
    t0 = time.perf_counter()
    client = TestClient(build(out, recon), base_url="http://127.0.0.1:8765")
    print(f"serve: start-up (read report.json, render the page) {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    client.get("/")
    print(f"serve: GET / {1000 * (time.perf_counter() - t0):.0f} ms")
    headers = {"Origin": "http://127.0.0.1:8765", "X-CSRF-Token": client.get("/api/session").json()["csrf"]}
    flags = report["discrepancies"]
    for n in sizes:
        if n:
            entries = rec.load(recon)
            have = {e.id for e in entries}
            for f in flags[:n]:
                if f["discrepancy_id"] not in have:
                    d = Discrepancy.model_validate({**f, "decision": None, "note": None})
                    entries.append(rec.entry_for(d, {}, "explained", "bench", "bench"))
            rec.save(recon, entries)
            client.get("/api/decisions")  # the server reads the grown file once
        took = []
        for f in flags[n + 10 : n + 15]:
            t0 = time.perf_counter()
            r = client.post(f"/api/flags/{f['discrepancy_id']}/decision", headers=headers,
                            json={"decision": "confirmed", "note": "bench", "by": "bench"})  # fmt: skip
            assert r.status_code == 201, r.text
            took.append(time.perf_counter() - t0)
        print(f"serve: {len(rec.load(recon))} entries: a decision {1000 * min(took):.0f}-{1000 * max(took):.0f} ms")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=12_500)
    ap.add_argument("--flags", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "report-bench.html")
    ap.add_argument("--no-browser", action="store_true", help="only build and render the page")
    ap.add_argument("--real", action="store_true", help="also run claimcheck on ../shared/realnews, open those pages")
    ap.add_argument("--page", type=Path, action="append", default=[], help="also open this report.html")
    ap.add_argument("--serve", action="store_true", help="also time the review server's decisions")
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
        f"synthetic report: {args.articles} articles ({text_mb:.1f} MB of text), {len(report['claims'])} claims, "
        f"{len(report['discrepancies'])} flags, {len(report['stories'])} stories; built in {t1 - t0:.1f} s"
    )
    print(f"render_html: {t2 - t1:.2f} s -> {args.out} {size_mb:.2f} MB")
    if args.serve:
        measure_serve(report)
    if args.no_browser:
        return 0
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: the page was not opened")
        return 1
    pages = [("synthetic", args.out)] + (real_pages(args.runs) if args.real else [])
    pages += [(str(p), p) for p in args.page]
    worst = 0.0
    for name, path in pages:
        print(f"{name}: {path}")
        results = measure_page(path, args.runs)
        for r in results:
            print(report_line(r))
        worst = max(worst, max(r["ready"] for r in results))
    print(f"worst time to interactive: {worst:.0f} ms (target < 2000 ms)")
    return 0 if worst < 2000 else 1


if __name__ == "__main__":
    raise SystemExit(main())
