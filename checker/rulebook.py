"""Load, validate and compile the YAML rule packs in rules/ (one file per measure family)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from checker.errors import Located, RuleError

SHARED_PREFIX = "_"  # rules/_shared.yaml, rules/_grammar.yaml: lexicons and tables, not families
FLAGS = regex.IGNORECASE


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExpectedClaim(_Strict):
    """What a rule example must yield; only the keys given are checked."""

    measure: str
    value: float | str | None = None  # the value as written: 41, 3.7 ("$3.7bn"), "2024-05-06" for a date
    low: float | None = None
    high: float | None = None
    qualifiers: dict[str, str] | None = None
    modality: Literal["reported", "planned", "estimate", "projection"] | None = None
    attribution: str | None = None  # a substring of the claim's attribution
    as_of: dt.date | None = None
    relation: str | None = None  # "total", "part", "exchange"
    unit: str | None = None  # the unit as written ("ft", "km", "%", "USD billion")
    stance: Literal["asserted", "superseded", "negated"] | None = None


class Example(_Strict):
    """A sentence (or short text) with the claims the family's rules must and must not find in it."""

    text: str
    published: dt.date | None = None
    claims: list[ExpectedClaim] = Field(default_factory=list)
    none: bool = False  # a negative example: no claim of this family's measures at all
    reject: list[str] = Field(default_factory=list)  # measures that must not be found
    # claims that must not be found, matched like `claims` ("no injured 20", where an injured 0 is wanted)
    reject_claims: list[ExpectedClaim] = Field(default_factory=list)
    xfail: str | None = None  # a known gap: why this example is expected to fail for now


class MeasureSpec(_Strict):
    """One measure: what a number counts, its time behaviour and comparison tolerance."""

    id: str
    description: str = ""
    label: str = ""  # how an editor names it in a flag ("death toll"); the id in words when empty
    kind: Literal["stock", "cumulative", "fixed"]
    predicates: list[str] = Field(min_length=1)
    exclude: list[str] = Field(default_factory=list)
    tolerance: float = Field(default=0.0, ge=0.0, le=1.0)
    window_days: int = Field(default=3, ge=0, le=3650)
    plausible: tuple[float, float] = (0, 1e12)
    integer: bool = True
    unit: Dimension | None = None  # dimension measures: which one
    # what a figure is when its sentence says nothing more: crowd sizes are estimates by nature
    modality: Literal["reported", "planned", "estimate", "projection"] = "reported"
    # the family's measure for a figure of its kind (an amount, a length, a share) with no predicate near
    default: bool = False
    # qualifiers a figure must name to answer a question ("entity" for how long something lasts: "for
    # 24 hours" says nothing comparable until it says what lasted)
    requires: list[Literal["entity", "place", "person", "population", "nationality", "who"]] = Field(
        default_factory=list
    )
    # words one of which a figure's paragraph must hold, whatever its noun: a measure read off an everyday verb
    # ("affected") counts what it names only where its subject is spoken of (a disaster, its dead, its displaced)
    context: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _dotted(cls, v: str) -> str:
        if not regex.fullmatch(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*", v):
            raise ValueError(f"measure id {v!r} must look like family.measure (lowercase, dots)")
        return v


class RuleFile(_Strict):
    """A rule file: one measure family."""

    description: str
    # what the family's numbers count: people or things (a count with a noun), money (amounts with a
    # currency), dimension (lengths, areas, volumes, masses, speeds, durations with a unit), age (ages of
    # people), percent (shares), reading (a figure on a named scale, its `nouns`: "magnitude 6.8")
    counts: Literal["people", "things", "money", "dimension", "age", "percent", "reading"] = "people"
    nouns: list[str] = Field(default_factory=list)
    people: bool = False
    role: list[str] = Field(default_factory=list)
    # record the counted noun as qualifier `what` ("472 drones" and "48 missiles" are counted apart)
    qualify_noun: bool = False
    lexicons: dict[str, list[str]] = Field(default_factory=dict)
    measures: list[MeasureSpec] = Field(min_length=1)
    examples: list[Example] = Field(default_factory=list)


Dimension = Literal["length", "area", "volume", "mass", "speed", "duration", "temperature"]


class UnitSpec(_Strict):
    """A unit of measurement, keyed by the symbol claims show ("ft"): what it measures, its size in the
    base unit of that dimension (m, m2, m3, kg, m/s, s) and the other ways it is written."""

    dimension: Dimension
    factor: float = Field(gt=0)
    # the figure, in this unit, at the base unit's zero: a scale that does not start where the base one does
    # (32 for degrees Fahrenheit, whose base is degrees Celsius: base = (figure - zero) * factor)
    zero: float = 0.0
    forms: list[str] = Field(default_factory=list)


class ScaleSpec(_Strict):
    """A multiplier word written after a number ("million", "crore", "bn")."""

    factor: float = Field(gt=1)
    forms: list[str] = Field(default_factory=list)


class SharedFile(_Strict):
    """A shared file (rules/_*.yaml): lexicons every rule can use, maps, units and scale words."""

    description: str = ""
    lexicons: dict[str, list[str]] = Field(default_factory=dict)
    maps: dict[str, dict[str, list[str]]] = Field(default_factory=dict)
    units: dict[str, UnitSpec] = Field(default_factory=dict)
    scales: dict[str, ScaleSpec] = Field(default_factory=dict)


@dataclass(frozen=True)
class Measure:
    """A compiled measure."""

    id: str
    family: str
    kind: str
    predicates: regex.Pattern[str]
    exclude: regex.Pattern[str] | None
    tolerance: float
    window_days: int
    plausible: tuple[float, float]
    integer: bool
    unit: str | None
    modality: str = "reported"
    label: str = ""
    default: bool = False
    requires: tuple[str, ...] = ()
    context: regex.Pattern[str] | None = None


@dataclass(frozen=True)
class Family:
    """A compiled rule file."""

    id: str
    path: str
    counts: str
    nouns: regex.Pattern[str] | None
    people: bool
    role: regex.Pattern[str] | None
    measures: tuple[Measure, ...]
    examples: tuple[Example, ...]
    qualify_noun: bool = False


@dataclass(frozen=True)
class Unit:
    """A compiled unit: the symbol claims show, its dimension and its size in the dimension's base unit."""

    symbol: str
    dimension: str
    factor: float
    zero: float = 0.0


@dataclass
class Rulebook:
    """All rule families plus the shared lexicons and maps."""

    families: list[Family]
    lexicons: dict[str, list[str]]
    maps: dict[str, dict[str, str]]  # map name -> {surface form (lowercase): canonical}
    paths: list[str] = field(default_factory=list)
    units: dict[str, Unit] = field(default_factory=dict)  # any written form (lowercase) -> unit
    scales: dict[str, tuple[str, float]] = field(default_factory=dict)  # written form -> (word, factor)
    # the rules cache's key of the files this book was loaded from ("" for a book made otherwise); whatever
    # changes a loaded book must clear it, or its compiled form comes from the cache of the unchanged one
    source_key: str = field(default="", compare=False)

    @property
    def measures(self) -> dict[str, Measure]:
        return {m.id: m for f in self.families for m in f.measures}


def base_measure(measure_id: str) -> str:
    """The rule measure a claim's measure derives from: "casualties.killed.date" -> "casualties.killed"."""
    return measure_id.removesuffix(".date").removesuffix(".time")


def compile_words(words: list[str]) -> regex.Pattern[str]:
    # a named list is matched as a trie by the regex package: linear, however long the list
    return word_gated(regex.compile(r"\b\L<words>\b", FLAGS, words=sorted(set(words), key=len, reverse=True)))


# a pattern that is only word lists and plain words between word boundaries: "\b\L<w>\b",
# "\b(?:(?:\L<a>)|(?:\L<b>))\b", "\b(?:according|puts?|\L<c>)\b"
_ALTERNATIVE = r"(?:\\L<\w+>|\(\?:\\L<\w+>\)|[a-z]+(?:s\?)?)"
_LISTS_ONLY = re.compile(rf"\\b(?:\\L<\w+>|\(\?:{_ALTERNATIVE}(?:\|{_ALTERNATIVE})*\))\\b")
_LITERAL = re.compile(r"([a-z]+)(s\?)?")
_ASCII_WORD = re.compile(r"[a-z]+")


# the span WordGated last split, and its runs: a sentence is tested by several lexicons in a row. One tuple,
# read and replaced whole, so that threads (a Dask worker's) never see one span's runs under another's key
_last_span: list[tuple[str | None, int | None, int | None, frozenset[str] | None]] = [(None, None, None, None)]


def _runs(string: str, pos: int | None, endpos: int | None) -> frozenset[str] | None:
    """The runs of lower-cased ASCII letters of string[pos:endpos], or None when the span is not ASCII."""
    last, last_pos, last_end, runs = _last_span[0]
    if last is string and last_pos == pos and last_end == endpos:  # the same object: its text cannot differ
        return runs
    span = string[pos:endpos]
    runs = frozenset(_ASCII_WORD.findall(span.lower())) if span.isascii() else None
    _last_span[0] = (string, pos, endpos, runs)
    return runs


class WordGated:
    """A pattern of word lists (_LISTS_ONLY) behind a cheap test: an ASCII span that holds no listed phrase's
    runs of letters, every one of them, cannot match, and gets no match without the pattern running. The
    regex package tries its trie of the lists at every position of the span (about 0.5 µs a character);
    splitting the lower-cased span into runs of letters costs a small part of that. Why the test is exact:
    a match opens and closes at a word boundary and case-blind matching of ASCII text against ASCII
    phrases is lower-casing, so each run of letters of the phrase, the first and the last included, is a
    run of the span. `firsts` are the phrases' first runs (most spans hold none: the test stops there);
    `phrases` maps each to the runs of the phrases it opens ("had" opens "had died", "had been shot": a
    sentence with "had" but neither "died" nor "shot" cannot match). A span that is not ASCII, and every
    other method, go to the pattern itself."""

    __slots__ = ("firsts", "pattern_", "phrases", "whole")

    def __init__(
        self,
        pattern: regex.Pattern[str],
        firsts: frozenset[str],
        phrases: dict[str, tuple[frozenset[str], ...]] | None = None,
    ) -> None:
        self.pattern_, self.firsts, self.phrases = pattern, firsts, phrases
        # the first runs that are a phrase by themselves (most words of the big lexicons): one of them in the
        # span lets the pattern run without looking at phrases
        self.whole = firsts if phrases is None else frozenset(
            w for w in firsts if w not in phrases or frozenset((w,)) in phrases[w]
        )  # fmt: skip

    def _absent(self, string: str, pos: int | None, endpos: int | None) -> bool:
        have = _runs(string, pos, endpos)
        if have is None:
            return False
        opened = self.firsts & have
        if not opened:
            return True
        if not opened.isdisjoint(self.whole):
            return False
        phrases = self.phrases
        assert phrases is not None  # else every first run is whole
        return not any(p <= have for w in opened for p in phrases[w])

    def search(self, string: str, pos: int | None = None, endpos: int | None = None, **kw: Any) -> Any:
        return None if self._absent(string, pos, endpos) else self.pattern_.search(string, pos, endpos, **kw)

    def match(self, string: str, pos: int | None = None, endpos: int | None = None, **kw: Any) -> Any:
        return None if self._absent(string, pos, endpos) else self.pattern_.match(string, pos, endpos, **kw)

    def fullmatch(self, string: str, pos: int | None = None, endpos: int | None = None, **kw: Any) -> Any:
        return None if self._absent(string, pos, endpos) else self.pattern_.fullmatch(string, pos, endpos, **kw)

    def finditer(self, string: str, pos: int | None = None, endpos: int | None = None, **kw: Any) -> Any:
        return iter(()) if self._absent(string, pos, endpos) else self.pattern_.finditer(string, pos, endpos, **kw)

    def findall(self, string: str, pos: int | None = None, endpos: int | None = None, **kw: Any) -> Any:
        return [] if self._absent(string, pos, endpos) else self.pattern_.findall(string, pos, endpos, **kw)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # pickling and copying look these up before the slots are set
            raise AttributeError(name)
        return getattr(self.pattern_, name)


@functools.cache  # a few distinct characters ("’", "é") recur across thousands of listed words
def _ascii_twin(c: str, flags: int) -> bool:
    """Whether the character `c` matches some ASCII character under `flags`."""
    return any(regex.fullmatch(regex.escape(c), chr(a), flags) for a in range(128))


def word_gated(pattern: regex.Pattern[str]) -> regex.Pattern[str]:
    """`pattern` behind WordGated's cheap test when it is only word lists whose every phrase opens with an
    ASCII word or cannot match ASCII text at all; otherwise `pattern` itself. Same answers either way
    (tests/test_extract.py checks it)."""
    if not _LISTS_ONLY.fullmatch(pattern.pattern) or pattern.flags & regex.WORD:
        return pattern
    phrases: dict[str, set[frozenset[str]]] = {}
    for alternative in pattern.pattern[5:-3].split("|") if pattern.pattern.startswith("\\b(?:") else ():
        literal = _LITERAL.fullmatch(alternative)
        if literal:  # "according", "puts?": the word is all of its run of letters
            for word in (literal.group(1), literal.group(1) + "s") if literal.group(2) else (literal.group(1),):
                phrases.setdefault(word, set()).add(frozenset((word,)))
    for words in pattern.named_lists.values():
        for w in words:
            if not w.isascii():
                if pattern.flags & regex.FULLCASE or any(_ascii_twin(c, pattern.flags) for c in w if not c.isascii()):
                    return pattern  # "ſ", the Kelvin sign: a letter that ASCII text can match
                continue  # "türkiye": no ASCII span can match it
            if _ASCII_WORD.match(w.lower()) is None:
                return pattern
            runs = _ASCII_WORD.findall(w.lower())
            phrases.setdefault(runs[0], set()).add(frozenset(runs))
    # the duck-typed stand-in has the methods extraction calls; the rest are the pattern's own
    # a phrase that is its first run alone makes the others of that run moot
    kept = {w: (frozenset((w,)),) if frozenset((w,)) in ps else tuple(ps) for w, ps in phrases.items()}
    return cast("regex.Pattern[str]", WordGated(pattern, frozenset(kept), kept))


def _yaml() -> Any:
    from ruamel.yaml import YAML  # lazy: a run whose rules come from the cache never parses YAML

    y = YAML(typ="rt")
    y.allow_duplicate_keys = False
    return y


def _position(node: Any, loc: tuple[int | str, ...], at_key: bool = False) -> tuple[int | None, int | None]:
    """The 1-based line and column in the YAML source of the value at pydantic's error location."""
    line: int | None = None
    col: int | None = None
    for depth, key in enumerate(loc):
        lc = getattr(node, "lc", None)
        if lc is None:
            break
        last = depth == len(loc) - 1
        try:
            if isinstance(key, int):
                line, col = lc.item(key)
                node = node[key]
            else:
                if key not in node:
                    break
                # point at the offending value, or at the key when the key itself is the problem
                line, col = (
                    lc.value(key) if last and not at_key and not isinstance(node[key], dict | list) else lc.key(key)
                )
                node = node[key]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    if line is None and getattr(node, "lc", None) is not None:
        line, col = node.lc.line, node.lc.col
    return (None if line is None else line + 1, None if col is None else col + 1)


def _load_yaml(path: Path, problems: list[Located]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Located(str(path), None, None, f"cannot read rule file: {exc}"))
        return None
    from ruamel.yaml.error import MarkedYAMLError

    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        problems.append(Located(str(path), line, col, f"invalid YAML: {exc.problem}"))
    except Exception as exc:  # ruamel raises a few unmarked errors (duplicate keys, bad tags)
        problems.append(Located(str(path), None, None, f"invalid YAML: {exc}"))
    return None


def _validate(model: type[BaseModel], data: Any, path: Path, problems: list[Located]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            line, col = _position(data, loc, at_key=err["type"] == "extra_forbidden")
            where = ".".join(str(p) for p in loc) or "(top level)"
            if err["type"] == "extra_forbidden":
                allowed = _allowed_keys(model, loc)
                msg = f"unknown key {loc[-1]!r} at {where}; allowed: {', '.join(allowed)}"
            elif err["type"] == "literal_error":
                msg = f"{where}: found {err['input']!r}; allowed: {err['ctx']['expected']}"
            else:
                msg = f"{where}: {err['msg']}" + (
                    f" (found {err['input']!r})" if not isinstance(err["input"], dict | list) else ""
                )
            problems.append(Located(str(path), line, col, msg))
    return None


def _allowed_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys allowed at the parent of `loc`, walking the model's nested fields."""
    current: Any = model
    for key in loc[:-1]:
        if isinstance(key, int):
            continue
        fields = getattr(current, "model_fields", {})
        if key not in fields:
            break
        ann = fields[key].annotation
        args = getattr(ann, "__args__", ())
        current = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), ann)
    return sorted(getattr(current, "model_fields", {}))


def _compile(
    patterns: list[str],
    lexicons: dict[str, list[str]],
    path: Path,
    data: Any,
    loc: tuple[int | str, ...],
    problems: list[Located],
) -> regex.Pattern[str] | None:
    """Compile a list of patterns into one alternation, naming the first bad pattern's place."""
    if not patterns:
        return None
    good = []
    for i, pat in enumerate(patterns):
        used = set(regex.findall(r"\\L<(\w+)>", pat))
        missing = sorted(used - set(lexicons))
        line, col = _position(data, (*loc, i))
        if missing:
            problems.append(
                Located(
                    str(path),
                    line,
                    col,
                    f"unknown lexicon {missing[0]!r} in pattern {pat!r}; known: {', '.join(sorted(lexicons))}",
                )
            )
            continue
        try:
            regex.compile(pat, FLAGS, **{k: lexicons[k] for k in used})
        except (regex.error, ValueError) as exc:
            problems.append(Located(str(path), line, col, f"pattern {pat!r} does not compile: {exc}"))
            continue
        good.append(pat)
    if len(good) != len(patterns):
        return None
    # at one position the first alternative that matches wins: try longer (more specific) patterns first
    body = "|".join(f"(?:{p})" for p in sorted(good, key=len, reverse=True))
    used_all = set(regex.findall(r"\\L<(\w+)>", body))
    return word_gated(regex.compile(rf"\b(?:{body})\b", FLAGS, **{k: lexicons[k] for k in used_all}))


def load_rulebook(rules_dir: str | Path) -> Rulebook:
    """Read every rule file in `rules_dir`; raise RuleError listing every problem at once. A rule book loaded
    before from these very bytes by this very code comes from the cache (checker.rulecache)."""
    from checker import rulecache

    root = Path(rules_dir)
    if not root.is_dir():
        raise RuleError([Located(str(root), None, None, "rules folder not found")])
    try:
        key = rulecache.files_key(str(root), sorted(root.glob("*.yaml")))
    except OSError:  # a file that cannot be read: parsing names it
        return parse_rulebook(root)
    book = rulecache.cached("rulebook", key, lambda: parse_rulebook(root), Rulebook)
    book.source_key = key
    return book


def parse_rulebook(rules_dir: str | Path) -> Rulebook:
    """load_rulebook without the cache: every rule file read, validated and compiled."""
    root = Path(rules_dir)
    problems: list[Located] = []
    if not root.is_dir():
        raise RuleError([Located(str(root), None, None, "rules folder not found")])
    lexicons: dict[str, list[str]] = {}
    maps: dict[str, dict[str, str]] = {}
    units: dict[str, Unit] = {}
    scales: dict[str, tuple[str, float]] = {}
    where: dict[str, str] = {}  # lexicon or map name -> the shared file defining it: one source per list
    shared_paths = sorted(p for p in root.glob(SHARED_PREFIX + "*.yaml"))
    for shared_path in shared_paths:
        data = _load_yaml(shared_path, problems)
        shared = _validate(SharedFile, data, shared_path, problems) if data is not None else None
        if shared is None:
            continue
        for kind, names in (("lexicon", shared.lexicons), ("map", shared.maps)):
            for name in names:
                if name in where:
                    line, col = _position(data, (f"{kind}s", name), at_key=True)
                    problems.append(Located(str(shared_path), line, col,
                                            f"{kind} {name!r} is also defined in {where[name]}"))  # fmt: skip
                where[name] = str(shared_path)
        lexicons.update({k: [str(w) for w in v] for k, v in shared.lexicons.items()})
        for name, table in shared.maps.items():
            maps[name] = {}
            for canonical, forms in table.items():
                for form in [canonical, *forms]:
                    maps[name][str(form).lower()] = canonical
            lexicons.setdefault(name, sorted(maps[name]))
        for symbol, spec in shared.units.items():
            for form in [symbol, *spec.forms]:
                units[str(form).lower()] = Unit(symbol, spec.dimension, spec.factor, spec.zero)
        for word, sspec in shared.scales.items():
            for form in [word, *sspec.forms]:
                scales[str(form).lower()] = (word, sspec.factor)
    files = sorted(p for p in root.glob("*.yaml") if not p.name.startswith(SHARED_PREFIX))
    if not files:
        problems.append(Located(str(root), None, None, "no rule files (*.yaml) found"))
    families: list[Family] = []
    seen_measures: dict[str, str] = {}
    for path in files:
        data = _load_yaml(path, problems)
        if data is None:
            continue
        spec = _validate(RuleFile, data, path, problems)
        if spec is None:
            continue
        family = _compile_family(path, data, spec, lexicons, seen_measures, problems)
        if family is not None:
            families.append(family)
    if not problems:
        _check_example_measures(families, problems)
    if problems:
        raise RuleError(problems)
    paths = [str(p) for p in [*shared_paths, *files]]
    return Rulebook(families=families, lexicons=lexicons, maps=maps, paths=paths, units=units, scales=scales)


def _check_example_measures(families: list[Family], problems: list[Located]) -> None:
    """An example may expect a measure of another family, but only one that exists somewhere."""
    known = {m.id for f in families for m in f.measures}
    for f in families:
        for ex in f.examples:
            for c in ex.claims:
                if base_measure(c.measure) not in known and not c.measure.startswith("generic:"):
                    problems.append(
                        Located(
                            f.path,
                            None,
                            None,
                            f"example {ex.text[:40]!r}... expects unknown "
                            f"measure {c.measure!r}; known: {', '.join(sorted(known))}",
                        )
                    )


def _compile_family(
    path: Path,
    data: Any,
    spec: RuleFile,
    shared: dict[str, list[str]],
    seen_measures: dict[str, str],
    problems: list[Located],
) -> Family | None:
    fid = path.stem
    lexicons = {**shared, **{k: [str(w) for w in v] for k, v in spec.lexicons.items()}}
    before = len(problems)
    nouns = _compile(spec.nouns, lexicons, path, data, ("nouns",), problems)
    role = _compile(spec.role, lexicons, path, data, ("role",), problems)
    measures = []
    for i, m in enumerate(spec.measures):
        line, col = _position(data, ("measures", i, "id"))
        if not m.id.startswith(fid + "."):
            problems.append(Located(str(path), line, col, f"measure id {m.id!r} must start with {fid + '.'!r}"))
        if m.id in seen_measures:
            problems.append(Located(str(path), line, col, f"measure {m.id!r} also defined in {seen_measures[m.id]}"))
        seen_measures[m.id] = str(path)
        if m.plausible[0] > m.plausible[1]:
            line, col = _position(data, ("measures", i, "plausible"))
            problems.append(Located(str(path), line, col, f"plausible range {list(m.plausible)} has min > max"))
        preds = _compile(m.predicates, lexicons, path, data, ("measures", i, "predicates"), problems)
        excl = _compile(m.exclude, lexicons, path, data, ("measures", i, "exclude"), problems)
        context = _compile(m.context, lexicons, path, data, ("measures", i, "context"), problems)
        if preds is None:
            continue
        measures.append(
            Measure(
                m.id,
                fid,
                m.kind,
                preds,
                excl,
                m.tolerance,
                m.window_days,
                m.plausible,
                m.integer,
                m.unit,
                m.modality,
                m.label,
                m.default,
                tuple(m.requires),
                context,
            )
        )
    if len(problems) > before:
        return None
    return Family(
        fid, str(path), spec.counts, nouns, spec.people, role, tuple(measures), tuple(spec.examples),
        spec.qualify_noun,
    )  # fmt: skip


# texts on which a backtracking pattern blows up: long runs of words, digits and separators
_PROBES = (
    "the " * 6000,
    "1,000 " * 4000,
    "a" * 24000,
    ("death toll from the sinking of a ferry off the coast " * 500),
)
LINEAR_TIMEOUT = 1.0  # seconds for one pattern over one probe; linear patterns take milliseconds
_PUMPS = (40,)  # repeats of a pattern's repeated part: an exponential blow-up never finishes 40
_ENDINGS = ("!", "1", " ")  # what follows the repeats and makes the match fail there, forcing the backtracking


@dataclass(frozen=True)
class PatternSite:
    """One pattern as written in a rule file, where it was written, and its compiled form."""

    path: str
    line: int | None
    col: int | None
    label: str  # "people.rescued predicates", "nouns", ...
    text: str
    pattern: regex.Pattern[str]


def pattern_sites(book: Rulebook) -> list[PatternSite]:
    """Every pattern of every rule file, compiled alone as extraction compiles it, with its place."""
    sites: list[PatternSite] = []
    for f in book.families:
        data = _load_yaml(Path(f.path), [])
        if not isinstance(data, dict):
            continue
        own = data.get("lexicons") or {}
        lexicons = {**book.lexicons, **{k: [str(w) for w in v] for k, v in own.items()}}
        lists: list[tuple[str, tuple[int | str, ...]]] = [("nouns", ("nouns",)), ("role", ("role",))]
        for i, m in enumerate(data.get("measures") or []):
            mid = m.get("id", f"measure {i}") if isinstance(m, dict) else f"measure {i}"
            lists += [(f"{mid} predicates", ("measures", i, "predicates")),
                      (f"{mid} exclude", ("measures", i, "exclude")),
                      (f"{mid} context", ("measures", i, "context"))]  # fmt: skip
        for label, loc in lists:
            node: Any = data
            for key in loc:
                if isinstance(node, dict):
                    node = node.get(key)
                elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                    node = node[key]
                else:
                    node = None
            for j, text in enumerate(node if isinstance(node, list) else []):
                used = set(regex.findall(r"\\L<(\w+)>", str(text)))
                try:
                    compiled = regex.compile(rf"\b(?:{text})\b", FLAGS, **{k: lexicons[k] for k in used})
                except (regex.error, KeyError, ValueError):
                    continue  # load_rulebook reports it
                line, col = _position(data, (*loc, j))
                sites.append(PatternSite(f.path, line, col, label, str(text), compiled))
    return sites


def check_linear_time(book: Rulebook) -> list[Located]:
    r"""Find patterns that backtrack catastrophically: each pattern runs over long texts, and over texts built
    from the pattern itself that fail only at their end (its repeated part many times, then a character
    that cannot follow), where nested or overlapping repetition such as `(a|aa)+$`, `(a+)+b` or `(\w+\s?)*$`
    tries every way of splitting the run. Each slow pattern is reported at its `path:line:col`."""
    problems = []
    for site in pattern_sites(book):
        slow = _slow_probe(site.pattern, site.text)
        if slow is not None:
            problems.append(Located(site.path, site.line, site.col,
                                    f"{site.label}: pattern {site.text!r} took over {LINEAR_TIMEOUT:g} s on {slow}; "
                                    "it backtracks catastrophically (nested, overlapping or unbounded repetition "
                                    "retried at every word): make the repeated part unambiguous, bound it "
                                    "({0,3}) or make it possessive (++ *+)"))  # fmt: skip
    return problems


def slow_patterns(book: Rulebook) -> list[PatternSite]:
    """The patterns `check_linear_time` rejects, for a run to leave out (with a message) rather than hang on."""
    return [site for site in pattern_sites(book) if _slow_probe(site.pattern, site.text) is not None]


def _slow_probe(pattern: regex.Pattern[str], text: str) -> str | None:
    """What made `pattern` exceed the timeout, or None when every probe finished in time."""
    tail, pumped = _pumped(text)
    probes = [(p + _ENDINGS[0] + tail, f"a {len(p) // 1000} KB text") for p in _PROBES]
    probes += [(p, f"{what!r}") for p, what in pumped]
    for probe, what in probes:
        try:
            for _ in pattern.finditer(probe, timeout=LINEAR_TIMEOUT):
                pass
        except TimeoutError:
            return what
    return None


def _pumped(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Texts that fail at the end, made from the pattern's own repetitions: for each repeated part, what comes
    before it, the part many times, and an ending it cannot match; with a short description of each. And a
    tail that every probe ends with: a whole match, since the regex package gives up at once on a text that
    lacks a literal the pattern needs, which would hide the backtracking from a probe but not from real text."""
    import re._parser as sre  # the standard library's parser: enough to find repeats and example text

    plain = regex.sub(r"\\L<\w+>", "word", text)
    plain = regex.sub(r"\\[pP]\{[^}]*\}", r"\\w", plain)
    try:
        tree = sre.parse(plain, re.IGNORECASE)
    except (re.error, ValueError, RecursionError, OverflowError):
        return "", []  # syntax only the regex package reads: the long probes still run
    tail = " " + _example(list(tree))
    out: list[tuple[str, str]] = []
    for before, unit in _repeats(list(tree), ""):
        for n in _PUMPS:
            for end in _ENDINGS:
                out.append((before + unit * n + end + tail, f"{before}{unit!r}×{n} then {end!r}"))
    return tail, list(dict.fromkeys(out))


_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def _repeats(items: list[Any], before: str) -> list[tuple[str, str]]:
    """(text before, one repetition) for every repeat that may run more than once, nested ones included."""
    found: list[tuple[str, str]] = []
    for i, (op, av) in enumerate(items):
        here = before + _example(items[:i])
        name = str(op)
        if name in _REPEATS:
            _low, high, body = av
            if high > 1:
                found += [(here, u) for u in _examples(list(body)) if u][:3]
            found += _repeats(list(body), here)
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            found += _repeats(list(av[-1] if name == "SUBPATTERN" else av), here)
        elif name == "BRANCH":
            for alt in av[1]:
                found += _repeats(list(alt), here)
    return found[:24]


def _example(items: list[Any]) -> str:
    options = _examples(items)
    return options[0] if options else ""


def _examples(items: list[Any], cap: int = 4) -> list[str]:
    """A few short strings the sequence `items` matches (approximately: lookarounds and anchors are skipped)."""
    texts = [""]
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            opts = [chr(av)]
        elif name == "NOT_LITERAL":
            opts = ["b" if chr(av) == "a" else "a"]
        elif name == "ANY":
            opts = ["a"]
        elif name == "IN":
            opts = [_char_in(av)]
        elif name in _REPEATS:
            low, _high, body = av
            inner = _examples(list(body), cap)
            opts = [u * max(low, 1) for u in inner] if low else ["", *inner[:1]]
        elif name == "SUBPATTERN":
            opts = _examples(list(av[-1]), cap)
        elif name == "ATOMIC_GROUP":
            opts = _examples(list(av), cap)
        elif name == "BRANCH":
            opts = [e for alt in av[1] for e in _examples(list(alt), cap)]
        else:  # anchors, lookarounds, back references
            opts = [""]
        texts = list(dict.fromkeys(t + o for t in texts for o in opts or [""]))[:cap]
    return texts


def _char_in(items: list[Any]) -> str:
    """A character of a set `[...]`."""
    negate = any(str(op) == "NEGATE" for op, _ in items)
    members: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            members.append(chr(av))
        elif name == "RANGE":
            members.append(chr(av[0]))
        elif name == "CATEGORY":
            members.append({"CATEGORY_DIGIT": "1", "CATEGORY_SPACE": " ", "CATEGORY_WORD": "a"}.get(str(av), "!"))
    if not negate:
        return members[0] if members else "a"
    return next(c for c in "a1 !x" if c not in members)
