"""District department commands and buttons. The router lets them through only for a member of a
district's ``user_ids``, in private or in that district's group (``handlers/gate.py``); a command
that is also a city staff command goes to city staff first."""

from __future__ import annotations

from bot.domain.phase import ALL, BEFORE_RESULTS, Phase
from bot.engine import buttons as b
from bot.engine.buttons import Payload
from handlers.district import opinion, prompts, views
from handlers.types import ButtonHandler, CommandHandler

COMMANDS: dict[str, CommandHandler] = {
    "queue": views.on_queue,
    "app": views.on_app,
    "recommend": opinion.on_recommend,
    "decline": opinion.on_decline,
}

# Applicant commands that district members, past the district gate, get their own version of.
SHARED: dict[str, CommandHandler] = {
    "help": views.on_help,
}

# The district department's command menu (in its group and each member's private chat), in this order.
MENU = ("queue", "app", "recommend", "decline", "help")

BUTTONS: dict[type[Payload], ButtonHandler] = {
    b.Recommend: prompts.on_recommend_button,
    b.Decline: prompts.on_decline_button,
    b.DistrictDetails: prompts.on_details,
}

# The phases of the call each command and button works in (``bot/domain/phase.py``).
PHASES: dict[str | type[Payload], frozenset[Phase]] = {
    "queue": ALL,
    "app": ALL,
    "recommend": BEFORE_RESULTS,
    "decline": BEFORE_RESULTS,
    "help": ALL,
    b.Recommend: BEFORE_RESULTS,
    b.Decline: BEFORE_RESULTS,
    b.DistrictDetails: ALL,
}
