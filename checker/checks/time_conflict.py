"""time_conflict: one event on one day given clock times that cannot both be right."""

from __future__ import annotations

import datetime as dt
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
REPORT_LAG_DAYS = 1  # a report dated only by its own day speaks of a time on that day or the night before


class TimeConflict(Check):
    """Clock times for one event on one day, read at the precision written: "7.20 pm" to the minute, "7 pm" to
    the half hour, and a hedged time ("around 18.55") ten minutes either way (half an hour when on the hour).
    Times are compared within one time zone as written; no zone and "local time" count as the same. One flag
    per event and day."""

    id = "time_conflict"
    policy = "warning: a clock time is easily mistyped or converted wrongly"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        events: dict[tuple[str, tuple[tuple[str, str], ...], str, str], list[Claim]] = defaultdict(list)
        # a clock time is its own claim (kind "time", dated by its as-of) or rides on a date ("at 04:17 on Monday")
        timed = [
            c for c in (*story.of_kind("time"), *story.of_kind("date")) if c.time and c.stance == "asserted"
        ]  # fmt: skip
        days = _event_days(timed)
        for c in timed:
            zone = "local" if c.tz in LOCAL_ZONES else str(c.tz)
            quals = qualifier_key(c.qualifiers, without=())
            events[(c.measure, quals, _day_of(c, days.get((c.measure, quals), [])), zone)].append(c)
        for (measure, quals, day, zone), claims in sorted(events.items()):
            if len({c.article_id for c in claims}) < 2 and len({c.time for c in claims}) < 2:
                continue
            answers = _distinct_times(claims)
            if len(answers) < 2:
                continue
            labels = [f"{g[0].time}" + (f" {zone}" if zone != "local" else "") for g in answers]
            yield Finding(self.id, measure, dict(quals), day, "warning", answers, [], labels=labels,
                          subject=zone)  # fmt: skip


def _event_days(claims: list[Claim]) -> dict[tuple[str, tuple[tuple[str, str], ...]], list[dt.date]]:
    """The days each event's times are dated by in their own sentences."""
    out: dict[tuple[str, tuple[tuple[str, str], ...]], set[dt.date]] = defaultdict(set)
    for c in claims:
        if c.as_of is not None and c.as_of_basis in ("explicit", "relative"):
            out[(c.measure, qualifier_key(c.qualifiers, without=()))].add(c.as_of)
    return {k: sorted(v) for k, v in out.items()}


def _day_of(c: Claim, dated: list[dt.date]) -> str:
    """The day a clock time speaks of: its own, or, dated only by its report, the event's day the report
    follows ("The crush began around 10 pm", in the next morning's paper)."""
    if c.as_of_basis in ("article_date", "inferred") and c.as_of is not None:
        near = [d for d in dated if 0 <= (c.as_of - d).days <= REPORT_LAG_DAYS]
        if near:
            return near[-1].isoformat()
    if c.kind == "time":
        return c.as_of.isoformat() if c.as_of else ""
    return str(c.value)


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
