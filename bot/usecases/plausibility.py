"""The form's plausibility warnings, ready to say: the rule's warnings with field labels."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.campaign.schema import Campaign, FormField
from bot.rules.plausibility import check, involving
from storage.models import Application

MONEY_TYPES = ("money_wan", "money_wan_signed", "money_usd_wan")


@dataclass(frozen=True)
class Said:
    """One warning: the template code, its parameters, and the index of the field to re-edit."""

    code: str
    params: dict[str, Any]
    field_index: int


def _amounts(fields: list[FormField], application: Application) -> dict[str, Decimal]:
    values = {}
    for field in fields:
        stored = application.form.get(field.id)
        if field.type in MONEY_TYPES and stored not in (None, ""):
            try:
                values[field.id] = Decimal(str(stored))
            except InvalidOperation:
                continue
    return values


def plausibility_warnings(
    campaign: Campaign, application: Application, lang: str, changed: str | None = None
) -> list[Said]:
    """Every warning on the form's amounts (or only those ``changed`` may have caused)."""
    form = campaign.form
    if form is None or form.plausibility is None:
        return []
    rules = form.plausibility
    fields = list(form.fields)
    warnings = check(_amounts(fields, application), rules)
    if changed is not None:
        warnings = involving(warnings, changed, rules)
    by_id = {f.id: (i, f) for i, f in enumerate(fields)}
    revenue_label = by_id[rules.revenue_field][1].label.get(lang)
    said = []
    for warning in warnings:
        index, field = by_id[warning.params["field"]]
        params = {
            **warning.params,
            "field": field.label.get(lang),
            "revenue_label": revenue_label,
            "expected": "usd_wan" if field.type == "money_usd_wan" else "wan",
        }
        said.append(Said(warning.code, params, index))
    return said
