"""Metadata shared by every format: field aliases, date parsing, outlet from URL, bounded string values."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

# The first name is the canonical field; the others are what newsroom exports and static-site
# generators commonly call it.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "guid", "uid"),
    "text": ("text", "body", "content", "article", "article_text", "full_text"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url", "permalink"),
    "published": ("published", "date", "published_at", "pubdate", "publish_date", "published_date"),
    "outlet": ("outlet", "publisher", "site", "sitename", "site_name", "source_name"),
}
_MAX_META_CHARS = 10_000
_DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%d/%m/%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y",
    "%B %d %Y", "%b %d %Y", "%a, %d %b %Y", "%A, %B %d, %Y", "%Y%m%d",
)  # fmt: skip
_LEADING_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ]|$)")


@dataclass(slots=True)
class Draft:
    """An article before cleaning: what a format reader found; `assemble` turns it into an Article."""

    article_id: str
    source: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_basis: str = "unknown"
    meta: dict[str, str] = field(default_factory=dict)
    excluded: list[tuple[int, int]] = field(default_factory=list)  # spans the reader already knows to skip


def bounded_str(value: Any, limit: int = _MAX_META_CHARS) -> str:
    """A string for a metadata value; nested values are serialised but never beyond `limit` characters.

    YAML aliases can make a tiny file describe an exponentially large structure ("billion laughs"),
    so nested values are walked with a budget instead of handed to json.dumps.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):  # YAML !!binary
        return value[:limit].decode("utf-8", "replace")
    if isinstance(value, bool | int | float | dt.date) or value is None:
        return "" if value is None else str(value)
    parts: list[str] = []
    budget = [limit]

    def walk(v: Any, depth: int) -> None:
        if budget[0] <= 0:
            return
        if depth > 20:
            piece = "..."
        elif isinstance(v, Mapping):
            parts.append("{")
            budget[0] -= 1
            for i, (k, item) in enumerate(v.items()):
                if budget[0] <= 0:
                    break
                parts.append(("" if i == 0 else ", ") + json.dumps(str(k)) + ": ")
                walk(item, depth + 1)
            piece = "}"
        elif isinstance(v, list | tuple | set):
            parts.append("[")
            budget[0] -= 1
            for i, item in enumerate(v):
                if budget[0] <= 0:
                    break
                if i:
                    parts.append(", ")
                walk(item, depth + 1)
            piece = "]"
        elif isinstance(v, str):
            piece = json.dumps(v[: budget[0]], ensure_ascii=False)
        else:
            piece = json.dumps(v if isinstance(v, bool | int | float) or v is None else str(v))
        parts.append(piece)
        budget[0] -= len(piece)

    walk(value, 0)
    return "".join(parts)[:limit]


def parse_date(value: Any) -> dt.date | None:
    """A calendar date from a metadata value (date, datetime, ISO string or a common written form)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_epoch(value)
    if not isinstance(value, str):
        return None
    raw = value.strip()
    if not raw or len(raw) > 64:
        return None
    try:
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    match = _LEADING_DATE.match(raw)
    if match:
        try:
            return dt.date.fromisoformat(match.group(1))
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


def _from_epoch(value: float) -> dt.date | None:
    """Unix time in seconds or milliseconds, as feeds export it; other numbers are not dates."""
    if 1e12 <= value < 1e14:
        value /= 1000
    if not 3e8 <= value < 1e10:  # 1979 .. 2286: a bare year or a count is not mistaken for a date
        return None
    return dt.datetime.fromtimestamp(value, tz=dt.UTC).date()


def url_path(url: str | None) -> str:
    """The path of a URL, without host, query or fragment ("" for no URL or one that cannot be read)."""
    if not url:
        return ""
    try:
        return urlsplit(url.strip()).path
    except ValueError:  # "https://[::1/x": a malformed host
        return ""


def outlet_from_url(url: str | None) -> str | None:
    """The URL's host without `www.`, e.g. https://www.tass.com/x -> tass.com."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def split_fields(record: Mapping[Any, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Map a record's keys onto the canonical fields (case-insensitive, aliases); the rest become meta."""
    canonical: dict[str, Any] = {}
    meta: dict[str, str] = {}
    lookup = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
    # Exact canonical names win over aliases, so a record with both `date` and `published` uses `published`.
    ranked = sorted(record.items(), key=lambda kv: 0 if str(kv[0]).strip().lower() in ALIASES else 1)
    for key, value in ranked:
        skey = str(key).strip()
        name = lookup.get(skey.lower())
        if name is not None and name not in canonical and value not in (None, ""):
            canonical[name] = value
        else:
            meta[skey] = bounded_str(value)
    return canonical, meta


def apply_fields(draft: Draft, canonical: Mapping[str, Any], basis: str) -> str | None:
    """Copy title/url/outlet/published onto the draft; return a warning for a date that cannot be read."""
    if "title" in canonical:
        draft.title = bounded_str(canonical["title"], 1000).strip() or None
    if "url" in canonical:
        draft.url = bounded_str(canonical["url"], 4000).strip() or None
    if "outlet" in canonical:
        draft.outlet = bounded_str(canonical["outlet"], 1000).strip() or None
    if draft.outlet is None:
        draft.outlet = outlet_from_url(draft.url)
    if "published" in canonical:
        published = parse_date(canonical["published"])
        if published is None:
            shown = bounded_str(canonical["published"], 60)
            return f"unreadable published date {shown!r}; the date is looked for in the text"
        draft.published = published
        draft.published_basis = basis
    return None
