"""The SQLite history: extraction cache, runs, first/last seen, and the lock that serialises runs."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import threading
import time

import pytest

from checker.errors import HistoryLocked
from checker.history import History, article_key, latest_out, read_runs
from checker.models import Article, Claim, Flag


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
