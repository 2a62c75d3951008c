"""People on channels whose ids are strings, and their delivery window (``channel_contact``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChannelContact
from storage.sql import insert_ignore


class ChannelContacts:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def seen(
        self, address: int, channel: str, external_id: str, at: datetime, opens_window: bool = True
    ) -> None:
        """The person is known; when they wrote (``opens_window``) at ``at``, their window opens
        anew and the message budget starts again (a message fetched a second time, or older than
        the last one, changes nothing)."""
        values = {"id": address, "channel": channel, "external_id": external_id, "created_at": at}
        await self.session.execute(insert_ignore(self.session, ChannelContact, values))
        if not opens_window:
            return
        await self.session.execute(
            update(ChannelContact)
            .where(
                ChannelContact.id == address,
                # <=: WeChat stamps messages in whole seconds, two in one second both count
                or_(ChannelContact.last_inbound_at.is_(None), ChannelContact.last_inbound_at <= at),
            )
            .values(last_inbound_at=at, sent_since_inbound=0)
        )

    async def get(self, address: int) -> ChannelContact | None:
        return await self.session.get(ChannelContact, address)

    async def external_id(self, address: int) -> str | None:
        statement = select(ChannelContact.external_id).where(ChannelContact.id == address)
        return await self.session.scalar(statement)

    async def reserve(
        self, address: int, messages: int, now: datetime, window: timedelta, budget: int
    ) -> bool:
        """Take ``messages`` of the person's budget if their window is open and the budget holds
        them (one statement, so instances sending at once never exceed it)."""
        result = await self.session.execute(
            update(ChannelContact)
            .where(
                ChannelContact.id == address,
                ChannelContact.last_inbound_at > now - window,
                ChannelContact.sent_since_inbound + messages <= budget,
            )
            .values(sent_since_inbound=ChannelContact.sent_since_inbound + messages)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    async def tell_window_once(self, address: int, now: datetime) -> bool:
        """True the first time only: the person is to be told of the window now."""
        result = await self.session.execute(
            update(ChannelContact)
            .where(ChannelContact.id == address, ChannelContact.window_told_at.is_(None))
            .values(window_told_at=now)
        )
        return bool(getattr(result, "rowcount", 0) == 1)
