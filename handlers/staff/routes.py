"""Staff commands and buttons. The router lets them through only for staff, and only in the staff
chat or a staff member's private chat (``handlers/gate.py``); the handlers do not check again."""

from __future__ import annotations

from bot.domain.phase import ALL, BEFORE_RESULTS, LISTED, RESULTS_OUT, Phase
from bot.engine import buttons as b
from bot.engine.buttons import Payload
from handlers.staff import (
    announce,
    assign,
    casebook,
    deadline,
    exclude,
    phase,
    prompts,
    publicity,
    queue,
    ranking,
    reports,
    review,
    staff_help,
    verify_items,
)
from handlers.types import ButtonHandler, CommandHandler

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
}

# Applicant commands that staff, past the staff gate, get their own version of.
SHARED: dict[str, CommandHandler] = {
    "help": staff_help.on_help,
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
}
