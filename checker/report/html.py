"""Render report.html: escaped header in HTML; flags, claims and texts as embedded gzip+base64 data."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import math
from importlib import resources
from typing import Any

SEVERITIES = ("error", "warning", "info")
STATUSES = ("new", "known", "reconciled")
HEADER_LIST_CAP = 200  # skipped inputs / anomalies listed in the header; the rest are in report.json

ARTICLE_FIELDS = ["id", "source", "title", "url", "outlet", "published", "basis", "duplicate_of"]
CLAIM_FIELDS = [
    "id",
    "a",
    "rule",
    "measure",
    "quals",
    "value",
    "low",
    "high",
    "li",
    "hi",
    "hedge",
    "unit",
    "as_of",
    "basis",
    "modality",
    "attribution",
    "quote",
    "start",
    "end",
    "sent",
    "anomaly",
    "revision",
    "kind",
]
FLAG_FIELDS = [
    "id",
    "check",
    "rule",
    "measure",
    "quals",
    "severity",
    "status",
    "claims",
    "values",
    "summary",
    "decision",
    "note",
    "first_seen",
    "new",
]


def _static(name: str) -> str:
    text = (resources.files("checker.report") / "static" / name).read_text(encoding="utf-8")
    low = text.lower()
    if "</script" in low or "</style" in low:
        raise ValueError(f"static/{name} must not contain a closing </script> or </style>")
    return text


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _bound(x: Any) -> float | None:
    """A finite number, or None for an open end (inf, -inf, nan, missing)."""
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f):
        return None
    return int(f) if f.is_integer() else f


def _quals(q: Any) -> str:
    if isinstance(q, dict):
        return ";".join(f"{k}={q[k]}" for k in sorted(q))
    return str(q or "")


def _sentence_ref(text: str, sentence: str, start: int, end: int) -> list[int] | str:
    """Offsets of the claim's sentence in the article text when found around the figure, else the sentence."""
    if sentence and text:
        s0 = text.find(sentence, max(0, start - len(sentence)))
        if 0 <= s0 <= start and end <= s0 + len(sentence):
            return [s0, s0 + len(sentence)]
    return sentence or ""


def _texts(report: dict[str, Any]) -> list[str]:
    return [a.get("text") or "" for a in report.get("articles") or []]


def _payload(report: dict[str, Any]) -> dict[str, Any]:
    """Everything but the article texts: the flags can be drawn from this alone."""
    articles = report.get("articles") or []
    a_index = {a["article_id"]: i for i, a in enumerate(articles)}
    a_rows = [
        [
            a.get("article_id"),
            a.get("source"),
            a.get("title"),
            a.get("url"),
            a.get("outlet"),
            a.get("published"),
            a.get("published_basis"),
            a.get("duplicate_of"),
        ]
        for a in articles
    ]
    flagged = {i for d in report.get("discrepancies") or [] for i in _ids(d.get("claim_ids"))}
    c_index: dict[str, int] = {}
    c_rows: list[list[Any]] = []
    for c in report.get("claims") or []:
        ai = a_index.get(c.get("article_id"), -1)
        text = (articles[ai].get("text") or "") if ai >= 0 else ""
        start, end = int(c.get("start") or 0), int(c.get("end") or 0)
        c_index[c["claim_id"]] = len(c_rows)
        c_rows.append(
            [
                c["claim_id"],
                ai,
                c.get("rule_id"),
                c.get("measure"),
                _quals(c.get("qualifiers")),
                # the figure as written ("over 750"): a claim's value is the bare number
                c.get("value") if isinstance(c.get("value"), str) else c.get("quote"),
                _bound(c.get("low")),
                _bound(c.get("high")),
                bool(c.get("low_inclusive", True)),
                bool(c.get("high_inclusive", True)),
                c.get("hedge") or "",
                c.get("unit") or "",
                c.get("as_of") or "",
                c.get("as_of_basis") or "unknown",
                c.get("modality") or "",
                c.get("attribution") or "",
                c.get("quote") or "",
                start,
                end,
                # flagged claims carry their sentence: the flags render before the texts are unpacked
                (c.get("sentence") or "")
                if c["claim_id"] in flagged
                else _sentence_ref(text, c.get("sentence") or "", start, end),
                c.get("anomaly"),
                bool(c.get("revision")),
                c.get("kind"),
            ]
        )
    f_rows = [
        [
            d["discrepancy_id"],
            d.get("check"),
            d.get("rule_id"),
            d.get("measure"),
            _quals(d.get("qualifiers")),
            d.get("severity"),
            d.get("status"),
            [c_index[i] for i in _ids(d.get("claim_ids")) if i in c_index],
            _ids(d.get("values")),
            d.get("summary") or "",
            d.get("decision") or "",
            d.get("note") or "",
            d.get("first_seen"),
            d.get("new_since_last_run"),
        ]
        for d in report.get("discrepancies") or []
    ]
    return {
        "version": 1,
        "articles": {"fields": ARTICLE_FIELDS, "rows": a_rows},
        "claims": {"fields": CLAIM_FIELDS, "rows": c_rows},
        "flags": {"fields": FLAG_FIELDS, "rows": f_rows},
    }


def _ids(v: Any) -> list[str]:
    if isinstance(v, str):
        return [x for x in v.split(";") if x]
    return [str(x) for x in v or []]


def encode_payload(payload: Any) -> str:
    """JSON -> gzip (deterministic) -> base64: only [A-Za-z0-9+/=], so nothing in it can end the <script>."""
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str)
    return base64.b64encode(gzip.compress(raw.encode("utf-8"), compresslevel=6, mtime=0)).decode("ascii")


def decode_payload(blob: str) -> Any:
    """The inverse of encode_payload (for tests and tools)."""
    return json.loads(gzip.decompress(base64.b64decode(blob)).decode("utf-8"))


def _header(report: dict[str, Any]) -> dict[str, Any]:
    run = report.get("run") or {}
    validation = report.get("validation") or {}
    flags = report.get("discrepancies") or []
    by_sev = run.get("by_severity") or {s: sum(d.get("severity") == s for d in flags) for s in SEVERITIES}
    by_status = run.get("by_status") or {s: sum(d.get("status") == s for d in flags) for s in STATUSES}
    skipped = run.get("skipped") or []
    anomalies = validation.get("anomalies") or []
    return {
        "run": run,
        "n_articles": len(report.get("articles") or []),
        "n_claims": len(report.get("claims") or []),
        "n_flags": len(flags),
        "by_severity": [(s, by_sev.get(s, 0)) for s in SEVERITIES],
        "by_status": [(s, by_status.get(s, 0)) for s in STATUSES],
        "skipped": skipped[:HEADER_LIST_CAP],
        "skipped_more": max(0, len(skipped) - HEADER_LIST_CAP),
        "n_skipped": len(skipped),
        "validation": validation,
        "anomalies": anomalies[:HEADER_LIST_CAP],
        "anomalies_more": max(0, len(anomalies) - HEADER_LIST_CAP),
        "n_anomalies": len(anomalies),
        "stale": run.get("stale_reconciliations") or [],
    }


def render_html(report: dict[str, Any]) -> str:
    """The whole page as one string: no remote loads (CSP), article text only ever as data."""
    import jinja2  # lazy: only needed when a report is written
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("checker.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    css, js = _static("report.css"), _static("report.js")
    csp = (
        f"default-src 'none'; script-src '{_sha256(js)}'; style-src '{_sha256(css)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return env.get_template("report.html.j2").render(
        h=_header(report),
        csp=csp,
        css=Markup(css),  # our own static file, checked above; must stay byte-identical for its CSP hash
        js=Markup(js),
        blob=encode_payload(_payload(report)),
        texts=encode_payload(_texts(report)),
    )
