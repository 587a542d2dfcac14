"""Undated articles dated from their story: the weekdays and dates they name after the story began."""

from __future__ import annotations

import datetime as dt

from checker.models import Article, Claim
from checker.undated import infer_date, inferred_dates, story_start


def art(aid: str, text: str, published: dt.date | None = None) -> Article:
    return Article(article_id=aid, source=aid, text=text, published=published)


def event_date(aid: str, day: dt.date, basis: str = "explicit") -> Claim:
    stamp = float(day.strftime("%Y%m%d"))
    return Claim(claim_id=f"c{aid}", article_id=aid, source=aid, published=None, rule_id="events",
                 measure="events.occurred.date", value=day.isoformat(), low=stamp, high=stamp, as_of=day,
                 as_of_basis=basis, quote="x", sentence="x", start=0, end=1, kind="date")  # fmt: skip


FRIDAY = dt.date(2024, 3, 8)


def test_a_story_starts_at_the_event_just_before_its_first_report_or_a_little_before_that_report():
    first = art("a", "A storm hit the coast.", FRIDAY + dt.timedelta(days=1))
    assert story_start([first], [event_date("a", FRIDAY)]) == FRIDAY
    # no dated event: the event may have come a day or two before the first report
    assert story_start([first], []) == FRIDAY - dt.timedelta(days=1)
    # an event long before the first report is history, not the start of this story
    assert story_start([first], [event_date("a", dt.date(2019, 3, 8))]) == FRIDAY - dt.timedelta(days=1)


def test_an_undated_piece_names_the_days_just_before_the_first_report():
    # first reported on a Tuesday, nobody dating the event: "on Sunday" is the Sunday before, not after
    tuesday = dt.date(2024, 3, 12)
    first = art("a", "A boat went missing at sea.", tuesday)
    undated = art("u", "The boat left port on Sunday morning and was due back by nightfall.")
    day = inferred_dates([first, undated], {"a": "s", "u": "s"}, {})
    assert day == {"u": dt.date(2024, 3, 10)}
    assert story_start([art("b", "No date here.")], []) is None


def test_weekdays_are_read_forward_from_the_start():
    undated = art("u", "The storm that struck late on Friday left 40 dead, the agency said on Monday.")
    assert infer_date(undated, FRIDAY) == dt.date(2024, 3, 11)  # the Monday after, not before


def test_a_weekday_named_apart_from_the_date_it_falls_on_is_a_later_one():
    # 8 March 2024 was a Friday: "on Friday" away from "March 8" is the Friday after
    later = art("u", "The storm struck on March 8. Crews were still clearing roads on Friday.")
    assert infer_date(later, FRIDAY) == dt.date(2024, 3, 15)
    # written beside the date, it is that date
    same = art("u", "The storm struck on Friday, March 8, and crews cleared roads.")
    assert infer_date(same, FRIDAY) == FRIDAY


def test_a_written_date_in_the_window_counts_and_one_far_away_does_not():
    assert infer_date(art("u", "By March 12 the roads had reopened."), FRIDAY) == dt.date(2024, 3, 12)
    assert infer_date(art("u", "The last storm this strong came in 1987."), FRIDAY) is None
    assert infer_date(art("u", "Nothing in this text names a day."), FRIDAY) is None


def test_only_undated_articles_of_a_dated_story_are_dated():
    dated = art("a", "The storm hit on Friday.", FRIDAY + dt.timedelta(days=1))
    undated = art("u", "Rescuers said on Tuesday that 40 had died.")
    alone = art("x", "Rescuers said on Tuesday that 40 had died.")  # its story has no date at all
    got = inferred_dates([dated, undated, alone], {"a": "s1", "u": "s1", "x": "s2"}, {"a": [event_date("a", FRIDAY)]})
    assert got == {"u": dt.date(2024, 3, 12)}
