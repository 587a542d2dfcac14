"""The story step: which articles report the same occurrence, stable ids, nightly runs, editors' corrections."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import defaultdict
from pathlib import Path

import pytest

from checker.models import Article
from checker.stories import StoryCorrection, _shown, assign_stories, story_id_for

ROOT = Path(__file__).resolve().parent.parent
REALNEWS = ROOT.parent / "shared" / "realnews"
D = dt.date


def art(aid: str, title: str, text: str, published: dt.date | None = None, **kw) -> Article:  # type: ignore[no-untyped-def]
    body = f"{title}\n\n{text}"
    return Article(article_id=aid, source=f"{aid}.txt", title=title, text=body, published=published,
                   content_hash=hashlib.sha256(body.encode()).hexdigest(), **kw)  # fmt: skip


FIRE_1 = art(
    "fire-1", "Warehouse fire closes Route 9 in Brockton Falls",
    "A fire tore through the Delgado Logistics warehouse on Quarry Street in Brockton Falls on Monday night, "
    "fire chief Ana Petrovic said. About 40 firefighters from three towns fought the blaze for six hours. "
    "Route 9 was closed between Quarry Street and the river while crews worked. No one was hurt, Petrovic "
    "said. The warehouse stored paper goods and cleaning supplies.", D(2024, 3, 5),
)  # fmt: skip
FIRE_2 = art(
    "fire-2", "Brockton Falls warehouse blaze under investigation",
    "Investigators are trying to find out what started Monday's fire at the Delgado Logistics warehouse on "
    "Quarry Street. Fire chief Ana Petrovic said the building, which held paper goods, is a total loss. Owner "
    "Ray Delgado said 31 employees would be paid while the company looks for a new site. Route 9 reopened on "
    "Tuesday afternoon.", D(2024, 3, 6),
)  # fmt: skip
FLOOD_1 = art(
    "flood-1", "Millhaven river floods homes on Ashcombe Lane",
    "The Tessel River burst its banks in Millhaven early Tuesday, flooding 18 homes on Ashcombe Lane and Ferry "
    "Road. Mayor Colette Brandt said residents were moved to the Millhaven community hall overnight. The river "
    "peaked at 4.7 metres, the highest level since records began.", D(2024, 3, 5),
)  # fmt: skip
FLOOD_2 = art(
    "flood-2", "Millhaven residents return after Tessel River flood",
    "Families on Ashcombe Lane began returning home on Wednesday after the Tessel River fell back below 3 "
    "metres. Mayor Colette Brandt said 18 homes had water damage and the Millhaven community hall would stay "
    "open. Ferry Road remains closed to traffic.", D(2024, 3, 7),
)  # fmt: skip
QUAKE_2022 = art(
    "quake-2022", "Earthquake shakes the Tervola valley",
    "An earthquake of magnitude 5.1 shook the Tervola valley on Thursday morning, the national seismic "
    "institute said. Windows broke in several villages and a bridge was closed for inspection. Residents said "
    "the shaking lasted about twenty seconds. No deaths were reported.", D(2022, 5, 12),
)  # fmt: skip
QUAKE_2022B = art(
    "quake-2022b", "Tervola valley counts damage after magnitude 5.1 quake",
    "Engineers inspected the bridge over the Tervola river after Thursday's magnitude 5.1 earthquake, the "
    "seismic institute said. Several villages in the Tervola valley reported broken windows and cracked "
    "walls. No deaths were reported and the bridge reopened on Friday.", D(2022, 5, 13),
)  # fmt: skip
# another earthquake in the same valley a year later, reported in nearly the same words
QUAKE_2023 = art(
    "quake-2023", "Earthquake shakes the Tervola valley",
    "An earthquake of magnitude 4.8 shook the Tervola valley on Sunday evening, the national seismic "
    "institute said. Windows broke in several villages and a road was closed for inspection. Residents said "
    "the shaking lasted a few seconds. No deaths were reported.", D(2023, 6, 4),
)  # fmt: skip
BUDGET = art(
    "budget", "Council approves library budget",
    "The Oakridge council voted 7 to 2 on Thursday to approve a budget of 2.3 million for the new public "
    "library. Construction is expected to start in the autumn.", D(2024, 3, 7),
)  # fmt: skip
ALL = [FIRE_1, FIRE_2, FLOOD_1, FLOOD_2, QUAKE_2022, QUAKE_2022B, QUAKE_2023, BUDGET]
EXPECTED = [{"fire-1", "fire-2"}, {"flood-1", "flood-2"}, {"quake-2022", "quake-2022b"}, {"quake-2023"}, {"budget"}]


def groups(result) -> list[set[str]]:  # type: ignore[no-untyped-def]
    by: dict[str, set[str]] = defaultdict(set)
    for aid, sid in result.story_of.items():
        by[sid].add(aid)
    return sorted(by.values(), key=lambda g: sorted(g))


def test_reports_of_one_occurrence_share_a_story_and_other_occurrences_do_not() -> None:
    result = assign_stories(ALL)
    assert groups(result) == sorted(EXPECTED, key=lambda g: sorted(g))
    assert [s.story_id for s in result.stories] == sorted(s.story_id for s in result.stories)
    assert set(result.story_of) == {a.article_id for a in ALL}


def test_the_same_kind_of_event_a_year_apart_is_two_stories() -> None:
    result = assign_stories([QUAKE_2022, QUAKE_2023])
    assert result.story_of["quake-2022"] != result.story_of["quake-2023"]
    # the same two texts on neighbouring days would be one report repeated: the date decides
    again = QUAKE_2023.model_copy(update={"published": D(2022, 5, 12), "article_id": "quake-again"})
    assert len({assign_stories([QUAKE_2022, again]).story_of[a] for a in ("quake-2022", "quake-again")}) == 1


def test_result_does_not_depend_on_input_order() -> None:
    first = assign_stories(ALL)
    for seed in range(4):
        shuffled = ALL[:]
        random.Random(seed).shuffle(shuffled)
        again = assign_stories(shuffled)
        assert again.story_of == first.story_of
        assert again.stories == first.stories
        assert again.why == first.why


def test_empty_and_single_article() -> None:
    empty = assign_stories([])
    assert empty.stories == [] and empty.story_of == {}
    one = assign_stories([BUDGET])
    assert one.story_of == {"budget": story_id_for(BUDGET.content_hash)}
    story = one.stories[0]
    assert story.article_ids == ("budget",) and story.title == "Council approves library budget"
    assert story.first == story.last == D(2024, 3, 7)


def test_an_article_without_text_or_date_still_gets_a_story() -> None:
    bare = Article(article_id="bare", source="bare.txt", text="")
    result = assign_stories([bare, FIRE_1])
    assert set(result.story_of) == {"bare", "fire-1"}
    assert result.story_of["bare"] != result.story_of["fire-1"]


def test_duplicates_follow_their_original_and_change_nothing_else() -> None:
    copy = FIRE_1.model_copy(
        update={"article_id": "fire-1-copy", "source": "mirror/fire-1.txt", "duplicate_of": "fire-1"}
    )
    copy_of_copy = FIRE_1.model_copy(update={"article_id": "fire-1-copy2", "duplicate_of": "fire-1-copy"})
    lost = BUDGET.model_copy(update={"article_id": "budget-copy", "duplicate_of": "not-in-this-run"})
    plain = assign_stories(ALL)
    result = assign_stories([*ALL, copy, copy_of_copy, lost])
    assert result.story_of["fire-1-copy"] == result.story_of["fire-1-copy2"] == result.story_of["fire-1"]
    assert {k: v for k, v in result.story_of.items() if k in plain.story_of} == plain.story_of
    assert result.why["fire-1-copy"] == "a copy of fire-1"
    # a copy whose original is not in this run is read like any article: its text puts it with `budget`
    assert result.story_of["budget-copy"] == result.story_of["budget"]
    assert "budget-copy" not in result.why or "copy" not in result.why["budget-copy"]


def test_story_id_is_a_fingerprint_of_the_founding_article() -> None:
    result = assign_stories(ALL)
    # the founder is the earliest dated article (ties: content hash)
    assert result.story_of["fire-2"] == story_id_for(FIRE_1.content_hash)
    assert result.story_of["quake-2022b"] == story_id_for(QUAKE_2022.content_hash)
    assert all(len(s.story_id) == 11 and s.story_id.startswith("s") for s in result.stories)


def test_ids_stay_as_articles_arrive() -> None:
    first = assign_stories([FIRE_2, FLOOD_1, QUAKE_2022])
    previous = {a.content_hash: first.story_of[a.article_id] for a in (FIRE_2, FLOOD_1, QUAKE_2022)}
    later = assign_stories(ALL, previous=previous)
    for a in (FIRE_2, FLOOD_1, QUAKE_2022):
        assert later.story_of[a.article_id] == first.story_of[a.article_id]
    # new articles join the stories they report; the earlier FIRE_1 does not take the id over
    assert later.story_of["fire-1"] == later.story_of["fire-2"] == story_id_for(FIRE_2.content_hash)
    assert later.story_of["flood-2"] == later.story_of["flood-1"]
    assert later.story_of["quake-2022b"] == later.story_of["quake-2022"]
    assert later.story_of["quake-2023"] not in set(previous.values())
    assert groups(later) == groups(assign_stories(ALL))
    assert later.notes == []


def test_a_renamed_article_keeps_its_story() -> None:
    first = assign_stories(ALL)
    previous = {a.content_hash: first.story_of[a.article_id] for a in ALL}
    moved = [a.model_copy(update={"article_id": f"archive/{a.article_id}"}) for a in ALL]
    again = assign_stories(moved, previous=previous)
    assert {k.removeprefix("archive/"): v for k, v in again.story_of.items()} == first.story_of


# Two reports that share little (a warehouse fire; a road closed "for emergency work"), then a
# third that tells both halves: the fire closed the road.
SIDE_FIRE = art(
    "side-fire", "Fire guts Delgado Logistics warehouse",
    "A fire gutted the Delgado Logistics warehouse on Quarry Street on Monday night, fire chief Ana Petrovic "
    "said. About 40 firefighters fought the blaze, which destroyed stocks of paper goods. No one was hurt.",
    D(2024, 3, 5),
)  # fmt: skip
SIDE_ROAD = art(
    "side-road", "Route 9 shut near the river in Brockton Falls",
    "Route 9 was closed in both directions near the river bridge in Brockton Falls overnight, the highway "
    "department said. Drivers were sent on a detour through Elm Road and Harker Street. The road reopened "
    "on Tuesday afternoon.", D(2024, 3, 6),
)  # fmt: skip
BRIDGE = art(
    "bridge", "Delgado Logistics warehouse fire shuts Route 9 in Brockton Falls",
    "A fire gutted the Delgado Logistics warehouse on Quarry Street on Monday night, fire chief Ana Petrovic "
    "said, and Route 9 was closed in both directions near the river bridge in Brockton Falls while about 40 "
    "firefighters fought the blaze. Drivers were sent on a detour through Elm Road and Harker Street. The "
    "road reopened on Tuesday afternoon.", D(2024, 3, 6),
)  # fmt: skip


def test_an_article_that_bridges_two_earlier_stories_merges_them() -> None:
    first = assign_stories([SIDE_FIRE, SIDE_ROAD])
    fire_id, road_id = first.story_of["side-fire"], first.story_of["side-road"]
    assert fire_id != road_id
    previous = {SIDE_FIRE.content_hash: fire_id, SIDE_ROAD.content_hash: road_id}
    # without the bridge, two earlier stories never merge
    assert assign_stories([SIDE_FIRE, SIDE_ROAD], previous=previous).story_of == first.story_of
    later = assign_stories([SIDE_FIRE, SIDE_ROAD, BRIDGE], previous=previous)
    # the older founder's id survives, and the notes say why
    assert later.story_of == {"side-fire": fire_id, "side-road": fire_id, "bridge": fire_id}
    assert later.notes == [f"story {road_id} merged into {fire_id}: new article bridge links both"]
    # the same on any order, and the same ids on the next run
    assert assign_stories([BRIDGE, SIDE_ROAD, SIDE_FIRE], previous=previous).story_of == later.story_of
    settled = {a.content_hash: later.story_of[a.article_id] for a in (SIDE_FIRE, SIDE_ROAD, BRIDGE)}
    assert assign_stories([SIDE_FIRE, SIDE_ROAD, BRIDGE], previous=settled).story_of == later.story_of


def test_editors_merge_stories_and_move_articles() -> None:
    base = assign_stories(ALL)
    fire, flood, budget = (base.story_of[a] for a in ("fire-1", "flood-1", "budget"))
    fixes = [
        StoryCorrection("merge", flood, fire),
        StoryCorrection("move", "quake-2023", base.story_of["quake-2022"]),
        StoryCorrection("move", "budget", "s-editor-1"),  # an id the editor names founds a story
    ]
    result = assign_stories(ALL, corrections=fixes)
    assert {result.story_of[a] for a in ("fire-1", "fire-2", "flood-1", "flood-2")} == {fire}
    assert result.story_of["quake-2023"] == result.story_of["quake-2022"]
    assert result.story_of["budget"] == "s-editor-1"
    assert budget not in {s.story_id for s in result.stories}
    assert "s-editor-1" in {s.story_id for s in result.stories}
    assert result.notes == [
        f"correction applied: story {flood} merged into {fire}",
        f"correction applied: article quake-2023 moved to story {base.story_of['quake-2022']}",
        "correction applied: article budget moved to story s-editor-1",
    ]
    # applied on every run: the next run, from this run's assignment, gives the same
    previous = {a.content_hash: result.story_of[a.article_id] for a in ALL}
    assert assign_stories(ALL, previous=previous, corrections=fixes).story_of == result.story_of


def test_corrections_with_unknown_ids_are_noted_never_fatal() -> None:
    base = assign_stories(ALL)
    fire = base.story_of["fire-1"]
    fixes = [
        StoryCorrection("merge", "s0000000000", fire),
        StoryCorrection("merge", fire, "s1111111111"),
        StoryCorrection("move", "no-such-article", fire),
        StoryCorrection("split", "fire-1", fire),  # type: ignore[arg-type]
    ]
    result = assign_stories(ALL, corrections=fixes)
    assert result.story_of == base.story_of
    assert len(result.notes) == 4
    assert "no story s0000000000" in result.notes[0]
    assert "story s1111111111 does not exist" in result.notes[1]
    assert "no article no-such-article" in result.notes[2]
    assert "'split'" in result.notes[3]


def test_stories_explain_their_grouping() -> None:
    result = assign_stories(ALL)
    fire = next(s for s in result.stories if "fire-1" in s.article_ids)
    assert fire.title == "Warehouse fire closes Route 9 in Brockton Falls"  # the founder's
    assert (fire.first, fire.last) == (D(2024, 3, 4), D(2024, 3, 6))  # "Monday night" in the lead
    assert {"delgado logistics", "ana petrovic", "quarry street"} <= set(fire.terms)
    assert result.why["fire-2"].startswith("closest to fire-1 (similarity ")
    assert "petrovic" in result.why["fire-2"] or "delgado logistics" in result.why["fire-2"]
    assert "budget" not in result.why  # alone in its story: nothing to explain


def test_a_malformed_story_lexicon_names_the_file(tmp_path: Path) -> None:
    # rules/_stories.yaml is a shared file: the rule loader checks it with every other, at path:line:col
    import shutil

    from checker.errors import RuleError
    from checker.rulebook import load_rulebook

    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parent.parent / "rules", rules)
    (rules / "_stories.yaml").write_text("lexicons:\n  story_not_names: [a]\nnot_a_key: [b]\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rulebook(rules)
    assert f"{rules / '_stories.yaml'}:3:" in str(err.value) and "not_a_key" in str(err.value)


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for a in pred:
        by_pred[pred[a]].add(a)
        by_gold[gold[a]].add(a)
    p = sum(len(by_pred[pred[a]] & by_gold[gold[a]]) / len(by_pred[pred[a]]) for a in pred) / len(pred)
    r = sum(len(by_pred[pred[a]] & by_gold[gold[a]]) / len(by_gold[gold[a]]) for a in pred) / len(pred)
    return p, r, 2 * p * r / (p + r)


@pytest.fixture(scope="module")
def ecbplus():  # type: ignore[no-untyped-def]
    path = REALNEWS / "ecbplus" / "ecbplus.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is not here (the real-news sets live outside the repository)")
    from checker.sources import load_articles

    arts = load_articles([str(path)]).articles
    gold = {a.article_id: a.meta["story"] for a in arts}  # gold: read by the test, never by the package
    return bcubed(assign_stories(arts).story_of, gold)


@pytest.mark.slow
def test_ecbplus_stories_score(ecbplus) -> None:  # type: ignore[no-untyped-def]
    p, r, f = ecbplus
    print(f"ECB+ stories: B-cubed precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    assert f >= 0.95, (p, r, f)
    assert p >= 0.96, (p, r, f)


@pytest.mark.slow
def test_ecbplus_stories_precision_target(ecbplus) -> None:  # type: ignore[no-untyped-def]
    assert ecbplus[0] >= 0.97


@pytest.mark.slow
def test_news_corpus_is_six_stories() -> None:
    folder = REALNEWS / "news" / "corpus"
    if not folder.exists():
        pytest.skip(f"{folder} is not here (the real-news sets live outside the repository)")
    from checker.sources import load_articles

    arts = load_articles([str(folder)]).articles
    result = assign_stories(arts)
    by_event: dict[str, set[str]] = defaultdict(set)
    for a in arts:
        by_event[a.article_id.split("/")[0]].add(result.story_of[a.article_id])
    assert len(by_event) == 6
    assert all(len(sids) == 1 for sids in by_event.values()), by_event
    assert len(result.stories) == 6


def test_measured_figures_that_differ_count_against_one_occurrence() -> None:
    import numpy as np

    from checker.stories.contradict import FIGURE_PENALTY, contradictions
    from checker.stories.features import load_lexicon, make_docs

    docs = make_docs(
        [
            art("a", "Strong tremor rattles coastal town", "A quake of magnitude 5.6 woke residents before dawn."),
            art("b", "Island shaken by moderate earthquake", "Seismologists measured the shock at 4.4 on Tuesday."),
            art("c", "Aftershocks follow morning quake", "Shops stayed shut after the 5.6 tremor, the mayor said."),
            art("d", "Quake damages homes", "Several homes were damaged, officials said."),
        ],
        load_lexicon(None),
    )
    got = contradictions(docs, np.array([0, 0, 0]), np.array([1, 2, 3]))
    # two magnitudes that share nothing; a figure in common; one report gives no measured figure at all
    assert got.tolist() == [FIGURE_PENALTY, 0.0, 0.0]


def test_a_name_written_with_other_numbers_counts_against_one_occurrence() -> None:
    import numpy as np

    from checker.stories.contradict import NUMBERED_PENALTY, contradictions
    from checker.stories.features import load_lexicon, make_docs

    docs = make_docs(
        [
            art("a", "Patch fixes browser flaw", "The update for Webby Browser 7 closes a hole attackers used."),
            art("b", "Browser hole closed", "Users of Webby Browser 9 should install the fix, the maker said."),
            art("c", "Fix for browser bug", "The maker shipped a fix for Webby Browser 7 on its update day."),
            art("d", "Security fix released", "The maker patched its browser; On May 9 it said more would come."),
        ],
        load_lexicon(None),
    )
    got = contradictions(docs, np.array([0, 0, 0]), np.array([1, 2, 3]))
    # versions 7 and 9 of one name; the same version; a date is no numbered name
    assert got.tolist() == [NUMBERED_PENALTY, 0.0, 0.0]


def test_reports_naming_different_streets_count_against_one_incident() -> None:
    import numpy as np

    from checker.stories.contradict import LEAD_STREET_PENALTY, STREET_PENALTY, contradictions
    from checker.stories.features import load_lexicon, make_docs

    docs = make_docs(
        [
            art("a", "Man shot in Riverton", "A man was shot outside a shop on Alder Street late on Monday."),
            art("b", "Riverton shooting leaves one hurt", "Police found a wounded woman near Birch Avenue on Monday."),
            art("c", "Victim named in Riverton shooting", "The man shot on Alder Street on Monday has been named."),
            art("d", "Riverton police seek witnesses", "Detectives asked anyone who heard shots to call them."),
        ],
        load_lexicon(None),
    )
    got = contradictions(docs, np.array([0, 0, 0]), np.array([1, 2, 3]))
    # two streets and none shared (both named in the lead, which counts once more); the same street; a
    # report naming no street says nothing
    assert got.tolist() == [STREET_PENALTY + LEAD_STREET_PENALTY, 0.0, 0.0]


# Past the lead: what a report says further down (a suspect's home, a road closed) is not where it happened.
_FILLER = (
    " Neighbours said the block is usually quiet at that hour and that they heard several bangs before a car"
    " drove off at speed. Detectives spent the night knocking on doors and collecting footage from doorbell"
    " cameras along the route the car took. A spokesperson said it was too early to say whether the victim"
    " was the intended target, and asked anyone who was in the area to come forward with what they saw."
)


def test_leads_placing_the_event_on_streets_the_other_never_names_count_once_more() -> None:
    import numpy as np

    from checker.stories.contradict import LEAD_STREET_PENALTY, STREET_PENALTY, contradictions
    from checker.stories.features import LEAD_CHARS, load_lexicon, make_docs

    docs = make_docs(
        [
            art("a", "Man shot in Riverton", "A man was shot outside a shop on Alder Street late on Monday." + _FILLER),
            art(
                "b",
                "Riverton shooting leaves one hurt",
                "A woman was found wounded near Birch Avenue on Monday." + _FILLER,
            ),
            art(
                "c",
                "Riverton shooting suspect held",
                "Police held a man after the shooting near Birch Avenue."
                + _FILLER
                + " The man was arrested at his home on Alder Street.",
            ),
            art(
                "d",
                "Riverton police seek witnesses",
                "Detectives asked anyone who heard shots to call them."
                + _FILLER
                + " Birch Avenue was closed for the night.",
            ),
        ],
        load_lexicon(None),
    )
    assert len(_FILLER) + 60 > LEAD_CHARS  # the last sentences of c and d lie past the lead
    assert [d.lead_streets for d in docs] == [["alder street"], ["birch avenue"], ["birch avenue"], []]
    got = contradictions(docs, np.array([0, 0, 0]), np.array([1, 2, 3]))
    # both leads name a street the other never names; the other names the lead's street further down (the
    # arrest), so nothing is said against it; a street named only past the lead counts once, as any street
    assert got.tolist() == [STREET_PENALTY + LEAD_STREET_PENALTY, 0.0, STREET_PENALTY]


def test_reports_placing_the_event_in_other_blocks_of_one_street_count_against_one_incident() -> None:
    import numpy as np

    from checker.stories.contradict import BLOCK_PENALTY, contradictions
    from checker.stories.features import load_lexicon, make_docs

    docs = make_docs(
        [
            art("a", "Teen hurt in Larchmont shooting", "A teenager was shot in the 1200 block of Larch Street."),
            art("b", "Larchmont man wounded", "A man was wounded in the 4700 block of Larch Street on Sunday."),
            art("c", "Victim named in Larchmont shooting", "The teen shot at 1234 Larch Street was named on Monday."),
            art("d", "Shots fired on Larch Street", "Neighbours on Larch Street said they heard six shots."),
        ],
        load_lexicon(None),
    )
    got = contradictions(docs, np.array([0, 0, 0]), np.array([1, 2, 3]))
    # two blocks of one street and none shared; a house number in the same block; no block named at all
    assert got.tolist() == [BLOCK_PENALTY, 0.0, 0.0]


def test_one_office_held_by_two_people_counts_against_one_occurrence() -> None:
    import numpy as np

    from checker.stories.contradict import ROLE_PENALTY, contradictions
    from checker.stories.features import load_lexicon, make_docs

    docs = make_docs(
        [
            art(
                "a", "Bridge opens to traffic", "Transport Minister Lena Okafor cut the ribbon on the new river bridge."
            ),
            art(
                "b", "New bridge opened", "Transport Minister Piet Brandt opened the river bridge after years of delay."
            ),
            art(
                "c", "Ribbon cut on bridge", "Cars crossed the river bridge after Transport Minister Okafor opened it."
            ),
            art("d", "Bridge works", "Transport Minister Piet Brandt praised the bridge begun under Lena Okafor."),
            art("e", "Bridge row", "Former Transport Minister Piet Brandt said the river bridge cost too much."),
        ],
        load_lexicon(None),
    )
    got = contradictions(docs, np.array([0, 0, 0, 0]), np.array([1, 2, 3, 4]))
    # two holders of one office; the same holder by surname; the other holder named too; a past holder
    assert got.tolist() == [ROLE_PENALTY, 0.0, 0.0, 0.0]


@pytest.mark.parametrize(("dated_in_first", "groups"), [((), 2), ((3,), 2), ((2, 3), 1)])
def test_a_group_of_nearly_undated_reports_needs_more_to_join_dated_ones(dated_in_first, groups) -> None:  # type: ignore[no-untyped-def]
    import itertools

    import numpy as np

    from checker.stories.cluster import cluster

    # two tight groups of four, weakly alike across: enough to join unless nothing says they are of one time
    first, second = [0, 1, 2, 3], [4, 5, 6, 7]
    pairs = [(a, b, 0.9) for g in (first, second) for a, b in itertools.combinations(g, 2)]
    pairs += [(a, b, 0.055) for a in first for b in second]
    i, j, cos = (np.array(col) for col in zip(*pairs, strict=True))
    dates = np.full(8, np.nan)
    dates[second + list(dated_in_first)] = 738000.0
    result = cluster((i, j, cos), dates, np.zeros(8, dtype=bool), [None] * 8)
    # none or one of four dated (its date in its own text) says nothing of when the others were: kept apart;
    # half of them dated like the other group: the texts decide, and they are alike enough
    assert len(set(result.labels.tolist())) == groups


@pytest.mark.parametrize("one", [*ALL, art("bare", "", "", None), art("nodate", "Ferry runs again", "The ferry "
                                 "to Isle Varn ran again on Friday after repairs to its ramp.")])  # fmt: skip
def test_a_lone_article_gets_the_story_the_general_path_gives_it(one: Article) -> None:
    # a copy sends the run through the general path (TF-IDF vectors, clustering) with that one original
    twin = one.model_copy(update={"article_id": one.article_id + "-copy", "source": "copy.txt",
                                  "duplicate_of": one.article_id})  # fmt: skip
    alone, general = assign_stories([one]), assign_stories([one, twin])
    (a,), (g,) = alone.stories, general.stories
    assert (a.story_id, a.title, a.first, a.last, a.terms) == (g.story_id, g.title, g.first, g.last, g.terms)
    assert a.story_id == story_id_for(one.content_hash or one.article_id)
    assert a.article_ids == (one.article_id,) and alone.story_of == {one.article_id: a.story_id}
    assert alone.notes == general.notes and alone.why == {}
    if one.title:
        assert a.terms


def test_a_lone_article_keeps_last_runs_story_and_the_corrections_apply() -> None:
    previous = {FIRE_1.content_hash: "s0123456789"}
    assert assign_stories([FIRE_1], previous=previous).story_of == {"fire-1": "s0123456789"}
    moved = assign_stories([FIRE_1], corrections=[StoryCorrection("move", "fire-1", "sfeedface00")])
    assert moved.story_of == {"fire-1": "sfeedface00"} and moved.stories[0].story_id == "sfeedface00"
    assert any("moved to story sfeedface00" in n for n in moved.notes)
    unknown = assign_stories([FIRE_1], corrections=[StoryCorrection("merge", "sdeadbeef00", "s0000000000")])
    assert unknown.story_of == {"fire-1": story_id_for(FIRE_1.content_hash)} and unknown.notes


def test_one_articles_vector_is_the_tf_idf_row_of_the_general_path() -> None:
    import numpy as np

    from checker.stories.features import load_lexicon, make_docs
    from checker.stories.vectors import build, single

    for a in ALL:
        doc = make_docs([a], load_lexicon())[0]
        terms, row = single(doc)
        general = build([doc])
        assert terms == general.terms
        assert row.dtype == np.float32 and np.array_equal(row, general.matrix.toarray()[0])  # bit for bit


def test_a_day_a_statement_was_made_is_not_the_event_day() -> None:
    from checker.stories.features import event_dates, load_lexicon

    verbs = load_lexicon().statement_verbs
    saturday = D(2025, 4, 12)
    # the crash was on Friday; "said on Saturday" dates the statement
    lead = "A bus fell into a gorge late on Friday, killing 23 people, police said on Saturday."
    assert event_dates([(lead, saturday)], verbs)[0][:3] == (D(2025, 4, 11), D(2025, 4, 11), True)
    # only the statement's day in the lead: no day of the event, so the publication day stands in, not strictly
    lead = "The toll from the bus crash near Risten has risen to 26, the health department said on Saturday."
    assert event_dates([(lead, saturday)], verbs)[0][:3] == (saturday, saturday, False)
    # without the statement verbs the same lead is (wrongly) strict about Saturday
    assert event_dates([(lead, saturday)])[0][2] is True



def test_a_day_a_count_was_updated_is_not_the_event_day() -> None:
    from checker.stories.features import event_dates, load_lexicon

    lex = load_lexicon()
    sunday = D(2025, 4, 13)
    # the quake was on Friday; the toll's new figure dates its update, and so does a day before a statement verb
    lead = "The toll from the quake that struck on Friday climbed to at least 64 on Sunday, officials said."
    assert event_dates([(lead, sunday)], lex.statement_verbs, lex.count_verbs)[0][:3] == (
        D(2025, 4, 11), D(2025, 4, 11), True)
    lead = "The agency on Sunday revised the toll down to 68. It had stood at 71 since Saturday."
    assert event_dates([(lead, sunday)], lex.statement_verbs, lex.count_verbs)[0][:3] == (sunday, sunday, False)
    # a day the event's own verb takes stays the event's: "killed 12 on Saturday"
    lead = "A gunman killed 12 people on Saturday at a market in Orvel."
    assert event_dates([(lead, sunday)], lex.statement_verbs, lex.count_verbs)[0][:3] == (
        D(2025, 4, 12), D(2025, 4, 12), True)


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        # a release that opens its first sentence with the day: the event's day, strictly
        ("Carver Police Service\nOn Friday, March 7, 2025, at about 11:40 p.m., officers answered a call.",
         (D(2025, 3, 7), True)),
        ("On March 7, 2025, shortly after midnight, deputies found a man with a stab wound.", (D(2025, 3, 7), True)),
        # datelines: the page's day, which says nothing of the event's
        ("Posted on March 7, 2025\nA man was wounded in a shooting.", (D(2025, 3, 10), False)),
        ("On Friday, March 7, 2025\nA man was wounded in a shooting.", (D(2025, 3, 10), False)),
        ("On March 7, 2025, 11:40 PM\nA man was wounded in a shooting.", (D(2025, 3, 10), False)),
    ],
)
def test_a_line_that_opens_with_its_day_is_a_dateline_unless_a_sentence_runs_on(lead, expected) -> None:  # type: ignore[no-untyped-def]
    from checker.stories.features import event_dates

    low, _, strict, _ = event_dates([(lead, D(2025, 3, 10))])[0]
    assert (low, strict) == expected


def _docs_of(articles: list[Article]) -> list:  # type: ignore[type-arg]
    from checker.stories.features import load_lexicon, make_docs

    lex = load_lexicon()
    return [make_docs([a], lex)[0] for a in articles]


def test_one_articles_terms_ranked_in_plain_floats_as_numpy_ranks_them() -> None:
    from checker.sources import load_articles
    from checker.stories import _heaviest_by_numpy
    from checker.stories.one import heaviest

    articles = ALL + list(load_articles([str(ROOT / "seeds")]).articles)
    decided = 0
    for doc in _docs_of(articles):
        for k in (1, 3, 32, 500):
            got = heaviest(doc, k)
            if got is not None:
                decided += 1
                assert got == _heaviest_by_numpy(doc, k), (doc.article_id, k)
    assert decided >= 0.8 * 4 * len(articles)  # the plain path is the usual one


def test_weights_too_close_to_call_are_left_to_numpy() -> None:
    from dataclasses import replace

    from checker.stories import _heaviest_by_numpy
    from checker.stories.one import heaviest

    doc = replace(_docs_of([BUDGET])[0], lead=["alpha", "beta"], body=[], names=[], figures=[], years=[], phrases=[])
    assert heaviest(doc, 2) == ["lead:alpha", "lead:beta"]  # one channel, one tf: a true tie, by column
    # two channels of one weight and the same counts: equal in exact arithmetic, for float32 to decide
    twin = replace(doc, figures=["17", "21"])
    assert heaviest(twin, 4) is None
    # the budget report's one name pair and its one figure weigh the same: numpy's ranking is the one shown
    budget = _docs_of([BUDGET])[0]
    assert heaviest(budget, 32) is None
    shown = [t.split(":", 1)[1] for t in _heaviest_by_numpy(budget, 32)]
    assert assign_stories([BUDGET]).stories[0].terms == _shown(shown)
    # a cut inside a run of true ties is still decided: all four entries weigh the same in one channel
    many = replace(doc, lead=["a1", "a2", "a3", "a4"])
    assert heaviest(many, 2) == ["lead:a1", "lead:a2"] == _heaviest_by_numpy(many, 2)


def test_a_one_article_story_imports_no_numpy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, datetime as dt\n"
        "from checker.models import Article\n"
        "from checker.stories import assign_stories\n"
        "a = Article(article_id='x', source='x.txt', title='Fire in Port Calder', published=dt.date(2024, 3, 5),\n"
        "            text='Fire in Port Calder\\n\\nA fire closed the Harbour Road in Port Calder on Monday, said '\n"
        "                 'Chief Ana Petrovic. About 40 firefighters fought it.')\n"
        "s = assign_stories([a]).stories[0]\n"
        "assert s.terms, s\n"
        "print(sorted(m for m in ('numpy', 'scipy', 'sklearn') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_leads_naming_one_street_and_one_town_make_one_scene_but_not_in_two_towns() -> None:
    import numpy as np

    from checker.stories.contradict import same_scene
    from checker.stories.features import load_lexicon, make_docs

    docs = make_docs(
        [
            art("first", "Man wounded in Riverton", "A man was wounded on Alder Street on Monday, Riverton police"
                " said. The Riverton Police Department asked for witnesses."),
            art("follow-up", "Police name man shot on Alder Street", "Detectives have identified the man wounded on"
                " Alder Street on Monday as Tomas Kerr, 30, the Riverton Police Department said. Tomas Kerr"
                " remains in hospital."),
            art("other town", "Man wounded in Dunmore", "A man was wounded on Alder Street on Monday, Dunmore police"
                " said. The Dunmore Police Department asked for witnesses."),
            art("no street", "Riverton shooting", "A man was wounded on Monday, Riverton police said."),
        ],
        load_lexicon(None),
    )  # fmt: skip
    got = same_scene(docs, np.array([0, 0, 0]), np.array([1, 2, 3]))
    # the follow-up adds a name (the victim's) and keeps the town; the other report names another town
    assert got.tolist() == [True, False, False]


def test_a_follow_up_on_the_same_street_and_day_joins_its_first_report() -> None:
    import numpy as np

    from checker.stories.cluster import SAME_SCENE_BONUS, pair_weights

    one = np.array([0]), np.array([1]), np.array([0.3])
    days = np.array([700000.0, 700000.0])
    strict = np.array([True, True])
    plain = pair_weights(2, *one, days, strict)
    scene = pair_weights(2, *one, days, strict, scene=np.array([True]))
    other_day = pair_weights(2, *one, np.array([700000.0, 700001.0]), strict, scene=np.array([True]))
    assert scene[0] - plain[0] == pytest.approx(SAME_SCENE_BONUS, abs=0.05)
    assert other_day[0] < plain[0]  # a day apart: no bonus, the strict date penalty instead


def test_leads_placing_the_event_in_towns_the_other_never_names_count_against_one_occurrence() -> None:
    import numpy as np

    from checker.stories.contradict import PLACE_PENALTY, contradictions
    from checker.stories.features import load_lexicon, make_docs

    docs = make_docs(
        [
            art("a", "Two dead in crash", "Two drivers died in a head-on crash on Route 9 near Harwick on Monday."),
            art("b", "Cyclist killed", "A cyclist was killed on Route 9 in Dunmore late on Friday."),
            art("c", "Crash victims named", "Police named the two drivers killed in Monday's crash near Harwick."),
            art("d", "Route 9 closed", "A stretch of Route 9 was closed for hours after a crash."),
            art("e", "Harwick mourns", "A vigil in Dunmore remembered the Harwick drivers killed on Route 9."),
        ],
        load_lexicon(None),
    )
    assert [d.lead_places for d in docs] == [["harwick"], ["dunmore"], ["harwick"], [], ["dunmore"]]
    got = contradictions(docs, np.array([0, 0, 0, 0]), np.array([1, 2, 3, 4]))
    # other towns both ways; the same town; a lead that places it nowhere; a report naming both towns
    assert got.tolist() == [PLACE_PENALTY, 0.0, 0.0, 0.0]


def test_a_place_the_other_report_names_only_in_its_slug_is_no_other_place() -> None:
    import numpy as np

    from checker.stories.contradict import contradictions
    from checker.stories.features import load_lexicon, make_docs

    docs = make_docs(
        [
            art("a", "Toll rises", "Officials said 30 people had died in Halvorsen since the storm came ashore."),
            art("b", "Toll at 41", "The toll has reached 41 in Mavuto province, the ministry said on Sunday.",
                url="https://desk.example/2025/02/23/halvorsen-toll-41"),
            art("c", "Toll at 41", "The toll has reached 41 in Mavuto province, the ministry said on Sunday."),
        ],
        load_lexicon(None),
    )
    got = contradictions(docs, np.array([0, 0]), np.array([1, 2]))
    # the slug names the storm the first lead places it in; without a slug the two leads name other places
    assert got[0] == 0.0 < got[1]


def test_shared_specifics_excuse_a_later_lead_day_only_within_days() -> None:
    import numpy as np

    from checker.stories.cluster import FOLLOW_UP_DAYS, STRONG_SPECIFICS, pair_weights

    pair = np.array([0]), np.array([1]), np.array([0.3])
    strict = np.array([True, True])
    shared = np.array([5.0])
    near = pair_weights(2, *pair, np.array([700000.0, 700003.0]), strict, shared=shared)
    near_alone = pair_weights(2, *pair, np.array([700000.0, 700003.0]), strict)
    far = pair_weights(2, *pair, np.array([700000.0, 700000.0 + FOLLOW_UP_DAYS + 14]), strict, shared=shared)
    # a follow-up names its own day three days on: what the two share keeps the strict penalty off
    assert near[0] > near_alone[0]
    # three weeks on, a town's names and a block shared are no sign of a follow-up: the strict penalty stands
    assert far[0] < near_alone[0]
    # ... but a deal's many names and figures are (a forum two weeks on discussing the same exchange)
    many = pair_weights(2, *pair, np.array([700000.0, 700000.0 + FOLLOW_UP_DAYS + 14]), strict,
                        shared=np.array([float(STRONG_SPECIFICS)]))  # fmt: skip
    assert many[0] == pytest.approx(near[0])


@pytest.mark.parametrize(
    ("lead", "minutes"),
    [
        ("Officers arrived shortly after 11:20 p.m. on Friday.", [1400]),
        ("The lorry overturned at about 7.15am near junction 4.", [435]),
        ("Neighbours heard shots around 2 a.m.", [120]),
        ("The ferry left port at 23:40.", [1420]),
        ("The call came in at 9:05.", [545, 1265]),  # no a.m. or p.m.: either
        ("The quake struck at 22:11 GMT (23:11 local time).", []),  # zones differ between reports of one quake
        ("A 5.6 quake, the second in 2.5 hours.", []),
    ],
)
def test_a_leads_clock_times_are_read_in_minutes_after_midnight(lead, minutes) -> None:  # type: ignore[no-untyped-def]
    from checker.stories.features import lead_clocks, load_lexicon

    assert lead_clocks(lead, load_lexicon(None)) == minutes


def test_leads_naming_the_day_at_clock_times_far_apart_count_against_one_incident() -> None:
    import numpy as np

    from checker.stories.contradict import CLOCK_PENALTY, contradictions
    from checker.stories.features import load_lexicon, make_docs

    sat = D(2025, 3, 8)
    docs = make_docs(
        [
            art("a", "Man shot", "A man was shot on Thursday at about 2:10 a.m. near Alder Street.", sat),
            art("b", "Man killed", "A man was shot late on Friday, shortly after 11:30 p.m., on Alder Street.", sat),
            art("c", "Victim named", "The man shot near Alder Street on Thursday at 2:25 a.m. was named.", sat),
            art("d", "Shooting", "Police were called to Alder Street early on Saturday, at about 12:40 a.m.", sat),
            art("e", "Shooting", "A man was shot near Alder Street at about 11:30 p.m.", sat),
        ],
        load_lexicon(None),
    )
    got = contradictions(docs, np.array([0, 0, 1, 0]), np.array([1, 2, 3, 4]))
    # 45 hours apart; the same time; Friday 11:30 p.m. and Saturday 12:40 a.m. are 70 minutes apart; a lead
    # that names no day is never against another's time
    assert got.tolist() == [CLOCK_PENALTY, 0.0, 0.0, 0.0]


def test_a_lead_day_after_the_other_reports_publication_counts_as_strict() -> None:
    import numpy as np

    from checker.stories.cluster import pair_weights

    pair = np.array([0]), np.array([1]), np.array([0.3])
    days = np.array([700000.0, 700020.0])  # the first published on day 0, the second's lead names day 20
    later = pair_weights(2, *pair, days, np.array([False, True]))
    earlier = pair_weights(2, *pair, days, np.array([True, False]))
    neither = pair_weights(2, *pair, days, np.array([False, False]))
    # published before the other's event: it cannot report it, so the gap weighs as between two lead days
    assert later[0] < neither[0] - 0.2
    # the lead's day (0) comes before the other's publication (day 20): that one may be a later report of it
    assert earlier[0] == pytest.approx(neither[0])


@pytest.mark.parametrize(
    ("probe", "floor"), [("shoot3", 0.92), ("crash3", 0.95), ("shoot4", 0.92), ("shoot6", 0.95), ("shoot7", 0.95)]
)
def test_invented_probe_stories_score(probe: str, floor: float) -> None:
    """Many incidents of one kind, written blind to these rules (tests/fixtures/probes/README.md)."""
    import json

    from checker.sources import load_articles

    path = Path(__file__).parent / "fixtures" / "probes" / probe / "corpus.jsonl"
    gold = {r["id"]: r["story"] for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    result = assign_stories(load_articles([str(path)]).articles)
    pred = result.story_of
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for a in pred:
        by_pred[pred[a]].add(a)
        by_gold[gold[a]].add(a)
    p = sum(len(by_pred[pred[a]] & by_gold[gold[a]]) / len(by_pred[pred[a]]) for a in pred) / len(pred)
    r = sum(len(by_pred[pred[a]] & by_gold[gold[a]]) / len(by_gold[gold[a]]) for a in pred) / len(pred)
    f = 2 * p * r / (p + r)
    print(f"{probe} stories: B-cubed precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    assert f >= floor, (p, r, f)


def test_a_street_written_with_and_without_its_direction_is_one_street() -> None:
    import numpy as np

    from checker.stories.contradict import contradictions
    from checker.stories.features import load_lexicon, make_docs

    docs = make_docs(
        [
            art("a", "Two hurt", "Two men were shot in the 4700 block of East Linden Avenue on Saturday."),
            art("b", "Arrest made", "Police arrested a man in the shooting on Linden Avenue that wounded two."),
            art("c", "Teen hurt", "A teen was shot on West Avenue late on Friday."),
        ],
        load_lexicon(None),
    )
    assert [d.streets for d in docs] == [["linden avenue"], ["linden avenue"], ["west avenue"]]
    assert docs[0].blocks == ["linden avenue|4700"]
    got = contradictions(docs, np.array([0]), np.array([1]))
    assert got.tolist() == [0.0]


def test_a_pages_slug_is_read_as_a_second_headline() -> None:
    from checker.stories.features import load_lexicon, url_slug

    lex = load_lexicon(None)
    assert url_slug("https://x.example/news/2025/07/03/quarry-fire-kills-two.html?ref=rss", lex) == [
        "quarry", "fire", "kills", "two"]  # fmt: skip
    assert url_slug("https://x.example/world/europe/ferry-sinks-20230614-abc123", lex) == ["ferry", "sinks"]
    # a filing number, a section index or a bare host hold no slug; the host never does
    for none in ("https://lindqvist-quarry.example/article/12345", "https://x.example/local/news/",
                 "https://x.example", "no url at all", "", None):  # fmt: skip
        assert url_slug(none, lex) == [], none


def test_a_slug_gives_two_terse_briefs_the_name_they_share() -> None:
    """Two short wire briefs of one mine accident share few words of prose; their slugs name the mine."""
    a = art("m1", "Miners trapped after rockfall",
            "Nine miners were trapped 900 metres down after a rockfall on Tuesday, the operator said. "
            "Rescue teams were lowered into the shaft.", D(2025, 4, 1),
            url="https://wire.example/2025/04/01/ostberg-rockfall")  # fmt: skip
    b = art("m2", "Rescuers reach chamber",
            "Drillers reached the chamber where nine men have sheltered since Tuesday, the company said.",
            D(2025, 4, 2), url="https://daily.example/ostberg-mine-rescuers-reach-chamber")  # fmt: skip
    from checker.stories.features import load_lexicon, make_doc

    lex = load_lexicon(None)
    with_slug = set(make_doc(a, lex).lead) & set(make_doc(b, lex).lead)
    assert "ostberg" in with_slug
    bare = [x.model_copy(update={"url": None}) for x in (a, b)]
    assert "ostberg" not in set(make_doc(bare[0], lex).lead) & set(make_doc(bare[1], lex).lead)


def test_the_outlets_name_is_page_chrome_not_event_evidence() -> None:
    """A masthead that spells the host's name ("Harbour Ledger | Region | Weather" on harbourledger.example) and
    a page title ending in it are the page's: two reports of one outlet share them whatever they report."""
    from checker.stories.features import load_lexicon, make_doc, outlet_cut, outlet_labels

    host = outlet_labels("https://www.harbourledger.example.com/2025/03/02/x")
    assert host == frozenset({"harbourledger", "example"})
    assert outlet_cut("Harbour Ledger | Region | Weather", host) == ""
    assert outlet_cut("THE HARBOUR LEDGER", host) == ""
    assert outlet_cut("Harbour Ledger (Weekend edition)", host) == ""
    assert outlet_cut("© 2025 Harbour Ledger", host) == ""
    assert outlet_cut("Quarry blast injures four - Harbour Ledger", host) == "Quarry blast injures four"
    # the name inside a headline or a sentence, or another outlet's name, is kept
    for kept in ("Harbour flooded after storm", "Four hurt, the Harbour Ledger was told.", "Coast Courier"):
        assert outlet_cut(kept, host) == kept
    assert outlet_cut("Harbour Ledger", frozenset()) == "Harbour Ledger"
    lex = load_lexicon(None)
    a = art("h1", "Harbour Ledger | Region | Weather",
            "Quarry blast injures four near Dunmere\n\nFour workers were hurt in a blast at the Pellow quarry.",
            D(2025, 3, 2), url="https://harbourledger.example.com/2025/03/02/quarry")  # fmt: skip
    doc = make_doc(a, lex)
    assert doc.title == "Quarry blast injures four near Dunmere"
    assert not {"harbour", "ledger", "region", "weather"} & set(doc.lead + doc.names)
    bare = make_doc(a.model_copy(update={"url": None}), lex)  # no host: nothing says the masthead is the outlet's
    assert {"harbour", "ledger"} <= set(bare.lead)


def test_two_reports_of_one_outlet_on_two_events_share_no_masthead() -> None:
    """The same outlet's masthead on a flood report and a fire report of one week does not join them."""
    flood = art("o1", "Valemount Courier | Local | Weather",
                "River Ainsle floods Tarrow Road homes\n\nThe Ainsle burst its banks in Tarrow on Monday, "
                "flooding 14 homes, the council said.", D(2025, 9, 1),
                url="https://valemountcourier.example/2025/09/01/ainsle-flood")  # fmt: skip
    fire = art("o2", "Valemount Courier | Local | Weather",
               "Barn fire at Hollin Farm\n\nA barn burned down at Hollin Farm near Kesby on Tuesday; "
               "no animals were lost, firefighters said.", D(2025, 9, 2),
               url="https://valemountcourier.example/2025/09/02/hollin-barn-fire")  # fmt: skip
    from checker.stories.features import load_lexicon, make_doc

    lex = load_lexicon(None)
    assert not set(make_doc(flood, lex).lead) & set(make_doc(fire, lex).lead)


# A quarry collapse told in three reports, and a ferry story of the same week: the briefs below meet them.
QUARRY = [
    art("q1", "Quarry wall collapses at Tarnholt, trapping workers",
        "A rock wall collapsed at the Tarnholt limestone quarry near Oskelby on Tuesday morning, trapping nine "
        "workers under debris, the operator Veldrin Aggregates said. Rescue teams with sniffer dogs were working "
        "through the rubble. The quarry employs 240 people and had been inspected in March.", D(2025, 6, 10),
        url="https://northwire.example/2025/06/10/tarnholt-quarry-collapse"),
    art("q2", "Tarnholt quarry: four pulled alive from rubble",
        "Rescuers at the Tarnholt quarry pulled four workers alive from the rubble overnight, Veldrin Aggregates "
        "said on Wednesday. Five remain missing. The Oskelby fire service said the search would continue through "
        "the night under floodlights.", D(2025, 6, 11), url="https://valleypost.example/tarnholt-quarry-four-rescued"),
    art("q3", "Inquiry opened into Tarnholt quarry collapse",
        "Prosecutors in Oskelby opened an inquiry into the collapse at the Tarnholt quarry, where nine workers "
        "were trapped on Tuesday. Veldrin Aggregates said it would cooperate fully. Union leaders said blasting "
        "had been stepped up in recent weeks.", D(2025, 6, 12), url="https://courier.example/2025/06/12/tarnholt-inquiry"),
    art("f1", "Ferry runs aground off Pellin island", "The ferry Marisol ran aground off Pellin island on Monday "
        "with 310 passengers aboard; all were taken off by lifeboats, the coastguard said.", D(2025, 6, 9),
        url="https://northwire.example/2025/06/09/marisol-aground"),
    art("f2", "Marisol ferry refloated at Pellin", "Tugs refloated the ferry Marisol at high tide off Pellin "
        "island, the coastguard said, after 310 passengers were evacuated.", D(2025, 6, 10),
        url="https://coastnews.example/marisol-refloated"),
]  # fmt: skip


def _brief(aid: str, day: dt.date, slug: str, text: str = "") -> Article:
    text = text or "The last of the missing men was found dead on Thursday, the operator said. The search has ended."
    return art(aid, "Search ends", text, day, url=f"https://wirebrief.example/{day:%Y/%m/%d}/{slug}")


def test_a_brief_joins_the_story_whose_rare_name_only_its_slug_gives() -> None:
    """Two sentences that never name the quarry share almost no words with its reports; the URL's "tarnholt",
    a name only the quarry's reports give, puts the brief in their story."""
    brief = _brief("b1", D(2025, 6, 12), "tarnholt-search-ends")
    got = assign_stories([*QUARRY, brief])
    assert got.story_of["b1"] == got.story_of["q1"] == got.story_of["q3"]
    assert got.story_of["f1"] != got.story_of["q1"]
    assert "tarnholt" in got.why["b1"]
    # without the name the same two sentences stay alone: no word of theirs says which quarry
    bare = assign_stories([*QUARRY, brief.model_copy(update={"url": None})])
    assert bare.story_of["b1"] not in {bare.story_of["q1"], bare.story_of["f1"]}


def test_a_brief_of_another_event_of_the_same_kind_the_same_week_stays_apart() -> None:
    """Another quarry's wall the same day: "quarry", "wall", "workers trapped" are the kind's words, which the
    dictionary knows; its own name ("skarvik") no report of the Tarnholt story gives."""
    other = _brief("b2", D(2025, 6, 12), "skarvik-quarry-wall",
                   "Six workers were trapped when a wall gave way at a quarry on Thursday, the operator said.")
    got = assign_stories([*QUARRY, other])
    assert got.story_of["b2"] not in {got.story_of["q1"], got.story_of["f1"]}


def test_a_briefs_name_must_point_to_one_story_near_its_day() -> None:
    """The name given by two stories says neither; a brief weeks after the story's last report is another
    occurrence's even when it names the place."""
    festival = [
        art("t1", "Tarnholt folk festival opens with 40 bands",
            "The Tarnholt folk festival opened on Wednesday with 40 bands on three stages in Marrow Park; organiser "
            "Lise Andvik expects 12,000 visitors over the weekend. Fiddler Ossian Brae headlines on Saturday.",
            D(2025, 6, 11), url="https://arts.example/2025/06/11/tarnholt-festival"),
        art("t2", "Ossian Brae closes Tarnholt folk festival",
            "Fiddler Ossian Brae closed the Tarnholt folk festival in Marrow Park on Sunday before 12,000 visitors, "
            "organiser Lise Andvik said, the best attended in its history.", D(2025, 6, 15),
            url="https://gigs.example/ossian-brae-tarnholt"),
    ]  # fmt: skip
    brief = _brief("b1", D(2025, 6, 12), "tarnholt-search-ends")
    got = assign_stories([*QUARRY, *festival, brief])
    assert got.story_of["t1"] == got.story_of["t2"] != got.story_of["q1"]
    assert got.story_of["b1"] not in {got.story_of["q1"], got.story_of["t1"]}
    late = _brief("b3", D(2025, 7, 3), "tarnholt-search-ends")
    got = assign_stories([*QUARRY, late])
    assert got.story_of["b3"] != got.story_of["q1"]


def test_a_brief_with_a_story_from_the_last_run_keeps_it() -> None:
    """Two stories of the last run join only through a new report: an old lone brief is not moved."""
    brief = _brief("b1", D(2025, 6, 12), "tarnholt-search-ends")
    first = assign_stories([*QUARRY, brief.model_copy(update={"url": None})])
    prev = {a.content_hash: first.story_of[a.article_id] for a in QUARRY}
    prev[brief.content_hash] = "sbrief00000"
    got = assign_stories([*QUARRY, brief], previous=prev)
    assert got.story_of["b1"] == "sbrief00000"
    fresh = assign_stories([*QUARRY, brief], previous={a.content_hash: first.story_of[a.article_id] for a in QUARRY})
    assert fresh.story_of["b1"] == first.story_of["q1"]


def test_two_lone_briefs_of_one_event_both_join_it() -> None:
    """Each of two briefs gives the name the other gives too: neither is a story against the other."""
    one = _brief("b1", D(2025, 6, 12), "tarnholt-search-ends")
    two = art("b4", "Pit reopens", "Diggers were back at work on Friday at the quarry where the wall fell; rescue "
              "teams left.", D(2025, 6, 13), url="https://digest.example/2025/06/13/tarnholt-pit-reopens")  # fmt: skip
    got = assign_stories([*QUARRY, one, two])
    assert got.story_of["b1"] == got.story_of["b4"] == got.story_of["q1"]
    assert "tarnholt" in got.why["b4"]

