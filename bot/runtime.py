"""A running bot: the adapter fetching updates, the outbox sender and the scheduler."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

from bot.outbox.sender import OutboxSender
from bot.scheduler import Scheduler
from bot.services import Services, build_adapter
from bot.telegram.base import Adapter

if TYPE_CHECKING:
    from bot.web import WebServer


class BotRuntime:
    def __init__(self, services: Services, polling_timeout: int = 10) -> None:
        self.services = services
        self.adapter: Adapter = build_adapter(services, polling_timeout=polling_timeout)
        deps = services.deps
        self.sender = OutboxSender(services.database, deps.files, self.adapter.perform, deps.clock)
        self.scheduler = Scheduler(services.database, deps, services.settings.reminders, self.sender.wake)
        services.engine.on_outbox = self.sender.wake
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.web: WebServer | None = None

    async def start(self) -> None:
        settings = self.services.settings
        if settings.telegram.mode == "webhook":
            from bot.web import WebServer

            self.web = WebServer(settings.webhook, self.adapter, self.services.database)
            await self.web.start()
            await self.adapter.start_webhook(
                settings.webhook.public_url, settings.webhook.secret.get_secret_value()
            )
        else:
            await self.adapter.start()
        tick = self.services.settings.scheduler.tick_seconds
        self._tasks = [
            asyncio.create_task(self.sender.run(self._stop, idle_seconds=tick)),
            asyncio.create_task(self.scheduler.run(self._stop, tick_seconds=tick)),
        ]

    async def stop(self) -> None:
        """Let the sender finish the message in hand (the rest waits in the outbox), then stop
        taking updates, then close the database."""
        self._stop.set()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(task, timeout=35)
        if self.web is not None:
            await self.web.stop()
        await self.adapter.stop()
        await self.services.close()
