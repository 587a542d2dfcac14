"""time_conflict: one event on one day given clock times that cannot both be right."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import regex

from checker.checks import Check, Finding, StoryClaims
from checker.checks.scope import qualifier_key
from checker.models import Claim

_HEDGED = regex.compile(
    r"\b(?:about|around|approximately|roughly|some|nearly|almost|shortly|just|circa|c\.)\s*(?:before|after)?\s*$",
    regex.I,
)
_MINUTES = regex.compile(r"\d[:.h]\d\d")
LOCAL_ZONES = {None, "local time"}


class TimeConflict(Check):
    """Clock times for one event on one day, read at the precision written: "7.20 pm" to the minute, "7 pm" to
    the half hour, and a hedged time ("around 18.55") ten minutes either way (half an hour when on the hour).
    Times are compared within one time zone as written; no zone and "local time" count as the same. One flag
    per event and day."""

    id = "time_conflict"
    policy = "warning: a clock time is easily mistyped or converted wrongly"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        events: dict[tuple[str, tuple[tuple[str, str], ...], str, str], list[Claim]] = defaultdict(list)
        for c in story.of_kind("date"):
            if c.time and c.stance == "asserted":
                zone = "local" if c.tz in LOCAL_ZONES else str(c.tz)
                events[(c.measure, qualifier_key(c.qualifiers, without=()), str(c.value), zone)].append(c)
        for (measure, quals, day, zone), claims in sorted(events.items()):
            if len({c.article_id for c in claims}) < 2 and len({c.time for c in claims}) < 2:
                continue
            answers = _distinct_times(claims)
            if len(answers) < 2:
                continue
            labels = [f"{g[0].time}" + (f" {zone}" if zone != "local" else "") for g in answers]
            yield Finding(self.id, measure, dict(quals), day, "warning", answers, [], labels=labels,
                          subject=zone)  # fmt: skip


def _minutes(c: Claim) -> tuple[int, int]:
    """The minutes of the day a claim's time admits."""
    assert c.time is not None
    at = int(c.time[:2]) * 60 + int(c.time[3:5])
    before = c.sentence[: max(0, c.sentence.find(c.quote))][-30:]
    hedged = bool(_HEDGED.search(before))
    on_the_hour = not _MINUTES.search(c.quote)
    width = (30 if on_the_hour else 10) if hedged else (30 if on_the_hour else 1)
    return at - width, at + width


def _distinct_times(claims: list[Claim]) -> list[list[Claim]]:
    groups: list[list[Claim]] = []
    bounds: tuple[int, int] | None = None
    for c in sorted(claims, key=lambda c: (_minutes(c), c.claim_id)):
        lo, hi = _minutes(c)
        if groups and bounds is not None and lo <= bounds[1]:
            groups[-1].append(c)
            bounds = (max(bounds[0], lo), min(bounds[1], hi))
        else:
            groups.append([c])
            bounds = (lo, hi)
    return groups
