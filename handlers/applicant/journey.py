"""Where an applicant is in the whole journey, and how to show them that place again."""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.domain.status import ANSWERING, EDITABLE
from bot.engine.events import Button
from bot.engine.request import Request
from handlers.applicant import eligibility, form
from handlers.common import active_application, say_status_refusal
from storage.models import Application


def in_form(campaign: Campaign, application: Application) -> bool:
    return (
        campaign.form is not None
        and application.status in EDITABLE
        and (application.flow.get("form_step") is not None or application.form_confirmed_at is not None)
    )


def resume_journey(request: Request, campaign: Campaign, application: Application) -> None:
    """Repeat the current step: a question, the form, or the summary of what is done."""
    if application.status not in ANSWERING | EDITABLE:
        say_status_refusal(request, "application_locked", application)
    elif in_form(campaign, application):
        form.resume_form(request, campaign, application)
    else:
        eligibility.resume(request, campaign, application)


async def stale(request: Request) -> None:
    """A button from an earlier message: say so and show where the applicant is now."""
    assert isinstance(request.event, Button)
    request.answer(request.event.callback_id, request.label("stale_button"))
    found = await active_application(request)
    if found is not None:
        resume_journey(request, *found)
