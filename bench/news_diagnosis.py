"""Why a run scores as it does on ../shared/realnews/news: each gold conflict's sides, and unbacked flags.

Usage (after `claimcheck run ../shared/realnews/news/corpus --out /tmp/n --no-history`):

    python bench/news_diagnosis.py /tmp/n/report.json            # each conflict group: read as what, flagged how
    python bench/news_diagnosis.py /tmp/n/report.json --missed   # only the groups score_news.py counts as missed
    python bench/news_diagnosis.py /tmp/n/report.json --flags    # flags the gold judges false, or not at all
    python bench/news_diagnosis.py /tmp/p/report.json --gold tests/fixtures/probes/news6/gold.json --missed

It reads the gold through score_news.py's own span and value matching, so what it says matches the score.
The gold sentences are measurement data: read them here, never copy them into rules or tests.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
sys.path.insert(0, str(SHARED / "tools"))
import score_news  # noqa: E402  (the scorer lives outside the package, in ../shared/tools)

from checker.report.read import read_report  # noqa: E402

GOLD = SHARED / "realnews" / "news" / "gold.json"  # --gold PATH reads another corpus's (a probe's) instead


def _load(report_path: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, set[str]]]:
    gold = json.loads(Path(GOLD).read_text(encoding="utf-8"))
    report = read_report(report_path)  # every field of every claim, whichever format the file is in
    by_file = {Path(a["article_id"]).stem: a for a in report["articles"]}
    claims = defaultdict(list)
    for c in report["claims"]:
        claims[c["article_id"]].append(c)
    matched: dict[str, set[str]] = defaultdict(set)  # gold claim id -> report claim ids
    for ev in gold["events"]:
        for g in ev["claims"]:
            art = by_file.get(Path(g["file"]).stem)
            span = score_news.find_span(art["text"], g["quote"]) if art else None
            for c in claims[art["article_id"]] if art and span else []:
                if not (c["end"] <= span[0] or c["start"] >= span[1]) and score_news.value_ok(c, g["value"]):
                    matched[g["id"]].add(c["claim_id"])
    return gold, report, matched


def groups(report_path: str, only_missed: bool) -> None:
    gold, report, matched = _load(report_path)
    claims = {c["claim_id"]: c for c in report["claims"]}
    flags_of = defaultdict(list)
    for d in report["discrepancies"]:
        for cid in d["claim_ids"]:
            flags_of[cid].append(d)
    quote = {g["id"]: g for ev in gold["events"] for g in ev["claims"]}
    for ev in gold["events"]:
        by_group = defaultdict(list)
        for k, c in enumerate(ev["conflicts"]):
            by_group[c.get("group", k)].append(c)
        for name, pairs in by_group.items():
            sides = [[c["total"], *c["parts"]] if c.get("type") == "sum_mismatch" else [c["a"], c["b"]] for c in pairs]
            found = any(
                any({a["id"], b["id"]} <= {g for cid in d["claim_ids"] for g in _gold_of(cid, matched)}
                    for d in report["discrepancies"] if d["severity"] in ("error", "warning"))
                for side in sides for a, b in zip(side[:1] * (len(side) - 1), side[1:], strict=True)
            )  # fmt: skip
            if only_missed and found:
                continue
            print(f"== {ev['event']}: {name} {'(found)' if found else '(missed)'}")
            for side in sides[:2]:
                for s in side:
                    hits = [claims[cid] for cid in sorted(matched.get(s["id"], ()))]
                    what = "; ".join(f"{h['measure']} [{h.get('qualifiers') or ''}] as of {h.get('as_of')}"
                                     f" ({h.get('as_of_basis')})" for h in hits[:2]) or "NOT EXTRACTED"  # fmt: skip
                    checks = sorted({f"{d['check']}:{d['severity']}" for h in hits for d in flags_of[h["claim_id"]]})
                    print(f"   {s['id']} {quote[s['id']]['quote'][:60]!r} = {s['value']} -> {what} {checks or ''}")


def _gold_of(claim_id: str, matched: dict[str, set[str]]) -> set[str]:
    return {g for g, ids in matched.items() if claim_id in ids}


def flags(report_path: str) -> None:
    gold, report, matched = _load(report_path)
    conflicts, agreements = [], []
    for ev in gold["events"]:
        for c in ev["conflicts"]:
            if c.get("type") == "sum_mismatch":
                conflicts += [{c["total"]["id"], p["id"]} for p in c["parts"]]
            else:
                conflicts.append({c["a"]["id"], c["b"]["id"]})
        for c in ev["non_conflicts"]:
            if c.get("type") != "sum_consistent":
                agreements.append(({c["a"]["id"], c["b"]["id"]}, c.get("why", "")))
    for d in report["discrepancies"]:
        if d["severity"] not in ("error", "warning"):
            continue
        covered = {g for cid in d["claim_ids"] for g in _gold_of(cid, matched)}
        if any(pair <= covered for pair in conflicts):
            continue
        why = [w for pair, w in agreements if pair <= covered]
        verdict = "FALSE" if why else "unjudged"
        print(verdict, d["check"], d["severity"], d["summary"][:200], "|", (why or [""])[0][:100])


if __name__ == "__main__":
    argv = sys.argv[1:]
    if "--gold" in argv:
        at = argv.index("--gold")
        GOLD = Path(argv[at + 1])
        del argv[at : at + 2]
    args = [a for a in argv if not a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    if "--flags" in sys.argv:
        flags(args[0])
    else:
        groups(args[0], only_missed="--missed" in sys.argv)
