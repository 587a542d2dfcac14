"""weekday_mismatch: a weekday written beside a date it does not fall on ("Tuesday, November 27, 2023")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

import regex

from checker.checks import Check, Finding, StoryClaims
from checker.models import Claim

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class WeekdayMismatch(Check):
    """A date written with a weekday it does not fall on: one of the two is wrong. The claim's value is the
    date; the weekday it really falls on is named in the reason. Other reports' figures dated that day by a
    sentence that names its true weekday ("at 03:40 on Tuesday, 12 May" against "Monday, 12 May") are shown
    as the other answer: the reports that got it right. One flag per date."""

    id = "weekday_mismatch"
    policy = "warning: which of the two is wrong needs the other reports"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        by_date: dict[str, list[Claim]] = defaultdict(list)
        for c in story.of_kind("weekday_check"):
            by_date[str(c.value)].append(c)
        # the figures that could be the other answer, by their day: looked up per date, not scanned per date
        # (a busy story has thousands of claims and hundreds of dates)
        dated: dict[dt.date, list[Claim]] = defaultdict(list)
        if by_date:
            for c in story.claims:
                if c.as_of is not None and c.kind != "weekday_check" and c.as_of_basis in ("explicit", "relative"):
                    dated[c.as_of].append(c)
        for value, claims in sorted(by_date.items()):
            written = sorted({c.quote for c in claims})
            day = dt.date.fromisoformat(value)
            weekday = WEEKDAYS[day.weekday()]
            reasons = [f"{value} is a {weekday}, not as written in {', '.join(written)}"]
            wrong = {c.article_id for c in claims}
            named = regex.compile(rf"\b{weekday}\b", regex.IGNORECASE)
            right = sorted((c for c in dated.get(day, ()) if c.article_id not in wrong and named.search(c.sentence)),
                           key=lambda c: c.claim_id)  # fmt: skip
            answers = [claims, right] if right else [claims]
            labels = [written[0], weekday] if right else written[:1]
            yield Finding(self.id, "dates.weekday", {}, value, "warning", answers, reasons, labels=labels)
