"""Eligibility as pure functions of a campaign's questions and the answers given.

Stored answer values (JSON): yes_no → "yes"/"no"; choice → option id; year → int;
level → int; score → decimal string; text → str.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from bot.campaign.schema import Campaign, Question
from bot.rules import maturity
from bot.rules.errors import RuleWarning
from bot.rules.question_kinds import kind_of


def passes(question: Question, value: Any) -> bool:
    """Whether ``value`` meets the question's condition (questions without one always pass)."""
    return kind_of(question).passes(question, value)


def first_failure(campaign: Campaign, answers: Mapping[str, Any]) -> Question | None:
    """The first answered question whose answer fails, in campaign order."""
    for question in campaign.questions:
        if question.id in answers and not passes(question, answers[question.id]):
            return question
    return None


def next_question(campaign: Campaign, answers: Mapping[str, Any], after: str | None) -> Question | None:
    """The next unanswered question after ``after``, else the first unanswered one anywhere."""
    questions = campaign.questions
    start = 0
    if after is not None:
        start = next((i + 1 for i, q in enumerate(questions) if q.id == after), 0)
    for question in questions[start:] + questions[:start]:
        if question.id not in answers:
            return question
    return None


def is_eligible(campaign: Campaign, answers: Mapping[str, Any]) -> bool:
    """All questions answered and every condition met."""
    return all(q.id in answers and passes(q, answers[q.id]) for q in campaign.questions)


def level_for_score(campaign: Campaign, score: Decimal) -> int | None:
    """The maturity level whose usual score band holds ``score`` (top band inclusive)."""
    return maturity.level_for_score(score, maturity.bands_from_levels(campaign.levels))


def score_mismatch(campaign: Campaign, question: Question, answers: Mapping[str, Any]) -> RuleWarning | None:
    """For a score question tied to a level question: the form's ``score_level_mismatch``
    warning when the score is outside the stated level's band, including a score below every
    band (a warning, not a refusal); otherwise None. One rule with the form's score field."""
    if question.kind != "score" or not question.level_question:
        return None
    level, score = answers.get(question.level_question), answers.get(question.id)
    if level is None or score is None:
        return None
    bands = maturity.bands_from_levels(campaign.levels)
    return maturity.check_score_matches_level(int(level), Decimal(str(score)), bands)
