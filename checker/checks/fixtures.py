"""Check fixtures: YAML cases of claims in and flags out, one file per check, run by one generic test."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from checker.checks import Check, Context, StoryClaims
from checker.flags import build_flags
from checker.models import Article, Claim, Flag

FIXTURES = Path(__file__).with_name("fixtures")
INF = math.inf


@dataclass
class Case:
    """One fixture case: the claims (and article texts) of a story, and the flags the check must raise."""

    check: str
    name: str
    claims: list[Claim]
    articles: dict[str, Article]
    flags: list[dict[str, Any]] = field(default_factory=list)


def load_cases(path: Path) -> list[Case]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    check = data["check"]
    defaults = data.get("defaults", {})
    cases = []
    for raw in data["cases"]:
        specs = [{**defaults, **raw.get("defaults", {}), **c} for c in raw.get("claims", [])]
        claims = [make_claim(i, s) for i, s in enumerate(specs)]
        texts = raw.get("articles", {})
        ids = sorted({c.article_id for c in claims} | set(texts))
        articles = {a: Article(article_id=a, source=a, text=texts.get(a, ""), outlet=f"outlet-{a}") for a in ids}
        cases.append(Case(check, raw["name"], claims, articles, raw.get("flags", [])))
    return cases


def make_claim(i: int, s: dict[str, Any]) -> Claim:
    """A claim from a compact spec: `value` sets both ends, `low`/`high` an interval (`inf` open)."""
    value = s.get("value")
    low = _num(s.get("low", value))
    high = _num(s.get("high", value))
    as_of = s.get("as_of")
    quote = str(s.get("quote", value if value is not None else f"{low}-{high}"))
    return Claim(
        claim_id=s.get("id", f"c{i}"),
        article_id=str(s.get("article", "a")),
        source=str(s.get("article", "a")),
        published=None,
        rule_id=str(s.get("measure", "x.y")).split(".")[0],
        measure=str(s.get("measure", "x.y")),
        qualifiers={str(k): str(v) for k, v in (s.get("qualifiers") or {}).items()},
        value=str(value if value is not None else quote),
        low=low,
        high=high,
        low_inclusive=bool(s.get("low_inclusive", True)),
        high_inclusive=bool(s.get("high_inclusive", True)),
        hedge=s.get("hedge"),
        unit=s.get("unit"),
        as_of=as_of if isinstance(as_of, dt.date) or as_of is None else dt.date.fromisoformat(str(as_of)),
        as_of_basis=s.get("as_of_basis", "explicit"),
        modality=s.get("modality", "reported"),
        attribution=s.get("attribution"),
        quote=quote,
        sentence=str(s.get("sentence", f"{quote} people.")),
        start=int(s.get("start", 100)),
        end=int(s.get("start", 100)) + len(quote),
        kind=s.get("kind", "cumulative"),
        number_kind=s.get("number_kind", "cardinal"),
        tolerance=float(s.get("tolerance", 0.0)),
        window_days=int(s.get("window_days", 3)),
        relation=s.get("relation"),
        revision=bool(s.get("revision", False)),
        scale=float(s.get("scale", 1.0)),
        zero=float(s.get("zero", 0.0)),
        dimension=s.get("dimension"),
        precision=s.get("precision"),
        stance=s.get("stance", "asserted"),
        time=s.get("time"),
        tz=s.get("tz"),
    )


def _num(x: Any) -> float:
    if x is None:
        return 0.0
    if isinstance(x, str) and x.lstrip("-") == "inf":
        return -INF if x.startswith("-") else INF
    return float(x)


def run_case(check: Check, case: Case) -> list[Flag]:
    story = StoryClaims("s1", case.claims, case.articles, Context(not_names=frozenset({"british", "french"})))
    return build_flags("s1", list(check.find(story)), case.articles)


def mismatches(flags: list[Flag], expected: list[dict[str, Any]]) -> list[str]:
    """What differs between the flags raised and the flags expected (in order of the expectation)."""
    if len(flags) != len(expected):
        return [f"{len(flags)} flags raised, {len(expected)} expected: {[f.summary for f in flags]}"]
    problems = []
    for flag, want in zip(sorted(flags, key=lambda f: (f.measure, f.slot, f.values)), expected, strict=True):
        for key, value in want.items():
            if key == "reason":
                if not any(value in r for r in flag.reasons):
                    problems.append(f"no reason with {value!r} in {flag.reasons}")
            elif key == "claims":
                if len(flag.claim_ids) != value:
                    problems.append(f"{len(flag.claim_ids)} claims, expected {value}")
            elif key == "articles":
                if flag.article_ids != sorted(value):
                    problems.append(f"articles {flag.article_ids}, expected {sorted(value)}")
            elif key == "summary":
                if value not in flag.summary:
                    problems.append(f"summary {flag.summary!r} lacks {value!r}")
            else:
                got = getattr(flag, key)
                if got != value:
                    problems.append(f"{key} {got!r}, expected {value!r}")
    return problems
