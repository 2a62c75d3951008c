"""District departments: commands and buttons, menu, help, configuration. The router lets them
through only for a member of a district's ``user_ids``, in private or in that district's group
(``handlers/gate.py``); a command that is also a city staff command goes to city staff first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.campaign.schema import Campaign
from bot.config import Settings
from bot.domain.phase import ALL, BEFORE_RESULTS, Phase
from bot.domain.status import Role
from bot.engine import buttons as b
from bot.engine.buttons import Payload
from bot.engine.request import Deps, Request
from bot.usecases.districts import build_districts
from bot.usecases.people import Districts
from handlers.district import opinion, prompts, views
from handlers.district.common import my_district
from handlers.gate import district_of_sender
from handlers.phase_gate import staff_allowed
from handlers.types import ButtonHandler, CommandHandler, Places, RoleEntry

COMMANDS: dict[str, CommandHandler] = {
    "queue": views.on_queue,
    "app": views.on_app,
    "recommend": opinion.on_recommend,
    "decline": opinion.on_decline,
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


def _places(deps: Deps) -> Places:
    districts = deps.part(Districts).all
    groups = tuple(d.chat_id for d in districts if d.chat_id)
    return Places(groups, tuple(user for d in districts for user in sorted(d.user_ids)))


def _part(settings: Settings, campaigns: Sequence[Campaign]) -> Districts:
    return Districts(build_districts(settings.districts, campaigns, settings.config_file))


def _help_context(request: Request) -> dict[str, Any]:
    return {"district": my_district(request).name}


def _is_member(request: Request) -> bool:
    return district_of_sender(request) is not None


ROLE = RoleEntry(
    name=Role.DISTRICT,
    gate=_is_member,
    commands=COMMANDS,
    buttons=BUTTONS,
    phases=PHASES,
    in_phase=staff_allowed,
    menu=MENU,
    places=_places,
    help="district/help",
    help_context=_help_context,
    replies={"recommend": prompts.on_opinion_text, "decline": prompts.on_opinion_text},
    part=_part,
)
