"""What two reports say that cannot both hold of one occurrence: different measured figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .features import Doc

if TYPE_CHECKING:
    import scipy.sparse as sp

# Subtracted from a candidate pair's weight. Two reports that each give a measured figure
# ("magnitude 5.6", "4.4") and share none report two occurrences more often than one.
FIGURE_PENALTY = 0.1


def contradictions(docs: Sequence[Doc], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """For each candidate pair (i, j): how much what they say against each other lowers its weight."""
    out = np.zeros(len(i), dtype=np.float64)
    if not len(i):
        return out
    vocab: dict[str, int] = {}
    measured = _binary([{f for f in d.figures if "." in f} for d in docs], vocab)
    has = np.diff(measured.indptr) > 0
    common = _dot(measured, measured, i, j)
    out += np.where(has[i] & has[j] & (common == 0), FIGURE_PENALTY, 0.0)
    return out


def _binary(sets: Sequence[set[str]], vocab: dict[str, int]) -> sp.csr_matrix:
    import scipy.sparse as sp

    rows, cols = [], []
    for r, items in enumerate(sets):
        for t in sorted(items):
            rows.append(r)
            cols.append(vocab.setdefault(t, len(vocab)))
    return sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(sets), max(1, len(vocab))))


def _dot(a: sp.csr_matrix, b: sp.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Row i of `a` dotted with row j of `b`, per pair, in chunks."""
    out = np.empty(len(i), dtype=np.float32)
    step = 100_000
    for s in range(0, len(i), step):
        out[s : s + step] = np.asarray(a[i[s : s + step]].multiply(b[j[s : s + step]]).sum(axis=1)).ravel()
    return out
