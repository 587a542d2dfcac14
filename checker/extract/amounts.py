"""Figures that measure rather than count: money, ages, shares, readings on a scale ("magnitude 6.8") and
quantities with a unit (lengths, areas, speeds, durations), with the unit as written and what they measure."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import regex

from checker.extract import frame
from checker.extract.claims import is_money
from checker.extract.clauses import clause_of
from checker.extract.compiled import TOKEN, CompiledRules
from checker.models import NumberMention
from checker.numbers import find_numbers
from checker.rulebook import Family, Measure, Unit
from checker.sentences import Sentence

_HYPHEN_WORD = regex.compile(r"-(\p{L}+)")
_YEARS_OLD = regex.compile(r"\s*(?:years?|yrs?)[\s-]+old\b", regex.I)
_CLAUSE_CLOSES = regex.compile(r"\s*(?:[,.;:!?)\"”]|$)")
_AGED = regex.compile(r"\baged\b|year-old", regex.I)
_AGE_NAME_COMMA = regex.compile(r"\p{Lu}[\p{L}'’\-]+,\s*$")
# "The driver, 54, survived": a definite role in apposition, one person in the story; so is a role after a
# town's name ("Dayton man, 61, killed") or opening a line or a field of a police release ("Victim 1: male, 24,");
# the role may carry a word or two before it ("the other man, 45,", "the second victim, 34,")
_AGE_ROLE_COMMA = regex.compile(
    r"(?:\b(?i:the|its|his|her|their|a|an)\s+(?:\p{Ll}[\p{L}\-]*\s+){0,2}?|\b\p{Lu}[\p{L}'’\-]*\s+|(?:^|[:;(\n])\s*)(?P<role>\p{Ll}[\p{L}\-]+),\s*$"
)
MAX_PREDICATE_DISTANCE = 10.0
_OF_SUBSTANCE = regex.compile(r"\s+of\s+(?:the\s+)?(?P<noun>\p{L}+)")  # the substance: the word after "of"
_NAME_AFTER = regex.compile(r"[\s\-]*(?:\p{L}+[\s\-]+)?\p{Lu}")
_PUNCTUATION = regex.compile(r"[,.;:()\[\]—–!?\"“”]")
_WORDS_ONLY = regex.compile(r"[\s\p{L}\-]*")
_OF_THE = regex.compile(r"\s+of\s+(?:the\s+)?")


@dataclass(frozen=True)
class UnitFound:
    """A unit written with a number, where its words end, and whether it modifies a noun ("a 48-foot yacht")."""

    unit: Unit
    end: int
    attributive: bool


@dataclass(frozen=True)
class Linked:
    """A measuring figure's measure, the unit it was written in and its qualifiers."""

    measure: Measure
    family: Family
    unit: Unit | None
    qualifiers: dict[str, str]
    by_default: bool = False  # no predicate was near: the family's default measure


_COMPOUND_GAP = regex.compile(r"\s*(?:,\s*)?(?:and\s+)?")


_PART_BEFORE = regex.compile(r"\b(half|a\s+quarter\s+of|three[\s-]quarters\s+of)\s+$", regex.I)
_PARTS = {"half": "0.5", "a quarter of": "0.25", "three quarters of": "0.75"}
_AND_A_HALF = regex.compile(r"\s+and\s+a\s+half\b", regex.I)


def articled_durations(rules: CompiledRules, text: str, numbers: list[NumberMention]) -> list[NumberMention]:
    """ "just over an hour into the dive", "a day later": "a" or "an" before a unit of time, where the words
    around it make it a span and not a rate ("$20 an hour"), read as one of the unit with its hedge. The
    figure is read by find_numbers on the same words with "1" for the article, so hedges work as for digits."""
    found = list(rules.cues.articled_duration.finditer(text))
    if not found:
        return numbers
    added: list[NumberMention] = []
    k = 0  # numbers and matches are both in text order
    for m in found:
        a0, a1 = m.span("a")
        while k < len(numbers) and numbers[k].end <= a0:
            k += 1
        if k < len(numbers) and numbers[k].start < m.end():
            continue  # a figure already read there
        # "half an hour", "a quarter of an hour": the fraction is the figure, its hedge before it
        part = _PART_BEFORE.search(text, max(0, a0 - 24), a0)
        f0, figure = a0, "1"
        if part is not None:
            f0, figure = part.start(), _PARTS[" ".join(part.group(1).lower().replace("-", " ").split())]
        w0 = max(0, f0 - 40)
        window = text[w0:f0] + figure.ljust(a1 - f0) + text[a1 : m.end()]
        for n in find_numbers(window):
            if n.start <= f0 - w0 < n.end and n.kind == "duration":
                start, end = n.start + w0, n.end + w0
                more = _AND_A_HALF.match(text, end) if part is None and n.value == 1 else None
                if more is not None:  # "an hour and a half"
                    n = dataclasses.replace(n, value=1.5, low=1.5, high=n.high if n.high != 1 else 1.5)
                    end = more.end()
                added.append(dataclasses.replace(n, start=start, end=end, text=text[start:end]))
                break
    return sorted([*numbers, *added], key=lambda n: (n.start, n.end)) if added else numbers


def merge_compound_durations(rules: CompiledRules, text: str, numbers: list[NumberMention]) -> list[NumberMention]:
    """ "1 hour and 45 minutes" is one duration, in its smallest unit (105 min)."""
    out: list[NumberMention] = []
    for n in numbers:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind in {"duration", "cardinal"}
            and n.kind in {"duration", "cardinal"}
            and prev.value is not None
            and n.value is not None
            and _COMPOUND_GAP.fullmatch(text, prev.end, n.start)
            and prev.end < n.start
        ):
            big = rules.units.get((prev.unit or "").lower())
            small = rules.units.get((n.unit or "").lower())
            if big and small and big.dimension == small.dimension == "duration" and big.factor > small.factor:
                value = prev.value * big.factor / small.factor + n.value
                out[-1] = NumberMention(prev.start, n.end, text[prev.start : n.end], value, value, value,
                                        kind="duration", hedge=prev.hedge, unit=n.unit)  # fmt: skip
                continue
        out.append(n)
    return out


# the last figure unit_after read, and what it found: link_amount asks, then the linker asks again for a
# figure no family of amounts took
_last_unit: list[tuple[CompiledRules, str, NumberMention, int, UnitFound | None]] = []


def unit_after(rules: CompiledRules, text: str, n: NumberMention, limit: int) -> UnitFound | None:
    """The unit a number carries: from the number grammar ("5km", "96-hour") or the words after it
    ("300 hectares", "a 5-square-mile area", "the 190-m-long bridge")."""
    if _last_unit:
        r, t, m, lim, found = _last_unit[0]
        if r is rules and t is text and m is n and lim == limit:
            return found
    found = _unit_after(rules, text, n, limit)
    _last_unit[:] = [(rules, text, n, limit, found)]
    return found


def _unit_after(rules: CompiledRules, text: str, n: NumberMention, limit: int) -> UnitFound | None:
    if n.unit and n.kind != "age":
        unit = rules.units.get(n.unit.lower())
        if unit is not None:
            return UnitFound(unit, n.end, "-" in n.text or text.startswith("-", n.end))
    m = rules.cues.unit_words.match(text, n.end, min(limit, n.end + 40))
    if m is None:
        return None
    words = [m.group("w1"), m.group("w2"), m.group("w3")]
    ends = [m.end("w1"), m.end("w2"), m.end("w3")]
    for k in (3, 2, 1):
        if words[k - 1] is None:
            continue
        unit = rules.units.get(" ".join(w for w in words[:k] if w).lower().rstrip("."))
        if unit is None and k == 1:
            unit = rules.units.get(words[0].lower())
        if unit is not None:
            end = ends[k - 1]
            hyphen = bool(m.group("hy") and "-" in m.group("hy"))
            return UnitFound(unit, end, hyphen or text.startswith("-", end))
    return None


def _age_after_copula(rules: CompiledRules, text: str, s: Sentence, n: NumberMention) -> bool:
    """ "The victim was 16.": a whole number up to 120 closing a clause about a person is their age."""
    if n.kind != "cardinal" or n.value is None or not (0 < n.value <= 120) or not float(n.value).is_integer():
        return False
    if not _CLAUSE_CLOSES.match(text, n.end, s.end):
        return False
    return rules.cues.age_copula.search(text, max(s.start, n.start - 80), n.start) is not None


def _in_a_name(text: str, s: Sentence, n: NumberMention, limit: int) -> bool:
    """A capitalised number word joined to a capitalised noun, away from the sentence start: a name."""
    if n.start == s.start or not n.text[:1].isupper():
        return False
    m = _NAME_AFTER.match(text[n.end : min(limit, n.end + 30)])
    return m is not None


def _entity(rules: CompiledRules, text: str, start: int, limit: int) -> str | None:
    """The noun an attributive figure modifies: "a 48-foot [yacht]", "an eight-day [trip]"."""
    adj = _HYPHEN_WORD.match(text, start, limit)
    if adj and adj.group(1).lower() in rules.words.dimension_adjectives:
        start = adj.end()
    head = None
    for t in TOKEN.finditer(text, start, min(limit, start + 60)):
        between = text[start : t.start()] if head is None else text[head.end() : t.start()]
        if _PUNCTUATION.search(between):
            break
        w = t.group().lower()
        if w in rules.words.entity_stops:
            break
        if head is not None and w.endswith("ed") and len(w) > 4 and t.group().islower():
            break  # "the 60-foot span collapsed": a past verb after the noun ends it ("fenced area" comes first)
        head = t
    if head is None:
        return None
    word = head.group().split("-")[-1].lower()
    if not word.isalpha() or len(word) < 3:
        return None
    canonical = rules.entity_map.get(word)
    if canonical is None:
        from checker.extract.link import lemma

        canonical = rules.entity_map.get(lemma(word), lemma(word))
    return canonical


def _reading(rules: CompiledRules, text: str, s: Sentence, n: NumberMention, np_text: str) -> Family | None:
    """The reading family whose scale word stands next to the number: "magnitude 6.8", "a 6.8-magnitude
    quake", "4.7 on the Richter scale"."""
    words_before: list[str] | None = None
    for f in rules.by_counts.get("reading", ()):
        if f.nouns is None:
            continue
        if np_text and f.nouns.match(np_text.replace("-", " ").lstrip()):
            return f
        if words_before is None:
            words_before = TOKEN.findall(text, max(s.start, n.start - 40), n.start)
        tail: list[str] = []
        for w in reversed(words_before):
            if f.nouns.fullmatch(w):
                return f
            if w.lower() not in rules.words.reading_fillers or len(tail) >= 3:
                break
            tail.append(w)
        # "4.7 on the Richter scale": only filler words between the reading and its scale
        for t in TOKEN.finditer(text, n.end, min(s.end, n.end + 30)):
            if f.nouns.fullmatch(t.group()):
                if _WORDS_ONLY.fullmatch(text[n.end : t.start()]):
                    return f
                break
            if t.group().lower() not in rules.words.reading_fillers:
                break
    return None


def link_amount(
    rules: CompiledRules,
    text: str,
    s: Sentence,
    n: NumberMention,
    np_text: str,
    limit: int,
    hits: dict[str, list[tuple[int, int]]],
    distance: Callable[[int, int], float],
) -> Linked | None:
    """The measure of a money amount, an age, a share, a reading or a quantity with a unit; None for a count.

    The nearest predicate of the family's measures picks the measure; a family's default measure takes a
    figure of its kind that no predicate is near, so no length or fare goes unclaimed."""
    unit: UnitFound | None = None
    qualifiers: dict[str, str] = {}
    if n.unit == "year" and n.kind != "age" and _AGED.search(n.text):
        return None  # "children aged 5 to 12": ages of a group, no one's age
    if is_money(n) and _weighs(rules, text, s, n):
        unit = UnitFound(rules.units["lb"], n.end, "-" in n.text)  # "5-foot-8, 135 pounds": a weight
        wanted = "dimension"
    elif is_money(n):
        wanted = "money"
        if n.unit:
            qualifiers["currency"] = n.unit
        rate = rules.cues.money_rate.match(text, n.end, limit)
        if rate:
            qualifiers["per"] = rate.group("per").lower()  # "$15 million per season": a rate, not the sum
    elif n.kind == "age" or _YEARS_OLD.match(text, n.end) or _age_after_copula(rules, text, s, n) or (
        n.kind == "cardinal"
        and rules.cues.age_after_name.match(text, n.end)
        and 0 < n.low <= 120
        and float(n.low).is_integer()
        and (
            _AGE_NAME_COMMA.search(text, max(0, n.start - 60), n.start)
            or _role_in_apposition(rules, text, n) is not None
        )
    ):
        wanted = "age"
    elif n.kind == "percent" or n.unit == "%":
        wanted = "percent"
    elif _in_a_name(text, s, n, limit):
        return None  # "the Six-Day War", "Apollo 13": a figure inside a name measures nothing
    else:
        reading = _reading(rules, text, s, n, np_text)
        if reading is not None:
            return _pick(rules, [reading], None, text, s, n, hits, distance, qualifiers)
        unit = unit_after(rules, text, n, limit)
        if unit is None:
            return None
        wanted = "dimension"
    families = list(rules.by_counts.get(wanted, ()))
    if not families:
        return None
    if wanted == "age":
        person = frame.person_before(rules, text, s.start, n.start)
        role = _role_in_apposition(rules, text, n) if person is None else None
        if person is not None:
            qualifiers["person"] = person
        elif role is not None:
            qualifiers["who"] = role
        elif n.kind != "age" and not _YEARS_OLD.match(text, n.end) and not _age_after_copula(rules, text, s, n):
            return None  # "Smith, 40," needs the name; "a 40-year-old", "40 years old" are ages by their form
        else:
            who = _entity(rules, text, n.end, limit)
            if who and not rules.cues.people.fullmatch(who) and not rules.cues.population.fullmatch(who):
                return None  # "the 80-year-old bridge": the age of a thing
            if who:
                qualifiers["who"] = who  # "a 25-year-old man": a description, not a person to follow
        return Linked(families[0].measures[0], families[0], None, qualifiers)
    if wanted == "percent":
        # a share says what it is a share of ("80% of the victims", "turnout reached 61%"); one that does
        # not ("15% contained") cannot be set against another
        of = _OF_THE.match(text[n.end : limit])
        what = _entity(rules, text, n.end + of.end(), limit) if of else None
        noun = None
        if what is None:
            c_start = clause_of(text, s, n)[0]
            # a share in apposition after a comma ("demand peaked at 9 GW, 14% above normal") is of its
            # sentence's noun
            appositive = text[c_start:n.start].strip() == "" and text[:n.start].rstrip().endswith(",")
            for f in families:
                start = s.start if appositive else c_start
                found = list(f.nouns.finditer(text, start, n.start)) if f.nouns else []
                noun = found[-1].group().lower() if found else noun
        if what is None and noun is None:
            return None
        qualifiers["of" if what else "what"] = what or str(noun)
    if unit is not None:
        if unit.attributive:
            what = _entity(rules, text, unit.end, limit)
            if what:
                qualifiers["entity"] = what
        elif unit.unit.dimension in ("mass", "volume"):
            # "9,000 tonnes of rock", "21,000 tonnes of copper": a mass or a volume of a substance is that
            # substance's, never set against another's
            of = _OF_SUBSTANCE.match(text, unit.end, limit)
            what = _entity(rules, text, of.start("noun"), of.end()) if of else None
            if what:
                qualifiers["entity"] = what
        place = frame.distance_from(rules, text, unit.end, s.end) if unit.unit.dimension == "length" else None
        if place:
            qualifiers["from"] = place
        c_start = clause_of(text, s, n)[0]
        if rules.cues.capability.search(text, c_start, n.start):
            qualifiers["limit"] = "rated"  # "a robot that can reach depths of 6,000 m": a rating, not the event's
        elif rules.cues.legal_limit.search(text, max(c_start, n.start - 60), n.start):
            qualifiers["limit"] = "legal"  # "a road limited to 40 km/h": a rule, not what happened
    return _pick(rules, families, unit.unit if unit else None, text, s, n, hits, distance, qualifiers)


def _role_in_apposition(rules: CompiledRules, text: str, n: NumberMention) -> str | None:
    """ "The driver, 54,": the role whose age the figure gives, when it names people ("the bridge, 80," does not)."""
    m = _AGE_ROLE_COMMA.search(text, max(0, n.start - 40), n.start)
    role = m.group("role") if m else None
    cues = rules.cues
    if role and (cues.people.fullmatch(role) or cues.population.fullmatch(role) or cues.victim_noun.fullmatch(role)):
        return role  # "the motorcyclist, 27,", "a boy, 7,": one person, as a victim is named
    return None


_POUNDS = regex.compile(r"\d\s*pounds?$", regex.I)


def _weighs(rules: CompiledRules, text: str, s: Sentence, n: NumberMention) -> bool:
    """ "weighing 130 pounds", "5-foot-8, 135 pounds": pounds written out, in a clause about a body's or a
    thing's weight or height, weigh; "£130" or "130 pounds a share" is money."""
    if n.unit != "GBP" or not _POUNDS.search(n.text):
        return False
    return rules.cues.weight_context.search(text, max(s.start, n.start - 60), min(s.end, n.end + 30)) is not None


def _pick(
    rules: CompiledRules,
    families: list[Family],
    unit: Unit | None,
    text: str,
    s: Sentence,
    n: NumberMention,
    hits: dict[str, list[tuple[int, int]]],
    distance: Callable[[int, int], float],
    qualifiers: dict[str, str],
) -> Linked | None:
    best: tuple[float, int, Measure, Family] | None = None
    default: tuple[Measure, Family] | None = None
    clause = clause_of(text, s, n)
    for f in families:
        for m in f.measures:
            if unit is not None and m.unit != unit.dimension:
                continue
            m_hits = hits.get(m.id)
            if not m_hits and not (m.default and default is None):
                continue  # neither a predicate nor the default to give: its exclusion need not be read
            if m.exclude is not None and m.exclude.search(text, *clause, timeout=1):
                continue
            if m.default and default is None:
                default = (m, f)
            for a, b in m_hits or ():
                d = distance(a, b)
                if d <= MAX_PREDICATE_DISTANCE and (best is None or (d, -(b - a)) < (best[0], -best[1])):
                    best = (d, b - a, m, f)
    if best is not None:
        if "entity" in best[2].requires and "entity" not in qualifiers:
            # "an hour into its dive": the span is counted from the dive
            anchor = rules.cues.elapsed_anchor.match(text, n.end, s.end)
            if anchor:
                from checker.extract.link import lemma

                noun = anchor.group("noun")
                qualifiers = {**qualifiers, "entity": rules.entity_map.get(noun, lemma(noun))}
        return Linked(best[2], best[3], unit, qualifiers)
    if default is not None:
        return Linked(default[0], default[1], unit, qualifiers, by_default=True)
    return None
