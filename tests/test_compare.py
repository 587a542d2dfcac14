"""Comparison: intervals, event grouping, time scope by measure kind, arithmetic, ratios, stable ids."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from checker.compare import compare, event_match, overlaps
from checker.models import Claim
from checker.pipeline import run_pipeline
from tests.conftest import ROOT

INF = float("inf")
CHILE = ["place:chile", "type:collapse"]


def claim(article, value, low=None, high=None, *, measure="people.rescued", kind="cumulative", as_of="2024-05-04",
          modality="reported", event=CHILE, qualifiers=None, hedge=None, relation=None, revision=False,
          low_inclusive=True, window=3, tolerance=0.0, who=None):  # fmt: skip
    low = float(value) if low is None else low
    high = float(value) if high is None else high
    return Claim(
        claim_id=f"c{article}{value}{measure}{relation}", article_id=article, source=article, published=None,
        rule_id=measure.split(".")[0], measure=measure, qualifiers=qualifiers or {}, value=str(value), low=low,
        high=high, low_inclusive=low_inclusive, hedge=hedge, as_of=dt.date.fromisoformat(as_of) if as_of else None,
        as_of_basis="explicit", modality=modality, attribution=who, quote=str(value), sentence=f"{value} people.",
        start=0, end=2, kind=kind, tolerance=tolerance, window_days=window, event=event, relation=relation,
        revision=revision,
    )  # fmt: skip


def test_intervals_overlap_with_open_ends_and_tolerance():
    assert not overlaps(claim("a", 750, 750, INF, low_inclusive=False), claim("b", 750))
    assert overlaps(claim("a", 750, 750, INF, low_inclusive=False), claim("b", 800))
    assert overlaps(claim("a", 240, hedge="about"), claim("b", 220))  # about widens by 10 %
    assert not overlaps(claim("a", 240), claim("b", 220))
    assert overlaps(claim("a", 11, 11, 12), claim("b", 12))


def test_one_flag_per_disagreement_lists_values_and_all_claims():
    claims = [claim(a, 17, who="mine operator") for a in "abcde"] + [claim(a, 15, who="governor") for a in "xyz"]
    (flag,) = compare(claims)
    assert flag.check == "value_conflict" and flag.severity == "error"
    assert sorted(flag.values) == ["15", "17"] and len(flag.claim_ids) == 8
    assert "17 (mine operator, 5 articles" in flag.summary and "15 (governor, 3 articles" in flag.summary


@pytest.mark.skip(reason="event grouping replaced by stories (lead)")
def test_different_events_are_never_compared():
    ferry = ["place:philippines", "type:sinking"]
    assert event_match(CHILE, ferry) == "different"
    assert compare([claim("a", 17), claim("b", 40, event=ferry)]) == []


@pytest.mark.skip(reason="event grouping replaced by stories (lead)")
def test_uncertain_event_lowers_severity():
    (flag,) = compare([claim("a", 17), claim("b", 15, event=["type:collapse"])])
    assert flag.severity == "warning" and "uncertain" in flag.summary


def test_stock_figures_compared_only_within_window():
    held = {"measure": "hostages.held", "kind": "stock", "window": 7}
    assert compare([claim("a", 240, as_of="2023-11-01", **held), claim("b", 136, as_of="2024-01-10", **held)]) == []
    (flag,) = compare([claim("a", 240, as_of="2023-11-01", **held), claim("b", 220, as_of="2023-11-03", **held)])
    assert flag.severity == "warning" and "different days" in flag.summary  # a level that moves
    (flag,) = compare([claim("a", 240, as_of="2023-11-01", **held), claim("b", 220, as_of="2023-11-01", **held)])
    assert flag.severity == "error"


def test_cumulative_toll_falling_is_a_trend_reversal_and_a_revision_is_info():
    toll = {"measure": "casualties.killed", "kind": "cumulative", "window": 1}
    (flag,) = compare([claim("a", 63, as_of="2024-05-01", **toll), claim("b", 41, as_of="2024-05-05", **toll)])
    assert (flag.check, flag.severity) == ("trend_reversal", "error")
    (flag,) = compare(
        [
            claim("a", 63, as_of="2024-05-01", **toll),
            claim("b", 41, as_of="2024-05-05", revision=True, **toll),
        ]
    )
    assert (flag.check, flag.severity) == ("trend_reversal", "info")
    # growth of a running total is news, not a flag
    assert compare([claim("a", 41, as_of="2024-05-01", **toll), claim("b", 63, as_of="2024-05-05", **toll)]) == []


def test_fixed_fact_far_apart_in_time_is_a_warning():
    fixed = {"measure": "hostages.taken", "kind": "fixed", "event": ["place:gaza", "type:conflict"]}
    (flag,) = compare([claim("a", 240, as_of="2023-11-01", **fixed), claim("b", 251, as_of="2024-06-01", **fixed)])
    assert flag.severity == "warning" and "days apart" in flag.summary


def test_estimate_vs_count_is_a_warning():
    (flag,) = compare([claim("a", 17, modality="estimate"), claim("b", 15)])
    assert flag.severity == "warning" and "estimate" in flag.summary


def test_sum_of_listed_parts_vs_total():
    parts = [claim("a", v, qualifiers={"nationality": n}, relation="part:k") for v, n in
             ((18, "British"), (9, "German"), (3, "Canadian"))]  # fmt: skip
    # "31 passengers: 18 Britons, 9 Germans and 3 Canadians" lists them all
    flags = compare([claim("a", 31, relation="sum:k"), *parts])
    assert [f.check for f in flags] == ["sum_mismatch"]
    assert compare([claim("a", 30, relation="sum:k"), *parts]) == []
    # "31 passengers, including 18 Britons, ..." names some: fewer is fine, more is not
    assert compare([claim("a", 31, relation="total:k"), *parts]) == []
    assert [f.check for f in compare([claim("a", 25, relation="total:k"), *parts])] == ["sum_mismatch"]


def test_part_exceeding_its_whole():
    flags = compare(
        [
            claim("a", 30, relation="total:k"),
            claim("a", 45, qualifiers={"population": "children"}, relation="part:k"),
        ]
    )
    assert [f.check for f in flags] == ["part_exceeds_whole"]
    # across articles: a part (children) larger than the whole reported the same day
    flags = compare([claim("a", 30), claim("b", 45, qualifiers={"population": "children"})])
    assert [f.check for f in flags] == ["part_exceeds_whole"]


def test_exchange_ratios():
    def side(article, v, measure, rel):
        return claim(article, v, measure=measure, relation=rel)

    a = [
        side("a", 50, "hostages.released", "exchange_a:1"),
        side("a", 150, "prisoners.released", "exchange_b:1"),
    ]
    b = [
        side("b", 110, "hostages.released", "exchange_a:2"),
        side("b", 240, "prisoners.released", "exchange_b:2"),
    ]
    checks = {f.check for f in compare(a + b)}
    assert "ratio_conflict" in checks
    c = [
        side("c", 100, "hostages.released", "exchange_a:3"),
        side("c", 300, "prisoners.released", "exchange_b:3"),
    ]
    assert "ratio_conflict" not in {f.check for f in compare(a + c)}


# -- stable ids through the whole pipeline --------------------------------------------------------

A = "---\npublished: 2024-05-06\n---\nRescuers pulled 17 miners out alive in Chile on Saturday after the collapse.\n"
B = "---\npublished: 2024-05-06\n---\nOfficials said 15 miners were rescued in Chile on Saturday after the collapse.\n"


def _ids(folder):
    result = run_pipeline([str(folder)], str(ROOT / "rules"))
    return {f.discrepancy_id for f in result.flags}


def test_ids_stable_across_reruns_renames_order_and_unrelated_edits(tmp_path):
    one = tmp_path / "one"
    one.mkdir()
    (one / "a.txt").write_text(A)
    (one / "b.txt").write_text(B)
    first = _ids(one)
    assert len(first) == 1
    assert _ids(one) == first  # re-running
    two = tmp_path / "two"
    shutil.copytree(one, two)  # another folder, same relative ids
    assert _ids(two) == first
    # an unrelated paragraph added before the figure moves every offset but keeps the id
    (two / "a.txt").write_text(A.replace("---\nRescuers", "---\nThe mine opened in 1998.\n\nRescuers"))
    assert _ids(two) == first


def test_reordering_inputs_keeps_ids(tmp_path):
    for name, text in (("a.txt", A), ("b.txt", B)):
        (tmp_path / name).write_text(text)
    forward = run_pipeline([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], str(ROOT / "rules"))
    backward = run_pipeline([str(tmp_path / "b.txt"), str(tmp_path / "a.txt")], str(ROOT / "rules"))
    assert {f.discrepancy_id for f in forward.flags} == {f.discrepancy_id for f in backward.flags}
    assert len(forward.flags) == 1


@pytest.mark.parametrize("changed", ["16 miners", "17 miners"])
def test_changed_figure_changes_the_id(tmp_path, changed):
    (tmp_path / "a.txt").write_text(A)
    (tmp_path / "b.txt").write_text(B)
    before = _ids(tmp_path)
    (tmp_path / "b.txt").write_text(B.replace("15 miners", changed))
    after = _ids(tmp_path)
    if changed == "17 miners":
        assert after == set()
    else:
        assert after and after != before


def test_article_still_carrying_a_superseded_figure_is_stale():
    toll = {"measure": "casualties.killed", "kind": "cumulative", "window": 1}
    flags = compare([
        claim("a", 63, as_of="2024-05-01", **toll),
        claim("b", 41, as_of="2024-05-03", revision=True, **toll),
        claim("c", 63, as_of="2024-05-04", **toll),
    ])  # fmt: skip
    by_check = {f.check: f for f in flags}
    assert by_check["stale_figure"].severity == "warning"
    assert "c" in by_check["stale_figure"].article_ids
    assert by_check["trend_reversal"].severity == "info"
    assert not [f for f in flags if f.severity == "error"]


@pytest.mark.skip(reason="event grouping replaced by stories (lead)")
def test_a_disaster_years_earlier_is_another_occasion():
    toll = {"measure": "casualties.killed", "kind": "cumulative", "window": 1,
            "event": ["place:turkey", "type:earthquake"]}  # fmt: skip
    # "Turkey's last major earthquake, in February 2023, killed more than 50,000": not this quake's toll
    assert (
        compare(
            [claim("a", 50000, 50000, INF, as_of="2023-02-28", **toll), claim("b", 540, as_of="2025-03-11", **toll)]
        )
        == []
    )
    fixed = {"measure": "people.on_board", "kind": "fixed", "event": ["place:crete", "type:sinking"]}
    assert compare([claim("a", 109, as_of="2019-07-21", **fixed), claim("b", 120, as_of="2024-07-23", **fixed)]) == []


def test_event_types_named_in_sentences_win_and_places_meet_through_context():
    from checker.compare import event_match

    # a roundup: a flood and a ferry sinking in one article are two events
    a = ["type:flood", "ctx-place:pakistani", "ctx-place:indonesian", "ctx-type:flood", "ctx-type:sinking"]
    b = ["type:sinking", "ctx-place:pakistani", "ctx-place:indonesian", "ctx-type:flood", "ctx-type:sinking"]
    assert event_match(a, b) == "different"
    # a city in one article, the country in another: the articles' context makes them one event
    c = ["place:malatya", "ctx-place:malatya", "ctx-place:turkish", "ctx-type:earthquake"]
    d = ["ctx-place:turkish", "ctx-type:earthquake", "type:earthquake"]
    assert event_match(c, d) == "same"


def test_figures_broken_down_by_place_are_compared_per_place():
    ev = ["ctx-place:kyiv", "ctx-place:odesa", "ctx-place:ukraine", "ctx-type:conflict"]
    kw = {"measure": "casualties.killed", "kind": "cumulative", "window": 1, "event": ev}
    flags = compare(
        [
            claim("a", 23, 23, INF, as_of="2025-06-14", qualifiers={"place": "Ukraine"}, **kw),
            claim("a", 14, as_of="2025-06-14", qualifiers={"place": "Kyiv"}, **kw),
            claim("a", 9, as_of="2025-06-14", qualifiers={"place": "Odesa"}, **kw),
            claim("b", 16, as_of="2025-06-15", qualifiers={"place": "Kyiv"}, **kw),
            claim("b", 9, as_of="2025-06-15", qualifiers={"place": "Odesa"}, **kw),
        ]
    )
    assert flags == []
    flags = compare([claim("a", 14, as_of="2025-06-14", qualifiers={"place": "Kyiv"}, **kw),
                     claim("a", 9, as_of="2025-06-14", qualifiers={"place": "Odesa"}, **kw),
                     claim("b", 12, as_of="2025-06-14", qualifiers={"place": "Kyiv"}, **kw)])  # fmt: skip
    assert [(f.check, f.values) for f in flags] == [("value_conflict", ["12", "14"])]


def test_generic_measures_disagree_only_as_warnings():
    kw = {"measure": "generic:attend:fan", "kind": "stock"}
    (flag,) = compare([claim("a", 5000, **kw), claim("b", 9000, **kw)])
    assert flag.severity == "warning" and "guessed" in flag.summary


def _pairwise_reference(claims):
    """The definition the fast grouping must reproduce: single linkage over event_match on every pair,
    with claims that know no place kept from bridging events."""
    from itertools import combinations

    parent = list(range(len(claims)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    def keys(c, kind):
        return {k.split(":", 1)[1] for k in c.event if k.startswith(("ctx-" + kind + ":", kind + ":"))}

    for i, j in combinations(range(len(claims)), 2):
        a, b = claims[i], claims[j]
        if event_match(a.event, b.event) == "different":
            continue
        # a claim that knows no place does not bridge events: it joins claims sharing a type with it,
        # and one knowing neither place nor type joins only its like
        if not (keys(a, "place") and keys(b, "place")):
            shared_type = keys(a, "type") & keys(b, "type")
            both_blank = not (keys(a, "place") or keys(a, "type") or keys(b, "place") or keys(b, "type"))
            if not (shared_type or both_blank):
                continue
        parent[find(j)] = find(i)
    groups = {}
    for i, c in enumerate(claims):
        groups.setdefault(find(i), []).append(c.claim_id)
    return {frozenset(g) for g in groups.values() if len(g) > 1}


@pytest.mark.skip(reason="event grouping replaced by stories (lead)")
def test_fast_event_grouping_matches_the_pairwise_definition():
    import random

    from checker.compare import _event_groups

    rng = random.Random(5)
    places, types = ["a", "b", "c", "d"], ["flood", "fire", "quake"]
    for _ in range(200):
        claims = []
        for i in range(rng.randint(2, 9)):
            own_p = rng.sample(places, rng.randint(0, 1))
            ctx_p = set(own_p) | set(rng.sample(places, rng.randint(0, 2)))
            own_t = rng.sample(types, rng.randint(0, 1))
            ctx_t = set(own_t) | set(rng.sample(types, rng.randint(0, 2)))
            event = sorted({f"place:{p}" for p in own_p} | {f"ctx-place:{p}" for p in ctx_p}
                           | {f"type:{t}" for t in own_t} | {f"ctx-type:{t}" for t in ctx_t})  # fmt: skip
            claims.append(claim(f"x{i}", 1, event=event).model_copy(update={"claim_id": f"c{i}"}))
        fast = {frozenset(c.claim_id for c in g) for g, _ in _event_groups(claims)}
        assert fast == _pairwise_reference(claims), [c.event for c in claims]


def test_same_event_same_day_at_different_times():
    ev = {"measure": "events.occurred.date", "kind": "date", "event": ["place:turkey", "type:earthquake"]}

    def at(article, time, tz=None):
        c = claim(article, 20250310, as_of="2025-03-10", **ev)
        return c.model_copy(update={"time": time, "tz": tz, "value": "2025-03-10", "quote": "Monday"})

    (flag,) = compare([at("a", "04:17"), at("b", "03:17")])
    assert flag.check == "time_conflict" and flag.severity == "warning"
    assert compare([at("a", "04:17"), at("b", "04:45")]) == []  # within the hour: wording, not a conflict
    assert compare([at("a", "04:17", "local time"), at("b", "01:17", "GMT")]) == []  # zones differ
