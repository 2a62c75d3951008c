"""/exclude <no> <reason>: staff take a submitted application out of the results (withdrawn,
found ineligible later …). Audited with the reason, named in the /announce preview; the
announcement tells its people so, never a ranking result."""

from __future__ import annotations

from bot.domain.status import Status
from bot.engine.events import Command
from bot.engine.request import Request
from bot.usecases.ranking import EXCLUDED
from handlers.common import audit, say_status_refusal
from handlers.staff.common import command_target

EXCLUDABLE = (Status.SUBMITTED, Status.ACCEPTED, Status.VERIFIED)


async def on_exclude(request: Request) -> None:
    target = await command_target(request, "staff/exclude_usage", lambda a: len(a) >= 2)
    if target is None:
        return
    _, _, application, _ = target
    assert isinstance(request.event, Command)
    reason = request.event.args.split(maxsplit=1)[1].strip()
    if application.status not in EXCLUDABLE:
        say_status_refusal(request, "staff/not_excludable", application)
        return
    application.result = EXCLUDED
    application.excluded_reason = reason
    application.updated_at = request.now()
    audit(request, "exclude", application.number or str(application.id), reason=reason)
    request.say("staff/excluded", number=application.number, reason=reason)
