"""What a district department sees: its district's applications (submitted first) and one of them."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.engine.events import Command
from bot.engine.request import Request
from bot.usecases.district_notice import opinion_keyboard
from bot.usecases.districts import current_opinion, district_of, opinion_context
from bot.usecases.form_values import printed_values
from bot.usecases.people import Districts
from handlers.district.common import find_mine, my_district
from storage.models import Applicant, Application

SUBMITTED = ("submitted", "accepted", "returned", "verified")


async def on_queue(request: Request) -> None:
    """/queue: the district's applications, submitted ones first, then those still being prepared."""
    district = my_district(request)
    submitted: list[dict[str, object]] = []
    preparing: list[dict[str, object]] = []
    for campaign in request.deps.campaigns.all:
        for application in await request.repos.applications.in_campaign(campaign.id):
            if district_of(campaign, application.form) != district.name:
                continue
            item = _item(request, campaign, application)
            (submitted if application.status in SUBMITTED else preparing).append(item)
    request.say("district/queue", district=district.name, submitted=submitted, preparing=preparing)


def _item(request: Request, campaign: Campaign, application: Application) -> dict[str, object]:
    name_field = campaign.form.name_field if campaign.form else "enterprise_name"
    return {
        "number": application.number or "—",
        "name": application.form.get(name_field) or "",
        "status": request.label(f"status_{application.status}"),
        "opinion": current_opinion(campaign, application),
    }


async def on_app(request: Request) -> None:
    """/app <no>: one application of the district; any other number gets the same "not found"."""
    assert isinstance(request.event, Command)
    number = request.event.args.strip()
    if not number:
        request.say("staff/app_usage")
        return
    found = await find_mine(request, number)
    if found is None:
        request.say("district/unknown_application", number=number)
        return
    await show_application(request, *found)


async def show_application(
    request: Request, campaign: Campaign, application: Application, applicant: Applicant
) -> None:
    form = campaign.form
    values = printed_values(request, campaign, form, application) if form else {}
    fields = form.fields if form else []
    request.say(
        "district/application",
        keyboard=opinion_keyboard(request.deps, application),
        number=application.number,
        campaign=campaign.name.zh_CN,
        status=request.label(f"status_{application.status}"),
        fields=[{"label": f.label.zh_CN, "value": values.get(f.id, "")} for f in fields],
        opinion=opinion_context(request.deps.part(Districts).all, campaign, application),
    )
