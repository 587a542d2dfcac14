"""Killed and injured recall per article on the invented shooting reports of tests/fixtures/shootings_probe."""

# A probe, not a benchmark of real text: the held-out shooting corpus is scored the same way (the
# article's killed and injured counts, each found or not), so its misses show which phenomena of
# shooting-report language the rules still miss. Run: PYTHONPATH=. python bench/shootings_probe.py [-v]
#
# An article's candidates for a measure are its asserted claims of that measure with a numeric value,
# leaving out the perpetrator's own (role=perpetrator). "found" counts an article when its labelled
# count is among them (a count of 0 is found when no candidate is above 0); "answer" is stricter: the
# largest candidate must be the labelled count, so a toll of another event or a past year counts against.

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from checker.extract.article import extract_article
from checker.extract.compiled import CompiledRules, compile_rules
from checker.models import Claim
from checker.rulebook import load_rulebook
from checker.sources import load_bytes

PROBE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "shootings_probe"
MEASURES = {"killed": "casualties.killed", "injured": "casualties.injured"}


@dataclass
class Result:
    """One article's labelled counts and the candidate values its claims give for each."""

    name: str
    gold: dict[str, int]
    found: dict[str, list[float]] = field(default_factory=dict)

    def hit(self, what: str) -> bool:
        values, gold = self.found[what], self.gold[what]
        return gold in values if gold else not any(v > 0 for v in values)

    def answer(self, what: str) -> bool:
        values, gold = self.found[what], self.gold[what]
        return (max(values) if values else 0) == gold


def candidates(claims: list[Claim], measure: str) -> list[float]:
    return sorted({float(c.value) for c in claims if c.measure == measure and c.stance == "asserted"
                   and isinstance(c.value, (int, float)) and c.qualifiers.get("role") != "perpetrator"})  # fmt: skip


def run(rules: CompiledRules | None = None, probe: Path = PROBE) -> list[Result]:
    rules = rules or compile_rules(load_rulebook(str(Path(__file__).resolve().parent.parent / "rules")))
    labels = json.loads((probe / "labels.json").read_text())
    out = []
    for name, gold in sorted(labels.items()):
        loaded = load_bytes((probe / f"{name}.txt").read_bytes(), f"{name}.txt")
        claims = [c for a in loaded.articles for c in extract_article(a, rules)]
        r = Result(name, {k: int(gold[k]) for k in MEASURES})
        r.found = {k: candidates(claims, m) for k, m in MEASURES.items()}
        out.append(r)
    return out


def recall(results: list[Result], what: str, *, strict: bool = False, positive: bool = False) -> float:
    """The share of articles whose count is found (strict: is the largest candidate); positive: only
    articles whose labelled count is above 0."""
    pool = [r for r in results if r.gold[what] > 0 or not positive]
    return sum((r.answer if strict else r.hit)(what) for r in pool) / len(pool)


def main(argv: list[str]) -> int:
    results = run()
    verbose = "-v" in argv
    for r in results:
        for what in MEASURES:
            if not r.hit(what) or (verbose and not r.answer(what)):
                mark = "MISS" if not r.hit(what) else "answer"
                print(f"{mark:6} {r.name} {what}: gold {r.gold[what]}, found {r.found[what]}")
    print(f"{len(results)} articles")
    for what in MEASURES:
        print(f"{what:8} found {recall(results, what):.3f} (gold > 0: {recall(results, what, positive=True):.3f})"
              f"  answer {recall(results, what, strict=True):.3f}"
              f" (gold > 0: {recall(results, what, strict=True, positive=True):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
