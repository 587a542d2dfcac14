"""One article per row: JSON Lines (files or stdin) and CSV/TSV with a header row."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from checker.models import SkippedInput

from .decode import normalise_text
from .fields import Draft, apply_fields, bounded_str, split_fields

Row = tuple[Draft | None, list[SkippedInput]]


def _row_draft(record: Mapping[Any, Any], source: str, line: int) -> Row:
    """A draft from one record, or None and the reason the row was dropped."""
    row_source = f"{source}:{line}"
    canonical, meta = split_fields(record)
    text = canonical.get("text")
    if text is None:
        return None, [SkippedInput(source=source, reason="row has no 'text' field", line=line, fatal=False)]
    if not isinstance(text, str):
        reason = f"'text' is a {type(text).__name__}, not a string"
        return None, [SkippedInput(source=source, reason=reason, line=line, fatal=False)]
    text = normalise_text(text)
    if not text.strip():
        return None, [SkippedInput(source=source, reason="row has empty 'text'", line=line, fatal=False)]
    raw_id = canonical.get("id")
    article_id = bounded_str(raw_id, 500).strip() if raw_id is not None else ""
    draft = Draft(article_id=article_id or row_source, source=row_source, text=text, meta=meta)
    warnings = []
    warning = apply_fields(draft, canonical, "metadata")
    if warning:
        warnings.append(SkippedInput(source=source, reason=warning, line=line, fatal=False))
    return draft, warnings


def read_jsonl(text: str, source: str) -> Iterator[Row]:
    """Rows of a JSON Lines text; a broken line is reported with its number and the rest is read."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:  # RecursionError: "[[[[..." nested past the stack
            detail = exc.msg if isinstance(exc, json.JSONDecodeError) else type(exc).__name__
            reason = f"not valid JSON: {detail}"
            yield None, [SkippedInput(source=source, reason=reason, line=number, fatal=False)]
            continue
        if not isinstance(record, dict):
            kind = {list: "an array", str: "a string", type(None): "null"}.get(type(record), "a number")
            reason = f"expected a JSON object per line, got {kind}"
            yield None, [SkippedInput(source=source, reason=reason, line=number, fatal=False)]
            continue
        yield _row_draft(record, source, number)


def _delimiter(header: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    # Spreadsheet exports in many locales use ';'; pick the separator the header line uses most.
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 and counts[","] == 0 else ","


def read_csv(text: str, source: str, *, suffix: str = ".csv", max_field: int = 20_000_000) -> Iterator[Row]:
    """Rows of a CSV text with a header row; the whole file is skipped when it has no text column."""
    first_line = text.split("\n", 1)[0]
    csv.field_size_limit(max(max_field, csv.field_size_limit()))  # article bodies exceed the 128 kB default
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line, suffix))
    try:
        header = next(reader)
    except StopIteration:
        yield None, [SkippedInput(source=source, reason="empty file")]
        return
    except csv.Error as exc:
        yield None, [SkippedInput(source=source, reason=f"unreadable CSV header: {exc}", line=1)]
        return
    names = [h.strip() for h in header]
    lowered = [n.lower() for n in names]
    from .fields import ALIASES

    if not any(n in ALIASES["text"] for n in lowered):
        shown = ", ".join(names[:20]) + (", ..." if len(names) > 20 else "")
        yield None, [SkippedInput(source=source, reason=f"no 'text' column (columns: {shown})", line=1)]
        return
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = f"unreadable CSV row: {exc}"
            yield None, [SkippedInput(source=source, reason=reason, line=start, fatal=False)]
            if reader.line_num < start:  # no progress: stop rather than loop forever
                return
            continue
        if not any(v.strip() for v in values):
            continue
        record: dict[str, Any] = {}
        for i, value in enumerate(values):
            key = names[i] if i < len(names) and names[i] else f"column_{i + 1}"
            record.setdefault(key, value)
        draft, warnings = _row_draft(record, source, start)
        if len(values) != len(names):
            warnings.append(
                SkippedInput(
                    source=source,
                    reason=f"row has {len(values)} fields, header has {len(names)}",
                    line=start,
                    fatal=False,
                )
            )
        yield draft, warnings
