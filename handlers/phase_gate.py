"""The phase gate: a command or button runs only in the phases its route table declares
(``PHASES`` beside ``COMMANDS`` and ``BUTTONS`` in each audience's ``routes.py``).

The call a step belongs to is the campaign its button names, the campaign of the application it
names, the campaign named in the command, the only campaign, or the applicant's active one. An
applicant's step is judged at the time they acted (a message's stamp), and an application staff
reopened with ``/extend`` is open for its people until that date, before results. Refused: one
line saying the call's phase (applicants: that the call has closed, with the notice's contacts).
"""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.domain.deadline import on_time
from bot.domain.phase import BEFORE_RESULTS, Phase
from bot.engine.buttons import OfApplication, OfCampaign, Payload
from bot.engine.events import Button, Command
from bot.engine.request import Request
from bot.usecases.call_phase import current_phase, phase_at
from bot.usecases.contacts import contact_rows
from handlers.common import acted_at, campaign_at, deadline_context, offered_within_window


async def campaign_of(request: Request, pressed: Payload | None = None) -> Campaign | None:
    """The call this step belongs to, or None when it names none (several campaigns)."""
    registry = request.deps.campaigns
    if isinstance(pressed, OfCampaign):
        return campaign_at(request, pressed.campaign)
    if isinstance(pressed, OfApplication):
        application = await request.repos.applications.by_id(pressed.application)
        return registry.get(application.campaign_id) if application else None
    if isinstance(request.event, Command) and request.event.args.split():
        first = request.event.args.split()[0]
        named = registry.get(first)
        application = None if named else await request.repos.applications.by_number(first)
        if named or application:
            return named or registry.get(application.campaign_id if application else None)
    return registry.single or registry.get(request.applicant.active_campaign)


async def staff_allowed(request: Request, phases: frozenset[Phase], pressed: Payload | None = None) -> bool:
    """For staff, experts and districts: the call's phase now; refused with one line."""
    if phases == frozenset(Phase):
        return True
    campaign = await campaign_of(request, pressed)
    if campaign is None:
        return True
    state = await current_phase(request.repos, campaign, request.now())
    if state.phase in phases:
        return True
    line = request.text(
        "phase/refused",
        campaign=campaign.name.get(request.lang),
        phase=request.label(f"phase_{state.phase}"),
        allowed=[request.label(f"phase_{p}") for p in Phase if p in phases],
    )
    if isinstance(request.event, Button):
        request.answer(request.event.callback_id, line, alert=True)
    else:
        request.say_text(line)
    return False


async def applicant_phase(request: Request, campaign: Campaign) -> Phase:
    """The phase for the applicant's step: at the time they acted; open for an application with
    a running extension before results."""
    phase = await phase_at(request.repos, campaign, acted_at(request))
    if phase is Phase.OPEN or phase not in BEFORE_RESULTS:
        return phase
    application = await request.repos.applications.find(campaign.id, request.applicant.id)
    extended = application.deadline_override if application else None
    if extended is not None and on_time(acted_at(request), extended, campaign.deadline_grace_seconds):
        return Phase.OPEN
    return phase


async def applicant_allowed(
    request: Request, phases: frozenset[Phase], pressed: Payload | None = None
) -> bool:
    if phases == frozenset(Phase):
        return True
    campaign = await campaign_of(request, pressed)
    if campaign is None:
        return True
    offered = getattr(pressed, "offered", 0)
    if offered:  # a button carries no time: the step that offered it counts, within the window
        request.offered_at = offered_within_window(request, campaign, offered)
    phase = await applicant_phase(request, campaign)
    if phase in phases:
        return True
    say_closed(request, campaign, phase)
    return False


def say_closed(request: Request, campaign: Campaign, phase: Phase) -> None:
    """The call's state and the notice's contacts (a button press is answered as well)."""
    if isinstance(request.event, Button):
        request.answer(request.event.callback_id, request.label("call_closed"))
    request.say(
        "phase/closed",
        name=campaign.name.get(request.lang),
        phase=request.label(f"phase_{phase}"),
        contacts=contact_rows(campaign, request.lang),
        **deadline_context(request, campaign),
    )
