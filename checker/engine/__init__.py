"""The map steps on one interface: extract many articles, compare many stories; on this machine's process
pool (`local`, the default) or on a Dask cluster (`dask`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from checker.engine.local import POOL_THRESHOLD, LocalEngine, extract_all
from checker.engine.work import (
    ARTICLE_SECONDS,
    Outcome,
    StoryOutcome,
    StorySetup,
    StoryTask,
    compare_story,
    extract_one,
)
from checker.errors import UsageError
from checker.models import Article

if TYPE_CHECKING:
    from checker.rulebook import Rulebook

ENGINES = ("local", "dask")


class Engine(Protocol):
    """What the run asks of an engine. Both yield in input order, so the reports never depend on the engine."""

    name: str

    def extract(self, articles: list[Article], on_progress: Callable[[int], None] | None = None,
                on_ready: Callable[[], None] | None = None) -> Iterator[tuple[Article, Outcome]]: ...  # fmt: skip

    def compare(self, tasks: Sequence[StoryTask], setup: StorySetup) -> Iterator[StoryOutcome]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...


def make_engine(kind: str, rules_dir: str, *, workers: int | None = None, scheduler: str | None = None,
                article_seconds: float = ARTICLE_SECONDS, book: Rulebook | None = None) -> Engine:  # fmt: skip
    """The engine a run asked for (`--engine`); `dask` connects to `scheduler` (or CLAIMCHECK_DASK_SCHEDULER).
    `book`: the rules already loaded from `rules_dir`, for extraction in this process."""
    if kind == "local":
        return LocalEngine(rules_dir, workers, article_seconds, book=book)
    if kind == "dask":
        from checker.engine.dask import DaskEngine

        return DaskEngine(rules_dir, scheduler, article_seconds)
    raise UsageError(f"--engine {kind}: choose one of {', '.join(ENGINES)}")


__all__ = [
    "ARTICLE_SECONDS",
    "ENGINES",
    "POOL_THRESHOLD",
    "Engine",
    "LocalEngine",
    "Outcome",
    "StoryOutcome",
    "StorySetup",
    "StoryTask",
    "compare_story",
    "extract_all",
    "extract_one",
    "make_engine",
]
