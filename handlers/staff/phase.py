"""/phase: where each call stands and what blocks its next phase, with a button for the staff
moves open now (close early, start the review). /stats and the /announce preview show the same
block at their top (``phase_context``)."""

from __future__ import annotations

from typing import Any

from bot.campaign.schema import Campaign
from bot.domain.phase import PhaseMove, PhaseRefused
from bot.engine.buttons import PhaseStep
from bot.engine.request import Request, keyboard
from bot.usecases.call_phase import change_phase, current_phase, next_blockers
from handlers.common import by, campaign_at, campaign_index
from handlers.gate import refuse_staff_only as refuse
from handlers.staff.ranking import chosen_campaigns

STAFF_MOVES = {"open": PhaseMove.CLOSE, "closed": PhaseMove.REVIEW}  # the button each phase offers


async def phase_context(request: Request, campaign: Campaign) -> dict[str, Any]:
    """The phase block's context: the phase, since when and why, the next move and its blockers."""
    now = request.now()
    state = await current_phase(request.repos, campaign, now)
    following, blockers = await next_blockers(request.repos, campaign, state, now)
    return {
        "phase": request.label(f"phase_{state.phase}"),
        "since": state.since.astimezone(campaign.zone) if state.since else None,
        "reason": state.reason,
        "next": request.label(f"phase_move_{following}") if following else None,
        "blockers": blockers,
    }


async def on_phase(request: Request) -> None:
    for campaign in chosen_campaigns(request):
        await show(request, campaign)


async def show(request: Request, campaign: Campaign) -> None:
    context = await phase_context(request, campaign)
    state = await current_phase(request.repos, campaign, request.now())
    offered = STAFF_MOVES.get(str(state.phase))
    buttons = (
        keyboard(
            [
                request.button(
                    request.label(f"phase_button_{offered}"),
                    PhaseStep(campaign_index(request, campaign), str(offered)),
                )
            ]
        )
        if offered
        else None
    )
    request.say("staff/phase", keyboard=buttons, campaign=campaign.name.zh_CN, **context)


async def on_step(request: Request, pressed: PhaseStep) -> None:
    """Close the call early, or start the review: audited, with the staff member as the actor."""
    campaign = campaign_at(request, pressed.campaign)
    if campaign is None or pressed.move not in STAFF_MOVES.values():
        refuse(request)
        return
    try:
        await change_phase(
            request.repos,
            campaign,
            PhaseMove(pressed.move),
            request.event.sender.user_id,
            request.now(),
            "staff",
            **by(request),
        )
    except PhaseRefused as refused:
        request.say("staff/phase_move_refused", campaign=campaign.name.zh_CN, blockers=refused.blockers)
        return
    await show(request, campaign)
