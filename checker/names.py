"""Names spelled differently within or across articles (Marzouk / Marzuk), found by fuzzy matching."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

import regex

from checker.models import Article, Claim
from checker.sentences import split_sentences

# a capitalised word, with name particles glued by hyphens or apostrophes ("al-Nunu", "O'Brien")
_CAP = regex.compile(r"(?<![\p{L}\p{N}@#/.])\p{Lu}\p{Ll}+(?:['’\-]\p{Lu}?\p{Ll}+)*(?![\p{L}\p{N}])")
_PARTICLE = regex.compile(r"^(?:al|el|ad|as|an|ash|at|az)[\-’']", regex.I)
_ACRONYM_BEFORE = regex.compile(r"(?<![\p{L}])\p{Lu}{2,5}\s+$")
_POSSESSIVE = regex.compile(r"['’]s?$")
MIN_LENGTH = 5  # shorter names differ by one letter too often (Jon / Joan)
MIN_SIMILARITY = 80.0  # rapidfuzz ratio, 0..100


@dataclass(frozen=True, slots=True)
class NameMention:
    token: str  # the name word without a leading particle ("Nunu" for "al-Nunu")
    start: int
    end: int
    in_full_name: bool  # part of a run of two or more capitalised words ("Abu Marzouk")


def name_mentions(article: Article, skip: set[str]) -> list[NameMention]:
    """Capitalised words that are not sentence openers, common words or nationalities."""
    import simplemma  # lazy: word tables load on first use

    text = article.text
    out = []
    for s in split_sentences(text):
        if any(a <= s.start and s.end <= b for a, b in article.excluded):
            continue
        caps = list(_CAP.finditer(text, s.start, s.end))
        for i, m in enumerate(caps):
            if m.start() == s.start:
                continue  # a sentence's first word is capitalised whatever it is
            token = _POSSESSIVE.sub("", _PARTICLE.sub("", m.group()))
            low = token.lower()
            if len(token) < MIN_LENGTH or low in skip:
                continue
            neighbours = [caps[j] for j in (i - 1, i + 1) if 0 <= j < len(caps)]
            in_full = any(
                text[min(m.end(), n.end()) : max(m.start(), n.start())].strip() == "" for n in neighbours
            )
            # an acronym before a name makes it a full name too ("KM Lestari", "USS Cole")
            in_full = in_full or bool(_ACRONYM_BEFORE.search(text, max(s.start, m.start() - 8), m.start()))
            if simplemma.is_known(low, lang="en") and not in_full:
                continue
            out.append(NameMention(token, m.start(), m.end(), in_full))
    return out


def _edit_distance_ok(a: str, b: str) -> bool:
    from rapidfuzz.distance import Levenshtein

    return 1 <= Levenshtein.distance(a.lower(), b.lower()) <= 2


def find_name_variants(articles: list[Article], skip: set[str]) -> list[tuple[list[Claim], list[str]]]:
    """Groups of spellings of one name; each group is (evidence claims, the distinct spellings)."""
    import simplemma
    from rapidfuzz import fuzz

    where: dict[str, list[tuple[Article, NameMention]]] = defaultdict(list)
    full_name: dict[str, bool] = defaultdict(bool)
    for a in articles:
        if a.duplicate_of is not None:
            continue
        for m in name_mentions(a, skip):
            where[m.token].append((a, m))
            full_name[m.token] |= m.in_full_name
    tokens = sorted(where)
    # bucket by first letter so the pairing stays cheap on a large corpus
    buckets: dict[str, list[str]] = defaultdict(list)
    for t in tokens:
        buckets[t[0].lower()].append(t)
    parent = {t: t for t in tokens}

    def find(t: str) -> str:
        while parent[t] != t:
            parent[t] = parent[parent[t]]
            t = parent[t]
        return t

    for bucket in buckets.values():
        for i, x in enumerate(bucket):
            for y in bucket[i + 1 :]:
                if abs(len(x) - len(y)) > 2 or not (full_name[x] or full_name[y]):
                    continue
                lx, ly = x.lower(), y.lower()
                if lx.startswith(ly) or ly.startswith(lx):
                    continue  # Israel / Israeli, Hamas / Hamas's: derivations, not misspellings
                if simplemma.is_known(lx, lang="en") and simplemma.is_known(ly, lang="en"):
                    continue
                if fuzz.ratio(lx, ly) >= MIN_SIMILARITY and _edit_distance_ok(x, y):
                    parent[find(x)] = find(y)
    groups: dict[str, list[str]] = defaultdict(list)
    for t in tokens:
        groups[find(t)].append(t)
    out = []
    for spellings in groups.values():
        if len(spellings) < 2:
            continue
        claims = []
        for t in spellings:
            for a, m in where[t]:
                claims.append(_name_claim(a, m))
        out.append((claims, sorted(spellings)))
    return out


def _name_claim(a: Article, m: NameMention) -> Claim:
    text = a.text
    sentence = next((text[s.start : s.end] for s in split_sentences(text) if s.start <= m.start < s.end), "")
    cid = "c" + hashlib.sha1(f"{a.article_id}|name|{m.start}|{m.end}".encode()).hexdigest()[:10]
    return Claim(
        claim_id=cid,
        article_id=a.article_id,
        source=a.source,
        published=a.published,
        rule_id="names",
        measure="names.spelling",
        value=m.token,
        low=0.0,
        high=0.0,
        as_of=a.published,
        as_of_basis="article_date" if a.published else "unknown",
        quote=text[m.start : m.end],
        sentence=sentence,
        start=m.start,
        end=m.end,
        kind="name",
    )
