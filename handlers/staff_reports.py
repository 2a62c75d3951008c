"""/export (one .xlsx per campaign), /stats (counts and a chart), and the rows behind both."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from decimal import Decimal

from bot.campaign.schema import Campaign, FormField
from bot.documents.export_model import ExportLabels, ExportRow
from bot.documents.export_xlsx import build_export
from bot.documents.stats_chart import build_stats_png, count_by
from bot.engine.render import Renderer
from bot.engine.request import Request
from bot.rules.field_types import load_value
from handlers.answers import Speaker, StaffView, display_answer
from handlers.form_values import display, stored_value
from handlers.progress import CASE_KIND, PDF_KIND
from handlers.staff_common import audit, is_staff, refuse
from storage.models import Application
from storage.repositories import Repositories


async def export_rows(repos: Repositories, campaign: Campaign, view: Speaker) -> list[ExportRow]:
    rows = []
    for application in await repos.applications.in_campaign(campaign.id):
        rows.append(await export_row(repos, campaign, application, view))
    return rows


async def export_row(
    repos: Repositories, campaign: Campaign, application: Application, view: Speaker
) -> ExportRow:
    pdf = await repos.uploads.latest(application.id, PDF_KIND)
    case = await repos.uploads.latest(application.id, CASE_KIND)
    problems = case.report.get("problems", []) if case else []
    form = {}
    for field in campaign.form.fields if campaign.form else []:
        value = stored_value(field, application)
        form[field.id] = None if value is None else _typed(campaign, field, value, view)
    return ExportRow(
        number=application.number or str(application.id),
        status=view.label(f"status_{application.status}"),
        created_at=application.created_at,
        submitted_at=application.submitted_at,
        form=form,
        eligibility={
            q.id: display_answer(view, campaign, q, application.answers.get(q.id)) for q in campaign.questions
        },
        pdf_pages=pdf.report.get("pages") if pdf else None,
        pdf_sha256=pdf.sha256 if pdf else None,
        case_total_chars=case.report.get("total_chars") if case else None,
        case_images=case.report.get("images") if case else None,
        case_ok=case.ok if case else None,
        case_errors=sum(p.get("severity") == "error" for p in problems) if case else None,
        case_warnings=sum(p.get("severity") != "error" for p in problems) if case else None,
        verified_level=application.verified_level,
        verified_score=Decimal(application.verified_score) if application.verified_score else None,
        inconsistencies=application.inconsistencies,
        case_score=Decimal(application.case_score) if application.case_score else None,
        result=view.label(f"result_{application.result}") if application.result else None,
    )


def _typed(campaign: Campaign, field: FormField, value: object, view: Speaker) -> object:
    """Numbers stay numbers for Excel; choices and levels become their names."""
    if field.type in ("choice", "district", "level"):
        return display(view, campaign, field, value)
    return load_value(field.type, value)  # type: ignore[arg-type]


async def build_exports(
    repos: Repositories, campaigns: Sequence[Campaign], renderer: Renderer
) -> list[tuple[str, bytes]]:
    view = StaffView(renderer)
    files = []
    for campaign in campaigns:
        rows = await export_rows(repos, campaign, view)
        data = await asyncio.to_thread(build_export, campaign, rows, renderer, "zh_CN")
        files.append((renderer.render("zh_CN", "staff/export_file_name", campaign=campaign.id), data))
    return files


async def on_export(request: Request) -> None:
    if not is_staff(request):
        refuse(request)
        return
    for name, data in await build_exports(request.repos, request.deps.campaigns.all, request.deps.renderer):
        request.send_file(name, data, caption=request.text("staff/export_caption"))
    audit(request, "export", "all")


async def on_stats(request: Request) -> None:
    if not is_staff(request):
        refuse(request)
        return
    view = StaffView(request.deps.renderer)
    labels = ExportLabels(request.deps.renderer, "zh_CN")
    for campaign in request.deps.campaigns.all:
        rows = await export_rows(request.repos, campaign, view)
        series = stats_series(campaign, rows, labels)
        request.say("staff/stats", campaign=campaign.name.zh_CN, total=len(rows), series=series)
        title = labels.get("chart_title", campaign=campaign.name.zh_CN)
        png = await asyncio.to_thread(build_stats_png, title, series, labels.get("chart_count"))
        request.send_file(f"stats-{campaign.id}.png", png)


def stats_series(
    campaign: Campaign, rows: list[ExportRow], labels: ExportLabels
) -> dict[str, list[tuple[str, int]]]:
    """Counts by status, then by every choice field of the form (district, industry …)."""
    series = {labels.get("chart_by_status"): count_by(rows, lambda r: r.status)}
    for field in campaign.form.fields if campaign.form else []:
        if field.type in ("choice", "district"):
            series[labels.get("chart_by", label=field.label.zh_CN)] = _count_field(rows, field.id)
    return series


def _count_field(rows: list[ExportRow], field_id: str) -> list[tuple[str, int]]:
    return count_by(rows, lambda r: r.form.get(field_id))
