"""Dates for articles that give none, read from their story: the weekdays and dates they mention after it began."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import regex

from checker.models import Article, Claim

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY = regex.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)", regex.I)
REPORT_LAG_DAYS = 2  # how long before its first report a story with no dated event may have begun
LEAD_DAYS = 7  # an event date this long before the story's first report still dates its start
AFTER_DAYS = 60  # a date mentioned this long after the story began is not taken as the article's own
WEEKDAY_BESIDE_DATE = 16  # characters: "Tuesday, July 30" and "July 30 (Tuesday)" name one day


def story_start(articles: Iterable[Article], claims: Iterable[Claim]) -> dt.date | None:
    """When a story began: an event date written out up to a week before its earliest report, or, when no
    report writes one, a little before that report or the earliest weekday-dated event, whichever is first
    (news of an event follows it by a day or two: "on Sunday" in an undated piece of a story first reported on
    a Tuesday is the Sunday before)."""
    published = [a.published for a in articles if a.published is not None and a.published_basis != "story"]
    if not published:
        return None
    first = min(published)
    events = [
        (c.as_of_basis == "explicit", c.as_of) for c in claims
        if c.kind == "date" and c.as_of_basis in ("explicit", "relative") and c.as_of
        and 0 <= (first - c.as_of).days <= LEAD_DAYS
    ]  # fmt: skip
    written = [d for explicit, d in events if explicit]
    if written:
        return min(written)
    return min([first - dt.timedelta(days=REPORT_LAG_DAYS), *(d for _, d in events)])


def infer_date(article: Article, start: dt.date) -> dt.date | None:
    """The latest day an undated article speaks of, reading each weekday it names as the first such day on or
    after the story's start ("said on Monday" after a quake late on a Friday) and each full date as written;
    None when it names neither."""
    from checker.dates import find_dates

    days: list[dt.date] = []
    # a year-less date resolves to its latest past occurrence, so resolve against the end of the window
    mentions = [
        d for d in find_dates(article.text, start + dt.timedelta(days=AFTER_DAYS))
        if not any(a <= d.start < b for a, b in article.excluded)
    ]  # fmt: skip
    written = [
        (d.high, d.start, d.end) for d in mentions
        if d.kind in ("date", "datetime") and d.basis == "explicit" and d.low == d.high and d.high is not None
    ]  # fmt: skip
    written_at: dict[dt.date, list[tuple[int, int]]] = {}
    for w, a, b in written:
        written_at.setdefault(w, []).append((a, b))
    for d in mentions:
        weekday = _WEEKDAY.search(d.text) if d.basis != "explicit" else None
        if weekday:
            wd = WEEKDAYS.index(weekday.group(1).lower())
            day = start + dt.timedelta(days=(wd - start.weekday()) % 7)
            # "struck on July 30 ... recovered on Tuesday": a weekday the article names apart from the date it
            # falls on (July 30 was a Tuesday) is a later one; "Tuesday, July 30" is that date
            if any(abs(d.start - a) > WEEKDAY_BESIDE_DATE and abs(d.end - b) > WEEKDAY_BESIDE_DATE
                   for a, b in written_at.get(day, ())):  # fmt: skip
                day += dt.timedelta(days=7)
            days.append(day)
    days.extend(w for w, _, _ in written if 0 <= (w - start).days <= AFTER_DAYS)
    return max(days, default=None)


def inferred_dates(
    articles: Iterable[Article], story_of: Mapping[str, str], claims_of: Mapping[str, list[Claim]]
) -> dict[str, dt.date]:
    """article id -> the date inferred for each undated article whose story has a dated start."""
    members: dict[str, list[Article]] = {}
    for a in articles:
        members.setdefault(story_of.get(a.article_id, ""), []).append(a)
    out: dict[str, dt.date] = {}
    for group in members.values():
        undated = [a for a in group if a.published is None and a.duplicate_of is None]
        if not undated:
            continue
        start = story_start(group, (c for a in group for c in claims_of.get(a.article_id, [])))
        if start is None:
            continue
        for a in undated:
            day = infer_date(a, start)
            if day is not None:
                out[a.article_id] = day
    return out
