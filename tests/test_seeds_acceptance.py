"""Acceptance on seeds/: the flags a fact-checker expects, none they would not, and the claims' frames."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.evaluate import load_gold, score
from tests.conftest import ROOT, run_on


@pytest.fixture(scope="module")
def result():
    # with an editor's correction of the story step (tests/gold/seeds.reconciliations.yaml says why)
    return run_on([str(ROOT / "seeds")], str(ROOT / "rules"),
                  reconciliations=str(ROOT / "tests" / "gold" / "seeds.reconciliations.yaml"))  # fmt: skip


def test_the_story_step_alone_joins_the_truces_outcome_and_keeps_the_next_year_apart():
    alone = run_on([str(ROOT / "seeds")], str(ROOT / "rules"))
    story = alone.stories.story_of
    truce = story["001_041c582b05536551.txt"]
    assert story["000_5d3805ccd57af57b.txt"] == story["002_5ab9d9fe485b6ff5.txt"] == truce
    # 003 reports the outcome of the same truce (its figures and names), weeks later: one story
    assert story["003_9c2aea755511a6a3.txt"] == truce
    # 004 is a release talk a year on: another occurrence
    assert story["004_4e3977a34dbd161a.txt"] != truce


def _claims(result, article_prefix, quote, measure=None):
    return [
        c for c in result.claims
        if c.article_id.startswith(article_prefix) and c.quote == quote and (measure is None or c.measure == measure)
    ]  # fmt: skip


def test_gold_flags_found_and_no_non_flag_broken(result):
    scored = score(load_gold(ROOT / "tests/gold/seeds.yaml"), result.flags, result.claims)
    print(f"seeds: precision {scored.precision:.2f}, recall {scored.recall:.2f}")
    assert scored.missed == []
    assert scored.violations == {}
    assert scored.false_positives == [], [f.summary for f in scored.false_positives]


def test_deal_terms_are_warnings_not_errors(result):
    for f in result.flags:
        if f.check in {"value_conflict", "ratio_conflict"} and any(
            c.modality == "planned" for c in result.claims if c.claim_id in f.claim_ids
        ):
            assert f.severity == "warning", f.summary


def test_hostages_held_estimate_attributed_to_idf_spokesman(result):
    (c,) = [c for c in _claims(result, "002_", "224", "hostages.held") if c.modality == "estimate"]
    assert "IDF" in (c.attribution or "") and "spokesman" in (c.attribution or "")


def test_evacuated_total_with_children_part(result):
    (total,) = _claims(result, "003_", "over 750", "people.evacuated")
    (part,) = _claims(result, "003_", "300", "people.evacuated")
    assert total.low == 750 and not total.low_inclusive and total.high == float("inf")
    assert part.qualifiers.get("population") == "children"
    assert total.relation.startswith("total:") and part.relation == "part:" + total.relation.split(":")[1]


def test_deal_terms_planned_and_outcome_reported(result):
    assert {c.modality for c in _claims(result, "001_", "50") + _claims(result, "001_", "150")} == {"planned"}
    assert {c.modality for c in _claims(result, "003_", "110") + _claims(result, "003_", "240")} == {
        "reported"
    }
    (prisoners,) = _claims(result, "003_", "240", "prisoners.released")
    assert prisoners.qualifiers["nationality"] == "Palestinian"


def test_russian_request_figures_dated_a_year_apart(result):
    (eight,) = _claims(result, "001_", "eight", "hostages.release_requested")
    (four,) = _claims(result, "004_", "four", "hostages.release_requested")
    assert eight.qualifiers["nationality"] == four.qualifiers["nationality"] == "Russian"
    assert eight.as_of is not None and (eight.as_of.year, eight.as_of.month) == (2023, 10)
    assert eight.as_of_basis in {"relative", "explicit"}  # "in late October": a year-less month part
    assert four.as_of == dt.date(2024, 10, 24)


def test_two_civilians_released(result):
    (c,) = _claims(result, "004_", "two", "hostages.released") and [
        c for c in _claims(result, "004_", "two", "hostages.released") if c.modality == "reported"
    ]
    assert c.qualifiers.get("population") == "civilians"


def test_gaza_toll_as_of_ministry_date(result):
    (injured,) = _claims(result, "004_", "more than 100,282", "casualties.injured")
    (dead,) = _claims(result, "004_", "over 42,700", "casualties.killed")
    for c in (injured, dead):
        assert c.as_of == dt.date(2024, 10, 22)
        assert "ministry" in (c.attribution or "").lower()


@pytest.mark.parametrize(
    "quote",
    [
        "1967",
        "2023",
        "2024",
        "October 7",
        "25",
        "25 years old",
        "third",
        "four-day",
        "116",
        "© 2024",
        "07:00",
    ],
)
def test_no_count_claim_from_years_dates_ages_durations_or_furniture(result, quote):
    # counts: not dates, times or names, nor figures that measure (an age, a duration with its unit)
    counts = [
        c for c in result.claims
        if c.kind not in {"date", "time", "weekday_check", "name"} and c.dimension is None
        and not c.measure.startswith("ages.")
    ]  # fmt: skip
    assert not [c for c in counts if quote in c.quote], quote
