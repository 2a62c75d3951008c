"""Expert commands and buttons. The router lets them through only for ``[review] expert_user_ids``,
in private or in the staff chat, and only when no staff or district route took the command; the
handlers act only on applications assigned to the expert. The verification buttons (``vc``, ``vi``,
``vs``) are shared with city staff: the router lets either role press them."""

from __future__ import annotations

from bot.domain.phase import ALL, BEFORE_RESULTS, Phase
from bot.engine import buttons as b
from bot.engine.buttons import Payload
from handlers.expert import actions
from handlers.staff import verify_items
from handlers.types import ButtonHandler, CommandHandler

COMMANDS: dict[str, CommandHandler] = {
    "queue": actions.on_queue,
    "verify": verify_items.on_verify,
    "casescore": actions.on_casescore,
    "conflict": actions.on_conflict,
}

# Applicant commands that experts, past the expert gate, get their own version of.
SHARED: dict[str, CommandHandler] = {
    "help": actions.on_help,
}

# The expert's command menu (in their private chat), in this order.
MENU = ("queue", "verify", "casescore", "conflict", "help")

BUTTONS: dict[type[Payload], ButtonHandler] = {
    b.ItemConsistent: verify_items.on_consistent,
    b.ItemInconsistent: verify_items.on_inconsistent,
    b.StartVerification: actions.on_start_button,
}

# The phases of the call each command and button works in (``bot/domain/phase.py``).
PHASES: dict[str | type[Payload], frozenset[Phase]] = {
    "queue": ALL,
    "verify": BEFORE_RESULTS,
    "casescore": BEFORE_RESULTS,
    "conflict": BEFORE_RESULTS,
    "help": ALL,
    b.ItemConsistent: BEFORE_RESULTS,
    b.ItemInconsistent: BEFORE_RESULTS,
    b.StartVerification: BEFORE_RESULTS,
}
