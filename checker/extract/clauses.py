"""Clause and noun-group boundaries inside a sentence: where a number's counted noun and its clause end."""

from __future__ import annotations

import bisect
from typing import Protocol

import regex

from checker.extract.compiled import TOKEN, CompiledRules
from checker.sentences import Sentence

CLAUSE_END = regex.compile(r"[,;:—–()]\s")
# a speaker's clause: "Israel Defense Forces (IDF) spokesman X estimates": brackets do not split it
SPEECH_CLAUSE_END = regex.compile(r"[,;:—–]\s")
_NP_BREAK = regex.compile(r"[,.;:()\[\]—–!?\"“”]")
_TRAILING_FUNCTION = regex.compile(r"(?:\s+(?:and|&|or|of|the|a|an))+$", regex.I)
_VERB_FORM = regex.compile(r"[a-z]{3,}(?:ed|ing)")


class Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def clause_of(text: str, s: Sentence, n: Span, marks: regex.Pattern[str] = CLAUSE_END) -> tuple[int, int]:
    """The clause around a span (between commas, semicolons, dashes): where a rule's exclusion applies."""
    start = s.start
    for m in marks.finditer(text, s.start, n.start):
        start = m.end()
    m2 = marks.search(text, n.end, s.end)
    return start, (m2.start() if m2 else s.end)


def _starts_in(starts: list[int], a: int, b: int) -> bool:
    """Whether a predicate starts inside [a, b): `starts` is sorted, so one bisection, not a scan per token."""
    i = bisect.bisect_left(starts, a)
    return i < len(starts) and starts[i] < b


def noun_group(rules: CompiledRules, text: str, start: int, limit: int, pred_starts: list[int]) -> tuple[int, int]:
    """The counted noun group right after a number: "of its citizens", "Palestinian women and children".
    `pred_starts`: where predicates start, sorted (a token holding one ends the group)."""
    w = rules.words
    m = rules.cues.of_det.match(text, start, limit)
    pos = m.end() if m else start
    np_start = np_end = None
    for count, t in enumerate(TOKEN.finditer(text, pos, limit), start=1):
        if _NP_BREAK.search(text, np_end if np_end is not None else pos, t.start()):
            break
        word = t.group().lower()
        if word in w.np_stop or (pred_starts and _starts_in(pred_starts, t.start(), t.end())):
            break
        if word in w.bare_after and np_start is None:
            break  # "killed 2,300 and wounded 5,000 more": a bare number
        if word in {"and", "&"}:
            nxt = TOKEN.match(text, t.end() + 1) if t.end() + 1 < limit else None
            if nxt is None or nxt.group().lower() in w.not_noun_start or _VERB_FORM.fullmatch(nxt.group()):
                break  # "homes and damaged another": the group ended before the conjunction
        elif np_start is not None and _VERB_FORM.fullmatch(word):
            break  # "1 Tanzanian working at": a participle starts a modifier
        if np_start is None:
            np_start = t.start()
        np_end = t.end()
        if count >= 6:
            break
    if np_start is None or np_end is None:
        return start, start
    tail = _TRAILING_FUNCTION.search(text, np_start, np_end)
    if tail:
        np_end = tail.start()
    return np_start, np_end
