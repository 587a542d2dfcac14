"""One run of the whole pipeline: sources -> claims -> validation -> comparison -> reconciliation -> reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker import __version__
from checker.errors import InputError
from checker.models import Article, Claim, Discrepancy, SkippedInput


@dataclass
class RunResult:
    """Everything a run produced; the CLI turns it into files, messages and an exit code."""

    articles: list[Article]
    claims: list[Claim]
    flags: list[Discrepancy]
    skipped: list[SkippedInput]
    validation: dict[str, Any]
    stale: list[Any] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def run_pipeline(
    sources: list[str],
    rules_dir: str,
    *,
    reconciliations: str | None = None,
    max_bytes: int = 20_000_000,
    workers: int | None = None,
    progress: Progress | None = None,
    stdin: Any = None,
) -> RunResult:
    """Read, extract, validate, compare and reconcile; raise a ClaimcheckError when nothing can be done."""
    from checker import compare, reconcile
    from checker.engine import extract_all
    from checker.extract import Extractor
    from checker.rulebook import load_rulebook
    from checker.sources import load_articles
    from checker.validate import validate_claims

    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    book = load_rulebook(rules_dir)  # RuleError: exit 2 with every problem listed
    entries = reconcile.load(reconciliations) if reconciliations else []
    loaded = load_articles(sources, max_bytes=max_bytes, stdin=stdin)
    if not loaded.articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in loaded.skipped[:5]) or "no input files found"
        raise InputError(f"no article could be read from {', '.join(sources)} ({reasons})")
    extractor = Extractor(book)
    originals = [a for a in loaded.articles if a.duplicate_of is None]
    claims: list[Claim] = []
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("extract", done, len(originals))

    for _, article_claims in extract_all(originals, rules_dir, extractor, workers=workers, on_progress=tick):
        claims.extend(article_claims)
    lengths = {a.article_id: len(a.text) for a in loaded.articles}
    validation = validate_claims(claims, book, lengths)
    flags = compare.compare(claims)
    stale = reconcile.apply(flags, entries)
    run_info = {
        "tool": f"claimcheck {__version__}",
        "started": started.isoformat(),
        "finished": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "inputs": list(sources),
        "rules": rules_dir,
        "rule_files": [Path(p).name for p in book.paths],
        "articles": len(loaded.articles),
        "duplicates": len(loaded.articles) - len(originals),
        "claims": len(claims),
        "discrepancies": len(flags),
        "by_severity": {s: sum(f.severity == s for f in flags) for s in ("error", "warning", "info")},
        "by_status": {s: sum(f.status == s for f in flags) for s in ("new", "known", "reconciled")},
        "skipped": [s.model_dump() for s in loaded.skipped],
        "stale_reconciliations": [e.id for e in stale],
    }
    from checker.report import build_json

    report = build_json(run_info, loaded.articles, claims, flags, validation)
    return RunResult(loaded.articles, claims, flags, loaded.skipped, validation, stale, report)
