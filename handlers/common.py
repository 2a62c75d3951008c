"""Helpers shared by the applicant handlers: the active campaign and application."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.campaign.schema import Campaign
from bot.domain import status as lifecycle
from bot.domain.deadline import Countdown, countdown, on_time
from bot.domain.status import Move, Role
from bot.engine.request import Request
from bot.usecases.checklist import effective_deadline
from bot.usecases.everyone import everyone_on
from storage.models import Application


def campaign_index(request: Request, campaign: Campaign) -> int:
    return request.deps.campaigns.all.index(campaign)


def campaign_at(request: Request, index: int) -> Campaign | None:
    """The campaign at a position given in callback data (``None`` if out of range)."""
    campaigns = request.deps.campaigns.all
    return campaigns[index] if 0 <= index < len(campaigns) else None


def active_campaign(request: Request) -> Campaign | None:
    return request.deps.campaigns.get(request.applicant.active_campaign)


async def active_application(request: Request) -> tuple[Campaign, Application] | None:
    """The applicant's current campaign and application, if they have opened one."""
    campaign = active_campaign(request)
    if campaign is None:
        return None
    application = await request.repos.applications.find(campaign.id, request.applicant.id)
    return (campaign, application) if application is not None else None


def acted_at(request: Request) -> datetime:
    """When the applicant acted: Telegram's stamp of the message, else (a button) the time of
    the step that offered it when the button carries one (``offered_at``), else now."""
    return request.event.sent_at or request.offered_at or request.now()


def offered_within_window(request: Request, campaign: Campaign, offered: int) -> datetime | None:
    """The time of the step that offered a button (Unix seconds in its signed payload), if the
    press comes within the campaign's confirmation window of it; else None (the press counts now)."""
    if offered <= 0:
        return None
    at = datetime.fromtimestamp(offered, UTC)
    window = timedelta(minutes=campaign.confirm_window_minutes)
    return at if at <= request.now() <= at + window else None


def acted_on_time(request: Request, campaign: Campaign, application: Application | None) -> bool:
    """Whether the applicant's action meets the deadline (with any extension) and its grace."""
    deadline = effective_deadline(campaign, application)
    return on_time(acted_at(request), deadline, campaign.deadline_grace_seconds)


def deadline_context(
    request: Request, campaign: Campaign, application: Application | None = None
) -> dict[str, Any]:
    """Template context for the deadline line: local time and countdown (with any extension)."""
    deadline = effective_deadline(campaign, application)
    left: Countdown = countdown(deadline, request.now())
    return {"deadline": deadline.astimezone(campaign.zone), "countdown": left}


def touch(request: Request, application: Application, action: str = "", **detail: Any) -> None:
    """The application changed now; with ``action``, audited as done by whoever sent the update
    (the first contact or a colleague)."""
    application.updated_at = request.now()
    if action:
        audit_applicant(request, action, application, **detail)


def audit(request: Request, action: str, subject: str, **detail: object) -> None:
    """One audit row: the sender as the actor, with their name when Telegram gave one."""
    sender = request.event.sender
    request.repos.audit.record(sender.user_id, action, subject, request.now(), **by(request), **detail)


def audit_applicant(request: Request, action: str, application: Application, **detail: Any) -> None:
    audit(request, action, application.number or str(application.id), **detail)


async def notify_everyone(
    request: Request, application: Application, key: str, render: Callable[[str], str]
) -> None:
    """Queue ``render(lang)`` to everyone on the application (``bot/usecases/everyone.py``), each in
    their language."""
    for person, own_key in await everyone_on(request.repos, application, key):
        await request.notify(person.chat_id, own_key, render(person.lang))


def say_status_refusal(request: Request, key: str, application: Application) -> None:
    """Say (template ``key``) that ``application`` cannot have this done in its present status."""
    request.say(key, number=application.number, status=request.label(f"status_{application.status}"))


def acting_role(request: Request, application: Application) -> str | None:
    """The role the sender acts in on ``application``: the one their gate set, where the applicant's
    gate (anyone in private, on their own application) is the first contact's or a colleague's."""
    if request.role == Role.APPLICANT and application.applicant_id != request.applicant.id:
        return Role.COLLEAGUE
    return request.role


def change_status(request: Request, application: Application, move: Move, **detail: object) -> None:
    """Move ``application`` through the state machine as the sender, in the role their gate gave
    them (``Refused`` when that role may not make the move), audited with the sender as the actor."""
    actor = request.event.sender.user_id
    role = acting_role(request, application)
    lifecycle.move(
        application, move, role, actor, request.now(), request.repos.audit, **by(request), **detail
    )


def by(request: Request) -> dict[str, str]:
    """The actor's name for an audit row (shown to staff in /app history), when Telegram gave one."""
    name = request.event.sender.first_name
    return {"by": name} if name else {}
