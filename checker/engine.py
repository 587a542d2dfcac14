"""The map step: extract claims from many articles, in-process or on a local process pool."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

from checker.extract import CompiledRules, extract_article
from checker.models import Article, Claim

POOL_THRESHOLD = 200  # below this many articles a pool costs more to start than it saves

_worker_rules: CompiledRules | None = None


def _init_worker(rules: CompiledRules) -> None:
    global _worker_rules
    _worker_rules = rules  # compiled once in the run, pickled to each worker: no rules folder read again


def _extract_batch(batch: list[Article]) -> list[list[Claim]]:
    assert _worker_rules is not None
    return [extract_article(a, _worker_rules) for a in batch]


def extract_all(
    articles: list[Article],
    rules: CompiledRules,
    *,
    workers: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[Article, list[Claim]]]:
    """Yield (article, claims) in input order; a pool of `workers` processes for large corpora."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(articles) < POOL_THRESHOLD:
        for a in articles:
            claims = extract_article(a, rules)
            if on_progress:
                on_progress(1)
            yield a, claims
        return
    size = max(20, len(articles) // (workers * 8))
    batches = [articles[i : i + size] for i in range(0, len(articles), size)]
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(rules,)) as pool:
        for batch, results in zip(batches, pool.map(_extract_batch, batches), strict=True):
            if on_progress:
                on_progress(len(batch))
            yield from zip(batch, results, strict=True)
