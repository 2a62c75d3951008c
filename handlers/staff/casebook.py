"""/casebook: the 案例集, one .docx with a cover, a table of contents and every selected
enterprise's latest passing case study in ranking order. Composing runs off the event loop."""

from __future__ import annotations

import asyncio

from bot.campaign.schema import Campaign
from bot.documents.casebook_docx import CasebookCover, CaseEntry, build_casebook_docx, volumes
from bot.documents.doc_words import DocWords
from bot.engine.buttons import Casebook
from bot.engine.request import Request
from bot.usecases.checklist import CASE_KIND
from handlers.common import campaign_at
from handlers.gate import refuse_staff_only as refuse
from handlers.staff.publicity import announced_at, selected_in_order
from handlers.staff.ranking import chosen_campaigns
from storage.models import Application

# The cloud Bot API sends files of up to 50 MB; the cases of one volume add up to at most this.
VOLUME_BYTES = 45 * 1024 * 1024


async def on_casebook(request: Request) -> None:
    for campaign in chosen_campaigns(request):
        await send_casebook(request, campaign)


async def on_casebook_button(request: Request, pressed: Casebook) -> None:
    campaign = campaign_at(request, pressed.campaign)
    if campaign is None:
        refuse(request)
        return
    await send_casebook(request, campaign)


async def send_casebook(request: Request, campaign: Campaign) -> None:
    published = await announced_at(request, campaign)
    selected = await selected_in_order(request, campaign) if published else []
    if published is None or not selected:
        request.say("staff/publicity_not_announced", campaign=campaign.name.zh_CN)
        return
    words = DocWords(request.deps.renderer)
    entries: list[CaseEntry] = []
    missing: list[str] = []
    for application in selected:
        data = await _case_of(request, application)
        if data is None:
            missing.append(application.number or "")
            continue
        name = _name(campaign, application)
        heading = words.get("casebook_case_heading", position=len(entries) + 1, name=name)
        entries.append(CaseEntry(heading=heading, docx=data))
    parts = volumes(entries, VOLUME_BYTES)
    for number, part in enumerate(parts, start=1):
        cover = _cover(request, campaign, words, part, (number, len(parts)))
        book = await asyncio.to_thread(build_casebook_docx, cover, part)
        name = request.text(
            "staff/casebook_file_name", campaign=campaign.id, volume=number, volumes=len(parts)
        )
        request.send_file(name, book)
    request.say(
        "staff/casebook",
        campaign=campaign.name.zh_CN,
        count=len(entries),
        volumes=len(parts),
        missing=missing,
    )


async def _case_of(request: Request, application: Application) -> bytes | None:
    """The latest case study that passed the check, or None (none uploaded, or the file is lost)."""
    upload = await request.repos.uploads.latest_passing(application.id, CASE_KIND)
    if upload is None:
        return None
    try:
        return await request.deps.files.get(upload.sha256)
    except OSError:
        return None


def _name(campaign: Campaign, application: Application) -> str:
    field = campaign.form.name_field if campaign.form else ""
    return str(application.form.get(field) or application.number or "")


def _cover(
    request: Request, campaign: Campaign, words: DocWords, part: list[CaseEntry], volume: tuple[int, int]
) -> CasebookCover:
    ranking = campaign.ranking
    return CasebookCover(
        title=ranking.casebook_title or words.get("casebook_title", campaign=campaign.name.zh_CN),
        subtitle=words.get("casebook_subtitle", count=len(part), volume=volume[0], volumes=volume[1]),
        issuer=ranking.publicity_issuer,
        date=words.get("date", d=request.now().astimezone(campaign.zone).date()),
        contents=words.get("casebook_contents"),
        toc_hint=words.get("casebook_toc_hint"),
    )
