"""Updates of one chat one after another, in order; updates of different chats at once.

Both adapters, in polling and in webhook mode, hand every update to one ``ChatOrder``:
``submit`` is synchronous, so the order of the calls is the order in which a chat's updates run
(each waits for the previous one of its chat to end, whatever became of it). At most
``concurrency`` updates run at a time; ``admit`` makes the caller wait while ``backlog`` updates
are already admitted and unfinished, so polling stops fetching instead of queuing without bound.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

BACKLOG_PER_SLOT = 8  # updates admitted (waiting for their chat or a slot) per concurrent one


def chat_key(update: dict[str, Any]) -> Hashable:
    """What orders an update: its chat (a button's message's chat, else the presser), else itself."""
    query = update.get("callback_query")
    if isinstance(query, dict):
        chat = (query.get("message") or {}).get("chat") or {}
        if isinstance(chat.get("id"), int):
            return int(chat["id"])
        sender = query.get("from") or {}
        if isinstance(sender.get("id"), int):
            return int(sender["id"])
    for body in update.values():
        if isinstance(body, dict):
            chat = body.get("chat") or {}
            if isinstance(chat.get("id"), int):
                return int(chat["id"])
    return ("update", update.get("update_id"))


class ChatOrder:
    def __init__(self, concurrency: int) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self._running = asyncio.Semaphore(concurrency)
        self._admitted = asyncio.Semaphore(concurrency * BACKLOG_PER_SLOT)
        self._tails: dict[Hashable, asyncio.Task[Any]] = {}
        self.tasks: set[asyncio.Task[Any]] = set()

    async def admit(self) -> None:
        """Wait for room in the backlog; the next ``submit`` uses the room taken."""
        await self._admitted.acquire()

    def submit(
        self, key: Hashable, work: Callable[[], Awaitable[T]], admitted: bool = False
    ) -> asyncio.Task[T]:
        """Run ``work`` after every earlier work of ``key`` has ended, when a slot is free.

        ``admitted``: the caller took room with ``admit`` (released when the work ends)."""
        previous = self._tails.get(key)
        task: asyncio.Task[T] = asyncio.ensure_future(self._run(previous, work, admitted))
        self._tails[key] = task
        self.tasks.add(task)
        task.add_done_callback(lambda done: self._forget(key, done))
        return task

    async def _run(
        self, previous: asyncio.Task[Any] | None, work: Callable[[], Awaitable[T]], admitted: bool
    ) -> T:
        try:
            if previous is not None and not previous.done():
                await asyncio.wait([previous])  # its outcome is its own: not raised here
            async with self._running:
                return await work()
        finally:
            if admitted:
                self._admitted.release()

    def _forget(self, key: Hashable, task: asyncio.Task[Any]) -> None:
        self.tasks.discard(task)
        if self._tails.get(key) is task:
            del self._tails[key]
        if not task.cancelled():
            task.exception()  # retrieved: whoever awaits the task (webhook) sees it, or ``work`` logs it

    async def drain(self, timeout: float) -> None:
        """Wait for the submitted work to end (at most ``timeout`` seconds)."""
        if self.tasks:
            await asyncio.wait(set(self.tasks), timeout=timeout)
