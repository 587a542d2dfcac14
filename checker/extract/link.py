"""Link each number of a sentence to what it counts: a measure (head noun + governing predicate) or a
generic measure, and relate the figures of a sentence (totals and parts, subsets, lists, exchanges)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from checker.extract import amounts, frame
from checker.extract.claims import short_hash
from checker.extract.clauses import CLAUSE_END, clause_of, noun_group
from checker.extract.compiled import TOKEN, CompiledRules
from checker.extract.triggers import matches
from checker.models import NumberMention
from checker.rulebook import Family, Measure, Unit
from checker.sentences import Sentence

COUNT_KINDS = {"cardinal", "range", "vague"}
MEASURED_KINDS = COUNT_KINDS | {"money", "age", "duration", "percent"}
COUNTING_FAMILIES = {"people", "things"}  # families whose predicates end a counted noun group

_ENUMERATION = regex.compile(r"[:—–]\s*$|[:—–]\s*\p{L}")
_LIST_GAP = regex.compile(r"[^.;]*?(?:,|\band\b)[^.;]*")
_WORDS_THEN_SEPARATOR = regex.compile(r"[\p{L}\s\-]*(?:,|\band\b)\s*")
_SEPARATOR = regex.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*|;\s*)")
_CLAUSE_CUT = regex.compile(r"[,;.]|\band\b")
_LIST_SEPARATORS = {",", "and", ", and", "&", "or", ", or"}
_ONE_WORDS = {"one", "a", "an"}
_OPEN_BRACKET = regex.compile(r"\s*\(\s*")
_CONJUNCT = regex.compile(r",\s*|\s+and\s+")
_NEXT_WORD = regex.compile(r" (\p{Ll}[\p{L}\-]*)")
_TO = regex.compile(r"\s*to\s+")
_OF = regex.compile(r"\s+of\s+")

PredicateHits = dict[str, list[tuple[int, int]]]  # measure id -> spans of its predicates in the sentence


@dataclass
class Draft:
    """A number linked to a measure, before its frame is read."""

    number: NumberMention
    sentence: Sentence
    measure_id: str
    rule_id: str
    measure: Measure | None
    np_text: str
    window: str  # from the number to the next number or the sentence end
    prev_end: int  # where the figure before it in the sentence ends (the sentence start for the first)
    relation: str | None = None
    partner: Draft | None = None  # the other side of an exchange
    qualifiers: dict[str, str] = field(default_factory=dict)
    unit: Unit | None = None
    by_default: bool = False  # a measuring figure no predicate was near: its family's default measure
    stance: str = "asserted"


@dataclass
class _Scored:
    score: float
    match_len: int
    order: int
    measure: Measure
    family: Family


# a line that is only a number, a full stop or bracket and a short title: a numbered section heading
_SECTION_NUMBER = regex.compile(r"[.)][ \t]+\p{Lu}[^\n.:;!?]{0,60}[ \t]*(?:\n|$)")

def predicate_hits(
    rules: CompiledRules, text: str, s: Sentence, candidates: set[str], at: dict[str, list[int]] | None = None
) -> PredicateHits:
    """Where each measure's predicates occur in the sentence (absolute offsets), of the `candidates` that one
    pass over its words picked (rules.triggers). `at`: the words that picked each (TriggerIndex.scan); a
    pattern that can only start at them is tried there alone, the others run over the sentence. Rule
    patterns are checked for linear time by `rules lint`, so no per-call timeout here."""
    hits: PredicateHits = {}
    at_words = rules.triggers.at_words
    for mid in candidates:
        if mid not in rules.measure:
            continue
        pattern = rules.measure[mid].predicates
        starts = at.get(mid) if at is not None and mid in at_words else None
        if starts is not None:
            found = matches(pattern, text, s.end, starts)
        else:
            found = [x.span() for x in pattern.finditer(text, s.start, s.end)]
        # "conspiring to kill three others", "tried to rescue 40": what was tried is no count of what was done
        found = [(a, b) for a, b in found if not rules.cues.attempted.search(text, max(s.start, a - 24), a)]
        if found:
            hits[mid] = found
    return hits


@dataclass
class _Ctx:
    """One sentence's numbers and predicates, shared by the linking steps."""

    rules: CompiledRules
    text: str
    s: Sentence
    counts: list[NumberMention]
    paragraph: tuple[int, int]  # its start and end in `text`
    hits: PredicateHits
    pred_starts: list[int]  # where predicates of counting families start: they end a noun group
    # whether a family's role words occur in a sentence or a paragraph of the article, read once for all its
    # figures: ("s", sentence start, family) and ("p", paragraph, family)
    seen: dict[tuple[str, int, str], bool] = field(default_factory=dict)

    def role_in(self, f: Family, scope: str) -> bool:
        """Whether the sentence (`scope` "s") or its paragraph ("p") holds a word of `f`'s role."""
        key = (scope, self.s.start if scope == "s" else self.s.paragraph, f.id)
        got = self.seen.get(key)
        if got is None:
            assert f.role is not None
            start, end = (self.s.start, self.s.end) if scope == "s" else self.paragraph
            got = self.seen[key] = f.role.search(self.text, start, end, timeout=1) is not None
        return got

    def context_in(self, m: Measure) -> bool:
        """Whether the sentence's paragraph holds a word of `m`'s context."""
        key = ("c", self.s.paragraph, m.id)
        got = self.seen.get(key)
        if got is None:
            assert m.context is not None
            got = self.seen[key] = m.context.search(self.text, *self.paragraph, timeout=1) is not None
        return got

    def limit(self, i: int) -> int:
        return self.counts[i + 1].start if i + 1 < len(self.counts) else self.s.end

    def prev_end(self, i: int) -> int:
        return self.counts[i - 1].end if i else self.s.start

    def noun_group(self, start: int, limit: int) -> str:
        return self.text[slice(*noun_group(self.rules, self.text, start, limit, self.pred_starts))]

    @functools.cached_property
    def counting_families(self) -> list[Family]:
        """The counting families with a predicate in the sentence, in rule-book order: only their nouns need be
        read."""
        rules = self.rules
        # from the measures that hit, not a walk over every family and measure: most sentences hit few
        ids = {rules.measure[mid].family for mid in self.hits if mid in rules.counting}
        return sorted((rules.family[f] for f in ids), key=lambda f: rules.order[f.id])


def sentence_drafts(
    rules: CompiledRules,
    text: str,
    s: Sentence,
    counts: list[NumberMention],
    paragraph: tuple[int, int],
    pred_hits: PredicateHits,
    before: Draft | None = None,
    seen: dict[tuple[str, int, str], bool] | None = None,
) -> list[Draft]:
    """One draft per number of the sentence that counts or measures something. `before` is the last count of
    the article's earlier sentences, which "Of them, 96 ..." speaks of; `seen` keeps what the article's
    sentences and paragraphs hold across calls (one dict per article, see _Ctx)."""
    starts = sorted(a for mid, spans in pred_hits.items() if mid in rules.counting for a, _ in spans)
    ctx = _Ctx(rules, text, s, counts, paragraph, pred_hits, starts, {} if seen is None else seen)
    by_index: dict[int, Draft] = {}
    subsets: list[tuple[int, str]] = []
    for i in range(len(counts)):
        if i and _restated_in_brackets(text, counts[i - 1], counts[i]):
            continue  # "ten (10) people": the figure in brackets says the same again
        kind = _subset_kind(ctx, i)
        if kind == "lead":
            # "Of them, 96 have been identified: 77 men, ...": the subset of an earlier sentence's count is
            # known at once, so a breakdown after it goes on counting the same
            lead = _subset(ctx, i, kind, by_index, before)
            if lead is not None:
                by_index[i] = lead
            continue
        if kind is not None:
            subsets.append((i, kind))
            continue
        draft = _link(ctx, i, [by_index[k] for k in sorted(by_index)])
        if (draft is None or draft.rule_id == "generic") and before is not None:
            draft = _anaphoric(ctx, i, before) or draft
        if draft is not None:
            _part_of_the_named(ctx, i, draft)
            by_index[i] = draft
    for i, kind in subsets:
        draft = _subset(ctx, i, kind, by_index, before)
        if draft is not None:
            by_index[i] = draft
    _fronted_breakdown(ctx, by_index, [i for i, kind in subsets if kind == "fronted"])
    drafts = [by_index[k] for k in sorted(by_index)]
    _mark_superseded(rules, text, drafts)
    return drafts


def _died_of_the_wounded(rules: CompiledRules, measure_id: str, text: str, at: int, end: int) -> Measure | None:
    """The measure of the dead, when a figure of some of the wounded goes on "(later) died"."""
    roles = rules.book.maps.get("implicit_role", {})
    dead = roles.get("dead")
    if measure_id != roles.get("wounded") or dead not in rules.measure:
        return None
    if not rules.cues.group_died.match(text, at, end):
        return None
    return rules.measure[dead]


def _fronted_breakdown(ctx: _Ctx, by_index: dict[int, Draft], fronted: list[int]) -> None:
    """The parts after a fronted whole add up to it only where each tells who or where ("31 were in Kastrel",
    "10 were soldiers, 12 civilians"), and list all of it where two or more tell where ("Of the 57 dead, 31 were
    in Kastrel, 14 in Sopot and 9 in Luka"); parts told by what else is true of them ("Of the 288 candidates, 286
    have higher education, 56 are women") overlap, so they stay subsets, never parts of a sum."""
    rules, text = ctx.rules, ctx.text
    whole = by_index.get(0)
    parts = [by_index[i] for i in fronted if i in by_index]
    if whole is None or not parts or whole.relation is None or not whole.relation.startswith("total:"):
        return
    key = whole.relation.partition(":")[2]
    if not all(p.relation == f"part:{key}" for p in parts):
        return
    where = [rules.cues.place_in.match(text, p.number.end, ctx.s.end) is not None for p in parts]
    ends = [p.number.start for p in parts[1:]] + [ctx.s.end]
    who = [rules.cues.people.search(_CLAUSE_CUT.split(text[p.number.end : end], maxsplit=1)[0]) is not None
           for p, end in zip(parts, ends, strict=True)]  # fmt: skip
    if len(parts) >= 2 and (all(where) or _whole_population(rules, parts)):
        # "Of the 57 dead, 31 were in Kastrel, 14 in Sopot and 9 in Luka"; "Among the 15 dead were nine men, four
        # women and two children": every place, or everyone, is listed
        whole.relation = f"sum:{key}"
    elif not all(w or h for w, h in zip(where, who, strict=True)):
        whole.relation = None
        for p in parts:
            p.relation = None
            p.qualifiers = p.qualifiers or {"subset": "part"}


def _part_of_the_named(ctx: _Ctx, i: int, draft: Draft) -> None:
    """ "19 of the injured in critical condition", "40 of the dead were children": a figure of some of a group
    the sentence names with no figure of its own is a subset, set apart by what follows ("critical condition",
    "children"), or only as a part when nothing does; never the group's total."""
    rules, text, n = ctx.rules, ctx.text, ctx.counts[i]
    m = rules.cues.of_the_group.match(text, n.end, ctx.s.end)
    if m is None or draft.measure is None or "subset" in draft.qualifiers or "population" in draft.qualifiers:
        return
    died = _died_of_the_wounded(rules, draft.measure_id, text, m.end(), ctx.s.end)
    if died is not None:
        # "Two of the wounded later died": more dead, by as many; the toll is told elsewhere (or not at all)
        draft.measure_id, draft.rule_id, draft.measure = died.id, died.family, died
        draft.qualifiers = {**draft.qualifiers, "change": "added"}
        return
    qualifiers = _subset_qualifier(rules, text, m.end(), ctx.s.end)
    draft.qualifiers = {**draft.qualifiers, **(qualifiers or {"subset": "part"})}


def _anaphoric(ctx: _Ctx, i: int, before: Draft) -> Draft | None:
    """ "The agency put the figure at up to 400": a figure of "the figure" counts what the last count did."""
    n = ctx.counts[i]
    if before.measure is None or before.unit is not None or n.kind not in COUNT_KINDS:
        return None
    if not ctx.rules.cues.anaphoric_figure.search(ctx.text, max(ctx.s.start, n.start - 60), n.start):
        return None
    return Draft(n, ctx.s, before.measure_id, before.rule_id, before.measure, before.np_text,
                 ctx.text[n.end : ctx.limit(i)], ctx.prev_end(i))  # fmt: skip


def _restated_in_brackets(text: str, a: NumberMention, b: NumberMention) -> bool:
    return (
        a.value is not None and a.value == b.value and _OPEN_BRACKET.fullmatch(text, a.end, b.start) is not None
        and text[b.end : b.end + 1] == ")"
    )


def after_another(rules: CompiledRules, text: str, s: Sentence, n: NumberMention) -> bool:
    """ "another 12", "a further 9": a figure that adds to one before it."""
    return rules.cues.another.search(text, max(s.start, n.start - 16), n.start) is not None


def _link(ctx: _Ctx, i: int, drafts: list[Draft]) -> Draft | None:
    rules, text, s, counts = ctx.rules, ctx.text, ctx.s, ctx.counts
    cues = rules.cues
    n = counts[i]
    limit, prev_end = ctx.limit(i), ctx.prev_end(i)
    np_text = ctx.noun_group(n.end, limit)
    if not np_text and drafts and after_another(rules, text, s, n):
        np_text = drafts[-1].np_text  # "razed 40 houses and damaged another 12": 12 more houses
    if not np_text and i + 1 < len(counts) and cues.out_of.fullmatch(text, n.end, counts[i + 1].start):
        # "shot down 440 of 472 drones": both count drones
        np_text = ctx.noun_group(counts[i + 1].end, ctx.limit(i + 1))
    window = text[n.end : limit]
    distance = functools.partial(_predicate_distance, rules, text, n, counts=counts, adjacent=False)
    linked = amounts.link_amount(rules, text, s, n, np_text, limit, ctx.hits, distance)
    if linked is not None:
        return Draft(n, s, linked.measure.id, linked.family.id, linked.measure, np_text, window, prev_end,
                     qualifiers=linked.qualifiers, unit=linked.unit, by_default=linked.by_default)  # fmt: skip
    if n.kind not in COUNT_KINDS or n.unit or amounts.unit_after(rules, text, n, limit) is not None:
        return None  # an amount, age or measurement no rule claims: never a count of a noun
    if np_text and cues.not_counted.fullmatch(np_text.split()[0]):
        return None  # "12 points", "3 times": a score or a rate, not a count
    member = cues.one_of.match(text, n.end) or cues.reciprocal.match(text, n.end)
    if n.value == 1 and n.text.lower() in _ONE_WORDS and member:
        return None  # "one of the captives is ...", "fell on one another": a member or a pronoun, no count
    if cues.street_block.match(text, n.end) and cues.definite.search(text, max(s.start, n.start - 8), n.start):
        return None  # "in the 1200 block of Elm Street": an address
    if cues.road_number.search(text, max(s.start, n.start - 24), n.start) and n.text.isdigit():
        return None  # "on Highway 401", "near junction 9": a road's number
    if cues.rank_before.search(text, max(s.start, n.start - 8), n.start) and n.text.isdigit():
        return None  # "the number 2 man at the FBI": a rank, no count
    if cues.fire_at_before.search(text, max(s.start, n.start - 24), n.start):
        return None  # "opened fire on several employees, killing two": those aimed at, not those hit
    if cues.series_before.search(text, max(s.start, n.start - 12), n.start) and cues.series_after.match(text, n.end):
        return None  # "Heatwave day four - power cuts", "week 2 of the strike": a place in a series, no count
    line_start = text.rfind("\n", 0, n.start) + 1
    if n.text.isdigit() and _SECTION_NUMBER.match(text, n.end) and not text[line_start : n.start].strip():
        return None  # "3. Injured persons": a numbered heading of a press release, no count
    if cues.kin_parent.search(text, max(s.start, n.start - 40), n.start) or (
        cues.kin_having.search(text, max(s.start, n.start - 30), n.start)
        and cues.kin_noun_after.match(text, n.end, limit)
    ):
        return None  # "a mother of three", "who had four children": a family, not people the event counts
    subject: tuple[int, int] | None = None
    if not np_text:
        copula = cues.copula_noun.match(text, n.end, limit)
        if copula:  # "98 were women and 56 were men": the noun after the copula is what is counted
            np_text = copula.group("np")
        elif not _predicate_next(ctx, n):
            subject = _subject(ctx, n)
            if subject is not None:  # "the number of bodies recovered is 78": the noun stands before
                np_text = text[subject[0] : subject[1]]
    inherited = _part_of_previous(ctx, drafts, n, np_text, prev_end, limit)
    if inherited is not None:
        return inherited
    best = _best_measure(ctx, n, np_text, window, subject)
    if best is not None and best.family.people and not _casualty(ctx.rules, best.measure.id) and \
            ctx.rules.cues.agent_by.search(text, max(s.start, n.start - 40), n.start):
        best = None  # "rescued by 30 firefighters": the rescuers; a casualty's agents keep role=perpetrator
    if best is not None and _definite_others(ctx, n, np_text, window, best.family):
        best = None  # "the largest swap between the two neighbours": the two sides, not two prisoners freed
    if best is not None:
        return Draft(n, s, best.measure.id, best.family.id, best.measure, np_text, window, prev_end)
    if not np_text:
        elided = _ellipsis(ctx, drafts, n, prev_end)
        if elided is not None:
            return elided
    if n.value is not None and n.value < 10 and cues.definite.search(text, max(s.start, n.start - 8), n.start):
        return None  # "the two countries" refers back to things already counted
    generic = _generic_measure(ctx, i, np_text)
    if generic:
        return Draft(n, s, generic, "generic", None, np_text, window, prev_end)
    return None


def _casualty(rules: CompiledRules, measure_id: str) -> bool:
    """The measure counts the dead, the wounded or the shot (rules/_shared.yaml map implicit_role)."""
    return measure_id in rules.book.maps.get("implicit_role", {}).values()


def _definite_others(ctx: _Ctx, n: NumberMention, np_text: str, window: str, f: Family) -> bool:
    """ "the two neighbours", "the three countries": a small figure after a definite determiner refers back to
    things already named; it counts a family of people in a role (prisoners, hostages) only where its own noun
    group or the words after it name that role, not where the role is only somewhere in the sentence."""
    if not np_text or n.value is None or n.value >= 10 or f.role is None:
        return False
    if not ctx.rules.cues.definite.search(ctx.text, max(ctx.s.start, n.start - 8), n.start):
        return False
    return not (f.role.search(window, timeout=1) or (f.nouns is not None and f.nouns.search(np_text)))


def _predicate_next(ctx: _Ctx, n: NumberMention) -> bool:
    """A predicate right after the figure ("1,293 deaths", "154 dead") governs it."""
    nxt = TOKEN.search(ctx.text, n.end, ctx.s.end)
    return nxt is not None and nxt.start() in ctx.pred_starts


def _subject(ctx: _Ctx, n: NumberMention) -> tuple[int, int] | None:
    """The noun group a bare figure is predicated of, standing before it in its clause: "the number of bodies
    recovered is 78", "Survivors still number 104", "the death toll was confirmed to be 224", "taking the number
    of people killed to two"."""
    put = ctx.rules.cues.put_at.search(ctx.text, max(ctx.s.start, n.start - 160), n.start) or (
        ctx.rules.cues.brought_to.search(ctx.text, max(ctx.s.start, n.start - 160), n.start)
    )
    if put is not None:
        # the last conjunct names what this figure counts: "the dead at 2,681 and the injured at"
        parts = list(_CONJUNCT.finditer(ctx.text, put.start("np"), put.end("np")))
        start = parts[-1].end() if parts else put.start("np")
        return start, put.end("np")
    clause_start = clause_of(ctx.text, ctx.s, n)[0]
    m = ctx.rules.cues.subject_link.search(ctx.text, max(clause_start, n.start - 120), n.start)
    if m is None or not m.group("np").strip():
        return None
    first = m.group("np").split()[0].lower()
    if first in ctx.rules.words.not_subjects:
        return None  # "There were 40", "It was 12": no noun to count
    return m.start("np"), m.end("np")


def _subset_kind(ctx: _Ctx, i: int) -> str | None:
    """How a figure names a subset of another: "793 of the 1,175 injured" (of the next figure), "133 of them"
    (of the one before), "Of them, 96 ..." (of the article's last count)."""
    cues, text, n = ctx.rules.cues, ctx.text, ctx.counts[i]
    if n.kind not in COUNT_KINDS:
        return None
    if n.value == 1 and n.text.lower() in _ONE_WORDS:
        # "one of them" is a member, not a count; "... nine men, four women and one boy" is the list's last part
        fronted = not cues.one_of.match(text, n.end) and _fronted_whole(ctx, i) is not None
        return "fronted" if fronted else None
    if i + 1 < len(ctx.counts):
        nxt = ctx.counts[i + 1]
        if nxt.kind in COUNT_KINDS and cues.out_of.fullmatch(text, n.end, nxt.start) and nxt.low > n.low:
            return "next"
    if cues.subset_after.match(text, n.end, ctx.limit(i)):
        return "previous"
    if i > 0 and cues.subset_inline.search(text, ctx.counts[i - 1].end, n.start):
        return "previous"
    if cues.subset_lead.fullmatch(text, ctx.s.start, n.start) or _group_lead(ctx, i):
        return "lead"
    if _fronted_whole(ctx, i) is not None:
        return "fronted"
    return None


def _group_lead(ctx: _Ctx, i: int) -> bool:
    """ "The displaced include 9,200 residents of the town and 6,200 in the villages": a sentence that opens with
    a group named without a figure lists parts of the count the article gave for it, each figure of the list."""
    cues, text, counts = ctx.rules.cues, ctx.text, ctx.counts
    if counts[i].kind not in COUNT_KINDS or cues.group_lead.fullmatch(text, ctx.s.start, counts[0].start) is None:
        return False
    return all(_WORDS_THEN_SEPARATOR.fullmatch(text, counts[k - 1].end, counts[k].start) for k in range(1, i + 1))


def _fronted_whole(ctx: _Ctx, i: int) -> int | None:
    """ "Of the 57 dead, 31 were in Kastrel, 14 in Sopot and 9 in Luka", "Of the 26, 10 were soldiers, 12
    civilians and 5 journalists": a sentence that opens with a whole and its figure breaks it down in the list
    after the comma; the index of the whole's figure (the sentence's first) for each figure of that list."""
    cues, text, counts = ctx.rules.cues, ctx.text, ctx.counts
    if i == 0 or counts[i].kind not in COUNT_KINDS or counts[0].kind not in COUNT_KINDS:
        return None
    if cues.fronted_whole.fullmatch(text, ctx.s.start, counts[0].start) is None:
        return None
    if i == 1:
        return 0 if cues.fronted_part.fullmatch(text, counts[0].end, counts[1].start) else None
    if _fronted_whole(ctx, i - 1) is None:
        return None
    return 0 if _WORDS_THEN_SEPARATOR.fullmatch(text, counts[i - 1].end, counts[i].start) else None


def _subset(ctx: _Ctx, i: int, kind: str, by_index: dict[int, Draft], before: Draft | None) -> Draft | None:
    """A subset counts what its whole counts, as a part of it, with what sets it apart as a qualifier
    ("identified", "women", "critical condition")."""
    rules, text, s, n = ctx.rules, ctx.text, ctx.s, ctx.counts[i]
    whole: Draft | None = None
    if kind == "next":
        whole = by_index.get(i + 1)
    elif kind == "previous":
        # the nearest figure before it that can hold it: "162 bodies in two phases, and 133 of them"
        earlier = [by_index[k] for k in sorted(by_index) if k < i and by_index[k].unit is None]
        fits = [d for d in earlier if _size(d.number) >= n.low]
        whole = fits[-1] if fits else (before if before is not None and _size(before.number) >= n.low else None)
    elif kind == "fronted":
        whole = by_index.get(0)
        if whole is None and before is not None and before.unit is None and before.measure_id \
                and before.number.value == ctx.counts[0].value:
            # "... the 26 Aldonians freed. Of the 26, 10 were soldiers": the whole names the earlier count again
            head = ctx.counts[0]
            whole = Draft(head, s, before.measure_id, before.rule_id, before.measure, before.np_text,
                          text[head.end : ctx.limit(0)], ctx.prev_end(0))  # fmt: skip
            by_index[0] = whole
        if whole is not None and _size(whole.number) < n.low:
            whole = None
    else:
        whole = before if before is not None and _size(before.number) >= n.low else None
        lead = rules.cues.group_lead.match(text, s.start, n.start)
        if whole is not None and lead is not None and (
            whole.measure is None or not whole.measure.predicates.search(lead.group())
        ):
            whole = None  # "The dead included 19 foreigners" after a count of the injured: not a part of that
    if whole is None or whole.unit is not None or whole.number.kind not in COUNT_KINDS:
        draft = _link(ctx, i, [by_index[k] for k in sorted(by_index) if k < i])
        return draft
    measure_of_part = (whole.measure_id, whole.rule_id, whole.measure)
    parts_verb = kind == "next" and _verb_is_the_parts(ctx, i, whole)
    generic = _generic_measure(ctx, i + 1, whole.np_text) if parts_verb else None
    if generic:
        # "Six of the 41 people on board were hurt": the verb tells of the six; the 41 count the people on board
        whole.measure_id, whole.rule_id, whole.measure = generic, "generic", None
    own = _best_measure(ctx, n, whole.np_text, text[n.end : ctx.limit(i)], None)
    # "Two of them (have been) killed": the subset phrase and auxiliaries put no distance between a figure and its verb
    phrase = rules.cues.subset_after.match(text, n.end) if kind == "previous" else None
    reach = 1.0 + (len(TOKEN.findall(text, n.end, phrase.end())) + 2.5 if phrase else 0.0)  # and two auxiliaries
    if own is not None and own.measure.id != whole.measure_id and (
        own.score <= 1.0 or (own.score <= reach and own.measure.kind != "stock")  # "three of them had been held"
    ):
        # "shot down 440 of 472 drones": a verb of its own governs the subset
        return Draft(n, s, own.measure.id, own.family.id, own.measure, whole.np_text, text[n.end : ctx.limit(i)],
                     ctx.prev_end(i))  # fmt: skip
    key = short_hash(f"{whole.number.start}|{whole.sentence.start}")
    if whole.sentence is s and (whole.relation is None or whole.relation.startswith(("total", "sum"))):
        whole.relation = f"total:{key}"
    if kind == "next":
        nxt = ctx.counts[i + 1]
        np_start, np_end = noun_group(rules, text, nxt.end, ctx.limit(i + 1), ctx.pred_starts)
        word = TOKEN.search(text, nxt.end, s.end)  # "288 bodies", "154 dead": the noun is a predicate word
        after = np_end if np_end > np_start else (word.end() if word else nxt.end)
    else:
        m = rules.cues.subset_after.match(text, n.end)
        after = m.end() if m else n.end
    died = _died_of_the_wounded(rules, whole.measure_id, text, after, s.end) if kind == "next" else None
    if died is not None:  # "Two of the five wounded died": two more dead; the five were the wounded
        return Draft(n, s, died.id, died.family, died, whole.np_text, text[n.end : ctx.limit(i)], ctx.prev_end(i),
                     qualifiers={"change": "added"})  # fmt: skip
    qualifiers = _subset_qualifier(rules, text, after, s.end)
    # a whole in an earlier sentence has no total to point to; its qualifier ("identified") sets the subset apart,
    # and the subset may be the total of a breakdown of its own ("Of them, 96 ...: 77 men, ...")
    relation = f"part:{key}" if whole.sentence is s else None
    if relation is None and not qualifiers:
        qualifiers = {"subset": "part"}  # "Of these, 12": a part, though the text says no more of which part
    draft = Draft(n, s, *measure_of_part, whole.np_text, text[n.end : ctx.limit(i)],
                  ctx.prev_end(i), relation=relation, qualifiers=qualifiers)  # fmt: skip
    return draft


def _verb_is_the_parts(ctx: _Ctx, i: int, whole: Draft) -> bool:
    """In "N of the M <noun> <verb>", whether the verb tells of the N alone: the M's noun is no word of the
    measure ("the 41 people on board", not "the 41 injured") and no predicate follows it straight (as in "the
    five people killed"), so the clause's verb comes after an auxiliary and its subject is the N."""
    if whole.measure is None or whole.rule_id == "generic":
        return False
    family = ctx.rules.family.get(whole.rule_id)
    if family is None or not family.people or _predicate_next(ctx, whole.number):
        return False
    nxt = whole.number
    np_start, np_end = noun_group(ctx.rules, ctx.text, nxt.end, ctx.limit(i + 1), ctx.pred_starts)
    named = family.nouns.search(ctx.text, np_start, np_end) if family.nouns is not None else None
    if np_end <= np_start or (named is not None and not ctx.rules.cues.neutral_victims.fullmatch(named.group())):
        return False  # "two of the 41 injured": the noun counts the whole; "victims" says nothing of who died
    for k, t in enumerate(TOKEN.finditer(ctx.text, np_end, min(ctx.s.end, np_end + 60))):
        w = t.group().lower()
        if k == 0 and t.start() in ctx.pred_starts and is_participle(ctx.rules, w):
            return False  # "the five people killed": a participle of the noun, which the M counts
        if k == 0 and t.start() in ctx.pred_starts and named is not None:
            return True  # "two of the three victims died": the verb of the clause, whose subject is the two
        if w in ctx.rules.words.passive_auxiliaries:
            return True
    return False


def _size(n: NumberMention) -> float:
    """How many a figure says at most: "up to five" may hold three."""
    return n.high if n.high != float("inf") else n.low


def _subset_qualifier(rules: CompiledRules, text: str, start: int, end: int) -> dict[str, str]:
    m = rules.cues.subset_rest.match(text, start, end)
    if m is None:
        return {}
    if m.group("verb"):
        verb = lemma(m.group("verb").lower())
        return {"subset": ("not " if m.group("neg") else "") + verb}
    if m.group("noun"):
        noun = m.group("noun").lower()
        pop = rules.population_map.get(noun)
        condition = rules.condition_map.get(noun.removesuffix(" condition"))
        return {"population": pop} if pop else {"condition": condition} if condition else {"subset": noun}
    return {}


_NOT_ASIDE = regex.compile(r"(?:\s+[\p{L}\-]+)?,\s*not\s+", regex.I)
_ASIDE_END = regex.compile(r"(?:\s+[\p{L}\-]+)?\s*,")


def _mark_superseded(rules: CompiledRules, text: str, drafts: list[Draft]) -> None:
    """ "down from 174", "78, not 79 as first reported", "revised from 41 to 38": the old figure is marked
    superseded and counts what the new one counts."""
    cues = rules.cues
    for i, d in enumerate(drafts):
        n, start = d.number, d.sentence.start
        old = cues.superseded_before.search(text, max(start, n.start - 40), n.start) is not None
        not_as_reported = cues.superseded_after.match(text, n.end, d.sentence.end) and cues.negation_before.search(
            text, max(start, n.start - 12), n.start
        )
        set_aside = i > 0 and _NOT_ASIDE.fullmatch(text, drafts[i - 1].number.end, n.start) is not None and \
            _ASIDE_END.match(text, n.end) is not None  # "two, not three, were hurt": the three is the rejected figure
        if old or not_as_reported or set_aside or cues.said_wrong.match(text, n.end, d.sentence.end):
            d.stance = "superseded"
        elif i + 1 < len(drafts) and cues.changed_from.search(text, max(d.sentence.start, n.start - 50), n.start):
            nxt = drafts[i + 1]
            if _TO.fullmatch(text[n.end : nxt.number.start]):
                d.stance = "superseded"  # "fell from 90 to 78": the first figure is the old one
        if d.stance == "superseded" and i > 0 and (d.rule_id == "generic" or not d.np_text):
            prev = drafts[i - 1]  # "78, not 79": the old figure counts what the new one does
            if prev.unit is None and d.unit is None:
                d.measure_id, d.rule_id, d.measure = prev.measure_id, prev.rule_id, prev.measure
                d.np_text = d.np_text or prev.np_text


def _part_of_previous(
    ctx: _Ctx, drafts: list[Draft], n: NumberMention, np_text: str, prev_end: int, limit: int
) -> Draft | None:
    """ "24 captives, including 13 Israelis and 10 Thais": parts listed after a total count what it counts;
    "1,293 deaths in Al Haouz, 452 in Taroudant": a bare figure in a list goes on counting the same; but
    "the toll rose to 48, and 130 people are missing": a conjunct with a predicate of its own counts that."""
    rules, text = ctx.rules, ctx.text
    if not drafts or drafts[-1].measure is None or drafts[-1].unit is not None:
        return None
    prev = drafts[-1]
    family = rules.family.get(prev.rule_id)
    if family is not None and family.counts == "age":
        return None  # "a man aged 40 and 12 others": an age is one person's, never a list's measure
    siblings = {m.id for m in family.measures if m.id != prev.measure_id} if family else set()
    if any(n.end <= a < limit for m in siblings for a, _ in ctx.hits.get(m, ())):
        return None
    gap = text[prev.number.end : n.start]
    if not np_text:
        same = Draft(n, prev.sentence, prev.measure_id, prev.rule_id, prev.measure, prev.np_text,
                     text[n.end : prev.sentence.end], prev_end)  # fmt: skip
        # a bare figure set in parallel with the one before: "452 in Taroudant", "and 809 in the province of X"
        if rules.cues.place_after.match(text, n.end) and rules.cues.parallel_gap.fullmatch(gap):
            return same
        # the first of a breakdown by place after a colon: "killed 11 people: eight in Castine and two in Brévin"
        if rules.cues.place_after.match(text, n.end) and rules.cues.breakdown_gap.fullmatch(gap):
            return same
        # "78, not 79 as was reported": the old figure counts what the new one does
        start = prev.sentence.start
        if (rules.cues.superseded_after.match(text, n.end) and rules.cues.negation_before.search(
                text, max(start, n.start - 12), n.start)) or rules.cues.superseded_before.search(
                text, max(start, n.start - 40), n.start):  # fmt: skip
            return same
        # "fell from 90 to 78": the new figure counts what the old one does
        if rules.cues.from_to.fullmatch(gap) and rules.cues.changed_from.search(
                text, max(start, prev.number.start - 50), prev.number.start):  # fmt: skip
            return same
        return None
    is_part = rules.cues.part_cue.search(gap) is not None
    # "7 Kenyans, 2 Ugandans and 1 Tanzanian": a list goes on counting the same thing; only the
    # previous noun group and a separator may stand between ("1,850 buildings had collapsed and
    # some 45,000 people" is two statements, not a list)
    rest = gap.strip()
    if prev.np_text and rest.startswith(prev.np_text):
        rest = rest[len(prev.np_text) :].strip()
    copular = rules.cues.copula_noun.match(text, prev.number.end) is not None
    if not (is_part or rest in _LIST_SEPARATORS or (copular and rules.cues.copula_list.fullmatch(gap))):
        return None
    if (
        not rules.cues.people.search(np_text)
        and not rules.cues.nationality.search(np_text)
        and prev.np_text.split()[-1:] != np_text.split()[-1:]
    ):
        return None
    return Draft(n, prev.sentence, prev.measure_id, prev.rule_id, prev.measure, np_text,
                 text[n.end : prev.sentence.end], prev_end)  # fmt: skip


def _ellipsis(ctx: _Ctx, drafts: list[Draft], n: NumberMention, prev_end: int) -> Draft | None:
    """ "146 bodies have been identified, while 74 are yet to be", "88 identified and 78 handed over": a bare
    figure whose noun is left out counts what the figure before counts, set apart by its own verb."""
    rules, text = ctx.rules, ctx.text
    if not drafts or drafts[-1].measure is None or drafts[-1].unit is not None:
        return None
    prev = drafts[-1]
    gap_ok = rules.cues.parallel_gap.fullmatch(text, prev.number.end, n.start)
    if not (gap_ok and rules.cues.subset_rest.match(text, n.end)):
        return None
    return Draft(n, prev.sentence, prev.measure_id, prev.rule_id, prev.measure, prev.np_text,
                 text[n.end : prev.sentence.end], prev_end,
                 qualifiers=_subset_qualifier(rules, text, n.end, prev.sentence.end))  # fmt: skip


def _best_measure(
    ctx: _Ctx, n: NumberMention, np_text: str, window: str, subject: tuple[int, int] | None
) -> _Scored | None:
    rules, text, s = ctx.rules, ctx.text, ctx.s
    bare = not np_text or subject is not None
    has_people = bool(np_text) and rules.cues.people.search(np_text) is not None
    clause = clause_of(text, s, n)
    left = text[clause[0] : n.start]
    best: _Scored | None = None
    for f in ctx.counting_families:
        evidence = _noun_evidence(ctx, f, np_text, has_people, bare, window, left)
        if evidence is None:
            continue
        for m in f.measures:
            hits = ctx.hits.get(m.id)
            if not hits:
                continue
            if m.integer and n.value is not None and not float(n.value).is_integer():
                continue  # "a magnitude 7.1 earthquake", "2.5 children": a fraction counts nothing
            if m.exclude is not None and m.exclude.search(text, *clause, timeout=1):
                continue
            if m.context is not None and not ctx.context_in(m):
                continue
            scored = []
            for a, b in hits:
                if subject is not None and subject[0] <= a and b <= subject[1] + 1:
                    scored.append((0.5, b - a))  # a predicate inside the subject governs the figure
                else:
                    scored.append((_predicate_distance(rules, text, n, a, b, counts=ctx.counts), b - a))
            dist, length = min(scored, key=lambda x: (x[0], -x[1]))
            if bare and dist > 3:
                continue
            cand = _Scored(evidence + dist, length, rules.order[f.id], m, f)
            if best is None or (cand.score, -cand.match_len, cand.order) < (best.score, -best.match_len, best.order):
                best = cand
    if best is not None and best.score > 14:
        return None  # evidence too far away to trust
    return best


def _noun_evidence(
    ctx: _Ctx, f: Family, np_text: str, has_people: bool, bare: bool, window: str, left: str = ""
) -> float | None:
    if f.nouns is not None and np_text and f.nouns.search(np_text):
        return 0.0
    if f.people and has_people:
        if f.role is None:
            return 0.25  # any people noun: weaker than a family that names the noun itself ("volunteers")
        local = f.role.search(window, timeout=1)
        if local:
            return len(TOKEN.findall(window[: local.start()])) / 4
        if ctx.role_in(f, "s"):
            return 4.0
        if ctx.role_in(f, "p"):
            return 10.0
        return None
    if bare and f.counts == "people":
        if f.role is None or ctx.role_in(f, "s"):
            return 1.0
        return 4.0 if ctx.role_in(f, "p") else None
    if bare and f.nouns is not None and f.nouns.search(left, timeout=1):
        return 1.0  # "the number of cases rose to 2,450": the noun stands before the figure
    return None


def _predicate_distance(
    rules: CompiledRules, text: str, n: NumberMention, a: int, b: int, *, counts: list[NumberMention],
    adjacent: bool = True,
) -> float:
    """How far a predicate match is from the number, in tokens; 0 when it governs it from the left.

    Coordination: in "4 dead, 2 injured" and "149 were killed and 76 were injured" a predicate after the
    figure before, across a comma or "and", belongs to that figure's conjunct, not to this one."""
    aside = (rules.cues.dash_aside.search(text, n.end, a) or rules.cues.comma_aside.match(text, n.end, a)
             if a >= n.end else None)  # fmt: skip
    if aside is None and a >= n.end:
        closing = rules.cues.dash_aside.search(text, max(0, n.start - 80), a)
        if closing is not None and closing.start() < n.start and n.end < closing.end() <= a:
            return 20.0  # "six of the 41 aboard - 40 passengers and the driver - were hurt": 40 is the aside's
    crosses = any(
        o is not n
        and (b <= o.start < n.start or n.end <= o.start < a)
        and not (aside is not None and aside.start() <= o.start < aside.end())
        and not rules.cues.part_before.search(text, max(0, o.start - 30), o.start)
        for o in counts
    )
    penalty = 6.0 if crosses else 0.0
    if a < n.end and b > n.start:
        return 3.0  # a pattern running through the figure ("shot down 440 of") speaks of the next one
    if adjacent and a >= n.end and not text[n.end : a].strip():
        return 0.0  # "1,293 deaths", "40 dead": a predicate word right after the figure
    if b <= n.start:
        if ";" in text[b : n.start] or rules.cues.clause_opener.search(text, b, n.start):
            # "no one was hurt, though 12 people were inside", "a teen dies; two others recovering": the
            # figure's clause has a verb of its own
            return 20.0
        if rules.cues.as_clause_before.fullmatch(text, b, n.start) and rules.cues.finite_after.match(text, n.end):
            return 20.0  # "crowds gathered as two people were killed": the figure is the next clause's subject
        closed = rules.cues.closed_predicate
        if rules.cues.conjunct.search(text, b, n.start) and (
            closed.fullmatch(text, a, b) or closed.search(text, max(0, a - 30), a)
        ):
            # "a woman died and two men underwent surgery": the verb takes no object; the two are another subject
            return 20.0
        prev = max((o.end for o in counts if o.end <= a), default=None)
        if prev is not None and rules.cues.coordinator.search(text, b, n.start):
            penalty += 4.0  # the predicate follows the figure before it, in that figure's conjunct
        gap = [t.lower() for t in TOKEN.findall(text, b, n.start)]
        if all(t in rules.words.fillers for t in gap) and not crosses and not penalty:
            return 0.0
        return 2.0 + len(gap) + penalty
    if rules.cues.relative_after.search(text, n.end, a):
        return 20.0  # "30 firefighters fought the blaze, which killed a man": the relative's antecedent's verb
    if rules.cues.clause_opener.search(text, n.end, a):
        return 20.0  # "traumatic for dozens of people after a woman was killed": the verb is the next clause's
    if ";" in text[n.end : a] and rules.cues.negated_count.search(text, n.end, b):
        return 20.0  # "Four people were inside; none was hurt": the verb is the next clause's, denied
    if aside is not None:  # the aside's words are no distance
        return 1.0 + len(TOKEN.findall(text, n.end, a)) - len(TOKEN.findall(text, *aside.span())) + penalty
    return 1.0 + len(TOKEN.findall(text, n.end, a)) + penalty


def is_participle(rules: CompiledRules, word: str) -> bool:
    return (word.endswith("ed") and len(word) > 4) or word in rules.words.irregular


def _modifies_noun(rules: CompiledRules, text: str, end: int) -> bool:
    """ "unidentified victims": a participle right before a content word is an adjective, not the verb."""
    nxt = _NEXT_WORD.match(text, end)
    return nxt is not None and nxt.group(1).lower() not in rules.words.entity_stops


def _list_end(ctx: _Ctx, i: int) -> int:
    """Where the list a figure opens ends: "about 520 firefighters, 1,100 police officers and 70 workers"."""
    text, counts = ctx.text, ctx.counts
    j = i
    while j + 1 < len(counts):
        m = _SEPARATOR.match(text, _skip_noun(ctx, j))
        if m is None or m.end() != counts[j + 1].start:
            break
        j += 1
    return _skip_noun(ctx, j)


def _skip_noun(ctx: _Ctx, j: int) -> int:
    n = ctx.counts[j]
    start, end = noun_group(ctx.rules, ctx.text, n.end, ctx.limit(j), ctx.pred_starts)
    return end if end > start else n.end


def _generic_measure(ctx: _Ctx, i: int, np_text: str) -> str | None:
    """`generic:<verb>:<noun>` for a counted noun that no rule covers, with the verb of the figure's own
    clause (shared by a list: "520 firefighters, 1,100 police officers and 70 workers were deployed"), or
    `generic:<noun>` when no verb governs it; verbs and nouns by lemma class, so articles meet."""
    rules, text, s, n = ctx.rules, ctx.text, ctx.s, ctx.counts[i]
    if not np_text:
        return None
    head = rules.cues.figure_of.match(np_text)
    words = np_text[head.end() :] if head else np_text
    words = _OF.split(words, maxsplit=1)[0]  # "13 coaches of the express": coaches
    tokens = TOKEN.findall(words)
    while len(tokens) > 1 and is_participle(rules, tokens[-1].lower()):
        tokens.pop()  # "bodies recovered": the noun, not its participle
    if not tokens:
        return None
    noun = tokens[-1].split("-")[-1]
    if not noun.isalpha() or len(noun) < 3 or noun.lower() in rules.words.np_stop:
        return None
    if rules.cues.not_counted.fullmatch(noun):
        return None
    clause_start = clause_of(text, s, n)[0]
    list_end = _list_end(ctx, i)
    clause_end = CLAUSE_END.search(text, list_end, s.end)
    verb = None
    for t in TOKEN.finditer(text, list_end, min(s.end, list_end + 100)):
        w = t.group()
        if clause_end is not None and t.start() > clause_end.start():
            break
        if not w[0].isupper() and is_participle(rules, w.lower()) and not _modifies_noun(rules, text, t.end()):
            verb = w.lower()
            break
    if verb is None:
        for t in reversed(list(TOKEN.finditer(text, max(clause_start, n.start - 60), n.start))):
            if is_participle(rules, t.group().lower()):
                verb = t.group().lower()
                break
    noun_class = _word_class(rules, "noun_class", noun.lower())
    if verb is None:
        return f"generic:{noun_class}"
    return f"generic:{_word_class(rules, 'verb_class', verb)}:{noun_class}"


def _word_class(rules: CompiledRules, name: str, word: str) -> str:
    """A word's class in the rule book's map (`verb_class`: sent, dispatched, deployed -> deploy), else its
    lemma."""
    table = rules.book.maps.get(name, {})
    found = table.get(word)
    if found is not None:
        return found.lower()
    lem = lemma(word)
    return table.get(lem, lem).lower()


@functools.lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    from checker.lemmas import lemmatize

    return lemmatize(word).lower()


def _restatement(rules: CompiledRules, text: str, a: Draft, b: Draft) -> None:
    """ "30 nautical miles (56 km) east of Malta": a figure restated in another unit measures the same thing,
    so the two share the measure a predicate gave either of them, and the place it is measured from."""
    if a.unit is None or b.unit is None or a.unit.dimension != b.unit.dimension:
        return
    if not rules.cues.restated.fullmatch(text, a.number.end, b.number.start):
        return
    if a.by_default and not b.by_default:
        a.measure_id, a.rule_id, a.measure, a.by_default = b.measure_id, b.rule_id, b.measure, False
    elif b.by_default and not a.by_default:
        b.measure_id, b.rule_id, b.measure, b.by_default = a.measure_id, a.rule_id, a.measure, False
    for key in ("from", "entity"):
        if key in a.qualifiers and key not in b.qualifiers:
            b.qualifiers[key] = a.qualifiers[key]
        elif key in b.qualifiers and key not in a.qualifiers:
            a.qualifiers[key] = b.qualifiers[key]


def _more_of_them(rules: CompiledRules, total: Draft, c: Draft) -> bool:
    """Whether a list's next figure, whose noun no rule claims, counts more of the people its total counts: its
    noun a people noun, or one capitalised plural alone (a demonym: "26 Aldonians", "13 Thais")."""
    if c.rule_id != "generic" or total.measure is None or c.unit is not None:
        return False
    family = rules.family.get(total.rule_id)
    if family is None or not family.people:
        return False
    words = c.np_text.split()
    demonym = len(words) == 1 and words[0][:1].isupper() and words[0].endswith("s") and words[0][1:].islower()
    return demonym or rules.cues.people.fullmatch(c.np_text) is not None


def _inherit_subset(total: Draft, part: Draft) -> None:
    """The parts of a subset are of that subset: "96 identified: 77 men, ..." are 77 identified men."""
    if "subset" in total.qualifiers and "subset" not in part.qualifiers:
        part.qualifiers = {**part.qualifiers, "subset": total.qualifiers["subset"]}


def _whole_population(rules: CompiledRules, parts: list[Draft]) -> bool:
    """Whether the parts' population groups cover one set of groups that together are everyone (men, women
    and children): such a list leaves no one out, whatever word introduces it."""
    groups: set[str] = set()
    for p in parts:
        # a subset's group is read into its qualifiers ("nine were men"), a listed figure's is its noun's
        groups.update((p.qualifiers.get("population") or frame.population_of(rules, p.np_text) or "").split(" and "))
    return any(whole <= groups for whole in rules.words.whole_populations)


_APPOSED_GAP = regex.compile(r"[\p{L}\s\-]*,\s*")


def _apposed_breakdown(rules: CompiledRules, a: Draft, b: Draft, gap: str) -> bool:
    """ "killed 21 people, 12 women and 9 children": a count of people with no group, then after a comma a count
    of a group, is a total and the parts it is made of (apposed, so all of them)."""
    return (
        a.relation is None and a.unit is None and b.unit is None and _APPOSED_GAP.fullmatch(gap) is not None
        and rules.cues.people.search(a.np_text) is not None and frame.population_of(rules, a.np_text) is None
        and frame.population_of(rules, b.np_text) is not None
    )  # fmt: skip


def relate(rules: CompiledRules, text: str, drafts: list[Draft]) -> None:
    """Mark totals and their parts, lists of parts, the two sides of an exchange, and restatements."""
    cues = rules.cues
    for i in range(len(drafts) - 1):
        a, b = drafts[i], drafts[i + 1]
        _restatement(rules, text, a, b)
        gap = text[a.number.end : b.number.start]
        sentence = text[a.sentence.start : a.sentence.end]
        if b.relation is not None and b.relation.startswith("part:") and a.relation is None:
            continue  # a subset already related to its whole
        if (
            a.measure_id != b.measure_id
            and a.rule_id != "generic"
            and b.rule_id != "generic"
            and cues.exchange_cue.search(gap)
            and cues.exchange_context.search(sentence)
        ):
            key = short_hash(f"{a.number.start}")
            a.relation, b.relation = f"exchange_a:{key}", f"exchange_b:{key}"
            a.partner, b.partner = b, a
            continue
        if (
            a.rule_id == "generic"
            and b.rule_id != "generic"
            and cues.part_cue.search(gap)
            and (cues.people.search(a.np_text) or a.np_text.split()[-1:] == b.np_text.split()[-1:])
        ):
            # "a total of 31 passengers — 18 Britons, ... — were rescued": the total counts what its parts do
            a.measure_id, a.rule_id, a.measure = b.measure_id, b.rule_id, b.measure
        apposed = a.measure_id == b.measure_id and _apposed_breakdown(rules, a, b, gap)
        if a.measure_id == b.measure_id and (apposed or cues.part_cue.search(gap)) and b.relation is None:
            key = short_hash(f"{a.number.start}")
            if a.relation is None or a.relation.startswith(("total", "sum")):
                # "31 passengers: 18 Britons, ..." lists every part; "including 300 children" does not
                exhaustive = apposed or _ENUMERATION.search(gap) is not None
                a.relation = f"{'sum' if exhaustive else 'total'}:{key}"
            b.relation = f"part:{key}"
            _inherit_subset(a, b)
            # the rest of a list ("18 Britons, 9 Germans and four Canadians") are parts too
            parts = [b]
            for j in range(i + 2, len(drafts)):
                c = drafts[j]
                g = text[drafts[j - 1].number.end : c.number.start]
                if _LIST_GAP.fullmatch(g) and _more_of_them(rules, a, c):
                    # "110 people changed hands: 84 Keshi detainees and 26 Aldonians": a demonym no lexicon knows
                    c.measure_id, c.rule_id, c.measure = a.measure_id, a.rule_id, a.measure
                if c.measure_id != a.measure_id or not _LIST_GAP.fullmatch(g):
                    break
                c.relation = f"part:{key}"
                _inherit_subset(a, c)
                parts.append(c)
            if a.relation.startswith("total:") and _whole_population(rules, parts):
                a.relation = f"sum:{key}"  # "included 14 men, 10 women and 6 children": everyone is listed
        elif a.measure_id == b.measure_id and a.relation is None and _WORDS_THEN_SEPARATOR.fullmatch(gap):
            # "7 Kenyans, 2 Ugandans and 1 Tanzanian": parts of a list without a stated total
            key = "list-" + short_hash(f"{a.number.start}")
            a.relation = f"part:{key}"
            b.relation = f"part:{key}"
        elif (
            a.relation
            and a.relation.startswith("part:list-")
            and a.measure_id == b.measure_id
            and _WORDS_THEN_SEPARATOR.fullmatch(gap)
        ):
            b.relation = a.relation
