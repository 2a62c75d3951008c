"""Buttons of the form conversation: options, pages, back, skip, edit, confirm, commit, download."""

from __future__ import annotations

import asyncio
from functools import partial

from bot.campaign.schema import Campaign
from bot.documents.form_docx import build_form_docx
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.domain.status import EDITABLE
from bot.engine.buttons import (
    ChangeField,
    Commit,
    ConfirmForm,
    DownloadForm,
    FieldOption,
    OptionPage,
    PreviousField,
    SkipField,
    StartForm,
    ViewForm,
)
from bot.engine.events import Button
from bot.engine.request import Request, keyboard
from bot.rules.parsed import Parsed
from bot.usecases.district_notice import printed_recommendation
from bot.usecases.districts import department_for, district_of
from bot.usecases.form_values import asked_fields, printed_values
from bot.usecases.people import Districts
from handlers.applicant import eligibility, form
from handlers.common import active_application, campaign_index, touch
from storage.models import Application


def _index(index: int, size: int) -> int | None:
    return index if index < size else None


async def on_option(request: Request, pressed: FieldOption) -> None:
    """An option of the waiting choice field."""
    current = await form.current_field(request)
    if current is None:
        form.stale_answer(request)
        return
    campaign, application, field = current
    assert campaign.form is not None
    fi, oi = _index(pressed.field, len(campaign.form.fields)), _index(pressed.option, len(field.options))
    if fi is None or oi is None or campaign.form.fields[fi] is not field:
        form.stale_answer(request)
        return
    option = field.options[oi]
    assert isinstance(request.event, Button)
    if request.event.message_id is not None:  # the question now shows the choice, its buttons gone
        answered = request.text(
            "question_answered", question=field.label.get(request.lang), answer=option.text.get(request.lang)
        )
        request.edit(request.event.message_id, answered)
    echo = request.event.message_id is None
    await form.store(
        request, campaign, application, field, Parsed(value=option.id, display=option.text.zh_CN), echo
    )


async def on_page(request: Request, pressed: OptionPage) -> None:
    """Show another page of a long option list in place."""
    current = await form.current_field(request)
    assert isinstance(request.event, Button)
    if current is None or request.event.message_id is None:
        form.stale_answer(request)
        return
    campaign, _, field = current
    rows = form.field_buttons(request, campaign, field, page=pressed.page)
    request.edit(
        request.event.message_id,
        request.text("form_pick", label=field.label.get(request.lang)),
        keyboard(*rows),
    )


async def on_back(request: Request, pressed: PreviousField) -> None:
    """The previous typed field (or the eligibility summary from the first); the button of a
    field that is no longer the current one is stale."""
    current = await form.current_field(request)
    if current is None:
        form.stale_answer(request)
        return
    campaign, application, field = current
    assert campaign.form is not None
    if _index(pressed.field, len(campaign.form.fields)) != campaign.form.fields.index(field):
        form.stale_answer(request)
        return
    fields = asked_fields(campaign.form)
    position = fields.index(field)
    if position == 0:
        application.flow = {**application.flow, "form_step": None}
        eligibility.finish(request, campaign, application)
        return
    form.ask_field(request, campaign, application, fields[position - 1])


async def on_skip(request: Request, pressed: SkipField) -> None:
    current = await form.current_field(request)
    if current is None or current[2].required:
        form.stale_answer(request)
        return
    campaign, application, field = current
    assert campaign.form is not None
    if _index(pressed.field, len(campaign.form.fields)) != campaign.form.fields.index(field):
        form.stale_answer(request)
        return
    application.form = {**application.form, field.id: None}
    form.advance(request, campaign, application, field)


async def on_start(request: Request, pressed: StartForm) -> None:
    """Begin (or continue) the form from the eligibility summary."""
    target = await form.button_target(request, pressed)
    if target is None:
        form.stale_answer(request)
        return
    form.resume_form(request, *target)


async def on_edit(request: Request, pressed: ChangeField) -> None:
    """Change one field from the summary."""
    target = await form.button_target(request, pressed)
    if target is None:
        form.stale_answer(request)
        return
    campaign, application = target
    assert campaign.form is not None
    fi = _index(pressed.field, len(campaign.form.fields))
    if fi is None or campaign.form.fields[fi].carry_from:
        form.stale_answer(request)
        return
    application.form_confirmed_at = None
    form.ask_field(request, campaign, application, campaign.form.fields[fi])


async def on_confirm(request: Request, pressed: ConfirmForm) -> None:
    """The summary is right; show the commitment."""
    target = await form.button_target(request, pressed)
    if target is None or target[1].flow.get("form_step") != "summary":
        form.stale_answer(request)
        return
    form.ask_commitment(request, *target)


async def on_view(request: Request, pressed: ViewForm) -> None:
    """The summary again (to check or change a field)."""
    target = await form.button_target(request, pressed)
    if target is None:
        form.stale_answer(request)
        return
    form.show_summary(request, *target)


async def on_commit(request: Request, pressed: Commit) -> None:
    """The commitment confirmed; the form is final and sent as .docx."""
    target = await form.button_target(request, pressed)
    if target is None or target[1].flow.get("form_step") != "commitment":
        form.stale_answer(request)
        return
    campaign, application = target
    application.form_confirmed_at = request.now()
    application.flow = {**application.flow, "form_step": "done"}
    touch(request, application, "form_commit")
    await send_docx(request, campaign, application)


async def on_download(request: Request, pressed: DownloadForm) -> None:
    target = await form.button_target(request, pressed)
    if target is None or target[1].form_confirmed_at is None:
        form.stale_answer(request)
        return
    await send_docx(request, *target)


async def send_docx(
    request: Request, campaign: Campaign, application: Application, editable: bool = True
) -> None:
    """The filled form as .docx; while it may change, with what to do next and a button to view
    or change it, afterwards (submitted …) with a line saying this is the submitted version."""
    assert campaign.form is not None
    values = printed_values(request, campaign, campaign.form, application)
    department = department_for(
        request.deps.part(Districts).all, campaign, district_of(campaign, application.form)
    )
    data = await asyncio.to_thread(
        partial(
            build_form_docx,
            campaign.form,
            values,
            commitment_label=request.deps.renderer.label(OFFICIAL_LANGUAGE, "commitment"),
            recommendation=printed_recommendation(
                request.deps.renderer, request.deps.part(Districts).all, campaign, application
            ),
            department=department or "",
        )
    )
    name = request.text("form_file_name", campaign=campaign.id, number=application.number or application.id)
    request.send_file(name, data, caption=request.text("form_docx_caption"))
    if not editable:
        request.say("form_locked_copy", status=request.label(f"status_{application.status}"))
        return
    request.say(
        "form_confirmed",
        keyboard=keyboard(
            [request.button(request.label("view_form"), ViewForm(campaign_index(request, campaign)))]
        ),
    )


async def on_form_command(request: Request) -> None:
    """/form: the filled form as .docx once confirmed (after submission too: the form promised
    "/form downloads it again"); otherwise continue filling it in while that is possible."""
    found = await active_application(request)
    if found is None or found[0].form is None:
        request.say("form_needs_eligibility")
        return
    campaign, application = found
    editable = application.status in EDITABLE
    if application.form_confirmed_at is not None:
        await send_docx(request, campaign, application, editable)
    elif editable:
        form.resume_form(request, campaign, application)
    else:
        request.say("form_needs_eligibility")
