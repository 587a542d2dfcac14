"""The checks: one unit per kind of disagreement, each asking its questions of the claims of one story."""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from checker.models import Article, Claim, Severity

if TYPE_CHECKING:
    from checker.checks.name_variant import NameMention

QUANTITY_KINDS = frozenset({"stock", "cumulative", "fixed"})
BACKGROUND_DAYS = 90  # a figure dated this long before a story's first report is about an earlier occasion
# the check modules, in the order their flags are listed; each defines one Check subclass
MODULES = (
    "value_conflict", "superseded", "trend_reversal", "plan_vs_outcome", "part_exceeds_whole",
    "sum_mismatch", "ratio_conflict", "date_conflict", "time_conflict", "weekday_mismatch", "name_variant",
)  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """A question a check found answered differently, with the claims behind each distinct answer."""

    check: str
    measure: str
    qualifiers: dict[str, str]
    slot: str  # the time the question is about ("2023-06-03", "2023-W23"), "" when timeless
    severity: Severity
    answers: list[list[Claim]]
    reasons: list[str] = field(default_factory=list)
    labels: list[str] | None = None  # how each answer reads, when not the claims' own values ("50:150")
    subject: str = ""  # what tells two questions of one check, measure and slot apart (a sentence, a name)


@dataclass(frozen=True)
class Context:
    """What checks need from outside the claims: words that are never names, and the qualifiers a measure's
    figures must name to be compared (the rule book's `requires`)."""

    not_names: frozenset[str] = frozenset()
    requires: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class StoryClaims:
    """The claims of one story, ready to be compared, with their articles."""

    story_id: str
    claims: list[Claim]
    articles: Mapping[str, Article]
    context: Context = field(default_factory=Context)
    # article id -> its name mentions: those a run before found (the history's), and those the names check adds
    mentions: dict[str, list[NameMention]] = field(default_factory=dict)

    @classmethod
    def of(cls, story_id: str, claims: Iterable[Claim], articles: Mapping[str, Article],
           context: Context | None = None, mentions: Mapping[str, list[NameMention]] | None = None
           ) -> StoryClaims:  # fmt: skip
        """The story's comparable claims: figures dated long before its first report ("the last big quake, in
        2023, killed 50,000") speak of another occasion, and figures that leave out a qualifier their measure
        requires ("for 24 hours": what lasted?) answer no question; both are left out."""
        context = context or Context()
        published = [a.published for a in articles.values() if a.published is not None]
        start = min(published, default=None)
        kept = [
            c for c in claims
            if (start is None or c.as_of is None or (start - c.as_of).days <= BACKGROUND_DAYS)
            and all(k in c.qualifiers for k in context.requires.get(c.measure, ()))
        ]  # fmt: skip
        return cls(story_id, kept, articles, context, dict(mentions or {}))

    @cached_property
    def quantities(self) -> dict[str, list[Claim]]:
        """Claims of counted or measured quantities by measure, measures in sorted order."""
        by: dict[str, list[Claim]] = defaultdict(list)
        for c in self.claims:
            if c.kind in QUANTITY_KINDS:
                by[c.measure].append(c)
        return dict(sorted(by.items()))

    @cached_property
    def _groups(self) -> dict[str, list[tuple[dict[str, str], list[Claim]]]]:
        from checker.checks.scope import by_qualifiers

        return {m: by_qualifiers(cs) for m, cs in self.quantities.items()}

    def groups(self, measure: str) -> list[tuple[dict[str, str], list[Claim]]]:
        """by_qualifiers of the measure's quantities, made once for every check that asks (each gets its own
        qualifier dicts)."""
        return [(dict(q), g) for q, g in self._groups.get(measure, [])]

    def of_kind(self, kind: str) -> list[Claim]:
        return [c for c in self.claims if c.kind == kind]


class Check:
    """A check: an id, its documentation (the subclass docstring) and its severity policy in one line."""

    id: ClassVar[str]
    policy: ClassVar[str]

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        raise NotImplementedError


def registry() -> dict[str, Check]:
    """Every check by id, in listing order."""
    out: dict[str, Check] = {}
    for name in MODULES:
        module = importlib.import_module(f"checker.checks.{name}")
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, Check)
                and obj is not Check
                and obj.__module__ == module.__name__
            ):
                out[obj.id] = obj()
    return out


def run_checks(story: StoryClaims, checks: Iterable[Check] | None = None) -> list[Finding]:
    """Every finding of every check (or of `checks`) in one story."""
    return [f for check in (checks if checks is not None else registry().values()) for f in check.find(story)]
