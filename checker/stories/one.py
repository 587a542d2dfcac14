"""One article's heaviest story terms in plain Python, so that a one-article run need not import numpy."""

from __future__ import annotations

import math

from .features import CHANNELS, Doc

# numpy's float32 arithmetic (vectors.single) puts each weight within about 1e-6 of its exact value; two weights
# closer than this could come out in either order there, so they are left to it
TOO_CLOSE = 1e-5


def heaviest(doc: Doc, k: int, channels: dict[str, float] | None = None) -> list[str] | None:
    """The columns ("channel:term") of the k heaviest entries of the article's row, heaviest first, ties by
    column: what `_top_per_row` gives on `vectors.single(doc)`. None when two weights that decide the order are
    too close to call outside numpy's float32 arithmetic; the caller then asks it.

    Why it matches: an entry's weight is (1 + ln tf) / |its channel's block| * sqrt(channel weight), the row
    then scaled by a constant, which orders nothing. Entries of one channel with one tf have the same weight
    in either arithmetic (a true tie, broken by column); any other two are far enough apart or sent back."""
    channels = CHANNELS if channels is None else channels
    entries: list[tuple[float, int, tuple[str, int], str]] = []  # (-weight, column, (channel, tf), column name)
    for name, weight in channels.items():
        tokens: list[str] = getattr(doc, name)
        if weight <= 0 or not tokens:
            continue
        counts: dict[str, int] = {}
        for t in tokens:
            counts[t] = counts.get(t, 0) + 1
        norm = math.sqrt(sum((1.0 + math.log(c)) ** 2 for c in counts.values()))
        scale = math.sqrt(weight) / norm
        for t in sorted(counts):  # the columns: channels in order, each one's terms sorted
            c = counts[t]
            entries.append((-(1.0 + math.log(c)) * scale, len(entries), (name, c), f"{name}:{t}"))
    entries.sort()
    # runs of weights each within TOO_CLOSE of the one before; a run that reaches into the top k and holds more
    # than one (channel, tf) has an order only float32 knows, inside the top k or across its cut
    start = 0
    for i in range(1, len(entries) + 1):
        if i < len(entries) and entries[i][0] - entries[i - 1][0] <= TOO_CLOSE * -entries[i - 1][0]:
            continue
        if start >= k:
            break
        if len({e[2] for e in entries[start:i]}) > 1:
            return None
        start = i
    return [e[3] for e in entries[:k]]
