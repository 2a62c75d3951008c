"""What both adapters share: update dict → engine → effects performed in order.

An adapter only knows how to fetch updates and how to perform one effect with its
framework; the engine never sees a framework type.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from bot.engine.effects import Effect
from bot.engine.runner import Engine
from bot.telegram.updates import event_from_update

log = logging.getLogger(__name__)


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
    async def stop(self) -> None:
        """Stop fetching, finish the update in hand, and close connections."""

    @abstractmethod
    async def perform(self, effect: Effect) -> None:
        """Carry out one effect with the framework's Bot API methods."""

    async def process(self, update: dict[str, Any]) -> None:
        event = event_from_update(update, self.bot_username)
        if event is None:
            return
        for effect in await self.engine.handle(event):
            await self._perform_safely(effect)

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
