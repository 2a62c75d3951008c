"""The department's recommendation opinion (推荐意见, notice §四（一）): /recommend, /decline, or the
buttons on the notice with the opinion typed as a reply. It can change until city staff accept
the package; every change is audited and told to everyone on the application and to city staff."""

from __future__ import annotations

from typing import Any

from bot.campaign.schema import Campaign
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.engine.events import Command
from bot.engine.request import Request
from bot.usecases.districts import current_opinion, opinion_context
from bot.usecases.people import Districts, StaffDesk
from handlers.common import notify_everyone, say_status_refusal
from handlers.district.common import audit, find_mine, my_district
from storage.models import Applicant, Application

OPEN_FOR_OPINION = ("submitted", "returned")  # until city staff accept the package


async def on_recommend(request: Request) -> None:
    """/recommend <no> <opinion>"""
    await _command(request, "recommend")


async def on_decline(request: Request) -> None:
    """/decline <no> <reason>"""
    await _command(request, "decline")


async def _command(request: Request, opinion: str) -> None:
    assert isinstance(request.event, Command)
    number, _, text = request.event.args.strip().partition(" ")
    if not number or not text.strip():
        request.say("district/opinion_usage", command=request.event.name)
        return
    found = await find_mine(request, number)
    if found is None:
        request.say("district/unknown_application", number=number)
        return
    await record_opinion(request, *found, opinion, text.strip())


async def record_opinion(
    request: Request,
    campaign: Campaign,
    application: Application,
    applicant: Applicant,
    opinion: str,
    text: str,
) -> None:
    if application.status not in OPEN_FOR_OPINION:
        say_status_refusal(request, "district/opinion_closed", application)
        return
    changed = current_opinion(campaign, application) is not None
    application.district_opinion = opinion
    application.district_opinion_text = text
    application.district_opinion_by = request.event.sender.user_id
    application.district_opinion_at = request.now()
    application.district_opinion_district = my_district(request).name
    application.updated_at = request.now()
    number = application.number or str(application.id)
    audit(request, opinion, number, opinion=text, district=my_district(request).name)
    context: dict[str, Any] = {
        "number": number,
        "name": campaign.name.zh_CN,
        "opinion": opinion_context(request.deps.part(Districts).all, campaign, application),
        "changed": changed,
    }
    stamp = request.now().isoformat()
    renderer = request.deps.renderer
    await notify_everyone(
        request,
        application,
        f"opinion:{application.id}:{stamp}",
        lambda lang: renderer.render(lang, "applicant_opinion", **context),
    )
    staff_chat = request.deps.part(StaffDesk).chat_id
    if staff_chat:
        await request.notify(
            staff_chat,
            f"opinion-staff:{application.id}:{stamp}",
            renderer.render(OFFICIAL_LANGUAGE, "district/for_staff", **context),
        )
    request.say("district/opinion_recorded", **context)
