"""Counts given without a number: "a man was shot and killed" (1), "a double homicide" (2), victims named with
their ages (one each), a shooting's wounded as the shot less the dead; the perpetrator kept apart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import regex

from checker.extract import frame
from checker.extract.claims import claim_id
from checker.extract.compiled import CompiledRules
from checker.extract.link import COUNT_KINDS, Draft
from checker.models import OTHER_INCIDENT, Article, Claim, NumberMention
from checker.numbers import find_numbers
from checker.sentences import Sentence, is_title_case

_SPACES = regex.compile(r"\s+")
_CLAUSE_BREAK = regex.compile(r"[;:]|,\s+(?:and|but|while)\b")
_CONTEXT_STOP = regex.compile(r"[.;:]")
# a headline ending on the victim's death: "Man shot on Elm Street dies of his wounds"
_HEADLINE_DIES = regex.compile(
    r"\b(?:dies|has\s+died|succumbs)(?:\s+(?:of|from|to)\s+(?:\S+\s+){0,2}?\S+)?\s*$", regex.I
)
# an implicit count dated this much before the latest count of the report's incident is of an earlier one
_EARLIER_INCIDENT = dt.timedelta(days=10)
# a count with its own date this much before the latest of the report's incident tells of another incident: a
# follow-up's own toll is rarely dated two months before its news, a recalled one usually is
_LONG_BEFORE = dt.timedelta(days=60)


@dataclass(frozen=True)
class Implicit:
    """A count the sentence implies: its span, value and measure, and whether the perpetrator is meant."""

    start: int
    end: int
    value: float
    measure: str
    perpetrator: bool = False
    stance: str = "asserted"  # "negated": "no one was killed" (value 0)
    # "He was pronounced dead": one person at least, who may be one of a toll the report gives elsewhere
    at_least: bool = False
    # "a mother and two of her children died" (3): a count beside the figure of its own clause, not instead
    beside_figure: bool = False
    # "a third was wounded": one victim more than those told, never the incident's total
    added: bool = False
    through: int = 0  # where the whole phrase ends, verb included: a victim named inside it is the same one


def implicit_counts(rules: CompiledRules, text: str, s: Sentence, drafts: list[Draft]) -> list[Implicit]:
    """The counts a sentence gives without a figure, where no figure of the same measure is in its clause."""
    cues = rules.cues
    if not cues.implicit_gate.search(text, s.start, s.end):
        return []
    found: list[Implicit] = []
    # the attackers' count ("two officers fatally shot a teenager") leaves the victim to be counted
    explicit = [(d.number.start, d.measure_id) for d in drafts
                if not cues.agent_after.match(text, d.number.end, s.end)]  # fmt: skip
    killed, injured, shot = (_role(rules, r) for r in ("dead", "wounded", "shot"))
    headline = _is_headline(text[s.start : s.end])
    titled = headline and is_title_case(text[s.start : s.end])
    if headline:
        m = cues.headline_victim.match(text, s.start, s.end)
        verb = m.group("verb").lower() if m else None
        measure = killed if verb == "dies" else _measure_of(rules, "implicit_measure", verb)
        if m is not None and measure is not None:
            found.append(Implicit(m.start("np"), m.end("np"), 1.0, measure, through=m.end()))
    for m in cues.implicit_passive.finditer(text, s.start, s.end):
        if titled and not any(m.group(g) for g in ("noun", "pnoun", "pron", "ord", "member")):
            continue  # "Woman Killed In Queens Hit-And-Run": in a title-case headline every word looks like a name
        wound = m.group("wound")
        if wound:  # "suffered a gunshot wound": wounded; "a fatal gunshot wound": dead
            fatal, state = cues.fatal_wound.search(wound), cues.wound_participle.match(wound)
            measure = killed if fatal else shot if state else injured
        elif m.group("hit"):
            measure = shot
        else:
            measure = _measure_of(rules, "implicit_measure", m.group("verb") or m.group("verb2") or m.group("verb3"))
        if measure is not None:
            noun = m.group("noun") or m.group("pnoun")
            perp = bool(noun and cues.perpetrator.fullmatch(noun))
            pronoun = m.group("pron") is not None  # "He", "another": one person of the story, maybe of many
            verb_at = next(m.start(g) for g in ("verb", "verb2", "verb3", "wound", "hit", "walked") if m.group(g))
            # "He was taken to St Mary's with injuries" is the incident's; "He suffered a hamstring injury" may not be
            if pronoun and not (m.group("taken") or m.group("walked")) and not _death_context(
                rules, text, verb_at, s.end
            ):
                continue  # "He died in 1998 aged 71": a life, not the incident
            start, count = m.start("np"), 1.0
            kin = bool(noun) and text[start : start + 6].lower().startswith(("his ", "her ", "their "))
            if not (pronoun or m.group("member")) and (kin or not noun):
                # a name: "Ana Ruiz, 20, and Leon Ortiz, 22, were killed" counts both, as does "Ana Ruiz, 20, and
                # her son Leon, 2, were killed"
                before = cues.victims_before.match(text, s.start, start)
                if before is not None:
                    start, count = before.start(), count + len(before.captures("name"))
            found.append(Implicit(start, m.end("np"), count, measure, perp, at_least=pronoun,
                                  added=m.group("ord") is not None, through=m.end()))  # fmt: skip
            elliptic = cues.elliptic_victim.match(text, m.end(), s.end) if m.group("verb") else None
            second = _measure_of(rules, "implicit_measure", elliptic.group("verb")) if elliptic else None
            if elliptic is not None and second is not None:
                found.append(Implicit(elliptic.start("np"), elliptic.end("np"), 1.0, second, through=elliptic.end()))
    for m in cues.implicit_apposed.finditer(text, s.start, s.end):
        measure = _measure_of(rules, "implicit_measure", m.group("verb"))
        if measure is not None:
            found.append(Implicit(m.start("np"), m.end("np"), float(len(m.captures("m"))), measure))
    for m in cues.implicit_both.finditer(text, s.start, s.end):
        measure = _measure_of(rules, "implicit_measure", m.group("verb"))
        if not m.group("aux") and m.group("verb").lower() == "dead" and not m.group("np").lower().startswith("both"):
            continue  # "found the pair dead": an object's state, not what the report tells of them
        if measure is not None:
            found.append(Implicit(m.start("np"), m.end("np"), 2.0, measure))
    for m in cues.implicit_plus.finditer(text, s.start, s.end):
        measure = _measure_of(rules, "implicit_measure", m.group("verb"))
        figure = next((d.number for d in drafts if d.number.start == m.start("n")), None)
        if measure is not None and figure is not None and figure.value is not None and figure.value == figure.high:
            found.append(Implicit(m.start("np"), m.end("np"), figure.value + 1, measure, beside_figure=True))
    for m in cues.implicit_relative.finditer(text, s.start, s.end):
        if titled and not m.group("noun"):
            continue
        measure = _measure_of(rules, "implicit_measure", m.group("verb") or m.group("verbi") or m.group("verbr"))
        if measure is not None:
            perp = bool(m.group("noun") and cues.perpetrator.fullmatch(m.group("noun")))
            found.append(Implicit(m.start("np"), m.end("np"), 1.0, measure, perp))
    for m in cues.implicit_nominal.finditer(text, s.start, s.end):
        measure = _measure_of(rules, "implicit_nominal_measure", m.group("verb"))
        if measure is not None:
            found.append(Implicit(m.start("np"), m.end("np"), 1.0, measure))
    for m in cues.implicit_active.finditer(text, s.start, s.end):
        if titled and not m.group("noun"):
            continue  # "Killed In Queens Hit-And-Run": capitals in a headline are no name
        measure = _measure_of(rules, "implicit_active_measure", m.group("verb"))
        if measure is not None:
            perp = bool(m.group("noun") and cues.perpetrator.fullmatch(m.group("noun")))
            end, count, joined = m.end("np"), 1.0, False
            # a common noun alone ("his father", "a cashier"), not a title with its name ("court reporter Ann Hale")
            after_noun = m.group("noun") is not None and not any(ch.isupper() for ch in m.group("np"))
            while (more := cues.victim_more.match(text, end, s.end)) is not None:  # a list of victims
                anded = _AND.search(text, end, more.end("np")) is not None
                name = text[more.start("np")].isupper()
                # "his father, Tom Hale, 61, and his mother": a name after a comma gives the noun's person
                if anded or not (name and after_noun):
                    count += 1
                np = more.group("np")
                joined, after_noun, end = joined or anded, not any(ch.isupper() for ch in np), more.end("np")
            if not joined:
                # "killed an unarmed woman, Ana Ruiz", "a receptionist, the AP reported": commas with no "and"
                # set a name or an aside beside the one victim
                count = 1.0
            found.append(Implicit(m.start("np"), end, count, measure, perp, added=m.group("ord") is not None))
    for m in cues.victim_of_fatal.finditer(text, s.start, s.end):  # "the victim of Tuesday's fatal shooting"
        measure = _measure_of(rules, "implicit_nominal_measure", m.group("verb"))
        if measure is not None:
            found.append(Implicit(m.start("np"), m.end("np"), 1.0, measure))
    for m in cues.implicit_left.finditer(text, s.start, s.end):
        measure = _measure_of(rules, "implicit_left_measure", m.group("verb"))
        if measure is not None:
            found.append(Implicit(m.start("np"), m.end("np"), 1.0, measure, added=m.group("ord") is not None))
    for m in cues.implicit_pair.finditer(text, s.start, s.end):
        measure = _measure_of(rules, "implicit_measure", m.group("verb") or m.group("verb2"))
        if measure is not None:
            found.append(Implicit(m.start("np"), m.end("np"), 2.0, measure))
    for m in cues.negated_count.finditer(text, s.start, s.end):
        table = "implicit_measure" if m.group("verb") else "negated_nouns"
        measure = _measure_of(rules, table, m.group("verb") or m.group("noun"))
        if measure is not None:
            found.append(Implicit(m.start(), m.end(), 0.0, measure, stance="negated"))
    if killed is not None:
        for m in cues.reflexive_death.finditer(text, s.start, s.end):
            found.append(Implicit(m.start(), m.end(), 1.0, killed, perpetrator=True))
        for m in cues.only_dead.finditer(text, s.start, s.end):
            found.append(Implicit(m.start(), m.end(), 1.0, killed))
        for m in cues.victim_ordinal.finditer(text, s.start, s.end):
            # "making him the second person killed in the shooting": the toll is the victim's place in it
            place = next((n.value for n in find_numbers(m.group("ord")) if n.kind == "ordinal"), None)
            if place is not None:
                found.append(Implicit(m.start(), m.end(), place, killed))
    for m in cues.multiple_incident.finditer(text, s.start, s.end):
        measure = rules.book.maps.get("incident_count", {}).get(m.group("noun").lower())
        times = rules.book.maps.get("multiplicity", {}).get(m.group("times").lower())
        if measure and times:
            found.append(Implicit(m.start(), m.end(), float(times), measure))
    named = _named_victims(rules, text, s, drafts, killed) if killed else None
    if named is not None:
        found.append(named)
    derived = _wounded_as_shot_less_dead(drafts, killed, injured, shot) if killed and injured and shot else None
    if derived is not None:
        found.append(derived)
    if shot and injured:
        found.extend(_shot_and_surviving(rules, text, s, drafts, shot, injured))
    if shot and killed and injured:
        found = [_outcome(rules, text, s, f, shot, killed, injured) for f in found]
    if headline and killed and _HEADLINE_DIES.search(text, s.start, s.end):
        # "Freshman wounded in shooting near stadium dies": the victim a headline names wounded has died since
        found = [replace(f, measure=killed) if f.measure in (injured, shot) and f.stance == "asserted"
                 and not f.perpetrator else f for f in found]  # fmt: skip
    if titled:  # only a victim's noun names one: "In Parking Lot", "Reserve Wednesday" are no one
        found = [f for f in found if f.stance != "asserted" or not text[f.start : f.start + 1].isupper()
                 or cues.victim_noun.search(text, f.start, max(f.end, f.through)) is not None]  # fmt: skip
    other = cues.other_incident.search(text, s.start, s.end) if found else None
    if other is not None:  # "connected to Tuesday's fatal shooting of a man": that incident's victim
        found = [f for f in found if f.start < other.start() or f.stance != "asserted"]
    if killed and injured:  # "a man wounded at a party on Sunday died on Monday": one death, not a wounded too
        found = [f for f in found if not (f.measure == injured and f.stance == "asserted" and any(
            o.measure == killed and o.start == f.start and o.stance == "asserted" for o in found))]  # fmt: skip
    if found and cues.police_fire.search(text, s.start, s.end):
        # "a man who fired at deputies was shot and killed": the one the police shot is the perpetrator
        found = [replace(f, perpetrator=True) if f.stance == "asserted" and f.measure in (killed, injured, shot)
                 and not cues.not_perpetrator.search(text, f.start, f.end) else f for f in found]  # fmt: skip
    return [
        f for f in _first_per_span(found, shot)
        if f.beside_figure
        or not any(mid == f.measure and _same_clause(text, start, f.start) for start, mid in explicit)
    ]  # fmt: skip


def _outcome(rules: CompiledRules, text: str, s: Sentence, f: Implicit, shot: str, killed: str, injured: str
             ) -> Implicit:  # fmt: skip
    """A victim told as shot, with what became of them later in the sentence: "a man was shot and died" is
    a death, "a boy was shot in the leg and is expected to survive" a wounded."""
    stop = rules.cues.outcome_stop.search(text, f.end, s.end)
    end = stop.start() if stop is not None else s.end
    if f.measure == injured and not f.perpetrator:
        then = rules.cues.injured_then_dead.search(text, f.end, end)
        if then is not None and ";" not in text[f.end : then.start()]:
            return replace(f, measure=killed)  # "was taken to hospital, where he died"
        return f
    if f.measure != shot or f.perpetrator:
        return f
    m = rules.cues.shot_outcome.match(text, f.end, end)
    if m is None:
        return f
    if m.group("alive"):
        # "shot and flown to a trauma center" is a wounded, unless "... where she died" follows
        then = rules.cues.injured_then_dead.search(text, m.end(), end)
        return replace(f, measure=killed if then is not None and ";" not in text[f.end : then.start()] else injured)
    return replace(f, measure=killed)


def _death_context(rules: CompiledRules, text: str, at: int, end: int) -> bool:
    """A word of an incident's aftermath starting within 40 characters of `at`, with no stop between."""
    m = rules.cues.pronoun_death_context.search(text, at, end)
    return m is not None and m.start() - at <= 40 and _CONTEXT_STOP.search(text, at, m.start()) is None


def _role(rules: CompiledRules, role: str) -> str | None:
    """The measure that counts the dead, the wounded or the shot (rules/_shared.yaml map implicit_role)."""
    measure = rules.book.maps.get("implicit_role", {}).get(role)
    return measure if measure in rules.measure else None


def _measure_of(rules: CompiledRules, table: str, verb: str | None) -> str | None:
    if not verb:
        return None
    measure = rules.book.maps.get(table, {}).get(_SPACES.sub(" ", verb.lower()))
    return measure if measure in rules.measure else None


def _same_clause(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return _CLAUSE_BREAK.search(text[lo:hi]) is None


def _first_per_span(found: list[Implicit], shot: str | None) -> list[Implicit]:
    """One implicit count per phrase and measure: "a man was shot and killed" is one death, not a shooting
    and a death twice over; the longer reading of a span wins."""
    out: list[Implicit] = []
    for f in sorted(found, key=lambda x: (x.start, -(x.end - x.start))):
        if any(o.start <= f.start < max(o.end, o.through) and (o.measure == f.measure or f.measure == shot)
               for o in out):  # fmt: skip
            continue
        out.append(f)
    return out


def _named_victims(rules: CompiledRules, text: str, s: Sentence, drafts: list[Draft], killed: str) -> Implicit | None:
    """ "The dead were identified as Ana Ruiz, 24, and Tom Lee, 31": one death for each named person."""
    m = rules.cues.victims_named.search(text, s.start, s.end)
    if m is None:
        return None
    ages = [d for d in drafts if d.measure_id == "ages.age" and d.number.start > m.end() and "person" in d.qualifiers]
    if not ages:
        return None
    return Implicit(m.start(), ages[-1].number.end, float(len(ages)), killed)


def _wounded_as_shot_less_dead(drafts: list[Draft], killed: str, injured: str, shot_id: str) -> Implicit | None:
    """ "Four people were shot, one fatally": the other three were wounded."""
    shot = [d for d in drafts if d.measure_id == shot_id and d.number.value is not None]
    dead = [d for d in drafts if d.measure_id == killed and d.number.value is not None]
    if len(shot) != 1 or len(dead) != 1 or any(d.measure_id == injured for d in drafts):
        return None
    total, fatal = shot[0].number, dead[0].number
    if fatal.start < total.start or not (total.value and fatal.value) or fatal.value >= total.value:
        return None
    return Implicit(total.start, fatal.end, total.value - fatal.value, injured)


def _shot_and_surviving(rules: CompiledRules, text: str, s: Sentence, drafts: list[Draft], shot: str, injured: str
                        ) -> list[Implicit]:  # fmt: skip
    """ "All three gunshot victims are expected to survive": a count of the shot whose own predicate says they live
    counts the wounded. Only with nothing between but words: after a comma or another figure ("three were shot,
    one is in critical condition") the state may be some of them only."""
    out = []
    for d in drafts:
        v = d.number.value
        if d.measure_id != shot or v is None or v != d.number.high or d.stance != "asserted":
            continue
        stop = rules.cues.outcome_stop.search(text, d.number.end, s.end)
        m = rules.cues.shot_outcome.match(text, d.number.end, stop.start() if stop is not None else s.end)
        if m is None or not m.group("alive") or any(ch in text[d.number.end : m.start("alive")] for ch in ",;:"):
            continue
        if any(d.number.end <= o.number.start < m.start("alive") for o in drafts):
            continue
        out.append(Implicit(d.number.start, d.number.end, v, injured))
    return out


def as_draft(rules: CompiledRules, text: str, s: Sentence, imp: Implicit) -> Draft | None:
    """An implicit count as a draft, so its frame is read as any figure's; basis=implicit says how it was
    counted, role=perpetrator keeps the attacker's death apart from the victims'."""
    measure = rules.measure.get(imp.measure)
    if measure is None:
        return None
    high = float("inf") if imp.at_least else imp.value
    number = NumberMention(imp.start, imp.end, text[imp.start : imp.end], imp.value, imp.value, high,
                           kind="cardinal")  # fmt: skip
    qualifiers = {"basis": "implicit"}
    if imp.perpetrator:
        qualifiers["role"] = "perpetrator"
    if imp.added:
        qualifiers["change"] = "added"
    return Draft(number, s, measure.id, measure.family, measure, "", text[imp.end : s.end], s.start,
                 qualifiers=qualifiers, stance=imp.stance)  # fmt: skip


def wounded_in_article(rules: CompiledRules, article: Article, claims: list[Claim]) -> Claim | None:
    """ "Two people were shot on Tuesday. ... Both were taken to a hospital": a report that counts the shot and
    the dead but not the wounded gives them as the shot less the dead, whatever sentences tell each (a victim told
    of alone, "a 15-year-old is in critical condition", is one of them). The
    largest count of the shot is the incident's; a lone victim ("a man was shot") is taken for a wounded one
    only when the report tells no death, for the dead may be that same person ("He died on Sunday")."""
    killed, injured, shot_id = (_role(rules, r) for r in ("dead", "wounded", "shot"))
    if not (killed and injured and shot_id):
        return None
    shot: list[Claim] = []
    dead = 0.0
    named_wounded = 0.0  # the most wounded one implicit count gives ("a 15-year-old is in critical condition")
    died_later = 0.0  # "Two of the wounded died": dead the toll may not count yet
    for c in claims:
        if c.measure == killed and c.qualifiers.get("change") == "added" and isinstance(c.value, float):
            died_later += c.value
        if c.qualifiers.get("role") == "perpetrator" or "change" in c.qualifiers:
            continue
        if c.measure == injured and c.qualifiers.get("basis") != "implicit":
            if "condition" in c.qualifiers and c.stance == "asserted" and isinstance(c.value, float):
                # "5 shot; 2 in critical condition": some of the wounded, told by their state, not all of them
                named_wounded = max(named_wounded, c.value)
                continue
            return None  # the report counts its wounded (or says there were none)
        if c.stance != "asserted" or not isinstance(c.value, float):
            continue
        if c.measure == injured:
            named_wounded = max(named_wounded, c.value)
            continue
        if c.measure == killed:
            dead = max(dead, c.value)
        elif c.measure == shot_id:
            shot.append(c)
    explicit = [c for c in shot if c.qualifiers.get("basis") != "implicit"]
    pool = explicit or [c for c in shot if dead == 0 or float(c.value or 0) >= 2]  # "a man and his son were shot"
    if not pool:
        return None
    total = max(pool, key=lambda c: float(c.value or 0))
    wounded = float(total.value or 0) - max(dead, died_later)
    if wounded <= named_wounded:
        return None  # no more wounded than the report already tells of one by one
    measure = rules.measure[injured]
    qualifiers = {k: v for k, v in total.qualifiers.items() if k not in ("condition", "subset")}
    qualifiers["basis"] = "implicit"
    return total.model_copy(update={
        "claim_id": claim_id(article, injured, total.start, total.end), "measure": injured,
        "rule_id": measure.family, "value": wounded, "low": wounded, "high": wounded, "hedge": None,
        "qualifiers": qualifiers, "kind": measure.kind, "tolerance": measure.tolerance,
        "window_days": measure.window_days, "relation": None,
    })  # fmt: skip


_AND = regex.compile(r"\band\b")
_PERSON_NAME = regex.compile(r"(?:\p{Lu}[\p{L}'’.\-]*\s+){1,3}\p{Lu}[\p{L}'’\-]+")


def _is_headline(sentence: str) -> bool:
    """A short line with no full stop: "Man shot dead in Elm Street"."""
    return not sentence.rstrip().endswith((".", "!", "?", '"', "”")) and len(sentence.split()) <= 20


def _in_prose(sentence: str) -> bool:
    """A sentence of the body, not a headline in title case ("Queens Woman Killed In Hit-And-Run")."""
    return sentence.rstrip().endswith((".", "!", "?", '"', "”")) and not is_title_case(sentence)


_AGED_NOUN = regex.compile(r"\b(\d{1,3})-year-old\b")


def one_by_one(rules: CompiledRules, article: Article, claims: list[Claim], role: str) -> Claim | None:
    """ "Ana Ruiz, 18, died in the yard. Leon Ortiz, 20, died two days later"; "a 16-year-old girl was grazed ...
    The 15-year-old boy shot in the hip remains in hospital": a report that tells its dead or its wounded one by
    one and gives no count of its own gives the count as the number of people it tells apart, by name or by
    age. Names that share a word ("Deputy Ortiz", "Jerry Ortiz") or an age may be one person and count once; a
    wounded victim the report also tells dead is one of the dead."""
    measure = _role(rules, role)
    killed = _role(rules, "dead")
    if not measure or not killed:
        return None
    ages: dict[str, set[str]] = {}  # a named person's words -> "age:N" keys, from "Ana Ruiz, 18"
    for c in claims:
        person = c.qualifiers.get("person")
        if c.measure.startswith("ages.") and person and isinstance(c.value, float):
            ages.setdefault(person.lower(), set()).add(f"age:{c.value:g}")
    told: list[tuple[Claim, set[str]]] = []
    dead_keys: list[set[str]] = []
    for c in claims:
        if c.stance != "asserted" or {"role", "scope", "change"} & c.qualifiers.keys() or c.measure not in (
            measure, killed):
            continue
        if c.measure == measure and (c.qualifiers.get("basis") != "implicit" or not isinstance(c.value, float)
                                     or c.value > 1):  # fmt: skip
            return None  # the report gives a count of its own ("two men were killed", "three were hurt")
        quote = c.quote or ""
        if _PERSON_NAME.fullmatch(quote) and _in_prose(c.sentence):
            if quote.split()[-1].lower() in rules.words.name_heads:
                continue  # "West North Avenue": a place the figure's phrase names, no one
            key = set(quote.lower().split()) | ages.get(quote.lower(), set())
        elif (aged := _AGED_NOUN.search(quote)) is not None and _in_prose(c.sentence):
            key = {f"age:{aged.group(1)}"}
        else:
            continue
        if c.measure == measure:
            told.append((c, key))
        else:
            dead_keys.append(key)
    people: list[set[str]] = []
    kept: list[Claim] = []
    for c, key in told:
        if measure != killed and any(key & d for d in dead_keys):
            continue  # the wounded one who died
        if not any(key & p for p in people):
            people.append(key)
            kept.append(c)
    # a person told by name once and by age once may be one: people told apart only by names, or only by ages,
    # are as many as the larger of the two
    named = sum(1 for p in people if any(not k.startswith("age:") for k in p))
    count = float(max(named, len(people) - named))
    if count < 2:
        return None
    first, last = kept[0], kept[-1]
    return last.model_copy(update={
        "claim_id": claim_id(article, measure, first.start, last.end), "value": count, "low": count,
        "high": count, "qualifiers": {k: v for k, v in last.qualifiers.items() if k not in ("place", "condition")},
        "relation": None,
    })  # fmt: skip


def off_states_before_death(rules: CompiledRules, text: str, claims: list[Claim]) -> list[Claim]:
    """The claims less a lone victim's earlier state in a report that tells a death: "reports that a man had been
    seriously injured", "Ana Ruiz, 52, had been in critical condition" tell of the one who died, not of one hurt."""
    killed, injured = _role(rules, "dead"), _role(rules, "wounded")
    if not any(c.measure == killed and c.stance == "asserted" and c.qualifiers.get("role") != "perpetrator"
               for c in claims):  # fmt: skip
        return claims
    return [
        c for c in claims
        if not (c.measure == injured and c.qualifiers.get("basis") == "implicit" and c.value == 1
                and rules.cues.earlier_state.match(text, c.end) is not None)
    ]  # fmt: skip


def off_earlier_incidents(rules: CompiledRules, claims: list[Claim]) -> list[Claim]:
    """The claims less the implicit counts of an earlier incident the report recalls: "In March a man was
    shot and wounded nearby" in a report whose own counts are dated this week. A report whose counts are all
    of the past (a trial months on) keeps them: the dates alone tell the incidents apart."""
    roles = {m for m in (_role(rules, r) for r in ("dead", "wounded", "shot")) if m}
    # an implicit count dated only by the report's day ("He was shot twice," a relative says) tells of no incident
    # this week: it cannot make the dated ones an earlier incident's
    dated = [c.as_of for c in claims if c.measure in roles and c.as_of is not None and c.stance == "asserted"
             and not (c.qualifiers.get("basis") == "implicit" and c.as_of_basis == "article_date")]  # fmt: skip
    if not dated:
        return claims
    latest = max(dated)
    return [
        c for c in claims
        if not (c.measure in roles and c.qualifiers.get("basis") == "implicit" and c.as_of is not None
                and c.as_of_basis in ("explicit", "relative") and c.as_of < latest - _EARLIER_INCIDENT)
    ]  # fmt: skip


def dated_long_before(rules: CompiledRules, claims: list[Claim]) -> list[Claim]:
    """The claims with each casualty figure dated by its own words two months or more before the report's latest
    dated casualty figure scoped to another incident: "Five died in a crash here in March 2024" in a report of
    Saturday's crash. A report whose figures are all of the past (a trial) keeps them: its latest is one of them; so
    does a sentence of the court ("charged with the deaths of two women in May 2023" is the crime on trial)."""
    roles = {m for m in (_role(rules, r) for r in ("dead", "wounded", "shot")) if m}
    # a figure dated only by the report's day is of its news ("Two people were hurt"); an implicit one may be a
    # quote of the past ("He was shot twice," a relative says)
    dated = [c.as_of for c in claims if c.measure in roles and c.as_of is not None and c.stance == "asserted"
             and "scope" not in c.qualifiers
             and (c.as_of_basis in ("explicit", "relative")
                  or (c.as_of_basis == "article_date" and "basis" not in c.qualifiers))]  # fmt: skip
    if not dated:
        return claims
    latest = max(dated)
    return [
        c.model_copy(update={"qualifiers": {**c.qualifiers, "scope": OTHER_INCIDENT}})
        if (c.measure in roles and c.as_of is not None and c.as_of_basis == "explicit"
            and "scope" not in c.qualifiers and c.as_of < latest - _LONG_BEFORE
            and not rules.cues.court.search(c.sentence))
        else c
        for c in claims
    ]  # fmt: skip


def after_other_incidents(rules: CompiledRules, text: str, claims: list[Claim]) -> list[Claim]:
    """The claims with a toll told after "hours after" or "days before" scoped to another incident, when a casualty
    of the same sentence comes before it: "A man was shot dead on Elm Street, hours after five people were
    wounded at a bar" tells two shootings; "Police arrested a man hours after two people were shot" one."""
    roles = {m for m in (_role(rules, r) for r in ("dead", "wounded", "shot")) if m}
    out = []
    for c in claims:
        if c.measure in roles and c.stance == "asserted" and "scope" not in c.qualifiers:
            s_start = text.find(c.sentence, max(0, c.end - len(c.sentence)))
            cue = rules.cues.interval_after.search(text, s_start, c.start) if 0 <= s_start <= c.start else None
            if cue is not None and any(o is not c and o.measure in roles and o.sentence == c.sentence
                                       and s_start <= o.start < cue.start() for o in claims):  # fmt: skip
                c = c.model_copy(update={"qualifiers": {**c.qualifiers, "scope": OTHER_INCIDENT}})
        out.append(c)
    return out


PART_OF_TOTAL = "part:implicit"  # the relation of an implicit count that is one of the report's own larger count


def parts_of_totals(rules: CompiledRules, claims: list[Claim]) -> list[Claim]:
    """The claims with each implicit count that the same report's larger count of the same measure takes in
    marked a part ("Two people were killed ... His mother, 38, died at the scene"): one victim of the toll, shown
    but never compared as the incident's total. A larger count dated another incident's days away is no whole."""
    wholes: dict[str, list[Claim]] = {}
    for c in claims:
        # "two men were wounded ... the 19-year-old was treated and released": a whole may name who they are
        if _whole_like(c, {"population"}):
            wholes.setdefault(c.measure, []).append(c)
    if not wholes:
        return claims
    out = []
    for c in claims:
        if (
            c.qualifiers.get("basis") == "implicit" and _whole_like(c) and c.high != float("inf")
            and any(w is not c and w.low > c.high and _same_days(w, c) and _same_people(rules, w, c)
                    for w in wholes.get(c.measure, ()))
        ):  # fmt: skip
            c = c.model_copy(update={"relation": PART_OF_TOTAL})
        out.append(c)
    return out


def _whole_like(c: Claim, also: frozenset[str] | set[str] = frozenset()) -> bool:
    """An asserted count of the incident as a whole: no role, no part, nothing setting it apart (a population, a
    change, a scope, unless `also` names it); a place or a day names where and when, so it stays."""
    if c.stance != "asserted" or c.number_kind == "vague" or (c.relation or "").startswith("part:"):
        return False
    return not (set(c.qualifiers) - {"basis", "place", "day", "currency"} - also)


def _same_people(rules: CompiledRules, whole: Claim, c: Claim) -> bool:
    """The whole names no population, or the one the implicit count's words name ("two men ... the 19-year-old"),
    not another ("two men ... a woman was also hurt": one more)."""
    pop = whole.qualifiers.get("population")
    return pop is None or frame.population_of(rules, c.quote) in (None, pop)


def _same_days(a: Claim, b: Claim) -> bool:
    return a.as_of is None or b.as_of is None or abs(a.as_of - b.as_of) < _EARLIER_INCIDENT


def listed_wholes(rules: CompiledRules, text: str, s: Sentence, drafts: list[Draft]) -> list[Draft]:
    """The whole a sentence's list of victims adds up to when no figure of it is written: "Twelve women and nine
    children were killed" (21), "gunmen killed two soldiers and a civilian" (3), "shot a guard and two customers"
    (3). Only a list that is the whole of its verb's subject or object: none after "among", "including", "also",
    none beside a stated total of the same measure, none of hedged figures."""
    out: list[Draft] = []
    people = [d for d in drafts if d.measure is not None and d.stance == "asserted" and d.unit is None
              and d.number.kind in COUNT_KINDS and (fam := rules.family.get(d.rule_id)) is not None
              and fam.people]  # fmt: skip
    if not people:
        return out
    groups: dict[str, list[Draft]] = {}
    singles: list[Draft] = []
    for d in people:
        if d.relation is not None and d.relation.startswith("part:list-"):
            groups.setdefault(d.relation, []).append(d)
        elif d.relation is None:
            singles.append(d)
    cues = rules.cues
    for parts in [*groups.values(), *([d] for d in singles)]:
        measure_id = parts[0].measure_id
        if any(p.measure_id != measure_id or p.qualifiers or p.number.low != p.number.high or p.number.value is None
               or not _names_people(rules, p.np_text) for p in parts):  # fmt: skip
            continue
        if any(d.measure_id == measure_id and d not in parts and not frame.population_of(rules, d.np_text)
               for d in drafts):  # fmt: skip
            continue  # "21 people were killed, 12 women and 9 children": the total is written
        if len(parts) > 1 and len({bool(frame.population_of(rules, p.np_text)) for p in parts}) > 1:
            continue  # "21 people, 12 women and 9 children": the first is the total the others break down
        first, last = parts[0].number, parts[-1].number
        end = _noun_end(rules, text, last.end, parts[-1].np_text, s.end)
        start, value = first.start, sum(float(p.number.value or 0) for p in parts)
        before = cues.list_victim_before.search(text, max(s.start, start - 60), start)
        after = cues.list_victim_after.match(text, end, s.end)
        if before is not None:
            start, value = before.start(), value + 1
        if after is not None:
            end, value = after.end(), value + 1
        if len(parts) == 1 and before is None and after is None:
            continue  # one figure alone is its own count
        if cues.partial_list_lead.search(text, s.start, start) or cues.partial_list_after.match(text, end, s.end):
            continue
        if any(d.qualifiers.get("basis") == "implicit" and d.measure_id == measure_id
               and d.number.start < end and start < d.number.end for d in drafts):  # fmt: skip
            continue  # "a mother and two of her children died": counted already
        number = NumberMention(start, end, text[start:end], value, value, value, kind="cardinal")
        out.append(Draft(number, s, measure_id, parts[0].rule_id, parts[0].measure, "", text[end : s.end], s.start,
                         qualifiers={"basis": "implicit"}))  # fmt: skip
    return out


def _names_people(rules: CompiledRules, np_text: str) -> bool:
    """A noun group that names the people a figure counts ("women", "soldiers", "customers", "people")."""
    return bool(np_text) and (rules.cues.people.search(np_text) is not None
                              or rules.cues.victim_noun.search(np_text) is not None)


def _noun_end(rules: CompiledRules, text: str, at: int, np_text: str, limit: int) -> int:
    """Where the people noun of a figure's noun group ends in the text ("two civilians before he": after
    "civilians"), or the figure's end when none is found."""
    np_at = text.find(np_text, at, limit)
    if np_at < 0:
        return at
    ends = [m.end() for cue in (rules.cues.people, rules.cues.victim_noun)
            for m in cue.finditer(text, np_at, np_at + len(np_text))]  # fmt: skip
    if not ends:
        return at
    end = max(ends)
    while end < limit and (text[end].isalpha() or text[end] in "-'’"):
        end += 1  # "customer" inside "customers"
    return end
