"""What an applicant sees about their own application (``/mydata``): a view of its own, built
from what is theirs and what was decided and told to them, never a dump of the tables.

Kept out, whatever is stored: who reviews them (the assigned expert, the district officer who
wrote the opinion, staff names on audit rows), who objected and what the objection said,
experts' conflict declarations, internal notes and scores before the results are out. Every
field and every history entry shown is listed here; anything new stays hidden until added.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.usecases.results import results_out
from storage.models import Applicant, Application, AuditEntry
from storage.repositories import Repositories

ACCOUNT_FIELDS = ("id", "chat_id", "lang", "consent_at", "active_campaign", "created_at", "updated_at")
APPLICATION_FIELDS = (
    "campaign_id",
    "number",
    "status",
    "answers",
    "form",
    "form_confirmed_at",
    "deadline_override",
    "submitted_at",
    "submissions",
    "return_reason",
    "created_at",
    "updated_at",
)
OPINION_FIELDS = ("district_opinion", "district_opinion_text", "district_opinion_at")  # told to them
RESULT_FIELDS = ("result", "inconsistencies", "verified_level", "verified_score")  # not case_score
UPLOAD_FIELDS = ("kind", "version", "file_name", "sha256", "size", "ok", "uploaded_at")
CHECK_ITEM_FIELDS = ("id", "label", "reported", "consistent", "verified")  # never the expert

_MOVE = ("after",)
# Audit action → the details of it the applicant is shown. Actions not listed are not shown
# (assign, conflict, objection, casescore, export, announce …); actors and names never are.
SHOWN_HISTORY: dict[str, tuple[str, ...]] = {
    "fail": _MOVE,
    "correct": _MOVE,
    "pass": _MOVE,
    "reopen": _MOVE,
    "back": _MOVE,
    "submit": ("after", "submission"),
    "accept": _MOVE,
    "return": ("after", "reason"),
    "verify": _MOVE,
    "upload": ("kind", "version", "ok"),
    "invite": ("expires_at",),
    "join": (),
    "remove_member": (),
    "leave": (),
    "hand_over": (),
    "recommend": ("opinion",),
    "decline": ("opinion",),
    "district_changed": (),
    "extend": ("deadline",),
}


def _plain(row: object, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


async def own_view(repos: Repositories, applicant: Applicant) -> dict[str, Any]:
    """The applicant's account and each application they are on (as first contact or colleague)."""
    items = [
        await _application_view(repos, applicant, a)
        for a in await repos.applications.of_applicant(applicant.id)
    ]
    return {"applicant": _plain(applicant, ACCOUNT_FIELDS), "applications": items}


async def _application_view(
    repos: Repositories, applicant: Applicant, application: Application
) -> dict[str, Any]:
    out = await results_out(repos, application.campaign_id)
    uploads = await repos.uploads.of_application(application.id)
    view = _plain(application, APPLICATION_FIELDS) | _plain(application, OPINION_FIELDS)
    view["role"] = "first_contact" if application.applicant_id == applicant.id else "colleague"
    if out:
        view |= _plain(application, RESULT_FIELDS)
        if application.verification:
            view["verification"] = _check_record(application.verification)
    view["files"] = [_plain(u, UPLOAD_FIELDS) for u in uploads]
    view["history"] = await _history(repos, application)
    return view


def _check_record(record: dict[str, Any]) -> dict[str, Any]:
    items = [{k: item.get(k) for k in CHECK_ITEM_FIELDS} for item in record.get("items", [])]
    return {"items": items, "done_at": record.get("done_at")}


async def _history(repos: Repositories, application: Application) -> list[dict[str, Any]]:
    subjects = [s for s in (application.number, str(application.id)) if s]
    statement = select(AuditEntry).where(AuditEntry.subject.in_(subjects)).order_by(AuditEntry.id)
    entries = []
    for entry in (await repos.session.execute(statement)).scalars():
        shown = SHOWN_HISTORY.get(entry.action)
        if shown is None:
            continue
        detail = {k: entry.detail[k] for k in shown if k in entry.detail}
        entries.append({"at": entry.at, "action": entry.action} | detail)
    return entries


def as_json_file(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default).encode("utf-8")


def _json_default(value: object) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)
