"""Uploads: the signed form as a PDF scan, and the case study .docx with its instant check.

Every accepted version is kept (content-addressed file + an ``upload`` row); the latest of
each kind decides. A refused file changes nothing. The case study is checked at any stage
after consent, as often as wanted: its versions are kept from the first draft on (they count
for the package once the form is done); after submission or the deadline a case study is
checked and answered but not kept. After the deadline nothing is accepted.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from typing import Any

from bot import metrics
from bot.campaign.schema import Campaign
from bot.documents.case_view import render_report, report_json
from bot.documents.docx_reader import DocxError, read_docx
from bot.documents.pdf_check import check_declared_size, check_pdf, detect_format
from bot.domain.status import ANSWERING, EDITABLE
from bot.engine.events import Document
from bot.engine.request import Request
from bot.rules.case_check import check_case
from bot.rules.case_report import CaseReport
from bot.rules.errors import RuleError
from bot.usecases.checklist import CASE_KIND, PDF_KIND, effective_deadline
from handlers.applicant.next_step import say_next
from handlers.common import active_application, audit_applicant, deadline_context
from storage.models import Application, Upload

IMAGE_FORMATS = ("jpeg", "png", "gif", "bmp", "tiff", "webp", "heic")
# Statuses in which a case-study version is kept; in the others it is only checked.
CASE_KEPT = ANSWERING | EDITABLE


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
    pdf = looks_like_pdf(event)
    if found is None or (pdf and found[1].status not in EDITABLE):
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
    if pdf:
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
        info = await asyncio.to_thread(check_pdf, data)
    except RuleError as error:
        request.say(f"upload/{error.code}", **error.params)
        return
    upload = await keep_upload(
        request,
        application,
        PDF_KIND,
        data,
        file_name=event.file_name or "scan.pdf",
        ok=True,
        report={"pages": info.pages},
    )
    audit_applicant(request, "upload", application, kind=PDF_KIND, version=upload.version, sha256=info.sha256)
    request.say("upload/pdf_accepted", version=upload.version, **info.params())
    await say_next(request, campaign, application)


async def accept_case(
    request: Request, campaign: Campaign, application: Application, event: Document, data: bytes
) -> None:
    rules, renderer = campaign.case, request.deps.renderer
    if rules is None:
        request.say("upload/not_expected")
        return
    started = time.perf_counter()
    try:
        document = await asyncio.to_thread(read_docx, data, file_name=event.file_name)
    except DocxError as error:
        metrics.CASE_CHECKS.labels(result="not_docx").inc()
        report = CaseReport.for_file_problem(rules, error.code, **error.params)
        request.say_text(
            render_report(report_json(report, event.file_name, renderer), renderer, request.lang)
        )
        return
    report = check_case(document, rules)
    metrics.CASE_CHECKS.labels(result="ok" if report.ok else "errors").inc()
    metrics.CASE_CHECK_SECONDS.observe(time.perf_counter() - started)
    data_json = report_json(report, event.file_name, renderer)  # stored: messages in the default language
    body = render_report(data_json, renderer, request.lang)
    if application.status not in CASE_KEPT:
        note = request.text("case/checked_only", status=request.label(f"status_{application.status}"))
        request.say_text(f"{note}\n\n{body}")
        return
    upload = await keep_upload(
        request,
        application,
        CASE_KIND,
        data,
        file_name=event.file_name or "case.docx",
        ok=report.ok,
        report=data_json,
    )
    audit_applicant(
        request,
        "upload",
        application,
        kind=CASE_KIND,
        version=upload.version,
        sha256=upload.sha256,
        ok=report.ok,
    )
    heading = request.text("case/received", version=upload.version, ok=report.ok)
    request.say_text(f"{heading}\n\n{body}")
    await say_next(request, campaign, application)


async def keep_upload(
    request: Request, application: Application, kind: str, data: bytes, **values: Any
) -> Upload:
    """A new version: the row first (flushed, so a value the database refuses fails here and
    no file is left behind), then the file. A failing file store fails the whole update."""
    upload = await request.repos.uploads.add(
        application.id, kind, request.now(), sha256=hashlib.sha256(data).hexdigest(), size=len(data), **values
    )
    await request.deps.files.put(data)
    return upload


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
