"""The SQLite history: extraction cache, runs, first/last seen, and the lock that serialises runs."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import threading
import time

import pytest

from checker.errors import ClaimcheckError, HistoryLocked
from checker.extract import extract_article
from checker.history import History, article_key, latest_out, read_runs, unused_cache
from checker.models import Article, Claim, Flag
from tests.conftest import ROOT


def article(text: str = "Rescuers pulled 17 miners out.", aid: str = "a.txt") -> Article:
    return Article(article_id=aid, source=aid, text=text)


def claim(aid: str = "a.txt") -> Claim:
    return Claim(claim_id="c1", article_id=aid, source=aid, published=None, rule_id="people",
                 measure="people.rescued", value="17", low=17, high=17, quote="17",
                 sentence="Rescuers pulled 17 miners out.", start=16, end=18)  # fmt: skip


def flag(did: str) -> Flag:
    return Flag(discrepancy_id=did, check="value_conflict", rule_id="people", measure="people.rescued",
                       severity="error", claim_ids=["c1"], article_ids=["a.txt"], values=["15", "17"],
                       summary="15 vs 17")  # fmt: skip


def run_info(started: str = "2024-05-05T01:00:00+00:00") -> dict:
    return {"started": started, "finished": started, "inputs": ["arts"], "rules": "rules/", "claims": 1,
            "extracted": 1, "by_severity": {"error": 1}, "by_status": {"new": 1}}  # fmt: skip


def record(h, flags, articles=(), command="run", info=None, stories=None, out=None):
    return h.record_run(command=command, run_info=info or run_info(), articles=list(articles), flags=flags,
                        extraction_key="r", stories=stories or {}, out=out)  # fmt: skip


def test_cache_key_is_the_content_not_the_name():
    a = article()
    assert article_key(a, "r1") == article_key(article(), "r1")
    assert article_key(a, "r1") != article_key(a, "r2")
    assert article_key(a, "r1") != article_key(article(text=a.text + " More."), "r1")
    assert article_key(a, "r1") != article_key(a.model_copy(update={"published": dt.date(2024, 5, 5)}), "r1")
    assert article_key(a, "r1") != article_key(a.model_copy(update={"title": "Mine rescue"}), "r1")
    # a renamed or moved file, or one that another article now revises, is the same content
    assert article_key(a, "r1") == article_key(article(aid="sub/b.txt"), "r1")
    assert article_key(a, "r1") == article_key(a.model_copy(update={"meta": {"revision_of": "x.txt"}}), "r1")


def test_cached_claims_round_trip(tmp_path):
    key = article_key(article(), "r")
    with History(tmp_path / "h.sqlite") as h:
        assert h.cached_claims([key]) == {}
        h.store_claims([(key, "a.txt", [claim()]), ("k-empty", "b.txt", [])])
    with History(tmp_path / "h.sqlite") as h:
        got = h.cached_claims([key, "k-empty", "missing"])
    assert got == {key: [claim()], "k-empty": []}


def test_first_seen_and_new_since_last_run(tmp_path):
    path = tmp_path / "h.sqlite"
    with History(path) as h:
        seen = h.sightings(["d1"], now="2024-05-05T01:00:00+00:00")
        assert seen == {"d1": ("2024-05-05T01:00:00+00:00", True)}
        first = flag("d1").model_copy(update={"first_seen": seen["d1"][0], "new_since_last_run": True})
        record(h, [first], [(article(), "k")])
    with History(path) as h:
        seen = h.sightings(["d1", "d2"], now="2024-05-06T01:00:00+00:00")
        assert seen == {"d1": ("2024-05-05T01:00:00+00:00", False), "d2": ("2024-05-06T01:00:00+00:00", True)}
        flags = [flag(i).model_copy(update={"first_seen": s[0], "new_since_last_run": s[1]}) for i, s in seen.items()]
        record(h, flags, command="check", info=run_info("2024-05-06T01:00:00+00:00"))
        last = dict(h.db.execute("SELECT discrepancy_id, last_run FROM flags").fetchall())
    assert last == {"d1": 2, "d2": 2}
    runs = read_runs(path)
    assert [(r["run_id"], r["command"], r["new_flags"]) for r in runs] == [(2, "check", 1), (1, "run", 1)]
    assert runs[0]["inputs"] == ["arts"]


def test_stories_and_the_report_folder_are_kept(tmp_path):
    path = tmp_path / "h.sqlite"
    a = article().model_copy(update={"content_hash": "h-a"})
    with History(path) as h:
        assert h.story_map() is None
        record(h, [], [(a, "k")], stories={"a.txt": "s123"}, out=str(tmp_path / "out"))
        assert h.story_map() == {"h-a": "s123"}
    assert latest_out(path) == str((tmp_path / "out").resolve())


def test_failed_record_leaves_no_half_run(tmp_path):
    path = tmp_path / "h.sqlite"
    bad = flag("d1")
    bad.summary = None  # type: ignore[assignment]  # NOT NULL fails after the runs row was inserted
    with History(path) as h, pytest.raises(sqlite3.IntegrityError):
        record(h, [bad], [(article(), "k")])
    assert read_runs(path) == []


def test_second_opener_times_out_with_a_clear_message(tmp_path):
    path = tmp_path / "h.sqlite"
    with History(path):
        started = time.monotonic()
        with pytest.raises(HistoryLocked) as exc:
            History(path, lock_timeout=0.3, notify=io.StringIO()).open()
        assert time.monotonic() - started >= 0.3
    msg = str(exc.value)
    assert str(path) in msg and "another claimcheck run" in msg and "--lock-timeout" in msg
    assert exc.value.exit_code == 2


def test_second_opener_waits_for_the_first(tmp_path):
    path = tmp_path / "h.sqlite"
    first = History(path)
    first.open()
    told = io.StringIO()
    opened = threading.Event()

    def second() -> None:
        with History(path, lock_timeout=30, notify=told):
            opened.set()

    t = threading.Thread(target=second)
    t.start()
    time.sleep(0.5)
    assert not opened.is_set()
    assert "waiting for" in told.getvalue()
    first.close()
    t.join(10)
    assert opened.is_set()


def test_listing_runs_does_not_wait_for_the_lock(tmp_path):
    path = tmp_path / "h.sqlite"
    with History(path) as h:
        record(h, [])
        assert len(read_runs(path, timeout=0.5)) == 1


def test_not_a_history_is_an_error(tmp_path):
    bogus = tmp_path / "h.sqlite"
    bogus.write_text("not sqlite at all " * 100)
    with pytest.raises(Exception, match="not a usable claimcheck history"):
        History(bogus).open()


# -- claims cached once per content; a renamed file gets them relabelled -------------------------------
def test_claims_of_a_renamed_file_come_relabelled_as_a_fresh_extraction_gives_them(tmp_path, rules):
    text = "Rescuers pulled 17 miners out alive on Saturday. By Sunday 15 were in hospital."
    first, renamed = article(text), article(text, aid="late/b.txt")
    key = article_key(first, "r")
    with History(tmp_path / "h.sqlite") as h:
        h.store_claims([(key, first.article_id, extract_article(first, rules))])
        got = h.cached_claims([key], {key: renamed})[key]
    assert got and got == extract_article(renamed, rules)


def test_claims_whose_ids_cannot_be_rebuilt_serve_only_their_own_article(tmp_path):
    key = article_key(article(), "r")
    odd = claim().model_copy(update={"claim_id": "made-elsewhere"})
    with History(tmp_path / "h.sqlite") as h:
        h.store_claims([(key, "a.txt", [odd])])
        assert h.cached_claims([key], {key: article()}) == {key: [odd]}
        assert h.cached_claims([key], {key: article(aid="b.txt")}) == {}  # extracted again, never mislabelled


# -- retention --------------------------------------------------------------------------------------------
def _nightly(path, days: int) -> None:
    """Record one run a day; each run brings one new article (its own cached claims) and reuses a shared one."""
    with History(path) as h:
        h.store_claims([("shared", "s.txt", [claim("s.txt")])])
        for day in range(days):
            stamp = f"2024-05-{day + 1:02d}T01:00:00+00:00"
            h.store_claims([(f"k{day}", f"a{day}.txt", [claim(f"a{day}.txt")] * 20)])
            arts = [(article(aid="s.txt"), "shared"), (article(aid=f"a{day}.txt"), f"k{day}")]
            record(h, [flag(f"d{day}")], arts, info=run_info(stamp))
        h.store_claims([("orphan", "o.txt", [claim("o.txt")])])  # a killed run's: no run refers to it


def test_prune_keeps_the_latest_runs_and_what_they_use(tmp_path):
    path = tmp_path / "h.sqlite"
    _nightly(path, 5)
    with History(path) as h:
        gone = h.prune(keep_runs=2)
        keys = {k for (k,) in h.db.execute("SELECT cache_key FROM extraction_cache")}
        flags = {d for (d,) in h.db.execute("SELECT discrepancy_id FROM flags")}
    assert (gone["runs"], gone["kept"], gone["cached_articles"], gone["flags"]) == (3, 2, 4, 3)
    assert [r["run_id"] for r in read_runs(path)] == [5, 4]
    assert keys == {"shared", "k3", "k4"} and flags == {"d3", "d4"}
    assert gone["bytes_after"] <= gone["bytes_before"]


def test_prune_older_than_days_and_the_latest_run_always_stays(tmp_path):
    path = tmp_path / "h.sqlite"
    _nightly(path, 5)
    now = dt.datetime(2024, 5, 6, 12, tzinfo=dt.UTC)
    with History(path) as h:
        assert h.prune(keep_runs=None, older_than_days=3.5, now=now)["runs"] == 2  # May 1 and 2 went
        assert h.prune(keep_runs=None, older_than_days=0, now=now)["runs"] == 2  # all but the latest
        with pytest.raises(ClaimcheckError):
            h.prune(keep_runs=None, older_than_days=None)
    assert [r["run_id"] for r in read_runs(path)] == [5]


def test_each_run_is_charged_the_bytes_it_first_stored(tmp_path):
    path = tmp_path / "h.sqlite"
    _nightly(path, 3)
    runs = read_runs(path)
    sizes = {r["run_id"]: r["bytes"] for r in runs}
    assert sizes[1] > sizes[2] > 0  # the first run also stored the shared article's claims
    assert sizes[2] == pytest.approx(sizes[3], rel=0.05)
    assert unused_cache(path)[0] == 1  # the killed run's article


def test_history_prune_and_sizes_from_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from checker.cli import app

    path = tmp_path / "h.sqlite"
    _nightly(path, 4)
    listing = CliRunner().invoke(app, ["history", "--history", str(path)])
    assert listing.exit_code == 0 and " MB " in listing.stdout
    assert "1 cached articles" in listing.stdout and "history prune" in listing.stdout
    pruned = CliRunner().invoke(app, ["history", "prune", "--history", str(path), "--keep-runs", "1"])
    assert pruned.exit_code == 0, pruned.stderr
    assert "3 runs forgotten, 1 kept" in pruned.stdout
    assert [r["run_id"] for r in read_runs(path)] == [4]
    missing = CliRunner().invoke(app, ["history", "prune", "--history", str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 2 and "no history here" in missing.stderr


# -- a lock whose holder is gone -----------------------------------------------------------------------
def test_a_lock_left_by_a_dead_holder_is_taken_over_with_a_message(tmp_path):
    path = tmp_path / "h.sqlite"
    (tmp_path / "h.sqlite.lock").write_text("pid 999999999 since 2024-05-05T01:00:00Z\n")  # a run that was killed
    told = io.StringIO()
    with History(path, lock_timeout=0, notify=told):
        pass
    assert "the run that held it (pid 999999999 since 2024-05-05T01:00:00Z) ended without letting go" in told.getvalue()
    assert "taking it over" in told.getvalue()
    quiet = io.StringIO()
    with History(path, lock_timeout=0, notify=quiet):  # the clean close above left nothing behind
        pass
    assert quiet.getvalue() == ""


def test_two_articles_of_one_content_each_get_claims_that_name_them(tmp_path, rules):
    text = "Rescuers pulled 17 miners out alive on Saturday."
    a, b = article(text), article(text, aid="copy/b.txt")
    key = article_key(a, "r")
    with History(tmp_path / "h.sqlite") as h:
        h.store_claims([(key, a.article_id, extract_article(a, rules))])
        got = h.claims_for([(key, a), (key, b)])
    assert got == {"a.txt": extract_article(a, rules), "copy/b.txt": extract_article(b, rules)}


def test_the_cache_depends_on_the_code_extraction_imports_and_nothing_after_it():
    from checker.history import extraction_sources

    names = {str(p.relative_to(ROOT / "checker")) for p in extraction_sources()}
    assert {"extract/article.py", "extract/link.py", "numbers.py", "numbers.yaml", "dates.py"} <= names
    # comparison, reports and the CLI run after extraction: editing them keeps the cache
    assert not {n for n in names if n.startswith(("checks/", "report/", "cli/", "stories/"))}
    assert "app.py" not in names and "reconcile.py" not in names


def test_a_version_4_history_opens_with_the_tables_of_version_5(tmp_path):
    path = tmp_path / "h.sqlite"
    with History(path) as h:
        h.store_name_mentions({"k": b"[]"})
    with sqlite3.connect(path) as db:  # as a release before name mentions, sketches and row checks left it
        for table in ("name_mentions", "copy_sketches", "row_checks"):
            db.execute(f"DROP TABLE {table}")
        db.execute("UPDATE meta SET value = '4' WHERE key = 'schema'")
    with History(path) as h:
        assert h.name_mentions(["k"]) == {}
        h.store_name_mentions({"k": b"[1]"})
        assert h.name_mentions(["k"]) == {"k": b"[1]"}
        assert h.copy_sketches().get(["x"]) == {} and h.row_checks().get(["x"]) == {}
        assert h.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == "5"
