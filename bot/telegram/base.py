"""What both adapters share: update dict → engine → effects performed in order.

An adapter only knows how to fetch updates and how to perform one effect with its
framework; the engine never sees a framework type.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from typing import Any

from bot.engine.effects import ChatAction, Effect
from bot.engine.events import Document
from bot.engine.runner import Engine, UpdateInProgress
from bot.telegram.updates import event_from_update

log = logging.getLogger(__name__)

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # the cloud Bot API lets bots download at most 20 MB


@dataclass(frozen=True)
class MenuCommand:
    command: str
    description: str


@dataclass(frozen=True)
class AdapterConfig:
    token: str
    api_base: str
    menus: dict[str, list[MenuCommand]]  # language code ("" = default) → commands
    polling_timeout: int = 10


class Blocked(Exception):
    """Telegram answered 403: the user blocked the bot (or left the group). Never retried."""


class Undeliverable(Exception):
    """Telegram refused the message itself (400: chat not found, bad markup …). Never retried."""


class RetryLater(Exception):
    """Raised by ``perform`` when Telegram answered 429; carries the wait in seconds."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class Adapter(ABC):
    def __init__(self, config: AdapterConfig, engine: Engine) -> None:
        self.config = config
        self.engine = engine
        self.bot_username: str | None = None

    @abstractmethod
    async def start(self) -> None:
        """Connect, set the command menu, and start fetching updates in the background."""

    @abstractmethod
    async def start_webhook(self, url: str, secret: str) -> None:
        """Connect, set the command menu, and register the webhook (no polling)."""

    @abstractmethod
    async def process_raw(self, data: dict[str, Any]) -> None:
        """One update as Telegram posted it: parsed by the framework, then handled."""

    @abstractmethod
    async def stop(self) -> None:
        """Stop fetching, finish the update in hand, and close connections."""

    @abstractmethod
    async def perform(self, effect: Effect) -> None:
        """Carry out one effect with the framework's Bot API methods."""

    @abstractmethod
    async def download(self, file_id: str) -> bytes:
        """The bytes of a file a user sent (getFile, then the file URL)."""

    async def process(self, update: dict[str, Any], retry_in_progress: bool = False) -> None:
        """Handle one update and send its replies; then mark them sent.

        An update another process is still handling raises ``UpdateInProgress`` when
        ``retry_in_progress`` (webhook: Telegram is answered 500 and delivers it again later);
        in polling mode it is left to that process.
        """
        event = event_from_update(update, self.bot_username)
        if event is None:
            return
        if isinstance(event, Document):
            event = await self._with_data(event)
        try:
            effects = await self.engine.handle(event)
        except UpdateInProgress:
            if retry_in_progress:
                raise
            log.info("update %s is being handled elsewhere", event.update_id)
            return
        for effect in effects:
            await self._perform_safely(effect)
        if effects:
            await self.engine.performed(event.update_id)

    async def _with_data(self, event: Document) -> Document:
        """Download a sent file before the engine's transaction, so no lock is held meanwhile.

        Files over the cloud Bot API's download limit are not even tried; the handler explains.
        """
        if not event.sender.is_private or (event.file_size or 0) > MAX_DOWNLOAD_BYTES:
            return event
        await self._perform_safely(ChatAction(chat_id=event.sender.chat_id, action="upload_document"))
        try:
            return replace(event, data=await self.download(event.file_id))
        except Exception as exc:
            log.warning("could not download file of update %s: %s", event.update_id, exc)
            return event

    async def _perform_safely(self, effect: Effect) -> None:
        """One retry after a 429; any other failure is logged and the next effect goes on."""
        for attempt in (1, 2):
            try:
                await self.perform(effect)
                return
            except RetryLater as wait:
                if attempt == 2:
                    log.warning("gave up on %s after a second 429", type(effect).__name__)
                    return
                await asyncio.sleep(min(wait.seconds, 30))
            except Exception as exc:
                log.warning("could not perform %s: %s", type(effect).__name__, exc)
                return
