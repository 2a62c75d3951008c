"""A running bot: the adapter fetching updates, the outbox sender and the scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from bot.engine.channels import WECOM, channel_of
from bot.engine.effects import Effect
from bot.outbox.sender import OutboxSender
from bot.scheduler import Scheduler
from bot.services import Services, build_adapter
from bot.telegram.base import Adapter
from bot.usecases.faq import matcher_for

if TYPE_CHECKING:
    from bot.web import WebServer
    from bot.wecom.adapter import WeComAdapter

log = logging.getLogger(__name__)


class BotRuntime:
    def __init__(self, services: Services, polling_timeout: int = 10) -> None:
        self.services = services
        self.adapter: Adapter = build_adapter(services, polling_timeout=polling_timeout)
        deps = services.deps
        self.wecom: WeComAdapter | None = None
        if services.settings.wecom is not None:
            from bot.wecom.adapter import WeComAdapter

            self.wecom = WeComAdapter(services.settings.wecom, services.engine)
        self.sender = OutboxSender(services.database, deps.files, self.perform, deps.clock)
        self.scheduler = Scheduler(services.database, deps, services.settings.reminders, self.sender.wake)
        services.engine.on_outbox = self.sender.wake
        self.adapter.on_send = self.sender.limiter.record
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.web: WebServer | None = None

    async def perform(self, effect: Effect) -> None:
        """One effect, by the channel of its address (``bot/engine/channels.py``)."""
        chat_id = getattr(effect, "chat_id", None)
        if self.wecom is not None and chat_id is not None and channel_of(chat_id) is WECOM:
            await self.wecom.perform(effect)
        else:
            await self.adapter.perform(effect)

    async def start(self) -> None:
        settings = self.services.settings
        await self.services.engine.instance.keep_alive()
        webhook = settings.telegram.mode == "webhook"
        if webhook or self.wecom is not None:
            from bot.web import WebServer, WeComRoute

            wecom = None
            if self.wecom is not None and settings.wecom is not None:
                wecom = WeComRoute(settings.wecom.callback_path, self.wecom)
            self.web = WebServer(
                settings.webhook, self.adapter, self.services.database, wecom, telegram_webhook=webhook
            )
            await self.web.start()
        if webhook:
            await self.adapter.start_webhook(
                settings.webhook.public_url, settings.webhook.secret.get_secret_value()
            )
        else:
            await self.adapter.start()
        if self.wecom is not None:
            await self.wecom.start()
        tick = self.services.settings.scheduler.tick_seconds
        self._tasks = [
            asyncio.create_task(self.sender.run(self._stop, idle_seconds=tick)),
            asyncio.create_task(self.scheduler.run(self._stop, tick_seconds=tick)),
            asyncio.create_task(self._keep_alive(tick)),
            asyncio.create_task(self._warm_faq()),
        ]

    async def _warm_faq(self) -> None:
        """Load jieba's dictionary and build each campaign's FAQ matcher in a thread at start, so
        the first question typed does not wait for them (about a second)."""
        campaigns = [c for c in self.services.deps.campaigns.all if c.faq]
        if campaigns:
            await asyncio.to_thread(lambda: [matcher_for(c) for c in campaigns])

    async def _keep_alive(self, every: float) -> None:
        """Keep holding the lock that tells other instances this one lives (taken again if the
        database connection was lost)."""
        while True:  # taken in start(); checked again every ``every`` seconds
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=max(every, 1.0))
            if self._stop.is_set():
                return
            try:
                await self.services.engine.instance.keep_alive()
            except Exception as exc:
                log.warning("could not renew the instance lock: %s", type(exc).__name__)

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
        if self.wecom is not None:
            await self.wecom.stop()
        await self.services.engine.instance.release()
        await self.services.close()
