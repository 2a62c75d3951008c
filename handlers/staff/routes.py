"""Staff commands and buttons. The router lets them through only for staff, and only in the staff
chat or a staff member's private chat (``handlers/gate.py``); the handlers do not check again."""

from __future__ import annotations

from bot.engine import buttons as b
from bot.engine.buttons import Payload
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
    "help",
)
