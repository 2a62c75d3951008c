"""Turning button data and typed text into stored eligibility answers (the kinds are in
``bot/rules/question_kinds.py``)."""

from __future__ import annotations

from typing import Any

from bot.campaign.schema import Campaign, Question
from bot.domain.languages import LANGUAGES
from bot.engine.request import Request
from bot.rules.question_kinds import Typed, kind_of


def parse_button_value(question: Question, raw: str) -> Any:
    """The value a button of ``question`` carries; RuleError if it is not one of its own."""
    return kind_of(question).from_button(question, raw)


def _words(request: Request, *names: str) -> frozenset[str]:
    """A label in every language, lower-cased: what a person may type instead of pressing it."""
    renderer = request.deps.renderer
    return frozenset(renderer.label(lang, name).lower() for lang in LANGUAGES for name in names)


def parse_typed_answer(request: Request, campaign: Campaign, question: Question, text: str) -> Any:
    """A typed answer; raises RuleError naming ``field/<code>`` when it cannot be understood."""
    words = {"yes": _words(request, "yes", "yes_alt"), "no": _words(request, "no", "no_alt")}
    return kind_of(question).typed(question, text, Typed(campaign, words))
