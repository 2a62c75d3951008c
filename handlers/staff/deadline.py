"""/extend <no> <date>: staff give one application more time; everyone on it is told."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.domain.deadline import countdown
from bot.domain.status import Status
from bot.engine.request import Request
from bot.rules.dates import parse_deadline
from bot.rules.errors import RuleError
from bot.usecases.checklist import effective_deadline
from handlers.common import audit, notify_everyone, say_status_refusal
from handlers.staff.common import command_target
from storage.models import Applicant, Application

DECIDED = (Status.VERIFIED,)  # the experts have decided: no more time to give (a result: neither)


async def on_extend(request: Request) -> None:
    target = await command_target(request, "staff/extend_usage", lambda a: len(a) == 2)
    if target is None:
        return
    parts, campaign, application, applicant = target
    await extend(request, campaign, application, applicant, parts[1])


async def extend(
    request: Request, campaign: Campaign, application: Application, applicant: Applicant, date_text: str
) -> None:
    """Move this application's deadline to ``date_text`` (a day: its end, local time): only
    later than its present one, and only while it is undecided (results are out: the router's
    phase gate refuses already)."""
    try:
        deadline = parse_deadline(date_text, campaign.zone)
    except RuleError as error:
        request.say(f"field/{error.code}", **error.params)
        return
    current = effective_deadline(campaign, application)
    if application.status in DECIDED or application.result:
        say_status_refusal(request, "staff/extend_decided", application)
        return
    if deadline <= current:
        request.say("staff/extend_not_later", number=application.number, deadline=current, asked=deadline)
        return
    application.deadline_override = deadline
    application.updated_at = request.now()
    audit(request, "extend", application.number or str(application.id), deadline=deadline.isoformat())
    local = deadline.astimezone(campaign.zone)
    await notify_everyone(
        request,
        application,
        f"extend:{application.id}:{deadline.isoformat()}",
        lambda lang: request.deps.renderer.render(
            lang,
            "deadline_extended",
            number=application.number,
            name=campaign.name.get(lang),
            deadline=local,
            countdown=countdown(deadline, request.now()),
        ),
    )
    request.say("staff/extended", number=application.number, deadline=local)
