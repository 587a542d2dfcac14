"""Articles as weighted term vectors (TF-IDF per signal), and candidate neighbours found without comparing all pairs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .features import CHANNELS, Doc

if TYPE_CHECKING:
    import scipy.sparse as sp

BLOCK_KEYS = 8  # an article looks for neighbours through this many rare terms, and as many dated ones
BLOCK_DF_CAP = 60  # a term in more articles than this is not rare enough to block on
CANDIDATES = 24  # neighbours kept per article, by exact similarity
_PAIR_CHUNK = 100_000  # exact similarities are computed this many pairs at a time
BACKGROUND_SAMPLE = 1000  # dated articles sampled to measure how alike unrelated reports look
RARE_DF_CAP = 30  # a name or figure in more articles than this (a president, a city) says nothing of one event


@dataclass
class Vectors:
    """The articles' unit-length vectors and the vocabulary behind their columns."""

    matrix: sp.csr_matrix  # n x V, float32, rows of unit length
    terms: list[str]  # column -> "channel:term"
    df: np.ndarray  # column -> number of articles with the term


def build(docs: Sequence[Doc], channels: dict[str, float] | None = None) -> Vectors:
    """TF-IDF (sublinear tf, smooth idf) per signal, weighted and joined into one unit vector per article."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    channels = CHANNELS if channels is None else channels
    blocks: list[sp.csr_matrix] = []
    terms: list[str] = []
    for name, weight in channels.items():
        tokens = [getattr(d, name) for d in docs]
        if weight <= 0 or not any(tokens):
            continue
        vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, dtype=np.float32)
        m = vec.fit_transform(tokens)
        blocks.append(m * np.float32(np.sqrt(weight)))
        terms.extend(f"{name}:{t}" for t in vec.get_feature_names_out())
    if not blocks:
        n = len(docs)
        return Vectors(sp.csr_matrix((n, 0), dtype=np.float32), [], np.zeros(0, dtype=np.int64))
    matrix = normalize(sp.hstack(blocks, format="csr", dtype=np.float32))
    matrix.sort_indices()
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    return Vectors(matrix.astype(np.float32), terms, df)


def single(doc: Doc, channels: dict[str, float] | None = None) -> tuple[list[str], np.ndarray]:
    """What `build([doc])` gives one article, without scikit-learn or scipy (a second to import): its columns'
    terms and its row of the matrix, value for value. With one document every idf is 1, so a channel's vector
    is 1 + log(tf) per term, scaled to unit length as sklearn scales it, times the channel's sqrt(weight); the
    whole row is scaled so again, and its columns are the channels' terms in sorted order."""
    channels = CHANNELS if channels is None else channels
    terms: list[str] = []
    blocks: list[np.ndarray] = []  # each channel's values in the order its terms first occur, as sklearn holds them
    orders: list[np.ndarray] = []  # that order -> sorted order, per channel
    for name, weight in channels.items():
        tokens: list[str] = getattr(doc, name)
        if weight <= 0 or not tokens:
            continue
        counts: dict[str, int] = {}
        for t in tokens:
            counts[t] = counts.get(t, 0) + 1
        tf = np.array(list(counts.values()), dtype=np.float32)
        blocks.append(_unit(np.log(tf) + np.float32(1.0)) * np.float32(np.sqrt(weight)))
        orders.append(np.argsort(np.array(list(counts), dtype=object), kind="stable"))
        terms.extend(f"{name}:{t}" for t in sorted(counts))
    if not blocks:
        return terms, np.zeros(0, dtype=np.float32)
    row = _unit(np.concatenate(blocks))
    ends = np.cumsum([len(b) for b in blocks])
    starts = ends - [len(b) for b in blocks]
    return terms, np.concatenate([row[lo:hi][order] for lo, hi, order in zip(starts, ends, orders, strict=True)])


def _unit(values: np.ndarray) -> np.ndarray:
    """float32 `values` / their L2 norm, computed as sklearn's normalize does on a sparse row: float32 squares
    added in order into a double, each value divided by its square root in double, rounded to float32."""
    total = 0.0
    for v in (values * values).tolist():  # float32 products, summed one by one in double precision
        total += v
    if total == 0.0:
        return values
    return (values.astype(np.float64) / np.sqrt(total)).astype(np.float32)


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def pair_scores(matrix: sp.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Cosine of each pair (left[i], right[i]), in chunks so memory stays bounded."""
    out = np.empty(len(left), dtype=np.float32)
    for s in range(0, len(left), _PAIR_CHUNK):
        a, b = left[s : s + _PAIR_CHUNK], right[s : s + _PAIR_CHUNK]
        out[s : s + len(a)] = np.asarray(matrix[a].multiply(matrix[b]).sum(axis=1)).ravel()
    return out


def candidates(
    vectors: Vectors,
    dates: np.ndarray | None = None,
    *,
    keys: int = BLOCK_KEYS,
    df_cap: int = BLOCK_DF_CAP,
    keep: int = CANDIDATES,
    seekers: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs (i < j) with their cosine: never all pairs.

    Blocking keys: an article's heaviest terms that are rare (in 2..`df_cap` articles), and, when
    it has a date, its heaviest terms tied to its week ("garfield avenue" in the week of 3 May):
    a town's name is common in a year of reports but rare within one week. Two articles are
    candidates when one holds a key of the other; per article that is at most keys x df_cap
    postings, so the work grows with the corpus, not with its square. Candidates are ranked by
    the weight of the keys they share, the best `keep` per article are scored exactly (all terms),
    and pairs found from either side are kept once. `seekers`: only these articles look for
    candidates (a sample).
    """
    import scipy.sparse as sp

    x = vectors.matrix
    n, v = x.shape
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
    if n < 2 or v == 0:
        return empty
    rows = np.repeat(np.arange(n), np.diff(x.indptr))
    cols, weights = x.indices.astype(np.int64), x.data
    key_rows, key_cols, key_w = [rows], [cols], [weights]
    if dates is not None:
        # each dated article's heaviest terms, in two overlapping weeks so that reports three
        # days apart always share one
        top = _top_per_row(rows, weights, keys)
        r, c, w = rows[top], cols[top], weights[top]
        day = dates[r]
        ok = np.isfinite(day)
        r, c, w, day = r[ok], c[ok], w[ok], day[ok].astype(np.int64)
        for shift in (0, 3):
            key_rows.append(r)
            key_cols.append(v + (c * 2 + (1 if shift else 0)) * 200_000 + (day + shift) // 7 % 200_000)
            key_w.append(w)
    kr, kc, kw = np.concatenate(key_rows), np.concatenate(key_cols), np.concatenate(key_w)
    _, kc = np.unique(kc, return_inverse=True)
    width = int(kc.max()) + 1
    df = np.bincount(kc, minlength=width)
    rare = (df[kc] >= 2) & (df[kc] <= df_cap)
    kr, kc, kw = kr[rare], kc[rare], kw[rare]
    postings = sp.csr_matrix((kw, (kr, kc)), shape=(n, width), dtype=np.float32)
    top = _top_per_row(kr, kw, keys * 2)
    key_matrix = sp.csr_matrix((kw[top], (kr[top], kc[top])), shape=(n, width), dtype=np.float32)
    left, right = [], []
    seekers = np.arange(n) if seekers is None else np.asarray(seekers, dtype=np.int64)
    step = max(1, 4_000_000 // max(1, keys * 2 * df_cap))
    for s in range(0, len(seekers), step):
        chunk = seekers[s : s + step]
        part = (key_matrix[chunk] @ postings.T).tocoo()  # shared-key weight per candidate
        me = chunk[part.row]
        other = part.col.astype(np.int64)
        vals = np.where(me == other, -1.0, part.data)  # never one's own neighbour
        order = np.lexsort((other, -vals, me))  # per article: heaviest first, ties by position
        me, other, vals = me[order], other[order], vals[order]
        first = np.searchsorted(me, me, side="left")
        keep_mask = (np.arange(len(me)) - first < keep) & (vals > 0)
        left.append(me[keep_mask])
        right.append(other[keep_mask])
    if not left:
        return empty
    a, b = np.concatenate(left), np.concatenate(right)
    lo_, hi_ = np.minimum(a, b), np.maximum(a, b)
    pairs = np.unique(lo_ * n + hi_)
    i, j = pairs // n, pairs % n
    return i, j, pair_scores(x, i, j)


def shared_specifics(
    docs: Sequence[Doc], i: np.ndarray, j: np.ndarray, df_cap: int = RARE_DF_CAP
) -> tuple[np.ndarray, np.ndarray]:
    """For each pair (i, j): whether they name a person in common whom few other articles name, and
    how many rare specifics (words of names, figures; in `df_cap` articles or fewer) they share."""
    return _shared(docs, "people", i, j, df_cap) > 0, _shared(docs, "specifics", i, j, df_cap)


def _shared(docs: Sequence[Doc], attr: str, i: np.ndarray, j: np.ndarray, df_cap: int) -> np.ndarray:
    import scipy.sparse as sp

    vocab: dict[str, int] = {}
    rows, cols = [], []
    for r, d in enumerate(docs):
        for t in getattr(d, attr):
            rows.append(r)
            cols.append(vocab.setdefault(t, len(vocab)))
    if not vocab:
        return np.zeros(len(i), dtype=np.float32)
    m = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(docs), len(vocab)))
    m.sum_duplicates()
    m.data[:] = 1.0
    df = np.bincount(m.indices, minlength=len(vocab))
    m = (m @ sp.diags((df <= df_cap).astype(np.float32))).tocsr()
    return np.rint(pair_scores(m, i, j))


def _top_per_row(rows: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k heaviest entries of each row (rows need not be sorted); ties by position."""
    order = np.lexsort((np.arange(len(rows)), -weights, rows))
    r = rows[order]
    first = np.searchsorted(r, r, side="left")
    return order[np.arange(len(r)) - first < k]


def background(
    matrix: sp.csr_matrix,
    dates: np.ndarray,
    strict: np.ndarray,
    far_days: int,
    far_days_strict: int,
    size: int = BACKGROUND_SAMPLE,
) -> float | None:
    """How alike reports of different occurrences look in this corpus, or None without dates.

    Over a fixed-size sample of dated articles (the first by content hash: a stable, order-free
    choice), the median of each one's best cosine to a sampled article at least `far_days` away,
    or `far_days_strict` when both leads name the event's day (then a week or two apart is already
    another occurrence). A fixed sample keeps the figure from creeping up with corpus size as a
    best-of-n would.
    """
    dated = np.nonzero(np.isfinite(dates))[0][:size]
    if len(dated) < 2:
        return None
    sub = matrix[dated]
    sims = (sub @ sub.T).toarray()
    d, st = dates[dated], strict[dated]
    gap = np.abs(d[:, None] - d[None, :])
    far = (gap >= far_days) | (st[:, None] & st[None, :] & (gap >= far_days_strict))
    sims = np.where(far, sims, -1.0)
    best = sims.max(axis=1)
    best = best[best >= 0]
    return float(np.median(best)) if len(best) else None


def _indptr(rows: np.ndarray, n: int) -> np.ndarray:
    counts = np.bincount(rows, minlength=n)
    out = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out
