"""True and false error/warning flags on killed/injured over a run's report.json and a labelled probe corpus."""

# A flag on casualties.killed or casualties.injured at error or warning severity is judged by the gold rows
# of the articles it names (tests/fixtures/probes/*/corpus.jsonl: `story`, `killed`, `injured`):
#   mixing  its articles are of more than one gold incident (a story-step error, counted apart);
#   true    the articles' gold counts for the measure differ (the articles do disagree);
#   false   every article's gold count is the same (the flag rests on a misread figure);
#   unknown some article's gold count is null and the others agree (a careful reader could not tell).
# Halves follow the probe's split: odd incidents are the development half, even ones the held-out half; a
# mixing flag over both halves is counted under "cross". -v lists the false flags of the half given by --half.
# Run: python -m checker run PROBE --out OUT --no-history; python bench/probe_flags.py OUT/report.json PROBE

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe_rows import is_dev, read_probe

MEASURES = {"casualties.killed": "killed", "casualties.injured": "injured"}
SEVERITIES = ("error", "warning")
KINDS = ("true", "false", "mixing", "unknown")


def _half(stories: set[str]) -> str:
    odd = {is_dev(s) for s in stories}
    if len(odd) > 1:
        return "cross"
    return "dev" if odd.pop() else "held-out"


def judge(flag: dict, gold: dict[str, dict]) -> tuple[str, str] | None:
    """(kind, half) of one flag, or None when it is not an error/warning on a gold-labelled measure."""
    what = MEASURES.get(flag["measure"])
    if what is None or flag["severity"] not in SEVERITIES:
        return None
    rows = [gold[a] for a in flag["article_ids"] if a in gold]
    if not rows:
        return None
    stories = {r["story"] for r in rows}
    half = _half(stories)
    if len(stories) > 1:
        return "mixing", half
    counts = [r.get(what) for r in rows]
    known = {c for c in counts if c is not None}
    if len(known) > 1:
        return "true", half
    return ("unknown" if None in counts else "false"), half


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("report", help="report.json of a run over the probe")
    ap.add_argument("probe", help="the probe's corpus.jsonl")
    ap.add_argument("--half", choices=("dev", "held-out"), default="dev", help="the half -v lists")
    ap.add_argument("-v", action="store_true", help="list the false flags of --half")
    args = ap.parse_args(argv)
    gold = read_probe(args.probe)
    report = json.loads(Path(args.report).read_text(encoding="utf-8"))
    tally: Counter[tuple[str, str]] = Counter()
    for flag in report["discrepancies"]:
        verdict = judge(flag, gold)
        if verdict is None:
            continue
        kind, half = verdict
        tally[kind, half] += 1
        tally[kind, "all"] += 1
        if args.v and kind == "false" and half == args.half:
            arts = ",".join(flag["article_ids"])
            print(f"  false {flag['check']} {flag['severity']} {flag['measure']} [{arts}] {flag['values']}")
    name = Path(args.probe).parent.name
    for half in ("dev", "held-out", "cross", "all"):
        if half == "cross" and not any(tally[k, half] for k in KINDS):
            continue
        cells = " ".join(f"{k} {tally[k, half]}" for k in KINDS)
        print(f"{name:8} {half:8} {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
