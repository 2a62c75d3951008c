"""Staff act on packages: accept, return with a reason, details, the queue, one application.

Every press and command passes the staff gate (``handlers/gate.py``) and is written to the audit log; the
applicant hears of each decision through the outbox.
"""

from __future__ import annotations

from bot.campaign.schema import Campaign
from bot.domain.status import Move, allowed
from bot.engine.buttons import Accept, Details, OfApplication, ReturnPackage
from bot.engine.events import Button, Command
from bot.engine.request import Request
from bot.usecases.districts import current_opinion
from handlers.common import change_status, notify_everyone, say_status_refusal
from handlers.staff.common import find
from handlers.staff.prompts import ask
from handlers.staff.views import show_application, show_queue
from storage.models import Applicant, Application


async def _target(request: Request, pressed: OfApplication) -> tuple[Campaign, Application, Applicant] | None:
    """The application a staff button names (by id)."""
    application = await request.repos.applications.by_id(pressed.application)
    found = await find(request, application.number or "") if application else None
    if found is None:
        assert isinstance(request.event, Button)
        request.answer(request.event.callback_id, request.label("stale_button"))
    return found


async def _waiting(
    request: Request, pressed: OfApplication
) -> tuple[Campaign, Application, Applicant] | None:
    """The button's application if it still waits for a decision; otherwise an alert."""
    found = await _target(request, pressed)
    if found is None or allowed(found[1].status, Move.ACCEPT):
        return found
    assert isinstance(request.event, Button)
    status = request.label(f"status_{found[1].status}")
    request.answer(request.event.callback_id, request.label("not_waiting", status=status), alert=True)
    return None


async def on_accept(request: Request, pressed: Accept) -> None:
    found = await _waiting(request, pressed)
    if found is None:
        return
    campaign, application, _ = found
    assert isinstance(request.event, Button)
    if not campaign.review.accept_before_opinion and current_opinion(campaign, application) is None:
        request.answer(request.event.callback_id, request.label("opinion_first"), alert=True)
        return
    change_status(request, application, Move.ACCEPT)
    await notify_everyone(
        request,
        application,
        f"accepted:{application.id}:{application.submissions}",
        lambda lang: request.deps.renderer.render(
            lang, "applicant_accepted", number=application.number, name=campaign.name.get(lang)
        ),
    )
    request.answer(request.event.callback_id, request.label("done"))
    request.say("staff/accepted", number=application.number, by=request.event.sender.first_name)


async def on_return_button(request: Request, pressed: ReturnPackage) -> None:
    """Ask this staff member for the reason; their reply (in this chat) returns the package."""
    found = await _waiting(request, pressed)
    if found is None:
        return
    _, application, _ = found
    assert isinstance(request.event, Button)
    await ask(request, "return", application, "staff/ask_reason", "reason_placeholder")


async def on_return_command(request: Request) -> None:
    """/return <no> <reason>"""
    assert isinstance(request.event, Command)
    number, _, reason = request.event.args.strip().partition(" ")
    if not number or not reason.strip():
        request.say("staff/return_usage")
        return
    found = await find(request, number)
    if found is None:
        request.say("staff/unknown_application", number=number)
        return
    await return_package(request, *found, reason.strip())


async def return_package(
    request: Request, campaign: Campaign, application: Application, applicant: Applicant, reason: str
) -> None:
    if not allowed(application.status, Move.RETURN):
        say_status_refusal(request, "staff/not_waiting", application)
        return
    application.return_reason = reason
    change_status(request, application, Move.RETURN, reason=reason)
    await notify_everyone(
        request,
        application,
        f"returned:{application.id}:{application.submissions}",
        lambda lang: request.deps.renderer.render(
            lang, "applicant_returned", number=application.number, name=campaign.name.get(lang), reason=reason
        ),
    )
    request.say("staff/returned", number=application.number, reason=reason)


async def on_details(request: Request, pressed: Details) -> None:
    found = await _target(request, pressed)
    if found is not None:
        await show_application(request, *found)


async def on_app_command(request: Request) -> None:
    assert isinstance(request.event, Command)
    number = request.event.args.strip()
    if not number:
        request.say("staff/app_usage")
        return
    found = await find(request, number)
    if found is None:
        request.say("staff/unknown_application", number=number)
        return
    await show_application(request, *found)


async def on_queue_command(request: Request) -> None:
    await show_queue(request)
