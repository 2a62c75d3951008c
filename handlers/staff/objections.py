"""Objections to the 公示 list: /objection <no> <text> records one (after the period it is flagged
late: shown, but it does not hold the list); /dismiss <id> <reason> and /uphold <id> <reason>
resolve one. Upholding takes the enterprise off the list and offers staff the next in the
ranking (a button adds it). Every step is audited on the application."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.engine.buttons import PromoteNext
from bot.engine.events import Button, Command
from bot.engine.request import Request, keyboard
from bot.usecases.call_phase import current_phase
from bot.usecases.contacts import contact_rows
from bot.usecases.publicity_period import period_of
from bot.usecases.ranking import REMOVED, ranking_of
from handlers.common import audit, notify_everyone
from handlers.staff.common import command_target
from storage.models import Application, Objection

SELECTED = "selected"


async def on_objection(request: Request) -> None:
    """/objection <no> <text>"""
    target = await command_target(request, "staff/objection_usage", lambda a: len(a) >= 2)
    if target is None:
        return
    _, campaign, application, _ = target
    assert isinstance(request.event, Command)
    await record_objection(request, campaign, application, request.event.args.split(maxsplit=1)[1].strip())


async def record_objection(request: Request, campaign: Campaign, application: Application, text: str) -> None:
    if not text:
        request.say("staff/objection_usage")
        return
    if application.result != SELECTED:
        request.say("staff/objection_not_selected", number=application.number)
        return
    state = await current_phase(request.repos, campaign, request.now())
    period = period_of(campaign, state.published_at) if state.published_at else None
    late = period is not None and request.now() >= period.closes_at(campaign.zone)
    actor = request.event.sender.user_id
    objection = await request.repos.objections.add(application.id, text, actor, request.now(), late=late)
    audit(request, "objection", application.number or "", text=text, objection=objection.id, late=late)
    listed = [a.id for a in await request.repos.applications.in_campaign(campaign.id)]
    request.say(
        "staff/objection_recorded",
        id=objection.id,
        number=application.number,
        text=text,
        late=late,
        end=period.end if period else None,
        total=await request.repos.objections.unresolved(listed),
    )


async def _target(request: Request, usage: str) -> tuple[Objection, Application, str] | None:
    """``/dismiss|/uphold <id> <reason>``: an objection not yet resolved, and the reason."""
    assert isinstance(request.event, Command)
    parts = request.event.args.split(maxsplit=1)
    if len(parts) != 2 or not parts[0].lstrip("#").isdigit():
        request.say(usage)
        return None
    objection = await request.repos.objections.by_id(int(parts[0].lstrip("#")))
    application = await request.repos.applications.by_id(objection.application_id) if objection else None
    if objection is None or application is None:
        request.say("staff/objection_unknown", id=parts[0])
        return None
    if objection.resolution is not None:
        request.say("staff/objection_already", id=objection.id, resolution=objection.resolution)
        return None
    return objection, application, parts[1].strip()


def _resolve(request: Request, objection: Objection, application: Application, how: str, reason: str) -> None:
    objection.resolution, objection.resolution_reason = how, reason
    objection.resolved_by, objection.resolved_at = request.event.sender.user_id, request.now()
    audit(request, f"objection_{how}", application.number or "", objection=objection.id, reason=reason)


async def on_dismiss(request: Request) -> None:
    found = await _target(request, "staff/dismiss_usage")
    if found is None:
        return
    objection, application, reason = found
    _resolve(request, objection, application, "dismissed", reason)
    request.say("staff/objection_dismissed", id=objection.id, number=application.number, reason=reason)


async def on_uphold(request: Request) -> None:
    """The objection holds: the enterprise leaves the list; the next in the ranking is offered."""
    found = await _target(request, "staff/uphold_usage")
    if found is None:
        return
    objection, application, reason = found
    _resolve(request, objection, application, "upheld", reason)
    application.result = REMOVED
    application.updated_at = request.now()
    campaign = request.deps.campaigns.get(application.campaign_id)
    following = await _next_in_ranking(request, campaign) if campaign else None
    buttons = (
        keyboard(
            [
                request.button(
                    request.label("promote_next", number=following.number), PromoteNext(following.id)
                )
            ]
        )
        if following
        else None
    )
    request.say(
        "staff/objection_upheld",
        keyboard=buttons,
        id=objection.id,
        number=application.number,
        reason=reason,
        next=following.number if following else None,
    )


async def _next_in_ranking(request: Request, campaign: Campaign) -> Application | None:
    """The best-ranked application that was not selected (the removed one is out of the ranking)."""
    by_number = {a.number: a for a in await request.repos.applications.in_campaign(campaign.id)}
    ranking = await ranking_of(request.repos, campaign)
    for row in ranking.rows:
        candidate = by_number.get(row.candidate.number)
        if candidate is not None and candidate.result == "not_selected":
            return candidate
    return None


async def on_promote(request: Request, pressed: PromoteNext) -> None:
    """Add the offered enterprise to the list: selected, told, audited."""
    assert isinstance(request.event, Button)
    application = await request.repos.applications.by_id(pressed.application)
    campaign = request.deps.campaigns.get(application.campaign_id) if application else None
    if application is None or campaign is None or application.result != "not_selected":
        request.answer(request.event.callback_id, request.label("stale_button"))
        return
    application.result = SELECTED
    application.updated_at = request.now()
    audit(request, "promote", application.number or "")
    await notify_everyone(
        request,
        application,
        f"result:{campaign.id}:{application.id}:promoted",
        lambda lang: request.deps.renderer.render(
            lang,
            "result/selected",
            name=campaign.name.get(lang),
            number=application.number,
            contacts=contact_rows(campaign, lang),
        ),
    )
    request.say("staff/promoted", number=application.number)
