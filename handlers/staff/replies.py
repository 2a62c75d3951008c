"""A staff member's reply to a prompt (a return reason, a new deadline, verification figures, an
objection), acted on: one handler per kind of prompt, named in the staff role's ``replies``."""

from __future__ import annotations

from typing import Literal

from bot.campaign.schema import Campaign
from bot.domain.permissions import Action
from bot.engine.request import Request
from handlers.pending import Pending
from handlers.permits import allow
from handlers.staff import deadline as staff_deadline
from handlers.staff import objections as staff_objections
from handlers.staff import queue as staff_queue
from handlers.staff import review as staff_review
from handlers.staff.common import find
from storage.models import Applicant, Application

Found = tuple[Campaign, Application, Applicant]


async def _asked_about(
    request: Request, asked: Pending, action: Action = Action.HANDLE
) -> Found | Literal[False] | None:
    """The application the prompt was for, if the sender may still do it (None: refused with one
    line); False when it no longer exists (the reply is then read as an ordinary message)."""
    application = await request.repos.applications.by_id(asked.application)
    found = await find(request, application.number or "") if application else None
    if found is None:
        return False
    return found if await allow(request, action, found[1]) else None


async def on_return_reason(request: Request, asked: Pending, text: str) -> bool:
    found = await _asked_about(request, asked)
    if found is False:
        return False
    if found is not None:
        await staff_queue.return_package(request, *found, text.strip())
    return True


async def on_new_deadline(request: Request, asked: Pending, text: str) -> bool:
    found = await _asked_about(request, asked)
    if found is False:
        return False
    if found is not None:
        await staff_deadline.extend(request, *found, text.strip())
    return True


async def on_objection(request: Request, asked: Pending, text: str) -> bool:
    found = await _asked_about(request, asked)
    if found is False:
        return False
    if found is not None:
        await staff_objections.record_objection(request, found[0], found[1], text.strip())
    return True


async def on_figures(request: Request, asked: Pending, text: str) -> bool:
    found = await _asked_about(request, asked, Action.VERIFY)
    if found is False or found is None:
        return found is None
    if staff_review.valid_verify_args(text.split()):
        staff_review.verify(request, found[0], found[1], text.split())
    else:
        request.say("staff/verify_usage")
    return True
