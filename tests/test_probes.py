"""The blind probes (tests/fixtures/probes/README.md) scored under pytest: each prints its figures and holds a floor."""

# The floors sit a little under today's figures so that a change which loses ground on text nobody here wrote
# fails; raise them when the figures move up. Both halves are scored (a floor is not tuning), but only the
# development half's misses are ever read.

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBES = ROOT / "tests" / "fixtures" / "probes"
SCORE_NEWS = ROOT.parent / "shared" / "tools" / "score_news.py"


@pytest.mark.parametrize(
    ("probe", "killed", "injured"),
    [("shoot3", 0.94, 0.95), ("crash3", 0.88, 0.94), ("shoot4", 0.91, 0.76), ("shoot6", 0.86, 0.84),
     ("shoot7", 0.83, 0.79), ("shoot9", 0.86, 0.84), ("shoot10", 0.89, 0.81)],
)
def test_probe_casualty_counts(rules, probe: str, killed: float, injured: float) -> None:
    """Killed and injured counts per article, found among its asserted casualty claims."""
    sys.path.insert(0, str(ROOT / "bench"))
    from probe_counts import score

    totals = score(str(PROBES / probe / "corpus.jsonl"), rules)
    found = {what: f / n for what, (n, f, _answer) in totals.items()}
    print(f"{probe}: killed found {found['killed']:.3f}, injured found {found['injured']:.3f}")
    assert found["killed"] >= killed and found["injured"] >= injured, found


@pytest.mark.parametrize(
    ("probe", "recall", "conflicts", "precision"),
    [("news4", 0.85, 15, 0.8), ("news5", 0.9, 16, 0.82), ("news6", 0.94, 15, 0.9), ("news7", 0.84, 8, 0.9)],
)
def test_news_probe_score(tmp_path: Path, probe: str, recall: float, conflicts: int, precision: float) -> None:
    """Invented events, six or seven reports each, scored by the real-news scorer against the probe's gold."""
    if not SCORE_NEWS.exists():
        pytest.skip(f"{SCORE_NEWS} is absent: the probe is scored by ../shared/tools/score_news.py")
    folder = PROBES / probe
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "checker", "run", str(folder / "corpus"), "--out", str(out), "--no-history"],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "CLAIMCHECK_CACHE_DIR": str(tmp_path / "cache")},
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stderr
    scored = subprocess.run(
        [sys.executable, str(SCORE_NEWS), str(folder / "gold.json"), str(out / "report.json"), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures = json.loads(scored.stdout)
    print(
        f"{probe}: claim recall {figures['claim_recall']}, conflicts {figures['conflict_groups_found']}"
        f"/{figures['conflict_groups']}, judged precision {figures['precision_judged']}"
    )
    assert figures["claim_recall"] >= recall
    assert figures["conflict_groups_found"] >= conflicts
    assert figures["precision_judged"] >= precision

