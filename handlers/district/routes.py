"""District department commands and buttons. The router lets them through only for a member of a
district's ``user_ids``, in private or in that district's group (``handlers/gate.py``); a command
that is also a city staff command goes to city staff first."""

from __future__ import annotations

from handlers.district import opinion, prompts, views
from handlers.types import ButtonHandler, CommandHandler

COMMANDS: dict[str, CommandHandler] = {
    "queue": views.on_queue,
    "app": views.on_app,
    "recommend": opinion.on_recommend,
    "decline": opinion.on_decline,
}

BUTTONS: dict[str, ButtonHandler] = {
    "dr": prompts.on_recommend_button,
    "dd": prompts.on_decline_button,
    "dv": prompts.on_details,
}
