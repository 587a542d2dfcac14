"""The one constructor of claims and their ids, and a number's value as written (unit, scale, dimension)."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

import regex

from checker.extract.compiled import CompiledRules
from checker.models import Article, Claim, NumberMention
from checker.rulebook import Unit

_NO_VALUE_KINDS = {"range", "vague"}
_DIGITS_THEN_WORD = regex.compile(r"(\d[\d.,]*)\s*-?\s*(\p{L}+)")


def short_hash(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:10]


def claim_id(article: Article, measure: str, start: int, end: int) -> str:
    """Stable id of a claim: its article, measure and span (the same text and rules give the same id)."""
    return "c" + short_hash(f"{article.article_id}|{measure}|{start}|{end}")


@dataclass(frozen=True, slots=True)
class Amount:
    """A figure as written: value, bounds and unit as the article gives them, and how to convert them."""

    value: float | None
    low: float
    high: float
    unit: str | None = None
    scale: float = 1.0
    dimension: str | None = None
    zero: float = 0.0


def written_value(n: NumberMention) -> float | None:
    """The number as written: "about 240" and "over 750" give 240 and 750; a range or "dozens" none."""
    if n.kind in _NO_VALUE_KINDS:
        return None
    if n.value is not None:
        return float(n.value)
    finite = [x for x in (n.low, n.high) if math.isfinite(x) and x != 0]
    return finite[0] if len(finite) == 1 else None


def is_money(n: NumberMention) -> bool:
    """An amount of money, or a range of amounts ("between $200 and $300"): the number grammar gives its
    currency as an ISO code."""
    unit = n.unit or ""
    return n.kind == "money" or (n.kind == "range" and len(unit) == 3 and unit.isupper())


def amount_of(rules: CompiledRules, n: NumberMention, unit: Unit | None = None) -> Amount:
    """`n` in the unit it was written in. A dimension's unit gives the scale to its base unit; money keeps a
    multiplier word as part of its unit ("$3.7bn": 3.7 "USD billion", scale 1e9)."""
    value = written_value(n)
    if unit is not None:
        return Amount(value, n.low, n.high, unit.symbol, unit.factor, unit.dimension, unit.zero)
    if n.unit and is_money(n):
        factor_word = _money_scale(rules, n)
        if factor_word is not None:
            word, factor = factor_word
            v = None if value is None else value / factor
            return Amount(v, n.low / factor, n.high / factor, f"{n.unit} {word}", factor, n.unit)
        return Amount(value, n.low, n.high, n.unit, 1.0, n.unit)
    if n.unit == "%" or n.kind == "percent":
        return Amount(value, n.low, n.high, "%", 1.0, "percent")
    known = rules.units.get(n.unit.lower()) if n.unit and n.kind != "age" else None
    if known is not None:
        return Amount(value, n.low, n.high, known.symbol, known.factor, known.dimension, known.zero)
    return Amount(value, n.low, n.high, n.unit if n.kind not in {"cardinal", "range", "vague"} else None)


def _money_scale(rules: CompiledRules, n: NumberMention) -> tuple[str, float] | None:
    """The multiplier word written right after the last figure of an amount, if any."""
    found = None
    for m in _DIGITS_THEN_WORD.finditer(n.text):
        found = rules.scales.get(m.group(2).lower())
    return found


_IMMUTABLE = (str, int, float, bool, type(None))


@dataclass(frozen=True)
class _Template:
    """Claim's fields in order, with the defaults pydantic's model_construct would fill in."""

    fields: dict[str, Any]  # every field in order; required ones hold None until given
    names: frozenset[str]
    required: frozenset[str]
    factories: tuple[tuple[str, Any], ...]


def _template() -> _Template | None:
    """None when Claim is not plain enough for `_construct` to build it exactly as model_construct does (aliases,
    extras, private attributes, post-init, mutable defaults)."""
    if Claim.__pydantic_post_init__ or Claim.model_config.get("extra") == "allow" or Claim.__private_attributes__:
        return None
    fields: dict[str, Any] = {}
    required, factories = set(), []
    for name, f in Claim.model_fields.items():
        if f.alias not in (None, name) or f.validation_alias is not None:
            return None
        fields[name] = None
        if f.is_required():
            required.add(name)
        elif f.default_factory is not None and not f.default_factory_takes_validated_data:
            factories.append((name, f.default_factory))
        elif f.default_factory is None and isinstance(f.default, _IMMUTABLE):
            fields[name] = f.default
        else:
            return None
    return _Template(fields, frozenset(fields), frozenset(required), tuple(factories))


_TEMPLATE = _template()


def _construct(values: dict[str, Any]) -> Claim:
    """Claim.model_construct(**values), the same object at a fraction of the cost: pydantic's generic loop
    over fields and aliases was a third of the cost of a claim."""
    t = _TEMPLATE
    if t is None or not (t.required <= values.keys() <= t.names):
        return Claim.model_construct(**values)
    fields = t.fields.copy()
    for name, factory in t.factories:
        fields[name] = factory()
    fields.update(values)  # keys already in place keep the fields' order
    claim = Claim.__new__(Claim)
    object.__setattr__(claim, "__dict__", fields)
    object.__setattr__(claim, "__pydantic_fields_set__", set(values))
    object.__setattr__(claim, "__pydantic_extra__", None)
    object.__setattr__(claim, "__pydantic_private__", None)
    return claim


def make_claim(
    article: Article,
    *,
    rule_id: str,
    measure: str,
    start: int,
    end: int,
    sentence: str,
    amount: Amount | None = None,
    value: float | str | None = None,
    low: float = 0.0,
    high: float = 0.0,
    **frame: Any,
) -> Claim:
    """Every claim the extractor makes is built here: its id, its article's fields and its value."""
    if amount is not None:
        value, low, high = amount.value, amount.low, amount.high
        frame.setdefault("unit", amount.unit)
        frame.setdefault("scale", amount.scale)
        frame.setdefault("dimension", amount.dimension)
        if amount.zero:
            frame.setdefault("zero", amount.zero)
    # built without validation: every field comes from this package's own typed values (tests/test_extract.py
    # validates every claim of the project's texts), and validation is a tenth of extraction
    frame.update(
        claim_id=claim_id(article, measure, start, end),
        article_id=article.article_id,
        source=article.source,
        published=article.published,
        rule_id=rule_id,
        measure=measure,
        value=value,
        low=low,
        high=high,
        quote=article.text[start:end],
        sentence=sentence,
        start=start,
        end=end,
    )
    return _construct(frame)
