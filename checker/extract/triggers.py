"""Which measures' predicates can occur in a sentence, from one pass over its words: the literal letters
every match of a pattern must start with, indexed by the first letters of its first word (and of the next
one, when the first is short: "in captivity", "a person")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import regex

PREFIX = 4  # letters of a word that decide which patterns may match there
SECOND = 3  # letters of the next word, after a first word shorter than PREFIX
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_ZERO_WIDTH = ("\\b", "\\B", "\\A", "\\Z", "^", "$")
_ESCAPED_LITERAL = regex.compile(r"\\([.\-'’&/,])")
_WORD_CACHE = 200_000  # words whose measures are remembered across sentences
# A key a word's own letters give: where such keys are all a pattern's, its matches start at those words
_WORD_KEY = regex.compile(r"[a-z0-9]+(?: [a-z0-9]+)?")
# letters IGNORECASE matches to an ASCII letter though lower() keeps them apart ("ſ" is "s"); "İ" lower-cases
# to two characters, which the length test catches
_ODD_FOLD = ("\u017f", "\u0131")


def _structure(p: str, i: int = 0) -> Iterable[tuple[int, str, int]]:
    """(index, character, depth after it) of each grouping character of `p` from `i`: brackets and bars
    outside escapes and character classes."""
    depth, j = 0, i
    while j < len(p):
        c = p[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = p.index("]", j + 2) + 1 if "]" in p[j + 2 :] else len(p)
            continue
        if c in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[c]
            yield j, c, depth
        j += 1


def _close(p: str, i: int) -> int:
    """Index of the parenthesis closing the one opened at p[i]."""
    for j, c, depth in _structure(p, i):
        if c == ")" and depth == 0:
            return j
    raise ValueError(f"unbalanced pattern {p!r}")


def _alternatives(p: str) -> list[str]:
    out, start = [], 0
    for j, c, depth in _structure(p):
        if c == "|" and depth == 0:
            out.append(p[start:j])
            start = j + 1
    out.append(p[start:])
    return out


def prefixes(pattern: str, lexicons: dict[str, list[str]]) -> set[str] | None:
    """The lowercase letters (one to PREFIX of them) a match of `pattern` starts with, or None when a match
    may start otherwise (a character class, a digit): such a pattern runs on every sentence."""
    found: set[str] = set()
    for alt in _alternatives(pattern):
        starts = _sequence(alt, lexicons)
        if starts is None:
            return None
        starts = {x.strip(" ") for x in starts}
        if "" in starts:
            return None
        found |= starts
    return found


def _complete(x: str) -> bool:
    first, _, second = x.partition(" ")
    return len(second) >= SECOND if _ else len(first) >= PREFIX


def _ended(x: str) -> str:
    """A prefix cut short: "in " with nothing after the space is the key of the short word alone."""
    return x.rstrip(" ")


def _sequence(p: str, lexicons: dict[str, list[str]]) -> set[str] | None:
    """Prefixes of a sequence without top-level alternation; a leading space is kept as " " so that a group
    (" the coast" in "off(?: the coast)?") joins the word before it as a second word."""
    open_: set[str] = {""}  # prefixes still growing
    done: set[str] = set()  # prefixes ended by a second word, a class or the pattern's end
    lead = False  # the sequence starts with a space
    i = 0
    while i < len(p) and open_:
        if p.startswith(_ZERO_WIDTH, i):
            i += 2 if p[i] == "\\" else 1
            continue
        if p.startswith("(?=", i) or p.startswith("(?!", i) or p.startswith("(?<", i):
            i = _close(p, i) + 1
            continue
        if p[i] == " " or (p[i] == "\\" and p[i + 1 : i + 2] in ("s", " ")):
            i += 1 if p[i] == " " else 2
            optional = p[i : i + 1] in ("*", "?")
            i += 1 if p[i : i + 1] in ("+", "*", "?") else 0
            grown: set[str] = set(open_) if optional else set()  # "sea ?floor": with or without the space
            for x in open_:
                if not x:
                    lead = lead or not done
                    grown.add(x)  # a leading space: the word starts after it
                elif " " in x:
                    done.add(_ended(x))  # the second word is over
                else:
                    grown.add(x + " ")  # a short first word: the next word's letters count too
            open_ = grown
            continue
        options: set[str] | None
        if p[i] == "(":
            j = _close(p, i)
            inner = p[i + 3 : j] if p.startswith("(?:", i) else p[i + 1 : j]
            subs = [_sequence(alt, lexicons) for alt in _alternatives(inner)]
            options = None if any(x is None for x in subs) else set().union(*[x for x in subs if x is not None])
            i = j + 1
        elif p.startswith("\\L<", i):
            j = p.index(">", i)
            options = {w.lower() for w in lexicons.get(p[i + 3 : j], []) if w.strip()}
            i = j + 1
        elif _ESCAPED_LITERAL.match(p, i):
            options = {p[i + 1]}
            i += 2
        elif p[i].isalpha() or p[i] in "-'’":
            options = {p[i].lower()}
            i += 1
        else:  # a class, a digit, a dot: the prefix ends here
            options = None
        quant = ""
        if options is not None and i < len(p) and p[i] in "?*+{":
            quant = p[i]
            i = p.index("}", i) + 1 if quant == "{" else i + 1
            quant = "?" if quant == "{" else quant
            if i < len(p) and p[i] in "?+":
                i += 1
        if options is None:
            if "" in open_:
                return None
            done |= {_ended(x) for x in open_}
            return _marked(done, lead)
        grown = {_cut(x + o) for x in open_ for o in options}
        if quant in ("?", "*"):
            grown |= open_
        done |= {x for x in grown if _complete(x)}
        open_ = {x for x in grown if not _complete(x)}
    return _marked(done | {_ended(x) for x in open_}, lead)


def _marked(found: set[str], lead: bool) -> set[str]:
    return {" " + x for x in found} if lead else found


def _cut(x: str) -> str:
    """A prefix no longer than its key: PREFIX letters of the first word, or a short first word, a space
    and SECOND letters of the next (a lexicon's phrase may bring several words at once)."""
    first, sep, rest = x.lstrip(" ").partition(" ")
    if len(first) >= PREFIX:
        return first[:PREFIX]
    if not sep:
        return first
    return f"{first} {rest.split(' ')[0][:SECOND]}"


class TriggerIndex:
    """Measures by the word prefixes that may start their predicates, plus those that run everywhere."""

    def __init__(self, patterns: Iterable[tuple[str, regex.Pattern[str]]]) -> None:
        self.by_prefix: dict[str, set[str]] = defaultdict(set)
        self.always: set[str] = set()
        # patterns whose every match starts at a word that picks them (a word boundary, then the letters of a
        # key): `starts` lists those words, and `matches` tries them alone
        self.at_words: set[str] = set()
        for measure_id, pattern in patterns:
            lexicons = {name: list(words) for name, words in pattern.named_lists.items()}
            found = prefixes(pattern.pattern, lexicons)
            if found is None:
                self.always.add(measure_id)
                continue
            for k in found:
                self.by_prefix[k].add(measure_id)
            if pattern.pattern.startswith("\\b") and all(_WORD_KEY.fullmatch(k) for k in found):
                self.at_words.add(measure_id)
        self.known = frozenset(self.by_prefix)
        # short words that open a two-word key ("in cap", "a per"): only after them are pairs looked up, in a
        # table of the second word's prefixes by first word (no key string is made per word pair)
        self.pair_firsts = frozenset(k.split(" ")[0] for k in self.known if " " in k)
        self.pairs: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
        for k in self.known:
            first, sep, second = k.partition(" ")
            if sep:
                self.pairs[first][second] = frozenset(self.by_prefix[k])
        # a word -> the measures its own prefixes pick, and those of them in `at_words`
        self._by_word: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def _word(self, w: str) -> tuple[frozenset[str], frozenset[str]]:
        found = self._by_word.get(w)
        if found is None:
            by_prefix = self.by_prefix
            picked = frozenset().union(*(by_prefix[k] for k in {w[:k] for k in (1, 2, 3, PREFIX)} if k in self.known))
            found = (picked, picked & self.at_words)
            if len(self._by_word) >= _WORD_CACHE:
                self._by_word.clear()  # bounded: a corpus's vocabulary keeps growing
            self._by_word[w] = found
        return found

    def candidates(self, text: str, start: int, end: int) -> set[str]:
        """Measures whose predicates may occur in text[start:end]: one pass over its words."""
        return self.scan(text, start, end)[0]

    def scan(self, text: str, start: int, end: int) -> tuple[set[str], dict[str, list[int]] | None]:
        """`candidates`, and for each of them in `at_words` the offsets in `text` of the words that picked it, in
        text order; None for the offsets when lower-casing the text could hide a word's key."""
        low = text[start:end].lower()
        words = _WORD.findall(low)
        by_word, word = self._by_word, self._word
        picks = [by_word[w] if w in by_word else word(w) for w in words]
        found = set(self.always).union(*[p[0] for p in picks if p[0]])
        pair_firsts, pairs, at_words = self.pair_firsts, self.pairs, self.at_words
        paired: list[tuple[int, frozenset[str]]] = []
        last = len(words) - 1
        # only the short words that open a two-word key are looked at again with the word after them
        for i in [i for i, w in enumerate(words) if w in pair_firsts]:
            w = words[i]
            if i < last and len(w) < PREFIX:
                nxt, seconds = words[i + 1], pairs[w]
                for k in (1, 2, SECOND):
                    ms = seconds.get(nxt[:k])
                    if ms is not None:
                        found |= ms
                        paired.append((i, ms))
        if len(low) != end - start or any(c in low for c in _ODD_FOLD):
            return found, None
        # offsets only for the measures that are tried at their words (link.predicate_hits), and only where a
        # word picks one: most words pick none, so their offsets are never asked for
        at_picks = [p[1] for p in picks]
        for i, ms in paired:
            at_picks[i] = at_picks[i] | (ms & at_words)
        at: dict[str, list[int]] = {}
        if any(at_picks):
            for m, picked in zip(_WORD.finditer(low), at_picks, strict=True):
                if picked:
                    a = start + m.start()
                    for mid in picked:
                        at.setdefault(mid, []).append(a)
        return found, at


def matches(pattern: regex.Pattern[str], text: str, end: int, starts: list[int]) -> list[tuple[int, int]]:
    """The spans `pattern.finditer(text, starts[0], end)` gives, when no match can start elsewhere than at one
    of `starts` (sorted): each tried with `match`, resuming after a match as finditer does (no predicate
    matches the empty string: each opens with a key's letters)."""
    out: list[tuple[int, int]] = []
    resume = 0
    match = pattern.match
    for p in starts:
        if p >= resume:
            m = match(text, p, end)
            if m is not None:
                out.append(m.span())
                resume = m.end()
    return out
