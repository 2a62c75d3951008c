"""Repositories for colleagues on one application (members and their invites) and for
objections to the 公示 list. Like every repository they never commit."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Applicant, Application, Invite, Member, Objection

CODE_BYTES = 12  # 16 URL-safe characters: "join-" + code fits Telegram's 64-character start parameter


class Members:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_application(self, application_id: int) -> list[Member]:
        statement = select(Member).where(Member.application_id == application_id).order_by(Member.id)
        return list((await self.session.execute(statement)).scalars())

    async def find(self, application_id: int, applicant_id: int) -> Member | None:
        statement = select(Member).where(
            Member.application_id == application_id, Member.applicant_id == applicant_id
        )
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def add(
        self, application: Application, applicant_id: int, name: str, invited_by: int, now: datetime
    ) -> Member:
        member = Member(
            application_id=application.id,
            applicant_id=applicant_id,
            campaign_id=application.campaign_id,
            name=name[:128],
            invited_by=invited_by,
            joined_at=now,
        )
        self.session.add(member)
        await self.session.flush()
        return member

    async def remove(self, application_id: int, applicant_id: int) -> bool:
        statement = delete(Member).where(
            Member.application_id == application_id, Member.applicant_id == applicant_id
        )
        result = await self.session.execute(statement)
        return bool(getattr(result, "rowcount", 0))

    async def person(self, applicant_id: int) -> Applicant | None:
        """An applicant row read without locking it (it belongs to another update's user)."""
        return await self.session.get(Applicant, applicant_id)

    async def recipients(self, application: Application) -> list[Applicant]:
        """Everyone on ``application``: the first contact, then the colleagues in joining order."""
        owner = await self.session.get(Applicant, application.applicant_id)
        statement = (
            select(Applicant)
            .join(Member, Member.applicant_id == Applicant.id)
            .where(Member.application_id == application.id)
            .order_by(Member.id)
        )
        colleagues = list((await self.session.execute(statement)).scalars())
        return ([owner] if owner is not None else []) + colleagues


class Invites:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self, application_id: int, created_by: int, now: datetime, expires_at: datetime
    ) -> Invite:
        invite = Invite(
            code=secrets.token_urlsafe(CODE_BYTES),
            application_id=application_id,
            created_by=created_by,
            created_at=now,
            expires_at=expires_at,
        )
        self.session.add(invite)
        await self.session.flush()
        return invite

    async def take(self, code: str) -> Invite | None:
        """The invite with ``code``, locked for this unit of work (None if there is none)."""
        statement = select(Invite).where(Invite.code == code).with_for_update()
        return (await self.session.execute(statement)).scalar_one_or_none()


class Objections:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, application_id: int, text: str, recorded_by: int, now: datetime, late: bool = False
    ) -> Objection:
        objection = Objection(
            application_id=application_id, text=text, recorded_by=recorded_by, at=now, late=late
        )
        self.session.add(objection)
        await self.session.flush()
        return objection

    async def count(self, application_ids: Sequence[int]) -> int:
        if not application_ids:
            return 0
        statement = select(func.count(Objection.id)).where(Objection.application_id.in_(application_ids))
        return int(await self.session.scalar(statement) or 0)

    async def unresolved(self, application_ids: Sequence[int]) -> int:
        """Objections received within the period to these applications that staff have not yet
        resolved (a late one is flagged and shown, but does not hold the list)."""
        if not application_ids:
            return 0
        statement = select(func.count(Objection.id)).where(
            Objection.application_id.in_(application_ids),
            Objection.resolution.is_(None),
            Objection.late.is_(False),
        )
        return int(await self.session.scalar(statement) or 0)

    async def by_id(self, objection_id: int) -> Objection | None:
        return await self.session.get(Objection, objection_id, with_for_update=True)

    async def of_applications(self, application_ids: Sequence[int]) -> list[Objection]:
        if not application_ids:
            return []
        statement = (
            select(Objection).where(Objection.application_id.in_(application_ids)).order_by(Objection.id)
        )
        return list((await self.session.execute(statement)).scalars())
