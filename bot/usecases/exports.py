"""Every application as export rows, and the .xlsx files built from them (/export and the CLI)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from bot.campaign.schema import Campaign, FormField
from bot.documents.export_model import CheckedItem, ExportRow
from bot.documents.export_xlsx import build_export
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.rules.field_types import load_value
from bot.texts.render import Renderer
from bot.usecases.checklist import CASE_KIND, PDF_KIND
from bot.usecases.display import Speaker, StaffView, display_answer
from bot.usecases.districts import District, opinion_context
from bot.usecases.form_values import display, stored_value
from bot.usecases.verification import record_context
from storage.models import Application
from storage.repositories import Repositories


async def export_rows(
    repos: Repositories, campaign: Campaign, view: Speaker, districts: Sequence[District] = ()
) -> list[ExportRow]:
    rows = []
    for application in await repos.applications.in_campaign(campaign.id):
        rows.append(await export_row(repos, campaign, application, view, districts))
    return rows


async def export_row(
    repos: Repositories,
    campaign: Campaign,
    application: Application,
    view: Speaker,
    districts: Sequence[District] = (),
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
        **_opinion_cells(campaign, application, view, districts),
        **_checked_cells(campaign, application),
    )


def _checked_cells(campaign: Campaign, application: Application) -> dict[str, Any]:
    """The item-by-item verification for its sheet (nothing when there is none)."""
    record = record_context(campaign, application)
    if record is None:
        return {}
    items = tuple(
        CheckedItem(item["label"], item["reported"], item["consistent"], item["verified"])
        for item in record["items"]
    )
    return {"checked": items, "expert": record["expert"], "checked_at": record["at"]}


def _opinion_cells(
    campaign: Campaign, application: Application, view: Speaker, districts: Sequence[District]
) -> dict[str, Any]:
    """The district's opinion for the district opinions sheet."""
    opinion = opinion_context(districts, campaign, application)
    name_field = campaign.form.name_field if campaign.form else None
    return {
        "name": application.form.get(name_field) if name_field else None,
        "district": opinion["district"],
        "department": opinion["department"],
        "opinion": view.label(f"opinion_{opinion['kind'] or 'pending'}"),
        "opinion_text": opinion["text"],
        "opinion_at": application.district_opinion_at if opinion["kind"] else None,
    }


def _typed(campaign: Campaign, field: FormField, value: object, view: Speaker) -> object:
    """Numbers stay numbers for Excel; choices and levels become their names."""
    if field.type in ("choice", "district", "level"):
        return display(view, campaign, field, value)
    return load_value(field.type, value)  # type: ignore[arg-type]


async def build_exports(
    repos: Repositories,
    campaigns: Sequence[Campaign],
    renderer: Renderer,
    districts: Sequence[District] = (),
) -> list[tuple[str, bytes]]:
    view = StaffView(renderer)
    files = []
    for campaign in campaigns:
        rows = await export_rows(repos, campaign, view, districts)
        data = await asyncio.to_thread(build_export, campaign, rows, renderer, OFFICIAL_LANGUAGE)
        files.append(
            (renderer.render(OFFICIAL_LANGUAGE, "staff/export_file_name", campaign=campaign.id), data)
        )
    return files
