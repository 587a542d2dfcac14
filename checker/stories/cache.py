"""Story docs kept between runs: an article's Doc is a pure function of what it says, the lexicon and the code."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any, Protocol

from checker.models import Article

from .features import Doc, Words, make_docs

_DATES = frozenset({"date", "published", "date_last"})
_FIELDS = tuple(f.name for f in fields(Doc))


class DocStore(Protocol):
    """Where docs are kept (the history's story_docs table): serialized docs by key."""

    def get(self, keys: list[str]) -> dict[str, bytes]: ...

    def put(self, items: dict[str, bytes]) -> None: ...


def salt(code: str, lex: Words) -> str:
    """What every doc follows from besides its article: the code (`code`, a fingerprint) and the lexicon file."""
    h = hashlib.sha256(code.encode() + b"\0")
    if lex.source is not None:
        h.update(Path(lex.source).read_bytes())
    return h.hexdigest()


def doc_key(article: Article, salt: str) -> str:
    """An article's doc key: everything make_doc reads from it (text, title, excluded spans, publication day, URL,
    and the content hash or id the doc is known by)."""
    record = [article.content_hash or article.article_id, article.article_id, article.title, article.text,
              [list(span) for span in article.excluded] if article.excluded else None,
              article.published.isoformat() if article.published else None, article.url]  # fmt: skip
    payload = json.dumps(record, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{salt}\0{payload}".encode()).hexdigest()


def dump_doc(doc: Doc) -> bytes:
    # field by field: dataclasses.asdict deep-copies every list first (most of a first run's cost here)
    values = [getattr(doc, n) for n in _FIELDS]
    return json.dumps(values, ensure_ascii=False, default=dt.date.isoformat).encode()


def load_doc(blob: bytes) -> Doc:
    values: list[Any] = json.loads(blob)
    record = dict(zip(_FIELDS, values, strict=True))
    for name in _DATES:
        if record[name] is not None:
            record[name] = dt.date.fromisoformat(record[name])
    return Doc(**record)


def cached_docs(articles: Sequence[Article], lex: Words, store: DocStore | None, code: str) -> list[Doc]:
    """make_docs(articles, lex), reading only the articles no earlier run read with this code and lexicon: a
    doc's event day is found from its own lead, so docs made in another batch are the same."""
    if store is None:
        return make_docs(articles, lex)
    s = salt(code, lex)
    keys = [doc_key(a, s) for a in articles]
    stored = store.get(list(dict.fromkeys(keys)))
    todo = [k for k, key in enumerate(keys) if key not in stored]
    fresh = make_docs([articles[k] for k in todo], lex)
    made = dict(zip(todo, fresh, strict=True))
    store.put({keys[k]: dump_doc(d) for k, d in made.items()})
    return [made[k] if k in made else load_doc(stored[key]) for k, key in enumerate(keys)]
