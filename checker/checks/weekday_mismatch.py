"""weekday_mismatch: a weekday written beside a date it does not fall on ("Tuesday, November 27, 2023")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from checker.checks import Check, Finding, StoryClaims
from checker.models import Claim


class WeekdayMismatch(Check):
    """A date written with a weekday it does not fall on: one of the two is wrong. The claim's value is the
    weekday the date really falls on. One flag per date."""

    id = "weekday_mismatch"
    policy = "warning: which of the two is wrong needs the other reports"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        by_date: dict[str, list[Claim]] = defaultdict(list)
        for c in story.of_kind("weekday_check"):
            by_date[str(c.value)].append(c)
        for value, claims in sorted(by_date.items()):
            written = sorted({c.quote for c in claims})
            reasons = [f"{value.split()[-1]} is a {value.split()[0]}, not as written in {', '.join(written)}"]
            yield Finding(self.id, "dates.weekday", {}, value.split()[-1], "warning", [claims], reasons,
                          labels=written[:1])  # fmt: skip
