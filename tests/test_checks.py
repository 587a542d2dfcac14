"""Every check against its own YAML fixtures (checker/checks/fixtures): claims in, flags out, must-not-flag too."""

from __future__ import annotations

import pytest

from checker.checks import registry
from checker.checks.fixtures import FIXTURES, load_cases, mismatches, run_case

CHECKS = registry()
CASES = [(case.check, case) for path in sorted(FIXTURES.glob("*.yaml")) for case in load_cases(path)]


@pytest.mark.parametrize(("check_id", "case"), CASES, ids=[f"{c}:{k.name}" for c, k in CASES])
def test_fixture(check_id, case):
    flags = run_case(CHECKS[check_id], case)
    assert not mismatches(flags, case.flags), mismatches(flags, case.flags)


@pytest.mark.parametrize("check_id", sorted(CHECKS))
def test_every_check_is_documented_with_cases_that_flag_and_cases_that_must_not(check_id):
    check = CHECKS[check_id]
    assert type(check).__doc__ and check.policy
    cases = [k for c, k in CASES if c == check_id]
    assert any(k.flags for k in cases), f"{check_id}: no fixture case raises a flag"
    assert any(not k.flags for k in cases), f"{check_id}: no must-not-flag case"


def test_a_figure_without_the_qualifier_its_measure_requires_answers_no_question():
    from checker.checks import Context, StoryClaims
    from checker.checks.fixtures import make_claim

    spec = {"measure": "durations.length", "kind": "fixed", "unit": "h", "dimension": "duration", "scale": 3600}
    named = make_claim(0, {**spec, "article": "a", "value": 96, "qualifiers": {"entity": "truce"}})
    bare = make_claim(1, {**spec, "article": "b", "value": 24})
    articles = {}
    context = Context(requires={"durations.length": ("entity",)})
    story = StoryClaims.of("s1", [named, bare], articles, context)
    assert [c.claim_id for c in story.claims] == [named.claim_id]
    # without the requirement both are compared
    assert len(StoryClaims.of("s1", [named, bare], articles, Context()).claims) == 2


def _plan_vs_outcome_by_definition(story):
    """The check as its docstring defines it, every plan day against every claim: the reference the indexed
    version must match."""
    from checker.checks import Finding
    from checker.checks.plan_vs_outcome import PLAN_WINDOW_DAYS
    from checker.checks.scope import distinct_values, overlaps, qualifier_key, qualifier_relation

    for measure, claims in story.quantities.items():
        asserted = [c for c in claims if c.stance == "asserted" and c.number_kind != "vague" and c.as_of]
        plans = [c for c in asserted if c.modality == "planned"]
        for day, quals in sorted({(c.as_of, qualifier_key(c.qualifiers)) for c in plans}):
            terms = [c for c in plans if c.as_of == day and qualifier_key(c.qualifiers) == quals]
            outcomes = [c for c in asserted if c.modality != "planned" and 0 <= (c.as_of - day).days <= PLAN_WINDOW_DAYS
                        and qualifier_relation(dict(quals), dict(qualifier_key(c.qualifiers))) in ("equal", "narrower")
                        and not all(overlaps(c, t) for t in terms)]  # fmt: skip
            if outcomes and len(answers := distinct_values([*terms, *outcomes])) > 1:
                yield Finding("plan_vs_outcome", measure, dict(quals), day.isoformat(), "warning", answers,
                              ["deal terms vs outcome"])  # fmt: skip


def test_plan_vs_outcome_finds_what_its_definition_finds_on_a_busy_story():
    import datetime as dt
    import random

    from checker.checks import Context, StoryClaims
    from checker.checks.fixtures import make_claim
    from checker.checks.plan_vs_outcome import PlanVsOutcome
    from checker.models import Article

    rng = random.Random(7)
    day0 = dt.date(2024, 3, 1)
    groups = [{}, {"population": "women and children"}, {"population": "children"}, {"nationality": "Palestinian"}]
    specs = [{"measure": rng.choice(["hostages.released", "prisoners.released"]), "value": rng.choice([10, 40, 50]),
              "article": f"a{rng.randrange(30)}", "as_of": day0 + dt.timedelta(days=rng.randrange(90)),
              "modality": rng.choice(["planned", "planned", "reported"]), "qualifiers": rng.choice(groups),
              "stance": rng.choice(["asserted"] * 5 + ["superseded"]), "start": rng.randrange(0, 500, 10)}
             for _ in range(600)]  # fmt: skip
    claims = [make_claim(i, s) for i, s in enumerate(specs)]
    articles = {a: Article(article_id=a, source=a, text="") for a in sorted({c.article_id for c in claims})}
    story = StoryClaims("s1", claims, articles, Context())
    found = list(PlanVsOutcome().find(story))
    assert len(found) > 20  # the random story raises many: the comparison below means something
    assert found == list(_plan_vs_outcome_by_definition(story))


def _weekday_mismatch_by_definition(story):
    """weekday_mismatch as its docstring defines it, each date against every claim of the story."""
    import datetime as dt
    from collections import defaultdict

    import regex

    from checker.checks import Finding
    from checker.checks.weekday_mismatch import WEEKDAYS

    by_date = defaultdict(list)
    for c in story.of_kind("weekday_check"):
        by_date[str(c.value)].append(c)
    for value, claims in sorted(by_date.items()):
        written = sorted({c.quote for c in claims})
        day = dt.date.fromisoformat(value)
        weekday = WEEKDAYS[day.weekday()]
        wrong = {c.article_id for c in claims}
        named = regex.compile(rf"\b{weekday}\b", regex.IGNORECASE)
        right = sorted((c for c in story.claims if c.article_id not in wrong and c.as_of == day
                        and c.kind != "weekday_check" and c.as_of_basis in ("explicit", "relative")
                        and named.search(c.sentence)), key=lambda c: c.claim_id)  # fmt: skip
        yield Finding("weekday_mismatch", "dates.weekday", {}, value, "warning", [claims, right] if right else [claims],
                      [f"{value} is a {weekday}, not as written in {', '.join(written)}"],
                      labels=[written[0], weekday] if right else written[:1])  # fmt: skip


def test_weekday_mismatch_finds_what_its_definition_finds_on_a_busy_story():
    import datetime as dt
    import random

    from checker.checks import Context, StoryClaims
    from checker.checks.fixtures import make_claim
    from checker.checks.weekday_mismatch import WEEKDAYS, WeekdayMismatch
    from checker.models import Article

    rng = random.Random(11)
    day0 = dt.date(2024, 3, 1)
    specs = []
    for _ in range(800):
        day = day0 + dt.timedelta(days=rng.randrange(20))
        named = rng.choice(WEEKDAYS)
        if rng.random() < 0.2:
            specs.append({"kind": "weekday_check", "measure": "dates.weekday", "value": day.isoformat(),
                          "low": 0, "high": 0, "quote": f"{named}, {day:%B} {day.day}",
                          "article": f"a{rng.randrange(40)}"})  # fmt: skip
        else:
            specs.append({"value": rng.randrange(1, 50), "as_of": day, "article": f"a{rng.randrange(40)}",
                          "as_of_basis": rng.choice(["explicit", "relative", "article_date"]),
                          "sentence": f"Police said on {named} that people were hurt."})  # fmt: skip
    claims = [make_claim(i, s) for i, s in enumerate(specs)]
    articles = {a: Article(article_id=a, source=a, text="") for a in sorted({c.article_id for c in claims})}
    story = StoryClaims("s1", claims, articles, Context())
    found = list(WeekdayMismatch().find(story))
    assert sum(len(f.answers) > 1 for f in found) > 5  # other answers found: the comparison below means something
    assert found == list(_weekday_mismatch_by_definition(story))
