"""report.json's compact records and their expansion: claims and flags without what the article records and
the flag itself already hold (DESIGN §6), so the report stays near the size of the text it reports on.

Format 4 (the default) keeps `claims` a list of records, each without what the report holds elsewhere:
`source`, `published`, `story_id` are its article's; `as_of` is left out when it is the article's date
(`as_of_basis` article_date), `low` and `high` when both are `value`, `rule_id` when it is the measure's
family; `sentence` is a span of the article text, `sentence_at`, or nothing when it is the last span of its
article's `claim_sentences` that starts at or before the figure; every other field is left out at its
measure's usual value (`claim_defaults`, by measure) or, failing that, at DEFAULTS.
Format 2 (CLAIMCHECK_REPORT_FORMAT=2) keeps every CSV field in each claim (`sentence` too, as text), and of
the fields beyond the CSV (kind, stance, scale, ...) only those not at their default in DEFAULTS.
In both, a compact flag has every CSV field; its `answers` are lists of indexes into its `claim_ids`, one per
value in `values`, and each answer's articles, outlets and attributions follow from those claims.
Format 3 (CLAIMCHECK_REPORT_FORMAT=3) keeps the flags and articles of format 2 and writes the claims as
one table, each repeated text stored once: `{"columns": [...], "rows": [[...]...], "values": {column: [...]}}`;
a column named in `values` holds in each row an index into that list (see `TABLE_RECIPE`).
`expand_report` gives back the full records of any of them; it leaves a report of full records as it is."""

from __future__ import annotations

import bisect
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from checker.models import CLAIM_COLUMNS, Article, Claim, Flag, qualifiers_text
from checker.table import claim_row, discrepancy_row

RECORD_FORMAT = 2  # report.json's "format.version": 2 = claims with every CSV field, compact answers
TABLE_FORMAT = 3  # 3 = format 2's flags and articles, the claims as one table with repeated texts stored once
FORMAT = 4  # 4, the default = format 2's flags, claims as records without what the report holds elsewhere
FORMATS = (RECORD_FORMAT, TABLE_FORMAT, FORMAT)
FORMAT_ENV = "CLAIMCHECK_REPORT_FORMAT"  # which one `claimcheck run` writes; 4 unless set

# claim fields left out when they have these values; the internal frame fields after the CSV ones
DEFAULTS: dict[str, Any] = {
    "qualifiers": "", "hedge": "", "unit": "", "attribution": "", "low_inclusive": True, "high_inclusive": True,
    "as_of_basis": "article_date", "modality": "reported",
    "kind": "stock", "stance": "asserted", "scale": 1.0, "dimension": None, "precision": 1.0, "relation": None,
    "revision": False, "anomaly": None, "time": None, "tz": None, "zero": 0.0,
}  # fmt: skip; precision 1.0 is the usual value (whole numbers), not the model's default: None is written out
FROM_ARTICLE = ("source", "published", "story_id")
CSV_FIELDS = frozenset(CLAIM_COLUMNS)
# in report.json, not claims.csv
INTERNAL = ("kind", "stance", "scale", "dimension", "precision", "relation", "revision", "anomaly", "time", "tz",
            "zero")
FLAG_DEFAULTS: dict[str, Any] = {"decision": "", "note": "", "slot": "", "reasons": [], "by": None, "when": None,
                                 "qualifiers": {}, "first_seen": None, "new_since_last_run": None}  # fmt: skip


def family(measure: str) -> str:
    cut = [i for i in (measure.find("."), measure.find(":")) if i >= 0]
    return measure[: min(cut)] if cut else measure


def full_claim(c: Claim, story_id: str, anomaly: str | None) -> dict[str, Any]:
    """A claim with every field: the CSV columns in order, then the internal frame fields."""
    row = claim_row(c, story_id)
    row.update(kind=c.kind, stance=c.stance, scale=c.scale, dimension=c.dimension, precision=c.precision,
               relation=c.relation, revision=c.revision, anomaly=anomaly, time=c.time, tz=c.tz,
               zero=c.zero)  # fmt: skip
    return row


def compact_claim(c: Claim, article: Article | None, story_id: str, anomaly: str | None) -> dict[str, Any]:
    row = full_claim(c, story_id, anomaly)
    out: dict[str, Any] = {}
    text = article.text if article is not None else None
    held = _article_fields(article, story_id) if article is not None else {}
    for key, value in row.items():
        if key in CSV_FIELDS:
            out[key] = value  # DESIGN §6: a claim in report.json has every field of claims.csv
            continue
        if key in DEFAULTS and value == DEFAULTS[key]:
            continue
        if key in held and value == held[key]:
            continue
        if key == "rule_id" and value == family(c.measure):
            continue
        if key == "as_of" and row["as_of_basis"] == "article_date" and held and value == held["published"]:
            continue
        if key == "quote" and text is not None and text[c.start : c.end] == value:
            continue
        if key == "sentence" and text is not None:
            at = _sentence_at(text, value, c.start, c.end)
            if at is not None:
                out["sentence_at"] = at
                continue
        out[key] = value
    return out


def _article_fields(article: Article, story_id: str) -> dict[str, Any]:
    published = article.published.isoformat() if article.published else ""
    return {"source": article.source, "published": published, "story_id": story_id}


def _sentence_at(text: str, sentence: str, start: int, end: int) -> list[int] | None:
    """Offsets of the claim's sentence in the text, looked for around the figure only (linear in the sentence)."""
    if not sentence:
        return None
    s0 = text.find(sentence, max(0, start - len(sentence)), end + len(sentence))
    if 0 <= s0 <= start and end <= s0 + len(sentence):
        return [s0, s0 + len(sentence)]
    return None


def full_flag(f: Flag) -> dict[str, Any]:
    """A flag with every field: the CSV columns (lists as lists) and its question and answers in full."""
    row = discrepancy_row(f)
    row.update(claim_ids=f.claim_ids, article_ids=f.article_ids, values=f.values, qualifiers=f.qualifiers,
               slot=f.slot, answers=[a.model_dump() for a in f.answers], reasons=f.reasons, by=f.by, when=f.when,
               first_seen=f.first_seen, new_since_last_run=f.new_since_last_run)  # fmt: skip
    return row


def compact_flag(f: Flag) -> dict[str, Any]:
    row = full_flag(f)
    index = {cid: i for i, cid in enumerate(f.claim_ids)}
    row["answers"] = [[index[cid] for cid in a.claim_ids] for a in f.answers]
    return {k: v for k, v in row.items() if not (k in FLAG_DEFAULTS and v == FLAG_DEFAULTS[k])}


# -- format 4: claims as records without what the report holds elsewhere -----------------------------------
CLAIM_DEFAULTS = "claim_defaults"  # report.json's field: measure -> {field: the usual value of its claims}
CLAIM_SENTENCES = "claim_sentences"  # an article record's field: the spans of its claims' sentences, sorted
ALWAYS = ("claim_id", "article_id", "measure", "value", "quote", "start", "end")  # in every claim record


class Slim:
    """What format 4 writes claims against: each measure's usual values and each article's sentence spans, from
    one pass over the claims (linear in them and their sentences)."""

    def __init__(self, claims: Sequence[Claim], articles: Mapping[str, Article], story_of: Mapping[str, str],
                 anomalies: Mapping[str, str]) -> None:  # fmt: skip
        frames: dict[str, list[tuple[Any, ...]]] = defaultdict(list)  # measure -> its claims' DEFAULTS fields
        spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
        self.measures: dict[str, set[str]] = defaultdict(set)  # article id -> the measures of its claims
        self.sentence_at: dict[int, list[int] | None] = {}  # id(claim) -> its sentence's span, found once
        self.claims = claims  # the claims `sentence_at` is keyed by stay alive (an id is never reused) with it
        for c in claims:
            frames[c.measure].append(frame_of(c, anomalies.get(c.claim_id)))
            self.measures[c.article_id].add(c.measure)
            article = articles.get(c.article_id)
            at = _sentence_at(article.text, c.sentence, c.start, c.end) if article is not None else None
            self.sentence_at[id(c)] = at
            if at is not None:
                spans[c.article_id].add((at[0], at[1]))
        self.defaults: dict[str, dict[str, Any]] = {}
        for measure, rows in frames.items():
            usual = {}
            for key, column in zip(DEFAULTS, zip(*rows, strict=True), strict=True) if len(rows) > 1 else ():
                ((value, n),) = Counter(column).most_common(1)  # a field holds one type: 1 and True never mix
                if n > 1 and not _same(value, DEFAULTS[key]):  # one claim's values stay with that claim
                    usual[key] = value
            if usual:
                self.defaults[measure] = usual
        self.base = {m: {**DEFAULTS, **usual} for m, usual in self.defaults.items()}
        self.spans = {aid: sorted(s) for aid, s in spans.items()}

    def article_spans(self, article_id: str) -> list[list[int]]:
        return [list(s) for s in self.spans.get(article_id, [])]

    def claim(self, c: Claim, article: Article | None, story_id: str, anomaly: str | None) -> dict[str, Any]:
        at = self.sentence_at.get(id(c), _UNKNOWN)
        return slim_claim(full_claim(c, story_id, anomaly), article, self.base.get(c.measure, DEFAULTS),
                          self.spans.get(c.article_id, []), at)  # fmt: skip


def frame_of(c: Claim, anomaly: str | None) -> tuple[Any, ...]:
    """The claim's fields named in DEFAULTS, in that order, as full_claim gives them (without making the whole
    record: this runs once more per claim; tests/test_report_compact.py holds the two to one another)."""
    return (qualifiers_text(c.qualifiers), c.hedge or "", c.unit or "", c.attribution or "", c.low_inclusive,
            c.high_inclusive, c.as_of_basis, c.modality, c.kind, c.stance, c.scale, c.dimension, c.precision,
            c.relation, c.revision, anomaly, c.time, c.tz, c.zero)  # fmt: skip


_UNKNOWN: Any = object()  # a claim's sentence span not worked out yet


def slim_claim(row: Mapping[str, Any], article: Article | None, base: Mapping[str, Any],
               spans: Sequence[tuple[int, int]], at: Any = _UNKNOWN) -> dict[str, Any]:  # fmt: skip
    """A full claim record as format 4 writes it (see the module's docstring). `base`: DEFAULTS with the claim's
    measure's usual values over them; `at`: its sentence's span in the article text, when already found."""
    out = {k: row[k] for k in ALWAYS}
    value = row["value"]
    if not (_same(row["low"], value) and _same(row["high"], value)):
        out["low"], out["high"] = row["low"], row["high"]
    if row["rule_id"] != family(str(row["measure"])):
        out["rule_id"] = row["rule_id"]
    if article is None:
        out.update((k, row[k]) for k in (*FROM_ARTICLE, "as_of", "sentence"))
    else:
        held = _article_fields(article, str(row["story_id"]))
        out.update((k, row[k]) for k in FROM_ARTICLE if row[k] != held[k])
        if not (row["as_of_basis"] == "article_date" and row["as_of"] == held["published"]):
            out["as_of"] = row["as_of"]
        if at is _UNKNOWN:
            at = _sentence_at(article.text, str(row["sentence"]), int(row["start"]), int(row["end"]))
        if at is None:
            out["sentence"] = row["sentence"]  # not found around the figure: the text itself
        elif _span_of(spans, int(row["start"])) != (at[0], at[1]):
            out["sentence_at"] = at
    for key, default in base.items():
        v = row[key]
        if v != default or type(v) is not type(default):
            out[key] = v
    return out


def _span_of(spans: Sequence[Sequence[int]], start: int) -> tuple[int, int] | None:
    """The last span that starts at or before `start`: a claim's sentence when it names none of its own."""
    i = bisect.bisect_right(spans, start, key=operator.itemgetter(0)) - 1
    return (int(spans[i][0]), int(spans[i][1])) if i >= 0 else None


def _same(a: Any, b: Any) -> bool:
    """Equal and of one type, so a value left out comes back as it was written (1 is not 1.0, nor True)."""
    return type(a) is type(b) and a == b


# -- format 3: the claims as one table ----------------------------------------------------------------------
# the CSV's text columns (claim_id, unique, stays inline): each distinct text once, rows hold its index
TEXT_COLUMNS = ("article_id", "source", "published", "rule_id", "measure", "qualifiers", "hedge", "unit", "as_of",
                "as_of_basis", "modality", "attribution", "quote", "sentence", "story_id")  # fmt: skip
FRAME = "frame"  # the table's last column: the fields beyond the CSV that are not at their default, as one object
TABLE_COLUMNS = (*CLAIM_COLUMNS, FRAME)
TABLE_RECIPE = ('t = report["claims"]; claims = [{k: t["values"][k][v] if k in t["values"] else v '
                'for k, v in zip(t["columns"], row)} for row in t["rows"]]')  # what docs/scale.md tells scripts


def written_format() -> int:
    """The format `claimcheck run` writes: CLAIMCHECK_REPORT_FORMAT when it names one, else 4."""
    import os

    want = os.environ.get(FORMAT_ENV, "").strip()
    return int(want) if want in {str(f) for f in FORMATS} else FORMAT


class ClaimTable:
    """Format 3's claims: `row` makes one claim's row as it is written, `values` the lists its indexes point into."""

    def __init__(self) -> None:
        self.index: dict[str, dict[Any, int]] = {k: {} for k in (*TEXT_COLUMNS, FRAME)}
        self.lists: dict[str, list[Any]] = {k: [] for k in (*TEXT_COLUMNS, FRAME)}

    def _at(self, column: str, key: Any, value: Any) -> int:
        seen = self.index[column]
        at = seen.get(key)
        if at is None:
            at = seen[key] = len(seen)
            self.lists[column].append(value)
        return at

    def row(self, c: Claim, story_id: str, anomaly: str | None) -> list[Any]:
        full = full_claim(c, story_id, anomaly)
        out: list[Any] = []
        for key in CLAIM_COLUMNS:
            value = full[key]
            out.append(self._at(key, value, value) if key in self.index else value)
        frame = {k: full[k] for k in INTERNAL if full[k] != DEFAULTS[k]}
        out.append(self._at(FRAME, _frame_key(frame), frame))
        return out

    def values(self) -> dict[str, list[Any]]:
        return self.lists


def _frame_key(frame: Mapping[str, Any]) -> Any:
    try:
        key = tuple(frame.items())
        hash(key)
        return key
    except TypeError:  # a list or object among the values: its JSON text tells it apart
        import json

        return json.dumps(frame, sort_keys=True, default=str)


def table_claims(table: Mapping[str, Any]) -> list[Any]:
    """Format 3's claim table as full claim records (every CSV field, then the fields beyond it)."""
    columns = [str(k) for k in table.get("columns") or []]
    values = table.get("values") or {}
    out: list[Any] = []
    for row in table.get("rows") or []:
        if not isinstance(row, list):
            out.append(row)
            continue
        c: dict[str, Any] = {}
        for key, v in zip(columns, row, strict=False):  # a short or long row: what it holds
            pool = values.get(key)
            c[key] = pool[v] if isinstance(pool, list) and isinstance(v, int) and 0 <= v < len(pool) else v
        frame = c.pop(FRAME, None)
        frame = frame if isinstance(frame, dict) else {}
        full = {k: c.get(k, "") for k in CLAIM_COLUMNS}
        full.update((k, frame.get(k, DEFAULTS[k])) for k in INTERNAL)
        full.update((k, v) for k, v in {**c, **frame}.items() if k not in full)  # columns of later versions
        out.append(full)
    return out


# -- reading back -----------------------------------------------------------------------------------------
def expand_report(report: dict[str, Any]) -> dict[str, Any]:
    """The report with full claim and flag records (what build_json gives); a full report comes back as it is."""
    version = (report.get("format") or {}).get("version") if isinstance(report, dict) else None
    if version not in FORMATS:
        return report
    written = [a for a in report.get("articles") or [] if isinstance(a, dict)]
    spans = {str(a.get("article_id")): a[CLAIM_SENTENCES] for a in written if _spans_ok(a.get(CLAIM_SENTENCES))}
    records = [expand_article(a) if isinstance(a, dict) else a for a in report.get("articles") or []]
    articles = {str(a.get("article_id")): a for a in records if isinstance(a, dict)}
    table = report.get("claims")
    if version == TABLE_FORMAT and isinstance(table, dict):
        claims = table_claims(table)
    elif version == FORMAT:
        usual = report.get(CLAIM_DEFAULTS)
        usual = usual if isinstance(usual, dict) else {}
        claims = [expand_claim(c, articles.get(str(c.get("article_id"))), usual.get(str(c.get("measure"))) or {},
                               spans.get(str(c.get("article_id"))) or []) if isinstance(c, dict) else c
                  for c in report.get("claims") or []]  # fmt: skip
    else:
        claims = [expand_claim(c, articles.get(str(c.get("article_id")))) if isinstance(c, dict) else c
                  for c in report.get("claims") or []]  # fmt: skip
    by_id = {str(c.get("claim_id")): c for c in claims if isinstance(c, dict)}
    outlets = _Outlets(articles)
    flags = [expand_flag(d, by_id, outlets) if isinstance(d, dict) else d for d in report.get("discrepancies") or []]
    return {**{k: v for k, v in report.items() if k not in ("format", CLAIM_DEFAULTS)}, "articles": records,
            "claims": claims, "discrepancies": flags}  # fmt: skip


ARTICLE_FIELDS = ["article_id", "source", "title", "url", "outlet", "published", "published_basis", "story_id",
                  "story_why", "text", "excluded", "duplicate_of", "meta"]  # fmt: skip
ARTICLE_DEFAULTS: dict[str, Any] = {"story_why": None, "excluded": [], "duplicate_of": None, "meta": {}}


def expand_article(a: Mapping[str, Any]) -> dict[str, Any]:
    full = {**ARTICLE_DEFAULTS, **a}
    return {k: full[k] for k in ARTICLE_FIELDS if k in full} | {
        k: v for k, v in a.items() if k not in ARTICLE_FIELDS and k != CLAIM_SENTENCES}


def _spans_ok(spans: Any) -> bool:
    return isinstance(spans, list) and all(
        isinstance(s, list) and len(s) == 2 and all(isinstance(x, int) for x in s) for s in spans)


def expand_claim(c: Mapping[str, Any], article: Mapping[str, Any] | None, usual: Mapping[str, Any] | None = None,
                 spans: Sequence[Sequence[int]] = ()) -> dict[str, Any]:  # fmt: skip
    """A claim record with every field, from its article and DEFAULTS; in format 4 also from its measure's
    usual values (`usual`) and the article's claim sentences (`spans`), low and high at the value."""
    a = article or {}
    text = str(a.get("text") or "")
    usual = usual or {}
    out: dict[str, Any] = {}
    basis = c.get("as_of_basis", usual.get("as_of_basis", DEFAULTS["as_of_basis"]))
    for key in [*CLAIM_COLUMNS, *INTERNAL]:
        if key in c:
            out[key] = c[key]
        elif key in FROM_ARTICLE:
            out[key] = a.get(key) or ""
        elif key == "rule_id":
            out[key] = family(str(c.get("measure") or ""))
        elif key in ("low", "high"):
            out[key] = c.get("value")
        elif key == "as_of":
            out[key] = (a.get("published") or "") if basis == "article_date" else ""
        elif key == "quote":
            out[key] = text[int(c.get("start") or 0) : int(c.get("end") or 0)]
        elif key == "sentence":
            at = c.get("sentence_at")
            if not (isinstance(at, list) and len(at) == 2):
                at = _span_of(spans, int(c.get("start") or 0)) if spans else None
            out[key] = text[int(at[0]) : int(at[1])] if at else ""
        elif key in DEFAULTS:
            out[key] = usual.get(key, DEFAULTS[key])
    out.update((k, v) for k, v in c.items() if k not in out and k != "sentence_at")  # fields of later versions
    return out


class _Outlets:
    """Who published an article record, as checker.flags.outlet_of says, worked out once per article."""

    def __init__(self, articles: Mapping[str, Mapping[str, Any]]) -> None:
        self.articles = articles
        self.known: dict[str, str] = {}

    def __call__(self, article_id: str) -> str:
        if article_id not in self.known:
            from checker.flags import outlet_of

            a = self.articles.get(article_id)
            record = Article(article_id=article_id, source=str((a or {}).get("source") or ""), text="",
                             outlet=(a or {}).get("outlet"), url=(a or {}).get("url"))  # fmt: skip
            self.known[article_id] = outlet_of(record) if a is not None else ""
        return self.known[article_id]


def expand_flag(d: Mapping[str, Any], claims: Mapping[str, Mapping[str, Any]], outlet: _Outlets) -> dict[str, Any]:
    out = {**FLAG_DEFAULTS, **d}
    ids = [str(x) for x in d.get("claim_ids") or []]
    values = [str(x) for x in d.get("values") or []]
    answers = d.get("answers") or []
    if answers and all(isinstance(a, list) for a in answers):
        out["answers"] = [_answer(values[i] if i < len(values) else "", [ids[j] for j in group if j < len(ids)],
                                  claims, outlet) for i, group in enumerate(answers)]  # fmt: skip
    # keep the field order of full_flag
    order = [*discrepancy_row_keys(), "slot", "answers", "reasons", "by", "when", "first_seen", "new_since_last_run"]
    return {k: out[k] for k in order if k in out} | {k: v for k, v in out.items() if k not in order}


def _answer(value: str, ids: Sequence[str], claims: Mapping[str, Mapping[str, Any]], outlet: _Outlets
            ) -> dict[str, Any]:  # fmt: skip
    found = [claims[i] for i in ids if i in claims]
    articles = sorted({str(c.get("article_id")) for c in found})
    return {"value": value, "claim_ids": sorted(ids), "article_ids": articles,
            "outlets": sorted({outlet(a) for a in articles} - {""}),
            "attributions": sorted({str(c["attribution"]) for c in found if c.get("attribution")})}  # fmt: skip


def discrepancy_row_keys() -> list[str]:
    from checker.models import DISCREPANCY_COLUMNS

    return list(DISCREPANCY_COLUMNS)


def iter_full_claims(claims: Iterable[Claim], story_of: Mapping[str, str], anomalies: Mapping[str, str]
                     ) -> Iterator[dict[str, Any]]:  # fmt: skip
    for c in claims:
        yield full_claim(c, story_of.get(c.article_id, ""), anomalies.get(c.claim_id))
