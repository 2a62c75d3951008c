"""What staff see: the queue of waiting packages and one application with its history."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.domain.status import REVIEWABLE, Status
from bot.engine.buttons import Details, Extend, RecordObjection, VerifyFigures
from bot.engine.request import Request, keyboard
from bot.usecases.districts import opinion_context
from bot.usecases.duplicates import duplicates_of
from bot.usecases.form_values import printed_values
from bot.usecases.people import Districts
from bot.usecases.verification import record_context
from storage.models import Applicant, Application, AuditEntry

LANG = OFFICIAL_LANGUAGE
# Audited applicant steps too fine for the staff card's history (one per answer or field).
UNSHOWN_STEPS = ("answer", "form_field")


async def show_queue(request: Request) -> None:
    waiting = await request.repos.applications.with_status((Status.SUBMITTED,))
    items = []
    for application in waiting:
        campaign = request.deps.campaigns.get(application.campaign_id)
        assert application.submitted_at is not None
        items.append(
            {
                "number": application.number,
                "name": application.form.get("enterprise_name") or "",
                "campaign": campaign.name.zh_CN if campaign else application.campaign_id,
                "at": application.submitted_at.astimezone(campaign.zone if campaign else None),
                "resubmission": application.submissions > 1,
            }
        )
    buttons = [
        [request.button(request.label("details_of", number=a.number), Details(a.id))] for a in waiting[:20]
    ]
    request.say("staff/queue", keyboard=keyboard(*buttons), items=items)


async def show_application(
    request: Request, campaign: Campaign, application: Application, applicant: Applicant
) -> None:
    history = [
        h
        for h in await request.repos.audit.of_subject(application.number or "")
        if h.action not in UNSHOWN_STEPS
    ]
    uploads = await request.repos.uploads.of_application(application.id)
    form = campaign.form
    values = printed_values(request, campaign, form, application) if form else {}
    buttons = [request.button(request.label("extend"), Extend(application.id))]
    if application.status in REVIEWABLE:
        buttons.append(request.button(request.label("verify"), VerifyFigures(application.id)))
    if application.result == "selected":
        buttons.append(request.button(request.label("record_objection"), RecordObjection(application.id)))
    request.say(
        "staff/application",
        keyboard=keyboard(buttons),
        number=application.number,
        campaign=campaign.name.zh_CN,
        status=request.deps.renderer.label(LANG, f"status_{application.status}"),
        fields=[
            {"label": f.label.zh_CN, "value": values.get(f.id, ""), "type": f.type}
            for f in (form.fields if form else [])
        ],
        uploads=[
            {
                "kind": u.kind,
                "version": u.version,
                "name": u.file_name,
                "sha256": u.sha256,
                "ok": u.ok,
                "at": u.uploaded_at.astimezone(campaign.zone),
            }
            for u in uploads
        ],
        history=[
            {"action": h.action, "at": h.at.astimezone(campaign.zone), "actor": h.actor, "detail": h.detail}
            for h in history
        ],
        levels={level: campaign.level_name(level, LANG) for level in _levels(history)},
        deadline=(application.deadline_override or campaign.deadline).astimezone(campaign.zone),
        reason=application.return_reason if application.status == Status.RETURNED else None,
        opinion=opinion_context(request.deps.part(Districts).all, campaign, application),
        expert=application.expert_id,
        verification=record_context(campaign, application),
        duplicates=[
            {"kind": d.kind, "number": d.number}
            for d in await duplicates_of(request.repos, campaign, application)
        ],
    )


def _levels(history: list[AuditEntry]) -> set[int]:
    """The maturity levels named in the history (to print them by name)."""
    return {int(h.detail["level"]) for h in history if isinstance(h.detail.get("level"), int)}
