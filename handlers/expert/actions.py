"""An expert's commands: their assigned applications, verification and case scores of those only,
and declaring a conflict of interest (which ends an assignment and prevents a new one)."""

from __future__ import annotations

from bot.domain.permissions import Action
from bot.engine.buttons import StartVerification
from bot.engine.events import Command
from bot.engine.request import Request, keyboard
from handlers.common import audit
from handlers.permits import permitted
from handlers.staff import review
from handlers.staff.common import find


async def on_queue(request: Request) -> None:
    """/queue: the applications assigned to this expert."""
    me = request.event.sender.user_id
    assigned, items = [], []
    for campaign in request.deps.campaigns.all:
        name_field = campaign.form.name_field if campaign.form else ""
        for application in await request.repos.applications.in_campaign(campaign.id):
            if application.expert_id == me:
                assigned.append(application)
                name = application.form.get(name_field) or ""
                status = request.label(f"status_{application.status}")
                items.append({"number": application.number, "name": name, "status": status})
    buttons = [
        [request.button(request.label("start_of", number=a.number), StartVerification(a.id))]
        for a in assigned[:20]
    ]
    request.say("expert/queue", keyboard=keyboard(*buttons), items=items)


async def on_casescore(request: Request) -> None:
    """/casescore <no> <0-100>, for an application assigned to this expert."""
    assert isinstance(request.event, Command)
    number = (request.event.args.split() or [""])[0]
    found = await find(request, number) if number else None
    if found is not None and not await permitted(request, Action.SCORE_CASE, found[1]):
        request.say("expert/not_assigned", number=found[1].number)
        return
    await review.on_casescore(request)


async def on_conflict(request: Request) -> None:
    """/conflict <no> [reason]: a declared conflict of interest with that application."""
    assert isinstance(request.event, Command)
    number, _, reason = request.event.args.strip().partition(" ")
    found = await find(request, number) if number else None
    if found is None:
        request.say("expert/conflict_usage" if not number else "staff/unknown_application", number=number)
        return
    application = found[1]
    me = request.event.sender.user_id
    if me not in application.expert_conflicts:
        application.expert_conflicts = [*application.expert_conflicts, me]
    unassigned = application.expert_id == me
    if unassigned:
        application.expert_id = None
    application.updated_at = request.now()
    audit(request, "conflict", application.number or "", reason=reason.strip(), unassigned=unassigned)
    request.say("expert/conflict_recorded", number=application.number, unassigned=unassigned)
