"""The local engine (default): extraction in-process or on a process pool whose workers die with the run;
comparison in-process, story by story."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from checker.engine.work import (
    ARTICLE_SECONDS,
    Outcome,
    StoryOutcome,
    StorySetup,
    StoryTask,
    compare_story,
    extract_one,
    make_rules,
)
from checker.errors import ClaimcheckError
from checker.models import Article

if TYPE_CHECKING:
    from checker.extract import CompiledRules
    from checker.rulebook import Rulebook

POOL_THRESHOLD = 200  # below this many articles a pool costs more to start than it saves
WATCH_SECONDS = 0.5  # how often a worker checks that the run it serves is alive

_worker_rules: CompiledRules | None = None
_worker_seconds = ARTICLE_SECONDS


# -- workers that die with the run ---------------------------------------------------------------------
def _die_with_parent(parent: int) -> None:
    """Tie this worker's life to the run's: the kernel kills it when its parent dies (Linux), and a watchdog
    thread exits when it finds itself reparented (anywhere). A killed run leaves no orphan behind."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the run died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="claimcheck-watch-parent", daemon=True).start()


def _init_worker(rules: CompiledRules, parent: int, seconds: float = ARTICLE_SECONDS) -> None:
    global _worker_rules, _worker_seconds
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle; the workers die with it
    _worker_rules = rules  # compiled once in the run and inherited: no rules folder read again
    _worker_seconds = seconds


def _extract_batch(batch: list[Article]) -> list[Outcome]:
    assert _worker_rules is not None
    return [extract_one(_worker_rules, a, _worker_seconds) for a in batch]


def extract_all(
    articles: list[Article],
    rules: CompiledRules,
    *,
    workers: int | None = None,
    on_progress: Callable[[int], None] | None = None,
    article_seconds: float = ARTICLE_SECONDS,
    on_ready: Callable[[], None] | None = None,
) -> Iterator[tuple[Article, Outcome]]:
    """Yield (article, claims or the reason it was skipped) in input order; a pool of `workers` processes for
    large corpora. Workers are forked: they never keep the history's lock or database (checker.locks drops
    those descriptors in every forked child) and die with the run. `on_ready` is called once no more
    processes will be forked (work the caller overlaps with extraction, such as an import, starts there)."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(articles) < POOL_THRESHOLD:
        if on_ready:
            on_ready()
        for a in articles:
            outcome = extract_one(rules, a, article_seconds)
            if on_progress:
                on_progress(1)
            yield a, outcome
        return
    import multiprocessing

    import checker.locks  # noqa: F401 - registers the fork hook that keeps locks out of the workers

    size = max(20, len(articles) // (workers * 8))
    batches = [articles[i : i + size] for i in range(0, len(articles), size)]
    # fork: a worker starts in milliseconds with the code already imported, and the caller's main module is
    # never run again (spawn and forkserver would import it in every worker)
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    initargs = (rules, os.getpid(), article_seconds)  # inherited by the forked workers, not pickled
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                 initargs=initargs) as pool:  # fmt: skip
            results = pool.map(_extract_batch, batches)  # with fork, every worker is started here
            if on_ready:
                on_ready()
            for batch, outcomes in zip(batches, results, strict=True):
                if on_progress:
                    on_progress(len(batch))
                yield from zip(batch, outcomes, strict=True)
    except BrokenProcessPool as exc:  # a worker was killed from outside (the out-of-memory killer, a kill)
        raise ClaimcheckError(f"an extraction worker died ({exc}); nothing was recorded: run again, with fewer "
                              "--workers if memory is short") from exc  # fmt: skip


class LocalEngine:
    """This machine: extraction on a process pool of `workers` (in-process for small runs), comparison
    in-process story by story."""

    name = "local"

    def __init__(self, rules_dir: str, workers: int | None = None, article_seconds: float = ARTICLE_SECONDS,
                 book: Rulebook | None = None) -> None:  # fmt: skip
        self.rules_dir, self.workers, self.article_seconds, self.book = rules_dir, workers, article_seconds, book
        self.rules: CompiledRules | None = None  # compiled on first use: a run with nothing new never needs them

    def extract(self, articles: list[Article], on_progress: Callable[[int], None] | None = None,
                on_ready: Callable[[], None] | None = None) -> Iterator[tuple[Article, Outcome]]:  # fmt: skip
        if self.rules is None and articles:
            self.rules = make_rules(self.rules_dir, self.book)  # kept for the run's second extraction
        if self.rules is None:  # nothing to extract
            if on_ready:
                on_ready()
            return iter(())
        return extract_all(articles, self.rules, workers=self.workers, on_progress=on_progress,
                           article_seconds=self.article_seconds, on_ready=on_ready)  # fmt: skip

    def compare(self, tasks: Sequence[StoryTask], setup: StorySetup) -> Iterator[StoryOutcome]:
        for task in tasks:
            yield compare_story(task, setup)

    def close(self) -> None:
        pass

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["ARTICLE_SECONDS", "POOL_THRESHOLD", "LocalEngine", "Outcome", "extract_all", "extract_one"]
