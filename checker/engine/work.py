"""The units of work every engine runs: one article's extraction within its time budget, one story's checks."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checker.errors import ArticleTimeout
from checker.extract import CompiledRules, compile_rules, extract_article
from checker.models import Article, Claim, Flag, SkippedInput

if TYPE_CHECKING:
    from checker.checks import Context
    from checker.checks.name_variant import NameMention
    from checker.rulebook import Rulebook

ARTICLE_SECONDS = 30.0  # default budget of one article; --article-seconds

Outcome = list[Claim] | SkippedInput  # an article's claims, or why it has none
# a story's flags (unranked, unreconciled), the evidence claims checks made, and the name mentions of its articles
# that the task did not bring (article id -> mentions; empty unless the setup asks for them)
StoryOutcome = tuple[list[Flag], list[Claim], dict[str, list["NameMention"]]]


# -- extraction: the one call site of the extractor ---------------------------------------------------------
def make_rules(rules_dir: str, book: Rulebook | None = None) -> CompiledRules:
    """The rules of `rules_dir` made ready for extraction (built once per process); `book`: those rules
    already loaded."""
    from checker import rulecache
    from checker.rulebook import load_rulebook

    book = book if book is not None else load_rulebook(rules_dir)
    if not book.source_key:
        return compile_rules(book)
    # compiled before from these very rule files: restored from the cache instead of compiled again
    return rulecache.cached("compiled", book.source_key, lambda: compile_rules(book), CompiledRules)


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise ArticleTimeout in this thread after `seconds`: SIGALRM interrupts pure Python and the `regex`
    package's matching alike (it checks signals while it backtracks). Only the main thread gets signals, so
    elsewhere (a server's worker thread, a Dask worker's task thread) the budget is the extractor's own
    deadline alone."""
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


# -- comparison: one story's checks ------------------------------------------------------------------------
@dataclass(frozen=True)
class StoryTask:
    """One story to compare: its comparable claims and its articles; stories are independent units."""

    story_id: str
    claims: Sequence[Claim]
    articles: Mapping[str, Article]
    mentions: Mapping[str, list[NameMention]] = field(default_factory=dict)  # article id -> known name mentions


@dataclass(frozen=True)
class StorySetup:
    """What every story's checks need besides the story: built once per run, sent once to each worker."""

    context: Context  # words that are never names, qualifiers a measure's figures must name
    labels: Mapping[str, str]
    keep_mentions: bool = False  # send back the name mentions found (a history keeps them for the next run)


def compare_story(task: StoryTask, setup: StorySetup) -> StoryOutcome:
    """Every check on one story: its flags (unranked, unreconciled), the evidence claims checks made, and (with
    setup.keep_mentions) the name mentions found in articles whose mentions the task did not bring."""
    from checker.checks import StoryClaims, registry
    from checker.flags import build_flags

    story = StoryClaims.of(task.story_id, task.claims, task.articles, setup.context, task.mentions)
    findings = [f for check in registry().values() for f in check.find(story)]
    known = {c.claim_id for c in task.claims}
    evidence: dict[str, Claim] = {}
    for f in findings:
        for group in f.answers:
            evidence.update((c.claim_id, c) for c in group if c.claim_id not in known)
    found = {aid: ms for aid, ms in story.mentions.items() if aid not in task.mentions} if setup.keep_mentions else {}
    return build_flags(task.story_id, findings, task.articles, setup.labels), list(evidence.values()), found


def compare_batch(tasks: Sequence[StoryTask], setup: StorySetup) -> list[StoryOutcome]:
    return [compare_story(t, setup) for t in tasks]
