"""Routes each event to its handler: commands by name, buttons by their first data part, typed
input to the question that waits for it. Staff routes pass the staff gate first."""

from __future__ import annotations

from bot.engine.codec import ForgedData
from bot.engine.events import Button, Command, Contact, Document, Text
from bot.engine.request import Request
from handlers.applicant import eligibility, form, misc, uploads
from handlers.applicant import routes as applicant
from handlers.gate import refuse_staff_only, staff_may_act
from handlers.staff import replies
from handlers.staff import routes as staff
from handlers.types import ButtonHandler

COMMANDS = applicant.COMMANDS
BUTTONS = applicant.BUTTONS
STAFF_COMMANDS = staff.COMMANDS
STAFF_BUTTONS = staff.BUTTONS
MENU = applicant.MENU
STAFF_MENU = staff.MENU
STAFF_PRIVATE_MENU = staff.MENU + tuple(name for name in applicant.MENU if name not in staff.MENU)


async def dispatch(request: Request) -> None:
    event = request.event
    if isinstance(event, Command) and event.name in STAFF_COMMANDS:
        await _staff(request, STAFF_COMMANDS[event.name])
        return
    if isinstance(event, Command) and event.name in staff.SHARED and staff_may_act(request):
        await staff.SHARED[event.name](request)
        return
    if not event.sender.is_private:
        await _in_group(request)
        return
    if isinstance(event, Command):
        await COMMANDS.get(event.name, misc.on_unknown_command)(request)
    elif isinstance(event, Button):
        await _button(request, event)
    elif isinstance(event, Text):
        await _private_text(request, event.text)
    elif isinstance(event, Contact):
        if not await form.on_contact(request, event.phone_number):
            await misc.on_unexpected_input(request)
    elif isinstance(event, Document):
        await uploads.on_document(request)
    else:
        await misc.on_unsupported(request)


async def _staff(request: Request, handler: object, *args: object) -> None:
    if not staff_may_act(request):
        refuse_staff_only(request)
        return
    await handler(request, *args)  # type: ignore[operator]


async def _in_group(request: Request) -> None:
    """In a group only staff buttons and staff replies to the bot's prompts mean anything."""
    event = request.event
    if isinstance(event, Button):
        await _button(request, event, staff_only=True)
    elif isinstance(event, Text) and staff_may_act(request):
        await replies.on_staff_text(request, event.text)


async def _private_text(request: Request, text: str) -> bool:
    handled = await eligibility.on_text(request, text) or await form.on_text(request, text)
    if not handled and staff_may_act(request):
        handled = await replies.on_staff_text(request, text)
    if not handled:
        await misc.on_unexpected_input(request)
    return handled


async def _button(request: Request, event: Button, staff_only: bool = False) -> None:
    try:
        parts = request.deps.codec.decode(event.data)
    except ForgedData:
        await misc.on_forged(request)
        return
    handler: ButtonHandler | None = STAFF_BUTTONS.get(parts[0])
    if handler is not None:
        await _staff(request, handler, parts)
        return
    handler = None if staff_only else BUTTONS.get(parts[0])
    if handler is None:
        await misc.on_forged(request)
        return
    await handler(request, parts)
