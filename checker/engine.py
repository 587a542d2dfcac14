"""The map step: extract claims from many articles, in-process or on a local process pool."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

from checker.models import Article, Claim

POOL_THRESHOLD = 200  # below this many articles a pool costs more to start than it saves

_worker_extractor = None


def _init_worker(rules_dir: str) -> None:
    global _worker_extractor
    from checker.extract import Extractor
    from checker.rulebook import load_rulebook

    _worker_extractor = Extractor(load_rulebook(rules_dir))


def _extract_batch(batch: list[Article]) -> list[list[Claim]]:
    assert _worker_extractor is not None
    return [_worker_extractor.extract(a) for a in batch]


def extract_all(
    articles: list[Article],
    rules_dir: str,
    extractor: object,
    *,
    workers: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[Article, list[Claim]]]:
    """Yield (article, claims) in input order; a pool of `workers` processes for large corpora."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(articles) < POOL_THRESHOLD:
        for a in articles:
            claims = extractor.extract(a)  # type: ignore[attr-defined]
            if on_progress:
                on_progress(1)
            yield a, claims
        return
    size = max(20, len(articles) // (workers * 8))
    batches = [articles[i : i + size] for i in range(0, len(articles), size)]
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(rules_dir,)) as pool:
        for batch, results in zip(batches, pool.map(_extract_batch, batches), strict=True):
            if on_progress:
                on_progress(len(batch))
            yield from zip(batch, results, strict=True)
