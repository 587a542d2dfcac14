"""The claims table's expectations, evaluated by Great Expectations (real corpora) or, for small runs, by the
same expectations in plain Python; failing rows become extraction anomalies.

Why two evaluators: importing Great Expectations takes 3-5 s, longer than a whole run on a few articles
takes, so a one-article `claimcheck check` could never answer within a second with it. Great Expectations
stays the engine of every run of GE_MIN_ARTICLES articles or more, imported in a background thread while
extraction runs (`prefetch`), so it costs such a run nothing on the critical path. Below that size the
built-in evaluator checks the same EXPECTATIONS, row by row, with the same results (a test runs both on the
same claims); report.json's `validation.engine` says which one ran. `--validator` chooses either outright."""

from __future__ import annotations

import contextlib
import json
import math
import os
import threading
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from checker.models import Claim
from checker.rulebook import Rulebook, base_measure

if TYPE_CHECKING:
    import pandas as pd

GE_MIN_ARTICLES = 200  # from this many articles up, Great Expectations validates (auto)
VALIDATORS = ("auto", "great_expectations", "builtin")

EXPECTATIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("ids unique", "ExpectColumnValuesToBeUnique", {"column": "claim_id"}),
    ("low <= high", "ExpectColumnPairValuesAToBeGreaterThanB",
     {"column_A": "high", "column_B": "low", "or_equal": True}),
    ("offsets inside the article", "ExpectColumnValuesToBeInSet",
     {"column": "offsets_in_article", "value_set": [True]}),
    ("known measure", "ExpectColumnValuesToBeInSet", {"column": "known_measure", "value_set": [True]}),
    ("value in the rule's plausible range", "ExpectColumnValuesToBeInSet",
     {"column": "plausible", "value_set": [True]}),
    ("whole number where the rule counts things", "ExpectColumnValuesToBeInSet",
     {"column": "integral", "value_set": [True]}),
]  # fmt: skip


# -- choosing the evaluator, and importing Great Expectations ahead of time --------------------------------
def uses_great_expectations(validator: str, articles: int) -> bool:
    if validator not in VALIDATORS:
        from checker.errors import UsageError

        raise UsageError(f"--validator {validator}: choose one of {', '.join(VALIDATORS)}")
    return validator == "great_expectations" or (validator == "auto" and articles >= GE_MIN_ARTICLES)


_import_lock = threading.Lock()
_gx: Any = None


def _import_gx() -> Any:
    global _gx
    with _import_lock:  # the prefetch thread and a caller that gets here first import it once between them
        if _gx is None:
            os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # never the network
            import great_expectations as gx  # 3-5 s

            _gx = gx
    return _gx


def prefetch() -> threading.Thread:
    """Import Great Expectations in a background thread (while the extraction workers run); validate_claims
    waits for it. Call it only once no more processes will be forked: forking while a thread holds the
    import lock can leave a child stuck."""
    thread = threading.Thread(target=_quiet_import, name="claimcheck-import-gx", daemon=True)
    thread.start()
    return thread


def _quiet_import() -> None:
    with contextlib.suppress(Exception):  # validate_claims imports again and reports the error where it can
        _import_gx()


# -- the row-level checks, in plain Python ---------------------------------------------------------------
def _row_checks(claims: list[Claim], book: Rulebook, text_lengths: dict[str, int]) -> dict[str, list[Any]]:
    """One column per row-level rule the expectations check, beside claim_id, low and high (numbers here,
    where the CSV writes open ends as "inf")."""
    measures = book.measures
    known, plausible, integral, offsets = [], [], [], []
    for c in claims:
        m = measures.get(base_measure(c.measure))
        lo, hi = m.plausible if m else (0.0, 1e12)
        # the rule's range is in the base unit of the claim's dimension ("948 ft" is checked as metres)
        finite = [x for x in c.base_bounds() if not math.isinf(x)]
        known.append(m is not None or c.measure.startswith(("generic:", "dates.", "names.")))
        # a negated count ("no one was killed") is 0 by what it says; an interval is implausible only when all of
        # it lies outside the range ("up to 400" is [0, 400], which holds plausible counts)
        b_lo, b_hi = c.base_bounds()
        plausible.append(c.kind in {"date", "time"} or c.stance == "negated" or (b_lo <= hi and b_hi >= lo))
        integral.append(m is None or c.kind in {"date", "time"} or not m.integer
                        or all(float(x).is_integer() for x in finite))  # fmt: skip
        offsets.append(0 <= c.start < c.end <= text_lengths.get(c.article_id, -1))
    return {"claim_id": [c.claim_id for c in claims], "low": [c.low for c in claims],
            "high": [c.high for c in claims], "known_measure": known, "offsets_in_article": offsets,
            "plausible": plausible, "integral": integral}  # fmt: skip


def _builtin(name: str, kwargs: dict[str, Any], cols: dict[str, list[Any]]) -> list[str]:
    """The claim ids an expectation fails, as Great Expectations would list them (in row order; missing values
    are never unexpected)."""
    ids = cols["claim_id"]
    if name == "ExpectColumnValuesToBeUnique":
        values = cols[kwargs["column"]]
        counts = Counter(values)
        return [i for i, v in zip(ids, values, strict=True) if counts[v] > 1]
    if name == "ExpectColumnPairValuesAToBeGreaterThanB":
        a, b = cols[kwargs["column_A"]], cols[kwargs["column_B"]]
        ok = (lambda x, y: x >= y) if kwargs.get("or_equal") else (lambda x, y: x > y)
        return [i for i, x, y in zip(ids, a, b, strict=True) if not _missing(x) and not _missing(y) and not ok(x, y)]
    if name == "ExpectColumnValuesToBeInSet":
        allowed = kwargs["value_set"]
        return [i for i, v in zip(ids, cols[kwargs["column"]], strict=True) if not _missing(v) and v not in allowed]
    raise ValueError(f"the built-in evaluator has no {name}")  # every EXPECTATIONS entry needs a branch here


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _great_expectations(cols: dict[str, list[Any]], claims: list[Claim]) -> tuple[str, list[tuple[bool, list[str]]]]:
    from checker.table import claims_frame

    frame: pd.DataFrame = claims_frame(claims)  # the columns of claims.csv, plus the row checks
    for k, v in cols.items():
        frame[k] = v
    return _gx_validate([(frame, EXPECTATIONS, "claim_id")])


def _gx_validate(tables: list[tuple[pd.DataFrame, list[tuple[str, str, dict[str, Any]]], str]]
                 ) -> tuple[str, list[tuple[bool, list[str]]]]:  # fmt: skip
    """Each frame's expectations evaluated by Great Expectations: (success, the failing rows named by the
    frame's column given) of each, in the order given."""
    gx = _import_gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # GX draws a progress bar per expectation on stderr; our own progress bar is enough
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_pandas("claims")
    outcomes = []
    for k, (frame, expectations, index) in enumerate(tables):
        asset = source.add_dataframe_asset(f"claims{k}" if k else "claims")
        batch = asset.add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": frame})
        for _, name, kwargs in expectations:
            result = batch.validate(
                getattr(gx.expectations, name)(**kwargs),
                result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [index]},
            )
            outcomes.append((bool(result.success), _failed_ids(result.result, index)))
    return f"great_expectations {gx.__version__}", outcomes


class RowStore(Protocol):
    """Where the row-level expectations' results are kept between runs (the history's row_checks table)."""

    def get(self, keys: list[str]) -> dict[str, bytes]: ...

    def put(self, items: dict[str, bytes]) -> None: ...


BUILTIN = "builtin (the same expectations without Great Expectations, for a small run)"


def validate_claims(
    claims: list[Claim], book: Rulebook, text_lengths: dict[str, int], engine: str = "great_expectations",
    store: RowStore | None = None, keys: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:  # fmt: skip
    """Evaluate the expectations: a summary for report.json, and the failing claims (claim id -> the first
    expectation it fails), which are left out of comparison as extraction anomalies. `engine`:
    great_expectations or builtin. With `store` and `keys` (article id -> a key of its claims as extracted, the
    rules and the code), the row-level expectations are evaluated only on the claims of articles whose results
    the store does not hold (they are kept for the next run), and uniqueness of ids on all; the summary is
    the one a whole evaluation gives."""
    summary: dict[str, Any] = {"engine": "", "rows": len(claims), "expectations": [], "anomalies": []}
    anomalies: dict[str, str] = {}
    if not claims:
        summary.update(engine="none", success=True, note="no claims to validate")
        return summary, anomalies
    if store is not None and keys is not None:
        summary["engine"], outcomes = _by_article(claims, book, text_lengths, engine, store, keys)
    elif engine == "builtin":
        cols = _row_checks(claims, book, text_lengths)
        outcomes = []
        for _, name, kwargs in EXPECTATIONS:
            failed = _builtin(name, kwargs, cols)
            outcomes.append((not failed, failed))
        summary["engine"] = BUILTIN
    else:
        summary["engine"], outcomes = _great_expectations(_row_checks(claims, book, text_lengths), claims)
    by_id = {c.claim_id: c for c in claims}
    for (label, name, _), (success, failed_ids) in zip(EXPECTATIONS, outcomes, strict=True):
        summary["expectations"].append({"expectation": label, "type": name, "success": success,
                                        "failed": len(failed_ids)})  # fmt: skip
        for cid in failed_ids:
            c = by_id.get(cid)
            if c is None or cid in anomalies:
                continue
            anomalies[cid] = label
            summary["anomalies"].append({"claim_id": cid, "article_id": c.article_id, "measure": c.measure,
                                         "value": c.value, "quote": c.quote, "reason": label})  # fmt: skip
    summary["success"] = all(success for success, _ in outcomes)
    return summary, anomalies


def _by_article(claims: list[Claim], book: Rulebook, text_lengths: dict[str, int], engine: str, store: RowStore,
                keys: Mapping[str, str]) -> tuple[str, list[tuple[bool, list[str]]]]:  # fmt: skip
    """validate_claims' outcomes, the row-level ones from `store` for every article it holds (which rows of
    the article's claims failed which expectation) and evaluated for the others' claims only."""
    runs: list[tuple[str | None, int, int]] = []  # (key, first, end): the consecutive claims of one article
    for k, c in enumerate(claims):
        if runs and claims[runs[-1][1]].article_id == c.article_id:
            runs[-1] = (runs[-1][0], runs[-1][1], k + 1)
        else:
            runs.append((keys.get(c.article_id), k, k + 1))
    stored = {key: json.loads(blob) for key, blob in store.get(list({r[0] for r in runs if r[0]})).items()}
    todo = [k for key, first, end in runs if key not in stored for k in range(first, end)]
    fresh = [claims[k] for k in todo]
    rows = EXPECTATIONS[1:]  # each row judged on its own: all but uniqueness
    ids = [c.claim_id for c in claims]
    # the fresh claims' failures as positions in `fresh` (ids may repeat: that is what uniqueness is about)
    if engine == "builtin":
        name, kwargs = EXPECTATIONS[0][1:]
        unique = [_builtin(name, kwargs, {"claim_id": ids})]
        cols = {**_row_checks(fresh, book, text_lengths), "claim_id": list(range(len(fresh)))}
        new = [_builtin(n, kw, cols) for _, n, kw in rows] if fresh else [[] for _ in rows]
        label = BUILTIN
    else:
        import pandas as pd

        tables = [(pd.DataFrame({"claim_id": ids}), EXPECTATIONS[:1], "claim_id")]
        if fresh:
            from checker.table import claims_frame

            frame = claims_frame(fresh)
            for col, values in _row_checks(fresh, book, text_lengths).items():
                frame[col] = values
            frame["row"] = range(len(fresh))
            tables.append((frame, rows, "row"))
        label, results = _gx_validate(tables)
        unique = [results[0][1]]
        new = [failed for _, failed in results[1:]] if fresh else [[] for _ in rows]
    failing = [{todo[int(r)] for r in failed} for failed in new]
    kept: dict[str, list[list[int]]] = {}
    for key, first, end in runs:
        if key in stored:
            for e, local in enumerate(stored[key]):
                failing[e].update(first + k for k in local)
        elif key is not None:
            kept[key] = [[k - first for k in range(first, end) if k in failing[e]] for e in range(len(rows))]
    if kept:
        store.put({key: json.dumps(v).encode() for key, v in kept.items()})
    outcomes = [(not unique[0], unique[0])]
    for e in range(len(rows)):
        failed = [ids[k] for k in sorted(failing[e])]
        outcomes.append((not failed, failed))
    return label, outcomes


def _failed_ids(result: dict[str, Any], index: str = "claim_id") -> list[str]:
    ids = []
    for item in result.get("unexpected_index_list") or []:
        if isinstance(item, dict) and index in item:
            ids.append(str(item[index]))
    return ids
