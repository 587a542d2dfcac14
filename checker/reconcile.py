"""The reconciliation file: editors' decisions on flags, matched to a run's flags (new/known/reconciled)."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from checker.atomic import atomic_write_text
from checker.errors import ClaimcheckError, Located, ReconciliationError, UsageError
from checker.models import Claim, Discrepancy

DECISIONS = ("explained", "confirmed", "false_positive", "baseline")
EDITOR_DECISIONS = ("explained", "confirmed", "false_positive")
FORMAT_VERSION = 1
HEADER = (
    "# claimcheck reconciliations: reviewed decisions on flags (DESIGN §8).\n"
    "# Written by `claimcheck reconcile` and `claimcheck baseline`; review changes like code.\n"
)


class Entry(BaseModel):
    """One decision on one flag, with what it covered in readable form."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    decision: Literal["explained", "confirmed", "false_positive", "baseline"]
    note: str = ""
    by: str = ""
    when: str = ""
    check: str = ""
    measure: str = ""
    qualifiers: str = ""
    values: list[str] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    claims: list[str] = Field(default_factory=list)
    # where the entry starts in the file, for `path:line` in stale warnings and CI annotations
    _line: int | None = PrivateAttr(default=None)

    @property
    def line(self) -> int | None:
        return self._line


@dataclass
class Outcome:
    """What matching the entries against a run's flags found."""

    stale: list[Entry]
    matched: dict[str, Entry]  # flag id -> the entry that decided its status


def quals_text(q: dict[str, str]) -> str:
    return ";".join(f"{k}={q[k]}" for k in sorted(q))


def _located(p: Path, line: int | None, col: int | None, msg: str) -> Located:
    return Located(str(p), line, col, msg)


def load(path: str | Path) -> list[Entry]:
    """Entries of the reconciliation file; a missing file is an empty list; a malformed one raises
    ReconciliationError naming every problem as `path:line:col`."""
    p = Path(path)
    if not p.exists():
        return []
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReconciliationError([_located(p, None, None, f"cannot read: {exc}")]) from exc
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ReconciliationError([_located(p, line, col, f"invalid YAML: {exc.problem or exc}")]) from exc
    except YAMLError as exc:  # unmarked ruamel errors (duplicate keys in some versions, bad tags)
        raise ReconciliationError([_located(p, 1, 1, f"invalid YAML: {exc}")]) from exc
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ReconciliationError([_located(p, 1, 1, "expected a mapping with 'version' and 'entries'")])
    problems: list[Located] = []
    for key in data:
        if key not in ("version", "entries"):
            line, col = _key_pos(data, key)
            problems.append(_located(p, line, col, f"unknown key {key!r}; allowed: version, entries"))
    if data.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        line, col = _value_pos(data, "version")
        problems.append(_located(p, line, col, f"unsupported version {data.get('version')!r}; allowed: 1"))
    raw_entries = data.get("entries")
    if raw_entries is None:  # `entries:` with nothing after it is an empty file, not an error
        raw_entries = []
    if not isinstance(raw_entries, list):
        line, col = _value_pos(data, "entries")
        raise ReconciliationError([*problems, _located(p, line, col, "'entries' must be a list")])
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_entries):
        line, col = _item_pos(raw_entries, i)
        if not isinstance(raw, dict):
            found = type(raw).__name__
            problems.append(_located(p, line, col, f"entries[{i}]: expected a mapping, found {found}"))
            continue
        try:
            entry = Entry.model_validate(dict(raw))
        except ValidationError as exc:
            for err in exc.errors():
                field = str(err["loc"][0]) if err["loc"] else ""
                fline, fcol = _key_pos(raw, field) if field in raw else (line, col)
                where = ".".join(str(x) for x in err["loc"]) or "entry"
                allowed = ""
                if err["type"] == "literal_error":
                    allowed = f"; allowed: {', '.join(DECISIONS)}"
                elif err["type"] == "extra_forbidden":
                    allowed = f"; allowed: {', '.join(Entry.model_fields)}"
                problems.append(_located(p, fline, fcol, f"entries[{i}].{where}: {err['msg']}{allowed}"))
            continue
        if entry.id in seen:
            msg = f"entries[{i}]: duplicate id {entry.id} (first at line {seen[entry.id]})"
            problems.append(_located(p, line, col, msg))
            continue
        seen[entry.id] = line or 0
        entry._line = line
        entries.append(entry)
    if problems:
        raise ReconciliationError(problems)
    return entries


def _key_pos(mapping: Any, key: str) -> tuple[int | None, int | None]:
    try:
        line, col = mapping.lc.key(key)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError):
        return None, None


def _value_pos(mapping: Any, key: str) -> tuple[int | None, int | None]:
    try:
        line, col = mapping.lc.value(key)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError):
        return None, None


def _item_pos(seq: Any, i: int) -> tuple[int | None, int | None]:
    try:
        line, col = seq.lc.item(i)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return None, None


def claim_line(c: Claim) -> str:
    return f"{c.article_id}: {c.quote!r} ({c.measure}, {c.modality}) — {c.sentence[:140]}"


def entry_for(flag: Discrepancy, claims: dict[str, Claim], decision: str, note: str, by: str) -> Entry:
    """A new entry recording `decision` on `flag`, with the flag's claims in readable form."""
    return Entry(
        id=flag.discrepancy_id,
        decision=decision,  # type: ignore[arg-type]
        note=note,
        by=by,
        when=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        check=flag.check,
        measure=flag.measure,
        qualifiers=quals_text(flag.qualifiers),
        values=sorted(flag.values),
        articles=sorted(flag.article_ids),
        claims=sorted(claim_line(claims[c]) for c in flag.claim_ids if c in claims),
    )


def _same_subject(entry: Entry, flag: Discrepancy) -> bool:
    """Same check, measure and qualifiers, and (when the entry names them) at least one shared article:
    the same discrepancy, possibly grown by new articles."""
    if not entry.check or entry.check != flag.check or entry.measure != flag.measure:
        return False
    if entry.qualifiers != quals_text(flag.qualifiers):
        return False
    return not entry.articles or bool(set(entry.articles) & set(flag.article_ids))


def covers(entry: Entry, flag: Discrepancy) -> bool:
    """An entry decides a flag with its id, or when the flag is the same discrepancy and every value it
    disagrees about was already seen by the entry (a new article repeating a reconciled value keeps the
    decision; a new conflicting value does not)."""
    if entry.id == flag.discrepancy_id:
        return True
    return _same_subject(entry, flag) and bool(entry.values) and set(flag.values) <= set(entry.values)


def related(entry: Entry, flag: Discrepancy) -> bool:
    """The flag grew out of the entry's discrepancy (shares a value) but has values the entry never saw:
    the flag is new again, and the entry is not stale, since its discrepancy still exists."""
    return _same_subject(entry, flag) and bool(set(entry.values) & set(flag.values))


def _rank(e: Entry) -> tuple[int, str]:
    # an editor's decision outranks an automatic baseline; the latest decision wins among equals
    return (0 if e.decision == "baseline" else 1, e.when)


def apply(flags: list[Discrepancy], entries: list[Entry]) -> list[Entry]:
    """Set each flag's status, decision and note from the entries; return the stale entries."""
    return match(flags, entries).stale


def match(flags: list[Discrepancy], entries: list[Entry]) -> Outcome:
    """Match entries to flags: exact id first, then the same discrepancy with only seen values."""
    by_id = {e.id: e for e in entries}
    used: set[str] = set()
    matched: dict[str, Entry] = {}
    for flag in flags:
        # entries about an earlier, smaller form of this discrepancy are not stale while it exists
        used.update(e.id for e in entries if related(e, flag))
        entry = by_id.get(flag.discrepancy_id)
        if entry is None:
            candidates = [e for e in entries if covers(e, flag)]
            entry = max(candidates, key=_rank) if candidates else None
        if entry is not None:
            used.add(entry.id)
            matched[flag.discrepancy_id] = entry
            flag.status = "known" if entry.decision == "baseline" else "reconciled"
            flag.decision = entry.decision
            flag.note = entry.note
            continue
        flag.status = "new"
        previous = [e for e in entries if related(e, flag)]
        if previous:
            e = max(previous, key=_rank)
            new_values = sorted(set(flag.values) - set(e.values))
            flag.note = f"new value(s) {', '.join(new_values)} since {e.decision} {e.id}: {e.note}".strip()
    return Outcome(stale=[e for e in entries if e.id not in used], matched=matched)


def supersedes(new: Entry, old: Entry) -> bool:
    """`new` decides everything `old` did: same discrepancy, with all of old's values and articles."""
    return (
        new.id != old.id
        and bool(new.check)
        and (new.check, new.measure, new.qualifiers) == (old.check, old.measure, old.qualifiers)
        and set(old.values) <= set(new.values)
        and set(old.articles) <= set(new.articles)
    )


def upsert(entries: list[Entry], new: Entry) -> tuple[list[Entry], list[Entry]]:
    """Entries with `new` added, replacing the entry with the same id and the entries it supersedes
    (an earlier decision on a smaller form of the same discrepancy); returns (entries, superseded)."""
    gone = [e for e in entries if e.id != new.id and supersedes(new, e)]
    keep = [e for e in entries if e.id != new.id and e not in gone]
    return [*keep, new], gone


def near_ids(wanted: str, ids: list[str], n: int = 5) -> list[str]:
    """Ids that look like `wanted` (typos, truncations): prefix matches first, then difflib's."""
    prefix = [i for i in ids if i.startswith(wanted) or wanted.startswith(i)]
    close = difflib.get_close_matches(wanted, ids, n=n, cutoff=0.5)
    # ids are hashes: when nothing is close, the least distant ones still help find the right flag
    rest = difflib.get_close_matches(wanted, ids, n=n, cutoff=0.0)
    return list(dict.fromkeys([*prefix, *close, *rest]))[:n]


def dump(entries: list[Entry]) -> str:
    """The file text: header, then entries sorted by id: the same entries always give the same bytes."""
    y = YAML()
    y.default_flow_style = False
    y.width = 4096  # one line per claim keeps diffs in review readable
    y.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    data: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "entries": [e.model_dump() for e in sorted(entries, key=lambda e: e.id)],
    }
    y.dump(data, buf)
    return HEADER + buf.getvalue()


def save(path: str | Path, entries: list[Entry]) -> None:
    """Write entries deterministically and atomically (temp file + rename: readers never see half a file)."""
    try:
        atomic_write_text(path, dump(entries))
    except OSError as exc:
        raise ClaimcheckError(f"{path}: cannot write the reconciliation file: {exc}") from exc


# -- the commands' edits: read, change, write back atomically -------------------------------------------
EDIT_LOCK_TIMEOUT = 30.0  # seconds one command waits for another editing the same file


@contextmanager
def _editing(path: str | Path, timeout: float = EDIT_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on `<path>.lock` while a command reads, changes and rewrites the file, so
    two editors reconciling at once cannot lose each other's decisions."""
    import fcntl

    lock_path = Path(f"{path}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ClaimcheckError(
                        f"{path}: another command is editing this file (lock {lock_path}); "
                        f"gave up after {timeout:g} s"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

def decide(
    path: str | Path,
    flags: list[Discrepancy],
    claims: list[Claim],
    flag_id: str,
    decision: str,
    note: str,
    by: str,
) -> tuple[Entry, list[Entry]]:
    """Add or replace the entry for one current flag; return it and the entries it superseded.
    An unknown id is a UsageError listing the nearest current ids."""
    flag = next((f for f in flags if f.discrepancy_id == flag_id), None)
    if flag is None:
        near = near_ids(flag_id, [f.discrepancy_id for f in flags])
        by_id = {f.discrepancy_id: f for f in flags}
        hint = "; ".join(f"{i} ({by_id[i].check} {by_id[i].measure}: {' vs '.join(by_id[i].values)})"
                         for i in near)  # fmt: skip
        raise UsageError(
            f"no flag {flag_id!r} in this run ({len(flags)} flags)"
            + (f"; did you mean: {hint}" if hint else "; see discrepancies.csv for the ids")
        )
    if decision not in EDITOR_DECISIONS:
        raise UsageError(f"decision {decision!r}; allowed: {', '.join(EDITOR_DECISIONS)}")
    entry = entry_for(flag, {c.claim_id: c for c in claims}, decision, note, by)
    with _editing(path):
        entries, gone = upsert(load(path), entry)
        save(path, entries)
    return entry, gone


def baseline(path: str | Path, flags: list[Discrepancy], claims: list[Claim], by: str) -> list[Entry]:
    """Record every new flag with decision `baseline`; return the entries added."""
    by_claim = {c.claim_id: c for c in claims}
    added = [entry_for(f, by_claim, "baseline", "accepted by `claimcheck baseline update`", by)
             for f in flags if f.status == "new"]  # fmt: skip
    if added:
        with _editing(path):
            entries = load(path)
            for e in added:
                entries, gone = upsert(entries, e)
                # an automatic baseline may replace an older baseline, never an editor's decision and note
                entries += [g for g in gone if g.decision != "baseline"]
            save(path, entries)
    return added


def prune(path: str | Path, stale: list[Entry]) -> list[Entry]:
    """Remove the stale entries; the file is rewritten only when something goes."""
    gone = {e.id for e in stale}
    with _editing(path):
        entries = load(path)
        removed = [e for e in entries if e.id in gone]
        if removed:
            save(path, [e for e in entries if e.id not in gone])
    return removed
