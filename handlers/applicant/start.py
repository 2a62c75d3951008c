"""/start: the welcome, the campaign menu, consent, and opening (or resuming) a campaign."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.engine.buttons import ChooseCampaign, Consent, Resume
from bot.engine.events import Button, Command
from bot.engine.request import Request, keyboard
from bot.usecases.contacts import contact_rows
from handlers.applicant.journey import resume_journey, stale
from handlers.common import acted_at, campaign_at, campaign_index, deadline_context


async def on_start(request: Request) -> None:
    assert isinstance(request.event, Command)
    wanted = request.event.args.split()[0] if request.event.args else ""
    registry = request.deps.campaigns
    if wanted:
        campaign = registry.get(wanted)
        if campaign is None:
            request.say("campaign_unknown", wanted=wanted)
            show_menu(request)
            return
    else:
        campaign = registry.single or registry.get(request.applicant.active_campaign)
        if campaign is None:
            show_menu(request)
            return
    await offer(request, campaign)


def show_menu(request: Request) -> None:
    """The campaigns this bot serves; closed ones are marked and cannot be opened anew."""
    now = request.now()
    registry = request.deps.campaigns
    items = [
        {"name": c.name.get(request.lang), "open": registry.is_open(c, now), **deadline_context(request, c)}
        for c in registry.all
    ]
    buttons = [
        [request.button(c.name.get(request.lang), ChooseCampaign(campaign_index(request, c)))]
        for c in registry.all
        if registry.is_open(c, now)
    ]
    request.say("campaign_menu", keyboard=keyboard(*buttons), campaigns=items)


async def offer(request: Request, campaign: Campaign) -> None:
    """Welcome to ``campaign``; ask for consent first, or open it."""
    existing = await request.repos.applications.find(campaign.id, request.applicant.id)
    is_open = request.deps.campaigns.is_open(campaign, request.now())
    context = {
        "name": campaign.name.get(request.lang),
        "intro": campaign.intro.get(request.lang),
        "notice": campaign.notice,
        "is_open": is_open,
        **deadline_context(request, campaign),
    }
    if existing is None and not is_open:
        request.say("welcome", consent=False, **context)
        if len(request.deps.campaigns.all) > 1:
            show_menu(request)
        return
    needs_consent = request.applicant.consent_at is None
    button = request.button(request.label("consent"), Consent(campaign_index(request, campaign)))
    request.say(
        "welcome", keyboard=keyboard([button]) if needs_consent else None, consent=needs_consent, **context
    )
    if not needs_consent:
        await open_campaign(request, campaign)


async def open_campaign(request: Request, campaign: Campaign) -> None:
    """Make ``campaign`` the active one, creating the application on first visit, and resume."""
    applicant = request.applicant
    application = await request.repos.applications.find(campaign.id, applicant.id)
    if application is None:
        if not request.deps.campaigns.is_open(campaign, acted_at(request)):
            request.say(
                "campaign_closed",
                name=campaign.name.get(request.lang),
                contacts=contact_rows(campaign, request.lang),
                **deadline_context(request, campaign),
            )
            return
        application = await request.repos.applications.create(campaign.id, applicant.id, request.now())
        sequence = await request.repos.counters.next(campaign.id)
        application.number = request.text("application_number", prefix=campaign.number_prefix, n=sequence)
    applicant.active_campaign = campaign.id
    applicant.updated_at = request.now()
    await resume_journey(request, campaign, application)


async def on_consent(request: Request, pressed: Consent) -> None:
    """The privacy notice accepted."""
    assert isinstance(request.event, Button)
    campaign = campaign_at(request, pressed.campaign)
    if campaign is None:
        await stale(request)
        return
    if request.applicant.consent_at is not None:  # an old welcome's button: already agreed
        await stale(request)
        return
    request.applicant.consent_at = request.now()
    request.answer(request.event.callback_id, request.label("consent_thanks"))
    await open_campaign(request, campaign)


async def on_choose(request: Request, pressed: ChooseCampaign) -> None:
    """A campaign picked from the menu."""
    campaign = campaign_at(request, pressed.campaign)
    if campaign is None:
        await stale(request)
        return
    await offer(request, campaign)


async def on_resume(request: Request, pressed: Resume) -> None:
    """Continue where the applicant left off in that campaign."""
    campaign = campaign_at(request, pressed.campaign)
    if campaign is None or request.applicant.consent_at is None:
        await stale(request)
        return
    await open_campaign(request, campaign)
