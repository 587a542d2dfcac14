"""superseded: a figure that an announced revision replaced, shown apart from genuine disagreement."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from checker.checks import Check, Finding, StoryClaims
from checker.checks.scope import distinct_values, overlaps, slot, span
from checker.models import Claim


class Superseded(Check):
    """A question whose answers include an announced revision ("the toll was lowered to 31 after some bodies
    were counted twice", "42, not 44 as reported earlier") and the figure it replaced, given the same day by
    this or another article; and, on a later day, a report still carrying a figure above the revision. The old
    figure is not a rival: the flag says which figure is the revision, for the editor to see that every report
    carries it."""

    id = "superseded"
    policy = "info: a revision is news, not a discrepancy"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        for measure in story.quantities:
            for quals, group in story.groups(measure):
                by_slot: dict[str, list[Claim]] = defaultdict(list)
                for c in group:
                    s = slot(c)
                    if s:  # fixed facts have no time for a revision to replace them at
                        by_slot[s].append(c)
                revisions = sorted((c for c in group if c.revision and c.stance == "asserted" and c.as_of),
                                   key=lambda c: (c.as_of, c.claim_id))  # fmt: skip
                for s, members in sorted(by_slot.items()):
                    revised = [c for c in members if c.revision and c.stance == "asserted"]
                    earlier = [r for r in revisions if r.as_of and members[0].as_of and r.as_of < members[0].as_of]
                    if revised or any(c.stance == "superseded" for c in members):
                        answers = distinct_values(members)
                        if len(answers) > 1:
                            shown = sorted({c.quote for c in revised})
                            reasons = [f"revised to {', '.join(shown)}"] if shown else ["an earlier figure, replaced"]
                            yield Finding(self.id, measure, quals, s, "info", answers, reasons)
                    elif earlier:
                        last = earlier[-1]
                        stale = [c for c in members if not overlaps(c, last) and span(c).low > span(last).high]
                        if stale:
                            assert last.as_of is not None
                            reasons = [f"still carried after the revision of {last.as_of.isoformat()} to {last.quote}"]
                            yield Finding(self.id, measure, quals, s, "info", [[last], stale], reasons)
