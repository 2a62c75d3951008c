"""Routes each event to its handler: commands by name, buttons by kind, typed
input to the question that waits for it. Buttons are routed by the kind of their typed payload
(``bot/engine/buttons.py``). Staff routes pass the staff gate, district routes the
district gate, expert routes the expert gate (``handlers/gate.py``). A command several role tables
name goes to the first role the sender holds here: city staff, then the district department, then
the expert; a sender who holds none is refused."""

from __future__ import annotations

from bot.engine.buttons import Payload
from bot.engine.codec import ForgedData, StaleData
from bot.engine.events import Button, Command, Contact, Document, Text
from bot.engine.request import Request
from handlers.applicant import eligibility, form, misc, questions, uploads
from handlers.applicant import routes as applicant
from handlers.applicant.journey import stale
from handlers.district import prompts as district_prompts
from handlers.district import routes as district
from handlers.expert import routes as expert
from handlers.gate import (
    district_of_sender,
    expert_may_act,
    refuse_role_command,
    refuse_staff_only,
    reviewer_may_act,
    staff_may_act,
)
from handlers.phase_gate import applicant_allowed, applicant_phase, campaign_of, staff_allowed
from handlers.staff import replies, verify_items
from handlers.staff import routes as staff
from handlers.types import ButtonHandler

refuse_upload_early = uploads.refuse_upload  # asked before a sent file is downloaded
COMMANDS = applicant.COMMANDS
BUTTONS = applicant.BUTTONS
STAFF_COMMANDS = staff.COMMANDS
STAFF_BUTTONS = staff.BUTTONS
DISTRICT_COMMANDS = district.COMMANDS
DISTRICT_BUTTONS = district.BUTTONS
EXPERT_COMMANDS = expert.COMMANDS
REVIEW_BUTTONS = expert.BUTTONS  # pressed by city staff or experts
ROLE_COMMANDS = STAFF_COMMANDS.keys() | DISTRICT_COMMANDS.keys() | EXPERT_COMMANDS.keys()
ROLE_TABLES = (("staff", STAFF_COMMANDS), ("district", DISTRICT_COMMANDS), ("expert", EXPERT_COMMANDS))
MENU = applicant.MENU
STAFF_MENU = staff.MENU
STAFF_PRIVATE_MENU = staff.MENU + tuple(name for name in applicant.MENU if name not in staff.MENU)
DISTRICT_MENU = district.MENU
DISTRICT_PRIVATE_MENU = district.MENU + tuple(name for name in applicant.MENU if name not in district.MENU)
EXPERT_PRIVATE_MENU = expert.MENU + tuple(name for name in applicant.MENU if name not in expert.MENU)


async def dispatch(request: Request) -> None:
    event = request.event
    if isinstance(event, Command) and event.name in ROLE_COMMANDS:
        await _by_role(request, event.name)
        return
    if isinstance(event, Command) and await _shared_by_role(request, event.name):
        return
    if not event.sender.is_private:
        await _in_group(request)
        return
    if isinstance(event, Command):
        handler = COMMANDS.get(event.name)
        if handler is None:
            await misc.on_unknown_command(request)
        elif await applicant_allowed(request, applicant.PHASES[event.name]):
            await handler(request)
    elif isinstance(event, Button):
        await _button(request, event)
    elif isinstance(event, Text):
        await _private_text(request, event.text)
    elif isinstance(event, Contact):
        if not await applicant_allowed(request, applicant.INPUT_PHASES):
            return
        if not await form.on_contact(request, event.phone_number):
            await misc.on_unexpected_input(request)
    elif isinstance(event, Document):
        if await applicant_allowed(request, applicant.INPUT_PHASES):
            await uploads.on_document(request)
    else:
        await misc.on_unsupported(request)


async def _by_role(request: Request, name: str) -> None:
    if name in STAFF_COMMANDS and staff_may_act(request):
        if await staff_allowed(request, staff.PHASES[name]):
            await STAFF_COMMANDS[name](request)
    elif name in DISTRICT_COMMANDS and district_of_sender(request) is not None:
        if await staff_allowed(request, district.PHASES[name]):
            await DISTRICT_COMMANDS[name](request)
    elif name in EXPERT_COMMANDS and expert_may_act(request):
        if await staff_allowed(request, expert.PHASES[name]):
            await EXPERT_COMMANDS[name](request)
    else:
        refuse_role_command(request, [role for role, table in ROLE_TABLES if name in table])


async def _shared_by_role(request: Request, name: str) -> bool:
    """An applicant command a role has its own version of (``/help``), for the first role the
    sender holds here; False when the sender holds none, so the applicant's version runs."""
    if name in staff.SHARED and staff_may_act(request):
        await staff.SHARED[name](request)
    elif name in district.SHARED and district_of_sender(request) is not None:
        await district.SHARED[name](request)
    elif name in expert.SHARED and expert_may_act(request):
        await expert.SHARED[name](request)
    else:
        return False
    return True


async def _district(request: Request, handler: ButtonHandler, pressed: Payload) -> None:
    if district_of_sender(request) is None:
        refuse_staff_only(request)
        return
    if await staff_allowed(request, district.PHASES[type(pressed)], pressed):
        await handler(request, pressed)


async def _staff(request: Request, handler: ButtonHandler, pressed: Payload) -> None:
    if not staff_may_act(request):
        refuse_staff_only(request)
        return
    if await staff_allowed(request, staff.PHASES[type(pressed)], pressed):
        await handler(request, pressed)


async def _in_group(request: Request) -> None:
    """In a group only role buttons and role replies to the bot's prompts mean anything."""
    event = request.event
    if isinstance(event, Button):
        await _button(request, event, staff_only=True)
    elif isinstance(event, Text):
        await _role_text(request, event.text)


async def _role_text(request: Request, text: str) -> bool:
    """A staff member's, an expert's or a district member's reply to the bot's prompt, if this is one."""
    if staff_may_act(request) and await replies.on_staff_text(request, text):
        return True
    if reviewer_may_act(request) and await verify_items.on_item_text(request, text):
        return True
    return district_of_sender(request) is not None and await district_prompts.on_district_text(request, text)


async def _private_text(request: Request, text: str) -> bool:
    """An answer to the applicant's question (while their call is open; a clear question the notice
    answers first), else a role's reply to a prompt; else the notice's answer to a question or the
    generic reply (``handlers/applicant/questions.py``), or that the call has closed."""
    if not await _applying(request):
        if not await _role_text(request, text):
            await applicant_allowed(request, applicant.INPUT_PHASES)
        return True
    handled = (
        await questions.answer_question(request, text)
        or await eligibility.on_text(request, text)
        or await form.on_text(request, text)
    )
    if not handled:
        handled = await _role_text(request, text)
    if not handled:
        await questions.on_free_text(request, text)
    return handled


async def _button(request: Request, event: Button, staff_only: bool = False) -> None:
    try:
        pressed = request.deps.codec.decode(event.data)
    except ForgedData:
        await misc.on_forged(request)
        return
    except StaleData:
        await stale(request)
        return
    kind = type(pressed)
    handler: ButtonHandler | None = STAFF_BUTTONS.get(kind)
    if handler is not None:
        await _staff(request, handler, pressed)
        return
    handler = DISTRICT_BUTTONS.get(kind)
    if handler is not None:
        await _district(request, handler, pressed)
        return
    handler = REVIEW_BUTTONS.get(kind)
    if handler is not None:
        if not reviewer_may_act(request):
            refuse_staff_only(request)
        elif await staff_allowed(request, expert.PHASES[kind], pressed):
            await handler(request, pressed)
        return
    handler = None if staff_only else BUTTONS.get(kind)
    if handler is None:
        await misc.on_forged(request)
        return
    if await applicant_allowed(request, applicant.PHASES[kind], pressed):
        await handler(request, pressed)


async def _applying(request: Request) -> bool:
    """Whether the sender's call is open for their typed answers (without saying anything)."""
    campaign = await campaign_of(request)
    return campaign is None or await applicant_phase(request, campaign) in applicant.INPUT_PHASES
