"""Render report.html: escaped header in HTML; flags, claims and chunked texts as embedded gzip+base64 data."""

from __future__ import annotations

import array
import base64
import gzip
import hashlib
import json
import math
import sys
from importlib import resources
from typing import Any

SEVERITIES = ("error", "warning", "info")
STATUSES = ("new", "known", "reconciled")
HEADER_LIST_CAP = 200  # skipped inputs / anomalies listed in the header; the rest are in report.json

ARTICLE_FIELDS = ["id", "source", "title", "url", "outlet", "published", "basis", "duplicate_of", "story"]
CLAIM_FIELDS = [
    "id", "a", "rule", "measure", "quals", "value", "low", "high", "li", "hi", "hedge", "unit", "as_of",
    "basis", "modality", "attribution", "quote", "start", "end", "sent", "anomaly", "revision", "kind",
]  # fmt: skip
FLAG_FIELDS = [
    "id", "check", "rule", "measure", "quals", "severity", "status", "claims", "values", "summary",
    "decision", "note", "first_seen", "new", "story", "by", "when",
]  # fmt: skip
ANSWER_FIELDS = ["flag", "value", "claims", "articles", "outlets", "attributions"]
STORY_FIELDS = ["id", "title", "articles", "first", "last", "terms"]
TEXT_CHUNK_CHARS = 200_000  # article texts are packed in chunks of about this size, unpacked when opened


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


ROW_SEP, ITEM_SEP = "\x1e", "\x1f"  # ASCII record and unit separators: never in text we keep (checked)


def _packed(ints: list[int]) -> dict[str, str] | None:
    """Non-negative integers as the bytes of a little-endian typed array, base64: the browser turns this into
    a Uint8/16/32Array without parsing 100,000 numbers one by one. None when they do not fit."""
    if ints and min(ints) < 0:
        return None
    top = max(ints, default=0)
    kind = "u8" if top < 1 << 8 else "u16" if top < 1 << 16 else "u32" if top < 1 << 32 else None
    if kind is None:
        return None
    arr = array.array(_TYPECODES[kind], ints)
    if sys.byteorder == "big":
        arr.byteswap()
    return {"t": kind, "b": base64.b64encode(arr.tobytes()).decode("ascii")}


_TYPECODES = {"u8": "B", "u16": "H", "u32": "I" if array.array("I").itemsize == 4 else "L"}


def _plain(strings: list[str]) -> bool:
    return all(s and ROW_SEP not in s and ITEM_SEP not in s for s in strings)


def _encode(col: list[Any], n: int) -> tuple[Any, list[Any] | None]:
    """One column in the most compact form that still decodes exactly; returns (column, value list)."""
    types = set(map(type, col))
    if types == {int}:
        return _packed(col) or col, None
    if types == {list}:
        flat = [x for v in col for x in v]
        kinds = set(map(type, flat))
        if kinds <= {int}:  # claim indexes of each flag
            offsets = [0]
            for v in col:
                offsets.append(offsets[-1] + len(v))
            o, v = _packed(offsets), _packed(flat)
            if o and v:
                return {"t": "ragged", "o": o, "v": v}, None
        if kinds <= {str} and _plain(flat):  # a flag's values, an answer's outlets
            return {"t": "words", "n": n, "s": ROW_SEP.join(ITEM_SEP.join(v) for v in col)}, None
        return col, None
    if types <= {str, bool, type(None)}:
        values = list(dict.fromkeys(col))  # distinct values in order of first appearance
        if len(values) <= n // 4:
            code = {v: i for i, v in enumerate(values)}
            codes = [code[v] for v in col]
            return _packed(codes) or codes, values
        if types == {str} and _plain(col):  # ids: one string, split once in the browser
            return {"t": "str", "n": n, "s": ITEM_SEP.join(col)}, None
    return col, None


def _columns(fields: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    """Rows as columns, for a 100,000-claim page that is small and quick to parse: words with few distinct
    values become codes into a list of them, integers and lists of them travel as packed typed arrays,
    other words as one joined string. Small tables stay plain JSON."""
    cols: list[Any] = []
    dicts: dict[str, list[Any]] = {}
    n = len(rows)
    for j in range(len(fields)):
        col = [r[j] for r in rows]
        if n < 32:
            cols.append(col)
            continue
        enc, values = _encode(col, n)
        cols.append(enc)
        if values is not None:
            dicts[str(j)] = values
    return {"fields": fields, "n": n, "cols": cols, "dicts": dicts}


def _unpacked(col: Any) -> list[Any]:
    if isinstance(col, list):
        return list(col)
    if col["t"] == "ragged":
        o, v = _unpacked(col["o"]), _unpacked(col["v"])
        return [v[o[i] : o[i + 1]] for i in range(len(o) - 1)]
    if col["t"] == "words":
        return [r.split(ITEM_SEP) if r else [] for r in col["s"].split(ROW_SEP)] if col["n"] else []
    if col["t"] == "str":
        return col["s"].split(ITEM_SEP) if col["n"] else []
    arr = array.array(_TYPECODES[col["t"]], base64.b64decode(col["b"]))
    if sys.byteorder == "big":
        arr.byteswap()
    return arr.tolist()


def table_rows(table: dict[str, Any]) -> list[dict[str, Any]]:
    """The inverse of _columns: one dict per row (for tests and tools)."""
    fields, dicts = table["fields"], table.get("dicts") or {}
    cols = [_unpacked(c) for c in table["cols"]]
    return [
        {f: (dicts[str(j)][cols[j][i]] if str(j) in dicts else cols[j][i]) for j, f in enumerate(fields)}
        for i in range(table["n"])
    ]


def _chunks(texts: list[str]) -> list[int]:
    """First article index of each text chunk: consecutive articles up to about TEXT_CHUNK_CHARS."""
    starts, size = [], TEXT_CHUNK_CHARS
    for i, t in enumerate(texts):
        if size >= TEXT_CHUNK_CHARS:
            starts.append(i)
            size = 0
        size += len(t)
    return starts


def _stories(report: dict[str, Any], a_index: dict[str, int]) -> list[list[Any]] | None:
    stories = report.get("stories")
    if stories is None:  # an older report: the page shows everything as one story
        return None
    return [
        [
            s.get("story_id"),
            s.get("title") or "",
            [a_index[a] for a in s.get("article_ids") or [] if a in a_index],
            s.get("first"),
            s.get("last"),
            [str(t) for t in s.get("terms") or []],
        ]
        for s in stories
    ]


def _payload(report: dict[str, Any]) -> dict[str, Any]:
    """Everything but the article texts: the flags and the claims table are drawn from this alone."""
    articles = report.get("articles") or []
    a_index = {a["article_id"]: i for i, a in enumerate(articles)}
    stories = _stories(report, a_index)
    s_index = {s[0]: i for i, s in enumerate(stories or [])}
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
            s_index.get(a.get("story_id"), -1),
        ]
        for a in articles
    ]
    flags = report.get("discrepancies") or []
    flagged = flags.claim_ids() if hasattr(flags, "claim_ids") else {i for d in flags for i in _ids(d.get("claim_ids"))}
    c_index: dict[str, int] = {}
    c_rows: list[list[Any]] = []
    claims = report.get("claims") or []
    if hasattr(claims, "page_rows"):  # a run's own claims: the rows made from them, not from their records
        c_rows = claims.page_rows(a_index, articles, flagged)
        c_index = {r[0]: i for i, r in enumerate(c_rows)}
        claims = []
    for c in claims:
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
                # flagged claims carry their sentence: the flags render without unpacking any text
                (c.get("sentence") or "")
                if c["claim_id"] in flagged
                else _sentence_ref(text, c.get("sentence") or "", start, end),
                c.get("anomaly"),
                bool(c.get("revision")),
                c.get("kind"),
            ]
        )
    f_rows: list[list[Any]] = []
    answers: list[list[Any]] = []
    if hasattr(flags, "page_rows"):  # a run's own flags: the rows made from them, not from their records
        f_rows, answers = flags.page_rows(c_index, a_index, s_index)
        flags = []
    for fi, d in enumerate(flags):
        f_rows.append(
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
                s_index.get(d.get("story_id"), -1),
                d.get("by") or "",
                d.get("when") or "",
            ]
        )
        answers += [[fi, *a] for a in _answers(d.get("answers"), c_index, a_index)]
    return {
        "version": 2,
        "articles": _columns(ARTICLE_FIELDS, a_rows),
        "claims": _columns(CLAIM_FIELDS, c_rows),
        "flags": _columns(FLAG_FIELDS, f_rows),
        "answers": _columns(ANSWER_FIELDS, answers),
        "stories": None if stories is None else {"fields": STORY_FIELDS, "rows": stories},
        "chunks": _chunks([a.get("text") or "" for a in articles]),
    }


def _answers(answers: Any, c_index: dict[str, int], a_index: dict[str, int]) -> list[list[Any]]:
    """A flag's distinct answers to its question, with claims and articles as indexes into the tables."""
    if not isinstance(answers, list):
        return []
    out = []
    for a in answers:
        if not isinstance(a, dict):
            continue
        out.append(
            [
                str(a.get("value") if a.get("value") is not None else ""),
                [c_index[i] for i in _ids(a.get("claim_ids")) if i in c_index],
                [a_index[i] for i in _ids(a.get("article_ids")) if i in a_index],
                [str(x) for x in a.get("outlets") or [] if x],
                [str(x) for x in a.get("attributions") or [] if x],
            ]
        )
    return out


def _ids(v: Any) -> list[str]:
    if isinstance(v, str):
        return [x for x in v.split(";") if x]
    return list(map(str, v or []))


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
        "n_stories": None if report.get("stories") is None else len(report.get("stories") or []),
        "by_severity": [(s, by_sev.get(s, 0)) for s in SEVERITIES],
        "by_status": [(s, by_status.get(s, 0)) for s in STATUSES]
        + [(s, n) for s, n in sorted(by_status.items()) if s not in STATUSES and n],  # e.g. changed
        "skipped": skipped[:HEADER_LIST_CAP],
        "skipped_more": max(0, len(skipped) - HEADER_LIST_CAP),
        "n_skipped": len(skipped),
        "validation": validation,
        "anomalies": anomalies[:HEADER_LIST_CAP],
        "anomalies_more": max(0, len(anomalies) - HEADER_LIST_CAP),
        "n_anomalies": len(anomalies),
        "stale": run.get("stale_reconciliations") or [],
    }


def page_csp(serve: bool = False) -> str:
    """The page's Content-Security-Policy: our own script and style by hash, nothing remote; a served page
    may also talk to its own server."""
    css, js = _static("report.css"), _static("report.js")
    connect = "connect-src 'self'; " if serve else ""
    return (
        f"default-src 'none'; script-src '{_sha256(js)}'; style-src '{_sha256(css)}'; "
        f"img-src data:; {connect}base-uri 'none'; form-action 'none'"
    )


def render_html(report: dict[str, Any], serve: bool = False) -> str:
    """The whole page as one string: no remote loads (CSP), article text only ever as data. `serve`: the
    page of `claimcheck serve`, which lets editors record decisions on it."""
    import jinja2  # lazy: only needed when a report is written
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("checker.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    css, js = _static("report.css"), _static("report.js")
    texts = [a.get("text") or "" for a in report.get("articles") or []]
    starts = _chunks(texts)
    ends = [*starts[1:], len(texts)] if starts else []
    return env.get_template("report.html.j2").render(
        h=_header(report),
        csp=page_csp(serve),
        serve=serve,
        css=Markup(css),  # our own static file, checked above; must stay byte-identical for its CSP hash
        js=Markup(js),
        blob=encode_payload(_payload(report)),
        chunks=[encode_payload(texts[a:b]) for a, b in zip(starts, ends, strict=True)],
    )
