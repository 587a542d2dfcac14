"""One run of the whole pipeline: sources -> claims -> validation -> comparison -> reconciliation -> reports."""

from __future__ import annotations

import datetime as dt
import time
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


class _Clock:
    """Seconds spent in each stage, for report.json and the benchmarks."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = round(now - self._last, 3)
        self._last = now


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
    history: str | None = None,
    lock_timeout: float = 60.0,
    command: str = "run",
    record: bool = True,
) -> RunResult:
    """Read, extract, validate, compare and reconcile; raise a ClaimcheckError when nothing can be done.

    With `history` (a SQLite path) the run holds the history's lock from start to end, takes unchanged
    articles' claims from its cache, and (when `record`) records the run and its flags' first sighting.
    """
    if not history:
        return _run_pipeline(sources, rules_dir, reconciliations=reconciliations, max_bytes=max_bytes,
                             workers=workers, progress=progress, stdin=stdin)  # fmt: skip
    from checker.history import History

    with History(history, lock_timeout) as hist:
        return _run_pipeline(sources, rules_dir, reconciliations=reconciliations, max_bytes=max_bytes,
                             workers=workers, progress=progress, stdin=stdin, hist=hist,
                             command=command, record=record)  # fmt: skip


def _run_pipeline(
    sources: list[str],
    rules_dir: str,
    *,
    reconciliations: str | None = None,
    max_bytes: int = 20_000_000,
    workers: int | None = None,
    progress: Progress | None = None,
    stdin: Any = None,
    hist: Any = None,
    command: str = "run",
    record: bool = True,
) -> RunResult:
    from checker import compare, reconcile
    from checker.engine import extract_all
    from checker.extract import compile_rules
    from checker.rulebook import load_rulebook
    from checker.sources import load_articles
    from checker.validate import validate_claims

    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    clock = _Clock()
    book = load_rulebook(rules_dir)  # RuleError: exit 2 with every problem listed
    entries = reconcile.load(reconciliations) if reconciliations else []
    loaded = load_articles(sources, max_bytes=max_bytes, stdin=stdin)
    if not loaded.articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in loaded.skipped[:5]) or "no input files found"
        raise InputError(f"no article could be read from {', '.join(sources)} ({reasons})")
    clock.lap("read")
    rules = compile_rules(book)  # RuleError when a lexicon the extractor reads is missing
    originals = [a for a in loaded.articles if a.duplicate_of is None]
    claims: list[Claim] = []
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("extract", done, len(originals))

    keys: list[str | None] = [None] * len(originals)
    per_article: list[list[Claim] | None] = [None] * len(originals)
    fingerprint = ""
    if hist is not None:  # unchanged articles come from the history's cache, not the extractor
        from checker.history import article_key, extraction_fingerprint

        fingerprint = extraction_fingerprint(book.paths)
        keys = [article_key(a, fingerprint) for a in originals]
        cached = hist.cached_claims([k for k in keys if k])
        per_article = [cached.get(k) if k else None for k in keys]
    todo = [i for i, cs in enumerate(per_article) if cs is None]
    fresh = extract_all([originals[i] for i in todo], rules, workers=workers, on_progress=tick)
    for i, (_, new_claims) in zip(todo, fresh, strict=True):
        per_article[i] = new_claims
    if hist is not None and todo:  # stored before validation, which marks anomalies on the claim objects
        hist.store_claims([(keys[i] or "", originals[i].article_id, per_article[i] or []) for i in todo])
    for article_claims in per_article:
        claims.extend(article_claims or [])
    clock.lap("extract")
    lengths = {a.article_id: len(a.text) for a in loaded.articles}
    validation = validate_claims(claims, book, lengths)
    clock.lap("validate")
    from checker.names import find_name_variants

    name_groups = find_name_variants(loaded.articles, set(book.maps.get("nationality", {})))
    claims.extend(c for group, _ in name_groups for c in group)
    flags = compare.compare(claims) + compare.name_variant_flags(name_groups)
    stale = reconcile.apply(flags, entries)
    clock.lap("compare")
    if hist is not None:
        hist.mark_flags(flags)
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
        "extracted": len(todo),
        "from_cache": len(originals) - len(todo),
        "seconds": clock.laps,  # where the time went: read, extract, validate, compare
    }
    if hist is not None and record:
        run_info["history"] = str(hist.path)
        run_info["history_run"] = hist.record_run(
            command=command, run_info=run_info, flags=flags, extraction_key=fingerprint, extracted=len(todo),
            articles=[(a, keys[i], len(per_article[i] or [])) for i, a in enumerate(originals)],
        )
    from checker.report import build_json

    report = build_json(run_info, loaded.articles, claims, flags, validation)
    return RunResult(loaded.articles, claims, flags, loaded.skipped, validation, stale, report)
