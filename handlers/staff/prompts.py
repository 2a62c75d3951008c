"""Staff buttons that need a typed answer (a return reason, a new deadline, verification
figures): the bot asks with a reply prompt and remembers (``bot/usecases/pending.py``), per staff
member and chat, what the next reply is for. A reply is how a bot in a group with privacy mode
hears a message."""

from __future__ import annotations

from bot.engine.buttons import Extend, OfApplication, RecordObjection, VerifyFigures
from bot.engine.effects import ForceReply
from bot.engine.events import Button
from bot.engine.request import Request
from handlers import pending
from storage.models import Application


async def ask(
    request: Request, action: str, application: Application, template: str, placeholder: str
) -> None:
    await pending.ask(request, action, application.id)
    request.say(template, keyboard=ForceReply(request.label(placeholder)), number=application.number)


async def _application(request: Request, pressed: OfApplication) -> Application | None:
    application = await request.repos.applications.by_id(pressed.application)
    if application is None:
        assert isinstance(request.event, Button)
        request.answer(request.event.callback_id, request.label("stale_button"))
    return application


async def on_extend_button(request: Request, pressed: Extend) -> None:
    """Ask for the new deadline."""
    application = await _application(request, pressed)
    if application is not None:
        await ask(request, "extend", application, "staff/ask_deadline", "deadline_placeholder")


async def on_verify_button(request: Request, pressed: VerifyFigures) -> None:
    """Ask for the verification figures."""
    application = await _application(request, pressed)
    if application is not None:
        await ask(request, "verify", application, "staff/ask_verification", "verification_placeholder")


async def on_objection_button(request: Request, pressed: RecordObjection) -> None:
    """Ask for the objection received during the 公示 period."""
    application = await _application(request, pressed)
    if application is not None:
        await ask(request, "objection", application, "staff/ask_objection", "objection_placeholder")
