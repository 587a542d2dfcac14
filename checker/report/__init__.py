"""Write the run's outputs: claims.csv, discrepancies.csv, report.json and report.html (DESIGN §6)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from checker.atomic import atomic_write_text
from checker.models import CLAIM_COLUMNS, DISCREPANCY_COLUMNS, Article, Claim, Discrepancy
from checker.table import claim_row, discrepancy_row


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


def article_record(a: Article) -> dict[str, Any]:
    return {
        "article_id": a.article_id,
        "source": a.source,
        "title": a.title,
        "url": a.url,
        "outlet": a.outlet,
        "published": a.published.isoformat() if a.published else None,
        "published_basis": a.published_basis,
        "text": a.text,
        "excluded": [list(x) for x in a.excluded],
        "duplicate_of": a.duplicate_of,
        "meta": a.meta,
    }


def claim_record(c: Claim) -> dict[str, Any]:
    row = claim_row(c)
    row.update(
        {
            "kind": c.kind,
            "stance": c.stance,
            "scale": c.scale,
            "dimension": c.dimension,
            "precision": c.precision,
            "relation": c.relation,
            "revision": c.revision,
            "anomaly": c.anomaly,
            "time": c.time,
            "tz": c.tz,
        }
    )
    return row


def discrepancy_record(d: Discrepancy) -> dict[str, Any]:
    row = discrepancy_row(d)
    row.update(
        {
            "claim_ids": d.claim_ids,
            "article_ids": d.article_ids,
            "values": d.values,
            "qualifiers": d.qualifiers,
            "event": d.event,
            "first_seen": d.first_seen,
            "new_since_last_run": d.new_since_last_run,
        }
    )
    return row


def build_json(
    run: dict[str, Any],
    articles: list[Article],
    claims: list[Claim],
    flags: list[Discrepancy],
    validation: dict[str, Any],
) -> dict[str, Any]:
    return {
        "run": run,
        "articles": [article_record(a) for a in articles],
        "claims": [claim_record(c) for c in claims],
        "discrepancies": [discrepancy_record(d) for d in flags],
        "validation": validation,
    }


def write_reports(
    out_dir: str | Path, report: dict[str, Any], claims: list[Claim], flags: list[Discrepancy]
) -> dict[str, Path]:
    """Write all four files atomically; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "claims": out / "claims.csv",
        "discrepancies": out / "discrepancies.csv",
        "json": out / "report.json",
        "html": out / "report.html",
    }
    atomic_write_text(paths["claims"], csv_text([claim_row(c) for c in claims], CLAIM_COLUMNS))
    atomic_write_text(
        paths["discrepancies"], csv_text([discrepancy_row(d) for d in flags], DISCREPANCY_COLUMNS)
    )
    atomic_write_text(paths["json"], json.dumps(report, ensure_ascii=False, separators=(",", ":"), default=str) + "\n")
    from checker.report.html import render_html

    atomic_write_text(paths["html"], render_html(report))
    return paths
