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
