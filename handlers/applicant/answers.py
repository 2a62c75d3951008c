"""Turning button data and typed text into stored eligibility answers, and back for display."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.campaign.schema import Campaign, Question
from bot.engine.request import Request
from bot.rules.errors import RuleError
from bot.rules.numbers import parse_score, parse_year
from bot.rules.text_field import parse_text

# Years typed outside this window are not plausible answers at all (a typo, not a failure).
PLAUSIBLE_YEARS = (1949, 2100)


def parse_button_value(question: Question, raw: str) -> Any:
    """The value a button of ``question`` carries; RuleError if it is not one of its own."""
    if question.kind == "yes_no" and raw in ("yes", "no"):
        return raw
    if question.kind == "choice" and raw in {o.id for o in question.options}:
        return raw
    if question.kind == "year":
        return raw if raw == "other" else _int(raw)
    if question.kind == "level":
        return _int(raw)
    raise RuleError("bad_button")


def _int(raw: str) -> int:
    if not raw.isdigit():
        raise RuleError("bad_button")
    return int(raw)


def _words(request: Request, *names: str) -> set[str]:
    """A label in every language, lower-cased: what a person may type instead of pressing it."""
    renderer = request.deps.renderer
    return {renderer.label(lang, name).lower() for lang in ("zh_CN", "en") for name in names}


def parse_typed_answer(request: Request, campaign: Campaign, question: Question, text: str) -> Any:
    """A typed answer; raises RuleError naming ``field/<code>`` when it cannot be understood."""
    typed = text.strip()
    kind = question.kind
    if kind == "yes_no":
        lowered = typed.lower()
        if lowered in _words(request, "yes", "yes_alt"):
            return "yes"
        if lowered in _words(request, "no", "no_alt"):
            return "no"
        raise RuleError("use_buttons")
    if kind == "choice":
        return _typed_choice(question, typed)
    if kind == "year":
        return int(parse_year(typed, *PLAUSIBLE_YEARS).value)
    if kind == "level":
        return _typed_level(campaign, typed)
    if kind == "score":
        assert question.min is not None and question.max is not None
        return str(parse_score(typed, Decimal(str(question.min)), Decimal(str(question.max))).value)
    return str(parse_text(typed, question.min_len, question.max_len).value)


def _typed_choice(question: Question, typed: str) -> str:
    for option in question.options:
        names = {option.id.lower(), option.text.zh_CN.lower(), option.text.en.lower()}
        if typed.lower() in names | {a.lower() for a in option.aliases}:
            return option.id
    raise RuleError("use_buttons")


def _typed_level(campaign: Campaign, typed: str) -> int:
    for band in campaign.levels:
        if typed in (str(band.level), band.name.zh_CN, band.name.en):
            return band.level
    raise RuleError("use_buttons")
