"""The last run, read back from its report.json: what reconcile, baseline, stories and serve work from."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.errors import ClaimcheckError
from checker.models import Flag


@dataclass(frozen=True)
class LastRun:
    """A stored run: its report, its flags, each claim as a readable line, and where it was found."""

    report: dict[str, Any]
    flags: list[Flag]
    claim_lines: dict[str, str]
    where: str


def read_report(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ClaimcheckError(f"{p}: no report here (`claimcheck run --out {p.parent}` writes one)") from None
    except (OSError, ValueError) as exc:
        raise ClaimcheckError(f"{p}: cannot read the report: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("discrepancies"), list):
        raise ClaimcheckError(f"{p}: not a claimcheck report (no 'discrepancies' list)")
    from checker.report.compact import expand_report

    return expand_report(data)  # every record with all its fields, whichever form the file holds


def last_run(out: str | Path, history: str | None = None) -> LastRun:
    """The run whose reports are in `out`; when there are none, the latest run the history recorded."""
    from checker.reconcile import claim_line

    path = Path(out) / "report.json"
    if not path.exists() and history and Path(history).exists():
        from checker.history import latest_out

        recorded = latest_out(history)
        if recorded:
            path = Path(recorded) / "report.json"
    report = read_report(path)
    flags = [Flag.model_validate(r) for r in report["discrepancies"]]
    lines = {str(c.get("claim_id")): claim_line(c) for c in report.get("claims", []) if isinstance(c, dict)}
    started = (report.get("run") or {}).get("started", "?")
    return LastRun(report, flags, lines, f"the run of {started} ({path})")
