"""Golden outputs for seeds/: claims.csv and discrepancies.csv, hand-checked once, regenerated only on purpose.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/test_golden.py`, then read
the diff row by row before committing it.
"""

from __future__ import annotations

import difflib
import os

import pytest

from checker.models import CLAIM_COLUMNS, DISCREPANCY_COLUMNS
from checker.report import csv_text
from checker.table import claim_row, discrepancy_row
from tests.conftest import ROOT, run_on

GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture(scope="module")
def outputs():
    cwd = os.getcwd()
    os.chdir(ROOT)  # sources are recorded as given: run as `claimcheck run seeds/` from the project root
    try:
        result = run_on(["seeds/"], "rules/")
    finally:
        os.chdir(cwd)
    return {
        "claims.csv": csv_text([claim_row(c, result.stories.story_of[c.article_id]) for c in result.claims],
                               CLAIM_COLUMNS),
        "discrepancies.csv": csv_text([discrepancy_row(d) for d in result.flags], DISCREPANCY_COLUMNS),
    }


@pytest.mark.parametrize("name", ["claims.csv", "discrepancies.csv"])
def test_golden(outputs, name):
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(outputs[name].encode("utf-8"))
        pytest.skip(f"rewrote {path}")
    expected = path.read_bytes().decode("utf-8")
    if outputs[name] != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), outputs[name].splitlines(True),
                                            f"golden/{name}", f"now/{name}", n=0))  # fmt: skip
        pytest.fail(f"{name} differs from the golden file (UPDATE_GOLDEN=1 to accept on purpose):\n{diff}")
