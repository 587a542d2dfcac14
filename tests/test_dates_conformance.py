"""Score checker.dates.find_dates against the Recognizers-Text English DateTimeModel spec (MIT)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from checker.dates import DateMention, find_dates

SPEC = (
    Path(__file__).parent / "conformance" / "recognizers-text" / "DateTime" / "English" / "DateTimeModel.json"
)

# Result types we score: days, day ranges, days with a clock time, and clock times. Durations,
# repeating sets ("every Monday") and time-of-day ranges are not claims' dates in news text.
IN_SCOPE = {"datetimeV2.date", "datetimeV2.daterange", "datetimeV2.datetime", "datetimeV2.time"}

# Cases whose expected results lean on forms we leave out on purpose, with the reason. They
# still count as misses in the score; the list documents why they are not worth chasing.
OUT_OF_SCOPE_REASONS = {
    "holidays other than Christmas / New Year": ("easter", "thanksgiving", "mother's day", "halloween"),
    "school / fiscal years and weeks by number": ("school year", "fiscal", "week 1", "week of the year"),
    "arithmetic on anchors ('3 weeks after christmas')": (" after ", " before "),
    "spoken numbers as times ('three thirty')": ("thirty", "o'clock", "oclock"),
}

# The score reached when this floor was set, rounded down; raise it when find_dates improves.
FLOOR_PERCENT = 30


@dataclass(frozen=True)
class Case:
    text: str
    reference: dt.date
    results: tuple[dict[str, Any], ...]


def _spec_path() -> Path:
    if SPEC.exists():
        return SPEC
    return Path("/work/shared/conformance/recognizers-text/DateTime/English/DateTimeModel.json")


def load_cases() -> list[Case]:
    """Cases a shipping implementation supports (not marked NotSupported for dotnet, the reference)."""
    data = json.loads(_spec_path().read_text(encoding="utf-8-sig"))
    cases = []
    for raw in data:
        if "dotnet" in str(raw.get("NotSupported", "")).lower() or raw.get("NotSupportedByDesign"):
            continue
        ref_text = (raw.get("Context") or {}).get("ReferenceDateTime")
        if not ref_text:
            continue
        results = tuple(raw.get("Results") or ())
        if results and not any(r.get("TypeName") in IN_SCOPE for r in results):
            continue  # only durations / sets / time ranges: nothing of ours to score
        cases.append(Case(raw["Input"], dt.date.fromisoformat(ref_text[:10]), results))
    return cases


def _value_matches(m: DateMention, value: dict[str, Any]) -> bool:
    kind = value.get("type")
    low, high = m.low, m.high
    if kind == "date":
        return low is not None and low == high and value.get("value") == low.isoformat()
    if kind == "daterange":
        if low is None or high is None:
            return False
        start, end = value.get("start"), value.get("end")
        if start is None and end is None:
            return False
        ok_start = start is None or start == low.isoformat()
        # Recognizers-Text ends named ranges exclusively ("October" ends 11-01) but ends an
        # explicit "from X to Y" on Y itself; either reading of our inclusive high is accepted.
        ok_end = end is None or end in (high.isoformat(), (high + dt.timedelta(days=1)).isoformat())
        return ok_start and ok_end
    if kind == "datetime":
        text = str(value.get("value", ""))
        return low is not None and text[:10] == low.isoformat() and m.time == text[11:16]
    if kind == "time":
        return m.time is not None and str(value.get("value", ""))[:5] == m.time
    return False


def _result_matches(m: DateMention, result: dict[str, Any]) -> bool:
    if (m.start, m.end) != (result["Start"], result["End"] + 1):
        return False
    values = (result.get("Resolution") or {}).get("values") or []
    return any(_value_matches(m, v) for v in values)


def score_case(case: Case) -> bool:
    mentions = find_dates(case.text, case.reference)
    for r in case.results:
        if r.get("TypeName") in IN_SCOPE and not any(_result_matches(m, r) for m in mentions):
            return False
    # A mention where the spec found nothing at all is a false positive.
    spans = [(r["Start"], r["End"] + 1) for r in case.results]
    return all(any(m.start < e and s < m.end for s, e in spans) for m in mentions)


def out_of_scope_reason(case: Case) -> str | None:
    low = case.text.lower()
    for reason, needles in OUT_OF_SCOPE_REASONS.items():
        if any(n in low for n in needles):
            return reason
    return None


def run() -> tuple[int, int, list[Case]]:
    cases = load_cases()
    misses = [c for c in cases if not score_case(c)]
    return len(cases) - len(misses), len(cases), misses


def test_conformance_floor() -> None:
    right, total, misses = run()
    percent = 100.0 * right / total
    out_of_scope = sum(1 for c in misses if out_of_scope_reason(c))
    print(f"\nRecognizers-Text DateTimeModel (English): {right}/{total} = {percent:.1f}% "
          f"({out_of_scope} misses out of scope by design)")  # fmt: skip
    assert total > 300, "the spec file lost its cases"
    assert percent >= FLOOR_PERCENT


@pytest.mark.parametrize(
    ("text", "reference"),
    [("I'll go back yesterday", dt.date(2016, 11, 7)), ("I'll go back 04th Jan 2019.", dt.date(2016, 11, 7))],
)
def test_scorer_accepts_known_good_cases(text: str, reference: dt.date) -> None:
    """The scorer itself must say yes on plain cases, or the floor would measure nothing."""
    case = next(c for c in load_cases() if c.text == text and c.reference == reference)
    assert score_case(case)


if __name__ == "__main__":  # python tests/test_dates_conformance.py: list the misses
    right, total, misses = run()
    for c in misses:
        got = [(m.text, m.kind, str(m.low), str(m.high), m.time) for m in find_dates(c.text, c.reference)]
        want = [
            (r["Text"], r["TypeName"][11:], (r.get("Resolution") or {}).get("values", [])[:2])
            for r in c.results
        ]
        print(repr(c.text), c.reference, out_of_scope_reason(c) or "", "\n   got ", got, "\n   want", want)
    print(f"{right}/{total} = {100.0 * right / total:.1f}%")
