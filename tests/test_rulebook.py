"""Rule files: schema errors name path:line:col, what was found and what is allowed, all at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.errors import RuleError
from checker.rulebook import load_rulebook
from tests.conftest import ROOT


def _copy_rules(tmp_path: Path) -> Path:
    dest = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", dest)
    return dest


def test_shipped_rules_load(rulebook):
    assert {"casualties", "hostages", "prisoners", "people"} <= {f.id for f in rulebook.families}
    assert "hostages.released" in rulebook.measures


def test_all_errors_reported_at_once_with_positions(tmp_path):
    rules = _copy_rules(tmp_path)
    cas = rules / "casualties.yaml"
    cas.write_text(
        cas.read_text()
        .replace("kind: stock", "kind: stok")
        .replace("counts: people", "counts: people\nfoo: 1")
    )
    host = rules / "hostages.yaml"
    host.write_text(host.read_text().replace("'holding'", "'hold(ing'"))
    with pytest.raises(RuleError) as info:
        load_rulebook(rules)
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 3
    kind = next(m for m in messages if "stok" in m)
    assert kind.startswith(f"{cas}:") and "allowed: 'stock', 'cumulative' or 'fixed'" in kind
    line = (
        cas.read_text().splitlines().index(next(x for x in cas.read_text().splitlines() if "stok" in x)) + 1
    )
    assert f"{cas}:{line}:" in kind
    foo = next(m for m in messages if "'foo'" in m)
    foo_line = cas.read_text().splitlines().index("foo: 1") + 1
    assert f"{cas}:{foo_line}:1:" in foo and "allowed: counts, description" in foo
    bad = next(m for m in messages if "does not compile" in m)
    assert str(host) in bad and "hold(ing" in bad


def test_unknown_lexicon_and_bad_measure_prefix(tmp_path):
    rules = _copy_rules(tmp_path)
    p = rules / "people.yaml"
    p.write_text(
        p.read_text()
        .replace("'\\L<evacuee>'", "'\\L<nosuch>'")
        .replace("id: people.rescued", "id: rescues.rescued")
    )
    with pytest.raises(RuleError) as info:
        load_rulebook(rules)
    text = str(info.value)
    assert "unknown lexicon 'nosuch'" in text
    assert "must start with 'people.'" in text


def test_invalid_yaml_names_line(tmp_path):
    rules = _copy_rules(tmp_path)
    (rules / "broken.yaml").write_text("description: x\nmeasures: [\n")
    with pytest.raises(RuleError) as info:
        load_rulebook(rules)
    assert f"{rules / 'broken.yaml'}:" in str(info.value) and "invalid YAML" in str(info.value)


def test_empty_rules_folder_is_an_error(tmp_path):
    (tmp_path / "rules").mkdir()
    with pytest.raises(RuleError, match="no rule files"):
        load_rulebook(tmp_path / "rules")


def test_shipped_patterns_run_in_linear_time(rulebook):
    from checker.rulebook import check_linear_time

    assert check_linear_time(rulebook) == []


def test_a_backtracking_pattern_is_reported(tmp_path):
    from checker.rulebook import check_linear_time

    rules = _copy_rules(tmp_path)
    p = rules / "people.yaml"
    p.write_text(p.read_text().replace("      - 'uprooted'", "      - '(?:\\w+\\s*)+uprooted'"))
    problems = check_linear_time(load_rulebook(rules))
    assert problems and "people.displaced predicates" in str(problems[0]) and str(p) in str(problems[0])


def test_every_underscore_file_is_shared_and_a_lexicon_has_one_source(tmp_path):
    rules = _copy_rules(tmp_path)
    (rules / "_extra.yaml").write_text("lexicons:\n  people_nouns: [folk]\n  rare_words: [zyx]\n")
    with pytest.raises(RuleError) as info:
        load_rulebook(rules)
    (problem,) = info.value.problems
    assert str(rules / "_extra.yaml") in str(problem) and "'people_nouns' is also defined in" in str(problem)
    (rules / "_extra.yaml").write_text("lexicons:\n  rare_words: [zyx]\n")
    book = load_rulebook(rules)
    assert book.lexicons["rare_words"] == ["zyx"] and "_extra" not in {f.id for f in book.families}


def test_units_are_keyed_by_the_symbol_claims_show(rulebook):
    feet, km = rulebook.units["feet"], rulebook.units["kilometres"]
    assert (feet.symbol, feet.dimension, feet.factor) == ("ft", "length", 0.3048)
    assert (km.symbol, km.factor) == ("km", 1000)
    assert rulebook.scales["bn"] == ("billion", 1e9)
