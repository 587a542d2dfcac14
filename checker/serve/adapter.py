"""The one place the review server touches checker.reconcile: read the decisions, record one."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

from checker import reconcile as rec
from checker.models import Flag

# Parsing the file is the slow part of reading decisions: keep the entries of the bytes last seen, and
# parse again only when the bytes differ.
_parsed: dict[Path, tuple[bytes, list[rec.Entry]]] = {}
_parsed_lock = threading.Lock()


def _digest(path: Path) -> bytes | None:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except FileNotFoundError:
        return None


def read_entries(path: Path) -> list[rec.Entry]:
    """The reconciliation file's entries (a missing file has none); a malformed file raises
    ReconciliationError naming `path:line:col`."""
    before = _digest(path)
    if before is None:
        return []
    with _parsed_lock:
        hit = _parsed.get(path)
    if hit and hit[0] == before:
        return list(hit[1])
    entries = rec.load(path).entries
    if _digest(path) == before:  # unchanged while it was parsed: these entries are those bytes
        with _parsed_lock:
            _parsed[path] = (before, entries)
    return list(entries)


def correct_story(path: Path, kind: str, a: str, b: str, note: str, by: str) -> rec.StoryEntry:
    """Record an editor's story correction (merge story `a` into `b`, move article `a` to story `b`)."""
    return rec.correct_story(path, kind, a, b, note, by)


def record_decision(
    path: Path, flag: dict[str, Any], claims: dict[str, dict[str, Any]], decision: str, note: str, by: str
) -> rec.Entry:
    """Record `decision` on the flag `flag` (a report.json discrepancy record; `claims` maps claim ids to
    report.json claim records) under the same lock and atomic write as `claimcheck reconcile`."""
    f = Flag.model_validate(flag)
    lines = {cid: rec.claim_line(claims[cid]) for cid in f.claim_ids if cid in claims}
    return rec.decide(path, f, lines, decision, note, by)
