"""/export (one .xlsx per campaign), /stats (counts and a chart), and the rows behind both."""

from __future__ import annotations

import asyncio

from bot.campaign.schema import Campaign
from bot.documents.export_model import ExportLabels, ExportRow
from bot.documents.stats_chart import build_stats_png, count_by
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.engine.request import Request
from bot.usecases.display import StaffView
from bot.usecases.districts import district_summary
from bot.usecases.exports import build_exports, export_rows
from bot.usecases.people import Districts
from handlers.common import audit
from handlers.staff.phase import phase_context


async def on_export(request: Request) -> None:
    deps = request.deps
    for name, data in await build_exports(
        request.repos, deps.campaigns.all, deps.renderer, deps.part(Districts).all
    ):
        request.send_file(name, data, caption=request.text("staff/export_caption"))
    audit(request, "export", "all")


async def on_stats(request: Request) -> None:
    view = StaffView(request.deps.renderer)
    labels = ExportLabels(request.deps.renderer, OFFICIAL_LANGUAGE)
    for campaign in request.deps.campaigns.all:
        rows = await export_rows(request.repos, campaign, view)
        series = stats_series(campaign, rows, labels)
        districts = district_summary(campaign, await request.repos.applications.in_campaign(campaign.id))
        asked, unanswered = await request.repos.unanswered.counted(campaign.id)
        request.say(
            "staff/stats",
            campaign=campaign.name.zh_CN,
            total=len(rows),
            series=series,
            districts=districts,
            unanswered_total=asked,
            unanswered=unanswered,
            phase=await phase_context(request, campaign),
        )
        title = labels.get("chart_title", campaign=campaign.name.zh_CN)
        png = await asyncio.to_thread(build_stats_png, title, series, labels.get("chart_count"))
        request.send_file(f"stats-{campaign.id}.png", png)
    waiting = await request.repos.outbox.waiting_for_people()
    if waiting:
        request.say("staff/waiting", count=waiting)


def stats_series(
    campaign: Campaign, rows: list[ExportRow], labels: ExportLabels
) -> dict[str, list[tuple[str, int]]]:
    """Counts by status, by result once there are results, then by every choice field of the
    form (district, industry …)."""
    series = {labels.get("chart_by_status"): count_by(rows, lambda r: r.status)}
    if any(r.result for r in rows):
        series[labels.get("chart_by_result")] = count_by(rows, lambda r: r.result)
    for field in campaign.form.fields if campaign.form else []:
        if field.type in ("choice", "district"):
            series[labels.get("chart_by", label=field.label.zh_CN)] = _count_field(rows, field.id)
    return series


def _count_field(rows: list[ExportRow], field_id: str) -> list[tuple[str, int]]:
    return count_by(rows, lambda r: r.form.get(field_id))
