"""The shapes of a command handler and a button handler, shared by every audience's route table."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.engine.request import Request

CommandHandler = Callable[[Request], Awaitable[None]]
ButtonHandler = Callable[[Request, tuple[str, ...]], Awaitable[None]]
