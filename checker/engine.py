"""The map step: extract claims from many articles, in-process or on a local process pool whose workers
die with the run, each article within a time budget."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

from checker.errors import ArticleTimeout, ClaimcheckError
from checker.extract import CompiledRules, extract_article
from checker.models import Article, Claim, SkippedInput

POOL_THRESHOLD = 200  # below this many articles a pool costs more to start than it saves
ARTICLE_SECONDS = 30.0  # default budget of one article; --article-seconds
WATCH_SECONDS = 0.5  # how often a worker checks that the run it serves is alive

Outcome = list[Claim] | SkippedInput  # an article's claims, or why it has none

_worker_rules: CompiledRules | None = None
_worker_seconds = ARTICLE_SECONDS


# -- one article within its budget ---------------------------------------------------------------------
@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise ArticleTimeout in this thread after `seconds`: SIGALRM interrupts pure Python and the `regex`
    package's matching alike (it checks signals while it backtracks). Only the main thread gets signals, so
    elsewhere (a server's worker thread) the budget is the extractor's own deadline alone."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    armed = True

    def ring(signum: int, frame: object) -> None:
        if armed:  # an alarm that lands after the article finished must not hit the next line of the caller
            raise ArticleTimeout(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract_one(rules: CompiledRules, article: Article, seconds: float = ARTICLE_SECONDS) -> Outcome:
    """The article's claims, or a SkippedInput (not fatal) naming it when extraction ran past `seconds` or
    failed: one article never stops or stalls a run. `seconds` <= 0: no budget. The extractor checks its
    deadline between sentences; the alarm also stops one pattern stuck inside a sentence."""
    deadline = time.monotonic() + seconds if seconds > 0 else None
    try:
        with _alarm(seconds):
            claims: list[Claim] = extract_article(article, rules, deadline=deadline)
        return claims
    except ArticleTimeout:
        reason = (f"article {article.article_id!r} skipped: extracting its claims took over {seconds:g} s "
                  "(--article-seconds)")  # fmt: skip
    except RecursionError:
        reason = f"article {article.article_id!r} skipped: too deeply nested to extract"
    except Exception as exc:  # a bug met by one article's text must not lose the others
        reason = f"article {article.article_id!r} skipped: extraction failed: {type(exc).__name__}: {exc}"
    return SkippedInput(source=article.source, reason=reason[:500], fatal=False)


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
) -> Iterator[tuple[Article, Outcome]]:
    """Yield (article, claims or the reason it was skipped) in input order; a pool of `workers` processes for
    large corpora. Workers are forked: they never keep the history's lock or database (checker.locks drops
    those descriptors in every forked child) and die with the run."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(articles) < POOL_THRESHOLD:
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
    initargs = (rules, os.getpid(), article_seconds)
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                 initargs=initargs) as pool:  # fmt: skip
            for batch, results in zip(batches, pool.map(_extract_batch, batches), strict=True):
                if on_progress:
                    on_progress(len(batch))
                yield from zip(batch, results, strict=True)
    except BrokenProcessPool as exc:  # a worker was killed from outside (the out-of-memory killer, a kill)
        raise ClaimcheckError(f"an extraction worker died ({exc}); nothing was recorded: run again, with fewer "
                              "--workers if memory is short") from exc  # fmt: skip
