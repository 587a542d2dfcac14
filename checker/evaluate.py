"""Score a run against a gold file of expected flags and expected non-flags: precision and recall."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from checker.errors import ClaimcheckError, Located
from checker.models import Claim, Flag


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Figure(_Strict):
    """A figure as quoted in an article: the article id (or a unique prefix of it) and the quote."""

    article: str
    quote: str | None = None  # None: any claim of that article


class GoldFlag(_Strict):
    id: str
    description: str = ""
    check: str | None = None
    measure: str | None = None
    severity: str | None = None
    figures: list[Figure] = Field(min_length=1)


class GoldNonFlag(_Strict):
    id: str
    description: str = ""
    figures: list[Figure] = Field(default_factory=list)  # no flag may cover all of these
    within: str | None = None  # no flag may stay inside this one article


class Gold(_Strict):
    description: str = ""
    flags: list[GoldFlag] = Field(default_factory=list)
    non_flags: list[GoldNonFlag] = Field(default_factory=list)


@dataclass
class EvalResult:
    """Which gold flags were found, which system flags matched nothing, which non-flags were broken."""

    found: dict[str, str] = field(default_factory=dict)  # gold id -> discrepancy id
    missed: list[str] = field(default_factory=list)
    false_positives: list[Flag] = field(default_factory=list)
    violations: dict[str, list[str]] = field(default_factory=dict)  # non-flag id -> discrepancy ids
    total_flags: int = 0

    @property
    def recall(self) -> float:
        total = len(self.found) + len(self.missed)
        return len(self.found) / total if total else 1.0

    @property
    def precision(self) -> float:
        return (self.total_flags - len(self.false_positives)) / self.total_flags if self.total_flags else 1.0


def load_gold(path: str | Path) -> Gold:
    p = Path(path)
    try:
        data = YAML(typ="safe").load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ClaimcheckError(f"{p}: cannot read gold file: {exc}") from exc
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ClaimcheckError(
            str(
                Located(
                    str(p),
                    mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None,
                    f"invalid YAML: {exc.problem}",
                )
            )
        ) from exc
    try:
        return Gold.model_validate(data or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ClaimcheckError(f"{p}: {where}: {first['msg']}") from exc


def _covers(figure: Figure, claims: list[Claim]) -> bool:
    return any(
        c.article_id.startswith(figure.article) and (figure.quote is None or c.quote == figure.quote)
        for c in claims
    )


def _agree(figures: list[Figure], claims: list[Claim]) -> bool:
    """Figures on the same side of a flag (17 and "seventeen" against 15) do not break a non-flag."""
    if len(figures) < 2:
        return False
    chosen = [
        next(c for c in claims if c.article_id.startswith(f.article) and (f.quote is None or c.quote == f.quote))
        for f in figures
    ]
    return all(
        (a.low <= b.high and b.low <= a.high and str(a.value).lower() == str(b.value).lower())
        or (a.low == b.low and a.high == b.high)
        for a in chosen
        for b in chosen
    )


def score(gold: Gold, flags: list[Flag], claims: list[Claim]) -> EvalResult:
    """Gold flags may be found by a flag of any severity (a gold severity must match); only errors and
    warnings count as unexpected or break a non-flag, since an info flag is a note (a revision, a spelling)."""
    by_id = {c.claim_id: c for c in claims}
    result = EvalResult(total_flags=sum(f.severity != "info" for f in flags))
    matched_flags: set[str] = set()
    for g in gold.flags:
        for f in flags:
            fc = [by_id[c] for c in f.claim_ids if c in by_id]
            if g.check and f.check != g.check:
                continue
            if g.measure and not f.measure.startswith(g.measure):
                continue
            if g.severity and f.severity != g.severity:
                continue
            if all(_covers(fig, fc) for fig in g.figures):
                result.found[g.id] = f.discrepancy_id
                matched_flags.add(f.discrepancy_id)
                break
        else:
            result.missed.append(g.id)
    for n in gold.non_flags:
        for f in flags:
            if f.severity == "info":
                continue
            fc = [by_id[c] for c in f.claim_ids if c in by_id]
            covered = bool(n.figures) and all(_covers(fig, fc) for fig in n.figures)
            broken = (covered and not _agree(n.figures, fc)) or (
                n.within is not None and fc and all(c.article_id.startswith(n.within) for c in fc)
            )
            if broken:
                result.violations.setdefault(n.id, []).append(f.discrepancy_id)
    result.false_positives = [f for f in flags if f.discrepancy_id not in matched_flags and f.severity != "info"]
    return result


def format_result(r: EvalResult) -> str:
    lines = [
        f"precision {r.precision:.2f} ({r.total_flags - len(r.false_positives)}/{r.total_flags} flags match gold)",
        f"recall    {r.recall:.2f} ({len(r.found)}/{len(r.found) + len(r.missed)} gold flags found)",
    ]
    lines += [f"  missed: {m}" for m in r.missed]
    lines += [
        f"  unexpected: {f.discrepancy_id} {f.check} {f.measure}: {f.summary}" for f in r.false_positives
    ]
    lines += [f"  non-flag {k} broken by {', '.join(v)}" for k, v in r.violations.items()]
    return "\n".join(lines)
