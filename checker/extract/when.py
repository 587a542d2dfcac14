"""Dates as claims: when a counted event happened ("released on Saturday"), and weekdays that miss their date."""

from __future__ import annotations

import datetime as dt

from checker.dates import DateMention, weekday_conflict
from checker.extract import frame
from checker.extract.claims import make_claim
from checker.extract.clauses import CLAUSE_END, clause_of
from checker.extract.compiled import TOKEN, CompiledRules
from checker.extract.link import PredicateHits
from checker.models import Article, Claim
from checker.rulebook import Measure
from checker.sentences import Sentence

DATE_KINDS = {"date", "weekday", "relative", "datetime"}
_PEOPLE = " people"  # event_measure's key of a sentence's people nouns, beside the family ids
_ROUGH_SLACK = {"week": 4, "month": 15, "year": 183}  # days either way of "two weeks ago"


def _stamp(d: dt.date) -> float:
    return float(d.strftime("%Y%m%d"))


def event_measure(
    rules: CompiledRules,
    text: str,
    s: Sentence,
    dm: DateMention,
    pred_hits: PredicateHits,
    evidence_of: dict[str, list[tuple[int, int]]] | None = None,
) -> tuple[Measure, int, int] | None:
    """The counted event a date or a clock time dates: the nearest predicate of a measure in its clause whose
    participants (the family's nouns, or people for a family of people) are named near it. `evidence_of`
    keeps each family's participants in the sentence for its other dates (one dict per sentence)."""
    cues = rules.cues
    sentence = text[s.start : s.end]
    best: tuple[int, Measure, int, int] | None = None
    clause_start, clause_end = clause_of(text, s, dm)
    if cues.date_opener.fullmatch(text, clause_start, dm.start) and clause_end < s.end:
        # "On November 26, Hamas showed footage of the transfer ...": an opening date dates the clause after it
        nxt = CLAUSE_END.search(text, clause_end + 1, s.end)
        clause_end = nxt.start() if nxt else s.end
    # predicates in the date's clause, in rule-book order ("crashed near Pokhara on Sunday, killing 68": the
    # date is the crash's, not the deaths')
    in_clause = sorted(
        (
            (rules.order[m.family], rules.rank[m.id], a, b, m)
            for mid, spans in pred_hits.items()
            for m in (rules.measure[mid],)
            for a, b in spans
            if clause_start <= a and b <= clause_end
        ),
        key=lambda x: x[:4],
    )
    if evidence_of is None:
        evidence_of = {}
    for _, _, a, b, m in in_clause:
        # the cheap tests first: the participants below are read only for a predicate that could be the best
        lo, hi = (b, dm.start) if b <= dm.start else (dm.end, a)
        if hi < lo:
            continue
        between = text[lo:hi]
        dist = len(TOKEN.findall(between))
        if dist > 12:
            continue
        # a date follows the verb it dates ("abducted from a school on March 7 had been freed",
        # "rescued on Saturday from the collapsed mine"); an opening date is handled above
        score = dist + (0 if b <= dm.start else 6)
        if best is not None and not (score, b > dm.start) < (best[0], best[3] > dm.start):
            continue
        if cues.speech.search(between) or cues.revision.search(between):
            continue  # "on October 18, X stated that ... release": the date is the statement's
        if b <= dm.start and cues.time_clause.search(between):
            continue  # "burned for 14 hours before the crews declared it out at 17:40": the clause's own verb's
        f = rules.family[m.family]
        if f.id not in evidence_of:
            # who or what the event happened to: the family's nouns, or people nouns for a family of people
            # whose role (captivity, prison) the sentence shows ("students abducted ... on March 7")
            people = f.people and (f.role is None or f.role.search(sentence, timeout=1) is not None)
            if people and _PEOPLE not in evidence_of:  # the same for every family of people
                evidence_of[_PEOPLE] = [
                    (s.start + x.start(), s.start + x.end()) for x in cues.people.finditer(sentence, timeout=1)
                ]
            nouns = [] if f.nouns is None else [
                (s.start + x.start(), s.start + x.end()) for x in f.nouns.finditer(sentence, timeout=1)
            ]  # fmt: skip
            evidence_of[f.id] = nouns + evidence_of[_PEOPLE] if people else nouns
        # the event's participants must be named near its verb ("the transfer ... of hostages")
        if not any(
            not (ea < b and a < eb) and len(TOKEN.findall(text, min(b, ea), max(a, eb))) <= 10
            for ea, eb in evidence_of[f.id]
        ):
            continue
        best = (score, m, a, b)
    return None if best is None else (best[1], best[2], best[3])


def _story_event_subject(
    rules: CompiledRules, text: str, s: Sentence, dm: DateMention, pred_hits: PredicateHits
) -> bool:
    """ "It happened at 18.55", "The crash, which ranks among the worst, occurred around 7 pm": a sentence whose
    subject is a pronoun, or an event's noun set off by a comma, and whose verb is an event's, times the event."""
    event = rules.measure.get("events.occurred")
    if event is None:
        return False
    if rules.cues.pronoun_event.match(text, s.start, dm.start):
        return True
    verbs = [a for a, _ in pred_hits.get(event.id, ()) if a < dm.start]
    nouns = rules.family[event.family].nouns
    first = CLAUSE_END.search(text, s.start, dm.start)
    if not verbs or nouns is None or first is None or first.start() - s.start > 40:
        return False
    if rules.cues.time_clause.search(text, max(verbs), dm.start):
        return False  # "The fire, which broke out early, burned for hours before crews put it out at 17:40"
    return nouns.search(text, s.start, first.start()) is not None and max(verbs) > first.start()


def _dates_its_verb(rules: CompiledRules, text: str, verb_end: int, dm: DateMention) -> bool:
    """ "hundreds of migrants lost their lives on June 14": a date right after the verb dates the event, even
    where the sentence counts a running total ("the toll rose to 540 on Tuesday" is that count's as-of)."""
    return verb_end <= dm.start and rules.cues.date_opener.fullmatch(text, verb_end, dm.start) is not None


def incident_measure(rules: CompiledRules, text: str, s: Sentence, dm: DateMention) -> Measure | None:
    """ "the train mishap on June 2": the fixed measure of the family whose nouns name the incident a date
    follows (events.occurred), whatever else the sentence counts."""
    m = rules.cues.incident_date.search(text, max(s.start, dm.start - 120), dm.start)
    if m is None:
        return None
    for f in rules.families:
        if f.nouns is not None and f.nouns.fullmatch(m.group("noun")):
            fixed = [x for x in f.measures if x.kind == "fixed"]
            if fixed:
                return fixed[0]
    return None


def date_claim(
    rules: CompiledRules,
    article: Article,
    s: Sentence,
    dm: DateMention,
    pred_hits: PredicateHits,
    counted: set[str],
    attribution: str | None,
    evidence_of: dict[str, list[tuple[int, int]]] | None = None,
) -> Claim | None:
    """ "released on Saturday", "On November 26 ... the transfer of hostages": when a counted event happened.
    `evidence_of`: as for event_measure."""
    text = article.text
    cues = rules.cues
    sentence = text[s.start : s.end]
    incident = incident_measure(rules, text, s, dm)
    found = (
        (incident, dm.start, dm.start)
        if incident is not None
        else event_measure(rules, text, s, dm, pred_hits, evidence_of)
    )
    if found is None:
        return None
    if incident is None and found[0].id in counted and not _dates_its_verb(rules, text, found[2], dm):
        return None  # the nearest event in the clause is a running total counted here: its as-of
    before = text[max(s.start, dm.start - 30) : dm.start]
    after = text[dm.end : min(s.end, dm.end + 20)]
    if cues.speech.search(before) or cues.revision.search(before + " " + after):
        return None  # "the ministry revealed on October 22 that ...": the date of the statement
    m, pa, pb = found
    assert dm.low is not None and dm.high is not None  # DATE_KINDS with a resolved day
    qualifiers: dict[str, str] = {}
    # the nationality of the event's participants, named near its verb
    nat = frame.sentence_nationality(rules, text[max(s.start, pa - 80) : min(s.end, pb + 80)])
    if nat:
        qualifiers["nationality"] = nat
    low_day, high_day = dm.low, dm.high
    vague = cues.rough_ago.search(dm.text)
    if vague:  # "two weeks ago" is a round figure: about half a unit either way
        slack = dt.timedelta(days=_ROUGH_SLACK[vague.group(1).lower()])
        low_day, high_day = low_day - slack, high_day + slack
    window = text[max(s.start, dm.start - 90) : min(s.end, dm.end + 50)]
    return make_claim(
        article,
        rule_id=m.family,
        measure=f"{m.id}.date",
        start=dm.start,
        end=dm.end,
        sentence=sentence,
        value=high_day.isoformat() if low_day == high_day else f"{low_day.isoformat()}/{high_day.isoformat()}",
        low=_stamp(low_day),
        high=_stamp(high_day),
        qualifiers=qualifiers,
        unit="date",
        as_of=dm.high,
        as_of_basis="explicit" if dm.basis == "explicit" else "relative",
        modality=frame.modality_of(rules, window, None),
        attribution=attribution,
        kind="date",
        time=dm.time,
        tz=dm.tz,
    )


TIME_KINDS = {"time", "datetime"}
COUNTED_KINDS = {"cumulative", "stock"}  # measures whose figures stand at a time rather than happen at one


def _minutes(hhmm: str) -> float:
    return float(int(hhmm[:2]) * 60 + int(hhmm[3:5]))


def time_claim(
    rules: CompiledRules,
    article: Article,
    s: Sentence,
    dm: DateMention,
    pred_hits: PredicateHits,
    as_of: tuple[dt.date, str] | None,
    attribution: str | None,
    evidence_of: dict[str, list[tuple[int, int]]] | None = None,
) -> Claim | None:
    """ "The quake struck at 11:11 pm local time": the clock time of an event, its value "23:11" (minutes
    after midnight as low/high), dated by its own day or the sentence's, with its zone as written."""
    if dm.time is None:
        return None
    text = article.text
    if rules.cues.game_clock.match(text, dm.end, s.end):
        return None  # "with 5:33 left in the half", "14:05 to play": a game's clock, no time of day
    sentence = text[s.start : s.end]
    found = event_measure(rules, text, s, dm, pred_hits, evidence_of)
    if found is not None and found[0].kind in COUNTED_KINDS and rules.cues.as_of_marker.search(
        text, max(s.start, dm.start - 40), dm.start
    ):
        return None  # "2,562 injured as of 7 pm on Monday": the hour a count stood at, not an event's time
    if found is not None:
        measure, rule_id = f"{found[0].id}.time", found[0].family
    elif _story_event_subject(rules, text, s, dm, pred_hits):
        measure, rule_id = "events.occurred.time", rules.measure["events.occurred"].family
    else:
        verb = _verb_near(rules, text, s, dm)
        if verb is None:
            return None  # a clock time with no event named near it: page furniture, a schedule
        measure, rule_id = f"generic:{verb}:time", "generic"
    day = dm.low if dm.kind == "datetime" and dm.low == dm.high else None
    basis = "explicit" if day is not None and dm.basis == "explicit" else "relative" if day else "unknown"
    if day is None and as_of is not None:
        day, basis = as_of
    elif day is None and article.published is not None:
        day, basis = article.published, "article_date"
    minutes = _minutes(dm.time)
    window = text[max(s.start, dm.start - 90) : min(s.end, dm.end + 50)]
    return make_claim(
        article,
        rule_id=rule_id,
        measure=measure,
        start=dm.start,
        end=dm.end,
        sentence=sentence,
        value=dm.time,
        low=minutes,
        high=minutes,
        unit="time",
        dimension="clock",
        as_of=day,
        as_of_basis=basis,
        modality=frame.modality_of(rules, window, None),
        attribution=attribution,
        kind="time",
        time=dm.time,
        tz=dm.tz,
    )


def _verb_near(rules: CompiledRules, text: str, s: Sentence, dm: DateMention) -> str | None:
    """The past-tense verb nearest a time, before it in its clause or after it in its sentence, as a lemma
    ("was reported overdue at 22:43", "at 1pm ... about 40 hours of air were left")."""
    from checker.extract.link import is_participle, lemma

    before = list(TOKEN.finditer(text, clause_of(text, s, dm)[0], dm.start))
    after = list(TOKEN.finditer(text, dm.end, s.end))[:12]
    for t in [*reversed(before), *after]:
        w = t.group().lower()
        if w in rules.words.furniture_verbs:
            return None  # "Updated 10:53 GMT": the page's time, not an event's
        if is_participle(rules, w):
            return lemma(w)
    return None


def weekday_claim(article: Article, s: Sentence, dm: DateMention) -> Claim | None:
    """A weekday that does not match its date, kept as evidence for a weekday_mismatch flag."""
    if dm.weekday is None or dm.high is None or not weekday_conflict(dm):
        return None
    return make_claim(
        article,
        rule_id="dates",
        measure="dates.weekday",
        start=dm.start,
        end=dm.end,
        sentence=article.text[s.start : s.end],
        value=dm.high.isoformat(),
        low=_stamp(dm.high),
        high=_stamp(dm.high),
        unit="date",
        as_of=dm.high,
        as_of_basis="explicit",
        kind="weekday_check",
    )
