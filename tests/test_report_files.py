"""claims.csv and discrepancies.csv: RFC 4180 with CRLF, §6 columns in order, read back by pandas intact."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd

from checker.models import CLAIM_COLUMNS, DISCREPANCY_COLUMNS, Claim, Flag
from checker.report import csv_text
from checker.table import claim_row, discrepancy_row

SENTENCE = 'The ministry said "100,282" people had fled;\nofficials put it at over 750 — ça va.'


def _claims() -> list[Claim]:
    base = dict(
        article_id="a.txt",
        source="in/a.txt",
        published=dt.date(2024, 3, 9),
        rule_id="people",
        measure="people.displaced",
        sentence=SENTENCE,
        as_of_basis="explicit",
    )
    return [
        Claim(
            claim_id="c1",
            value="100,282",
            low=100282,
            high=100282,
            quote="100,282",
            start=19,
            end=26,
            as_of=dt.date(2024, 3, 8),
            qualifiers={"place": "Gaza", "population": "women; children"},
            **base,
        ),
        Claim(
            claim_id="c2",
            value="over 750",
            low=750,
            high=float("inf"),
            low_inclusive=False,
            hedge="over",
            quote="over 750",
            start=60,
            end=68,
            attribution='the "UN"',
            **base,
        ),
    ]


def _read(text: str) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(text.encode("utf-8")), keep_default_na=False)


def test_claims_csv_columns_numbers_and_dates_survive_pandas() -> None:
    text = csv_text([claim_row(c) for c in _claims()], CLAIM_COLUMNS)
    df = _read(text)
    assert list(df.columns) == CLAIM_COLUMNS
    assert df["quote"].tolist() == ["100,282", "over 750"]  # a figure with a comma stays text
    assert df["value"].tolist() == ["100,282", "over 750"]
    assert pd.api.types.is_numeric_dtype(df["low"]) and df["low"].tolist() == [100282, 750]
    assert df["high"].iloc[1] == float("inf")
    assert df["sentence"].iloc[0] == SENTENCE  # quotes, newline, semicolon and non-ASCII kept
    assert df["published"].tolist() == ["2024-03-09", "2024-03-09"]
    assert df["as_of"].tolist() == ["2024-03-08", ""]
    assert df["qualifiers"].iloc[0] == "place=Gaza;population=women; children"
    assert df["start"].tolist() == [19, 60]


def test_csv_is_rfc4180_with_crlf_record_ends() -> None:
    text = csv_text([claim_row(c) for c in _claims()], CLAIM_COLUMNS)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 3 and all(len(r) == len(CLAIM_COLUMNS) for r in rows)
    assert text.endswith("\r\n")
    assert text.count("\r\n") == 3  # one per record; the newline inside the quoted sentence stays bare
    assert '"The ministry said ""100,282"" people' in text  # embedded quotes doubled


def test_discrepancies_csv_columns_in_order() -> None:
    d = Flag(
        discrepancy_id="d1",
        check="value_conflict",
        rule_id="people",
        measure="people.displaced",
        severity="error",
        claim_ids=["c1", "c2"],
        article_ids=["a.txt"],
        values=["100,282", "over 750"],
        summary="100,282 vs over 750",
    )
    df = _read(csv_text([discrepancy_row(d)], DISCREPANCY_COLUMNS))
    assert list(df.columns) == DISCREPANCY_COLUMNS
    assert df["values"].iloc[0] == "100,282;over 750"
    assert df["claim_ids"].iloc[0] == "c1;c2" and df["status"].iloc[0] == "new"
