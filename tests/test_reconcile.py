"""The reconciliation file: loading with located errors, matching flags, deterministic atomic writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from checker import reconcile as rec
from checker.errors import ReconciliationError, UsageError
from checker.models import Claim, Discrepancy


def flag(values: list[str], articles: list[str], did: str = "", check: str = "value_conflict") -> Discrepancy:
    return Discrepancy(
        discrepancy_id=did or "d" + "".join(values) + "".join(a[0] for a in articles),
        check=check,
        rule_id="people",
        measure="people.rescued",
        qualifiers={"place": "Chile"},
        severity="error",
        claim_ids=[f"c{a}" for a in articles],
        article_ids=sorted(articles),
        values=values,
        summary=" vs ".join(values),
    )


def entry(f: Discrepancy, decision: str = "explained", note: str = "ok", when: str = "2024-05-05T00:00:00+00:00"):
    e = rec.entry_for(f, {}, decision, note, "ed")
    return e.model_copy(update={"when": when})


# -- matching ---------------------------------------------------------------------------------------------
def test_exact_id_reconciles_and_baseline_is_known():
    a, b = flag(["15", "17"], ["a", "b"]), flag(["3", "4"], ["x", "y"], did="dother")
    stale = rec.apply([a, b], [entry(a), entry(b, decision="baseline")])
    assert (a.status, a.decision, a.note) == ("reconciled", "explained", "ok")
    assert b.status == "known"
    assert stale == []


def test_repeated_value_in_a_new_article_stays_reconciled():
    old = flag(["15", "17"], ["a", "b"])
    grown = flag(["15", "17"], ["a", "b", "c"])  # c repeats 17: the id changes, the values do not
    assert grown.discrepancy_id != old.discrepancy_id
    assert rec.apply([grown], [entry(old)]) == []
    assert grown.status == "reconciled"


def test_new_conflicting_value_is_new_again_and_the_old_entry_is_not_stale():
    old = flag(["15", "17"], ["a", "b"])
    grown = flag(["15", "16", "17"], ["a", "b", "c"])
    stale = rec.apply([grown], [entry(old)])
    assert grown.status == "new"
    assert "16" in (grown.note or "") and old.discrepancy_id in (grown.note or "")
    assert stale == []


def test_same_values_about_other_articles_are_not_covered():
    old = flag(["15", "17"], ["a", "b"])
    other = flag(["15", "17"], ["x", "y"])
    stale = rec.apply([other], [entry(old)])
    assert other.status == "new"
    assert [e.id for e in stale] == [old.discrepancy_id]


def test_entry_matching_nothing_is_stale():
    e = entry(flag(["15", "17"], ["a", "b"]))
    assert rec.apply([], [e]) == [e]


def test_editor_decision_outranks_baseline_among_covering_entries():
    base = entry(flag(["15", "17"], ["a", "b"], did="d1"), decision="baseline", when="2024-05-06T00:00:00+00:00")
    edit = entry(flag(["15", "17"], ["a", "b"], did="d2"), decision="confirmed", when="2024-05-01T00:00:00+00:00")
    f = flag(["15", "17"], ["a", "b", "c"])
    rec.apply([f], [base, edit])
    assert (f.status, f.decision) == ("reconciled", "confirmed")


def test_upsert_replaces_same_id_and_supersedes_smaller_forms():
    old = entry(flag(["15", "17"], ["a", "b"]))
    unrelated = entry(flag(["3", "4"], ["x", "y"]))
    grown = entry(flag(["15", "16", "17"], ["a", "b", "c"]))
    entries, gone = rec.upsert([old, unrelated], grown)
    assert gone == [old]
    assert {e.id for e in entries} == {unrelated.id, grown.id}
    again, _ = rec.upsert(entries, grown.model_copy(update={"note": "new note"}))
    assert [e.note for e in again if e.id == grown.id] == ["new note"]


def test_decide_unknown_id_lists_near_matches(tmp_path):
    f = flag(["15", "17"], ["a", "b"], did="d9d03515f98")
    with pytest.raises(UsageError) as exc:
        rec.decide(tmp_path / "r.yaml", [f], [], "d9d03515f9x", "explained", "n", "ed")
    assert "d9d03515f98" in str(exc.value)
    assert not (tmp_path / "r.yaml").exists()


# -- the file ---------------------------------------------------------------------------------------------
def test_round_trip_is_deterministic_and_sorted(tmp_path):
    claim = Claim(claim_id="ca", article_id="a", source="a.txt", published=None, rule_id="people",
                  measure="people.rescued", value="17", low=17, high=17, quote="17",
                  sentence="Rescuers pulled 17 miners out.", start=16, end=18)  # fmt: skip
    f1, f2 = flag(["15", "17"], ["a", "b"], did="dbbb"), flag(["3", "4"], ["x", "y"], did="daaa")
    entries = [rec.entry_for(f1, {"ca": claim}, "explained", "a: note", "ed"), entry(f2)]
    p = tmp_path / "r.yaml"
    rec.save(p, entries)
    first = p.read_bytes()
    loaded = rec.load(p)
    assert [e.id for e in loaded] == ["daaa", "dbbb"]
    assert loaded[1].claims == ["a: '17' (people.rescued, reported) — Rescuers pulled 17 miners out."]
    rec.save(p, list(reversed(loaded)))
    assert p.read_bytes() == first
    assert rec.dump(loaded) == first.decode()


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        ("version: 1\nentries:\n  - id: d1\n    decision: maybe\n", ":4:5:", "allowed: explained"),
        ("version: 1\nentries:\n  - id: d1\n    decision: explained\n    colour: red\n", ":5:5:", "colour"),
        ("version: 1\nentries:\n  - id: d1\n    decision: [unclosed\n", ":5:1:", "invalid YAML"),
        ("version: 1\nentries: {}\n", ":2:10:", "must be a list"),
        ("version: 1\nentries:\n  - just a string\n", ":3:5:", "expected a mapping"),
        (
            "version: 1\nentries:\n  - id: d1\n    decision: baseline\n  - id: d1\n    decision: baseline\n",
            ":5:5:",
            "duplicate id",
        ),
        ("version: 2\nentries: []\n", ":1:10:", "unsupported version"),
    ],
)
def test_malformed_file_names_path_line_col(tmp_path, text, where, what):
    p = tmp_path / "r.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ReconciliationError) as exc:
        rec.load(p)
    msg = str(exc.value)
    assert f"{p}{where}" in msg, msg
    assert what in msg


def test_stale_entries_carry_their_line(tmp_path):
    p = tmp_path / "r.yaml"
    rec.save(p, [entry(flag(["1", "2"], ["a", "b"], did="d1")), entry(flag(["1", "2"], ["a", "b"], did="d2"))])
    lines = p.read_text().splitlines()
    d2 = rec.load(p)[1]
    assert lines[d2.line - 1].strip() == "- id: d2"


def test_failed_replace_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    p = tmp_path / "r.yaml"
    rec.save(p, [entry(flag(["1", "2"], ["a", "b"]))])
    before = p.read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(Exception, match="disk full"):
        rec.save(p, [entry(flag(["3", "4"], ["a", "b"]))])
    assert p.read_bytes() == before
    assert [x.name for x in tmp_path.iterdir()] == ["r.yaml"]


WRITER = textwrap.dedent(
    """
    import sys
    from checker import reconcile as rec
    from checker.models import Discrepancy
    def entries(tag, n=400):
        return [rec.Entry(id=f"d{tag}{i:05d}", decision="explained", note="x" * 200, check="value_conflict",
                          measure="m", values=[str(i), tag]) for i in range(n)]
    sets = [entries("a"), entries("b")]
    rec.save(sys.argv[1], sets[0])
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        rec.save(sys.argv[1], sets[i % 2])
    """
)


def test_kill_mid_write_leaves_a_whole_file(tmp_path):
    p = tmp_path / "r.yaml"
    for delay in (0.05, 0.13, 0.31):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(p)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        loaded = rec.load(p)  # raises if the file were half written
        assert len(loaded) == 400
        assert len({e.id[1] for e in loaded}) == 1  # all from one version, never a mix
    leftovers = [x.name for x in Path(tmp_path).iterdir() if x.name != "r.yaml"]
    # a killed writer may leave its temp file, never a broken target; temp names are hidden and distinct
    assert all(x.startswith(".r.yaml.") and x.endswith(".tmp") for x in leftovers)


def test_baseline_keeps_editor_decisions_and_replaces_old_baselines(tmp_path):
    p = tmp_path / "r.yaml"
    explained = entry(flag(["15", "17"], ["a", "b"], did="dold1"))
    based = entry(flag(["3", "4"], ["x", "y"], did="dold2"), decision="baseline")
    rec.save(p, [explained, based])
    grown = [
        flag(["15", "16", "17"], ["a", "b", "c"], did="dnew1"),
        flag(["3", "4", "5"], ["x", "y", "z"], did="dnew2"),
    ]
    rec.apply(grown, rec.load(p))
    assert [f.status for f in grown] == ["new", "new"]
    added = rec.baseline(p, grown, [], "bot")
    assert [e.id for e in added] == ["dnew1", "dnew2"]
    assert [(e.id, e.decision) for e in rec.load(p)] == [
        ("dnew1", "baseline"),
        ("dnew2", "baseline"),
        ("dold1", "explained"),
    ]


def test_two_editors_never_lose_each_others_decision(tmp_path):
    """The read-change-write of a reconciliation file is done under a lock; a second editor waits."""
    import threading

    from checker import reconcile
    from checker.errors import ClaimcheckError

    path = tmp_path / "rec.yaml"
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with reconcile._editing(path):
            held.set()
            release.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    try:
        with pytest.raises(ClaimcheckError, match="another command is editing"), reconcile._editing(path, timeout=0.3):
            pass
    finally:
        release.set()
        t.join()
    with reconcile._editing(path, timeout=1):  # free again once the first editor is done
        pass
