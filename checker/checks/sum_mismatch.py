"""sum_mismatch: a stated total against the parts the same text lists for it."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator

from checker.checks import Check, Finding, StoryClaims
from checker.checks.scope import fmt, part_value, slot, span, value_text
from checker.models import Claim


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
            low = sum(part_value(p)[0] for p in ps)
            high = sum(part_value(p)[1] for p in ps)
            t = span(total)
            listed_all = (total.relation or "").startswith("sum:")
            if not math.isfinite(low) or not (low > t.high or (listed_all and high < t.low)):
                continue
            added = fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"
            labels = [value_text(total), f"parts add up to {added}"]
            yield Finding(self.id, total.measure, dict(total.qualifiers), slot(total) or "", "error",
                          [[total], ps], [f"parts add up to {added}"], labels=labels,
                          subject=f"{total.sentence}\x1f{total.quote}")  # fmt: skip
