"""The sender loop: claims due outbox rows and sends them within Telegram's limits.

Each row is settled in its own short transaction right after its API call, so a restart
re-sends nothing that was confirmed sent. 429 → retried after ``retry_after``; 5xx and
time-outs → retried with exponential back-off up to ``max_attempts``; 403 (blocked) and
400 (undeliverable) → given up at once; a row past ``expires_at`` is dropped unsent. A row whose
chat is at its own limit (a group's twenty a minute) goes back to the outbox until then instead of
holding up the batch; stopping ends every wait at once and puts the rows in hand back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import NamedTuple

from bot import metrics
from bot.engine.channels import TELEGRAM, Capabilities, OutsideWindow
from bot.engine.clock import Clock
from bot.engine.effects import Blocked, Effect, Reply, RetryLater, SendFile, Undeliverable
from bot.engine.limits import fit
from bot.engine.outbox_payload import effect_of
from bot.outbox.ratelimit import PACED, RateLimiter
from storage.db import Database
from storage.file_storage import FileStorage
from storage.lease import AdvisoryLease
from storage.models import OutboxMessage
from storage.outbox import WAIT_FOR_PERSON, WAITING
from storage.repositories import Repositories

log = logging.getLogger(__name__)
SENDER_LEASE_KEY = 0x5E4D0B  # the advisory lock that makes one instance the sender
Perform = Callable[[Effect], Awaitable[None]]


@dataclass
class SendStats:
    sent: int = 0
    retried: int = 0
    throttled: int = 0
    blocked: int = 0
    failed: int = 0
    expired: int = 0
    waiting: int = 0  # put back until the person writes (their channel's window was closed)


@dataclass
class _Batch:
    slots: asyncio.Semaphore
    handled: int = 0
    pause: float | None = None  # seconds to wait after the batch (Telegram answered 429)


class Outcome(NamedTuple):
    """What became of one row: Telegram asked to pause (seconds), or the row waits for later (a
    retry, its chat's limit, or stopping): the chat's later rows then wait too."""

    pause: float | None = None
    later: bool = False


@dataclass
class OutboxSender:
    database: Database
    files: FileStorage
    perform: Perform
    clock: Clock
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(PACED))
    batch: int = 50
    lease: timedelta = timedelta(seconds=120)
    max_attempts: int = 8
    in_flight: int = 4  # chats sent to at once within a batch
    defer_after: float = 2.0  # a chat whose own limit asks a longer wait is put back, not waited for
    stats: SendStats = field(default_factory=SendStats)
    channel: Capabilities = TELEGRAM  # a long message is split to its limits, never refused
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _next_look: float | None = None  # (limiter time) when a row put back for its chat comes due

    def wake(self) -> None:
        """New rows were committed: look now rather than at the next tick."""
        self._wake.set()

    async def run(self, stop: asyncio.Event, idle_seconds: float) -> None:
        """Send until ``stop``. On PostgreSQL only the instance holding the sender lease sends,
        so the 30 messages/s limit is shared by all instances; another takes over if it dies."""
        self._stop = stop
        lease = (
            AdvisoryLease(self.database, SENDER_LEASE_KEY) if self.database.dialect == "postgresql" else None
        )
        try:
            await self._loop(stop, idle_seconds, lease)
        finally:
            if lease is not None:
                await lease.release()

    async def _loop(self, stop: asyncio.Event, idle_seconds: float, lease: AdvisoryLease | None) -> None:
        while not stop.is_set():
            try:
                handled = await self.run_once() if lease is None or await lease.acquire() else 0
            except Exception:
                log.exception("outbox sender failed; retrying later")
                handled = 0
            if handled == 0:
                self._wake.clear()
                waits = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
                timeout = self._idle_timeout(idle_seconds)
                await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                for task in waits:
                    task.cancel()

    async def run_once(self) -> int:
        """Claim one batch of due rows and send them; the number of rows handled. Up to
        ``in_flight`` chats' rows are sent at once (each chat's in order), so the pace is set by
        the rate limiter rather than by one round trip and one commit after another."""
        async with self.database.unit_of_work() as session:
            # "now" once the transaction has begun: on SQLite it may have waited for a writer
            # that was queuing rows, and those must count as due
            now = self.clock.now()
            rows = await Repositories(session).outbox.claim_due(now, self.batch, self.lease)
        by_chat: dict[int, list[OutboxMessage]] = {}
        for row in rows:
            by_chat.setdefault(row.chat_id, []).append(row)
        for chat_rows in by_chat.values():  # a chat's messages in the order they were queued
            chat_rows.sort(key=lambda row: row.id)
        batch = _Batch(asyncio.Semaphore(self.in_flight))
        await asyncio.gather(*(self._send_chat(chat_rows, batch) for chat_rows in by_chat.values()))
        if batch.pause is not None:
            await self.limiter.wait(batch.pause, self._stop)
        return batch.handled

    async def _send_chat(self, rows: list[OutboxMessage], batch: _Batch) -> None:
        """One chat's rows in order; the rest released when stopping or Telegram asked to wait."""
        async with batch.slots:
            for position, row in enumerate(rows):
                if self._stop.is_set() or batch.pause is not None:
                    await self._release(rows[position:])
                    return
                outcome = await self._deliver(row)
                batch.handled += 1
                if outcome.pause is not None:
                    batch.pause = max(outcome.pause, batch.pause or 0.0)
                if outcome.pause is not None or outcome.later:  # the chat's later rows wait, in order
                    await self._release(rows[position + 1 :])
                    return

    async def _deliver(self, row: OutboxMessage) -> Outcome:
        """Send one row and settle it; the outcome says whether Telegram asked to slow down and
        whether the row was put back for a later attempt."""
        now = self.clock.now()
        if row.expires_at is not None and now > row.expires_at:
            self.stats.expired += 1
            await self._settle(row, failed_at=now, last_error="expired before it could be sent")
            return Outcome()
        try:
            data = await self.files.get(row.payload["file"]["sha256"]) if "file" in row.payload else None
        except Exception as error:
            return Outcome(later=await self._retry_later(row, error))
        if not await self._take_turn(row):
            return Outcome(later=True)
        try:
            parts = fit([effect_of(row.chat_id, row.payload, data)], self.channel)
            for part, effect in enumerate(parts):  # the row's id makes each part's key (WeCom's msgid)
                keyed = (
                    replace(effect, key=f"o{row.id}p{part}")
                    if isinstance(effect, Reply | SendFile)
                    else effect
                )
                await self.perform(keyed)
        except OutsideWindow:
            self.stats.waiting += 1
            await self._settle(row, claimed_until=None, not_before=now + WAIT_FOR_PERSON, last_error=WAITING)
            return Outcome(later=True)
        except RetryLater as wait:
            self.limiter.hold(min(wait.seconds, 30.0))
            self.stats.throttled += 1
            metrics.THROTTLED.inc()
            await self._settle(
                row,
                attempts=row.attempts + 1,
                claimed_until=None,
                not_before=now + timedelta(seconds=wait.seconds),
                last_error="429",
            )
            return Outcome(pause=min(wait.seconds, 30.0))
        except (Blocked, Undeliverable) as refused:
            self.stats.blocked += isinstance(refused, Blocked)
            self.stats.failed += isinstance(refused, Undeliverable)
            await self._settle(row, attempts=row.attempts + 1, failed_at=now, last_error=str(refused)[:500])
            return Outcome()
        except Exception as error:
            return Outcome(later=await self._retry_later(row, error))
        self.stats.sent += 1
        metrics.MESSAGES_SENT.inc()
        await self._settle(row, attempts=row.attempts + 1, sent_at=self.clock.now(), claimed_until=None)
        return Outcome()

    async def _take_turn(self, row: OutboxMessage) -> bool:
        """Wait for the rate limiter; False when the row was put back instead: its chat's own limit
        asks for longer than ``defer_after`` (a group at its twenty a minute: the row comes due
        again then, and the batch goes on without it), or the sender is stopping."""
        wait = self.limiter.chat_delay(row.chat_id)
        if wait > self.defer_after:
            await self._settle(row, claimed_until=None, not_before=self.clock.now() + timedelta(seconds=wait))
            self._look_again_in(wait)
            return False
        if await self.limiter.acquire(row.chat_id, self._stop):
            return True
        await self._settle(row, claimed_until=None)
        return False

    def _look_again_in(self, seconds: float) -> None:
        at = self.limiter.timer.monotonic() + seconds
        self._next_look = at if self._next_look is None else min(self._next_look, at)

    def _idle_timeout(self, idle_seconds: float) -> float:
        """The idle wait, shortened to when a row put back for its chat's limit comes due."""
        if self._next_look is None:
            return idle_seconds
        left = self._next_look - self.limiter.timer.monotonic()
        if left <= idle_seconds:
            self._next_look = None
        return max(0.0, min(idle_seconds, left))

    async def _retry_later(self, row: OutboxMessage, error: Exception) -> bool:
        """Put the row back for a later attempt (True), or give it up after ``max_attempts``."""
        now = self.clock.now()
        attempts = row.attempts + 1
        message = f"{type(error).__name__}: {error}"[:500]
        if attempts >= self.max_attempts:
            self.stats.failed += 1
            await self._settle(row, attempts=attempts, failed_at=now, last_error=message)
            return False
        self.stats.retried += 1
        metrics.RETRIES.inc()
        backoff = timedelta(seconds=min(2**attempts, 600))
        await self._settle(
            row, attempts=attempts, claimed_until=None, not_before=now + backoff, last_error=message
        )
        return True

    async def _settle(self, row: OutboxMessage, **values: object) -> None:
        async with self.database.unit_of_work() as session:
            await Repositories(session).outbox.settle(row.id, **values)

    async def _release(self, rows: list[OutboxMessage]) -> None:
        for row in rows:
            await self._settle(row, claimed_until=None)
