"""/status: every campaign the applicant takes part in, where they are, what is left."""

from __future__ import annotations

from typing import Any

from bot.campaign.schema import Campaign
from bot.engine.buttons import Resume
from bot.engine.request import Request, keyboard
from bot.usecases.checklist import checklist
from bot.usecases.next_step import next_step
from bot.usecases.results import announced_result, results_out
from handlers.common import campaign_index, deadline_context
from storage.models import Application


async def _progress(request: Request, campaign: Campaign, application: Application) -> dict[str, Any]:
    step = application.flow.get("step")
    current = next((q for q in campaign.questions if q.id == step), None)
    items = await checklist(request.repos, campaign, application, request.lang)
    result = announced_result(application, await results_out(request.repos, campaign.id))
    return {
        "result": request.label(f"result_{result}") if result else None,
        "name": campaign.name.get(request.lang),
        "number": application.number,
        "status": request.label(f"status_{application.status}"),
        "total": len(campaign.questions),
        "current": current.text.get(request.lang) if current else None,
        "extended": application.deadline_override is not None,
        "next": next_step(application, items),
        **items.context(),
        **deadline_context(request, campaign, application),
    }


async def on_status(request: Request) -> None:
    applications = await request.repos.applications.of_applicant(request.applicant.id)
    registry = request.deps.campaigns
    known = [(c, a) for a in applications if (c := registry.get(a.campaign_id)) is not None]
    if not known:
        request.say("status_empty")
        return
    items = [await _progress(request, c, a) for c, a in known]
    buttons = [
        [
            request.button(
                request.label("continue", name=c.name.get(request.lang)), Resume(campaign_index(request, c))
            )
        ]
        for c, _ in known
    ]
    request.say("status", keyboard=keyboard(*buttons), applications=items)
