"""The outbox: queue, claim, and settle the messages the bot sends on its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import OutboxMessage
from storage.sql import insert_ignore

# A row whose person's channel window was closed waits for them to write: due this far later,
# and due at once when they write (``release_waiting``); /stats counts them.
WAITING = "waiting for the person to write"
WAIT_FOR_PERSON = timedelta(days=3650)


@dataclass(frozen=True)
class Backlog:
    pending: int
    oldest: datetime | None


class Outbox:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enqueue(
        self,
        key: str,
        chat_id: int,
        payload: dict[str, Any],
        now: datetime,
        not_before: datetime | None = None,
        expires_at: datetime | None = None,
    ) -> bool:
        """Queue a message unless one with ``key`` exists; True when it was queued now."""
        values = {
            "key": key,
            "chat_id": chat_id,
            "payload": payload,
            "not_before": not_before or now,
            "expires_at": expires_at,
            "attempts": 0,
            "created_at": now,
        }
        result = await self.session.execute(insert_ignore(self.session, OutboxMessage, values))
        return bool(getattr(result, "rowcount", 0) == 1)

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[OutboxMessage]:
        """Rows due now that no other sender holds; they are leased to the caller.

        On PostgreSQL ``FOR UPDATE SKIP LOCKED`` lets several instances claim side by side
        without ever taking the same row; SQLite serialises writers, one process is the rule.
        """
        earlier = aliased(OutboxMessage)
        waiting_before = (  # an earlier message to the same chat waits (a retry): keep the chat's order
            select(earlier.id)
            .where(
                earlier.chat_id == OutboxMessage.chat_id,
                earlier.id < OutboxMessage.id,
                earlier.sent_at.is_(None),
                earlier.failed_at.is_(None),
                earlier.not_before > now,
            )
            .exists()
        )
        statement = (
            select(OutboxMessage)
            .where(
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.failed_at.is_(None),
                OutboxMessage.not_before <= now,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
                ~waiting_before,
            )
            .order_by(OutboxMessage.not_before, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = list((await self.session.execute(statement)).scalars())
        for row in rows:
            row.claimed_until = now + lease
        return rows

    async def settle(self, row_id: int, **values: Any) -> None:
        await self.session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(**values))

    async def backlog(self) -> Backlog:
        waiting = and_(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))
        statement = select(func.count(), func.min(OutboxMessage.created_at)).where(waiting)
        count, oldest = (await self.session.execute(statement)).one()
        return Backlog(pending=int(count), oldest=oldest)

    async def by_key_prefix(self, prefix: str) -> list[OutboxMessage]:
        statement = (
            select(OutboxMessage).where(OutboxMessage.key.startswith(prefix)).order_by(OutboxMessage.id)
        )
        return list((await self.session.execute(statement)).scalars())

    async def release_waiting(self, chat_id: int, now: datetime) -> int:
        """The person wrote: what waited for them is due now; the number of rows."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.chat_id == chat_id,
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.failed_at.is_(None),
                OutboxMessage.last_error == WAITING,
            )
            .values(not_before=now, last_error=None)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def waiting_for_people(self) -> int:
        """Messages waiting for their person to write (a closed window)."""
        statement = select(func.count()).where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            OutboxMessage.last_error == WAITING,
        )
        return int(await self.session.scalar(statement) or 0)
