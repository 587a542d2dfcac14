"""plan_vs_outcome: deal terms or a plan set against what was reported to have happened soon after."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from checker.checks import Check, Finding, StoryClaims
from checker.checks.scope import distinct_values, other_side, overlaps, qualifier_key, qualifier_relation
from checker.models import Claim

PLAN_WINDOW_DAYS = 31  # deal terms are compared with outcomes reported within a month
Quals = tuple[tuple[str, str], ...]


class PlanVsOutcome(Check):
    """Deal terms or a plan ("50 hostages are to be released") and the outcome reported up to a month later
    ("42 were freed"), for the same measure, where the outcome counts the same group or a wider one (terms for
    "women and children" against everyone freed). Two named sides of a negotiation never meet: one side's demand
    is no plan the other's offer fell short of. One flag per plan day and group."""

    id = "plan_vs_outcome"
    policy = "warning: plans change, but an editor should know the outcome differs"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        for measure, claims in story.quantities.items():
            asserted = [c for c in claims if c.stance == "asserted" and c.number_kind != "vague" and c.as_of]
            quals_of = {id(c): qualifier_key(c.qualifiers) for c in asserted}  # once per claim, not per plan day
            terms_of: dict[tuple[dt.date, Quals], list[Claim]] = defaultdict(list)
            for c in asserted:
                if c.modality == "planned" and c.as_of:
                    terms_of[(c.as_of, quals_of[id(c)])].append(c)
            # outcomes by day, so each plan day looks only at the month after it (a busy story has thousands of
            # outcomes and hundreds of plan days); positions keep the claims' order within a window
            done = sorted(((c.as_of, k) for k, c in enumerate(asserted) if c.modality != "planned" and c.as_of),
                          key=lambda p: (p[0], p[1]))  # fmt: skip
            days = [d for d, _ in done]
            for day, quals in sorted(terms_of):
                terms = terms_of[(day, quals)]
                lo = bisect.bisect_left(days, day)
                hi = bisect.bisect_right(days, day + dt.timedelta(days=PLAN_WINDOW_DAYS))
                window = [asserted[k] for k in sorted(k for _, k in done[lo:hi])]
                outcomes = [
                    c for c in window
                    if qualifier_relation(dict(quals), dict(quals_of[id(c)])) in ("equal", "narrower")
                    and not all(overlaps(c, t) for t in terms)
                    and not any(other_side(c, t) for t in terms)
                ]  # fmt: skip
                if outcomes:
                    answers = distinct_values([*terms, *outcomes])
                    if len(answers) > 1:
                        yield Finding(self.id, measure, dict(quals), day.isoformat(), "warning", answers,
                                      ["deal terms vs outcome"])  # fmt: skip
