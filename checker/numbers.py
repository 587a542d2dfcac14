"""Every number in an English news text, as a typed interval with its hedge and kind."""

# How it works. A cheap `re` scan finds trigger points (digits, number words, month names, a few
# symbols); only there is a master regex tried (linear: every repetition is possessive or
# bounded). Its early branches claim things that contain digits but are not
# quantities (urls, handles, dates, times, phone numbers, ids, page furniture) so that later
# steps never count them. Its last branch matches a run of number tokens (digits and number
# words with their joiners); a small parser splits the run into numbers (cardinals, ordinals,
# fractions). Each number then takes what sits around it: a scale or unit suffix, a currency,
# a hedge before ("more than") or after ("or more"), and neighbouring numbers join into ranges
# ("between 20 and 30", "10-12", "11 or 12"); a figure written twice ("ten (10)") is one.
#
# Interval conventions (DESIGN §3), N the number as written; the hedges and their widths w are the
# table in numbers.yaml, shared with comparison (approx_tolerance, hedge_info):
#   plain, "exactly", "equal to"        [N, N]
#   "about", "around", "some", ...      [N, N], hedge kept: comparison widens by approx_tolerance
#   "nearly", "almost", "close to"      [(1-w)N, N), value N (w = 0.1)
#   "N-odd"                             [N, N + the place of N's last non-zero digit), value N
#   "more than", "over", "above"        (N, inf)        "at least", "no fewer than", "N or more"  [N, inf)
#   "fewer than", "under", "below"      [0, N)          "up to", "as many as", "at most"        [0, N]
#   (upper bounds start at -inf instead of 0 when N <= 0)
#   "between A and B", "A-B", "A to B"  [A, B] kind range; "A or B" [A, B] tagged "alternative"
#   vague words ("dozens", "hundreds of") an interval, kind vague, value None.
# Dates, times, urls, handles, phones, ids and furniture carry value None and (-inf, inf), except
# that years keep their number, times their hour as a decimal and furniture its count.

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

import regex

from checker.models import INF, NumberMention
from checker.rulecache import compile_pattern as _compiled  # module patterns from the cache: ~30 ms a start

__all__ = ["Hedge", "NumberMention", "approx_tolerance", "find_numbers", "hedge_info"]

_TIMEOUT = 10.0  # seconds per regex call; a safety net only, the patterns are linear

# ---------------------------------------------------------------- lexicons

_UNITS = {
    "zero": 0, "nought": 0, "naught": 0, "nil": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6,
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
# Scales, with the plurals that follow a number ("three billions", "two lakhs") and the lakh and
# crore of South Asian English in their common spellings ("Rs 5 lac", "Rs 500 cr").
_SCALES = {
    "hundred": 100.0, "thousand": 1e3, "thousands": 1e3, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5,
    "lacs": 1e5, "lkh": 1e5, "lkhs": 1e5, "million": 1e6, "millions": 1e6, "crore": 1e7,
    "crores": 1e7, "cr": 1e7, "krore": 1e7, "krores": 1e7, "koti": 1e7, "billion": 1e9, "billions": 1e9,
    "trillion": 1e12, "trillions": 1e12,
}  # fmt: skip
# Plural scales read as a multiplier only after a number and not before "of" ("three billions"
# but "thousands of people"); alone they are vague quantities.
_PLURAL_SCALES = frozenset(w for w in _SCALES if w.endswith("s") and w != "lkhs")
_DECIMALS_RX = _compiled(r"\.\d\d")
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
# Units of measure that "a"/"an" counts as one: "a mile from the scene", "about a gallon". Time
# units are left out ("a year ago", "twice a day" are not amounts), and so are units that are
# mostly something else ("a yard" behind a house, "a ton of work").
_ARTICLE_UNITS = {
    "mile", "kilometre", "kilometer", "metre", "meter", "foot", "inch", "gallon", "litre", "liter",
    "pint", "ounce", "tonne", "kilo", "kilogram", "gram", "acre", "hectare", "barrel", "penny",
    "cent", "dollar", "euro", "square mile", "square kilometre", "square kilometer", "square metre",
    "square meter", "square foot", "cubic metre", "cubic meter", "byte", "kilobyte", "megabyte",
    "gigabyte", "terabyte", "petabyte", "kibibyte", "mebibyte", "gibibyte", "tebibyte",
}  # fmt: skip
# Nouns that count a fixed number after "a": "a pair of" 2, "a score of" 20 (dozen is above).
_GROUP_NOUNS = {"pair": 2.0, "score": 20.0}
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
    "inr": "INR", "rs": "INR", "rs.": "INR", "$us": "USD", "euro": "EUR",
    "₪": "ILS", "ils": "ILS", "nis": "ILS", "chf": "CHF",
    "₽": "RUB", "rub": "RUB",
    # East and West African, South and South-East Asian press: "KSh 640 million", "Sh4 billion", "₦5m", "Tk 50 crore"
    "ksh": "KES", "kshs": "KES", "kes": "KES", "sh": "KES", "shs": "KES", "tsh": "TZS", "tzs": "TZS",
    "ush": "UGX", "ugx": "UGX", "₦": "NGN", "ngn": "NGN", "zar": "ZAR", "ghs": "GHS", "gh¢": "GHS", "gh₵": "GHS",
    "npr": "NPR", "nrs": "NPR", "pkr": "PKR", "tk": "BDT", "bdt": "BDT", "৳": "BDT", "₱": "PHP", "php": "PHP",
    "rp": "IDR", "idr": "IDR", "₩": "KRW", "krw": "KRW", "₺": "TRY", "₫": "VND", "aed": "AED", "lkr": "LKR",
    "mxn": "MXN", "brl": "BRL", "aud": "AUD", "cad": "CAD", "nzd": "NZD", "sgd": "SGD", "hkd": "HKD",
}  # fmt: skip
_CUR_AFTER = {
    "us dollars": "USD", "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
    "pounds sterling": "GBP", "pounds": "GBP", "pound": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupees": "INR", "rupee": "INR", "shekels": "ILS", "shekel": "ILS",
    "francs": "CHF", "roubles": "RUB", "rubles": "RUB", "usd": "USD", "eur": "EUR", "gbp": "GBP",
    "nis": "ILS", "ils": "ILS", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "chf": "CHF", "jpy": "JPY",
    "naira": "NGN", "rand": "ZAR", "cedis": "GHS", "cedi": "GHS", "shillings": "KES", "taka": "BDT",
    "ringgit": "MYR", "rupiah": "IDR", "baht": "THB", "dirhams": "AED", "dirham": "AED", "riyals": "SAR",
    "riyal": "SAR", "kes": "KES", "ngn": "NGN", "zar": "ZAR", "inr": "INR", "npr": "NPR", "pkr": "PKR",
}  # fmt: skip

# Scales written right after digits: "12k", "$3.7bn", "10 bln". Lower-case m/t are metres and
# tonnes unless a currency comes first ("€5m").
_SUFFIX_SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "b": 1e9,
    "bn": 1e9, "bln": 1e9, "g": 1e9, "t": 1e12, "tn": 1e12, "tln": 1e12, "trn": 1e12,
}  # fmt: skip

# Hedges live in numbers.yaml, the one table that find_numbers and comparison share; loaded on
# first use (see _hedges).
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
# "several hundred", "a few thousand", "a couple of million": the vague word times the scale
for _q in ("several", "a few", "a couple of", "a couple"):
    for _w, _scale in (("dozen", 12.0), ("hundred", 100.0), ("thousand", 1e3), ("hundred thousand", 1e5),
                       ("hundred million", 1e8), ("hundred billion", 1e11),
                       ("million", 1e6), ("billion", 1e9)):  # fmt: skip
        _VAGUE[f"{_q} {_w}"] = (_VAGUE[_q.removesuffix(" of")][0] * _scale, _VAGUE[_q.removesuffix(" of")][1] * _scale)

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


def _trie(words: object, space: str | None = None) -> str:
    """A `re` pattern matching any of `words`, factored into a prefix tree: much faster than a flat
    alternation because the engine never tries two branches that start with the same letter.
    Greedy optional tails make the longest word that fits match first."""
    root: dict[str, dict] = {}
    for w in sorted({str(x) for x in words}):  # type: ignore[attr-defined]
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [(space if ch == " " and space else re.escape(ch)) + emit(child)
                for ch, child in sorted(node.items()) if ch]  # fmt: skip
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return emit(root)


def _alt_flat(words: object) -> str:
    """The same set as _alt as a flat alternation, longest first: for patterns matched backwards
    ((?r)), where a prefix tree would let "below" win over "just below"."""
    items = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))  # type: ignore[attr-defined]
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in items)


def _alt(words: object) -> str:
    """A regex matching any of the literal phrases, the longest that fits first; a space in a phrase
    matches any run of spaces. Factored into a prefix tree (see _trie): a flat alternation of a few
    hundred words costs the regex engine microseconds at every word it is tried on."""
    return _trie(words, space=r"\s+")


# ---------------------------------------------------------------- the hedge table


@dataclass(frozen=True)
class Hedge:
    """One hedge phrase of numbers.yaml: its type (gt ge lt le eq approx near odd) and relative width."""

    phrase: str
    type: str
    width: float
    after: bool  # written after the number ("or more")


_HEDGE_TYPES = {"gt", "ge", "lt", "le", "eq", "approx", "near", "above", "odd"}


@dataclass(frozen=True)
class _HedgeTables:
    before: dict[str, Hedge]
    after: dict[str, Hedge]
    before_rx: regex.Pattern[str]
    after_rx: regex.Pattern[str]
    last_words: frozenset[str]  # the last word of every hedge written before a number, and "the"


@cache
def _hedges() -> _HedgeTables:
    """numbers.yaml read once, with the two patterns built from it (from the rules cache when it has them)."""
    from checker import rulecache

    path = Path(__file__).with_name("numbers.yaml")
    return rulecache.cached("hedges", rulecache.files_key(str(path), [path]), lambda: _read_hedges(path), _HedgeTables)


def _read_hedges(path: Path) -> _HedgeTables:
    from ruamel.yaml import YAML  # lazy: `claimcheck --help` never pays for it

    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    before: dict[str, Hedge] = {}
    after: dict[str, Hedge] = {}
    for group, spec in data["hedges"].items():
        htype = spec.get("type", group)
        if htype not in _HEDGE_TYPES:
            raise ValueError(f"numbers.yaml: hedge group {group!r} has unknown type {htype!r}")
        width = float(spec.get("width", 0))
        for p in spec.get("phrases") or []:
            before[p] = Hedge(p, htype, width, False)
        for p in spec.get("after") or []:
            after[p] = Hedge(p, htype, width, True)
    words = [h for h in before if h[0].isalpha()]
    symbols = [h for h in before if not h[0].isalpha()]
    before_rx = regex.compile(
        rf"(?ri)(?:(?<!\w)(?P<h>{_alt_flat(words)})(?:{_SP}++the)?"
        rf"|(?<![<>=])(?P<h>{_alt_flat(symbols)})){_SP}*+\Z"
    )
    spaced = [h for h in after if h[0].isalpha()]
    glued = [h for h in after if not h[0].isalpha()]
    glued_alt = "|".join(regex.escape(g) for g in sorted(glued, key=len, reverse=True))
    # A spaced hedge must not be the start of a bound on the next number: "5 or more than 7".
    after_rx = regex.compile(
        rf"""(?:{_SP}++(?P<hw>(?:{_alt(spaced)})(?:{_SP}++than)?+|or{_SP}++equal(?:{_SP}++to)?+)\b
            (?!{_SP}++(?:than{_SP}++)?(?:or{_SP}++equal{_SP}++(?:(?:to|than){_SP}++)?)?(?:[-\d.]|(?:{_NUMWORD}|an?|the)\b))
        |(?P<hw>(?:{glued_alt})(?:(?<=[a-z])\b|(?<=\+)(?!\d))))""",
        regex.X | regex.I,
    )
    last = frozenset([*(h.split()[-1] for h in words), "the"])
    return _HedgeTables(before, after, before_rx, after_rx, last)


_BLANKS = " \t\u00a0\u202f"


def _may_end_hedge(text: str, lo: int, end: int, tables: _HedgeTables) -> bool:
    """Whether text[lo:end] can end in a hedge: its last word is the last word of one, or it ends in a
    symbol. A cheap test that spares most numbers the backward search of before_rx."""
    j = end
    while j > lo and text[j - 1] in _BLANKS:
        j -= 1
    k = j
    while k > lo and (text[k - 1].isalpha() or text[k - 1] == "."):
        k -= 1
    if k == j:
        return j > lo  # a symbol (">", "≤") or digits: let the pattern decide
    return text[k:j].lower().lstrip(".") in tables.last_words or text[k:j].lower() in tables.last_words


def _hedge_parts(hedge: str) -> list[Hedge]:
    """The table entries of a mention's hedge ("about", "more than ... or so"); unknown parts dropped."""
    t = _hedges()
    out = []
    for i, part in enumerate(hedge.lower().split(" ... ")):
        p = " ".join(part.split())
        if p.endswith(" than") and p not in t.before and p[:-5] in t.after:
            p = p[:-5]
        h = (t.after.get(p) or t.before.get(p)) if i else (t.before.get(p) or t.after.get(p))
        if h is not None:
            out.append(h)
    return out


def hedge_info(hedge: str | None) -> list[Hedge]:
    """The hedge table's entries for a mention's `hedge` text, in the order written ([] for None)."""
    return _hedge_parts(hedge) if hedge else []


@lru_cache(maxsize=4096)  # a story's checks ask it of each figure's hedge many times over, of a few hedges
def approx_tolerance(hedge: str | None) -> float:
    """The relative half-width an approximate hedge implies: 0.1 for "about 240" (and for "in the
    region of 240"), 0 for no hedge, exact hedges and bounds. "nearly"/"almost" (type near) are 0
    too: find_numbers already gives them the interval [N(1-w), N) that their width implies."""
    return max((h.width for h in hedge_info(hedge) if h.type == "approx"), default=0.0)


# ---------------------------------------------------------------- the master pattern

_SP = r"[ \t\u00a0\u202f]"
_MONTH_CAP = "(?-i:" + "|".join(sorted({m.capitalize() for m in _MONTHS}, key=lambda m: (-len(m), m))) + r")\b\.?"
_WEEKDAY = r"(?:(?-i:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_NUMWORD = _alt([*(c for c in _CARDINALS if c != "o"), *_SCALES, *_ORDINALS,
                 *(o + "s" for o in _ORDINALS if o != "second"), "half", "halves", "quarter", "quarters",
                 "hundreds", *_DOZEN, "pair"])  # fmt: skip
# "o" is a zero only inside a spoken digit string ("o six", "point o five"), never "o'clock";
# "score" counts 20 only in "a score of <noun>" ("by a score of 3-1" is a result).
_NUMWORD = (rf"{_NUMWORD}|o(?=[ \t]++(?:{_alt(c for c in _CARDINALS if c != 'o')})\b)"
            rf"|score(?=[ \t]++of[ \t]++\p{{L}})")
# A digit token. Branch order matters: grouped forms before plain digits. The lookbehind keeps
# us from starting inside a word or a decimal.
# Currency codes written against their digits ("Rs500", "Ksh2.4 billion", "USD500"): a digit run may start right
# after one, and no id is read there. Shillings' "Sh" only in its own capitals, so a road's "SH2" stays an id.
_GLUED_CURRENCIES = "euro|rs|tsh|ush|usd|eur|gbp|inr|npr|pkr|kes|ngn|zar|ghs|tk|rp"
_GLUED_SHILLINGS = "(?-i:(?:KSh|Ksh|Sh)s?)"
_DIGITS = (
    r"(?>(?<![\w.])|(?<=\$US|\bRs\.|\b" + _GLUED_SHILLINGS + r"|\b(?:" + _GLUED_CURRENCIES + r")))"
) + r"""
    (?:\d{1,3}(?:,\d{3})++(?!\d)(?:\.\d++)?
      |\d{1,2}(?:,\d\d(?=,))++,\d{3}(?!\d)(?:\.\d++)?
      |\d{1,3}(?:\.\d{3})++(?:,\d++|(?<=\.\d{3}\.\d{3})(?![\d.]|,\d))
      |\d{1,3}(?:[\u00a0\u202f\ ]\d{3})++(?![\d,]|\.\d{3})(?:\.\d++)?
      |(?<!\d,)\d{1,3},\d{1,2}(?![\d,])
      |\d++(?:\.\d++)?[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]?
      |\.(?<!\bRs\.)\d++
      |[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])
    (?:/\d++|[eE][+-]?\d++(?!\w)
      |\^[+\-−]*+\d++(?![.,]?\d)
      |[x×·](?:\d++\^[+\-−]*+\d++(?![.,]?\d)|10(?:[\-−]\d++(?![.,]?\d)|[⁺⁻]?+[⁰¹²³⁴⁵⁶⁷⁸⁹]++))
      |[⁺⁻](?<=10.)[⁰¹²³⁴⁵⁶⁷⁸⁹]++|[⁰¹²³⁴⁵⁶⁷⁸⁹](?<=10.)[⁰¹²³⁴⁵⁶⁷⁸⁹]*+
      |[ ](?:\^[ ]?+[+\-−]*+\d++(?![.,]?\d)
           |[x×·][ ](?:\d++[ ]?+\^[ ]?+[+\-−]*+\d++(?![.,]?\d)|10[⁺⁻]?+[⁰¹²³⁴⁵⁶⁷⁸⁹]++)))?
"""
# The last four: powers, "2^10", "8x2^10", "6.02×10²³", "10⁻³", "5.5x10-3" (the caret left out
# after a ten), then the same with single spaces ("3 x 10^8", "2 ^ 10"); each opens with its own
# character, so that the common "224 people" fails them at once. Superscript digits only after a
# ten: elsewhere they are footnote marks.
_TOKEN = rf"(?:(?P<t>{_DIGITS})|(?P<t>\b(?:{_NUMWORD})\b))"
_CARDINAL_WORD = _alt(c for c in _CARDINALS if c not in ("o", "nil"))
# "-and-" joins only before "a-half" or a number word ("two-and-a-half", "one-hundred-and-ten")
_JOIN = (
    rf"(?:{_SP}*+-{_SP}*+"
    rf"|{_SP}++(?:(?P<j>and|&|point|over|out{_SP}+of|in|of){_SP}++)?"
    rf"|{_SP}*+(?P<j>,){_SP}++(?=(?:{_CARDINAL_WORD})\b)"
    rf"|-(?P<j>and)-(?=an?-half\b|(?:{_CARDINAL_WORD})\b))"
    rf"(?:(?P<a>an?)(?:{_SP}++|{_SP}*+-{_SP}*+))?"
)
_ARTICLE_START = (
    r"(?P<a>\ban?)(?:\s+|\s*-\s*)(?=(?:hundred|thousand|million|billion|trillion|lakh|crore|dozen|pair|"
    r"score(?=[ \t]++of[ \t]++\p{L})|"
    + _alt(_TENS) + "|"
    + _alt([*(o for o in _ORDINALS if o not in ("first", "second")), "half", "quarter"])
    + r")\b)"
)
# The sign: a word, a hyphen or minus sign, or "+" and the en dash typeset as a minus ("–5°C") when
# they touch the digits.
_NUM = (
    rf"(?P<sign>\b(?:minus|negative|plus){_SP}++|(?<![\w.)\]%\-−])(?:(?<!\s)[-−]{_SP}*+|[-−])(?=[\d.])"
    rf"|(?=[+–])(?<![\w.)\]%+\-−–])[+–](?=\d))?"
    rf"(?:(?P<j>\bpoint){_SP}++(?=\d|(?:{_alt(c for c in _CARDINALS if c != 'o')}|o(?=[ \t]++\p{{L}}))\b))?"
    rf"(?:{_ARTICLE_START})?{_TOKEN}(?:{_JOIN}{_TOKEN})*+"
)

_BRANCHES = {
    "url": r"""(?P<url>\b(?:https?://|www\.)[^\s<>"']++|\bpic\.twitter\.com/\w++|\b[\w.+-]{1,64}+@[\w-]++\.[\w.]++)""",
    "handle": r"""(?P<handle>(?<![\w@])[@#]\w*+\d\w*+|(?<![\w@])@\w++)""",
    "furniture": r"""(?P<furniture>(?:©|\(c\)|\bcopyright)\s*+\d{4}(?:\s*+[-–]\s*+\d{4})?
       |\b(?:views?|likes?|shares?|comments?|retweets?|replies|followers|reads|page|photos?|images?|
           updated|published|posted|reading\ time)\s*+:\s*+\d[\d,.:]*+(?:\s*+[kKmM]\b)?
       |\b\d{1,3}\s*+min(?:ute)?s?\s++read\b|\bpage\s++\d++\s++of\s++\d++)""",
    "date": rf"""(?P<date>\b\d{{4}}-\d\d-\d\d(?:[T\ ]\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:?\d\d)?)?\b
       |\b(?:1[89]|20)\d\d-(?:0[1-9]|1[0-2])\b(?!-)
       |\b\d{{1,2}}[/.]\d{{1,2}}[/.](?:\d{{4}}|\d\d)\b(?![/.]\d)
       |{_WEEKDAY}?\b{_MONTH_CAP}(?:\s++|(?<=\.)){_DAYNUM}\b(?!:|\.\d|,(?!(?:1[89]|20)\d\d\b)\d)
        (?:,?\s++\d{{4}}\b|,(?:1[89]|20)\d\d\b)?
       |{_WEEKDAY}?\b{_DAYNUM}\s++(?:of\s++)?{_MONTH_CAP}(?:,?\s++\d{{4}}\b)?
       |\b{_MONTH_CAP}\s++(?:of\s++)?\d{{4}}\b)""",
    "time": r"""(?P<time>\b(?:[01]?\d|2[0-3])[:.][0-5]\d(?::[0-5]\d)?
       (?:\s*+(?:[ap]\.m\.|[ap]m\b))?(?<=:..|[mM.])
       |\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d,.]\d)
       |\b(?:1[0-2]|0?\d)\s*+(?:[ap]\.m\.|[ap]m\b))""",
    "phone": r"""(?P<phone>(?<![\w+])\+\d{1,3}(?:[\s.-]?+\(?\d{1,4}\)?){2,5}(?:/\d++)?(?!\d)
       |\(\d{3}\)\s?\d{3}[-.\s]\d{4}\b|\b\d{3}[-.]\d{3}[-.]\d{4}\b)""",
    "id": r"""(?P<id>\b\d{1,3}(?:\.\d{1,3}){2,3}\b(?!\.\d)(?<!(?<![\d.])\d{1,3}\.\d{3}\.\d{3})
       |\b(?!magnitude-|mid-|""" + _GLUED_SHILLINGS + r"\d|(?:us|" + _GLUED_CURRENCIES + r""")\d)
         [A-Za-z]++-?\d(?:[\w-]|[.+](?=\w))*+
       |\b(?!\d++(?:\.\d++)?(?:[eE][+-]?\d++\b|x\d++(?:\^|(?<=x10)[-⁺⁻⁰¹²³⁴⁵⁶⁷⁸⁹])))\d++[A-Za-z]++\d[A-Za-z\d]*+
       |\b[2-6]G\b)""",
    "relative": rf"""(?P<relative>\b(?:{_alt(_RELATIVE)})\b)""",
    "vague": rf"""(?P<vague>\b(?:{_alt(_VAGUE)})\b)""",
    "aunit": rf"""(?P<aunit>\ban?{_SP}++(?:{_alt(_ARTICLE_UNITS)})\b(?![-'’]))""",
    "pct": r"""(?P<pct>(?<![\w%])%|\b(?:percentages?|per\s?cents?|percents?)\b)""",
    "num": rf"""(?P<num>{_NUM})""",
}
_FLAGS = regex.I | regex.X | regex.V0


def _master(*names: str) -> regex.Pattern[str]:
    from checker.rulecache import compile_pattern  # compiled once per machine, not at every start

    return compile_pattern("|".join(_BRANCHES[n] for n in names), _FLAGS)


# One master per kind of trigger, holding only the branches that can start there: trying branches
# that cannot match costs microseconds per trigger.
_MASTER_DIGIT = _master("furniture", "date", "time", "phone", "id", "num")
_MASTER_WORD = _master("url", "furniture", "date", "relative", "vague", "aunit", "pct", "num")
_MASTER_SYMBOL = _master("handle", "furniture", "phone", "pct", "num")
# Most triggers are plain digit runs ("1,234 people", "59%"): there only the num branch can match,
# and trying it alone halves the cost of the match. See _only_num for when that holds.
_MASTER_NUM = _master("num")

# What may follow a number (matched at its end) and what may precede it (matched backwards).
_AFTER = _compiled(
    rf"""
    (?P<ord>(?<=\d)(?:st|nd|rd|th)\b)
   |(?P<decade>(?<=\d\d\d0|(?<![\d.,])\d0)'?s\b)
   |(?P<scale>(?<=\d)(?:k|K|M|MM|mm|mn|mln|mil|m|bn|b|B|bln|G|t|tn|tln|trn|T)\b(?!\.\d)
       |{_SP}++(?:k|K|M|MM|mn|mln|bn|bln|G|tln|trn|thousand)\b(?![-'’]))
    """,
    regex.X,
)
_AFTER_UNIT = _compiled(
    rf"""
    (?P<pct>{_SP}*+(?:%|(?:per{_SP}?cent|percent)(?:ages?|s)?\b|pct\b)(?:{_SP}++(?:percentage{_SP}++)?points?\b)?)
   |(?P<cur>{_SP}++(?:{_alt(_CUR_AFTER)})\b|{_SP}?+[€£₹](?![\w$€£₹]))
   |(?P<age>(?:{_SP}++|-)years?(?:{_SP}++|-)olds?\b|-year-olds?\b|{_SP}++years?{_SP}++of{_SP}++age\b)
   |(?P<dur>(?:{_SP}++|-)(?:{_alt(u + "s" for u in _DURATION_UNITS)}|{_alt(_DURATION_UNITS)})\b(?!-old))
   |(?P<unit>(?<=\d)[A-Za-z]++\b)
    """,
    regex.X | regex.I,
)
_CUR_SYMBOLS = frozenset("$€£¥₹₪₽₦৳₱₩₺₫¢₵")
_SCALE_INITIALS = frozenset("kKMGbBtTm")
_POSTFIX_STARTS = (" or ", " and ", "-plus", " plus", "+", "-odd", "\u00a0or ", " or\u00a0")
_CUR_BEFORE_RX = _compiled(rf"(?ri)(?<![\w$])(?P<c>{_alt_flat(_CUR_BEFORE)}){_SP}?+\Z")
_AGE_BEFORE = _compiled(rf"(?ri)\b(?P<c>aged|age){_SP}++\Z")
_NAME_COMMA = _compiled(r"(?r)\b\p{Lu}[\p{L}'’.-]*,[ \t]\Z")
_RANGE_START = _compiled(rf"(?ri)\b(?P<c>between|from){_SP}++(?:the{_SP}++)?\Z")
_CHANGE_VERB = _compiled(
    r"(?ri)\b(?:rose|risen|rising|rise|fell|fallen|falling|increased?|increasing|decreased?|decreasing|"
    r"grew|grown|dropped|climbed|jumped|cut|raised|lowered|reduced|went|changed|revised|soared|"
    r"plunged|slid|up|down|doubled|tripled|shrank|expanded|moved|upgraded|downgraded|lifted|pushed"
    r"|boosted)\W++(?:\w++\W++){0,4}\Z"
)
_DETERMINER_BEFORE = _compiled(
    r"(?ri)\b(?:the|this|that|which|each|every|any|no|another|what|whichever|little|loved|last"
    r"|(?:the|his|her|their|its|my|our|your|an?)\s++only)(?:\s++|-)\Z"  # "no-one", British for "no one"
)
_OF_IN_NEXT = _compiled(r"[ \t]++(?:of|in)[ \t]", regex.I)
_MORE_NEXT = _compiled(r"[ \t]++(?:more|other|additional|further)\b", regex.I)
# "one cannot know", "one must ask": the generic pronoun, at the start of a clause
_GENERIC_ONE = _compiled(r"[ \t]++(?:cannot|can't|can’t|must|should|ought|might)\b", regex.I)
_CLAUSE_START = _compiled(r"(?r)(?:^|[.!?;:,]|\b(?:and|but|if|that|as|so))\s*+\Z", regex.I)
_YEAR_PREP = _compiled(
    r"(?ri)\b(?:in|since|by|from|until|till|to|through|of|during|before|after|early|late|mid|"
    r"year|years|around|circa|spring|summer|autumn|fall|winter|between|and|the|fiscal|class|"
    r"season|election|until)[\s-]++\Z"
)
_COUNT_NEXT = _compiled(r"[ \t]++(?!(?:and|or|to|the|a|an|as|at|in|on|of|for|was|were|is|are|when|"
                            r"with|by|after|before|but|that|which|while|had|has|have|saw|will|would)\b)"
                            r"\p{Ll}")  # fmt: skip
# Between the two ends of a range: a separator, after a suspended hyphen ("10- to 15-minute") or
# a unit word that the second end repeats ("44 mg to 50 mg").
_RANGE_SEP = _compiled(
    rf"(?:-(?={_SP}*+(?:to|or|and)\b)|{_SP}++(?P<ru>°?\p{{L}}{{1,5}}|°))?"
    rf"{_SP}*+(?P<s>-|–|—|~|to|through|thru|and|or)(?:{_SP}++the)?{_SP}*+\Z|{_SP}*+(?P<s>-|–|—|~){_SP}*+\Z"
    rf"|-(?P<s>to)-\Z",  # "a five-to-ten-year term"
    regex.I,
)
_PLUS_MINUS = _compiled(rf"{_SP}*+(?:±|\+/-|\+/−|\+-){_SP}*+\Z")
_RESTATE_OPEN = _compiled(rf"{_SP}*+\(\Z")
_BOUND_SEP = _compiled(rf"{_SP}*+(?:,{_SP}*+)?(?:and|but)?{_SP}*+\Z|{_SP}*+,{_SP}*+\Z", regex.I)
_DECIMAL_COMMA = _compiled(r"\d{1,3},\d{1,2}")
_NOUN_NEXT = _compiled(r"[ \t]++(?!of\b|and\b|or\b|percent|per\b)\p{Ll}")
_WORD_NEXT = _compiled(r"[ \t]*+[\w$€£]")
_TIME_PARTS = _compiled(r"(\d{1,2})(?:[:.](\d\d))?(?::\d\d)?\s*([ap])?", regex.I)
_WEIGHT_NEXT = _compiled(r"\s++(?:of|in\s++weight|heavier|lighter)\b")
_DIGIT_RUN = _compiled(r"\d[\d,]*+")
_COPYRIGHT = _compiled(r"©|\(c\)|copyright", regex.I)
_ARTICLE_BEFORE = _compiled(r"(?ri)\b(?:an?|the)[ \t]++\Z")




# Cheap scan for places where a number-like thing may start. Only there is the master pattern tried,
# which keeps the whole at several MB/s: most of a news text never reaches the regex engine.
_TRIGGER_WORDS = {
    *_CARDINALS, *_SCALES, *_ORDINALS, *_DENOMS, *_DOZEN, *_MONTHS, "hundreds", "minus", "negative", "plus",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "last", "next",
    "previous", "current", "penultimate", "antepenultimate", "dozens", "thousands", "millions",
    "billions", "tens", "couple", "few", "handful", "several", "scores", "percent", "percents", "point",
    "pair", "score", "lakhs", "crores", "trillions", *(u.split()[0] for u in _ARTICLE_UNITS),
    "percentage", "percentages", "per", "copyright", "view", "views", "like", "likes", "share",
    "shares", "comment", "comments", "replies", "followers", "retweets", "reads", "reading", "page",
    "photo", "photos", "image", "images", "updated", "published", "posted", "http", "https", "www",
    "pic", "half", "quarter",
}  # fmt: skip
_TRIGGER_SRC = (
    r"\d+|[@#©%½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]|\(c\)|[-−][ \t]*(?=[\d.])|–(?=\d)|\.(?=\d)|\+(?=\d)|\((?=\d)"
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
_SYMBOL_FIRST = re.compile(r"[\d@#©%½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞(.+\-−–](?:(?<=\d)\d*)?")
_SYMBOL_TRIGGER = re.compile(
    r"\d+|[@#©%½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]|\(c\)|[-−][ \t]*(?=[\d.])|–(?=\d)|\.(?=\d)|\+(?=\d)|\((?=\d)"
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
_PCT_OF = _compiled(rf"{_SP}++of{_SP}++\Z", regex.I)


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
    raw: str | None = None  # the digit token the number is written with, scale words aside ("1.2" million)
    raw_value: float = 0.0  # its value


_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻"
_SUPERSCRIPT_DIGITS = str.maketrans(_SUPERSCRIPT, "0123456789+-")


def _digit_value(s: str) -> tuple[float, bool]:
    """Value of a digit token and whether it is an integer."""
    s = s.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("−", "-").replace("×", "x")
    s = s.replace("·", "x")
    if s[-1] in _SUPERSCRIPT:  # "10⁶", "3x10⁻³"
        k = len(s.rstrip(_SUPERSCRIPT))
        s = s[:k] + "^" + s[k:].translate(_SUPERSCRIPT_DIGITS)
    if "x10-" in s.lower():  # "5.5x10-3": a power of ten with its caret left out
        s = s.replace("x10-", "x10^-").replace("X10-", "X10^-")
    if s[-1] in _VULGAR:
        return (_digit_value(s[:-1])[0] if len(s) > 1 else 0.0) + _VULGAR[s[-1]], False
    if "/" in s:
        a, b = s.split("/", 1)
        try:
            fa = _digit_value(a)[0] if a and a[-1] in _VULGAR else float(a)
            return (fa / float(b) if float(b) else fa), False
        except (ValueError, OverflowError):  # "½/5": written oddly, read as its first part
            return _digit_value(a)[0] if a else 0.0, False
    exp = 0.0
    if "^" in s:
        s, e = s.split("^", 1)
        e = e.lstrip("+-") if e.count("-") % 2 == 0 else "-" + e.lstrip("+-")
        if s.lower().endswith("x10"):
            s, exp = s[:-3], float(e)
        elif "x" in s:  # "8x2^10": a multiple of a power
            mant, times = s.split("x", 1)
            try:
                return float(mant) * float(times) ** float(e), False
            except (ValueError, OverflowError, ZeroDivisionError):
                return INF, False
        else:
            base = _digit_value(s)[0]
            try:
                return base ** float(e), False
            except (OverflowError, ZeroDivisionError):
                return INF, False
    if ("," in s and "." in s and s.rfind(",") > s.rfind(".")) or s.count(".") > 1:  # 1.111,11 1.000.000
        s = s.replace(".", "").replace(",", ".")
    elif len(s) <= 6 and _DECIMAL_COMMA.fullmatch(s):  # 1,3 and 5,00: a decimal comma
        s = s.replace(",", ".")
    else:
        s = s.replace(",", "")
    try:
        # through the text of the number, so that "1.6x10^-19" is 1.6e-19 and not 1.6000000000000002e-19
        v = float(f"{s}e{int(exp)}") if exp and exp.is_integer() else float(s) * 10**exp
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
    of_next: bool = False  # "of" follows ("thousands of")


_OF_NEXT = _compiled(rf"{_SP}++of\b", regex.I)


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
    if w in _GROUP_NOUNS:
        return _Tok(start, end, w, "z", _GROUP_NOUNS[w])
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
    return _Tok(start, end, "and" if w == "&" else " ".join(w.split()), "j")


def _tokens(m: regex.Match[str]) -> list[_Tok]:
    spans = [(s, e, "t") for s, e in m.spans("t")]
    spans += [(s, e, "j") for s, e in m.spans("j")] + [(s, e, "a") for s, e in m.spans("a")]
    spans.sort()
    text = m.string
    toks = []
    prev_end = None
    for s, e, kind in spans:
        if prev_end is not None and "-" in text[prev_end:s] and kind != "j" and toks[-1].cls != "j":
            # (no hyphen token around "and": "two-and-a-half" reads as "two and a half")
            toks.append(_Tok(prev_end, s, "-", "-"))
        tok = _classify(s, e, text[s:e])
        if tok.text in _PLURAL_SCALES:
            tok.of_next = bool(_OF_NEXT.match(text, e))
        toks.append(tok)
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
            nxt = toks[j + 1].cls if j + 1 < n else ""
            if (prev in ("T", "u", "t", "h", "s") and nxt in ("u", "t", "T")) \
                    or (prev in ("d", "u", "t", "T") and nxt in ("h", "s")) \
                    or (prev in ("h", "s") and nxt == "d"):  # fmt: skip
                j += 1  # "twenty-one", "$140-million", "28-hundred", "two-thousand-862"
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
            if t.value == 0 and prev == "" and j + 1 < n and toks[j + 1].cls in "utTh":
                j += 1  # "zero eight", "o six": a leading zero of a spoken digit string
                continue
            if prev not in ("", "T", "h", "s", "and") or (prev == "T" and cur % 10 != 0) \
                    or (t.value == 0 and prev != ""):  # fmt: skip
                break  # "sixty zero" is 60 then 0, not 60
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
            if prev == "" and t.text == "hundred" and _number_follows(toks, j):
                cur = 1.0  # "hundred thousand", "hundred fifteen"
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
            if t.of_next and prev in ("", "and", "d"):
                # "thousands of": vague, not a multiplier, nor after digits ("in 2015 thousands of
                # people"); but "eighty-five thousands of" is 85,000
                break
            if prev == "" and t.text not in _PLURAL_SCALES and _number_follows(toks, j):
                cur = 1.0  # "thousand nine hundred twenty"
            elif prev in ("", "and") or (cur == 0 and total == 0):
                break
            if total > 0 and cur == 0 and t.value > big_scale:
                total *= t.value  # "three lakh crore"
            elif t.value >= big_scale:
                break
            else:
                total += scaled(cur, t.value)
            big_scale = t.value
            cur, last_add, group_h = 0.0, 0.0, False
            tail = t.value
        elif c == "z":
            if prev in ("", "and"):
                break
            # "three hundred and two dozen": the dozen takes the last part
            cur += (last_add or 1.0) * (t.value - 1)
            last_add = 0.0
            tail = 12.0
        elif c == "j" and (
            (t.text == "and" and prev in ("h", "s"))
            # "three million, two hundred and forty": a comma only before a group of hundreds
            or (t.text == "," and prev == "s" and big_scale >= 1000 and _hundreds_next(toks, j + 1))
        ) and j + 1 < n:
            saved = (total, cur, last_add, j, tail, prev, group_h, big_scale, is_int)
            prev = "and"
            j += 1
            continue
        elif c == "j" and t.text == "point" and j + 1 < n and (
            (prev in ("u", "t", "T", "h", "s") and toks[j + 1].cls in "utT")
            or (prev == "d" and is_int and toks[j + 1].cls == "d" and toks[j + 1].text.isdigit())
        ):
            # "two hundred point zero three", "1 point 1": the words after "point" are digits
            digits, k = _point_digits(toks, j + 1)
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


def _hundreds_next(toks: list[_Tok], k: int) -> bool:
    q = k
    while q < len(toks) and toks[q].cls in "utT-":
        q += 1
    return k < q < len(toks) and toks[q].cls == "h"


def _number_follows(toks: list[_Tok], j: int) -> bool:
    """A bare scale at toks[j] starts a number only when number words follow ("thousand nine hundred",
    "hundred and five"), never alone ("Thousand Oaks")."""
    n = len(toks)
    k = j + 1
    if k < n and toks[k].cls == "j" and toks[k].text == "and":
        k += 1
    return k < n and (toks[k].cls in "utT" or (k == j + 1 and toks[k].cls == "s" and toks[k].value > toks[j].value))


def _point_digits(toks: list[_Tok], k: int) -> tuple[str, int]:
    """The digits written after "point": a digit token as written ("1 point 1"), or number words, each
    group read whole ("point ninety-nine" 99, "point two hundred thirty-six" 236, "point o five" 05)."""
    n = len(toks)
    if k < n and toks[k].cls == "d":
        return (toks[k].text, k + 1) if toks[k].text.isdigit() else ("", k)
    digits = ""
    stop = k
    while stop < n and toks[stop].cls in "utTh-":
        stop += 1
    group = toks[:stop]  # a scale after the digits multiplies the whole ("point five million")
    while k < n and toks[k].cls in "utT":
        if toks[k].value == 0:
            digits += "0"
            k += 1
            continue
        v, j, _, _ = _int_phrase(group, k)
        if j == k:
            break
        digits += str(int(v))
        k = j
    return digits, k


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
    if singular and numerator != 1 and den_word[2] == "o":
        # "one hundred twenty fifth", "three trillionth": an ordinal, not a fraction; but
        # "a three-quarter stake" is 3/4
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
        if i == 0 and t.text == "point" and n > 1 and (
                m.group("sign") or _LEADING_POINT_OK.search(text, max(0, t.start - 12), t.start)):  # fmt: skip
            digits, k = _point_digits(toks, 1)
            if digits:  # "point 77", "point five": a decimal with no whole part
                value = float("0." + digits)
                num, i = _with_scale(toks, k, t.start, toks[k - 1].end, value, 0.0, 1.0)
                num.kind, num.integer = "cardinal", False
                out.append(num)
                continue
        if t.cls in "j-":
            i += 1
            continue
        got = _read_number(toks, i, text)
        if got is None and t.text in _BARE_SCALES and (i + 1 == n or toks[i + 1].cls not in "hs") and \
                text[t.start].islower() and _DETERMINER_BARE.search(text, max(0, t.start - 16), t.start):  # fmt: skip
            got = _Num(t.start, t.end, _BARE_SCALES[t.text], "cardinal", _BARE_SCALES[t.text]), i + 1
        if got is None:
            if t.text in ("dozens", "hundreds", "thousands", "millions", "billions"):
                out.append(_Num(t.start, t.end, 0.0, "vague"))
            i += 1
            continue
        num, i = got
        out.append(num)
    if out and m.group("sign"):
        first = out[0]
        plus = m.group("sign").lower().startswith(("plus", "+"))
        word_plus = plus and text[m.start()] != "+"  # a "+" touching the digits is always a sign
        if first.start in (toks[0].start, m.start("a")) and first.kind in ("cardinal", "fraction") and not (
                word_plus and not _SIGNED_PLACE.search(text, max(0, m.start() - 12), m.start())):  # fmt: skip
            first.start = m.start()  # "plus twenty degrees"; but "four plus five" is a sum
            if not plus:
                first.value = -first.value
    return out


# "point" opens a number only where a number can stand: at the start of a text or clause, or
# after a verb of being or a preposition ("fell to point 77"), never "at this point 7".
_LEADING_POINT_OK = _compiled(
    r"(?ri)(?:^|[^\w\s]|\b(?:is|was|were|are|be|been|of|by|to|from|and|or))[ \t]*+\Z"
)


_AND_A_HALF = _compiled(rf"{_SP}++and{_SP}++a{_SP}++half\b", regex.I)
_OF_BETWEEN = _compiled(rf"{_SP}++(?:of{_SP}++)?", regex.I)
_RATE_BEFORE = _compiled(r"(?ri)(?:[\d%]|\b(?:times|twice|once|per))[ \t]*+(?:\p{L}++[ \t]++)?\Z")
# "plus" is a sign only where a signed figure stands: "we have plus twenty degrees", "(plus 3)";
# after a number it is a sum ("four plus five"), after a noun "and also" ("life plus 20 years").
_SIGNED_PLACE = _compiled(
    r"(?ri)(?:^|[(\[:;,=]|\b(?:is|was|were|are|at|to|of|have|has|had|reached|stood|stands|by))[ \t]*+\Z"
)


# "another dozen people", "his dozen rounds", "the first hundred days": a scale word after a
# determiner counts one of it
_BARE_SCALES = {"dozen": 12.0, "hundred": 100.0, "thousand": 1e3}
_DETERMINER_BARE = _compiled(
    r"(?ri)\b(?:another|the|his|her|their|its|our|my|your|first|next|last|past)[ \t]++\Z"
)


def _after_scale_and(toks: list[_Tok], i: int, d: int) -> bool:
    """toks[d] follows "hundred and" or "thousand and" ("one hundred and first")."""
    return d - 2 >= i and toks[d - 1].text == "and" and toks[d - 2].cls in "hs"


def _is_bare_first_second(toks: list[_Tok], i: int, d: int) -> bool:
    """ "first"/"second" alone are never denominators ("a second" is a duration)."""
    if toks[d].text not in ("first", "second"):
        return False
    if _after_scale_and(toks, i, d):
        return False  # "one hundred and first"
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
            if got is None and toks[d].cls == "f":
                words = _fraction_word_list(toks, i, d)
                if len(words) == 1:  # "twenty-fifths": a compound denominator, one part in 25
                    return _Num(t.start, end, 1 / words[0][1], "fraction", integer=False), d + 1
            if got is not None and got[3] and toks[d].text in ("half", "quarter") and toks[d - 1].cls != "-" \
                    and round(got[1] * toks[d].value) > 1:  # fmt: skip
                got = None  # "two half-brothers": a count before a compound noun; but "three-quarter"
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
                if j == d or (j == d - 1 and (toks[j].cls == "-" or _after_scale_and(toks, i, d))):
                    last_v = toks[d].value
                    v = value * last_v if last_v >= 100 else value + last_v
                    return _Num(t.start, end, v, "ordinal"), d + 1
    if t.cls == "o":
        return _Num(t.start, t.end, t.value, "ordinal"), i + 1
    if t.cls == "f":
        if t.text in ("half", "quarter") and not (i + 1 < n and toks[i + 1].cls == "-" and t.text == "half"
                                                  and not (i + 2 < n and toks[i + 2].cls == "a")):  # fmt: skip
            num, k = _with_scale(toks, i + 1, t.start, t.end, 0.0, 1 / t.value, 1.0)
            if t.text == "half" or num.end > t.end:
                return num, k
        return None
    spoken = _spoken_hundreds(toks, i)
    if spoken is not None:
        return spoken
    value, j, tail, is_int = _int_phrase(toks, i)
    if j == i:
        return None
    last = toks[j - 1]
    # "2 1/4": a whole and a digit fraction
    if last.cls == "d" and last.integer and j < n and toks[j].cls == "d" and toks[j].value < 1 and j == i + 1 \
            and ("/" in toks[j].text or toks[j].text in _VULGAR):  # fmt: skip  (and "3 ½")
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
    if t.cls == "d" and (j == i + 1 or all(x.cls in "shz" for x in toks[i + 1 : j])):
        num.raw, num.raw_value = text[t.start : t.end], t.value
    if j - i == 1 and t.cls == "d":
        num.digits = True
        raw = text[t.start : t.end]
        num.plain4 = len(raw) == 4 and raw.isdigit()
        if "/" in raw and (not _good_fraction(raw) or _consecutive_years(raw)):
            num.kind = "id"  # "9/11", "24/7"; "2019/2020" is a span of years (see _take_nums)
        elif "/" in raw or raw[-1] in _VULGAR:
            num.kind = "fraction"
    # "2 thirds", "5 eighths": digits over a small spelled denominator ("100 millionths" is left as
    # written, as Recognizers-Text does); not "4 quarters" or "2 halves", which count periods of a
    # year or a match as often as parts
    if last.cls == "d" and last.integer and j == i + 1 and j < n and toks[j].cls == "f" and toks[j].text.endswith("s") \
            and toks[j].text not in ("quarters", "halves") and value < toks[j].value <= 20:  # fmt: skip
        return _Num(t.start, toks[j].end, value / toks[j].value, "fraction", integer=False), j + 1
    # "two and 3/4", "5 and ½": a whole and a digit fraction
    if j + 1 < n and toks[j].text == "and" and is_int and toks[j + 1].cls == "d" and toks[j + 1].value < 1 \
            and ("/" in toks[j + 1].text or toks[j + 1].text in _VULGAR) and _good_fraction_token(toks[j + 1].text) \
            and not _BETWEEN_BEFORE.search(text, max(0, t.start - 10), t.start):  # fmt: skip
        return _Num(t.start, toks[j + 1].end, value + toks[j + 1].value, "fraction", integer=False), j + 2
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


def _spoken_hundreds(toks: list[_Tok], i: int) -> tuple[_Num, int] | None:
    """ "one twenty-two" 122, "nineteen eighty-four" 1984: the spoken form that drops "hundred", read only
    when the two groups are the whole run (in "one two three four twenty five" they are a count)."""
    n = len(toks)
    if i != 0 or n not in (3, 4) or toks[0].cls not in "ut" or toks[0].value == 0 or toks[1].cls != "T":
        return None
    k = 3 if n == 4 and toks[2].cls == "-" else 2
    if k != n - 1 or toks[k].cls != "u" or toks[k].value == 0:
        return None
    value = float(toks[0].value * 100 + toks[1].value + toks[k].value)
    return _Num(toks[0].start, toks[k].end, value, "cardinal"), n


_BETWEEN_BEFORE = _compiled(r"(?ri)\bbetween[ \t]++\Z")


def _good_fraction_token(raw: str) -> bool:
    return raw in _VULGAR or _good_fraction(raw)


def _good_fraction(raw: str) -> bool:
    """A digit fraction: a proper one over a denominator that reads as a fraction, not as the day of
    a date ("3/15", "9/11"): one of the usual ones, or one over 31 ("1/40")."""
    a, _, b = raw.lstrip("-").partition("/")
    return a.isdigit() and b.isdigit() and int(a) < int(b) and (int(b) in _FRACTION_DENOMS or int(b) > 31)


def scaled(value: float, factor: float) -> float:
    """`value` times a scale, without binary noise: 4.1 million is 4,100,000, not 4,099,999.9999999995."""
    return float(Decimal(repr(value)) * Decimal(repr(factor)))


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
        value = whole + frac * mult if whole >= mult else scaled(whole + frac, mult)
        return _Num(start, toks[j].end, value, "cardinal", mult, integer=value.is_integer()), j + 1
    if whole and (int_scale >= 1000 or int_scale == 12):  # "a million and a half", "a dozen and a half" 18
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
    hwidth: float = 0.0  # the hedge's width in the table
    post: str | None = None  # postfix hedge type
    tags: tuple[str, ...] = ()
    scale_word: bool = False
    done: NumberMention | None = None  # a special (date, url, ...) already built
    # place value of the last written digit: (trailing zeros of an integer significant, or rounding)
    prec: tuple[float, float] | None = None


def _special(kind: str, s: int, e: int, text: str, value: float | None = None,
             tags: tuple[str, ...] = (), bounds: tuple[float, float] | None = None,
             precision: float | None = None) -> _Item:  # fmt: skip
    lo, hi = bounds or ((value, value) if value is not None else (-INF, INF))
    mention = NumberMention(s, e, text[s:e], value, lo, hi, kind=kind, tags=tags, precision=precision)
    return _Item(s, e, 0.0, kind, s, e, done=mention)


# ---------------------------------------------------------------- precision
#
# `precision` is the place value of the last significant digit as written, in the unit of
# `value`: "948" 1, "1.25" 0.01, "1.2 million" 100000, "$3.7bn" 1e8, "12k" 1000, "two hundred and
# twenty-four" 1, "half a million" 100000, a clock time 1/60 (its minute; value is in hours) or
# 1 (an hour alone), a year 1, a decade 10. Trailing zeros of an integer are ambiguous ("240" may
# be exact or rounded to tens). News rounds, but exact counts end in zero too, so they count as
# rounding only when the figure is hedged ("about 240" 10, "more than 700" 100) or has two or more
# of them ("3,000" 1000, "1,500" 100, "200 people" 100); else they are significant ("240" 1, "20" 1).
# Fractions, ratios, dates and vague words have None.


_EXPONENT = _compiled(r"[eE]([+-]?\d+)$")
_WITH_SECONDS = _compiled(r"\d{1,2}[:.]\d\d:\d\d")


def _integer_places(v: float) -> tuple[float, float]:
    return 1.0, _round_place(v)


def _decimal_place(v: float) -> float:
    txt = f"{abs(v):.10g}"
    if "e" in txt or "." not in txt:
        return 1.0
    return 10.0 ** -len(txt.split(".")[1])


def _digit_precision(raw: str) -> tuple[float, float] | None:
    """(written, rounded) place of a digit token's last digit; None for fractions and powers."""
    plain = raw
    if "," in raw and "." not in raw and not (len(raw) <= 6 and _DECIMAL_COMMA.fullmatch(raw)):
        plain = raw.replace(",", "")
    if plain.isdigit():  # the common case, fast: "948", "1,500", "12,34,567"
        zeros = len(plain) - len(plain.rstrip("0"))
        return 1.0, 10.0 ** zeros if zeros < len(plain) else 1.0
    s = raw.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("−", "-")
    if "/" in s or s[-1] in _VULGAR or "^" in s or s[-1] in _SUPERSCRIPT:
        return None
    exp = 0
    em = _EXPONENT.search(s) if "e" in s or "E" in s else None
    if em:
        s, exp = s[: em.start()], int(em[1])
        if abs(exp) > 300:
            return None
    if ("," in s and "." in s and s.rfind(",") > s.rfind(".")) or s.count(".") > 1:
        s = s.replace(".", "").replace(",", ".")
    elif len(s) <= 6 and _DECIMAL_COMMA.fullmatch(s):
        s = s.replace(",", ".")
    else:
        s = s.replace(",", "")
    scale = 10.0**exp
    if "." in s:
        p = 10.0 ** -len(s.split(".")[1]) * scale
        return p, p
    if not s.lstrip("-").isdigit():
        return None
    w, r = _integer_places(float(s))
    return w * scale, r * scale


def _num_precision(num: _Num) -> tuple[float, float] | None:
    if num.kind not in ("cardinal", "ordinal"):
        return None
    if num.kind == "ordinal":
        return 1.0, 1.0
    if num.raw is not None:
        got = _digit_precision(num.raw)
        if got is None:
            return None
        scale = num.value / num.raw_value if num.raw_value else 1.0
        return got[0] * abs(scale), got[1] * abs(scale)
    tail = num.tail_scale if num.tail_scale >= 12 and num.tail_scale != 100 else 1.0
    mantissa = num.value / tail
    if float(mantissa).is_integer():
        w, r = _integer_places(mantissa)
        return w * tail, r * tail
    p = _decimal_place(mantissa) * tail
    return p, p


def _chosen_precision(prec: tuple[float, float] | None, hedged: bool) -> float | None:
    if prec is None:
        return None
    written, rounded = prec
    return rounded if hedged or rounded >= 100 * written else written


def _time_precision(s: str) -> float:
    m = _TIME_PARTS.match(s)
    if not m or not m[2]:
        return 1.0
    return 1 / 3600 if _WITH_SECONDS.match(s) else 1 / 60


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
               num.plain4, prec=_num_precision(num))  # fmt: skip
    end = num.end
    n = len(text)
    cur_before = None
    cm = None
    before = text[max(floor, num.start - 4) : num.start]
    kept = before.rstrip()
    last = kept[-1:]
    if last and (last in _CUR_SYMBOLS or last.isalpha() or (last == "." and kept[-3:-1].lower() == "rs")):
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
        elif g == "decade" and (num.plain4 or (num.digits and num.end - num.start == 2 and (
                dm := _SHORT_DECADE_BEFORE.search(text, max(0, num.start - 24), num.start)))):  # fmt: skip
            # a decade written short only after "the", a possessive, an apostrophe or another decade:
            # alone "30s" is as often seconds
            first, kind = num.value, "year"
            if not num.plain4 and dm["own"]:
                kind = "age"  # "in her 90s", "in their early 20s"
            elif not num.plain4:  # "the '90s", "the 1980s and 90s"
                first += 1900 if first >= 20 else 2000
            it.kind, it.end, it.tags = kind, am.end(), ("decade",)
            it.done = NumberMention(it.start, am.end(), text[it.start : am.end()], None, first, first + 9,
                                    kind=kind, unit="year" if kind == "age" else None, tags=("decade",),
                                    precision=10.0)  # fmt: skip
            return it
        elif g == "scale" and num.kind == "cardinal":
            word = am[0].strip()
            key = word.lower()
            attached = not am[0][0].isspace()
            if word in ("m", "t", "b", "B") and cur_before is None and not (
                    word != "t" and attached and not _MODEL_BEFORE.search(text, max(0, num.start - 12), num.start)
                    and (_PLURAL_NOUN_NEXT.match(text, am.end()) or (word in "bB" and not num.integer))):  # fmt: skip
                key = ""  # metres, tonnes, bits; but "1.5m viewers", "2b people" are millions, billions
            if word == "mm" and attached and cur_before is None:
                key = ""  # millimetres
            if word == "K" and attached and cur_before is None and _DECIMALS_RX.search(text, num.start, num.end):
                key = ""  # "573.15K": kelvin; thousands are written "1.2k", not to two decimals
            if key and key in _SUFFIX_SCALES and (attached or word != "m"):
                it.value = scaled(it.value, _SUFFIX_SCALES[key])
                if it.prec:
                    it.prec = (it.prec[0] * _SUFFIX_SCALES[key], it.prec[1] * _SUFFIX_SCALES[key])
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
            word = " ".join(um[0].lower().split())
            it.kind, it.unit, it.end = "money", _CUR_AFTER.get(word) or _CUR_BEFORE[word], um.end()
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
    tables = _hedges()
    if text.startswith(_POSTFIX_STARTS, it.end):
        hm = tables.after_rx.match(text, it.end)
    if hm:
        w = " ".join(hm["hw"].lower().split())
        if w.startswith("or equal"):
            it.post = "orequal"
        else:
            entry = tables.after.get(w[:-5] if w.endswith(" than") else w)
            it.post = entry.type if entry else None
        if it.post:
            it.tags = (*it.tags, "postfix:" + w)
            it.end = hm.end()
    # hedge before
    lo = max(floor, it.start - 40)
    hb = tables.before_rx.search(text, lo, it.start) if _may_end_hedge(text, lo, it.start, tables) else None
    if hb is not None and hb["h"].lower() in ("over", "above") and \
            _PHRASAL_OVER.search(text, max(floor, hb.start() - 12), hb.start()):  # fmt: skip
        hb = None  # "handed over 12 captives", "took over 300 villages": a verb particle, not a bound
    if hb:
        phrase = " ".join(hb["h"].lower().split())
        entry = tables.before[phrase]
        it.hedge, it.htype, it.hwidth, it.start = phrase, entry.type, entry.width, hb.start()
    return it


_SHORT_DECADE_BEFORE = _compiled(
    r"(?ri)(?:\b(?:(?P<own>his|her|their|my|your|our|one's|one’s)|the)[ \t]++(?:(?:early|mid|late)(?:[ \t]++|-))?"
    r"(?:\d0'?s(?:,?[ \t]++(?:and|or|to|through)[ \t]++|-)(?:(?:early|mid|late)(?:[ \t]++|-))?)?"
    r"|\d{3}0'?s(?:[ \t]++(?:and|or|to|through)[ \t]++|-)(?:(?:early|mid|late)(?:[ \t]++|-))?|['’])\Z"
)
_MODEL_BEFORE = _compiled(r"(?r)\b\p{Lu}{2,}[ \t]++\Z")  # "GT 650m graphics": a model name
# A plural count noun ("viewers", "years"), not a word that ends in s by chance ("is", "was", "across").
_PLURAL_NOUN_NEXT = _compiled(
    r"[ \t]++(?!(?:is|was|has|this|his|hers|its|as|us|plus|thus|yes|less|unless|across|towards|"
    r"afterwards|always|perhaps|whereas|besides|sometimes|hurdles|relays)\b)\p{Ll}{2,}(?<!s)s\b"
)


_PHRASAL_OVER = _compiled(
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
    if it.post in ("ge", "le", "approx", "odd") and htype in (None, "eq", "approx"):
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
        return v, (1 - it.hwidth) * v, v, True, False
    if htype == "above" and v > 0:  # "just over an hour": a little more, not any amount more
        return v, v, v + it.hwidth * v, False, True
    if htype == "odd" and v > 0:  # "20-odd": 20 and some, short of the next round figure
        return v, v, v + _round_place(v), True, False
    return v, v, v, True, True


def _round_place(v: float) -> float:
    """The place value of the last non-zero digit of an integer (20 -> 10, 300 -> 100, 25 -> 1)."""
    if not v or not float(v).is_integer() or abs(v) >= 1e15:
        return 1.0
    n, place = int(abs(v)), 1.0
    while n % 10 == 0:
        n //= 10
        place *= 10
    return place


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
                         hedge, it.unit, tags, _item_precision(it))  # fmt: skip


def _item_precision(it: _Item) -> float | None:
    if it.done is not None:
        return it.done.precision
    return _chosen_precision(it.prec, bool(it.hedge or (it.post and it.post != "orequal")))


def _finer(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else min(a, b)


def _combine(text: str, items: list[_Item]) -> list[NumberMention]:
    """Join neighbours into ranges, alternatives and two-sided bounds, then build mentions."""
    out: list[NumberMention] = []
    i = 0
    n = len(items)
    while i < n:
        a = items[i]
        b = items[i + 1] if i + 1 < n else None
        span = _year_span(text, a, b) if b is not None and a.kind == "year" else None
        if span is not None:
            out.append(span)
            i += 2
            continue
        if a.done is None and b is not None and b.done is None:
            merged = _try_plus_minus(text, a, b) or _try_range(text, a, b) or _try_bounds(text, a, b)
            if merged is not None:
                out.append(merged)
                i += 2
                continue
        out.append(_mention(text, a))
        i += 1
    return out


# "2013-14", "2019/20", "1914-18", "1999-2000": a span of years (a season, a fiscal year, a war),
# whose second end is the later year written short or in full; never a year and a count of 14
_YEAR_SPAN_SEP = _compiled(rf"[-–/]|{_SP}*+[-–]{_SP}*+")


def _year_span(text: str, a: _Item, b: _Item) -> NumberMention | None:
    if a.done is None or a.done.value is None or a.done.tags or b.kind not in ("cardinal", "year"):
        return None
    sm = _YEAR_SPAN_SEP.fullmatch(text, a.end, b.num_start)
    raw = text[b.num_start : b.num_end]
    if sm is None or not raw.isdigit() or b.end != b.num_end or (b.done is None and (b.hedge or b.unit)):
        return None
    first = a.done.value
    if len(raw) == 2 and text[a.end] != " ":
        last = first - first % 100 + int(raw) + (100 if raw == "00" and first % 100 == 99 else 0)
    elif len(raw) == 4:
        last = float(raw)
    else:
        return None
    if not first < last <= first + 100 or not 1800 <= last <= 2100:
        return None
    return NumberMention(a.start, b.end, text[a.start : b.end], None, first, last, kind="year",
                         tags=("span",), precision=1.0)  # fmt: skip


_CONSECUTIVE_YEARS = _compiled(r"((?:1[89]|20)(\d\d))[-–/]((?:1[89]|20)(?=\d\d))?(\d\d)")


def _consecutive_years(raw: str) -> tuple[float, float] | None:
    """ "2010-11", "2019/20": a year and the next one written short, as seasons and fiscal years are."""
    ym = _CONSECUTIVE_YEARS.fullmatch(raw)
    if ym is None or int(ym[4]) != (int(ym[2]) + 1) % 100 or (ym[3] and int(ym[3] + ym[4]) != int(ym[1]) + 1):
        return None
    return float(ym[1]), float(ym[1]) + 1


_GROUPED_THOUSANDS = _compiled(r"\d{1,3}(,\d{3})++")
_RANGE_KINDS = {"cardinal", "money", "percent", "ordinal", "fraction", "age", "duration", "year"}


def _try_range(text: str, a: _Item, b: _Item) -> NumberMention | None:
    # "as many as 700 to 750": an upper hedge before a range says the most is somewhere in it
    capped = a.htype == "le"
    if (a.htype in _UPPER_BOUND and not capped) or b.hedge or a.post or a.kind not in _RANGE_KINDS:
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
    if capped and sep not in ("to", "-", "–", "—"):
        return None
    end = b.end
    repeated = sm["ru"]
    if repeated:
        um = regex.match(rf"{_SP}++{regex.escape(repeated)}\b", text[b.end : b.end + 12])
        if not um or (a.unit and a.unit != repeated.lower()):
            return None
        end = b.end + um.end()
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
    elif sep in ("-", "–") and a.integer and 0 < lo_v < 1000 and text[a.num_start : a.num_end].isdigit():
        gm = _GROUPED_THOUSANDS.fullmatch(text, b.num_start, b.num_end)
        place = 1000.0 ** len(gm.captures(1)) if gm else 1.0
        if gm and lo_v * place < hi_v:
            lo_v *= place  # "10-15,000 people": ten to fifteen thousand, the thousands written once
    if sep == "or":
        if not (a.integer and b.integer and lo_v < hi_v <= 2 * lo_v + 2 and a.htype is None):
            return None
    elif lo_v > hi_v and hi_v < lo_v <= 0:
        lo_v, hi_v = hi_v, lo_v  # "from -18 to -34": a range of negatives, written from the top
    elif not lo_v < hi_v:
        return None
    unit = a.unit or b.unit or (repeated.lower() if repeated else None)
    kind = "year" if years else "range"
    tags: tuple[str, ...] = ("alternative",) if sep == "or" else ()
    if kind_a in ("ordinal",):
        tags = (*tags, "ordinal")
    hedge = a.hedge if a.htype in ("approx", "near", "above", "eq") or capped else None
    hedged = a.hedge is not None
    precision = _finer(_chosen_precision(a.prec, hedged), _chosen_precision(b.prec, hedged))
    if (b.scale_word or b.tail_scale > 1 or b.value >= 1000 > a.value) and a.prec and b.prec and lo_v != a.value:
        # "between 3 and 4 million", "10-15,000": the first figure is in millions or thousands too
        precision = _chosen_precision((b.prec[0], b.prec[1]), hedged)
    if years:
        precision = 1.0
    return NumberMention(start, end, text[start:end], None, lo_v, hi_v, True, True, kind, hedge, unit, tags,
                         precision)  # fmt: skip


_PM_KINDS = ("cardinal", "percent", "money")


def _try_plus_minus(text: str, a: _Item, b: _Item) -> NumberMention | None:
    """ "5.5 ± 0.2 percent", "9.83e-3 +/- 1e-5": the figure with its margin, [N - M, N + M]."""
    between = text[a.end : b.start]
    if not ("±" in between or "+" in between) or not _PLUS_MINUS.match(between):
        return None
    if a.kind not in _PM_KINDS or b.kind not in _PM_KINDS or b.hedge or a.post:
        return None
    base = a if a.kind != "cardinal" or b.kind == "cardinal" else b
    v, margin = a.value, abs(b.value)
    lo, hi = (v - margin, v + margin) if a.htype is None else (_interval(a)[1], _interval(a)[2])
    return NumberMention(a.start, b.end, text[a.start : b.end], v, lo, hi, True, True, base.kind, a.hedge,
                         a.unit or b.unit, ("plusminus",), _item_precision(a))  # fmt: skip


def _merge_restated(text: str, items: list[_Item]) -> None:
    """ "forty-five (45)", "10 (ten)", "(10) ten": one figure written twice, in words and in digits,
    is one item spanning both (the brackets too), with the kind and unit of the richer reading."""
    if "(" not in text:
        return
    k = 0
    while k + 1 < len(items):
        a, b = items[k], items[k + 1]
        merged = None
        if a.done is None and b.done is None and a.value == b.value and not b.hedge and \
                _has_digit(text, a) != _has_digit(text, b):  # fmt: skip
            if _RESTATE_OPEN.match(text[a.end : b.start]) and text.startswith(")", b.end):
                merged = (a.start, b.end + 1)
            elif a.start and text[a.start - 1] == "(" and text.startswith(")", a.end) and \
                    not text[a.end + 1 : b.start].strip():  # fmt: skip
                merged = (a.start - 1, b.end)
        if merged is None:
            k += 1
            continue
        base = b if b.kind != "cardinal" and a.kind == "cardinal" else a
        digits = a if _has_digit(text, a) else b
        new = _Item(**{**base.__dict__, "start": merged[0], "end": merged[1], "prec": digits.prec,
                       "tags": (*base.tags, "restated")})  # fmt: skip
        if base is b:
            new.hedge, new.htype, new.hwidth = a.hedge, a.htype, a.hwidth
        new.post = base.post or (b.post if base is a else None)
        um = _AFTER_UNIT.match(text, new.end) if new.kind == "cardinal" else None
        if um and um.lastgroup == "pct":  # "five (5) percent"
            new.kind, new.unit, new.end = "percent", "%", um.end()
        elif um and um.lastgroup == "cur":  # "five (5) dollars"
            word = " ".join(um[0].lower().split())
            new.kind, new.unit, new.end = "money", _CUR_AFTER.get(word) or _CUR_BEFORE[word], um.end()
        drop = k + 2
        while drop < len(items) and items[drop].start < new.end:
            drop += 1  # the bare "percent" the brackets kept apart
        items[k:drop] = [new]
        k += 1


def _has_digit(text: str, it: _Item) -> bool:
    return any(c.isdigit() for c in text[it.num_start : it.num_end])


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
    precision = _finer(_item_precision(a), _item_precision(b))
    return NumberMention(a.start, b.end, text[a.start : b.end], None, lower[1], upper[2], lower[3], upper[4],
                         "range", f"{a.hedge} ... {b.hedge}", unit, (), precision)  # fmt: skip


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
            if (not p or text[p - 1] not in "._") and _bare_digits(text, t_end, trig):
                value = float(trig)
                num = _Num(p, t_end, value, digits=True, plain4=len(trig) == 4, raw=trig, raw_value=value)
                consumed = _take_nums(text, [num], items, consumed)
                continue
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
    _merge_restated(text, items)
    return _dropped_digits(text, _combine(text, items))


# "the estimated 100,00 people": in a text that groups thousands with commas elsewhere ("100,000", "2,501"),
# two digits after a comma are a thousands group missing a digit, not a decimal comma: read as the
# digits are written (10000) and tagged "malformed", so a comparison shows the typo
_ENGLISH_GROUPING = _compiled(r"(?<![\d,.])\d{1,3},\d{3}(?![\d,])")
_SHORT_GROUP = _compiled(r"\d{2,3},\d\d")


def _scaled(x: float, k: float) -> float:
    return x if x in (INF, -INF) else x * k


def _dropped_digits(text: str, mentions: list[NumberMention]) -> list[NumberMention]:
    if not any(_SHORT_GROUP.search(m.text) for m in mentions if m.kind == "cardinal"):
        return mentions
    if _ENGLISH_GROUPING.search(text) is None:
        return mentions
    out = []
    for m in mentions:
        g = _SHORT_GROUP.search(m.text) if m.kind == "cardinal" and not m.unit else None
        # the group must be the whole figure: not "1.111,11" (European) nor part of a longer run of digits
        if g is None or (g.end() < len(m.text) and (m.text[g.end()].isdigit() or m.text[g.end()] in ".,")) or \
                (g.start() and (m.text[g.start() - 1].isdigit() or m.text[g.start() - 1] in ".,")):  # fmt: skip
            out.append(m)
            continue
        written = float(g.group().replace(",", ""))
        old = float(g.group().replace(",", "."))
        k = written / old if old else 1.0
        value = None if m.value is None else _scaled(m.value, k)
        out.append(dataclasses.replace(m, value=value, low=_scaled(m.low, k), high=_scaled(m.high, k),
                                       tags=(*m.tags, "malformed")))  # fmt: skip
    return out


_ASCII_DIGITS = frozenset("0123456789")
# Words after "N " that can continue a run of number tokens (joiners, articles, number words): before
# any other lower-case word the num branch matches the digits alone (see _bare_digits).
_RUN_WORDS = frozenset(
    [*_CARDINALS, *_SCALES, *_ORDINALS, *_DENOMS, *_DOZEN, *_GROUP_NOUNS, "half", "halves", "quarter",
     "quarters", "hundreds", "and", "point", "over", "out", "in", "of", "a", "an", "x"]
)  # fmt: skip
_BARE_AFTER = frozenset("%;)!?\"'’”")
_LOWER_WORD = re.compile(r"[a-z]+")


def _bare_digits(text: str, end: int, run: str) -> bool:
    """True when _MASTER_NUM, tried at a plain digit run, would match the run alone: the run is ASCII
    digits and what follows can neither extend the digit token nor join another number to it.
    About half the numbers in news ("224 people", "59%") take this path, which skips the regex."""
    if not (run.isascii() and run.isdigit()):
        return False
    if end >= len(text):
        return True
    c = text[end]
    if c in _BARE_AFTER:
        return True
    if c != " ":
        return False
    w = _LOWER_WORD.match(text, end + 1)
    return w is not None and w.group() not in _RUN_WORDS
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


def _take_nums(text: str, nums: list[_Num], items: list[_Item], consumed: int) -> int:
    """Give the numbers read from one run their context and add them to items; returns the new end
    of consumed text."""
    for num in nums:
        if num.start < consumed:
            continue
        if num.kind == "vague":
            phrase = text[num.start : num.end].lower()
            lo, hi = _VAGUE[phrase]
            items.append(_special("vague", num.start, num.end, text, None, ("vague",), (lo, hi)))
            consumed = num.end
            continue
        if num.kind == "id":
            years = _consecutive_years(text[num.start : num.end])
            if years:  # "2019/20": a season or a fiscal year
                items.append(_special("year", num.start, num.end, text, None, ("span",), years, 1.0))
            else:
                items.append(_special("id", num.start, num.end, text))
            consumed = num.end
            continue
        if num.kind == "cardinal" and text[num.start : num.end].lower() == "one" and _pronoun_one(
                text, num, items):  # fmt: skip
            continue  # "the one", "which one", "the sixth one", "one cannot": a pronoun
        it = _attach(text, num, consumed)
        if it.start < consumed:  # a hedge word that an earlier number already used
            it.start, it.hedge, it.htype = num.start, None, None
        if it.done is None and _is_year(text, it):
            it.kind = "year"
            it.done = NumberMention(it.start, it.end, text[it.start : it.end], it.value, it.value,
                                    it.value, kind="year", precision=1.0)  # fmt: skip
        items.append(it)
        consumed = it.end
    return consumed


def _take(text: str, m: regex.Match[str], items: list[_Item], consumed: int) -> int:
    """Turn one master-pattern match into items; returns the new end of consumed text."""
    s, e = m.span()
    g = m.lastgroup
    if g == "num":
        return _take_nums(text, _split_run(m), items, consumed)
    if g == "url":
        e = s + len(m[0].rstrip(".,;:!?)]}'\""))
        items.append(_special("url", s, e, text))
    elif g == "furniture":
        digits = _DIGIT_RUN.findall(m[0])
        v = _digit_value(digits[0])[0] if len(digits) == 1 and not _COPYRIGHT.match(m[0]) else None
        items.append(_special("furniture", s, e, text, v))
    elif g == "time":
        items.append(_special("time", s, e, text, _time_value(m[0]), precision=_time_precision(m[0])))
    elif g == "relative":
        phrase = " ".join(m[0].lower().split())
        items.append(_special("ordinal", s, e, text, None, ("relative", _RELATIVE[phrase])))
    elif g == "aunit":
        if _RATE_BEFORE.search(text, max(0, s - 24), s):
            return consumed  # "$4 a gallon", "60 miles a day": a rate, not an amount
        unit = " ".join(m[0].split()[1:]).lower()
        value, start, floor = 1.0, s, consumed
        half = _AND_A_HALF.match(text, e)
        if half:
            value, e = 1.5, half.end()  # "a mile and a half"
        prev = items[-1] if items else None
        if prev is not None and prev.done is None and prev.kind == "fraction" and prev.value < 1 and \
                _OF_BETWEEN.fullmatch(text, prev.end, s):  # fmt: skip
            # "half a mile", "two-tenths of a mile"; a hedge before the fraction is found again
            value, start, floor = prev.value, prev.num_start, prev.start
            items.pop()
        it = _attach(text, _Num(start, e, value, "cardinal"), floor)
        it.unit, it.tags, it.prec = unit, ("article",), (1.0, 1.0) if value == 1 else None
        items.append(it)
        return it.end
    elif g == "vague":
        phrase = " ".join(m[0].lower().split())
        if phrase == "scores" and not text.startswith(" of", e):
            return consumed  # "scores" is usually a verb or a result
        items.append(_special("vague", s, e, text, None, ("vague",), _VAGUE[phrase]))
    elif g == "pct":
        items.append(_special("percent", s, e, text, None, ("bare",)))
    else:  # handle, date, phone, id
        years = _consecutive_years(m[0]) if g == "date" else None
        if years:  # "2010-11" is a season or a fiscal year, not November 2010
            items.append(_special("year", s, e, text, None, ("span",), years, 1.0))
        else:
            items.append(_special(str(g), s, e, text))
    return items[-1].end


def _pronoun_one(text: str, num: _Num, items: list[_Item]) -> bool:
    """Whether the word "one" at num is a pronoun, not a count."""
    if _OF_IN_NEXT.match(text, num.end):
        return False  # "that one of the witnesses", "that one in every 500"
    if _DETERMINER_BEFORE.search(text, max(0, num.start - 16), num.start):
        return True
    if items and items[-1].kind == "ordinal" and text[items[-1].end : num.start] == " " and \
            not _MORE_NEXT.match(text, num.end) and not text.startswith("-", num.end):  # fmt: skip
        return True  # "the sixth one"; but "on the 30th one more died"
    return bool(_GENERIC_ONE.match(text, num.end) and _CLAUSE_START.search(text, max(0, num.start - 6), num.start))


def _merge_percent_of(text: str, items: list[_Item]) -> None:
    """ "percent of 10", "per cent of twenty-two": a percent written before its number."""
    for k in range(len(items) - 1):
        a, b = items[k], items[k + 1]
        if a.done is not None and "bare" in a.done.tags and b.done is None and b.kind == "cardinal" \
                and not b.hedge and _PCT_OF.match(text[a.end : b.start]):  # fmt: skip
            b.start, b.kind, b.unit = a.start, "percent", "%"
            items[k] = _Item(a.start, a.start, 0.0, "gone", a.start, a.start)
    items[:] = [x for x in items if x.kind != "gone"]

