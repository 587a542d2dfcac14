"""One run, stage by stage: read -> extract -> validate -> stories -> checks -> flags -> reconcile -> reports."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from checker import __version__
from checker.errors import InputError
from checker.models import Article, Claim, Flag, SkippedInput

if TYPE_CHECKING:
    from checker.history import History
    from checker.reconcile import Decisions, Entry
    from checker.rulebook import Rulebook
    from checker.stories import StoryAssignment

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class RunConfig:
    """What a run reads, where it writes, and how."""

    sources: tuple[str, ...] = ("seeds/",)
    rules: str = "rules/"
    out: str | None = None  # where the reports go; None: build them, write nothing
    reconciliations: str | None = "reconciliations.yaml"
    history: str | None = None  # SQLite history and extraction cache; None: neither read nor written
    lock_timeout: float = 60.0
    max_bytes: int = 20_000_000
    workers: int | None = None
    article_seconds: float = 30.0  # time budget of one article's extraction; past it the article is skipped
    command: str = "run"
    record: bool = True  # record the run in the history (reconcile and baseline only read it)


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced; the CLI, the server and the benches read it, nothing changes it."""

    info: dict[str, Any]
    articles: list[Article]
    claims: list[Claim]
    anomalies: dict[str, str]  # claim id -> the expectation it failed: left out of comparison
    stories: StoryAssignment
    flags: list[Flag]  # ranked, with their status from the reconciliation file and the history
    skipped: list[SkippedInput]
    validation: dict[str, Any]
    stale: list[Entry]
    paths: dict[str, Path] = field(default_factory=dict)


class _Clock:
    """Seconds spent in each stage, for report.json and the benchmarks."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = round(self.laps.get(stage, 0.0) + now - self._last, 3)
        self._last = now


def run(config: RunConfig, *, progress: Progress | None = None, stdin: TextIO | None = None) -> RunResult:
    """The whole pipeline. With a history, the run holds its lock from start to end: unchanged articles' claims
    come from its cache, the reports are written, and only then is the run recorded."""
    if not config.history:
        return _run(config, None, progress, stdin)
    from checker.history import History

    with History(config.history, config.lock_timeout) as hist:
        return _run(config, hist, progress, stdin)


def _run(config: RunConfig, hist: History | None, progress: Progress | None, stdin: TextIO | None) -> RunResult:
    from checker import reconcile
    from checker.rulebook import load_rulebook
    from checker.sources import load_articles

    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    clock = _Clock()
    book = load_rulebook(config.rules)  # RuleError: exit 2 with every problem listed
    decisions = reconcile.load(config.reconciliations) if config.reconciliations else reconcile.Decisions()
    loaded = load_articles(list(config.sources), max_bytes=config.max_bytes, stdin=stdin)
    if not loaded.articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in loaded.skipped[:5]) or "no input files found"
        raise InputError(f"no article could be read from {', '.join(config.sources)} ({reasons})")
    clock.lap("read")
    originals = [a for a in loaded.articles if a.duplicate_of is None]
    extraction = Extraction(book, config.rules, hist, config.workers, progress, config.article_seconds)
    claims_of = extraction.claims_of(originals)
    clock.lap("extract")

    assignment = assign_stories(loaded.articles, hist, decisions, config.rules)
    clock.lap("stories")
    articles, claims_of = date_undated(loaded.articles, assignment.story_of, claims_of, extraction)
    clock.lap("extract")
    claims = [c for a in articles if a.duplicate_of is None for c in claims_of.get(a.article_id, [])]

    from checker.validate import validate_claims

    validation, anomalies = validate_claims(claims, book, {a.article_id: len(a.text) for a in articles})
    clock.lap("validate")
    flags, evidence = compare(articles, claims, anomalies, assignment, book)
    claims = claims + evidence
    matches, stale = reconcile.match(flags, decisions.entries)
    clock.lap("compare")
    from checker.report import checkpoint

    checkpoint("compare")
    seen = hist.sightings([f.discrepancy_id for f in flags]) if hist is not None else {}
    flags = [_settled(f, matches[f.discrepancy_id], seen.get(f.discrepancy_id)) for f in flags]

    skipped = [*loaded.skipped, *extraction.skipped]
    info = {
        "tool": f"claimcheck {__version__}",
        "started": started.isoformat(),
        "finished": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "inputs": list(config.sources),
        "rules": config.rules,
        "rule_files": [Path(p).name for p in book.paths],
        "articles": len(articles),
        "duplicates": len(articles) - len(originals),
        "stories": len(assignment.stories),
        "story_notes": list(assignment.notes),
        "claims": len(claims),
        "dates_inferred": sum(a.published_basis == "story" for a in articles),
        "discrepancies": len(flags),
        "by_severity": {s: sum(f.severity == s for f in flags) for s in ("error", "warning", "info")},
        "by_status": {s: sum(f.status == s for f in flags) for s in ("new", "changed", "known", "reconciled")},
        "skipped": [s.model_dump() for s in skipped],
        "article_seconds": config.article_seconds,
        "stale_reconciliations": [e.id for e in stale],
        "extracted": extraction.extracted,
        "from_cache": extraction.from_cache,
        "seconds": clock.laps,  # where the time went, stage by stage
    }
    result = RunResult(info, articles, claims, anomalies, assignment, flags, skipped, validation, stale)
    paths: dict[str, Path] = {}
    if config.out is not None:
        from checker.report import write_reports

        paths = write_reports(config.out, result, config.lock_timeout)  # one unit, under --out/.lock
    checkpoint("record")
    if hist is not None and config.record:
        info["history"] = str(hist.path)
        info["history_run"] = hist.record_run(
            command=config.command, run_info=info, flags=flags, extraction_key=extraction.fingerprint,
            articles=[(a, extraction.keys.get(a.article_id)) for a in articles if a.duplicate_of is None],
            stories=assignment.story_of, out=config.out,
        )  # fmt: skip
    return RunResult(info, articles, claims, anomalies, assignment, flags, skipped, validation, stale, paths)


# -- extraction, with the history's cache ------------------------------------------------------------------
class Extraction:
    """Claims of articles: from the history's cache when an article is unchanged, else extracted."""

    def __init__(self, book: Rulebook, rules_dir: str, hist: History | None, workers: int | None,
                 progress: Progress | None, article_seconds: float = 30.0) -> None:  # fmt: skip
        from checker.extract import compile_rules

        self.book, self.rules_dir, self.hist, self.workers, self.progress = book, rules_dir, hist, workers, progress
        self.article_seconds = article_seconds
        self.rules = compile_rules(book)
        self.skipped: list[SkippedInput] = []  # articles past their time budget, or whose extraction failed
        self.fingerprint = ""
        self.keys: dict[str, str] = {}
        self.extracted = self.from_cache = 0
        if hist is not None:
            from checker.history import extraction_fingerprint

            self.fingerprint = extraction_fingerprint(book.paths)

    def claims_of(self, articles: Sequence[Article]) -> dict[str, list[Claim]]:
        from checker.engine import extract_all

        found: dict[str, list[Claim]] = {}
        if self.hist is not None:
            from checker.history import article_key

            keys = {a.article_id: article_key(a, self.fingerprint) for a in articles}
            self.keys.update(keys)
            # by content: a renamed or moved file gets its claims, relabelled with its id and path
            found = self.hist.claims_for([(keys[a.article_id], a) for a in articles])
        todo = [a for a in articles if a.article_id not in found]
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if self.progress:
                self.progress("extract", done, len(todo))

        fresh: dict[str, list[Claim]] = {}
        unread: dict[str, list[Claim]] = {}
        for a, outcome in extract_all(todo, self.rules, workers=self.workers, on_progress=tick,
                                      article_seconds=self.article_seconds):  # fmt: skip
            if isinstance(outcome, SkippedInput):  # not cached: the next run tries the article again
                if outcome not in self.skipped:
                    self.skipped.append(outcome)
                unread[a.article_id] = []
            else:
                fresh[a.article_id] = outcome
        if self.hist is not None and fresh:
            self.hist.store_claims([(self.keys[aid], aid, cs) for aid, cs in fresh.items()])
        self.extracted += len(fresh)
        self.from_cache += len(found)
        return {**found, **fresh, **unread}


# -- stories ---------------------------------------------------------------------------------------------
def assign_stories(
    articles: Sequence[Article], hist: History | None, decisions: Decisions, rules_dir: str
) -> StoryAssignment:
    """Articles into stories, keeping last run's stories (from the history) and the editors' corrections."""
    from checker.stories import StoryCorrection
    from checker.stories import assign_stories as assign

    previous = hist.story_map() if hist is not None else None
    corrections = [StoryCorrection(s.kind, s.a, s.b) for s in decisions.stories]
    return assign(articles, previous=previous, corrections=corrections, rules_dir=rules_dir)


def date_undated(
    articles: list[Article], story_of: Mapping[str, str], claims_of: dict[str, list[Claim]], extraction: Extraction
) -> tuple[list[Article], dict[str, list[Claim]]]:
    """Undated articles dated from their story and extracted again with that date; their claims' as-of basis
    says the date was inferred."""
    from checker.undated import inferred_dates

    dates = inferred_dates(articles, story_of, claims_of)
    if not dates:
        return articles, claims_of
    dated = [a.model_copy(update={"published": dates[a.article_id], "published_basis": "story"})
             if a.article_id in dates else a for a in articles]  # fmt: skip
    again = extraction.claims_of([a for a in dated if a.article_id in dates])
    updated = dict(claims_of)
    for aid, cs in again.items():
        updated[aid] = [c.model_copy(update={"as_of_basis": "inferred"}) if c.as_of_basis == "article_date" else c
                        for c in cs]  # fmt: skip
    return dated, updated


# -- checks and flags -----------------------------------------------------------------------------------
def compare(
    articles: Sequence[Article], claims: Sequence[Claim], anomalies: Mapping[str, str],
    assignment: StoryAssignment, book: Rulebook,
) -> tuple[list[Flag], list[Claim]]:  # fmt: skip
    """Every check in every story; the flags ranked, and the evidence claims checks made (name spellings)."""
    from checker.checks import Context, StoryClaims, registry
    from checker.flags import build_flags, rank

    checks = list(registry().values())
    context = Context(
        not_names=frozenset(book.maps.get("nationality", {})),
        requires={m.id: m.requires for f in book.families for m in f.measures if m.requires},
    )
    labels = {m.id: m.label for f in book.families for m in f.measures if m.label}
    by_story: dict[str, list[Claim]] = {s.story_id: [] for s in assignment.stories}
    for c in claims:
        if c.claim_id not in anomalies:
            by_story.setdefault(assignment.story_of.get(c.article_id, ""), []).append(c)
    members: dict[str, dict[str, Article]] = {s.story_id: {} for s in assignment.stories}
    for a in articles:
        members.setdefault(assignment.story_of.get(a.article_id, ""), {})[a.article_id] = a
    flags: list[Flag] = []
    known = {c.claim_id for c in claims}
    evidence: dict[str, Claim] = {}
    for story_id in sorted(members):
        story = StoryClaims.of(story_id, by_story.get(story_id, []), members[story_id], context)
        findings = [f for check in checks for f in check.find(story)]
        for f in findings:
            for group in f.answers:
                evidence.update((c.claim_id, c) for c in group if c.claim_id not in known)
        flags.extend(build_flags(story_id, findings, members[story_id], labels))
    everything = {c.claim_id: c for c in claims} | evidence
    return rank(flags, everything), sorted(evidence.values(), key=lambda c: (c.article_id, c.start, c.claim_id))


def _settled(flag: Flag, match: Any, seen: tuple[str, bool] | None) -> Flag:
    """A flag with what the reconciliation file and the history say of it."""
    entry = match.entry
    update: dict[str, Any] = {"status": match.status, "note": match.note}
    if entry is not None:
        update.update(decision=entry.decision, by=entry.by or None, when=entry.when or None)
    if seen is not None:
        update.update(first_seen=seen[0], new_since_last_run=seen[1])
    return flag.model_copy(update=update)
