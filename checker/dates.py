"""Dates, times, weekdays and relative date expressions in English news, resolved against the article date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Literal, cast

import regex

Kind = Literal["date", "month", "year", "weekday", "relative", "time", "datetime", "period"]
Basis = Literal["explicit", "relative", "unknown"]

# How far after the article date a year-less "November 26" may fall before we read it as last
# year's: news reports the past, so only near-future dates (announced events) stay in this year.
FUTURE_WINDOW = dt.timedelta(days=61)

# Safety net only: every pattern below is linear (no nested quantifiers over the same text), so
# a whole article scans in milliseconds; the timeout just bounds a pathological regex-engine case.
_TIMEOUT = 2.0

_ONE_DAY = dt.timedelta(days=1)
_DASH_ONLY = regex.compile(r"^\s*[-–—]\s*$")


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date-like expression; `text == source[start:end]`, [low, high] is the day range meant.

    kind: "date" (a calendar day given by its day number), "month", "year", "weekday" (a weekday
    name alone), "relative" (yesterday, last week, two days ago, early this month), "time" (a clock
    time alone), "datetime" (a day with a clock time), "period" (from/between/since ranges).
    basis: "explicit" when the text itself names the day (year-less dates resolved by the nearest-
    past rule), "relative" when it is counted from the reference date, "unknown" when it needs a
    reference that was not given (then low/high are None).
    weekday: 0=Monday, when the text names a weekday together with a date ("Monday, November 27").
    """

    start: int
    end: int
    text: str
    kind: Kind
    low: dt.date | None
    high: dt.date | None
    basis: Basis
    weekday: int | None = None
    time: str | None = None
    tz: str | None = None


def weekday_conflict(m: DateMention) -> bool:
    """True when the mention names a weekday that its resolved single day does not fall on."""
    return m.weekday is not None and m.low is not None and m.low == m.high and m.low.weekday() != m.weekday


# --------------------------------------------------------------------------- vocabularies

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple of": 2, "a couple of": 2,
}  # fmt: skip
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

# Only an abbreviation takes a dot: the full stop after "in April." ends the sentence.
_MON = (
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)(?![a-z])"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?![a-z])\.?)"
)
_WD_FULL = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_WD_ANY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?![a-z])"
    r"|(?:mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)(?![a-z])\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?:1[6-9]|20)\d{2}(?!\d|,\d{3}(?!\d)|\.\d)"  # not inside "2013,456" or "2013.5"
_NUM = (
    r"(?:\d{1,3}|a\s+couple\s+of|couple\s+of|an?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve)"
)
_PART = r"(?:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of|(?:beginning|start|middle|end)\s+of)"
_REL_YEAR = r"(?P<ry>this|last|next|the\s+previous|the\s+following)\s+year"
_TZ = (
    r"(?P<tz>(?:GMT|UTC)(?:\s?[+\-−]\s?\d{1,2}(?::?\d{2})?)?|[ECMP][SD]T|BST|CES?T|EES?T|MSK|JST|AES[DT]"
    r"|(?-i:local)\s+time|(?-i:(?:[A-Z][a-z]+\s){1,2}[Tt]ime))"
)


def _c(pattern: str) -> regex.Pattern[str]:
    from checker.rulecache import compile_pattern  # compiled once per machine, not at every start

    return compile_pattern(pattern, regex.IGNORECASE)


# The left guard keeps a day or year from starting inside a longer number or word.
_L = r"(?<![\w/.:\-])"

_P_ISO = _c(
    _L + r"(?P<y>" + _YEAR + r")(?P<sep>[\-/.])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>[12]\d|3[01]|0?[1-9])"
    r"(?![\w/\-]|\.\d)"
)
_P_NUMERIC = _c(
    _L + r"(?P<a>\d{1,2})(?P<sep>[/\-.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\w/\-]|[.,:]\d)"
)
# Year-less "5/12" is a fraction or a score as often as a date: only after a weekday or "on".
_P_NUMERIC_MD = _c(
    r"(?:(?P<wd>" + _WD_ANY + r"),?\s+|(?<=\bon\s))(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/]|[.,:]\d)"
)
_P_MDY = _c(
    r"(?:(?P<wd>" + _WD_ANY + r"),?\s+)?(?<![\w])(?P<mon>" + _MON + r")\s*(?:the\s+)?(?P<d>" + _DAY + r")"
    r"(?:(?:\s*,\s*|\s+)(?:of\s+|in\s+)?(?:(?P<y>" + _YEAR + r")|" + _REL_YEAR + r"))?"
)
_P_DMY = _c(
    r"(?:(?P<wd>" + _WD_ANY + r"),?\s+)?(?:the\s+)?" + _L + r"(?P<d>" + _DAY + r")(?:\s+of)?\s+"
    r"(?P<mon>" + _MON + r")(?:(?:\s*,\s*|\s+)(?:in\s+)?(?:(?P<y>" + _YEAR + r")|" + _REL_YEAR + r"))?"
)
_P_DAY_OF_REL_MONTH = _c(
    r"(?:the\s+)?"
    + _L
    + r"(?P<d>"
    + _DAY
    + r")\s+of\s+(?P<rel>this|last|next|the\s+current|the\s+previous)\s+month"
)
_P_DAY_RANGE_MD = _c(
    r"(?:(?P<pre>from|between)\s+)?(?<![\w])(?P<mon>"
    + _MON
    + r")\s*(?P<d1>"
    + _DAY
    + r")\s*(?:-|–|—|to|until|till|through|and)\s*"
    r"(?P<d2>" + _DAY + r")(?:(?:\s*,\s*|\s+)(?P<y>" + _YEAR + r"))?"
)
_P_DAY_RANGE_DM = _c(
    r"(?:(?P<pre>from|between)\s+)?(?:the\s+)?"
    + _L
    + r"(?P<d1>"
    + _DAY
    + r")\s*(?:-|–|—|to|until|till|through|and)\s*"
    r"(?:the\s+)?(?P<d2>"
    + _DAY
    + r")(?:\s+of)?\s+(?P<mon>"
    + _MON
    + r")(?:(?:\s*,\s*|\s+)(?P<y>"
    + _YEAR
    + r"))?"
)
_P_MONTH = _c(
    r"(?:(?P<part>"
    + _PART
    + r")[\s\-]+)?(?:(?P<mmod>last|this|next|past)\s+)?(?<![\w])(?P<mon>"
    + _MON
    + r")"
    r"(?:(?:\s*,\s*|\s+)(?:of\s+|in\s+)?(?:(?P<y>" + _YEAR + r")|" + _REL_YEAR + r"))?"
)
# A bare four-digit number is only a year after a word that introduces a time; the preposition
# itself stays outside the span ("in 2023" -> "2023"), a part-of-year word stays inside.
_P_YEAR = _c(
    r"(?:(?<=\b(?:in|during|of|by|until|till|before|after|from|throughout|since|year|around|to|and|through|between)\s+)"
    r"|(?P<part>" + _PART + r")[\s\-]+)(?P<y>" + _YEAR + r")(?!\s*(?:%|per\s*cent|percent))"
)
# "05-Aug-2016", "2019-aug-01", "Dec/2018": numeric layouts with a month name.
_P_NAMED_NUMERIC = _c(
    _L + r"(?:(?P<d>[12]\d|3[01]|0?[1-9])(?P<sep>[\-/])(?P<mon>" + _MON + r")(?P=sep)(?P<y>" + _YEAR + r")"
    r"|(?P<y2>"
    + _YEAR
    + r")(?P<sep2>[\-/])(?P<mon2>"
    + _MON
    + r")(?P=sep2)(?P<d2>[12]\d|3[01]|0?[1-9]))(?![\w/\-])"
)
_P_MONTH_SLASH_YEAR = _c(r"(?<![\w/\-])(?P<mon>" + _MON + r")[\-/](?P<y>" + _YEAR + r")(?![\w/\-])")
_P_YEAR_RANGE = _c(
    r"(?:(?P<pre>from|between)\s+)?" + _L + r"(?P<y1>" + _YEAR + r")\s*(?:-|–|—|~|to|through|until|till)\s*"
    r"(?P<y2>" + _YEAR + r"|\d{2}(?![\d,.]?\d))(?!\s*(?:%|per\s*cent|percent))"
)
_P_DECADE = _c(r"\bthe\s+(?P<dec>(?:1[6-9]|20)\d0)'?s\b")
_P_QUARTER = _c(
    r"\b(?:(?:Q(?P<qn>[1-4])|H(?P<hn>[12])|(?:the\s+)?(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)"
    r"\s+(?P<qu>quarter|half))(?:\s+of|,|-)?\s*(?:(?P<y>" + _YEAR + r")|" + _REL_YEAR + r")"
    r"|(?P<y3>" + _YEAR + r")[\s\-]?(?:Q(?P<qn3>[1-4])|H(?P<hn3>[12]))\b)"
)
_P_REL_QUARTER = _c(
    r"\b(?P<rel>this|last|next|past|previous|current|coming|the\s+(?:past|previous|current|coming|next|last))"
    r"\s+quarter\b(?!\s+of\b)"
)
_P_WEEKDAY_OF_WEEK = _c(
    r"\b(?P<wd>"
    + _WD_FULL
    + r")(?:,?\s+of)?\s+(?P<rel>last|this|next|the\s+previous|the\s+following)\s+week\b"
    r"|\b(?P<rel2>last|this|next)\s+week\s+(?:on\s+)?(?P<wd2>" + _WD_FULL + r")\b"
)
_P_WEEKDAY = _c(
    r"\b(?:(?P<mod>last|this|next|previous|past|coming)\s+)?(?P<wd>" + _WD_FULL + r")(?!s\b)"
    r"(?:\s+(?P<tod>morning|afternoon|evening|night))?\b"
)
_P_REL_DAY = _c(
    r"\b(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow"
    r"|last\s+night|this\s+(?:morning|afternoon|evening)|(?:earlier|later)\s+in\s+the\s+day)\b(?:\s+(?P<tod>morning|afternoon|evening|night)\b)?"
)
_P_AGO = _c(
    r"\b(?P<n>" + _NUM + r")\s+(?P<u>day|week|month|year|fortnight)s?\s+(?P<dir>ago|from\s+(?:now|today))\b"
)
_P_ROLLING = _c(
    r"\b(?:the\s+)?(?P<dir>past|last|previous|next|coming|upcoming)\s+(?P<n>"
    + _NUM
    + r")\s+(?P<u>day|week|month|year)s\b"
)
_P_REL_PERIOD = _c(
    r"\b(?:(?P<part>" + _PART + r"|earlier|later)[\s\-]+(?:in\s+)?)?"
    r"(?P<rel>this|last|next|past|previous|current|coming|the\s+(?:past|previous|current|coming)|the)"
    r"\s+(?P<u>week|weekend|month|year)\b(?!\s+(?:of|before|after)\b)"
)
_P_HOLIDAY = _c(
    r"\b(?P<h>christmas\s+eve|christmas(?:\s+day)?|new\s+year'?s\s+eve|new\s+year'?s(?:\s+day)?)"
    r"(?:(?:\s*,\s*|\s+)(?P<y>" + _YEAR + r"))?\b"
)
_P_TIME_COLON = _c(
    r"(?<![\w:.,/])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\d:]|[.,]\d)"
    r"(?:\s*(?P<ap>[ap])\.?\s?m(?!\w)\.?)?(?:[ \t]*" + _TZ + r")?"
)
_P_TIME_AMPM = _c(
    r"(?<![\w:.,/])(?P<h>1[0-2]|0?[1-9])(?:\.(?P<mi>[0-5]\d))?\s*(?P<ap>[ap])\.?\s?m(?!\w)\.?(?:[ \t]*"
    + _TZ
    + r")?"
)
# Wire style "at 1430 GMT": four digits are only a time when a zone follows.
_P_TIME_MILITARY = _c(
    r"(?<![\w:.,/])(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s*(?=(?:GMT|UTC)\b)" + r"(?:" + _TZ + r")"
)
# "at 6.45": with a dot, only after "at" is it a time and not a decimal.
_P_TIME_DOTTED = _c(r"(?<=\bat\s)(?P<h>[01]?\d|2[0-3])\.(?P<mi>[0-5]\d)(?![\d.,]\d|\d|\s*[ap]\.?\s?m\b|\s*hrs\b)")
# "18.55 hrs", "1855 hrs": the clock style of South Asian and military usage, wherever it stands
_P_TIME_HRS = _c(r"(?<![\w:.,/])(?P<h>[01]?\d|2[0-3])[.:]?(?P<mi>[0-5]\d)\s*hrs\b\.?")
_P_TIME_NAMED = _c(r"\b(?:12\s+)?(?P<named>noon|midday|midnight)(?:ish)?\b")

_P_SINCE = _c(r"\b(?:ever\s+)?since\s+(?:(?:the\s+)?(?:beginning|start)\s+of\s+)?$")
_P_FROM = _c(r"\b(?P<w>from|between)\s+(?:the\s+)?$")
_P_RANGE_GAP = _c(r"^\s*(?:-|–|—|to|until|till|through|and)\s+(?:the\s+)?$|^\s*[-–—]\s*$")
_P_DT_GAP = _c(r"^(?:[ \t]*,)?[ \t]*(?:at[ \t]+|@[ \t]*|-[ \t]*)?$")
_P_TD_GAP = _c(r"^(?:[ \t]*,)?[ \t]*(?:on[ \t]+)?$")


# --------------------------------------------------------------------------- date arithmetic


def _mkdate(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: dt.date, n: int) -> dt.date:
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    y = min(max(y, 1), 9999)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _shift(d: dt.date, days: int) -> dt.date | None:
    try:
        return d + dt.timedelta(days=days)
    except OverflowError:
        return None


def _yearless(month: int, day: int, ref: dt.date) -> dt.date | None:
    """The reference's year, or the year before when that would be far in the future."""
    for y in (ref.year, ref.year - 1, ref.year - 2, ref.year - 3, ref.year - 4):
        cand = _mkdate(y, month, day) if y >= 1 else None
        if cand is not None and cand - ref <= FUTURE_WINDOW:
            return cand
    return None


def _month_year(month: int, ref: dt.date) -> int:
    return ref.year if dt.date(ref.year, month, 1) - ref <= FUTURE_WINDOW else ref.year - 1


def _part_of(low: dt.date, high: dt.date, part: str | None) -> tuple[dt.date, dt.date]:
    """Narrow [low, high] to its early / mid / late third ("late October" -> Oct 21..31)."""
    if not part:
        return low, high
    p = part.lower()
    third = "mid" if "mid" in p else "late" if ("late" in p or "end" in p) else "early"
    span = (high - low).days + 1
    if span >= 365:  # a year: Jan-Apr, May-Aug, Sep-Dec
        y = low.year
        bounds = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[third]
        return dt.date(y, bounds[0], 1), _month_end(y, bounds[1])
    if span >= 28:  # a month: 1-10, 11-20, 21-end
        bounds = {"early": (1, 10), "mid": (11, 20), "late": (21, span)}[third]
        return low.replace(day=bounds[0]), low.replace(day=bounds[1])
    # a week: Mon-Tue, Wed-Thu, Fri-Sun
    offs = {"early": (0, 1), "mid": (2, 3), "late": (4, 6)}[third]
    return low + dt.timedelta(days=offs[0]), min(high, low + dt.timedelta(days=offs[1]))


def _week_of(d: dt.date) -> tuple[dt.date, dt.date]:
    monday = d - dt.timedelta(days=d.weekday())
    return monday, monday + dt.timedelta(days=6)


def _unit_range(unit: str, ref: dt.date, offset: int) -> tuple[dt.date, dt.date]:
    """The calendar week / weekend / month / year containing ref, shifted by offset units."""
    if unit in ("week", "weekend"):
        low, high = _week_of(ref + dt.timedelta(weeks=offset))
        return (low + dt.timedelta(days=5), high) if unit == "weekend" else (low, high)
    if unit == "month":
        first = _add_months(ref.replace(day=1), offset)
        return first, _month_end(first.year, first.month)
    y = ref.year + offset
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _parse_num(s: str) -> int:
    s = " ".join(s.lower().split())
    return int(s) if s.isdigit() else _NUMBER_WORDS.get(s, 1)


def _month_of(token: str) -> int:
    return _MONTHS[token.lower()[:3]]


def _weekday_of(token: str) -> int:
    return _WEEKDAYS[token.lower()[:3]]


def _rel_year(ry: str | None, ref: dt.date | None) -> int | None:
    if ry is None or ref is None:
        return None
    w = ry.lower()
    return (
        ref.year - 1
        if ("last" in w or "previous" in w)
        else ref.year + 1
        if ("next" in w or "following" in w)
        else ref.year
    )


def _ambiguous_word_ok(token: str, backed: bool) -> bool:
    """ "may", "march" and "mar" are ordinary words too: lower-case they need a year or weekday with them."""
    low = token.lower().rstrip(".")
    return backed or low not in ("may", "march", "mar") or token[0].isupper()


# --------------------------------------------------------------------------- recognizers

_Cand = tuple[int, int, str, dt.date | None, dt.date | None, str, int | None, str | None, str | None]
_Recognizer = Callable[[regex.Match[str], dt.date | None], _Cand | None]


def _explicit_day(
    m: regex.Match[str], ref: dt.date | None, month: int, day: int, year_text: str | None
) -> _Cand | None:
    wd = m.groupdict().get("wd")
    weekday = _weekday_of(wd) if wd else None
    start, end = m.span()
    text_kind = "date"
    if year_text:
        y = int(year_text)
        d = _mkdate(y, month, day)
        return None if d is None else (start, end, text_kind, d, d, "explicit", weekday, None, None)
    ry = m.groupdict().get("ry")
    if ry is not None:
        y2 = _rel_year(ry, ref)
        if y2 is None:
            return (start, end, text_kind, None, None, "unknown", weekday, None, None)
        d = _mkdate(y2, month, day)
        return None if d is None else (start, end, text_kind, d, d, "relative", weekday, None, None)
    if day > 31 or (day > 29 and month == 2):
        return None
    if ref is None:
        return (start, end, text_kind, None, None, "unknown", weekday, None, None)
    d = _yearless(month, day, ref)
    return None if d is None else (start, end, text_kind, d, d, "explicit", weekday, None, None)


_P_DIGITS = regex.compile(r"\d+")


def _day_num(s: str) -> int:
    digits = _P_DIGITS.match(s)
    return int(digits.group()) if digits is not None else 0


def _rec_iso(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    return _explicit_day(m, ref, int(m["m"]), int(m["d"]), m["y"])


def _two_digit_year(s: str) -> str:
    if len(s) == 4:
        return s
    n = int(s)
    return str(2000 + n if n < 50 else 1900 + n)


def _order_numeric(a: int, b: int, sep: str) -> tuple[int, int] | None:
    """(month, day): day-first only when the numbers force it, or with dots (a European habit)."""
    if a > 12 and b > 12:
        return None
    if a > 12:
        return b, a
    if b > 12 or sep != ".":
        return a, b
    return b, a


def _rec_numeric(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    if m["sep"] == "." and len(m["y"]) != 4:
        return None  # "1.2.33" is a version or a section number
    md = _order_numeric(int(m["a"]), int(m["b"]), m["sep"])
    if md is None or md[0] < 1 or md[1] < 1:
        return None
    return _explicit_day(m, ref, md[0], md[1], _two_digit_year(m["y"]))


def _rec_numeric_md(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    md = _order_numeric(int(m["a"]), int(m["b"]), "/")
    if md is None or md[0] < 1 or md[1] < 1:
        return None
    return _explicit_day(m, ref, md[0], md[1], None)


def _rec_month_day(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    if not _ambiguous_word_ok(m["mon"], bool(m["y"] or m["wd"] or m["ry"])):
        return None
    if m["wd"] and not _ambiguous_word_ok(m["wd"], True):
        return None
    return _explicit_day(m, ref, _month_of(m["mon"]), _day_num(m["d"]), m["y"])


def _rec_day_of_rel_month(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    start, end = m.span()
    if ref is None:
        return (start, end, "date", None, None, "unknown", None, None, None)
    rel = m["rel"].lower()
    offset = -1 if ("last" in rel or "previous" in rel) else 1 if "next" in rel else 0
    first = _add_months(ref.replace(day=1), offset)
    d = _mkdate(first.year, first.month, _day_num(m["d"]))
    return None if d is None else (start, end, "date", d, d, "relative", None, None, None)


def _rec_day_range(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    month = _month_of(m["mon"])
    d1, d2 = _day_num(m["d1"]), _day_num(m["d2"])
    if d1 >= d2 or not _ambiguous_word_ok(m["mon"], False):
        return None
    start, end = m.span()
    if m["y"]:
        y = int(m["y"])
    elif ref is None:
        return (start, end, "period", None, None, "unknown", None, None, None)
    else:
        first = _yearless(month, d1, ref)
        if first is None:
            return None
        y = first.year
    low, high = _mkdate(y, month, d1), _mkdate(y, month, d2)
    if low is None or high is None:
        return None
    return (start, end, "period", low, high, "explicit", None, None, None)


def _rec_month(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    month = _month_of(m["mon"])
    has_context = bool(m["y"] or m["ry"] or m["part"] or m["mmod"])
    mon_token = m["mon"].rstrip(".")
    # A month name alone: an abbreviation needs its dot or some context ("Jan" is also a first
    # name), and "may"/"march" need a capital letter.
    abbreviated = len(mon_token) <= 4 and mon_token.lower() not in ("may", "june", "july")
    if abbreviated and not (m["mon"].endswith(".") or has_context):
        return None
    if not _ambiguous_word_ok(mon_token, bool(m["y"] or m["ry"])):
        return None
    start, end = m.span()
    basis = "explicit"
    if m["y"]:
        y = int(m["y"])
    elif m["ry"] is not None or m["mmod"] is not None:
        if ref is None:
            return (start, end, "month", None, None, "unknown", None, None, None)
        basis = "relative"
        if m["ry"] is not None:
            y = _rel_year(m["ry"], ref) or ref.year
        else:
            mod = m["mmod"].lower()
            if mod == "next":
                y = ref.year if month > ref.month else ref.year + 1
            elif mod == "this":
                y = ref.year
            else:  # "last October": the most recent October before the current month
                y = ref.year if month < ref.month else ref.year - 1
    elif ref is None:
        return (start, end, "month", None, None, "unknown", None, None, None)
    else:
        y = _month_year(month, ref)
    if not 1 <= y <= 9999:
        return None
    low, high = _part_of(dt.date(y, month, 1), _month_end(y, month), m["part"])
    return (start, end, "month", low, high, basis, None, None, None)


def _rec_year(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    y = int(m["y"])
    low, high = _part_of(dt.date(y, 1, 1), dt.date(y, 12, 31), m["part"])
    return (m.start(), m.end(), "year", low, high, "explicit", None, None, None)


def _rec_decade(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    y = int(m["dec"])
    return (
        m.start(),
        m.end(),
        "period",
        dt.date(y, 1, 1),
        dt.date(y + 9, 12, 31),
        "explicit",
        None,
        None,
        None,
    )


def _rec_quarter(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    """Quarters and halves of a year: "Q3 2023", "the first half of 2024", "2019 H2"."""
    start, end = m.span()
    qn, hn = m["qn"] or m["qn3"], m["hn"] or m["hn3"]
    if qn or hn:
        n, months = int(qn or hn), 3 if qn else 6
    else:
        n, months = _ORDINAL_WORDS[m["qw"].lower()], 3 if m["qu"].lower() == "quarter" else 6
        if months == 6 and n > 2:
            return None
    year_text = m["y"] or m["y3"]
    if year_text:
        y, basis = int(year_text), "explicit"
    else:
        ry = _rel_year(m["ry"], ref)
        if ry is None:
            return (start, end, "period", None, None, "unknown", None, None, None)
        y, basis = ry, "relative"
    return (start, end, "period", dt.date(y, months * (n - 1) + 1, 1), _month_end(y, months * n), basis,
            None, None, None)  # fmt: skip


def _rec_rel_quarter(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    start, end = m.span()
    if ref is None:
        return (start, end, "relative", None, None, "unknown", None, None, None)
    rel = m["rel"].lower()
    offset = (
        -1
        if ("last" in rel or "past" in rel or "previous" in rel)
        else 1
        if ("next" in rel or "coming" in rel)
        else 0
    )
    first = _add_months(dt.date(ref.year, 3 * ((ref.month - 1) // 3) + 1, 1), 3 * offset)
    last = _add_months(first, 2)
    return (start, end, "relative", first, _month_end(last.year, last.month), "relative", None, None, None)


def _rec_weekday_of_week(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    start, end = m.span()
    if ref is None:
        return (start, end, "weekday", None, None, "unknown", None, None, None)
    rel = (m["rel"] or m["rel2"]).lower()
    offset = -1 if ("last" in rel or "previous" in rel) else 1 if ("next" in rel or "following" in rel) else 0
    monday, _ = _unit_range("week", ref, offset)
    d = monday + dt.timedelta(days=_weekday_of(m["wd"] or m["wd2"]))
    return (start, end, "weekday", d, d, "relative", None, None, None)


def _rec_named_numeric(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    if m["mon"]:
        return _explicit_day(m, ref, _month_of(m["mon"]), int(m["d"]), m["y"])
    return _explicit_day(m, ref, _month_of(m["mon2"]), int(m["d2"]), m["y2"])


def _rec_month_slash_year(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    y, month = int(m["y"]), _month_of(m["mon"])
    return (
        m.start(),
        m.end(),
        "month",
        dt.date(y, month, 1),
        _month_end(y, month),
        "explicit",
        None,
        None,
        None,
    )


def _rec_year_range(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])  # "2014-18"
    if y2 <= y1:
        return None
    return (
        m.start(),
        m.end(),
        "period",
        dt.date(y1, 1, 1),
        dt.date(y2, 12, 31),
        "explicit",
        None,
        None,
        None,
    )


# "The air should run out on Thursday", "the vote will be held on Sunday": a clause that speaks of what is to
# come names the next such day, not the last. The cue must stand in the weekday's own clause, with no
# statement verb between them ("he will resign, he said on Monday" is the statement's Monday). "Would" is left
# out: a future seen from a past day ("said on Sunday the air would last until Thursday") counts from that day.
_P_FUTURE_CUE = _c(
    r"\b(?:(?:will|shall)(?:\s+not)?|won't|(?:is|are|be)\s+(?:expected|due|set|scheduled|slated|likely|forecast"
    r"|projected)\s+to|should(?!\s+not\b))(?!\s+have\b)\s+(?:\w+\s+){0,8}?"
    r"(?:on\s+|by\s+|until\s+|before\s+|from\s+)?(?:(?:noon|midday|midnight|dawn)\s+(?:on\s+)?|[\d:.]+\s*(?:[ap]\.?m\.?)?\s+(?:\w+\s+)?(?:on\s+)?)?\Z"
)
_P_STATEMENT = _c(r"\b(?:said|says|told|announced|added|reported|stated)\b")
_P_CLAUSE_BREAK = regex.compile(r"[;!?\n]|\.\s+(?=[A-Z\"“‘'])")


def _looks_ahead(m: regex.Match[str]) -> bool:
    """True when the weekday's clause speaks of what is to come (a future or a modal verb before it)."""
    start = m.start()
    before = m.string[max(0, start - 80) : start]
    cuts = [x.end() for x in _P_CLAUSE_BREAK.finditer(before)]
    before = before[cuts[-1] :] if cuts else before
    cue = _P_FUTURE_CUE.search(before)
    return cue is not None and _P_STATEMENT.search(before, cue.end()) is None


def _rec_weekday(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    wd = _weekday_of(m["wd"])
    start, end = m.span()
    if ref is None:
        return (start, end, "weekday", None, None, "unknown", None, None, None)
    mod = (m["mod"] or "").lower()
    monday = ref - dt.timedelta(days=ref.weekday())
    if mod in ("last", "previous", "past"):
        # The latest such day strictly before the article date. Recognizers-Text takes the Friday
        # of the previous calendar week instead, which in a Sunday paper is nine days back.
        d = ref - dt.timedelta(days=(ref.weekday() - wd - 1) % 7 + 1)
    elif mod == "this":
        d = monday + dt.timedelta(days=wd)
    elif mod == "next":
        d = monday + dt.timedelta(days=7 + wd)
    elif mod == "coming":
        d = ref + dt.timedelta(days=(wd - ref.weekday()) % 7 or 7)
    elif _looks_ahead(m):
        d = ref + dt.timedelta(days=(wd - ref.weekday()) % 7)
    else:
        # News reports the past: a bare "on Saturday" is the latest Saturday on or before the
        # article date (the article's own day counts: "on Saturday" in a Saturday paper is today).
        d = ref - dt.timedelta(days=(ref.weekday() - wd) % 7)
    return (start, end, "weekday", d, d, "relative", None, None, None)


def _rec_rel_day(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    w = " ".join(m["w"].lower().split())
    start, end = m.span()
    if ref is None:
        return (start, end, "relative", None, None, "unknown", None, None, None)
    offset = {
        "the day before yesterday": -2, "the day after tomorrow": 2, "yesterday": -1,
        "tomorrow": 1, "last night": -1,
    }.get(w, 0)  # fmt: skip
    d = _shift(ref, offset)
    return None if d is None else (start, end, "relative", d, d, "relative", None, None, None)


def _unit_days(unit: str, n: int, ref: dt.date, sign: int) -> dt.date | None:
    try:
        if unit == "day":
            return ref + sign * dt.timedelta(days=n)
        if unit in ("week", "fortnight"):
            return ref + sign * dt.timedelta(weeks=n * (2 if unit == "fortnight" else 1))
        return _add_months(ref, sign * n * (12 if unit == "year" else 1))
    except (OverflowError, ValueError):
        return None


def _rec_ago(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    start, end = m.span()
    if ref is None:
        return (start, end, "relative", None, None, "unknown", None, None, None)
    sign = -1 if m["dir"].lower() == "ago" else 1
    d = _unit_days(m["u"].lower(), _parse_num(m["n"]), ref, sign)
    return None if d is None else (start, end, "relative", d, d, "relative", None, None, None)


def _rec_rolling(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    start, end = m.span()
    if ref is None:
        return (start, end, "relative", None, None, "unknown", None, None, None)
    # As in Recognizers-Text: "the past 3 days" ends the day before the reference, "the next 3
    # days" starts the day after it.
    n, unit = _parse_num(m["n"]), m["u"].lower()
    if m["dir"].lower() in ("next", "coming", "upcoming"):
        low, high = _shift(ref, 1), _unit_days(unit, n, ref, 1)
    else:
        low, high = _unit_days(unit, n, ref, -1), _shift(ref, -1)
    if low is None or high is None:
        return None
    return (start, end, "relative", low, high, "relative", None, None, None)


def _rec_rel_period(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    rel = " ".join(m["rel"].lower().split())
    part = (m["part"] or "").lower()
    unit = m["u"].lower()
    if rel == "the" and not part:
        return None  # "the week" alone says nothing about which week
    start, end = m.span()
    if ref is None:
        return (start, end, "relative", None, None, "unknown", None, None, None)
    if rel in ("past", "the past") and not part and unit != "weekend":
        # "the past week" is the rolling week up to the article date, not the calendar week.
        low, high = _unit_days(unit, 1, ref, -1), _shift(ref, -1)
        if low is None or high is None:
            return None
        return (start, end, "relative", low, high, "relative", None, None, None)
    offset = (
        -1
        if rel in ("last", "previous", "past", "the previous", "the past")
        else (1 if rel in ("next", "coming", "the coming") else 0)
    )
    low, high = _unit_range(unit, ref, offset)
    if part == "earlier":
        high = max(low, min(high, ref - _ONE_DAY)) if offset == 0 else high
    elif part == "later":
        low = min(high, max(low, ref + _ONE_DAY)) if offset == 0 else low
    elif part:
        low, high = _part_of(low, high, part)
    return (start, end, "relative", low, high, "relative", None, None, None)


def _rec_holiday(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    h = m["h"].lower()
    month, day = (
        (12, 24)
        if "eve" in h and "christmas" in h
        else (12, 31)
        if "eve" in h
        else ((12, 25) if "christmas" in h else (1, 1))
    )
    return _explicit_day(m, ref, month, day, m["y"])


def _hhmm(h: int, mi: int, ap: str | None) -> str | None:
    if ap:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ap.lower() == "p" else 0)
    return f"{h:02d}:{mi:02d}"


def _clean_tz(tz: str | None) -> str | None:
    return " ".join(tz.split()) if tz else None


_P_EVENING_AFTER = _c(
    r"\s+(?:(?:last|that|on\s+\w+|in\s+the|at)\s+)?(?P<part>night|evening)\b|\s+(?P<part>tonight)\b"
)


def _rec_time(m: regex.Match[str], ref: dt.date | None) -> _Cand | None:
    gd = m.groupdict()
    if gd.get("named"):
        named = "00:00" if m["named"].lower() == "midnight" else "12:00"
        return (m.start(), m.end(), "time", None, None, "unknown", None, named, None)
    ap = gd.get("ap")
    if not ap and 1 <= int(m["h"]) <= 11:
        # "at 10:22 last night", "at 7.30 in the evening": the day part says it is after noon
        night = _P_EVENING_AFTER.match(m.string, m.end(), m.end() + 30)
        if night and (night["part"].lower() == "evening" or int(m["h"]) >= 6):
            ap = "p"
    hm = _hhmm(int(m["h"]), int(m["mi"] or 0), ap)
    if hm is None:
        return None
    return (m.start(), m.end(), "time", None, None, "unknown", None, hm, _clean_tz(gd.get("tz")))


_RECOGNIZERS: tuple[tuple[regex.Pattern[str], _Recognizer], ...] = (
    (_P_ISO, _rec_iso),
    (_P_NUMERIC, _rec_numeric),
    (_P_NUMERIC_MD, _rec_numeric_md),
    (_P_MDY, _rec_month_day),
    (_P_DMY, _rec_month_day),
    (_P_DAY_OF_REL_MONTH, _rec_day_of_rel_month),
    (_P_DAY_RANGE_MD, _rec_day_range),
    (_P_DAY_RANGE_DM, _rec_day_range),
    (_P_MONTH, _rec_month),
    (_P_YEAR, _rec_year),
    (_P_DECADE, _rec_decade),
    (_P_QUARTER, _rec_quarter),
    (_P_REL_QUARTER, _rec_rel_quarter),
    (_P_WEEKDAY_OF_WEEK, _rec_weekday_of_week),
    (_P_NAMED_NUMERIC, _rec_named_numeric),
    (_P_MONTH_SLASH_YEAR, _rec_month_slash_year),
    (_P_YEAR_RANGE, _rec_year_range),
    (_P_WEEKDAY, _rec_weekday),
    (_P_REL_DAY, _rec_rel_day),
    (_P_AGO, _rec_ago),
    (_P_ROLLING, _rec_rolling),
    (_P_REL_PERIOD, _rec_rel_period),
    (_P_HOLIDAY, _rec_holiday),
    (_P_TIME_COLON, _rec_time),
    (_P_TIME_AMPM, _rec_time),
    (_P_TIME_MILITARY, _rec_time),
    (_P_TIME_DOTTED, _rec_time),
    (_P_TIME_HRS, _rec_time),
    (_P_TIME_NAMED, _rec_time),
)


def _matches(pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    try:
        yield from pattern.finditer(text, timeout=_TIMEOUT)
    except TimeoutError:
        return


# ---------------------------------------------------------------- where a match may start
#
# Speed. A `finditer` over the whole text tries every position, and most patterns above begin with
# an optional group (a weekday, "the", "from", "early"), which the regex engine cannot skip ahead
# for: 28 such scans made find_dates run at ~0.5 MB/s. Instead, a few cheap scans of the
# lower-cased text list the positions where a match of each pattern can begin (the first word of
# every alternative that can open it), and the pattern is only tried there, with `match`. Walking
# the candidates in order and resuming after each match gives exactly `finditer`'s matches (no
# pattern matches the empty string), as long as every real start is a candidate: the lists may
# hold extra positions (they only cost a failed `match`), never miss one. Keep the start keys
# below in step with the patterns when editing them.
#
# Start keys: "#" the start of a run of digits (found with the patterns' own `\d`); "the#" "the"
# plus whitespace before such a run; anything else an `re` pattern on the lower-cased text, its
# first character a literal so that `re` skips ahead to it.
_WD_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MON_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_PART_KEYS = ("early", "mid", "late", r"the\s+(?:beg|sta|mid|end)", "beginning", "start", "middle", "end")
_REL_KEYS = ("this", "last", "next", "past", "previous", "current", "coming")

# pattern -> (start keys, or None to keep the plain finditer; substrings one of which every match
# contains, checked on the lower-cased text before anything else). Patterns that begin with a
# digit or a plain literal are already fast in `regex` and keep the plain finditer. Beware of
# patterns for which `regex` derives a required string ("/", "quarter", "m" of "pm"): its `match`
# first looks for that string from the start position onwards, which costs up to the rest of the
# text per call and would make the candidate loop quadratic on a text that lacks the string. Such
# a pattern either keeps the plain finditer or gets a _PRE test that finds the string close by.
_STARTS: dict[int, tuple[tuple[str, ...] | None, tuple[str, ...]]] = {
    id(_P_ISO): (None, ()),
    id(_P_NUMERIC): (None, ()),
    id(_P_NUMERIC_MD): (("#", *_WD_KEYS), ("/",)),
    id(_P_MDY): ((*_WD_KEYS, *_MON_KEYS), ()),
    id(_P_DMY): (("#", "the#", *_WD_KEYS), ()),
    id(_P_DAY_OF_REL_MONTH): (None, ("month",)),
    id(_P_DAY_RANGE_MD): (("from", "between", *_MON_KEYS), ()),
    id(_P_DAY_RANGE_DM): (("#", "the#", "from", "between"), ()),
    id(_P_MONTH): ((*_PART_KEYS, "last", "this", "next", "past", *_MON_KEYS), ()),
    id(_P_YEAR): (("#", *_PART_KEYS), ()),
    id(_P_DECADE): (None, ()),
    id(_P_QUARTER): (("#", "the#", r"q[1-4]", r"h[12]", "first", "second", "third", "fourth",
                      r"the\s+(?:first|second|third|fourth)"), ()),
    id(_P_REL_QUARTER): (None, ("quarter",)),
    id(_P_WEEKDAY_OF_WEEK): ((*_WD_KEYS, "last", "this", "next"), ("week",)),
    id(_P_NAMED_NUMERIC): (("#",), ()),
    id(_P_MONTH_SLASH_YEAR): (_MON_KEYS, ("/", "-")),
    id(_P_YEAR_RANGE): (("#", "from", "between"), ()),
    id(_P_WEEKDAY): ((*_WD_KEYS, "last", "this", "next", "previous", "past", "coming"), ()),
    id(_P_REL_DAY): ((r"the\s+day", "today", "tonight", "yesterday", "tomorrow", "last", "this", "earlier",
                      "later"), ()),
    id(_P_AGO): (("#", r"an?\s", "couple", "one", "two", "three", "four", "five", "six", "seven", "eight",
                  "nine", "ten", "eleven", "twelve"), ("ago", "from")),
    id(_P_ROLLING): (None, ("days", "weeks", "months", "years")),
    id(_P_REL_PERIOD): (
        (*_PART_KEYS, "earlier", "later", *_REL_KEYS, r"the\s+(?:past|previous|current|coming|week|month|year)"),
        ("week", "month", "year"),
    ),
    id(_P_HOLIDAY): (("christmas", "new"), ()),
    id(_P_TIME_COLON): (None, ()),
    id(_P_TIME_AMPM): (("#",), ()),
    id(_P_TIME_MILITARY): (("#",), ("gmt", "utc")),
    id(_P_TIME_DOTTED): (("#",), (".",)),
    id(_P_TIME_HRS): (("#",), ("hrs",)),
    id(_P_TIME_NAMED): (("#", "noon", "mid"), ()),
}
# A quick `re` test at each candidate, on the lower-cased text, before the real pattern: a loose
# version of the pattern's opening (any character stands for a digit, `re`'s whitespace holds all
# of `regex`'s), so it never rejects a real start. It keeps a `regex` call with a required string
# ("/", "m") to candidates that have that string close by, and skips the many digit runs and
# articles that cannot open a match. Every repetition but whitespace is bounded, so that each test
# reads only a few characters past its start (an unbounded `\S+` inside a long token would be
# quadratic again).
_WD_PRE = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?,?\s+"  # "Thurs., "
_PRE: dict[int, re.Pattern[str]] = {
    id(_P_NUMERIC_MD): re.compile(rf"(?:{_WD_PRE})?.{{1,2}}/", re.S),
    id(_P_TIME_AMPM): re.compile(r".{1,2}(?:\...)?\s*[ap]\.?\s?m", re.S),
    id(_P_AGO): re.compile(  # "a couple of", "twelve", "150"
        r"\S{1,6}(?:\s+\S{1,6}){0,2}?\s+(?:day|week|month|year|fortnight)s?\s+(?:ago|from)", re.S
    ),
    id(_P_YEAR): re.compile(r"1[6-9]|20|early|mid|late|the|beginning|start|middle|end"),
    id(_P_DMY): re.compile(
        rf"(?:{_WD_PRE})?(?:the\s+)?.{{1,4}}(?:\s+of)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.S
    ),
    id(_P_DAY_RANGE_DM): re.compile(
        r"(?:(?:from|between)\s+)?(?:the\s+)?.{1,4}\s*(?:-|–|—|to|until|till|through|and)", re.S
    ),
    id(_P_YEAR_RANGE): re.compile(r"(?:(?:from|between)\s+)?.{4}\s*(?:-|–|—|~|to|through|until|till)", re.S),
    id(_P_QUARTER): re.compile(
        r"(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|half)|q[1-4]|h[12]|.{4}[\s\-]?[qh]",
        re.S,
    ),
    id(_P_TIME_MILITARY): re.compile(r".{4}\s*(?:gmt|utc)", re.S),
    id(_P_TIME_DOTTED): re.compile(r".{1,2}\.", re.S),
    id(_P_TIME_HRS): re.compile(r".{1,2}[.:]?.{2}\s*hrs", re.S),
    id(_P_TIME_NAMED): re.compile(r"(?:12\s+)?(?:noon|midday|midnight)"),
    id(_P_NAMED_NUMERIC): re.compile(r".{1,4}[-/]", re.S),
}
_KEY_RX = {k: re.compile(k) for ks, _ in _STARTS.values() if ks for k in ks if k not in ("#", "the#")}
# The literal each key opens with (a letter under a quantifier, the "n" of "an?", left out).
_KEY_HEAD = {k: re.match(r"[a-z]*(?![?*{])", k)[0] for k in _KEY_RX}  # type: ignore[index]
_P_THE_SPACE = re.compile(r"the\s+")
_P_DIGIT_RUN = regex.compile(r"\d+")


class _Starts:
    """Candidate start positions in one text, per start key, each list computed once."""

    def __init__(self, text: str, low: str) -> None:
        self.text = text
        self.low = low
        self.cache: dict[str, list[int]] = {}

    def get(self, key: str) -> list[int]:
        got = self.cache.get(key)
        if got is not None:
            return got
        if key == "#":
            got = [m.start() for m in _P_DIGIT_RUN.finditer(self.text)]
        elif key == "the#":
            # "the" + whitespace ending where a digit run starts ("the 5th of May")
            ends = {m.end(): m.start() for m in _P_THE_SPACE.finditer(self.low)}
            got = [ends[p] for p in self.get("#") if p in ends]
        elif _KEY_HEAD[key] not in self.low:
            got = []  # most keys are absent from a short article: a substring test settles it
        else:
            got = [m.start() for m in _KEY_RX[key].finditer(self.low)]
        self.cache[key] = got
        return got

    def positions(self, keys: tuple[str, ...]) -> list[int]:
        # A position listed twice is harmless (the second try is skipped or fails the same way).
        out: list[int] = []
        cache = self.cache
        for k in keys:
            got = cache.get(k)
            out += self.get(k) if got is None else got
        out.sort()
        return out


def _matches_at(pattern: regex.Pattern[str], text: str, low: str, starts: list[int]) -> Iterator[regex.Match[str]]:
    """`pattern.finditer(text)`, trying only the candidate `starts` (sorted)."""
    pos = 0
    match = pattern.match
    pre = _PRE.get(id(pattern))
    for p in starts:
        if p >= pos and (pre is None or pre.match(low, p)):
            m = match(text, p)
            if m is not None:
                yield m
                pos = m.end()


# Characters that IGNORECASE matches to an ASCII letter although lower() does not give that letter
# ("ſ" matches "s"), or whose lower() has another length ("İ"): with one of them in the text the
# lower-cased scans could miss a start, so such a text takes the plain finditer.
_ODD_CASE = ("\u017f", "\u0130")


def _all_matches(text: str) -> Iterator[tuple[regex.Match[str], _Recognizer]]:
    """Every recognizer's matches, pattern by pattern, as a plain finditer of each would give them."""
    low = text.lower()
    if len(low) != len(text) or any(c in text for c in _ODD_CASE):
        for pattern, rec in _RECOGNIZERS:
            for m in _matches(pattern, text):
                yield m, rec
        return
    starts = _Starts(text, low)
    for pattern, rec in _RECOGNIZERS:
        keys, needs = _STARTS[id(pattern)]
        if needs and not any(w in low for w in needs):
            continue
        ms = _matches(pattern, text) if keys is None else _matches_at(pattern, text, low, starts.positions(keys))
        for m in ms:
            yield m, rec


def _mention(text: str, c: _Cand) -> DateMention:
    start, end, kind, low, high, basis, weekday, time, tz = c
    # Trailing sentence punctuation swallowed by an abbreviation dot ("Oct.") stays in the span:
    # it is part of the token, and dropping it would split "Oct." from its day elsewhere.
    return DateMention(
        start, end, text[start:end], cast(Kind, kind), low, high, cast(Basis, basis), weekday, time, tz
    )


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest-first, non-overlapping; ties go to the earlier start."""
    chosen: list[_Cand] = []
    # The spans taken so far are disjoint and non-empty, so kept sorted by start their ends are
    # sorted too: a new span [a, b) overlaps one of them exactly when the last one starting before
    # b ends after a. (A scan of all taken spans per candidate was quadratic on long texts.)
    starts: list[int] = []
    ends: list[int] = []
    for c in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
        a, b = c[0], c[1]
        i = bisect_left(starts, b)
        if i == 0 or ends[i - 1] <= a:
            chosen.append(c)
            starts.insert(i, a)
            ends.insert(i, b)
    chosen.sort(key=lambda c: c[0])
    return chosen


_DAYISH = ("date", "weekday", "relative")


def _single_day(m: DateMention) -> bool:
    return m.kind in _DAYISH and (m.low is None or m.low == m.high)


def _merge_datetime(text: str, ms: list[DateMention]) -> list[DateMention]:
    """Join a day and a clock time written next to each other ("24 October 2024 10:53")."""
    out: list[DateMention] = []
    i = 0
    while i < len(ms):
        a = ms[i]
        b = ms[i + 1] if i + 1 < len(ms) else None
        if b is not None:
            gap = text[a.end : b.start]
            day, tm = (
                (a, b)
                if _single_day(a) and b.kind == "time" and _P_DT_GAP.match(gap)
                else (
                    (b, a) if a.kind == "time" and _single_day(b) and _P_TD_GAP.match(gap) else (None, None)
                )
            )
            if day is not None and tm is not None:
                out.append(
                    DateMention(a.start, b.end, text[a.start : b.end], "datetime", day.low, day.high,
                                day.basis, day.weekday, tm.time, tm.tz)
                )  # fmt: skip
                i += 2
                continue
        out.append(a)
        i += 1
    return out


_P_YEAR_TOKEN = _c(r"(?<!\d)(?:1[6-9]|20)\d{2}(?!\d)")


def _align_range_ends(a: DateMention, b: DateMention) -> tuple[DateMention, DateMention]:
    """ "from January to April 2015": the start borrows the end's year; "Monday to Friday": the
    end weekday is the first one on or after the start."""
    if b.low is None or b.high is None:
        return a, b
    if (
        a.kind in ("date", "month") and b.basis == "explicit" and 1 < b.high.year < 9999
        and _P_YEAR_TOKEN.search(a.text) is None and _P_YEAR_TOKEN.search(b.text) is not None
    ):  # fmt: skip
        # Re-read the start as if written at the end of the end's year (or the year before).
        for y in (b.high.year, b.high.year - 1):
            again = find_dates(a.text, dt.date(y, 12, 31))
            if len(again) == 1 and again[0].basis == "explicit" and again[0].low is not None \
                    and again[0].low <= b.high:  # fmt: skip
                return replace(a, low=again[0].low, high=again[0].high, basis="explicit"), b
    if b.kind == "weekday" and a.low is not None and b.low < a.low:
        d = a.low + dt.timedelta(days=(b.low.weekday() - a.low.weekday()) % 7)
        return a, replace(b, low=d, high=d)
    return a, b


def _merge_ranges(text: str, ms: list[DateMention], ref: dt.date | None) -> list[DateMention]:
    """ "from X to Y", "between X and Y", "X - Y" become one period; "since X" runs to the reference."""
    out: list[DateMention] = []
    i = 0
    while i < len(ms):
        a = ms[i]
        b = ms[i + 1] if i + 1 < len(ms) else None
        if a.kind != "time" and b is not None and b.kind != "time":
            head = _P_FROM.search(text, max(0, a.start - 20), a.start)
            gap = text[a.end : b.start]
            dash_only = bool(_DASH_ONLY.match(gap))
            if (head is not None or dash_only) and _P_RANGE_GAP.match(gap):
                start = head.start() if head is not None else a.start
                a, b = _align_range_ends(a, b)
                both = a.low is not None and b.high is not None and a.low <= b.high
                basis: Basis = (
                    "unknown"
                    if not both
                    else ("relative" if "relative" in (a.basis, b.basis) else "explicit")
                )
                out.append(
                    DateMention(start, b.end, text[start : b.end], "period", a.low if both else None,
                                b.high if both else None, basis)
                )  # fmt: skip
                i += 2
                continue
        since = _P_SINCE.search(text, max(0, a.start - 40), a.start) if a.kind != "time" else None
        if since is not None:
            low = a.low
            high = ref if ref is not None and low is not None and low <= ref else None
            out.append(
                DateMention(since.start(), a.end, text[since.start() : a.end], "period",
                            low if high is not None else None, high,
                            a.basis if high is not None else "unknown")
            )  # fmt: skip
        else:
            out.append(a)
        i += 1
    return out


def find_dates(text: str, reference: dt.date | None = None) -> list[DateMention]:
    """Every date-like expression in `text`, sorted and non-overlapping, resolved against `reference`."""
    if not isinstance(text, str) or not text:
        return []
    cands: list[_Cand] = []
    for m, rec in _all_matches(text):
        try:
            c = rec(m, reference)
        except (ValueError, OverflowError, KeyError):
            c = None  # a malformed number in an odd spot: skip the match, never the article
        if c is not None and c[1] > c[0]:
            cands.append(c)
    mentions = [_mention(text, c) for c in _select(cands)]
    mentions = _merge_datetime(text, mentions)
    return _merge_ranges(text, mentions, reference)


# --------------------------------------------------------------------------- publication date

_P_FIRST_LINE = _c(r"\A\s*date\s+(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_P_LABEL = _c(
    r"^\W*(?P<label>(?:first\s+)?published|posted|updated|last\s+updated|date|dated)\b(?:\s+(?:on|at))?\s*:?"
)
_P_HANDLE = _c(r"\(@\w{1,30}\)\s*")
_P_DATELINE_HEAD = _c(
    r"^(?:By\s[^|\n]{1,60}[|,·•-]\s*)?(?:[A-Z][\w.'’\- ]{1,40}(?:,\s*[A-Z][\w.'’\- ]{1,30})?,\s*)?$"
)
_P_DATELINE_TAIL = _c(r"^\s*(?:\(|—|–|--|-\s|/|\||$)")
_TOP_CHARS = 3000


def _full_date(m: DateMention) -> bool:
    """A date that carries its own year, so it needs no reference."""
    return m.kind in ("date", "datetime") and m.basis == "explicit" and m.low is not None and m.low == m.high


# A page filed under its day: ".../2025/07/03/slug", ".../2025-07-03-slug", ".../20250703/slug". Only a path
# segment (or the head of one) is read, never the host or a query, so "/item/20250703123456" is no date.
_P_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)(?:/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)|-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)|(?P<m3>[01]\d)(?P<d3>[0-3]\d))"
    r"(?=[/\-_.]|$)"
)


def url_date(url: str | None) -> dt.date | None:
    """The day a page's URL files it under, or None ("https://x.example/2025/07/03/quarry-fire" -> 2025-07-03)."""
    from checker.sources.fields import url_path

    found = _P_URL_DATE.search(url_path(url)[:2000])
    if found is None:
        return None
    y = int(found["y"])
    m = int(found["m"] or found["m2"] or found["m3"])
    d = int(found["d"] or found["d2"] or found["d3"])
    return _mkdate(y, m, d)


def article_date(text: str) -> tuple[dt.date | None, str, tuple[int, int] | None]:
    """The publication date found in an article body: (date, basis, span of the date text).

    basis: "first_line" (" date 2023-11-27 ..." opening the text), "dateline" (a date line,
    "Published:"/"Updated" label, byline or "CITY, Month D, YYYY (Agency) —" near the top),
    "embedded" (the latest date of an embedded social post: the article is no older than what
    it embeds), else (None, "unknown", None). Only dates with a year are accepted: a year-less
    dateline cannot be placed without the date we are looking for.
    """
    if not isinstance(text, str) or not text:
        return None, "unknown", None
    fl = _P_FIRST_LINE.match(text)
    if fl is not None:
        d = _mkdate(int(fl["y"]), int(fl["m"]), int(fl["d"]))
        if d is not None:
            return d, "first_line", (fl.start("y"), fl.end("d"))
    top = text[:_TOP_CHARS]
    best: tuple[int, dt.date, tuple[int, int]] | None = None  # (rank, date, span); lower rank wins
    pos = 0
    for line in top.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and len(stripped) <= 160:
            found = _dateline_in(line, pos)
            if found is not None and (best is None or found[0] < best[0]):
                best = found
                if found[0] == 0:
                    break
        pos += len(line)
    if best is not None:
        return best[1], "dateline", best[2]
    latest: tuple[dt.date, tuple[int, int]] | None = None
    for h in _matches(_P_HANDLE, text):
        for m in find_dates(text[h.end() : h.end() + 40]):
            if m.start == 0 and _full_date(m) and m.low is not None and (latest is None or m.low > latest[0]):
                latest = (m.low, (h.end() + m.start, h.end() + m.end))
            break
    if latest is not None:
        return latest[0], "embedded", latest[1]
    return None, "unknown", None


def _dateline_in(line: str, pos: int) -> tuple[int, dt.date, tuple[int, int]] | None:
    """Rank 0: "Published" label; 1: a line that is a date (plus time) or a dateline; 2: "Updated"."""
    label = _P_LABEL.match(line)
    mentions = [m for m in find_dates(line) if _full_date(m)]
    if not mentions:
        return None
    m = mentions[0]
    assert m.low is not None
    span = (pos + m.start, pos + m.end)
    if label is not None and line[label.end() : m.start].strip(" \t:,-–—|") == "":
        rank = 2 if "updated" in label["label"].lower() else 0
        return rank, m.low, span
    head, tail = line[: m.start], line[m.end :]
    if head.strip(" \t|•·-–—") == "" and tail.strip(" \t|•·-–—\r\n") == "":
        return 1, m.low, span
    if _P_DATELINE_HEAD.match(head.lstrip()) and _P_DATELINE_TAIL.match(tail):
        return 1, m.low, span
    return None
