"""How stored answers read for a person: the reader (a language and its labels) and eligibility answers."""

from __future__ import annotations

from typing import Any, Protocol

from bot.campaign.schema import Campaign, Question
from bot.engine.render import DEFAULT_LANGUAGE, Renderer


class Speaker(Protocol):
    """Whoever an answer is shown to: a language and its labels (a Request, or a staff view)."""

    @property
    def lang(self) -> str: ...

    def label(self, name: str, /, **context: Any) -> str: ...


class StaffView:
    """A ``Speaker`` without a chat: exports and reports in one language."""

    def __init__(self, renderer: Renderer, lang: str = DEFAULT_LANGUAGE) -> None:
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
    if question.kind == "yes_no":
        return request.label(str(value))
    if question.kind == "choice":
        option = next((o for o in question.options if o.id == value), None)
        return option.text.get(request.lang) if option else str(value)
    if question.kind == "year" and value == "other":
        return request.label("other_year")
    if question.kind == "level":
        return campaign.level_name(int(value), request.lang)
    return str(value)
