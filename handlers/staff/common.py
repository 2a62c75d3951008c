"""What every staff handler needs: who is staff, and finding an application by its number."""

from __future__ import annotations

from collections.abc import Callable

from bot.campaign.schema import Campaign
from bot.engine.events import Command
from bot.engine.request import Request
from storage.models import Applicant, Application


async def command_target(
    request: Request, usage: str, valid: Callable[[list[str]], bool]
) -> tuple[list[str], Campaign, Application, Applicant] | None:
    """For ``/cmd <no> …``: arguments valid (else the usage), application found."""
    assert isinstance(request.event, Command)
    args = request.event.args.split()
    if not args or not valid(args):
        request.say(usage)
        return None
    found = await find(request, args[0])
    if found is None:
        request.say("staff/unknown_application", number=args[0])
        return None
    return (args, *found)


async def find(request: Request, number: str) -> tuple[Campaign, Application, Applicant] | None:
    application = await request.repos.applications.by_number(number)
    if application is None:
        return None
    campaign = request.deps.campaigns.get(application.campaign_id)
    applicant = await request.repos.applicants.lock(application.applicant_id)
    if campaign is None or applicant is None:
        return None
    return campaign, application, applicant
