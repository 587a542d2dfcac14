"""sum_mismatch: a stated total against the parts the same text lists for it."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator

from checker.checks import Check, Finding, StoryClaims
from checker.checks.scope import fmt, part_value, slot, span, value_text, written_precision
from checker.models import Claim


def _counted(c: Claim, part: bool = True) -> tuple[float, float]:
    """What a total or a part admits in a breakdown. A whole count written to the unit ("11 men") is that many
    exactly: half a unit either way is a measurement's reading width, and summed over a list of parts it would
    let "23 dead: 11 men, 8 women and 3 children" add up. Hedged, scaled or measured figures keep their span."""
    s = span(c)
    exact = (not c.hedge and c.dimension is None and c.low == c.high and float(c.low).is_integer()
             and written_precision(c) == 1.0 and s.low < c.low < s.high)  # fmt: skip
    if exact:
        return c.low, c.low
    return part_value(c) if part else (s.low, s.high)


class SumMismatch(Check):
    """A total and the parts an article lists for it ("40 passengers were rescued: 12 Britons, 9 Germans
    and 25 French"). Parts that add up to more than the total always disagree with it; parts that add up to less
    only when the text lists them all (after a colon or dash), not when it names some ("including 6 Indians").
    A part hedged "as many as N" in a list counts as N. One flag per total."""

    id = "sum_mismatch"
    policy = "error: the article's own figures do not add up"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        totals: dict[tuple[str, str], Claim] = {}
        parts: dict[tuple[str, str], list[Claim]] = defaultdict(list)
        for c in story.claims:
            if not c.relation or c.stance != "asserted":
                continue
            role, _, key = c.relation.partition(":")
            if role in ("total", "sum"):
                totals[(c.article_id, key)] = c
            elif role == "part":
                parts[(c.article_id, key)].append(c)
        for where, total in sorted(totals.items()):
            ps = sorted(parts.get(where, []), key=lambda c: c.start)
            if not ps:
                continue
            low = sum(_counted(p)[0] for p in ps)
            high = sum(_counted(p)[1] for p in ps)
            t_low, t_high = _counted(total, part=False)
            listed_all = (total.relation or "").startswith("sum:")
            if not math.isfinite(low) or not (low > t_high or (listed_all and high < t_low)):
                continue
            added = fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"
            labels = [value_text(total), f"parts add up to {added}"]
            yield Finding(self.id, total.measure, dict(total.qualifiers), slot(total) or "", "error",
                          [[total], ps], [f"parts add up to {added}"], labels=labels,
                          subject=f"{total.sentence}\x1f{total.quote}")  # fmt: skip
