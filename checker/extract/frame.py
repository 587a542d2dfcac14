"""The frame of a claim: qualifiers (nationality, population, place, day), modality, attribution, as-of."""

from __future__ import annotations

import datetime as dt

import regex

from checker.dates import DateMention
from checker.extract.compiled import TOKEN, CompiledRules

_PASSENGERS = regex.compile(r"\bpassengers?\b", regex.I)
# "U.S.", "U.N.": full stops inside an abbreviation do not end a speaker's name
_ABBREVIATION = regex.compile(r"\b(?:\p{Lu}\.){2,}")
_DOT = "\u2024"
_TOLD = regex.compile(r"\btold\s+(?P<to>\p{Lu}[\p{L}\p{N}]*(?:\s+\p{Lu}[\p{L}\p{N}]*){0,2})")
_SPACES = regex.compile(r"\s+")
_LIST_SPLIT = regex.compile(r"\s+and\s+|,\s*")
_NOT_AS_OF_KINDS = {"time", "year", "period"}


def nationality_of(rules: CompiledRules, np_text: str, window: str) -> str | None:
    """The nationality named in the noun group ("Russian nationals", "Britons") or by citizenship."""
    for m in rules.cues.nationality.finditer(np_text):
        word = m.group()
        if not word[0].isupper():
            continue  # "us", "chad" in lower case are not nationalities
        # country names only count with a citizenship phrase; in a noun group we want demonyms
        canonical = rules.nationality_map.get(word.lower())
        if canonical and (word.lower() == canonical.lower() or word.lower().endswith(("s", "ese", "ish"))):
            return canonical
    m2 = rules.cues.citizenship.search(window)
    if m2:
        return rules.nationality_map.get(m2.group("nat").lower())
    return None


def sentence_nationality(rules: CompiledRules, sentence: str) -> str | None:
    """The nationality of the people a sentence is about: a demonym before a people noun
    ("Russian citizen Krivoy") or a citizenship phrase ("with a Russian passport")."""
    cues = rules.cues
    for m in cues.nationality.finditer(sentence):
        word = m.group()
        if not word[0].isupper() or cues.count_before.search(sentence, 0, m.start()):
            continue  # "240 Palestinian women": a counted group's nationality, not the event's people
        nxt = TOKEN.match(sentence, m.end() + 1) if m.end() < len(sentence) else None
        if nxt is not None and sentence[m.end()] == " " and cues.people.fullmatch(nxt.group()):
            return rules.nationality_map.get(word.lower())
    m2 = cues.citizenship.search(sentence)
    return rules.nationality_map.get(m2.group("nat").lower()) if m2 else None


def person_before(rules: CompiledRules, text: str, floor: int, pos: int) -> str | None:
    """The named person an age belongs to: "Jane Doe, 71", "Ahmed Ali, aged 34", "John Smith (45)"."""
    m = rules.cues.name_before.search(text, max(floor, pos - 80), pos)
    if not m:
        return None
    from checker.lemmas import is_known

    words = m.group("name").split()
    if all(w.isupper() for w in words):
        return None  # "SAN VERDE, Texas (KXYZ) — A 34-year-old": a dateline's town, not a name
    # "Survivor Li Wei", "Police Tom Baker": a capitalised common word before the name is not part of it
    while len(words) > 2 and is_known(words[0].lower()):
        words = words[1:]
    if len(words) == 2 and words[0].lower() in rules.words.name_leaders:
        return None
    if any(w.lower() in rules.words.calendar for w in words):
        return None  # "Last May, 10-year-old ...": a date, not a name
    return " ".join(words)


def population_of(rules: CompiledRules, np_text: str) -> str | None:
    groups: list[str] = []
    for m in rules.cues.population.finditer(np_text):
        g = rules.population_map[m.group().lower()]
        if g not in groups:
            groups.append(g)
    if "crew" in groups and _PASSENGERS.search(np_text):
        groups.remove("crew")  # "passengers and crew" is everyone on board, no subgroup
    return " and ".join(groups) or None


def _places(rules: CompiledRules, text: str) -> list[regex.Match[str]]:
    out = []
    for m in rules.cues.place.finditer(text):
        first = m.group("place").split()[0].lower()
        if first in rules.words.calendar or rules.nationality_map.get(first, "").lower() == first:
            continue  # "in October", "in Israeli prisons" are not places
        if m.group().lower().startswith("from") and rules.cues.modified_noun.match(text, m.end()):
            continue  # "from Hamas captivity": a name used as a modifier, not a place
        out.append(m)
    return out


def place_of(rules: CompiledRules, after: str, before: str = "", fronted: str = "") -> str | None:
    """A named place the counted thing is in: after the figure in its clause ("killed in Mosul"), before
    it in the clause ("while in Odesa the toll stood at 11"), or fronted in the sentence ("In Kyiv, 14
    people were killed")."""
    for text, last in ((after, False), (before, True), (fronted, False)):
        found = _places(rules, text)
        if found:
            return _name_end(rules, (found[-1] if last else found[0]).group("place"))
    return None


def _name_end(rules: CompiledRules, place: str) -> str:
    """The place's name without the capitalised words after it that a title-case headline runs on into ("Athens
    Bank Fire Amid Strike" -> "Athens Bank")."""
    words = place.split()
    for i in range(1, len(words)):
        if words[i].lower().strip(",.;:") in rules.words.place_ends:
            return " ".join(words[:i])
    return place


def place_with(rules: CompiledRules, text: str, start: int, end: int) -> str | None:
    """The place a breakdown gives a figure to, named right before "with" and the figure ("Y with 96 deaths")."""
    m = rules.cues.place_with.search(text[start:end])  # a slice: "^" is where the sentence starts
    if m is None:
        return None
    place = m.group("place")
    first = place.split()[0].lower()
    if _opens_with_common_word(rules, place) or rules.nationality_map.get(first, "").lower() == first or (
        first in rules.population_map
    ):
        return None  # "Police, with 20 officers hurt": a group, not a place
    return place


def _opens_with_common_word(rules: CompiledRules, name: str) -> bool:
    """A capitalised run that opens with a word no name opens with: a day, a filler, a pronoun ("Monday", "It")."""
    first, words = name.split()[0].lower(), rules.words
    return any(first in ws for ws in (words.calendar, words.fillers, words.not_subjects, words.not_speakers,
                                      words.speaker_pronouns))  # fmt: skip


def party_of(rules: CompiledRules, text: str, s_start: int, s_end: int, start: int, end: int) -> str | None:
    """The side an offer, bid or demand figure belongs to ("the Falcons' eight-year offer", "an offer from
    Norvik", "the union is seeking 6%"), in a sentence of negotiation; None when the sentence is none or
    names no side. Two sides bidding together are one ("bids by Norvik and the Hale Group")."""
    cues = rules.cues
    if not cues.negotiation.search(text, s_start, s_end):
        return None
    lo = max(s_start, start - 160)
    m = cues.party_right_before.search(text[lo:start])  # a slice: "$" is the figure's start
    if m is None:
        m = cues.party_from.match(text, end, min(s_end, end + 140))
    if m is None:
        # the nearest side before the figure whose verb is one of negotiation, in the same clause group
        found = [f for f in cues.party_subject.finditer(text, lo, start) if ";" not in text[f.end() : start]]
        found += cues.party_gapped.finditer(text, lo, start)
        m = max(found, key=lambda f: f.start()) if found else None
    if m is None:
        return None
    names = [n for n in (m.group("party"), m.groupdict().get("party2")) if n and not _opens_with_common_word(rules, n)]
    return " and ".join(sorted(names)) or None


def distance_from(rules: CompiledRules, text: str, start: int, end: int) -> str | None:
    """The place a distance is measured from, right after its unit: "64 km north-west of Ankara"."""
    m = rules.cues.distance_from.match(text, start, end)
    if m is None:
        return None
    place = m.group("place").rstrip(".")
    return None if place.split()[0].lower() in rules.words.calendar else place


def day_of(rules: CompiledRules, window: str) -> str | None:
    if "day" not in window.lower():
        return None
    m = rules.cues.day_of.search(window)
    return m.group("day").lower() if m else None


def modality_of(rules: CompiledRules, window: str, hedge: str | None) -> str:
    """reported | planned | estimate | projection, from cue words near the number."""
    cues = rules.cues
    if not cues.any_modality.search(window):
        return "estimate" if hedge and "estimated" in hedge else "reported"
    if cues.projection.search(window):
        return "projection"
    if cues.estimate.search(window) or (hedge and "estimated" in hedge):
        return "estimate"
    if cues.planned.search(window):
        return "planned"
    return "reported"


# "since 2019, when 41 people died": a clause of that time, then the figure
_WHEN_AFTER = regex.compile(r",?\s+when\s+[^.;:(),—–]{0,100}$")
# a speaker may end in a channel number ("Fox 5"), never in a count ("412", "2,190")
_FIGURE_END = regex.compile(r"(?:\d[,.]\d{3}|\d{3,})$")


def _clean_who(rules: CompiledRules, who: str) -> str | None:
    cues = rules.cues
    who = _SPACES.sub(" ", who).strip(" ,—–-")
    who = cues.leading_conjunction.sub("", who)
    who = cues.trailing_adverb.sub("", who)
    if cues.trailing_determiner.search(who):
        return None  # "The storm caused an estimated ...": not a speaker
    tokens = TOKEN.findall(who)
    if not tokens or len(tokens) > 30:
        return None
    if _FIGURE_END.search(who) or not any(ch.isalpha() for ch in who):
        return None  # "with 1,412 reported deaths", "The police have had 2,190 calls": a figure, not a speaker
    if len(tokens) > 10:
        # a long title chain ("envoy for ... and Deputy Foreign Minister Mikhail Bogdanov"): keep its end
        tail = _LIST_SPLIT.split(who)[-1]
        who = tail if len(TOKEN.findall(tail)) <= 10 else " ".join(who.split()[-6:])
    low = who.lower()
    if low.rsplit(" ", 1)[-1] in rules.words.passive_auxiliaries:
        return None  # "The deal was announced": a passive names no speaker
    if low in rules.words.speaker_pronouns:
        return low
    if low in rules.words.not_speakers:
        return None
    return who


def _dotted(text: str) -> str:
    return _ABBREVIATION.sub(lambda m: m.group().replace(".", _DOT), text)


def sentence_speaker(rules: CompiledRules, sentence: str) -> str | None:
    """Who a sentence as a whole cites: "according to X", a closing "X said", "said X", an opening "X said"."""
    cues = rules.cues
    if not cues.any_speech.search(sentence):
        return None  # no word of speech at all: none of the patterns below can match
    dotted = _dotted(sentence)
    for pattern in (cues.according, cues.said_after, cues.said_inverted, cues.subject_verb):
        m = pattern.search(dotted)
        if m:
            found = _clean_who(rules, m.group("who"))
            if found is not None:
                return found
    return None


def attribution_of(rules: CompiledRules, sentence: str, clause: str | None, of_sentence: str | None) -> str | None:
    """Who the sentence says the figure comes from: "according to X", "X said", "X told Y".

    The figure's own clause speaks first ("..., and the World Bank estimated damage at $4 billion"
    is the Bank's, not the whole sentence's); then the sentence's speaker (`of_sentence`, from
    sentence_speaker, read once per sentence)."""
    cues = rules.cues
    found: str | None = None
    if clause and cues.any_speech.search(clause):
        dotted = _dotted(clause)
        m = cues.according.search(dotted) or cues.clause_subject_verb.search(dotted.lstrip(" ,;—–"))
        if m:
            found = _clean_who(rules, m.group("who"))
    if found is None:
        found = of_sentence
    if found is None:
        return None
    told = _TOLD.search(sentence)
    if told and told.group("to") not in found:
        found = f"{found} (to {told.group('to')})"
    return found.replace(_DOT, ".")


COUNT_LAG_DAYS = 1  # a report gives a running total as of its own day or the night before
# A date further back than this names another occurrence ("the last big quake, in 2023, killed ..."), whose
# figure keeps its own day so it is never compared with this event's running total.
OTHER_EVENT_DAYS = 30


def count_as_of(
    rules: CompiledRules,
    text: str,
    found: tuple[dt.date, str, int] | None,
    published: dt.date | None,
    carried: bool = False,
) -> tuple[dt.date, str, int] | None:
    """The as-of of a running total from a date before the report: the day it stood on, or None for the report's
    own day. A date in a relative clause dates the event the total belongs to ("the quake that struck on Friday
    has killed 2,000" in a Monday report, "2,000 hurt in the quake that hit late Friday"), as does a date
    carried from an earlier sentence (`carried`: "The trains collided on Friday. 288 have died"),
    unless an as-of word
    introduces it ("by Saturday night", "said on Friday"). The night before is still the report's news; a date
    over OTHER_EVENT_DAYS back is another occurrence's and stays; a date after the report is a plan's."""
    if found is None or published is None:
        return found
    day, _, at = found
    lag = (published - day).days
    if lag < 0:
        return None
    if lag > OTHER_EVENT_DAYS or rules.cues.as_of_marker.search(text, max(0, at - 40), at):
        return found
    if carried:
        return None if lag > 0 else found
    if lag > COUNT_LAG_DAYS and rules.cues.event_relative.search(text, max(0, at - 120), at):
        return None
    if lag > 0 and rules.cues.incident_date.search(text, max(0, at - 120), at):
        return None  # "A stampede in the old town on Saturday left 150 dead": the incident's day, not the count's
    return found


def level_as_of(
    rules: CompiledRules,
    text: str,
    found: tuple[dt.date, str, int] | None,
    published: dt.date | None,
    figure_end: int,
) -> tuple[dt.date, str, int] | None:
    """The as-of of a level told in the present (the missing, the held) from a date before the report: a date
    in a relative clause dates the event, not the level ("the floods, which struck on Monday night, have killed
    19; 26 are still missing" in a Thursday report), so the level is the report's (None); any other date, or a
    level told in the past ("drew 10,000"), stays."""
    if found is None or published is None or not rules.cues.present_level.match(text, figure_end):
        return found
    day, _, at = found
    lag = (published - day).days
    if 0 < lag <= OTHER_EVENT_DAYS and not rules.cues.as_of_marker.search(text, max(0, at - 40), at) and (
        rules.cues.event_relative.search(text, max(0, at - 120), at)
    ):
        return None
    return found


def as_of_from_dates(
    rules: CompiledRules,
    sentence_start: int,
    text: str,
    dates: list[DateMention],
    number_start: int,
    published: dt.date | None = None,
) -> tuple[dt.date, str, int] | None:
    """The date a claim speaks about, from the date mentions in its sentence, nearest first: (day, basis, where
    the date is written). A year or a month dates a figure only when it ended over OTHER_EVENT_DAYS before
    `published`: "killed 41 people in 2019" is another occurrence's toll ("in 2025" may be a running total's)."""
    cues = rules.cues
    best: tuple[int, DateMention, dt.date] | None = None
    past = published - dt.timedelta(days=OTHER_EVENT_DAYS) if published is not None else None
    for d in dates:
        if d.high is None:
            continue
        # "the worst since 2019, when 41 died": the figure's clause hangs on the period's start, long past
        hangs = (
            past is not None and d.low is not None and d.low < past and d.end <= number_start
            and _WHEN_AFTER.match(text, d.end, number_start) is not None
        )  # fmt: skip
        if hangs:
            assert d.low is not None
            if best is None or number_start - d.start < best[0]:
                best = (number_start - d.start, d, d.low)
            continue
        if d.kind in _NOT_AS_OF_KINDS and (d.kind == "time" or past is None or d.high >= past):
            continue
        before = text[max(sentence_start, d.start - 40) : d.start]
        if cues.not_before_date.search(before) and not cues.as_of_prep.search(before):
            continue
        if cues.since_clause.search(text, max(sentence_start, d.start - 80), d.start):
            continue  # "since the war began in October 2023" dates the start of a period
        if d.start > number_start and cues.compared_clause.search(text, max(sentence_start, d.start - 80), d.start):
            continue  # "after 30 hours, in a rescue likened to the Lota drama of 2010": the compared occurrence's
        if cues.event_name_after.match(text, d.end, d.end + 12):
            continue  # "the October 7 attack" names an event, not the time of the figure
        dist = abs(d.start - number_start)
        if best is None or dist < best[0]:
            best = (dist, d, d.high)
    if best is None:
        return None
    _, d, day = best
    return day, ("explicit" if d.basis == "explicit" else "relative"), d.start
