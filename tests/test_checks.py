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
