"""Render report.html: one self-contained, escaped page from the report data."""

from __future__ import annotations

from typing import Any


def render_html(report: dict[str, Any]) -> str:
    import jinja2  # lazy: only needed when a report is written

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("checker.report", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    articles = {a["article_id"]: a for a in report["articles"]}
    claims = {c["claim_id"]: c for c in report["claims"]}
    return env.get_template("report.html.j2").render(report=report, articles=articles, claims=claims)
