"""The scheduler tick: every ``scheduler.tick_seconds`` derive due reminders from the database."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.config import ReminderSettings
from bot.engine.request import Deps
from bot.usecases.reminders import enqueue_due_reminders
from storage.db import Database
from storage.repositories import Repositories

log = logging.getLogger(__name__)


@dataclass
class Scheduler:
    database: Database
    deps: Deps
    reminders: ReminderSettings
    on_queued: Callable[[], None]

    async def tick(self) -> int:
        async with self.database.unit_of_work() as session:
            queued = await enqueue_due_reminders(
                Repositories(session), self.deps, self.reminders, self.deps.clock.now()
            )
        if queued:
            log.info("queued %d reminders", queued)
            self.on_queued()
        return queued

    async def run(self, stop: asyncio.Event, tick_seconds: float) -> None:
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("scheduler tick failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=tick_seconds)
