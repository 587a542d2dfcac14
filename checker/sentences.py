"""Split an article's text into paragraphs and sentences, keeping character offsets."""

from __future__ import annotations

from dataclasses import dataclass

import regex

# abbreviations after which a full stop does not end a sentence
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "st", "sen", "rep",
    "gov", "pres", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "dept", "est", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k",
    "u.n", "e.g", "i.e", "a.m", "p.m", "fig", "mt", "ft", "km", "sq",
}  # fmt: skip
# Linear in the text: a run of marks is tried once, from its first mark (the lookbehind), and possessive
# quantifiers never give back what they took; a long run of dots or quotes costs its length, not its square.
# A full stop right after an abbreviation or an initial (the whole run of letters and dots before it, as in
# "Dr." or "U.S.", or one letter, as in "J.") ends no sentence: the lookbehind says so inside the pattern, so
# text dense with initials costs no Python work per stop.
_BOUNDARY = regex.compile(
    r"(?<![.!?…])(?:(?<!(?<![\w.])(?i:\L<abbrev>|\w))\.|[!?…])[.!?…]*+[\"'”’)\]]*+"
    r"(?=\s++[\"'“‘(\[]?[\p{Lu}\d])",
    abbrev=sorted(_ABBREV, key=len, reverse=True),
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


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans in reading order, each tagged with its paragraph index."""
    out: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        chunk = text[p_start:p_end]
        pos = 0
        for m in _BOUNDARY.finditer(chunk):
            s, e = _trim(chunk, pos, m.end())
            if e > s:
                out.append(Sentence(p_start + s, p_start + e, p_index))
            pos = m.end()
        s, e = _trim(chunk, pos, len(chunk))
        if e > s:
            out.append(Sentence(p_start + s, p_start + e, p_index))
    return out
