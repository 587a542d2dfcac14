"""What the story step reads from one article: title and lead, body, names, figures, years and an event date."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate, pairwise
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from checker.dates import DateMention, find_dates
from checker.errors import Located
from checker.models import Article
from checker.sentences import is_title_case
from checker.sources.clean import kept_text
from checker.sources.fields import outlet_from_url, url_path

# How much each signal counts in the similarity (each is a TF-IDF vector of unit length first).
# Names and the lead carry the event; the body adds context; figures and years tell apart two
# events of one kind ("magnitude 5.6" vs "6.1", "2008" vs "2013"). Names appear in the lead and body
# words too, which is deliberate: they are the surest sign of one occurrence.
CHANNELS: dict[str, float] = {"lead": 1.0, "body": 0.5, "names": 2.0, "figures": 1.0, "years": 0.5, "phrases": 1.0}

LEXICON_FILE = "_stories.yaml"
_DEFAULT_RULES = Path(__file__).resolve().parents[2] / "rules"

LEAD_CHARS = 400  # title + this much of the first prose: who, what, where and when
BODY_CHARS = 3000  # the body is read up to here: later paragraphs rarely name the event anew
DATE_CHARS = 300  # an event date is looked for this far into the lead (its first sentences)
EVENT_DATE_BEFORE = 7  # a lead's "Tuesday night" may point this many days before publication
EXPLICIT_DATE_BEFORE = 92  # a follow-up's lead names the day of the event ("the shooting on March 3")
_CHROME_LINE_MAX = 120  # a byline or teaser is short; longer lines are prose whatever they start with


class Lexicon(BaseModel):
    """The story step's lists in rules/_stories.yaml, a shared file whose lexicons are named story_*."""

    model_config = ConfigDict(extra="ignore")
    story_not_names: list[str] = []
    story_common_words: list[str] = []
    story_chrome_line_starts: list[str] = []
    story_name_heads: list[str] = []
    story_street_heads: list[str] = []
    story_role_heads: list[str] = []
    story_role_past: list[str] = []
    story_place_words: list[str] = []
    story_time_zones: list[str] = []
    story_street_directions: list[str] = []
    story_statement_verbs: list[str] = []
    story_count_verbs: list[str] = []
    story_url_filing_words: list[str] = []


@dataclass(frozen=True)
class Words:
    """The lexicon, compiled."""

    not_names: frozenset[str]
    stop: frozenset[str]
    chrome_starts: tuple[str, ...]
    name_heads: frozenset[str]
    source: str | None  # the file read, None when none was found
    street_heads: frozenset[str] = frozenset()
    role_heads: frozenset[str] = frozenset()
    role_past: frozenset[str] = frozenset()
    place_words: frozenset[str] = frozenset()
    time_zones: frozenset[str] = frozenset()
    street_directions: frozenset[str] = frozenset()
    statement_verbs: tuple[str, ...] = ()
    count_verbs: tuple[str, ...] = ()
    url_filing: frozenset[str] = frozenset()


@lru_cache(maxsize=8)
def load_lexicon(rules_dir: str | None = None) -> Words:
    """Read `<rules_dir>/_stories.yaml` (default: the project's rules/); raises Located when it is malformed."""
    from checker import rulecache

    path = Path(rules_dir) / LEXICON_FILE if rules_dir else _DEFAULT_RULES / LEXICON_FILE
    if not path.exists() and rules_dir:
        path = _DEFAULT_RULES / LEXICON_FILE  # a user's own rules folder need not carry the story lists
    if not path.exists():
        return Words(frozenset(), english_stop_words(), (), frozenset(), None, frozenset())
    try:  # the stop words are scikit-learn's: their file is part of the key
        key = rulecache.files_key(str(path), [path, *filter(None, [_stop_words_file()])])
    except OSError:
        return _read_lexicon(path)  # which names the problem
    return rulecache.cached("lexicon", key, lambda: _read_lexicon(path), Words)  # read before: no YAML parse


def _read_lexicon(path: Path) -> Words:
    from ruamel.yaml import YAML, YAMLError

    ENGLISH_STOP_WORDS = english_stop_words()
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
        lex = Lexicon.model_validate(data.get("lexicons") or {})
    except ValidationError as exc:
        what = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        allowed = ", ".join(Lexicon.model_fields)
        raise Located(str(path), None, None, f"not a valid story lexicon: {what} (allowed keys: {allowed})") from exc
    except (YAMLError, OSError, UnicodeDecodeError) as exc:
        raise Located(str(path), None, None, f"not a valid story lexicon: {str(exc).splitlines()[0]}") from exc
    low = [w.lower() for w in lex.story_common_words]
    return Words(
        not_names=frozenset(w.lower() for w in lex.story_not_names),
        stop=frozenset(ENGLISH_STOP_WORDS) | frozenset(low),
        chrome_starts=tuple(s.lower() for s in lex.story_chrome_line_starts),
        name_heads=frozenset(w.lower() for w in lex.story_name_heads),
        source=str(path),
        street_heads=frozenset(w.lower() for w in lex.story_street_heads),
        role_heads=frozenset(w.lower() for w in lex.story_role_heads),
        role_past=frozenset(w.lower() for w in lex.story_role_past),
        place_words=frozenset(w.lower() for w in lex.story_place_words),
        time_zones=frozenset(w.lower() for w in lex.story_time_zones),
        street_directions=frozenset(w.lower() for w in lex.story_street_directions),
        statement_verbs=tuple(sorted({w.lower() for w in lex.story_statement_verbs}, key=len, reverse=True)),
        count_verbs=tuple(sorted({w.lower() for w in lex.story_count_verbs}, key=len, reverse=True)),
        url_filing=frozenset(w.lower() for w in lex.story_url_filing_words),
    )


def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (the Glasgow IR group's list), read from its data module alone:
    importing any part of scikit-learn costs a second, which a run on one article never needs to spend."""
    import importlib.util

    where = _stop_words_file()
    try:
        spec = importlib.util.spec_from_file_location("checker_english_stop_words", where) if where else None
        if spec is not None and spec.loader is not None:
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return frozenset(module.ENGLISH_STOP_WORDS)
    except (ImportError, OSError, AttributeError, SyntaxError):
        pass
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # a layout this does not know

    return frozenset(ENGLISH_STOP_WORDS)


def _stop_words_file() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("sklearn")  # finds the package without importing it
    path = Path(spec.origin).parent / "feature_extraction" / "_stop_words.py" if spec and spec.origin else None
    return path if path is not None and path.is_file() else None


@dataclass
class Doc:
    """One article as the story step sees it."""

    key: str  # content hash (article ids change with renames), else the article id
    article_id: str
    title: str
    lead: list[str]  # word tokens of title and lead
    body: list[str]  # word tokens of the body
    names: list[str]  # capitalised sequences (people, places, organisations), lower-cased
    figures: list[str]  # distinctive numbers: decimals, counts of 13 and more, clock times
    years: list[str]
    date: dt.date | None  # the event's (earliest) day as best known: a day the lead names, else publication
    date_from_lead: bool  # the lead names the day; else it is the publication date, or unknown
    published: dt.date | None
    phrases: list[str] = field(default_factory=list)  # pairs of adjacent lead words ("block garfield")
    people: list[str] = field(default_factory=list)  # names of two to four words that name no place or body
    # the words of its names and its figures: what two reports of one occurrence share ("kuriga", "287")
    specifics: list[str] = field(default_factory=list)
    date_last: dt.date | None = None  # the latest day the event may be on ("last weekend"), else `date`
    weekday: int | None = None  # undated: the weekday the lead names (0 = Monday)
    lead_text: str = ""  # title and lead, where the event's day is looked for
    # names written with a number ("flight 370", "explorer 8", "highway 175"): "name|number", lower-cased
    numbered: list[str] = field(default_factory=list)
    streets: list[str] = field(default_factory=list)  # names of streets and roads ("fairview avenue")
    # who holds an office the report names: "office|holder" ("interior secretary|ana petrovic")
    roles: list[str] = field(default_factory=list)
    # blocks of a street: "street|hundreds" ("the 4800 block of Elm Street", "4812 Elm Street": "elm street|4800")
    blocks: list[str] = field(default_factory=list)
    # the streets the title and lead name: where the report says it happened, not where a suspect lived
    lead_streets: list[str] = field(default_factory=list)
    # when the lead names a street: the other names the title and lead give (a town, a department), those of
    # two words or written twice (a one-word name written once may be a sentence's first word: "Dispatchers")
    lead_names: list[str] = field(default_factory=list)
    # the places the title and lead say it happened in ("in Milton", "near Tilbury"), streets aside
    lead_places: list[str] = field(default_factory=list)
    # the clock times the title and lead give, in minutes after midnight; a time written without a.m. or p.m.
    # below 13:00 gives both readings ("at 2:15": 135 and 855)
    lead_clocks: list[int] = field(default_factory=list)
    # the words of the page's URL slug, lower-cased as written: the slug names what the page is about
    slug: list[str] = field(default_factory=list)


_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*[^\W_])?")
_NAME = re.compile(
    r"[A-Z][\w'’\-.]*(?:[ \t]+(?:(?:of|de|la|le|del|van|von|der|da|di|al|bin|el)[ \t]+)?[A-Z][\w'’\-]*)*"
)
_NUMBER = re.compile(r"(?<![\w.,:$£€\-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w]|[.,\-]\d)")
_CLOCK = re.compile(r"(?<![\w:])([01]?\d|2[0-3]):([0-5]\d)(?![\w:])")
_YEAR = re.compile(r"(?<![\w,.])(1[89]\d\d|20\d\d)(?![\w]|[.,]\d)")
# a name with a number after it: a model, a version, a flight or a road ("Internet Explorer 8", "Route 9")
_NAMED_NUMBER = re.compile(
    r"(?<![\w'’\-])((?:[A-Z][\w'’\-]*[ \t]+){1,3})(\d{1,4})(?![\w%]|[.,:]\d|[ \t]*(?:percent|per cent)\b)"
)
# "the 4800 block of Elm Street", "at 4812 Elm Street": a number, then a name (the caller keeps streets only)
_ADDRESS = re.compile(
    r"(?<![\w.,:$£€\-])(\d{2,5})[ \t]+(?:block[ \t]+of[ \t]+(?:the[ \t]+)?)?"
    r"((?:[A-Z][\w'’\-]*\.?[ \t]+){0,3}[A-Z][\w'’\-]*)"
)
# a word, then a capitalised name of up to three words ("near Tilbury", "in Port Ashby")
_AFTER_WORD = re.compile(r"\b([a-z]+)[ \t]+((?:[A-Z][\w'’\-]*[ \t]+){0,2}[A-Z][\w'’\-]*)")
# "11:20 p.m.", "7.15am", "2 a.m.", "23:40"; a dot between hour and minutes only before a.m./p.m. (not "5.6")
_CLOCK_TIME = re.compile(
    r"(?<![\w:.,])(?:(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?[ \t]?([ap])\.?[ \t]?m\b\.?"
    r"|([01]?\d|2[0-3]):([0-5]\d)(?![\w:]|[.,]\d))",
    re.IGNORECASE,
)
_ZONE_AFTER = re.compile(r"[ \t]*\(?([A-Za-z]{2,5})\b")
# the word before an office: "former Interior Secretary ..." held it once, which says nothing of now
_WORD_BEFORE = re.compile(r"([\w\-]+)[ \t]*-?[ \t]*$")
_SENTENCE_END = re.compile(r"[.!?…\"”)]\s*$")
_POSSESSIVE = re.compile(r"['’]s?$")


@lru_cache(maxsize=1 << 18)
def _fold(word: str) -> str:
    """Lower-case and drop a plural 's', so 'shootings' and 'shooting' count as one word."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return w


def words(text: str, stop: frozenset[str], tokens: list[str] | None = None) -> list[str]:
    """Word tokens, folded, stop words dropped (`tokens`: the text's raw tokens, when already found)."""
    folded = map(_fold, _WORD.findall(text) if tokens is None else tokens)
    return [w for w in folded if len(w) > 1 and w not in stop]


def names(text: str, lex: Words, lower_words: set[str] | None = None) -> list[str]:
    """Capitalised sequences, lower-cased; a name of several words also gives its last word ('Hale').

    A capitalised word that opens a sentence and appears in lower case elsewhere in the text
    (`lower_words`, found from the text when not given) is an ordinary word ("Officers said").
    """
    if lower_words is None:
        lower_words = {w for w in _WORD.findall(text) if w[0].islower()}
    out = []
    for found in _NAME.findall(text):
        tokens = [_clean(p) for p in found.split()]
        while tokens and (tokens[0] in lex.not_names or tokens[0] in lower_words):
            tokens.pop(0)
        while tokens and tokens[-1] in lex.not_names:
            tokens.pop()
        if not tokens:
            continue
        if len(tokens) == 1 and (len(tokens[0]) < 2 or tokens[0] in lex.stop):
            continue  # a single letter, or an ordinary word opening a sentence ("Anyone")
        out.append(" ".join(tokens))
        if 1 < len(tokens) <= 3 and tokens[-1] not in lex.name_heads:
            out.append(tokens[-1])  # later mentions use the surname alone ("Hale"), not "Department"
    return out


@lru_cache(maxsize=1 << 18)
def _clean(word: str) -> str:
    return _POSSESSIVE.sub("", word.strip(".-'’")).lower()


def figures(text: str) -> list[str]:
    """Numbers that tell events apart: decimals ('5.6'), counts from 13 up, clock times; not years."""
    out = []
    for m in _NUMBER.finditer(text):
        s = m.group().replace(",", "")
        if "." in s:
            out.append(s.rstrip("0").rstrip(".") if s.count(".") == 1 else s)
            continue
        v = int(s)
        if 1800 <= v <= 2099 and len(m.group()) == 4:
            continue  # a year: counted on its own
        if v >= 13:
            out.append(s)
    out.extend(f"{int(h)}:{mi}" for h, mi in _CLOCK.findall(text))
    return out


def years(text: str) -> list[str]:
    return _YEAR.findall(text)


def _prose(text: str, lex: Words, outlet: frozenset[str] = frozenset()) -> tuple[str, str]:
    """Split kept text into (first line if it is a headline, the rest without bylines, teasers and the lines that
    name the outlet: its masthead and section menu)."""
    lines = [ln.strip() for ln in _FIRST_LINE_DATE.sub("", text, count=1).splitlines()]
    lines = [cut for ln in lines if ln and (cut := outlet_cut(ln, outlet))]
    head = ""
    if lines and len(lines[0]) <= _CHROME_LINE_MAX and not _SENTENCE_END.search(lines[0]):
        head = lines.pop(0)
    kept = []
    for ln in lines:
        if len(ln) <= _CHROME_LINE_MAX and ln.lower().startswith(lex.chrome_starts):
            continue
        kept.append(ln)
    return head, "\n".join(kept)


# Between the parts of a masthead or a page title: "Outlet | Section | Section", "Headline - Outlet",
# "Outlet (English edition)", "OUTLET  SERVICE"
_TITLE_PARTS = re.compile(r"\s+[|>·•»/–—-]\s+|\s*[()]\s*|\s{2,}")
_ALNUM = re.compile(r"[^\W_]+")
_OUTLET_WORDS = 5  # an outlet's name is written in at most this many words ("The Johannesburg Daily Star")


def outlet_labels(url: str | None) -> frozenset[str]:
    """The names an outlet's host may spell ("https://www.africanewsdesk.example.com/x" -> africanewsdesk,
    example): its labels of four letters or more but the last, which says only the country or the kind."""
    host = outlet_from_url(url) or ""
    return frozenset(lb for lb in host.lower().split(".")[:-1] if len(lb) >= 4 and lb.isalnum())


def outlet_cut(line: str, outlet: frozenset[str]) -> str:
    """A short line without the outlet's name: "" for a masthead or section menu that opens with it ("Africa
    News Desk | Southern Africa | Climate", "SAPA Wire"), the parts before it for a page title that ends
    with it ("Cyclone kills 14 - Africa News Desk" -> "Cyclone kills 14"). A part names the outlet when its
    words, but a leading "the" and figures ("© 2025"), spell one of the host's labels run together: the
    outlet is the page's, not the event's, and two reports of one outlet share it whatever they report."""
    if not outlet or len(line) > _CHROME_LINE_MAX:
        return line
    parts = _TITLE_PARTS.split(line)
    for k, part in enumerate(parts):
        found = [w.lower() for w in _ALNUM.findall(part) if not w.isdigit()]
        if found and found[0] == "the" and len(found) > 1:
            found = found[1:]
        if 0 < len(found) <= _OUTLET_WORDS and "".join(found) in outlet:
            return " ".join(p for p in parts[:k] if p).strip()
    return line


_DATELINE_PREFIX = re.compile(
    r"^[\W\d_]*(?:(?:posted|published|updated|last updated|date|dated|on)\b[\W_]*)*$", re.IGNORECASE
)


def event_date(lead: str, published: dt.date | None) -> tuple[dt.date | None, dt.date | None, bool, int | None]:
    """(the earliest day the event may be on, the latest, whether a sentence of the lead names it, and
    for an undated article the weekday its lead names, 0 = Monday).

    With a publication date, a day a lead sentence names ("Tuesday night", "on March 3", "last
    weekend") within a week (a written date or a span: within three months) before it is the
    event's day; of several, the one that ends first, as a follow-up names the occurrence's time
    next to its own day ("the toll from last weekend's sinking rose on Thursday"). A span longer
    than a week ("last month") gives the event's days but not strictly. A date that opens a line
    is a dateline: the page's day, not the event's. Without a publication date, a written day with
    its year stands in.
    """
    return event_dates([(lead, published)])[0]


def event_dates(
    leads: Sequence[tuple[str, dt.date | None]], statement_verbs: Sequence[str] = (), count_verbs: Sequence[str] = ()
) -> list[tuple[dt.date | None, dt.date | None, bool, int | None]]:
    """`event_date` of many leads at once: one `find_dates` call per publication day (it has a fixed
    cost per call that one lead's few hundred characters do not outweigh)."""
    by_day: dict[dt.date | None, list[int]] = defaultdict(list)
    for k, (_, published) in enumerate(leads):
        by_day[published].append(k)
    found: list[list[DateMention]] = [[] for _ in leads]
    for published, ks in by_day.items():
        for s in range(0, len(ks), _BATCH):
            part = ks[s : s + _BATCH]
            texts = [leads[k][0][:DATE_CHARS] for k in part]
            starts = list(accumulate((len(t) + len(_BATCH_SEP) for t in texts[:-1]), initial=0))
            for m in find_dates(_BATCH_SEP.join(texts), published):
                at = bisect_right(starts, m.start) - 1
                if m.end <= starts[at] + len(texts[at]):  # never across the separator
                    found[part[at]].append(replace(m, start=m.start - starts[at], end=m.end - starts[at]))
    said = _statement_day(statement_verbs)
    said_after = _statement_after_day(statement_verbs)
    counted = _count_day(tuple(count_verbs))
    return [_event_day(leads[k][0], leads[k][1], found[k], said, said_after, counted) for k in range(len(leads))]


@lru_cache(maxsize=4)
def _count_day(verbs: Sequence[str]) -> re.Pattern[str] | None:
    """A running count's new figure right before a day ("the toll climbed to at least 64 on Sunday", "it had stood
    at 71 since Monday"): the day of the count's update, not of the event; searched in the 60 characters before."""
    if not verbs:
        return None
    alts = "|".join(r"\s+".join(map(re.escape, v.split())) for v in verbs)
    return re.compile(rf"\b(?:{alts})\s+(?:(?:about|around|nearly|almost|more\s+than|over|at\s+least|some)\s+)?"
                      rf"[\w,.]+\s+(?:(?:late|early)\s+)?(?:on\s+|by\s+|since\s+|as\s+of\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=4)
def _statement_day(verbs: Sequence[str]) -> re.Pattern[str] | None:
    """A statement verb right before a day ("said on Saturday"), searched in the 40 characters before it."""
    if not verbs:
        return None
    alts = "|".join(r"\s+".join(map(re.escape, v.split())) for v in verbs)
    return re.compile(rf"\b(?:{alts})\s+(?:late\s+|early\s+)?(?:on\s+|last\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=4)
def _statement_after_day(verbs: Sequence[str]) -> re.Pattern[str] | None:
    """A statement verb right after a day ("the agency on Wednesday said", "police on Monday revised the toll"):
    the day of the statement too, matched at the day's end."""
    if not verbs:
        return None
    alts = "|".join(r"\s+".join(map(re.escape, v.split())) for v in verbs)
    return re.compile(rf"\s*,?\s+(?:{alts})\b", re.IGNORECASE)


# Between two leads in one find_dates call: no date expression, range or "since" reaches across it.
_BATCH_SEP = "\n\n" + "~" * 60 + "\n\n"
_BATCH = 500  # leads per call: bounds the text one call reads
RANGE_DAYS = 7  # a lead's "last weekend", "earlier this week" still names the event's days; "last month" does not


def _event_day(
    lead: str, published: dt.date | None, mentions: list[DateMention], said: re.Pattern[str] | None = None,
    said_after: re.Pattern[str] | None = None, counted: re.Pattern[str] | None = None,
) -> tuple[dt.date | None, dt.date | None, bool, int | None]:
    best: tuple[dt.date, int, dt.date] | None = None  # (last possible day, width, first possible day)
    page = None
    for m in mentions:
        if m.low is None or m.high is None or m.kind not in _EVENT_KINDS:
            continue
        if said is not None and said.search(lead, max(0, m.start - 40), m.start):
            continue  # "police said on Saturday": the day of the statement, not of the event
        if said_after is not None and said_after.match(lead, m.end):
            continue  # "the agency on Wednesday said", "officials on Monday revised the toll": the same
        if counted is not None and counted.search(lead, max(0, m.start - 60), m.start):
            continue  # "the toll climbed to 64 on Sunday": the day of the count, not of the event
        line_start = lead.rfind("\n", 0, m.start) + 1
        before = lead[line_start : m.start]
        if (_DATELINE_PREFIX.match(before) or _WEEKDAY_ONLY.match(before)) and not _dated_sentence(lead, before, m.end):
            if page is None and m.basis == "explicit" and m.low == m.high and re.search(r"\d{4}", m.text):
                page = m.low
            continue
        if published is not None:
            low, high = m.low, min(m.high, published)
            vague = _ROUGHLY_AGO.search(m.text)
            if vague:  # "two weeks ago" is a round figure: about half a unit either way
                slack = _AGO_SLACK[vague.group(1).lower()]
                low, high = low - slack, min(high + slack, published)
            single = m.low == m.high and not vague
            back = (published - low).days
            if 0 <= back <= (EVENT_DATE_BEFORE if single and m.basis != "explicit" else EXPLICIT_DATE_BEFORE):
                # the day that ends first: a follow-up names the occurrence's time next to its own
                # day ("arrested on Monday in last month's shooting", "the toll from last weekend's sinking")
                ends_first = (high, (high - low).days, low)
                best = ends_first if best is None or ends_first < best else best
        elif page is None and m.basis == "explicit" and m.kind in ("date", "datetime") and re.search(r"\d{4}", m.text):
            page = m.low
    if best is not None:
        high, width, low = best
        # "last month" places the event but cannot tell two shootings a day apart: not the lead's day
        return low, high, width <= RANGE_DAYS, None
    day = published or page
    if day is None:
        # undated: "on Sunday" still tells a Sunday's quake from a Thursday's
        for m in mentions:
            line_start = lead.rfind("\n", 0, m.start) + 1
            if m.kind in ("weekday", "relative") and (wd := _WEEKDAY_NAME.search(m.text)) \
                    and not _DATELINE_PREFIX.match(lead[line_start : m.start]):  # fmt: skip
                return None, None, False, _WEEKDAY_NUMBER[wd.group(1).lower()]
    return day, day, False, None


# a sentence that opens with its day ("On Thursday, May 8, 2025, at about 10:30 p.m., officers responded ..."),
# as police releases write: the words after the date run on as prose, where a dateline's line ends or an agency
# or a dash follows ("Posted on May 8, 2025", "June 4 (Agency) -")
_SENTENCE_OPENER = re.compile(r"^\W*on\W*$", re.IGNORECASE)
_RUNS_ON = re.compile(r"[ \t]*,[ \t]*[^\W\d_]+[ \t]+[^\W_]")


def _dated_sentence(lead: str, before: str, end: int) -> bool:
    """Whether a date at a line's start opens a sentence ("On May 8, 2025, at about ...") rather than a dateline."""
    return bool(_SENTENCE_OPENER.match(before)) and _RUNS_ON.match(lead, end) is not None


_WEEKDAY_NAME = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)(?:day|\.)?\b", re.IGNORECASE)
_WEEKDAY_NUMBER = {w: k for k, w in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}


_EVENT_KINDS = frozenset({"date", "datetime", "weekday", "relative", "period"})
_ROUGHLY_AGO = re.compile(r"\b(week|month|year)s?\s+(?:ago|earlier|before)\b", re.IGNORECASE)
_AGO_SLACK = {"week": dt.timedelta(days=4), "month": dt.timedelta(days=15), "year": dt.timedelta(days=183)}
_WEEKDAY_ONLY = re.compile(r"^\W*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\W*$", re.IGNORECASE)
_FIRST_LINE_DATE = re.compile(r"\A\s*date\s+\d{4}-\d{2}-\d{2}\b[ \t]*")


def make_doc(article: Article, lex: Words) -> Doc:
    """Read one article into a Doc."""
    text = kept_text(article.text, article.excluded) if article.excluded else article.text
    outlet = outlet_labels(article.url)
    head, prose = _prose(text, lex, outlet)
    title = _headline(outlet_cut(article.title or "", outlet), lex) or _headline(head, lex)
    lead = prose[:LEAD_CHARS]
    body = prose[LEAD_CHARS:BODY_CHARS]
    lead_text = f"{title}\n{lead}"
    # A headline in title case capitalises every word: its names come again in the prose.
    named = f"{'' if is_title_case(title) else title}\n{lead}\n{body}"
    lead_tokens, body_tokens = _WORD.findall(lead_text), _WORD.findall(body)
    lead_words = words(lead_text, lex.stop, lead_tokens)
    slug_words = url_slug(article.url, lex)
    slug = words(" ".join(slug_words), lex.stop)
    lower = {w for w in lead_tokens + body_tokens if w[0].islower()}
    found = names(named, lex, lower)
    streets = sorted({street_core(n, lex) for n in found if n.split()[-1] in lex.street_heads and len(n.split()) > 1})
    return Doc(
        key=article.content_hash or article.article_id,
        article_id=article.article_id,
        title=title or _first_sentence(prose),
        lead=lead_words + slug,
        body=words(body, lex.stop, body_tokens),
        names=found,
        people=sorted({n for n in found if _person_like(n, lex)}),
        figures=(figs := figures(both := f"{lead_text}\n{body}")),
        years=years(both),
        date=None,
        date_from_lead=False,
        published=article.published,
        phrases=[f"{a} {b}" for a, b in pairwise(lead_words)],
        specifics=sorted({t for n in found for t in n.split() if _specific(t, lex)} | set(figs)),
        lead_text=lead_text,
        numbered=numbered_names(both, lex),
        streets=streets,
        # most reports name no office: the scan is skipped unless a head word ("minister") is there
        roles=roles_held(named, lex) if lex.role_heads.intersection(map(str.lower, lead_tokens + body_tokens)) else [],
        blocks=street_blocks(both, lex),
        lead_streets=(on := _lead_streets(f"{'' if is_title_case(title) else title}\n{lead}", streets, lex, lower)),
        lead_names=_lead_names(found, lead_text) if on else [],
        lead_places=lead_places(lead_text, lex),
        lead_clocks=lead_clocks(lead_text, lex),
        slug=slug_words,
    )


_SLUG_SPLIT = re.compile(r"[-_+.~]+")
MAX_SLUG_WORDS = 16


def url_slug(url: str | None, lex: Words) -> list[str]:
    """The words of a page's slug, the last path segment with a word that is not a section's or a filing
    word ("https://x.example/news/2025/07/03/quarry-fire-kills-two.html" -> quarry, fire, kills, two; filing
    numbers such as "12345" or "a1b2c3" hold no word)."""
    for segment in reversed(url_path(url).split("/")):  # never the host: it names the outlet, not the event
        found = [w for w in _SLUG_SPLIT.split(segment.lower()) if w.isalpha() and w not in lex.url_filing]
        if found:
            return found[:MAX_SLUG_WORDS]
    return []


def lead_clocks(lead: str, lex: Words) -> list[int]:
    """Clock times of a lead in minutes after midnight ("shortly after 11:20 p.m." -> 1400), leaving out a time
    given in a named zone ("22:11 GMT", "6:11 p.m. ET"): one occurrence's time differs by zone between reports."""
    out = set()
    for m in _CLOCK_TIME.finditer(lead):
        zone = _ZONE_AFTER.match(lead, m.end())
        if zone and zone.group(1).lower() in lex.time_zones:
            continue
        hour, minute, half = int(m.group(1) or m.group(4)), int(m.group(2) or m.group(5) or 0), m.group(3)
        if half is not None:
            if hour > 12:
                continue  # "14:30 p.m.": no reading
            hour = hour % 12 + (12 if half.lower() == "p" else 0)
            out.add(hour * 60 + minute)
        elif hour < 13:
            out.update({hour * 60 + minute, (hour + 12) % 24 * 60 + minute})
        else:
            out.add(hour * 60 + minute)
    return sorted(out)


def lead_places(lead: str, lex: Words) -> list[str]:
    """Names right after a place word of the lexicon ("in Milton", "near Tilbury"), lower-cased, streets aside."""
    if not lex.place_words:
        return []
    out = set()
    for m in _AFTER_WORD.finditer(lead):
        if m.group(1).lower() not in lex.place_words:
            continue
        tokens = [_clean(t) for t in m.group(2).split()]
        while tokens and tokens[-1] in lex.not_names:
            tokens.pop()
        if tokens and tokens[0] not in lex.not_names and tokens[-1] not in lex.street_heads:
            out.add(" ".join(tokens))
    return sorted(out)


def _lead_names(found: list[str], lead_text: str) -> list[str]:
    lowered = lead_text.lower()
    counts = Counter(found)
    return sorted(n for n, k in counts.items() if (k > 1 or " " in n) and n in lowered)


def _lead_streets(lead: str, streets: list[str], lex: Words, lower_words: set[str]) -> list[str]:
    """Of a report's streets, those its title and lead name (read only when it names any street at all)."""
    if not streets:
        return []
    return sorted({street_core(n, lex) for n in names(lead, lex, lower_words)}.intersection(streets))


def roles_held(text: str, lex: Words) -> list[str]:
    """Offices named with their holder ("Interior Secretary Ana Petrovic" -> "interior secretary|ana petrovic").

    The office is the words up to its last head word ("secretary", "chief"), at least two of them, so that
    "Fire Chief" and "Police Chief" are two offices and a bare "President" (of which a story may name
    several) is none; an office held once ("former", "the late") says nothing of the occurrence.
    """
    out = set()
    for m in _NAME.finditer(text):
        tokens = [_clean(p) for p in m.group().split()]
        heads = [k for k, t in enumerate(tokens) if t in lex.role_heads]
        if not heads:
            continue
        k = heads[-1]
        office = tokens[: k + 1]
        before = _WORD_BEFORE.search(text, max(0, m.start() - 24), m.start())
        past = bool(before) and before.group(1).strip("-").lower() in lex.role_past  # type: ignore[union-attr]
        while office and office[0] in lex.stop:
            past = past or office.pop(0) in lex.role_past  # "The Interior Secretary", "Former Interior Secretary"
        holder = [t for t in tokens[k + 1 :] if t not in lex.not_names and len(t) > 1]
        if len(office) < 2 or not holder or past:
            continue
        out.add(f"{' '.join(office)}|{' '.join(holder)}")
    return sorted(out)


def street_core(street: str, lex: Words) -> str:
    """A street's name without a leading direction ("east butler avenue" -> "butler avenue"): reports of one
    incident write it with and without one."""
    first, _, rest = street.partition(" ")
    return rest if first in lex.street_directions and len(rest.split()) > 1 else street


def street_blocks(text: str, lex: Words) -> list[str]:
    """Blocks of streets a report places the event on ("the 4800 block of Elm Street" -> "elm street|4800")."""
    out = set()
    for m in _ADDRESS.finditer(text):
        street = [_clean(p) for p in m.group(2).split()]
        ends = [k for k, t in enumerate(street) if t in lex.street_heads]
        if ends and ends[-1] > 0:  # "Elm Street" of "Elm Street Tuesday"
            out.add(f"{street_core(' '.join(street[: ends[-1] + 1]), lex)}|{int(m.group(1)) // 100 * 100}")
    return sorted(out)


def numbered_names(text: str, lex: Words) -> list[str]:
    """Names written with a number ("Internet Explorer 8" -> "internet explorer|8"), without the words that
    are no names ("On May 9", "The 30")."""
    out = set()
    for m in _NAMED_NUMBER.finditer(text):
        name = [w for w in m.group(1).split() if w.lower() not in lex.not_names]
        if name and m.group(1).split()[-1] == name[-1]:  # the number follows the name itself
            out.add(f"{' '.join(name).lower()}|{m.group(2)}")
    return sorted(out)


def make_docs(articles: Sequence[Article], lex: Words) -> list[Doc]:
    """Read articles into Docs, with the event's day of each."""
    docs = [make_doc(a, lex) for a in articles]
    days = event_dates([(d.lead_text, d.published) for d in docs], lex.statement_verbs, lex.count_verbs)
    for d, (low, high, from_lead, wd) in zip(docs, days, strict=True):
        d.date, d.date_last, d.date_from_lead, d.weekday = low, high, from_lead, wd
        d.lead_text = ""  # read: no need to keep it
    return docs


def _specific(token: str, lex: Words) -> bool:
    """A word of a name that can tell one occurrence from another: not "department", "river" or "the"."""
    return len(token) > 1 and token not in lex.name_heads and token not in lex.not_names and token not in lex.stop


def _person_like(name: str, lex: Words) -> bool:
    """ "Ana Petrovic", "Sharron Diane Crawford Smith"; not "Quarry Street" or "Harlow Police Department"."""
    tokens = name.split()
    return 2 <= len(tokens) <= 4 and not any(t in lex.name_heads or t in lex.not_names for t in tokens)


def _headline(line: str, lex: Words) -> str:
    """A title as given, without a leading "date 2023-11-27" and never a byline ("By AFP")."""
    line = _FIRST_LINE_DATE.sub("", line).strip()
    return "" if line.lower().startswith(lex.chrome_starts) else line


def _first_sentence(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return first[:160]
