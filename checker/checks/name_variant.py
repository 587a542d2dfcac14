"""name_variant: one name written more than one way in the reports of one story (Marzouk / Marzuk)."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from checker.checks import Check, Finding, StoryClaims
from checker.lemmas import is_known
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
    sentence: tuple[int, int]
    in_full_name: bool  # part of a run of two or more capitalised words ("Abu Marzouk")


class NameVariant(Check):
    """Capitalised words of two or more articles' or one article's text that are one or two letters apart
    (rapidfuzz ratio >= 80), where at least one is part of a full name and not both are dictionary words:
    likely one person or place spelt two ways. Derivations (Israel / Israeli) are not variants. One flag per
    name, its answers the spellings."""

    id = "name_variant"
    policy = "info: spellings of names differ, not figures; an editor picks one"

    def find(self, story: StoryClaims) -> Iterator[Finding]:
        from rapidfuzz import fuzz
        from rapidfuzz.distance import Levenshtein

        where: dict[str, list[tuple[Article, NameMention]]] = defaultdict(list)
        full_name: dict[str, bool] = defaultdict(bool)
        for aid in sorted(story.articles):
            a = story.articles[aid]
            if a.duplicate_of is not None:
                continue
            found = story.mentions.get(aid)
            if found is None:  # not known from an earlier run: read the article
                found = story.mentions[aid] = name_mentions(a, story.context.not_names)
            for m in found:
                where[m.token].append((a, m))
                full_name[m.token] |= m.in_full_name
        tokens = sorted(where)
        buckets: dict[str, list[str]] = defaultdict(list)  # by first letter: a misspelling rarely starts it
        for t in tokens:
            buckets[t[0].lower()].append(t)
        parent = {t: t for t in tokens}

        def root(t: str) -> str:
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
                    if is_known(lx) and is_known(ly):
                        continue
                    if fuzz.ratio(lx, ly) >= MIN_SIMILARITY and 1 <= Levenshtein.distance(lx, ly) <= 2:
                        parent[root(x)] = root(y)
        groups: dict[str, list[str]] = defaultdict(list)
        for t in tokens:
            groups[root(t)].append(t)
        for spellings in sorted(groups.values()):
            if len(spellings) < 2:
                continue
            answers = [[_name_claim(a, m) for a, m in where[t]] for t in spellings]
            yield Finding(self.id, "names.spelling", {}, "", "info", answers, ["same name, different spelling"],
                          labels=spellings, subject=spellings[0])  # fmt: skip


def name_mentions(article: Article, skip: frozenset[str]) -> list[NameMention]:
    """Capitalised words that are not sentence openers, common words or nationalities."""
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
            in_full = any(text[min(m.end(), n.end()) : max(m.start(), n.start())].strip() == "" for n in neighbours)
            # an acronym before a name makes it a full name too ("KM Lestari", "USS Cole")
            in_full = in_full or bool(_ACRONYM_BEFORE.search(text, max(s.start, m.start() - 8), m.start()))
            if not in_full and is_known(low):
                continue
            out.append(NameMention(token, m.start(), m.end(), (s.start, s.end), in_full))
    return out


def mentions_salt(fingerprint: str) -> str:
    """What an article's mentions follow from besides its text and excluded spans: the code and rules (the words
    that are never names), given as `fingerprint`, and simplemma's dictionary."""
    import simplemma

    return hashlib.sha256(f"{fingerprint}\0simplemma {simplemma.__version__}".encode()).hexdigest()


def mentions_key(article: Article, salt: str) -> str:
    """The key of an article's name mentions: everything name_mentions reads of it (text, excluded spans)."""
    spans = ";".join(f"{a},{b}" for a, b in article.excluded)
    return hashlib.sha256(f"{salt}\0{spans}\0{article.text}".encode()).hexdigest()


def dump_mentions(mentions: list[NameMention]) -> bytes:
    return json.dumps([[m.token, m.start, m.end, *m.sentence, m.in_full_name] for m in mentions],
                      ensure_ascii=False).encode()  # fmt: skip


def load_mentions(blob: bytes) -> list[NameMention]:
    return [NameMention(t, start, end, (s0, s1), bool(full)) for t, start, end, s0, s1, full in json.loads(blob)]


def _name_claim(a: Article, m: NameMention) -> Claim:
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
        quote=a.text[m.start : m.end],
        sentence=a.text[m.sentence[0] : m.sentence[1]],
        start=m.start,
        end=m.end,
        kind="name",
    )
