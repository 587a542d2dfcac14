"""Flags: one per disputed question, with its one fingerprint, its answers, its wording and its rank."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from checker.checks import Finding
from checker.checks.scope import value_text
from checker.models import Answer, Article, Claim, Flag, qualifiers_text

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def fingerprint(story_id: str, check: str, measure: str, qualifiers: Mapping[str, str], slot: str,
                subject: str = "") -> str:  # fmt: skip
    """A flag's id: the question it asks, never its answers, articles or input order, so a later run with more
    reports answering the question keeps it and a decision on it keeps applying."""
    key = "\x1f".join([story_id, check, measure, qualifiers_text(dict(qualifiers)), slot, subject])
    return "d" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def outlet_of(article: Article | None) -> str:
    """Who published an article: its outlet, else its web site, else its id."""
    if article is None:
        return ""
    if article.outlet:
        return article.outlet
    if article.url:
        host = urlsplit(article.url).hostname or ""
        return host.removeprefix("www.") or article.article_id
    return article.article_id


def build_flags(
    story_id: str,
    findings: Iterable[Finding],
    articles: Mapping[str, Article],
    measure_labels: Mapping[str, str] | None = None,
) -> list[Flag]:
    """One flag per question; a question two findings ask keeps the first, most severe one."""
    by_id: dict[str, Flag] = {}
    for f in sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity]):
        fid = fingerprint(story_id, f.check, f.measure, f.qualifiers, f.slot, f.subject)
        if fid not in by_id:
            by_id[fid] = _flag(fid, story_id, f, articles, measure_labels or {})
    return list(by_id.values())


def _flag(fid: str, story_id: str, f: Finding, articles: Mapping[str, Article], labels: Mapping[str, str]) -> Flag:
    shown = f.labels if f.labels and len(f.labels) == len(f.answers) else [_answer_text(g) for g in f.answers]
    answers = [
        Answer(
            value=label,
            claim_ids=sorted({c.claim_id for c in group}),
            article_ids=sorted({c.article_id for c in group}),
            outlets=sorted({outlet_of(articles.get(c.article_id)) for c in group} - {""}),
            attributions=sorted({c.attribution for c in group if c.attribution}),
        )
        for label, group in zip(shown, f.answers, strict=True)
    ]
    claims = [c for g in f.answers for c in g]
    return Flag(
        discrepancy_id=fid,
        check=f.check,
        rule_id=claims[0].rule_id if claims else "",
        measure=f.measure,
        qualifiers=dict(f.qualifiers),
        severity=f.severity,
        claim_ids=sorted({c.claim_id for c in claims}),
        article_ids=sorted({c.article_id for c in claims}),
        values=[a.value for a in answers],
        summary=summary(f, answers, labels),
        story_id=story_id,
        slot=f.slot,
        answers=answers,
        reasons=list(f.reasons),
    )


def _answer_text(group: list[Claim]) -> str:
    """The answer a group of agreeing claims gives: the value most of them read as, ties by text."""
    counts: dict[str, int] = {}
    for c in group:
        t = value_text(c)
        counts[t] = counts.get(t, 0) + 1
    return min(counts, key=lambda t: (-counts[t], t))


def measure_text(measure: str, labels: Mapping[str, str]) -> str:
    """A measure as an editor names it: the rule's label, else its id in words."""
    if measure in labels:
        return labels[measure]
    if "/" in measure:
        return " for ".join(measure_text(m, labels) for m in measure.split("/"))
    if measure.endswith(".date"):
        return "date of " + measure_text(measure.removesuffix(".date"), labels)
    if measure.startswith("generic:"):
        _, verb, noun = ([*measure.split(":"), "", ""])[:3]
        return f"{noun} {verb}".strip()
    family, _, what = measure.partition(".")
    return f"{family} {what.replace('_', ' ')}".strip()


def slot_text(slot: str) -> str:
    if not slot:
        return ""
    if "-W" in slot:
        year, week = slot.split("-W")
        monday = dt.date.fromisocalendar(int(year), int(week), 1)
        return f"week of {monday.day} {monday:%B %Y}"
    try:
        day = dt.date.fromisoformat(slot)
    except ValueError:
        return slot
    return f"{day.day} {day:%B %Y}"


def summary(f: Finding, answers: list[Answer], labels: Mapping[str, str]) -> str:
    """An editor's note: "Casualties killed, 3 June 2023: 261 in 2 reports (railways) vs 288 in 5"."""
    head = measure_text(f.measure, labels)
    head = head[:1].upper() + head[1:]
    quals = ", ".join(f"{k} {v}" if k in ("place", "entity", "party") else v for k, v in sorted(f.qualifiers.items()))
    if quals:
        head += f" ({quals})"
    when = slot_text(f.slot)
    if when:
        head += f", {when}"
    sides = []
    for a in answers:
        n = len(a.article_ids)
        side = f"{a.value} in {n} report{'s' if n != 1 else ''}"
        if a.attributions:
            side += f" ({'; '.join(a.attributions[:2])})"
        sides.append(side)
    text = f"{head}: {' vs '.join(sides)}"
    return text + (f" — {'; '.join(f.reasons)}" if f.reasons else "")


def rank(flags: Iterable[Flag], claims: Mapping[str, Claim]) -> list[Flag]:
    """Flags in the order an editor should read them: severity, then how many independent outlets disagree,
    then the most recent, then by id so the order never depends on input order."""

    def latest(f: Flag) -> int:
        days = [c.as_of.toordinal() for cid in f.claim_ids if (c := claims.get(cid)) is not None and c.as_of]
        return max(days, default=0)

    def outlets(f: Flag) -> int:
        return len({o for a in f.answers for o in a.outlets})

    return sorted(flags, key=lambda f: (SEVERITY_ORDER[f.severity], -outlets(f), -latest(f), f.discrepancy_id))
