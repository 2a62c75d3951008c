"""The recommendation form's values: typed ones from ``application.form``, carried ones from
the eligibility answers, and how each is shown."""

from __future__ import annotations

from typing import Any

from bot.campaign.schema import Campaign, Form, FormField
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.usecases.display import Speaker
from storage.models import Application


def the_form(campaign: Campaign) -> Form | None:
    return campaign.form


def asked_fields(form: Form) -> list[FormField]:
    """Fields the applicant types; carried fields come from eligibility and are not asked."""
    return [f for f in form.fields if not f.carry_from]


def stored_value(field: FormField, application: Application) -> Any:
    if field.carry_from:
        return application.answers.get(field.carry_from)
    return application.form.get(field.id)


def next_field(form: Form, application: Application, after: str | None) -> FormField | None:
    """The next field without an answer after ``after``, else the first one anywhere."""
    fields = asked_fields(form)
    start = next((i + 1 for i, f in enumerate(fields) if f.id == after), 0)
    for field in fields[start:] + fields[:start]:
        if field.id not in application.form:
            return field
    return None


def display(
    request: Speaker, campaign: Campaign, field: FormField, value: Any, lang: str | None = None
) -> str:
    """A stored value as people read it, in ``lang`` (the applicant's by default)."""
    lang = lang or request.lang
    if value is None:
        return ""
    if field.type in ("choice", "district"):
        option = next((o for o in field.options if o.id == value), None)
        return option.text.get(lang) if option else str(value)
    if field.type == "level":
        return campaign.level_name(int(value), lang)
    return str(value)


def summary_items(
    request: Speaker, campaign: Campaign, form: Form, application: Application
) -> list[dict[str, Any]]:
    return [
        {
            "label": f.label.get(request.lang),
            "value": display(request, campaign, f, stored_value(f, application)),
            "type": f.type,
            "carried": bool(f.carry_from),
            "answered": f.carry_from is not None or f.id in application.form,
        }
        for f in form.fields
    ]


def printed_values(
    request: Speaker, campaign: Campaign, form: Form, application: Application
) -> dict[str, str]:
    """Every field as printed on the Chinese form."""
    return {
        f.id: display(request, campaign, f, stored_value(f, application), OFFICIAL_LANGUAGE)
        for f in form.fields
    }
