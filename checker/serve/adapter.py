"""The one place the review server touches checker.reconcile: read the decisions, record one."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

from checker import reconcile as rec
from checker.models import Claim, Discrepancy

# Parsing the file is the slow part of a decision (ruamel, milliseconds per entry): keep the entries of
# the bytes last seen, and parse again only when the bytes differ.
_parsed: dict[Path, tuple[bytes, list[rec.Entry]]] = {}
_parsed_lock = threading.Lock()


def _digest(path: Path) -> bytes | None:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except FileNotFoundError:
        return None


def _load(path: Path) -> list[rec.Entry]:
    before = _digest(path)
    if before is None:
        return []
    with _parsed_lock:
        hit = _parsed.get(path)
    if hit and hit[0] == before:
        return list(hit[1])
    entries = rec.load(path)
    if _digest(path) == before:  # unchanged while it was parsed: these entries are those bytes
        with _parsed_lock:
            _parsed[path] = (before, entries)
    return list(entries)


def read_entries(path: Path) -> list[rec.Entry]:
    """The reconciliation file's entries (a missing file has none); a malformed file raises
    ReconciliationError naming `path:line:col`."""
    return _load(path)


def _split(v: Any) -> list[str]:
    if isinstance(v, str):
        return [x for x in v.split(";") if x]
    return [str(x) for x in v or []]


def _quals(v: Any) -> dict[str, str]:
    if isinstance(v, dict):
        return {str(k): str(x) for k, x in v.items()}
    return dict(kv.split("=", 1) for kv in _split(v) if "=" in kv)


def record_decision(
    path: Path, flag: dict[str, Any], claims: dict[str, dict[str, Any]], decision: str, note: str, by: str
) -> tuple[rec.Entry, list[rec.Entry]]:
    """Record `decision` on the flag `flag` (a report.json discrepancy record; `claims` maps claim ids to
    report.json claim records) under the same lock and atomic write as `claimcheck reconcile`. Returns the
    new entry and the entries it superseded. The lead re-points this when reconcile's API changes."""
    d = Discrepancy.model_validate(
        {
            **flag,
            "qualifiers": _quals(flag.get("qualifiers")),
            "claim_ids": _split(flag.get("claim_ids")),
            "article_ids": _split(flag.get("article_ids")),
            "values": _split(flag.get("values")),
            "decision": flag.get("decision") or None,
            "note": flag.get("note") or None,
        }
    )
    by_id = {}
    for cid in d.claim_ids:
        c = claims.get(cid)
        if c is None:
            continue
        by_id[cid] = Claim.model_validate(
            {
                **c,
                "qualifiers": _quals(c.get("qualifiers")),
                "published": c.get("published") or None,
                "as_of": c.get("as_of") or None,
                "hedge": c.get("hedge") or None,
                "unit": c.get("unit") or None,
                "attribution": c.get("attribution") or None,
            }
        )
    entry = rec.entry_for(d, by_id, decision, note, by)
    with rec._editing(path):
        entries, gone = rec.upsert(_load(path), entry)
        rec.save(path, entries)
        written = _digest(path)
        if written is not None:
            with _parsed_lock:
                _parsed[path] = (written, entries)
    return entry, gone
