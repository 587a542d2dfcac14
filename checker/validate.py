"""Great Expectations suite over the claims table; failing rows become extraction anomalies."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from checker.models import Claim
from checker.rulebook import Rulebook, base_measure
from checker.table import claims_frame

if TYPE_CHECKING:
    import pandas as pd


def _row_checks(claims: list[Claim], book: Rulebook, text_lengths: dict[str, int]) -> pd.DataFrame:
    """The claims table (the columns of claims.csv) plus one boolean column per row-level rule the suite
    checks; low and high are kept as numbers here, where the CSV writes open ends as "inf"."""
    frame = claims_frame(claims)
    measures = book.measures
    known, plausible, integral = [], [], []
    for c in claims:
        m = measures.get(base_measure(c.measure))
        lo, hi = m.plausible if m else (0.0, 1e12)
        # the rule's range is in the base unit of the claim's dimension ("948 ft" is checked as metres)
        finite = [x for x in c.base_bounds() if x not in (float("inf"), float("-inf"))]
        known.append(m is not None or c.measure.startswith(("generic:", "dates.", "names.")))
        # a negated count ("no one was killed") is 0 by what it says; an interval is implausible only when all of
        # it lies outside the range ("up to 400" is [0, 400], which holds plausible counts)
        b_lo, b_hi = c.base_bounds()
        plausible.append(c.kind in {"date", "time"} or c.stance == "negated" or (b_lo <= hi and b_hi >= lo))
        integral.append(m is None or c.kind in {"date", "time"} or not m.integer
                        or all(float(x).is_integer() for x in finite))  # fmt: skip
    frame["low"] = [c.low for c in claims]
    frame["high"] = [c.high for c in claims]
    frame["known_measure"] = known
    frame["offsets_in_article"] = [0 <= c.start < c.end <= text_lengths.get(c.article_id, -1) for c in claims]
    frame["plausible"] = plausible
    frame["integral"] = integral
    return frame


EXPECTATIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("ids unique", "ExpectColumnValuesToBeUnique", {"column": "claim_id"}),
    ("low <= high", "ExpectColumnPairValuesAToBeGreaterThanB",
     {"column_A": "high", "column_B": "low", "or_equal": True}),
    ("offsets inside the article", "ExpectColumnValuesToBeInSet",
     {"column": "offsets_in_article", "value_set": [True]}),
    ("known measure", "ExpectColumnValuesToBeInSet", {"column": "known_measure", "value_set": [True]}),
    ("value in the rule's plausible range", "ExpectColumnValuesToBeInSet",
     {"column": "plausible", "value_set": [True]}),
    ("whole number where the rule counts things", "ExpectColumnValuesToBeInSet",
     {"column": "integral", "value_set": [True]}),
]  # fmt: skip


def validate_claims(
    claims: list[Claim], book: Rulebook, text_lengths: dict[str, int]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Run the suite: a summary for report.json, and the failing claims (claim id -> the first expectation it
    fails), which are left out of comparison as extraction anomalies."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx  # about 3 s to import: only here, only when validating

    frame = _row_checks(claims, book, text_lengths)
    summary: dict[str, Any] = {"engine": f"great_expectations {gx.__version__}", "rows": len(frame),
                               "expectations": [], "anomalies": []}  # fmt: skip
    anomalies: dict[str, str] = {}
    if frame.empty:
        summary["success"] = True
        summary["note"] = "no claims to validate"
        return summary, anomalies
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # GX draws a progress bar per expectation on stderr; our own progress bar is enough
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_pandas("claims")
    asset = source.add_dataframe_asset("claims")
    batch = asset.add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": frame})
    by_id = {c.claim_id: c for c in claims}
    success = True
    for label, name, kwargs in EXPECTATIONS:
        expectation = getattr(gx.expectations, name)(**kwargs)
        result = batch.validate(
            expectation,
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["claim_id"]},
        )
        failed_ids = _failed_ids(result.result)
        success = success and bool(result.success)
        summary["expectations"].append(
            {"expectation": label, "type": name, "success": bool(result.success), "failed": len(failed_ids)}
        )
        for cid in failed_ids:
            c = by_id.get(cid)
            if c is None:
                continue
            if cid not in anomalies:
                anomalies[cid] = label
                summary["anomalies"].append(
                    {
                        "claim_id": cid,
                        "article_id": c.article_id,
                        "measure": c.measure,
                        "value": c.value,
                        "quote": c.quote,
                        "reason": label,
                    }
                )
    summary["success"] = success
    return summary, anomalies


def _failed_ids(result: dict[str, Any]) -> list[str]:
    ids = []
    for item in result.get("unexpected_index_list") or []:
        if isinstance(item, dict) and "claim_id" in item:
            ids.append(str(item["claim_id"]))
    return ids
