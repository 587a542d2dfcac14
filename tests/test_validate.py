"""Great Expectations over the claims table: failing rows become anomalies, left out of comparison."""

from __future__ import annotations

from checker.compare import compare
from checker.extract import extract_article
from checker.models import Article
from checker.validate import validate_claims
from tests.conftest import ROOT


def test_failing_rows_are_marked_and_summarised(rulebook, rules):
    text = (ROOT / "seeds" / "004_4e3977a34dbd161a.txt").read_text(encoding="utf-8")
    claims = extract_article(Article(article_id="a", source="a", text=text), rules)
    assert len(claims) >= 3
    claims[0].high = -5.0  # low > high
    claims[1] = claims[1].model_copy(update={"low": 0.5, "high": 0.5})  # not a whole number of people
    summary = validate_claims(claims, rulebook, {"a": len(text)})
    failed = {e["expectation"]: e["failed"] for e in summary["expectations"]}
    assert summary["success"] is False
    assert failed["low <= high"] == 1 and failed["whole number where the rule counts things"] == 1
    assert failed["offsets inside the article"] == 0
    assert claims[0].anomaly == "low <= high" and claims[1].anomaly is not None
    assert {a["claim_id"] for a in summary["anomalies"]} >= {claims[0].claim_id, claims[1].claim_id}
    # anomalies are left out of comparison
    assert not any(claims[0].claim_id in f.claim_ids for f in compare(claims))


def test_an_empty_table_says_nothing_was_checked(rulebook):
    summary = validate_claims([], rulebook, {})
    assert summary["rows"] == 0 and "no claims" in summary["note"]
