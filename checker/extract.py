"""Apply the rules to an article's sentences: number + what it counts + qualifiers + when + who says."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

import regex

from checker import frames
from checker.models import Article, Claim, NumberMention
from checker.numbers import find_numbers
from checker.rulebook import Family, Measure, Rulebook
from checker.sentences import Sentence, split_sentences

COUNT_KINDS = {"cardinal", "range", "vague"}
MEASURED_KINDS = COUNT_KINDS | {"money", "age"}
BASE_UNIT = {"length": "m", "area": "m2", "volume": "m3", "mass": "kg"}
DATE_KINDS = {"date", "weekday", "relative", "datetime"}
TOKEN = frames.TOKEN
# words that may stand between a governing predicate and its number without weakening the link:
# "the release of 50", "killed at least 41", "the toll has risen to 63"
FILLERS = {
    "of", "the", "a", "an", "some", "its", "their", "his", "her", "our", "all", "another", "further",
    "additional", "total", "to", "at", "now", "has", "have", "had", "been", "is", "was", "were", "are",
    "rose", "risen", "climbed", "reached", "hit", "stood", "stands", "increased", "jumped", "soared",
    "grew", "fell", "dropped", "revised", "down", "lowered", "raised", "corrected", "updated", "reach",
    "exceed", "top", "surpass", "expected", "expect", "likely", "could", "may", "might", "would", "least",
    "more", "than", "over", "nearly", "almost", "about", "around",
    "approximately", "roughly", "estimated", "reportedly", "only", "just", "already", "still", "by",
    "other", "with", "be", "being", "out", "up", "them", "since",
}  # fmt: skip
# words that end a counted noun phrase ("50 women and children held in Gaza")
NP_STOP = {
    "who", "whom", "which", "that", "were", "was", "are", "is", "have", "has", "had", "been", "be",
    "in", "on", "at", "from", "by", "to", "for", "with", "as", "after", "since", "during", "but", "or",
    "into", "than", "while", "when", "where", "per", "between", "under", "over", "without", "across",
    "near", "including", "among", "off", "out", "back", "will", "would", "could", "may", "might",
    "remain", "remained", "remaining", "still", "held", "taken", "killed", "injured", "wounded",
    "released", "freed", "died", "dead", "missing", "evacuated", "displaced", "rescued", "arrested",
    "detained", "captured", "abducted", "kidnapped", "currently", "previously", "reportedly", "also",
    "overnight", "today", "yesterday", "tonight", "earlier", "later", "ago", "now", "again", "apiece", "each",
}  # fmt: skip
_PART_CUE = regex.compile(
    r"\b(?:including|incl\.|among\s+(?:them|whom|which)|of\s+(?:whom|them|which)|among\s+those)\b|[:—–]",
    regex.I,
)
_EXCHANGE_CUE = regex.compile(
    r"\b(?:in\s+(?:exchange|return)\s+for|exchange\s+of|swap(?:ped)?\s+for|for)\b", regex.I
)
_EXCHANGE_CONTEXT = regex.compile(r"\b(?:exchange|swap|trade|return\s+for|deal)\b", regex.I)
_ONE_OF = regex.compile(r"\s+of\s+(?:the|them|those|these|us|its|their|his|her)\b", regex.I)
_DEFINITE = regex.compile(r"\b(?:the|these|those|both)\s+$", regex.I)
_ENUMERATION = regex.compile(r"[:—–]\s*$|[:—–]\s*\p{L}")
_PART_BEFORE = regex.compile(r"\b(?:including|among\s+them)\s+$", regex.I)
_AGE_AFTER_NAME = regex.compile(r"\s*(?:,|\.(?:\s|$)|$|\s+(?:was|is|has|had|who|died|said)\b)")
_OUT_OF = regex.compile(r"\s+(?:out\s+)?of\s+(?:the\s+)?", regex.I)
_ANOTHER = regex.compile(r"\b(?:another|a\s+further|an\s+additional|an\s+extra)\s+$", regex.I)
_VERB_FORM = regex.compile(r"[a-z]{3,}(?:ed|ing)")
_NOT_NOUN_START = {
    "another", "the", "a", "an", "then", "later", "also", "some", "more", "other", "did", "does", "do", "not",
    "said", "says", "was", "were", "is", "are", "has", "have", "had", "will", "would", "could", "may", "its",
}  # fmt: skip
_OF_DET = regex.compile(r"\s*of\s+(?:its|their|his|her|our|the|these|those)?\s*", regex.I)
_IRREGULAR_VERBS = {
    "held", "taken", "took", "left", "lost", "won", "built", "sold", "made", "paid", "hit", "fled",
    "caught", "found", "seen", "sent", "brought", "kept", "shot", "struck", "drawn", "given", "gave",
    "stole", "stolen", "spent", "fell", "fallen", "rose", "risen", "grew", "grown", "burnt", "cut",
}  # fmt: skip


@dataclass
class _Scored:
    score: float
    match_len: int
    order: int
    measure: Measure
    family: Family


@dataclass
class _Draft:
    number: NumberMention
    sentence: Sentence
    measure_id: str
    rule_id: str
    measure: Measure | None
    np_text: str
    window: str  # from the number to the next number or the sentence end
    relation: str | None = None
    modality: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Extractor:
    """Turns articles into claims with one compiled rulebook."""

    def __init__(self, book: Rulebook) -> None:
        self.book = book
        self.cues = frames.build_cues(book)
        self.order = {f.id: i for i, f in enumerate(book.families)}
        self._measures = [m for f in book.families for m in f.measures]
        self._prev_end: dict[int, int] = {}  # per article: where the count before each number ends
        self._qualify_noun = {f.id: f.qualify_noun for f in book.families}
        self._families = {f.id: f for f in book.families}
        self._last_speaker: str | None = None

    # -- public -------------------------------------------------------------------------------
    def extract(self, article: Article, numbers: list[NumberMention] | None = None) -> list[Claim]:
        text = article.text
        numbers = find_numbers(text) if numbers is None else numbers
        dates = _find_dates(text, article.published)
        if article.excluded:
            numbers = [n for n in numbers if not _inside(n.start, article.excluded)]
            dates = [d for d in dates if not _inside(d.start, article.excluded)]
        sentences = [s for s in split_sentences(text) if not _excluded(s, article.excluded)]
        paragraphs: dict[int, tuple[int, int]] = {}
        for s in sentences:
            a, b = paragraphs.get(s.paragraph, (s.start, s.end))
            paragraphs[s.paragraph] = (min(a, s.start), max(b, s.end))
        profile = frames.article_profile(self.cues, article.title, text[:4000])
        claims: list[Claim] = []
        self._last_speaker = None
        self._prev_end = {}
        # the date a paragraph speaks of carries to its next sentences ("Additionally, over 42,700 ...")
        paragraph_date: dict[int, tuple[dt.date | None, str]] = {}
        ni = di = 0
        for s in sentences:
            while ni < len(numbers) and numbers[ni].start < s.start:
                ni += 1
            s_numbers = []
            while ni < len(numbers) and numbers[ni].end <= s.end:
                s_numbers.append(numbers[ni])
                ni += 1
            while di < len(dates) and dates[di].start < s.start:
                di += 1
            s_dates = [d for d in dates[di:] if d.end <= s.end and d.start >= s.start]
            counts = [
                n
                for n in s_numbers
                if (n.kind in MEASURED_KINDS and n.value != 0) or n.kind in {"range", "vague"}
            ]
            event_dates = [
                d for d in s_dates
                if d.kind in DATE_KINDS and d.high is not None and not _DATELINE.fullmatch(text, s.start, d.start)
            ]  # fmt: skip
            inherited = paragraph_date.get(s.paragraph)
            own = frames.as_of_from_dates(s.start, text, s_dates, s.start) if s_dates else None
            if own is not None:
                paragraph_date[s.paragraph] = own
            if not counts and not event_dates:
                continue
            p_start, p_end = paragraphs[s.paragraph]
            paragraph = text[p_start:p_end]
            pred_hits = self._predicate_hits(text, s)
            drafts = self._sentence_drafts(text, s, counts, paragraph, pred_hits)
            self._relate(text, drafts)
            for d in drafts:
                claims.append(self._claim(article, text, d, s_dates, paragraph, profile, inherited))
            for dm in s_dates:
                if getattr(dm, "weekday", None) is not None and _weekday_conflict(dm):
                    claims.append(self._weekday_claim(article, text, s, dm))
            # running totals counted in this sentence take its date as their as-of
            counted = {d.measure_id for d in drafts if d.measure is not None and d.measure.kind != "fixed"}
            for dm in event_dates:
                # "killing 312 people on Monday", "the toll rose to 540 on Tuesday": with a running total
                # of a measure in the sentence the date is that count's as-of, not the date of an event
                date_claim = self._date_claim(article, text, s, dm, pred_hits, paragraph, profile, counted)
                if date_claim is not None:
                    claims.append(date_claim)
        return claims

    # -- measures -----------------------------------------------------------------------------
    def _predicate_hits(self, text: str, s: Sentence) -> dict[str, list[tuple[int, int]]]:
        """Where each measure's predicates occur in the sentence (absolute offsets)."""
        pred_hits: dict[str, list[tuple[int, int]]] = {}
        # the hot loop of extraction: rule patterns are checked for linear time by `rules lint`, so no
        # per-call timeout here (it costs a third of the scan); scanning the text in place saves a copy
        for m in self._measures:
            hits = [x.span() for x in m.predicates.finditer(text, s.start, s.end)]
            if hits:
                pred_hits[m.id] = hits
        return pred_hits

    def _sentence_drafts(
        self,
        text: str,
        s: Sentence,
        counts: list[NumberMention],
        paragraph: str,
        pred_hits: dict[str, list[tuple[int, int]]],
    ) -> list[_Draft]:
        sentence = text[s.start : s.end]
        all_pred_starts = sorted(a for hits in pred_hits.values() for a, _ in hits)
        drafts: list[_Draft] = []
        for i, n in enumerate(counts):
            limit = counts[i + 1].start if i + 1 < len(counts) else s.end
            self._prev_end[n.start] = counts[i - 1].end if i else s.start
            np_start, np_end = _noun_phrase(text, n.end, limit, all_pred_starts)
            np_text = text[np_start:np_end]
            if not np_text and drafts and _ANOTHER.search(text, max(s.start, n.start - 16), n.start):
                np_text = drafts[-1].np_text  # "razed 40 houses and damaged another 12": 12 more houses
            if not np_text and i + 1 < len(counts) and _OUT_OF.fullmatch(text, n.end, counts[i + 1].start):
                # "shot down 440 of 472 drones": both count drones
                nxt = counts[i + 1]
                after = counts[i + 2].start if i + 2 < len(counts) else s.end
                np_text = text[slice(*_noun_phrase(text, nxt.end, after, all_pred_starts))]
            window = text[n.end : limit]
            measured = self._measured(text, s, n, np_text, window, pred_hits, counts)
            if measured is not None:
                drafts.append(measured)
                continue
            if n.kind not in COUNT_KINDS or n.unit or self._unit_of(n, np_text) is not None:
                continue  # an amount, age or measurement no rule claims: never a count of a noun
            if np_text and self.cues.not_counted.fullmatch(np_text.split()[0]):
                continue  # "12 years", "36 hours": a duration or unit, not a count
            if n.value == 1 and n.text.lower() in {"one", "a", "an"} and _ONE_OF.match(text, n.end):
                continue  # "one of the captives is ..." refers to a member, it counts nothing
            inherited = self._part_of_previous(text, drafts, n, np_text)
            if inherited is not None:
                drafts.append(inherited)
                continue
            best = self._best_measure(text, s, n, counts, np_text, window, sentence, paragraph, pred_hits)
            if best is not None:
                drafts.append(_Draft(n, s, best.measure.id, best.family.id, best.measure, np_text, window))
                continue
            if _DEFINITE.search(text, max(s.start, n.start - 8), n.start):
                continue  # "the two countries" refers back to things already counted
            generic = _generic_measure(text, s, n, np_text, limit)
            if generic:
                drafts.append(_Draft(n, s, generic, "generic", None, np_text, window))
        return drafts

    def _unit_of(self, n: NumberMention, np_text: str) -> tuple[str, str, float, int] | None:
        """(unit, dimension, factor, words used) when a number carries a unit: "5km", "300 hectares"."""
        if n.unit and n.unit.lower() in self.book.units:
            unit, dim, factor = self.book.units[n.unit.lower()]
            return unit, dim, factor, 0
        words = np_text.split()
        for k in (3, 2, 1):
            if len(words) >= k and " ".join(words[:k]).lower() in self.book.units:
                unit, dim, factor = self.book.units[" ".join(words[:k]).lower()]
                return unit, dim, factor, k
        return None

    def _measured(
        self,
        text: str,
        s: Sentence,
        n: NumberMention,
        np_text: str,
        window: str,
        pred_hits: dict[str, list[tuple[int, int]]],
        counts: list[NumberMention],
    ) -> _Draft | None:
        """Money amounts, dimensions with units and ages of named people, for families that count them."""
        if n.kind == "money":
            wanted, dim = "money", None
        elif n.kind == "age" or (
            n.kind == "cardinal"
            and _AGE_AFTER_NAME.match(text, n.end)
            and (
                0 < n.low <= 120
                and float(n.low).is_integer()
                and _NAME_COMMA.search(text, max(0, n.start - 60), n.start)
            )
        ):
            wanted, dim = "age", None
        else:
            unit = self._unit_of(n, np_text)
            if unit is None:
                return None
            wanted, dim = "dimension", unit
        families = [f for f in self.book.families if f.counts == wanted]
        if wanted == "age":
            person = frames.person_before(text, s.start, n.start)
            if person is None or not families:
                return None
            m = families[0].measures[0]
            draft = _Draft(n, s, m.id, families[0].id, m, np_text, window)
            draft.extra["qualifiers"] = {"person": person}
            return draft
        best: tuple[float, int, Measure, Family] | None = None
        for f in families:
            for m in f.measures:
                if dim is not None and m.unit != dim[1]:
                    continue
                if m.exclude is not None and m.exclude.search(text, *_clause(text, s, n), timeout=1):
                    continue
                for a, b in pred_hits.get(m.id, []):
                    d = _predicate_distance(text, n, a, b, counts)
                    if d <= 10 and (best is None or (d, -(b - a)) < (best[0], -best[1])):
                        best = (d, b - a, m, f)
        if best is None:
            return None
        _, _, m, f = best
        draft = _Draft(n, s, m.id, f.id, m, np_text, window)
        if dim is not None:
            draft.extra["unit"] = dim
        if n.kind == "money" and n.unit:
            draft.extra["qualifiers"] = {"currency": n.unit}
        return draft

    def _part_of_previous(
        self, text: str, drafts: list[_Draft], n: NumberMention, np_text: str
    ) -> _Draft | None:
        """ "24 captives, including 13 Israelis and 10 Thais": parts listed after a total count what it counts."""
        if not drafts or not np_text or drafts[-1].measure is None:
            return None
        prev = drafts[-1]
        gap = text[prev.number.end : n.start]
        is_part = _PART_CUE.search(gap) is not None
        # "7 Kenyans, 2 Ugandans and 1 Tanzanian": a list goes on counting the same thing; only the
        # previous noun phrase and a separator may stand between ("1,850 buildings had collapsed and
        # some 45,000 people" is two statements, not a list)
        rest = gap.strip()
        if prev.np_text and rest.startswith(prev.np_text):
            rest = rest[len(prev.np_text) :].strip()
        continues_list = rest in {",", "and", ", and", "&", "or", ", or"}
        if not (is_part or continues_list):
            return None
        if (
            not self.cues.people.search(np_text)
            and not self.cues.nationality.search(np_text)
            and prev.np_text.split()[-1:] != np_text.split()[-1:]
        ):
            return None
        return _Draft(
            n,
            prev.sentence,
            prev.measure_id,
            prev.rule_id,
            prev.measure,
            np_text,
            text[n.end : prev.sentence.end],
        )

    def _best_measure(
        self,
        text: str,
        s: Sentence,
        n: NumberMention,
        counts: list[NumberMention],
        np_text: str,
        window: str,
        sentence: str,
        paragraph: str,
        pred_hits: dict[str, list[tuple[int, int]]],
    ) -> _Scored | None:
        bare = not np_text
        has_people = bool(np_text) and self.cues.people.search(np_text) is not None
        left = text[_clause(text, s, n)[0] : n.start]
        best: _Scored | None = None
        for f in self.book.families:
            evidence = self._noun_evidence(f, np_text, has_people, bare, window, sentence, paragraph, left)
            if evidence is None:
                continue
            for m in f.measures:
                hits = pred_hits.get(m.id)
                if not hits:
                    continue
                if m.integer and n.value is not None and not float(n.value).is_integer():
                    continue  # "a magnitude 7.1 earthquake", "2.5 children": a fraction counts nothing
                if m.exclude is not None and m.exclude.search(text, *_clause(text, s, n), timeout=1):
                    continue
                scored = [(_predicate_distance(text, n, a, b, counts), b - a) for a, b in hits]
                dist, length = min(scored, key=lambda x: (x[0], -x[1]))
                if bare and dist > 3:
                    continue
                cand = _Scored(evidence + dist, length, self.order[f.id], m, f)
                if best is None or (cand.score, -cand.match_len, cand.order) < (
                    best.score,
                    -best.match_len,
                    best.order,
                ):
                    best = cand
        if best is not None and best.score > 14:
            return None  # evidence too far away to trust
        return best

    def _noun_evidence(
        self,
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

    # -- relations ----------------------------------------------------------------------------
    def _relate(self, text: str, drafts: list[_Draft]) -> None:
        """Mark totals and their parts, lists of parts, and the two sides of an exchange."""
        for i in range(len(drafts) - 1):
            a, b = drafts[i], drafts[i + 1]
            gap = text[a.number.end : b.number.start]
            sentence = text[a.sentence.start : a.sentence.end]
            if (
                a.measure_id != b.measure_id
                and a.rule_id != "generic"
                and b.rule_id != "generic"
                and _EXCHANGE_CUE.search(gap)
                and _EXCHANGE_CONTEXT.search(sentence)
            ):
                key = _short(f"{a.number.start}")
                a.relation, b.relation = f"exchange_a:{key}", f"exchange_b:{key}"
                b.extra["partner"] = a
                a.extra["partner"] = b
                continue
            if (
                a.rule_id == "generic"
                and b.rule_id != "generic"
                and _PART_CUE.search(gap)
                and (self.cues.people.search(a.np_text) or a.np_text.split()[-1:] == b.np_text.split()[-1:])
            ):
                # "a total of 31 passengers — 18 Britons, ... — were rescued": the total counts what its parts do
                a.measure_id, a.rule_id, a.measure = b.measure_id, b.rule_id, b.measure
            if a.measure_id == b.measure_id and _PART_CUE.search(gap):
                key = _short(f"{a.number.start}")
                if a.relation is None or a.relation.startswith(("total", "sum")):
                    # "31 passengers: 18 Britons, ..." lists every part; "including 300 children" does not
                    exhaustive = _ENUMERATION.search(gap) is not None
                    a.relation = f"{'sum' if exhaustive else 'total'}:{key}"
                b.relation = f"part:{key}"
                # the rest of a list ("18 Britons, 9 Germans and four Canadians") are parts too
                for c in drafts[i + 2 :]:
                    g = text[drafts[drafts.index(c) - 1].number.end : c.number.start]
                    if c.measure_id != a.measure_id or not _LIST_GAP.fullmatch(g):
                        break
                    c.relation = f"part:{key}"
            elif (
                a.measure_id == b.measure_id
                and a.relation is None
                and _WORDS_THEN_SEPARATOR.fullmatch(gap)
            ):
                # "7 Kenyans, 2 Ugandans and 1 Tanzanian": parts of a list without a stated total
                key = "list-" + _short(f"{a.number.start}")
                a.relation = f"part:{key}"
                b.relation = f"part:{key}"
            elif (
                a.relation
                and a.relation.startswith("part:list-")
                and a.measure_id == b.measure_id
                and _WORDS_THEN_SEPARATOR.fullmatch(gap)
            ):
                b.relation = a.relation

    # -- event dates --------------------------------------------------------------------------
    def _date_claim(
        self,
        article: Article,
        text: str,
        s: Sentence,
        dm: Any,
        pred_hits: dict[str, list[tuple[int, int]]],
        paragraph: str,
        profile: frames.EventProfile,
        counted: set[str],
    ) -> Claim | None:
        """ "released on Saturday", "On November 26 ... the transfer of hostages": when a counted event happened."""
        sentence = text[s.start : s.end]
        best: tuple[int, Measure, int, int] | None = None
        clause_start, clause_end = _clause(text, s, dm)
        if _DATE_OPENER.fullmatch(text, clause_start, dm.start) and clause_end < s.end:
            # "On November 26, Hamas showed footage of the transfer ...": an opening date dates the clause after it
            nxt = _CLAUSE_END.search(text, clause_end + 1, s.end)
            clause_end = nxt.start() if nxt else s.end
        for f in self.book.families:
            # who or what the event happened to: the family's nouns, or people nouns for a family of people
            # whose role (captivity, prison) the sentence shows ("students abducted ... on March 7")
            if f.people and f.role is not None and not f.role.search(sentence, timeout=1):
                people_evidence = None
            else:
                people_evidence = self.cues.people if f.people else None
            evidence = [
                (s.start + x.start(), s.start + x.end())
                for pattern in (f.nouns, people_evidence)
                if pattern is not None
                for x in pattern.finditer(sentence, timeout=1)
            ]
            if not evidence:
                continue
            for m in f.measures:
                for a, b in pred_hits.get(m.id, []):
                    if not (clause_start <= a and b <= clause_end):
                        continue  # "crashed near Pokhara on Sunday, killing 68": the date is the crash's
                    # the event's participants must be named near its verb ("the transfer ... of hostages")
                    near = [
                        (ea, eb)
                        for ea, eb in evidence
                        if not (ea < b and a < eb) and len(TOKEN.findall(text, min(b, ea), max(a, eb))) <= 10
                    ]
                    if not near:
                        continue
                    lo, hi = (b, dm.start) if b <= dm.start else (dm.end, a)
                    if hi < lo:
                        continue
                    between = text[lo:hi]
                    if self.cues.speech.search(between) or self.cues.revision.search(between):
                        continue  # "on October 18, X stated that ... release": the date is the statement's
                    dist = len(TOKEN.findall(between))
                    if dist > 12:
                        continue
                    # a date follows the verb it dates ("abducted from a school on March 7 had been freed",
                    # "rescued on Saturday from the collapsed mine"); an opening date is handled above
                    score = dist + (0 if b <= dm.start else 6)
                    if best is None or score < best[0]:
                        best = (score, m, a, b)
        if best is None or best[1].id in counted:
            return None  # the nearest event in the clause is a running total counted here: its as-of
        before = text[max(s.start, dm.start - 30) : dm.start]
        after = text[dm.end : min(s.end, dm.end + 20)]
        if self.cues.speech.search(before) or self.cues.revision.search(before + " " + after):
            return None  # "the ministry revealed on October 22 that ...": the date of the statement
        _, m, pa, pb = best
        qualifiers: dict[str, str] = {}
        # the nationality of the event's participants, named near its verb
        nat = frames.sentence_nationality(self.cues, text[max(s.start, pa - 80) : min(s.end, pb + 80)])
        if nat:
            qualifiers["nationality"] = nat
        low_day, high_day = dm.low, dm.high
        vague = _ROUGHLY_AGO.search(dm.text)
        if vague:  # "two weeks ago" is a round figure: about half a unit either way
            slack = dt.timedelta(days={"week": 4, "month": 15, "year": 183}[vague.group(1).lower()])
            low_day, high_day = low_day - slack, high_day + slack
        stamp = float(high_day.strftime("%Y%m%d"))
        low_stamp = float(low_day.strftime("%Y%m%d"))
        window = text[max(s.start, dm.start - 90) : min(s.end, dm.end + 50)]
        measure_id = f"{m.id}.date"
        return Claim(
            claim_id="c" + _short(f"{article.article_id}|{measure_id}|{dm.start}|{dm.end}"),
            article_id=article.article_id,
            source=article.source,
            published=article.published,
            rule_id=m.family,
            measure=measure_id,
            qualifiers=qualifiers,
            value=high_day.isoformat() if low_day == high_day else f"{low_day.isoformat()}..{high_day.isoformat()}",
            low=low_stamp,
            high=stamp,
            unit="date",
            as_of=dm.high,
            as_of_basis="explicit" if dm.basis == "explicit" else "relative",
            modality=frames.modality_of(self.cues, window, None),  # type: ignore[arg-type]
            attribution=self._speaker(sentence),
            quote=dm.text,
            sentence=sentence,
            start=dm.start,
            end=dm.end,
            kind="date",
            event=frames.claim_event(self.cues, sentence, paragraph, profile),
            time=getattr(dm, "time", None),
            tz=getattr(dm, "tz", None),
        )

    def _speaker(self, sentence: str, clause: str | None = None) -> str | None:
        """Attribution of a figure; "he said" takes the last named speaker of the article."""
        who = frames.attribution_of(sentence, clause)
        if who in {"he", "she", "they", "we"}:
            return self._last_speaker or who
        if who is not None:
            self._last_speaker = who
        return who

    def _weekday_claim(self, article: Article, text: str, s: Sentence, dm: Any) -> Claim:
        """A weekday that does not match its date, kept as evidence for a weekday_mismatch flag."""
        stamp = float(dm.high.strftime("%Y%m%d"))
        return Claim(
            claim_id="c" + _short(f"{article.article_id}|weekday|{dm.start}|{dm.end}"),
            article_id=article.article_id,
            source=article.source,
            published=article.published,
            rule_id="dates",
            measure="dates.weekday",
            value=dm.high.strftime("%A %Y-%m-%d"),
            low=stamp,
            high=stamp,
            unit="date",
            as_of=dm.high,
            as_of_basis="explicit",
            quote=dm.text,
            sentence=text[s.start : s.end],
            start=dm.start,
            end=dm.end,
            kind="weekday_check",
        )

    # -- the claim ----------------------------------------------------------------------------
    def _claim(
        self,
        article: Article,
        text: str,
        d: _Draft,
        s_dates: list[Any],
        paragraph: str,
        profile: frames.EventProfile,
        inherited: tuple[dt.date | None, str] | None = None,
    ) -> Claim:
        n, s = d.number, d.sentence
        sentence = text[s.start : s.end]
        cues = self.cues
        qualifiers: dict[str, str] = dict(d.extra.get("qualifiers", {}))
        nat = frames.nationality_of(cues, d.np_text, d.window[:80]) if d.rule_id != "money" else None
        if nat:
            qualifiers["nationality"] = nat
        pop = frames.population_of(cues, d.np_text)
        if pop:
            qualifiers["population"] = pop
        if d.np_text and self._qualify_noun.get(d.rule_id):
            family = self._families[d.rule_id]
            noun = family.nouns.search(d.np_text) if family.nouns is not None else None
            qualifiers["what"] = _lemma((noun.group() if noun else d.np_text).split()[-1].lower())
        c_start, c_end = _clause(text, s, n)
        fronted = _FRONTED.match(text, s.start, s.end)
        # before the figure only when no other figure precedes it in the clause: "while in Odesa the toll
        # stood at 11", but not "50 held in Gaza in exchange for 150"
        before = text[c_start : n.start] if self._prev_end.get(n.start, s.start) <= c_start else ""
        # after the figure, only close to it: "killed in Mosul", not "... when a missile hit a block in X"
        after = " " + " ".join(text[n.end : c_end].split()[:10])
        place = frames.place_of(cues, after, before, fronted.group() if fronted else "")
        if place:
            qualifiers["place"] = place
        day = frames.day_of(sentence)
        if day:
            qualifiers["day"] = day
        # modality: cue words in a window of tokens around the number
        # modality: cue words in the figure's clause ("pledged 10 million euros, and the Bank estimated
        # damage at $4 billion": only the second is an estimate)
        c_start, c_end = _clause(text, s, n)
        left = text[max(c_start, n.start - 90) : n.start]
        right = text[n.end : min(c_end, n.end + 50)]
        modality = frames.modality_of(cues, left + " " + right, n.hedge)
        if modality == "reported" and d.measure is not None:
            modality = d.measure.modality
        partner = d.extra.get("partner")
        if partner is not None and modality == "reported":
            pn = partner.number
            p_left = text[max(s.start, pn.start - 90) : pn.start]
            modality = frames.modality_of(
                cues, p_left + " " + text[pn.end : min(s.end, pn.end + 50)], pn.hedge
            )
        as_of: dt.date | None = None
        basis = "unknown"
        found = frames.as_of_from_dates(s.start, text, s_dates, n.start)
        if d.measure is not None and d.measure.id.startswith("ages."):
            found, inherited = None, None  # an age is stated as of publication, whatever day the story is about
        if found is not None:
            as_of, basis = found
        elif inherited is not None:
            as_of, basis = inherited
        elif article.published is not None:
            as_of, basis = article.published, "article_date"
        m = d.measure
        low, high, unit = n.low, n.high, n.unit
        if "unit" in d.extra:
            _, dim, factor = d.extra["unit"][:3]
            low, high, unit = low * factor, high * factor, BASE_UNIT[dim]  # compared in one unit
        claim_id = "c" + _short(f"{article.article_id}|{d.measure_id}|{n.start}|{n.end}")
        return Claim(
            claim_id=claim_id,
            article_id=article.article_id,
            source=article.source,
            published=article.published,
            rule_id=d.rule_id,
            measure=d.measure_id,
            qualifiers=qualifiers,
            value=n.text,
            low=low,
            high=high,
            low_inclusive=n.low_inclusive,
            high_inclusive=n.high_inclusive,
            hedge=n.hedge,
            unit=unit,
            as_of=as_of,
            as_of_basis=basis,  # type: ignore[arg-type]
            modality=modality,  # type: ignore[arg-type]
            attribution=self._speaker(sentence, text[slice(*_clause(text, s, n, _SPEECH_CLAUSE_END))]),
            quote=n.text,
            sentence=sentence,
            start=n.start,
            end=n.end,
            kind=m.kind if m else "stock",
            number_kind=n.kind,
            precision=n.precision,
            tolerance=m.tolerance if m else 0.0,
            window_days=m.window_days if m else 3,
            event=frames.claim_event(cues, sentence, paragraph, profile),
            relation=d.relation,
            revision=bool(cues.revision.search(sentence)),
        )


def _short(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:10]


# "In Kyiv, ...", "In the southern port city of Odesa, ...": a place set before the sentence's subject
_FRONTED = regex.compile(r"\s*(?:in|at|near|outside)\s+[^,;:]{1,60},", regex.I)
_DATE_OPENER = regex.compile(r"\s*(?:(?:early|late)\s+)?(?:on|in|by|at|since|from)?\s*(?:the\s+\w+\s+of\s+)?", regex.I)
# a speaker's clause: "Israel Defense Forces (IDF) spokesman X estimates": brackets do not split it
_SPEECH_CLAUSE_END = regex.compile(r"[,;:—–]\s")
# "ANKARA, March 10 (Reuters) -": a dateline dates the report, not an event in it
_DATELINE = regex.compile(r"\s*\p{Lu}[\p{Lu}\s.'\-]+(?:\([^)]{0,30}\))?,\s*")
_NAME_COMMA = regex.compile(r"\p{Lu}[\p{L}'’\-]+,\s*$")
_NP_BREAK = regex.compile(r"[,.;:()\[\]—–!?\"“”]")
_TRAILING_AND = regex.compile(r"\s+(?:and|&)$")
_LIST_GAP = regex.compile(r"[^.;]*?(?:,|\band\b)[^.;]*")
_WORDS_THEN_SEPARATOR = regex.compile(r"[\p{L}\s\-]*(?:,|\band\b)\s*")
_ROUGHLY_AGO = regex.compile(r"\b(week|month|year)s?\s+(?:ago|earlier|before)\b", regex.I)
_CLAUSE_END = regex.compile(r"[,;:—–()]\s")


def _clause(text: str, s: Sentence, n: Any, marks: regex.Pattern[str] | None = None) -> tuple[int, int]:
    """The clause around a number (between commas, semicolons, dashes): where a rule's exclusion applies."""
    marks = marks or _CLAUSE_END
    start = s.start
    for m in marks.finditer(text, s.start, n.start):
        start = m.end()
    m2 = marks.search(text, n.end, s.end)
    return start, (m2.start() if m2 else s.end)


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _excluded(s: Sentence, spans: list[tuple[int, int]]) -> bool:
    return any(a <= s.start and s.end <= b for a, b in spans)


def _weekday_conflict(dm: Any) -> bool:
    from checker.dates import weekday_conflict

    return bool(weekday_conflict(dm))


def _find_dates(text: str, reference: dt.date | None) -> list[Any]:
    try:
        from checker.dates import find_dates
    except ImportError:  # pragma: no cover - dates module is part of the package
        return []
    return list(find_dates(text, reference))


def _noun_phrase(text: str, start: int, limit: int, pred_starts: list[int]) -> tuple[int, int]:
    """The counted noun phrase right after a number: "of its citizens", "Palestinian women and children"."""
    m = _OF_DET.match(text, start, limit)
    pos = m.end() if m else start
    np_start = np_end = None
    for count, t in enumerate(TOKEN.finditer(text, pos, limit), start=1):
        between = text[np_end if np_end is not None else pos : t.start()]
        if _NP_BREAK.search(between):
            break
        word = t.group().lower()
        if word in NP_STOP or any(t.start() <= p < t.end() for p in pred_starts if p >= start):
            break
        if word in {"and", "&", "more", "each", "apiece"} and np_start is None:
            break  # "killed 2,300 and wounded 5,000 more": a bare number
        if word in {"and", "&"}:
            nxt = TOKEN.match(text, t.end() + 1) if t.end() + 1 < limit else None
            if nxt is None or nxt.group().lower() in _NOT_NOUN_START or _VERB_FORM.fullmatch(nxt.group()):
                break  # "homes and damaged another": the phrase ended before the conjunction
        elif np_start is not None and _VERB_FORM.fullmatch(word):
            break  # "1 Tanzanian working at": a participle starts a modifier
        if np_start is None:
            np_start = t.start()
        np_end = t.end()
        if count >= 6:
            break
    if np_start is None or np_end is None:
        return start, start
    # a trailing "and" is not part of the phrase
    tail = _TRAILING_AND.search(text[np_start:np_end])
    if tail:
        np_end = np_start + tail.start()
    return np_start, np_end


def _predicate_distance(text: str, n: NumberMention, a: int, b: int, counts: list[NumberMention]) -> float:
    """How far a predicate match is from the number, in tokens; 0 when it governs it from the left."""
    crosses = any(
        o is not n
        and (b <= o.start < n.start or n.end <= o.start < a)
        and not _PART_BEFORE.search(text, 0, o.start)
        for o in counts
    )
    penalty = 6.0 if crosses else 0.0
    if a < n.end and b > n.start:
        return 3.0  # a pattern running through the figure ("shot down 440 of") speaks of the next one
    if b <= n.start:
        gap = [t.lower() for t in TOKEN.findall(text, b, n.start)]
        if all(t in FILLERS for t in gap) and not crosses:
            return 0.0
        return 2.0 + len(gap) + penalty
    gap = TOKEN.findall(text, n.end, a)
    return 1.0 + len(gap) + penalty


def _generic_measure(text: str, s: Sentence, n: NumberMention, np_text: str, limit: int) -> str | None:
    """`generic:<verb>:<noun>` for a counted noun and a verb that no rule covers, so no topic is silent."""
    if not np_text:
        return None
    tokens = TOKEN.findall(np_text)
    noun = tokens[-1]
    if not noun.isalpha() or len(noun) < 3 or noun.lower() in NP_STOP:
        return None
    verb = None
    for t in TOKEN.finditer(text, n.end, min(s.end, n.end + 80)):
        w = t.group()
        if w[0].isupper():
            continue
        wl = w.lower()
        if (wl.endswith("ed") and len(wl) > 4) or wl in _IRREGULAR_VERBS:
            verb = wl
            break
    if verb is None:
        for t in reversed(list(TOKEN.finditer(text, max(s.start, n.start - 50), n.start))):
            wl = t.group().lower()
            if (wl.endswith("ed") and len(wl) > 4) or wl in _IRREGULAR_VERBS:
                verb = wl
                break
    if verb is None:
        return None
    return f"generic:{_lemma(verb)}:{_lemma(noun.lower())}"


def _lemma(word: str) -> str:
    import simplemma  # lazy: the lemmatizer's tables take a moment to load

    return str(simplemma.lemmatize(word, lang="en")).lower()
