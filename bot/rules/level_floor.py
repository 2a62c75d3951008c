"""The campaign's minimum maturity level, as it applies to the level the ranking uses.

Eligibility asks for each platform's level with a ``min_level`` (and the clause to quote). The
ranking reads one platform's level (``[ranking] level_question``); after expert verification that
level is the confirmed one, and the same minimum applies to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.campaign.schema import Campaign, Clause


@dataclass(frozen=True)
class LevelFloor:
    min_level: int
    clause: Clause | None


def level_floor(campaign: Campaign) -> LevelFloor | None:
    """The ranking level question's minimum and clause, or ``None`` when it sets none."""
    question_id = campaign.ranking.level_question
    if not question_id or question_id not in {q.id for q in campaign.questions}:
        return None
    question = campaign.question(question_id)
    if question.min_level is None:
        return None
    return LevelFloor(question.min_level, question.clause)


def below_floor(campaign: Campaign, level: int | None) -> bool:
    """Whether ``level`` is under the campaign's minimum (``None``: unknown, not judged)."""
    floor = level_floor(campaign)
    return floor is not None and level is not None and level < floor.min_level
