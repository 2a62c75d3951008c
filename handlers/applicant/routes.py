"""The applicant's commands and buttons (private chat), and the command menu they see."""

from __future__ import annotations

from handlers.applicant import (
    colleagues,
    eligibility_buttons,
    form_buttons,
    misc,
    privacy,
    start,
    status,
    submit,
    uploads,
)
from handlers.types import ButtonHandler, CommandHandler

COMMANDS: dict[str, CommandHandler] = {
    "start": colleagues.on_start,
    "status": status.on_status,
    "help": misc.on_help,
    "lang": misc.on_lang,
    "form": form_buttons.on_form_command,
    "template": uploads.on_template,
    "submit": submit.on_submit,
    "invite": colleagues.on_invite,
    "members": colleagues.on_members,
    "privacy": privacy.on_privacy,
    "mydata": privacy.on_mydata,
    "delete": privacy.on_delete,
}

BUTTONS: dict[str, ButtonHandler] = {
    "c": start.on_choose,
    "ok": start.on_consent,
    "rs": start.on_resume,
    "a": eligibility_buttons.on_answer_button,
    "bk": eligibility_buttons.on_back,
    "ed": eligibility_buttons.on_edit,
    "lg": misc.on_lang_chosen,
    "fm": form_buttons.on_start,
    "fo": form_buttons.on_option,
    "fp": form_buttons.on_page,
    "fb": form_buttons.on_back,
    "fs": form_buttons.on_skip,
    "fe": form_buttons.on_edit,
    "fc": form_buttons.on_confirm,
    "fv": form_buttons.on_view,
    "cm": form_buttons.on_commit,
    "fd": form_buttons.on_download,
    "sb": submit.on_submit_button,
    "mr": colleagues.on_remove,
    "dx": privacy.on_delete_confirm,
    "sc": submit.on_confirm,
    "hx": submit.on_fingerprints,
}

# Commands shown in the client's menu (setMyCommands), in this order.
MENU = (
    "start",
    "status",
    "form",
    "template",
    "submit",
    "help",
    "lang",
    "invite",
    "members",
    "privacy",
    "mydata",
    "delete",
)
