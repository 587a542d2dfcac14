"""Data shapes shared by the pipeline steps: numbers, articles, claims, flags."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

INF = float("inf")
OTHER_INCIDENT = "other incident"  # qualifier scope of a toll the report gives of another incident: never compared


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number found in a text, as an interval; `text == source[start:end]`."""

    start: int
    end: int
    text: str
    value: float | None
    low: float
    high: float
    low_inclusive: bool = True
    high_inclusive: bool = True
    kind: str = (
        "cardinal"  # cardinal|ordinal|percent|range|money|year|date|time|fraction|age|duration|vague|...
    )
    hedge: str | None = None  # the hedge words as written ("more than"), or None
    unit: str | None = None  # currency code, "%", length unit, ... when the number carries one
    tags: tuple[str, ...] = field(default=())  # extra markers, e.g. ("alternative",) for "11 or 12"
    # place value of the last significant digit as written, in the unit of `value` ("948" 1,
    # "1.2 million" 100000, "about 240" 10, a clock time's minute 1/60); None when it has no
    # meaning (fractions, dates, vague words). See checker/numbers.py for the trailing-zero rule.
    precision: float | None = None


class Article(BaseModel):
    """One article as read from a source; claim offsets point into `text`."""

    model_config = ConfigDict(extra="forbid")

    article_id: str
    source: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_basis: str = "unknown"  # front_matter|first_line|metadata|dateline|byline|embedded|unknown
    text: str
    # character spans of `text` left out of extraction (page chrome, repeated paragraphs)
    excluded: list[tuple[int, int]] = Field(default_factory=list)
    meta: dict[str, str] = Field(default_factory=dict)
    content_hash: str = ""
    duplicate_of: str | None = None  # article_id of the earlier copy when this one is a (near) duplicate


class SkippedInput(BaseModel):
    """An input that was not read, or read only in part, and why."""

    source: str
    reason: str
    line: int | None = None
    fatal: bool = True  # False: the file was read but part of it was dropped (a bad line)

    @field_validator("reason", "source")
    @classmethod
    def _one_line(cls, v: str) -> str:
        # messages are printed one per line: text quoted from a broken file must not break that
        return v.replace("\r", "\\r").replace("\n", "\\n")


Modality = Literal["reported", "planned", "estimate", "projection"]
# inferred: the article gives no date, so its story's dates date it (checker.undated)
AsOfBasis = Literal["explicit", "article_date", "relative", "inferred", "unknown"]


def qualifiers_text(q: dict[str, str]) -> str:
    """Qualifiers as `key=value` pairs joined by `;`, keys sorted: the one form in CSVs, ids and decisions."""
    return ";".join(f"{k}={q[k]}" for k in sorted(q))


CLAIM_COLUMNS = [
    "claim_id", "article_id", "source", "published", "rule_id", "measure", "qualifiers", "value",
    "low", "high", "low_inclusive", "high_inclusive", "hedge", "unit", "as_of", "as_of_basis",
    "modality", "attribution", "quote", "sentence", "start", "end", "story_id",
]  # fmt: skip

DISCREPANCY_COLUMNS = [
    "discrepancy_id", "check", "rule_id", "measure", "qualifiers", "severity", "status",
    "claim_ids", "article_ids", "values", "summary", "decision", "note", "story_id",
]  # fmt: skip


class Claim(BaseModel):
    """One claim: a value (interval) of a measure, with its frame (qualifiers, time, modality, source).

    `value`, `low` and `high` are as the article wrote them, in the unit `unit` names ("948 ft" is 948
    with unit "ft"); `low * scale` and `high * scale` are in the base unit of `dimension`, so figures
    compare without the rule book."""

    claim_id: str
    article_id: str
    source: str
    published: dt.date | None
    rule_id: str
    measure: str
    qualifiers: dict[str, str] = Field(default_factory=dict)
    # the number as written ("about 240" -> 240.0, "over 750" -> 750.0); None for ranges and vague
    # quantities; the ISO date for date claims; the spelling for name claims
    value: float | str | None = None
    low: float
    high: float
    low_inclusive: bool = True
    high_inclusive: bool = True
    hedge: str | None = None
    unit: str | None = None
    as_of: dt.date | None = None
    as_of_basis: AsOfBasis = "unknown"
    modality: Modality = "reported"
    attribution: str | None = None
    quote: str
    sentence: str
    start: int
    end: int
    # internal frame, kept in report.json but not in claims.csv
    kind: str = "stock"  # measure kind: stock|cumulative|fixed|date|time|weekday_check|name
    number_kind: str = "cardinal"  # the number's kind from find_numbers: cardinal|range|vague|...
    tolerance: float = 0.0
    window_days: int = 3
    relation: str | None = None  # "total:<key>", "part:<key>", "sum:<key>", "exchange_a:<key>", "exchange_b:<key>"
    revision: bool = False  # the sentence announces the figure as a revision ("revised down to 38")
    # superseded: stated as an old value ("down from 174", "not 12 as first reported");
    # negated: stated as not so ("no one was killed")
    stance: Literal["asserted", "superseded", "negated"] = "asserted"
    scale: float = 1.0  # low/high times this are in the base unit of `dimension`
    dimension: str | None = None  # length, area, mass, duration, a currency code...: what `scale` converts to
    zero: float = 0.0  # the figure at the base unit's zero, for a unit whose scale starts elsewhere (32 for °F)
    precision: float | None = None  # place value of the last digit written ("948" -> 1)
    time: str | None = None  # the time of day given with the date ("04:17"), of an event or a count's as-of
    tz: str | None = None  # and its zone as written ("GMT", "local time"), if any

    def base_bounds(self) -> tuple[float, float]:
        """low and high in the base unit of `dimension`."""
        return (self.low - self.zero) * self.scale, (self.high - self.zero) * self.scale


Severity = Literal["error", "warning", "info"]
Status = Literal["new", "changed", "known", "reconciled"]


class Answer(BaseModel):
    """One distinct answer to a flag's question, with what stands behind it."""

    value: str  # the answer as an editor reads it: "261", "at least 79", "2023-06-02"
    claim_ids: list[str]
    article_ids: list[str]
    outlets: list[str] = Field(default_factory=list)
    attributions: list[str] = Field(default_factory=list)


class Flag(BaseModel):
    """One flag: a question about one story (check, measure, qualifiers, time slot) answered differently.

    Its id is the fingerprint of the question alone (checker.flags.fingerprint), so a later run with more
    articles answering it keeps the id; `answers` says which values were given and by whom."""

    discrepancy_id: str
    check: str
    rule_id: str
    measure: str
    qualifiers: dict[str, str] = Field(default_factory=dict)
    severity: Severity
    status: Status = "new"
    claim_ids: list[str]
    article_ids: list[str]
    values: list[str]
    summary: str
    decision: str | None = None
    note: str | None = None
    story_id: str = ""
    slot: str = ""  # the time the question is about: a day ("2023-06-03"), or "" for fixed facts
    answers: list[Answer] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    by: str | None = None  # who decided, when the reconciliation file has a decision on it
    when: str | None = None
    first_seen: str | None = None
    new_since_last_run: bool | None = None
