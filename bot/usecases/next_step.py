"""The one next step of an application, from its status and its checklist: /status names it,
and every step of the journey ends with it."""

from __future__ import annotations

from bot.usecases.checklist import Checklist
from storage.models import Application

WAITING = {"submitted": "wait_review", "accepted": "wait_verification", "verified": "wait_result"}


def next_step(application: Application, items: Checklist) -> str:
    """A step code: eligibility, ineligible, form, pdf, case, case_fix, submit, resubmit,
    wait_review, wait_verification, wait_result or done (templates ``next_step`` say each)."""
    if application.result:
        return "done"
    if application.status in WAITING:
        return WAITING[application.status]
    if application.status == "ineligible":
        return "ineligible"
    if not items.eligible:
        return "eligibility"
    return _material(items) or ("resubmit" if application.status == "returned" else "submit")


def _material(items: Checklist) -> str | None:
    """The first thing still missing before the package can be submitted."""
    if items.needs_form and not items.form_confirmed:
        return "form"
    if items.needs_form and items.pdf is None:
        return "pdf"
    if items.needs_case and items.case is None:
        return "case"
    if items.needs_case and not items.ready:
        return "case_fix"
    return None
