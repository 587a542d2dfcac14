"""Unit and property tests for checker.dates: recognition, resolution, publication dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.dates import DateMention, article_date, find_dates, weekday_conflict

D = dt.date
SUN = D(2023, 11, 26)  # a Sunday, the day after a Saturday hostage release
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def only(text: str, reference: dt.date | None = SUN) -> DateMention:
    found = find_dates(text, reference)
    assert len(found) == 1, found
    return found[0]


# (text, reference, expected mention text, kind, low, high, basis)
RESOLVED = [
    (
        "released on Saturday as a result",
        SUN,
        "Saturday",
        "weekday",
        D(2023, 11, 25),
        D(2023, 11, 25),
        "relative",
    ),
    ("talks on Sunday ended", SUN, "Sunday", "weekday", SUN, SUN, "relative"),
    (
        "told TASS in late October that",
        SUN,
        "late October",
        "month",
        D(2023, 10, 21),
        D(2023, 10, 31),
        "explicit",
    ),
    ("yesterday", SUN, "yesterday", "relative", D(2023, 11, 25), D(2023, 11, 25), "relative"),
    ("today", SUN, "today", "relative", SUN, SUN, "relative"),
    ("tonight", SUN, "tonight", "relative", SUN, SUN, "relative"),
    ("told TASS earlier in the day", SUN, "earlier in the day", "relative", SUN, SUN, "relative"),
    ("On November 24, a truce", SUN, "November 24", "date", D(2023, 11, 24), D(2023, 11, 24), "explicit"),
    ("December 28", D(2024, 1, 3), "December 28", "date", D(2023, 12, 28), D(2023, 12, 28), "explicit"),
    ("on December 20", SUN, "December 20", "date", D(2023, 12, 20), D(2023, 12, 20), "explicit"),
    ("24 October 2024", None, "24 October 2024", "date", D(2024, 10, 24), D(2024, 10, 24), "explicit"),
    ("October 24, 2024", None, "October 24, 2024", "date", D(2024, 10, 24), D(2024, 10, 24), "explicit"),
    ("Oct. 7", SUN, "Oct. 7", "date", D(2023, 10, 7), D(2023, 10, 7), "explicit"),
    ("Oct 7", SUN, "Oct 7", "date", D(2023, 10, 7), D(2023, 10, 7), "explicit"),
    ("7 Oct", SUN, "7 Oct", "date", D(2023, 10, 7), D(2023, 10, 7), "explicit"),
    (
        "the attack on the 7th of October",
        SUN,
        "the 7th of October",
        "date",
        D(2023, 10, 7),
        D(2023, 10, 7),
        "explicit",
    ),
    (
        "on the 3rd of this month",
        SUN,
        "the 3rd of this month",
        "date",
        D(2023, 11, 3),
        D(2023, 11, 3),
        "relative",
    ),
    ("2023-11-27", None, "2023-11-27", "date", D(2023, 11, 27), D(2023, 11, 27), "explicit"),
    ("27/11/2023", None, "27/11/2023", "date", D(2023, 11, 27), D(2023, 11, 27), "explicit"),
    ("11/27/2023", None, "11/27/2023", "date", D(2023, 11, 27), D(2023, 11, 27), "explicit"),
    ("05-Aug-2016", None, "05-Aug-2016", "date", D(2016, 8, 5), D(2016, 8, 5), "explicit"),
    ("November 26, 2023", SUN, "November 26, 2023", "date", SUN, SUN, "explicit"),
    ("in late October", SUN, "late October", "month", D(2023, 10, 21), D(2023, 10, 31), "explicit"),
    ("in early October", SUN, "early October", "month", D(2023, 10, 1), D(2023, 10, 10), "explicit"),
    ("by mid-November", SUN, "mid-November", "month", D(2023, 11, 11), D(2023, 11, 20), "explicit"),
    ("in October 2023", SUN, "October 2023", "month", D(2023, 10, 1), D(2023, 10, 31), "explicit"),
    ("in October", D(2024, 1, 3), "October", "month", D(2023, 10, 1), D(2023, 10, 31), "explicit"),
    ("last October", SUN, "last October", "month", D(2023, 10, 1), D(2023, 10, 31), "relative"),
    ("October last year", SUN, "October last year", "month", D(2022, 10, 1), D(2022, 10, 31), "relative"),
    ("in 2023", SUN, "2023", "year", D(2023, 1, 1), D(2023, 12, 31), "explicit"),
    ("in late 2022", SUN, "late 2022", "year", D(2022, 9, 1), D(2022, 12, 31), "explicit"),
    ("early this month", SUN, "early this month", "relative", D(2023, 11, 1), D(2023, 11, 10), "relative"),
    (
        "earlier this month",
        SUN,
        "earlier this month",
        "relative",
        D(2023, 11, 1),
        D(2023, 11, 25),
        "relative",
    ),
    ("last Friday", SUN, "last Friday", "weekday", D(2023, 11, 24), D(2023, 11, 24), "relative"),
    ("next Friday", SUN, "next Friday", "weekday", D(2023, 12, 1), D(2023, 12, 1), "relative"),
    (
        "on Tuesday of last week",
        SUN,
        "Tuesday of last week",
        "weekday",
        D(2023, 11, 14),
        D(2023, 11, 14),
        "relative",
    ),
    ("this week", SUN, "this week", "relative", D(2023, 11, 20), SUN, "relative"),
    ("last week", SUN, "last week", "relative", D(2023, 11, 13), D(2023, 11, 19), "relative"),
    ("last month", SUN, "last month", "relative", D(2023, 10, 1), D(2023, 10, 31), "relative"),
    ("last year", SUN, "last year", "relative", D(2022, 1, 1), D(2022, 12, 31), "relative"),
    ("two days ago", SUN, "two days ago", "relative", D(2023, 11, 24), D(2023, 11, 24), "relative"),
    ("a week ago", SUN, "a week ago", "relative", D(2023, 11, 19), D(2023, 11, 19), "relative"),
    (
        "over the past three days",
        SUN,
        "the past three days",
        "relative",
        D(2023, 11, 23),
        D(2023, 11, 25),
        "relative",
    ),
    (
        "since the beginning of the year",
        SUN,
        "since the beginning of the year",
        "period",
        D(2023, 1, 1),
        SUN,
        "relative",
    ),
    ("since October 7", SUN, "since October 7", "period", D(2023, 10, 7), SUN, "explicit"),
    (
        "from November 24 to November 28",
        SUN,
        "from November 24 to November 28",
        "period",
        D(2023, 11, 24),
        D(2023, 11, 28),
        "explicit",
    ),
    ("November 24-28", SUN, "November 24-28", "period", D(2023, 11, 24), D(2023, 11, 28), "explicit"),
    (
        "24-28 November 2023",
        None,
        "24-28 November 2023",
        "period",
        D(2023, 11, 24),
        D(2023, 11, 28),
        "explicit",
    ),
    (
        "from January to April 2015",
        None,
        "from January to April 2015",
        "period",
        D(2015, 1, 1),
        D(2015, 4, 30),
        "explicit",
    ),
    (
        "between 2014 and 2018",
        None,
        "between 2014 and 2018",
        "period",
        D(2014, 1, 1),
        D(2018, 12, 31),
        "explicit",
    ),
    ("the 2014-2018 war", None, "2014-2018", "period", D(2014, 1, 1), D(2018, 12, 31), "explicit"),
    (
        "in the third quarter of 2023",
        None,
        "the third quarter of 2023",
        "period",
        D(2023, 7, 1),
        D(2023, 9, 30),
        "explicit",
    ),
    ("Q1 2024 results", None, "Q1 2024", "period", D(2024, 1, 1), D(2024, 3, 31), "explicit"),
    (
        "in the first half of 2024",
        None,
        "the first half of 2024",
        "period",
        D(2024, 1, 1),
        D(2024, 6, 30),
        "explicit",
    ),
    ("last quarter", SUN, "last quarter", "relative", D(2023, 7, 1), D(2023, 9, 30), "relative"),
    ("in the 1990s", None, "the 1990s", "period", D(1990, 1, 1), D(1999, 12, 31), "explicit"),
    ("on Christmas Day", SUN, "Christmas Day", "date", D(2023, 12, 25), D(2023, 12, 25), "explicit"),
]


@pytest.mark.parametrize(("text", "ref", "span", "kind", "low", "high", "basis"), RESOLVED)
def test_resolution(
    text: str, ref: dt.date | None, span: str, kind: str, low: dt.date, high: dt.date, basis: str
) -> None:
    m = only(text, ref)
    assert (m.text, m.kind, m.low, m.high, m.basis) == (span, kind, low, high, basis)


@pytest.mark.parametrize(
    ("text", "span", "hhmm", "tz"),
    [
        ("The truce began at 07:00 local time", "07:00 local time", "07:00", "local time"),
        ("at 08:00 Moscow time", "08:00 Moscow time", "08:00", "Moscow time"),
        ("shortly after 4:10 pm", "4:10 pm", "16:10", None),
        ("at 10:53", "10:53", "10:53", None),
        ("at 9 a.m. GMT", "9 a.m. GMT", "09:00", "GMT"),
        ("at 1430 GMT", "1430 GMT", "14:30", "GMT"),
        ("at noon", "noon", "12:00", None),
        ("around midnight", "midnight", "00:00", None),
        ("at 6.45", "6.45", "06:45", None),
        ("the blast at 0615 hrs", "0615 hrs", "06:15", None),
        ("at 7.30 in the evening", "7.30", "19:30", None),
    ],
)
def test_times(text: str, span: str, hhmm: str, tz: str | None) -> None:
    m = only(text)
    assert (m.text, m.kind, m.time, m.tz, m.low) == (span, "time", hhmm, tz, None)


@pytest.mark.parametrize(
    ("text", "hhmm"),
    [
        ("at about 21.40 hrs on Sunday", "21:40"),  # a clock time, not a duration of 21.4 hours
        ("at around 11:15 last night", "23:15"),  # the night says after noon
        ("at 9 on Saturday evening", None),  # a bare hour is no time
        ("at 4:30 this morning", "04:30"),
        ("at 2:10 last night", "02:10"),  # small hours of the night stay before dawn
    ],
)
def test_a_day_part_sets_the_clock(text: str, hhmm: str | None) -> None:
    assert [m.time for m in find_dates(text, SUN) if m.time] == ([hhmm] if hhmm else [])


def test_date_and_time_join_into_datetime() -> None:
    m = only("24 October 2024 10:53", None)
    assert (m.kind, m.low, m.time) == ("datetime", D(2024, 10, 24), "10:53")
    m = only("yesterday at 4 pm")
    assert (m.kind, m.low, m.time) == ("datetime", D(2023, 11, 25), "16:00")


def test_two_times_stay_apart_from_their_zone_note() -> None:
    found = find_dates("The truce began at 07:00 (08:00 Moscow time) on Friday", SUN)
    assert [(m.text, m.time, m.tz) for m in found] == [
        ("07:00", "07:00", None), ("08:00 Moscow time", "08:00", "Moscow time"), ("Friday", None, None),
    ]  # fmt: skip
    assert found[2].low == D(2023, 11, 24)


def test_weekday_with_date_and_conflict() -> None:
    ok = only("This was stated on Monday, November 27 by", SUN)
    assert (ok.text, ok.weekday, ok.low) == ("Monday, November 27", 0, D(2023, 11, 27))
    assert not weekday_conflict(ok)
    bad = only("on Tuesday, November 27", SUN)
    assert bad.weekday == 1 and weekday_conflict(bad)
    assert not weekday_conflict(only("on Saturday"))  # a weekday alone is never in conflict
    assert only("Monday 27 November 2023", None).weekday == 0


def test_a_year_before_a_comma_and_a_clock_is_a_year():
    # a web page's stamp: "Mar 4,2013,09. 41AM" names the day in full; "2013,456" is a number
    assert only("Posted Mar 4,2013,09. 41AM IST", None).low == D(2013, 3, 4)
    assert find_dates("a bill of 2013,456 dollars", None) == []


WED = D(2024, 5, 8)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # a clause about what is to come names the coming weekday
        ("The shelter's fuel should run out on Friday.", D(2024, 5, 10)),
        ("The air is expected to last until 9 a.m. on Saturday.", D(2024, 5, 11)),
        ("The bridge will reopen on Monday.", D(2024, 5, 13)),
        ("The vote will take place on Wednesday.", WED),  # the paper's own day
        ("Talks are due to resume on Thursday.", D(2024, 5, 9)),
        # the past, a statement's day, and negated or perfect modals keep the latest such day
        ("The ferry sank on Monday.", D(2024, 5, 6)),
        ("The strike will go on, the union said on Monday.", D(2024, 5, 6)),
        ("The shop would not open on Monday.", D(2024, 5, 6)),
        ("They should have left on Monday.", D(2024, 5, 6)),
        ("Crews could not reach the valley on Monday.", D(2024, 5, 6)),
        ("He said on Tuesday that the ferry would sail on Monday.", D(2024, 5, 6)),
        ("Nobody will forget it. On Monday, the first bodies were found.", D(2024, 5, 6)),
    ],
)
def test_a_weekday_ahead_in_a_clause_about_the_future(text: str, day: dt.date) -> None:
    weekdays = [m for m in find_dates(text, WED) if m.kind in ("weekday", "datetime")]
    assert weekdays[-1].low == day


def test_without_reference_relative_and_yearless_are_unknown() -> None:
    for text in ("yesterday", "on Saturday", "November 24", "last week", "in late October"):
        m = only(text, None)
        assert (m.basis, m.low, m.high) == ("unknown", None, None), text


def test_ambiguous_numeric_dates_read_month_first_unless_forced() -> None:
    assert only("3/4/2023", None).low == D(2023, 3, 4)
    assert only("13/4/2023", None).low == D(2023, 4, 13)
    assert only("3.4.2023", None).low == D(2023, 4, 3)  # dotted dates are European, day first


@pytest.mark.parametrize(
    "text",
    [
        "You may 10 times try",
        "Jan Egeland said",
        "the march 15 miles north",
        "scored 3:1",
        "version 1.2.33",
        "there were 2023 people",
        "it rose 5/12 of the way",
        "Mondays are quiet",
        "10,000 troops",
        "https://localhost:44300/?id=~3am3io",
        "",
    ],
)
def test_non_dates(text: str) -> None:
    assert [m.text for m in find_dates(text, SUN) if m.kind != "time" or "3:1" not in text] == []


def test_seed_article_mentions() -> None:
    text = (SEEDS / "000_5d3805ccd57af57b.txt").read_text(encoding="utf-8")
    found = {m.text: m for m in find_dates(text, D(2023, 11, 27))}
    assert found["Monday, November 27"].low == D(2023, 11, 27)
    assert found["November 26"].low == D(2023, 11, 26)
    assert found["October 7"].low == D(2023, 10, 7)


# --------------------------------------------------------------------------- article_date


@pytest.mark.parametrize(
    ("text", "expected", "basis", "span_text"),
    [
        (" date 2023-11-27 Russia positively assesses", D(2023, 11, 27), "first_line", "2023-11-27"),
        (
            "Menu\nWORLD\n\nHamas ready\n\n24 October 2024 10:53\n\nThe group said",
            D(2024, 10, 24),
            "dateline",
            "24 October 2024 10:53",
        ),
        (
            "Title\nPublished: March 3, 2024\nUpdated: March 4, 2024\nText",
            D(2024, 3, 3),
            "dateline",
            "March 3, 2024",
        ),
        (
            "Title\nUpdated March 4, 2024 at 10:00\nText on March 1, 2024 said",
            D(2024, 3, 4),
            "dateline",
            "March 4, 2024 at 10:00",
        ),
        ("KYIV, Ukraine, March 3, 2024 (AP) — Drones struck", D(2024, 3, 3), "dateline", "March 3, 2024"),
        ("By Jane Roe | November 27, 2023\nBody", D(2023, 11, 27), "dateline", "November 27, 2023"),
        (
            "Body text.\n— The Chronicle (@Chron) November 26, 2023\nmore\n— X (@y) November 25, 2023",
            D(2023, 11, 26),
            "embedded",
            "November 26, 2023",
        ),
    ],
)
def test_article_date(text: str, expected: dt.date, basis: str, span_text: str) -> None:
    got, got_basis, span = article_date(text)
    assert (got, got_basis) == (expected, basis)
    assert span is not None and text[span[0] : span[1]] == span_text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "KYIV, March 3 (AP) — Drones struck",  # year-less: cannot be placed without a reference
        "The war began on October 7, 2023, and goes on.",  # a date inside prose is not a dateline
        "Caliber.az © 2024.\nText",
    ],
)
def test_article_date_unknown(text: str) -> None:
    assert article_date(text) == (None, "unknown", None)


def test_article_date_on_seeds() -> None:
    dates = {p.name[:3]: article_date(p.read_text(encoding="utf-8"))[:2] for p in sorted(SEEDS.glob("*.txt"))}
    assert dates["000"] == (D(2023, 11, 27), "first_line")
    assert dates["001"] == (D(2023, 11, 26), "embedded")
    assert dates["004"] == (D(2024, 10, 24), "dateline")


# --------------------------------------------------------------------------- properties

_NEWSY = st.sampled_from(
    ["on", "Saturday", "November", "26", ",", "2023", "late", "the", "3rd", "of", "this", "month", "since",
     "from", "to", "-", "07:00", "pm", "GMT", "last", "week", "ago", "two", "days", "/", "11", ".", " ", "\n",
     "Q3", "between", "and", "yesterday", "(@h)", "Moscow time", "mid-", "Oct."]
)  # fmt: skip


def _check(text: str, ref: dt.date | None) -> None:
    found = find_dates(text, ref)
    prev_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= prev_end
        assert text[m.start : m.end] == m.text
        if m.low is not None and m.high is not None:
            assert m.low <= m.high
        prev_end = m.end
    got, _, span = article_date(text)
    assert (got is None) == (span is None)
    if span is not None:
        assert 0 <= span[0] < span[1] <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.dates()))
def test_never_raises_on_any_text(text: str, ref: dt.date | None) -> None:
    _check(text, ref)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NEWSY, max_size=25).map(" ".join), st.one_of(st.none(), st.dates()))
def test_never_raises_on_date_like_text(text: str, ref: dt.date | None) -> None:
    _check(text, ref)
