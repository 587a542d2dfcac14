"""What the checks share: a claim's interval as written, which claims answer the same question, time slots."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from checker.models import OTHER_INCIDENT, Claim
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


CURRENCY_SLACK = 0.1  # rates move: a sum in another currency is within a tenth of its converted value


@lru_cache(maxsize=1)
def usd_rates() -> dict[str, float]:
    """US dollars per unit of each currency the checks convert (checker/checks/currencies.yaml)."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(Path(__file__).with_name("currencies.yaml").read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in data.items()}


def currency(c: Claim) -> str | None:
    """The currency code a money claim is in, None for anything else."""
    d = c.dimension or ""
    return d if len(d) == 3 and d.isupper() else None


def span(c: Claim) -> Span:
    """The interval a claim admits: "about 240" by the hedge's own width (the table numbers.py reads), a
    plain figure to half the place value of its last written digit ("948" is 947.5..948.5, so 948 and 984
    disagree), bounds as written ("over 750" excludes 750); in the base unit of its dimension, money in US
    dollars (other currencies converted, with CURRENCY_SLACK either way)."""
    scale = c.scale or 1.0
    code = currency(c)
    rate = usd_rates().get(code, 1.0) if code else 1.0
    if code and code != "USD" and code in usd_rates():
        low, high = c.low * scale * rate, c.high * scale * rate
        return Span(_times(low, 1 - CURRENCY_SLACK), _times(high, 1 + CURRENCY_SLACK), False, False)
    low, high = (c.low - c.zero) * scale, (c.high - c.zero) * scale
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
    count as a rounding (a rounded figure says so with a hedge, which widens it by the hedge's width). A
    measurement in a unit other than its dimension's base one is to its last non-zero digit."""
    if not c.precision:
        return 0.0
    if _SCALED.search(c.quote) or c.precision < 1:
        return c.precision
    if c.scale != 1.0 and c.dimension and c.low == c.high and c.low >= 10 and float(c.low).is_integer():
        return _rounded_to(c.low)
    return min(c.precision, 1.0)


def _rounded_to(value: float) -> float:
    """A measurement in a unit converted to the base one is usually a rounded conversion: "3,900 feet" for
    1,200 metres is to the hundred, so its place value is that of its last non-zero digit (3,900 -> 100)."""
    place, v = 1.0, int(value)
    while v % 10 == 0 and v:
        v //= 10
        place *= 10
    return place


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
    # the current answer's figures as written -> the currencies they were written in: looked up, not scanned, so
    # an answer of many figures costs no more per figure than one of few
    written: dict[tuple[float, float], set[str | None]] = {}
    for s, c in sorted(((span(c), c) for c in claims), key=lambda sc: (sc[0].low, sc[0].high, sc[1].claim_id)):
        code = currency(c)
        figure = (c.low, c.high)
        # the same number in two currencies is a mix-up ("EUR 250,000" against "$250,000"), whatever the rate
        mixup = code is not None and any(w not in (None, code) for w in written.get(figure, ()))
        if groups and tightest is not None and first is not None and s.overlaps(tightest) and s.overlaps(first) \
                and not mixup:
            groups[-1].append(c)
            if s.high < tightest.high:
                tightest = s
        else:
            groups.append([c])
            tightest = first = s
            written = {}
        written.setdefault(figure, set()).add(code)
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


# how qualifiers shape a question: informational ones never split it (an implicit count answers the same
# question as a written one); soft ones split it only where some article breaks the figure down by them;
# attribute ones name the thing a quantity belongs to, which a figure that names nothing shares
INFO_KEYS = frozenset({"basis", "currency"})  # a currency is a unit: figures in two of them are converted
SOFT_KEYS = ("place", "day")
SIDE_KEY = "party"  # the side of a negotiation a figure is; splits a group by its own rule (_split_by_party)
ATTRIBUTE_KEYS = ("entity", "from")
PART_KEYS = frozenset({"population", "nationality", "subset"})  # a figure qualified by one counts part of a whole


def qualifier_key(q: dict[str, str], without: Iterable[str] = (*SOFT_KEYS, SIDE_KEY)) -> tuple[tuple[str, str], ...]:
    drop = set(without) | INFO_KEYS
    return tuple(sorted((k, v) for k, v in q.items() if k not in drop))


def is_bare_part(c: Claim) -> bool:
    """A listed part with nothing to tell it from its total ("92 passengers and 15 crew"): checked by the sum
    check, never compared with other articles' totals."""
    return bool(c.relation and c.relation.startswith("part:")) and not (set(qualifier_key(c.qualifiers)))


def by_qualifiers(claims: Iterable[Claim]) -> list[tuple[dict[str, str], list[Claim]]]:
    """Claims that count the same thing: the same qualifiers, read as the story writes them.

    Spellings of one name in a qualifier are one value (Marrakech, Marrakesh). A figure that names no
    entity takes the one entity the others name ("only 40 m long" beside "the 50-metre alley"), unless it is a
    duration. A place or a day splits a group only where some article breaks the measure down by it ("5
    killed in Mosul and 3 in Raqqa"); otherwise "at the San Lorenzo mine" and "in Chile" are two names for
    where one event happened, and figures with no place, where others are broken down by place, are compared
    among themselves."""
    kept = [c for c in claims if not is_bare_part(c) and c.qualifiers.get("scope") != OTHER_INCIDENT]
    quals = _read_qualifiers(kept)
    groups: dict[tuple[tuple[str, str], ...], list[Member]] = defaultdict(list)
    for c, q in zip(kept, quals, strict=True):
        groups[qualifier_key(q)].append((c, q))
    out: list[tuple[dict[str, str], list[Claim]]] = []
    for key, members in sorted(groups.items()):
        parts = [(dict(key), members)]
        for soft in SOFT_KEYS:
            parts = [split for base, group in parts for split in _split_by(soft, base, group)]
        parts = [split for base, group in parts for split in _split_by_party(base, group)]
        out.extend((base, [c for c, _ in group]) for base, group in parts)
    return out


def _split_by_party(base: dict[str, str], group: list[Member]) -> list[tuple[dict[str, str], list[Member]]]:
    """One group per side of a negotiation ("the Falcons offered eight years, the Rovers seven"): two sides'
    offers are no conflict. Where some figure names its side, a figure that names none could be any side's
    (the other's, or a third's the story never names), so it is compared with none."""
    sides = _same_sides(sorted({q[SIDE_KEY] for _, q in group if SIDE_KEY in q}))
    if not sides:
        return [(base, group)]
    split: dict[str, list[Member]] = defaultdict(list)
    alone: list[tuple[dict[str, str], list[Member]]] = []
    for c, q in group:
        if SIDE_KEY in q:
            split[sides[q[SIDE_KEY]]].append((c, q))
        else:
            alone.append((base, [(c, q)]))
    return [({**base, SIDE_KEY: side}, members) for side, members in sorted(split.items())] + alone


def other_side(a: Claim, b: Claim) -> bool:
    """Two figures of two named sides of a negotiation: one side's demand is no outcome of the other's offer."""
    sa, sb = a.qualifiers.get(SIDE_KEY), b.qualifiers.get(SIDE_KEY)
    if not sa or not sb:
        return False
    same = _same_sides([sa, sb])
    return same[sa] != same[sb]


def _same_sides(names: list[str]) -> dict[str, str]:
    """Each side's name -> the shortest name of it the story writes: "Angels" for "Los Angeles Angels",
    "Norvik" for "Norvik Steel" (a name that starts or ends another); sides bidding together stay apart."""
    out: dict[str, str] = {}
    for name in sorted(names, key=lambda n: (len(n), n)):
        shorter = () if " and " in name else (s for s in out.values() if _starts_or_ends(name.split(), s.split()))
        out[name] = next(iter(shorter), name)
    return out


def _starts_or_ends(words: list[str], part: list[str]) -> bool:
    return words[: len(part)] == part or words[-len(part) :] == part


Member = tuple[Claim, dict[str, str]]  # a claim with its qualifiers as the story reads them


def _split_by(key: str, base: dict[str, str], group: list[Member]) -> list[tuple[dict[str, str], list[Member]]]:
    """The group as it is, or split by `key` when some article gives it two values of `key`."""
    by_article: dict[str, set[str]] = defaultdict(set)
    for c, q in group:
        if key in q:
            by_article[c.article_id].add(q[key])
    if not any(len(v) > 1 for v in by_article.values()):
        return [(base, group)]
    values = sorted({q[key] for _, q in group if key in q})
    split: dict[str, list[Member]] = defaultdict(list)
    for c, q in group:
        # a figure that names none of them is the whole ("224 in all": "148 in Wayanad, 76 in Chaliyar"),
        # compared with the other wholes
        value = q.get(key) or (place_named_near(c, values) if key == "place" else "")
        split[value].append((c, q))
    return [({**base, key: v} if v else dict(base), members) for v, members in sorted(split.items())]


def _read_qualifiers(claims: list[Claim]) -> list[dict[str, str]]:
    """Each claim's qualifiers with spellings of one name made one, and a lone attribute filled in."""
    canon = _canonical_values(claims)
    quals = [{k: canon.get((k, v), v) for k, v in c.qualifiers.items()} for c in claims]
    for key in ATTRIBUTE_KEYS:
        by_measure: dict[str, set[str]] = defaultdict(set)
        for c, q in zip(claims, quals, strict=True):
            if key in q:
                by_measure[c.measure].add(q[key])
        for c, q in zip(claims, quals, strict=True):
            named = by_measure.get(c.measure, set())
            # a spell of time belongs to whatever its sentence is about ("within 24 hours" beside "a
            # four-day truce" is a deadline, not the truce): a duration that names nothing stays apart
            if key not in q and len(named) == 1 and c.dimension != "duration":
                q[key] = next(iter(named))
    return quals


def _canonical_values(claims: list[Claim]) -> dict[tuple[str, str], str]:
    """(key, value) -> the story's most written spelling of that value, for values one or two letters apart."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in claims:
        for k, v in c.qualifiers.items():
            if k not in INFO_KEYS:
                counts[k][v] += 1
    out: dict[tuple[str, str], str] = {}
    for k, values in counts.items():
        ordered = sorted(values, key=lambda v: (-values[v], v))  # the most written spelling leads
        for i, v in enumerate(ordered):
            for lead in ordered[:i]:
                lead = out.get((k, lead), lead)
                lv, ll = v.lower(), lead.lower()
                if lv[:1] == ll[:1] and 1 <= Levenshtein.distance(lv, ll) <= 2 and fuzz.ratio(lv, ll) >= 80:
                    out[(k, v)] = lead
                    break
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
