"""The 公示 period in working days, and when the list becomes final (dates from a calendar)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.rules.publicity import period_end, publicity_period, publicity_state

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("published", "days", "end"),
    [
        (date(2022, 8, 1), 5, date(2022, 8, 8)),  # Monday → the next Monday
        (date(2022, 8, 5), 5, date(2022, 8, 12)),  # Friday → the next Friday
        (date(2022, 8, 6), 1, date(2022, 8, 8)),  # published on a Saturday → Monday
        (date(2022, 8, 31), 7, date(2022, 9, 9)),
    ],
)
def test_period_counts_working_days_after_publication(published: date, days: int, end: date) -> None:
    assert period_end(published, days) == end


def test_publication_late_in_the_utc_day_is_the_next_beijing_day() -> None:
    period = publicity_period(datetime(2022, 8, 4, 17, 0, tzinfo=UTC), 5, BEIJING)  # 01:00 Friday 5th
    assert (period.start, period.end) == (date(2022, 8, 5), date(2022, 8, 12))


def test_final_only_after_the_last_day_and_never_with_an_objection() -> None:
    period = publicity_period(datetime(2022, 8, 1, 2, 0, tzinfo=UTC), 5, BEIJING)
    last_evening = datetime(2022, 8, 8, 23, 59, tzinfo=BEIJING)
    next_morning = datetime(2022, 8, 9, 0, 0, tzinfo=BEIJING)
    assert publicity_state(period, BEIJING, last_evening, 0) == "open"
    assert publicity_state(period, BEIJING, next_morning, 0) == "final"
    assert publicity_state(period, BEIJING, next_morning, 1) == "objected"
