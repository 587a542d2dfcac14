"""ratio_conflict: exchange terms ("50 for 150") that give different ratios for one deal."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator

from checker.checks import Check, Finding, StoryClaims
from checker.checks.scope import fmt
from checker.models import Claim, Severity

RATIO_TOLERANCE = 0.05  # "50 for 150" and "49 for 150" are one deal told with a rounded side


class RatioConflict(Check):
    """The two sides of an exchange ("50 hostages for 150 prisoners") as a ratio: exchanges of the same two
    measures in one story whose ratios differ by more than 5 % describe the deal differently ("50 for 150" vs
    "110 for 240"). One flag per pair of measures, its answers the distinct ratios."""

    id = "ratio_conflict"
    policy = "error for reported terms; warning when deal terms meet an outcome"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        sides: dict[tuple[str, str], dict[str, Claim]] = defaultdict(dict)
        for c in story.claims:
            if c.relation and c.relation.startswith("exchange_"):
                side, _, key = c.relation.partition(":")
                sides[(c.article_id, key)][side] = c
        by_measures: dict[tuple[str, str], list[tuple[float, Claim, Claim]]] = defaultdict(list)
        for pair in sides.values():
            a, b = pair.get("exchange_a"), pair.get("exchange_b")
            if a is None or b is None:
                continue
            r = _ratio(a, b)
            if r is not None:
                by_measures[(a.measure, b.measure)].append((r, a, b))
        for (ma, mb), exchanges in sorted(by_measures.items()):
            groups: list[list[tuple[float, Claim, Claim]]] = []
            for e in sorted(exchanges, key=lambda e: (e[0], e[1].claim_id)):
                if groups and e[0] - groups[-1][0][0] <= RATIO_TOLERANCE * e[0]:
                    groups[-1].append(e)
                else:
                    groups.append([e])
            if len(groups) < 2:
                continue
            members = [c for g in groups for _, a, b in g for c in (a, b)]
            modalities = {c.modality for c in members}
            severity: Severity = "error" if modalities == {"reported"} else "warning"
            reasons = ["deal terms vs outcome"] if "planned" in modalities else []
            common = set.intersection(*(set(c.qualifiers.items()) for c in members))
            labels = [f"{fmt(g[0][1].low)}:{fmt(g[0][2].low)}" for g in groups]
            answers = [[c for _, a, b in g for c in (a, b)] for g in groups]
            yield Finding(self.id, f"{ma}/{mb}", dict(sorted(common)), "", severity, answers, reasons, labels=labels)


def _ratio(a: Claim, b: Claim) -> float | None:
    if not (math.isfinite(a.low) and math.isfinite(a.high) and math.isfinite(b.low) and math.isfinite(b.high)):
        return None
    if b.low <= 0:
        return None
    return ((a.low + a.high) / 2) / ((b.low + b.high) / 2)
