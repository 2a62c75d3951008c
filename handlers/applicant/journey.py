"""Where an applicant is in the whole journey, and how to show them that place again."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.domain.status import ANSWERING, EDITABLE
from bot.engine.events import Button
from bot.engine.request import Request
from handlers.applicant import eligibility, form
from handlers.applicant.next_step import say_next
from handlers.common import say_status_refusal
from storage.models import Application


def in_form(campaign: Campaign, application: Application) -> bool:
    return (
        campaign.form is not None
        and application.status in EDITABLE
        and (application.flow.get("form_step") is not None or application.form_confirmed_at is not None)
    )


def materials_stage(campaign: Campaign, application: Application) -> bool:
    """The form is confirmed (or there is none) and eligibility is settled: what is left are files
    and submitting, which the next step names."""
    if application.status not in EDITABLE:
        return False
    return application.form_confirmed_at is not None if campaign.form is not None else True


async def resume_journey(request: Request, campaign: Campaign, application: Application) -> None:
    """Repeat the current step: a question, the form, or the next thing to send or press."""
    if application.status not in ANSWERING | EDITABLE:
        say_status_refusal(request, "application_locked", application)
    elif materials_stage(campaign, application):
        await say_next(request, campaign, application)
    elif in_form(campaign, application):
        form.resume_form(request, campaign, application)
    else:
        eligibility.resume(request, campaign, application)


async def stale(request: Request) -> None:
    """A button from an earlier message: a short toast says so, and nothing else happens (the
    current step is already in the chat, below the old message)."""
    assert isinstance(request.event, Button)
    request.answer(request.event.callback_id, request.label("stale_button"))
