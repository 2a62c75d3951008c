"""One parser per form field type: ``parse_field(field, text, context) -> Parsed``.

``PARSERS`` covers every name of ``bot.campaign.schema.FIELD_TYPES`` plus ``address`` and
``money_wan_signed`` (profit may be negative), which the schema may adopt. What a parser
needs beyond the ``FormField`` (ranges, score bands, the home region) is in ``FieldContext``;
``context_for`` builds it from the campaign.
Level errors: ``level_format`` (text), ``level_range`` (level, minimum, maximum).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from bot.campaign.schema import Campaign, FormField, LocalText, Option
from bot.rules.choice import match_option
from bot.rules.credit_code import parse_org_code
from bot.rules.errors import RuleError
from bot.rules.maturity import Band, bands_from_levels, check_score_matches_level
from bot.rules.mobile import parse_mobile
from bot.rules.numbers import parse_money, parse_score, parse_year
from bot.rules.parsed import Parsed, Stored, Value
from bot.rules.text_field import parse_address, parse_multiline, parse_text
from bot.rules.text_norm import normalise_compact


@dataclass(frozen=True)
class FieldContext:
    """Parameters from the campaign and ``bot.toml``; ``None`` means "not checked"."""

    year_range: tuple[int, int] | None = None
    score_range: tuple[Decimal, Decimal] | None = None
    bands: tuple[Band, ...] = ()
    level_names: Mapping[int, LocalText] = field(default_factory=dict)
    stated_level: int | None = None  # for a score field: the level given with it
    home_place: str | None = None  # an address should mention it (e.g. 重庆)
    home_place_aliases: tuple[str, ...] = ()  # or one of these spellings (e.g. Chongqing)
    home_division: str | None = None  # credit-code division prefix of the region (e.g. 50)


Parser = Callable[[FormField, str, FieldContext], Parsed]

_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_LEVEL_NUMBER = re.compile(r"(?:level|lv\.?|l)?(?P<n>[1-9一二两三四五六七八九])(?:级|级别)?")
_PARTS = re.compile(r"[()（）]")


def _choice(field: FormField, text: str, context: FieldContext) -> Parsed:
    option = match_option(text, field.options, field.outside)
    return Parsed(option.id, option.text.zh_CN)


def _level_options(names: Mapping[int, LocalText]) -> list[Option]:
    """Level names as options; a name ``A（B级）`` also answers to ``A``, ``B级`` and ``B``."""
    options = []
    for level, name in names.items():
        parts = [p.strip() for p in _PARTS.split(f"{name.zh_CN}({name.en})") if p.strip()]
        aliases = parts + [p.removesuffix("级") for p in parts if len(p) > 2 and p.endswith("级")]
        options.append(Option(id=str(level), text=name, aliases=aliases))
    return options


def parse_level(text: str, bands: Sequence[Band], level_names: Mapping[int, LocalText]) -> int:
    """A maturity level as people type it (a digit, a Chinese numeral, L3, or the level's name):
    the one level parser of the form and the eligibility questions."""
    match = _LEVEL_NUMBER.fullmatch(normalise_compact(text).casefold())
    if match:
        level = int(match["n"]) if match["n"].isdigit() else _NUMERALS[match["n"]]
    else:
        try:
            level = int(match_option(text, _level_options(level_names)).id)
        except RuleError:
            raise RuleError("level_format", text=text.strip()) from None
    known = sorted({b[0] for b in bands} | set(level_names))
    if known and level not in known:
        raise RuleError("level_range", level=level, minimum=known[0], maximum=known[-1])
    return level


def _level(field: FormField, text: str, context: FieldContext) -> Parsed:
    level = parse_level(text, context.bands, context.level_names)
    return Parsed(level, str(level))


def _score(field: FormField, text: str, context: FieldContext) -> Parsed:
    low, high = context.score_range or (None, None)
    parsed = parse_score(text, low, high)
    if context.stated_level is not None and context.bands:
        warning = check_score_matches_level(context.stated_level, parsed.value, context.bands)
        if warning is not None:
            return Parsed(parsed.value, parsed.display, (*parsed.warnings, warning))
    return parsed


def _year(field: FormField, text: str, context: FieldContext) -> Parsed:
    low, high = context.year_range or (None, None)
    return parse_year(text, low, high)


PARSERS: dict[str, Parser] = {
    "text": lambda f, t, c: parse_text(t, f.min_len, f.max_len),
    "multiline": lambda f, t, c: parse_multiline(t, f.min_len, f.max_len),
    "address": lambda f, t, c: parse_address(
        t, f.min_len, f.max_len, must_mention=c.home_place, aliases=c.home_place_aliases
    ),
    "credit_code": lambda f, t, c: parse_org_code(t, home_division=c.home_division),
    "money_wan": lambda f, t, c: parse_money(t, "wan", allow_negative=False),
    "money_wan_signed": lambda f, t, c: parse_money(t, "wan", allow_negative=True),
    "money_usd_wan": lambda f, t, c: parse_money(t, "usd_wan", allow_negative=False),
    "choice": _choice,
    "district": _choice,
    "mobile": lambda f, t, c: parse_mobile(t),
    "year": _year,
    "level": _level,
    "score": _score,
}

_DECIMAL_TYPES = frozenset({"money_wan", "money_wan_signed", "money_usd_wan", "score"})
_INT_TYPES = frozenset({"year", "level"})


def parse_field(form_field: FormField, text: str, context: FieldContext | None = None) -> Parsed:
    """Parse ``text`` for ``form_field``; raises ``RuleError`` with the parser's code."""
    return PARSERS[form_field.type](form_field, text, context or FieldContext())


def load_value(field_type: str, stored: Stored) -> Value:
    """The inverse of ``Parsed.stored``: ``"12000"`` of a money field → ``Decimal("12000")``."""
    if field_type in _DECIMAL_TYPES:
        return Decimal(str(stored))
    if field_type in _INT_TYPES:
        return int(stored)
    return str(stored)


def context_for(
    campaign: Campaign,
    form_field: FormField,
    *,
    stated_level: int | None = None,
    home_place: str | None = None,
    home_division: str | None = None,
    home_place_aliases: tuple[str, ...] = (),
) -> FieldContext:
    """The context of one field: ranges from the question it carries over, bands from [[levels]]."""
    year_range = score_range = None
    if form_field.carry_from:
        question = campaign.question(form_field.carry_from)
        if question.min is not None and question.max is not None:
            if form_field.type == "year":
                year_range = (int(question.min), int(question.max))
            score_range = (Decimal(str(question.min)), Decimal(str(question.max)))
    return FieldContext(
        year_range=year_range,
        score_range=score_range if form_field.type == "score" else None,
        bands=bands_from_levels(campaign.levels),
        level_names={item.level: item.name for item in campaign.levels},
        stated_level=stated_level,
        home_place=home_place,
        home_division=home_division,
        home_place_aliases=home_place_aliases,
    )


def field_types() -> Sequence[str]:
    """Every type name a parser exists for."""
    return tuple(PARSERS)
