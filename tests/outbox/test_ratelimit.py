from __future__ import annotations

from bot.outbox.ratelimit import PACED, Limits, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_one_message_per_second_per_private_chat() -> None:
    clock = Clock()
    limiter = RateLimiter(now=clock)
    assert limiter.delay(5) == 0
    limiter.record(5)
    assert limiter.delay(5) == 1.0 and limiter.delay(6) == 0
    clock.t += 0.4
    assert abs(limiter.delay(5) - 0.6) < 1e-9


def test_thirty_per_second_overall() -> None:
    clock = Clock()
    limiter = RateLimiter(Limits(per_second=30), now=clock)
    for chat in range(30):
        assert limiter.delay(chat) == 0
        limiter.record(chat)
        clock.t += 0.01
    assert limiter.delay(99) > 0.6
    clock.t += 0.71
    assert limiter.delay(99) == 0


def test_twenty_per_minute_per_group() -> None:
    clock = Clock()
    limiter = RateLimiter(Limits(per_second=1000), now=clock)
    for _ in range(20):
        assert limiter.delay(-100) == 0
        limiter.record(-100)
        clock.t += 1
    assert limiter.delay(-100) == 40  # the first of the twenty leaves the window at t+60
    assert limiter.delay(-200) == 0


def test_default_stays_just_under_telegrams_thirty() -> None:
    assert Limits().per_second == 29


def test_the_outbox_spaces_its_messages_evenly_just_under_thirty() -> None:
    clock = Clock()
    limiter = RateLimiter(PACED, now=clock)
    limiter.record(1)
    assert abs(limiter.delay(2) - 1 / 28) < 1e-9  # another chat, but not in the same instant
    clock.t += 1 / 28
    assert limiter.delay(2) == 0
    assert 27 <= 1 / PACED.spacing < 30


def test_after_a_429_nothing_goes_until_the_wait_is_over() -> None:
    clock = Clock()
    limiter = RateLimiter(now=clock)
    limiter.hold(3)
    assert limiter.delay(7) == 3
    clock.t += 3
    assert limiter.delay(7) == 0
