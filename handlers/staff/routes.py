"""City staff: commands and buttons, menu, help, configuration. The router lets them through only
for staff, and only in the staff chat or a staff member's private chat (``handlers/gate.py``)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.campaign.schema import Campaign
from bot.config import Settings
from bot.domain.status import Role
from bot.engine import buttons as b
from bot.engine.buttons import Payload
from bot.engine.request import Deps
from bot.usecases.people import StaffDesk
from handlers.gate import staff_may_act
from handlers.staff import (
    announce,
    assign,
    casebook,
    deadline,
    prompts,
    publicity,
    queue,
    ranking,
    reports,
    review,
    verify_items,
)
from handlers.staff.replies import on_text
from handlers.types import ButtonHandler, CommandHandler, Places, RoleEntry

COMMANDS: dict[str, CommandHandler] = {
    "extend": deadline.on_extend,
    "queue": queue.on_queue_command,
    "app": queue.on_app_command,
    "return": queue.on_return_command,
    "export": reports.on_export,
    "stats": reports.on_stats,
    "verify": verify_items.on_verify,
    "casescore": review.on_casescore,
    "ranking": ranking.on_ranking,
    "announce": announce.on_announce,
    "assign": assign.on_assign,
    "publicity": publicity.on_publicity,
    "objection": publicity.on_objection,
    "casebook": casebook.on_casebook,
}

BUTTONS: dict[type[Payload], ButtonHandler] = {
    b.Accept: queue.on_accept,
    b.ReturnPackage: queue.on_return_button,
    b.Details: queue.on_details,
    b.Extend: prompts.on_extend_button,
    b.VerifyFigures: prompts.on_verify_button,
    b.RankingFile: ranking.on_ranking_xlsx,
    b.PreviewAnnouncement: announce.on_announce_button,
    b.ConfirmAnnouncement: announce.on_confirm,
    b.RefreshResults: announce.on_refresh,
    b.PublicityFiles: publicity.on_publicity_button,
    b.Casebook: casebook.on_casebook_button,
    b.RecordObjection: prompts.on_objection_button,
    # the verification, which city staff may do for any application (experts: those assigned)
    b.ItemConsistent: verify_items.on_consistent,
    b.ItemInconsistent: verify_items.on_inconsistent,
    b.StartVerification: verify_items.on_start_button,
}

# Staff's command menu (setMyCommands with a chat scope), in this order.
MENU = (
    "queue",
    "app",
    "return",
    "verify",
    "casescore",
    "extend",
    "ranking",
    "announce",
    "export",
    "stats",
    "assign",
    "publicity",
    "objection",
    "casebook",
    "help",
)


def _places(deps: Deps) -> Places:
    staff = deps.part(StaffDesk)
    return Places((staff.chat_id,) if staff.chat_id else (), tuple(sorted(staff.user_ids)))


def _part(settings: Settings, campaigns: Sequence[Campaign]) -> StaffDesk:
    return StaffDesk(frozenset(settings.telegram.staff_user_ids), settings.telegram.staff_chat_id)


ROLE = RoleEntry(
    name=Role.STAFF,
    gate=staff_may_act,
    commands=COMMANDS,
    buttons=BUTTONS,
    menu=MENU,
    places=_places,
    help="staff/help",
    text=on_text,
    part=_part,
)
