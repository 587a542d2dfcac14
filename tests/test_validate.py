"""Great Expectations over the claims table: failing rows become anomalies, left out of comparison."""

from __future__ import annotations

from checker.extract import extract_article
from checker.models import Article
from checker.validate import validate_claims
from tests.conftest import ROOT, run_on


def test_failing_rows_are_listed_and_summarised(rulebook, rules):
    text = (ROOT / "seeds" / "004_4e3977a34dbd161a.txt").read_text(encoding="utf-8")
    claims = extract_article(Article(article_id="a", source="a", text=text), rules)
    assert len(claims) >= 3
    claims[0] = claims[0].model_copy(update={"high": -5.0})  # low > high
    claims[1] = claims[1].model_copy(update={"low": 0.5, "high": 0.5})  # not a whole number of people
    summary, anomalies = validate_claims(claims, rulebook, {"a": len(text)})
    failed = {e["expectation"]: e["failed"] for e in summary["expectations"]}
    assert summary["success"] is False
    assert failed["low <= high"] == 1 and failed["whole number where the rule counts things"] == 1
    assert failed["offsets inside the article"] == 0
    assert anomalies[claims[0].claim_id] == "low <= high" and claims[1].claim_id in anomalies
    assert {a["claim_id"] for a in summary["anomalies"]} >= {claims[0].claim_id, claims[1].claim_id}


def test_anomalies_are_left_out_of_comparison(tmp_path):
    # two articles disagree, but one figure is implausible for its rule: no flag compares it
    (tmp_path / "a.txt").write_text(
        "---\npublished: 2024-05-06\n---\nOfficials said 17 miners were rescued in Chile.\n"
    )
    (tmp_path / "b.txt").write_text(
        "---\npublished: 2024-05-06\n---\nOfficials said 900 million miners were rescued.\n"
    )
    result = run_on([tmp_path])
    odd = [c.claim_id for c in result.claims if c.quote == "900 million" and c.claim_id in result.anomalies]
    assert odd
    assert not any(cid in f.claim_ids for f in result.flags for cid in odd)


def test_an_empty_table_says_nothing_was_checked(rulebook):
    summary, anomalies = validate_claims([], rulebook, {})
    assert summary["rows"] == 0 and "no claims" in summary["note"] and anomalies == {}


def test_an_upper_bound_is_plausible_when_its_interval_holds_plausible_counts(rulebook, rules):
    text = "The agency said up to 400 people were on board. Another said 900 million people were on board."
    claims = [c for c in extract_article(Article(article_id="a", source="a", text=text), rules)
              if c.measure == "people.on_board"]  # fmt: skip
    assert [c.high for c in claims] == [400, 9e8]
    _, anomalies = validate_claims(claims, rulebook, {"a": len(text)})
    assert claims[0].claim_id not in anomalies  # [0, 400] holds plausible counts
    assert claims[1].claim_id in anomalies  # all of it is past the rule's range


class _Rows:
    """A row store in memory."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.asked = 0

    def get(self, keys: list[str]) -> dict[str, bytes]:
        self.asked += len(keys)
        return {k: self.blobs[k] for k in keys if k in self.blobs}

    def put(self, items: dict[str, bytes]) -> None:
        self.blobs.update(items)


def test_kept_row_results_give_the_summary_a_whole_evaluation_gives(rulebook, rules):
    import pytest

    text = (ROOT / "seeds" / "004_4e3977a34dbd161a.txt").read_text(encoding="utf-8")
    per_article = {}
    for aid in ("a", "b", "c"):
        claims = extract_article(Article(article_id=aid, source=aid, text=text), rules)
        per_article[aid] = claims
    # faults in two articles, and one id given twice (uniqueness is judged on the whole table every time)
    per_article["a"][0] = per_article["a"][0].model_copy(update={"high": -5.0})
    per_article["b"][1] = per_article["b"][1].model_copy(update={"low": 0.5, "high": 0.5, "end": 10**9})
    per_article["c"][2] = per_article["c"][2].model_copy(update={"claim_id": per_article["a"][3].claim_id})
    lengths = {aid: len(text) for aid in per_article}
    for engine in ("builtin", "great_expectations"):
        if engine == "great_expectations":
            pytest.importorskip("great_expectations")
        store = _Rows()
        first = [c for aid in ("a", "b") for c in per_article[aid]]
        keys = {aid: f"key-{aid}" for aid in per_article}
        assert validate_claims(first, rulebook, lengths, engine, store, keys) == validate_claims(first, rulebook,
                                                                                                lengths, engine)
        assert set(store.blobs) == {"key-a", "key-b"}
        everything = [c for aid in ("a", "b", "c") for c in per_article[aid]]
        whole = validate_claims(everything, rulebook, lengths, engine)
        assert validate_claims(everything, rulebook, lengths, engine, store, keys) == whole
        failed = {e["expectation"]: e["failed"] for e in whole[0]["expectations"]}
        assert failed["low <= high"] == 1 and failed["ids unique"] == 2 and failed["offsets inside the article"] == 1
        assert set(store.blobs) == {"key-a", "key-b", "key-c"}
