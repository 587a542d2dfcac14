"""Read article files, folders and stdin (.txt .md .html .jsonl .csv) into Articles; never raises on input."""

from __future__ import annotations

import hashlib
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO

from checker.models import Article, SkippedInput

from .clean import SketchStore, excluded_spans, find_copies, guess_title, kept_text, normalise_for_match, sketch_salt
from .decode import BinaryInput, decode_bytes
from .fields import Draft
from .files import FORMATS, SUPPORTED_EXTENSIONS, FoundFile, discover, posix, read_limited, size_text
from .html import parse_html
from .rows import Row, read_csv, read_jsonl
from .text import parse_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "STDIN",
    "SUPPORTED_EXTENSIONS",
    "LoadResult",
    "load_articles",
    "load_bytes",
]

STDIN = "-"
DEFAULT_MAX_BYTES = 20_000_000
_STDIN_SOURCE = "stdin"
_PLAIN_FORMATS = frozenset(ext.lstrip(".") for ext, kind in FORMATS.items() if kind == "text")


@dataclass(slots=True)
class LoadResult:
    """What a load produced: articles in input order, every input not (fully) read, and the paths as given."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[SkippedInput] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[SkippedInput]:
        """Inputs that were not read at all."""
        return [s for s in self.skipped if s.fatal]

    @property
    def warnings(self) -> list[SkippedInput]:
        """Inputs that were read, but with a line dropped, a guessed encoding or ignored metadata."""
        return [s for s in self.skipped if not s.fatal]


class FileCache(Protocol):
    """What a nightly run remembers of the files it read (checker.history): a file whose size and modification
    time are unchanged is not read again; one whose bytes hash the same is not parsed again."""

    def get(self, source: str, article_id: str, size: int, mtime_ns: int, digest: str | None
            ) -> tuple[list[Article], list[SkippedInput]] | None: ...  # fmt: skip

    def put(self, source: str, article_id: str, size: int, mtime_ns: int, digest: str, articles: list[Article],
            problems: list[SkippedInput]) -> None: ...  # fmt: skip


def load_articles(
    paths: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: TextIO | None = None,
    files: FileCache | None = None, sketches: SketchStore | None = None,
) -> LoadResult:  # fmt: skip
    """Read every article under `paths` (files, folders, `-` = JSON Lines on stdin); never raises on input.
    With `files`, an unchanged file's articles come from that cache instead of the disk; with `sketches`, the
    search for copies reads only the articles it has not sketched before."""
    result = LoadResult(inputs=list(paths))
    items: list[FoundFile | SkippedInput | str] = []
    seen_files: set[str] = set()
    for path in paths:
        if path == STDIN:
            if STDIN not in items:
                items.append(STDIN)
            continue
        for item in discover(path):
            if isinstance(item, FoundFile):
                real = os.path.realpath(item.source)
                if real in seen_files:  # the same file via two arguments or a symlink: read it once
                    continue
                seen_files.add(real)
            items.append(item)

    # Two inputs with the same relative name (a/x.txt and b/x.txt given as folders a/ and b/) are both
    # named by their path as given, so neither id depends on which one happened to come first.
    rel_counts = Counter(i.rel for i in items if isinstance(i, FoundFile))
    finder = _date_finder()
    finished: list[Article] = []
    for entry in items:
        if isinstance(entry, SkippedInput):
            result.skipped.append(entry)
            continue
        if isinstance(entry, str):  # the stdin marker
            new, problems = _read_stdin(stdin, max_bytes)
            finished.extend(_finish(d, finder, problems) for d in new)
        else:
            article_id = entry.rel if rel_counts[entry.rel] == 1 else posix(entry.source)
            articles, problems = _read_file(entry, article_id, max_bytes, finder, files)
            finished.extend(articles)
        result.skipped.extend(problems)
    result.articles, problems = _assemble(finished, sketches)
    result.skipped.extend(problems)
    return result


def _read_file(entry: FoundFile, article_id: str, max_bytes: int, finder: Callable[[str], Any] | None,
               files: FileCache | None) -> tuple[list[Article], list[SkippedInput]]:  # fmt: skip
    """One file's articles, each finished on its own (date, excluded spans, title); from `files` when the file
    is unchanged: the same size and modification time (not read at all), or the same bytes (not parsed)."""
    stat = None
    if files is not None:
        try:
            stat = os.stat(entry.source)
        except OSError:
            stat = None
        if stat is not None and stat.st_size <= max_bytes:
            known = files.get(entry.source, article_id, stat.st_size, stat.st_mtime_ns, None)
            if known is not None:
                return known
    data = read_limited(entry.source, max_bytes)
    if isinstance(data, SkippedInput):
        return [], [data]
    digest = hashlib.sha256(data).hexdigest() if files is not None else ""
    if files is not None and stat is not None:
        known = files.get(entry.source, article_id, stat.st_size, stat.st_mtime_ns, digest)
        if known is not None:
            return known
    drafts, problems = _read_bytes(data, entry.source, article_id, entry.kind, entry.suffix, max_bytes)
    articles = [_finish(d, finder, problems) for d in drafts]
    if files is not None and stat is not None and stat.st_size == len(data):
        files.put(entry.source, article_id, stat.st_size, stat.st_mtime_ns, digest, articles, problems)
    return articles, problems


def load_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Read one in-memory file as if it were the file `name` (the extension picks the format)."""
    suffix = os.path.splitext(name)[1].lower()
    result = LoadResult(inputs=[name])
    if suffix not in FORMATS:
        result.skipped.append(SkippedInput(source=name, reason=f"unsupported file type {suffix or '(none)'}"))
        return result
    if len(data) > max_bytes:
        reason = f"file is {size_text(len(data))}, over the limit of {size_text(max_bytes)} (--max-bytes)"
        result.skipped.append(SkippedInput(source=name, reason=reason))
        return result
    drafts, result.skipped = _read_bytes(data, name, posix(name), FORMATS[suffix], suffix, max_bytes)
    finder = _date_finder()
    result.articles, problems = _assemble([_finish(d, finder, result.skipped) for d in drafts])
    result.skipped.extend(problems)
    return result


def _read_bytes(
    data: bytes, source: str, article_id: str, kind: str, suffix: str, max_bytes: int
) -> tuple[list[Draft], list[SkippedInput]]:
    """Drafts from one file's bytes; problems as SkippedInput (fatal when nothing was read)."""
    if not data.strip():
        return [], [SkippedInput(source=source, reason="empty file")]
    try:
        decoded = decode_bytes(data, html=kind == "html")
    except BinaryInput:
        return [], [SkippedInput(source=source, reason="binary file")]
    problems: list[SkippedInput] = []
    if decoded.warning:
        problems.append(SkippedInput(source=source, reason=decoded.warning, fatal=False))
    text = decoded.text
    if not text.strip():
        return [], [SkippedInput(source=source, reason="empty file")]
    fmt = suffix.lstrip(".")
    if kind in ("jsonl", "csv"):
        if kind == "jsonl":
            rows = read_jsonl(text, source)
        else:
            rows = read_csv(text, source, suffix=suffix, max_field=max_bytes)
        drafts = _collect_rows(rows, problems)
        if not drafts and not any(p.fatal for p in problems):
            problems.append(SkippedInput(source=source, reason="no readable rows"))
    else:
        draft = Draft(article_id=article_id, source=source, text="")
        if kind == "html":
            reason, warning = parse_html(text, draft)
            if warning:
                problems.append(SkippedInput(source=source, reason=warning, fatal=False))
            if reason:
                problems.append(SkippedInput(source=source, reason=reason))
                return [], problems
        else:
            problems.extend(parse_text(text, draft))
            if not draft.text.strip():
                problems.append(SkippedInput(source=source, reason="no article text after the front matter"))
                return [], problems
        drafts = [draft]
    for draft in drafts:
        draft.meta.setdefault("format", fmt)
        if decoded.encoding != "utf-8":
            draft.meta.setdefault("encoding", decoded.encoding)
    return drafts, problems


def _collect_rows(rows: Iterable[Row], problems: list[SkippedInput]) -> list[Draft]:
    drafts = []
    for draft, row_problems in rows:
        problems.extend(row_problems)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _read_stdin(stdin: TextIO | None, max_bytes: int) -> tuple[list[Draft], list[SkippedInput]]:
    stream: Any = stdin if stdin is not None else sys.stdin
    if stream is None:  # pythonw / daemons have no stdin at all
        return [], [SkippedInput(source=_STDIN_SOURCE, reason="no standard input")]
    try:
        buffer = getattr(stream, "buffer", None)
        # Bytes when we can get them, so stdin gets the same encoding detection as files.
        raw: bytes | str = buffer.read(max_bytes + 1) if buffer is not None else stream.read(max_bytes + 1)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        return [], [SkippedInput(source=_STDIN_SOURCE, reason=f"cannot read standard input: {exc}")]
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if len(data) > max_bytes:
        reason = f"standard input is over the limit of {size_text(max_bytes)} (--max-bytes)"
        return [], [SkippedInput(source=_STDIN_SOURCE, reason=reason)]
    if not data.strip():
        return [], [SkippedInput(source=_STDIN_SOURCE, reason="standard input is empty")]
    return _read_bytes(data, _STDIN_SOURCE, _STDIN_SOURCE, "jsonl", ".jsonl", max_bytes)


def _date_finder() -> Callable[[str], Any] | None:
    try:
        from checker.dates import article_date
    except ImportError:  # dates.py is optional for loading: without it dates stay "unknown"
        return None
    return article_date


def _url_day(url: str | None) -> Any:
    from checker.dates import url_date

    return url_date(url)


def _finish(draft: Draft, finder: Callable[[str], Any] | None, problems: list[SkippedInput]) -> Article:
    """One draft made an article on its own: date from the text, excluded spans, title, hash."""
    text = draft.text
    if draft.published is None and finder is not None:
        try:
            found = finder(text)
        except Exception as exc:  # a bug in date detection must not lose the article
            problems.append(SkippedInput(source=draft.source, reason=f"date detection failed: {exc!r}", fatal=False))
        else:
            date, basis, span = found
            filed = _url_day(draft.url) if basis in ("unknown", "embedded") else None
            if filed is not None:  # the day the page is filed under beats the newest post it embeds
                draft.published, draft.published_basis = filed, "url"
            elif date is not None:
                draft.published, draft.published_basis = date, basis
                if span is not None:
                    draft.meta.setdefault("published_span", f"{span[0]},{span[1]}")
    excluded = excluded_spans(text, draft.excluded)
    if draft.title is None and draft.meta.get("format") in _PLAIN_FORMATS:
        draft.title = guess_title(text, excluded)
        if draft.title is not None:
            draft.meta.setdefault("title_basis", "first_line")
    return Article(
        article_id=draft.article_id,
        source=draft.source,
        title=draft.title,
        url=draft.url,
        outlet=draft.outlet,
        published=draft.published,
        published_basis=draft.published_basis,
        text=text,
        excluded=excluded,
        meta=draft.meta,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


class _Normalised(Sequence[str]):
    """Each article's text as the search for copies compares it, made when first asked for."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self.made: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.articles)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        if i not in self.made:
            a = self.articles[i]
            self.made[i] = normalise_for_match(kept_text(a.text, a.excluded))
        return self.made[i]


def _sketch_keys(articles: list[Article]) -> list[str]:
    """What each article's normalised text is made of (its text and excluded spans), with the sketch code."""
    salt = sketch_salt()
    return [hashlib.sha256(f"{salt}\0{';'.join(f'{x},{y}' for x, y in a.excluded)}\0{a.text}".encode()).hexdigest()
            for a in articles]  # fmt: skip


def _assemble(finished: list[Article], sketches: SketchStore | None = None
              ) -> tuple[list[Article], list[SkippedInput]]:  # fmt: skip
    """What needs all the articles at once: unique ids and duplicate links."""
    problems: list[SkippedInput] = []
    used: set[str] = set()
    articles: list[Article] = []
    for article in finished:
        article_id = article.article_id
        if article_id in used:
            # Row ids are the user's; a repeated one must not merge two articles in the report.
            fallback = article.source if article.source not in used else f"{article.source}#{len(articles) + 1}"
            problems.append(
                SkippedInput(
                    source=article.source,
                    reason=f"duplicate id {article_id!r}; this article is named {fallback!r}",
                    fatal=False,
                )
            )
            article = article.model_copy(update={"article_id": fallback})
        used.add(article.article_id)
        articles.append(article)
    keys = _sketch_keys(articles) if sketches is not None and len(articles) > 1 else None
    copies = find_copies(_Normalised(articles), sketches, keys)
    for article, (original, earlier) in zip(articles, copies, strict=True):
        if original is not None:
            article.duplicate_of = articles[original].article_id
        elif earlier is not None:
            # Same story with different figures: compared like any article; the report can link them.
            article.meta.setdefault("revision_of", articles[earlier].article_id)
    return articles, problems
