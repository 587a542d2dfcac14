"""extract_article: one article in, claims out; no state carried between articles; figures as written."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import ArticleTimeout, RuleError
from checker.extract import compile_rules, extract_article
from checker.models import Article
from checker.rulebook import load_rulebook
from checker.sentences import split_sentences
from tests.conftest import ROOT


def _article(text: str, aid: str = "a", published: dt.date | None = dt.date(2024, 5, 6)) -> Article:
    return Article(article_id=aid, source=f"{aid}.txt", text=text, published=published)


def _claims(rules, text: str, **kw):
    return extract_article(_article(text, **kw), rules)


def test_no_state_carries_from_one_article_to_the_next(rules):
    # "he said" takes the last named speaker of its own article only
    first = "The ministry said 40 people were killed."
    second = "He said 12 people were injured."
    alone = _claims(rules, second, aid="b")
    _claims(rules, first, aid="a")
    after = _claims(rules, second, aid="b")
    assert [c.model_dump() for c in alone] == [c.model_dump() for c in after]
    assert all(c.attribution in (None, "he") for c in after)


def test_claim_ids_are_stable_and_unique(rules):
    text = (ROOT / "seeds" / "004_4e3977a34dbd161a.txt").read_text(encoding="utf-8")
    a = _claims(rules, text)
    b = _claims(rules, text)
    assert [c.claim_id for c in a] == [c.claim_id for c in b]
    assert len({c.claim_id for c in a}) == len(a)
    assert all(c.quote == text[c.start : c.end] for c in a)


def test_values_are_as_written_and_scale_converts(rules):
    (ship,) = [c for c in _claims(rules, "The 948-foot ship ran aground.") if c.measure.startswith("dimensions.")]
    assert (ship.value, ship.low, ship.unit, ship.dimension) == (948.0, 948.0, "ft", "length")
    assert ship.base_bounds()[0] == pytest.approx(948 * 0.3048)
    (toll,) = [c for c in _claims(rules, "About 240 people died.") if c.measure == "casualties.killed"]
    assert toll.value == 240.0 and toll.hedge
    (over,) = [c for c in _claims(rules, "Over 750 people were evacuated.") if c.measure == "people.evacuated"]
    assert over.value == 750.0 and over.low == 750 and not over.low_inclusive
    (word,) = [c for c in _claims(rules, "Twelve miners are still missing.") if c.measure == "casualties.missing"]
    assert word.value == 12.0 and isinstance(word.value, float)
    (bn,) = [c for c in _claims(rules, "The storm caused $3.7bn in damage.") if c.measure == "money.damage"]
    assert (bn.value, bn.unit, bn.scale, bn.dimension) == (3.7, "USD billion", 1e9, "USD")
    ranged = [c for c in _claims(rules, "Between 200 and 240 people were rescued.") if c.measure == "people.rescued"]
    assert ranged and ranged[0].value is None and (ranged[0].low, ranged[0].high) == (200, 240)


def test_dates_and_clock_times_are_claims_with_iso_values(rules):
    claims = _claims(rules, "The earthquake struck at 11:05 pm local time on Friday.", published=dt.date(2024, 5, 6))
    (day,) = [c for c in claims if c.kind == "date"]
    (clock,) = [c for c in claims if c.kind == "time"]
    assert day.value == "2024-05-03" and day.measure == "events.occurred.date"
    assert clock.value == "23:05" and clock.low == 23 * 60 + 5 and clock.tz == "local time"
    assert clock.measure == "events.occurred.time" and clock.as_of == dt.date(2024, 5, 3)


@pytest.mark.parametrize(
    ("text", "as_of"),
    [
        # the report's day (Monday 6 May): the relative clause dates the event, not the count
        ("The flood that hit the valley on Friday has killed 40 people.", dt.date(2024, 5, 6)),
        ("At least 40 people were killed in the Friday night crash.", dt.date(2024, 5, 6)),
        ("At least 40 people died in the storm that swept the coast late on Friday.", dt.date(2024, 5, 6)),
        # the count's own verb takes the day: on that day the total stood there
        ("The toll rose to 40 on Friday.", dt.date(2024, 5, 3)),
        # a count stated on a day, or by a day, stands as of that day
        ("The ministry said on Friday that 40 people had been killed.", dt.date(2024, 5, 3)),
        ("By Friday night 40 people had been killed.", dt.date(2024, 5, 3)),
        # a date carried from an earlier sentence is the event's
        ("The river burst its banks on Friday. So far 40 people have been killed.", dt.date(2024, 5, 6)),
        # a figure of another occurrence, long before, keeps its own day
        ("The last big flood, in March 2019, killed 40 people.", dt.date(2019, 3, 31)),  # a month: its end
    ],
)
def test_a_running_totals_day_is_the_reports_unless_its_sentence_dates_the_count(rules, text, as_of):
    (toll,) = [c for c in _claims(rules, text) if c.measure == "casualties.killed"]
    assert toll.as_of == as_of, (text, toll.as_of, toll.as_of_basis)


def test_superseded_and_negated_figures_are_marked_not_dropped(rules):
    claims = _claims(rules, "The toll was lowered to 125, down from an earlier figure of 174.")
    stances = {c.value: c.stance for c in claims if c.measure == "casualties.killed"}
    assert stances == {125.0: "asserted", 174.0: "superseded"}


def test_a_deadline_in_the_past_raises_article_timeout(rules):
    with pytest.raises(ArticleTimeout):
        extract_article(_article("Twelve people died. " * 3), rules, deadline=time.monotonic() - 1)
    assert extract_article(_article("Twelve people died."), rules, deadline=time.monotonic() + 60)


def test_a_rules_folder_without_a_lexicon_the_extractor_reads_is_a_rule_error(tmp_path):
    import shutil

    dest = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", dest)
    grammar = dest / "_grammar.yaml"
    grammar.write_text(regex.sub(r"(?m)^  bare_after: .*\n", "", grammar.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(RuleError, match="lexicons the extractor reads are missing: bare_after"):
        compile_rules(load_rulebook(dest))
    grammar.unlink()
    with pytest.raises(RuleError):  # rule files use its lexicons too: named with path:line:col
        compile_rules(load_rulebook(dest))


def _texts() -> list[str]:
    """Every sentence the project holds: seeds, acceptance corpora, rule examples."""
    out = []
    for p in [*(ROOT / "seeds").glob("*.txt"), *(ROOT / "tests" / "corpora").rglob("*.*")]:
        try:
            out.append(p.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue
    book = load_rulebook(ROOT / "rules")
    out += [ex.text for f in book.families for ex in f.examples]
    return out


def _assert_no_miss(rules, text: str) -> None:
    for s in split_sentences(text):
        candidates = rules.triggers.candidates(text, s.start, s.end)
        matched = {m.id for m in rules.measures if m.predicates.search(text, s.start, s.end)}
        if rules.cues.implicit_gate.search(text, s.start, s.end):
            matched.add("implicit")
        assert matched <= candidates, (text[s.start : s.end], matched - candidates)


def test_the_trigger_index_never_misses_a_predicate_on_project_texts(rules):
    for text in _texts():
        _assert_no_miss(rules, text)


def _vocabulary() -> list[str]:
    book = load_rulebook(ROOT / "rules")
    words = {w for ws in book.lexicons.values() for w in ws}
    for m in book.measures.values():
        words |= {w for ws in m.predicates.named_lists.values() for w in ws}
        words |= set(regex.findall(r"[A-Za-z][a-z]+(?: [a-z]+)?", m.predicates.pattern))
    return sorted(words)


VOCABULARY = _vocabulary()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12), st.sampled_from([" ", " the ", ", ", "-"]))
def test_the_trigger_index_never_misses_a_predicate_on_made_up_sentences(rules, words, joint):
    _assert_no_miss(rules, joint.join(words) + ".")


def _assert_same_hits(rules, text: str) -> None:
    """Predicates tried only at the words that picked them find what a scan of the whole sentence finds."""
    from checker.extract.link import predicate_hits

    for s in split_sentences(text):
        candidates, at = rules.triggers.scan(text, s.start, s.end)
        assert predicate_hits(rules, text, s, candidates, at) == predicate_hits(rules, text, s, candidates), (
            text[s.start : s.end]
        )


def test_predicates_tried_at_their_words_find_what_a_sentence_scan_finds(rules):
    for text in [*_texts(), "Fatally shot, ſhot and İnjured people; a co-op of 12 in captivity in hospital."]:
        _assert_same_hits(rules, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12), st.sampled_from([" ", " the ", ", ", "-"]))
def test_predicates_tried_at_their_words_on_made_up_sentences(rules, words, joint):
    _assert_same_hits(rules, joint.join(words) + ".")


def _gated(rules) -> list:
    """Every word-list pattern of the compiled rules that runs behind rulebook.WordGated's cheap test."""
    import dataclasses

    from checker.rulebook import WordGated

    found = [getattr(rules.cues, f.name) for f in dataclasses.fields(rules.cues)]
    found += [p for f in rules.families for p in (f.nouns, f.role)]
    return [p for p in found if isinstance(p, WordGated)]


def _assert_same_answers(rules, text: str) -> None:
    """A pattern behind WordGated's test answers as the pattern alone does, whatever the method and span."""
    gated = _gated(rules)
    for s in split_sentences(text):
        for p in gated:
            raw = p.pattern_
            at = (text, s.start, s.end)
            assert [m.span() for m in p.finditer(*at)] == [m.span() for m in raw.finditer(*at)], text[s.start : s.end]
            found = p.search(*at)
            assert (found and found.span()) == ((m := raw.search(*at)) and m.span()), text[s.start : s.end]
            for a in {s.start, *(m.start() for m in raw.finditer(*at))}:
                assert bool(p.match(text, a, s.end)) == bool(raw.match(text, a, s.end))
            assert bool(p.fullmatch(*at)) == bool(raw.fullmatch(*at))


def test_word_list_patterns_behind_their_cheap_test_answer_as_alone_on_project_texts(rules):
    gated = _gated(rules)
    # the project's rules use the cheap test for the big lexicons
    assert {rules.cues.implicit_gate, rules.cues.people, rules.cues.nationality} <= set(gated)
    words = sorted({w for p in gated for ws in p.named_lists.values() for w in ws})
    made_up = [
        "He was SHOT AND KILLED.", "A Non-Fatal Shooting.", "someone phoned", "shot-and-killed", "shotand killed",
        "They were x-shot dead.", "ſhot dead", "İnjured", "one  dead", "gunned_down", "2killed", "killed2", "é killed",
        " ".join(w + "." for w in words), " ".join("(" + w.upper() + ")" for w in words),
        " ".join("a" + w for w in words),
    ]  # fmt: skip
    for text in [*_texts(), *made_up]:
        _assert_same_answers(rules, text)


def test_the_cheap_test_is_what_spares_the_pattern(rules):
    """It can fail: with a first word left out of the test, a sentence of that word alone gets no match."""
    from checker.rulebook import WordGated

    gate = rules.cues.implicit_gate
    blind = WordGated(gate.pattern_, gate.firsts - {"shot"})
    # the sentence holds no other first word of the gate ("was" opens one of its phrases)
    assert gate.search("Shot.") and not blind.search("Shot.")


def test_the_rest_of_a_phrase_is_tested_too(rules):
    """A span with a phrase's first word but not its other words is spared the pattern: with a word that no
    text holds added to every phrase "shot" opens, "He was shot." gets no match."""
    from checker.rulebook import WordGated

    gate = rules.cues.implicit_gate
    assert gate.phrases is not None and "shot" in gate.phrases
    phrases = {**gate.phrases, "shot": tuple(p | {"qqqq"} for p in gate.phrases["shot"])}
    blind = WordGated(gate.pattern_, gate.firsts, phrases)
    assert gate.search("He was shot.") and not blind.search("He was shot.")
    assert blind.search("He was shot qqqq.")  # "qqqq" is not in the pattern: the test lets it run, no more


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12), st.sampled_from([" ", " the ", ", ", "-", ""]))
def test_word_list_patterns_behind_their_cheap_test_on_made_up_sentences(rules, words, joint):
    _assert_same_answers(rules, joint.join(words) + ".")


def test_the_grammar_patterns_run_in_linear_time(rules):
    """The extractor's own patterns face the same adversarial texts as rule patterns (rules lint)."""
    import dataclasses

    from checker.rulebook import _PROBES

    probes = [*_PROBES, "A man, " * 3000, "and a man and the man was " * 1500, "Aa Bb " * 4000]
    for f in dataclasses.fields(rules.cues):
        pattern = getattr(rules.cues, f.name)
        for probe in probes:
            started = time.monotonic()
            for _ in pattern.finditer(probe, timeout=2.0):
                pass
            assert time.monotonic() - started < 2.0, f.name


def test_every_claim_of_the_project_texts_is_a_valid_claim(rules):
    """Claims are built without validation for speed: every one of them must still pass it."""
    from checker.models import Claim

    for i, text in enumerate(_texts()):
        for c in _claims(rules, text, aid=f"t{i}"):
            again = Claim.model_validate(c.model_dump())
            assert again == c, c
            assert c.value is None or isinstance(c.value, float | str)


def _counts(rules, text: str, measure: str) -> list[tuple[float | str | None, str | None]]:
    return [(c.value, c.relation) for c in _claims(rules, text) if c.measure == measure]


def test_a_state_after_a_comma_tells_of_some_of_the_shot_not_all(rules):
    # the one in critical condition is one of the wounded; with no death told, all three shot are wounded
    got = {c.value: c.qualifiers for c in _claims(rules, "Three people were shot, one is in critical condition.")
           if c.measure == "casualties.injured"}  # fmt: skip
    assert got[1.0].get("condition") == "serious or critical"
    assert got[3.0].get("basis") == "implicit" and set(got) == {1.0, 3.0}


def test_a_victim_of_another_population_is_one_more_not_one_of_the_whole(rules):
    text = "Two men were wounded at a bar on Friday. A woman was also hurt."
    assert (1.0, None) in _counts(rules, text, "casualties.injured")


def test_a_report_told_by_a_crime_tally_and_an_incident_scopes_only_the_tally(rules):
    text = "A man was shot dead on Friday. The city has recorded 41 murders since the start of the year."
    scoped = {c.value: c.qualifiers.get("scope") for c in _claims(rules, text) if c.measure == "casualties.killed"}
    assert scoped == {1.0: None, 41.0: "other incident"}


def test_an_update_of_a_running_count_is_no_revision(rules):
    # "updated its figures: 30 have died" is the count's next step, not a correction of the figures before it
    update = _claims(rules, "The health office has updated its figures: 30 people have now died in the floods.")
    assert [c.value for c in update if c.measure == "casualties.killed"] == [30]
    assert not any(c.revision for c in update)
    revised = _claims(rules, "The health office lowered the death toll to 30.")
    assert any(c.revision for c in revised if c.measure == "casualties.killed")
