"""The one staff gate: who may use a staff command or button, and where.

Staff commands and buttons act only for a configured staff member, and only in the staff chat or
in that member's private chat with the bot. Anyone else, or anywhere else, gets a refusal that
reveals nothing and changes nothing."""

from __future__ import annotations

from bot.engine.events import Button
from bot.engine.request import Request


def staff_may_act(request: Request) -> bool:
    sender = request.event.sender
    if sender.user_id not in request.deps.staff_user_ids:
        return False
    return sender.is_private or (
        request.deps.staff_chat_id != 0 and sender.chat_id == request.deps.staff_chat_id
    )


def refuse_staff_only(request: Request) -> None:
    """A button press gets a short alert; a private chat one line; a group nothing at all."""
    if isinstance(request.event, Button):
        request.answer(request.event.callback_id, request.label("staff_only"), alert=True)
    elif request.event.sender.is_private:
        request.say("staff/only")
