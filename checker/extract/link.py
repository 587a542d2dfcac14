"""Link each number of a sentence to what it counts: a measure (head noun + governing predicate) or a
generic measure, and relate the figures of a sentence (totals and parts, lists, exchanges)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from checker.extract import amounts
from checker.extract.claims import short_hash
from checker.extract.clauses import clause_of, noun_group
from checker.extract.compiled import TOKEN, CompiledRules
from checker.models import NumberMention
from checker.rulebook import Family, Measure, Unit
from checker.sentences import Sentence

COUNT_KINDS = {"cardinal", "range", "vague"}
MEASURED_KINDS = COUNT_KINDS | {"money", "age", "duration", "percent"}

_ENUMERATION = regex.compile(r"[:—–]\s*$|[:—–]\s*\p{L}")
_LIST_GAP = regex.compile(r"[^.;]*?(?:,|\band\b)[^.;]*")
_WORDS_THEN_SEPARATOR = regex.compile(r"[\p{L}\s\-]*(?:,|\band\b)\s*")
_LIST_SEPARATORS = {",", "and", ", and", "&", "or", ", or"}
_ONE_WORDS = {"one", "a", "an"}

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


@dataclass
class _Scored:
    score: float
    match_len: int
    order: int
    measure: Measure
    family: Family


def predicate_hits(rules: CompiledRules, text: str, s: Sentence) -> PredicateHits:
    """Where each measure's predicates occur in the sentence (absolute offsets)."""
    hits: PredicateHits = {}
    # the hot loop of extraction: rule patterns are checked for linear time by `rules lint`, so no
    # per-call timeout here; scanning the text in place saves a copy
    for m in rules.measures:
        found = [x.span() for x in m.predicates.finditer(text, s.start, s.end)]
        if found:
            hits[m.id] = found
    return hits


def sentence_drafts(
    rules: CompiledRules,
    text: str,
    s: Sentence,
    counts: list[NumberMention],
    paragraph: str,
    pred_hits: PredicateHits,
) -> list[Draft]:
    """One draft per number of the sentence that counts or measures something."""
    sentence = text[s.start : s.end]
    all_pred_starts = sorted(a for hits in pred_hits.values() for a, _ in hits)
    drafts: list[Draft] = []
    cues = rules.cues
    for i, n in enumerate(counts):
        limit = counts[i + 1].start if i + 1 < len(counts) else s.end
        prev_end = counts[i - 1].end if i else s.start
        np_start, np_end = noun_group(rules, text, n.end, limit, all_pred_starts)
        np_text = text[np_start:np_end]
        if not np_text and drafts and cues.another.search(text, max(s.start, n.start - 16), n.start):
            np_text = drafts[-1].np_text  # "razed 40 houses and damaged another 12": 12 more houses
        if not np_text and i + 1 < len(counts) and cues.out_of.fullmatch(text, n.end, counts[i + 1].start):
            # "shot down 440 of 472 drones": both count drones
            nxt = counts[i + 1]
            after = counts[i + 2].start if i + 2 < len(counts) else s.end
            np_text = text[slice(*noun_group(rules, text, nxt.end, after, all_pred_starts))]
        window = text[n.end : limit]
        linked = amounts.link_amount(rules, text, s, n, np_text, limit, pred_hits,
                                     functools.partial(_predicate_distance, rules, text, n, counts=counts))  # fmt: skip
        if linked is not None:
            drafts.append(Draft(n, s, linked.measure.id, linked.family.id, linked.measure, np_text, window,
                                prev_end, qualifiers=linked.qualifiers, unit=linked.unit,
                                by_default=linked.by_default))  # fmt: skip
            continue
        if n.kind not in COUNT_KINDS or n.unit or amounts.unit_after(rules, text, n, limit) is not None:
            continue  # an amount, age or measurement no rule claims: never a count of a noun
        if np_text and cues.not_counted.fullmatch(np_text.split()[0]):
            continue  # "12 years", "36 hours": a duration or unit, not a count
        if n.value == 1 and n.text.lower() in _ONE_WORDS and cues.one_of.match(text, n.end):
            continue  # "one of the captives is ..." refers to a member, it counts nothing
        inherited = _part_of_previous(rules, text, drafts, n, np_text, prev_end)
        if inherited is not None:
            drafts.append(inherited)
            continue
        best = _best_measure(rules, text, s, n, counts, np_text, window, sentence, paragraph, pred_hits)
        if best is not None:
            drafts.append(Draft(n, s, best.measure.id, best.family.id, best.measure, np_text, window, prev_end))
            continue
        if cues.definite.search(text, max(s.start, n.start - 8), n.start):
            continue  # "the two countries" refers back to things already counted
        generic = _generic_measure(rules, text, s, n, np_text)
        if generic:
            drafts.append(Draft(n, s, generic, "generic", None, np_text, window, prev_end))
    return drafts


def _part_of_previous(
    rules: CompiledRules, text: str, drafts: list[Draft], n: NumberMention, np_text: str, prev_end: int
) -> Draft | None:
    """ "24 captives, including 13 Israelis and 10 Thais": parts listed after a total count what it counts."""
    if not drafts or not np_text or drafts[-1].measure is None:
        return None
    prev = drafts[-1]
    gap = text[prev.number.end : n.start]
    is_part = rules.cues.part_cue.search(gap) is not None
    # "7 Kenyans, 2 Ugandans and 1 Tanzanian": a list goes on counting the same thing; only the
    # previous noun group and a separator may stand between ("1,850 buildings had collapsed and
    # some 45,000 people" is two statements, not a list)
    rest = gap.strip()
    if prev.np_text and rest.startswith(prev.np_text):
        rest = rest[len(prev.np_text) :].strip()
    if not (is_part or rest in _LIST_SEPARATORS):
        return None
    if (
        not rules.cues.people.search(np_text)
        and not rules.cues.nationality.search(np_text)
        and prev.np_text.split()[-1:] != np_text.split()[-1:]
    ):
        return None
    return Draft(n, prev.sentence, prev.measure_id, prev.rule_id, prev.measure, np_text,
                 text[n.end : prev.sentence.end], prev_end)  # fmt: skip


def _best_measure(
    rules: CompiledRules,
    text: str,
    s: Sentence,
    n: NumberMention,
    counts: list[NumberMention],
    np_text: str,
    window: str,
    sentence: str,
    paragraph: str,
    pred_hits: PredicateHits,
) -> _Scored | None:
    bare = not np_text
    has_people = bool(np_text) and rules.cues.people.search(np_text) is not None
    clause = clause_of(text, s, n)
    left = text[clause[0] : n.start]
    best: _Scored | None = None
    for f in rules.families:
        evidence = _noun_evidence(f, np_text, has_people, bare, window, sentence, paragraph, left)
        if evidence is None:
            continue
        for m in f.measures:
            hits = pred_hits.get(m.id)
            if not hits:
                continue
            if m.integer and n.value is not None and not float(n.value).is_integer():
                continue  # "a magnitude 7.1 earthquake", "2.5 children": a fraction counts nothing
            if m.exclude is not None and m.exclude.search(text, *clause, timeout=1):
                continue
            scored = [(_predicate_distance(rules, text, n, a, b, counts=counts), b - a) for a, b in hits]
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
    f: Family,
    np_text: str,
    has_people: bool,
    bare: bool,
    window: str,
    sentence: str,
    paragraph: str,
    left: str = "",
) -> float | None:
    if f.nouns is not None and np_text and f.nouns.search(np_text):
        return 0.0
    if f.people and has_people:
        if f.role is None:
            return 0.0
        local = f.role.search(window, timeout=1)
        if local:
            return len(TOKEN.findall(window[: local.start()])) / 4
        if f.role.search(sentence, timeout=1):
            return 4.0
        if f.role.search(paragraph, timeout=1):
            return 10.0
        return None
    if bare and f.counts == "people":
        return 1.0
    if bare and f.nouns is not None and f.nouns.search(left, timeout=1):
        return 1.0  # "the number of cases rose to 2,450": the noun stands before the figure
    return None


def _predicate_distance(
    rules: CompiledRules, text: str, n: NumberMention, a: int, b: int, *, counts: list[NumberMention]
) -> float:
    """How far a predicate match is from the number, in tokens; 0 when it governs it from the left."""
    crosses = any(
        o is not n
        and (b <= o.start < n.start or n.end <= o.start < a)
        and not rules.cues.part_before.search(text, 0, o.start)
        for o in counts
    )
    penalty = 6.0 if crosses else 0.0
    if a < n.end and b > n.start:
        return 3.0  # a pattern running through the figure ("shot down 440 of") speaks of the next one
    if b <= n.start:
        gap = [t.lower() for t in TOKEN.findall(text, b, n.start)]
        if all(t in rules.words.fillers for t in gap) and not crosses:
            return 0.0
        return 2.0 + len(gap) + penalty
    return 1.0 + len(TOKEN.findall(text, n.end, a)) + penalty


def is_participle(rules: CompiledRules, word: str) -> bool:
    return (word.endswith("ed") and len(word) > 4) or word in rules.words.irregular


def _generic_measure(rules: CompiledRules, text: str, s: Sentence, n: NumberMention, np_text: str) -> str | None:
    """`generic:<verb>:<noun>` for a counted noun and a verb that no rule covers, so no topic is silent."""
    if not np_text:
        return None
    tokens = TOKEN.findall(np_text)
    noun = tokens[-1]
    if not noun.isalpha() or len(noun) < 3 or noun.lower() in rules.words.np_stop:
        return None
    verb = None
    for t in TOKEN.finditer(text, n.end, min(s.end, n.end + 80)):
        w = t.group()
        if not w[0].isupper() and is_participle(rules, w.lower()):
            verb = w.lower()
            break
    if verb is None:
        for t in reversed(list(TOKEN.finditer(text, max(s.start, n.start - 50), n.start))):
            if is_participle(rules, t.group().lower()):
                verb = t.group().lower()
                break
    if verb is None:
        return None
    return f"generic:{lemma(verb)}:{lemma(noun.lower())}"


def lemma(word: str) -> str:
    import simplemma  # lazy: the lemmatizer's tables take a moment to load

    return str(simplemma.lemmatize(word, lang="en")).lower()


_RESTATED = regex.compile(r"[^()]{0,30}\(\s*(?:about|around|some|roughly|nearly|approximately)?\s*")


def _restatement(text: str, a: Draft, b: Draft) -> None:
    """ "30 nautical miles (56 km) east of Malta": a figure restated in another unit measures the same thing,
    so the two share the measure a predicate gave either of them, and the place it is measured from."""
    if a.unit is None or b.unit is None or a.unit.dimension != b.unit.dimension:
        return
    if not _RESTATED.fullmatch(text, a.number.end, b.number.start):
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


def relate(rules: CompiledRules, text: str, drafts: list[Draft]) -> None:
    """Mark totals and their parts, lists of parts, the two sides of an exchange, and restatements."""
    cues = rules.cues
    for i in range(len(drafts) - 1):
        a, b = drafts[i], drafts[i + 1]
        _restatement(text, a, b)
        gap = text[a.number.end : b.number.start]
        sentence = text[a.sentence.start : a.sentence.end]
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
        if a.measure_id == b.measure_id and cues.part_cue.search(gap):
            key = short_hash(f"{a.number.start}")
            if a.relation is None or a.relation.startswith(("total", "sum")):
                # "31 passengers: 18 Britons, ..." lists every part; "including 300 children" does not
                exhaustive = _ENUMERATION.search(gap) is not None
                a.relation = f"{'sum' if exhaustive else 'total'}:{key}"
            b.relation = f"part:{key}"
            # the rest of a list ("18 Britons, 9 Germans and four Canadians") are parts too
            for j in range(i + 2, len(drafts)):
                c = drafts[j]
                g = text[drafts[j - 1].number.end : c.number.start]
                if c.measure_id != a.measure_id or not _LIST_GAP.fullmatch(g):
                    break
                c.relation = f"part:{key}"
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
