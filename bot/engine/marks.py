"""Group commit of "these replies were sent": every update whose replies went out while the
previous marks were being written is marked in the next single transaction.

A caller still waits until its own mark has committed, so nothing changes for it; under a rush the
marks of many chats share one transaction instead of one each (on SQLite the transactions of a
process run one at a time, so this halves the transactions an update costs). A webhook answer on
PostgreSQL is marked differently, with the row locked while it is sent (``Engine.performing``).
"""

from __future__ import annotations

import asyncio

from bot.engine.clock import Clock
from storage.db import Database
from storage.repositories import Repositories


class SentMarks:
    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock
        self._pending: list[tuple[int, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def mark(self, update_id: int) -> None:
        """Record that the replies of ``update_id`` were sent; returns once that has committed
        (raises what the write raised)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((update_id, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        await asyncio.shield(done)  # a cancelled caller does not cancel the others' batch

    async def _write(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                async with self.database.unit_of_work() as session:
                    ids = sorted({update_id for update_id, _ in batch})
                    await Repositories(session).updates.mark_performed_many(ids, self.clock.now())
            except Exception as exc:  # each waiting caller gets the failure, as without grouping
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
            else:
                for _, done in batch:
                    if not done.done():
                        done.set_result(None)
