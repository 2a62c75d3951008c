"""The applicant's commands and buttons (private chat), the phases they work in, and the command menu
everyone sees."""

from __future__ import annotations

from bot.domain.phase import ALL, APPLYING, Phase
from bot.domain.status import Role
from bot.engine import buttons as b
from bot.engine.buttons import Payload
from bot.engine.request import Request
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
from handlers.phase_gate import applicant_allowed
from handlers.types import ButtonHandler, CommandHandler, RoleEntry

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
    "handover": colleagues.on_handover,
    "privacy": privacy.on_privacy,
    "mydata": privacy.on_mydata,
    "delete": privacy.on_delete,
}

BUTTONS: dict[type[Payload], ButtonHandler] = {
    b.ChooseCampaign: start.on_choose,
    b.Consent: start.on_consent,
    b.Resume: start.on_resume,
    b.Answer: eligibility_buttons.on_answer_button,
    b.PreviousQuestion: eligibility_buttons.on_back,
    b.ChangeAnswer: eligibility_buttons.on_edit,
    b.ChooseLanguage: misc.on_lang_chosen,
    b.StartForm: form_buttons.on_start,
    b.FieldOption: form_buttons.on_option,
    b.OptionPage: form_buttons.on_page,
    b.PreviousField: form_buttons.on_back,
    b.SkipField: form_buttons.on_skip,
    b.ChangeField: form_buttons.on_edit,
    b.ConfirmForm: form_buttons.on_confirm,
    b.ViewForm: form_buttons.on_view,
    b.Commit: form_buttons.on_commit,
    b.DownloadForm: form_buttons.on_download,
    b.SubmitNow: submit.on_submit_button,
    b.RemoveMember: colleagues.on_remove,
    b.HandOver: colleagues.on_hand_over,
    b.ConfirmDelete: privacy.on_delete_confirm,
    b.ConfirmSubmit: submit.on_confirm,
    b.Fingerprints: submit.on_fingerprints,
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
    "handover",
    "privacy",
    "mydata",
    "delete",
)

# The phases of the call each command and button works in (``bot/domain/phase.py``); the router
# refuses the others (``handlers/phase_gate.py``). Steps that make or change an application work
# while the call is open (or the application's extension runs); reading one's own data always.
PHASES: dict[str | type[Payload], frozenset[Phase]] = {
    "start": APPLYING,
    "status": ALL,
    "help": ALL,
    "lang": ALL,
    "form": APPLYING,
    "template": ALL,
    "submit": APPLYING,
    "invite": APPLYING,
    "members": ALL,
    "privacy": ALL,
    "mydata": ALL,
    "delete": ALL,
    "handover": ALL,
    b.ChooseCampaign: APPLYING,
    b.Consent: APPLYING,
    b.Resume: APPLYING,
    b.Answer: APPLYING,
    b.PreviousQuestion: APPLYING,
    b.ChangeAnswer: APPLYING,
    b.ChooseLanguage: ALL,
    b.StartForm: APPLYING,
    b.FieldOption: APPLYING,
    b.OptionPage: APPLYING,
    b.PreviousField: APPLYING,
    b.SkipField: APPLYING,
    b.ChangeField: APPLYING,
    b.ConfirmForm: APPLYING,
    b.ViewForm: ALL,
    b.Commit: APPLYING,
    b.DownloadForm: ALL,
    b.SubmitNow: APPLYING,
    b.RemoveMember: ALL,
    b.HandOver: ALL,
    b.ConfirmDelete: ALL,
    b.ConfirmSubmit: APPLYING,
    b.Fingerprints: ALL,
}
# Typed answers, a shared phone number and sent files are applicant steps as well.
INPUT_PHASES = APPLYING


def in_private(request: Request) -> bool:
    """The applicant's gate: anyone, in their private chat with the bot (on the application they
    are on, as its first contact or a colleague: ``handlers.common.acting_role``)."""
    return request.event.sender.is_private


ROLE = RoleEntry(
    name=Role.APPLICANT,
    gate=in_private,
    commands=COMMANDS,
    buttons=BUTTONS,
    phases=PHASES,
    in_phase=applicant_allowed,
    menu=MENU,
)
