"""/submit: check the package is complete, show it and ask to confirm, then give a receipt and
send the package to staff."""

from __future__ import annotations

from typing import Any

from bot.campaign.schema import Campaign
from bot.domain.status import EDITABLE, Move, Status
from bot.engine.buttons import ConfirmSubmit, Fingerprints, SubmitNow
from bot.engine.events import Button
from bot.engine.request import Request, keyboard
from bot.usecases.checklist import Checklist, checklist
from bot.usecases.contacts import contact_rows
from bot.usecases.district_notice import queue_district_notice
from bot.usecases.form_values import summary_items
from bot.usecases.package import Package, queue_package
from handlers.common import (
    acted_at,
    acted_on_time,
    active_application,
    campaign_at,
    campaign_index,
    change_status,
    deadline_context,
    say_status_refusal,
)
from storage.models import Application, Upload


async def on_submit(request: Request) -> None:
    """/submit and the "submit" button: the package as staff will get it, to confirm."""
    found = await _submittable(request)
    if found is not None:
        show_package(request, *found)


async def on_submit_button(request: Request, pressed: SubmitNow) -> None:
    await on_submit(request)


async def _submittable(request: Request) -> tuple[Campaign, Application, Checklist] | None:
    """The active application if it can be submitted now; otherwise says why not."""
    found = await active_application(request)
    if found is None:
        request.say("submit/not_started")
        return None
    campaign, application = found
    if application.status not in EDITABLE:
        say_status_refusal(request, "submit/not_now", application)
        return None
    if not acted_on_time(request, campaign, application):
        contacts = contact_rows(campaign, request.lang)
        request.say(
            "upload/after_deadline", contacts=contacts, **deadline_context(request, campaign, application)
        )
        return None
    items = await checklist(request.repos, campaign, application, request.lang)
    if not items.ready:
        request.say("submit/missing", items=items.context())
        return None
    return campaign, application, items


def _versions(items: Checklist) -> tuple[int, int]:
    """The upload ids a confirmation is for (0: none needed)."""
    return (items.pdf.id if items.pdf else 0, items.case.id if items.case else 0)


def show_package(request: Request, campaign: Campaign, application: Application, items: Checklist) -> None:
    offered = int(acted_at(request).timestamp())  # the confirmation counts at this step's time
    confirm = request.button(
        request.label("confirm_submit"),
        ConfirmSubmit(campaign_index(request, campaign), *_versions(items), offered),
    )
    request.say_text(package_text(request, campaign, application, items), keyboard([confirm]))


def package_text(request: Request, campaign: Campaign, application: Application, items: Checklist) -> str:
    form = campaign.form
    return request.text(
        "submit/confirm",
        number=application.number,
        resubmission=application.status == Status.RETURNED,
        fields=summary_items(request, campaign, form, application) if form else [],
        pdf=_upload_view(items.pdf, campaign),
        case=_upload_view(items.case, campaign),
    )


def _upload_view(upload: Upload | None, campaign: Campaign) -> dict[str, Any] | None:
    if upload is None:
        return None
    report = upload.report or {}
    return {
        "version": upload.version,
        "name": upload.file_name,
        "at": upload.uploaded_at.astimezone(campaign.zone),
        "pages": report.get("pages"),
        "chars": report.get("total_chars"),
        "images": report.get("images"),
        "warnings": sum(1 for p in report.get("problems", []) if p.get("severity") == "warning"),
    }


async def on_confirm(request: Request, pressed: ConfirmSubmit) -> None:
    """Submit exactly the package that was shown (the upload ids the button carries).
    A confirmation whose files have since changed shows the new package instead; one already used
    (or from another campaign) answers with a toast and changes nothing."""
    assert isinstance(request.event, Button)
    campaign = campaign_at(request, pressed.campaign)
    found = await active_application(request)
    if campaign is None or found is None or found[0] is not campaign or found[1].status not in EDITABLE:
        request.answer(request.event.callback_id, request.label("stale_button"))
        return
    ready = await _submittable(request)
    if ready is None:
        return
    campaign, application, items = ready
    if _versions(items) != (pressed.pdf, pressed.case):
        request.answer(request.event.callback_id, request.label("package_changed"))
        show_package(request, campaign, application, items)
        return
    if request.event.message_id is not None:  # the package stays in the chat, its button gone
        request.edit(request.event.message_id, package_text(request, campaign, application, items))
    await submit(request, campaign, application, items)


async def on_fingerprints(request: Request, pressed: Fingerprints) -> None:
    """The full SHA-256 fingerprints of the files last submitted."""
    campaign = campaign_at(request, pressed.campaign)
    application = (
        await request.repos.applications.find(campaign.id, request.applicant.id) if campaign else None
    )
    if campaign is None or application is None or application.submitted_at is None:
        assert isinstance(request.event, Button)
        request.answer(request.event.callback_id, request.label("stale_button"))
        return
    submitted_at = application.submitted_at
    uploads = await request.repos.uploads.of_application(application.id)
    latest = {u.kind: u for u in sorted(uploads, key=lambda u: u.version) if u.uploaded_at <= submitted_at}
    files = [
        {"kind": u.kind, "version": u.version, "name": u.file_name, "sha256": u.sha256}
        for u in latest.values()
    ]
    request.say("submit/fingerprints", number=application.number, files=files)


async def submit(request: Request, campaign: Campaign, application: Application, items: Checklist) -> None:
    resubmission = application.status == Status.RETURNED
    application.submitted_at = request.now()
    application.submissions += 1
    change_status(request, application, Move.SUBMIT, submission=application.submissions)
    full = request.button(request.label("full_fingerprints"), Fingerprints(campaign_index(request, campaign)))
    request.say(
        "submit/receipt", keyboard=keyboard([full]), **receipt(campaign, application, items, resubmission)
    )
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
