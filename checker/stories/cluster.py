"""Average-link clustering on the graph of candidate pairs: no all-pairs step, no article compared twice."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse as sp

THRESHOLD = 0.08  # average link two groups need to be one story (see docs/stories.md)
SNN_K = 5  # nearest neighbours each article lists for the shared-neighbour signal
SNN_FLOOR = 0.05  # a neighbour less similar than this is no neighbour
SNN_GAIN = 2.0  # shared neighbours can at most double a pair's own cosine
PERSON_PENALTY = 0.15  # the most a date gap costs two reports that name the same rare person
SAME_SCENE_BONUS = 0.15  # added for two reports whose leads name one street and one event day (see pair_weights)
# Two reports sharing this many rare specifics (words of names, figures: "kuriga", "287") read their
# leads' days as report days: a follow-up's lead names the day of the follow-up, not of the event.
SHARED_SPECIFICS = 3
FOLLOW_UP_DAYS = 7  # ... when the two days are at most this far apart
STRONG_SPECIFICS = 6  # ... or, this many, however far apart
NEAR_DAYS = 3  # reports this close in time are "near" when testing whether dates tell stories apart
DATE_LIFT = 3.0  # dates are used when best matches are near in time this many times more than by chance
DATE_MIN = 100  # with fewer dated articles than this the dates are always used
PAIR_CAP = 12  # past this many pairs per member, a big group's average counts only the pairs it can have
BIG_GROUP = 25  # a group this big meets others (of BIG_PART or more) by the exact average cosine
BIG_PART = 3  # below this, a group joins a big one through its own candidate pairs
EAGER_LINKS = 64  # a merged group with more links than this is weighed again only when its turn comes
BIG_MARGIN = 0.05  # average cosine lacks the neighbourhood test, so it must clear the bar by this much
# A group of reports at most UNDATED_SHARE of which are dated meets a group most of whose reports are
# (UNDATED_MIN of each or more): nothing says the two are of one time, so the texts must be alike by this
# much more. A share, not none: one dated report that joined a group of undated ones (its date was written
# in its text) says nothing of when the others' occurrence was.
UNDATED_MARGIN = 0.05
UNDATED_MIN = 2
UNDATED_SHARE = 0.25
BACKGROUND_DAYS = 60  # reports this far apart are taken to be of different occurrences
BACKGROUND_DAYS_STRICT = 10  # ... or this far, when both leads name the event's day
# Date penalty, subtracted from a pair's weight, by days between the two articles' dates. "Strict"
# when both leads name the day of the event: one day apart already counts, weeks apart is a
# different occurrence unless the texts are near copies, a year apart always is. Otherwise the
# dates are publication days: coverage runs on for weeks, but a year apart is two stories.
_GAP = [0.0, 0.5, 1.0, 2.0, 3.0, 7.0, 30.0, 90.0, 365.0, 730.0]
_PEN_STRICT = [0.0, 0.0, 0.1, 0.25, 0.3, 0.3, 0.35, 0.6, 1.0, 1.0]
_PEN_LOOSE = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.05, 0.4, 0.7]


def date_penalty(gap: np.ndarray | float, strict: np.ndarray | bool) -> np.ndarray:
    """How much a gap of `gap` days between two reports lowers their similarity."""
    g = np.abs(np.asarray(gap, dtype=np.float64))
    return np.where(strict, np.interp(g, _GAP, _PEN_STRICT), np.interp(g, _GAP, _PEN_LOOSE))


@dataclass
class Group:
    """A cluster while it grows: its members, summed link weights to other groups, its history."""

    members: list[int]
    links: dict[int, float]  # root of another group -> sum of pair weights between the two
    old: frozenset[str]  # story ids from the previous run among its articles
    new: bool  # holds an article that had no story before
    date_sum: float = 0.0
    dated: int = 0
    strict: int = 0
    vec: np.ndarray | None = None  # summed article vectors, once the group is big


@dataclass
class Merge:
    """One merge that joined two earlier stories through new articles, for the notes."""

    left: frozenset[str]
    right: frozenset[str]
    bridge: list[int]  # the new articles in the two groups


@dataclass
class Result:
    labels: np.ndarray  # article index -> root index of its cluster
    bridges: list[Merge]
    threshold: float
    background: float | None


def dates_informative(
    i: np.ndarray, j: np.ndarray, cos: np.ndarray, dates: np.ndarray, among: np.ndarray | None = None
) -> bool:
    """Whether, in this corpus, an article's closest match tends to be near it in time.

    Compares how often each dated article's best candidate lies within NEAR_DAYS of it with how
    often two dated articles picked at random do. When that is no more than DATE_LIFT times
    chance, the dates say nothing about which reports go together (a generated corpus with
    random dates, a feed that stamps every item with its crawl day) and are not used. `among`:
    the articles whose candidates were all found (a sample); the others are not judged. With
    fewer than DATE_MIN dated articles, or dates too bunched for chance to be rare, they are used.
    """
    d = dates[np.isfinite(dates)]
    if len(d) < 2:
        return True
    both = np.isfinite(dates[i]) & np.isfinite(dates[j])
    a = np.concatenate([i[both], j[both]])
    b = np.concatenate([j[both], i[both]])
    s = np.concatenate([cos[both], cos[both]])
    if among is not None:
        mine = np.isin(a, among)
        a, b, s = a[mine], b[mine], s[mine]
    if not len(a):
        return True
    order = np.lexsort((b, -s, a))
    a, b = a[order], b[order]
    first = np.searchsorted(a, a, side="left") == np.arange(len(a))
    observed = float(np.mean(np.abs(dates[a[first]] - dates[b[first]]) <= NEAR_DAYS))
    srt = np.sort(d)
    near = np.searchsorted(srt, srt + NEAR_DAYS, side="right") - np.searchsorted(srt, srt - NEAR_DAYS, side="left") - 1
    chance = float(near.sum()) / (len(d) * (len(d) - 1))
    if len(d) < DATE_MIN or DATE_LIFT * chance >= 0.5:
        return True  # too few dates, or too close together, for the test to speak: trust them
    return observed > DATE_LIFT * chance


def pair_gaps(i: np.ndarray, j: np.ndarray, dates: np.ndarray, spans: np.ndarray | None = None) -> np.ndarray:
    """Days between the events of each pair: 0 when their possible days meet, NaN when one is undated."""
    gap = np.abs(dates[i] - dates[j])
    if spans is None:
        return gap
    # the earlier one may run on to its last possible day ("last weekend": Saturday or Sunday)
    earlier_span = np.where(dates[i] <= dates[j], spans[i], spans[j])
    return np.where(np.isfinite(gap), np.maximum(gap - earlier_span, 0.0), gap)


def pair_weights(
    n: int,
    i: np.ndarray,
    j: np.ndarray,
    cos: np.ndarray,
    dates: np.ndarray,
    strict: np.ndarray,
    same_person: np.ndarray | None = None,
    shared: np.ndarray | None = None,
    spans: np.ndarray | None = None,
    weekdays: np.ndarray | None = None,
    contradiction: np.ndarray | None = None,
    scene: np.ndarray | None = None,
) -> np.ndarray:
    """Each candidate pair's weight: sqrt(cosine x shared nearest neighbours) minus the date penalty.

    Shared neighbours: each article lists itself and its SNN_K best candidates; two articles that
    list the same articles belong to the same neighbourhood, which two reports of two events of
    one kind (each the centre of its own reports) rarely do. The date penalty is the strict one
    when both leads name the day, unless the two share SHARED_SPECIFICS rare specifics (`shared`):
    then they are one occurrence and a later report, whose lead names its own day.
    """
    import scipy.sparse as sp

    gap = pair_gaps(i, j, dates, spans)
    strict_pair = strict[i] & strict[j]
    if weekdays is not None:
        # one undated: only the weekdays their leads name can differ, by the fewest days they allow
        by_weekday = ~np.isfinite(gap) & (weekdays[i] >= 0) & (weekdays[j] >= 0)
        apart = (weekdays[i] - weekdays[j]) % 7
        gap = np.where(by_weekday, np.minimum(apart, 7 - apart), gap)
        strict_pair |= by_weekday
    both = np.isfinite(gap)
    strict_day = strict_pair.copy()
    # one lead names the day it happened, after the day the other was published: the other cannot report it
    # (unless the later lead names a follow-up's own day, which the shared specifics below tell)
    with np.errstate(invalid="ignore"):
        strict_day_later = np.where(strict[i], dates[i] > dates[j], dates[j] > dates[i])
    strict_pair |= (strict[i] != strict[j]) & strict_day_later
    if shared is not None:
        # within FOLLOW_UP_DAYS only, unless they share many more: weeks apart, what one town's reports share (its
        # name, a street, a block) is no sign that the later one is a follow-up; a deal's names and figures are
        far = ~(np.where(both, gap, 0.0) <= FOLLOW_UP_DAYS)
        strict_pair &= (shared < SHARED_SPECIFICS) | (far & (shared < STRONG_SPECIFICS))
    pen = np.where(both, date_penalty(np.where(both, gap, 0.0), strict_pair), 0.0)
    if same_person is not None:
        # a trial a year on names the accused again: a person both name keeps the years from counting
        pen = np.where(same_person, np.minimum(pen, PERSON_PENALTY), pen)
    if scene is not None:
        # both leads name the street and the day it happened, the same ones, and nothing else they say
        # disagrees: a first report and its follow-up ("police identify the man shot on ..."), worded apart
        agree = scene & strict_day & both & (gap <= 0) & (contradiction == 0 if contradiction is not None else True)
        pen = pen - np.where(agree, SAME_SCENE_BONUS, 0.0)
    if contradiction is not None:
        pen = pen + contradiction
    rows, cols = _neighbours(n, i, j, cos - pen)
    ind = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(n, n))
    shared_nn = np.asarray(ind[i].multiply(ind[j]).sum(axis=1)).ravel() / (SNN_K + 1)
    # A neighbourhood can at most multiply a pair's own likeness by SNN_GAIN: in a small corpus
    # every article shares its few neighbours, and that must not join two that share little else.
    c = np.clip(cos, 0.0, None)
    return np.minimum(np.sqrt(c * shared_nn), SNN_GAIN * c) - pen


def cluster(
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray],
    dates: np.ndarray,
    strict: np.ndarray,
    old: Sequence[str | None],
    *,
    threshold: float = THRESHOLD,
    background: float | None = None,
    same_person: np.ndarray | None = None,
    shared: np.ndarray | None = None,
    spans: np.ndarray | None = None,
    weekdays: np.ndarray | None = None,
    matrix: sp.csr_matrix | None = None,
    contradiction: np.ndarray | None = None,
    scene: np.ndarray | None = None,
) -> Result:
    """Group articles: greedy average link over the candidate graph.

    The link of two groups is the sum of their pairs' weights over the number of pairs (a pair
    that is no candidate weighs 0), so a group joins another only when its articles are alike on
    average, not through one similar pair. For groups too large for every pair to be a candidate
    the divisor is capped at PAIR_CAP pairs per member of the smaller group. A group of BIG_GROUP
    articles or more (a busy story, whose articles cannot all be one another's candidates) meets
    groups of BIG_PART or more by the exact average cosine of all their pairs, from summed vectors
    (`matrix`), less BIG_MARGIN and the date penalty of their mean dates.

    `background` (how alike reports of different occurrences look here) raises the threshold
    when higher. `dates` are ordinal days (NaN when unknown; `spans`: days the event may run on
    after them), `strict` marks days read from a lead sentence, `same_person` and `shared` what
    each candidate pair names in common (see `pair_weights`),
    `old` the story each article had in the previous run (None for a new article). Articles with
    the same old story start as one group and are never split; two old stories merge only through
    a group that holds a new article (the bridge), and each such merge is returned.
    """
    n = len(old)
    i, j, cos = pairs
    bar = max(threshold, background) if background is not None else threshold
    w = pair_weights(n, i, j, cos, dates, strict, same_person, shared, spans, weekdays, contradiction, scene)

    groups: dict[int, Group] = {}
    for a in range(n):
        sid, day = old[a], dates[a]
        dated = not np.isnan(day)
        groups[a] = Group(
            [a], {}, frozenset([sid]) if sid else frozenset(), sid is None,
            float(day) if dated else 0.0, int(dated), int(dated and bool(strict[a])),
        )  # fmt: skip
    for a, b, x in zip(i.tolist(), j.tolist(), w.tolist(), strict=True):
        groups[a].links[b] = x
        groups[b].links[a] = x
    parent = np.arange(n)
    version = np.zeros(n, dtype=np.int64)
    bridges: list[Merge] = []

    def find(a: int) -> int:
        root = a
        while parent[root] != root:
            root = parent[root]
        while parent[a] != root:
            parent[a], a = root, int(parent[a])
        return int(root)

    def merge(ra: int, rb: int) -> int:
        ga, gb = groups[ra], groups[rb]
        if (len(gb.members), -rb) > (len(ga.members), -ra):
            ra, rb, ga, gb = rb, ra, gb, ga
        for other, x in gb.links.items():
            if other == ra:
                continue
            ga.links[other] = ga.links.get(other, 0.0) + x
            og = groups[other].links
            og[ra] = og.get(ra, 0.0) + og.pop(rb)
        ga.links.pop(rb, None)
        if ga.vec is not None:
            _add_rows(ga.vec, matrix, gb.members) if gb.vec is None else np.add(ga.vec, gb.vec, out=ga.vec)
        ga.members.extend(gb.members)
        ga.date_sum += gb.date_sum
        ga.dated += gb.dated
        ga.strict += gb.strict
        ga.old = ga.old | gb.old
        ga.new = ga.new or gb.new
        del groups[rb]
        parent[rb] = ra
        version[ra] += 1
        return ra

    def link(ra: int, rb: int) -> float:
        ga, gb = groups[ra], groups[rb]
        return average(ra, rb) - (UNDATED_MARGIN if _timeless(ga, gb) or _timeless(gb, ga) else 0.0)

    def average(ra: int, rb: int) -> float:
        ga, gb = groups[ra], groups[rb]
        na, nb = len(ga.members), len(gb.members)
        if matrix is None or max(na, nb) < BIG_GROUP or min(na, nb) < BIG_PART:
            return ga.links.get(rb, 0.0) / min(na * nb, PAIR_CAP * min(na, nb))
        for g in (ga, gb):
            if g.vec is None:
                g.vec = np.zeros(matrix.shape[1], dtype=np.float32)
                _add_rows(g.vec, matrix, g.members)
        assert ga.vec is not None and gb.vec is not None
        value = float(ga.vec @ gb.vec) / (na * nb) - BIG_MARGIN
        if ga.dated and gb.dated:
            gap = ga.date_sum / ga.dated - gb.date_sum / gb.dated
            value -= float(date_penalty(gap, 2 * ga.strict > ga.dated and 2 * gb.strict > gb.dated))
        return value

    # articles of one earlier story start as one group
    first_of: dict[str, int] = {}
    for a in range(n):
        sid = old[a]
        if sid:
            if sid in first_of:
                merge(find(first_of[sid]), find(a))
            else:
                first_of[sid] = a

    heap: list[tuple[float, int, int, int, int]] = []
    for ra, g in groups.items():
        for rb in g.links:
            if ra < rb and (value := link(ra, rb)) >= bar:
                heap.append((-value, ra, rb, int(version[ra]), int(version[rb])))
    heapq.heapify(heap)
    queued: dict[tuple[int, int], tuple[int, int]] = {}

    def push(a: int, b: int) -> None:
        lo, hi = (a, b) if a < b else (b, a)
        now = (int(version[lo]), int(version[hi]))
        if queued.get((lo, hi)) == now:
            return  # already queued as the two groups are now
        queued[(lo, hi)] = now
        if (value := link(lo, hi)) >= bar:
            heapq.heappush(heap, (-value, lo, hi, now[0], now[1]))

    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if (ra, rb) != (a, b) or version[ra] != va or version[rb] != vb:
            push(ra, rb)  # one side changed since: weigh the pair again as it is now
            continue
        ga, gb = groups[ra], groups[rb]
        if ga.old and gb.old and ga.old != gb.old:
            if not (ga.new or gb.new):
                continue  # two earlier stories join only through a new article
            bridges.append(Merge(ga.old, gb.old, [m for m in ga.members + gb.members if old[m] is None]))
        root = merge(ra, rb)
        if len(groups[root].links) <= EAGER_LINKS:
            # a merged group can pass the bar with a group neither part passed with
            for other in list(groups[root].links):
                push(root, other)

    labels = np.array([find(a) for a in range(n)], dtype=np.int64)
    return Result(labels, bridges, bar, background)


def _timeless(ga: Group, gb: Group) -> bool:
    """Whether `ga` is (nearly) undated and `gb` mostly dated, both big enough to tell."""
    big_enough = len(ga.members) >= UNDATED_MIN and gb.dated >= UNDATED_MIN
    return big_enough and ga.dated <= UNDATED_SHARE * len(ga.members) and 2 * gb.dated >= len(gb.members)


def _add_rows(vec: np.ndarray, matrix: sp.csr_matrix | None, rows: list[int]) -> None:
    assert matrix is not None
    part = matrix[rows]
    np.add.at(vec, part.indices, part.data)


def _neighbours(n: int, i: np.ndarray, j: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, col) of each article's list: itself and its SNN_K best candidates at SNN_FLOOR or more."""
    a = np.concatenate([i, j])
    b = np.concatenate([j, i])
    s = np.concatenate([score, score])
    ok = s >= SNN_FLOOR
    a, b, s = a[ok], b[ok], s[ok]
    order = np.lexsort((b, -s, a))
    a, b = a[order], b[order]
    first = np.searchsorted(a, a, side="left")
    keep = np.arange(len(a)) - first < SNN_K
    return np.concatenate([np.arange(n), a[keep]]), np.concatenate([np.arange(n), b[keep]])
