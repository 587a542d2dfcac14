"""An article's implicit counts inside its own larger toll are parts; other incidents' tolls are scoped apart."""

from __future__ import annotations

import datetime as dt

from checker.checks.scope import by_qualifiers
from checker.extract import extract_article
from checker.extract.implicit import PART_OF_TOTAL
from checker.models import Article


def _killed(rules, text: str, published: dt.date = dt.date(2025, 5, 6)):
    a = Article(article_id="a", source="a.txt", text=text, published=published)
    return [c for c in extract_article(a, rules) if c.measure == "casualties.killed"]


def test_an_implicit_victim_inside_the_reports_larger_toll_is_a_part(rules):
    claims = _killed(rules, "Three people were killed in the fire on Mill Lane. A woman, 52, died in hospital.")
    parts = [c for c in claims if c.relation == PART_OF_TOTAL]
    assert [c.value for c in parts] == [1.0]
    assert [c.value for _, group in by_qualifiers(claims) for c in group] == [3.0]


def test_a_lone_implicit_count_is_the_incidents_count(rules):
    claims = _killed(rules, "A woman, 52, died in the fire on Mill Lane on Monday.")
    assert [(c.value, c.relation) for c in claims] == [(1.0, None)]


def test_a_larger_toll_of_another_incident_makes_no_part(rules):
    # the larger figure is another incident's (a separate one), so the victim is this incident's count
    claims = _killed(rules, "A woman died in the fire on Mill Lane. A separate fire in the city killed three.")
    one = [c for c in claims if c.value == 1.0]
    assert one and one[0].relation is None
    three = [c for c in claims if c.value == 3.0]
    assert three and three[0].qualifiers.get("scope") == "other incident"
    assert [c.value for _, group in by_qualifiers(claims) for c in group] == [1.0]


def test_a_larger_toll_dated_weeks_away_makes_no_part(rules):
    text = "A man was shot and killed on Elm Street on Monday. In March, four people were killed on the same block."
    claims = _killed(rules, text)
    assert all(c.relation is None for c in claims if c.value == 1.0)
