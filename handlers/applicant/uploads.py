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
from bot.documents.docx_reader import DocxError
from bot.documents.inspection import checked_pdf, read_case
from bot.documents.pdf_check import check_declared_size, detect_format
from bot.domain.status import ANSWERING, EDITABLE
from bot.engine.events import Document
from bot.engine.request import Request
from bot.rules.case_check import check_case
from bot.rules.case_report import CaseReport
from bot.rules.errors import RuleError
from bot.rules.form_match import is_filled_form
from bot.usecases.checklist import CASE_KIND, PDF_KIND
from bot.usecases.contacts import contact_rows
from handlers.applicant.next_step import say_next
from handlers.common import acted_on_time, active_application, audit_applicant, deadline_context
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
    return named_pdf(event)


def named_pdf(event: Document) -> bool:
    """Before the download only the name and the type Telegram reports are known."""
    return event.file_name.lower().endswith(".pdf") or event.mime_type == "application/pdf"


async def refuse_upload(request: Request) -> tuple[Campaign, Application] | None:
    """The cheap checks, made before the file is even downloaded: consent, an application in a
    stage that takes files, the deadline, the declared size. Says why and returns None when the
    file cannot be taken; says nothing and returns the application when it can."""
    event = request.event
    assert isinstance(event, Document)
    found = await active_application(request) if request.applicant.consent_at is not None else None
    if found is None or (named_pdf(event) and found[1].status not in EDITABLE):
        request.say("upload/not_now")
        return None
    campaign, application = found
    if not acted_on_time(request, campaign, application):
        contacts = contact_rows(campaign, request.lang)
        request.say(
            "upload/after_deadline", contacts=contacts, **deadline_context(request, campaign, application)
        )
        return None
    try:
        check_declared_size(event.file_size, code="file_too_large")
    except RuleError as error:
        request.say(f"upload/{error.code}", **error.params)
        return None
    return found


async def on_document(request: Request) -> None:
    event = request.event
    assert isinstance(event, Document)
    found = await refuse_upload(request)
    if found is None:
        return
    campaign, application = found
    if event.data is None:
        request.say("upload/download_failed")
        return
    is_pdf = await asyncio.to_thread(looks_like_pdf, event)  # may open a zip: never on the event loop
    if is_pdf and application.status not in EDITABLE:  # a case study is checked at any stage; the scan is not
        request.say("upload/not_now")
        return
    if not await room_for(request, campaign, application, PDF_KIND if is_pdf else CASE_KIND, event.data):
        return
    if is_pdf:
        await accept_pdf(request, campaign, application, event, event.data)
    else:
        await accept_case(request, campaign, application, event, event.data)


async def room_for(
    request: Request, campaign: Campaign, application: Application, kind: str, data: bytes
) -> bool:
    """False (and says why) when ``data`` is the latest version of ``kind`` again, or when the
    campaign's cap on versions per kind is reached; nothing is stored then."""
    latest = await request.repos.uploads.latest(application.id, kind)
    if latest is None:
        return True
    if latest.sha256 == hashlib.sha256(data).hexdigest():
        request.say("upload/same_file", version=latest.version, pdf=kind == PDF_KIND)
        return False
    if latest.version >= campaign.uploads.max_versions:
        request.say("upload/version_limit", limit=campaign.uploads.max_versions, pdf=kind == PDF_KIND)
        return False
    return True


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
    upload = await keep_upload(
        request,
        application,
        PDF_KIND,
        data,
        file_name=event.file_name or "scan.pdf",
        ok=True,
        report={"pages": info.pages},
    )
    audit_applicant(
        request, "upload", application, kind=PDF_KIND, version=upload.version, sha256=upload.sha256
    )
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
        document = await read_case(data, event.file_name, event.inspection)
    except DocxError as error:
        metrics.CASE_CHECKS.labels(result="not_docx").inc()
        report = CaseReport.for_file_problem(rules, error.code, **error.params)
        request.say_text(
            render_report(report_json(report, event.file_name, renderer), renderer, request.lang)
        )
        return
    if is_filled_form(document, campaign.form):
        request.say("upload/form_docx_sent")  # nothing kept: the signed PDF scan is what counts
        return
    report = await asyncio.to_thread(check_case, document, rules)
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
