"""Routes each event to its handler: commands by name, buttons by their first data part,
typed input to the question that waits for it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.engine.codec import ForgedData
from bot.engine.events import Button, Command, Contact, Document, Text
from bot.engine.request import Request
from handlers import (
    eligibility,
    form,
    form_buttons,
    misc,
    staff_announce,
    staff_deadline,
    staff_prompts,
    staff_queue,
    staff_ranking,
    staff_reports,
    staff_review,
    start,
    status,
    submit,
    uploads,
)

CommandHandler = Callable[[Request], Awaitable[None]]
ButtonHandler = Callable[[Request, tuple[str, ...]], Awaitable[None]]

COMMANDS: dict[str, CommandHandler] = {
    "start": start.on_start,
    "status": status.on_status,
    "help": misc.on_help,
    "lang": misc.on_lang,
    "form": form_buttons.on_form_command,
    "template": uploads.on_template,
    "submit": submit.on_submit,
}

# Staff commands work in the staff group and in private; each handler checks the sender.
STAFF_COMMANDS: dict[str, CommandHandler] = {
    "extend": staff_deadline.on_extend,
    "queue": staff_queue.on_queue_command,
    "app": staff_queue.on_app_command,
    "return": staff_queue.on_return_command,
    "export": staff_reports.on_export,
    "stats": staff_reports.on_stats,
    "verify": staff_review.on_verify,
    "casescore": staff_review.on_casescore,
    "ranking": staff_ranking.on_ranking,
    "announce": staff_announce.on_announce,
}

STAFF_BUTTONS: dict[str, ButtonHandler] = {
    "sa": staff_queue.on_accept,
    "sr": staff_queue.on_return_button,
    "sd": staff_queue.on_details,
    "sx": staff_prompts.on_extend_button,
    "sv": staff_prompts.on_verify_button,
    "rx": staff_ranking.on_ranking_xlsx,
    "ap": staff_announce.on_announce_button,
    "ac": staff_announce.on_confirm,
    "ar": staff_announce.on_refresh,
}

BUTTONS: dict[str, ButtonHandler] = {
    "c": start.on_choose,
    "ok": start.on_consent,
    "rs": start.on_resume,
    "a": eligibility.on_answer_button,
    "bk": eligibility.on_back,
    "ed": eligibility.on_edit,
    "lg": misc.on_lang_chosen,
    "fm": form_buttons.on_start,
    "fo": form_buttons.on_option,
    "fp": form_buttons.on_page,
    "fb": form_buttons.on_back,
    "fs": form_buttons.on_skip,
    "fe": form_buttons.on_edit,
    "fc": form_buttons.on_confirm,
    "fv": form_buttons.on_view,
    "cm": form_buttons.on_commit,
    "fd": form_buttons.on_download,
    "sb": submit.on_submit_button,
}

# Commands shown in the client's menu (setMyCommands), in this order.
MENU = ("start", "status", "form", "template", "submit", "help", "lang")


async def dispatch(request: Request) -> None:
    event = request.event
    if isinstance(event, Command) and event.name in STAFF_COMMANDS:
        await STAFF_COMMANDS[event.name](request)
        return
    if not event.sender.is_private:
        if isinstance(event, Button):
            await _button(request, event, STAFF_BUTTONS)
        elif isinstance(event, Text):
            await staff_prompts.on_staff_text(request, event.text)
        return
    if isinstance(event, Command):
        await COMMANDS.get(event.name, misc.on_unknown_command)(request)
    elif isinstance(event, Button):
        await _button(request, event, {**BUTTONS, **STAFF_BUTTONS})
    elif isinstance(event, Text):
        if not (
            await eligibility.on_text(request, event.text)
            or await form.on_text(request, event.text)
            or await staff_prompts.on_staff_text(request, event.text)
        ):
            await misc.on_unexpected_input(request)
    elif isinstance(event, Contact):
        if not await form.on_contact(request, event.phone_number):
            await misc.on_unexpected_input(request)
    elif isinstance(event, Document):
        await uploads.on_document(request)
    else:
        await misc.on_unsupported(request)


async def _button(request: Request, event: Button, handlers: dict[str, ButtonHandler]) -> None:
    try:
        parts = request.deps.codec.decode(event.data)
    except ForgedData:
        await misc.on_forged(request)
        return
    handler = handlers.get(parts[0])
    if handler is None:
        await misc.on_forged(request)
        return
    await handler(request, parts)
