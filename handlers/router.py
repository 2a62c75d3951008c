"""Routes each event to its handler by walking the role table (``handlers/roles.py``): a command
by name, a button by the kind of its typed payload (``bot/engine/buttons.py``), a typed reply to
what the bot asked. The first role that routes it and whose gate lets the sender through here takes
it, and the request carries that role from then on (``request.role``: the status machine reads it);
the step then runs only in the phases of the call its role's table names (``handlers/phase_gate.py``).
A role's command or button that no gate lets through is refused; the applicant's flows (eligibility,
the form, uploads) are the private chat's."""

from __future__ import annotations

from bot.domain.phase import ALL
from bot.domain.status import Role
from bot.engine.codec import ForgedData, StaleData
from bot.engine.events import Button, Command, Contact, Document, Text
from bot.engine.request import Request
from handlers import pending, roles
from handlers.applicant import eligibility, form, misc, questions, uploads
from handlers.applicant import routes as applicant
from handlers.applicant.journey import stale
from handlers.gate import refuse_staff_only
from handlers.pending import Pending
from handlers.permits import refuse
from handlers.phase_gate import applicant_allowed, applicant_phase, campaign_of

refuse_upload_early = uploads.refuse_upload  # asked before a sent file is downloaded


async def dispatch(request: Request) -> None:
    event = request.event
    if isinstance(event, Command):
        await _command(request, event.name)
    elif isinstance(event, Button):
        await _button(request, event)
    elif isinstance(event, Text):
        await _text(request, event.text)
    elif not event.sender.is_private:
        return  # in a group only commands, buttons and replies to the bot's prompts mean anything
    else:
        request.role = Role.APPLICANT
        if isinstance(event, Contact | Document) and not await applicant_allowed(
            request, applicant.INPUT_PHASES
        ):
            return
        if isinstance(event, Contact):
            if not await form.on_contact(request, event.phone_number):
                await misc.on_unexpected_input(request)
        elif isinstance(event, Document):
            await uploads.on_document(request)
        else:
            await misc.on_unsupported(request)


async def _command(request: Request, name: str) -> None:
    owners: list[str] = []
    for entry in roles.ROLES:
        handler = roles.command_of(entry, name)
        if handler is None:
            continue
        if entry.name != Role.APPLICANT:
            owners.append(entry.name)
        if entry.gate(request):
            request.role = entry.name
            if await entry.in_phase(request, entry.phases.get(name, ALL), None):
                await handler(request)
            return
    if owners:
        roles.refuse_role_command(request, owners)
    elif request.event.sender.is_private:
        request.role = Role.APPLICANT
        await misc.on_unknown_command(request)


async def _button(request: Request, event: Button) -> None:
    try:
        pressed = request.deps.codec.decode(event.data)
    except ForgedData:
        await misc.on_forged(request)
        return
    except StaleData:
        await stale(request)
        return
    owners = roles.button_owners(type(pressed))
    for entry, handler in owners:
        if entry.gate(request):
            request.role = entry.name
            if await entry.in_phase(request, entry.phases.get(type(pressed), ALL), pressed):
                await handler(request, pressed)
            return
    if any(entry.name != Role.APPLICANT for entry, _ in owners):
        refuse_staff_only(request)
    else:
        await misc.on_forged(request)  # no such kind, or an applicant's button pressed in a group


async def _text(request: Request, text: str) -> None:
    """The reply to what the bot asked the sender in this chat, if it asked anything (by the role
    that answers that kind of prompt and lets the sender through); else, in private, the applicant's
    flows (eligibility, the form) while their call is open, or the line that it has closed. In a
    group nothing else is read."""
    asked = await pending.awaited(request)
    if asked is not None:
        await pending.clear(request)
        if await _reply(request, asked, text):
            return
    if not request.event.sender.is_private:
        return
    request.role = Role.APPLICANT
    if not await _applying(request):
        await applicant_allowed(request, applicant.INPUT_PHASES)
    elif not (
        await questions.answer_question(request, text)  # only a clear question the notice answers
        or await eligibility.on_text(request, text)
        or await form.on_text(request, text)
    ):
        await questions.on_free_text(request, text)  # the notice's answer, the contacts, or the generic reply


async def _reply(request: Request, asked: Pending, text: str) -> bool:
    """The reply to ``asked``, by the first role that answers its kind and lets the sender through;
    refused with one line when none does any more (the sender lost the role since being asked).
    False when the application it was about is gone: the text is then an ordinary message."""
    for entry in roles.ROLES:
        reply = entry.replies.get(asked.kind)
        if reply is not None and entry.gate(request):
            request.role = entry.name
            return await reply(request, asked, text)
    application = await request.repos.applications.by_id(asked.application)
    if application is None:
        return False
    refuse(request, application)
    return True


async def _applying(request: Request) -> bool:
    """Whether the sender's call is open for their typed answers (without saying anything)."""
    campaign = await campaign_of(request)
    return campaign is None or await applicant_phase(request, campaign) in applicant.INPUT_PHASES
