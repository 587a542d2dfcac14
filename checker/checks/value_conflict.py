"""value_conflict: one question (measure, qualifiers, time slot) answered with figures no reading reconciles."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

from checker.checks import Check, Finding, StoryClaims
from checker.checks.scope import Span, by_qualifiers, currency, distinct_values, slot, span
from checker.models import Claim, Severity

MIXUP_DAYS = 14  # one sum in two currencies this many days apart or less is one figure mixed up
FAR_APART_DAYS = 30  # a fixed fact restated this much later may have been corrected in between
# three or more answers of a fixed fact this far apart, lowest to highest, are different quantities one question
# caught ("$99", "$1,199", "$5.4 billion"), not reports that disagree on one; a running count may well be that
# scattered as it grows (8 body parts, then 81, then 189)
SCATTER_RATIO = 10.0
MODALITY_REASON = {
    "planned": "deal terms vs outcome",
    "estimate": "estimate vs count",
    "projection": "projection vs count",
}


class ValueConflict(Check):
    """Figures that answer the same question differently: the same measure and qualifiers, for the same day
    (a running total or a level) or at any time (a fixed fact: a ship's length, a magnitude), whose intervals
    do not overlap once each is widened by how it was written ("about 240" by its hedge, "948" to the unit).

    One flag per question, holding every claim that answers it, grouped into distinct answers; a claim every
    answer agrees with ("at least 40" beside 42 and 43) takes no side and is left out. Figures an
    announced revision replaced are left to `superseded`; figures with no date are only compared as fixed facts.
    A running total whose every answer names the hour it stood at, each higher figure a later hour, rose
    through the day: info, not a clash; so is one whose higher figure its report gives just after telling of the
    rise from the lower one ("Two more bodies have been found. The toll now stands at eight" against six). One
    sum written in two currencies up to two weeks apart is a mix-up, flagged across the days. Three or more
    answers of a fixed fact spread more than ten times apart ("$99", "$1,199", "$5.4 billion") are different
    quantities the question caught: info.
    """

    id = "value_conflict"
    policy = (
        "error for reported figures from two articles; warning when estimates, plans or projections are involved,"
        " when the measure was guessed, when one article disagrees with itself, or a fixed fact is restated a month"
        " later"
    )

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        for measure, claims in story.quantities.items():
            rises: list[Claim] | None = None  # the measure's told rises, found when a question first needs them
            # "several", "dozens" are too loose to set against a count
            comparable = (c for c in claims if c.stance == "asserted" and c.number_kind != "vague")
            for quals, group in by_qualifiers(comparable):
                by_slot: dict[str, list[Claim]] = defaultdict(list)
                for c in group:
                    s = slot(c)
                    if s is not None:
                        by_slot[s].append(c)
                for s, members in sorted(by_slot.items()):
                    if s and any(c.revision for c in members):
                        continue  # an announced revision: the superseded check's question
                    answers = distinct_values(members)
                    if len(answers) > 1:
                        answers = _without_neutral(answers)
                    if len(answers) > 1:
                        severity, reasons = severity_of(members, answers)
                        if severity != "info" and members[0].kind == "cumulative":
                            rises = _rises(claims) if rises is None else rises
                            if _rise_told(answers, rises):
                                severity = "info"
                                reasons.append("the higher figure is the lower plus the rise its report tells of")
                        yield Finding(self.id, measure, quals, s, severity, answers, reasons)
                yield from self._currency_mixups(measure, quals, group)

    def _currency_mixups(self, measure: str, quals: dict[str, str], group: list[Claim]) -> Iterator[Finding]:
        """One sum written in two currencies on different days ("EUR 450 million" in a local report, "$450
        million" in a foreign one the day after): the same number in two currencies is a mix-up whatever the
        rate, and a running total's days keep the two apart, so they are compared over MIXUP_DAYS."""
        by_figure: dict[tuple[float, float, float], list[tuple[str, dt.date, Claim]]] = defaultdict(list)
        for c in group:
            code = currency(c)
            if code and c.as_of is not None and not c.revision:
                by_figure[(c.low, c.high, c.scale or 1.0)].append((code, c.as_of, c))
        for _, cs in sorted(by_figure.items()):
            apart = [(a, b) for ca, da, a in cs for cb, db, b in cs
                     if ca < cb and slot(a) != slot(b) and abs((da - db).days) <= MIXUP_DAYS]  # fmt: skip
            if not apart:
                continue
            held = {c.claim_id: c for pair in apart for c in pair}
            members = sorted(held.values(), key=lambda c: (c.dimension or "", c.claim_id))
            codes = sorted({c.dimension or "" for c in members})
            answers = [[c for c in members if (c.dimension or "") == code] for code in codes]
            severity, reasons = severity_of(members, answers)
            first = min(c.as_of for c in members if c.as_of is not None)
            year, week, _ = first.isocalendar()
            yield Finding(self.id, measure, quals, f"{year}-W{week:02d}", severity, answers,
                          [*reasons, "one figure in two currencies"], subject="currency")  # fmt: skip


RISE_REACH = 300  # characters before a running total where the rise it follows from is told


def _rises(claims: list[Claim]) -> list[Claim]:
    """The measure's exact figures of a rise ("two more"): what `_rise_told` looks for before a running total."""
    return [c for c in claims if c.qualifiers.get("change") == "added" and c.low == c.high]


def _rise_told(answers: list[list[Claim]], added: list[Claim]) -> bool:
    """Whether each higher answer comes from a report that tells, just before it, of the rise from the answer
    below ("Two more bodies have been found. The toll now stands at eight" against another report's six of the
    morning): one count rising through the day, each report at its own hour. `added`: the measure's rises
    (`_rises`), found once per measure rather than once per question."""
    for below, above in pairwise(answers):
        base = below[0].low
        if not all(c.low == c.high == base for c in below):
            return False
        if not any(
            inc.article_id == c.article_id and inc.as_of == c.as_of and 0 < c.start - inc.start <= RISE_REACH
            and inc.low == c.low - base
            for c in above for inc in added
        ):  # fmt: skip
            return False
    return True


def _without_neutral(answers: list[list[Claim]]) -> list[list[Claim]]:
    """The answers without the claims that agree with every answer ("at least 40" beside 42 and 43): they
    take no side, so they neither count for one nor make the question look more disputed than it is."""
    cores = [_core(g) for g in answers]
    if any(a.overlaps(b) for a, b in pairwise(cores)):
        return answers  # answers apart for another reason than their values (one sum in two currencies)
    kept = [c for g in answers for c in g if not all(span(c).overlaps(core) for core in cores)]
    return distinct_values(kept) if len(kept) < sum(map(len, answers)) else answers


def _core(group: list[Claim]) -> Span:
    """What every claim of an answer allows: the intersection of their spans (never empty: they overlap)."""
    spans = [span(c) for c in group]
    low = max(spans, key=lambda s: (s.low, s.low_open))
    high = min(spans, key=lambda s: (s.high, not s.high_open))
    return Span(low.low, high.high, low.low_open, high.high_open)


def _scattered(answers: list[list[Claim]]) -> bool:
    """Whether three or more answers spread wider than SCATTER_RATIO between the lowest and the highest."""
    if len(answers) < 3:
        return False
    values = []
    for g in answers:
        core = _core(g)
        value = core.low if core.low > 0 else core.high
        if 0 < value < float("inf"):
            values.append(value)
    return len(values) >= 3 and max(values) > SCATTER_RATIO * min(values)


HEADLINE_CHARS = 200  # a first paragraph this short, without a full stop, is the headline


def in_headline(c: Claim) -> bool:
    """Whether the claim is in its article's headline: a short first line."""
    first = c.sentence.strip()
    return c.start < HEADLINE_CHARS and len(first) < HEADLINE_CHARS and not first.endswith(".") and "\n" not in first


def severity_of(members: list[Claim], answers: list[list[Claim]]) -> tuple[Severity, list[str]]:
    """The value policy shared with the checks that compare figures."""
    severity: Severity = "error"
    reasons: list[str] = []
    modalities = {c.modality for c in members} - {"reported"}
    if modalities:
        severity = "warning"
        reasons += [MODALITY_REASON[m] for m in sorted(modalities)]
    # the answers' own claims: a claim every answer agrees with, left out of them, takes no side
    if len({c.article_id for g in answers for c in g}) == 1 and not all("person" in c.qualifiers for c in members):
        # one article giving two figures is a discrepancy when its headline disagrees with its body, or when
        # both are about one named person ("Ayse Demir, 62" ... "Demir, 63"); otherwise it more often counts two
        # things the extraction could not tell apart, or reports rival estimates as the story itself
        severity = "warning" if any(in_headline(c) for c in members) else "info"
        reasons.append("within one article")
    if members[0].kind == "fixed" and _scattered(answers):
        severity = "info"
        reasons.append(f"three or more answers over {SCATTER_RATIO:g} times apart: likely different quantities")
    if members[0].measure.startswith("generic:"):
        severity = "warning" if severity == "error" else severity  # never raised above "within one article"
        if members[0].measure.count(":") == 1:
            # "11 seasons", "five seasons": a noun counted with no verb to say which of them, so two reports
            # rarely count the same ones
            severity = "info"
            reasons.append("measure guessed from a noun alone")
        else:
            reasons.append("measure guessed from the verb and noun")
    dates = [c.as_of for c in members if c.as_of]
    if members[0].kind == "fixed" and dates and (max(dates) - min(dates)).days > FAR_APART_DAYS:
        severity = "warning" if severity == "error" else severity
        reasons.append(f"stated {(max(dates) - min(dates)).days} days apart")
    days = [{c.as_of for c in g} for g in answers]
    if members[0].kind == "stock" and not any(days[i] & days[j] for i in range(len(days)) for j in range(i)):
        if severity == "error":
            severity = "warning"  # a level that moves, reported on different days of its slot
        reasons.append("reported on different days")
    if any(c.as_of_basis == "relative" for c in members) and members[0].kind != "fixed":
        reasons.append("a day resolved from a weekday or 'yesterday'")
    # answers come lowest first: a running total whose every figure names its hour, each higher one later
    # ("2,501 injured up to 3 pm", "2,562 as of 7 pm"), is one count rising through the day
    hours = [min((c.time for c in g if c.time), default="") for g in answers]
    if members[0].kind == "cumulative" and all(hours) and all(a < b for a, b in pairwise(hours)):
        severity = "info"
        reasons.append("a count rising through the day, each higher figure given for a later hour")
    return severity, reasons
