"""The recommendation form conversation: one field at a time, the summary, the commitment."""

from __future__ import annotations

from collections.abc import Callable

from bot.campaign.schema import Campaign, Form, FormField
from bot.domain.status import EDITABLE
from bot.engine.buttons import (
    ChangeField,
    Commit,
    ConfirmForm,
    DownloadForm,
    FieldOption,
    OfCampaign,
    OptionPage,
    PreviousField,
    SkipField,
    ViewForm,
)
from bot.engine.effects import InlineButton, InlineKeyboard, RemoveKeyboard, ReplyButton, ReplyKeyboard
from bot.engine.events import Button
from bot.engine.request import Request, keyboard
from bot.rules.credit_code import parse_org_code
from bot.rules.errors import RuleError
from bot.rules.field_types import context_for, parse_field
from bot.rules.mobile import parse_contact_phone
from bot.rules.parsed import Parsed
from bot.usecases.contacts import contact_rows
from bot.usecases.district_change import district_moved
from bot.usecases.districts import district_of
from bot.usecases.duplicates import others_with_code
from bot.usecases.form_values import asked_fields, display, next_field, summary_items
from bot.usecases.plausibility import plausibility_warnings
from handlers.common import active_application, campaign_at, campaign_index, touch
from storage.models import Application

PAGE_SIZE = 12  # options per page of a long choice list (the districts)


def field_buttons(
    request: Request, campaign: Campaign, field: FormField, page: int = 0
) -> list[list[InlineButton]]:
    assert campaign.form is not None
    ci, fi = campaign_index(request, campaign), campaign.form.fields.index(field)
    rows: list[list[InlineButton]] = []
    if field.type in ("choice", "district"):
        per_row = 3 if len(field.options) > PAGE_SIZE else 2
        first = page * PAGE_SIZE if len(field.options) > PAGE_SIZE else 0
        shown = field.options[first : first + PAGE_SIZE] if len(field.options) > PAGE_SIZE else field.options
        buttons = [
            request.button(o.text.get(request.lang), FieldOption(ci, fi, first + i))
            for i, o in enumerate(shown)
        ]
        rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
        rows.append(_page_row(request, ci, fi, page, len(field.options)))
    nav = [request.button(request.label("back_field"), PreviousField(ci, fi))]
    if not field.required:
        nav.append(request.button(request.label("skip"), SkipField(ci, fi)))
    return [*rows, nav]


def _page_row(request: Request, ci: int, fi: int, page: int, total: int) -> list[InlineButton]:
    if total <= PAGE_SIZE:
        return []
    row = []
    if page > 0:
        row.append(request.button(request.label("prev_page"), OptionPage(ci, fi, page - 1)))
    if (page + 1) * PAGE_SIZE < total:
        row.append(request.button(request.label("next_page"), OptionPage(ci, fi, page + 1)))
    return row


def ask_field(request: Request, campaign: Campaign, application: Application, field: FormField) -> None:
    form = campaign.form
    assert form is not None
    application.flow = {**application.flow, "form_step": field.id}
    fields = asked_fields(form)
    context = {
        "number": fields.index(field) + 1,
        "total": len(fields),
        "label": field.label.get(request.lang),
        "hint": field.hint.get(request.lang) if field.hint else "",
        "type": field.type,
        "required": field.required,
        "can_share": request.channel.share_contact,
    }
    if field.type == "mobile":
        contact = ReplyKeyboard(rows=((ReplyButton(request.label("share_contact"), request_contact=True),),))
        request.say("form_field", keyboard=contact, **context)
        return
    request.say("form_field", keyboard=keyboard(*field_buttons(request, campaign, field)), **context)


def show_summary(request: Request, campaign: Campaign, application: Application) -> None:
    form = campaign.form
    assert form is not None
    application.flow = {**application.flow, "form_step": "summary"}
    say_plausibility(request, campaign, application, changed=None)
    ci = campaign_index(request, campaign)
    edits = [
        request.button(request.label("edit_field", label=f.label.get(request.lang)), ChangeField(ci, i))
        for i, f in enumerate(form.fields)
        if not f.carry_from
    ]
    rows = [edits[i : i + 2] for i in range(0, len(edits), 2)]
    rows.append([request.button(request.label("confirm_form"), ConfirmForm(ci))])
    request.say(
        "form_summary", keyboard=keyboard(*rows), items=summary_items(request, campaign, form, application)
    )


def resume_form(request: Request, campaign: Campaign, application: Application) -> None:
    """Where the applicant is in the form: a field, the summary, or the confirmed form."""
    form = campaign.form
    assert form is not None
    if application.form_confirmed_at is not None:
        request.say("form_confirmed", keyboard=_confirmed_keyboard(request, campaign))
        return
    step = application.flow.get("form_step")
    field = next((f for f in asked_fields(form) if f.id == step), None)
    field = field or next_field(form, application, None)
    if field is not None and step != "summary":
        ask_field(request, campaign, application, field)
    elif step == "commitment":
        ask_commitment(request, campaign, application)
    else:
        show_summary(request, campaign, application)


def _confirmed_keyboard(request: Request, campaign: Campaign) -> InlineKeyboard:
    ci = campaign_index(request, campaign)
    return keyboard(
        [request.button(request.label("download_form"), DownloadForm(ci))],
        [request.button(request.label("view_form"), ViewForm(ci))],
    )


def ask_commitment(request: Request, campaign: Campaign, application: Application) -> None:
    assert campaign.form is not None
    application.flow = {**application.flow, "form_step": "commitment"}
    ci = campaign_index(request, campaign)
    request.say(
        "form_commitment",
        keyboard=keyboard(
            [request.button(request.label("commit"), Commit(ci))],
            [request.button(request.label("back_to_summary"), ViewForm(ci))],
        ),
        commitment=campaign.form.commitment.get(request.lang),
    )


def parse_for(
    campaign: Campaign, form: Form, field: FormField, application: Application, text: str
) -> Parsed:
    context = context_for(
        campaign,
        field,
        home_place=form.home_place,
        home_division=form.home_division,
        home_place_aliases=tuple(form.home_place_aliases),
    )
    return parse_field(field, text, context)


async def store(
    request: Request,
    campaign: Campaign,
    application: Application,
    field: FormField,
    parsed: Parsed,
    echo: bool = True,
) -> None:
    """Keep the value, echo it normalised with any warning (unless the question itself now shows
    it), and move on. A new district takes the application away from the former one's opinion."""
    district_before = district_of(campaign, application.form)
    application.form = {**application.form, field.id: parsed.stored}
    application.form_confirmed_at = None
    touch(request, application, "form_field", field=field.id)
    if field.type == "district":
        await district_moved(
            request.deps,
            request.repos,
            request.now(),
            request.applicant.id,
            campaign,
            application,
            district_before,
        )
    shown = display(request, campaign, field, parsed.stored)
    if echo:
        request.say(
            "form_echo",
            keyboard=RemoveKeyboard() if field.type == "mobile" else None,
            label=field.label.get(request.lang),
            value=shown,
            type=field.type,
        )
    for warning in parsed.warnings:
        request.say(f"field/{warning.code}", **warning.params)
    assert campaign.form is not None
    if next_field(campaign.form, application, field.id) is not None:  # the summary shows them all
        say_plausibility(request, campaign, application, changed=field.id)
    advance(request, campaign, application, field)


def say_plausibility(
    request: Request, campaign: Campaign, application: Application, changed: str | None
) -> None:
    """Implausible amounts: a warning asking to confirm, with a button to enter it again."""
    ci = campaign_index(request, campaign)
    for said in plausibility_warnings(campaign, application, request.lang, changed):
        again = request.button(
            request.label("edit_field", label=said.params["field"]), ChangeField(ci, said.field_index)
        )
        request.say(f"field/{said.code}", keyboard=keyboard([again]), **said.params)


def advance(request: Request, campaign: Campaign, application: Application, after: FormField) -> None:
    assert campaign.form is not None
    following = next_field(campaign.form, application, after.id)
    if following is not None:
        ask_field(request, campaign, application, following)
    else:
        show_summary(request, campaign, application)


async def current_field(request: Request) -> tuple[Campaign, Application, FormField] | None:
    found = await active_application(request)
    if found is None:
        return None
    campaign, application = found
    if campaign.form is None or application.status not in EDITABLE or application.form_confirmed_at:
        return None
    step = application.flow.get("form_step")
    field = next((f for f in asked_fields(campaign.form) if f.id == step), None)
    return (campaign, application, field) if field is not None else None


async def on_text(request: Request, text: str) -> bool:
    """A typed value for the field that is waiting; False when none is."""
    current = await current_field(request)
    if current is None:
        return False
    campaign, application, field = current
    assert campaign.form is not None
    form = campaign.form
    if field.type == "credit_code":
        await tell_if_code_taken(request, campaign, application, text)
    await accept(request, current, lambda: parse_for(campaign, form, field, application, text))
    return True


async def tell_if_code_taken(
    request: Request, campaign: Campaign, application: Application, text: str
) -> None:
    """Another application of the campaign has this code: say so (nothing about who) and how to
    join it; the value is still taken."""
    try:
        code = parse_org_code(text).value
    except RuleError:
        return
    if await others_with_code(request.repos, campaign, str(code), application.id):
        request.say("code_taken", code=code, contacts=contact_rows(campaign, request.lang))


async def on_contact(request: Request, phone: str) -> bool:
    """A contact shared with the button of a mobile field."""
    current = await current_field(request)
    if current is None or current[2].type != "mobile":
        return False
    await accept(request, current, lambda: parse_contact_phone(phone))
    return True


async def accept(
    request: Request, current: tuple[Campaign, Application, FormField], parse: Callable[[], Parsed]
) -> None:
    """Store what ``parse`` makes of the input, or explain why not and ask again."""
    campaign, application, field = current
    try:
        parsed = parse()
    except RuleError as error:
        request.say(f"field/{error.code}", **error.params)
        ask_field(request, campaign, application, field)
        return
    await store(request, campaign, application, field, parsed)


async def button_target(request: Request, pressed: OfCampaign) -> tuple[Campaign, Application] | None:
    """The active campaign and application if the button belongs to them, else None (stale)."""
    found = await active_application(request)
    campaign = campaign_at(request, pressed.campaign)
    if found is None or campaign is None or found[0] is not campaign or campaign.form is None:
        return None
    if found[1].status not in EDITABLE:
        return None
    return found


def stale_answer(request: Request) -> None:
    assert isinstance(request.event, Button)
    request.answer(request.event.callback_id, request.label("stale_button"))
