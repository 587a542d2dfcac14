"""Split an article's text into paragraphs and sentences, keeping character offsets."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

# Linear in the text: a run of marks is tried once, from its first mark (the lookbehind), and possessive
# quantifiers never give back what they took; a long run of dots or quotes costs its length, not its square.
# A full stop right after an abbreviation or an initial (the whole run of letters and dots before it, as in
# "Dr." or "U.S.", or one letter, as in "J.") ends no sentence: the lookbehind says so inside the pattern, so
# text dense with initials costs no Python work per stop. The stop of "a.m."/"p.m." is the one exception:
# before a capitalised word that does not go on telling the time, it ends the sentence.
_BOUNDARY_PATTERN = (
    r"(?<![.!?…])"
    r"(?:(?<!(?<![\w.])(?i:\L<abbrev>|\w))\."
    r"|(?<=(?<![\w.])(?i:[ap]\.m))\.(?=\s++[\"“‘]?(?!(?i:\L<continuers>)\b)"
    r"(?!\p{Lu}\p{L}*+(?:\s++\p{Lu}\p{L}*+){0,2}\s++time\b)\p{Lu})"
    r"|[!?…])"
    r"[.!?…]*+[\"'”’)\]]*+"
    r"(?=\s++[\"'“‘(\[]?[\p{Lu}\d])"
)
# One newline ends a paragraph (news dumps often use one a paragraph) unless it only wraps a line: after a
# letter, digit or comma and before a lower-case word ("on Saturday\nleft over 150 dead") the sentence goes on.
_PARAGRAPH = regex.compile(r"\n\s*\n|(?<![\p{L}\d,;][ \t]*+)\n(?=\s*\S)|\n(?=[ \t]*+[^\s\p{Ll}])")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence's span in the article text and the paragraph it belongs to."""

    start: int
    end: int
    paragraph: int


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_title_case(line: str) -> bool:
    """A headline in title case ("Woman Killed In Queens Hit-And-Run"): most of three or more words capitalised."""
    words = [w for w in line.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blocks separated by line breaks (news dumps often use one newline a paragraph)."""
    spans = []
    pos = 0
    for m in _PARAGRAPH.finditer(text):
        s, e = _trim(text, pos, m.start())
        if e > s:
            spans.append((s, e))
        pos = m.end()
    s, e = _trim(text, pos, len(text))
    if e > s:
        spans.append((s, e))
    return spans


@cache
def _boundary() -> regex.Pattern[str]:
    """The stop pattern over sentences.yaml's words (from the rules cache when it has it)."""
    from checker import rulecache

    path = Path(__file__).with_name("sentences.yaml")
    key = rulecache.files_key(str(path), [path])
    return rulecache.cached("sentences", key, lambda: _read_boundary(path), regex.Pattern)


def _read_boundary(path: Path) -> regex.Pattern[str]:
    from ruamel.yaml import YAML  # lazy: `claimcheck --help` never pays for it

    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    # sorted longest first: "sept" must be tried before "sep", "u.s" before "s"
    words = {key: sorted((str(w) for w in data[key]), key=len, reverse=True)
             for key in ("abbreviations", "clock_continuers")}  # fmt: skip
    return regex.compile(_BOUNDARY_PATTERN, abbrev=words["abbreviations"], continuers=words["clock_continuers"])


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans in reading order, each tagged with its paragraph index."""
    boundary = _boundary()
    out: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        chunk = text[p_start:p_end]
        pos = 0
        for m in boundary.finditer(chunk):
            s, e = _trim(chunk, pos, m.end())
            if e > s:
                out.append(Sentence(p_start + s, p_start + e, p_index))
            pos = m.end()
        s, e = _trim(chunk, pos, len(chunk))
        if e > s:
            out.append(Sentence(p_start + s, p_start + e, p_index))
    return out
