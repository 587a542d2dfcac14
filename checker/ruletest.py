"""Run the examples that rule files carry: each positive must be found, each negative must not."""

from __future__ import annotations

from dataclasses import dataclass

from checker.extract import CompiledRules, compile_rules, extract_article
from checker.models import Article, Claim
from checker.rulebook import Example, ExpectedClaim, Family, Rulebook, base_measure


@dataclass(frozen=True)
class ExampleResult:
    """The outcome of one example: passed, failed (with why), or a known gap (xfail)."""

    family: str
    index: int
    text: str
    ok: bool
    problems: tuple[str, ...]
    xfail: str | None

    @property
    def status(self) -> str:
        if self.xfail:
            return "xpass" if self.ok else "xfail"
        return "pass" if self.ok else "fail"


def _same_value(got: float | str | None, want: float | str) -> bool:
    if isinstance(want, str) or isinstance(got, str) or got is None:
        return str(got).lower() == str(want).lower()
    return abs(got - want) <= 1e-9 * max(1.0, abs(want))


def _matches(c: Claim, e: ExpectedClaim) -> bool:
    if c.measure != e.measure:
        return False
    checks = [
        e.value is None or _same_value(c.value, e.value),
        e.low is None or c.low == e.low,
        e.high is None or c.high == e.high,
        # an empty expected value asks for the qualifier to be absent
        e.qualifiers is None or all(c.qualifiers.get(k, "") == v for k, v in e.qualifiers.items()),
        e.modality is None or c.modality == e.modality,
        e.attribution is None or (c.attribution or "").lower().find(e.attribution.lower()) >= 0,
        e.as_of is None or c.as_of == e.as_of,
        e.relation is None or (c.relation or "").startswith(e.relation),
        e.unit is None or c.unit == e.unit,
        e.stance is None or c.stance == e.stance,
    ]
    return all(checks)


def _describe(c: Claim) -> str:
    q = ",".join(f"{k}={v}" for k, v in sorted(c.qualifiers.items()))
    return (f"{c.measure} {c.value!r} {c.unit or ''} [{q}] {c.modality} as_of={c.as_of} "
            f"by={c.attribution!r} rel={c.relation} {c.stance}")  # fmt: skip


def check_example(rules: CompiledRules, family: Family, index: int, ex: Example) -> ExampleResult:
    article = Article(
        article_id=f"{family.id}#{index}", source=family.path, text=ex.text, published=ex.published
    )
    claims = extract_article(article, rules)
    problems: list[str] = []
    for e in ex.claims:
        if not any(_matches(c, e) for c in claims):
            got = "; ".join(_describe(c) for c in claims) or "no claims"
            problems.append(f"expected {e.model_dump(exclude_none=True)}, got: {got}")
    for e in ex.reject_claims:
        problems.extend(f"expected no {e.model_dump(exclude_none=True)}, got {_describe(c)}"
                        for c in claims if _matches(c, e))  # fmt: skip
    family_measures = {m.id for m in family.measures}
    for c in claims:
        if ex.none and base_measure(c.measure) in family_measures:
            problems.append(f"expected no {family.id} claim, got {_describe(c)}")
        if c.measure in ex.reject:
            problems.append(f"expected no {c.measure} claim, got {_describe(c)}")
    return ExampleResult(family.id, index, ex.text, not problems, tuple(problems), ex.xfail)


def run_examples(book: Rulebook, family_id: str | None = None) -> list[ExampleResult]:
    rules = compile_rules(book)
    results = []
    for f in book.families:
        if family_id and f.id != family_id:
            continue
        for i, ex in enumerate(f.examples):
            results.append(check_example(rules, f, i, ex))
    return results
