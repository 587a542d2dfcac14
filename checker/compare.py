"""Group claims about the same thing and decide what disagrees: values, arithmetic, ratios, dates, names."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations, pairwise

import regex

from checker.models import Claim, Discrepancy

APPROX_HEDGES = {"about", "around", "roughly", "approximately", "some", "an estimated", "estimated", "nearly",
                 "almost", "close to", "circa", "c.", "approx.", "more or less", "or so"}  # fmt: skip
APPROX_TOLERANCE = 0.1  # "about 240" covers 216..264 when the rule sets no wider tolerance
_CLAUSE_MARK = regex.compile(r"[,;:—–()]\s")
PLAN_WINDOW_DAYS = 31  # deal terms are compared with outcomes reported within a month
FAR_APART_DAYS = 30  # a fixed fact restated this much later is a warning, not an error
TIME_SLACK_MINUTES = 60  # times of one event this far apart disagree ("04:17" vs "03:17")
OCCASION_DAYS = 90  # disasters: figures further apart than this are about different occurrences
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
MODALITY_WORD = {
    "planned": "deal terms/plan",
    "estimate": "estimate",
    "projection": "projection",
    "reported": "reported",
}


def compare(claims: list[Claim]) -> list[Discrepancy]:
    """Every discrepancy among the claims, one flag per disagreement, most severe first."""
    usable = [c for c in claims if c.anomaly is None and c.kind not in {"date", "time", "weekday_check", "name"}]
    flags: list[Discrepancy] = []
    by_measure: dict[str, list[Claim]] = defaultdict(list)
    for c in usable:
        by_measure[c.measure].append(c)
    for measure_claims in by_measure.values():
        for event_group, uncertain in _event_groups(measure_claims):
            flags.extend(_value_conflicts(event_group, uncertain))
            flags.extend(_part_whole_across(event_group, uncertain))
    flags.extend(_arithmetic(usable))
    flags.extend(_ratios(usable))
    flags.extend(_date_conflicts([c for c in claims if c.anomaly is None and c.kind == "date"]))
    flags.extend(_weekday_mismatches([c for c in claims if c.kind == "weekday_check"]))
    seen: set[str] = set()
    unique = []
    for f in flags:
        if f.discrepancy_id not in seen:
            seen.add(f.discrepancy_id)
            unique.append(f)
    unique.sort(key=lambda f: (SEVERITY_ORDER[f.severity], -len(f.claim_ids), f.measure, f.discrepancy_id))
    return unique


# -- intervals ----------------------------------------------------------------------------------
def widened(c: Claim) -> tuple[float, float]:
    t = c.tolerance
    if c.hedge and c.hedge.lower() in APPROX_HEDGES:
        t = max(t, APPROX_TOLERANCE)
    low, high = c.base_bounds()  # in the base unit of the claim's dimension: "190 ft" meets "58 m"
    low = low * (1 - t) if low != -math.inf else low
    high = high * (1 + t) if high != math.inf else high
    return low, high


def shown(c: Claim) -> str:
    """A claim's value as an editor reads it: the figure as written ("over 750"), a date, a spelling."""
    return c.value if isinstance(c.value, str) else c.quote


def overlaps(a: Claim, b: Claim) -> bool:
    al, ah = widened(a)
    bl, bh = widened(b)
    if ah < bl or bh < al:
        return False
    # touching ends only overlap when both ends are closed: "over 750" does not admit 750
    if ah == bl:
        return (a.high_inclusive or a.tolerance > 0) and (b.low_inclusive or b.tolerance > 0)
    if bh == al:
        return (b.high_inclusive or b.tolerance > 0) and (a.low_inclusive or a.tolerance > 0)
    return True


# -- events -------------------------------------------------------------------------------------
def _keys(event: list[str], kind: str) -> tuple[set[str], set[str]]:
    """(named in the claim's sentence, named in its sentence, paragraph or article) for places or types."""
    own = {k.split(":", 1)[1] for k in event if k.startswith(kind + ":")}
    ctx = {k.split(":", 1)[1] for k in event if k.startswith("ctx-" + kind + ":")} | own
    return own, ctx


def _agree(a: list[str], b: list[str], kind: str) -> bool | None:
    """Whether two claims' places (or event types) agree; None when one side knows nothing.

    Event types are compared on the claims' own sentences when both name one (a flood and a ferry
    sinking in one roundup are two events). Places are compared on their context: "in Kyiv" and
    "across Ukraine" in one story are one event broken down by place, which the place qualifier
    handles, while stories about Chile and the Philippines share no place at all."""
    own_a, ctx_a = _keys(a, kind)
    own_b, ctx_b = _keys(b, kind)
    if kind == "type" and own_a and own_b:
        return bool(own_a & own_b)
    if not ctx_a or not ctx_b:
        return None
    return bool(ctx_a & ctx_b)


def event_match(a: list[str], b: list[str]) -> str:
    """same | uncertain | different: two claims are about one event when places and event types agree."""
    places = _agree(a, b, "place")
    types = _agree(a, b, "type")
    if places is False:
        return "different"
    if types is False:
        return "different" if places else "uncertain"
    if places is None or types is None:
        return "uncertain"
    return "same"


def _same_occasion(a: Claim, b: Claim) -> bool:
    """A disaster's figures are reported within weeks; an earthquake two years earlier in the same
    country is another event. Facets of an armed conflict stay one storyline however long it lasts."""
    if a.as_of is None or b.as_of is None or abs((a.as_of - b.as_of).days) <= OCCASION_DAYS:
        return True
    return True  # event types were event keys; stories now decide what one occasion is (lead)


class _Sig:
    """An event signature with its place and type sets parsed once."""

    __slots__ = ("ctx_places", "ctx_types", "own_types")

    def __init__(self, event: tuple[str, ...]) -> None:
        self.ctx_places = _keys(list(event), "place")[1]
        own_types, self.ctx_types = _keys(list(event), "type")
        self.own_types = own_types


def _event_groups(claims: list[Claim]) -> Iterable[tuple[list[Claim], bool]]:
    """Clusters of claims whose events match (single linkage over `event_match`); a cluster is uncertain
    when one of its claims knows no place or no event type.

    The links are made through shared keys rather than by testing every pair, which gives the same
    clusters in near-linear time: within a place, claims whose own sentences name event types link
    through a shared type; a claim naming no type of its own links to everything sharing a type with
    its context; a claim with no known type links to everything at its place. A claim with no place
    links to every claim sharing a type with its context."""
    if claims:  # event grouping is replaced by stories (lead): claims carry no event keys, one group
        yield claims, False
    return
    by_sig: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    keys = list(by_sig)
    sigs = [_Sig(k) for k in keys]
    parent = list(range(len(sigs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def link(members: list[int]) -> None:
        for j in members[1:]:
            ri, rj = find(members[0]), find(j)
            if ri != rj:
                parent[rj] = ri

    by_place: dict[str, list[int]] = defaultdict(list)
    placeless: list[int] = []
    for k, sig in enumerate(sigs):
        for p in sig.ctx_places:
            by_place[p].append(k)
        if not sig.ctx_places:
            placeless.append(k)
    for members in by_place.values():
        if any(not sigs[k].ctx_types for k in members):
            link(members)  # a claim whose event type is unknown may be any of them
            continue
        own: dict[str, list[int]] = defaultdict(list)
        ctx: dict[str, list[int]] = defaultdict(list)
        loose: dict[str, bool] = defaultdict(bool)  # some claim with no type of its own has this context type
        for k in members:
            for t in sigs[k].own_types:
                own[t].append(k)
            for t in sigs[k].ctx_types:
                ctx[t].append(k)
                if not sigs[k].own_types:
                    loose[t] = True
        for group in own.values():
            link(group)
        for t, group in ctx.items():
            if loose[t]:
                link(group)
    # a claim with no place: linked (uncertainly) to every claim sharing a context type, or to the other
    # claims that know neither place nor type
    if placeless:
        by_type: dict[str, list[int]] = defaultdict(list)
        for k, sig in enumerate(sigs):
            for t in sig.ctx_types:
                by_type[t].append(k)
        typeless = [k for k in placeless if not sigs[k].ctx_types]
        link(typeless)
        for t in {t for k in placeless for t in sigs[k].ctx_types}:
            link(by_type[t])
    uncertain = {find(k) for k, sig in enumerate(sigs) if not sig.ctx_places or not sig.ctx_types}
    clusters: dict[int, list[Claim]] = defaultdict(list)
    for k, sig_key in enumerate(keys):
        clusters[find(k)].extend(by_sig[sig_key])
    for root, cluster in clusters.items():
        if len(cluster) > 1:
            yield cluster, root in uncertain


# -- qualifiers and time --------------------------------------------------------------------------
def qualifier_relation(a: dict[str, str], b: dict[str, str]) -> str:
    """equal | narrower (a is a part of b) | broader | conflict; places are left to event grouping."""
    a = {k: v for k, v in a.items() if k != "place"}
    b = {k: v for k, v in b.items() if k != "place"}
    if a == b:
        return "equal"
    shared = set(a) & set(b)
    if any(a[k] != b[k] for k in shared):
        return "conflict"
    if set(a) > set(b):
        return "narrower"
    if set(b) > set(a):
        return "broader"
    return "conflict"


def _time_buckets(claims: list[Claim], window: int) -> list[list[Claim]]:
    """Claims split into windows of `window` days, each anchored at its first as-of date, so a corpus
    with a report every day is not chained into one scope; undated ones are left out."""
    dated = sorted((c for c in claims if c.as_of is not None), key=lambda c: c.as_of or dt.date.min)
    buckets: list[list[Claim]] = []
    anchor: dt.date | None = None
    for c in dated:
        assert c.as_of is not None
        if anchor is not None and (c.as_of - anchor).days <= window:
            buckets[-1].append(c)
        else:
            buckets.append([c])
            anchor = c.as_of
    return buckets


def _days_apart(claims: list[Claim]) -> int:
    dates = [c.as_of for c in claims if c.as_of]
    return (max(dates) - min(dates)).days if dates else 0


# -- value conflicts ------------------------------------------------------------------------------
def _value_conflicts(claims: list[Claim], uncertain: bool) -> list[Discrepancy]:
    out: list[Discrepancy] = []
    for group in _qualifier_groups(claims):
        if len({c.article_id for c in group}) < 2 and not _names_one_entity(group):
            continue
        kind = group[0].kind
        # a running total grows from day to day: only figures for the same day can disagree outright,
        # and a later fall is a trend reversal
        window = 0 if kind == "cumulative" else group[0].window_days
        # fixed facts: one scope (event types were event keys; stories now decide what one occasion is)
        scopes = [group] if kind == "fixed" else _time_buckets(group, window)
        for scope in scopes:
            out.extend(_conflicts_in_scope(scope, uncertain))
        if kind != "fixed":
            out.extend(_plan_vs_outcome(group, uncertain))
        if kind == "cumulative":
            out.extend(_trend(group, uncertain))
    return out


def _is_bare_part(c: Claim) -> bool:
    """A listed part with nothing to tell it from its total ("92 passengers and 15 crew"): checked by
    arithmetic, never compared with other articles' totals."""
    return bool(c.relation and c.relation.startswith("part:")) and not (set(c.qualifiers) - {"place"})


def _qualifier_groups(claims: list[Claim]) -> list[list[Claim]]:
    """Claims with the same qualifiers. A place splits a group only where some article breaks the
    measure down by place ("5 killed in Mosul and 3 in Raqqa"); otherwise "at the San Lorenzo mine"
    and "in Chile" are two names for where one event happened."""
    by_q: dict[tuple[tuple[str, str], ...], list[Claim]] = defaultdict(list)
    for c in claims:
        if not _is_bare_part(c):
            by_q[tuple(sorted((k, v) for k, v in c.qualifiers.items() if k != "place"))].append(c)
    groups = []
    for group in by_q.values():
        places_by_article: dict[str, set[str]] = defaultdict(set)
        for c in group:
            if "place" in c.qualifiers:
                places_by_article[c.article_id].add(c.qualifiers["place"])
        if not any(len(p) > 1 for p in places_by_article.values()):
            groups.append(group)
            continue
        places = sorted({c.qualifiers["place"] for c in group if "place" in c.qualifiers})
        by_place: dict[str, list[Claim]] = {p: [] for p in [*places, ""]}
        for c in group:
            by_place[c.qualifiers.get("place") or _place_named_near(c, places)].append(c)
        # figures with no place, where others are broken down by place, may be totals or any one place:
        # comparing them with each other would mix scopes ("3.5 million across France" vs "81,000 in the capital")
        groups.extend(g for p, g in by_place.items() if g and p)
    return groups


def _place_named_near(c: Claim, places: list[str]) -> str:
    """The one known place a figure's clause names in passing ("the strike on a Kyiv apartment block has
    risen to 16"), so it joins that place's figures; "" when none or several are named."""
    at = c.sentence.find(c.quote)
    if at < 0:
        return ""
    start = max((m.end() for m in _CLAUSE_MARK.finditer(c.sentence, 0, at)), default=0)
    end_mark = _CLAUSE_MARK.search(c.sentence, at + len(c.quote))
    clause = c.sentence[start : end_mark.start() if end_mark else len(c.sentence)]
    named = [p for p in places if regex.search(rf"\b{regex.escape(p)}\b", clause)]
    return named[0] if len(named) == 1 else ""


def _plan_vs_outcome(group: list[Claim], uncertain: bool) -> list[Discrepancy]:
    """Deal terms are compared with outcomes reported up to a month later, whatever the measure's window."""
    planned = [c for c in group if c.modality == "planned" and c.as_of]
    out = []
    for p in planned:
        assert p.as_of is not None
        later = [
            c
            for c in group
            if c.modality != "planned" and c.as_of and 0 <= (c.as_of - p.as_of).days <= PLAN_WINDOW_DAYS
        ]
        if later:
            scope = [p, *later, *[c for c in planned if c is not p and c.as_of == p.as_of]]
            out.extend(_conflicts_in_scope(scope, uncertain))
    return out


def _distinct_values(claims: list[Claim]) -> list[list[Claim]]:
    """Claims grouped by value: in order of lower bound, a claim joins the current group while it
    overlaps every member (tracked through the group's tightest upper end), else starts a new one."""
    groups: list[list[Claim]] = []
    tightest: Claim | None = None  # the member with the lowest upper end in the current group
    for c in sorted(claims, key=lambda c: (widened(c)[0], widened(c)[1])):
        if groups and tightest is not None and overlaps(c, tightest) and overlaps(c, groups[-1][0]):
            groups[-1].append(c)
            if widened(c)[1] < widened(tightest)[1]:
                tightest = c
        else:
            groups.append([c])
            tightest = c
    return groups


def _names_one_entity(claims: list[Claim]) -> bool:
    """Claims about one named person ("Ayse Demir, 62" ... "Ayse Demir, 63") can contradict each other
    inside a single article; other figures repeated in one article are left to cross-article checks."""
    return all("person" in c.qualifiers for c in claims)


def _conflicts_in_scope(scope: list[Claim], uncertain: bool) -> list[Discrepancy]:
    one_article = len({c.article_id for c in scope}) < 2
    if one_article and not _names_one_entity(scope):
        return []
    if any(c.revision for c in scope) and scope[0].kind != "fixed":
        return []  # an announced revision: reported as a revision or a stale figure, not a plain conflict
    values = _distinct_values(scope)
    if len(values) < 2:
        return []
    # values that only come from one article and agree with nobody else still count: a lone outlier
    articles_per_value = [{c.article_id for c in g} for g in values]
    if not one_article and all(a == articles_per_value[0] for a in articles_per_value):
        return []  # one article disagreeing with itself is not a cross-article conflict
    modalities = {c.modality for c in scope}
    kind = scope[0].kind
    severity = "error"
    reasons = []
    if modalities != {"reported"}:
        severity = "warning"
        if "planned" in modalities:
            reasons.append("deal terms vs outcome")
        if "estimate" in modalities:
            reasons.append("estimate vs count")
        if "projection" in modalities:
            reasons.append("projection vs count")
    apart = _days_apart(scope)
    if kind == "fixed" and apart > FAR_APART_DAYS:
        severity = "warning"
        reasons.append(f"stated {apart} days apart")
    if severity == "error" and scope[0].measure.startswith("generic:"):
        severity = "warning"  # what is counted was guessed by the fallback, not stated by a rule
        reasons.append("measure guessed from the verb and noun")
    if severity == "error" and kind != "fixed" and not _same_day_disagreement(values):
        severity = "warning"  # a level that moves, reported on different days
        reasons.append("reported on different days")
    if uncertain:
        severity = _lower(severity)
        reasons.append("event identity uncertain")
    return [_flag("value_conflict", scope, values, severity, reasons)]


def _same_day_disagreement(values: list[list[Claim]]) -> bool:
    """Whether two claims with different values speak of the same day."""
    days = [{c.as_of for c in g} for g in values]
    return any(days[i] & days[j] for i in range(len(days)) for j in range(i + 1, len(days)))


def _trend(group: list[Claim], uncertain: bool) -> list[Discrepancy]:
    """A running total (death toll) that falls later is a trend reversal unless the text says it was
    revised; after an announced revision, an article still carrying an older figure is stale."""
    dated = sorted((c for c in group if c.as_of and c.modality == "reported"), key=lambda c: (c.as_of, c.low))
    out = []
    for earlier, later in pairwise(dated):
        if later.article_id == earlier.article_id or not later.as_of or not earlier.as_of:
            continue
        if later.as_of <= earlier.as_of or overlaps(earlier, later) or not _same_occasion(earlier, later):
            continue
        if widened(later)[1] < widened(earlier)[0]:
            revised = later.revision
            severity = "info" if revised else ("warning" if uncertain else "error")
            reasons = ["announced revision"] if revised else ["a running total fell"]
            out.append(_flag("trend_reversal", [earlier, later], [[earlier], [later]], severity, reasons))
        # growth of a running total is normal news, not a flag
    for revision in (c for c in dated if c.revision and c.as_of):
        assert revision.as_of is not None
        stale = [
            c for c in dated
            if c.article_id != revision.article_id and not c.revision and c.as_of and c.as_of >= revision.as_of
            and not overlaps(c, revision)
        ]  # fmt: skip
        if stale:
            reasons = [f"still carried at or after the revision of {revision.as_of.isoformat()}"]
            out.append(_flag("stale_figure", [revision, *stale], [[revision], stale], "warning", reasons))
    return out


def _part_whole_across(claims: list[Claim], uncertain: bool) -> list[Discrepancy]:
    """Claims whose qualifiers make one a part of the other: the part may not exceed the whole (one flag
    per pair of groups); deal terms for a part are still compared with the outcome reported soon after."""
    by_q: dict[tuple[tuple[str, str], ...], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.number_kind != "vague":  # "several", "dozens" are too loose to set against a count
            by_q[tuple(sorted((k, v) for k, v in c.qualifiers.items() if k != "place"))].append(c)
    out = []
    for qa, qb in combinations(list(by_q), 2):
        rel = qualifier_relation(dict(qa), dict(qb))
        if rel in {"equal", "conflict"}:
            continue
        parts, wholes = (by_q[qa], by_q[qb]) if rel == "narrower" else (by_q[qb], by_q[qa])
        out.extend(_parts_exceeding(parts, wholes, uncertain))
        out.extend(_planned_parts(parts, wholes, uncertain))
    return out


def _parts_exceeding(parts: list[Claim], wholes: list[Claim], uncertain: bool) -> list[Discrepancy]:
    """Parts larger than a whole of the same modality and time scope, found through wholes sorted by
    their upper end so only the wholes a part actually exceeds are looked at."""
    by_high = sorted(wholes, key=lambda w: widened(w)[1])
    highs = [widened(w)[1] for w in by_high]
    found_parts: list[Claim] = []
    found_wholes: dict[str, Claim] = {}
    for part in parts:
        low = widened(part)[0]
        for w in by_high[: bisect.bisect_left(highs, low)]:
            if w.article_id != part.article_id and w.modality == part.modality and _same_time(part, w):
                found_wholes[w.claim_id] = w
                if not found_parts or found_parts[-1] is not part:
                    found_parts.append(part)
    if not found_parts:
        return []
    exceeded = list(found_wholes.values())
    severity = "warning" if uncertain else "error"
    return [_flag("part_exceeds_whole", [*found_parts, *exceeded], [found_parts, exceeded], severity, ["part > whole"])]


def _planned_parts(parts: list[Claim], wholes: list[Claim], uncertain: bool) -> list[Discrepancy]:
    out = []
    for part in parts:
        if part.modality != "planned" or part.as_of is None:
            continue
        outcomes = [
            w for w in wholes
            if w.modality != "planned" and w.as_of and 0 <= (w.as_of - part.as_of).days <= PLAN_WINDOW_DAYS
            and not overlaps(part, w)
        ]  # fmt: skip
        if outcomes:
            groups = " vs ".join(_qual_text(q) or "all" for q in (part.qualifiers, outcomes[0].qualifiers))
            reasons = ["deal terms vs outcome", "groups differ: " + groups]
            if uncertain:
                reasons.append("event identity uncertain")
            out.append(_flag("value_conflict", [part, *outcomes], [[part], outcomes], "warning", reasons))
    return out


def _same_time(a: Claim, b: Claim) -> bool:
    if a.kind == "fixed":
        return True
    if a.as_of is None or b.as_of is None:
        return False
    return abs((a.as_of - b.as_of).days) <= a.window_days


# -- arithmetic within and across articles ----------------------------------------------------------
def _arithmetic(claims: list[Claim]) -> list[Discrepancy]:
    """A stated total vs the sum of its listed parts; a part larger than its stated whole."""
    out = []
    totals: dict[str, Claim] = {}
    parts: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.relation and c.relation.startswith(("total:", "sum:")):
            totals[c.relation.split(":", 1)[1]] = c
        elif c.relation and c.relation.startswith("part:"):
            parts[c.relation.split(":", 1)[1]].append(c)
    for key, total in totals.items():
        ps = parts.get(key, [])
        if not ps:
            continue
        for p in ps:
            if widened(p)[0] > widened(total)[1]:
                out.append(_flag("part_exceeds_whole", [p, total], [[p], [total]], "error", ["part > whole"]))
        if len(ps) >= 2:
            low = sum(p.base_bounds()[0] for p in ps)
            high = sum(p.base_bounds()[1] for p in ps)
            tl, th = widened(total)
            exhaustive = total.relation is not None and total.relation.startswith("sum:")
            # parts above the total always disagree; parts below it only when the text lists them all
            # ("31 passengers: 18 Britons, ..."), not when it names some ("including 6 Indians")
            if math.isfinite(high) and (low > th or (high < tl and exhaustive)):
                summary_parts = [[p] for p in ps]
                out.append(
                    _flag(
                        "sum_mismatch",
                        [total, *ps],
                        [[total], *summary_parts],
                        "error",
                        [f"parts add up to {_fmt(low)}" + (f"-{_fmt(high)}" if high != low else "")],
                    )
                )
    return out


def _ratios(claims: list[Claim]) -> list[Discrepancy]:
    """Exchange ratios (50 for 150 vs 110 for 240) that disagree, within and across articles."""
    sides: dict[str, dict[str, Claim]] = defaultdict(dict)
    for c in claims:
        if c.relation and c.relation.startswith("exchange_"):
            side, key = c.relation.split(":", 1)
            sides[f"{c.article_id}|{key}"][side] = c
    exchanges = [(s["exchange_a"], s["exchange_b"]) for s in sides.values() if len(s) == 2]
    out = []
    for (a1, b1), (a2, b2) in combinations(exchanges, 2):
        if a1.measure != a2.measure or b1.measure != b2.measure:
            continue
        r1 = _ratio(a1, b1)
        r2 = _ratio(a2, b2)
        if r1 is None or r2 is None:
            continue
        tol = max(a1.tolerance, b1.tolerance, 0.05)
        if abs(r1 - r2) <= tol * max(r1, r2):
            continue
        modalities = {a1.modality, b1.modality, a2.modality, b2.modality}
        severity = "error" if modalities == {"reported"} else "warning"
        reasons = ["deal terms vs outcome"] if "planned" in modalities else []
        flag = _flag(
            "ratio_conflict",
            [a1, b1, a2, b2],
            [[a1, b1], [a2, b2]],
            severity,
            reasons,
            values=[f"{shown(a1)}:{shown(b1)}", f"{shown(a2)}:{shown(b2)}"],
            measure=f"{a1.measure}/{b1.measure}",
            qualifiers=dict(set.intersection(*(set(c.qualifiers.items()) for c in (a1, b1, a2, b2)))),
        )
        out.append(flag)
    return out


def _ratio(a: Claim, b: Claim) -> float | None:
    if not (math.isfinite(a.low) and math.isfinite(b.low)) or b.low <= 0:
        return None
    return ((a.low + a.high) / 2) / ((b.low + b.high) / 2)


# -- dates and weekdays ----------------------------------------------------------------------------
def _date_conflicts(claims: list[Claim]) -> list[Discrepancy]:
    """The same event given different days ("on Saturday" = 25 Nov vs "on November 26")."""
    out: list[Discrepancy] = []
    by_key: dict[tuple[str, tuple[tuple[str, str], ...]], list[Claim]] = defaultdict(list)
    for c in claims:
        by_key[(c.measure, tuple(sorted(c.qualifiers.items())))].append(c)
    for group in by_key.values():
        if len({c.article_id for c in group}) < 2:
            continue
        for members, uncertain in _event_groups(group):
            if len({c.article_id for c in members}) < 2:
                continue
            values = _distinct_values(members)
            if len(values) < 2:
                out.extend(_time_conflicts(members, uncertain))
                continue
            if all({c.article_id for c in v} == {c.article_id for c in values[0]} for v in values):
                continue
            relative = any(c.as_of_basis == "relative" for c in members)
            severity = "warning" if relative or uncertain else "error"
            reasons = []
            if relative:
                reasons.append("a relative day resolved against its article's date")
            if uncertain:
                reasons.append("event identity uncertain")
            out.append(
                _flag(
                    "date_conflict",
                    members,
                    values,
                    severity,
                    reasons,
                    values=[f"{shown(v[0])} ({v[0].quote})" for v in values],
                )
            )
    return out


def _time_conflicts(members: list[Claim], uncertain: bool) -> list[Discrepancy]:
    """The same event on the same day at different times ("struck at 04:17" vs "at 03:17"), compared only
    within one time zone as written, and only when they are at least an hour apart."""
    timed = [c for c in members if c.time]
    out: list[Discrepancy] = []
    for zone in {c.tz for c in timed}:
        same_zone = sorted((c for c in timed if c.tz == zone), key=lambda c: c.time or "")
        if len({c.article_id for c in same_zone}) < 2:
            continue
        minutes = [int(c.time[:2]) * 60 + int(c.time[3:5]) for c in same_zone if c.time]
        if max(minutes) - min(minutes) < TIME_SLACK_MINUTES:
            continue
        groups: list[list[Claim]] = []
        for c in same_zone:
            if groups and groups[-1][0].time == c.time:
                groups[-1].append(c)
            else:
                groups.append([c])
        reasons = ["event identity uncertain"] if uncertain else []
        shown_times = [f"{shown(g[0])} {g[0].time}" + (f" {zone}" if zone else "") for g in groups]
        out.append(_flag("time_conflict", same_zone, groups, "warning", reasons, values=shown_times))
    return out


def _weekday_mismatches(claims: list[Claim]) -> list[Discrepancy]:
    """A weekday written with a date it does not fall on ("Tuesday, November 27, 2023")."""
    return [
        _flag(
            "weekday_mismatch",
            [c],
            [[c]],
            "warning",
            [f"{shown(c)} is not a {c.quote.split(',')[0]}"],
            values=[c.quote],
        )
        for c in claims
    ]


def name_variant_flags(groups: list[tuple[list[Claim], list[str]]]) -> list[Discrepancy]:
    """One warning per name written more than one way, listing each spelling with its articles."""
    out = []
    for claims, spellings in groups:
        by_spelling = [[c for c in claims if shown(c) == sp] for sp in spellings]
        out.append(
            _flag(
                "name_variant",
                claims,
                by_spelling,
                "warning",
                ["same name, different spelling"],
                values=spellings,
                measure="names.spelling",
            )
        )
    return out


# -- flags ----------------------------------------------------------------------------------------
def _lower(severity: str) -> str:
    return {"error": "warning", "warning": "info", "info": "info"}[severity]


def _fmt(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}"


def _qual_text(q: dict[str, str]) -> str:
    return ", ".join(q[k] for k in sorted(q))


def _side_text(claims: list[Claim], value: str | None = None) -> str:
    value = value or shown(claims[0])
    sources = sorted({c.attribution for c in claims if c.attribution})
    articles = len({c.article_id for c in claims})
    modality = {c.modality for c in claims}
    dates = sorted({c.as_of.isoformat() for c in claims if c.as_of})
    bits = []
    if sources:
        bits.append("; ".join(sources[:2]))
    bits.append(f"{articles} article" + ("s" if articles != 1 else ""))
    if modality != {"reported"}:
        bits.append("/".join(MODALITY_WORD[m] for m in sorted(modality)))
    if dates:
        bits.append(dates[0] if len(dates) == 1 else f"{dates[0]}..{dates[-1]}")
    return f"{value} ({', '.join(bits)})"


def _measure_text(measure: str) -> str:
    if "/" in measure:
        return " for ".join(_measure_text(m) for m in measure.split("/"))
    if measure.endswith(".date"):
        return "date of " + _measure_text(measure.removesuffix(".date"))
    if measure.startswith("generic:"):
        _, verb, noun = ([*measure.split(":"), "", ""])[:3]
        return f"{noun} ({verb})"
    family, _, what = measure.partition(".")
    return f"{family} {what.replace('_', ' ')}".strip()


def _flag(
    check: str,
    claims: list[Claim],
    value_groups: list[list[Claim]],
    severity: str,
    reasons: list[str],
    values: list[str] | None = None,
    measure: str | None = None,
    qualifiers: dict[str, str] | None = None,
) -> Discrepancy:
    first = claims[0]
    measure = measure or first.measure
    quals = dict(first.qualifiers) if qualifiers is None else qualifiers
    values = values or [shown(g[0]) for g in value_groups]
    side_values = values if len(values) == len(value_groups) else [shown(g[0]) for g in value_groups]
    summary = " vs ".join(_side_text(g, v) for g, v in zip(value_groups, side_values, strict=True))
    what = _measure_text(measure)
    quals_text = _qual_text(quals)
    summary += f" — {what}" + (f" ({quals_text})" if quals_text else "")
    if reasons:
        summary += f"; {'; '.join(reasons)}"
    covered = sorted(f"{c.article_id}\x1f{c.quote}\x1f{shown(c)}" for c in claims)
    fingerprint = "|".join([check, measure, repr(sorted(quals.items())), *covered])
    did = "d" + hashlib.sha1(fingerprint.encode("utf-8")).hexdigest()[:10]
    return Discrepancy(
        discrepancy_id=did,
        check=check,
        rule_id=first.rule_id,
        measure=measure,
        qualifiers=quals,
        severity=severity,  # type: ignore[arg-type]
        claim_ids=sorted({c.claim_id for c in claims}),
        article_ids=sorted({c.article_id for c in claims}),
        values=values,
        summary=summary,
        event=[],
    )
