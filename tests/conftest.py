"""Shared fixtures: the project root, the seeds and the compiled rulebook."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def rulebook():
    from checker.rulebook import load_rulebook

    return load_rulebook(ROOT / "rules")


@pytest.fixture(scope="session")
def extractor(rulebook):
    from checker.extract import Extractor

    return Extractor(rulebook)
