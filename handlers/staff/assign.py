"""/assign <no> <expert user id>: city staff give an application to an expert, who is told; an
expert who declared a conflict of interest for it (/conflict), or who is on its team, is not assigned."""

from __future__ import annotations

from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.engine.buttons import StartVerification
from bot.engine.request import Request, keyboard
from bot.usecases.people import Experts
from bot.usecases.team import on_team
from handlers.common import audit
from handlers.staff.common import command_target


async def on_assign(request: Request) -> None:
    target = await command_target(request, "staff/assign_usage", lambda a: len(a) == 2 and a[1].isdigit())
    if target is None:
        return
    args, campaign, application, _ = target
    expert = int(args[1])
    if expert not in request.deps.part(Experts).user_ids:
        request.say("staff/not_an_expert", expert=expert)
        return
    if expert in application.expert_conflicts:
        request.say("staff/expert_conflict", number=application.number, expert=expert)
        return
    if await on_team(request.repos, application, expert):
        request.say("staff/expert_on_team", number=application.number, expert=expert)
        return
    application.expert_id = expert
    application.updated_at = request.now()
    audit(request, "assign", application.number or "", expert=expert)
    text = request.deps.renderer.render(
        OFFICIAL_LANGUAGE, "expert/assigned", number=application.number, campaign=campaign.name.zh_CN
    )
    button = request.button(request.label("start_verification"), StartVerification(application.id))
    key = f"assign:{application.id}:{expert}:{request.now().isoformat()}"
    await request.notify(expert, key, text, keyboard([button]))  # a private chat's id is the user's
    request.say("staff/assigned", number=application.number, expert=expert)
