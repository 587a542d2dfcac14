"""Write the run's outputs: claims.csv, discrepancies.csv, report.json and report.html (DESIGN §6)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.atomic import atomic_write_text
from checker.models import CLAIM_COLUMNS, DISCREPANCY_COLUMNS, Article, Claim, Flag
from checker.table import claim_row, discrepancy_row

if TYPE_CHECKING:
    from checker.app import RunResult


def csv_text(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """RFC 4180 CSV: header row, every row in column order, CRLF line ends, quotes where needed."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for r in rows:
        writer.writerow({k: _cell(v) for k, v in r.items()})
    return buf.getvalue()


def _cell(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def article_record(a: Article, story_id: str) -> dict[str, Any]:
    return {
        "article_id": a.article_id,
        "source": a.source,
        "title": a.title,
        "url": a.url,
        "outlet": a.outlet,
        "published": a.published.isoformat() if a.published else None,
        "published_basis": a.published_basis,
        "story_id": story_id,
        "text": a.text,
        "excluded": [list(x) for x in a.excluded],
        "duplicate_of": a.duplicate_of,
        "meta": a.meta,
    }


def claim_record(c: Claim, story_id: str, anomaly: str | None) -> dict[str, Any]:
    row = claim_row(c, story_id)
    row.update(
        {
            "kind": c.kind,
            "relation": c.relation,
            "revision": c.revision,
            "stance": c.stance,
            "anomaly": anomaly,
            "time": c.time,
            "tz": c.tz,
        }
    )
    return row


def flag_record(f: Flag) -> dict[str, Any]:
    row = discrepancy_row(f)
    row.update(
        {
            "claim_ids": f.claim_ids,
            "article_ids": f.article_ids,
            "values": f.values,
            "qualifiers": f.qualifiers,
            "slot": f.slot,
            "answers": [a.model_dump() for a in f.answers],
            "reasons": f.reasons,
            "by": f.by,
            "when": f.when,
            "first_seen": f.first_seen,
            "new_since_last_run": f.new_since_last_run,
        }
    )
    return row


def story_records(result: RunResult) -> list[dict[str, Any]]:
    counts: dict[str, dict[str, int]] = {
        s.story_id: {"error": 0, "warning": 0, "info": 0} for s in result.stories.stories
    }
    for f in result.flags:
        counts.setdefault(f.story_id, {"error": 0, "warning": 0, "info": 0})[f.severity] += 1
    return [
        {
            "story_id": s.story_id,
            "title": s.title,
            "article_ids": list(s.article_ids),
            "first": s.first.isoformat() if s.first else None,
            "last": s.last.isoformat() if s.last else None,
            "terms": list(s.terms),
            "flags": counts[s.story_id],
        }
        for s in result.stories.stories
    ]


def build_json(result: RunResult) -> dict[str, Any]:
    """report.json (DESIGN §6): run info, articles, stories, claims, flags and validation."""
    story_of = result.stories.story_of
    return {
        "run": result.info,
        "articles": [article_record(a, story_of.get(a.article_id, "")) for a in result.articles],
        "stories": story_records(result),
        "claims": [claim_record(c, story_of.get(c.article_id, ""), result.anomalies.get(c.claim_id))
                   for c in result.claims],
        "discrepancies": [flag_record(f) for f in result.flags],
        "validation": result.validation,
    }


def write_reports(out_dir: str | Path, result: RunResult) -> dict[str, Path]:
    """Write all four files atomically; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "claims": out / "claims.csv",
        "discrepancies": out / "discrepancies.csv",
        "json": out / "report.json",
        "html": out / "report.html",
    }
    story_of = result.stories.story_of
    claim_rows = [claim_row(c, story_of.get(c.article_id, "")) for c in result.claims]
    atomic_write_text(paths["claims"], csv_text(claim_rows, CLAIM_COLUMNS))
    atomic_write_text(paths["discrepancies"], csv_text([discrepancy_row(f) for f in result.flags], DISCREPANCY_COLUMNS))
    report = build_json(result)
    atomic_write_text(paths["json"], json.dumps(report, ensure_ascii=False, separators=(",", ":"), default=str) + "\n")
    from checker.report.html import render_html

    atomic_write_text(paths["html"], render_html(report))
    return paths
