"""Uploads: the signed form as a PDF scan, and the case study .docx with its instant check.

Every accepted version is kept (content-addressed file + an ``upload`` row); the latest of
each kind decides. A refused file changes nothing.
"""

from __future__ import annotations

import asyncio
import time

from bot import metrics
from bot.campaign.schema import Campaign
from bot.documents.docx_reader import DocxError
from bot.documents.inspection import checked_pdf, read_case
from bot.documents.pdf_check import check_declared_size, detect_format
from bot.engine.events import Document
from bot.engine.request import Request
from bot.rules.case_check import check_case
from bot.rules.case_report import CaseReport
from bot.rules.errors import RuleError
from handlers.common import EDITABLE, active_application, deadline_context
from handlers.progress import CASE_KIND, PDF_KIND, effective_deadline
from storage.models import Application

IMAGE_FORMATS = ("jpeg", "png", "gif", "bmp", "tiff", "webp", "heic")


def looks_like_pdf(event: Document) -> bool:
    """A scan: PDF bytes or name, or an image (a photo of the form rather than a scan)."""
    if event.data is not None:
        if b"%PDF-" in event.data[:1024]:
            return True
        if detect_format(event.data) in IMAGE_FORMATS:
            return True
    return event.file_name.lower().endswith(".pdf") or event.mime_type == "application/pdf"


async def on_document(request: Request) -> None:
    event = request.event
    assert isinstance(event, Document)
    found = await active_application(request)
    if found is None or found[1].status not in EDITABLE:
        request.say("upload/not_now")
        return
    campaign, application = found
    if request.now() > effective_deadline(campaign, application):
        request.say("upload/after_deadline", **deadline_context(request, campaign, application))
        return
    try:
        check_declared_size(event.file_size, code="file_too_large")
    except RuleError as error:
        request.say(f"upload/{error.code}", **error.params)
        return
    if event.data is None:
        request.say("upload/download_failed")
        return
    if looks_like_pdf(event):
        await accept_pdf(request, campaign, application, event, event.data)
    else:
        await accept_case(request, campaign, application, event, event.data)


async def accept_pdf(
    request: Request, campaign: Campaign, application: Application, event: Document, data: bytes
) -> None:
    if application.form_confirmed_at is None and campaign.form is not None:
        request.say("upload/pdf_before_form")
        return
    try:
        info = await checked_pdf(data, event.inspection)
    except RuleError as error:
        request.say(f"upload/{error.code}", **error.params)
        return
    await request.deps.files.put(data)
    upload = await request.repos.uploads.add(
        application.id,
        PDF_KIND,
        request.now(),
        file_name=event.file_name or "scan.pdf",
        sha256=info.sha256,
        size=info.size,
        ok=True,
        report={"pages": info.pages},
    )
    request.say("upload/pdf_accepted", version=upload.version, **info.params())


async def accept_case(
    request: Request, campaign: Campaign, application: Application, event: Document, data: bytes
) -> None:
    rules = campaign.case
    if rules is None:
        request.say("upload/not_expected")
        return
    started = time.perf_counter()
    try:
        document = await read_case(data, event.file_name, event.inspection)
    except DocxError as error:
        metrics.CASE_CHECKS.labels(result="not_docx").inc()
        report = CaseReport.for_file_problem(rules, error.code, **error.params)
        request.say_text(report.render(request.deps.renderer, request.lang, file_name=event.file_name))
        return
    report = await asyncio.to_thread(check_case, document, rules)
    metrics.CASE_CHECKS.labels(result="ok" if report.ok else "errors").inc()
    metrics.CASE_CHECK_SECONDS.observe(time.perf_counter() - started)
    stored = await request.deps.files.put(data)
    upload = await request.repos.uploads.add(
        application.id,
        CASE_KIND,
        request.now(),
        file_name=event.file_name or "case.docx",
        sha256=stored.sha256,
        size=len(data),
        ok=report.ok,
        report=report.to_json(event.file_name, request.deps.renderer, "zh_CN"),
    )
    heading = request.text("case/received", version=upload.version, ok=report.ok)
    body = report.render(request.deps.renderer, request.lang, file_name=event.file_name)
    request.say_text(f"{heading}\n\n{body}")


async def on_template(request: Request) -> None:
    """/template: the case-study template of the active (or only) campaign as .docx."""
    from bot.documents.case_template import build_case_template

    found = await active_application(request)
    campaign = found[0] if found else request.deps.campaigns.single
    if campaign is None or campaign.case is None:
        request.say("upload/no_template")
        return
    data = await asyncio.to_thread(build_case_template, campaign.case, request.deps.renderer)
    request.send_file(
        request.text("case/template_file_name", campaign=campaign.id),
        data,
        caption=request.text("case/template_caption", minimum=campaign.case.min_total_chars),
    )
