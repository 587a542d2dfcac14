"""The rules cache: the same rules as a fresh parse, rebuilt when a rule file changes, never broken by its files."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from checker import rulebook as rulebook_module
from checker.engine.work import make_rules
from checker.extract import compile_rules, extract_article
from checker.models import Article
from checker.rulebook import Rulebook, load_rulebook, parse_rulebook
from tests.conftest import ROOT

TEXT = (
    "Harbour fire in Port Calder\n\n"
    "At least 14 people were killed and about 30 were injured when a fire swept through a ferry terminal in "
    "Port Calder on Sunday, the coast guard said. Officials put the damage at $2.5 million."
)
ARTICLE = Article(article_id="a1", source="a1.txt", title="Harbour fire in Port Calder", text=TEXT,
                  published=dt.date(2025, 4, 6))  # fmt: skip


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(folder))
    return folder


def copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


def shape(book: Rulebook) -> Any:
    """Everything a rule book holds, its patterns by text, flags and named lists."""

    def pat(p: Any) -> Any:
        return None if p is None else (p.pattern, int(p.flags), p.named_lists)

    families = [(f.id, f.path, f.counts, pat(f.nouns), f.people, pat(f.role), f.examples, f.qualify_noun,
                 [(m.id, m.kind, pat(m.predicates), pat(m.exclude), m.tolerance, m.window_days, m.plausible,
                   m.integer, m.unit, m.modality, m.label, m.default, m.requires, pat(m.context)) for m in f.measures])
                for f in book.families]  # fmt: skip
    return families, book.lexicons, book.maps, book.paths, book.units, book.scales


def claims(book: Rulebook) -> list[Any]:
    return [(c.measure, c.low, c.high, c.start, c.end) for c in extract_article(ARTICLE, make_rules("", book))]


def no_parse(*args: Any) -> Rulebook:
    raise AssertionError("parsed although the cache holds these rules")


def test_a_cached_rule_book_is_the_fresh_parse_and_extracts_the_same(cache: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fresh = parse_rulebook(ROOT / "rules")
    first = load_rulebook(ROOT / "rules")  # fills the cache
    assert list(cache.glob("rulebook-*.pickle"))
    monkeypatch.setattr(rulebook_module, "parse_rulebook", no_parse)
    again = load_rulebook(ROOT / "rules")
    assert shape(again) == shape(first) == shape(fresh)
    assert again.source_key == first.source_key != ""
    expected = [(c.measure, c.low, c.high, c.start, c.end) for c in extract_article(ARTICLE, compile_rules(fresh))]
    assert expected and claims(again) == claims(first) == expected
    assert list(cache.glob("compiled-*.pickle"))


def test_changing_a_rule_file_rebuilds(cache: Path, tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    before = load_rulebook(rules)
    people = rules / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = load_rulebook(rules)
    assert edited.source_key != before.source_key  # a comment changes the bytes: a new entry
    casualties = rules / "casualties.yaml"
    text = casualties.read_text(encoding="utf-8")
    assert "  casualty: [dead," in text
    casualties.write_text(text.replace("  casualty: [dead,", "  casualty: [castaways, dead,", 1), encoding="utf-8")
    changed = load_rulebook(rules)
    assert shape(changed) == shape(parse_rulebook(rules))

    def nouns(book: Rulebook) -> Any:
        return next(f.nouns for f in book.families if f.id == "casualties")

    assert not nouns(before).search("castaways") and nouns(changed).search("castaways")
    assert len(list(cache.glob("rulebook-*.pickle"))) == 3


def test_a_broken_rule_file_is_reported_not_cached(cache: Path, tmp_path: Path) -> None:
    from checker.errors import RuleError

    rules = copy_rules(tmp_path)
    load_rulebook(rules)
    (rules / "people.yaml").write_text("measures: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleError, match=r"people\.yaml"):
            load_rulebook(rules)
    assert len(list(cache.glob("rulebook-*.pickle"))) == 1


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "other key"])
def test_a_damaged_cache_file_is_ignored_and_written_anew(cache: Path, damage: str) -> None:
    good = shape(load_rulebook(ROOT / "rules"))
    make_rules("", load_rulebook(ROOT / "rules"))
    files = sorted(cache.glob("*.pickle"))
    assert {p.name.split("-")[0] for p in files} >= {"rulebook", "compiled"}
    for p in files:
        data = p.read_bytes()
        broken = {"garbage": b"\x80\x04not a pickle at all", "truncated": data[: len(data) // 2], "empty": b"",
                  "other key": data.replace(data.split(b"\n")[1], b"0" * 64, 1)}  # fmt: skip
        p.write_bytes(broken[damage])
    book = load_rulebook(ROOT / "rules")
    assert shape(book) == good
    assert claims(book) == claims(parse_rulebook(ROOT / "rules"))
    assert load_rulebook(ROOT / "rules").source_key == book.source_key  # and readable again


def test_an_unusable_cache_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(blocked))
    assert shape(load_rulebook(ROOT / "rules")) == shape(parse_rulebook(ROOT / "rules"))
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", "off")
    assert shape(load_rulebook(ROOT / "rules")) == shape(parse_rulebook(ROOT / "rules"))


def test_the_cache_follows_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMCHECK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_rulebook(ROOT / "rules")
    assert list((tmp_path / "xdg" / "claimcheck").glob("rulebook-*.pickle"))


def test_a_book_changed_after_loading_is_compiled_afresh(cache: Path) -> None:
    book = load_rulebook(ROOT / "rules")
    make_rules("", book)
    book.families = [f for f in book.families if f.id != "casualties"]
    book.source_key = ""  # what the field asks of whoever changes a loaded book
    assert "casualties.killed" not in make_rules("", book).measure


def test_compiled_patterns_survive_a_damaged_file(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checker import rulecache

    monkeypatch.setattr(rulecache, "_patterns", None)
    first = rulecache.compile_pattern(r"\bharbou?r\b", 2)
    rulecache._save_patterns()
    (saved,) = cache.glob("patterns-*.pickle")
    monkeypatch.setattr(rulecache, "_patterns", None)
    assert rulecache.compile_pattern(r"\bharbou?r\b", 2).pattern == first.pattern  # read back
    saved.write_bytes(saved.read_bytes()[:40])
    monkeypatch.setattr(rulecache, "_patterns", None)
    again = rulecache.compile_pattern(r"\bharbou?r\b", 2)
    assert again.search("the Harbor master") and not again.search("harbours")
