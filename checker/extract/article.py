"""One article -> claims: sentence by sentence, numbers linked to measures, then each claim's frame."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from dataclasses import dataclass, field, replace
from typing import Any, cast

import regex

from checker.dates import DateMention, find_dates
from checker.errors import ArticleTimeout
from checker.extract import amounts, frame, implicit, link, when
from checker.extract.claims import Amount, amount_of, make_claim
from checker.extract.clauses import SPEECH_CLAUSE_END, clause_of
from checker.extract.compiled import IMPLICIT, CompiledRules
from checker.models import OTHER_INCIDENT, Article, Claim, NumberMention
from checker.numbers import find_numbers
from checker.sentences import Sentence, split_sentences

# "ANKARA, March 10 (Reuters) -": a dateline dates the report, not an event in it
_DATELINE = regex.compile(r"\s*\p{Lu}[\p{Lu}\s.'\-]+(?:\([^)]{0,30}\))?,\s*")
# "Velmar, Jun. 4 (Agency) --": a place in ordinary case is a dateline only when the date ends in the dash
_DATELINE_MIXED = regex.compile(r"\s*\p{Lu}[\p{L}.'\-]{1,30}(?: \p{Lu}[\p{L}.'\-]{1,30}){0,3},\s*")
_DATELINE_TAIL = regex.compile(r",?(?:\s*\d{4})?\s*(?:\([^()]{1,40}\))?\s*(?:--|—|–|-)\s")


def _is_dateline(text: str, sentence_start: int, date: DateMention) -> bool:
    """The date of a dateline opening the sentence: it dates the report, not an event the sentence tells."""
    if _DATELINE.fullmatch(text, sentence_start, date.start):
        return True
    return bool(_DATELINE_MIXED.fullmatch(text, sentence_start, date.start)) and bool(
        _DATELINE_TAIL.match(text, date.end, date.end + 60)
    )


AsOf = tuple[dt.date, str]  # a date and how it was found: explicit | relative | article_date
DateSeen = tuple[dt.date, str, int]  # a date, how it was found, and where in the text it is written


class _Facts:
    """What a sentence says once for all its figures: its speaker, the day of an event it names, a revision;
    each read when a claim first asks for it. Plain slots rather than functools.cached_property: on Python 3.11
    its first read per sentence runs a Python-level __get__ under a lock, ~60,000 times per 1,000 articles."""

    __slots__ = ("_day", "_fronted", "_revision", "_speaker", "rules", "sentence")
    _UNREAD: Any = object()

    def __init__(self, rules: CompiledRules, sentence: str) -> None:
        self.rules, self.sentence = rules, sentence
        self._speaker = self._day = self._fronted = self._revision = _Facts._UNREAD

    @property
    def speaker(self) -> str | None:
        if self._speaker is _Facts._UNREAD:
            self._speaker = frame.sentence_speaker(self.rules, self.sentence)
        return cast("str | None", self._speaker)

    @property
    def day(self) -> str | None:
        if self._day is _Facts._UNREAD:
            self._day = frame.day_of(self.rules, self.sentence)
        return cast("str | None", self._day)

    @property
    def fronted(self) -> str:
        """ "In Kyiv, ...": a place set before the sentence's subject."""
        if self._fronted is _Facts._UNREAD:
            m = self.rules.cues.fronted.match(self.sentence)
            self._fronted = m.group() if m else ""
        return cast("str", self._fronted)

    @property
    def revision(self) -> bool:
        if self._revision is _Facts._UNREAD:
            self._revision = bool(self.rules.cues.revision.search(self.sentence))
        return cast("bool", self._revision)


@dataclass
class _Reading:
    """What one article's reading carries from sentence to sentence; lives only while the article is read."""

    last_speaker: str | None = None
    # the date a paragraph speaks of carries to its next sentences ("Additionally, over 42,700 ...")
    paragraph_date: dict[int, DateSeen] = field(default_factory=dict)
    # the last count read, which a later "Of them, 96 have been identified" is a subset of
    last_count: link.Draft | None = None
    # the last count read before the current sentence: "12 were killed. Another 40 are missing" adds a group
    count_before: link.Draft | None = None
    # what the big lexicons found in its sentences and paragraphs (link._Ctx.seen)
    seen: dict[tuple[str, int, str], bool] = field(default_factory=dict)

    def speaker(self, rules: CompiledRules, facts: _Facts, clause: str | None = None) -> str | None:
        """Attribution of a figure; "he said" takes the last named speaker of the article."""
        who = frame.attribution_of(rules, facts.sentence, clause, facts.speaker)
        if who in rules.words.speaker_pronouns:
            return self.last_speaker or who
        if who is not None:
            self.last_speaker = who
        return who


def extract_article(article: Article, rules: CompiledRules, deadline: float | None = None) -> list[Claim]:
    """Every claim of `article`, in reading order. `deadline` (time.monotonic() seconds): ArticleTimeout
    when it passes, checked between sentences."""
    text = article.text
    numbers = amounts.merge_compound_durations(rules, text, amounts.articled_durations(rules, text, find_numbers(text)))
    dates = list(find_dates(text, article.published))
    numbers = _off_the_clock(numbers, dates)
    sentences = split_sentences(text)
    if article.excluded:
        numbers = [n for n in numbers if not _inside(n.start, article.excluded)]
        dates = [d for d in dates if not _inside(d.start, article.excluded)]
        sentences = [s for s in sentences if not _excluded(s, article.excluded)]
    paragraphs: dict[int, tuple[int, int]] = {}
    for s in sentences:
        a, b = paragraphs.get(s.paragraph, (s.start, s.end))
        paragraphs[s.paragraph] = (min(a, s.start), max(b, s.end))
    reading = _Reading()
    claims: list[Claim] = []
    ni = di = 0
    for s in sentences:
        if deadline is not None and time.monotonic() > deadline:
            raise ArticleTimeout(f"article {article.article_id!r}: extraction passed its deadline")
        while ni < len(numbers) and numbers[ni].start < s.start:
            ni += 1
        s_numbers = []
        while ni < len(numbers) and numbers[ni].end <= s.end:
            s_numbers.append(numbers[ni])
            ni += 1
        while di < len(dates) and dates[di].start < s.start:
            di += 1
        s_dates = []
        dj = di
        while dj < len(dates) and dates[dj].start < s.end:
            if dates[dj].end <= s.end:
                s_dates.append(dates[dj])
            dj += 1
        p_start, p_end = paragraphs[s.paragraph]
        claims.extend(_sentence_claims(rules, article, s, s_numbers, s_dates, (p_start, p_end), reading))
    claims = implicit.after_other_incidents(rules, text, implicit.off_earlier_incidents(rules, claims))
    claims = implicit.dated_long_before(rules, claims)
    claims = implicit.off_states_before_death(rules, text, claims)
    for role in ("dead", "wounded"):
        counted = implicit.one_by_one(rules, article, claims, role)
        if counted is not None:
            claims.append(counted)
    wounded = implicit.wounded_in_article(rules, article, claims)
    if wounded is not None:
        claims.append(wounded)
    return implicit.parts_of_totals(rules, claims)


def _sentence_claims(
    rules: CompiledRules,
    article: Article,
    s: Sentence,
    s_numbers: list[NumberMention],
    s_dates: list[DateMention],
    paragraph: tuple[int, int],  # where the sentence's paragraph starts and ends: bounds, never a copy per sentence
    reading: _Reading,
) -> list[Claim]:
    text = article.text
    if article.published is not None and s_dates and _is_dateline(text, s.start, s_dates[0]):
        # the page's own date outranks a dateline typed by hand: where they differ, the dateline is the slip
        s_dates = s_dates[1:]
    # "7:48 a.m. (2248 GMT Tuesday)": the same moment again in another zone, whose day is no second event date
    converted = {
        d.start for prev, d in itertools.pairwise(s_dates)
        if d.time and prev.time and _CONVERTED.fullmatch(text, prev.end, d.start)
    }  # fmt: skip
    counts = [
        n for n in _off_age_lists(rules, text, s_numbers)
        if (n.kind in link.MEASURED_KINDS and n.value != 0) or n.kind in {"range", "vague"}
    ]  # fmt: skip
    event_dates = [
        d for d in s_dates
        if d.kind in when.DATE_KINDS and d.high is not None and not _is_dateline(text, s.start, d)
        and d.start not in converted
    ]  # fmt: skip
    inherited = reading.paragraph_date.get(s.paragraph)
    own = frame.as_of_from_dates(rules, s.start, text, s_dates, s.start) if s_dates else None
    if own is not None:
        reading.paragraph_date[s.paragraph] = own
    times = [d for d in s_dates if d.kind in when.TIME_KINDS and d.time is not None]
    gate: bool | None = None  # a word of an implicit count in the sentence; read once, when first needed
    if not counts and not event_dates and not times:
        gate = rules.cues.implicit_gate.search(text, s.start, s.end) is not None
        if not gate:
            return []  # no figure, date, time or word of an implicit count: nothing to claim
    candidates, at = rules.triggers.scan(text, s.start, s.end)
    if IMPLICIT in candidates and gate is None:
        gate = rules.cues.implicit_gate.search(text, s.start, s.end) is not None
    implied = IMPLICIT in candidates and bool(gate)
    pred_hits = link.predicate_hits(rules, text, s, candidates, at)
    drafts = link.sentence_drafts(rules, text, s, counts, paragraph, pred_hits, reading.last_count, reading.seen)
    link.relate(rules, text, drafts)
    if implied:
        for imp in implicit.implicit_counts(rules, text, s, drafts):
            d = implicit.as_draft(rules, text, s, imp)
            if d is not None:
                drafts.append(d)
    for d in drafts:
        family = rules.family.get(d.rule_id)
        if d.stance == "asserted" and family is not None and family.people and "basis" not in d.qualifiers and \
                rules.cues.figure_unhurt.match(text, d.number.end, s.end):  # fmt: skip
            d.stance = "negated"  # "three occupants of the house were not injured": spared, not a toll
    if drafts:
        drafts.extend(implicit.listed_wholes(rules, text, s, drafts))
    reading.count_before = reading.last_count
    for d in drafts:
        # a count with only a generic measure is still the one a next "Of these, 12" is a part of
        if d.unit is None and d.number.kind in link.COUNT_KINDS and d.measure_id:
            reading.last_count = d
    facts = _Facts(rules, text[s.start : s.end])
    out = [_claim(rules, article, d, s_dates, inherited, reading, facts) for d in drafts]
    for dm in s_dates:
        weekday = when.weekday_claim(article, s, dm)
        if weekday is not None:
            out.append(weekday)
    # running totals counted in this sentence take its date as their as-of
    counted = {d.measure_id for d in drafts if d.measure is not None and d.measure.kind != "fixed"}
    evidence_of: dict[str, list[tuple[int, int]]] = {}  # each family's participants, read once per sentence
    for dm in event_dates:
        # "killing 312 people on Monday", "the toll rose to 540 on Tuesday": with a running total
        # of a measure in the sentence the date is that count's as-of, not the date of an event
        date_claim = when.date_claim(rules, article, s, dm, pred_hits, counted, None, evidence_of)
        if date_claim is not None:
            out.append(date_claim.model_copy(update={"attribution": reading.speaker(rules, facts)}))
    for dm in times:
        dated = frame.as_of_from_dates(rules, s.start, text, s_dates, dm.start)
        as_of = (dated[0], dated[1]) if dated else (inherited[0], inherited[1]) if inherited else None
        time_claim = when.time_claim(rules, article, s, dm, pred_hits, as_of, None, evidence_of)
        if time_claim is not None:
            out.append(time_claim.model_copy(update={"attribution": reading.speaker(rules, facts)}))
    return out


def _perpetrators(rules: CompiledRules, np_text: str) -> bool:
    """The figure's noun group is headed by a perpetrator noun ("suspects", "armed gunmen"), an adjective at most
    before it."""
    words = np_text.split()[:2]
    return any(rules.cues.perpetrator.fullmatch(w.strip(",.;:").lower()) is not None for w in words)


_CONVERTED = regex.compile(r"\s*[(\[]\s*(?:or\s+|i\.e\.\s+)?")


def _claim(
    rules: CompiledRules,
    article: Article,
    d: link.Draft,
    s_dates: list[DateMention],
    inherited: DateSeen | None,
    reading: _Reading,
    facts: _Facts,
) -> Claim:
    text = article.text
    n, s = d.number, d.sentence
    sentence = text[s.start : s.end]
    qualifiers: dict[str, str] = dict(d.qualifiers)
    nat = frame.nationality_of(rules, d.np_text, d.window[:80]) if d.rule_id != "money" else None
    if nat:
        qualifiers["nationality"] = nat
    pop = frame.population_of(rules, d.np_text)
    if pop:
        qualifiers["population"] = pop
    family = rules.family.get(d.rule_id)
    if d.np_text and family is not None and family.qualify_noun:
        noun = family.nouns.search(d.np_text) if family.nouns is not None else None
        qualifiers["what"] = link.lemma((noun.group() if noun else d.np_text).split()[-1].lower())
    c_start, c_end = clause_of(text, s, n)
    # before the figure only when no other figure precedes it in the clause: "while in Odesa the toll
    # stood at 11", but not "50 held in Gaza in exchange for 150"
    before = text[c_start : n.start] if d.prev_end <= c_start else ""
    # after the figure, only close to it: "killed in Mosul", not "... when a missile hit a block in X"
    after = " " + " ".join(text[n.end : c_end].split()[:10])
    place = frame.place_of(rules, after, before, facts.fronted)
    if not place and family is not None and family.people:
        # a breakdown by region: "X was worst hit, with 410 deaths, followed by Y with 96"
        place = frame.place_with(rules, text, max(s.start, n.start - 200), n.start)
    if place:
        qualifiers["place"] = place
    party = frame.party_of(rules, text, s.start, s.end, n.start, n.end)
    if party:
        qualifiers["party"] = party
    if facts.day:
        qualifiers["day"] = facts.day
    if family is not None and family.people and (
        (d.np_text and _perpetrators(rules, d.np_text))
        or ("basis" not in d.qualifiers and rules.cues.agent_after.match(text, n.end, s.end))
        or ("basis" not in d.qualifiers and rules.cues.agent_by.search(text, max(s.start, n.start - 40), n.start))
    ):
        # "two gunmen were killed by police", "two officers fatally shot a teenager": the attackers, not victims
        qualifiers["role"] = "perpetrator"
    if family is not None and family.people and (
        rules.cues.other_incident_toll.search(text, s.start, n.start)
        or rules.cues.period_tally.match(text, n.end, s.end)
        or rules.cues.tally_lead.match(text, s.start, n.start)
        or rules.cues.follows_other.search(text, s.start, n.start)
        or rules.cues.tally_after.match(text, n.end, s.end)
    ):
        qualifiers["scope"] = OTHER_INCIDENT
    if d.measure is not None and d.measure.kind == "cumulative" and qualifiers.get("subset", "part") == "part":
        # "75 bodies have been handed to their families", "autopsies on 166 bodies": what was done to some of
        # the dead sets them apart from the toll; "78 bodies were found" is the toll
        done = (
            rules.cues.body_process_after.match(text, n.end, c_end)
            or rules.cues.body_process_before.search(text, c_start, n.start)
            or (
                rules.cues.body_part_after.match(text, n.end, c_end)
                and rules.cues.body_process_verb_before.search(text, max(c_start, n.start - 30), n.start)
            )
        )
        if done:
            qualifiers["subset"] = link.lemma(done.group("v").lower())
    # the dead have no condition: in "killed two and critically injured a third" it is the third's
    dead = rules.book.maps.get("implicit_role", {}).get("dead")
    condition = (rules.cues.condition_after.match(text, n.end, c_end)
                 if "condition" not in qualifiers and d.measure_id != dead else None)  # fmt: skip
    if condition and family is not None and family.people:
        qualifiers["condition"] = rules.condition_map[condition.group("c").lower()]
    # "three more bodies", "another 12 dead": what a total grew by, not the total; after another figure,
    # "another" only adds one group to the other ("151 dead and another 150 injured")
    earlier_count = reading.count_before
    another = (
        d.prev_end <= s.start
        and link.after_another(rules, text, s, n)
        and (earlier_count is None or earlier_count.measure_id == d.measure_id)
    )  # "12 were killed. Another 40 are missing": one group more, not 40 more missing
    change_by = rules.cues.change_by.search(text, max(c_start, n.start - 40), n.start)
    if d.measure is not None and d.measure.kind in ("cumulative", "stock") and (
        another or rules.cues.increment.match(text, n.end) or change_by
    ):
        qualifiers["change"] = "fewer" if change_by and change_by.group("down") else "added"
    # modality: cue words in the figure's clause ("pledged 10 million euros, and the Bank estimated
    # damage at $4 billion": only the second is an estimate)
    left = text[max(c_start, n.start - 90) : n.start]
    right = text[n.end : min(c_end, n.end + 50)]
    modality = frame.modality_of(rules, left + " " + right, n.hedge)
    if modality == "reported" and d.measure is not None:
        modality = d.measure.modality
    if d.partner is not None and modality == "reported":
        pn = d.partner.number
        p_left = text[max(s.start, pn.start - 90) : pn.start]
        modality = frame.modality_of(rules, p_left + " " + text[pn.end : min(s.end, pn.end + 50)], pn.hedge)
    as_of: dt.date | None = None
    basis = "unknown"
    found = frame.as_of_from_dates(rules, s.start, text, s_dates, n.start, article.published)
    if d.measure is not None and d.measure.id.startswith("ages."):
        found, inherited = None, None  # an age is stated as of publication, whatever day the story is about
    elif d.measure is not None and d.measure.kind == "cumulative":
        found = frame.count_as_of(rules, text, found, article.published)
        inherited = frame.count_as_of(rules, text, inherited, article.published, carried=True)
    elif d.measure is not None and d.measure.kind == "stock":
        found = frame.level_as_of(rules, text, found, article.published, n.end)
    clock: str | None = None
    if found is not None:
        as_of, basis = found[0], found[1]
        # "the injured at 2,501 up to 3 pm on Monday": the hour a count stood at tells a rising count from a clash
        clock = next((x.time for x in s_dates if x.start == found[2] and x.kind == "datetime"), None)
    elif inherited is not None:
        as_of, basis = inherited[0], inherited[1]
    elif article.published is not None:
        as_of, basis = article.published, "article_date"
    m = d.measure
    if (
        n.hedge and n.hedge.lower() in rules.words.emphatic_hedges and n.value is None and n.high != float("inf")
        and (m is None or m.kind == "cumulative") and modality == "reported" and d.stance == "asserted"
        and not rules.cues.emphatic_doubt.search(text, c_start, c_end)
    ):  # fmt: skip
        # "as many as 62 bodies were recovered": a count made, written with emphasis, is the count
        n = replace(n, value=n.high, low=n.high, low_inclusive=True)
    amount = amount_of(rules, n, d.unit)
    if family is not None and family.counts == "age":
        amount = Amount(amount.value, amount.low, amount.high, "year")  # an age in years, however written
    speech_clause = text[slice(*clause_of(text, s, n, SPEECH_CLAUSE_END))]
    return make_claim(
        article,
        rule_id=d.rule_id,
        measure=d.measure_id,
        start=n.start,
        end=n.end,
        sentence=sentence,
        amount=amount,
        qualifiers=qualifiers,
        low_inclusive=n.low_inclusive,
        high_inclusive=n.high_inclusive,
        hedge=n.hedge,
        as_of=as_of,
        as_of_basis=basis,
        modality=modality,
        attribution=reading.speaker(rules, facts, speech_clause),
        kind=m.kind if m else "stock",
        number_kind=n.kind,
        tolerance=m.tolerance if m else 0.0,
        window_days=m.window_days if m else 3,
        relation=d.relation,
        revision=facts.revision,
        stance=d.stance,
        precision=n.precision,
        time=clock,
    )


def _off_the_clock(numbers: list[NumberMention], dates: list[DateMention]) -> list[NumberMention]:
    """Numbers that are not part of a clock time ("21.40 hrs" is twenty to ten, not 21.4 hours); both lists
    are in text order, so one pass over each."""
    clocks = [(d.start, d.end) for d in dates if d.time is not None]
    if not clocks:
        return numbers
    out, k = [], 0
    for n in numbers:
        while k < len(clocks) and clocks[k][1] <= n.start:
            k += 1
        if not (k < len(clocks) and clocks[k][0] < n.end):  # overlaps the clock ("about 21.40 hrs")
            out.append(n)
    return out


def _off_age_lists(rules: CompiledRules, text: str, numbers: list[NumberMention]) -> list[NumberMention]:
    """Numbers that are not in an age list after a group ("three people, ages 17 to 19, were wounded": the
    ages count no one, so "three" reaches the verb); an age the number grammar typed as one ("aged 34") stays."""
    out: list[NumberMention] = []
    listing, prev_end = False, -1
    cues = rules.cues
    for i, n in enumerate(numbers):
        if n.kind == "age":
            # "aged 17, 18 and 19": a list of ages is a group's, and counts no one; "Ana Ruiz, aged 34" is hers
            nxt = numbers[i + 1] if i + 1 < len(numbers) else None
            listing = (
                cues.age_list_head.match(text, n.start) is not None and nxt is not None and nxt.kind != "age"
                and cues.list_gap.fullmatch(text, n.end, nxt.start) is not None
                and cues.age_list_tail.match(text, nxt.end) is not None
            )  # fmt: skip
            prev_end = n.end
            if not listing:
                out.append(n)
            continue
        lead = cues.age_list_lead.search(text, max(0, n.start - 30), n.start) is not None
        listing = (lead or (listing and cues.list_gap.fullmatch(text, prev_end, n.start) is not None)) and (
            cues.age_list_tail.match(text, n.end) is not None)
        prev_end = n.end
        if not listing:
            out.append(n)
    return out


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _excluded(s: Sentence, spans: list[tuple[int, int]]) -> bool:
    return any(a <= s.start and s.end <= b for a, b in spans)
