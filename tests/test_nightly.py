"""Nightly runs: what a second run with history takes from its caches (files, claims, story readings, story flags,
report pieces) changes nothing it writes; where the stories it keeps are those a grouping afresh makes, it writes
what a run without history writes."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from typer.testing import CliRunner

from checker.cli import app
from tests.conftest import ROOT

RULES = ROOT / "rules"

# Each text: (title, published, body). Two stories at first; later articles join one, start another, or tell
# both halves of two earlier stories (a fire, and a road closed near it).
QUAKE = [
    ("Earthquake kills 12 in Velmora", "2024-05-04",
     "At least 12 people were killed when a magnitude 6.1 earthquake struck Velmora on Saturday, the civil "
     "defence agency said. About 300 homes were damaged and 40 people were injured."),
    ("Velmora quake toll rises to 14", "2024-05-05",
     "The earthquake that struck Velmora on Saturday killed 14 people, officials said on Sunday. Rescuers "
     "said about 350 homes were damaged and 45 people were injured."),
]
FLOOD = [
    ("Floods in Kastrin force 2,000 from their homes", "2024-03-10",
     "Floods in the Kastrin valley forced 2,000 people from their homes on Sunday after the Oder river burst "
     "its banks, the regional governor said. Two people died."),
    ("Kastrin floods: 2,500 evacuated", "2024-03-11",
     "About 2,500 people were evacuated from the Kastrin valley after the Oder river burst its banks, the "
     "regional governor said on Monday. Three people died and 12 were injured."),
]
JOINS = ("Velmora earthquake: 17 dead", "2024-05-06",
         "Rescuers in Velmora said on Monday that 17 people died in Saturday's magnitude 6.1 earthquake and that "
         "400 homes were damaged. Some 50 people were injured.")  # fmt: skip
STARTS = ("Wildfire near Lisberg destroys 40 homes", "2024-07-02",
          "A wildfire near Lisberg destroyed 40 homes on Tuesday, the fire service said. About 600 residents "
          "left the town and 3 firefighters were injured.")  # fmt: skip
SIDE_FIRE = ("Fire guts Delgado Logistics warehouse", "2024-03-05",
             "A fire gutted the Delgado Logistics warehouse on Quarry Street on Monday night, fire chief Ana "
             "Petrovic said. About 40 firefighters fought the blaze, which destroyed 300 tonnes of paper goods. "
             "No one was hurt.")  # fmt: skip
SIDE_ROAD = ("Route 9 shut near the river in Brockton Falls", "2024-03-06",
             "Route 9 was closed in both directions near the river bridge in Brockton Falls overnight, the "
             "highway department said. About 1,200 drivers were sent on a detour through Elm Road and Harker "
             "Street. The road reopened on Tuesday afternoon.")  # fmt: skip
BRIDGE = ("Delgado Logistics warehouse fire shuts Route 9 in Brockton Falls", "2024-03-06",
          "A fire gutted the Delgado Logistics warehouse on Quarry Street on Monday night, fire chief Ana "
          "Petrovic said, and Route 9 was closed in both directions near the river bridge in Brockton Falls "
          "while about 40 firefighters fought the blaze, which destroyed 800 tonnes of paper goods. About 1,500 "
          "drivers were sent on a detour through Elm Road and Harker Street. The road reopened on Tuesday "
          "afternoon.")  # fmt: skip


def write(folder: Path, name: str, item: tuple[str, str, str]) -> None:
    title, published, body = item
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"---\npublished: {published}\ntitle: {title}\n---\n\n{title}\n\n{body}\n", encoding="utf-8")
    old = time.time() - 3600  # written an hour ago: a file changed just now has its bytes hashed again
    os.utime(path, (old, old))


def run(tmp: Path, corpus: Path, out: str, history: Path | None) -> dict:
    where = ["--history", str(history)] if history is not None else ["--no-history"]
    r = CliRunner().invoke(app, ["run", str(corpus), "--rules", str(RULES), "--out", str(tmp / out),
                                 "--reconciliations", str(tmp / "none.yaml"), *where])  # fmt: skip
    if r.exception and not isinstance(r.exception, SystemExit):
        raise r.exception
    assert r.exit_code in (0, 1), r.stderr
    return json.loads((tmp / out / "report.json").read_text(encoding="utf-8"))


def outputs(out: Path) -> dict[str, object]:
    """The CSVs byte for byte, and report.json without what only says how this run went (its `run` record: times,
    cache counts) or what the history alone knows (when a flag was first seen)."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    del report["run"]
    for d in report["discrepancies"]:
        d.pop("first_seen", None)
        d.pop("new_since_last_run", None)
    return {"claims.csv": (out / "claims.csv").read_bytes(),
            "discrepancies.csv": (out / "discrepancies.csv").read_bytes(), "report.json": report}  # fmt: skip


FIRST = {"q1.txt": QUAKE[0], "q2.txt": QUAKE[1], "f1.txt": FLOOD[0], "f2.txt": FLOOD[1], "side-fire.txt": SIDE_FIRE,
         "side-road.txt": SIDE_ROAD}  # fmt: skip
ADDED = {"q3.txt": JOINS, "w1.txt": STARTS, "bridge.txt": BRIDGE}


def test_a_second_run_with_history_writes_what_a_fresh_run_writes(tmp_path):
    corpus, history = tmp_path / "corpus", tmp_path / "h.sqlite"
    for name, item in FIRST.items():
        write(corpus, name, item)
    one = run(tmp_path, corpus, "one", history)
    for name, item in ADDED.items():
        write(corpus, name, item)
    two = run(tmp_path, corpus, "two", history)
    fresh = run(tmp_path, corpus, "fresh", None)
    # the second run took what had not changed from its caches: the floods' story, which nothing joined
    assert (two["run"]["files_unread"], two["run"]["extracted"], two["run"]["from_cache"]) == (6, 3, 6)
    assert two["run"]["stories_from_cache"] == 1
    assert two["run"]["discrepancies"] == fresh["run"]["discrepancies"] > 0
    assert outputs(tmp_path / "two") == outputs(tmp_path / "fresh")
    before = {a["article_id"]: a["story_id"] for a in one["articles"]}
    after = {a["article_id"]: a["story_id"] for a in two["articles"]}
    assert after["q3.txt"] == after["q1.txt"] == before["q1.txt"]  # joins a story, whose id stays
    assert after["w1.txt"] not in set(before.values())  # starts one
    assert before["side-fire.txt"] != before["side-road.txt"]  # bridges two: they merge
    assert after["bridge.txt"] == after["side-fire.txt"] == after["side-road.txt"]


def test_a_third_run_with_nothing_new_reads_and_compares_nothing_again(tmp_path):
    corpus, history = tmp_path / "corpus", tmp_path / "h.sqlite"
    for name, item in {"q1.txt": QUAKE[0], "q2.txt": QUAKE[1], "f1.txt": FLOOD[0]}.items():
        write(corpus, name, item)
    run(tmp_path, corpus, "one", history)
    again = run(tmp_path, corpus, "two", history)
    assert (again["run"]["extracted"], again["run"]["stories_compared"]) == (0, 0)
    assert outputs(tmp_path / "two") == outputs(tmp_path / "one")


CACHES = ("files", "extraction_cache", "story_docs", "story_cache", "report_pieces", "name_mentions", "copy_sketches",
          "row_checks")  # fmt: skip


def test_the_caches_change_nothing_a_run_writes(tmp_path):
    """Whatever the stories a history keeps (their ids, and merges a bridging article makes, may differ from a
    grouping made afresh: docs/stories.md), a second run that takes everything from its caches writes what the
    same run with its caches emptied writes, the run record aside."""
    import shutil
    import sqlite3

    corpus, history, bare = tmp_path / "corpus", tmp_path / "h.sqlite", tmp_path / "bare.sqlite"
    for name, item in FIRST.items():
        write(corpus, name, item)
    run(tmp_path, corpus, "one", history)
    shutil.copyfile(history, bare)
    with sqlite3.connect(bare) as db:
        for table in CACHES:
            db.execute(f"DELETE FROM {table}")
    for name, item in ADDED.items():
        write(corpus, name, item)
    cached = run(tmp_path, corpus, "cached", history)
    afresh = run(tmp_path, corpus, "afresh", bare)
    assert (cached["run"]["from_cache"], afresh["run"]["from_cache"]) == (6, 0)
    assert (cached["run"]["stories_from_cache"], afresh["run"]["stories_from_cache"]) == (1, 0)
    assert cached["run"]["story_notes"] == afresh["run"]["story_notes"]
    for name in ("claims.csv", "discrepancies.csv"):
        assert (tmp_path / "cached" / name).read_bytes() == (tmp_path / "afresh" / name).read_bytes()
    # report.json: all but the run record and when a flag this run found first was seen (this run's clock)
    reports = [json.loads((tmp_path / out / "report.json").read_text(encoding="utf-8")) for out in ("cached", "afresh")]
    for r in reports:
        del r["run"]
        for d in r["discrepancies"]:
            if d.get("new_since_last_run"):
                del d["first_seen"]
    assert reports[0] == reports[1]


# A story whose reports spell one official's name two ways: the later report's spelling, set against the earlier
# reports' (read for names by the first run, kept in the history), is a name_variant flag.
SPELT = [
    ("Dam breach floods Orvan", "2024-09-02",
     "The Orvan dam gave way on Monday and flooded 200 homes, regional governor Tomasz Wierzbicki said. Some 30 "
     "people were rescued from rooftops."),
    ("Orvan dam: 250 homes flooded", "2024-09-03",
     "Water from the broken Orvan dam flooded 250 homes, governor Tomasz Wierzbicki said on Tuesday. About 40 "
     "people were rescued from rooftops."),
]
RESPELT = ("Orvan dam flood: 300 homes under water", "2024-09-04",
           "Governor Tomasz Wierzbiki said on Wednesday that 300 homes were under water after the Orvan dam gave "
           "way on Monday. Some 45 people were rescued from rooftops.")  # fmt: skip


def test_a_nightly_run_reads_only_new_articles_for_names_and_flags_what_a_fresh_run_flags(tmp_path):
    corpus, history = tmp_path / "corpus", tmp_path / "h.sqlite"
    write(corpus, "d1.txt", SPELT[0])
    write(corpus, "d2.txt", SPELT[1])
    write(corpus, "f1.txt", FLOOD[0])
    run(tmp_path, corpus, "one", history)
    write(corpus, "d3.txt", RESPELT)
    two = run(tmp_path, corpus, "two", history)
    fresh = run(tmp_path, corpus, "fresh", None)
    story = {a["article_id"]: a["story_id"] for a in two["articles"]}
    assert story["d1.txt"] == story["d2.txt"] == story["d3.txt"]
    # the dam story was compared again; its two earlier reports' mentions came from the history
    assert (two["run"]["stories_compared"], two["run"]["name_mentions_from_cache"]) == (1, 2)
    names = [d for d in two["discrepancies"] if d["check"] == "name_variant"]
    assert [sorted(d["values"]) for d in names] == [["Wierzbicki", "Wierzbiki"]]
    assert outputs(tmp_path / "two") == outputs(tmp_path / "fresh")
    assert fresh["run"]["name_mentions_from_cache"] == 0


class _Store:
    """A sketch store in memory, counting what it is asked for."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def get(self, keys: list[str]) -> dict[str, bytes]:
        return {k: self.blobs[k] for k in keys if k in self.blobs}

    def put(self, items: dict[str, bytes]) -> None:
        self.blobs.update(items)


class _Reads(list):
    """Texts that note which of them were read."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__(texts)
        self.read: set[int] = set()

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        self.read.add(i)
        return super().__getitem__(i)


def test_the_search_for_copies_with_kept_sketches_reads_only_new_texts_and_finds_what_it_finds_afresh():
    import random

    from checker.sources.clean import find_copies, normalise_for_match

    rng = random.Random(3)
    words = ["river", "bank", "flood", "town", "mayor", "rescue", "boat", "night", "water", "road", "bridge",
             "school", "people", "homes"]  # fmt: skip
    bases = [" ".join(rng.choice(words) for _ in range(80)) + f" {n} people were evacuated" for n in range(12)]
    texts = []
    for k in range(60):
        base = bases[k % len(bases)]
        kind = rng.choice(["same", "word", "figure", "other"])
        if kind == "word":  # a near copy with one word changed: a copy
            base = base.replace("mayor", "governor", 1)
        elif kind == "figure":  # a near copy with a figure changed: a revision
            base = base.replace("people were", "7 people were", 1)
        elif kind == "other":
            base = " ".join(rng.choice(words) for _ in range(90))
        texts.append(normalise_for_match(base))
    first, added = texts[:50], texts[50:]
    order = first[:20] + added + first[20:]  # new texts anywhere in the order, not only at the end
    keys = {t: f"k{i}" for i, t in enumerate(dict.fromkeys(texts))}
    store = _Store()
    assert find_copies(first, store, [keys[t] for t in first]) == find_copies(first)
    again = _Reads(order)
    found = find_copies(again, store, [keys[t] for t in order])
    assert found == find_copies(order)
    assert any(d is not None for d, _ in found) and any(r is not None for _, r in found)
    # read: the texts not sketched before, and the earlier ones a new pair compares with them
    new = {i for i, t in enumerate(order) if t not in first}
    assert new and new <= again.read and len(again.read - new) < 20


def test_report_pieces_of_another_format_are_not_copied(tmp_path, monkeypatch):
    """A history whose pieces a format-2 run stored: the next run, in format 4, writes its own records (the
    pieces' key holds the format), and a format-2 run after it copies the format-2 pieces again."""
    corpus, history = tmp_path / "corpus", tmp_path / "h.sqlite"
    for name, item in FIRST.items():
        write(corpus, name, item)
    monkeypatch.setenv("CLAIMCHECK_REPORT_FORMAT", "2")
    run(tmp_path, corpus, "two", history)
    monkeypatch.delenv("CLAIMCHECK_REPORT_FORMAT")
    four = run(tmp_path, corpus, "four", history)
    assert four["format"]["version"] == 4 and four["run"]["from_cache"] == 6
    run(tmp_path, corpus, "four-fresh", None)
    assert outputs(tmp_path / "four") == outputs(tmp_path / "four-fresh")
    monkeypatch.setenv("CLAIMCHECK_REPORT_FORMAT", "2")
    run(tmp_path, corpus, "two-again", history)
    run(tmp_path, corpus, "two-fresh", None)
    assert outputs(tmp_path / "two-again") == outputs(tmp_path / "two-fresh")


# A ferry story whose first reports hedge their figures one way ("at least"), and whose later reports, more of them,
# another ("about"): the measures' usual values in report.json move, so records written the first night are made
# again for those measures only.
FERRY = [
    ("Ferry sinks off Talvik", "2024-06-01",
     "At least 30 people died when a ferry sank off Talvik on Saturday, the coast guard said. At least 80 "
     "passengers were rescued."),
    ("Talvik ferry toll rises", "2024-06-02",
     "At least 34 people died in the Talvik ferry sinking, the coast guard said on Sunday. At least 85 passengers "
     "were rescued."),
]
FERRY_LATER = [
    ("Talvik ferry: 41 dead", "2024-06-03",
     "About 41 people died in Saturday's ferry sinking off Talvik, officials said on Monday. About 90 passengers "
     "were rescued."),
    ("Talvik ferry divers", "2024-06-04",
     "About 44 people died in the ferry sinking off Talvik, divers said on Tuesday. About 92 passengers were "
     "rescued."),
    ("Talvik mourns", "2024-06-05",
     "About 45 people died when the ferry sank off Talvik, the mayor said on Wednesday. About 95 passengers were "
     "rescued."),
]
FERRY_CORRECTED = ("Talvik ferry toll rises", "2024-06-02",
                   "At least 36 people died in the Talvik ferry sinking, the coast guard said on Sunday. At least 85 "
                   "passengers were rescued.")  # fmt: skip


def test_a_nightly_run_over_added_and_changed_articles_writes_what_a_run_without_history_writes(tmp_path):
    """Night two adds articles to both earlier stories and a new one, and changes an earlier article's figure; the
    new claims move the usual values format 4 writes claims against. Every output equals a fresh run's: the CSVs
    byte for byte, report.json as data (but the run record and what only the history knows of flags)."""
    corpus, history = tmp_path / "corpus", tmp_path / "h.sqlite"
    first = {"r1.txt": FERRY[0], "r2.txt": FERRY[1], **FIRST}
    for name, item in first.items():
        write(corpus, name, item)
    one = run(tmp_path, corpus, "one", history)
    run(tmp_path, corpus, "one-fresh", None)
    assert outputs(tmp_path / "one") == outputs(tmp_path / "one-fresh")
    for n, item in enumerate(FERRY_LATER):
        write(corpus, f"r{n + 3}.txt", item)
    write(corpus, "r2.txt", FERRY_CORRECTED)
    write(corpus, "q3.txt", JOINS)
    write(corpus, "w1.txt", STARTS)
    two = run(tmp_path, corpus, "two", history)
    run(tmp_path, corpus, "fresh", None)
    # what it took from the history: the unchanged files and their claims, the floods' story
    assert (two["run"]["files_unread"], two["run"]["extracted"], two["run"]["from_cache"]) == (7, 6, 7)
    assert two["run"]["stories_from_cache"] >= 1
    moved = {m for m, usual in two["claim_defaults"].items() if one["claim_defaults"].get(m) != usual}
    assert "people.rescued" in moved  # the hedge of the ferry's rescued: "about" now, not "at least"
    assert outputs(tmp_path / "two") == outputs(tmp_path / "fresh")
    # and a third night with nothing new copies every piece as the second night wrote or made it again
    three = run(tmp_path, corpus, "three", history)
    assert (three["run"]["extracted"], three["run"]["stories_compared"]) == (0, 0)
    assert outputs(tmp_path / "three") == outputs(tmp_path / "fresh")


def test_a_run_gives_the_garbage_collector_back_as_it_found_it(tmp_path):
    """A run makes full collections rare while it lasts (its heap only grows); a process that goes on after it
    (the server, a notebook) keeps its own settings, whether the run succeeded or not."""
    import gc

    import pytest

    from checker.app import RunConfig
    from checker.app import run as run_pipeline
    from checker.errors import InputError

    write(tmp_path / "corpus", "q1.txt", QUAKE[0])
    before = gc.get_threshold()
    gc.set_threshold(500, 7, 3)
    try:
        run_pipeline(RunConfig(sources=(str(tmp_path / "corpus"),), rules=str(RULES), reconciliations=None))
        assert gc.get_threshold() == (500, 7, 3)
        (tmp_path / "empty").mkdir()
        with pytest.raises(InputError):
            run_pipeline(RunConfig(sources=(str(tmp_path / "empty"),), rules=str(RULES), reconciliations=None))
        assert gc.get_threshold() == (500, 7, 3)
    finally:
        gc.set_threshold(*before)
