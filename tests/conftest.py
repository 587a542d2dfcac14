"""Shared fixtures: the project root, the seeds and the compiled rulebook."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
# the suite's rules cache lives and dies with the session, never in the user's ~/.cache
os.environ.setdefault("CLAIMCHECK_CACHE_DIR", tempfile.mkdtemp(prefix="claimcheck-test-cache-"))

# CI runs the property tests with a fixed seed so a run is repeatable; locally they explore afresh
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def rulebook():
    from checker.rulebook import load_rulebook

    return load_rulebook(ROOT / "rules")


@pytest.fixture(scope="session")
def rules(rulebook):
    from checker.extract import compile_rules

    return compile_rules(rulebook)


def run_on(sources, rules=None, **options):
    """The whole pipeline on `sources`, with no reconciliation file or history unless given."""
    from checker.app import RunConfig, run

    options.setdefault("reconciliations", None)
    return run(RunConfig(sources=tuple(str(s) for s in sources), rules=str(rules or ROOT / "rules"), **options))
