"""An awaited reply, for the handlers: ``bot/usecases/pending.py`` with the sender and chat of the
request (see there)."""

from __future__ import annotations

from bot.engine.request import Request
from bot.usecases import pending
from bot.usecases.pending import Pending

__all__ = ["Pending", "ask", "awaited", "clear"]


async def ask(request: Request, kind: str, application: int, part: int = 0) -> None:
    """The sender's next message in this chat answers ``kind`` for ``application`` (and ``part``)."""
    sender = request.event.sender
    asked = Pending(sender.user_id, sender.chat_id, kind, application, part, request.now().isoformat())
    await pending.ask(request.repos, asked)


async def awaited(request: Request) -> Pending | None:
    sender = request.event.sender
    return await pending.awaited(request.repos, sender.user_id, sender.chat_id, request.now())


async def clear(request: Request) -> None:
    sender = request.event.sender
    await pending.clear(request.repos, sender.user_id, sender.chat_id)
