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
from checker.models import Claim, Flag


def flag(values: list[str], articles: list[str], did: str = "dq1", check: str = "value_conflict") -> Flag:
    """A flag asking question `did`, answered with `values` by `articles`."""
    return Flag(
        discrepancy_id=did,
        check=check,
        rule_id="people",
        measure="people.rescued",
        qualifiers={"place": "Chile"},
        severity="error",
        claim_ids=[f"c{a}" for a in articles],
        article_ids=sorted(articles),
        values=values,
        summary=" vs ".join(values),
        story_id="s1",
        slot="2024-05-04",
    )


def entry(f: Flag, decision: str = "explained", note: str = "ok", when: str = "2024-05-05T00:00:00+00:00"):
    e = rec.entry_for(f, {}, decision, note, "ed")
    return e.model_copy(update={"when": when})


def statuses(flags, entries):
    matches, stale = rec.match(flags, entries)
    return {k: m.status for k, m in matches.items()}, stale, matches


# -- matching follows the question ------------------------------------------------------------------------
def test_a_decision_reconciles_its_question_and_a_baseline_makes_it_known():
    a, b = flag(["15", "17"], ["a", "b"]), flag(["3", "4"], ["x", "y"], did="dq2")
    got, stale, matches = statuses([a, b], [entry(a), entry(b, decision="baseline")])
    assert got == {"dq1": "reconciled", "dq2": "known"} and stale == []
    assert matches["dq1"].entry is not None and matches["dq1"].entry.decision == "explained"


def test_more_articles_repeating_a_decided_answer_stay_reconciled():
    old = flag(["15", "17"], ["a", "b"])
    grown = flag(["15", "17"], ["a", "b", "c"])  # c repeats 17: same question, same answers
    got, stale, _ = statuses([grown], [entry(old)])
    assert got == {"dq1": "reconciled"} and stale == []


def test_a_new_answer_reopens_the_question_as_changed():
    old = flag(["15", "17"], ["a", "b"])
    grown = flag(["15", "16", "17"], ["a", "b", "c"])
    got, stale, matches = statuses([grown], [entry(old)])
    assert got == {"dq1": "changed"} and stale == []
    assert "16" in (matches["dq1"].note or "") and "explained" in (matches["dq1"].note or "")


def test_an_unknown_question_is_new_and_an_entry_matching_nothing_is_stale():
    e = entry(flag(["15", "17"], ["a", "b"]))
    got, stale, _ = statuses([flag(["1", "2"], ["x", "y"], did="dq9")], [e])
    assert got == {"dq9": "new"} and stale == [e]


def test_decide_replaces_the_decision_on_the_same_question(tmp_path):
    p = tmp_path / "r.yaml"
    f = flag(["15", "17"], ["a", "b"])
    rec.decide(p, f, {}, "explained", "first", "ed")
    rec.decide(p, flag(["15", "16", "17"], ["a", "b", "c"]), {}, "confirmed", "second", "ed")
    (e,) = rec.load(p).entries
    assert (e.decision, e.note, e.values) == ("confirmed", "second", ["15", "16", "17"])


def test_an_unknown_id_names_the_run_and_lists_near_ids():
    f = flag(["15", "17"], ["a", "b"], did="d9d03515f98")
    with pytest.raises(UsageError) as exc:
        rec.find_flag([f], "d9d03515f9x", "the run of 2024-05-05")
    assert "d9d03515f98" in str(exc.value) and "the run of 2024-05-05" in str(exc.value)


def test_an_editor_decision_is_not_an_allowed_baseline(tmp_path):
    with pytest.raises(UsageError):
        rec.decide(tmp_path / "r.yaml", flag(["1", "2"], ["a", "b"]), {}, "baseline", "n", "ed")


# -- the file ---------------------------------------------------------------------------------------------
def test_round_trip_is_deterministic_and_sorted(tmp_path):
    claim = Claim(claim_id="ca", article_id="a", source="a.txt", published=None, rule_id="people",
                  measure="people.rescued", value="17", low=17, high=17, quote="17",
                  sentence="Rescuers pulled 17 miners out.", start=16, end=18)  # fmt: skip
    f1, f2 = flag(["15", "17"], ["a", "b"], did="dbbb"), flag(["3", "4"], ["x", "y"], did="daaa")
    entries = [rec.entry_for(f1, {"ca": rec.claim_line(claim)}, "explained", "a: note", "ed"), entry(f2)]
    p = tmp_path / "r.yaml"
    rec.save(p, rec.Decisions(entries, [rec.StoryEntry(kind="merge", a="s2", b="s1", by="ed")]))
    first = p.read_bytes()
    loaded = rec.load(p)
    assert [e.id for e in loaded.entries] == ["daaa", "dbbb"]
    assert loaded.entries[1].claims == ["a: '17' (people.rescued, reported) — Rescuers pulled 17 miners out."]
    assert [(s.kind, s.a, s.b) for s in loaded.stories] == [("merge", "s2", "s1")]
    rec.save(p, rec.Decisions(list(reversed(loaded.entries)), loaded.stories))
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
        ("version: 3\nentries: []\n", ":1:10:", "unsupported version"),
        ("version: 2\nstories:\n  - kind: split\n    a: s1\n    b: s2\n", ":3:5:", "allowed: merge, move"),
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


def test_a_yaml_bomb_is_refused_at_once_with_its_place(tmp_path):
    lines = ["version: 2", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    lines.append("entries: [*a11]")
    p = tmp_path / "r.yaml"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ReconciliationError) as exc:
        rec.load(p)
    assert time.monotonic() - started < 5
    assert f"{p}:2:" in str(exc.value) and "aliases" in str(exc.value)  # where the first anchor is


def test_stale_entries_carry_their_line(tmp_path):
    p = tmp_path / "r.yaml"
    rec.save(p, rec.Decisions([entry(flag(["1", "2"], ["a", "b"], did="d1")),
                               entry(flag(["1", "2"], ["a", "b"], did="d2"))]))  # fmt: skip
    lines = p.read_text().splitlines()
    d2 = rec.load(p).entries[1]
    assert lines[d2.line - 1].strip() == "- id: d2"


def test_failed_replace_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    p = tmp_path / "r.yaml"
    rec.save(p, rec.Decisions([entry(flag(["1", "2"], ["a", "b"]))]))
    before = p.read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(Exception, match="disk full"):
        rec.save(p, rec.Decisions([entry(flag(["3", "4"], ["a", "b"]))]))
    assert p.read_bytes() == before
    assert [x.name for x in tmp_path.iterdir()] == ["r.yaml"]


WRITER = textwrap.dedent(
    """
    import sys
    from checker import reconcile as rec
    def entries(tag, n=400):
        return rec.Decisions([rec.Entry(id=f"d{tag}{i:05d}", decision="explained", note="x" * 200,
                                        check="value_conflict", measure="m", values=[str(i), tag]) for i in range(n)])
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
        loaded = rec.load(p).entries  # raises if the file were half written
        assert len(loaded) == 400
        assert len({e.id[1] for e in loaded}) == 1  # all from one version, never a mix
    leftovers = [x.name for x in Path(tmp_path).iterdir() if x.name != "r.yaml"]
    # a killed writer may leave its temp file, never a broken target; temp names are hidden and distinct
    assert all(x.startswith(".r.yaml.") and x.endswith(".tmp") for x in leftovers)


def test_baseline_keeps_editor_decisions_and_refreshes_its_own(tmp_path):
    p = tmp_path / "r.yaml"
    explained = entry(flag(["15", "17"], ["a", "b"], did="dq1"))
    based = entry(flag(["3", "4"], ["x", "y"], did="dq2"), decision="baseline")
    rec.save(p, rec.Decisions([explained, based]))
    grown = [flag(["15", "16", "17"], ["a", "b", "c"], did="dq1"), flag(["3", "4", "5"], ["x", "y", "z"], did="dq2"),
             flag(["7", "8"], ["u", "v"], did="dq3")]  # fmt: skip
    got, _, _ = statuses(grown, rec.load(p).entries)
    assert got == {"dq1": "changed", "dq2": "changed", "dq3": "new"}
    added = rec.baseline(p, grown, {}, "bot")
    assert [e.id for e in added] == ["dq2", "dq3"]  # an editor's decision stays for the editor to revisit
    assert [(e.id, e.decision, e.values) for e in rec.load(p).entries] == [
        ("dq1", "explained", ["15", "17"]),
        ("dq2", "baseline", ["3", "4", "5"]),
        ("dq3", "baseline", ["7", "8"]),
    ]


def test_story_corrections_replace_earlier_ones_for_the_same_story(tmp_path):
    p = tmp_path / "r.yaml"
    rec.correct_story(p, "move", "a.txt", "s2", "wrong event", "ed")
    rec.correct_story(p, "move", "a.txt", "s3", "no, this one", "ed")
    rec.correct_story(p, "merge", "s4", "s3", "", "ed")
    assert [(s.kind, s.a, s.b) for s in rec.load(p).stories] == [("move", "a.txt", "s3"), ("merge", "s4", "s3")]
    with pytest.raises(UsageError):
        rec.correct_story(p, "merge", "s3", "s3", "", "ed")


def test_two_editors_never_lose_each_others_decision(tmp_path):
    """The read-change-write of a reconciliation file is done under a lock; a second editor waits."""
    import threading

    from checker import reconcile
    from checker.errors import ClaimcheckError

    path = tmp_path / "rec.yaml"
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with reconcile.editing(path):
            held.set()
            release.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    try:
        with pytest.raises(ClaimcheckError, match="another command is editing"), reconcile.editing(path, timeout=0.3):
            pass
    finally:
        release.set()
        t.join()
    with reconcile.editing(path, timeout=1):  # free again once the first editor is done
        pass
