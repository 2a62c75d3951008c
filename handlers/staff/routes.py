"""City staff: commands and buttons, the phases they work in, menu, help, configuration. The router
lets them through only for staff, and only in the staff chat or a staff member's private chat
(``handlers/gate.py``)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.campaign.schema import Campaign
from bot.config import Settings
from bot.domain.phase import ALL, BEFORE_RESULTS, LISTED, RESULTS_OUT, Phase
from bot.domain.status import Role
from bot.engine import buttons as b
from bot.engine.buttons import Payload
from bot.engine.request import Deps
from bot.usecases.people import StaffDesk
from handlers.gate import staff_may_act
from handlers.phase_gate import staff_allowed
from handlers.staff import (
    announce,
    assign,
    casebook,
    deadline,
    exclude,
    objections,
    phase,
    prompts,
    publicity,
    queue,
    ranking,
    replies,
    reports,
    review,
    verify_items,
)
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
    "objection": objections.on_objection,
    "dismiss": objections.on_dismiss,
    "uphold": objections.on_uphold,
    "casebook": casebook.on_casebook,
    "phase": phase.on_phase,
    "exclude": exclude.on_exclude,
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
    b.PhaseStep: phase.on_step,
    b.ConfirmEarlyAnnouncement: announce.on_confirm_early,
    b.PromoteNext: objections.on_promote,
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
    "dismiss",
    "uphold",
    "casebook",
    "exclude",
    "phase",
    "help",
)

# The phases of the call each command and button works in (``bot/domain/phase.py``); the router
# refuses the others (``handlers/phase_gate.py``).
PHASES: dict[str | type[Payload], frozenset[Phase]] = {
    "extend": BEFORE_RESULTS,
    "queue": ALL,
    "app": ALL,
    "return": BEFORE_RESULTS,
    "export": ALL,
    "stats": ALL,
    "verify": BEFORE_RESULTS,
    "casescore": BEFORE_RESULTS,
    "ranking": ALL,
    "announce": ALL,
    "assign": BEFORE_RESULTS,
    "publicity": RESULTS_OUT,
    "objection": LISTED,
    "dismiss": LISTED,
    "uphold": LISTED,
    "casebook": frozenset({Phase.FINAL}),
    "phase": ALL,
    "exclude": BEFORE_RESULTS,
    "help": ALL,
    b.Accept: BEFORE_RESULTS,
    b.ReturnPackage: BEFORE_RESULTS,
    b.Details: ALL,
    b.Extend: BEFORE_RESULTS,
    b.VerifyFigures: BEFORE_RESULTS,
    b.RankingFile: ALL,
    b.PreviewAnnouncement: ALL,
    b.ConfirmAnnouncement: BEFORE_RESULTS,
    b.RefreshResults: RESULTS_OUT,
    b.PublicityFiles: RESULTS_OUT,
    b.Casebook: frozenset({Phase.FINAL}),
    b.RecordObjection: LISTED,
    b.PhaseStep: ALL,  # the phase machine guards each move itself
    b.ConfirmEarlyAnnouncement: BEFORE_RESULTS,
    b.PromoteNext: LISTED,
    b.ItemConsistent: BEFORE_RESULTS,
    b.ItemInconsistent: BEFORE_RESULTS,
    b.StartVerification: BEFORE_RESULTS,
}


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
    phases=PHASES,
    in_phase=staff_allowed,
    menu=MENU,
    places=_places,
    help="staff/help",
    replies={
        "return": replies.on_return_reason,
        "extend": replies.on_new_deadline,
        "objection": replies.on_objection,
        "verify": replies.on_figures,
        "item": verify_items.on_item_text,
    },
    part=_part,
)
