"""/submit: check the package is complete, give a receipt, and send the package to staff."""

from __future__ import annotations

from typing import Any

from bot.campaign.schema import Campaign
from bot.domain.status import EDITABLE, Move, Role, Status
from bot.engine.request import Request
from bot.usecases.checklist import Checklist, checklist
from bot.usecases.contacts import contact_rows
from bot.usecases.district_notice import queue_district_notice
from bot.usecases.package import Package, queue_package
from handlers.common import (
    acted_on_time,
    active_application,
    change_status,
    deadline_context,
    say_status_refusal,
)
from storage.models import Application


async def on_submit(request: Request) -> None:
    found = await active_application(request)
    if found is None:
        request.say("submit/not_started")
        return
    campaign, application = found
    if application.status not in EDITABLE:
        say_status_refusal(request, "submit/not_now", application)
        return
    if not acted_on_time(request, campaign, application):
        contacts = contact_rows(campaign, request.lang)
        request.say(
            "upload/after_deadline", contacts=contacts, **deadline_context(request, campaign, application)
        )
        return
    items = await checklist(request.repos, campaign, application, request.lang)
    if not items.ready:
        request.say("submit/missing", items=items.context())
        return
    await submit(request, campaign, application, items)


async def on_submit_button(request: Request, parts: tuple[str, ...]) -> None:
    await on_submit(request)


async def submit(request: Request, campaign: Campaign, application: Application, items: Checklist) -> None:
    resubmission = application.status == Status.RETURNED
    application.submitted_at = request.now()
    application.submissions += 1
    change_status(request, application, Move.SUBMIT, Role.APPLICANT, submission=application.submissions)
    request.say("submit/receipt", **receipt(campaign, application, items, resubmission))
    package = Package(campaign, application, items, resubmission)
    if await queue_package(request.deps, request.repos, request.now(), package):
        request.queued = True
    if await queue_district_notice(request.deps, request.repos, request.now(), campaign, application):
        request.queued = True


def receipt(
    campaign: Campaign, application: Application, items: Checklist, resubmission: bool
) -> dict[str, Any]:
    assert application.submitted_at is not None
    return {
        "number": application.number,
        "name": campaign.name.zh_CN,
        "at": application.submitted_at.astimezone(campaign.zone),
        "pdf_sha256": items.pdf.sha256 if items.pdf else None,
        "case_sha256": items.case.sha256 if items.case else None,
        "resubmission": resubmission,
    }
