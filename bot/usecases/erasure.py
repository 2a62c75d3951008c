"""Erasure that erases: everything one application's people left in the store, wherever it went.

``erase_application`` (for ``/delete`` and ``purge``) removes the application (its members,
invites and objections go with it), its upload rows, and then finds its traces elsewhere — by its
number and by the distinctive values its people typed (names, phone numbers, addresses, codes,
file names), never by a chat id alone, so a person's other applications are untouched:

- ``processed_update``: the stored replies that carry a trace lose them (``effects`` set to null;
  the row stays, so a redelivered update is still recognised);
- ``outbox``: a waiting message with a trace is deleted, a sent one keeps only its key and times;
- ``audit``: the application's rows, and any row whose detail carries a trace, keep their action,
  time and the non-personal keys of ``KEPT_DETAIL``; the erased team's ids become 0;
- ``setting``: a reviewer's pending prompt that names the application is dropped;
- files: uploads and generated documents (the form .docx, a /mydata export, packages) named by
  those rows, removed once nothing still waiting names them (``delete_files`` after commit).

SQLite zeroes freed pages (``PRAGMA secure_delete``), so a backup made afterwards holds nothing.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select

from bot.campaign.schema import Campaign
from bot.usecases import pending
from storage.file_storage import FileStorage
from storage.models import (
    Applicant,
    Application,
    AuditEntry,
    ChannelContact,
    Member,
    OutboxMessage,
    ProcessedUpdate,
    Setting,
    Upload,
)
from storage.repositories import Repositories

TYPED_FIELDS = ("text", "multiline", "address", "credit_code", "mobile")  # what people type
KEPT_DETAIL = (  # audit detail keys that say what happened, never who or what was written
    "before",
    "after",
    "status",
    "kind",
    "version",
    "ok",
    "submission",
    "outcome",
    "inconsistencies",
    "level",
    "deadline",
    "opinion_cleared",
)
_SHA = re.compile(r"[0-9a-f]{64}")
# The settings keys of reviewers' prompts written before they became ``Pending`` records
# (``bot/usecases/pending.py``), whose values name an application by number or id.
PROMPT_KEYS = ("staff_prompt:", "district_prompt:", "verify_item:", "expert_prompt:")


@dataclass
class Traces:
    """What marks one application's data: its number and id, its people, what they typed."""

    application_id: int
    number: str | None
    people: set[int] = field(default_factory=set)
    strings: set[str] = field(default_factory=set)
    shas: set[str] = field(default_factory=set)  # files its rows named (candidates for removal)

    def found_in(self, text: str) -> bool:
        return any(s in text for s in self.strings)


def distinctive(value: object) -> bool:
    """Long enough to mark this person's data and not a common word or an option id."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return len(text) >= 7 if text.isascii() else len(text) >= 2


async def traces_of(repos: Repositories, campaign: Campaign | None, application: Application) -> Traces:
    traces = Traces(application.id, application.number)
    members = await repos.members.of_application(application.id)
    traces.people = {application.applicant_id} | {m.applicant_id for m in members}
    typed = (
        [f.id for f in campaign.form.fields if f.type in TYPED_FIELDS] if campaign and campaign.form else []
    )
    values: list[object] = [application.form.get(name) for name in typed]
    values += [m.name for m in members] + [application.return_reason]
    uploads = await repos.uploads.of_application(application.id)
    values += [u.file_name for u in uploads]
    traces.strings = {str(v).strip() for v in values if distinctive(v)}
    if application.number:
        traces.strings.add(application.number)
    traces.shas = {u.sha256 for u in uploads}
    return traces


def _text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


async def erase_application(
    repos: Repositories,
    campaign: Campaign | None,
    application: Application,
    files: FileStorage | None = None,
) -> list[str]:
    """Delete ``application`` and its traces everywhere (above); the fingerprints of files its
    rows named, for ``unused_files``. With ``files``, a stored reply whose words carry no trace is
    still erased when a file it sent does (a staff export or ranking workbook, a package): the file
    is read, a zip's members too."""
    session = repos.session
    traces = await traces_of(repos, campaign, application)
    since = application.created_at
    await session.execute(delete(Upload).where(Upload.application_id == application.id))
    await session.delete(application)
    await session.flush()
    await _stored_replies(repos, traces, since, files)
    await _outbox(repos, traces, since)
    await _audit(repos, traces, since)
    await _pending_prompts(repos, traces)
    await session.flush()
    return sorted(traces.shas)


async def _stored_replies(repos: Repositories, traces: Traces, since: Any, files: FileStorage | None) -> None:
    statement = select(ProcessedUpdate).where(
        ProcessedUpdate.effects.is_not(None), ProcessedUpdate.processed_at >= since
    )
    for row in (await repos.session.execute(statement)).scalars():
        text = _text(row.effects)
        carried = traces.found_in(text) or any(sha in text for sha in traces.shas)
        if carried or _to_team(row.effects, traces) or await _in_files(files, _SHA.findall(text), traces):
            traces.shas.update(_SHA.findall(text))
            row.effects = None


async def _in_files(files: FileStorage | None, shas: list[str], traces: Traces) -> bool:
    """Whether a stored file among ``shas`` holds a trace (its text, or a zip member's)."""
    if files is None:
        return False
    for sha in shas:
        try:
            data = await files.get(sha, verify=False)
        except (OSError, KeyError):  # gone already
            continue
        if any(traces.found_in(text) for text in texts_of(data)):
            return True
    return False


def texts_of(data: bytes) -> list[str]:
    """A file as text, and each member of it when it is a zip (.docx, .xlsx)."""
    texts = [data.decode("utf-8", "ignore")]
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                texts += [archive.read(name).decode("utf-8", "ignore") for name in archive.namelist()]
        except (zipfile.BadZipFile, OSError, ValueError):
            pass
    return texts


def _to_team(effects: list[Any] | None, traces: Traces) -> bool:
    """A file sent to one of the team's own chats (the form, a /mydata export): its content is
    theirs even where its name and caption say nothing."""
    return any(isinstance(e, dict) and e.get("file") in traces.people for e in effects or [])


async def _outbox(repos: Repositories, traces: Traces, since: Any) -> None:
    statement = select(OutboxMessage).where(OutboxMessage.created_at >= since)
    for row in list((await repos.session.execute(statement)).scalars()):
        text = _text(row.payload)
        if not (traces.found_in(text) or any(sha in text for sha in traces.shas)):
            continue
        traces.shas.update(_SHA.findall(text))
        if row.sent_at is None and row.failed_at is None:
            await repos.session.delete(row)
        else:
            row.payload, row.last_error = {}, None


async def _audit(repos: Repositories, traces: Traces, since: Any) -> None:
    subjects = {s for s in (traces.number, str(traces.application_id)) if s}
    statement = select(AuditEntry).where(AuditEntry.at >= since)
    for row in (await repos.session.execute(statement)).scalars():
        if row.subject in subjects or traces.found_in(_text(row.detail)):
            row.detail = {
                k: v for k, v in row.detail.items() if k in KEPT_DETAIL and not traces.found_in(_text(v))
            }
            if row.actor in traces.people:
                row.actor = 0


async def _pending_prompts(repos: Repositories, traces: Traces) -> None:
    if traces.application_id:
        await pending.forget_application(repos, traces.application_id)
    names = {s for s in (traces.number, str(traces.application_id)) if s}
    for row in list((await repos.session.execute(select(Setting))).scalars()):
        if names & set(row.value.split(":")) and row.key.startswith(PROMPT_KEYS):
            await repos.session.delete(row)


async def still_named(repos: Repositories, sha: str) -> bool:
    """Whether an upload row, a waiting message or a stored reply not yet sent names ``sha``."""
    session = repos.session
    if await session.scalar(select(func.count()).select_from(Upload).where(Upload.sha256 == sha)):
        return True
    waiting = select(OutboxMessage.payload).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None)
    )
    if any(sha in _text(p) for p in (await session.execute(waiting)).scalars()):
        return True
    unsent = select(ProcessedUpdate.effects).where(
        ProcessedUpdate.performed_at.is_(None), ProcessedUpdate.effects.is_not(None)
    )
    return any(sha in _text(e) for e in (await session.execute(unsent)).scalars())


async def on_any_application(repos: Repositories, applicant_id: int) -> bool:
    """Whether the person is still on an application, as first contact or colleague."""
    session = repos.session
    first = select(func.count()).select_from(Application).where(Application.applicant_id == applicant_id)
    member = select(func.count()).select_from(Member).where(Member.applicant_id == applicant_id)
    return bool(await session.scalar(first)) or bool(await session.scalar(member))


async def drop_account_if_unused(repos: Repositories, applicant_id: int) -> bool:
    if await on_any_application(repos, applicant_id):
        return False
    await repos.session.execute(delete(Applicant).where(Applicant.id == applicant_id))
    # what a channel with string ids calls them (WeChat's external_userid) goes with the account
    await repos.session.execute(delete(ChannelContact).where(ChannelContact.id == applicant_id))
    return True
