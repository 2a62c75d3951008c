"""What the district departments hear through the outbox (a new submission of their district, in
their group or privately to each member who has started the bot), and their opinion as printed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from markupsafe import Markup

from bot.campaign.schema import Campaign
from bot.documents.form_docx import Recommendation
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.engine.buttons import Decline, DistrictDetails, OfApplication, Recommend
from bot.engine.effects import InlineButton, InlineKeyboard
from bot.engine.outbox_payload import message_payload
from bot.engine.request import Deps
from bot.texts.render import Renderer
from bot.usecases.districts import District, district_of, find_district, opinion_context
from bot.usecases.people import Districts
from storage.models import Application
from storage.repositories import Repositories

LANG = OFFICIAL_LANGUAGE  # the departments read the application in the language of the form


def opinion_keyboard(deps: Deps, application: Application) -> InlineKeyboard:
    """推荐 / 不推荐 (each asks for the opinion typed), and the application's details."""

    def button(label: str, kind: type[OfApplication]) -> InlineButton:
        return InlineButton(deps.renderer.label(LANG, label), deps.codec.encode(kind(application.id)))

    return InlineKeyboard(
        rows=(
            (button("opinion_recommend_button", Recommend), button("opinion_decline_button", Decline)),
            (button("details", DistrictDetails),),
        )
    )


def notice_context(campaign: Campaign, application: Application, district: District) -> dict[str, Any]:
    name_field = campaign.form.name_field if campaign.form else "enterprise_name"
    return {
        "number": application.number,
        "name": application.form.get(name_field) or "",
        "campaign": campaign.name.zh_CN,
        "district": district.name,
        "submissions": application.submissions,
    }


async def district_chats(repos: Repositories, district: District) -> list[int]:
    """The department's group, or else the private chats of its members who have started the bot."""
    if district.chat_id:
        return [district.chat_id]
    return [member.chat_id for member in await repos.applicants.started(district.user_ids)]


async def queue_district_notice(
    deps: Deps, repos: Repositories, now: datetime, campaign: Campaign, application: Application
) -> bool:
    """Tell the application's district department it was submitted; False if it has none configured."""
    district = find_district(deps.part(Districts).all, district_of(campaign, application.form))
    if district is None:
        return False
    text = deps.renderer.render(LANG, "district/notice", **notice_context(campaign, application, district))
    keyboard = opinion_keyboard(deps, application)
    queued = False
    for chat in await district_chats(repos, district):
        key = f"district:{application.id}:{application.submissions}:{chat}"
        queued = await repos.outbox.enqueue(key, chat, message_payload(text, keyboard), now) or queued
    return queued


def printed_recommendation(
    renderer: Renderer, districts: Sequence[District], campaign: Campaign, application: Application
) -> Recommendation | None:
    """The recorded opinion as the filled form prints it (``None`` while none is recorded)."""
    context = opinion_context(districts, campaign, application)
    if context["kind"] is None or context["at"] is None:
        return None
    text = Markup(renderer.render(OFFICIAL_LANGUAGE, "district/printed_opinion", opinion=context)).unescape()
    at = context["at"]
    return Recommendation(text, context["department"] or "", at.year, at.month, at.day)
