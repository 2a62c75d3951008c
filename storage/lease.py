"""A PostgreSQL advisory lock held on a dedicated connection: one holder at a time across
all instances, released by the server when the holder's connection dies."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database

log = logging.getLogger(__name__)


class AdvisoryLease:
    def __init__(self, database: Database, key: int) -> None:
        self.database = database
        self.key = key
        self._connection: AsyncConnection | None = None

    async def acquire(self) -> bool:
        """True while this process holds the lock (checked, and taken when free)."""
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                await self._connection.commit()  # not left idle in a transaction between checks
                return True
            except Exception as exc:
                log.warning("lost the lease connection: %s", type(exc).__name__)
                await self._drop()
        connection = await self.database.engine.connect()
        try:
            held = (
                await connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key})
            ).scalar()
            await connection.commit()
        except Exception:
            await connection.close()
            raise
        if held:
            self._connection = connection
            return True
        await connection.close()
        return False

    async def release(self) -> None:
        if self._connection is None:
            return
        try:
            await self._connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            await self._connection.commit()
        except Exception as exc:  # the connection is gone, and the lock with it
            log.warning("releasing the lease found its connection gone: %s", type(exc).__name__)
        finally:
            await self._drop()

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.close()
            except Exception as exc:
                log.warning("closing the lease connection failed: %s", type(exc).__name__)
