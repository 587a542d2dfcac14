"""report.json's compact records and their expansion: claims and flags without what the article records and
the flag itself already hold (DESIGN §6), so the report stays near the size of the text it reports on.

A compact claim has every CSV field (the contract: scripts read `quote`, `sentence`, `source` from each
claim), and of the fields beyond the CSV (kind, stance, scale, ...) only those not at their default in DEFAULTS.
A compact flag has every CSV field; its `answers` are lists of indexes into its `claim_ids`, one per value
in `values`, and each answer's articles, outlets and attributions follow from those claims.
`expand_report` gives back the full records; it leaves a report of full records as it is."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from checker.models import CLAIM_COLUMNS, Article, Claim, Flag
from checker.table import claim_row, discrepancy_row

FORMAT = 2  # report.json's "format.version": 2 = compact claims and answers

# claim fields left out when they have these values; the internal frame fields after the CSV ones
DEFAULTS: dict[str, Any] = {
    "qualifiers": "", "hedge": "", "unit": "", "attribution": "", "low_inclusive": True, "high_inclusive": True,
    "as_of_basis": "article_date", "modality": "reported",
    "kind": "stock", "stance": "asserted", "scale": 1.0, "dimension": None, "precision": 1.0, "relation": None,
    "revision": False, "anomaly": None, "time": None, "tz": None,
}  # fmt: skip; precision 1.0 is the usual value (whole numbers), not the model's default: None is written out
FROM_ARTICLE = ("source", "published", "story_id")
CSV_FIELDS = frozenset(CLAIM_COLUMNS)
# in report.json, not claims.csv
INTERNAL = ("kind", "stance", "scale", "dimension", "precision", "relation", "revision", "anomaly", "time", "tz")
FLAG_DEFAULTS: dict[str, Any] = {"decision": "", "note": "", "slot": "", "reasons": [], "by": None, "when": None,
                                 "qualifiers": {}, "first_seen": None, "new_since_last_run": None}  # fmt: skip


def family(measure: str) -> str:
    cut = [i for i in (measure.find("."), measure.find(":")) if i >= 0]
    return measure[: min(cut)] if cut else measure


def full_claim(c: Claim, story_id: str, anomaly: str | None) -> dict[str, Any]:
    """A claim with every field: the CSV columns in order, then the internal frame fields."""
    row = claim_row(c, story_id)
    row.update(kind=c.kind, stance=c.stance, scale=c.scale, dimension=c.dimension, precision=c.precision,
               relation=c.relation, revision=c.revision, anomaly=anomaly, time=c.time, tz=c.tz)  # fmt: skip
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


# -- reading back -----------------------------------------------------------------------------------------
def expand_report(report: dict[str, Any]) -> dict[str, Any]:
    """The report with full claim and flag records (what build_json gives); a full report comes back as it is."""
    if not isinstance(report, dict) or (report.get("format") or {}).get("version") != FORMAT:
        return report
    records = [expand_article(a) if isinstance(a, dict) else a for a in report.get("articles") or []]
    articles = {str(a.get("article_id")): a for a in records if isinstance(a, dict)}
    claims = [expand_claim(c, articles.get(str(c.get("article_id")))) if isinstance(c, dict) else c
              for c in report.get("claims") or []]  # fmt: skip
    by_id = {str(c.get("claim_id")): c for c in claims if isinstance(c, dict)}
    outlets = _Outlets(articles)
    flags = [expand_flag(d, by_id, outlets) if isinstance(d, dict) else d for d in report.get("discrepancies") or []]
    return {**{k: v for k, v in report.items() if k != "format"}, "articles": records, "claims": claims,
            "discrepancies": flags}  # fmt: skip


ARTICLE_FIELDS = ["article_id", "source", "title", "url", "outlet", "published", "published_basis", "story_id",
                  "story_why", "text", "excluded", "duplicate_of", "meta"]  # fmt: skip
ARTICLE_DEFAULTS: dict[str, Any] = {"story_why": None, "excluded": [], "duplicate_of": None, "meta": {}}


def expand_article(a: Mapping[str, Any]) -> dict[str, Any]:
    full = {**ARTICLE_DEFAULTS, **a}
    return {k: full[k] for k in ARTICLE_FIELDS if k in full} | {k: v for k, v in a.items() if k not in ARTICLE_FIELDS}


def expand_claim(c: Mapping[str, Any], article: Mapping[str, Any] | None) -> dict[str, Any]:
    a = article or {}
    text = str(a.get("text") or "")
    out: dict[str, Any] = {}
    for key in [*CLAIM_COLUMNS, *INTERNAL]:
        if key in c:
            out[key] = c[key]
        elif key in FROM_ARTICLE:
            out[key] = a.get(key) or ""
        elif key == "rule_id":
            out[key] = family(str(c.get("measure") or ""))
        elif key == "as_of":
            basis = c.get("as_of_basis", DEFAULTS["as_of_basis"])
            out[key] = (a.get("published") or "") if basis == "article_date" else ""
        elif key == "quote":
            out[key] = text[int(c.get("start") or 0) : int(c.get("end") or 0)]
        elif key == "sentence":
            at = c.get("sentence_at")
            out[key] = text[int(at[0]) : int(at[1])] if isinstance(at, list) and len(at) == 2 else ""
        elif key in DEFAULTS:
            out[key] = DEFAULTS[key]
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
