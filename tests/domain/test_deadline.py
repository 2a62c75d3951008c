"""When an action counts as on time (DOMAIN.md; issue 16 point 2).

The notice: 企业申报截止时间为2022年8月10日, i.e. the end of that day in Beijing time
(``2022-08-10T23:59:59+08:00``); the deadline's second is inclusive.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.domain.deadline import last_moment, on_time
from bot.telegram.updates import event_from_update

BEIJING = timezone(timedelta(hours=8))
DEADLINE = datetime(2022, 8, 10, 23, 59, 59, tzinfo=BEIJING)


def at(hour: int, minute: int, second: int, micro: int = 0, day: int = 10) -> datetime:
    return datetime(2022, 8, day, hour, minute, second, micro, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("acted", "expected"),
    [
        (at(23, 59, 58), True),
        (at(23, 59, 59), True),
        (at(23, 59, 59, 500_000), True),  # 23:59:59.5 is inside the deadline's second
        (at(23, 59, 59, 999_999), True),
        (at(0, 0, 0, day=11), False),
        (at(0, 0, 1, day=11), False),
    ],
)
def test_the_deadlines_second_is_inclusive(acted: datetime, expected: bool) -> None:
    assert on_time(acted, DEADLINE) is expected


def test_grace_for_clock_skew() -> None:
    assert on_time(at(0, 1, 59, 999_999, day=11), DEADLINE, grace_seconds=120)
    assert not on_time(at(0, 2, 0, day=11), DEADLINE, grace_seconds=120)
    assert last_moment(DEADLINE, 120) == at(0, 2, 0, day=11)


def test_utc_instants_compare_by_time_not_by_offset() -> None:
    assert on_time(datetime(2022, 8, 10, 15, 59, 59, tzinfo=UTC), DEADLINE)
    assert not on_time(datetime(2022, 8, 10, 16, 0, 0, tzinfo=UTC), DEADLINE)


def update(message: dict) -> dict:  # type: ignore[type-arg]
    base = {"message_id": 5, "from": {"id": 7, "first_name": "王"}, "chat": {"id": 7, "type": "private"}}
    return {"update_id": 1, "message": {**base, **message}}


def test_a_message_carries_telegrams_send_time() -> None:
    # 2022-08-10 23:59:58 Beijing = 1660147198 Unix seconds (15:59:58 UTC).
    stamp = int(at(23, 59, 58).timestamp())
    assert stamp == 1660147198
    for content in (
        {"text": "hello"},
        {"document": {"file_id": "f", "file_name": "案例.docx"}},
        {"contact": {"phone_number": "+8613800138000"}},
    ):
        event = event_from_update(update({"date": stamp, **content}))
        assert event is not None and event.sent_at == at(23, 59, 58)


def test_a_button_press_has_no_send_time() -> None:
    press = {
        "id": "q",
        "from": {"id": 7},
        "data": "x",
        "message": {"message_id": 3, "date": 1, "chat": {"id": 7}},
    }
    event = event_from_update({"update_id": 2, "callback_query": press})
    assert event is not None and event.sent_at is None  # judged by the time it is received
