"""The question-kind registry: every kind the schema allows has exactly one entry, and the kinds
read answers the way the notice's conditions need."""

from __future__ import annotations

import typing

import pytest

from bot.campaign.schema import Campaign, Question
from bot.rules.errors import RuleError
from bot.rules.question_kinds import KINDS, Typed, kind_of


def test_the_registry_and_the_schema_name_the_same_kinds() -> None:
    allowed = typing.get_args(Question.model_fields["kind"].annotation)
    assert set(allowed) == set(KINDS)


def test_every_question_of_the_shipped_campaign_has_a_kind(shipped_campaign: Campaign) -> None:
    assert all(kind_of(q).name == q.kind for q in shipped_campaign.questions)


@pytest.mark.parametrize(("value", "passes"), [(2, False), (3, True), (5, True)])
def test_level_questions_pass_from_level_three_as_the_notice_requires(
    shipped_campaign: Campaign, value: int, passes: bool
) -> None:
    # Notice §一: 自诊断等级达到三级（集成级）及以上.
    question = next(q for q in shipped_campaign.questions if q.kind == "level")
    assert kind_of(question).passes(question, value) is passes


@pytest.mark.parametrize(("year", "passes"), [(2017, False), (2018, True), (2022, True), (2023, False)])
def test_recognition_year_within_2018_to_2022(shipped_campaign: Campaign, year: int, passes: bool) -> None:
    # Notice §二（二）: 2018—2022年 recognised workshops and factories.
    question = next(q for q in shipped_campaign.questions if q.kind == "year")
    assert kind_of(question).passes(question, year) is passes


def test_a_forged_button_value_is_refused_by_every_kind_that_has_buttons(shipped_campaign: Campaign) -> None:
    for question in shipped_campaign.questions:
        if question.kind in ("yes_no", "choice", "level"):
            with pytest.raises(RuleError):
                kind_of(question).from_button(question, "forged")


def test_typed_level_outside_the_standard_is_explained(shipped_campaign: Campaign) -> None:
    question = next(q for q in shipped_campaign.questions if q.kind == "level")
    with pytest.raises(RuleError) as error:
        kind_of(question).typed(question, "七级", Typed(shipped_campaign))
    assert error.value.code == "level_range"
