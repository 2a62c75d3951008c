"""Telegram's sending limits: about 30 messages a second overall, one a second per private chat,
twenty a minute per group. ``acquire`` waits until a message to ``chat_id`` may go."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    # One under Telegram's 30/s: our clock starts at the request, Telegram's at its arrival, and
    # the jitter in between would otherwise now and then make 31 arrive within one second.
    per_second: int = 29
    private_interval: float = 1.0
    group_per_minute: int = 20
    # Seconds between two messages to any chats (0: none). Telegram counts messages as they
    # arrive: 29 sent in a burst at the start of a second and delayed unevenly on the way can
    # meet the next second's in one window of Telegram's; evenly spaced ones hardly can.
    spacing: float = 0.0


# The outbox's limits: evenly spaced at 28/s, 93% of Telegram's 30.
PACED = Limits(spacing=1 / 28)


class RateLimiter:
    def __init__(self, limits: Limits = Limits(), now: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._now = now
        self._global: deque[float] = deque()
        self._groups: dict[int, deque[float]] = {}
        self._private_last: dict[int, float] = {}
        self._held_until = 0.0
        self._last_any = float("-inf")
        self._lock = asyncio.Lock()

    def hold(self, seconds: float) -> None:
        """Telegram answered 429: nothing more goes for ``seconds`` (to any chat)."""
        self._held_until = max(self._held_until, self._now() + seconds)

    def delay(self, chat_id: int) -> float:
        """Seconds to wait before a message to ``chat_id`` may be sent (0 when it may go now)."""
        now = self._now()
        _trim(self._global, now - 1.0)
        waits = [0.0, self._held_until - now, self._last_any + self.limits.spacing - now]
        if len(self._global) >= self.limits.per_second:
            waits.append(self._global[0] + 1.0 - now)
        if chat_id < 0:
            sent = self._groups.setdefault(chat_id, deque())
            _trim(sent, now - 60.0)
            if len(sent) >= self.limits.group_per_minute:
                waits.append(sent[0] + 60.0 - now)
        elif chat_id in self._private_last:
            waits.append(self._private_last[chat_id] + self.limits.private_interval - now)
        return max(waits)

    def record(self, chat_id: int) -> None:
        now = self._now()
        self._last_any = now
        self._global.append(now)
        if chat_id < 0:
            self._groups.setdefault(chat_id, deque()).append(now)
        else:
            self._private_last[chat_id] = now

    async def acquire(self, chat_id: int) -> None:
        async with self._lock:
            while (wait := self.delay(chat_id)) > 0:
                await asyncio.sleep(wait)
            self.record(chat_id)


def _trim(times: deque[float], before: float) -> None:
    while times and times[0] <= before:
        times.popleft()
