"""/extend <no> <date>: staff give one applicant more time; the applicant is told."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.domain.deadline import countdown
from bot.engine.request import Request
from bot.rules.dates import parse_deadline
from bot.rules.errors import RuleError
from handlers.common import audit
from handlers.staff.common import command_target
from storage.models import Applicant, Application


async def on_extend(request: Request) -> None:
    target = await command_target(request, "staff/extend_usage", lambda a: len(a) == 2)
    if target is None:
        return
    parts, campaign, application, applicant = target
    await extend(request, campaign, application, applicant, parts[1])


async def extend(
    request: Request, campaign: Campaign, application: Application, applicant: Applicant, date_text: str
) -> None:
    """Move this application's deadline to ``date_text`` (a day: its end, local time)."""
    try:
        deadline = parse_deadline(date_text, campaign.zone)
    except RuleError as error:
        request.say(f"field/{error.code}", **error.params)
        return
    application.deadline_override = deadline
    application.updated_at = request.now()
    audit(request, "extend", application.number or str(application.id), deadline=deadline.isoformat())
    local = deadline.astimezone(campaign.zone)
    text = request.deps.renderer.render(
        applicant.lang,
        "deadline_extended",
        number=application.number,
        name=campaign.name.get(applicant.lang),
        deadline=local,
        countdown=countdown(deadline, request.now()),
    )
    await request.notify(applicant.chat_id, f"extend:{application.id}:{deadline.isoformat()}", text)
    request.say("staff/extended", number=application.number, deadline=local)
