"""Acceptance on corpora about other events, written for these tests: a ferry sinking, a mine collapse, an
earthquake, a wave of missile strikes, a plane crash read from HTML and JSON Lines, a school kidnapping, crowd
estimates at a protest, and a wildfire. Every gold flag must be found, with no unexpected flag and no non-flag
broken."""


from __future__ import annotations

import pytest

from checker.evaluate import format_result, load_gold, score
from tests.conftest import ROOT, run_on


@pytest.mark.parametrize("name", ["ferry", "mine", "quake", "strikes", "crash", "kidnap", "protest", "wildfire"])
def test_corpus_against_gold(name):
    result = run_on([str(ROOT / "tests" / "corpora" / name)], str(ROOT / "rules"))
    scored = score(load_gold(ROOT / "tests" / "gold" / f"{name}.yaml"), result.flags, result.claims)
    print(f"{name}: precision {scored.precision:.2f}, recall {scored.recall:.2f}")
    report = format_result(scored)
    assert scored.missed == [], report
    assert scored.violations == {}, report
    assert scored.false_positives == [], report
