"""Score checker.numbers.find_numbers against Microsoft Recognizers-Text's English number specs."""

# The specs are vendored in tests/conformance/recognizers-text (MIT, see its LICENSE and README).
# A case is right when the set of (start, end, value) the adapter derives from our mentions equals
# the set in the spec. The adapter maps our richer mentions to Recognizers' flatter results:
#   NumberModel       cardinals, fractions and years; for money, ages, durations and hedged numbers
#                     the number inside ("$20" -> "20", "over 3 years" -> "3"), as Recognizers does;
#                     ordinals, percents, ranges, dates, ids, urls... and numbers with a
#                     measurement unit glued on ("180ml") are not NumberModel results.
#   NumberRangeModel  our ranges and bounded hedges ("more than", "up to", "equal to"); an "about"-
#                     type hedge in front of a range is dropped (Recognizers has none). Recognizers
#                     writes two-sided ranges half-open ("[20,30)"); we read "between 20 and 30" as
#                     closed, so an upper ")" of a plain range matches our "]". An open lower end
#                     "(,N" matches our 0 or -inf lower bound (we floor counts at 0).
#   OrdinalModel      our ordinals; relative ones carry Recognizers' offset in tags[1].
#   PercentModel      our percents; a bare "percent" word has value None.
# Run with -s to see the per-file score table and the misses.

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import regex

from checker.numbers import NumberMention, find_numbers

SPECS = Path(__file__).parent / "conformance" / "recognizers-text" / "Number" / "English"

TARGETS = {"NumberModel": 0.97, "NumberRangeModel": 0.90, "OrdinalModel": 0.95, "PercentModel": 0.95}

# Cases whose expected result we judge wrong for English news. They stay in the suite and count
# as misses; the reason says why we do not chase them.
JUDGED_WRONG: dict[str, str] = {
    "Any time to meet on 5/17/2018?": "a date, typed as one so that it is never counted",
    "My phone number is +1-222-2222/2222": "a phone number, typed as one so that it is never counted",
    "192.168.1.2": "an IP address, typed as an id",
    "SCP-173": "a code name, typed as an id (like F-16, MH17, COVID-19)",
    "The number is from 200 to 300 in 2008": "Recognizers drops this range only because of 'in 2008'",
    "How about more than 2 in 5": "we read '2 in 5' as the ratio 0.4, as in '2 in 5 or more'",
    " two millionth": "we read 'two millionth' as the ordinal 2,000,000 (as OrdinalModel does)",
    "The measurement has a value of forty two and a third": "OrdinalModel wants the ordinal 'third' "
    "where NumberModel wants the mixed number 42 1/3; we agree with NumberModel",
    "The measurement has a value of two hundred thirty two and a thirtieth": "as above: a mixed number",
}

_APPROX = {"about", "around", "roughly", "approximately", "approx.", "some", "an estimated", "estimated",
           "circa", "ca.", "more or less", "close to", "nearly", "almost"}  # fmt: skip
_BOUND_KINDS = {"range"}
_LEFT = regex.compile(
    r"^(?:(?:US\s?\$|A\$|C\$|[$€£¥₹₪]|USD|EUR|GBP|aged?)\s*)", regex.I
)
_RIGHT = regex.compile(
    r"(?:\s*(?:%|per\s?cent\w*|percent\w*|pct)|[\s-]+years?[\s-]+old|-year-olds?|\s+years?\s+of\s+age"
    r"|[\s-]+(?:second|minute|hour|day|night|week|month|year|decade|centur)\w*"
    r"|\s+(?:us\s+)?(?:dollars?|euros?|pounds?|yen|yuan|rupees?|shekels?|sek|usd|eur|gbp)"
    r"|\s+(?:or|and)\s+(?:more|greater|higher|above|over|less|fewer|lower|below|under)(?:\s+than)?"
    r"|\s+or\s+so|\s+or\s+equal(?:\s+to)?|-?plus|\+)$",
    regex.I,
)


def _core(m: NumberMention) -> tuple[int, int]:
    """The span of the number itself inside a mention (without hedge, currency and unit words)."""
    s, e = m.start, m.end
    t = m.text
    if m.hedge and " ... " not in m.hedge:
        first = m.hedge.split(" ... ")[0]
        if t.lower().startswith(first):
            cut = len(first)
            cut += len(t[cut:]) - len(t[cut:].lstrip())
            s, t = s + cut, t[cut:]
    lm = _LEFT.match(t)
    if lm and lm.end() < len(t):
        s, t = s + lm.end(), t[lm.end() :]
    while True:
        rm = _RIGHT.search(t)
        if not rm or rm.start() == 0:
            break
        e, t = e - (len(t) - rm.start()), t[: rm.start()]
    return s, e


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-15)


def _number_results(text: str) -> list[tuple[int, int, float | None]]:
    out = []
    for m in find_numbers(text):
        if m.kind not in ("cardinal", "fraction", "year", "money", "age", "duration"):
            continue
        if m.kind == "cardinal" and m.unit is not None:
            continue  # "180ml": a measurement, not a bare number
        if m.value is None and m.hedge is None:
            continue
        s, e = _core(m)
        v = m.value
        if v is None:  # a bound: the number is the finite end
            v = m.low if not math.isinf(m.low) and m.low != 0 else m.high
        out.append((s, e, v))
    return out


def _range_results(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in find_numbers(text):
        bounded = m.hedge is not None and m.hedge not in _APPROX and m.kind not in ("date", "time")
        if m.kind not in _BOUND_KINDS and not bounded:
            continue
        if "alternative" in m.tags:
            continue
        s, e = m.start, m.end
        first = (m.hedge or "").split(" ... ")[0]
        if first in _APPROX and m.text.lower().startswith(first):
            cut = len(first)
            cut += len(m.text[cut:]) - len(m.text[cut:].lstrip())
            s += cut
        if m.kind in ("age", "duration", "percent", "money"):
            e = _core(m)[1]
            # keep a postfix hedge ("500 or more") inside the span
            tail = regex.search(r"\s+(?:or|and)\s+\w+(?:\s+than)?$", m.text)
            if tail:
                e = m.end
        lo = "" if m.low == -math.inf or (m.low == 0 and m.hedge and m.low_inclusive is not False
                                          and m.kind != "range") else _fmt(m.low)  # fmt: skip
        hi = "" if m.high == math.inf else _fmt(m.high)
        lb = "[" if m.low_inclusive and lo else "("
        plain_range = m.kind == "range" and (not m.hedge or m.hedge in _APPROX)
        rb = "]" if m.high_inclusive and hi else ")"
        out.append((s, e, f"{lb}{lo},{hi}{rb}" + ("~" if plain_range else "")))
    return out


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)


def _ordinal_results(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in find_numbers(text):
        if m.kind != "ordinal":
            continue
        if "relative" in m.tags:
            out.append((m.start, m.end, m.tags[1]))
        else:
            out.append((m.start, m.end, _fmt(m.value if m.value is not None else math.nan)))
    return out


def _percent_results(text: str) -> list[tuple[int, int, float | None]]:
    return [(m.start, m.end, m.value) for m in find_numbers(text) if m.kind == "percent"]


def _expected(case: dict, model: str) -> list[tuple[int, int, str]]:
    return [(r["Start"], r["End"] + 1, str(r["Resolution"]["value"]) if r.get("Resolution") else "")
            for r in case["Results"]]  # fmt: skip


def _same_range(got: str, want: str) -> bool:
    plain = got.endswith("~")
    got = got.rstrip("~")
    if got == want:
        return True
    # a plain two-sided range: we read it closed, Recognizers half-open
    return plain and want.endswith(")") and got[:-1] == want[:-1] and got.endswith("]")


def _case_right(case: dict, model: str) -> bool:
    text = case["Input"]
    want = sorted(_expected(case, model))
    if model == "NumberModel":
        got = sorted(_number_results(text), key=lambda r: (r[0], r[1]))
        return len(got) == len(want) and all(
            g[:2] == w[:2] and _close(g[2], float(w[2])) for g, w in zip(got, want, strict=True)
        )
    if model == "NumberRangeModel":
        got_r = sorted(_range_results(text))
        return len(got_r) == len(want) and all(
            g[:2] == w[:2] and _same_range(g[2], w[2]) for g, w in zip(got_r, want, strict=True)
        )
    if model == "OrdinalModel":
        got_o = sorted(_ordinal_results(text))
        return len(got_o) == len(want) and all(
            g[0] == w[0] and g[1] == w[1] and (g[2] == w[2] or _close(_num(g[2]), _num(w[2])))
            for g, w in zip(got_o, want, strict=True)
        )
    got_p = sorted(_percent_results(text), key=lambda r: (r[0], r[1]))
    return len(got_p) == len(want) and all(
        g[0] == w[0] and g[1] == w[1] and (_close(g[2], _num(w[2].rstrip("%"))))
        for g, w in zip(got_p, want, strict=True)
    )


def _num(s: str) -> float | None:
    try:
        return float(s)
    except ValueError:
        return None


def score(model: str) -> tuple[int, int, list[str]]:
    cases = json.loads((SPECS / f"{model}.json").read_text(encoding="utf-8"))
    misses = [c["Input"] for c in cases if not _case_right(c, model)]
    return len(cases) - len(misses), len(cases), misses


@pytest.mark.parametrize("model", sorted(TARGETS))
def test_conformance_score(model: str) -> None:
    right, total, misses = score(model)
    rate = right / total
    print(f"\n{model}: {right}/{total} = {rate:.1%} (target {TARGETS[model]:.0%})")
    for text in misses:
        print(f"  miss: {text!r}  {JUDGED_WRONG.get(text, '')}")
    assert rate >= TARGETS[model], f"{model} {rate:.1%} below {TARGETS[model]:.0%}; misses: {misses}"


def test_judged_wrong_cases_are_still_in_the_specs() -> None:
    inputs = {c["Input"] for f in TARGETS for c in json.loads((SPECS / f"{f}.json").read_text("utf-8"))}
    assert set(JUDGED_WRONG) <= inputs
