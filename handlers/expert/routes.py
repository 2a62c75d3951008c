"""Verification experts: commands and buttons, menu, help, configuration. The router lets them
through only for ``[review] expert_user_ids``, in private or in the staff chat, and only when no staff
or district route took the command; the handlers act only on applications assigned to the expert.
The verification buttons are city staff's too (``handlers/staff/routes.py``): staff are asked first."""

from __future__ import annotations

from collections.abc import Sequence

from bot.campaign.schema import Campaign
from bot.config import Settings
from bot.domain.phase import ALL, BEFORE_RESULTS, Phase
from bot.domain.status import Role
from bot.engine import buttons as b
from bot.engine.buttons import Payload
from bot.engine.request import Deps
from bot.usecases.people import Experts
from handlers.expert import actions
from handlers.gate import expert_may_act
from handlers.phase_gate import staff_allowed
from handlers.staff import verify_items
from handlers.types import ButtonHandler, CommandHandler, Places, RoleEntry

COMMANDS: dict[str, CommandHandler] = {
    "queue": actions.on_queue,
    "verify": verify_items.on_verify,
    "casescore": actions.on_casescore,
    "conflict": actions.on_conflict,
}

# The expert's command menu (in their private chat), in this order.
MENU = ("queue", "verify", "casescore", "conflict", "help")

BUTTONS: dict[type[Payload], ButtonHandler] = {
    b.ItemConsistent: verify_items.on_consistent,
    b.ItemInconsistent: verify_items.on_inconsistent,
    b.StartVerification: verify_items.on_start_button,
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


def _places(deps: Deps) -> Places:
    return Places(people=tuple(sorted(deps.part(Experts).user_ids)))


def _part(settings: Settings, campaigns: Sequence[Campaign]) -> Experts:
    return Experts(frozenset(settings.review.expert_user_ids))


ROLE = RoleEntry(
    name=Role.EXPERT,
    gate=expert_may_act,
    commands=COMMANDS,
    buttons=BUTTONS,
    phases=PHASES,
    in_phase=staff_allowed,
    menu=MENU,
    places=_places,
    help="expert/help",
    replies={"item": verify_items.on_item_text},
    part=_part,
)
