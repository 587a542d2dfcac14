"""The reconciliation file: editors' decisions on flags, matched to each run's flags (new / known / reconciled)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from checker.atomic import atomic_write_text
from checker.errors import Located, ReconciliationError
from checker.models import Claim, Discrepancy

DECISIONS = ("explained", "confirmed", "false_positive", "baseline")
HEADER = (
    "# claimcheck reconciliations: reviewed decisions on flags (DESIGN §8).\n"
    "# Written by `claimcheck reconcile` and `claimcheck baseline`; review changes like code.\n"
)


class Entry(BaseModel):
    """One decision on one flag, with what it covered in readable form."""

    model_config = ConfigDict(extra="forbid")

    id: str
    decision: Literal["explained", "confirmed", "false_positive", "baseline"]
    note: str = ""
    by: str = ""
    when: str = ""
    check: str = ""
    measure: str = ""
    qualifiers: str = ""
    values: list[str] = Field(default_factory=list)
    claims: list[str] = Field(default_factory=list)


def load(path: str | Path) -> list[Entry]:
    """Entries of the reconciliation file; a missing file is an empty list; a malformed one raises."""
    p = Path(path)
    if not p.exists():
        return []
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReconciliationError([Located(str(p), None, None, f"cannot read: {exc}")]) from exc
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ReconciliationError(
            [Located(str(p), mark.line + 1 if mark else None, mark.column + 1 if mark else None,
                     f"invalid YAML: {exc.problem}")]  # fmt: skip
        ) from exc
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
        raise ReconciliationError([Located(str(p), 1, 1, "expected a mapping with an 'entries' list")])
    entries: list[Entry] = []
    problems: list[Located] = []
    for i, raw in enumerate(data.get("entries") or []):
        try:
            entries.append(Entry.model_validate(dict(raw) if hasattr(raw, "items") else raw))
        except ValidationError as exc:
            line, col = data["entries"].lc.item(i) if hasattr(data["entries"], "lc") else (None, None)
            for err in exc.errors():
                where = ".".join(str(x) for x in err["loc"]) or "entry"
                allowed = f"; allowed: {', '.join(DECISIONS)}" if err["type"] == "literal_error" else ""
                problems.append(Located(str(p), (line or 0) + 1, (col or 0) + 1,
                                        f"entries[{i}].{where}: {err['msg']}{allowed}"))
    if problems:
        raise ReconciliationError(problems)
    return entries


def claim_line(c: Claim) -> str:
    return f"{c.article_id}: {c.quote!r} ({c.measure}, {c.modality}) — {c.sentence[:140]}"


def entry_for(flag: Discrepancy, claims: dict[str, Claim], decision: str, note: str, by: str) -> Entry:
    return Entry(
        id=flag.discrepancy_id,
        decision=decision,  # type: ignore[arg-type]
        note=note,
        by=by,
        when=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        check=flag.check,
        measure=flag.measure,
        qualifiers=";".join(f"{k}={v}" for k, v in sorted(flag.qualifiers.items())),
        values=list(flag.values),
        claims=[claim_line(claims[c]) for c in flag.claim_ids if c in claims],
    )


def _matches(entry: Entry, flag: Discrepancy) -> bool:
    """An entry covers a flag with its id, or the same check and measure whose values it has all seen
    (a new article repeating a reconciled value keeps the decision; a new value does not)."""
    if entry.id == flag.discrepancy_id:
        return True
    quals = ";".join(f"{k}={v}" for k, v in sorted(flag.qualifiers.items()))
    return (
        entry.check == flag.check
        and entry.measure == flag.measure
        and entry.qualifiers == quals
        and bool(entry.values)
        and set(flag.values) <= set(entry.values)
    )


def apply(flags: list[Discrepancy], entries: list[Entry]) -> list[Entry]:
    """Set each flag's status, decision and note from the entries; return the stale entries."""
    used: set[str] = set()
    for flag in flags:
        for e in entries:
            if _matches(e, flag):
                used.add(e.id)
                flag.status = "known" if e.decision == "baseline" else "reconciled"
                flag.decision = e.decision
                flag.note = e.note
                break
    return [e for e in entries if e.id not in used]


def save(path: str | Path, entries: list[Entry]) -> None:
    """Write entries sorted by id, deterministically and atomically."""
    y = YAML()
    y.default_flow_style = False
    y.width = 4096
    buf = io.StringIO()
    data: dict[str, Any] = {
        "version": 1,
        "entries": [e.model_dump() for e in sorted(entries, key=lambda e: e.id)],
    }
    y.dump(data, buf)
    atomic_write_text(path, HEADER + buf.getvalue())
