"""The number grammar as news writes it (issue 13), the shared hedge table and `precision`."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from checker.numbers import NumberMention, approx_tolerance, find_numbers, hedge_info

INF = math.inf


def one(text: str, snippet: str) -> NumberMention:
    found = [m for m in find_numbers(text) if m.text == snippet]
    assert len(found) == 1, (snippet, find_numbers(text))
    return found[0]


# (sentence, mention text, kind, value, low, high); value None for intervals
READINGS = [
    # plural scales after a number
    ("Officials put the cost at three billions.", "three billions", "cardinal", 3e9, 3e9, 3e9),
    ("In all seventy-five thousands signed it.", "seventy-five thousands", "cardinal", 75e3, 75e3, 75e3),
    ("He earned two lakhs last year.", "two lakhs", "cardinal", 2e5, 2e5, 2e5),
    ("a budget of one billion twenty-five millions", "one billion twenty-five millions", "cardinal",
     1.025e9, 1.025e9, 1.025e9),
    # lakh and crore, in their spellings, and Indian digit grouping
    ("The fine was Rs 5 lakh on Friday.", "Rs 5 lakh", "money", 5e5, 5e5, 5e5),
    ("a grant of 1.2 crore rupees", "1.2 crore rupees", "money", 1.2e7, 1.2e7, 1.2e7),
    ("assets worth 12,34,567 rupees", "12,34,567 rupees", "money", 1234567, 1234567, 1234567),
    ("an outlay of Rs 5 lakh crore", "Rs 5 lakh crore", "money", 5e12, 5e12, 5e12),
    ("a package of Rs 500 cr for farmers", "Rs 500 cr", "money", 5e9, 5e9, 5e9),
    ("flood aid of 3 lacs each", "3 lacs", "cardinal", 3e5, 3e5, 3e5),
    ("the three crore twelve lakh voters", "three crore twelve lakh", "cardinal", 3.12e7, 3.12e7, 3.12e7),
    # "point"
    ("The index slipped to point 77 overnight.", "point 77", "cardinal", 0.77, 0.77, 0.77),
    ("growth of three point five percent", "three point five percent", "percent", 3.5, 3.5, 3.5),
    ("a reading of 1 point 1 on the scale", "1 point 1", "cardinal", 1.1, 1.1, 1.1),
    ("a margin of twelve point ninety-nine", "twelve point ninety-nine", "cardinal", 12.99, 12.99, 12.99),
    ("a loss of two point two million", "two point two million", "cardinal", 2.2e6, 2.2e6, 2.2e6),
    ("at one hundred twenty point o five", "one hundred twenty point o five", "cardinal", 120.05, 120.05,
     120.05),
    # a scale with no number before it
    ("a hundred and five families", "a hundred and five", "cardinal", 105, 105, 105),
    ("hundred fifteen were counted", "hundred fifteen", "cardinal", 115, 115, 115),
    ("thousand nine hundred twenty ballots", "thousand nine hundred twenty", "cardinal", 1920, 1920, 1920),
    ("nineteen hundred seventy-three", "nineteen hundred seventy-three", "cardinal", 1973, 1973, 1973),
    ("forty five hundred thirty eight dollars", "forty five hundred thirty eight dollars", "money", 4538,
     4538, 4538),
    # negatives
    ("The change was -5 on the day.", "-5", "cardinal", -5, -5, -5),
    ("It fell to minus 12 overnight.", "minus 12", "cardinal", -12, -12, -12),
    ("a low of −3.5 at dawn", "−3.5", "cardinal", -3.5, -3.5, -3.5),
    ("We have plus twenty degrees here.", "plus twenty", "cardinal", 20, 20, 20),
    # spoken digit strings
    ("dial zero eight for help", "zero eight", "cardinal", 8, 8, 8),
    ("code o six", "o six", "cardinal", 6, 6, 6),
    # hyphens between digits, words and scales
    ("a $140-million bid", "$140-million", "money", 140e6, 140e6, 140e6),
    ("a $31.5-million contract", "$31.5-million", "money", 31.5e6, 31.5e6, 31.5e6),
    ("the toll passed 28-hundred", "28-hundred", "cardinal", 2800, 2800, 2800),
    ("two-thousand-862 people had died", "two-thousand-862", "cardinal", 2862, 2862, 2862),
    # currencies
    ("$4,500 to $5,000 a month", "$4,500 to $5,000", "range", None, 4500, 5000),
    ("€2-3 million in fines", "€2-3 million", "range", None, 2e6, 3e6),
    ("between 4,500 and 5,000 dollars", "between 4,500 and 5,000 dollars", "range", None, 4500, 5000),
    ("1.5m viewers watched", "1.5m", "cardinal", 1.5e6, 1.5e6, 1.5e6),
    ("the 2bn budget", "2bn", "cardinal", 2e9, 2e9, 2e9),
    ("a £3.4bn deal", "£3.4bn", "money", 3.4e9, 3.4e9, 3.4e9),
    ("debts of $1.2 trillion", "$1.2 trillion", "money", 1.2e12, 1.2e12, 1.2e12),
    ("the ticket was 15€ at the door", "15€", "money", 15, 15, 15),
    ("a euro110 billion loan", "euro110 billion", "money", 110e9, 110e9, 110e9),
    ("damage of $US1 million", "$US1 million", "money", 1e6, 1e6, 1e6),
    # counting words
    ("a dozen trucks", "a dozen", "cardinal", 12, 12, 12),
    ("another dozen people came", "dozen", "cardinal", 12, 12, 12),
    ("half a million refugees", "half a million", "cardinal", 5e5, 5e5, 5e5),
    ("more than half-a-dozen versions", "more than half-a-dozen", "cardinal", None, 6, INF),
    ("a pair of gunmen", "a pair", "cardinal", 2, 2, 2),
    ("a score of soldiers", "a score", "cardinal", 20, 20, 20),
    ("a couple of officers", "a couple", "vague", None, 2, 3),
    ("several hundred protesters", "several hundred", "vague", None, 300, 900),
    ("a few thousand residents", "a few thousand", "vague", None, 2000, 5000),
    ("20-odd protesters", "20-odd", "cardinal", 20, 20, 30),
    # "a"/"an" before a unit of measure
    ("she lived about a mile away", "about a mile", "cardinal", 1, 1, 1),
    ("half a kilometre down", "half a kilometre", "cardinal", 0.5, 0.5, 0.5),
    ("less than an inch thick", "less than an inch", "cardinal", None, 0, 1),
    # ordinals and fractions
    ("the twenty second position", "twenty second", "ordinal", 22, 22, 22),
    ("her twenty-first birthday", "twenty-first", "ordinal", 21, 21, 21),
    ("two-thirds of voters", "two-thirds", "fraction", 2 / 3, 2 / 3, 2 / 3),
    ("one in every five", "one", "cardinal", 1, 1, 1),
    ("about 1/40 of it", "about 1/40", "fraction", 0.025, 0.025, 0.025),
    # spelled numbers in the forms of formal writing
    ("three million, two hundred and forty votes", "three million, two hundred and forty", "cardinal",
     3000240, 3000240, 3000240),
    ("two hundred & five seats", "two hundred & five", "cardinal", 205, 205, 205),
    # ranges as news writes them
    ("a 10- to 15-minute walk", "10- to 15-minute", "range", None, 10, 15),
    ("doses of 44 mg to 50 mg", "44 mg to 50 mg", "range", None, 44, 50),
    ("temperatures from -18 to -34", "from -18 to -34", "range", None, -34, -18),
    ("a rate of 5.5 ± 0.2 percent", "5.5 ± 0.2 percent", "percent", 5.5, 5.3, 5.7),
    ("a density of 5.5x10-3 units", "5.5x10-3", "cardinal", 0.0055, 0.0055, 0.0055),
    ("a magnitude-5.9 earthquake", "5.9", "cardinal", 5.9, 5.9, 5.9),
    # a plural scale after number words multiplies even before "of"
    ("in all ninety-two thousands of ballots", "ninety-two thousands", "cardinal", 92e3, 92e3, 92e3),
    # ordinals that end after "hundred and", "thousand and"
    ("the one hundred and first session", "one hundred and first", "ordinal", 101, 101, 101),
    ("its two thousand and second issue", "two thousand and second", "ordinal", 2002, 2002, 2002),
    ("a hundred and fifth birthday", "a hundred and fifth", "ordinal", 105, 105, 105),
    # a sign before "point"
    ("the gauge showed minus point four", "minus point four", "cardinal", -0.4, -0.4, -0.4),
    ("yields at negative point three percent", "negative point three percent", "percent", -0.3, -0.3, -0.3),
    ("a ratio of point o eight", "point o eight", "cardinal", 0.08, 0.08, 0.08),
    # "-and-a-half" written with hyphens
    ("a three-and-a-half-hour hearing", "three-and-a-half-hour", "duration", 3.5, 3.5, 3.5),
    ("the four-and-a-half million voters", "four-and-a-half million", "cardinal", 4.5e6, 4.5e6, 4.5e6),
    # powers and scientific notation
    ("a charge near 1.6 × 10^-19 coulombs", "1.6 × 10^-19", "cardinal", 1.6e-19, 1.6e-19, 1.6e-19),
    ("about 4 x 10^6 cells", "about 4 x 10^6", "cardinal", 4e6, 4e6, 4e6),
    ("a 3x2^8 grid", "3x2^8", "cardinal", 768, 768, 768),
    ("roughly 10⁹ stars", "roughly 10⁹", "cardinal", 1e9, 1e9, 1e9),
    ("a dose of 7.5·10^2 units", "7.5·10^2", "cardinal", 750, 750, 750),
    # rupees written "Rs." with no space, or with a space after a symbol
    ("a fine of Rs.40 lakh", "Rs.40 lakh", "money", 4e6, 4e6, 4e6),
    ("bail set at Rs.25,000", "Rs.25,000", "money", 25e3, 25e3, 25e3),
    ("a bonus of Rs. 800", "Rs. 800", "money", 800, 800, 800),
    ("valued at Rs90,000", "Rs90,000", "money", 90e3, 90e3, 90e3),
    ("₹ 7.5 crore in dues", "₹ 7.5 crore", "money", 7.5e7, 7.5e7, 7.5e7),
    # shillings, naira, taka and other currencies written before the figure, glued or spaced
    ("a bond of Sh250,000", "Sh250,000", "money", 25e4, 25e4, 25e4),
    ("the Ksh1.8 billion tender", "Ksh1.8 billion", "money", 1.8e9, 1.8e9, 1.8e9),
    ("lost KSh 75 million to fraud", "KSh 75 million", "money", 75e6, 75e6, 75e6),
    ("a ₦40m contract", "₦40m", "money", 40e6, 40e6, 40e6),
    ("an award of Tk 2 crore", "Tk 2 crore", "money", 2e7, 2e7, 2e7),
    ("paid 90 million naira", "90 million naira", "money", 9e7, 9e7, 9e7),
    ("GH¢ 3,500 in fees", "GH¢ 3,500", "money", 3500, 3500, 3500),
    # spans of years: seasons, fiscal years, wars
    ("the 2017-18 season", "2017-18", "year", None, 2017, 2018),
    ("in fiscal 2024/25", "2024/25", "year", None, 2024, 2025),
    ("the 2008/2009 crisis", "2008/2009", "year", None, 2008, 2009),
    ("during the 1939-45 war", "1939-45", "year", None, 1939, 1945),
    ("the 1999-2000 budget", "1999-2000", "year", None, 1999, 2000),
    ("the 2015-16 accounts", "2015-16", "year", None, 2015, 2016),
    # decades written short, and decades of age
    ("music of the '70s", "70s", "year", None, 1970, 1979),
    ("the 1960s and 70s", "70s", "year", None, 1970, 1979),
    ("a man in his late 50s", "50s", "age", None, 50, 59),
    ("the mid-1980s boom", "1980s", "year", None, 1980, 1989),
    ("staff in their 30s and 40s", "40s", "age", None, 40, 49),
    ("the late 60s and early 70s", "70s", "year", None, 1970, 1979),
    # a whole and a fraction sign apart; "three-quarter" before a noun is 3/4, not an ordinal
    ("a wait of 4 ½ hours", "4 ½ hours", "duration", 4.5, 4.5, 4.5),
    ("a three-quarter share", "three-quarter", "fraction", 0.75, 0.75, 0.75),
    # thousands grouped with dots, as continental writers do (two groups or more)
    ("a prize of 3.000.000 euros", "3.000.000 euros", "money", 3e6, 3e6, 3e6),
    # digits over a spelled denominator, and a spelled whole with a digit fraction
    ("nearly 2 thirds of members", "nearly 2 thirds", "fraction", 2 / 3, 0.6, 2 / 3),
    ("a pipe 3 eighths wide", "3 eighths", "fraction", 0.375, 0.375, 0.375),
    ("a rise of six and 1/4 points", "six and 1/4", "fraction", 6.25, 6.25, 6.25),
    # "+" and the en dash typeset as a minus, touching the digits
    ("the index closed +7 on the day", "+7", "cardinal", 7, 7, 7),
    ("a low of –8 overnight", "–8", "cardinal", -8, -8, -8),
    # "and a half" after a dozen takes half of the dozen, as after a million; "-and-" with hyphens
    ("a dozen and a half eggs", "a dozen and a half", "cardinal", 18, 18, 18),
    ("a one-hundred-and-ten-page report", "one-hundred-and-ten", "cardinal", 110, 110, 110),
    # ranges written "-to-", and a lower bound "as few as" that meets an upper one
    ("a four-to-six-week delay", "four-to-six-week", "range", None, 4, 6),
    ("a 10-to-12-hour shift", "10-to-12-hour", "range", None, 10, 12),
    ("as few as 40 and as many as 90 boats", "as few as 40 and as many as 90", "range", None, 40, 90),
    # "10-15,000": the thousands written once, after the second figure (hyphen ranges only)
    ("some 20-25,000 fans", "some 20-25,000", "range", None, 20e3, 25e3),
    ("between 5 and 10,000 fans", "between 5 and 10,000", "range", None, 5, 10e3),
    ("fares as little as $9", "as little as $9", "money", None, 9, INF),
]  # fmt: skip


@pytest.mark.parametrize(("text", "snippet", "kind", "value", "low", "high"), READINGS)
def test_readings(text: str, snippet: str, kind: str, value: float | None, low: float, high: float) -> None:
    m = one(text, snippet)
    assert m.kind == kind
    assert m.value == (None if value is None else pytest.approx(value))
    assert (m.low, m.high) == (pytest.approx(low), high if math.isinf(high) else pytest.approx(high))


# (sentence, the mention texts it must give): what must NOT be read as a number, or not as one
NOT_NUMBERS = [
    ("The Thousand Oaks shooting", []),
    # a road's letters glued to its number are no currency: "SH2" is a state highway, not shillings
    ("a crash on SH2 near the bridge", ["SH2"]),
    ("In 2015 thousands of people marched", ["2015", "thousands"]),
    ("at this point 7 people were hurt", ["7"]),
    ("Five o'clock came", ["Five"]),
    ("my name is o s c a r", []),
    ("a year ago, twice a day", []),
    ("petrol at $4 a gallon", ["$4"]),
    ("I feel like a ton of work is done", []),
    ("life without parole plus 20 years", ["20 years"]),
    ("four plus five", ["four", "five"]),
    ("an Nvidia GT 650m graphics card", ["650m"]),
    ("the sixth one to hit the town", ["sixth"]),
    ("one cannot know", []),
    ("No one was hurt", []),
    ("by a score of 3-1", ["3", "1"]),
    ("fifty thousand, two of them", ["fifty thousand", "two"]),
    ("sixty zero", ["sixty", "zero"]),
    ("the 1500b packet", ["1500b"]),
    ("Covid-19 cases", ["Covid-19"]),
    ("the 2016-05 release", ["2016-05"]),  # a year and a month, not a span: 05 is not the next year
    ("a lap of 40s", ["40s"]),  # seconds, not the 1940s
    ("a 4x4 truck", ["4x4"]),
    ("he came in 2019¹", ["2019"]),  # a footnote mark, not a power
    ("they led in 3 quarters", ["3"]),  # periods of a match or a year, not 3/4
    ("her three half-sisters", ["three", "half"]),  # not three halves
    ("mostly teens and 20s", ["20s"]),  # a short decade with no possessive or "the" is left as written
    ("between 2 and 3/4 of them", ["2", "3/4"]),
    ("pages 8–12", ["8–12"]),  # an en dash between figures is a range, not a minus
]


@pytest.mark.parametrize(("text", "texts"), NOT_NUMBERS)
def test_not_read_as_numbers(text: str, texts: list[str]) -> None:
    assert [m.text for m in find_numbers(text)] == texts


def test_metres_and_bits_stay_units() -> None:
    assert (one("a 30m drop", "30m").value, one("a 30m drop", "30m").unit) == (30, "m")
    assert one("the 1500b packet", "1500b").value == 1500
    assert one("the 2m years since", "2m years").value == 2e6


def test_counts_that_look_like_pronouns() -> None:
    assert [m.text for m in find_numbers("Only one person survived")] == ["one"]
    assert [m.text for m in find_numbers("on the 30th one more died")] == ["30th", "one"]
    assert [m.text for m in find_numbers("said that one of the guards fled")] == ["one"]


@pytest.mark.parametrize(
    ("text", "snippet", "kind", "value"),
    [
        ("Forty-five (45) people were hurt.", "Forty-five (45)", "cardinal", 45),
        ("ten (10) died", "ten (10)", "cardinal", 10),
        ("and (10) ten more were missing", "(10) ten", "cardinal", 10),
        ("45 (forty-five) of them", "45 (forty-five)", "cardinal", 45),
        ("at least twelve (12) were taken", "at least twelve (12)", "cardinal", None),
        ("five (5) percent of staff", "five (5) percent", "percent", 5),
        ("paid five (5) dollars", "five (5) dollars", "money", 5),
    ],
)
def test_a_restated_figure_is_one_mention(text: str, snippet: str, kind: str, value: float | None) -> None:
    found = find_numbers(text)
    assert [m.text for m in found] == [snippet]
    assert (found[0].kind, found[0].value) == (kind, value)
    assert "restated" in found[0].tags


def test_different_figures_in_brackets_stay_apart() -> None:
    assert [m.text for m in find_numbers("ten (12) died")] == ["ten", "12"]
    assert [m.text for m in find_numbers("€100 ($110)")] == ["€100", "$110"]


# ---------------------------------------------------------------- the hedge table


def test_hedges_of_one_type_widen_alike() -> None:
    assert approx_tolerance("about") == approx_tolerance("in the region of") == pytest.approx(0.1)
    assert approx_tolerance("an estimated") == approx_tolerance("some") == pytest.approx(0.1)
    assert approx_tolerance("on the order of") == pytest.approx(0.5)
    for exact in (None, "", "exactly", "more than", "at least", "up to", "fewer than", "or more", "nearly"):
        assert approx_tolerance(exact) == 0.0
    assert approx_tolerance("about ... or so") == pytest.approx(0.1)  # a mention's two-part hedge
    assert approx_tolerance("In  The Region Of") == pytest.approx(0.1)  # case and spaces as written
    assert approx_tolerance("no such hedge") == 0.0


def test_hedge_info_gives_type_and_width() -> None:
    (near,) = hedge_info("nearly")
    assert (near.type, near.width, near.after) == ("near", pytest.approx(0.1), False)
    assert [h.type for h in hedge_info("more than ... or so")] == ["gt", "approx"]
    assert hedge_info(None) == []


def _table() -> dict:
    path = Path(__file__).parents[1] / "checker" / "numbers.yaml"
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))["hedges"]


def _phrases(after: bool) -> list[tuple[str, str, float]]:
    out = []
    for group, spec in _table().items():
        for p in spec.get("after" if after else "phrases") or []:
            out.append((p, spec.get("type", group), float(spec.get("width", 0))))
    return out


@pytest.mark.parametrize(("phrase", "htype", "width"), _phrases(after=False))
def test_every_hedge_in_the_table_is_read(phrase: str, htype: str, width: float) -> None:
    text = f"They said {phrase} 240 people came."
    (m,) = [m for m in find_numbers(text) if "240" in m.text]
    assert m.hedge == phrase
    assert m.start == text.index(phrase)
    expected = {
        "gt": (None, 240, INF), "ge": (None, 240, INF), "lt": (None, 0, 240), "le": (None, 0, 240),
        "eq": (240, 240, 240), "approx": (240, 240, 240), "near": (240, 240 * (1 - width), 240),
        "above": (240, 240, 240 * (1 + width)),
    }[htype]  # fmt: skip
    assert (m.value, m.low, m.high) == (expected[0], pytest.approx(expected[1]), pytest.approx(expected[2]))
    assert approx_tolerance(m.hedge) == (width if htype == "approx" else 0.0)


@pytest.mark.parametrize(("phrase", "htype", "width"), _phrases(after=True))
def test_every_postfix_hedge_in_the_table_is_read(phrase: str, htype: str, width: float) -> None:
    sep = "" if phrase[0] in "-+" else " "
    text = f"They said 240{sep}{phrase} people came."
    (m,) = find_numbers(text)
    assert m.hedge == phrase
    low, high = {"ge": (240, INF), "le": (0, 240), "approx": (240, 240), "odd": (240, 250)}[htype]
    assert (m.low, m.high) == (low, high)


# ---------------------------------------------------------------- precision


@pytest.mark.parametrize(
    ("text", "snippet", "precision"),
    [
        ("a 948-foot ship", "948", 1),
        ("1.2 million people", "1.2 million", 1e5),
        ("1.25 metres", "1.25", 0.01),
        ("1.20 metres", "1.20", 0.01),  # a written trailing decimal zero is significant
        ("240 people", "240", 1),  # one trailing zero, no hedge: taken as written
        ("about 240 people", "about 240", 10),  # hedged: the zero is rounding
        ("more than 700 homes", "more than 700", 100),
        ("3,000 troops", "3,000", 1000),  # two or more trailing zeros: rounding
        ("1,500 troops", "1,500", 100),
        ("$3.7bn", "$3.7bn", 1e8),
        ("12k runners", "12k", 1e3),
        ("two hundred and twenty-four", "two hundred and twenty-four", 1),
        ("two hundred people", "two hundred", 100),
        ("half a million refugees", "half a million", 1e5),
        ("thirty million", "thirty million", 1e6),
        ("17.5% of them", "17.5%", 0.1),
        ("Forty-five (45) were hurt", "Forty-five (45)", 1),
        ("between 3 and 4 million", "between 3 and 4 million", 1e6),
        ("10-12 people", "10-12", 1),
        ("at 1:29 pm", "1:29 pm", 1 / 60),
        ("at 5 pm", "5 pm", 1),
        ("in 2019", "2019", 1),
        ("the 1960s", "1960s", 10),
        ("two thirds of voters", "two thirds", None),
        ("dozens of people", "dozens", None),
        ("on November 26", "November 26", None),
    ],
)
def test_precision(text: str, snippet: str, precision: float | None) -> None:
    (m,) = [m for m in find_numbers(text) if m.text == snippet]
    assert m.precision == (None if precision is None else pytest.approx(precision))


@pytest.mark.parametrize("text", ["½/5 of it", "1e5555 people", "3.5e999", "10^99999", "1/0", "5/½"])
def test_odd_digit_tokens_do_not_crash(text: str) -> None:
    for m in find_numbers(text):
        assert m.text == text[m.start : m.end]
        assert m.precision is None or m.precision > 0


@pytest.mark.parametrize(
    ("text", "value"),
    [("4.1 million residents", 4_100_000), ("four point one million", 4_100_000), ("0.3 million", 300_000),
     ("2.9 billion", 2_900_000_000), ("1.15 lakh", 115_000)],
)  # fmt: skip
def test_a_decimal_times_a_scale_is_exact(text: str, value: int) -> None:
    (n,) = find_numbers(text)
    assert n.value == value  # not 4099999.9999999995: a value is shown and compared as written
