"""The permission table (``bot/domain/permissions.py``) applied to a request: the sender's standing
towards an application, from the role their gate gave them and the application as it is *now*
(its current district, its current expert, its members), and one refusal line for what they may
not do. Every handler of a button, a command or a typed reply that acts on an application asks here."""

from __future__ import annotations

from bot.domain.permissions import Action, Standing, may
from bot.domain.status import Role
from bot.engine.events import Button
from bot.engine.request import Request
from bot.usecases.districts import district_of
from bot.usecases.team import on_team
from handlers.gate import district_of_sender
from storage.models import Application


async def standings(request: Request, application: Application) -> frozenset[Standing]:
    """How the sender stands to ``application`` in the role they act in."""
    role, me = request.role, request.event.sender.user_id
    found: set[Standing] = set()
    if role not in (Role.APPLICANT, Role.COLLEAGUE) and await on_team(request.repos, application, me):
        return frozenset()  # nobody reviews, recommends or handles an application they are on
    if role in (Role.APPLICANT, Role.COLLEAGUE):
        if application.applicant_id == request.applicant.id:
            found.add(Standing.FIRST_CONTACT)
        elif await request.repos.members.find(application.id, request.applicant.id) is not None:
            found.add(Standing.COLLEAGUE)
    elif role == Role.STAFF:
        found.add(Standing.STAFF)
    elif role == Role.DISTRICT:
        district = district_of_sender(request)
        campaign = request.deps.campaigns.get(application.campaign_id)
        if (
            district is not None
            and campaign is not None
            and district_of(campaign, application.form) == district.name
        ):
            found.add(Standing.DISTRICT)
    elif role == Role.EXPERT:
        found.add(Standing.EXPERT)
        if application.expert_id == me:
            found.add(Standing.ASSIGNED_EXPERT)
    return frozenset(found)


async def permitted(request: Request, action: Action, application: Application) -> bool:
    return may(action, await standings(request, application))


def refuse(request: Request, application: Application) -> None:
    """One line (an alert on a button) saying this is not the sender's to do; nothing changes."""
    text = request.text("permission/refused", number=application.number or "")
    if isinstance(request.event, Button):
        request.answer(request.event.callback_id, text, alert=True)
    else:
        request.say_text(text)


async def allow(request: Request, action: Action, application: Application) -> bool:
    """``permitted``, refusing with one line when not."""
    if await permitted(request, action, application):
        return True
    refuse(request, application)
    return False
