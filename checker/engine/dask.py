"""The Dask engine: extraction and per-story comparison as tasks on a `distributed` cluster.

The rules travel with the run (the files' bytes, loaded once per worker process), so a worker needs
claimcheck installed but not the run's folders. Results come back in input order, so a Dask run writes the
same claims.csv and discrepancies.csv as a local one."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from checker.engine.work import (
    ARTICLE_SECONDS,
    Outcome,
    StoryOutcome,
    StorySetup,
    StoryTask,
    compare_batch,
    extract_one,
)
from checker.errors import ClaimcheckError, UsageError
from checker.models import Article

SCHEDULER_ENV = "CLAIMCHECK_DASK_SCHEDULER"
CONNECT_SECONDS = 30.0
ARTICLES_PER_TASK = 50  # a task per 50 articles: big enough that scheduling costs little, small enough to spread
STORIES_PER_TASK = 4

RuleBundle = tuple[str, tuple[tuple[str, bytes], ...]]  # (fingerprint, ((relative path, bytes), ...))

_compiled: dict[str, Any] = {}  # in each worker process: fingerprint -> the rules compiled from those files


def rule_bundle(rules_dir: str) -> RuleBundle:
    """Every file of the rules folder as bytes, with a fingerprint: what a worker rebuilds the rules from."""
    root = Path(rules_dir)
    if not root.is_dir():
        raise UsageError(f"{rules_dir}: no rules folder here")
    files = tuple((p.relative_to(root).as_posix(), p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file())
    h = hashlib.sha256()
    for name, data in files:
        h.update(name.encode() + b"\0" + data + b"\0")
    return h.hexdigest(), files


def _rules_of(bundle: RuleBundle) -> Any:
    fingerprint, files = bundle
    if fingerprint not in _compiled:
        from checker.engine.work import make_rules

        folder = Path(tempfile.mkdtemp(prefix="claimcheck-rules-"))
        for name, data in files:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _compiled[fingerprint] = make_rules(str(folder))
    return _compiled[fingerprint]


def _extract_task(batch: list[Article], bundle: RuleBundle, seconds: float) -> list[Outcome]:
    rules = _rules_of(bundle)
    return [extract_one(rules, a, seconds) for a in batch]


def _version() -> str:
    from checker import __version__

    return __version__


class DaskEngine:
    """A `distributed` cluster reached at `scheduler` (tcp://HOST:PORT), or an existing `client`."""

    name = "dask"

    def __init__(self, rules_dir: str, scheduler: str | None = None, article_seconds: float = ARTICLE_SECONDS,
                 client: Any = None) -> None:  # fmt: skip
        self.rules_dir, self.article_seconds = rules_dir, article_seconds
        self.scheduler = scheduler or os.environ.get(SCHEDULER_ENV) or ""
        self._own = client is None
        if client is None:
            if not self.scheduler:
                raise UsageError(f"--engine dask needs --scheduler tcp://HOST:PORT (or {SCHEDULER_ENV})")
            try:
                from distributed import Client
            except ImportError as exc:
                raise UsageError("--engine dask needs Dask: pip install 'claimcheck[dask]'") from exc
            try:
                client = Client(self.scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
            except OSError as exc:  # refused, unreachable, timed out
                raise ClaimcheckError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from exc
        self.client = client
        self._bundle: Any = None
        self._check_workers()

    def _check_workers(self) -> None:
        from checker import __version__

        try:
            versions = self.client.run(_version)
        except Exception as exc:  # a worker without claimcheck fails to unpickle the function
            raise ClaimcheckError(f"the Dask workers cannot run claimcheck ({type(exc).__name__}: {exc}); "
                                  "install the same claimcheck on every worker") from exc  # fmt: skip
        if not versions:
            raise ClaimcheckError(f"the Dask scheduler at {self.scheduler or 'the client'} has no workers")
        other = {w: v for w, v in versions.items() if v != __version__}
        if other:
            raise ClaimcheckError(f"Dask workers run another claimcheck ({other}); this one is {__version__}")

    def _rules(self) -> Any:
        if self._bundle is None:
            self._bundle = self.client.scatter(rule_bundle(self.rules_dir), broadcast=True, hash=False)
        return self._bundle

    def extract(self, articles: list[Article], on_progress: Callable[[int], None] | None = None,
                on_ready: Callable[[], None] | None = None) -> Iterator[tuple[Article, Outcome]]:  # fmt: skip
        batches = [articles[i : i + ARTICLES_PER_TASK] for i in range(0, len(articles), ARTICLES_PER_TASK)]
        futures = self.client.map(_extract_task, batches, bundle=self._rules(), seconds=self.article_seconds,
                                  pure=False) if batches else []  # fmt: skip
        if on_ready:
            on_ready()
        for batch, future in zip(batches, futures, strict=True):  # in input order, whatever order they finish
            outcomes = future.result()
            if on_progress:
                on_progress(len(batch))
            yield from zip(batch, outcomes, strict=True)

    def compare(self, tasks: Sequence[StoryTask], setup: StorySetup) -> Iterator[StoryOutcome]:
        batches = [list(tasks[i : i + STORIES_PER_TASK]) for i in range(0, len(tasks), STORIES_PER_TASK)]
        if not batches:
            return
        shared = self.client.scatter(setup, broadcast=True, hash=False)
        for future in self.client.map(compare_batch, batches, setup=shared, pure=False):
            yield from future.result()

    def close(self) -> None:
        if self._own:
            self.client.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
