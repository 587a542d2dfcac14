"""Sentences and paragraphs: one newline a paragraph, unless it only wraps a line."""

from __future__ import annotations

from checker.sentences import split_paragraphs, split_sentences


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_a_newline_inside_a_sentence_only_wraps_it():
    text = (
        "A bus fell into a gorge on Sunday\nkilling 12 people, most of them pilgrims,\nand injuring 30. It was raining."
    )
    assert texts(text) == [
        "A bus fell into a gorge on Sunday\nkilling 12 people, most of them pilgrims,\nand injuring 30.",
        "It was raining.",
    ]
    assert len(split_paragraphs(text)) == 1


def test_one_newline_before_a_capital_or_after_a_full_stop_is_a_paragraph():
    text = "Floods hit the north\nRescuers reached the valley.\nthe roads were closed.\n\nMore rain is due."
    assert texts(text) == ["Floods hit the north", "Rescuers reached the valley.", "the roads were closed.",
                           "More rain is due."]  # fmt: skip
    assert len(split_paragraphs(text)) == 4


def test_sentences_end_at_their_stops_but_not_after_abbreviations():
    text = "Dr. Ali said 40 died. The U.S. sent aid at 3 p.m. on Monday. Was it enough?"
    assert texts(text) == ["Dr. Ali said 40 died.", "The U.S. sent aid at 3 p.m. on Monday.", "Was it enough?"]


def test_a_clock_time_ends_a_sentence_before_a_new_subject_but_not_before_the_day_or_zone():
    # the new subject after "p.m." is a sentence of its own: its count must not be read with the call's
    assert texts("Deputies arrived at 11:20 p.m. Three people had been hit.") == [
        "Deputies arrived at 11:20 p.m.", "Three people had been hit."]  # fmt: skip
    assert texts("Shots were fired at 2 A.M. “It was loud,” a neighbour said.") == [
        "Shots were fired at 2 A.M.", "“It was loud,” a neighbour said."]  # fmt: skip
    # the time goes on: a weekday, a month, a zone, a place's time, a bracketed conversion
    goes_on_texts = ("The ferry left at 7 a.m. Tuesday with 90 aboard.", "It ended at 4 p.m. EDT on the 3rd.",
                     "Talks began at 9 a.m. Pacific Time in the hall.", "It struck at 8 p.m. Cape Town time.",
                     "The dam broke at 5 a.m. (0300 GMT) near Lor.", "They met at 10 a.m. June 3.")  # fmt: skip
    for goes_on in goes_on_texts:
        assert texts(goes_on) == [goes_on], goes_on


def test_the_splitter_table_is_read_from_its_file(tmp_path):
    """Its words are data: a word added to clock_continuers keeps the time going."""
    from checker import sentences

    table = tmp_path / "sentences.yaml"
    table.write_text("abbreviations: [dr, a.m, p.m]\nclock_continuers: [noon, friday]\n", encoding="utf-8")
    pattern = sentences._read_boundary(table)
    text = "It began at 9 a.m. Friday. Dr. Lee said 4 p.m. Police left."
    spans = [m.end() for m in pattern.finditer(text)]
    assert [text[:e] for e in spans] == ["It began at 9 a.m. Friday.", "It began at 9 a.m. Friday. Dr. Lee said 4 p.m."]
