"""Registry of emulated Bot API methods, keyed by lower-cased name (Telegram ignores case)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.sandbox.models import JsonDict, UploadedFile
from bot.sandbox.state import SandboxState

Files = dict[str, UploadedFile]
Handler = Callable[[SandboxState, JsonDict, Files], Awaitable[Any]]

# lower-case name -> (canonical name, handler)
METHODS: dict[str, tuple[str, Handler]] = {}


def api_method(name: str) -> Callable[[Handler], Handler]:
    """Register a coroutine ``(state, params, files) -> result`` as Bot API method ``name``."""

    def register(handler: Handler) -> Handler:
        METHODS[name.lower()] = (name, handler)
        return handler

    return register


def lookup(name: str) -> tuple[str, Handler] | None:
    return METHODS.get(name.lower())
