"""What the checks share: a claim's interval as written, which claims answer the same question, time slots."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from checker.models import Claim
from checker.numbers import approx_tolerance

INF = math.inf
UPPER_HEDGES = {"as many as", "up to", "as high as", "no more than", "not more than", "at most"}
_CLAUSE_MARK = regex.compile(r"[,;:—–()]\s")
WEEK_SLOT_DAYS = 7  # a level compared over a week or more gets a calendar-week slot


# -- intervals ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Span:
    """A claim's value in its base unit, widened by how it was written; ends open where it is strict."""

    low: float
    high: float
    low_open: bool
    high_open: bool

    def overlaps(self, other: Span) -> bool:
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low:
            return not (self.high_open or other.low_open)
        if other.high == self.low:
            return not (other.high_open or self.low_open)
        return True


def span(c: Claim) -> Span:
    """The interval a claim admits: "about 240" by the hedge's own width (the table numbers.py reads), a
    plain figure to half the place value of its last written digit ("948" is 947.5..948.5, so 948 and 984
    disagree), bounds as written ("over 750" excludes 750); in the base unit of its dimension."""
    scale = c.scale or 1.0
    low, high = c.low * scale, c.high * scale
    width = approx_tolerance(c.hedge)
    if width:
        width = max(width, c.tolerance)
        return Span(_times(low, 1 - width), _times(high, 1 + width), False, False)
    precision = written_precision(c)
    if precision and low == high and math.isfinite(low):
        half = precision * scale / 2
        return Span(low - half, high + half, True, True)
    return Span(low, high, not c.low_inclusive, not c.high_inclusive)


_SCALED = regex.compile(r"\p{L}")


def written_precision(c: Claim) -> float:
    """How finely a plain figure was written: a decimal or a scale word to its last digit ("1.2 million" to
    100,000); digits alone to the unit, however many zeros end them, since "2,000 destroyed" is as likely a
    count as a rounding (a rounded figure says so with a hedge, which widens it by the hedge's width)."""
    if not c.precision:
        return 0.0
    if _SCALED.search(c.quote) or c.precision < 1:
        return c.precision
    return min(c.precision, 1.0)


def _times(x: float, f: float) -> float:
    return x * f if math.isfinite(x) else x


def overlaps(a: Claim, b: Claim) -> bool:
    return span(a).overlaps(span(b))


def part_value(c: Claim) -> tuple[float, float]:
    """A listed part's interval: "as many as 40 at one hospital" in a list of parts is 40, not 0..40."""
    s = span(c)
    if s.low <= 0 < s.high and math.isfinite(s.high) and (c.hedge or "").lower() in UPPER_HEDGES:
        return s.high, s.high
    return s.low, s.high


def distinct_values(claims: Iterable[Claim]) -> list[list[Claim]]:
    """Claims grouped into distinct answers: in order of lower end, a claim joins the current answer while it
    overlaps every member (tracked through the member with the lowest upper end), else starts a new one."""
    groups: list[list[Claim]] = []
    tightest: Span | None = None
    first: Span | None = None
    for c in sorted(claims, key=lambda c: (span(c).low, span(c).high, c.claim_id)):
        s = span(c)
        if groups and tightest is not None and first is not None and s.overlaps(tightest) and s.overlaps(first):
            groups[-1].append(c)
            if s.high < tightest.high:
                tightest = s
        else:
            groups.append([c])
            tightest = first = s
    return groups


# -- questions ------------------------------------------------------------------------------------------
def slot(c: Claim) -> str | None:
    """The time a figure speaks of, as a question's slot: a running total or a level by its day (a level
    compared over a week or more by its calendar week), a fixed fact by none (""); None when undated."""
    if c.kind == "fixed":
        return ""
    if c.as_of is None:
        return None
    if c.kind == "stock" and c.window_days >= WEEK_SLOT_DAYS:
        year, week, _ = c.as_of.isocalendar()
        return f"{year}-W{week:02d}"
    return c.as_of.isoformat()


def slot_days(s: str) -> tuple[dt.date, dt.date] | None:
    """The days a slot covers."""
    if not s:
        return None
    if "-W" in s:
        year, week = s.split("-W")
        monday = dt.date.fromisocalendar(int(year), int(week), 1)
        return monday, monday + dt.timedelta(days=6)
    day = dt.date.fromisoformat(s)
    return day, day


def qualifier_key(q: dict[str, str], without: Iterable[str] = ("place",)) -> tuple[tuple[str, str], ...]:
    drop = set(without)
    return tuple(sorted((k, v) for k, v in q.items() if k not in drop))


def is_bare_part(c: Claim) -> bool:
    """A listed part with nothing to tell it from its total ("92 passengers and 15 crew"): checked by the sum
    check, never compared with other articles' totals."""
    return bool(c.relation and c.relation.startswith("part:")) and not (set(c.qualifiers) - {"place"})


def by_qualifiers(claims: Iterable[Claim]) -> list[tuple[dict[str, str], list[Claim]]]:
    """Claims that count the same thing: the same qualifiers. A place splits a group only where some article
    breaks the measure down by place ("5 killed in Mosul and 3 in Raqqa"); otherwise "at the San Lorenzo mine"
    and "in Chile" are two names for where one event happened. Figures with no place, where others are broken
    down by place, may be totals or any one place, so they are left out of the per-place groups."""
    groups: dict[tuple[tuple[str, str], ...], list[Claim]] = defaultdict(list)
    for c in claims:
        if not is_bare_part(c):
            groups[qualifier_key(c.qualifiers)].append(c)
    out: list[tuple[dict[str, str], list[Claim]]] = []
    for key, group in sorted(groups.items()):
        places_by_article: dict[str, set[str]] = defaultdict(set)
        for c in group:
            if "place" in c.qualifiers:
                places_by_article[c.article_id].add(c.qualifiers["place"])
        if not any(len(p) > 1 for p in places_by_article.values()):
            out.append((dict(key), group))
            continue
        places = sorted({c.qualifiers["place"] for c in group if "place" in c.qualifiers})
        by_place: dict[str, list[Claim]] = defaultdict(list)
        for c in group:
            by_place[c.qualifiers.get("place") or place_named_near(c, places)].append(c)
        out.extend(({**dict(key), "place": p}, g) for p, g in sorted(by_place.items()) if p)
    return out


def place_named_near(c: Claim, places: list[str]) -> str:
    """The one known place a figure's clause names in passing ("the strike on a Kyiv apartment block has risen
    to 16"), so it joins that place's figures; "" when none or several are named."""
    at = c.sentence.find(c.quote)
    if at < 0:
        return ""
    start = max((m.end() for m in _CLAUSE_MARK.finditer(c.sentence, 0, at)), default=0)
    end_mark = _CLAUSE_MARK.search(c.sentence, at + len(c.quote))
    clause = c.sentence[start : end_mark.start() if end_mark else len(c.sentence)]
    named = [p for p in places if regex.search(rf"\b{regex.escape(p)}\b", clause)]
    return named[0] if len(named) == 1 else ""


def qualifier_relation(a: dict[str, str], b: dict[str, str]) -> str:
    """equal | narrower (a counts a part of what b counts) | broader | conflict (other groups)."""
    if a == b:
        return "equal"
    if any(a[k] != b[k] for k in set(a) & set(b)):
        return "conflict"
    if set(a) > set(b):
        return "narrower"
    if set(b) > set(a):
        return "broader"
    return "conflict"


# -- how an answer reads --------------------------------------------------------------------------------
def fmt(x: float) -> str:
    if not math.isfinite(x):
        return "∞" if x > 0 else "-∞"
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")


def value_text(c: Claim) -> str:
    """A claim's value as one canonical text, the same however it was written ("two hundred" and "200" read
    "200", "more than 750" and "over 750" read "over 750"), in the unit it was written in."""
    if c.kind in ("date", "weekday_check", "name") or c.unit == "date":
        return str(c.value)
    approx = approx_tolerance(c.hedge) > 0
    if c.low == c.high:
        text = ("about " if approx else "") + fmt(c.low)
    elif math.isfinite(c.low) and c.high == INF:
        text = ("over " if not c.low_inclusive else "at least ") + fmt(c.low)
    elif c.low in (0, -INF) and math.isfinite(c.high):
        text = ("under " if not c.high_inclusive else "up to ") + fmt(c.high)
    else:
        text = f"{fmt(c.low)}–{fmt(c.high)}"
    unit = c.unit or ""
    if len(unit) == 3 and unit.isupper():  # a currency code reads first: "USD 250,000"
        return f"{unit} {text}"
    return f"{text} {unit}" if unit and unit != "%" else text + unit
