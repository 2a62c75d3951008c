"""/publicity: the 公示 list of the selected enterprises (.docx and .pdf) and where its period
stands, with every objection (``handlers/staff/objections.py``) and how it was resolved.

The first /publicity after the announcement publishes the list; the period counts the campaign's
``ranking.publicity_days`` working days from the next day (``bot/usecases/publicity_period.py``);
the list is final once it has passed and every objection received in it is resolved.
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
from bot.engine.request import Request
from bot.rules.publicity import Period, publicity_state
from bot.rules.workdays import CalendarUnknown
from bot.usecases.call_phase import change_phase, current_phase
from bot.usecases.display import StaffView
from bot.usecases.form_values import display, stored_value
from bot.usecases.publicity_period import period_of
from handlers.common import campaign_at
from handlers.gate import refuse_staff_only as refuse
from handlers.staff.announce import ANNOUNCED
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
    and its period counts from that day). Never with a period the calendar does not know."""
    selected = await selected_in_order(request, campaign)
    if not selected:
        request.say("staff/publicity_not_announced", campaign=campaign.name.zh_CN)
        return
    state = await current_phase(request.repos, campaign, request.now())
    publishing = state.phase is Phase.ANNOUNCED
    published = request.now() if publishing else state.published_at or await announced_at(request, campaign)
    try:
        period = period_of(campaign, published or request.now())
    except CalendarUnknown as unknown:
        request.say("staff/publicity_calendar_unknown", campaign=campaign.name.zh_CN, year=unknown.year)
        return
    if publishing:
        actor = request.event.sender.user_id
        await change_phase(request.repos, campaign, PhaseMove.PUBLISH, actor, request.now(), "staff")
    data = publicity_list(request, campaign, selected, period)
    docx = await asyncio.to_thread(build_publicity_docx, data)
    request.send_file(request.text("staff/publicity_file_name", campaign=campaign.id, ext="docx"), docx)
    pdf = await asyncio.to_thread(_pdf_or_none, data)
    if pdf is not None:
        request.send_file(request.text("staff/publicity_file_name", campaign=campaign.id, ext="pdf"), pdf)
    objections = await objections_of(request, campaign)
    waiting = [o for o in objections if o["resolution"] is None and not o["late"]]
    request.say(
        "staff/publicity",
        campaign=campaign.name.zh_CN,
        count=len(selected),
        start=period.start,
        end=period.end,
        days=period.days,
        state=publicity_state(period, campaign.zone, request.now(), len(waiting)),
        objections=objections,
        pdf=pdf is not None,
    )


async def objections_of(request: Request, campaign: Campaign) -> list[dict[str, object]]:
    """Every objection to the campaign's applications, as the status message lists them."""
    applications = {a.id: a for a in await request.repos.applications.in_campaign(campaign.id)}
    return [
        {
            "id": o.id,
            "number": applications[o.application_id].number,
            "text": o.text,
            "late": o.late,
            "resolution": o.resolution,
            "reason": o.resolution_reason,
        }
        for o in await request.repos.objections.of_applications(list(applications))
    ]


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
        date=words.get("date", d=period.published),
    )


def _list_fields(campaign: Campaign) -> list[FormField]:
    """The enterprise's name, then every district or choice field of the form (district, industry)."""
    form = campaign.form
    if form is None:
        return []
    named = [f for f in form.fields if f.id == form.name_field]
    return named + [f for f in form.fields if f.type in ("district", "choice") and not f.carry_from]
