"""The outbox sender against a recording fake of the adapter, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.engine.clock import FakeClock, FakeTimer
from bot.engine.effects import Blocked, Effect, Reply, RetryLater, SendFile
from bot.engine.outbox_payload import file_payload, message_payload
from bot.outbox.ratelimit import PACED, Limits, RateLimiter
from bot.outbox.sender import OutboxSender
from storage.db import Database
from storage.files import FileStore
from storage.models import OutboxMessage
from storage.repositories import Repositories

NOW = datetime(2022, 8, 1, 1, 0, tzinfo=UTC)
FAST = Limits(per_second=10_000, private_interval=0, group_per_minute=10_000)


class FakeTelegram:
    """Records what was sent; raises the errors queued per chat."""

    def __init__(self) -> None:
        self.sent: list[Effect] = []
        self.errors: dict[int, list[Exception]] = {}

    async def perform(self, effect: Effect) -> None:
        chat = effect.chat_id  # type: ignore[union-attr]
        if self.errors.get(chat):
            raise self.errors[chat].pop(0)
        self.sent.append(effect)


def sender(
    database: Database, fake: FakeTelegram, clock: FakeClock, tmp_path: Path, limits: Limits = FAST
) -> OutboxSender:
    limiter = RateLimiter(limits, FakeTimer())
    return OutboxSender(database, FileStore(tmp_path / "files"), fake.perform, clock, limiter)


def timer_of(out: OutboxSender) -> FakeTimer:
    assert isinstance(out.limiter.timer, FakeTimer)
    return out.limiter.timer


async def enqueue(database: Database, key: str, chat: int, text: str = "hi", **extra: object) -> bool:
    async with database.unit_of_work() as session:
        return await Repositories(session).outbox.enqueue(key, chat, message_payload(text), NOW, **extra)


async def rows(database: Database) -> dict[str, OutboxMessage]:
    async with database.unit_of_work() as session:
        return {r.key: r for r in await Repositories(session).outbox.by_key_prefix("")}


async def test_same_key_is_queued_once_and_sent_once(database: Database, tmp_path: Path) -> None:
    fake, clock = FakeTelegram(), FakeClock(NOW)
    assert await enqueue(database, "k1", 10)
    assert not await enqueue(database, "k1", 10, "other")
    out = sender(database, fake, clock, tmp_path)
    assert await out.run_once() == 1
    assert await out.run_once() == 0
    assert [e.text for e in fake.sent] == ["hi"]  # type: ignore[union-attr]
    assert (await rows(database))["k1"].sent_at == NOW


async def test_429_is_retried_after_the_wait(database: Database, tmp_path: Path) -> None:
    fake, clock = FakeTelegram(), FakeClock(NOW)
    fake.errors[10] = [RetryLater(7)]
    await enqueue(database, "k", 10)
    out = sender(database, fake, clock, tmp_path)
    batch = asyncio.create_task(out.run_once())
    await until(lambda: timer_of(out).sleeping == 1)  # the batch pauses for the 7 s asked
    await timer_of(out).advance(7)
    await batch
    row = (await rows(database))["k"]
    assert row.sent_at is None and row.not_before == NOW + timedelta(seconds=7) and row.attempts == 1
    assert await out.run_once() == 0
    clock.advance(timedelta(seconds=7))
    assert await out.run_once() == 1 and len(fake.sent) == 1


async def test_server_errors_back_off_then_give_up(database: Database, tmp_path: Path) -> None:
    fake, clock = FakeTelegram(), FakeClock(NOW)
    fake.errors[10] = [ConnectionError("502")] * 10
    await enqueue(database, "k", 10)
    out = sender(database, fake, clock, tmp_path)
    out.max_attempts = 3
    waits = []
    for _ in range(3):
        await out.run_once()
        row = (await rows(database))["k"]
        waits.append(row.not_before - clock.now())
        clock.set(row.not_before)
    row = (await rows(database))["k"]
    assert waits[:2] == [timedelta(seconds=2), timedelta(seconds=4)]
    assert row.failed_at is not None and row.attempts == 3 and "502" in (row.last_error or "")


async def test_blocked_user_is_given_up_at_once(database: Database, tmp_path: Path) -> None:
    fake, clock = FakeTelegram(), FakeClock(NOW)
    fake.errors[10] = [Blocked("Forbidden: bot was blocked by the user")]
    await enqueue(database, "k", 10)
    await enqueue(database, "k2", 11)
    out = sender(database, fake, clock, tmp_path)
    assert await out.run_once() == 2
    state = await rows(database)
    assert state["k"].failed_at == NOW and state["k"].attempts == 1 and state["k2"].sent_at == NOW
    assert out.stats.blocked == 1 and out.stats.sent == 1
    clock.advance(timedelta(days=1))
    assert await out.run_once() == 0


async def test_expired_rows_are_dropped(database: Database, tmp_path: Path) -> None:
    fake, clock = FakeTelegram(), FakeClock(NOW)
    await enqueue(database, "k", 10, expires_at=NOW + timedelta(hours=1))
    clock.advance(timedelta(hours=2))
    out = sender(database, fake, clock, tmp_path)
    await out.run_once()
    assert fake.sent == [] and (await rows(database))["k"].failed_at is not None


async def test_files_are_sent_from_the_store(database: Database, tmp_path: Path) -> None:
    fake, clock = FakeTelegram(), FakeClock(NOW)
    out = sender(database, fake, clock, tmp_path)
    stored = await out.files.put(b"%PDF-1.4 fake")
    async with database.unit_of_work() as session:
        await Repositories(session).outbox.enqueue("f", -100, file_payload(stored.sha256, "a.pdf", "c"), NOW)
    await out.run_once()
    [effect] = fake.sent
    assert isinstance(effect, SendFile) and effect.data == b"%PDF-1.4 fake" and effect.file_name == "a.pdf"


async def test_a_claimed_row_is_not_claimed_again_until_its_lease_ends(database: Database) -> None:
    await enqueue(database, "k", 10)
    async with database.unit_of_work() as session:
        first = await Repositories(session).outbox.claim_due(NOW, 10, timedelta(minutes=2))
    async with database.unit_of_work() as session:
        second = await Repositories(session).outbox.claim_due(NOW, 10, timedelta(minutes=2))
    async with database.unit_of_work() as session:
        later = await Repositories(session).outbox.claim_due(
            NOW + timedelta(minutes=3), 10, timedelta(minutes=2)
        )
    assert len(first) == 1 and second == [] and len(later) == 1


async def test_two_senders_never_send_the_same_row(database: Database, tmp_path: Path) -> None:
    """Two senders (as two instances would) drain one outbox concurrently."""
    if database.dialect != "postgresql":
        pytest.skip("several senders share one database only on PostgreSQL")
    for i in range(200):
        await enqueue(database, f"k{i}", 1000 + i, f"m{i}")
    fake, clock = FakeTelegram(), FakeClock(NOW)
    other = Database(database.url)
    first, second = sender(database, fake, clock, tmp_path), sender(other, fake, clock, tmp_path)
    first.batch = second.batch = 7
    try:
        while True:
            done = await asyncio.gather(first.run_once(), second.run_once())
            if sum(done) == 0:
                break
    finally:
        await other.close()
    texts = [e.text for e in fake.sent if isinstance(e, Reply)]
    assert sorted(texts) == sorted(f"m{i}" for i in range(200))
    assert first.stats.sent > 0 and second.stats.sent > 0


async def test_only_one_instance_holds_the_sender_lease(database: Database) -> None:
    """On PostgreSQL the sender lease is exclusive and passes on when its holder goes away."""
    if database.dialect != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's")
    from storage.lease import AdvisoryLease

    other = Database(database.url)
    first, second = AdvisoryLease(database, 4711), AdvisoryLease(other, 4711)
    try:
        assert await first.acquire() and await first.acquire()
        assert not await second.acquire()
        await first.release()
        assert await second.acquire()
    finally:
        await second.release()
        await other.close()


async def test_a_retried_message_keeps_its_chats_order(database: Database, tmp_path: Path) -> None:
    """The staff package (summary with buttons, then the files): when the first send fails for a
    moment, the rest of that chat waits for it instead of arriving first; other chats go on."""
    fake, clock = FakeTelegram(), FakeClock(NOW)
    fake.errors[10] = [ConnectionError("timed out")]
    for key in ("a-summary", "b-pdf", "c-case"):
        await enqueue(database, key, 10, key)
    await enqueue(database, "other", 20, "other")
    out = sender(database, fake, clock, tmp_path)
    await out.run_once()
    assert [e.text for e in fake.sent] == ["other"]  # type: ignore[union-attr]
    assert await out.run_once() == 0  # the chat's later rows are not due before the first
    clock.set((await rows(database))["a-summary"].not_before)
    await out.run_once()
    assert [e.text for e in fake.sent] == ["other", "a-summary", "b-pdf", "c-case"]  # type: ignore[union-attr]


async def until(condition: Callable[[], bool]) -> None:
    """Let the sender run (database work takes real time) until ``condition`` holds."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition never held")


async def test_a_group_at_its_cap_goes_back_to_the_outbox_and_the_batch_goes_on(
    database: Database, tmp_path: Path
) -> None:
    """Twenty messages a minute to a group: its 21st waits in the outbox, not in the batch, and
    the private chat queued behind it goes at once; the group's later rows keep their order."""
    fake, clock = FakeTelegram(), FakeClock(NOW)
    out = sender(database, fake, clock, tmp_path, PACED)
    for _ in range(20):
        assert await out.limiter.acquire(-100)
        await timer_of(out).advance(1)
    await enqueue(database, "g1", -100, "g1")
    await enqueue(database, "g2", -100, "g2")
    await enqueue(database, "p", 10, "p")
    batch = asyncio.create_task(out.run_once())
    await until(lambda: batch.done() or timer_of(out).sleeping > 0)
    if not batch.done():  # the private chat's turn is 1/28 s after the last message
        await timer_of(out).advance(0.1)
    await asyncio.wait_for(batch, timeout=5)
    assert [e.text for e in fake.sent] == ["p"]  # type: ignore[union-attr]
    state = await rows(database)
    assert state["g1"].not_before == NOW + timedelta(seconds=40) and state["g1"].attempts == 0
    assert state["g1"].claimed_until is None and state["g2"].sent_at is None
    clock.advance(timedelta(seconds=40))
    await timer_of(out).advance(40)
    batch = asyncio.create_task(out.run_once())
    while not batch.done():
        await timer_of(out).advance(1)
        await asyncio.sleep(0.01)
    assert [e.text for e in fake.sent] == ["p", "g1", "g2"]  # type: ignore[union-attr]


async def test_stop_ends_the_senders_wait_at_once(database: Database, tmp_path: Path) -> None:
    """Telegram asked for 30 s: a stop meanwhile ends the sender without that wait (on a timer
    that never moves), and the row in hand goes back to the outbox unsent."""
    fake, clock = FakeTelegram(), FakeClock(NOW)
    out = sender(database, fake, clock, tmp_path)
    out.limiter.hold(30)
    await enqueue(database, "k", 10)
    stop = asyncio.Event()
    running = asyncio.create_task(out.run(stop, idle_seconds=60))
    await until(lambda: timer_of(out).sleeping == 1)
    stop.set()
    await asyncio.wait_for(running, timeout=2)
    row = (await rows(database))["k"]
    assert fake.sent == [] and row.sent_at is None and row.claimed_until is None and row.attempts == 0
