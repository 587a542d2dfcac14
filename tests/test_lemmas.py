"""checker.lemmas: the same answers as simplemma, its table decoded once per simplemma version and never broken
by its cache file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import regex
import simplemma

from checker import lemmas
from tests.conftest import ROOT

# capitalised, lower-case, derived, apostrophe and accented forms, and a few no dictionary holds
WORDS = ["House", "houses", "Running", "ran", "better", "Israeli", "Marzouk", "children", "don't", "o’clock",
         "café", "Naïve", "mice", "was", "Kyiv", "dispatched", "Qwzxyv", "A", "rock-solid"]  # fmt: skip


def _fresh() -> None:
    """Forget what this process loaded, as a new process would."""
    lemmas.dictionary.cache_clear()
    lemmas._strategies.cache_clear()
    lemmas.lemmatize.cache_clear()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(folder))
    _fresh()
    yield folder
    _fresh()


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The languages whose table is decoded from simplemma's shipped file (not restored from the cache)."""
    seen: list[str] = []
    real = lemmas._decoded

    def counting(lang: str) -> dict[bytes, bytes]:
        seen.append(lang)
        return real(lang)

    monkeypatch.setattr(lemmas, "_decoded", counting)
    return seen


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("simplemma-*.pickle"))


def seed_words() -> list[str]:
    words: set[str] = set()
    for f in sorted((ROOT / "seeds").glob("*.txt"))[:40]:
        words.update(regex.findall(r"\p{L}[\p{L}'’\-]*", f.read_text(encoding="utf-8")))
    return sorted(words)


def assert_as_simplemma(words: list[str]) -> None:
    for w in words:
        for form in (w, w.lower()):
            assert lemmas.is_known(form) == simplemma.is_known(form, lang="en"), form
            assert lemmas.lemmatize(form) == simplemma.lemmatize(form, lang="en"), form


def test_answers_match_simplemma_decoded_and_restored(cache: Path, decodes: list[str]) -> None:
    words = WORDS + seed_words()
    assert len(words) > 500
    assert_as_simplemma(words)  # decoded, then stored
    assert decodes == ["en"] and len(entries(cache)) == 1
    _fresh()
    assert_as_simplemma(words)  # restored from the file
    assert decodes == ["en"]
    assert isinstance(lemmas.dictionary("en"), lemmas.Utf8Table)


def test_table_is_simplemmas_own(cache: Path) -> None:
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    shipped = DefaultDictionaryFactory().get_dictionary("en")
    lemmas.is_known("house")
    _fresh()
    restored = lemmas.dictionary("en")
    assert len(restored) == len(shipped)
    assert dict(restored.items()) == dict(shipped.items())
    assert restored.get("no-such-form-here") is None and restored.get("no-such-form-here", "x") == "x"
    with pytest.raises(KeyError):
        restored["no-such-form-here"]


def test_another_simplemma_version_decodes_anew(
    cache: Path, decodes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert lemmas.is_known("house")
    first = entries(cache)
    assert decodes == ["en"] and len(first) == 1
    monkeypatch.setattr(simplemma, "__version__", simplemma.__version__ + ".test-upgrade")
    _fresh()
    assert lemmas.is_known("house") and not lemmas.is_known("qwzxyv")
    assert decodes == ["en", "en"]  # the old version's entry is not used for the new one
    assert len(entries(cache)) == 2
    monkeypatch.undo()
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(cache))
    _fresh()
    assert lemmas.is_known("house")
    assert decodes == ["en", "en"]  # the first version's entry is still there and still used
    assert lemmas.entry_key("1.0", "en") != lemmas.entry_key("1.1", "en") != lemmas.entry_key("1.1", "de")


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "wrong type"])
def test_damaged_entry_is_decoded_again(cache: Path, decodes: list[str], damage: str) -> None:
    import pickle

    lemmas.is_known("house")
    (path,) = entries(cache)
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00\xff not a cache entry " * 50)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # a readable pickle of something else under the right header
        header = data[: data.index(b"\n", data.index(b"\n") + 1) + 1]
        path.write_bytes(header + pickle.dumps(["not", "a", "table"]))
    _fresh()
    assert_as_simplemma(WORDS)  # no crash, the right answers
    assert decodes == ["en", "en"]
    _fresh()
    assert_as_simplemma(WORDS)
    assert decodes == ["en", "en"]  # written anew, and good again


def test_unwritable_or_disabled_cache_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would go")
    for setting in (str(blocked), "off"):
        monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", setting)
        _fresh()
        assert_as_simplemma(WORDS)
    assert blocked.read_text() == "a file where the cache folder would go"
    _fresh()


def test_empty_word_is_refused_as_simplemma_refuses_it() -> None:
    with pytest.raises(ValueError):
        simplemma.is_known("", lang="en")
    with pytest.raises(ValueError):
        lemmas.is_known("")
