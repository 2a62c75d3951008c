"""Repositories: queries on one session. They never commit; the unit of work does."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.contacts import ChannelContacts
from storage.models import (
    Applicant,
    Application,
    AuditEntry,
    CampaignCounter,
    Member,
    ProcessedUpdate,
    Setting,
    Upload,
)
from storage.outbox import Outbox
from storage.questions import UnansweredQuestions
from storage.sql import dialect_of, insert_ignore, insert_ignore_of, upsert
from storage.team import Invites, Members, Objections

# The statements of every update (claim, record, mark; the sender and their application), built
# once with bound parameters: building a statement costs more than running it on SQLite.
_CLAIM = {
    dialect: insert_ignore_of(
        dialect,
        ProcessedUpdate,
        {"update_id": bindparam("id"), "processed_at": bindparam("now"), "owner": bindparam("by")},
    )
    for dialect in ("sqlite", "postgresql")
}
_RECORD_EFFECTS = (
    update(ProcessedUpdate)
    .where(ProcessedUpdate.update_id == bindparam("id"))
    .values(effects=bindparam("stored", type_=ProcessedUpdate.effects.type))
)
_MARK_PERFORMED = (
    update(ProcessedUpdate)
    .where(ProcessedUpdate.update_id == bindparam("id"), ProcessedUpdate.performed_at.is_(None))
    .values(performed_at=bindparam("now", type_=ProcessedUpdate.performed_at.type))
)
_MARK_MANY_PERFORMED = (
    update(ProcessedUpdate)
    .where(
        ProcessedUpdate.update_id.in_(bindparam("ids", expanding=True)),
        ProcessedUpdate.performed_at.is_(None),
    )
    .values(performed_at=bindparam("now", type_=ProcessedUpdate.performed_at.type))
)
_LOCK_APPLICANT = select(Applicant).where(Applicant.id == bindparam("user_id")).with_for_update()


class UpdateLog:
    """Claims update ids so that each update is acted on at most once."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, update_id: int, now: datetime, owner: int | None = None) -> bool:
        """True when this transaction is the first to see ``update_id``."""
        statement = _CLAIM[dialect_of(self.session)]
        connection = await self.session.connection()  # Core: the ORM's bulk path gives no row count
        result = await connection.execute(statement, {"id": update_id, "now": now, "by": owner})
        return result.rowcount == 1

    async def take_over(self, update_id: int, previous: int | None, owner: int, now: datetime) -> bool:
        """Make ``owner`` the one to send the unsent replies of ``update_id``; False when another
        instance took them over first (or they were sent meanwhile)."""
        statement = (
            update(ProcessedUpdate)
            .where(
                ProcessedUpdate.update_id == update_id,
                ProcessedUpdate.performed_at.is_(None),
                ProcessedUpdate.owner.is_(None) if previous is None else ProcessedUpdate.owner == previous,
            )
            .values(owner=owner, processed_at=now)
        )
        result = await self.session.execute(statement)
        return bool(getattr(result, "rowcount", 0) == 1)

    async def get(self, update_id: int) -> ProcessedUpdate | None:
        return await self.session.get(ProcessedUpdate, update_id)

    async def record_effects(self, update_id: int, effects: list[Any]) -> None:
        connection = await self.session.connection()
        await connection.execute(_RECORD_EFFECTS, {"id": update_id, "stored": effects})

    async def mark_performed(self, update_id: int, now: datetime) -> None:
        connection = await self.session.connection()
        await connection.execute(_MARK_PERFORMED, {"id": update_id, "now": now})

    async def mark_performed_many(self, update_ids: list[int], now: datetime) -> None:
        connection = await self.session.connection()
        await connection.execute(_MARK_MANY_PERFORMED, {"ids": update_ids, "now": now})


class Applicants:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, user_id: int) -> Applicant | None:
        """Load the applicant row locked for this unit of work (PostgreSQL: FOR UPDATE)."""
        return (await self.session.execute(_LOCK_APPLICANT, {"user_id": user_id})).scalar_one_or_none()

    async def get_or_create(self, user_id: int, chat_id: int, lang: str, now: datetime) -> Applicant:
        applicant = await self.lock(user_id)
        if applicant is not None:
            return applicant
        await self.session.execute(
            insert_ignore(
                self.session,
                Applicant,
                {"id": user_id, "chat_id": chat_id, "lang": lang, "created_at": now, "updated_at": now},
            )
        )
        created = await self.lock(user_id)
        assert created is not None
        return created

    async def started(self, user_ids: frozenset[int]) -> list[Applicant]:
        """Those of ``user_ids`` who have started the bot in private (without locking them)."""
        statement = select(Applicant).where(Applicant.id.in_(user_ids)).order_by(Applicant.id)
        return list((await self.session.execute(statement)).scalars())


class Applications:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def find(self, campaign_id: str, applicant_id: int) -> Application | None:
        """The application the applicant is on in ``campaign_id`` (as first contact or colleague),
        locked for this unit of work so that colleagues' updates do not interleave."""
        parameters = {"campaign_id": campaign_id, "applicant_id": applicant_id}
        return (await self.session.execute(_FIND_APPLICATION, parameters)).scalar_one_or_none()

    async def by_number(self, number: str) -> Application | None:
        statement = select(Application).where(func.upper(Application.number) == number.strip().upper())
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def by_id(self, application_id: int) -> Application | None:
        return await self.session.get(Application, application_id, with_for_update=True)

    async def with_status(
        self, statuses: tuple[str, ...], campaign_id: str | None = None
    ) -> list[Application]:
        """Applications in ``statuses``, oldest submission first."""
        statement = select(Application).where(Application.status.in_(statuses))
        if campaign_id is not None:
            statement = statement.where(Application.campaign_id == campaign_id)
        statement = statement.order_by(Application.submitted_at, Application.id)
        return list((await self.session.execute(statement)).scalars())

    async def in_campaign(self, campaign_id: str) -> list[Application]:
        statement = select(Application).where(Application.campaign_id == campaign_id).order_by(Application.id)
        return list((await self.session.execute(statement)).scalars())

    async def of_applicant(self, applicant_id: int) -> list[Application]:
        statement = select(Application).where(_on_it(applicant_id)).order_by(Application.id)
        return list((await self.session.execute(statement)).scalars())

    async def awaiting_submission(self, campaign_id: str) -> list[tuple[Application, Applicant]]:
        """Applications still being prepared (not submitted, not ineligible), with their applicant."""
        statement = (
            select(Application, Applicant)
            .join(Applicant, Applicant.id == Application.applicant_id)
            .where(Application.campaign_id == campaign_id, Application.status.in_(("draft", "eligible")))
            .order_by(Application.id)
        )
        return [(row[0], row[1]) for row in (await self.session.execute(statement)).all()]

    async def create(self, campaign_id: str, applicant_id: int, now: datetime) -> Application:
        application = Application(
            campaign_id=campaign_id,
            applicant_id=applicant_id,
            status="draft",
            answers={},
            flow={},
            form={},
            created_at=now,
            updated_at=now,
        )
        self.session.add(application)
        await self.session.flush()
        return application


def _on_it(applicant_id: int | BindParameter[int]) -> ColumnElement[bool]:
    """The applicant is the application's first contact or a colleague on it."""
    colleague_of = select(Member.application_id).where(Member.applicant_id == applicant_id)
    return or_(Application.applicant_id == applicant_id, Application.id.in_(colleague_of))


_FIND_APPLICATION = (
    select(Application)
    .where(Application.campaign_id == bindparam("campaign_id"), _on_it(bindparam("applicant_id")))
    .order_by(Application.id)
    .limit(1)
    .with_for_update()
)


class Counters:
    """Application numbers: one counter row per campaign, incremented atomically."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def next(self, campaign_id: str) -> int:
        await self.session.execute(
            insert_ignore(self.session, CampaignCounter, {"campaign_id": campaign_id, "last": 0})
        )
        statement = (
            update(CampaignCounter)
            .where(CampaignCounter.campaign_id == campaign_id)
            .values(last=CampaignCounter.last + 1)
            .returning(CampaignCounter.last)
        )
        return int((await self.session.execute(statement)).scalar_one())


class Settings:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, key: str) -> str | None:
        return await self.session.scalar(select(Setting.value).where(Setting.key == key))

    async def put(self, key: str, value: str) -> None:
        await self.session.merge(Setting(key=key, value=value))

    async def upsert(self, key: str, value: str) -> None:
        """``put`` in one statement, for a value instances write at once (WeCom's cursor, token)."""
        await self.session.execute(upsert(self.session, Setting, {"key": key, "value": value}, ["key"]))

    async def delete(self, key: str) -> None:
        found = await self.session.get(Setting, key)
        if found is not None:
            await self.session.delete(found)

    async def get_or_create(self, key: str, make: Any = lambda: secrets.token_urlsafe(32)) -> str:
        """The stored value of ``key``; the first caller stores ``make()`` (race-safe)."""
        await self.session.execute(insert_ignore(self.session, Setting, {"key": key, "value": make()}))
        value = await self.session.scalar(select(Setting.value).where(Setting.key == key))
        assert value is not None
        return value


class Audit:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_subject(self, subject: str) -> list[AuditEntry]:
        statement = select(AuditEntry).where(AuditEntry.subject == subject).order_by(AuditEntry.id)
        return list((await self.session.execute(statement)).scalars())

    def record(self, actor: int, action: str, subject: str, at: datetime, **detail: Any) -> None:
        self.session.add(AuditEntry(actor=actor, action=action, subject=subject, detail=detail, at=at))


class Uploads:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, application_id: int, kind: str, now: datetime, **values: Any) -> Upload:
        """Store a new version (1, 2, …) of ``kind`` for the application."""
        latest = await self.latest(application_id, kind)
        upload = Upload(
            application_id=application_id,
            kind=kind,
            version=(latest.version + 1) if latest else 1,
            uploaded_at=now,
            **values,
        )
        self.session.add(upload)
        await self.session.flush()
        return upload

    async def of_application(self, application_id: int) -> list[Upload]:
        statement = select(Upload).where(Upload.application_id == application_id).order_by(Upload.id)
        return list((await self.session.execute(statement)).scalars())

    async def latest(self, application_id: int, kind: str) -> Upload | None:
        statement = (
            select(Upload)
            .where(Upload.application_id == application_id, Upload.kind == kind)
            .order_by(Upload.version.desc())
            .limit(1)
        )
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def latest_passing(self, application_id: int, kind: str) -> Upload | None:
        """The latest version of ``kind`` whose check passed."""
        statement = (
            select(Upload)
            .where(Upload.application_id == application_id, Upload.kind == kind, Upload.ok.is_(True))
            .order_by(Upload.version.desc())
            .limit(1)
        )
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def with_digests(self, digests: list[str]) -> list[Upload]:
        """Every upload whose sha256 is one of ``digests`` (byte-identical files)."""
        if not digests:
            return []
        statement = select(Upload).where(Upload.sha256.in_(digests)).order_by(Upload.id)
        return list((await self.session.execute(statement)).scalars())


class Repositories:
    """All repositories bound to one unit of work."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.updates = UpdateLog(session)
        self.applicants = Applicants(session)
        self.applications = Applications(session)
        self.settings = Settings(session)
        self.audit = Audit(session)
        self.uploads = Uploads(session)
        self.counters = Counters(session)
        self.outbox = Outbox(session)
        self.members = Members(session)
        self.invites = Invites(session)
        self.objections = Objections(session)
        self.unanswered = UnansweredQuestions(session)
        self.contacts = ChannelContacts(session)
