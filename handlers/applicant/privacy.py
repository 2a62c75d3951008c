"""The applicant's rights (PIPL): /privacy (the notice consent was given to), /mydata (everything
stored about them, as a file) and /delete (an application never submitted, after a confirmation)."""

from __future__ import annotations

from functools import partial

from bot.campaign.schema import Campaign
from bot.domain.permissions import Action
from bot.engine.buttons import ConfirmDelete
from bot.engine.request import Request, keyboard
from bot.usecases.erasure import erase_application
from bot.usecases.own_view import as_json_file, own_view
from bot.usecases.privacy import delete_files, erasable, unused_files
from handlers.common import active_application, active_campaign, campaign_at, campaign_index
from handlers.permits import permitted
from storage.models import Application


def _campaign(request: Request) -> Campaign | None:
    return active_campaign(request) or request.deps.campaigns.single


async def on_privacy(request: Request) -> None:
    campaign = _campaign(request)
    request.say(
        "privacy/notice",
        name=campaign.name.get(request.lang) if campaign else "",
        kept_until=campaign.kept_until.astimezone(campaign.zone) if campaign else None,
        retention_days=campaign.privacy.retention_days if campaign else None,
        contact=campaign.privacy.contact.get(request.lang) if campaign and campaign.privacy.contact else "",
        consent_at=request.applicant.consent_at.astimezone(campaign.zone)
        if campaign and request.applicant.consent_at
        else None,
    )


async def on_mydata(request: Request) -> None:
    data = as_json_file(await own_view(request.repos, request.applicant))
    request.send_file(
        request.text("privacy/mydata_file_name", user=request.applicant.id),
        data,
        caption=request.text("privacy/mydata_caption"),
    )


async def on_delete(request: Request) -> None:
    found = await active_application(request)
    if found is None:
        request.say("privacy/nothing_to_delete")
        return
    campaign, application = found
    if not await permitted(request, Action.DELETE, application):
        request.say("privacy/delete_first_contact_only", number=application.number)
        return
    if not erasable(application):
        _refuse(request, campaign, application)
        return
    confirm = request.button(
        request.label("confirm_delete"), ConfirmDelete(campaign_index(request, campaign), application.id)
    )
    request.say("privacy/delete_confirm", keyboard=keyboard([confirm]), name=campaign.name.get(request.lang))


async def on_delete_confirm(request: Request, pressed: ConfirmDelete) -> None:
    campaign = campaign_at(request, pressed.campaign)
    application = (
        await request.repos.applications.find(campaign.id, request.applicant.id) if campaign else None
    )
    if campaign is None or application is None or application.id != pressed.application:
        request.say("privacy/nothing_to_delete")
        return
    if not await permitted(request, Action.DELETE, application):
        request.say("privacy/delete_first_contact_only", number=application.number)
        return
    if not erasable(application):
        _refuse(request, campaign, application)
        return
    status = application.status
    files = len(await request.repos.uploads.of_application(application.id))
    named = await erase_application(request.repos, campaign, application, request.deps.files)
    unused = await unused_files(request.repos, named)
    request.after_commit.append(partial(delete_files, request.deps.files, unused))
    request.repos.audit.record(
        0,  # the trail keeps that an application was erased, not whose
        "applicant_erase",
        f"{campaign.id}:{application.id}",
        request.now(),
        status=status,
    )
    request.say("privacy/deleted", name=campaign.name.get(request.lang), files=files)


def _refuse(request: Request, campaign: Campaign, application: Application) -> None:
    request.say(
        "privacy/delete_refused",
        number=application.number,
        status=request.label(f"status_{application.status}"),
        kept_until=campaign.kept_until.astimezone(campaign.zone),
        contact=campaign.privacy.contact.get(request.lang) if campaign.privacy.contact else "",
    )
