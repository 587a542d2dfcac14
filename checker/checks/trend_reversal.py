"""trend_reversal: a running total that falls from one day to a later one with no revision announced."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from checker.checks import Check, Finding, StoryClaims
from checker.checks.scope import span
from checker.models import Claim


class TrendReversal(Check):
    """A running total (a death toll, people rescued) may only grow: a figure below one given on an earlier
    day, where neither is an estimate, means one of them is wrong unless the lower one is announced as a
    revision, which is noted for the editor and sets the level later figures are measured against, as does
    the highest figure of a day on which the total fell. A count of those in a condition ("critical") is a
    state, not a running total. One flag per measure and qualifiers, holding the
    figures before each fall and the lower figures after it."""

    id = "trend_reversal"
    policy = "warning: the fall may be a correction the text does not announce; info when it is announced"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        for measure in story.quantities:
            for quals, group in story.groups(measure):
                if "condition" in quals:
                    continue  # the injured in critical condition are a state, which falls as patients recover
                dated = sorted(
                    (c for c in group if c.kind == "cumulative" and c.as_of and c.modality == "reported"
                     and c.stance == "asserted" and c.number_kind != "vague"),
                    key=lambda c: (c.as_of, c.claim_id),
                )  # fmt: skip
                before: dict[str, Claim] = {}
                after: dict[str, Claim] = {}
                unannounced = False
                level: Claim | None = None  # the highest figure of an earlier day, or the latest revision
                for _, day in groupby(dated, key=lambda c: c.as_of):
                    members = list(day)
                    fell = False
                    for c in members:
                        if level is not None and span(c).high < span(level).low:
                            before[level.claim_id], after[c.claim_id] = level, c
                            unannounced = unannounced or not c.revision
                            fell = True
                    revisions = [c for c in members if c.revision]
                    best = max(revisions or members, key=lambda c: (span(c).low, c.claim_id))
                    # after a fall, the day's highest figure is the level later days are measured against:
                    # later figures below the old level repeat that fall, they are no new one
                    if revisions or fell or level is None or span(best).low > span(level).low:
                        level = best
                if after:
                    answers = [sorted(before.values(), key=lambda c: c.claim_id),
                               sorted(after.values(), key=lambda c: c.claim_id)]  # fmt: skip
                    if unannounced:
                        yield Finding(self.id, measure, quals, "", "warning", answers, ["a running total fell"])
                    else:
                        yield Finding(self.id, measure, quals, "", "info", answers, ["an announced revision"])
