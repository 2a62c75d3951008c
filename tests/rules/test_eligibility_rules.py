"""Every eligibility rule of the 2022 notice as a pure function of the campaign file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.campaign.schema import Campaign
from bot.rules.eligibility import (
    first_failure,
    is_eligible,
    level_for_score,
    next_question,
    passes,
    score_mismatch,
)
from bot.rules.field_types import context_for, parse_field

ELIGIBLE = {
    "registered": "yes",
    "manufacturing": "yes",
    "recognised_kind": "factory",
    "recognised_name": "两江智能工厂",
    "recognised_year": 2021,
    "not_yet_benchmark": "no",
    "national_level": 3,
    "national_score": "3.25",
    "chongqing_level": 4,
    "chongqing_score": "4.10",
    "results": "yes",
}


@pytest.mark.parametrize(
    ("question", "value", "expected"),
    [
        ("registered", "yes", True),
        ("registered", "no", False),
        ("manufacturing", "yes", True),
        ("manufacturing", "no", False),
        ("recognised_kind", "workshop", True),
        ("recognised_kind", "factory", True),
        ("recognised_kind", "none", False),
        ("recognised_year", 2017, False),
        ("recognised_year", 2018, True),
        ("recognised_year", 2022, True),
        ("recognised_year", 2023, False),
        ("recognised_year", "other", False),
        ("not_yet_benchmark", "no", True),
        ("not_yet_benchmark", "yes", False),
        ("national_level", 2, False),
        ("national_level", 3, True),
        ("national_level", 5, True),
        ("chongqing_level", 2, False),
        ("chongqing_level", 3, True),
        ("results", "yes", True),
        ("results", "no", False),
        ("recognised_name", "任何名称", True),
        ("national_score", "0.5", True),
    ],
)
def test_each_condition(shipped_campaign: Campaign, question: str, value: object, expected: bool) -> None:
    assert passes(shipped_campaign.question(question), value) is expected


def test_whole_answers(shipped_campaign: Campaign) -> None:
    assert is_eligible(shipped_campaign, ELIGIBLE)
    failing = {**ELIGIBLE, "not_yet_benchmark": "yes", "results": "no"}
    assert not is_eligible(shipped_campaign, failing)
    failed = first_failure(shipped_campaign, failing)
    assert failed is not None and failed.id == "not_yet_benchmark" and failed.clause is not None
    assert failed.clause.ref == "§二（三）"
    assert not is_eligible(shipped_campaign, {k: v for k, v in ELIGIBLE.items() if k != "results"})


def test_next_question_goes_forward_then_wraps(shipped_campaign: Campaign) -> None:
    assert next_question(shipped_campaign, {}, None).id == "registered"  # type: ignore[union-attr]
    partial = {"registered": "yes", "recognised_kind": "factory"}
    assert next_question(shipped_campaign, partial, "registered").id == "manufacturing"  # type: ignore[union-attr]
    assert next_question(shipped_campaign, ELIGIBLE, "results") is None


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("0.8", 1),
        ("1.79", 1),
        ("1.8", 2),
        ("2.8", 3),
        ("3.79", 3),
        ("3.8", 4),
        ("4.8", 5),
        ("5", 5),
        ("0.5", None),
    ],
)
def test_score_bands(shipped_campaign: Campaign, score: str, level: int | None) -> None:
    assert level_for_score(shipped_campaign, Decimal(score)) == level


def test_score_that_disagrees_with_the_level_is_flagged(shipped_campaign: Campaign) -> None:
    question = shipped_campaign.question("national_score")
    assert score_mismatch(shipped_campaign, question, ELIGIBLE) is None
    warning = score_mismatch(shipped_campaign, question, {**ELIGIBLE, "national_score": "4.5"})
    assert warning is not None and warning.params["expected_level"] == 4


# GB/T 39117-2020 bands: 一级 starts at 0.8, so 0.5 is in no band. Level 3 with 0.5 must warn in
# eligibility exactly as the form's score field does for the same pair (issue 16 point 4).
@pytest.mark.parametrize(("level", "score"), [(3, "0.5"), (3, "0"), (4, "3.25"), (5, "4.79")])
def test_eligibility_and_form_give_the_same_warning(
    shipped_campaign: Campaign, level: int, score: str
) -> None:
    question = shipped_campaign.question("national_score")
    from_eligibility = score_mismatch(
        shipped_campaign, question, {**ELIGIBLE, "national_level": level, "national_score": score}
    )
    assert shipped_campaign.form is not None
    field = next(f for f in shipped_campaign.form.fields if f.id == "national_score")
    parsed = parse_field(field, score, context_for(shipped_campaign, field, stated_level=level))
    assert from_eligibility is not None and parsed.warnings == (from_eligibility,)


def test_score_below_every_band_warns_in_eligibility(shipped_campaign: Campaign) -> None:
    question = shipped_campaign.question("national_score")
    answers = {**ELIGIBLE, "national_level": 3, "national_score": "0.5"}
    warning = score_mismatch(shipped_campaign, question, answers)
    assert warning is not None and warning.code == "score_level_mismatch"
    assert (warning.params["expected_level"], warning.params["band_min"], warning.params["band_max"]) == (
        None,
        "2.8",
        "3.8",
    )
