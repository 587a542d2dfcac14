"""English word lookups (simplemma), its dictionary decoded once and then restored from the rules cache folder.

Why: simplemma ships each language's dictionary compressed and front-coded; decoding the English one costs
about 0.25 s of CPU in every process that looks up a word, a quarter of a one-article `claimcheck check`.
Reading and unpickling the decoded table takes 0.05-0.09 s. The table reaches simplemma through its documented
`DictionaryFactory` protocol, so simplemma's own lookup and lemmatisation rules run unchanged on it.

An entry is keyed by simplemma's version and the language: an upgrade decodes and stores the table anew. A
missing, unreadable or damaged entry is decoded again (checker.rulecache); `CLAIMCHECK_CACHE_DIR=off` uses
simplemma's own loading."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from typing import Any

from checker import rulecache

LANG = "en"
_LAYOUT = "utf-8 bytes to utf-8 bytes, 1"  # what an entry holds: change it with the layout


class Utf8Table(Mapping[str, str]):
    """A str -> str view of a dict of UTF-8 bytes: bytes keys and values unpickle about twice as fast as str
    ones (no decoding of 180,000 entries); a lookup encodes one key and decodes one value."""

    __slots__ = ("_table",)

    def __init__(self, table: dict[bytes, bytes]) -> None:
        self._table = table

    def get(self, key: str, default: Any = None) -> Any:  # the lookup simplemma makes: keep it cheap on a miss
        value = self._table.get(key.encode("utf-8"))
        return default if value is None else value.decode("utf-8")

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return str(value)

    def __iter__(self) -> Iterator[str]:
        return (k.decode("utf-8") for k in self._table)

    def __len__(self) -> int:
        return len(self._table)


def entry_key(version: str, lang: str) -> str:
    """The cache key of `lang`'s table as simplemma `version` ships it."""
    return hashlib.sha256(f"simplemma\0{version}\0{lang}\0{_LAYOUT}".encode()).hexdigest()


def _decoded(lang: str) -> dict[bytes, bytes]:
    """`lang`'s table as simplemma's own factory decodes it, as UTF-8 bytes."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    shipped = DefaultDictionaryFactory(cache_max_size=1).get_dictionary(lang)
    out: dict[bytes, bytes] = {}
    lemmas: dict[str, bytes] = {}
    for form, lemma in shipped.items():
        key = form.encode("utf-8")
        # one object per distinct lemma (and the form itself where they agree): the pickle stores each once,
        # a fifth smaller and faster to load
        out[key] = key if lemma == form else lemmas.setdefault(lemma, lemma.encode("utf-8"))
    return out


@cache
def dictionary(lang: str) -> Mapping[str, str]:
    """`lang`'s form -> lemma table, from the cache folder when it holds this simplemma version's."""
    import simplemma

    if rulecache.cache_dir() is None:
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory

        return DefaultDictionaryFactory(cache_max_size=1).get_dictionary(lang)
    key = entry_key(simplemma.__version__, lang)
    return Utf8Table(rulecache.cached("simplemma", key, lambda: _decoded(lang), dict))


@cache
def _strategies() -> tuple[Any, Any]:
    """simplemma's dictionary lookup and its default lemmatiser, both reading `dictionary`."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
    from simplemma.strategies.dictionaries import DictionaryFactory

    class Cached(DictionaryFactory):
        def get_dictionary(self, lang: str) -> Mapping[str, str]:
            return dictionary(lang)

    factory = Cached()
    lemmatizer = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))
    return DictionaryLookupStrategy(factory), lemmatizer


def is_known(word: str) -> bool:
    """simplemma.is_known(word, lang="en"), which also puts the word in NFC before looking it up."""
    if not word:
        raise ValueError("is_known: an empty word")
    return _strategies()[0].get_lemma(unicodedata.normalize("NFC", word), LANG) is not None


@lru_cache(maxsize=65536)
def lemmatize(word: str) -> str:
    """simplemma.lemmatize(word, lang="en")."""
    return str(_strategies()[1].lemmatize(word, LANG))
