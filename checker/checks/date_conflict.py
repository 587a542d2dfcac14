"""date_conflict: one event given different days ("on Saturday" = 25 Nov vs "on November 26")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from checker.checks import Check, Finding, StoryClaims
from checker.checks.scope import distinct_values, qualifier_key
from checker.models import Claim, Severity


class DateConflict(Check):
    """The date of one event of the story (its measure, say the day people were killed or rescued, and its
    qualifiers) given as different days. A weekday or "yesterday" resolved against an article's own date can
    be off by the article's delay, so those conflicts are warnings. One flag per event."""

    id = "date_conflict"
    policy = "error for dates written out; warning when a weekday or relative day was resolved"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        events: dict[tuple[str, tuple[tuple[str, str], ...]], list[Claim]] = defaultdict(list)
        for c in story.of_kind("date"):
            if c.stance == "asserted":
                events[(c.measure, qualifier_key(c.qualifiers, without=()))].append(c)
        for (measure, quals), claims in sorted(events.items()):
            answers = distinct_values(claims)
            if len(answers) < 2:
                continue
            if len({c.article_id for c in claims}) < 2:
                continue  # one article naming two days: two occasions more often than a slip
            relative = any(c.as_of_basis != "explicit" for c in claims)
            severity: Severity = "warning" if relative else "error"
            reasons = ["a weekday or relative day resolved against its article's date"] if relative else []
            yield Finding(self.id, measure, dict(quals), "", severity, answers, reasons)
