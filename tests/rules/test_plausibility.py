"""Plausibility of the form's amounts (DOMAIN.md "Plausibility"; issue 16 point 3).

Expected values: the ceiling 10,000,000 万元 (1,000 亿元) and the rule "profit or tax above
revenue, exports above revenue at the campaign's rate" from DOMAIN.md; the rate 6.4515 元 per
US dollar is the 2021 average of the shipped file, and the products below are worked by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.campaign.schema import Campaign, Plausibility
from bot.rules.numbers import parse_money
from bot.rules.plausibility import check, involving


@pytest.fixture(scope="module")
def rules(shipped_campaign: Campaign) -> Plausibility:
    assert shipped_campaign.form is not None and shipped_campaign.form.plausibility is not None
    return shipped_campaign.form.plausibility


def codes(values: dict[str, str], rules: Plausibility) -> list[tuple[str, str]]:
    found = check({k: Decimal(v) for k, v in values.items()}, rules)
    return [(w.code, w.params["field"]) for w in found]


def test_shipped_settings(rules: Plausibility) -> None:
    assert (rules.ceiling_wan, rules.usd_rate) == (10_000_000, 6.4515)
    assert (rules.revenue_field, rules.at_most_revenue, rules.export_field) == (
        "revenue",
        ["profit", "tax"],
        "export",
    )


def test_credit_code_pasted_into_revenue_is_beyond_the_ceiling(rules: Plausibility) -> None:
    revenue = parse_money("914403001922038216").value  # the example
    found = check({"revenue": revenue}, rules)
    assert [(w.code, w.params) for w in found] == [
        (
            "amount_beyond_ceiling",
            {"field": "revenue", "value": "914403001922038216", "ceiling": "10000000"},
        )
    ]


@pytest.mark.parametrize(
    ("typed", "warned"),
    [("1.2万亿", True), ("1000亿", False), ("10000001", True), ("9999999", False), ("三千五百万", False)],
)
def test_ceiling_is_one_thousand_yi(rules: Plausibility, typed: str, warned: bool) -> None:
    assert bool(check({"revenue": parse_money(typed).value}, rules)) is warned


def test_profit_and_tax_above_revenue(rules: Plausibility) -> None:
    values = {"revenue": "12000", "profit": "12000.5", "tax": "12000"}
    assert codes(values, rules) == [("above_revenue", "profit")]  # equal is not above
    assert codes({"revenue": "12000", "profit": "-35.5", "tax": "800"}, rules) == []


@pytest.mark.parametrize(
    ("export", "warned"),
    [
        ("2000", True),  # 2000 × 6.4515 = 12903 万元 > 12000
        ("1860", False),  # 1860 × 6.4515 = 11999.79 万元 ≤ 12000
        ("1860.1", True),  # 12000.43 万元
    ],
)
def test_exports_above_revenue_at_the_rate(rules: Plausibility, export: str, warned: bool) -> None:
    found = check({"revenue": Decimal("12000"), "export": Decimal(export)}, rules)
    assert [w.code for w in found] == (["export_above_revenue"] if warned else [])


def test_export_warning_carries_the_conversion(rules: Plausibility) -> None:
    [warning] = check({"revenue": Decimal("12000"), "export": Decimal("2000")}, rules)
    assert (warning.params["rate"], warning.params["converted"]) == ("6.4515", "12903")


def test_exports_beyond_the_ceiling_after_conversion(rules: Plausibility) -> None:
    # 1,600,000 万美元 × 6.4515 = 10,322,400 万元 > 10,000,000; 1,500,000 → 9,677,250.
    assert codes({"export": "1600000"}, rules) == [("amount_beyond_ceiling", "export")]
    assert codes({"export": "1500000"}, rules) == []


def test_fields_not_filled_are_not_judged(rules: Plausibility) -> None:
    assert codes({"profit": "99999"}, rules) == []


def test_a_changed_revenue_brings_back_every_comparison(rules: Plausibility) -> None:
    found = check({"revenue": Decimal("100"), "profit": Decimal("200"), "tax": Decimal("50")}, rules)
    assert [w.params["field"] for w in involving(found, "revenue", rules)] == ["profit"]
    assert involving(found, "tax", rules) == []
