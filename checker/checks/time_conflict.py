"""time_conflict: one event on one day given clock times that cannot both be right."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

import regex

from checker.checks import Check, Finding, StoryClaims
from checker.checks.scope import qualifier_key
from checker.models import Claim, Severity

_HEDGED = regex.compile(
    r"\b(?:about|around|approximately|roughly|some|nearly|almost|shortly|just|circa|c\.)\s*(?:before|after)?\s*$",
    regex.I,
)
_MINUTES = regex.compile(r"\d[:.h]\d\d")
LOCAL_ZONES = {None, "local time"}
LONE_DAY_SPAN = 7  # days: how far from the agreed day a lone report's day of the same event may stray
REPORT_LAG_DAYS = 1  # a report dated only by its own day speaks of a time on that day or the night before
# hours from an evening's first time to the next small hours' last: times of one event on two days this close
# are one moment told either side of midnight ("11 pm on Thursday" against "2 am on Friday"), not two events
ACROSS_MIDNIGHT_HOURS = 6
DAY_MINUTES = 24 * 60
WRITTEN_DAY = ("explicit", "relative")  # as-of bases of a day written beside the time ("on Friday", "on May 3")


class TimeConflict(Check):
    """Clock times for one event on one day, read at the precision written: "7.20 pm" to the minute, "7 pm" to
    the half hour, and a hedged time ("around 18.55") ten minutes either way (half an hour when on the hour).
    Times are compared within one time zone as written; no zone and "local time" count as the same. One flag
    per event and day. A time that one report alone gives for a day near the day several others time the event
    on joins that day ("at 7 am yesterday" in a report a week on has its day wrong, not a second event).

    Across midnight: times late on one day and in the small hours of the next, at most ACROSS_MIDNIGHT_HOURS
    apart, are one moment compared as date-times ("11 pm on Thursday" against "2 am on Friday" is three hours
    out), but only when the reports disagree on the day and nothing else explains it: every one of those times
    has its day written in its own sentence (a weekday or a date, not the report's publication day, which only
    guesses the day), and no report times the event on both days. A report giving a time each side of midnight
    knows the days differ (a window, a sequence, or one moment given again in another zone, "9:40 pm Friday
    (1:40 am Saturday ET)"), so its times and the others' are two moments, not rival answers."""

    id = "time_conflict"
    policy = "warning: a clock time is easily mistyped or converted wrongly; info within one article"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        events: dict[tuple[str, tuple[tuple[str, str], ...], str, str], list[Claim]] = defaultdict(list)
        # a clock time is its own claim (kind "time", dated by its as-of) or rides on a date ("at 04:17 on Monday")
        times = [c for c in story.of_kind("time") if c.time and c.stance == "asserted"]
        # "at 11 pm on Thursday" is a time claim and a date claim riding the same clock time: one statement
        told = {(c.article_id, c.sentence, c.time) for c in times}
        timed = times + [
            c for c in story.of_kind("date")
            if c.time and c.stance == "asserted" and (c.article_id, c.sentence, c.time) not in told
        ]  # fmt: skip
        days = _event_days(timed)
        for c in timed:
            zone = "local" if c.tz in LOCAL_ZONES else str(c.tz)
            quals = qualifier_key(c.qualifiers, without=())
            events[(c.measure, quals, _day_of(c, days.get((c.measure, quals), [])), zone)].append(c)
        moved = _join_lone_days(events)
        next_day = _join_across_midnight(events)
        for (measure, quals, day, zone), claims in sorted(events.items()):
            if len({c.article_id for c in claims}) < 2 and len({c.time for c in claims}) < 2:
                continue
            later = {c.claim_id for c in claims if c.claim_id in next_day}
            answers = _distinct_times(claims, later)
            if len(answers) < 2:
                continue
            labels = [f"{g[0].time}" + (f" on {next_day[g[0].claim_id]}" if g[0].claim_id in later else
                      f" on {day}" if later else "") + (f" {zone}" if zone != "local" else "")
                      for g in answers]  # fmt: skip
            reasons = sorted({f"{c.time} given for {moved[c.claim_id]}, a day no other report times it on"
                              for c in claims if c.claim_id in moved})  # fmt: skip
            if later:
                reasons.append(f"times on {day} and the next day, compared across midnight")
            severity: Severity = "warning"
            if len({c.article_id for c in claims}) == 1:
                # "sometime between 11:41 p.m. and 3 a.m.": one report's two times are a window or two moments
                severity = "info"
                reasons.append("within one article")
            yield Finding(self.id, measure, dict(quals), day, severity, answers, reasons, labels=labels,
                          subject=zone)  # fmt: skip


EventKey = tuple[str, tuple[tuple[str, str], ...], str, str]


def _join_lone_days(events: dict[EventKey, list[Claim]]) -> dict[str, str]:
    """ "The crash happened at 7 am yesterday" in a report a week on, where every other report times the event
    on one day: one report alone dating an event's time to a day near the day the others agree on has the day
    wrong, not a second event, so its times join that day's. Moves them in `events`; claim id -> its own day."""
    by_event: dict[tuple[str, tuple[tuple[str, str], ...], str], list[str]] = defaultdict(list)
    for measure, quals, slot_day, zone in events:
        by_event[(measure, quals, zone)].append(slot_day)
    moved: dict[str, str] = {}
    for (measure, quals, zone), days in by_event.items():
        reports = {d: {c.article_id for c in events[(measure, quals, d, zone)]} for d in days}
        dated = {d: day for d in days if (day := _iso(d)) is not None}
        agreed = [d for d in dated if len(reports[d]) >= 2]
        for d, day in dated.items():
            lone = reports[d]
            if len(lone) != 1:
                continue
            near = [a for a in agreed if not lone & reports[a] and abs((dated[a] - day).days) <= LONE_DAY_SPAN]
            if len(near) != 1:
                continue
            claims = events.pop((measure, quals, d, zone))
            events[(measure, quals, near[0], zone)].extend(claims)
            moved.update((c.claim_id, d) for c in claims)
    return moved


def _join_across_midnight(events: dict[EventKey, list[Claim]]) -> dict[str, str]:
    """ "Landfall at 11 pm on Thursday" against "at 2 am on Friday": an event's times on a day and on the next,
    all within ACROSS_MIDNIGHT_HOURS from the first to the last, are one moment told two ways; the next day's
    times join the day before's, to be compared as date-times, when each is dated in its own sentence and the
    two days' reports are apart (see TimeConflict). Moves them in `events`; claim id -> own day."""
    joined: dict[str, str] = {}
    for key in sorted(events):
        measure, quals, slot_day, zone = key
        day = _iso(slot_day)
        if day is None or key not in events:
            continue
        after = (measure, quals, (day + dt.timedelta(days=1)).isoformat(), zone)
        if after not in events:
            continue
        both = [*events[key], *events[after]]
        if any(c.as_of_basis not in WRITTEN_DAY for c in both):
            continue  # a day guessed from the report's date: the two may be one day, or a day and a half apart
        if {c.article_id for c in events[key]} & {c.article_id for c in events[after]}:
            continue  # a report with a time each side of midnight tells two moments apart itself
        first = min(_minutes(c)[0] for c in events[key])
        last = max(_minutes(c)[1] for c in events[after]) + DAY_MINUTES
        if last - first > ACROSS_MIDNIGHT_HOURS * 60:
            continue
        claims = events.pop(after)
        events[key].extend(claims)
        joined.update((c.claim_id, after[2]) for c in claims)
    return joined


def _iso(day: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(day)
    except ValueError:
        return None


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


def _distinct_times(claims: list[Claim], next_day: set[str] | frozenset[str] = frozenset()) -> list[list[Claim]]:
    """The claims grouped by the times they admit; those in `next_day` a day later than the rest."""

    def admits(c: Claim) -> tuple[int, int]:
        lo, hi = _minutes(c)
        shift = DAY_MINUTES if c.claim_id in next_day else 0
        return lo + shift, hi + shift

    groups: list[list[Claim]] = []
    bounds: tuple[int, int] | None = None
    for c in sorted(claims, key=lambda c: (admits(c), c.claim_id)):
        lo, hi = admits(c)
        if groups and bounds is not None and lo <= bounds[1]:
            groups[-1].append(c)
            bounds = (max(bounds[0], lo), min(bounds[1], hi))
        else:
            groups.append([c])
            bounds = (lo, hi)
    return groups
