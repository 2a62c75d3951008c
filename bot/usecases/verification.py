"""The item-by-item verification record (notice §三（三）): the reported values experts check on
site, each marked consistent or inconsistent with the value they verified.

The items are the campaign's ``[review] verify_fields`` (form fields; by default the carried ones
and the figures) and ``[review] items`` (further items, without a reported value in the form).
The inconsistency count, the verdict and the confirmed level and score follow from the items;
they are never typed separately. The record is JSON on the application (``verification``).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from typing import Any

from bot.campaign.schema import Campaign, FormField, LocalText, Question
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.rules.field_types import context_for, parse_field
from bot.rules.parsed import Parsed
from bot.rules.text_field import parse_text
from bot.usecases.display import Speaker
from bot.usecases.form_values import display, stored_value
from storage.models import Application

FIGURE_TYPES = ("level", "score", "money_wan", "money_wan_signed", "money_usd_wan", "year")
FREE_ITEM_MAX_LEN = 200


@dataclasses.dataclass(frozen=True)
class Item:
    id: str
    label: LocalText
    field: FormField | None  # None: an item of ``[review] items``, not in the form


def check_items(campaign: Campaign) -> list[Item]:
    fields = campaign.form.fields if campaign.form else []
    chosen = campaign.review.verify_fields
    if chosen is None:
        picked = [f for f in fields if f.carry_from or f.type in FIGURE_TYPES]
    else:
        by_id = {f.id: f for f in fields}
        picked = [by_id[i] for i in chosen]
    return [Item(f.id, f.label, f) for f in picked] + [
        Item(i.id, i.label, None) for i in campaign.review.items
    ]


def open_record(
    view: Speaker, campaign: Campaign, application: Application, expert: int, now: datetime
) -> dict[str, Any]:
    """A new record: every item with its reported value (as printed on the form), none checked."""
    items = []
    for item in check_items(campaign):
        reported = stored_value(item.field, application) if item.field else None
        items.append(
            {
                "id": item.id,
                "label": item.label.zh_CN,
                "reported": display(view, campaign, item.field, reported, OFFICIAL_LANGUAGE)
                if item.field
                else None,
                "consistent": None,
                "verified": None,
                "verified_stored": None,
            }
        )
    return {"items": items, "expert": expert, "opened_at": now.isoformat(), "done_at": None}


def next_open(record: dict[str, Any]) -> int | None:
    """The first item not yet marked, or ``None`` when every item is."""
    return next((i for i, item in enumerate(record["items"]) if item["consistent"] is None), None)


def marked(
    record: dict[str, Any], index: int, consistent: bool, verified: tuple[str, Any] | None = None
) -> dict[str, Any]:
    """A copy of ``record`` with item ``index`` marked (a copy, so the JSON column sees a change);
    ``verified`` is the verified value as shown and as stored."""
    items = [dict(item) for item in record["items"]]
    shown, stored = verified if verified else (None, None)
    items[index].update(consistent=consistent, verified=shown, verified_stored=stored)
    return {**record, "items": items}


def verified_value(view: Speaker, campaign: Campaign, item_id: str, parsed: Parsed) -> tuple[str, Any]:
    """The parsed verified value as shown (a level by its name) and as stored."""
    field = next((i.field for i in check_items(campaign) if i.id == item_id), None)
    shown = display(view, campaign, field, parsed.stored, OFFICIAL_LANGUAGE) if field else parsed.display
    return shown, parsed.stored


def parse_verified(campaign: Campaign, item_id: str, text: str) -> Parsed:
    """The verified value typed for an item, read as the form reads that field (no eligibility
    ranges: an expert may well find a year or level the rules would refuse). Raises ``RuleError``."""
    field = next((i.field for i in check_items(campaign) if i.id == item_id), None)
    if field is None:
        return parse_text(text, 1, FREE_ITEM_MAX_LEN)
    context = dataclasses.replace(context_for(campaign, field), year_range=None)
    return parse_field(field, text, context)


def inconsistencies(record: dict[str, Any]) -> int:
    return sum(item["consistent"] is False for item in record["items"])


def confirmed(
    campaign: Campaign, application: Application, record: dict[str, Any]
) -> tuple[int, Decimal] | None:
    """The level and score the ranking uses: the verified value where an item differs, else the
    reported one (``None`` when the campaign ranks by no level and score)."""
    ranking = campaign.ranking
    if not ranking.level_question or not ranking.score_question:
        return None
    level = _value(campaign, application, record, ranking.level_question)
    score = _value(campaign, application, record, ranking.score_question)
    if level is None or score is None:
        return None
    return int(level), Decimal(str(score))


def _value(campaign: Campaign, application: Application, record: dict[str, Any], question: str) -> Any:
    fields = campaign.form.fields if campaign.form else []
    field = next((f for f in fields if f.carry_from == question), None)
    item = next((i for i in record["items"] if field and i["id"] == field.id), None)
    if item is not None and item["consistent"] is False:
        return item["verified_stored"]
    return application.answers.get(question)


def record_context(campaign: Campaign, application: Application) -> dict[str, Any] | None:
    """The record as templates and exports show it: items, expert, when (local time), finished?"""
    record = application.verification
    if not record:
        return None
    done_at = record.get("done_at")
    at = datetime.fromisoformat(done_at or record["opened_at"]).astimezone(campaign.zone)
    return {
        "items": record["items"],
        "expert": record["expert"],
        "at": at,
        "done": bool(done_at),
        "count": inconsistencies(record),
    }


def confirmed_answer(
    campaign: Campaign, application: Application, record: dict[str, Any], question: str
) -> Any:
    """The confirmed value of an eligibility answer: the verified one where the item differs."""
    return _value(campaign, application, record, question)


def failed_rule(campaign: Campaign, application: Application, record: dict[str, Any]) -> Question | None:
    """The first eligibility rule the confirmed values break: a level question's minimum (§一, both
    platforms) or a year question's window (§二（二）); None when they all hold."""
    for question in campaign.questions:
        value = confirmed_answer(campaign, application, record, question.id)
        if value is None:
            continue
        if question.kind == "level" and question.min_level is not None and int(value) < question.min_level:
            return question
        if question.kind == "year" and not _within(int(value), question.min, question.max):
            return question
    return None


def _within(value: int, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)
