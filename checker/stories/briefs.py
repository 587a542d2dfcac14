"""A terse brief left alone by the clustering joins the one story that shares the rare name it gives."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from .features import Doc

# A report of at most this many words of prose (stop words aside, its URL's slug aside) is a brief: two
# sentences share few words with any longer report of its event, so its cosine to them is low whatever it says.
BRIEF_WORDS = 30
# A name's other holders are those this many days from the brief or nearer (or undated): further apart, reports
# are of other occurrences (cluster.BACKGROUND_DAYS), where a storm's or a mine's name may come again.
NAME_DAYS = 60
# The brief's day lies within the story's days widened by this many on either side (cluster.FOLLOW_UP_DAYS).
STORY_DAYS = 7
BRIEF_GROUP = 1  # a group of this many briefs or fewer, and nothing else, is left alone
HOLDERS = 2  # the story's reports that give the name: one may name it in passing, two make it the story's
# A name more reports give than this is no rare name (vectors.BLOCK_DF_CAP): it is left out, which also bounds
# the reports each brief looks at
HOLDER_CAP = 60
MIN_COSINE = 0.05  # the brief is a candidate of one of the story's reports at least this alike (cluster.SNN_FLOOR)


def attach_briefs(
    labels: np.ndarray,
    docs: Sequence[Doc],
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray],
    against: np.ndarray,
    dates: np.ndarray,
    old: Sequence[str | None],
) -> tuple[np.ndarray, list[tuple[int, int, list[str]]]]:
    """Labels with each lone brief moved into the story its rare names point to, and (brief, story root, names).

    A brief joins story X when every name it gives (a word of its names or of its URL's slug that the English
    dictionary does not know, given by HOLDER_CAP reports or fewer: "blyvoor", "tamsin", not "cyclone" or
    "mozambique") that any other report within NAME_DAYS gives is given only by reports of X, and by HOLDERS
    of them at least; its day lies within X's days (STORY_DAYS either side); it is a candidate of a report of
    X at MIN_COSINE or more; and none of those candidate pairs says anything against the other (`against`:
    another street, place, clock time, figure). A brief of another event of the same kind in the same week
    shares the kind's words with X, never X's own name: it stays apart. A brief that had a story in the last
    run keeps it unless X is new. Each brief reads its candidate pairs and the reports (HOLDER_CAP at most per
    name) that give one of its names: nothing grows with the square of the corpus.
    """
    from checker.lemmas import is_known

    n = len(docs)
    labels = labels.copy()
    size = np.bincount(labels, minlength=n)
    groups: dict[int, list[int]] = defaultdict(list)  # a group of briefs alone -> its members
    for k in range(n):
        if size[labels[k]] <= BRIEF_GROUP:
            groups[int(labels[k])].append(k)
    groups = {g: ks for g, ks in groups.items() if all(_words(docs[k]) <= BRIEF_WORDS for k in ks)}
    if not groups:
        return labels, []
    lone = {ks[0] for ks in groups.values() if len(ks) == 1}
    names_of = {g: {t for k in ks for t in _name_words(docs[k]) if not is_known(t)} for g, ks in groups.items()}
    wanted = set().union(*names_of.values())
    holders: dict[str, list[int]] = defaultdict(list)
    if wanted:
        for k, d in enumerate(docs):
            for t in wanted.intersection(_name_words(d)):
                holders[t].append(k)
    holders = defaultdict(list, {t: hs for t, hs in holders.items() if len(hs) <= HOLDER_CAP})
    i, j, cos = pairs
    partners: dict[int, list[tuple[int, float, float]]] = defaultdict(list)
    for a, b, c, x in zip(i.tolist(), j.tolist(), cos.tolist(), against.tolist(), strict=True):
        if labels[a] in groups:
            partners[a].append((b, c, x))
        if labels[b] in groups:
            partners[b].append((a, c, x))
    span: dict[int, tuple[float, float]] = {}
    for k in range(n):
        if np.isfinite(dates[k]):
            lo, hi = span.get(int(labels[k]), (dates[k], dates[k]))
            span[int(labels[k])] = (min(lo, dates[k]), max(hi, dates[k]))
    olds: dict[int, set[str]] = defaultdict(set)
    for k, sid in enumerate(old):
        if sid:
            olds[int(labels[k])].add(sid)
    moves: list[tuple[int, int, list[str]]] = []
    for g, ks in groups.items():
        root = _story_named(ks, names_of[g], holders, labels, dates, lone)
        if root is None:
            continue
        links = [(c, x) for k in ks for b, c, x in partners[k] if labels[b] == root]
        if not links or max(c for c, _ in links) < MIN_COSINE or any(x > 0 for _, x in links):
            continue
        if root in span:
            lo, hi = span[root]
            if any(np.isfinite(dates[k]) and not lo - STORY_DAYS <= dates[k] <= hi + STORY_DAYS for k in ks):
                continue
        if olds[g] and olds[root]:
            continue  # two stories of the last run join only through a new report (cluster.cluster)
        named = sorted(t for t in names_of[g] if any(labels[h] == root and h not in lone for h in holders[t]))
        moves.extend((k, root, named) for k in ks)
    for k, root, _ in moves:
        labels[k] = root
    return labels, moves


def _story_named(ks: list[int], names: set[str], holders: dict[str, list[int]], labels: np.ndarray,
                 dates: np.ndarray, lone: set[int]) -> int | None:  # fmt: skip
    """The one story whose reports alone give the names of the briefs `ks` (HOLDERS of them), else None. Another
    brief alone (`lone`) that gives a name is no story against them: two briefs of one event left apart both join;
    two short reports that are a story of their own are one."""
    days = [dates[k] for k in ks if np.isfinite(dates[k])]
    stories: set[int] = set()
    for t in names:
        for h in holders.get(t, ()):
            far = bool(days) and np.isfinite(dates[h]) and all(abs(dates[h] - d) > NAME_DAYS for d in days)
            if h not in lone and h not in ks and not far:
                stories.add(int(labels[h]))
    if len(stories) != 1:
        return None
    root = stories.pop()
    held = {h for t in names for h in holders.get(t, ()) if h not in lone and h not in ks and labels[h] == root}
    return root if len(held) >= HOLDERS else None


def _words(d: Doc) -> int:
    """Words of prose, the slug's aside (the lead holds them at its end)."""
    return max(0, len(d.lead) - len(d.slug)) + len(d.body)


def _name_words(d: Doc) -> set[str]:
    """The words of a report's names and of its URL's slug, lower-cased."""
    return {t for t in d.specifics if t.isalpha()} | {t for t in d.slug if t.isalpha()}
