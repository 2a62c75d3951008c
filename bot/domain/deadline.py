"""Deadline arithmetic: the countdown shown in /start and /status, and whether an action was
on time.

An action counts when it was taken, not when the bot gets to process it: a message by the
time Telegram stamped it (``date``), a button press by the time the bot received it. The
deadline's last second is inclusive (a deadline of 23:59:59 accepts 23:59:59.5), and a grace
of some seconds (a campaign setting) absorbs clock skew.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Countdown:
    passed: bool
    days: int = 0
    hours: int = 0
    minutes: int = 0


def countdown(deadline: datetime, now: datetime) -> Countdown:
    """Whole days, hours and minutes left until ``deadline`` (both aware datetimes)."""
    left = deadline - now
    if left.total_seconds() < 0:
        return Countdown(passed=True)
    minutes_total = int(left.total_seconds() // 60)
    days, rest = divmod(minutes_total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    return Countdown(passed=False, days=days, hours=hours, minutes=minutes)


def last_moment(deadline: datetime, grace_seconds: int = 0) -> datetime:
    """The first instant that is too late: the end of the deadline's second, plus the grace."""
    return deadline.replace(microsecond=0) + timedelta(seconds=1 + grace_seconds)


def on_time(acted_at: datetime, deadline: datetime, grace_seconds: int = 0) -> bool:
    """Whether an action taken at ``acted_at`` meets ``deadline`` (its second inclusive)."""
    return acted_at < last_moment(deadline, grace_seconds)
