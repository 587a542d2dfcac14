"""Claims and discrepancies <-> pandas DataFrames with the fixed output columns (DESIGN §6)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from checker.models import CLAIM_COLUMNS, Claim, Flag, qualifiers_text

if TYPE_CHECKING:
    import pandas as pd


# columns of numbers and true/false that claimcheck itself writes: every other column carries text that came
# from an article or a user, which claims.csv and discrepancies.csv neutralise for spreadsheets (report.csv_text)
NUMERIC_COLUMNS = frozenset({"low", "high", "low_inclusive", "high_inclusive", "start", "end"})


def _num(x: float) -> float | str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return int(x) if float(x).is_integer() else x


def claim_row(c: Claim, story_id: str = "") -> dict[str, Any]:
    """A claim as one output row: the CSV columns in order, with plain strings and numbers."""
    return {
        "claim_id": c.claim_id,
        "article_id": c.article_id,
        "source": c.source,
        "published": c.published.isoformat() if c.published else "",
        "rule_id": c.rule_id,
        "measure": c.measure,
        "qualifiers": qualifiers_text(c.qualifiers),
        "value": _num(c.value) if isinstance(c.value, float) else c.value,
        "low": _num(c.low),
        "high": _num(c.high),
        "low_inclusive": c.low_inclusive,
        "high_inclusive": c.high_inclusive,
        "hedge": c.hedge or "",
        "unit": c.unit or "",
        "as_of": c.as_of.isoformat() if c.as_of else "",
        "as_of_basis": c.as_of_basis,
        "modality": c.modality,
        "attribution": c.attribution or "",
        "quote": c.quote,
        "sentence": c.sentence,
        "start": c.start,
        "end": c.end,
        "story_id": story_id,
    }


def discrepancy_row(d: Flag) -> dict[str, Any]:
    return {
        "discrepancy_id": d.discrepancy_id,
        "check": d.check,
        "rule_id": d.rule_id,
        "measure": d.measure,
        "qualifiers": qualifiers_text(d.qualifiers),
        "severity": d.severity,
        "status": d.status,
        "claim_ids": ";".join(d.claim_ids),
        "article_ids": ";".join(d.article_ids),
        "values": ";".join(d.values),
        "summary": d.summary,
        "decision": d.decision or "",
        "note": d.note or "",
        "story_id": d.story_id,
    }


def claims_frame(claims: list[Claim]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame([claim_row(c) for c in claims], columns=CLAIM_COLUMNS)
