"""Every example in every rule file, run as a test: the rule corpus is the spec."""

from __future__ import annotations

import pytest

from checker.rulebook import load_rulebook
from checker.ruletest import check_example
from tests.conftest import ROOT

BOOK = load_rulebook(ROOT / "rules")
CASES = [(f, i, ex) for f in BOOK.families for i, ex in enumerate(f.examples)]


@pytest.mark.parametrize(("family", "index", "example"), CASES, ids=[f"{f.id}-{i}" for f, i, _ in CASES])
def test_rule_example(family, index, example, rules):
    if example.xfail:
        pytest.xfail(example.xfail)
    result = check_example(rules, family, index, example)
    assert result.ok, f"{family.path} example {index}: {example.text!r}\n" + "\n".join(result.problems)


@pytest.mark.parametrize("family", BOOK.families, ids=[f.id for f in BOOK.families])
def test_each_rule_file_has_positive_and_negative_examples(family):
    positives = [ex for ex in family.examples if ex.claims]
    negatives = [ex for ex in family.examples if ex.none or ex.reject]
    assert len(positives) >= 5, f"{family.path}: {len(positives)} positive examples, need 5"
    assert len(negatives) >= 5, f"{family.path}: {len(negatives)} negative examples, need 5"
