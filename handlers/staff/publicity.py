"""/publicity: the 公示 list of the selected enterprises (.docx and .pdf) and where its period
stands; /objection <no> <text>: an objection received during the period, on the application.

The period starts on the day of the announcement (``/announce``) and lasts the campaign's
``ranking.publicity_days`` working days; the list is final once it has passed without objection.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from bot.campaign.schema import Campaign, FormField
from bot.documents.doc_words import DocWords
from bot.documents.publicity_docx import PublicityList, build_publicity_docx
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.domain.phase import Phase, PhaseMove
from bot.engine.buttons import PublicityFiles
from bot.engine.events import Command
from bot.engine.request import Request
from bot.rules.publicity import Period, publicity_state
from bot.usecases.call_phase import change_phase, current_phase
from bot.usecases.display import StaffView
from bot.usecases.form_values import display, stored_value
from bot.usecases.publicity_period import period_of
from handlers.common import audit, campaign_at
from handlers.gate import refuse_staff_only as refuse
from handlers.staff.announce import ANNOUNCED
from handlers.staff.common import command_target
from handlers.staff.ranking import chosen_campaigns, ranking_of
from storage.models import Application

SELECTED = "selected"
log = logging.getLogger(__name__)


async def selected_in_order(request: Request, campaign: Campaign) -> list[Application]:
    """The applications announced as selected, in ranking order."""
    chosen = {
        a.number: a
        for a in await request.repos.applications.in_campaign(campaign.id)
        if a.result == SELECTED and a.number
    }
    ranking = await ranking_of(request.repos, campaign)
    return [chosen[row.candidate.number] for row in ranking.rows if row.candidate.number in chosen]


async def announced_at(request: Request, campaign: Campaign) -> datetime | None:
    value = await request.repos.settings.get(ANNOUNCED.format(campaign=campaign.id))
    return datetime.fromisoformat(value) if value else None


async def on_publicity(request: Request) -> None:
    for campaign in chosen_campaigns(request):
        await send_publicity(request, campaign)


async def on_publicity_button(request: Request, pressed: PublicityFiles) -> None:
    campaign = campaign_at(request, pressed.campaign)
    if campaign is None:
        refuse(request)
        return
    await send_publicity(request, campaign)


async def send_publicity(request: Request, campaign: Campaign) -> None:
    """The list; the first time after the announcement it is published (the 公示 phase begins
    and its period counts from that day)."""
    selected = await selected_in_order(request, campaign)
    if not selected:
        request.say("staff/publicity_not_announced", campaign=campaign.name.zh_CN)
        return
    state = await current_phase(request.repos, campaign, request.now())
    if state.phase is Phase.ANNOUNCED:
        actor = request.event.sender.user_id
        state = await change_phase(request.repos, campaign, PhaseMove.PUBLISH, actor, request.now(), "staff")
    published = state.published_at or await announced_at(request, campaign) or request.now()
    period = period_of(campaign, published)
    data = publicity_list(request, campaign, selected, period)
    docx = await asyncio.to_thread(build_publicity_docx, data)
    request.send_file(request.text("staff/publicity_file_name", campaign=campaign.id, ext="docx"), docx)
    pdf = await asyncio.to_thread(_pdf_or_none, data)
    if pdf is not None:
        request.send_file(request.text("staff/publicity_file_name", campaign=campaign.id, ext="pdf"), pdf)
    objections = await request.repos.objections.count([a.id for a in selected])
    request.say(
        "staff/publicity",
        campaign=campaign.name.zh_CN,
        count=len(selected),
        start=period.start,
        end=period.end,
        state=publicity_state(period, campaign.zone, request.now(), objections),
        objections=objections,
        pdf=pdf is not None,
    )


def _pdf_or_none(data: PublicityList) -> bytes | None:
    """The PDF, or None when no CJK font is installed or the font cannot be embedded (the .docx
    is the list itself; the PDF is a convenience and must not take the .docx down with it)."""
    from bot.documents.publicity_pdf import NoCjkFont, build_publicity_pdf

    try:
        return build_publicity_pdf(data)
    except NoCjkFont:
        return None
    except Exception:
        log.exception("the publicity PDF could not be written")
        return None


def publicity_list(
    request: Request, campaign: Campaign, selected: list[Application], period: Period
) -> PublicityList:
    words = DocWords(request.deps.renderer)
    fields = _list_fields(campaign)
    ranking = campaign.ranking
    view = StaffView(request.deps.renderer)
    rows = [
        [str(i), *(display(view, campaign, f, stored_value(f, a), OFFICIAL_LANGUAGE) for f in fields)]
        for i, a in enumerate(selected, start=1)
    ]
    contacts = campaign.objection_contacts
    return PublicityList(
        title=ranking.publicity_title or words.get("publicity_title", campaign=campaign.name.zh_CN),
        intro=words.get(
            "publicity_intro",
            notice=campaign.notice,
            count=len(selected),
            start=words.get("date", d=period.start),
            end=words.get("date", d=period.end),
            days=ranking.publicity_days,
        ),
        headers=[words.get("col_position"), *(f.label.zh_CN for f in fields)],
        rows=rows,
        closing=[words.get("publicity_objections", issuer=ranking.publicity_issuer)]
        + ([words.get("publicity_contacts", contacts=contacts)] if contacts else []),
        issuer=ranking.publicity_issuer,
        date=words.get("date", d=period.start),
    )


def _list_fields(campaign: Campaign) -> list[FormField]:
    """The enterprise's name, then every district or choice field of the form (district, industry)."""
    form = campaign.form
    if form is None:
        return []
    named = [f for f in form.fields if f.id == form.name_field]
    return named + [f for f in form.fields if f.type in ("district", "choice") and not f.carry_from]


async def on_objection(request: Request) -> None:
    """/objection <no> <text>"""
    target = await command_target(request, "staff/objection_usage", lambda a: len(a) >= 2)
    if target is None:
        return
    _, campaign, application, _ = target
    assert isinstance(request.event, Command)
    await record_objection(request, campaign, application, request.event.args.split(maxsplit=1)[1].strip())


async def record_objection(request: Request, campaign: Campaign, application: Application, text: str) -> None:
    if not text:
        request.say("staff/objection_usage")
        return
    if application.result != SELECTED:
        request.say("staff/objection_not_selected", number=application.number)
        return
    await request.repos.objections.add(application.id, text, request.event.sender.user_id, request.now())
    audit(request, "objection", application.number or "", text=text)
    selected = await selected_in_order(request, campaign)
    total = await request.repos.objections.count([a.id for a in selected])
    request.say("staff/objection_recorded", number=application.number, text=text, total=total)
