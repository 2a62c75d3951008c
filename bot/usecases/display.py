"""How stored answers read for a person: the reader (a language and its labels) and eligibility answers."""

from __future__ import annotations

from typing import Any, Protocol

from bot.campaign.schema import Campaign, Question
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.rules.question_kinds import kind_of
from bot.texts.render import Renderer


class Speaker(Protocol):
    """Whoever an answer is shown to: a language and its labels (a Request, or a staff view)."""

    @property
    def lang(self) -> str: ...

    def label(self, name: str, /, **context: Any) -> str: ...


class StaffView:
    """A ``Speaker`` without a chat: exports and reports in one language."""

    def __init__(self, renderer: Renderer, lang: str = OFFICIAL_LANGUAGE) -> None:
        self.renderer = renderer
        self._lang = lang

    @property
    def lang(self) -> str:
        return self._lang

    def label(self, name: str, /, **context: Any) -> str:
        return self.renderer.label(self._lang, name, **context)


def display_answer(request: Speaker, campaign: Campaign, question: Question, value: Any) -> str:
    """An answer as the applicant sees it in the summary."""
    if value is None:
        return request.label("not_answered")
    return kind_of(question).display(question, campaign, value, request)
