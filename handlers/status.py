"""/status: every campaign the applicant takes part in, where they are, what is left."""

from __future__ import annotations

from typing import Any

from bot.campaign.schema import Campaign
from bot.engine.request import Request, keyboard
from handlers.common import campaign_index, deadline_context
from storage.models import Application


def _progress(request: Request, campaign: Campaign, application: Application) -> dict[str, Any]:
    step = application.flow.get("step")
    current = next((q for q in campaign.questions if q.id == step), None)
    answered = sum(1 for q in campaign.questions if q.id in application.answers)
    return {
        "name": campaign.name.get(request.lang),
        "status": request.label(f"status_{application.status}"),
        "answered": answered,
        "total": len(campaign.questions),
        "current": current.text.get(request.lang) if current else None,
        "remaining": [
            q.text.get(request.lang) for q in campaign.questions if q.id not in application.answers
        ],
        **deadline_context(request, campaign),
    }


async def on_status(request: Request) -> None:
    applications = await request.repos.applications.of_applicant(request.applicant.id)
    registry = request.deps.campaigns
    pairs = [(registry.get(a.campaign_id), a) for a in applications]
    known = [(c, a) for c, a in pairs if c is not None]
    if not known:
        request.say("status_empty")
        return
    items = [_progress(request, c, a) for c, a in known]
    buttons = [
        [
            request.button(
                request.label("continue", name=c.name.get(request.lang)), "rs", campaign_index(request, c)
            )
        ]
        for c, _ in known
    ]
    request.say("status", keyboard=keyboard(*buttons), applications=items)
