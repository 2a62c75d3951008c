"""Every step ends with the next one: after the PDF, after the case study, on "continue"."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.engine.buttons import StartForm, SubmitNow
from bot.engine.request import Request, keyboard
from bot.usecases.checklist import checklist
from bot.usecases.next_step import next_step
from handlers.common import campaign_index
from storage.models import Application


async def step_of(request: Request, campaign: Campaign, application: Application) -> str:
    return next_step(application, await checklist(request.repos, campaign, application, request.lang))


async def say_next(request: Request, campaign: Campaign, application: Application) -> str:
    """Name the next step, with its button where there is one; returns the step."""
    step = await step_of(request, campaign, application)
    ci = campaign_index(request, campaign)
    buttons = {
        "form": [request.button(request.label("start_form"), StartForm(ci))],
        "submit": [request.button(request.label("submit_now"), SubmitNow(ci))],
        "resubmit": [request.button(request.label("submit_now"), SubmitNow(ci))],
    }
    request.say("next_step", keyboard=keyboard(buttons.get(step, [])), step=step)
    return step
