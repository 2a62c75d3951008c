"""The outbox's rate limiter on a fake timer: no test here waits in real time."""

from __future__ import annotations

import asyncio
import itertools
import random

from bot.engine.clock import FakeTimer, settle
from bot.outbox.ratelimit import PACED, Limits, RateLimiter

GROUP, OTHER_GROUP, PRIVATE = -100, -200, 5


async def test_one_message_per_second_per_private_chat() -> None:
    timer = FakeTimer()
    limiter = RateLimiter(timer=timer)
    assert limiter.delay(5) == 0
    limiter.record(5)
    assert limiter.delay(5) == 1.0 and limiter.delay(6) == 0
    await timer.advance(0.4)
    assert abs(limiter.delay(5) - 0.6) < 1e-9


async def test_thirty_per_second_overall() -> None:
    timer = FakeTimer()
    limiter = RateLimiter(Limits(per_second=30), timer=timer)
    for chat in range(30):
        assert limiter.delay(chat) == 0
        limiter.record(chat)
        await timer.advance(0.01)
    assert limiter.delay(99) > 0.6
    await timer.advance(0.71)
    assert limiter.delay(99) == 0


async def test_twenty_per_minute_per_group() -> None:
    timer = FakeTimer()
    limiter = RateLimiter(Limits(per_second=1000), timer=timer)
    for _ in range(20):
        assert limiter.delay(GROUP) == 0
        limiter.record(GROUP)
        await timer.advance(1)
    assert limiter.delay(GROUP) == 40  # the first of the twenty leaves the window at t+60
    assert limiter.chat_delay(GROUP) == 40
    assert limiter.delay(OTHER_GROUP) == 0


def test_default_stays_just_under_telegrams_thirty() -> None:
    assert Limits().per_second == 29


async def test_the_outbox_spaces_its_messages_evenly_just_under_thirty() -> None:
    timer = FakeTimer()
    limiter = RateLimiter(PACED, timer=timer)
    limiter.record(1)
    assert abs(limiter.delay(2) - 1 / 28) < 1e-9  # another chat, but not in the same instant
    await timer.advance(1 / 28)
    assert limiter.delay(2) == 0
    assert 27 <= 1 / PACED.spacing < 30


async def test_after_a_429_nothing_goes_until_the_wait_is_over() -> None:
    timer = FakeTimer()
    limiter = RateLimiter(timer=timer)
    limiter.hold(3)
    assert limiter.delay(7) == 3
    await timer.advance(3)
    assert limiter.delay(7) == 0


async def group_at_its_cap(limiter: RateLimiter, timer: FakeTimer) -> None:
    for _ in range(20):
        assert await limiter.acquire(GROUP)
        await timer.advance(1)


async def test_a_group_at_its_cap_does_not_delay_a_private_chat() -> None:
    timer = FakeTimer()
    limiter = RateLimiter(PACED, timer=timer)
    await group_at_its_cap(limiter, timer)
    waiting = asyncio.create_task(limiter.acquire(GROUP))  # 40 s to wait, for that group only
    await settle()
    others = [asyncio.create_task(limiter.acquire(chat)) for chat in (PRIVATE, OTHER_GROUP)]
    await timer.advance(0.1)  # two spacings of 1/28 s
    assert all(task.done() and task.result() for task in others) and not waiting.done()
    await timer.advance(39.9)
    assert waiting.done() and waiting.result()


async def test_stop_ends_a_long_wait_at_once_and_keeps_no_booking() -> None:
    timer = FakeTimer()
    limiter = RateLimiter(PACED, timer=timer)
    await group_at_its_cap(limiter, timer)
    stop = asyncio.Event()
    waiting = asyncio.create_task(limiter.acquire(GROUP, stop))
    held = asyncio.create_task(limiter.wait(30, stop))
    await settle()
    assert timer.sleeping == 2
    stop.set()
    await settle()
    assert waiting.done() and waiting.result() is False
    assert held.done() and held.result() is False
    assert limiter.chat_delay(GROUP) == 40  # nothing was counted for the message not sent
    assert await limiter.acquire(PRIVATE, stop) is False  # once stopped, nothing more goes


async def test_a_429_delays_every_chat_and_takes_back_what_was_booked() -> None:
    timer = FakeTimer()
    limiter = RateLimiter(PACED, timer=timer)
    sent: list[float] = []

    async def send(chat: int) -> None:
        assert await limiter.acquire(chat)
        sent.append(timer.monotonic())

    first = [asyncio.create_task(send(chat)) for chat in range(10)]
    await settle()
    limiter.hold(3)
    later = [asyncio.create_task(send(chat)) for chat in range(10, 15)]
    await timer.advance(5)
    assert all(task.done() for task in first + later)
    start = 1000.0
    assert [t for t in sent if start < t < start + 3] == []  # the first went at once, the rest after
    assert len(sent) == 15


async def test_the_limits_hold_for_many_chats_at_once() -> None:
    """Private chats and groups all at once, a 429 in the middle: no second holds more than 29
    messages, no private chat gets two within a second, no group 21 within a minute, nothing goes
    during the hold, and every message goes."""
    timer = FakeTimer()
    limits = Limits()
    limiter = RateLimiter(limits, timer)
    rng = random.Random(7)
    counts = {chat: rng.randint(1, 4) for chat in range(1, 120)} | {-1: 25, -2: 25, -3: 3}
    sent: dict[int, list[float]] = {chat: [] for chat in counts}

    async def chat_sends(chat: int) -> None:
        for _ in range(counts[chat]):
            assert await limiter.acquire(chat)
            sent[chat].append(timer.monotonic())

    tasks = [asyncio.create_task(chat_sends(chat)) for chat in counts]
    await timer.advance(2)
    held_from = timer.monotonic()
    limiter.hold(3)
    while not all(task.done() for task in tasks):
        await timer.advance(0.25)
        assert timer.monotonic() < 1000 + 600
    times = sorted(t for chat_times in sent.values() for t in chat_times)
    assert len(times) == sum(counts.values())
    assert all(sum(1 for t in times[at : at + 60] if t < start + 1.0) <= 29 for at, start in enumerate(times))
    assert [t for t in times if held_from < t < held_from + 3] == []
    for chat, chat_times in sent.items():
        if chat > 0:
            assert all(b - a >= 1.0 for a, b in itertools.pairwise(chat_times))
        else:
            assert all(b - a >= 60.0 for a, b in zip(chat_times, chat_times[20:], strict=False))
