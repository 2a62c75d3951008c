"""A staff member's reply to a prompt (a return reason, a new deadline, verification figures), acted on."""

from __future__ import annotations

from bot.engine.request import Request
from handlers.staff import deadline as staff_deadline
from handlers.staff import publicity as staff_publicity
from handlers.staff import queue as staff_queue
from handlers.staff import review as staff_review
from handlers.staff import verify_items
from handlers.staff.common import find
from handlers.staff.prompts import PROMPT_KEY


async def on_staff_text(request: Request, text: str) -> bool:
    """The reply to a prompt, acted on; False if this staff member was asked nothing here."""

    sender = request.event.sender
    key = PROMPT_KEY.format(user=sender.user_id, chat=sender.chat_id)
    pending = await request.repos.settings.get(key)
    if pending is None:
        return False
    await request.repos.settings.delete(key)
    action, _, raw_id = pending.partition(":")
    application = await request.repos.applications.by_id(int(raw_id)) if raw_id.isdigit() else None
    found = await find(request, application.number or "") if application else None
    if found is None:
        return False
    if action == "return":
        await staff_queue.return_package(request, *found, text.strip())
    elif action == "extend":
        await staff_deadline.extend(request, *found, text.strip())
    elif action == "objection":
        await staff_publicity.record_objection(request, found[0], found[1], text.strip())
    elif staff_review.valid_verify_args(text.split()):
        staff_review.verify(request, found[0], found[1], text.split())
    else:
        request.say("staff/verify_usage")
    return True


async def on_text(request: Request, text: str) -> bool:
    """A staff member's typed reply: to a staff prompt, else to an item of a verification."""
    return await on_staff_text(request, text) or await verify_items.on_item_text(request, text)
