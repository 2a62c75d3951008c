"""Staff buttons that need a typed answer (a return reason, a new deadline, verification
figures): the bot asks with a reply prompt and remembers, per staff member and chat, what the
next reply is for. A reply is how a bot in a group with privacy mode hears a message."""

from __future__ import annotations

from bot.engine.effects import ForceReply
from bot.engine.events import Button
from bot.engine.request import Request
from handlers.staff_common import find, is_staff, refuse
from storage.models import Application

PROMPT_KEY = "staff_prompt:{user}:{chat}"


async def ask(
    request: Request, action: str, application: Application, template: str, placeholder: str
) -> None:
    sender = request.event.sender
    key = PROMPT_KEY.format(user=sender.user_id, chat=sender.chat_id)
    await request.repos.settings.put(key, f"{action}:{application.id}")
    request.say(template, keyboard=ForceReply(request.label(placeholder)), number=application.number)


async def on_staff_text(request: Request, text: str) -> bool:
    """The reply to a prompt, acted on; False if this staff member was asked nothing here."""
    from handlers import staff_deadline, staff_queue, staff_review  # they import this module

    sender = request.event.sender
    if not is_staff(request):
        return False
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
    elif staff_review.valid_verify_args(text.split()):
        staff_review.verify(request, found[0], found[1], text.split())
    else:
        request.say("staff/verify_usage")
    return True


async def _application(request: Request, parts: tuple[str, ...]) -> Application | None:
    if not is_staff(request):
        refuse(request)
        return None
    application = (
        await request.repos.applications.by_id(int(parts[1])) if parts[1:] and parts[1].isdigit() else None
    )
    if application is None:
        assert isinstance(request.event, Button)
        request.answer(request.event.callback_id, request.label("stale_button"))
    return application


async def on_extend_button(request: Request, parts: tuple[str, ...]) -> None:
    """``sx:<application>``: ask for the new deadline."""
    application = await _application(request, parts)
    if application is not None:
        await ask(request, "extend", application, "staff/ask_deadline", "deadline_placeholder")


async def on_verify_button(request: Request, parts: tuple[str, ...]) -> None:
    """``sv:<application>``: ask for the verification figures."""
    application = await _application(request, parts)
    if application is not None:
        await ask(request, "verify", application, "staff/ask_verification", "verification_placeholder")
