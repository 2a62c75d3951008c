"""/ranking: passed applications by level, score and case score; the top N; ties at the cut-off."""

from __future__ import annotations

import asyncio

from bot.campaign.schema import Campaign
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.engine.buttons import PreviewAnnouncement, RankingFile
from bot.engine.events import Command
from bot.engine.request import Request, keyboard
from bot.usecases.ranking import ranking_of
from handlers.common import campaign_at, campaign_index
from handlers.gate import refuse_staff_only as refuse


def chosen_campaigns(request: Request) -> list[Campaign]:
    """The campaign named in the command's arguments, or every campaign."""
    wanted = request.event.args.strip() if isinstance(request.event, Command) else ""
    campaign = request.deps.campaigns.get(wanted)
    return [campaign] if campaign else request.deps.campaigns.all


async def on_ranking(request: Request) -> None:
    for campaign in chosen_campaigns(request):
        await show_ranking(request, campaign)


async def show_ranking(request: Request, campaign: Campaign) -> None:
    ranking = await ranking_of(request.repos, campaign)
    ci = campaign_index(request, campaign)
    rows = [
        {
            "position": r.position,
            "number": r.candidate.number,
            "name": r.candidate.name,
            "level": campaign.level_name(r.candidate.level, OFFICIAL_LANGUAGE),
            "score": r.candidate.score,
            "case_score": r.candidate.case_score,
            "selected": r.selected,
            "tied": r.tied_at_cutoff,
            "missing_case_score": r.missing_case_score,
        }
        for r in ranking.rows
    ]
    buttons = keyboard(
        [
            request.button(request.label("ranking_xlsx"), RankingFile(ci)),
            request.button(request.label("announce"), PreviewAnnouncement(ci)),
        ]
    )
    request.say(
        "staff/ranking",
        keyboard=buttons,
        campaign=campaign.name.zh_CN,
        rows=rows,
        top_n=ranking.top_n,
        tie=ranking.cutoff_tie,
        undecided=ranking.undecided,
        below=ranking.below_min_level,
    )


async def on_ranking_xlsx(request: Request, pressed: RankingFile) -> None:
    from bot.documents.export_model import ExportLabels
    from bot.documents.ranking_xlsx import build_ranking_xlsx

    campaign = campaign_at(request, pressed.campaign)
    if campaign is None:
        refuse(request)
        return
    ranking = await ranking_of(request.repos, campaign)
    names = {band.level: band.name.zh_CN for band in campaign.levels}
    labels = ExportLabels(request.deps.renderer, OFFICIAL_LANGUAGE)
    data = await asyncio.to_thread(build_ranking_xlsx, ranking, labels, names)
    request.send_file(request.text("staff/ranking_file_name", campaign=campaign.id), data)
