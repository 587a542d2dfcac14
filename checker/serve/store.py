"""The run the server shows: report.json from --out and the decisions file, each reread when it changes."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import UsageError
from checker.serve import adapter


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass
class Run:
    """One report.json, indexed; the page is rendered once per report."""

    report: dict[str, Any]
    flags: dict[str, dict[str, Any]]
    claims: dict[str, dict[str, Any]]
    _page: str | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def page(self) -> str:
        with self._lock:
            if self._page is None:
                from checker.report.html import render_html

                self._page = render_html(self.report, serve=True)
            return self._page


class Store:
    """report.json under `out` and the reconciliation file; only these two paths are ever read, and only
    the reconciliation file is written (through checker.reconcile)."""

    def __init__(self, out: str | Path, reconciliations: str | Path) -> None:
        self.out = Path(out)
        self.report_path = self.out / "report.json"
        self.reconciliations = Path(reconciliations)
        self._lock = threading.Lock()
        self._run: Run | None = None
        self._run_stamp: tuple[int, int, int] | None = None
        self._entries: list[Any] = []
        self._entries_stamp: tuple[int, int, int] | None = None

    def run(self) -> Run:
        """The current run; a report.json replaced by a new `claimcheck run` is picked up on the next request.
        A missing or unreadable report keeps the last good one; with none at all it is a UsageError."""
        stamp = _stamp(self.report_path)
        with self._lock:
            if self._run is None or (stamp is not None and stamp != self._run_stamp):
                try:
                    self._run = self._load()
                    self._run_stamp = stamp
                except UsageError:
                    if self._run is None:
                        raise
            return self._run

    def _load(self) -> Run:
        try:
            report = json.loads(self.report_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UsageError(
                f"{self.report_path}: no report to serve; run `claimcheck run --out {self.out}` first"
            ) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UsageError(f"{self.report_path}: cannot read the report: {exc}") from exc
        if not isinstance(report, dict) or not isinstance(report.get("discrepancies"), list):
            raise UsageError(f"{self.report_path}: not a claimcheck report (no 'discrepancies' list)")
        from checker.report.compact import expand_report

        report = expand_report(report)  # report.json's compact claims and answers, with all their fields
        flags = {str(d.get("discrepancy_id")): d for d in report["discrepancies"] if isinstance(d, dict)}
        claims = {str(c.get("claim_id")): c for c in report.get("claims") or [] if isinstance(c, dict)}
        return Run(report, flags, claims)

    def entries(self) -> list[Any]:
        """The reconciliation file's entries, parsed again only when the file changed."""
        stamp = _stamp(self.reconciliations)
        with self._lock:
            if stamp is None:
                self._entries, self._entries_stamp = [], None
            elif stamp != self._entries_stamp:
                self._entries = adapter.read_entries(self.reconciliations)
                self._entries_stamp = stamp
            return self._entries

    def decide(self, flag_id: str, decision: str, note: str, by: str) -> Any:
        """Record a decision on a flag of the current run (KeyError when the run has no such flag)."""
        run = self.run()
        flag = run.flags[flag_id]
        return adapter.record_decision(self.reconciliations, flag, run.claims, decision, note, by)
