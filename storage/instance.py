"""This process's identity among the instances sharing one database, and whether another
instance is still alive.

Every update an instance claims is stamped with its id. When Telegram redelivers an update
whose replies were never marked sent, the instance that receives it asks: is the claimer still
alive (then it is still sending; Telegram should try again shortly), or did it die between its
commit and its sending (then take the replies over and send them now)?

On PostgreSQL an instance is alive while it holds a session advisory lock keyed by its id:
the server releases it the moment the process's connection closes, so a killed instance is
seen as dead at once, without timeouts to tune. With SQLite there is only ever one process,
so any claimer other than this process is a process that has ended.
"""

from __future__ import annotations

import secrets

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.lease import AdvisoryLease

_NAMESPACE = 0x5E4D << 32  # advisory lock keys of instances: namespace in the high half, id in the low


class Instance:
    def __init__(self, database: Database, instance_id: int | None = None) -> None:
        self.database = database
        self.id = instance_id if instance_id is not None else secrets.randbelow(2**31 - 1) + 1
        postgresql = database.dialect == "postgresql"
        self._lease = AdvisoryLease(database, _NAMESPACE | self.id) if postgresql else None

    async def keep_alive(self) -> None:
        """Hold (or take again, after a lost connection) the lock that says this process lives."""
        if self._lease is not None:
            await self._lease.acquire()

    async def release(self) -> None:
        if self._lease is not None:
            await self._lease.release()

    async def is_alive(self, session: AsyncSession, owner: int | None) -> bool | None:
        """Whether the instance ``owner`` still runs; None when unknown (a row from before owners)."""
        if owner is None:
            return None
        if owner == self.id:
            return True
        if self._lease is None:
            return False
        statement = text("SELECT pg_try_advisory_xact_lock(:key)")
        free = (await session.execute(statement, {"key": _NAMESPACE | owner})).scalar()
        return not free
