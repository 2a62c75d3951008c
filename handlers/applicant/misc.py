"""/help, /lang, and friendly answers to everything unexpected."""

from __future__ import annotations

from bot.domain.languages import LANGUAGES
from bot.domain.words import commands_with_words
from bot.engine.buttons import ChooseLanguage
from bot.engine.effects import InlineButton
from bot.engine.events import Button, Command, Unsupported
from bot.engine.request import Request, keyboard
from bot.usecases.contacts import contact_groups
from handlers.applicant.journey import resume_journey, stale
from handlers.common import active_application


async def on_help(request: Request) -> None:
    """Help; where the client shows no menu of commands (WeChat), the commands as menu items."""
    menu = None
    if not request.channel.command_menu:
        items = [InlineButton(request.label(f"cmd_{name}"), f"/{name}") for name in commands_with_words()]
        menu = keyboard(*([item] for item in items))
    request.say(
        "help", keyboard=menu, contact_groups=contact_groups(request.deps.campaigns.all, request.lang)
    )


async def on_lang(request: Request) -> None:
    buttons = [
        request.button(request.deps.renderer.label(lang, "language_name"), ChooseLanguage(lang))
        for lang in LANGUAGES
    ]
    request.say("lang_choose", keyboard=keyboard(buttons))


async def on_lang_chosen(request: Request, pressed: ChooseLanguage) -> None:
    """Switch language, then repeat where the applicant is, in that language."""
    if pressed.lang not in LANGUAGES:
        await stale(request)
        return
    request.applicant.lang = pressed.lang
    request.applicant.updated_at = request.now()
    if request.event.sender.is_private:  # the chat's command menu follows the choice
        request.set_menu(pressed.lang)
    found = await active_application(request)
    resuming = found is not None and request.applicant.consent_at is not None
    request.say("lang_set", resuming=resuming)  # without an application to go on with: what to send next
    if found is not None and resuming:
        await resume_journey(request, *found)


async def resume_if_any(request: Request) -> None:
    found = await active_application(request)
    if found is not None and request.applicant.consent_at is not None:
        await resume_journey(request, *found)


async def on_unknown_command(request: Request) -> None:
    assert isinstance(request.event, Command)
    request.say("unknown_command", name=request.event.name)


async def on_unsupported(request: Request) -> None:
    kind = request.event.kind if isinstance(request.event, Unsupported) else "message"
    request.say("unsupported", kind=kind)
    await resume_if_any(request)


async def on_unexpected_input(request: Request) -> None:
    """Text, a contact or a file while no question waits for one."""
    request.say("no_input_expected")


async def on_forged(request: Request) -> None:
    """Callback data the bot did not sign: refused, nothing changes."""
    assert isinstance(request.event, Button)
    request.answer(request.event.callback_id, request.label("forged_button"), alert=True)
