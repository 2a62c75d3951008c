"""The shapes of a command handler and a button handler, shared by every audience's route table."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.engine.request import Request

CommandHandler = Callable[[Request], Awaitable[None]]
# A button handler takes the typed payload of its kind (``bot/engine/buttons.py``); the route
# tables map each kind to its handler, and ``tests/engine/test_buttons.py`` checks that they agree.
ButtonHandler = Callable[[Request, Any], Awaitable[None]]
