"""A reminder whose time falls after the person's window closes goes out before it closes."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.rules.reminders import early_reminder

CQ = ZoneInfo("Asia/Shanghai")
DEADLINE = datetime(2022, 8, 10, 23, 59, tzinfo=CQ)
DAYS = [7, 3, 1, 0]
AT = time(9, 0)


def test_the_next_reminder_goes_early_in_the_last_two_hours_of_the_window() -> None:
    closes = datetime(2022, 8, 8, 12, 0, tzinfo=CQ)  # the person last wrote on the 6th at noon
    assert (
        early_reminder(DEADLINE, CQ, DAYS, AT, closes - timedelta(minutes=90), closes) == 1
    )  # due 9th 09:00
    assert early_reminder(DEADLINE, CQ, DAYS, AT, closes - timedelta(hours=3), closes) is None  # not yet
    assert early_reminder(DEADLINE, CQ, DAYS, AT, closes + timedelta(minutes=1), closes) is None  # too late


def test_no_early_reminder_when_the_window_outlasts_the_next_one() -> None:
    closes = datetime(2022, 8, 9, 10, 0, tzinfo=CQ)  # open past the 9th 09:00 reminder
    assert early_reminder(DEADLINE, CQ, DAYS, AT, closes - timedelta(hours=1, minutes=30), closes) is None


def test_none_after_the_last_reminder() -> None:
    closes = datetime(2022, 8, 10, 20, 0, tzinfo=CQ)  # the deadline day's 09:00 reminder has passed
    assert early_reminder(DEADLINE, CQ, DAYS, AT, closes - timedelta(hours=1), closes) is None
