"""Whether the form's figures are plausible: a warning asking to re-check, never a refusal.

From the campaign's ``[form.plausibility]``: an amount above ``ceiling_wan`` (万元; an export in
万美元 converted at ``usd_rate`` first), a profit or tax above the revenue, an export above the
revenue at ``usd_rate``. Values are exact ``Decimal``; a field not yet filled is not judged.

Warnings (``field`` is the field id the warning is about):
``amount_beyond_ceiling`` (field, value, ceiling), ``above_revenue`` (field, value, revenue),
``export_above_revenue`` (field, value, rate, converted, revenue).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from bot.campaign.schema import Plausibility
from bot.rules.errors import RuleWarning
from bot.rules.parsed import decimal_text


def _decimal(number: float) -> Decimal:
    return Decimal(str(number))


def _in_wan(field: str, value: Decimal, rules: Plausibility) -> Decimal | None:
    """The amount in 万元 (an export converted at the rate; ``None`` without a rate)."""
    if field != rules.export_field:
        return value
    return value * _decimal(rules.usd_rate) if rules.usd_rate else None


def _beyond_ceiling(values: Mapping[str, Decimal], rules: Plausibility) -> list[RuleWarning]:
    ceiling = _decimal(rules.ceiling_wan)
    warnings = []
    for field, value in values.items():
        amount = _in_wan(field, value, rules)
        if amount is not None and abs(amount) > ceiling:
            params = {"field": field, "value": decimal_text(value), "ceiling": decimal_text(ceiling)}
            warnings.append(RuleWarning("amount_beyond_ceiling", params))
    return warnings


def _above_revenue(values: Mapping[str, Decimal], rules: Plausibility) -> list[RuleWarning]:
    revenue = values.get(rules.revenue_field)
    if revenue is None:
        return []
    warnings = []
    for field in rules.at_most_revenue:
        value = values.get(field)
        if value is not None and value > revenue:
            params = {"field": field, "value": decimal_text(value), "revenue": decimal_text(revenue)}
            warnings.append(RuleWarning("above_revenue", params))
    export = values.get(rules.export_field) if rules.export_field else None
    if export is not None and rules.export_field and rules.usd_rate:
        converted = export * _decimal(rules.usd_rate)
        if converted > revenue:
            params = {
                "field": rules.export_field,
                "value": decimal_text(export),
                "rate": decimal_text(_decimal(rules.usd_rate)),
                "converted": decimal_text(converted.quantize(Decimal("0.01"))),
                "revenue": decimal_text(revenue),
            }
            warnings.append(RuleWarning("export_above_revenue", params))
    return warnings


def check(values: Mapping[str, Decimal], rules: Plausibility) -> list[RuleWarning]:
    """Every plausibility warning for the amounts filled so far (field id → value)."""
    return _beyond_ceiling(values, rules) + _above_revenue(values, rules)


def involving(warnings: list[RuleWarning], field: str, rules: Plausibility) -> list[RuleWarning]:
    """The warnings a change of ``field`` may have caused: its own, and all comparisons with
    the revenue when the revenue itself changed."""
    if field == rules.revenue_field:
        return [w for w in warnings if w.params["field"] == field or w.code != "amount_beyond_ceiling"]
    return [w for w in warnings if w.params["field"] == field]
