"""part_exceeds_whole: a count of some of a group larger than the count of the whole group."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations

from checker.checks import Check, Finding, StoryClaims
from checker.checks.scope import PART_KEYS, qualifier_key, qualifier_relation, slot, span, value_text
from checker.models import Claim


class PartExceedsWhole(Check):
    """Counts of two articles whose qualifiers make one count a part of what the other counts ("women among
    the dead" and "the dead": a population, a nationality, a subset such as the identified), for the same
    time slot and modality, where the part is larger than the whole (inside one article, the parts it lists
    for a total are the sum check's). A part given with its own whole ("97 of the 154 dead") is left to the
    comparison of the totals. Vague figures ("dozens") are too loose to set against a count. One flag per
    part's qualifiers and slot."""

    id = "part_exceeds_whole"
    policy = "error: a part cannot be larger than its whole"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        for measure, claims in story.quantities.items():
            groups: dict[tuple[tuple[str, str], ...], list[Claim]] = defaultdict(list)
            for c in claims:
                counted = c.dimension is None and c.unit in (None, "")  # a count of things, not a length or a sum
                if counted and c.number_kind != "vague" and c.stance == "asserted" and slot(c) is not None:
                    groups[qualifier_key(c.qualifiers)].append(c)
            for qa, qb in combinations(sorted(groups), 2):
                rel = qualifier_relation(dict(qa), dict(qb))
                if rel not in ("narrower", "broader"):
                    continue
                if not set(dict(qa).keys() ^ dict(qb).keys()) <= PART_KEYS:
                    continue  # "the alley" is not a part of what a figure with no entity measures
                part_q, whole_q = (qa, qb) if rel == "narrower" else (qb, qa)
                yield from _exceeding(self.id, measure, dict(part_q), groups[part_q], groups[whole_q])


def _exceeding(
    check: str, measure: str, quals: dict[str, str], parts: list[Claim], wholes: list[Claim]
) -> Iterator[Finding]:
    """Parts above every whole of the same slot and modality, against the wholes of other articles (within
    one article the parts listed for a total are the sum check's)."""
    by_slot: dict[str, tuple[list[Claim], list[Claim]]] = defaultdict(lambda: ([], []))
    for p in parts:
        by_slot[slot(p) or ""][0].append(p)
    for w in wholes:
        by_slot[slot(w) or ""][1].append(w)
    for s, (ps, ws) in sorted(by_slot.items()):
        largest: dict[str, float] = {}  # per modality, the largest whole of the slot, the part's own article's too
        articles: dict[str, set[str]] = defaultdict(set)
        for w in ws:
            largest[w.modality] = max(largest.get(w.modality, float("-inf")), span(w).high)
            articles[w.modality].add(w.article_id)
        found_parts: dict[str, Claim] = {}
        part_articles: dict[str, set[str]] = defaultdict(set)
        for p in ps:
            if (p.relation or "").startswith("part:"):
                continue  # "2,530 of the 2,681 dead": its own whole is the figure to set against others' totals
            # a part above some wholes but not above the largest: the small whole is the odd one (a region's
            # toll, an earlier count), which the comparison of the wholes shows; the part is no error
            if p.modality in largest and span(p).low > largest[p.modality] and _other(articles[p.modality], p):
                found_parts[p.claim_id] = p
                part_articles[p.modality].add(p.article_id)
        if found_parts:
            found_wholes = [w for w in ws if _other(part_articles.get(w.modality, set()), w)]
            answers = [sorted(found_parts.values(), key=lambda c: c.claim_id),
                       sorted(found_wholes, key=lambda c: c.claim_id)]  # fmt: skip
            labels = [f"part: {value_text(answers[0][0])}", f"whole: {value_text(answers[1][0])}"]
            yield Finding(check, measure, quals, s, "error", answers, ["part > whole"], labels=labels)


def _other(article_ids: set[str], claim: Claim) -> bool:
    """Whether `article_ids` holds an article other than the claim's own."""
    return len(article_ids) > 1 or (len(article_ids) == 1 and claim.article_id not in article_ids)
