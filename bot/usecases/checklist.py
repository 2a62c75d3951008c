"""What is done and what is missing in an application: /status, reminders and /submit agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.campaign.schema import Campaign
from bot.domain.status import PAST_ELIGIBILITY, Status
from bot.usecases.form_values import asked_fields
from storage.models import Application, Upload
from storage.repositories import Repositories

PDF_KIND, CASE_KIND = "form_pdf", "case_docx"


@dataclass
class Checklist:
    unanswered: int
    eligible: bool
    form_missing: list[str] = field(default_factory=list)
    form_confirmed: bool = False
    form_started: bool = False
    needs_form: bool = True
    pdf: Upload | None = None
    needs_case: bool = True
    case: Upload | None = None
    case_errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        form_done = not self.needs_form or (self.form_confirmed and self.pdf is not None)
        case_done = not self.needs_case or (self.case is not None and self.case.ok)
        return self.eligible and form_done and case_done

    def context(self) -> dict[str, Any]:
        """Template context: every item of the list, with what is still missing."""
        return {
            "unanswered": self.unanswered,
            "eligible": self.eligible,
            "needs_form": self.needs_form,
            "form_missing": self.form_missing,
            "form_confirmed": self.form_confirmed,
            "form_started": self.form_started,
            "pdf_pages": self.pdf.report.get("pages") if self.pdf else None,
            "needs_case": self.needs_case,
            "case_version": self.case.version if self.case else None,
            "case_ok": bool(self.case and self.case.ok),
            "case_errors": self.case_errors,
            "ready": self.ready,
        }


async def checklist(
    repos: Repositories, campaign: Campaign, application: Application, lang: str
) -> Checklist:
    unanswered = sum(1 for q in campaign.questions if q.id not in application.answers)
    result = Checklist(
        unanswered=unanswered, eligible=application.status == Status.ELIGIBLE or _past(application)
    )
    result.needs_form = campaign.form is not None
    if campaign.form is not None:
        result.form_missing = [
            f.label.get(lang)
            for f in asked_fields(campaign.form)
            if f.id not in application.form and f.required
        ]
        result.form_confirmed = application.form_confirmed_at is not None
        result.form_started = bool(application.form)
        result.pdf = await repos.uploads.latest(application.id, PDF_KIND)
    result.needs_case = campaign.case is not None
    if campaign.case is not None:
        result.case = await repos.uploads.latest(application.id, CASE_KIND)
        if result.case is not None:
            # problem data (code, params), rendered in the reader's language by the template
            result.case_errors = [
                p for p in result.case.report.get("problems", []) if p.get("severity") == "error"
            ]
    return result


def _past(application: Application) -> bool:
    """Statuses beyond eligibility (submitted and later) imply eligibility."""
    return application.status in PAST_ELIGIBILITY


def effective_deadline(campaign: Campaign, application: Application | None) -> datetime:
    """The campaign's deadline, or this applicant's extension if staff granted one."""
    if application is not None and application.deadline_override is not None:
        return application.deadline_override
    return campaign.deadline
