"""The gates: who may use a staff or district command or button, and where.

Staff commands and buttons act only for a configured staff member, and only in the staff chat or
in that member's private chat with the bot. District commands and buttons act only for a member
of a district department, in private or in that department's group. Experts act on the
applications assigned to them, in private or in the staff chat. Anyone else, or anywhere else,
gets a refusal that reveals nothing and changes nothing."""

from __future__ import annotations

from bot.engine.events import Button
from bot.engine.request import Request
from bot.usecases.districts import District
from bot.usecases.people import Districts, Experts, StaffDesk


def staff_may_act(request: Request) -> bool:
    sender = request.event.sender
    staff = request.deps.part(StaffDesk)
    if sender.user_id not in staff.user_ids:
        return False
    return sender.is_private or (staff.chat_id != 0 and sender.chat_id == staff.chat_id)


def district_of_sender(request: Request) -> District | None:
    """The department the sender acts for here: a member, in private or in its group."""
    sender = request.event.sender
    for district in request.deps.part(Districts).all:
        if sender.user_id in district.user_ids and (
            sender.is_private or (district.chat_id != 0 and sender.chat_id == district.chat_id)
        ):
            return district
    return None


def expert_may_act(request: Request) -> bool:
    """An expert (``[review] expert_user_ids``), in private or in the staff chat; which
    applications they may act on (those assigned to them) the expert handlers check."""
    sender = request.event.sender
    if sender.user_id not in request.deps.part(Experts).user_ids:
        return False
    staff_chat = request.deps.part(StaffDesk).chat_id
    return sender.is_private or (staff_chat != 0 and sender.chat_id == staff_chat)


def reviewer_may_act(request: Request) -> bool:
    return staff_may_act(request) or expert_may_act(request)


def refuse_staff_only(request: Request) -> None:
    """A button press gets a short alert; a private chat one line; a group nothing at all."""
    if isinstance(request.event, Button):
        request.answer(request.event.callback_id, request.label("staff_only"), alert=True)
    elif request.event.sender.is_private:
        request.say("staff/only")
