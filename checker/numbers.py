"""Every number in an English news text, as a typed interval with its hedge and kind."""

# How it works. A cheap `re` scan finds trigger points (digits, number words, month names, a few
# symbols); only there is a master regex tried (linear: every repetition is possessive or
# bounded). Its early branches claim things that contain digits but are not
# quantities (urls, handles, dates, times, phone numbers, ids, page furniture) so that later
# steps never count them. Its last branch matches a run of number tokens (digits and number
# words with their joiners); a small parser splits the run into numbers (cardinals, ordinals,
# fractions). Each number then takes what sits around it: a scale or unit suffix, a currency,
# a hedge before ("more than") or after ("or more"), and neighbouring numbers join into ranges
# ("between 20 and 30", "10-12", "11 or 12").
#
# Interval conventions (DESIGN §3), N the number as written:
#   plain, "exactly", "equal to"        [N, N]
#   "about", "around", "some", ...      [N, N], hedge kept: the comparison widens by its tolerance
#   "nearly", "almost", "just under"    [0.9N, N), value N
#   "more than", "over", "above"        (N, inf)        "at least", "no fewer than", "N or more"  [N, inf)
#   "fewer than", "under", "below"      [0, N)          "up to", "as many as", "at most"        [0, N]
#   (upper bounds start at -inf instead of 0 when N <= 0)
#   "between A and B", "A-B", "A to B"  [A, B] kind range; "A or B" [A, B] tagged "alternative"
#   vague words ("dozens", "hundreds of") an interval, kind vague, value None.
# Dates, times, urls, handles, phones, ids and furniture carry value None and (-inf, inf), except
# that years keep their number, times their hour as a decimal and furniture its count.

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from checker.models import INF, NumberMention

__all__ = ["NumberMention", "find_numbers"]

_TIMEOUT = 10.0  # seconds per regex call; a safety net only, the patterns are linear

# ---------------------------------------------------------------- lexicons

_UNITS = {
    "zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100.0, "thousand": 1e3, "lakh": 1e5, "lakhs": 1e5, "million": 1e6, "crore": 1e7,
    "crores": 1e7, "billion": 1e9, "trillion": 1e12,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "nineth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1e3,
    "millionth": 1e6, "billionth": 1e9, "trillionth": 1e12,
}  # fmt: skip
# Fraction denominators. "second(s)" is left out on purpose: "one second" is a duration.
_DENOMS = {w + "s": v for w, v in _ORDINALS.items() if w != "second"}
_DENOMS.update({"half": 2, "halves": 2, "quarter": 4, "quarters": 4})
_DOZEN = {"dozen", "dozens", "dz", "dzs", "doz", "dozs"}
_VULGAR = {
    "½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅖": 0.4, "⅗": 0.6, "⅘": 0.8,
    "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875,
}  # fmt: skip
# Digit fractions that read as fractions; others ("9/11", "24/7") are ids.
_FRACTION_DENOMS = {2, 3, 4, 5, 6, 8, 10, 16, 32, 64, 100}
_CARDINALS = {**_UNITS, **_TEENS, **_TENS}

# Currencies: symbol or code before the number, name after it.
_CUR_BEFORE = {
    "us$": "USD", "u.s.$": "USD", "usd": "USD", "$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD",
    "ca$": "CAD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL", "€": "EUR", "eur": "EUR",
    "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "cny": "CNY", "rmb": "CNY", "₹": "INR",
    "inr": "INR", "rs": "INR", "rs.": "INR", "₪": "ILS", "ils": "ILS", "nis": "ILS", "chf": "CHF",
    "₽": "RUB", "rub": "RUB",
}  # fmt: skip
_CUR_AFTER = {
    "us dollars": "USD", "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
    "pounds sterling": "GBP", "pounds": "GBP", "pound": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupees": "INR", "rupee": "INR", "shekels": "ILS", "shekel": "ILS",
    "francs": "CHF", "roubles": "RUB", "rubles": "RUB", "usd": "USD", "eur": "EUR", "gbp": "GBP",
    "nis": "ILS", "ils": "ILS", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "chf": "CHF", "jpy": "JPY",
}  # fmt: skip

# Scales written right after digits: "12k", "$3.7bn", "10 bln". Lower-case m/t are metres and
# tonnes unless a currency comes first ("€5m").
_SUFFIX_SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "b": 1e9,
    "bn": 1e9, "bln": 1e9, "g": 1e9, "t": 1e12, "tn": 1e12, "tln": 1e12, "trn": 1e12,
}  # fmt: skip

# Hedges before a number: phrase -> type (see the conventions at the top).
_HEDGES: dict[str, str] = {}
for _t, _phrases in {
    "gt": "more than|over|above|greater than|larger than|bigger than|higher than|exceeding|exceeds|"
    "exceeded|exceed|surpassing|surpassed|surpasses|surpass|in excess of|upwards of|upward of|"
    "well over|just over|just above|well above|north of|>",
    "ge": "at least|no fewer than|no less than|not less than|a minimum of|at minimum|"
    "greater than or equal to|more than or equal to|greater or equal than|more or equal than|"
    "higher or equal than|bigger or equal than|larger or equal than|equal to or more than|"
    "equal to or greater than|equal or more than|at least or equal to|>=|> =|≥",
    "lt": "less than|fewer than|under|below|lower than|smaller than|well under|well below|<",
    "le": "up to|as many as|as much as|as high as|as large as|at most|no more than|not more than|"
    "no greater than|a maximum of|at maximum|less than or equal to|fewer than or equal to|"
    "less or equal than|smaller or equal than|lower or equal than|equal to or less than|"
    "equal to or fewer than|<=|< =|≤",
    "approx": "about|around|roughly|approximately|approx.|some|an estimated|estimated|circa|ca.|"
    "more or less|in the region of|close to|on the order of|something like|or so",
    "near": "nearly|almost|just under|just below|just shy of|not quite",
    "eq": "exactly|precisely|equal to|equals to|equals|equaling to|equalling to|equaling|equalling",
}.items():
    for _p in _phrases.split("|"):
        _HEDGES[_p] = _t
_LOWER_BOUND = {"gt", "ge"}
_UPPER_BOUND = {"lt", "le"}

# Relative ordinals: phrase -> Recognizers-style offset. Their value is a position, not a count.
_RELATIVE = {
    "the last but one": "end-1", "last but one": "end-1", "the second to last": "end-1",
    "second to last": "end-1", "next to last": "end-1", "the one before the last one": "end-1",
    "the one before the last": "end-1", "penultimate": "end-1", "antepenultimate": "end-2",
    "previous one": "current-1", "next one": "current+1", "current one": "current+0",
    "last": "end+0", "next": "current+1", "previous": "current-1", "current": "current+0",
}  # fmt: skip

# Vague quantities: pattern -> (low, high). Used whole-word, case-insensitive.
_VAGUE = {
    "tens of thousands": (2e4, 99_999.0), "hundreds of thousands": (2e5, 999_999.0),
    "tens of millions": (2e7, 99_999_999.0), "hundreds of millions": (2e8, 999_999_999.0),
    "dozens": (24.0, 99.0), "scores": (40.0, 99.0), "hundreds": (200.0, 999.0),
    "thousands": (2000.0, 9999.0), "millions": (2e6, 9_999_999.0), "billions": (2e9, 9_999_999_999.0),
    "a handful": (2.0, 5.0), "a couple": (2.0, 3.0), "a few": (2.0, 5.0), "several": (3.0, 9.0),
}  # fmt: skip

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_DURATION_UNITS = {
    "second": "second", "sec": "second", "minute": "minute", "min": "minute", "hour": "hour",
    "hr": "hour", "day": "day", "night": "night", "week": "week", "fortnight": "fortnight",
    "month": "month", "year": "year", "yr": "year", "decade": "decade", "century": "century",
    "centurie": "century",
}  # fmt: skip


def _alt(words: object) -> str:
    """A regex alternation of literal phrases, longest first so that the longest one wins."""
    items = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))  # type: ignore[attr-defined]
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in items)


# ---------------------------------------------------------------- the master pattern

_SP = r"[ \t\u00a0\u202f]"
_MONTH_CAP = "(?-i:" + "|".join(sorted({m.capitalize() for m in _MONTHS}, key=len, reverse=True)) + r")\b\.?"
_WEEKDAY = r"(?:(?-i:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_NUMWORD = _alt([*_CARDINALS, *_SCALES, *_ORDINALS, *(o + "s" for o in _ORDINALS if o != "second"),
                 "half", "halves", "quarter", "quarters", "hundreds", *_DOZEN])  # fmt: skip
# A digit token. Branch order matters: grouped forms before plain digits. The lookbehind keeps
# us from starting inside a word or a decimal.
_DIGITS = r"""
    (?<![\w.])
    (?:\d{1,3}(?:,\d{3})++(?!\d)(?:\.\d++)?
      |\d{1,2}(?:,\d\d(?=,))++,\d{3}(?!\d)(?:\.\d++)?
      |\d{1,3}(?:\.\d{3})++,\d++
      |\d{1,3}(?:[\u00a0\u202f\ ]\d{3})++(?![\d,]|\.\d{3})(?:\.\d++)?
      |(?<!\d,)\d{1,3},\d{1,2}(?![\d,])
      |\d++(?:\.\d++)?[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]?
      |\.\d++
      |[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])
    (?:/\d++|[eE][+-]?\d++(?!\w)|\^[+-]*+\d++|x10\^[+-]?\d++)?
"""
_TOKEN = rf"(?:(?P<t>{_DIGITS})|(?P<t>\b(?:{_NUMWORD})\b))"
_JOIN = (
    rf"(?:{_SP}*+-{_SP}*+|{_SP}++(?:(?P<j>and|point|over|out{_SP}+of|in|of){_SP}++)?)"
    rf"(?:(?P<a>an?)(?:{_SP}++|{_SP}*+-{_SP}*+))?"
)
_ARTICLE_START = (
    r"(?P<a>\ban?)(?:\s+|\s*-\s*)(?=(?:hundred|thousand|million|billion|trillion|lakh|crore|dozen|"
    + _alt(_TENS) + "|"
    + _alt([*(o for o in _ORDINALS if o not in ("first", "second")), "half", "quarter"])
    + r")\b)"
)
_NUM = (
    rf"(?P<sign>\b(?:minus|negative){_SP}++|(?<![\w.)\]%-])-{_SP}*+(?=[\d.]))?"
    rf"(?:{_ARTICLE_START})?{_TOKEN}(?:{_JOIN}{_TOKEN})*+"
)

_BRANCHES = {
    "url": r"""(?P<url>\b(?:https?://|www\.)[^\s<>"']++|\bpic\.twitter\.com/\w++|\b[\w.+-]++@[\w-]++\.[\w.]++)""",
    "handle": r"""(?P<handle>(?<![\w@])[@#]\w*+\d\w*+|(?<![\w@])@\w++)""",
    "furniture": r"""(?P<furniture>(?:©|\(c\)|\bcopyright)\s*+\d{4}(?:\s*+[-–]\s*+\d{4})?
       |\b(?:views?|likes?|shares?|comments?|retweets?|replies|followers|reads|page|photos?|images?|
           updated|published|posted|reading\ time)\s*+:\s*+\d[\d,.:]*+(?:\s*+[kKmM]\b)?
       |\b\d{1,3}\s*+min(?:ute)?s?\s++read\b|\bpage\s++\d++\s++of\s++\d++)""",
    "date": rf"""(?P<date>\b\d{{4}}-\d\d-\d\d(?:[T\ ]\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:?\d\d)?)?\b
       |\b(?:1[89]|20)\d\d-(?:0[1-9]|1[0-2])\b(?!-)
       |\b\d{{1,2}}[/.]\d{{1,2}}[/.](?:\d{{4}}|\d\d)\b(?![/.]\d)
       |{_WEEKDAY}?\b{_MONTH_CAP}\s++{_DAYNUM}\b(?!:|\.\d|,\d)(?:,?\s++\d{{4}}\b)?
       |{_WEEKDAY}?\b{_DAYNUM}\s++(?:of\s++)?{_MONTH_CAP}(?:,?\s++\d{{4}}\b)?
       |\b{_MONTH_CAP}\s++(?:of\s++)?\d{{4}}\b)""",
    "time": r"""(?P<time>\b(?:[01]?\d|2[0-3])[:.][0-5]\d(?::[0-5]\d)?
       (?:\s*+(?:[ap]\.m\.|[ap]m\b))?(?<=:..|[mM.])
       |\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d,.]\d)
       |\b(?:1[0-2]|0?\d)\s*+(?:[ap]\.m\.|[ap]m\b))""",
    "phone": r"""(?P<phone>(?<![\w+])\+\d{1,3}(?:[\s.-]?+\(?\d{1,4}\)?){2,5}(?:/\d++)?(?!\d)
       |\(\d{3}\)\s?\d{3}[-.\s]\d{4}\b|\b\d{3}[-.]\d{3}[-.]\d{4}\b)""",
    "id": r"""(?P<id>\b\d{1,3}(?:\.\d{1,3}){2,3}\b(?!\.\d)
       |\b[A-Za-z]++-?\d[\w-]*+
       |\b(?!\d++(?:\.\d++)?[eE][+-]?\d++\b)\d++[A-Za-z]++\d[A-Za-z\d]*+
       |\b[2-6]G\b)""",
    "relative": rf"""(?P<relative>\b(?:{_alt(_RELATIVE)})\b)""",
    "vague": rf"""(?P<vague>\b(?:{_alt(_VAGUE)})\b)""",
    "pct": r"""(?P<pct>(?<![\w%])%|\b(?:percentages?|per\s?cents?|percents?)\b)""",
    "num": rf"""(?P<num>{_NUM})""",
}
_FLAGS = regex.I | regex.X | regex.V0


def _master(*names: str) -> regex.Pattern[str]:
    return regex.compile("|".join(_BRANCHES[n] for n in names), _FLAGS)


# One master per kind of trigger, holding only the branches that can start there: trying branches
# that cannot match costs microseconds per trigger.
_MASTER_DIGIT = _master("furniture", "date", "time", "phone", "id", "num")
_MASTER_WORD = _master("url", "furniture", "date", "relative", "vague", "pct", "num")
_MASTER_SYMBOL = _master("handle", "furniture", "phone", "pct", "num")
# Most triggers are plain digit runs ("1,234 people", "59%"): there only the num branch can match,
# and trying it alone halves the cost of the match. See _only_num for when that holds.
_MASTER_NUM = _master("num")

# What may follow a number (matched at its end) and what may precede it (matched backwards).
_AFTER = regex.compile(
    rf"""
    (?P<ord>(?<=\d)(?:st|nd|rd|th)\b)
   |(?P<decade>(?<=\d\d\d0)'?s\b)
   |(?P<scale>(?<=\d)(?:k|K|M|MM|mm|mn|mln|mil|m|bn|b|B|bln|G|t|tn|tln|trn|T)\b(?!\.\d)
       |{_SP}++(?:k|K|M|MM|mn|mln|bn|bln|G|tln|trn|thousand)\b(?![-'’]))
    """,
    regex.X,
)
_AFTER_UNIT = regex.compile(
    rf"""
    (?P<pct>{_SP}*+(?:%|(?:per{_SP}?cent|percent)(?:ages?|s)?\b|pct\b)(?:{_SP}++(?:percentage{_SP}++)?points?\b)?)
   |(?P<cur>{_SP}++(?:{_alt(_CUR_AFTER)})\b)
   |(?P<age>(?:{_SP}++|-)years?(?:{_SP}++|-)olds?\b|-year-olds?\b|{_SP}++years?{_SP}++of{_SP}++age\b)
   |(?P<dur>(?:{_SP}++|-)(?:{_alt(u + "s" for u in _DURATION_UNITS)}|{_alt(_DURATION_UNITS)})\b(?!-old))
   |(?P<unit>(?<=\d)[A-Za-z]++\b)
    """,
    regex.X | regex.I,
)
_AFTER_HEDGE = regex.compile(
    rf"""(?:{_SP}++(?P<hw>(?:or|and){_SP}++(?:more|greater|higher|above|over|upwards|less|fewer|lower|below|under)
            (?:{_SP}++than)?+|or{_SP}++so|or{_SP}++equal(?:{_SP}++to)?+)\b
            (?!{_SP}++(?:than{_SP}++)?(?:or{_SP}++equal{_SP}++(?:(?:to|than){_SP}++)?)?(?:[-\d.]|(?:{_NUMWORD}|an?|the)\b))
        |(?P<hw>-?plus\b|\+(?!\d)|-odd\b))""",
    regex.X | regex.I,
)
_HEDGE_BEFORE = regex.compile(
    rf"(?ri)(?:(?<!\w)(?P<h>{_alt(h for h in _HEDGES if h[0].isalpha())})(?:{_SP}++the)?"
    rf"|(?<![<>=])(?P<h>{_alt(h for h in _HEDGES if not h[0].isalpha())})){_SP}*+\Z"
)
_CUR_SYMBOLS = frozenset("$€£¥₹₪₽")
_SCALE_INITIALS = frozenset("kKMGbBtTm")
_POSTFIX_STARTS = (" or ", " and ", "-plus", " plus", "+", "-odd", "\u00a0or ", " or\u00a0")
_CUR_BEFORE_RX = regex.compile(rf"(?ri)(?<![\w$])(?P<c>{_alt(_CUR_BEFORE)}){_SP}?+\Z")
_AGE_BEFORE = regex.compile(rf"(?ri)\b(?P<c>aged|age){_SP}++\Z")
_NAME_COMMA = regex.compile(r"(?r)\b\p{Lu}[\p{L}'’.-]*,[ \t]\Z")
_RANGE_START = regex.compile(rf"(?ri)\b(?P<c>between|from){_SP}++(?:the{_SP}++)?\Z")
_CHANGE_VERB = regex.compile(
    r"(?ri)\b(?:rose|risen|rising|rise|fell|fallen|falling|increased?|increasing|decreased?|decreasing|"
    r"grew|grown|dropped|climbed|jumped|cut|raised|lowered|reduced|went|changed|revised|soared|"
    r"plunged|slid|up|down|doubled|tripled|shrank|expanded|moved|upgraded|downgraded)\W++(?:\w++\W++){0,3}\Z"
)
_DETERMINER_BEFORE = regex.compile(
    r"(?ri)\b(?:the|this|that|which|each|every|any|no|another|what|whichever|little|loved|only|last)\s++\Z"
)
_YEAR_PREP = regex.compile(
    r"(?ri)\b(?:in|since|by|from|until|till|to|through|of|during|before|after|early|late|mid|"
    r"year|years|around|circa|spring|summer|autumn|fall|winter|between|and|the|fiscal|class|"
    r"season|election|until)[\s-]++\Z"
)
_COUNT_NEXT = regex.compile(r"[ \t]++(?!(?:and|or|to|the|a|an|as|at|in|on|of|for|was|were|is|are|when|"
                            r"with|by|after|before|but|that|which|while|had|has|have|saw|will|would)\b)"
                            r"\p{Ll}")  # fmt: skip
_RANGE_SEP = regex.compile(
    rf"{_SP}*+(?P<s>-|–|—|~|to|through|thru|and|or)(?:{_SP}++the)?{_SP}*+\Z|{_SP}*+(?P<s>-|–|—|~){_SP}*+\Z",
    regex.I,
)
_BOUND_SEP = regex.compile(rf"{_SP}*+(?:,{_SP}*+)?(?:and|but)?{_SP}*+\Z|{_SP}*+,{_SP}*+\Z", regex.I)
_DECIMAL_COMMA = regex.compile(r"\d{1,3},\d{1,2}")
_NOUN_NEXT = regex.compile(r"[ \t]++(?!of\b|and\b|or\b|percent|per\b)\p{Ll}")
_WORD_NEXT = regex.compile(r"[ \t]*+[\w$€£]")
_TIME_PARTS = regex.compile(r"(\d{1,2})(?:[:.](\d\d))?(?::\d\d)?\s*([ap])?", regex.I)
_WEIGHT_NEXT = regex.compile(r"\s++(?:of|in\s++weight|heavier|lighter)\b")
_DIGIT_RUN = regex.compile(r"\d[\d,]*+")
_COPYRIGHT = regex.compile(r"©|\(c\)|copyright", regex.I)
_ARTICLE_BEFORE = regex.compile(r"(?ri)\b(?:an?|the)[ \t]++\Z")


def _trie(words: object) -> str:
    """A `re` pattern matching any of `words`, factored into a prefix tree: much faster than a flat
    alternation because the engine never tries two branches that start with the same letter."""
    root: dict[str, dict] = {}
    for w in sorted({str(x) for x in words}):  # type: ignore[attr-defined]
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return emit(root)


# Cheap scan for places where a number-like thing may start. Only there is the master pattern tried,
# which keeps the whole at several MB/s: most of a news text never reaches the regex engine.
_TRIGGER_WORDS = {
    *_CARDINALS, *_SCALES, *_ORDINALS, *_DENOMS, *_DOZEN, *_MONTHS, "hundreds", "minus", "negative",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "last", "next",
    "previous", "current", "penultimate", "antepenultimate", "dozens", "thousands", "millions",
    "billions", "tens", "couple", "few", "handful", "several", "scores", "percent", "percents",
    "percentage", "percentages", "per", "copyright", "view", "views", "like", "likes", "share",
    "shares", "comment", "comments", "replies", "followers", "retweets", "reads", "reading", "page",
    "photo", "photos", "image", "images", "updated", "published", "posted", "http", "https", "www",
    "pic", "half", "quarter",
}  # fmt: skip
_TRIGGER_SRC = (
    r"\d+|[@#©%½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]|\(c\)|-[ \t]*(?=[\d.])|\.(?=\d)|\+(?=\d)|\((?=\d)"
    r"|\b" + _trie(_TRIGGER_WORDS) + r"\b"
)
_TRIGGER = re.compile(_TRIGGER_SRC)
_TRIGGER_I = re.compile(_TRIGGER_SRC, re.I)  # when lower-casing would shift offsets
# The same triggers in two faster scans. `re` skips ahead quickly only when a pattern opens with a
# character set, and _TRIGGER opens with an alternation, so its scan tried all of it at every
# character (a third of find_numbers' time). Split: the symbol and digit triggers open with the
# set of their first characters, and are then checked with their own alternation; a trigger word
# opens with the non-word character before it (that is what its `\b` means), so that only word
# starts are tried. A word trigger holds only letters and a symbol or digit trigger none that can
# open a word trigger, so the two lists never overlap and merged they are _TRIGGER's matches.
_SYMBOL_FIRST = re.compile(r"[\d@#©%½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞(.+\-](?:(?<=\d)\d*)?")
_SYMBOL_TRIGGER = re.compile(
    r"\d+|[@#©%½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]|\(c\)|-[ \t]*(?=[\d.])|\.(?=\d)|\+(?=\d)|\((?=\d)"
)
_WORD_TRIGGER = re.compile(r"\W(" + _trie(_TRIGGER_WORDS) + r")\b")


def _triggers(lowered: str) -> list[tuple[int, int, str]]:
    """_TRIGGER's matches in `lowered` as (start, end, text), from the two faster scans."""
    out = []
    end = 0
    for f in _SYMBOL_FIRST.finditer(lowered):
        p = f.start()
        if p >= end:
            t = _SYMBOL_TRIGGER.match(lowered, p)
            if t is not None:
                end = t.end()
                out.append((p, end, t.group()))
    # " " in front: a word at the very start has no character before it
    out += [(w.start(1) - 1, w.end() - 1, w.group(1)) for w in _WORD_TRIGGER.finditer(" " + lowered)]
    out.sort()
    return out
_PCT_OF = regex.compile(rf"{_SP}++of{_SP}++\Z", regex.I)


# ---------------------------------------------------------------- parsing a run of number tokens


@dataclass
class _Num:
    """One number read from a token run, before context is applied."""

    start: int
    end: int
    value: float
    kind: str = "cardinal"  # cardinal | ordinal | fraction
    tail_scale: float = 1.0  # the last scale word ("million"), for "3 to 4 million"
    digits: bool = False  # written as a single digit token
    integer: bool = True
    plain4: bool = False  # four digits, no separators: a year candidate


def _digit_value(s: str) -> tuple[float, bool]:
    """Value of a digit token and whether it is an integer."""
    s = s.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if s[-1] in _VULGAR:
        return (_digit_value(s[:-1])[0] if len(s) > 1 else 0.0) + _VULGAR[s[-1]], False
    if "/" in s:
        a, b = s.split("/", 1)
        return (float(a) / float(b) if float(b) else float(a)), False
    exp = 0.0
    if "^" in s:
        s, e = s.split("^", 1)
        e = e.lstrip("+-") if e.count("-") % 2 == 0 else "-" + e.lstrip("+-")
        if s.lower().endswith("x10"):
            s, exp = s[:-3], float(e)
        else:
            base = _digit_value(s)[0]
            try:
                return base ** float(e), False
            except (OverflowError, ZeroDivisionError):
                return INF, False
    if "," in s and "." in s and s.rfind(",") > s.rfind("."):  # 1.111,11
        s = s.replace(".", "").replace(",", ".")
    elif len(s) <= 6 and _DECIMAL_COMMA.fullmatch(s):  # 1,3 and 5,00: a decimal comma
        s = s.replace(",", ".")
    else:
        s = s.replace(",", "")
    try:
        v = float(s) * 10**exp
    except (ValueError, OverflowError):
        return 0.0, False
    return v, ("." not in s and "e" not in s.lower() and v.is_integer())


def _is_composable(big: float, small: float) -> bool:
    base = 100 if small > 10 else 10
    return big % base == 0 and big // base >= 1


@dataclass
class _Tok:
    start: int
    end: int
    text: str  # lower-cased
    cls: str  # d digit, u unit, t teen, T tens, h hundred, s scale, o ordinal, f plural/denominator,
    # z dozen, a article, j joiner word, - hyphen
    value: float = 0.0
    integer: bool = True


def _classify(start: int, end: int, raw: str) -> _Tok:
    w = raw.lower()
    if w[0] in "0123456789." or w[0] in _VULGAR:
        v, is_int = _digit_value(raw)
        return _Tok(start, end, w, "d", v, is_int)
    if w in _UNITS:
        return _Tok(start, end, w, "u", _UNITS[w])
    if w in _TEENS:
        return _Tok(start, end, w, "t", _TEENS[w])
    if w in _TENS:
        return _Tok(start, end, w, "T", _TENS[w])
    if w in ("hundred", "hundreds"):
        return _Tok(start, end, w, "h", 100)
    if w in _SCALES:
        return _Tok(start, end, w, "s", _SCALES[w])
    if w in _ORDINALS:
        return _Tok(start, end, w, "o", float(_ORDINALS[w]))
    if w in _DENOMS:
        return _Tok(start, end, w, "f", float(_DENOMS[w]))
    if w in _DOZEN:
        return _Tok(start, end, w, "z", 12)
    if w in ("a", "an"):
        return _Tok(start, end, w, "a", 1)
    return _Tok(start, end, " ".join(w.split()), "j")


def _tokens(m: regex.Match[str]) -> list[_Tok]:
    spans = [(s, e, "t") for s, e in m.spans("t")]
    spans += [(s, e, "j") for s, e in m.spans("j")] + [(s, e, "a") for s, e in m.spans("a")]
    spans.sort()
    text = m.string
    toks = []
    prev_end = None
    for s, e, _ in spans:
        if prev_end is not None and "-" in text[prev_end:s]:
            toks.append(_Tok(prev_end, s, "-", "-"))
        toks.append(_classify(s, e, text[s:e]))
        prev_end = e
    return toks


def _int_phrase(toks: list[_Tok], i: int) -> tuple[float, int, float, bool]:
    """Read a cardinal starting at toks[i]: (value, index after it, last scale, integer?); index i if none."""
    n = len(toks)
    total, cur, last_add = 0.0, 0.0, 0.0
    big_scale = INF  # the last scale >= 1000 used, for "one million two thousand"
    prev = ""  # class of the previous token, "" at start, "and" after a joining "and"
    group_h = False  # the current group already has "hundred"
    tail = 1.0
    is_int = True
    j = i
    saved: tuple[float, float, float, int, float, str, bool, float, bool] | None = None
    while j < n:
        t = toks[j]
        c = t.cls
        if c == "-":
            if prev in ("T", "u", "t", "h", "s") and j + 1 < n and toks[j + 1].cls in "utT":
                j += 1  # "twenty-one", "fifty - two"
                continue
            break
        if c == "d":
            if prev not in ("", "s", "and"):
                break
            if prev == "and" and (t.value == 0 or (group_h and t.value >= 100)):
                break
            if prev == "and" and saved is not None and saved[5] == "s":
                break  # "12 billion and 10 trucks": two numbers, not 12,000,000,010
            cur += t.value
            last_add = t.value
            is_int = is_int and t.integer
        elif c == "u":
            if prev not in ("", "T", "h", "s", "and") or (prev == "T" and cur % 10 != 0):
                break
            cur += t.value
            last_add = t.value
        elif c in "tT":
            if prev not in ("", "h", "s", "and"):
                break
            cur += t.value
            last_add = t.value
        elif c == "a":
            if prev != "" or j + 1 >= n or toks[j + 1].cls not in "hsz":
                break
            cur, last_add, prev = 1.0, 1.0, "a"
            j += 1
            continue
        elif c == "h":
            if prev == "" and j + 1 < n and toks[j + 1].cls == "s":
                cur = 1.0  # "hundred thousand"
            elif group_h and saved is not None:
                # "3 hundred and 2 hundred": the second hundred starts a new number
                total, cur, last_add, j, tail, prev, group_h, big_scale, is_int = saved
                break
            elif prev in ("", "and") or group_h or cur <= 0 or cur >= 1000:
                break
            cur *= 100
            last_add = cur
            group_h = True
            tail = 100.0
        elif c == "s":
            if prev in ("", "and") or (cur == 0 and total == 0):
                break
            if total > 0 and cur == 0 and t.value > big_scale:
                total *= t.value  # "three lakh crore"
            elif t.value >= big_scale:
                break
            else:
                total += cur * t.value
            big_scale = t.value
            cur, last_add, group_h = 0.0, 0.0, False
            tail = t.value
        elif c == "z":
            if prev in ("", "and"):
                break
            cur += (last_add or 1.0) * 11  # "three hundred and two dozen": the dozen takes the last part
            last_add = 0.0
            tail = 12.0
        elif c == "j" and t.text == "and" and prev in ("h", "s") and j + 1 < n:
            saved = (total, cur, last_add, j, tail, prev, group_h, big_scale, is_int)
            prev = "and"
            j += 1
            continue
        elif c == "j" and t.text == "point" and prev in ("u", "t", "T", "h", "s") and j + 1 < n:
            # "two hundred point zero three": the words after "point" are digits
            digits = ""
            k = j + 1
            while k < n and toks[k].cls in "utT-":
                tk = toks[k]
                if tk.cls != "-":
                    if tk.cls == "T" and k + 1 < n and toks[k + 1].cls in "u-":
                        nxt = k + 2 if toks[k + 1].cls == "-" else k + 1
                        if nxt < n and toks[nxt].cls == "u":
                            digits += str(int(tk.value + toks[nxt].value))
                            k = nxt + 1
                            continue
                    digits += str(int(tk.value))
                k += 1
            if not digits:
                break
            cur += float("0." + digits)
            is_int = False
            j = k
            prev = "d"
            continue
        else:
            break
        prev = "d" if c == "z" or (c == "d" and not t.integer) else c
        j += 1
    if prev == "and" and saved is not None:
        total, cur, last_add, j, tail, prev, group_h, big_scale, is_int = saved
    while j > i and toks[j - 1].cls == "-":
        j -= 1
    if j == i or prev == "a":
        return 0.0, i, 1.0, True
    return total + cur, j, tail, is_int


def _fraction_value(toks: list[_Tok], i: int, d: int) -> tuple[float, float, float, bool] | None:
    """Read toks[i..d] as a spelled fraction ending in denominator toks[d]; see _fraction_words."""
    return _fraction_words(_fraction_word_list(toks, i, d))


def _fraction_word_list(toks: list[_Tok], i: int, d: int) -> list[tuple[str, float, str]]:
    """The words of toks[i..d], hyphenated compounds ("twenty-fifth", "ninety - five") joined into one."""
    words: list[tuple[str, float, str]] = []  # (text, value, cls)
    k = i
    while k <= d:
        t = toks[k]
        if t.cls == "-":
            k += 1
            continue
        if t.cls == "T" and k + 2 <= d and toks[k + 1].cls == "-" and toks[k + 2].cls in "uof" \
                and toks[k + 2].value < 10:  # fmt: skip
            nxt = toks[k + 2]
            words.append((t.text + "-" + nxt.text, t.value + nxt.value, nxt.cls))
            k += 3
            continue
        words.append((t.text, t.value, t.cls))
        k += 1
    return words


def _fraction_words(words: list[tuple[str, float, str]]) -> tuple[float, float, float, bool] | None:
    """Read words as a spelled fraction (Recognizers' split of numerator and denominator).

    Returns (whole, fraction, scale of the whole's last word, is_fraction); is_fraction False means
    the words make an ordinal ("one hundred twenty fifth", value in `whole`). None: neither.
    """
    if len(words) < 2 or words[-1][2] not in "of":
        return None
    den_word = words[-1]
    n = len(words)
    split = n - 1
    cur = den_word[1]
    round_v = 1.0
    idx = n - 2
    while idx >= 0:
        w = words[idx]
        if w[2] == "j":  # "and"
            idx -= 1
            continue
        prev_v, cur = cur, (1.0 if w[2] == "a" else w[1])
        if (prev_v >= 100 and prev_v > cur) or (prev_v < 100 and _is_composable(cur, prev_v)):
            if prev_v < 100 and cur >= round_v:
                round_v = cur
            elif prev_v < 100 and cur < round_v:
                split = idx + 1
                break
            if idx == 0:
                split = 1
                while split <= n - 2:
                    if words[split][2] != "j" and words[split][1] >= 100 and words[split + 1][2] != "j" \
                            and words[split + 1][1] < 100:  # fmt: skip
                        split += 1
                        break
                    split += 1
                break
            idx -= 1
            continue
        split = idx + 1
        break
    num_words = words[:split]
    if not num_words:
        return None
    if words[split][2] == "j":  # "two and fifty-four hundredths": a whole, then a fraction
        rest = _fraction_words(words[split + 1 :])
        if rest is None or not rest[3] or rest[0]:
            return None
        return _compound_value(num_words), rest[1], 1.0, True
    den = _compound_value(words[split:])
    if not den:
        return None
    # Mixed number: "twenty and three fifths"; the numerator follows the last "and".
    mixed = len(num_words)
    numer = 0.0
    for q in range(len(num_words) - 2, -1, -1):
        if num_words[q][2] == "j":
            numer, mixed = _compound_value(num_words[q + 1 :]), q + 1
            break
    int_words = [w for w in num_words[:mixed] if w[2] != "j"]
    whole = _compound_value(int_words)
    int_scale = int_words[-1][1] if int_words and int_words[-1][2] == "s" else 1.0
    singular = den_word[2] == "o" or den_word[0] in ("half", "quarter")
    if mixed != len(num_words) and numer < den:
        if singular and numer != 1:
            return None
        return whole, numer / den, int_scale, True
    numerator = whole + numer
    if singular and numerator != 1:
        # "one hundred twenty fifth", "three trillionth": an ordinal, not a fraction
        card = _compound_value(words[:-1])
        last = den_word[1]
        return (card * last if last >= 100 and card else card + last), 0.0, 1.0, False
    return 0.0, numerator / den, 1.0, True


def _compound_value(words: list[tuple[str, float, str]]) -> float:
    """Cardinal value of a short list of number words; ordinals count as their cardinal."""
    total, cur = 0.0, 0.0
    for _, v, c in words:
        if c == "j":
            continue
        if c == "a":
            cur = 1.0
        elif v == 100:
            cur = max(cur, 1.0) * 100
        elif v >= 1000:
            total += max(cur, 1.0) * v
            cur = 0.0
        else:
            cur += v
    return total + cur


def _split_run(m: regex.Match[str]) -> list[_Num]:
    """Split one master-regex run of number tokens into numbers."""
    toks = _tokens(m)
    text = m.string
    out: list[_Num] = []
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        if t.cls in "j-":
            i += 1
            continue
        got = _read_number(toks, i, text)
        if got is None:
            if t.text in ("dozens", "hundreds"):
                out.append(_Num(t.start, t.end, 0.0, "vague"))
            i += 1
            continue
        num, i = got
        out.append(num)
    if out and m.group("sign"):
        first = out[0]
        if first.start in (toks[0].start, m.start("a")) and first.kind in ("cardinal", "fraction"):
            first.start = m.start()
            first.value = -first.value
    return out


def _is_bare_first_second(toks: list[_Tok], i: int, d: int) -> bool:
    """ "first"/"second" alone are never denominators ("a second" is a duration)."""
    if toks[d].text not in ("first", "second"):
        return False
    return not (d - 1 >= i and toks[d - 1].cls == "T") and not (
        d - 2 >= i and toks[d - 1].cls == "-" and toks[d - 2].cls == "T"
    )


def _read_number(toks: list[_Tok], i: int, text: str) -> tuple[_Num, int] | None:
    n = len(toks)
    t = toks[i]
    # Spelled fractions and ordinals: words up to a denominator ("two thirds", "twenty-first").
    if t.cls in "utTahof":
        d = i
        while d < n and (toks[d].cls in "utThsa-" or (toks[d].cls == "j" and toks[d].text == "and")):
            if toks[d].cls == "a" and d + 1 < n and toks[d + 1].cls not in "hsofT":
                break
            d += 1
        while d + 2 < n and toks[d].cls in "of" and toks[d + 1].cls == "-" and toks[d + 2].cls in "of":
            d += 2  # "hundred-fifths"
        if d < n and toks[d].cls in "of" and d > i and not _is_bare_first_second(toks, i, d):
            got = _fraction_value(toks, i, d)
            end = toks[d].end
            if got is not None and not got[3]:
                return _Num(t.start, end, got[0], "ordinal"), d + 1
            if got is not None:
                whole, frac, int_scale, _ = got
                # "a third time", "a fourth term": a singular ordinal before a noun is an ordinal
                if toks[d].cls == "o" and toks[d].text not in ("half", "quarter") and whole == 0 \
                        and _NOUN_NEXT.match(text, end):  # fmt: skip
                    return _Num(toks[d].start, end, toks[d].value, "ordinal"), d + 1
                return _with_scale(toks, d + 1, t.start, end, whole, frac, int_scale)
            # "twenty-first", "two hundredth": cardinal words then an ordinal
            if toks[d].cls == "o":
                value, j, _, _ = _int_phrase(toks, i)
                if j == d or (j == d - 1 and toks[j].cls == "-"):
                    last_v = toks[d].value
                    v = value * last_v if last_v >= 100 else value + last_v
                    return _Num(t.start, end, v, "ordinal"), d + 1
    if t.cls == "o":
        return _Num(t.start, t.end, t.value, "ordinal"), i + 1
    if t.cls == "f":
        if t.text in ("half", "quarter") and not (i + 1 < n and toks[i + 1].cls == "-" and t.text == "half"):
            num, k = _with_scale(toks, i + 1, t.start, t.end, 0.0, 1 / t.value, 1.0)
            if t.text == "half" or num.end > t.end:
                return num, k
        return None
    value, j, tail, is_int = _int_phrase(toks, i)
    if j == i:
        return None
    last = toks[j - 1]
    # "2 1/4": a whole and a digit fraction
    if last.cls == "d" and last.integer and j < n and toks[j].cls == "d" and "/" in toks[j].text \
            and toks[j].value < 1 and j == i + 1:  # fmt: skip
        return _Num(t.start, toks[j].end, value + toks[j].value, "fraction", integer=False), j + 1
    # "over", "out of", "in" between two numbers: a ratio when it reads as one.
    if j + 1 < n and toks[j].cls == "j" and toks[j].text in ("over", "out of", "in"):
        v2, k, _, _ = _int_phrase(toks, j + 1)
        if k > j + 1 and v2:
            rest_at = toks[k - 1].end
            word = toks[j].text
            ok = (
                (word == "over" and not _WORD_NEXT.match(text, rest_at))
                or (word == "out of" and value <= v2)
                or (word == "in" and value < v2 and not (toks[k - 1].cls == "d" and 1800 <= v2 <= 2100))
            )
            if ok:
                return _Num(t.start, toks[k - 1].end, value / v2, "fraction", integer=False), k
    num = _Num(t.start, last.end, value, "cardinal", tail, integer=is_int)
    if j - i == 1 and t.cls == "d":
        num.digits = True
        raw = text[t.start : t.end]
        num.plain4 = len(raw) == 4 and raw.isdigit()
        if "/" in raw and not _good_fraction(raw):
            num.kind = "id"  # "9/11", "24/7"
        elif "/" in raw or raw[-1] in _VULGAR:
            num.kind = "fraction"
    # "and a half", "and three quarters": a mixed number.
    if j + 2 < n and toks[j].cls == "j" and toks[j].text == "and":
        d = j + 1
        while d < n and toks[d].cls in "utTa-":
            d += 1
        if d < n and toks[d].cls in "of" and d > j + 1:
            got = _fraction_value(toks, j + 1, d)
            if got is not None and got[3] and got[0] == 0 and got[1] < 1:
                return _with_scale(toks, d + 1, t.start, toks[d].end, value, got[1], tail)
    return num, j


def _good_fraction(raw: str) -> bool:
    a, _, b = raw.lstrip("-").partition("/")
    return a.isdigit() and b.isdigit() and int(a) < int(b) and int(b) in _FRACTION_DENOMS


def _with_scale(toks: list[_Tok], k: int, start: int, end: int, whole: float, frac: float,
                int_scale: float) -> tuple[_Num, int]:  # fmt: skip
    """A whole and a fraction, then maybe a scale: "half a million", "one billion and a half million",
    "two thirds of a million", "three million and a quarter" (a share of the million)."""
    n = len(toks)
    j = k
    while j < n and (toks[j].cls in "a-" or (toks[j].cls == "j" and toks[j].text == "of")):
        j += 1
    if j < n and toks[j].cls in "sz" and not (j + 1 < n and toks[j + 1].cls == "s"):
        mult = toks[j].value
        value = whole + frac * mult if whole >= mult else (whole + frac) * mult
        return _Num(start, toks[j].end, value, "cardinal", mult, integer=value.is_integer()), j + 1
    if whole and int_scale >= 1000:
        return _Num(start, end, whole + frac * int_scale, "cardinal", int_scale, integer=False), k
    kind = "fraction" if frac else "cardinal"
    return _Num(start, end, whole + frac, kind, 1.0, integer=not frac), k


# ---------------------------------------------------------------- context


@dataclass
class _Item:
    """A number with its context, on its way to becoming a NumberMention."""

    start: int
    end: int
    value: float
    kind: str
    num_start: int
    num_end: int
    tail_scale: float = 1.0
    integer: bool = True
    plain4: bool = False
    unit: str | None = None
    hedge: str | None = None
    htype: str | None = None
    post: str | None = None  # postfix hedge type
    tags: tuple[str, ...] = ()
    scale_word: bool = False
    done: NumberMention | None = None  # a special (date, url, ...) already built


def _special(kind: str, s: int, e: int, text: str, value: float | None = None,
             tags: tuple[str, ...] = (), bounds: tuple[float, float] | None = None) -> _Item:  # fmt: skip
    lo, hi = bounds or ((value, value) if value is not None else (-INF, INF))
    mention = NumberMention(s, e, text[s:e], value, lo, hi, kind=kind, tags=tags)
    return _Item(s, e, 0.0, kind, s, e, done=mention)


def _time_value(s: str) -> float | None:
    m = _TIME_PARTS.match(s)
    if not m:
        return None
    h = int(m[1]) % 24
    if m[3] and m[3].lower() == "p" and h < 12:
        h += 12
    if m[3] and m[3].lower() == "a" and h == 12:
        h = 0
    return h + (int(m[2]) / 60 if m[2] else 0.0)


def _attach(text: str, num: _Num, floor: int) -> _Item:
    """Give a bare number its suffixes (scale, unit, percent, currency) and prefixes (hedge, currency)."""
    it = _Item(num.start, num.end, num.value, num.kind, num.start, num.end, num.tail_scale, num.integer,
               num.plain4)  # fmt: skip
    end = num.end
    n = len(text)
    cur_before = None
    cm = None
    before = text[max(floor, num.start - 4) : num.start]
    if before and (before[-1] in _CUR_SYMBOLS or before.rstrip()[-1:].isalpha()):
        cm = _CUR_BEFORE_RX.search(text, max(floor, num.start - 6), num.start)
    if cm and num.kind != "ordinal":
        cur_before = _CUR_BEFORE["".join(cm["c"].lower().split())]
        it.start = cm.start()
    nxt = text[end : end + 2]
    am = None
    spaced_scale = nxt[:1] in (" ", "\t", "\u00a0", "\u202f") and \
        text[end : end + 4].lstrip()[:1] in _SCALE_INITIALS
    if nxt and (nxt[0].isalpha() or nxt[0] == "'" or spaced_scale):
        am = _AFTER.match(text, end)
    if am:
        g = am.lastgroup
        if g == "ord" and num.digits and num.integer:
            it.kind, it.end = "ordinal", am.end()
        elif g == "decade" and num.plain4:
            it.kind, it.end, it.tags = "year", am.end(), ("decade",)
            it.done = NumberMention(it.start, am.end(), text[it.start : am.end()], None, num.value,
                                    num.value + 9, kind="year", tags=("decade",))  # fmt: skip
            return it
        elif g == "scale" and num.kind == "cardinal":
            word = am[0].strip()
            key = word.lower()
            attached = not am[0][0].isspace()
            if word in ("m", "t") and cur_before is None:
                key = ""  # metres, tonnes
            if word == "mm" and attached and cur_before is None:
                key = ""  # millimetres
            if key and key in _SUFFIX_SCALES and (attached or word != "m"):
                it.value *= _SUFFIX_SCALES[key]
                it.tail_scale = _SUFFIX_SCALES[key]
                it.end = am.end()
                it.scale_word = True
                it.integer = it.value.is_integer()
    end = it.end
    um = _AFTER_UNIT.match(text, end) if end < n else None
    if um and it.kind in ("cardinal", "fraction"):
        g = um.lastgroup
        if g == "pct":
            it.kind, it.unit, it.end = "percent", "%", um.end()
            if um[0].lower().endswith(("point", "points")):
                it.tags = ("points",)
        elif g == "cur" and not (cur_before is None and um[0].strip().lower() in ("pound", "pounds")
                                 and _looks_weight(text, um.end())):  # fmt: skip
            it.kind, it.unit, it.end = "money", _CUR_AFTER[" ".join(um[0].lower().split())], um.end()
        elif g == "age":
            it.kind, it.unit, it.end = "age", "year", um.end()
        elif g == "dur":
            word = um[0].strip(" -\t\u00a0\u202f").lower()
            word = word[:-1] if word.endswith("s") and word[:-1] in _DURATION_UNITS else word
            word = "centurie" if word == "centuries" else word
            it.kind, it.unit, it.end = "duration", _DURATION_UNITS.get(word, word), um.end()
        elif g == "unit" and it.end == num.end:
            it.unit, it.end = um[0].lower(), um.end()
    if cur_before and it.kind in ("cardinal", "fraction"):
        it.kind, it.unit = "money", cur_before
    # age: "aged 80", "Jane Doe, 71,"
    if it.kind == "cardinal" and num.integer and 0 < it.value < 130:
        am2 = None
        if "age" in text[max(floor, it.start - 6) : it.start].lower():
            am2 = _AGE_BEFORE.search(text, max(floor, it.start - 5), it.start)
        if am2:
            it.kind, it.unit, it.start = "age", "year", am2.start()
        elif text.startswith(",", it.end) and text[max(0, it.start - 2) : it.start] == ", " and \
                _NAME_COMMA.search(text, max(floor, it.start - 40), it.start):  # fmt: skip
            it.kind, it.unit = "age", "year"
    # postfix hedge: "500 or more", "50-plus"
    hm = None
    if text.startswith(_POSTFIX_STARTS, it.end):
        hm = _AFTER_HEDGE.match(text, it.end)
    if hm:
        w = " ".join(hm["hw"].lower().split())
        if w.startswith("or equal"):
            it.post = "orequal"
        elif w in ("or so", "-odd"):
            it.post = "approx"
        elif any(x in w for x in ("more", "greater", "higher", "above", "over", "upwards", "plus", "+")):
            it.post = "ge"
        else:
            it.post = "le"
        it.tags = (*it.tags, "postfix:" + w)
        it.end = hm.end()
    # hedge before
    hb = _HEDGE_BEFORE.search(text, max(floor, it.start - 40), it.start)
    particle = hb is not None and hb["h"].lower() in ("over", "above")
    if particle and _PHRASAL_OVER.search(text, max(floor, hb.start() - 12), hb.start()):
        hb = None  # "handed over 12 captives", "took over 300 villages": a verb particle, not a bound
    if hb:
        phrase = " ".join(hb["h"].lower().split())
        it.hedge, it.htype, it.start = phrase, _HEDGES[phrase], hb.start()
    return it


_PHRASAL_OVER = regex.compile(
    r"\b(?:hand(?:s|ed|ing)?|turn(?:s|ed|ing)?|t(?:ake|akes|ook|aken|aking)|pass(?:es|ed|ing)?|"
    r"sign(?:s|ed|ing)?|g(?:ive|ives|ave|iven|iving)|carr(?:y|ies|ied|ying)|win(?:s|ning)?|won|"
    r"flown|fl(?:y|ies|ew|ying)|brought|bring(?:s|ing)?)\s+$",
    regex.IGNORECASE,
)


def _looks_weight(text: str, pos: int) -> bool:
    return bool(_WEIGHT_NEXT.match(text, pos))


def _is_year(text: str, it: _Item) -> bool:
    if it.kind != "cardinal" or not it.plain4 or it.hedge or it.unit:
        return False
    if not 1800 <= it.value <= 2100:
        return False
    before = _YEAR_PREP.search(text, max(0, it.start - 12), it.start)
    if before:
        return True
    return not _COUNT_NEXT.match(text, it.end)


def _interval(it: _Item) -> tuple[float | None, float, float, bool, bool]:
    """(value, low, high, low_inclusive, high_inclusive) of a single number with its hedges."""
    v = it.value
    htype = it.htype
    if it.post in ("ge", "le", "approx") and htype in (None, "eq", "approx"):
        htype = it.post
    if it.post == "orequal" and htype in ("gt", "lt"):
        htype = "ge" if htype == "gt" else "le"
    floor = 0.0 if v > 0 else -INF
    if htype == "gt":
        return None, v, INF, False, True
    if htype == "ge":
        return None, v, INF, True, True
    if htype == "lt":
        return None, floor, v, True, False
    if htype == "le":
        return None, floor, v, True, True
    if htype == "near" and v > 0:
        return v, 0.9 * v, v, True, False
    return v, v, v, True, True


def _mention(text: str, it: _Item) -> NumberMention:
    if it.done is not None:
        return it.done
    value, lo, hi, li, hi_inc = _interval(it)
    hedge = it.hedge
    if it.post and it.post != "orequal":
        post = [t[8:] for t in it.tags if t.startswith("postfix:")]
        hedge = (hedge + " ... " if hedge else "") + (post[0] if post else "")
    tags = tuple(t for t in it.tags if not t.startswith("postfix:"))
    return NumberMention(it.start, it.end, text[it.start : it.end], value, lo, hi, li, hi_inc, it.kind,
                         hedge, it.unit, tags)  # fmt: skip


def _combine(text: str, items: list[_Item]) -> list[NumberMention]:
    """Join neighbours into ranges, alternatives and two-sided bounds, then build mentions."""
    out: list[NumberMention] = []
    i = 0
    n = len(items)
    while i < n:
        a = items[i]
        b = items[i + 1] if i + 1 < n else None
        if a.done is None and b is not None and b.done is None:
            merged = _try_range(text, a, b) or _try_bounds(text, a, b)
            if merged is not None:
                out.append(merged)
                i += 2
                continue
        out.append(_mention(text, a))
        i += 1
    return out


_RANGE_KINDS = {"cardinal", "money", "percent", "ordinal", "fraction", "age", "duration", "year"}


def _try_range(text: str, a: _Item, b: _Item) -> NumberMention | None:
    if a.htype in _UPPER_BOUND or b.hedge or a.post or a.kind not in _RANGE_KINDS:
        return None
    if b.kind not in _RANGE_KINDS:
        return None
    between = text[a.end : b.start]
    if len(between) > 12:
        return None
    sm = _RANGE_SEP.match(between)
    if not sm or sm.end() != len(between):
        return None
    sep = sm["s"].lower()
    if sep in ("-", "~") and not (text[a.num_end - 1].isdigit() and text[b.num_start].isdigit()):
        return None  # "three-nought-four" is a sequence, not a range
    start = a.start
    rs = _RANGE_START.search(text, max(0, a.start - 14), a.start)
    if sep == "and" and not (rs and rs["c"].lower() == "between"):
        return None
    if sep in ("to", "through", "thru") and _CHANGE_VERB.search(text, max(0, start - 60),
                                                                  rs.start() if rs else start):
        return None  # "rose from 200 to 300" is a change, not a range
    if rs and sep not in ("-", "–", "—", "~", "or"):
        start = rs.start()
    lo_v, hi_v = a.value, b.value
    kind_a = a.kind
    years = a.plain4 and 1800 <= a.value <= 2100 and (b.plain4 or (sep in "-–" and b.value < 100))
    if years and b.value < 100 and not b.plain4:
        hi_v = a.value - a.value % 100 + b.value  # "2023-24"
    if a.kind == "cardinal" and b.kind != "cardinal" and b.kind in ("money", "percent", "age", "duration"):
        kind_a = b.kind
    if a.unit is None and b.unit is not None and a.kind == "cardinal":
        pass
    elif a.unit != b.unit and b.unit is not None and a.unit is not None:
        return None
    if kind_a != b.kind and not years and len({kind_a, b.kind} - {"cardinal"}) > 1:
        return None
    if (b.scale_word or b.tail_scale > 1) and not a.scale_word and a.tail_scale == 1.0 \
            and lo_v < hi_v / b.tail_scale:  # fmt: skip
        lo_v *= b.tail_scale  # "between 3 and 4 million"
    if sep == "or":
        if not (a.integer and b.integer and lo_v < hi_v <= 2 * lo_v + 2 and a.htype is None):
            return None
    elif not lo_v < hi_v:
        return None
    unit = a.unit or b.unit
    kind = "year" if years else "range"
    tags: tuple[str, ...] = ("alternative",) if sep == "or" else ()
    if kind_a in ("ordinal",):
        tags = (*tags, "ordinal")
    hedge = a.hedge if a.htype in ("approx", "near", "eq") else None
    end = b.end
    return NumberMention(start, end, text[start:end], None, lo_v, hi_v, True, True, kind, hedge, unit, tags)


def _try_bounds(text: str, a: _Item, b: _Item) -> NumberMention | None:
    """ "more than 10 and less than 20", "at most 100 and at least 20": one two-sided interval."""
    if not a.htype or not b.htype:
        return None
    pair = {a.htype, b.htype}
    if not (pair & _LOWER_BOUND and pair & _UPPER_BOUND):
        return None
    between = text[a.end : b.start]
    if len(between) > 10 or not _BOUND_SEP.match(between):
        return None
    ia, ib = _interval(a), _interval(b)
    lower, upper = (ia, ib) if a.htype in _LOWER_BOUND else (ib, ia)
    if not lower[1] < upper[2]:
        return None
    unit = a.unit or b.unit
    return NumberMention(a.start, b.end, text[a.start : b.end], None, lower[1], upper[2], lower[3], upper[4],
                         "range", f"{a.hedge} ... {b.hedge}", unit, ())  # fmt: skip


# ---------------------------------------------------------------- entry point


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text`, sorted by start and non-overlapping, as a typed interval."""
    if not isinstance(text, str) or not text:
        return []
    items: list[_Item] = []
    consumed = 0  # text before this offset belongs to an earlier item
    lowered = text.lower()
    if len(lowered) == len(text):
        triggers = _triggers(lowered)
    else:  # lower-casing shifted offsets ("İ"): the case-blind scan of the text itself
        triggers = [(t.start(), t.end(), t.group()) for t in _TRIGGER_I.finditer(text)]
    for p, t_end, trig in triggers:
        if p < consumed:
            continue
        m = None
        if trig[0] in _ASCII_DIGITS and (not p or not (text[p - 1].isalpha() or text[p - 1] == "-")) \
                and _only_num(text, t_end, len(trig)):  # fmt: skip
            m = _MASTER_NUM.match(text, p, timeout=_TIMEOUT)
        else:
            for q in _starts(text, p, trig):
                if q >= consumed:
                    c = text[q]
                    master = _MASTER_DIGIT if c.isdigit() or (q < p and trig[0].isdigit()) else (
                        _MASTER_WORD if c.isalpha() else _MASTER_SYMBOL)  # fmt: skip
                    m = master.match(text, q, timeout=_TIMEOUT)
                    if m:
                        break
        if m is None:
            continue
        consumed = _take(text, m, items, consumed)
    _merge_percent_of(text, items)
    return _combine(text, items)


_ASCII_DIGITS = frozenset("0123456789")
# After a digit run, characters that no branch of _MASTER_DIGIT but num can go on with: dates,
# times, phones and ids need one of -/.: or a letter next, "5 min read", "5 pm" and "5 March" a
# space.
_ONLY_NUM_AFTER = frozenset(",%;)!?\"'’”")


def _only_num(text: str, end: int, run: int) -> bool:
    """True when, at a digit run of length `run` ending at `end`, only the num branch of
    _MASTER_DIGIT can match, so that _MASTER_NUM gives the same match. Conservative: False sends
    the trigger through the full master."""
    if end >= len(text):
        return True
    c = text[end]
    if c in _ONLY_NUM_AFTER:
        return True
    if c != " ":
        return False
    if run > 3:  # "5 min read", "5 pm", "5 March", "5th of May" all have at most three digits
        return True
    # "12 people", "12 000": what follows the space rules out "min", "am"/"pm", "of", a month
    nxt = text[end + 1 : end + 2]
    if nxt in _ASCII_DIGITS:
        return True
    if not "a" <= nxt <= "z":
        return False  # capitals ("5 March", "5 PM"), more spaces, ...
    if nxt in "ap":
        return text[end + 2 : end + 3] not in ("m", "M", ".", "")
    if nxt == "m":
        return text[end + 1 : end + 4].lower() != "min"
    if nxt == "o":
        return text[end + 1 : end + 3].lower() != "of"
    return True


def _starts(text: str, p: int, trig: str) -> list[int]:
    """Where a match around trigger `p` may begin: an article or "the" before a number word, the
    start of a word that ends in digits ("MH17"), or the trigger itself."""
    out = []
    if trig[0].isalpha():
        bm = _ARTICLE_BEFORE.search(text, max(0, p - 5), p)
        if bm:
            out.append(bm.start())
    elif trig[0].isdigit() and p and (text[p - 1].isalpha() or text[p - 1] == "-"):
        q = p - 1
        while q > 0 and (text[q - 1].isalnum() or text[q - 1] == "-") and p - q < 40:
            q -= 1
        out.append(q)
    out.append(p)
    return out


def _take(text: str, m: regex.Match[str], items: list[_Item], consumed: int) -> int:
    """Turn one master-pattern match into items; returns the new end of consumed text."""
    s, e = m.span()
    g = m.lastgroup
    if g == "num":
        for num in _split_run(m):
            if num.start < consumed:
                continue
            if num.kind == "vague":
                phrase = text[num.start : num.end].lower()
                lo, hi = _VAGUE[phrase]
                items.append(_special("vague", num.start, num.end, text, None, ("vague",), (lo, hi)))
                consumed = num.end
                continue
            if num.kind == "id":
                items.append(_special("id", num.start, num.end, text))
                consumed = num.end
                continue
            if num.kind == "cardinal" and text[num.start : num.end].lower() == "one" and \
                    _DETERMINER_BEFORE.search(text, max(0, num.start - 12), num.start):  # fmt: skip
                continue  # "the one", "which one": a pronoun
            it = _attach(text, num, consumed)
            if it.start < consumed:  # a hedge word that an earlier number already used
                it.start, it.hedge, it.htype = num.start, None, None
            if it.done is None and _is_year(text, it):
                it.kind = "year"
                it.done = NumberMention(it.start, it.end, text[it.start : it.end], it.value, it.value,
                                        it.value, kind="year")  # fmt: skip
            items.append(it)
            consumed = it.end
        return consumed
    if g == "url":
        e = s + len(m[0].rstrip(".,;:!?)]}'\""))
        items.append(_special("url", s, e, text))
    elif g == "furniture":
        digits = _DIGIT_RUN.findall(m[0])
        v = _digit_value(digits[0])[0] if len(digits) == 1 and not _COPYRIGHT.match(m[0]) else None
        items.append(_special("furniture", s, e, text, v))
    elif g == "time":
        items.append(_special("time", s, e, text, _time_value(m[0])))
    elif g == "relative":
        phrase = " ".join(m[0].lower().split())
        items.append(_special("ordinal", s, e, text, None, ("relative", _RELATIVE[phrase])))
    elif g == "vague":
        phrase = " ".join(m[0].lower().split())
        if phrase == "scores" and not text.startswith(" of", e):
            return consumed  # "scores" is usually a verb or a result
        items.append(_special("vague", s, e, text, None, ("vague",), _VAGUE[phrase]))
    elif g == "pct":
        items.append(_special("percent", s, e, text, None, ("bare",)))
    else:  # handle, date, phone, id
        items.append(_special(str(g), s, e, text))
    return items[-1].end


def _merge_percent_of(text: str, items: list[_Item]) -> None:
    """ "percent of 10", "per cent of twenty-two": a percent written before its number."""
    for k in range(len(items) - 1):
        a, b = items[k], items[k + 1]
        if a.done is not None and "bare" in a.done.tags and b.done is None and b.kind == "cardinal" \
                and not b.hedge and _PCT_OF.match(text[a.end : b.start]):  # fmt: skip
            b.start, b.kind, b.unit = a.start, "percent", "%"
            items[k] = _Item(a.start, a.start, 0.0, "gone", a.start, a.start)
    items[:] = [x for x in items if x.kind != "gone"]


APPROX_WIDTH = 0.1  # "about 240" admits 216..264: news rounds to about a tenth


def approx_tolerance(hedge: str | None) -> float:
    """The relative half-width an approximate hedge gives a figure ("about", "in the region of"); 0 otherwise."""
    if not hedge:
        return 0.0
    return APPROX_WIDTH if _HEDGES.get(hedge.lower().split(" ... ")[0]) in ("approx", "near") else 0.0
