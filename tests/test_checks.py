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
