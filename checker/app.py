"""One run, stage by stage: read -> extract -> validate -> stories -> checks -> flags -> reconcile -> reports."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from checker import __version__
from checker.errors import InputError
from checker.models import Article, Claim, Flag, SkippedInput

if TYPE_CHECKING:
    from checker.checks.name_variant import NameMention
    from checker.engine import Engine, StoryOutcome, StoryTask
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
    engine: str = "local"  # where extraction and comparison run: local | dask
    scheduler: str | None = None  # the Dask scheduler (tcp://HOST:PORT) of --engine dask
    validator: str = "auto"  # auto | great_expectations | builtin: what evaluates the claims' expectations
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
    from checker.engine import make_engine
    from checker.rulebook import load_rulebook

    book = load_rulebook(config.rules)  # RuleError: exit 2 with every problem listed
    with _rare_full_collections(), make_engine(
        config.engine, config.rules, workers=config.workers, scheduler=config.scheduler,
        article_seconds=config.article_seconds, book=book,
    ) as engine:  # fmt: skip
        try:
            if not config.history:
                return _run(config, book, None, engine, progress, stdin)
            from checker.history import History

            with History(config.history, config.lock_timeout) as hist:
                return _run(config, book, hist, engine, progress, stdin)
        finally:
            gc.unfreeze()  # a process that goes on (the server, tests) collects this run's objects again


FULL_COLLECTION_EVERY = 100  # younger-generation collections between two full ones during a run (Python's: 10)


@contextlib.contextmanager
def _rare_full_collections() -> Iterator[None]:
    """Full collections one tenth as often while a run lasts. A run's heap only grows (cached claims, story
    readings, a busy story's questions and flags) and holds next to no cyclic garbage, yet each full collection
    walks all of it: on a nightly run over 4,000 articles they cost a fifth of its CPU. gc.freeze() covers what is
    loaded by the stage that loaded it; this covers the stages while they grow."""
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], max(before[2], FULL_COLLECTION_EVERY))
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _run(config: RunConfig, book: Rulebook, hist: History | None, engine: Engine, progress: Progress | None,
         stdin: TextIO | None) -> RunResult:  # fmt: skip
    from checker import reconcile
    from checker.sources import load_articles

    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    clock = _Clock()
    decisions = reconcile.load(config.reconciliations) if config.reconciliations else reconcile.Decisions()
    files = hist.file_cache() if hist is not None else None  # a nightly run reads only the files that changed
    sketches = hist.copy_sketches() if hist is not None else None
    loaded = load_articles(list(config.sources), max_bytes=config.max_bytes, stdin=stdin, files=files,
                           sketches=sketches)  # fmt: skip
    if files is not None:
        files.save()
    if not loaded.articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in loaded.skipped[:5]) or "no input files found"
        raise InputError(f"no article could be read from {', '.join(config.sources)} ({reasons})")
    clock.lap("read")
    originals = [a for a in loaded.articles if a.duplicate_of is None]
    from checker.validate import prefetch, uses_great_expectations, validate_claims

    with_gx = uses_great_expectations(config.validator, len(originals))
    # Great Expectations is imported while the extraction workers run, off the critical path
    extraction = Extraction(book, hist, engine, progress, on_ready=prefetch if with_gx else None)
    claims_of = extraction.claims_of(originals)
    clock.lap("extract")

    code = ""
    if hist is not None:
        from checker.history import code_fingerprint

        code = code_fingerprint(book.paths)
    assignment = assign_stories(loaded.articles, hist, decisions, config.rules, code)
    clock.lap("stories")
    articles, claims_of = date_undated(loaded.articles, assignment.story_of, claims_of, extraction)
    clock.lap("extract")
    claims = [c for a in articles if a.duplicate_of is None for c in claims_of.get(a.article_id, [])]
    # what is loaded now lives to the end of the run: the collector need never walk it again (on 4,000
    # articles it spent 20-60 % of compare and write doing so)
    gc.freeze()

    evaluator = "great_expectations" if with_gx else "builtin"
    rows, row_keys = None, None
    if hist is not None:  # a nightly run evaluates the row-level expectations on new articles' claims only
        import hashlib

        rows = hist.row_checks()
        row_keys = {aid: hashlib.sha256(f"{code}\0{evaluator}\0{key}".encode()).hexdigest()
                    for aid, key in extraction.keys.items()}  # fmt: skip
    validation, anomalies = validate_claims(claims, book, {a.article_id: len(a.text) for a in articles},
                                            evaluator, rows, row_keys)  # fmt: skip
    clock.lap("validate")
    stories_cache = StoryCache(hist, code) if hist is not None else None
    flags, evidence = compare(articles, claims, anomalies, assignment, book, engine, stories_cache)
    extracted_claims = len(claims)
    claims = claims + evidence
    matches, stale = reconcile.match(flags, decisions.entries)
    clock.lap("compare")
    from checker.report import checkpoint

    checkpoint("compare")
    gc.freeze()
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
        "engine": engine.name,
        "extracted": extraction.extracted,
        "from_cache": extraction.from_cache,
        "files_unread": files.unread if files is not None else 0,  # unchanged since a run read them
        "stories_compared": stories_cache.compared if stories_cache is not None else len(assignment.stories),
        "stories_from_cache": stories_cache.reused if stories_cache is not None else 0,
        # articles of the stories compared again whose name mentions came from the history, not a new reading
        "name_mentions_from_cache": stories_cache.mentions_reused if stories_cache is not None else 0,
        "seconds": clock.laps,  # where the time went, stage by stage
    }
    result = RunResult(info, articles, claims, anomalies, assignment, flags, skipped, validation, stale)
    paths: dict[str, Path] = {}
    if config.out is not None:
        from checker.report import Pieces, write_reports

        pieces = Pieces(hist.report_pieces(), code, extraction.keys, extracted_claims) if hist is not None else None
        paths = write_reports(config.out, result, config.lock_timeout, pieces)  # one unit, under --out/.lock
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
    """Claims of articles: from the history's cache when an article is unchanged, else extracted by the engine."""

    def __init__(self, book: Rulebook, hist: History | None, engine: Engine, progress: Progress | None = None,
                 on_ready: Callable[[], threading.Thread] | None = None) -> None:  # fmt: skip
        self.book, self.hist, self.engine, self.progress = book, hist, engine, progress
        self.on_ready = on_ready  # started once, when the engine has forked its workers
        self.overlapped: threading.Thread | None = None
        self.skipped: list[SkippedInput] = []  # articles past their time budget, or whose extraction failed
        self.fingerprint = ""
        self.keys: dict[str, str] = {}
        self.extracted = self.from_cache = 0
        if hist is not None:
            from checker.history import extraction_fingerprint

            self.fingerprint = extraction_fingerprint(book.paths)

    def claims_of(self, articles: Sequence[Article]) -> dict[str, list[Claim]]:
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

        if self.overlapped is not None:  # never fork new workers while that thread may hold an import lock
            self.overlapped.join()
            self.overlapped = None
        fresh: dict[str, list[Claim]] = {}
        unread: dict[str, list[Claim]] = {}
        for a, outcome in self.engine.extract(todo, on_progress=tick, on_ready=self._ready):
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

    def _ready(self) -> None:
        start, self.on_ready = self.on_ready, None
        if start is not None:
            self.overlapped = start()


# -- stories ---------------------------------------------------------------------------------------------
def assign_stories(
    articles: Sequence[Article], hist: History | None, decisions: Decisions, rules_dir: str, code: str = ""
) -> StoryAssignment:
    """Articles into stories, keeping last run's stories (from the history) and the editors' corrections; with a
    history, only articles no run has read for stories (under the code fingerprint `code`) are read again."""
    from checker.stories import StoryCorrection
    from checker.stories import assign_stories as assign

    previous = hist.story_map() if hist is not None else None
    corrections = [StoryCorrection(s.kind, s.a, s.b) for s in decisions.stories]
    docs = hist.story_docs() if hist is not None else None
    return assign(articles, previous=previous, corrections=corrections, rules_dir=rules_dir, doc_store=docs,
                  code=code)  # fmt: skip


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
    assignment: StoryAssignment, book: Rulebook, engine: Engine | None = None, cache: StoryCache | None = None,
) -> tuple[list[Flag], list[Claim]]:  # fmt: skip
    """Every check in every story (each story an independent task of the engine; with `cache`, only the stories
    that changed since a run stored them); the flags ranked, and the evidence claims checks made (name
    spellings)."""
    from checker.checks import Context
    from checker.engine import LocalEngine, StorySetup, StoryTask
    from checker.flags import rank

    measures = [m for f in book.families for m in f.measures]
    context = Context(not_names=frozenset(book.maps.get("nationality", {})),
                      requires={m.id: m.requires for m in measures if m.requires})  # fmt: skip
    setup = StorySetup(context=context, labels={m.id: m.label for m in measures if m.label},
                       keep_mentions=cache is not None)  # fmt: skip
    by_story: dict[str, list[Claim]] = {s.story_id: [] for s in assignment.stories}
    anomalous: dict[str, list[str]] = {}
    for c in claims:
        story_id = assignment.story_of.get(c.article_id, "")
        if c.claim_id not in anomalies:
            by_story.setdefault(story_id, []).append(c)
        else:
            anomalous.setdefault(story_id, []).append(c.claim_id)
    members: dict[str, dict[str, Article]] = {s.story_id: {} for s in assignment.stories}
    for a in articles:
        members.setdefault(assignment.story_of.get(a.article_id, ""), {})[a.article_id] = a
    tasks = [StoryTask(sid, by_story.get(sid, []), members[sid]) for sid in sorted(members)]
    done = cache.lookup(tasks, anomalous) if cache is not None else {}
    todo = [t for t in tasks if t.story_id not in done]
    if cache is not None:  # the names check reads only the articles no run before read for names
        todo = cache.with_mentions(todo)
    outcomes = (engine or LocalEngine("")).compare(todo, setup)
    fresh = {t.story_id: (f, e) for t, (f, e, _) in zip(todo, _mentions_kept(outcomes, todo, cache), strict=True)}
    if cache is not None:
        cache.store(fresh)
    flags: list[Flag] = []
    known = {c.claim_id for c in claims}
    evidence: dict[str, Claim] = {}
    for t in tasks:
        story_flags, story_evidence = done[t.story_id] if t.story_id in done else fresh[t.story_id]
        flags.extend(story_flags)
        evidence.update((c.claim_id, c) for c in story_evidence if c.claim_id not in known)
    everything = {c.claim_id: c for c in claims} | evidence
    return rank(flags, everything), sorted(evidence.values(), key=lambda c: (c.article_id, c.start, c.claim_id))


class StoryCache:
    """Each story's flags in the history, keyed by everything they follow from: a nightly run with a few new
    articles compares only the stories those articles joined."""

    def __init__(self, hist: History, fingerprint: str) -> None:
        self.hist, self.fingerprint = hist, fingerprint
        self.keys: dict[str, str] = {}
        self.compared = self.reused = 0
        self.mention_keys: dict[str, str] = {}  # article id -> the key of its name mentions
        self.mentions_reused = 0

    def key(self, task: StoryTask, anomalous: list[str]) -> str:
        """The story, its articles as read and dated (their text by its hash), the anomalies among its claims, the
        rules and the code. Claims are a function of the article, the rules and the code, so they need no part."""
        import hashlib
        import json

        h = hashlib.sha256(f"{self.fingerprint}\0{task.story_id}\0".encode())
        for aid in sorted(task.articles):
            record = task.articles[aid].model_dump(mode="json", exclude={"text"})
            h.update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode() + b"\0")
        h.update("\0".join(sorted(anomalous)).encode())
        return h.hexdigest()

    def lookup(self, tasks: Sequence[StoryTask], anomalous: Mapping[str, list[str]]
               ) -> dict[str, tuple[list[Flag], list[Claim]]]:  # fmt: skip
        """story id -> its stored flags and evidence, for the stories unchanged since a run stored them;
        `anomalous`: story id -> the ids of its claims left out as anomalies."""
        self.keys = {t.story_id: self.key(t, anomalous.get(t.story_id, [])) for t in tasks}
        found = self.hist.story_flags(list(self.keys.values()))
        done = {sid: found[k] for sid, k in self.keys.items() if k in found}
        self.reused, self.compared = len(done), len(tasks) - len(done)
        return done

    def store(self, fresh: Mapping[str, tuple[list[Flag], list[Claim]]]) -> None:
        self.hist.store_story_flags({self.keys[sid]: v for sid, v in fresh.items()}, used=self.keys.values())

    def with_mentions(self, tasks: Sequence[StoryTask]) -> list[StoryTask]:
        """The tasks with the name mentions the history holds for their articles (by content): a story that a few
        new articles joined has its names check read only those."""
        import dataclasses

        from checker.checks.name_variant import load_mentions, mentions_key, mentions_salt

        salt = mentions_salt(self.fingerprint)
        self.mention_keys = {aid: mentions_key(a, salt) for t in tasks for aid, a in t.articles.items()
                             if a.duplicate_of is None}  # fmt: skip
        stored = self.hist.name_mentions(list(dict.fromkeys(self.mention_keys.values())))
        out = []
        for t in tasks:
            known = {aid: load_mentions(stored[self.mention_keys[aid]]) for aid in t.articles
                     if aid in self.mention_keys and self.mention_keys[aid] in stored}  # fmt: skip
            self.mentions_reused += len(known)
            out.append(dataclasses.replace(t, mentions=known) if known else t)
        return out

    def store_mentions(self, tasks: Sequence[StoryTask], found: Sequence[Mapping[str, list[NameMention]]]) -> None:
        from checker.checks.name_variant import dump_mentions

        items = {self.mention_keys[aid]: dump_mentions(ms) for t, f in zip(tasks, found, strict=True)
                 for aid, ms in f.items() if aid in self.mention_keys and aid in t.articles}  # fmt: skip
        self.hist.store_name_mentions(items)


def _mentions_kept(outcomes: Iterable[StoryOutcome], tasks: Sequence[StoryTask], cache: StoryCache | None
                   ) -> list[StoryOutcome]:  # fmt: skip
    """The engine's outcomes, in task order; the name mentions they found go into the history."""
    out = list(outcomes)
    if cache is not None:
        cache.store_mentions(tasks, [found for _, _, found in out])
    return out


def _settled(flag: Flag, match: Any, seen: tuple[str, bool] | None) -> Flag:
    """A flag with what the reconciliation file and the history say of it."""
    entry = match.entry
    update: dict[str, Any] = {"status": match.status, "note": match.note}
    if entry is not None:
        update.update(decision=entry.decision, by=entry.by or None, when=entry.when or None)
    if seen is not None:
        update.update(first_seen=seen[0], new_since_last_run=seen[1])
    return flag.model_copy(update=update)
