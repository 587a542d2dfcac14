"""The rows of a labelled probe corpus (tests/fixtures/probes/*/corpus.jsonl) and which half each belongs to."""

from __future__ import annotations

import json
from pathlib import Path


def is_dev(story: str) -> bool:
    """Odd incidents ("inc-03") are the development half, even ones the held-out half."""
    return int(story.rsplit("-", 1)[-1]) % 2 == 1


def read_probe(path: str) -> dict[str, dict]:  # type: ignore[type-arg]
    """Every row of the probe by its article id."""
    rows = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows[row["id"]] = row
    return rows
