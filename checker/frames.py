"""The frame of a claim: qualifiers, modality, attribution, as-of date and the event it is about."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from checker.rulebook import FLAGS, Rulebook, compile_words

TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")
_MONTHS_DAYS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip
_PLACE = regex.compile(
    r"\b(?i:in|at|near|outside|off|across|throughout|from)\s+(?:the\s+)?(?:[\p{Ll}\-]+\s+){0,4}?(?:of\s+)?"
    r"(?P<place>\p{Lu}[\p{L}\-]+(?:\s+(?:of\s+)?\p{Lu}[\p{L}\-]+){0,3})(?!['’])\b"
)
_CITIZENSHIP = regex.compile(
    r"\b(?:with|holding|of)\s+(?:\w+\s+)?(?P<nat>\p{Lu}\p{L}+)\s+(?:citizenship|passports?|nationality|origin)\b"
)
_DAY_OF = regex.compile(
    r"\b(?:on|during|by)\s+the\s+(?P<day>(?:first|second|third|fourth|fifth|sixth|seventh|final|last|"
    r"\d+(?:st|nd|rd|th))\s+day\s+of\s+(?:the\s+)?[\p{L}\-]+)",
    FLAGS,
)
_ACCORDING = regex.compile(
    r"\baccording\s+to\s+(?P<who>[^,.;:!?“”\"()]+?)(?=\s*(?:[,.;:!?“”\"()]|$|\bwhich\b|\bwho\b|\bthat\b))",
    FLAGS,
)
_SAID_AFTER = regex.compile(
    r"[,“”\"]\s*(?P<who>[^,.;:!?“”\"]{2,80}?)\s+(?:has\s+|had\s+|have\s+)?(?:said|says|told|added|stated|"
    r"reported|announced|confirmed|wrote|noted|tweeted|posted)\b",
    FLAGS,
)
_SAID_INVERTED = regex.compile(
    r"[,“”\"]\s*(?:said|says|told|added|wrote|reported)\s+(?P<who>(?:the\s+)?[\p{Lu}][^,.;:!?“”\"]{1,80}?)"
    r"\s*(?:[,.;:!?]|$)"
)
_SUBJECT_VERB = regex.compile(
    r"^(?P<who>[\p{Lu}\"“][^.;:!?“”\"]{1,200}?)\s+(?:has\s+|have\s+|had\s+)?(?:said|says|told|stated|"
    r"reported|reports|announced|announces|confirmed|confirms|estimated|estimates|revealed|reveals|wrote|"
    r"writes|noted|claimed|claims|tweeted|posted|declared|disclosed|specified|added)\b",
)
# inside a clause the speaker may be lower case ("while the CGT union put the figure at", "police counted")
_CLAUSE_SUBJECT_VERB = regex.compile(
    r"^(?:(?:and|but|while|whereas|as)\s+)?(?P<who>[\p{L}\"“][^,.;:!?“”\"]{1,80}?)\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:said|says|told|stated|reported|announced|confirmed|estimated|estimates|counted|counts|"
    r"put\s+the\s+(?:figure|number|turnout|toll|total|count|crowd)|puts\s+the\s+(?:figure|number|toll|total))\b",
    FLAGS,
)
# "U.S.", "U.N.": full stops inside an abbreviation do not end a speaker's name
_ABBREVIATION = regex.compile(r"\b(?:\p{Lu}\.){2,}")
_DOT = "\u2024"
_TOLD = regex.compile(r"\btold\s+(?P<to>\p{Lu}[\p{L}\p{N}]*(?:\s+\p{Lu}[\p{L}\p{N}]*){0,2})")
_NOT_BEFORE_DATE = regex.compile(
    r"(?:\bsince|\bfrom|\bafter|\bbefore|\buntil|\btill|\bbeginning\s+of|\bstart\s+of|\bend\s+of|\bthe|\bon\s+the\s+morning\s+of\s+the)"
    r"\s*$",
    FLAGS,
)
_SINCE_CLAUSE = regex.compile(r"\b(?:since|from|after|before|until|following)\b[^,;.]*$", FLAGS)
_AS_OF_PREP = regex.compile(
    r"(?:\bon|\bby|\bas\s+of|\bas\s+at|\bin|\bat|\bthrough|\bmorning\s+of|\bearlier|\blate|\bearly)\s*$",
    FLAGS,
)


@dataclass(frozen=True, eq=False)  # hashed by identity, so per-text results can be cached
class Cues:
    """Compiled lexicon patterns the frame step uses, built once per rulebook."""

    people: regex.Pattern[str]
    nationality: regex.Pattern[str]
    nationality_map: dict[str, str]
    population: regex.Pattern[str]
    population_map: dict[str, str]
    planned: regex.Pattern[str]
    estimate: regex.Pattern[str]
    projection: regex.Pattern[str]
    revision: regex.Pattern[str]
    event_types: regex.Pattern[str]
    event_type_map: dict[str, str]
    not_counted: regex.Pattern[str]
    speech: regex.Pattern[str]


def build_cues(book: Rulebook) -> Cues:
    def words(name: str) -> list[str]:
        return book.lexicons.get(name, []) or ["\uffff"]  # an unmatchable word keeps the pattern valid

    nat_map = book.maps.get("nationality", {})
    pop_map = book.maps.get("population", {})
    return Cues(
        people=compile_words(words("people_nouns")),
        nationality=regex.compile(
            r"\b\L<w>\b", FLAGS, w=sorted(nat_map, key=len, reverse=True) or ["\uffff"]
        ),
        nationality_map=nat_map,
        population=compile_words(sorted(pop_map) or ["\uffff"]),
        population_map=pop_map,
        planned=compile_words(words("planned_cues")),
        estimate=compile_words(words("estimate_cues")),
        projection=compile_words(words("projection_cues")),
        revision=compile_words(words("revision_cues")),
        event_types=compile_words(sorted(book.maps.get("event_type", {})) or ["\uffff"]),
        event_type_map=book.maps.get("event_type", {}),
        not_counted=compile_words(words("not_counted")),
        speech=compile_words(words("attribution_verbs")),
    )


def nationality_of(cues: Cues, np_text: str, window: str) -> str | None:
    """The nationality named in the noun phrase ("Russian nationals", "Britons") or by citizenship."""
    for m in cues.nationality.finditer(np_text):
        word = m.group()
        if not word[0].isupper():
            continue  # "us", "chad" in lower case are not nationalities
        # country names only count with a citizenship phrase; in a noun phrase we want demonyms
        canonical = cues.nationality_map.get(word.lower())
        if canonical and (word.lower() == canonical.lower() or word.lower().endswith(("s", "ese", "ish"))):
            return canonical
    m = _CITIZENSHIP.search(window)
    if m:
        return cues.nationality_map.get(m.group("nat").lower())
    return None


_COUNT_BEFORE = regex.compile(
    r"(?:\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand))\s+$", FLAGS
)


def sentence_nationality(cues: Cues, sentence: str) -> str | None:
    """The nationality of the people a sentence is about: a demonym before a people noun
    ("Russian citizen Krivoy") or a citizenship phrase ("with a Russian passport")."""
    for m in cues.nationality.finditer(sentence):
        word = m.group()
        if not word[0].isupper() or _COUNT_BEFORE.search(sentence, 0, m.start()):
            continue  # "240 Palestinian women": a counted group's nationality, not the event's people
        nxt = TOKEN.match(sentence, m.end() + 1) if m.end() < len(sentence) else None
        if nxt is not None and sentence[m.end()] == " " and cues.people.fullmatch(nxt.group()):
            return cues.nationality_map.get(word.lower())
    m2 = _CITIZENSHIP.search(sentence)
    return cues.nationality_map.get(m2.group("nat").lower()) if m2 else None


_NAME_BEFORE = regex.compile(
    r"(?P<name>\p{Lu}[\p{L}'’\-]+(?:\s+(?:(?:al|bin|van|von|de|da|del|di|le|la)\s+)?\p{Lu}[\p{L}'’\-]+){1,3})"
    r"(?:,\s*(?:a|an|the)?\s*[^,]{0,40}?,?)?\s*(?:,|who\s+(?:is|was)|is|was|\()?\s*(?:aged\s+)?$"
)


_NAME_LEADERS = {
    "the",
    "a",
    "an",
    "police",
    "officials",
    "survivor",
    "victim",
    "driver",
    "former",
    "he",
    "she",
}


def person_before(text: str, floor: int, pos: int) -> str | None:
    """The named person an age belongs to: "Jane Doe, 71", "Ahmed Ali, aged 34", "John Smith (45)"."""
    m = _NAME_BEFORE.search(text, max(floor, pos - 80), pos)
    if not m:
        return None
    import simplemma  # lazy: word tables load on first use

    words = m.group("name").split()
    # "Survivor Li Wei", "Police Tom Baker": a capitalised common word before the name is not part of it
    while len(words) > 2 and simplemma.is_known(words[0].lower(), lang="en"):
        words = words[1:]
    if len(words) == 2 and words[0].lower() in _NAME_LEADERS:
        return None
    return " ".join(words)


def population_of(cues: Cues, np_text: str) -> str | None:
    groups: list[str] = []
    for m in cues.population.finditer(np_text):
        g = cues.population_map[m.group().lower()]
        if g not in groups:
            groups.append(g)
    if "crew" in groups and regex.search(r"\bpassengers?\b", np_text, FLAGS):
        groups.remove("crew")  # "passengers and crew" is everyone on board, no subgroup
    return " and ".join(groups) or None


_MODIFIED_NOUN = regex.compile(
    r"\s+(?!(?:in|on|at|to|and|or|with|by|for|after|before|during|when|where|who|which|that|as|but)\b)\p{Ll}"
)


def _places(cues: Cues, text: str) -> list[regex.Match[str]]:
    out = []
    for m in _PLACE.finditer(text):
        first = m.group("place").split()[0].lower()
        if first in _MONTHS_DAYS or cues.nationality_map.get(first, "").lower() == first:
            continue  # "in October", "in Israeli prisons" are not places
        if m.group().lower().startswith("from") and _MODIFIED_NOUN.match(text, m.end()):
            continue  # "from Hamas captivity": a name used as a modifier, not a place
        out.append(m)
    return out


def place_of(cues: Cues, after: str, before: str = "", fronted: str = "") -> str | None:
    """A named place the counted thing is in: after the figure in its clause ("killed in Mosul"), before
    it in the clause ("while in Odesa the toll stood at 11"), or fronted in the sentence ("In Kyiv, 14
    people were killed")."""
    for text, last in ((after, False), (before, True), (fronted, False)):
        found = _places(cues, text)
        if found:
            return (found[-1] if last else found[0]).group("place")
    return None


def day_of(window: str) -> str | None:
    m = _DAY_OF.search(window)
    return m.group("day").lower() if m else None


def modality_of(cues: Cues, window: str, hedge: str | None) -> str:
    """reported | planned | estimate | projection, from cue words near the number."""
    if cues.projection.search(window):
        return "projection"
    if cues.estimate.search(window) or (hedge and "estimated" in hedge):
        return "estimate"
    if cues.planned.search(window):
        return "planned"
    return "reported"


_SPACES = regex.compile(r"\s+")
_LEADING_CONJUNCTION = regex.compile(r"^(?:and|but|while|as|whereas)\s+", FLAGS)
_TRAILING_ADVERB = regex.compile(r"\s+(?:also|later|earlier|then|now|too|again|separately)$", FLAGS)
_TRAILING_DETERMINER = regex.compile(r"\b(?:an?|the|its|their)$", FLAGS)
_EVENT_NAME_AFTER = regex.compile(r"\s+(?:attack|attacks|war|massacre|raid|offensive|assault|invasion)\b")


def _clean_who(who: str) -> str | None:
    who = _SPACES.sub(" ", who).strip(" ,—–-")
    who = _LEADING_CONJUNCTION.sub("", who)
    who = _TRAILING_ADVERB.sub("", who)
    if _TRAILING_DETERMINER.search(who):
        return None  # "The storm caused an estimated ...": not a speaker
    tokens = TOKEN.findall(who)
    if not tokens or len(tokens) > 30:
        return None
    if len(tokens) > 10:
        # a long title chain ("envoy for ... and Deputy Foreign Minister Mikhail Bogdanov"): keep its end
        tail = regex.split(r"\s+and\s+|,\s*", who)[-1]
        who = tail if len(TOKEN.findall(tail)) <= 10 else " ".join(who.split()[-6:])
    if who.lower() in {"it", "this", "that", "which", "there", "officials have", "he", "she", "they", "we"}:
        return who.lower() if who.lower() in {"he", "she", "they", "we"} else None
    return who


def attribution_of(sentence: str, clause: str | None = None) -> str | None:
    """Who the sentence says the figure comes from: "according to X", "X said", "X told Y".

    The figure's own clause speaks first ("..., and the World Bank estimated damage at $4 billion"
    is the Bank's, not the whole sentence's); then "according to" and a closing "X said"."""
    sentence = _ABBREVIATION.sub(lambda m: m.group().replace(".", _DOT), sentence)
    clause = _ABBREVIATION.sub(lambda m: m.group().replace(".", _DOT), clause) if clause else None
    found: str | None = None
    if clause:
        m = _ACCORDING.search(clause) or _CLAUSE_SUBJECT_VERB.search(clause.lstrip(" ,;—–"))
        if m:
            found = _clean_who(m.group("who"))
    if found is None:
        m = _ACCORDING.search(sentence)
        if m:
            found = _clean_who(m.group("who"))
    if found is None:
        m = _SAID_AFTER.search(sentence) or _SAID_INVERTED.search(sentence)
        if m:
            found = _clean_who(m.group("who"))
    if found is None:
        m = _SUBJECT_VERB.search(sentence)
        if m:
            found = _clean_who(m.group("who"))
    if found is None:
        return None
    told = _TOLD.search(sentence)
    if told and told.group("to") not in found:
        found = f"{found} (to {told.group('to')})"
    return found.replace(_DOT, ".")


def as_of_from_dates(
    sentence_start: int, text: str, dates: list[Any], number_start: int
) -> tuple[dt.date | None, str] | None:
    """The date a claim speaks about, from the date mentions in its sentence, nearest first."""
    best: tuple[int, Any] | None = None
    for d in dates:
        if getattr(d, "kind", "") in {"time", "year", "period"} or getattr(d, "high", None) is None:
            continue
        before = text[max(sentence_start, d.start - 40) : d.start]
        if _NOT_BEFORE_DATE.search(before) and not _AS_OF_PREP.search(before):
            continue
        if _SINCE_CLAUSE.search(text[max(sentence_start, d.start - 80) : d.start]):
            continue  # "since the war began in October 2023" dates the start of a period
        after = text[d.end : d.end + 12]
        if _EVENT_NAME_AFTER.match(after):
            continue  # "the October 7 attack" names an event, not the time of the figure
        dist = abs(d.start - number_start)
        if best is None or dist < best[0]:
            best = (dist, d)
    if best is None:
        return None
    d = best[1]
    basis = "explicit" if getattr(d, "basis", "explicit") == "explicit" else "relative"
    return d.high, basis


@dataclass
class EventProfile:
    """Places and event types of one article: sentence-level keys fall back to these."""

    places: list[str]
    types: list[str]


@lru_cache(maxsize=4096)
def event_keys(cues: Cues, text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Places (countries via demonyms, named places after in/at) and event-type words in a text."""
    places: set[str] = set()
    for m in cues.nationality.finditer(text):
        canonical = cues.nationality_map.get(m.group().lower())
        if canonical and m.group()[0].isupper():
            places.add(canonical.lower())
    for m in _PLACE.finditer(text):
        first = m.group("place").split()[0]
        if first.lower() in _MONTHS_DAYS:
            continue
        places.add(cues.nationality_map.get(first.lower(), first).lower())
    types = {
        cues.event_type_map.get(m.group().lower(), m.group().lower()) for m in cues.event_types.finditer(text)
    }
    return frozenset(places), frozenset(types)


def article_profile(cues: Cues, title: str | None, text: str) -> EventProfile:
    places_c: Counter[str] = Counter()
    types_c: Counter[str] = Counter()
    for chunk, weight in ((title or "", 3), (text, 1)):
        p, t = event_keys(cues, chunk)
        for x in p:
            places_c[x] += weight
        for x in t:
            types_c[x] += weight

    def top(c: Counter[str]) -> list[str]:
        return [k for k, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]  # ties: by name, stable

    return EventProfile(top(places_c), top(types_c))


def claim_event(cues: Cues, sentence: str, paragraph: str, profile: EventProfile) -> list[str]:
    """Event keys for a claim: places and event types named in its own sentence ("place:", "type:"),
    and those of its paragraph and article as context ("ctx-place:", "ctx-type:"). Two sentences that
    both name a place are compared on those; otherwise the context decides, so "in Malatya" and
    "eastern Turkey" can meet through the article that names both."""
    places, types = event_keys(cues, sentence)
    p_places, p_types = event_keys(cues, paragraph)
    ctx_places = set(places) | set(p_places) | set(profile.places)
    ctx_types = set(types) | set(p_types) | set(profile.types)
    return sorted(
        {f"place:{p}" for p in places}
        | {f"type:{t}" for t in types}
        | {f"ctx-place:{p}" for p in ctx_places}
        | {f"ctx-type:{t}" for t in ctx_types}
    )
