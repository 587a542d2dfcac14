"""Killed and injured recall per article on a labelled JSON Lines probe (tests/fixtures/probes/*/corpus.jsonl)."""

# Each row's `killed` / `injured` is the count of its incident as the article gives it (null: not scored).
# "found": the label is among the article's asserted casualty claims (the perpetrator's and another incident's
# aside; a label of 0 is found when no claim is above 0); "answer": the largest of them is the label. `--half
# odd|even` keeps the odd (development) or even (held-out) incidents.
# Run: PYTHONPATH=. python bench/probe_counts.py FILE -v

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from probe_rows import is_dev, read_probe  # noqa: E402

from checker.extract.article import extract_article  # noqa: E402
from checker.extract.compiled import compile_rules  # noqa: E402
from checker.models import OTHER_INCIDENT, Claim  # noqa: E402
from checker.rulebook import load_rulebook  # noqa: E402
from checker.sources import load_articles  # noqa: E402

MEASURES = {"killed": "casualties.killed", "injured": "casualties.injured"}


def _counts(claim: Claim, measure: str) -> bool:
    """An asserted figure of the measure, not the perpetrator's own nor another incident's."""
    return (claim.measure == measure and claim.stance == "asserted" and isinstance(claim.value, (int, float))
            and claim.qualifiers.get("role") != "perpetrator"
            and claim.qualifiers.get("scope") != OTHER_INCIDENT)  # fmt: skip


def score(probe: str, rules: object, half: str | None = None, verbose: bool = False) -> dict[str, tuple[int, int, int]]:
    """Per measure: (labelled articles, count found, largest count right); `half` "odd" or "even" keeps one half."""
    rows = {aid: row for aid, row in read_probe(probe).items()
            if half is None or is_dev(row["story"]) == (half == "odd")}  # fmt: skip
    totals = {k: (0, 0, 0) for k in MEASURES}
    for article in load_articles([probe]).articles:
        row = rows.get(article.article_id)
        if row is None:
            continue
        claims = extract_article(article, rules)  # type: ignore[arg-type]
        for what, measure in MEASURES.items():
            gold = row.get(what)
            if gold is None:
                continue
            values = sorted({float(c.value) for c in claims if _counts(c, measure)})
            found = gold in values if gold else not any(v > 0 for v in values)
            answer = (max(values) if values else 0) == gold
            n, f, a = totals[what]
            totals[what] = n + 1, f + found, a + answer
            if verbose and not (found and answer):
                print(f"{'MISS' if not found else 'answer':6} {article.article_id} {what}: gold {gold}, found {values}")
    return totals


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("probe")
    ap.add_argument("--half", choices=("odd", "even"))
    ap.add_argument("-v", action="store_true", help="print each article whose count is missed or not the largest")
    args = ap.parse_args(argv)
    rules = compile_rules(load_rulebook(str(ROOT / "rules")))
    for what, (n, found, answer) in score(args.probe, rules, args.half, args.v).items():
        print(f"{what:8} n={n} found {found / max(n, 1):.3f} answer {answer / max(n, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
