"""Spans to leave out of extraction (page chrome, embeds, repeated paragraphs) and duplicate articles."""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

# Whole lines that are navigation, share buttons, app links or language switches. Kept as data so a
# newsroom's own chrome can be added in one place.
_CHROME_WORDS = frozenset(
    (
        "twitter", "x", "youtube", "instagram", "facebook", "telegram", "vk", "vkontakte", "whatsapp",
        "viber", "linkedin", "tiktok", "pinterest", "reddit", "rss", "odnoklassniki", "ok", "threads",
        "mastodon", "email", "e-mail", "mail", "flipboard", "appgallery",
        "search", "menu", "print", "share", "copied", "close", "login", "subscribe", "register", "home",
        "back", "next", "previous", "more", "comments", "advertisement", "ad", "sponsored", "a+", "a-",
        "night_theme", "top",
        # language switchers
        "ru", "en", "eng", "rus", "arm", "am", "az", "aze", "ua", "ukr", "uk", "de", "fr", "es", "ar", "he",
        "tr", "kz", "ge", "ka", "hy",
        "поделиться", "печать", "реклама", "комментарии", "поиск", "меню",
    )
)  # fmt: skip
_MULTIWORD_CHROME = frozenset(
    (
        "apple store", "app store", "google play", "play market", "share this", "copy link", "link copied",
        "log in", "sign in", "sign up", "read more", "show more", "load more", "night theme", "dark mode",
        "light mode", "to top", "back to top", "ссылка скопирована",
    )
)  # fmt: skip
_CHROME_PATTERNS = re.compile(
    r"""^(?:
        (?:views?|просмотр\w*|reads?)\s*:?\s*[\d\s.,]+[km]?             # view counters
      | [\d\s.,]+[km]?\s+(?:views?|reads|просмотр\w*)
      | .{0,80}(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4}).{0,80}  # copyright lines
      | copyright\b.{0,80}
      | .{0,120}all\s+rights\s+reserved.{0,120}
      | .{0,40}(?:any\s+use\s+of\s+(?:the\s+)?materials|use\s+of\s+materials\s+is\s+(?:allowed|permitted)
               |reproduction\s+.{0,40}(?:prohibited|forbidden)|hyperlink\s+to\s+\S+\s+is\s+required).{0,160}
      | (?:follow|join|subscribe\s+to|find)\s+(?:us|our)\b.{0,80}        # social calls to action
      | .{0,30}share\s+(?:it\s+)?(?:on|via|with)\s+(?:social|facebook|twitter|x\b|telegram|whatsapp).{0,40}
      | .{0,30}liked\s+the\s+(?:story|article)\?.{0,80}
      | .{0,60}(?:we\s+use\s+cookies|uses\s+cookies|cookie\s+(?:policy|settings|preferences)
               |accept\s+(?:all\s+)?cookies).{0,200}
      | (?:read|see)\s+(?:also|more)\s*[:\-–—].{0,200}                  # links to other articles
      | also\s+read\s*[:\-–—].{0,200}
      | related\s*:.{0,200}
      | читайте\s+также.{0,200}
      | (?:photo|image|фото|source\s+of\s+photo)\s*:\s*.{0,80}          # photo credits
      | what\s+are\s+you\s+looking\s+for\s*\??
      | sign\s+up\s+for\s+(?:our|the)\s+\w*\s*newsletter.{0,80}
      | click\s+here\b.{0,80}
      | [a-z]+(?:_[a-z]+)+                                              # template identifiers: night_theme
      | [—–-]\s*.{1,80}\(@\w{1,30}\)\s+\w+\s+\d{1,2},\s+\d{4}          # embedded tweet attribution
      | skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|main|menu)\b.{0,20}  # accessibility links
      # an app promotion, a line of its own: no figure and no sentence around it
      | [^.!?\d]{0,40}\bdownload\s+(?:our|the)\s+(?:free\s+)?(?:\S+\s+){0,3}?app\b[^.!?\d]{0,40}[.!]?
      # a weather widget: "70°F Sunny Bellmont", "12°C Partly cloudy"
      | -?\d{1,3}\s*°\s*[fc]?\s+(?:mostly\s+|partly\s+)?(?:sunny|clear|cloudy|windy|rain|rainy|showers|snow|fog|foggy
               |storms?|overcast|humid|haze|hazy|drizzle|thunderstorms?|sleet|fair)\b(?:\s+\S+){0,3}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Headings of a box of links to other stories ("Most Read", "Trending now:"): the headlines listed under one
# are other stories' (their tolls are not this article's), up to the next line of prose.
_LIST_HEADINGS = frozenset(
    (
        "most read", "most popular", "most viewed", "most watched", "trending", "trending now", "popular",
        "popular now", "top stories", "more stories", "more news", "latest", "latest news", "latest stories",
        "recommended", "recommended for you", "you may also like", "you might also like", "editor's picks",
        "editors' picks", "don't miss", "in other news", "also in the news", "more headlines", "top headlines",
        "read more", "read next", "you may have missed", "you might have missed", "related", "related stories",
        "also read", "see also",
    )
)  # fmt: skip
# a list item: "1. ", "- ", "• ", "* " before the headline
_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[-–—•*·])\s+\S")
# Links inside prose: their digits are not figures ("pic.twitter.com/Y5XD2SVGp5").
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)
# a closing bracket alone ends no sentence: "Driver dies after crash on A627(M)" is a headline
_SENTENCE_END = re.compile(r"(?:[.!?…][\"”»’)]*|[\"”»])\s*$")
_REPEAT_MIN_CHARS = 40
_SHORT_WORDS = 6
_MAX_CHROME_CHARS = 400  # no chrome pattern matches a longer line


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, trimmed of surrounding whitespace."""
    spans = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            spans.append((start, start + len(stripped)))
        pos += len(raw) + 1
    return spans


def is_chrome_line(line: str) -> bool:
    """True for a line that is page furniture rather than article prose."""
    return _is_chrome_key(" ".join(line.lower().split()))


def _is_chrome_key(low: str) -> bool:
    # `low`: the line lower-cased with single spaces
    if low in _CHROME_WORDS or low in _MULTIWORD_CHROME:
        return True
    return len(low) <= _MAX_CHROME_CHARS and _CHROME_PATTERNS.match(low) is not None


# A navigation bar or footer menu: three or more items of one to four words, set apart by runs of spaces or
# by bars and bullets, none with a digit or a sentence's end ("News   Weather   Sports", "Privacy | Terms")
_MENU_SEPARATOR = re.compile(r"\s{2,}|\s*[|•·]\s*")
_MENU_ITEMS = 3


# Other heads of such a box, by their shape: "More Local News", "Latest world headlines", "Related coverage"
_TEASER_HEAD = re.compile(
    r"(?:(?:more|latest|top|trending|related|recommended|popular|recent|most\s+(?:read|popular|viewed|shared))"
    r"(?:\s+[\w&]+){0,2}?\s+(?:news|stories|headlines|articles|videos|links|coverage|reads|releases|posts|updates)"
    # "Trending on KXBL", "More from the Courier", "Popular in Metro": a box named after the site or a section
    r"|(?:trending(?:\s+now)?|popular|most\s+(?:read|popular|viewed|shared)|latest|more)\s+(?:on|from|in|at)"
    r"(?:\s+[\w&.'’-]+){1,4}"
    r"|trending(?:\s+now)?|most\s+(?:read|popular|viewed)|you\s+may\s+also\s+like|recommended\s+for\s+you)\s*:?",
    re.IGNORECASE,
)
_TEASER_MAX_WORDS = 15


def _is_menu(raw: str) -> bool:
    if len(raw) > _MAX_CHROME_CHARS or any(ch.isdigit() for ch in raw):
        return False
    items = [item for item in _MENU_SEPARATOR.split(raw.strip()) if item]
    return len(items) >= _MENU_ITEMS and all(
        len(item.split()) <= 4 and _SENTENCE_END.search(item) is None for item in items
    )


def _is_short(key: str, words: int) -> bool:
    if words > _SHORT_WORDS or any(ch.isdigit() for ch in key):
        return False
    return _SENTENCE_END.search(key) is None


def _is_prose(key: str, words: int) -> bool:
    return words >= 8 or (words >= 4 and _SENTENCE_END.search(key) is not None)


def excluded_spans(text: str, known: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Sorted, merged spans of `text` to leave out of extraction; every span satisfies 0 <= s < e <= len."""
    lines = _lines(text)
    spans: list[tuple[int, int]] = [(s, e) for s, e in known if 0 <= s < e <= len(text)]
    split = [text[s:e].split() for s, e in lines]
    keys = [" ".join(words) for words in split]  # whitespace-normalised line
    counts = [len(words) for words in split]
    chrome = [_is_chrome_key(key.lower()) or _is_menu(text[s:e]) for key, (s, e) in zip(keys, lines, strict=True)]

    # Short lines repeated in one article are menus, section labels or captions ("instagram",
    # "WORLD", "Follow us on Instagram"): all copies go.
    short_counts: dict[str, int] = defaultdict(int)
    for key, n in zip(keys, counts, strict=True):
        if _is_short(key, n):
            short_counts[key.casefold()] += 1
    if short_counts:
        for i, key in enumerate(keys):
            if short_counts.get(key.casefold(), 0) > 1:
                chrome[i] = True

    # A box of other stories' headlines: the heading and each line under it, up to the next line of prose that
    # is no list item ("1. Three hurt when ..." is a headline however long; a headline ends in no full stop)
    i = 0
    while i < len(lines):
        i += 1
        head = keys[i - 1]
        if head.lower().rstrip(" :").replace("’", "'") not in _LIST_HEADINGS and not _TEASER_HEAD.fullmatch(head):
            continue
        chrome[i - 1] = True
        while i < len(lines) and (_LIST_ITEM.match(keys[i]) or not _is_prose(keys[i], counts[i]) or (
                counts[i] <= _TEASER_MAX_WORDS and _SENTENCE_END.search(keys[i]) is None)):  # fmt: skip
            chrome[i] = True  # each line is looked at once: the scan goes on from the box's end
            i += 1

    # The block after the last prose line is footer (byline, outlet, tagline) when it is mostly chrome.
    tail = len(lines)
    while tail > 0 and (chrome[tail - 1] or not _is_prose(keys[tail - 1], counts[tail - 1])):
        tail -= 1
    if sum(chrome[tail:]) >= 2:
        for i in range(tail, len(lines)):
            # a closing list of figures ("Killed: 42,700") is content even among share buttons
            if not any(ch.isdigit() for ch in keys[i]):
                chrome[i] = True

    # A paragraph repeated verbatim (a CMS or scraper glitch) would count its figures twice: keep the first.
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if chrome[i] or len(key) < _REPEAT_MIN_CHARS:
            continue
        if key in seen:
            chrome[i] = True
        else:
            seen.add(key)

    spans.extend(span for span, flag in zip(lines, chrome, strict=True) if flag)
    if "://" in text or "www." in text or "WWW." in text or "pic.twitter" in text:  # skip the scan if none
        spans.extend(m.span() for m in _URL.finditer(text))
    return merge_spans(text, spans)


def merge_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and join those that overlap or are separated only by whitespace."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if s >= e:
            continue
        if merged and (s <= merged[-1][1] or not text[merged[-1][1] : s].strip()):
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def kept_text(text: str, excluded: Sequence[tuple[int, int]]) -> str:
    """The text with excluded spans removed (spans replaced by a newline so words do not fuse)."""
    parts = []
    pos = 0
    for s, e in excluded:
        parts.append(text[pos:s])
        parts.append("\n")
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def normalise_for_match(text: str) -> str:
    """Lower-case words only: chrome, punctuation and spacing differences between copies disappear."""
    return " ".join(_WORD.findall(text.casefold()))


_SHINGLE = 5  # words per shingle
_SKETCH = 16  # smallest shingle hashes kept per article (bottom-k sketch)
_MIN_SHARED = 4  # shared sketch values needed to compare two texts (near copies share about 16 x Jaccard)
_BUCKET_CAP = 200  # a shingle in more articles than this is boilerplate, not evidence of copying
_MAX_CHECKS = 16  # rapidfuzz confirmations per article at most
_WINDOW = 15_000  # characters compared at each end of long texts
_SKETCH_WORDS = 2_500  # words shingled at each end of long texts
_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD)
_DIGITS = re.compile(r"\d+")
NEAR_DUPLICATE_SCORE = 90.0  # rapidfuzz ratio (0-100) on normalised text


def _sketch(words: list[str], cache: dict[str, int]) -> list[int]:
    """The smallest hashes of the text's 5-word shingles (a bottom-k sketch: similar sets share them)."""
    if len(words) > 2 * _SKETCH_WORDS:
        # Like the rapidfuzz check, the sketch looks at the two ends only: a book-length file
        # must not cost millions of hashes.
        words = words[:_SKETCH_WORDS] + words[-_SKETCH_WORDS:]
    if len(words) < _SHINGLE:
        return [zlib.crc32(" ".join(words).encode())] if words else []
    import numpy as np  # lazy; numpy arrives with pandas anyway

    # crc32 rather than hash(): stable across processes, so results never depend on PYTHONHASHSEED.
    # A shingle's hash mixes its words' hashes with odd multipliers; uint64 arithmetic wraps.
    for w in dict.fromkeys(words).keys() - cache.keys():  # each distinct word is hashed once per corpus
        cache[w] = zlib.crc32(w.encode())
    h = np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))
    n = len(words) + 1 - _SHINGLE
    mixed = np.zeros(n, dtype=np.uint64)
    for k, mult in enumerate(_MIX):
        mixed = mixed * np.uint64(mult) + h[k : k + n]
    mixed ^= mixed >> np.uint64(29)
    unique = np.unique(mixed)  # sorted
    return [int(v) for v in unique[:_SKETCH]]


def _similar(ratio: Callable[..., float], a: str, b: str) -> bool:
    # ratio is quadratic in length: long texts are compared by their head and tail, where the
    # differences between versions of one story (lede, figures, sign-off) show.
    if max(len(a), len(b)) <= 2 * _WINDOW:
        return bool(ratio(a, b, score_cutoff=NEAR_DUPLICATE_SCORE))
    return bool(
        ratio(a[:_WINDOW], b[:_WINDOW], score_cutoff=NEAR_DUPLICATE_SCORE)
        and ratio(a[-_WINDOW:], b[-_WINDOW:], score_cutoff=NEAR_DUPLICATE_SCORE)
    )


def find_duplicates(texts: Sequence[str]) -> list[int | None]:
    """For each normalised text, the index of the earliest earlier text it duplicates, or None."""
    return [dup for dup, _ in find_copies(texts)]


class SketchStore(Protocol):
    """Where each text's sketch is kept between runs (the history's copy_sketches table): records by key."""

    def get(self, keys: list[str]) -> dict[str, bytes]: ...

    def put(self, items: dict[str, bytes]) -> None: ...


def sketch_salt() -> str:
    """What every sketch and copy verdict follows from besides the texts: this module and rapidfuzz."""
    import rapidfuzz

    return hashlib.sha256(Path(__file__).read_bytes() + f"\0rapidfuzz {rapidfuzz.__version__}".encode()).hexdigest()


def find_copies(texts: Sequence[str], store: SketchStore | None = None, keys: Sequence[str] | None = None
                ) -> list[tuple[int | None, int | None]]:  # fmt: skip
    """For each normalised text: (earliest text it duplicates, earliest text it is a revision of).

    Exact copies are found by hash; near copies by a bottom-k shingle sketch that picks candidate
    pairs cheaply, then confirmed with rapidfuzz's ratio, so 10,000 articles never cost n² comparisons.
    A near copy whose figures differ is not a duplicate but a revision: "17 rescued" corrected to
    "15 rescued" is exactly what the checker must compare, so it is never skipped.

    With `store` and `keys` (one per text, naming what the text was made from), each text's sketch and the
    verdicts on the earlier texts it was checked against are kept: a nightly run reads (`texts[i]`) only its new
    texts and those a new pair needs, with the same result.
    """
    if len(texts) < 2:
        return [(None, None)] * len(texts)  # one article copies nothing: skip the sketch's set-up
    from rapidfuzz import fuzz  # lazy: only loading pays for it

    records = _Sketches(texts, store, keys)
    result: list[int | None] = [None] * len(texts)
    revision: list[int | None] = [None] * len(texts)
    exact: dict[str, int] = {}
    buckets: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        digest, length, sketch = records.of(i)
        if not length:
            continue
        first = exact.get(digest)
        if first is not None:
            result[i] = first
            continue
        exact[digest] = i
        shared: dict[int, int] = defaultdict(int)
        for value in sketch:
            bucket = buckets[value]
            if len(bucket) <= _BUCKET_CAP:
                for j in bucket:
                    shared[j] += 1
        need = min(_MIN_SHARED, len(sketch))
        # Most-similar first, earliest on ties; a bounded number of checks keeps a corpus of many
        # revisions of one live blog from costing a rapidfuzz call per earlier version.
        ranked = sorted((k for k, n in shared.items() if n >= need), key=lambda k: (-shared[k], k))
        for j in ranked[:_MAX_CHECKS]:
            shorter, longer = sorted((length, records.of(j)[1]))
            # ratio >= 90 is impossible when one text is under ~82% of the other's length.
            if shorter < 0.8 * longer:
                continue
            verdict = records.verdict(i, j, lambda a, b: _copy_verdict(fuzz.ratio, a, b))
            if verdict == _REVISION:
                if revision[i] is None:
                    revision[i] = j
                continue
            if verdict == _COPY:
                root = result[j]
                result[i] = j if root is None else root
                break
        if result[i] is None:
            for value in sketch:
                buckets[value].append(i)
    records.save()
    return list(zip(result, revision, strict=True))


_APART, _COPY, _REVISION = 0, 1, 2  # what a later text is of an earlier one


def _copy_verdict(ratio: Callable[..., float], norm: str, other: str) -> int:
    if not _similar(ratio, norm, other):
        return _APART
    # A copy may drop figures (no headline, a shorter cut) but must not add or change one:
    # skipping it then loses nothing the earlier article does not already say.
    return _REVISION if Counter(_DIGITS.findall(norm)) - Counter(_DIGITS.findall(other)) else _COPY


class _Sketches:
    """Each text's (digest, length, sketch) and its verdicts on earlier texts (by their digests): from `store`
    where kept, else made from the text; `save` keeps what was made."""

    def __init__(self, texts: Sequence[str], store: SketchStore | None, keys: Sequence[str] | None) -> None:
        self.texts, self.store = texts, store
        self.keys = list(keys) if store is not None and keys is not None else None
        self.made: list[tuple[str, int, list[int]] | None] = [None] * len(texts)
        self.verdicts: list[dict[str, int]] = [{} for _ in texts]
        self.changed: set[int] = set()
        self.word_hashes: dict[str, int] = {}  # each distinct word is hashed once per corpus
        if self.keys is not None and self.store is not None:
            stored = self.store.get(list(dict.fromkeys(self.keys)))
            for i, key in enumerate(self.keys):
                if key in stored:
                    digest, length, sketch, verdicts = json.loads(stored[key])
                    self.made[i], self.verdicts[i] = (digest, length, sketch), verdicts

    def of(self, i: int) -> tuple[str, int, list[int]]:
        made = self.made[i]
        if made is None:
            norm = self.texts[i]
            made = self.made[i] = (hashlib.sha256(norm.encode()).hexdigest(), len(norm),
                                   _sketch(norm.split(), self.word_hashes) if norm else [])  # fmt: skip
            self.changed.add(i)
        return made

    def verdict(self, i: int, j: int, judge: Callable[[str, str], int]) -> int:
        other = self.of(j)[0]
        known = self.verdicts[i].get(other)
        if known is None:
            known = self.verdicts[i][other] = judge(self.texts[i], self.texts[j])
            self.changed.add(i)
        return known

    def save(self) -> None:
        if self.keys is None or self.store is None or not self.changed:
            return
        items = {}
        for i in sorted(self.changed):
            digest, length, sketch = self.of(i)
            items[self.keys[i]] = json.dumps([digest, length, sketch, self.verdicts[i]]).encode()
        self.store.put(items)


_TITLE_END = re.compile(r"[.!?…:;,]$")


def guess_title(text: str, excluded: Sequence[tuple[int, int]]) -> str | None:
    """The headline of a plain-text article: its first kept line when short, unpunctuated and set apart.

    A blank line must follow, so an opening sentence hard-wrapped across lines is never taken for one.
    """
    for s, e in _lines(text):
        if any(xs <= s < xe for xs, xe in excluded):
            continue
        line = text[s:e].lstrip("#").strip()  # Markdown "# Headline"
        words = len(line.split())
        after = text[e : e + 2]
        if 2 <= words <= 25 and not _TITLE_END.search(line) and (after.startswith("\n\n") or e == len(text)):
            return line
        return None
    return None
