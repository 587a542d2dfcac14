"""plan_vs_outcome: deal terms or a plan set against what was reported to have happened soon after."""

from __future__ import annotations

from collections.abc import Iterator

from checker.checks import Check, Finding, StoryClaims
from checker.checks.scope import distinct_values, overlaps, qualifier_key, qualifier_relation

PLAN_WINDOW_DAYS = 31  # deal terms are compared with outcomes reported within a month


class PlanVsOutcome(Check):
    """Deal terms or a plan ("50 hostages are to be released") and the outcome reported up to a month later
    ("42 were freed"), for the same measure, where the outcome counts the same group or a wider one (terms for
    "women and children" against everyone freed). One flag per plan day and group."""

    id = "plan_vs_outcome"
    policy = "warning: plans change, but an editor should know the outcome differs"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        for measure, claims in story.quantities.items():
            asserted = [c for c in claims if c.stance == "asserted" and c.number_kind != "vague" and c.as_of]
            plans = [c for c in asserted if c.modality == "planned"]
            keys = sorted({(c.as_of, qualifier_key(c.qualifiers)) for c in plans if c.as_of})
            for day, quals in keys:
                assert day is not None
                terms = [c for c in plans if c.as_of == day and qualifier_key(c.qualifiers) == quals]
                outcomes = [
                    c for c in asserted
                    if c.modality != "planned" and c.as_of and 0 <= (c.as_of - day).days <= PLAN_WINDOW_DAYS
                    and qualifier_relation(dict(quals), dict(qualifier_key(c.qualifiers))) in ("equal", "narrower")
                    and not all(overlaps(c, t) for t in terms)
                ]  # fmt: skip
                if outcomes:
                    answers = distinct_values([*terms, *outcomes])
                    if len(answers) > 1:
                        yield Finding(self.id, measure, dict(quals), day.isoformat(), "warning", answers,
                                      ["deal terms vs outcome"])  # fmt: skip
