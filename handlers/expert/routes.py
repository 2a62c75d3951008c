"""Expert commands and buttons. The router lets them through only for ``[review] expert_user_ids``,
in private or in the staff chat, and only when no staff or district route took the command; the
handlers act only on applications assigned to the expert. The verification buttons (``vc``, ``vi``,
``vs``) are shared with city staff: the router lets either role press them."""

from __future__ import annotations

from handlers.expert import actions
from handlers.staff import verify_items
from handlers.types import ButtonHandler, CommandHandler

COMMANDS: dict[str, CommandHandler] = {
    "queue": actions.on_queue,
    "verify": verify_items.on_verify,
    "casescore": actions.on_casescore,
    "conflict": actions.on_conflict,
}

BUTTONS: dict[str, ButtonHandler] = {
    "vc": verify_items.on_consistent,
    "vi": verify_items.on_inconsistent,
    "vs": actions.on_start_button,
}
