"""Articles -> stories: which articles report the same real-world occurrence (docs/stories.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from checker.models import Article

if TYPE_CHECKING:
    import numpy as np

    from .cache import DocStore
    from .features import Doc, Words
    from .vectors import Vectors

    Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]

__all__ = ["Story", "StoryAssignment", "StoryCorrection", "assign_stories", "story_id_for"]

TERMS = 8  # distinctive terms shown per story
DATE_SAMPLE = 2000  # dated articles (the first by content hash) that test whether dates tell stories apart
_WHY_TERMS = 5


@dataclass(frozen=True)
class Story:
    """One real-world occurrence and the articles that report it."""

    story_id: str  # "s" + 10 hex of a fingerprint of its founding article; kept across runs
    title: str
    article_ids: tuple[str, ...]  # sorted
    first: dt.date | None  # earliest date known for its articles (published or from the lead)
    last: dt.date | None
    terms: tuple[str, ...]  # the terms its articles share most, strongest first


@dataclass(frozen=True)
class StoryCorrection:
    """An editor's decision: merge story `a` into story `b`, or move article `a` to story `b`."""

    kind: Literal["merge", "move"]
    a: str
    b: str


@dataclass(frozen=True)
class StoryAssignment:
    """Every article's story, the stories, and what the editor should know about the grouping."""

    stories: list[Story]  # sorted by story_id
    story_of: dict[str, str]  # article_id -> story_id
    notes: list[str]
    # article_id -> why it is in its story: its strongest link there and the terms they share
    why: dict[str, str] = field(default_factory=dict)


def story_id_for(key: str) -> str:
    """The id a story founded by the article with this content hash (or id) gets."""
    return "s" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def assign_stories(
    articles: Sequence[Article],
    *,
    previous: Mapping[str, str] | None = None,
    corrections: Sequence[StoryCorrection] = (),
    rules_dir: str | None = None,
    doc_store: DocStore | None = None,
    code: str = "",
) -> StoryAssignment:
    """Assign every article to a story; deterministic and independent of input order.

    `previous` maps content hash (article id when the hash is empty) -> story id from the last run:
    those articles keep their story, new ones join one or found their own, and a new article that
    links two earlier stories merges them (the older founder's id survives; `notes` says so).
    `corrections` (merge two stories, move an article) are applied last, on every run. `rules_dir`
    is where `_stories.yaml` is looked for (default: the project's rules/). `doc_store` (with `code`, a
    fingerprint of the code) keeps each article's reading between runs: a nightly run reads only its new ones.
    """
    from .features import load_lexicon

    notes: list[str] = []
    by_id: dict[str, Article] = {}
    for a in articles:
        kept = by_id.get(a.article_id)
        if kept is None or (_key(a), a.source) < (_key(kept), kept.source):
            by_id[a.article_id] = a  # one id given twice: the same one wins whatever the order
    originals, copy_of = _split_copies(by_id)
    if not originals:
        return StoryAssignment([], {}, notes)
    lex = load_lexicon(rules_dir)
    if lex.source is None:
        notes.append("no rules/_stories.yaml found: names and common words are told apart less well")
    if len(by_id) == 1:  # nothing to compare it with: its own story, found without the vectors' machinery
        return _one_story(by_id[originals[0]], previous or {}, corrections, lex, notes)
    # here, not at the top: a one-article run needs none of these (numpy alone costs ~0.1 s to import)
    import numpy as np

    from .briefs import attach_briefs
    from .cache import cached_docs
    from .cluster import BACKGROUND_DAYS, BACKGROUND_DAYS_STRICT, THRESHOLD, cluster, dates_informative
    from .contradict import contradictions, same_scene
    from .vectors import background, build, candidates, shared_specifics

    order = sorted(originals, key=lambda aid: (_key(by_id[aid]), aid))  # canonical: input order never matters
    docs = cached_docs([by_id[aid] for aid in order], lex, doc_store, code)
    prev = previous or {}
    old = [prev.get(d.key) for d in docs]

    vectors = build(docs)
    dates = np.array([d.date.toordinal() if d.date else np.nan for d in docs], dtype=np.float64)
    # how many days after `dates` the event may still be ("last weekend": two days)
    spans = np.array([(d.date_last - d.date).days if d.date and d.date_last else 0 for d in docs], dtype=np.float64)
    # the event's weekday where that is all that is known of its day, or where the lead names the day
    weekdays = np.array([d.weekday if d.weekday is not None else d.date.weekday()
                         if d.date and d.date_from_lead and d.date == d.date_last else -1
                         for d in docs], dtype=np.int64)  # fmt: skip
    strict = np.array([d.date_from_lead and d.published is not None for d in docs], dtype=bool)
    if np.isfinite(dates).any():
        # judged on a sample's candidates found without dates, which would otherwise favour near ones
        sample = np.nonzero(np.isfinite(dates))[0][:DATE_SAMPLE]
        if not dates_informative(*candidates(vectors, seekers=sample), dates, among=sample):
            notes.append("dates not used: here an article's closest match is no nearer in time than chance")
            dates = np.full(len(docs), np.nan)
    pairs = candidates(vectors, dates)
    bg = background(vectors.matrix, dates, strict, BACKGROUND_DAYS, BACKGROUND_DAYS_STRICT)
    person, shared = shared_specifics(docs, pairs[0], pairs[1])
    against = contradictions(docs, pairs[0], pairs[1])
    result = cluster(pairs, dates, strict, old, background=bg, same_person=person, shared=shared,
                     spans=spans, weekdays=weekdays, matrix=vectors.matrix, contradiction=against,
                     scene=same_scene(docs, pairs[0], pairs[1]))  # fmt: skip
    # a two-sentence brief shares too few words with its story's longer reports for the average link
    labels, attached = attach_briefs(result.labels, docs, pairs, against, dates, old)
    result.labels = labels

    members: dict[int, list[int]] = defaultdict(list)
    for idx, root in enumerate(result.labels.tolist()):
        members[root].append(idx)

    def founder_rank(idx: int) -> tuple[int, int, str]:
        day = docs[idx].published or docs[idx].date
        return (0 if day else 1, day.toordinal() if day else 0, docs[idx].key)

    # earlier stories keep their id; when several meet in one group, the oldest founder's wins
    old_founder: dict[str, tuple[int, int, str]] = {}
    for idx, sid in enumerate(old):
        if sid and (sid not in old_founder or founder_rank(idx) < old_founder[sid]):
            old_founder[sid] = founder_rank(idx)
    sid_of_root: dict[int, str] = {}
    used: set[str] = set()
    for root in sorted(members, key=lambda r: min(founder_rank(m) for m in members[r])):
        group = members[root]
        olds = sorted({o for m in group if (o := old[m])}, key=lambda s: (old_founder[s], s))
        sid = olds[0] if olds else story_id_for(docs[min(group, key=founder_rank)].key)
        while sid in used:  # only an edited history can make two groups claim one id
            sid = "s" + hashlib.sha256(sid.encode()).hexdigest()[:10]
        used.add(sid)
        sid_of_root[root] = sid
        if len(olds) > 1:
            for gone in olds[1:]:
                bridge = sorted(order[m] for m in group if old[m] is None)
                notes.append(f"story {gone} merged into {sid}: new article {', '.join(bridge[:3])} links both")

    story_of = {order[idx]: sid_of_root[root] for idx, root in enumerate(result.labels.tolist())}
    for aid, orig in copy_of.items():
        story_of[aid] = story_of[orig]
    notes.extend(_apply(corrections, story_of, copy_of))
    if result.background is not None and result.threshold > THRESHOLD + 1e-9:
        notes.append(
            f"merge bar raised to {result.threshold:.2f}: reports of different occurrences look alike here "
            f"(median best match {result.background:.2f} between reports of different days)"
        )

    index = {aid: k for k, aid in enumerate(order)}
    why = _why(vectors, pairs, story_of, order, index, copy_of)
    for k, _, named in attached:
        why[order[k]] = f"a brief that gives the name(s) only this story's reports give: {', '.join(named)}"
    stories = _stories(story_of, by_id, docs, index, vectors, founder_rank)
    return StoryAssignment(stories, dict(sorted(story_of.items())), notes, why)


def _key(a: Article) -> str:
    return a.content_hash or a.article_id


def _split_copies(by_id: Mapping[str, Article]) -> tuple[list[str], dict[str, str]]:
    """Articles to cluster, and each copy -> the original it follows (chains followed, loops cut)."""

    def root(aid: str) -> str:
        path = [aid]
        while True:
            nxt = by_id[path[-1]].duplicate_of
            if not nxt or nxt not in by_id:
                return path[-1]
            if nxt in path:  # copies pointing at each other: the first id of the loop is the original
                return min(path[path.index(nxt) :])
            path.append(nxt)

    copy_of = {aid: r for aid in by_id if (r := root(aid)) != aid}
    return [aid for aid in by_id if aid not in copy_of], copy_of


def _apply(corrections: Sequence[StoryCorrection], story_of: dict[str, str], copy_of: Mapping[str, str]) -> list[str]:
    """Apply the editors' merges and moves in order; an unknown id is noted, never an error."""
    notes = []
    for c in corrections:
        stories = set(story_of.values())
        if c.kind == "merge":
            if c.a == c.b:
                continue
            if c.a not in stories:
                # an earlier run's merge leaves nothing to do, but a mistyped id looks the same: say so
                notes.append(
                    f"correction merge {c.a} -> {c.b}: no story {c.a} in this run (merged already, or unknown)"
                )
                continue
            if c.b not in stories:
                notes.append(f"correction merge {c.a} -> {c.b}: story {c.b} does not exist in this run; skipped")
                continue
            for aid, sid in story_of.items():
                if sid == c.a:
                    story_of[aid] = c.b
            notes.append(f"correction applied: story {c.a} merged into {c.b}")
        elif c.kind == "move":
            if c.a not in story_of:
                notes.append(f"correction move {c.a} -> {c.b}: no article {c.a} in this run; skipped")
                continue
            target = copy_of.get(c.a, c.a)
            if story_of[target] == c.b:
                continue
            moved = [aid for aid in story_of if aid == target or copy_of.get(aid) == target]
            for aid in moved:
                story_of[aid] = c.b
            notes.append(f"correction applied: article {c.a} moved to story {c.b}")
        else:
            notes.append(f"correction {c.kind!r} is neither merge nor move; skipped")
    return notes


def _term(col: str) -> str:
    return col.split(":", 1)[1]


def _why(
    vectors: Vectors,
    pairs: Pairs,
    story_of: dict[str, str],
    order: list[str],
    index: dict[str, int],
    copy_of: dict[str, str],
) -> dict[str, str]:
    """For each article in a story of several: its strongest link there and the terms they share."""
    import numpy as np

    from .vectors import _top_per_row

    i, j, cos = pairs
    sids = sorted(set(story_of.values()))
    code = {sid: k for k, sid in enumerate(sids)}
    story = np.array([code[story_of[aid]] for aid in order], dtype=np.int64)
    size = np.bincount(np.array([code[s] for s in story_of.values()]), minlength=len(sids))
    same = story[i] == story[j]
    a = np.concatenate([i[same], j[same]])
    b = np.concatenate([j[same], i[same]])
    s = np.concatenate([cos[same], cos[same]])
    best = _top_per_row(a, s, 1)  # each article's strongest link inside its story
    a, b, s = a[best], b[best], s[best]
    prod = vectors.matrix[a].multiply(vectors.matrix[b]).tocoo()
    top = _top_per_row(prod.row, prod.data, _WHY_TERMS * 3)
    shared: dict[int, list[str]] = defaultdict(list)
    for r, col in zip(prod.row[top].tolist(), prod.col[top].tolist(), strict=True):
        t = _term(vectors.terms[col])
        if t not in shared[r] and len(shared[r]) < _WHY_TERMS:
            shared[r].append(t)
    link = {
        int(p): (float(v), int(q), shared[k])
        for k, (p, q, v) in enumerate(zip(a.tolist(), b.tolist(), s.tolist(), strict=True))
    }
    out: dict[str, str] = {}
    for aid, sid in story_of.items():
        if size[code[sid]] < 2:
            continue
        if aid in copy_of:
            out[aid] = f"a copy of {copy_of[aid]}"
            continue
        k = index.get(aid, -1)
        if k not in link:
            out[aid] = "joined through the story's average similarity, not one strong link"
            continue
        v, q, terms = link[k]
        out[aid] = f"closest to {order[q]} (similarity {v:.2f}); shared: {', '.join(terms) or '-'}"
    return dict(sorted(out.items()))


def _stories(
    story_of: dict[str, str],
    by_id: dict[str, Article],
    docs: list[Doc],
    index: dict[str, int],
    vectors: Vectors,
    founder_rank: Callable[[int], tuple[int, int, str]],
) -> list[Story]:
    """The Story records: founder's title, members, first and last dates, shared terms."""
    import numpy as np
    import scipy.sparse as sp

    from .vectors import _top_per_row

    groups: dict[str, list[str]] = defaultdict(list)
    for aid, sid in story_of.items():
        groups[sid].append(aid)
    sids = sorted(groups)
    code = {sid: k for k, sid in enumerate(sids)}
    x = vectors.matrix
    n = x.shape[0]
    member = np.array([code[story_of[docs[k].article_id]] for k in range(n)], dtype=np.int64)
    ind = sp.csr_matrix((np.ones(n, np.float32), (member, np.arange(n))), shape=(len(sids), n))
    total = (ind @ x).tocsr()
    binary = x.copy()
    binary.data[:] = 1.0
    count = (ind @ binary).tocsr()
    total.sort_indices()
    count.sort_indices()  # same pattern as `total`: the data arrays line up
    size = np.bincount(member, minlength=len(sids))
    rows = np.repeat(np.arange(len(sids)), np.diff(total.indptr))
    shared_ok = (size[rows] < 2) | (count.data >= 2)
    rows, cols, vals = rows[shared_ok], total.indices[shared_ok], total.data[shared_ok]
    top = _top_per_row(rows, vals, TERMS * 4)
    ranked: dict[int, list[str]] = defaultdict(list)
    for r, col in zip(rows[top].tolist(), cols[top].tolist(), strict=True):
        ranked[r].append(_term(vectors.terms[col]))
    terms = {r: _shown(ts) for r, ts in ranked.items()}
    out = []
    for sid in sids:
        aids = sorted(groups[sid])
        idxs = [index[a] for a in aids if a in index]
        days = [d for a in aids for d in (by_id[a].published, docs[index[a]].date if a in index else None) if d]
        title = docs[min(idxs, key=founder_rank)].title if idxs else (by_id[aids[0]].title or "")
        out.append(Story(sid, title, tuple(aids), min(days) if days else None, max(days) if days else None,
                         tuple(terms.get(code[sid], ()))))  # fmt: skip
    return out


def _shown(ranked: Sequence[str]) -> tuple[str, ...]:
    """The TERMS a story shows from its terms strongest first: each once, none inside a phrase already shown."""
    got: list[str] = []
    for t in ranked:
        if len(got) < TERMS and t not in got and not any(t in o.split() for o in got):
            got.append(t)
    return tuple(got)


def _one_story(
    article: Article,
    previous: Mapping[str, str],
    corrections: Sequence[StoryCorrection],
    lex: Words,
    notes: list[str],
) -> StoryAssignment:
    """assign_stories for a single article, with the same result: its story keeps last run's id or gets its
    own, the corrections apply, and the terms shown are its heaviest, as the general path ranks them (from
    `vectors.single`, which a test holds equal to the general path's vectors). Costs no scikit-learn, and
    numpy only when two term weights are too close to rank in plain floats (`one.heaviest`)."""
    from .features import make_docs
    from .one import heaviest

    doc = make_docs([article], lex)[0]
    story_of = {article.article_id: previous.get(doc.key) or story_id_for(doc.key)}
    notes.extend(_apply(corrections, story_of, {}))
    ranked = heaviest(doc, TERMS * 4)
    if ranked is None:
        ranked = _heaviest_by_numpy(doc, TERMS * 4)
    days = [d for d in (article.published, doc.date) if d]
    story = Story(story_of[article.article_id], doc.title, (article.article_id,), min(days) if days else None,
                  max(days) if days else None, _shown([_term(c) for c in ranked]))  # fmt: skip
    return StoryAssignment([story], story_of, notes)


def _heaviest_by_numpy(doc: Doc, k: int) -> list[str]:
    """The columns of the k heaviest entries of `vectors.single(doc)`, in numpy's float32 arithmetic."""
    import numpy as np

    from .vectors import _top_per_row, single

    columns, row = single(doc)
    return [columns[i] for i in _top_per_row(np.zeros(len(row), dtype=np.int64), row, k).tolist()]
