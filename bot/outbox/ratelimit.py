"""Telegram's sending limits: about 30 messages a second overall, one a second per private chat,
twenty a minute per group. ``acquire`` waits until a message to ``chat_id`` may go.

Nothing is held while waiting. A chat first waits for its own limit, alone (a group at its twenty
a minute delays only that group); then it books the next moment the overall limit allows and
waits for it. Checking and booking happen with no ``await`` in between, so no lock is needed, and
the overall moments are booked in the order asked. A 429 (``hold``) takes back the moments
booked but not yet reached; their waiters book again after the hold. A set ``stop`` ends every
wait at once: ``acquire`` then answers False and keeps no booking.
"""

from __future__ import annotations

import asyncio
import bisect
from dataclasses import dataclass

from bot.engine.clock import SystemTimer, Timer


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


class Window:
    """At most ``count`` messages in any ``span`` seconds: the moments sent or booked, in order."""

    def __init__(self, count: int, span: float) -> None:
        self.count = count
        self.span = span
        self.times: list[float] = []

    def ready(self, now: float) -> float:
        """The first moment from ``now`` on at which one more may go after all those booked."""
        del self.times[: bisect.bisect_right(self.times, now - self.span)]
        if len(self.times) < self.count:
            return now
        return max(now, self.times[-self.count] + self.span)

    def add(self, moment: float) -> None:
        bisect.insort(self.times, moment)

    def remove(self, moment: float) -> None:
        at = bisect.bisect_left(self.times, moment)
        if at < len(self.times) and self.times[at] == moment:
            del self.times[at]

    def take_back_after(self, moment: float) -> None:
        del self.times[bisect.bisect_right(self.times, moment) :]


class RateLimiter:
    def __init__(self, limits: Limits = Limits(), timer: Timer | None = None) -> None:
        self.limits = limits
        self.timer: Timer = timer or SystemTimer()
        self._overall = Window(limits.per_second, 1.0)
        self._chats: dict[int, Window] = {}
        self._held_until = float("-inf")
        self._holds = 0  # how many times a 429 took bookings back

    def hold(self, seconds: float) -> None:
        """Telegram answered 429: nothing more goes for ``seconds`` (to any chat)."""
        now = self.timer.monotonic()
        self._held_until = max(self._held_until, now + seconds)
        self._overall.take_back_after(now)
        self._holds += 1

    def chat_delay(self, chat_id: int) -> float:
        """Seconds before the chat's own limit lets one more message go (0: now)."""
        now = self.timer.monotonic()
        return self._chat(chat_id).ready(now) - now

    def delay(self, chat_id: int) -> float:
        """Seconds to wait before a message to ``chat_id`` may be sent (0 when it may go now)."""
        now = self.timer.monotonic()
        return max(self._chat(chat_id).ready(now), self._next_moment(now)) - now

    def record(self, chat_id: int) -> None:
        """A message went to ``chat_id`` just now without asking (a reply to an update)."""
        now = self.timer.monotonic()
        self._overall.add(now)
        self._chat(chat_id).add(now)

    async def acquire(self, chat_id: int, stop: asyncio.Event | None = None) -> bool:
        """Wait until a message to ``chat_id`` may go, and count it; False (nothing counted) when
        ``stop`` was set before or meanwhile."""
        chat = self._chat(chat_id)
        while True:
            if stop is not None and stop.is_set():
                return False
            now = self.timer.monotonic()
            ready = chat.ready(now)
            if ready > now:
                if not await self.wait(ready - now, stop):
                    return False
                continue
            moment, holds = self._next_moment(now), self._holds
            self._overall.add(moment)
            chat.add(moment)
            if moment <= now:
                return True
            reached = await self.wait(moment - now, stop)
            if holds == self._holds and reached:
                return True
            chat.remove(moment)  # given back: stopping, or a 429 took the booking back
            if holds == self._holds:
                self._overall.remove(moment)
            if not reached:
                return False

    async def wait(self, seconds: float, stop: asyncio.Event | None = None) -> bool:
        """Sleep ``seconds`` on the limiter's timer; False as soon as ``stop`` is set."""
        if stop is None:
            await self.timer.sleep(seconds)
            return True
        if stop.is_set():
            return False
        sleeping = asyncio.ensure_future(self.timer.sleep(seconds))
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({sleeping, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeping.cancel()
            stopping.cancel()
        return not stop.is_set()

    def _next_moment(self, now: float) -> float:
        moment = max(now, self._held_until, self._overall.ready(now))
        if self._overall.times:
            moment = max(moment, self._overall.times[-1] + self.limits.spacing)
        return moment

    def _chat(self, chat_id: int) -> Window:
        window = self._chats.get(chat_id)
        if window is None:
            limits = self.limits
            window = (
                Window(limits.group_per_minute, 60.0) if chat_id < 0 else Window(1, limits.private_interval)
            )
            self._chats[chat_id] = window
        return window
