"""Plain-text and Markdown articles: YAML front matter and the seeds' ` date YYYY-MM-DD` first line."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from checker.models import SkippedInput

from .fields import ALIASES, Draft, apply_fields, split_fields

_FRONT_OPEN = re.compile(r"\A---[ \t]*\n")
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$\n?", re.MULTILINE)
# The seeds start with " date 2023-11-27 " followed by the first sentence on the same line.
_FIRST_LINE_DATE = re.compile(r"\A[ \t]*date:?[ \t]+(\d{4})-(\d{1,2})-(\d{1,2})\b[ \t]*\n?", re.IGNORECASE)
_MAX_FRONT_MATTER = 200_000
# "url: ...", "published: ..." lines opening a file, then a blank line, with no "---" around them: the header a
# scraper or a hand writes. Only the metadata fields' own names open one, so a first line of prose never does.
_HEADER_KEYS = tuple(sorted({a for f in ("title", "url", "published", "outlet") for a in ALIASES[f]}
                            | {"author", "byline", "section", "updated", "source"}, key=len, reverse=True))
_HEADER_BLOCK = re.compile(
    r"\A(?:[ \t]*(?:" + "|".join(_HEADER_KEYS) + r")[ \t]*:[ \t]*\S[^\n]*\n){1,12}[ \t]*(?:\n|\Z)", re.IGNORECASE
)


_SIMPLE_LINE = re.compile(r"[A-Za-z_][\w-]*:[ \t]+[^\n:#'\"\[\]{}&*!|>%@`]*[ \t]*")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _load_yaml(block: str) -> Any:
    # most front matter is "key: plain value" lines: read those directly, as YAML would, because the
    # pure-Python YAML parser costs about half a millisecond an article on a large corpus
    lines = [line for line in block.split("\n") if line.strip()]
    if lines and all(_SIMPLE_LINE.fullmatch(line) for line in lines):
        data: dict[str, Any] = {}
        for line in lines:
            key, _, value = line.partition(":")
            value = value.strip()
            iso = _ISO_DATE.fullmatch(value)
            data[key] = dt.date(*map(int, iso.groups())) if iso else (None if value in {"~", "null"} else value)
        if len(data) == len(lines):  # a repeated key is left to YAML, which reports it
            return data
    from ruamel.yaml import YAML  # lazy: keeps `claimcheck --help` fast

    return YAML(typ="safe", pure=True).load(block)


def _apply_front_matter(draft: Draft, fields: tuple[dict[str, Any], dict[str, str]],
                        warnings: list[SkippedInput]) -> None:
    """The canonical fields onto the draft and the rest into its meta; an unreadable date is a warning."""
    canonical, meta = fields
    draft.meta.update(meta)
    warning = apply_fields(draft, canonical, "front_matter")
    if warning:
        warnings.append(SkippedInput(source=draft.source, reason=warning, line=1, fatal=False))


def parse_text(text: str, draft: Draft) -> list[SkippedInput]:
    """Fill `draft` from a .txt/.md file's decoded text; return non-fatal warnings (bad front matter)."""
    warnings: list[SkippedInput] = []
    offset = 0
    body = text
    kept_whole = False
    opened = _FRONT_OPEN.match(text)
    closed = _FRONT_CLOSE.search(text, opened.end()) if opened else None
    if opened and closed and closed.start() <= _MAX_FRONT_MATTER:
        block = text[opened.end() : closed.start()]
        offset = closed.end()
        body = text[offset:]
        try:
            data = _load_yaml(block)
        except Exception as exc:  # ruamel raises many error types (scanner, parser, constructor, recursion)
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            # +2: the YAML block starts on the file's second line, and marks are 0-based
            line = mark.line + 2 if mark is not None else 2
            problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
            warnings.append(
                SkippedInput(
                    source=draft.source,
                    reason=f"bad front matter ignored: {problem}",
                    line=line,
                    fatal=False,
                )
            )
            data = None
        if isinstance(data, dict):
            _apply_front_matter(draft, split_fields(data), warnings)
        elif data is not None:
            warnings.append(
                SkippedInput(
                    source=draft.source,
                    reason=f"front matter ignored: expected key: value pairs, got {type(data).__name__}",
                    line=2,
                    fatal=False,
                )
            )
        if not isinstance(data, dict):
            # Unreadable front matter may really be prose between two rules: keep every character in the
            # text (nothing is lost from the report) but leave the block out of extraction.
            draft.excluded.append((0, closed.end()))
            offset, body, kept_whole = 0, text, True
    elif opened and not closed:
        # A leading '---' with no closing line is a Markdown rule, not front matter: the text stays whole.
        pass
    elif not opened and (header := _HEADER_BLOCK.match(text)) is not None:
        data = {}
        for line in text[: header.end()].splitlines():
            key, _, value = line.partition(":")
            if value.strip():
                data.setdefault(key.strip().lower(), value.strip())
        fields = split_fields(data)
        if "published" in fields[0] or "url" in fields[0]:
            _apply_front_matter(draft, fields, warnings)
            offset = header.end()
            body = text[offset:]
    match = None if kept_whole else _FIRST_LINE_DATE.match(body)
    if match and draft.published is not None:
        # front matter dated the article already: the marker is metadata all the same, never an event's date
        offset += match.end()
        body = body[match.end() :]
    elif match:
        try:
            date = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            warnings.append(
                SkippedInput(
                    source=draft.source,
                    reason=f"first-line date {match.group(0).strip()!r} is not a calendar date",
                    line=1 + text.count("\n", 0, offset),
                    fatal=False,
                )
            )
        else:
            draft.published = date
            draft.published_basis = "first_line"
            # The marker is metadata, not prose: dropping it keeps "2023-11-27" out of the claims.
            offset += match.end()
            body = body[match.end() :]
    if offset:
        # Where Article.text starts in the decoded file, so a file position can be recovered.
        draft.meta.setdefault("text_offset", str(offset))
    draft.text = body
    return warnings
